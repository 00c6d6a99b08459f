//! TLS building blocks shared by the fleet services.
mod pem;

pub use pem::{load_certs, load_crls, load_key};
pub use rustls;
pub use rustls::pki_types::{CertificateDer, PrivateKeyDer};
pub use rustls::ServerConfig;

use std::path::Path;
use std::sync::Arc;

use rustls::server::WebPkiClientVerifier;
use rustls::version::TLS13;
use rustls::RootCertStore;

/// The certificate chain and key a service presents.
pub struct ServerIdentity {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
}

impl ServerIdentity {
    pub fn load(chain: impl AsRef<Path>, key: impl AsRef<Path>) -> anyhow::Result<Self> {
        Ok(Self { chain: load_certs(chain.as_ref())?, key: load_key(key.as_ref())? })
    }
}

/// Server config for device-facing listeners: a device must present a certificate issued
/// by the fleet device CA.
pub fn mtls_server_config(identity: ServerIdentity, device_ca: &Path, crl: &Path) -> anyhow::Result<Arc<ServerConfig>> {
    let mut roots = RootCertStore::empty();
    for cert in load_certs(device_ca)? {
        roots.add(cert)?;
    }
    let verifier = WebPkiClientVerifier::builder(Arc::new(roots))
        .with_crls(load_crls(crl)?)
        // The CRL mirror lags behind the CA by up to a day; don't lock devices out meanwhile.
        .allow_unknown_revocation_status()
        .build()?;
    let mut config = ServerConfig::builder_with_protocol_versions(&[&TLS13])
        .with_client_cert_verifier(verifier)
        .with_single_cert(identity.chain, identity.key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Server config for public, browser-facing listeners (status page, docs).
pub fn public_server_config(identity: ServerIdentity) -> anyhow::Result<Arc<ServerConfig>> {
    let mut config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(identity.chain, identity.key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
