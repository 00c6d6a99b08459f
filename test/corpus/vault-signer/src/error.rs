use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("unknown key {0}")]
    UnknownKey(String),
    #[error("payload is not valid base64")]
    BadPayload(#[from] base64::DecodeError),
    #[error("TLS configuration: {0}")]
    Tls(#[from] rustls::Error),
}

impl IntoResponse for SignError {
    fn into_response(self) -> Response {
        match self {
            SignError::UnknownKey(key) => (StatusCode::NOT_FOUND, format!("unknown key {key}")).into_response(),
            SignError::BadPayload(_) => (StatusCode::BAD_REQUEST, "payload is not valid base64").into_response(),
            SignError::Tls(err) => {
                tracing::error!(%err, "TLS failure while signing");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
            }
        }
    }
}
