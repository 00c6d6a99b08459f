mod config;
mod proxy;
mod tls;

use std::pin::Pin;
use std::sync::Arc;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use openssl::ssl::Ssl;
use tokio::net::TcpListener;
use tokio_openssl::SslStream;

use crate::proxy::Upstream;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    tracing_subscriber::fmt::init();
    let cfg = config::ProxyConfig::load()?;
    let acceptor = Arc::new(tls::acceptor(&cfg)?);
    let upstream = Arc::new(Upstream {
        addr: cfg.upstream_addr.clone(),
        host: cfg.upstream_host.clone(),
        connector: tls::upstream_connector(&cfg)?,
    });

    let listener = TcpListener::bind(&cfg.listen).await?;
    tracing::info!(listen = %cfg.listen, "edge proxy ready");
    loop {
        let (tcp, peer) = listener.accept().await?;
        let acceptor = acceptor.clone();
        let upstream = upstream.clone();
        tokio::spawn(async move {
            let ssl = match Ssl::new(acceptor.context()) {
                Ok(ssl) => ssl,
                Err(err) => return tracing::error!(%err, "cannot create SSL session"),
            };
            let mut stream = match SslStream::new(ssl, tcp) {
                Ok(stream) => stream,
                Err(err) => return tracing::error!(%err, "cannot wrap stream"),
            };
            if let Err(err) = Pin::new(&mut stream).accept().await {
                return tracing::debug!(%peer, %err, "handshake failed");
            }
            let client_dn = stream
                .ssl()
                .peer_certificate()
                .map(|cert| tls::format_dn(cert.subject_name()));
            tracing::info!(%peer, authenticated = client_dn.is_some(), "partner connected");
            let svc = service_fn(move |req| proxy::forward(req, client_dn.clone(), upstream.clone()));
            if let Err(err) = http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await {
                tracing::debug!(%peer, %err, "connection error");
            }
        });
    }
}
