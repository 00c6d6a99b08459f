mod ingest;
mod tls;

use std::net::SocketAddr;

use axum::routing::post;
use axum::{AddExtensionLayer, Router};
use hyper::server::conn::Http;
use rustls::Session;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::ingest::Collector;

fn fingerprint(der: &[u8]) -> String {
    // Cheap, stable identifier for dashboards; not a security boundary.
    let sum = der.iter().fold(0u64, |acc, b| acc.rotate_left(5) ^ u64::from(*b));
    format!("{:016x}", sum)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    env_logger::init();
    let files = tls::TlsFiles {
        cert: "/etc/telemetry/server.pem".into(),
        key: "/etc/telemetry/server.key".into(),
        collector_ca: "/etc/telemetry/collector-ca.pem".into(),
    };
    let acceptor = TlsAcceptor::from(tls::telemetry_tls(&files)?);
    let app = Router::new().route("/ingest", post(ingest::ingest));

    let addr = SocketAddr::from(([0, 0, 0, 0], 4318));
    let listener = TcpListener::bind(addr).await?;
    log::info!("telemetry ingest listening on {}", addr);
    loop {
        let (tcp, peer) = listener.accept().await?;
        let acceptor = acceptor.clone();
        let app = app.clone();
        tokio::spawn(async move {
            let stream = match acceptor.accept(tcp).await {
                Ok(stream) => stream,
                Err(err) => return log::debug!("handshake with {} failed: {}", peer, err),
            };
            let (_, session) = stream.get_ref();
            log::info!("collector {} presented {:?}", peer, session.get_peer_certificates());
            let collector = match session.get_peer_certificates() {
                Some(chain) if !chain.is_empty() => Collector::Certified { fingerprint: fingerprint(&chain[0].0) },
                _ => Collector::Anonymous,
            };
            let svc = tower::ServiceBuilder::new()
                .layer(AddExtensionLayer::new(collector))
                .service(app);
            if let Err(err) = Http::new().serve_connection(stream, svc).await {
                log::debug!("connection from {} closed: {}", peer, err);
            }
        });
    }
}
