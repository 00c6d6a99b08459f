mod routes;
mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum_server::tls_rustls::RustlsConfig;
use tokio_rustls::rustls::crypto::aws_lc_rs;
use tokio_rustls::rustls::version::TLS13;
use tokio_rustls::rustls::ServerConfig as TlsConfig;

use crate::tls::DeviceCertVerifier;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let pki = PathBuf::from(std::env::var("HUB_PKI_DIR").unwrap_or_else(|_| "/etc/hub/pki".into()));

    let provider = Arc::new(aws_lc_rs::default_provider());
    let hints = tls::load_hint_subjects(&pki.join("device-ca.pem"))?;
    let verifier = Arc::new(DeviceCertVerifier::new(provider.clone(), hints));

    let mut config = TlsConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&TLS13])?
        .with_client_cert_verifier(verifier)
        .with_single_cert(tls::load_chain(&pki.join("hub.crt"))?, tls::load_key(&pki.join("hub.key"))?)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];

    let addr = SocketAddr::from(([0, 0, 0, 0], 8443));
    tracing::info!(%addr, "notification hub listening");
    axum_server::bind_rustls(addr, RustlsConfig::from_config(Arc::new(config)))
        .serve(routes::router().into_make_service())
        .await?;
    Ok(())
}
