use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::{Json, Router};
use serde::Deserialize;
use tokio::sync::RwLock;

#[derive(Clone, Default)]
pub struct Hub {
    push_tokens: Arc<RwLock<HashMap<String, String>>>,
}

#[derive(Deserialize)]
pub struct Notification {
    user_id: String,
    title: String,
    body: String,
}

pub fn router() -> Router {
    Router::new()
        .route("/v1/devices/:device_id/token", put(register_token))
        .route("/v1/notify", post(notify))
        .with_state(Hub::default())
}

async fn register_token(State(hub): State<Hub>, Path(device_id): Path<String>, token: String) -> StatusCode {
    hub.push_tokens.write().await.insert(device_id, token);
    StatusCode::NO_CONTENT
}

async fn notify(State(hub): State<Hub>, Json(n): Json<Notification>) -> StatusCode {
    let tokens = hub.push_tokens.read().await;
    let Some(token) = tokens.get(&n.user_id) else {
        return StatusCode::NOT_FOUND;
    };
    tracing::info!(user = %n.user_id, title = %n.title, len = n.body.len(), token_len = token.len(), "queued push");
    StatusCode::ACCEPTED
}
