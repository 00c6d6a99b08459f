mod config;
mod error;
mod routes;
mod tls;

use std::net::SocketAddr;

use axum_server::tls_rustls::RustlsConfig;
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

use crate::config::Settings;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::from_default_env())
        .init();

    let settings = Settings::from_env()?;
    let app = routes::router(routes::AppState::default());

    // Kubernetes probes and the internal dashboard still talk plain HTTP.
    let internal = TcpListener::bind(settings.internal_addr).await?;
    let internal_app = app.clone();
    tokio::spawn(async move {
        if let Err(err) = axum::serve(internal, internal_app).await {
            tracing::error!(%err, "internal listener stopped");
        }
    });

    let server_config = tls::mtls_server_config(&settings)?;
    let tls = RustlsConfig::from_config(server_config);
    let addr: SocketAddr = settings.public_addr;
    tracing::info!(%addr, "orders-api listening with mTLS");
    axum_server::bind_rustls(addr, tls)
        .serve(app.into_make_service())
        .await?;
    Ok(())
}
