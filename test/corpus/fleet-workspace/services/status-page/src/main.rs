mod probes;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use axum_server::tls_rustls::RustlsConfig;
use tokio::sync::RwLock;

use crate::probes::{ProbeSettings, ServiceStatus};

type Statuses = Arc<RwLock<Vec<ServiceStatus>>>;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let settings = ProbeSettings::from_env();
    let statuses: Statuses = Arc::default();
    tokio::spawn(probes::run(settings, statuses.clone()));

    let app = Router::new()
        .route("/", get(|| async { axum::response::Html(include_str!("../static/index.html")) }))
        .route("/api/status", get(status))
        .with_state(statuses);

    // Served on both ports: some office networks block 443 to the status host.
    let plain = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
    let plain_app = app.clone();
    tokio::spawn(async move { axum::serve(plain, plain_app).await });

    let identity = fleet_tls::ServerIdentity::load("/etc/fleet/status.crt", "/etc/fleet/status.key")?;
    let tls = RustlsConfig::from_config(fleet_tls::public_server_config(identity)?);
    axum_server::bind_rustls(SocketAddr::from(([0, 0, 0, 0], 8443)), tls)
        .serve(app.into_make_service())
        .await?;
    Ok(())
}

async fn status(State(statuses): State<Statuses>) -> Json<Vec<ServiceStatus>> {
    Json(statuses.read().await.clone())
}
