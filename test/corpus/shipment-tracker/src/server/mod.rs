pub mod tls;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// Owns the TLS configuration for the lifetime of the process.
pub struct TlsServer {
    config: Arc<ServerConfig>,
}

impl TlsServer {
    pub fn new(config: ServerConfig) -> Self {
        Self { config: Arc::new(config) }
    }

    pub async fn run(self, addr: SocketAddr, app: Router) -> anyhow::Result<()> {
        let acceptor = TlsAcceptor::from(self.config.clone());
        let listener = TcpListener::bind(addr).await?;
        tracing::info!(%addr, "shipment tracker listening");
        loop {
            let (tcp, peer) = listener.accept().await?;
            let (acceptor, app) = (acceptor.clone(), app.clone());
            tokio::spawn(async move {
                match acceptor.accept(tcp).await {
                    Ok(tls) => {
                        let svc = TowerToHyperService::new(app);
                        if let Err(err) = http1::Builder::new().serve_connection(TokioIo::new(tls), svc).await {
                            tracing::debug!(%peer, %err, "connection error");
                        }
                    }
                    Err(err) => tracing::debug!(%peer, %err, "handshake failed"),
                }
            });
        }
    }
}
