mod acquirer;
mod client_pins;

pub use acquirer::{acquirer_client_config, fraud_api_client_config};
pub use client_pins::PinnedClientVerifier;

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};

pub fn load_chain(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    Ok(CertificateDer::pem_file_iter(path)?.collect::<Result<Vec<_>, _>>()?)
}

/// Point-of-sale terminals: certificate from the terminal CA *and* on the pin list.
pub fn terminal_server_config(pki: &Path, pins: Vec<[u8; 32]>) -> anyhow::Result<Arc<ServerConfig>> {
    let mut terminal_ca = RootCertStore::empty();
    terminal_ca.add_parsable_certificates(load_chain(&pki.join("terminal-ca.pem"))?);
    let crls = CertificateRevocationListDer::pem_file_iter(pki.join("terminal-ca.crl"))?
        .collect::<Result<Vec<_>, _>>()?;
    let inner = WebPkiClientVerifier::builder(Arc::new(terminal_ca)).with_crls(crls).build()?;
    let verifier = Arc::new(PinnedClientVerifier::new(inner, pins));

    let mut config = ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_client_cert_verifier(verifier)
        .with_single_cert(
            load_chain(&pki.join("gateway.crt"))?,
            PrivateKeyDer::from_pem_file(pki.join("gateway.key"))?,
        )?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
