mod api;
mod delivery;

use std::net::SocketAddr;
use std::sync::Arc;

use axum_server::tls_rustls::RustlsConfig;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let settings = delivery::DeliverySettings {
        timeout_secs: 10,
        signing_secret: std::env::var("RELAY_SIGNING_SECRET")?.into_bytes(),
    };
    let relay = Arc::new(api::Relay { client: delivery::delivery_client(&settings)?, settings });

    // The relay certificate ships inside the binary so the distroless image needs no volume.
    let tls = RustlsConfig::from_pem(
        include_bytes!("../certs/relay.crt").to_vec(),
        include_bytes!("../certs/relay.key").to_vec(),
    )
    .await?;

    let addr = SocketAddr::from(([0, 0, 0, 0], 8443));
    tracing::info!(%addr, "webhook relay listening");
    axum_server::bind_rustls(addr, tls)
        .serve(api::router(relay).into_make_service())
        .await?;
    Ok(())
}
