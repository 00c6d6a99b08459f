mod spiffe;

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};

use self::spiffe::SpiffeVerifier;

pub fn signer_server_config(svid_dir: &Path, trust_domain: &str) -> anyhow::Result<Arc<ServerConfig>> {
    let mut bundle = RootCertStore::empty();
    for ca in CertificateDer::pem_file_iter(svid_dir.join("bundle.pem"))? {
        bundle.add(ca?)?;
    }
    let crls = CertificateRevocationListDer::pem_file_iter(svid_dir.join("bundle.crl"))?
        .collect::<Result<Vec<_>, _>>()?;
    let inner = WebPkiClientVerifier::builder(Arc::new(bundle)).with_crls(crls).build()?;
    let verifier = Arc::new(SpiffeVerifier::new(inner, trust_domain));

    let chain = CertificateDer::pem_file_iter(svid_dir.join("svid.pem"))?.collect::<Result<Vec<_>, _>>()?;
    let key = PrivateKeyDer::from_pem_file(svid_dir.join("svid_key.pem"))?;
    let mut config = ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
