//! Internal invoice facade. It runs inside the mesh (the sidecar terminates TLS for inbound
//! traffic) and calls the billing core over mTLS with its own client certificate.
mod config;
mod handlers;
mod upstream;

use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();

    let cfg = config::UpstreamConfig::from_env()?;
    let state = handlers::AppState {
        billing: upstream::billing_client(&cfg)?,
        billing_base: cfg.base_url.clone(),
    };
    let app = handlers::router(state);

    let listener = TcpListener::bind("127.0.0.1:3000").await?;
    tracing::info!("invoice facade listening on 127.0.0.1:3000 (sidecar ingress)");
    axum::serve(listener, app).await?;
    Ok(())
}
