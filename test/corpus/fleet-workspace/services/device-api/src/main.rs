mod middleware;
mod routes;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum_server::tls_rustls::RustlsConfig;

fn env_path(name: &str, default: &str) -> PathBuf {
    std::env::var(name).unwrap_or_else(|_| default.to_owned()).into()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();

    let identity = fleet_tls::ServerIdentity::load(
        env_path("DEVICE_API_CERT", "/etc/fleet/device-api.crt"),
        env_path("DEVICE_API_KEY", "/etc/fleet/device-api.key"),
    )?;
    let device_client_ca = env_path("DEVICE_CLIENT_CA", "/etc/fleet/device-client-ca.pem");
    let device_crl = env_path("DEVICE_CLIENT_CRL", "/etc/fleet/device-client-ca.crl");
    let config = fleet_tls::mtls_server_config(identity, &device_client_ca, &device_crl)?;

    let app = routes::router().layer(axum::middleware::from_fn(middleware::device_identity));
    let addr = SocketAddr::from(([0, 0, 0, 0], 8443));
    tracing::info!(%addr, "device-api listening");
    axum_server::bind_rustls(addr, RustlsConfig::from_config(config))
        .serve(app.into_make_service())
        .await?;
    Ok(())
}
