use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    Validation(String),
    Conflict,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "order not found".to_owned()),
            AppError::Validation(reason) => (StatusCode::UNPROCESSABLE_ENTITY, reason),
            AppError::Conflict => (StatusCode::CONFLICT, "order already exists".to_owned()),
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}
