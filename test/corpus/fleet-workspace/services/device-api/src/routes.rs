use axum::routing::{get, put};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};

use crate::middleware::ClientIdentity;

#[derive(Debug, Deserialize)]
pub struct Heartbeat {
    firmware: String,
    uptime_secs: u64,
}

#[derive(Debug, Serialize)]
pub struct DeviceConfig {
    device_id: String,
    poll_interval_secs: u32,
}

pub fn router() -> Router {
    Router::new()
        .route("/v1/config", get(config))
        .route("/v1/heartbeat", put(heartbeat))
}

async fn config(Extension(identity): Extension<ClientIdentity>) -> Json<DeviceConfig> {
    Json(DeviceConfig { device_id: identity.device_id, poll_interval_secs: 30 })
}

async fn heartbeat(Extension(identity): Extension<ClientIdentity>, Json(beat): Json<Heartbeat>) -> &'static str {
    tracing::info!(device = %identity.device_id, firmware = %beat.firmware, uptime = beat.uptime_secs, "heartbeat");
    "ok"
}
