use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tokio_rustls::rustls::RootCertStore;

#[derive(Clone)]
pub struct AppState {
    /// Partner CA, kept for the upcoming per-partner authorization checks.
    pub partner_ca: Arc<RootCertStore>,
}

impl AppState {
    pub fn new(partner_ca: Arc<RootCertStore>) -> Self {
        Self { partner_ca }
    }
}

#[derive(Serialize)]
struct Shipment {
    tracking_id: String,
    status: &'static str,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/shipments/:tracking_id", get(shipment))
        .with_state(state)
}

async fn shipment(State(state): State<AppState>, Path(tracking_id): Path<String>) -> Result<Json<Shipment>, StatusCode> {
    if tracking_id.len() != 18 || state.partner_ca.is_empty() {
        return Err(StatusCode::NOT_FOUND);
    }
    Ok(Json(Shipment { tracking_id, status: "in_transit" }))
}
