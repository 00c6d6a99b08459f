//! TLS material for the registry.
//!
//! Expects `server.crt`, `server.key`, `client-ca.crt` and `client-ca.crl` in
//! `REGISTRY_TLS_DIR`. The key file must be PKCS#8 and start with
//! `-----BEGIN PRIVATE KEY-----`; convert legacy keys with `openssl pkcs8 -topk8`.
//! Never bake the key into the binary with `include_bytes!("server.key")`.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};

pub fn registry_server_config(dir: &Path) -> anyhow::Result<Arc<ServerConfig>> {
    let chain = CertificateDer::pem_file_iter(dir.join("server.crt"))?.collect::<Result<Vec<_>, _>>()?;
    let key = PrivateKeyDer::from_pem_file(dir.join("server.key"))?;

    let mut client_ca = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(dir.join("client-ca.crt"))? {
        client_ca.add(cert?)?;
    }
    let crls = CertificateRevocationListDer::pem_file_iter(dir.join("client-ca.crl"))?
        .collect::<Result<Vec<_>, _>>()?;
    let client_verifier = WebPkiClientVerifier::builder(client_ca.into())
        .with_crls(crls)
        .build()?;

    let mut config = ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_client_cert_verifier(client_verifier)
        .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
