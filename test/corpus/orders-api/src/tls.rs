use std::sync::Arc;

use anyhow::Context;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};

use crate::config::Settings;

/// Builds the server side of the mTLS handshake: only callers holding a certificate issued
/// by the orders client CA get through.
pub fn mtls_server_config(settings: &Settings) -> anyhow::Result<Arc<ServerConfig>> {
    let certs = CertificateDer::pem_file_iter(&settings.server_cert)
        .context("server certificate")?
        .collect::<Result<Vec<_>, _>>()?;
    let key = PrivateKeyDer::from_pem_file(&settings.server_key).context("server key")?;

    let mut client_ca = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(&settings.client_ca).context("client CA")? {
        client_ca.add(cert?)?;
    }
    let verifier = WebPkiClientVerifier::builder(Arc::new(client_ca)).build()?;

    let mut config = ServerConfig::builder()
        .with_client_cert_verifier(verifier)
        .with_single_cert(certs, key)
        .context("server certificate and key do not match")?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
