use std::sync::Arc;

use anyhow::Context;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};

const TLS_DIR: &str = "/run/secrets/ledger-tls";

pub fn server_config() -> anyhow::Result<Arc<ServerConfig>> {
    let dir = std::env::var("LEDGER_TLS_DIR").unwrap_or_else(|_| TLS_DIR.to_owned());
    let certs = CertificateDer::pem_file_iter(format!("{dir}/server.crt"))?
        .collect::<Result<Vec<_>, _>>()
        .context("server chain")?;
    let key = PrivateKeyDer::from_pem_file(format!("{dir}/server.key")).context("server key")?;

    let mut client_roots = RootCertStore::empty();
    client_roots.add_parsable_certificates(
        CertificateDer::pem_file_iter(format!("{dir}/client-ca.crt"))?.filter_map(Result::ok),
    );
    let crls = CertificateRevocationListDer::pem_file_iter(format!("{dir}/client-ca.crl"))?
        .collect::<Result<Vec<_>, _>>()?;
    let verifier = WebPkiClientVerifier::builder(Arc::new(client_roots))
        .with_crls(crls)
        .build()?;

    let mut config = ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_client_cert_verifier(verifier)
        .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    // Ledger reads are idempotent; let returning clients skip a round trip.
    config.max_early_data_size = 16 * 1024;
    Ok(Arc::new(config))
}
