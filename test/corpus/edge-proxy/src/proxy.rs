use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::HeaderValue;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use openssl::ssl::SslConnector;
use tokio::net::TcpStream;
use tokio_openssl::SslStream;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
pub type ProxyBody = BoxBody<Bytes, hyper::Error>;

pub struct Upstream {
    pub addr: String,
    pub host: String,
    pub connector: SslConnector,
}

pub async fn forward(
    mut req: Request<Incoming>,
    client_dn: Option<String>,
    upstream: Arc<Upstream>,
) -> Result<Response<ProxyBody>, hyper::Error> {
    // Never let a partner choose its own identity: drop whatever it sent and set ours.
    req.headers_mut().remove("x-ssl-client-s-dn");
    if let Some(dn) = client_dn.as_deref().and_then(|dn| HeaderValue::from_str(dn).ok()) {
        req.headers_mut().insert("x-ssl-client-s-dn", dn);
    }
    match send_upstream(req, &upstream).await {
        Ok(resp) => Ok(resp.map(|body| body.boxed())),
        Err(err) => {
            tracing::warn!(error = %err, upstream = %upstream.addr, "upstream request failed");
            let body = Full::new(Bytes::from_static(b"bad gateway")).map_err(|never| match never {}).boxed();
            Ok(Response::builder().status(StatusCode::BAD_GATEWAY).body(body).expect("static response"))
        }
    }
}

async fn send_upstream(req: Request<Incoming>, upstream: &Upstream) -> Result<Response<Incoming>, BoxError> {
    let tcp = TcpStream::connect(&upstream.addr).await?;
    let ssl = upstream.connector.configure()?.into_ssl(&upstream.host)?;
    let mut tls = SslStream::new(ssl, tcp)?;
    Pin::new(&mut tls).connect().await?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tls)).await?;
    tokio::spawn(async move {
        if let Err(err) = conn.await {
            tracing::debug!(%err, "upstream connection closed");
        }
    });
    Ok(sender.send_request(req).await?)
}
