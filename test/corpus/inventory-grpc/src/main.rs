mod auth;
mod service;
mod tls;

use std::net::SocketAddr;

use tonic::transport::Server;

pub mod pb {
    tonic::include_proto!("inventory.v1");
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();

    let addr: SocketAddr = std::env::var("INVENTORY_ADDR")
        .unwrap_or_else(|_| "0.0.0.0:50051".into())
        .parse()?;
    let tls = tls::server_tls_config().await?;
    let service = service::InventoryService::default();

    tracing::info!(%addr, "inventory gRPC listening (mTLS)");
    Server::builder()
        .tls_config(tls)?
        .add_service(pb::inventory_server::InventoryServer::new(service))
        .serve(addr)
        .await?;
    Ok(())
}
