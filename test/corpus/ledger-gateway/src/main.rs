mod handlers;
mod identity;
mod redirect;
mod tls;

use axum::{Extension, Router};
use hyper::body::Incoming;
use hyper::Request;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use crate::identity::ClientIdentity;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();

    let acceptor = TlsAcceptor::from(tls::server_config()?);
    let app: Router = handlers::router();

    tokio::spawn(redirect::serve_http_redirect("0.0.0.0:8080"));

    let listener = TcpListener::bind("0.0.0.0:8443").await?;
    tracing::info!("ledger-gateway listening on :8443");
    loop {
        let (tcp, remote) = listener.accept().await?;
        let acceptor = acceptor.clone();
        let app = app.clone();
        tokio::spawn(async move {
            let stream = match acceptor.accept(tcp).await {
                Ok(stream) => stream,
                Err(err) => {
                    tracing::debug!(%remote, %err, "TLS handshake failed");
                    return;
                }
            };
            let identity = {
                let (_, conn) = stream.get_ref();
                match ClientIdentity::from_connection(conn) {
                    Some(identity) => identity,
                    None => {
                        tracing::warn!(%remote, "client certificate without a ledger principal");
                        return;
                    }
                }
            };
            let svc = app.layer(Extension(identity));
            let hyper_svc = hyper::service::service_fn(move |req: Request<Incoming>| {
                svc.clone().oneshot(req)
            });
            if let Err(err) = Builder::new(TokioExecutor::new())
                .serve_connection_with_upgrades(TokioIo::new(stream), hyper_svc)
                .await
            {
                tracing::debug!(%remote, %err, "connection closed with error");
            }
        });
    }
}
