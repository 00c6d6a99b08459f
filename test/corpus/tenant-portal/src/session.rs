use std::io;

use axum::middleware::AddExtension;
use axum::Extension;
use axum_server::accept::Accept;
use axum_server::tls_rustls::RustlsAcceptor;
use futures_util::future::BoxFuture;
use rustls::CipherSuite;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::server::TlsStream;
use tower::Layer;

/// What handlers learn about the TLS session they are served on.
#[derive(Clone, Debug)]
pub struct PeerCert {
    pub leaf: Option<Vec<u8>>,
    pub suite: &'static str,
}

#[derive(Clone)]
pub struct PeerCertAcceptor {
    inner: RustlsAcceptor,
}

impl PeerCertAcceptor {
    pub fn new(inner: RustlsAcceptor) -> Self {
        Self { inner }
    }
}

impl<I, S> Accept<I, S> for PeerCertAcceptor
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    S: Send + 'static,
{
    type Stream = TlsStream<I>;
    type Service = AddExtension<S, PeerCert>;
    type Future = BoxFuture<'static, io::Result<(Self::Stream, Self::Service)>>;

    fn accept(&self, stream: I, service: S) -> Self::Future {
        let acceptor = self.inner.clone();
        Box::pin(async move {
            let (stream, service) = acceptor.accept(stream, service).await?;
            let conn = stream.get_ref().1;
            let peer = PeerCert {
                leaf: conn.peer_certificates().and_then(|chain| chain.first()).map(|c| c.0.clone()),
                suite: conn.negotiated_cipher_suite().map(|s| suite_label(s.suite())).unwrap_or("none"),
            };
            Ok((stream, Extension(peer).layer(service)))
        })
    }
}

/// Label for the `tls_suite` metric dimension.
fn suite_label(suite: CipherSuite) -> &'static str {
    match suite {
        CipherSuite::TLS13_AES_128_GCM_SHA256 => "tls13-aes128",
        CipherSuite::TLS13_AES_256_GCM_SHA384 => "tls13-aes256",
        CipherSuite::TLS13_CHACHA20_POLY1305_SHA256 => "tls13-chacha20",
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA => "legacy-cbc",
        _ => "other",
    }
}
