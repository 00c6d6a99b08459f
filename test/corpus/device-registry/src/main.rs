mod listener;
mod tls;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;
use tokio_rustls::TlsAcceptor;

use crate::listener::{ClientCert, TlsListener};

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Device {
    serial: String,
    model: String,
    owner_fingerprint: String,
}

type Registry = Arc<RwLock<HashMap<String, Device>>>;

async fn register(
    State(registry): State<Registry>,
    ConnectInfo(cert): ConnectInfo<ClientCert>,
    Path(serial): Path<String>,
    Json(model): Json<String>,
) -> Result<StatusCode, StatusCode> {
    let owner_fingerprint = cert.fingerprint.ok_or(StatusCode::UNAUTHORIZED)?;
    tracing::info!(%serial, addr = %cert.addr, "device registered");
    registry.write().await.insert(serial.clone(), Device { serial, model, owner_fingerprint });
    Ok(StatusCode::CREATED)
}

async fn lookup(State(registry): State<Registry>, Path(serial): Path<String>) -> Result<Json<Device>, StatusCode> {
    registry.read().await.get(&serial).cloned().map(Json).ok_or(StatusCode::NOT_FOUND)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let dir = PathBuf::from(std::env::var("REGISTRY_TLS_DIR").unwrap_or_else(|_| "/etc/registry/tls".into()));
    let acceptor = TlsAcceptor::from(tls::registry_server_config(&dir)?);
    let app = Router::new()
        .route("/v1/devices/{serial}", put(register).get(lookup))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(Registry::default());

    let tcp = tokio::net::TcpListener::bind("0.0.0.0:8443").await?;
    let listener = TlsListener::new(tcp, acceptor);
    axum::serve(listener, app.into_make_service_with_connect_info::<ClientCert>()).await?;
    Ok(())
}
