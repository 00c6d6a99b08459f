mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use axum_server::tls_rustls::RustlsConfig;
use bytes::Bytes;
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::server::danger::ClientCertVerifier;

use crate::tls::FirmwareClientVerifier;

#[derive(Clone)]
struct Provisioning {
    firmware: Arc<FirmwareClientVerifier>,
}

/// Lets the factory line check a freshly flashed certificate before shipping the sensor.
async fn check_attestation(State(state): State<Provisioning>, body: Bytes) -> Result<StatusCode, (StatusCode, String)> {
    let cert = CertificateDer::from(body.to_vec());
    state
        .firmware
        .verify_client_cert(&cert, &[], UnixTime::now())
        .map_err(|err| (StatusCode::FORBIDDEN, format!("attestation rejected: {err}")))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn telemetry(body: Bytes) -> StatusCode {
    tracing::debug!(bytes = body.len(), "telemetry frame");
    StatusCode::ACCEPTED
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let pki = PathBuf::from(std::env::var("INGEST_PKI").unwrap_or_else(|_| "/etc/ingest/pki".into()));
    let (telemetry_tls, firmware) = tls::telemetry_config(&pki)?;
    let provisioning_tls = tls::provisioning_config(&pki)?;

    let provisioning_app = Router::new()
        .route("/v1/attestation/check", post(check_attestation))
        .with_state(Provisioning { firmware });
    let provisioning = axum_server::bind_rustls(
        SocketAddr::from(([0, 0, 0, 0], 9443)),
        RustlsConfig::from_config(provisioning_tls),
    )
    .serve(provisioning_app.into_make_service());
    tokio::spawn(provisioning);

    let app = Router::new().route("/v1/telemetry", post(telemetry));
    axum_server::bind_rustls(SocketAddr::from(([0, 0, 0, 0], 8883)), RustlsConfig::from_config(telemetry_tls))
        .serve(app.into_make_service())
        .await?;
    Ok(())
}
