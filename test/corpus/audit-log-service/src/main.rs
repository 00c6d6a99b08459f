mod archive;
mod pki;
mod tls;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::Mutex;
use tokio_rustls::TlsAcceptor;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditEvent {
    actor: String,
    action: String,
    resource: String,
    at: u64,
}

#[derive(Clone)]
struct AppState {
    buffer: Arc<Mutex<Vec<AuditEvent>>>,
    archiver: Arc<archive::Archiver>,
}

async fn ingest(State(state): State<AppState>, Json(event): Json<AuditEvent>) -> StatusCode {
    let mut buffer = state.buffer.lock().await;
    buffer.push(event);
    if buffer.len() >= 500 {
        let batch = std::mem::take(&mut *buffer);
        if let Err(err) = state.archiver.ship(&batch).await {
            tracing::error!(%err, events = batch.len(), "archive shipment failed, keeping batch");
            *buffer = batch;
        }
    }
    StatusCode::ACCEPTED
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let dir = PathBuf::from(std::env::var("AUDIT_PKI_DIR").unwrap_or_else(|_| "/etc/audit/pki".into()));
    let acceptor = TlsAcceptor::from(tls::ingest_server_config(&dir)?);
    let archiver = archive::Archiver::new(
        tls::archive_client_config(&dir)?,
        std::env::var("AUDIT_ARCHIVE_ADDR").unwrap_or_else(|_| "archive.internal:7443".into()),
        "archive.internal".into(),
    )?;
    let state = AppState { buffer: Arc::default(), archiver: Arc::new(archiver) };
    let app = Router::new().route("/v1/events", post(ingest)).with_state(state);

    let listener = TcpListener::bind("0.0.0.0:6514").await?;
    loop {
        let (tcp, peer) = listener.accept().await?;
        let (acceptor, app) = (acceptor.clone(), app.clone());
        tokio::spawn(async move {
            let Ok(tls) = acceptor.accept(tcp).await else {
                return tracing::debug!(%peer, "handshake failed");
            };
            let service = TowerToHyperService::new(app);
            if let Err(err) = http1::Builder::new().serve_connection(TokioIo::new(tls), service).await {
                tracing::debug!(%peer, %err, "connection error");
            }
        });
    }
}
