use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// The device behind the request, resolved from its client certificate.
#[derive(Clone, Debug)]
pub struct ClientIdentity {
    pub device_id: String,
}

pub async fn device_identity(mut req: Request, next: Next) -> Result<Response, StatusCode> {
    let request_id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-").to_owned();
    let subject = req.headers().get("x-ssl-client-s-dn").and_then(|v| v.to_str().ok());
    let Some(subject) = subject else {
        tracing::debug!(%request_id, "request without a device certificate");
        return Err(StatusCode::UNAUTHORIZED);
    };
    let device_id = subject
        .split(',')
        .find_map(|rdn| rdn.trim().strip_prefix("CN="))
        .ok_or(StatusCode::FORBIDDEN)?
        .to_owned();
    req.extensions_mut().insert(ClientIdentity { device_id });
    Ok(next.run(req).await)
}
