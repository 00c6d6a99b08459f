mod dev;
mod tls;

use std::net::SocketAddr;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use hyper::client::HttpConnector;
use hyper::server::conn::Http;
use hyper::{Body, Client, Request};
use hyper_rustls::HttpsConnector;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

type CarrierClient = Client<HttpsConnector<HttpConnector>>;

async fn book_pickup(State(carrier): State<CarrierClient>, body: String) -> StatusCode {
    let req = Request::post("https://api.carrier.example/v3/pickups")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("static request");
    match carrier.request(req).await {
        Ok(resp) if resp.status().is_success() => StatusCode::CREATED,
        Ok(resp) => StatusCode::from_u16(resp.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY),
        Err(err) => {
            tracing::warn!(%err, "carrier API unreachable");
            StatusCode::BAD_GATEWAY
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let files = tls::TlsFiles { cert: "certs/partner-gateway.crt".into(), key: "certs/partner-gateway.key".into() };
    let acceptor = TlsAcceptor::from(tls::partner_server_config(&files)?);

    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls::carrier_client_config())
        .https_only()
        .enable_http1()
        .build();
    let app = Router::new()
        .route("/v1/pickups", post(book_pickup))
        .with_state(Client::builder().build::<_, Body>(https));

    let listener = TcpListener::bind(SocketAddr::from(([0, 0, 0, 0], 8443))).await?;
    loop {
        let (tcp, peer) = listener.accept().await?;
        let (acceptor, app) = (acceptor.clone(), app.clone());
        tokio::spawn(async move {
            match acceptor.accept(tcp).await {
                Ok(tls) => {
                    if let Err(err) = Http::new().serve_connection(tls, app).await {
                        tracing::debug!(%peer, %err, "connection error");
                    }
                }
                Err(err) => tracing::debug!(%peer, %err, "handshake failed"),
            }
        });
    }
}
