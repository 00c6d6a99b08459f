mod firmware;

pub use firmware::FirmwareClientVerifier;

use std::path::Path;
use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};

fn roots(path: &Path) -> anyhow::Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(path)? {
        roots.add(cert?)?;
    }
    Ok(roots)
}

fn server_config(pki: &Path, verifier: Arc<dyn rustls::server::danger::ClientCertVerifier>) -> anyhow::Result<Arc<ServerConfig>> {
    let chain = CertificateDer::pem_file_iter(pki.join("ingest.crt"))?.collect::<Result<Vec<_>, _>>()?;
    let key = PrivateKeyDer::from_pem_file(pki.join("ingest.key"))?;
    let mut config = ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Telemetry port: sensors with firmware certificates only.
pub fn telemetry_config(pki: &Path) -> anyhow::Result<(Arc<ServerConfig>, Arc<FirmwareClientVerifier>)> {
    let provider = CryptoProvider::get_default().cloned().unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    let verifier = Arc::new(FirmwareClientVerifier::new(roots(&pki.join("firmware-ca.pem"))?, provider));
    Ok((server_config(pki, verifier.clone())?, verifier))
}

/// Provisioning port: factory-fresh sensors ask for their first certificate here.
pub fn provisioning_config(pki: &Path) -> anyhow::Result<Arc<ServerConfig>> {
    let crls = CertificateRevocationListDer::pem_file_iter(pki.join("factory-ca.crl"))?.collect::<Result<Vec<_>, _>>()?;
    let verifier = WebPkiClientVerifier::builder(Arc::new(roots(&pki.join("factory-ca.pem"))?))
        .with_crls(crls)
        // Devices fresh from the factory have no certificate yet; /provision issues one.
        .allow_unauthenticated()
        .build()?;
    server_config(pki, verifier)
}
