use std::path::Path;
use std::sync::Arc;

use rustls::server::WebPkiClientVerifier;
use rustls::version::TLS13;
use rustls::{ClientConfig, KeyLogFile, ServerConfig};

use crate::pki;

/// Writers (every service that emits audit events) authenticate with a certificate from
/// the audit client CA.
pub fn ingest_server_config(dir: &Path) -> anyhow::Result<Arc<ServerConfig>> {
    let client_ca = pki::roots(&dir.join("audit-client-ca.pem"))?;
    let verifier = WebPkiClientVerifier::builder(Arc::new(client_ca))
        .with_crls(pki::crls(&dir.join("audit-client-ca.crl"))?)
        .build()?;
    let mut config = ServerConfig::builder_with_protocol_versions(&[&TLS13])
        .with_client_cert_verifier(verifier)
        .with_single_cert(pki::certs(&dir.join("ingest.crt"))?, pki::key(&dir.join("ingest.key"))?)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    enable_key_log(&mut config);
    Ok(Arc::new(config))
}

/// Local debugging with Wireshark: `SSLKEYLOGFILE=/tmp/keys cargo run`.
#[cfg(debug_assertions)]
fn enable_key_log(config: &mut ServerConfig) {
    config.key_log = Arc::new(KeyLogFile::new());
}

#[cfg(not(debug_assertions))]
fn enable_key_log(_config: &mut ServerConfig) {}

/// Client for shipping sealed batches to the cold archive.
pub fn archive_client_config(dir: &Path) -> anyhow::Result<Arc<ClientConfig>> {
    let roots = pki::roots(&dir.join("archive-ca.pem"))?;
    let mut config = ClientConfig::builder()
        .with_root_certificates(roots)
        .with_client_auth_cert(pki::certs(&dir.join("archiver.crt"))?, pki::key(&dir.join("archiver.key"))?)?;
    if std::env::var_os("AUDIT_TLS_KEYLOG").is_some() {
        config.key_log = Arc::new(KeyLogFile::new());
    }
    Ok(Arc::new(config))
}
