use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use rustls::server::{AllowAnyAuthenticatedClient, UnparsedCertRevocationList};
use rustls::{Certificate, PrivateKey, RootCertStore, ServerConfig};

pub struct TlsPaths {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub tenant_ca: PathBuf,
    pub tenant_crl: PathBuf,
}

fn open(path: &Path) -> anyhow::Result<BufReader<File>> {
    Ok(BufReader::new(File::open(path).with_context(|| format!("open {}", path.display()))?))
}

pub fn portal_tls(paths: &TlsPaths) -> anyhow::Result<Arc<ServerConfig>> {
    let certs = rustls_pemfile::certs(&mut open(&paths.cert)?)?
        .into_iter()
        .map(Certificate)
        .collect();
    let key = rustls_pemfile::pkcs8_private_keys(&mut open(&paths.key)?)?
        .into_iter()
        .next()
        .map(PrivateKey)
        .context("no PKCS#8 key in the portal key file")?;

    let mut tenant_roots = RootCertStore::empty();
    let (added, _ignored) = tenant_roots.add_parsable_certificates(&rustls_pemfile::certs(&mut open(&paths.tenant_ca)?)?);
    anyhow::ensure!(added > 0, "tenant CA bundle is empty");
    let crls = rustls_pemfile::crls(&mut open(&paths.tenant_crl)?)?
        .into_iter()
        .map(UnparsedCertRevocationList)
        .collect::<Vec<_>>();
    let verifier = AllowAnyAuthenticatedClient::new(tenant_roots).with_crls(crls)?.boxed();

    let mut config = ServerConfig::builder()
        .with_safe_default_cipher_suites()
        .with_safe_default_kx_groups()
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_client_cert_verifier(verifier)
        .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use rustls::client::{ServerCertVerified, ServerCertVerifier};
    use rustls::{Certificate, ClientConfig, Error, RootCertStore, ServerName};

    /// The integration test talks to a portal with a throw-away self-signed certificate.
    struct AcceptAnyServerCert;

    impl ServerCertVerifier for AcceptAnyServerCert {
        fn verify_server_cert(
            &self,
            _end_entity: &Certificate,
            _intermediates: &[Certificate],
            _server_name: &ServerName,
            _scts: &mut dyn Iterator<Item = &[u8]>,
            _ocsp_response: &[u8],
            _now: SystemTime,
        ) -> Result<ServerCertVerified, Error> {
            Ok(ServerCertVerified::assertion())
        }
    }

    #[test]
    fn client_config_for_tests_builds() {
        let mut config = ClientConfig::builder()
            .with_safe_defaults()
            .with_root_certificates(RootCertStore::empty())
            .with_no_client_auth();
        config.dangerous().set_certificate_verifier(std::sync::Arc::new(AcceptAnyServerCert));
        assert!(config.alpn_protocols.is_empty());
    }
}
