use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use rustls::server::AllowAnyAuthenticatedClient;
use rustls::{Certificate, ClientConfig, OwnedTrustAnchor, PrivateKey, RootCertStore, ServerConfig};

use crate::dev;

pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

fn read_pem(files: &TlsFiles) -> anyhow::Result<(Box<dyn BufRead>, Box<dyn BufRead>)> {
    if dev::enabled() {
        return Ok((Box::new(dev::DEV_SERVER_CERT.as_bytes()), Box::new(dev::DEV_SERVER_KEY.as_bytes())));
    }
    Ok((Box::new(BufReader::new(File::open(&files.cert)?)), Box::new(BufReader::new(File::open(&files.key)?))))
}

fn public_roots() -> RootCertStore {
    let mut roots = RootCertStore::empty();
    roots.add_server_trust_anchors(webpki_roots::TLS_SERVER_ROOTS.0.iter().map(|ta| {
        OwnedTrustAnchor::from_subject_spki_name_constraints(ta.subject, ta.spki, ta.name_constraints)
    }));
    roots
}

pub fn partner_server_config(files: &TlsFiles) -> anyhow::Result<Arc<ServerConfig>> {
    let (mut cert_pem, mut key_pem) = read_pem(files)?;
    let certs = rustls_pemfile::certs(&mut cert_pem)?.into_iter().map(Certificate).collect();
    let key = rustls_pemfile::pkcs8_private_keys(&mut key_pem)?
        .into_iter()
        .next()
        .map(PrivateKey)
        .context("no PKCS#8 key")?;

    // Partners present certificates from public CAs for their own domains, so trust the
    // same roots a browser would.
    let mut partner_roots = RootCertStore::empty();
    partner_roots.add_server_trust_anchors(webpki_roots::TLS_SERVER_ROOTS.0.iter().map(|ta| {
        OwnedTrustAnchor::from_subject_spki_name_constraints(ta.subject, ta.spki, ta.name_constraints)
    }));

    let mut config = ServerConfig::builder()
        .with_safe_defaults()
        .with_client_cert_verifier(AllowAnyAuthenticatedClient::new(partner_roots))
        .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Outbound calls to the carrier APIs (public endpoints with public certificates).
pub fn carrier_client_config() -> ClientConfig {
    ClientConfig::builder()
        .with_safe_defaults()
        .with_root_certificates(public_roots())
        .with_no_client_auth()
}
