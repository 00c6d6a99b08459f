use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;

use crate::delivery;

pub struct Relay {
    pub client: reqwest::Client,
    pub settings: delivery::DeliverySettings,
}

#[derive(Deserialize)]
pub struct Event {
    endpoint: String,
    payload: serde_json::Value,
}

pub fn router(relay: Arc<Relay>) -> Router {
    Router::new().route("/v1/events", post(enqueue)).with_state(relay)
}

async fn enqueue(State(relay): State<Arc<Relay>>, Json(event): Json<Event>) -> StatusCode {
    let body = match serde_json::to_vec(&event.payload) {
        Ok(body) => body,
        Err(_) => return StatusCode::UNPROCESSABLE_ENTITY,
    };
    tokio::spawn(async move {
        match delivery::deliver(&relay.client, &relay.settings.signing_secret, &event.endpoint, body).await {
            Ok(status) => tracing::info!(endpoint = %event.endpoint, status, "delivered"),
            Err(err) => tracing::warn!(endpoint = %event.endpoint, %err, "delivery failed"),
        }
    });
    StatusCode::ACCEPTED
}
