mod session;
mod tls;

use std::net::SocketAddr;

use axum::routing::get;
use axum::{Extension, Router};
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};

use crate::session::{PeerCert, PeerCertAcceptor};

async fn whoami(Extension(peer): Extension<PeerCert>) -> String {
    match peer.leaf {
        Some(leaf) => format!("tenant certificate of {} bytes over {}", leaf.len(), peer.suite),
        None => "no tenant certificate".to_owned(),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let paths = tls::TlsPaths {
        cert: "/etc/portal/tls/portal.crt".into(),
        key: "/etc/portal/tls/portal.key".into(),
        tenant_ca: "/etc/portal/tls/tenant-ca.pem".into(),
        tenant_crl: "/etc/portal/tls/tenant-ca.crl".into(),
    };
    let config = RustlsConfig::from_config(tls::portal_tls(&paths)?);
    let app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/whoami", get(whoami));

    let addr = SocketAddr::from(([0, 0, 0, 0], 443));
    tracing::info!(%addr, "tenant portal listening");
    axum_server::bind(addr)
        .acceptor(PeerCertAcceptor::new(RustlsAcceptor::new(config)))
        .serve(app.into_make_service())
        .await?;
    Ok(())
}
