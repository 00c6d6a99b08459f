use std::fs::File;
use std::io::BufReader;

use anyhow::Context;
use tokio_rustls::rustls;

use crate::settings::TlsSettings;

pub fn build_tls(settings: &TlsSettings) -> anyhow::Result<rustls::ServerConfig> {
    let chain = rustls_pemfile::certs(&mut BufReader::new(File::open(&settings.cert_chain)?))
        .collect::<Result<Vec<_>, _>>()
        .context("certificate chain")?;
    let key = rustls_pemfile::private_key(&mut BufReader::new(File::open(&settings.private_key)?))?
        .context("no private key found")?;

    let builder = rustls::ServerConfig::builder();
    let mut config = builder
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tokio_rustls::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use tokio_rustls::rustls::{ClientConfig, DigitallySignedStruct, Error, SignatureScheme};

    #[derive(Debug)]
    struct NoVerify;

    impl ServerCertVerifier for NoVerify {
        fn verify_server_cert(&self, _: &CertificateDer<'_>, _: &[CertificateDer<'_>], _: &ServerName<'_>, _: &[u8], _: UnixTime) -> Result<ServerCertVerified, Error> {
            Ok(ServerCertVerified::assertion())
        }
        fn verify_tls12_signature(&self, _: &[u8], _: &CertificateDer<'_>, _: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, Error> {
            Ok(HandshakeSignatureValid::assertion())
        }
        fn verify_tls13_signature(&self, _: &[u8], _: &CertificateDer<'_>, _: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, Error> {
            Ok(HandshakeSignatureValid::assertion())
        }
        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            vec![SignatureScheme::ECDSA_NISTP256_SHA256, SignatureScheme::ED25519]
        }
    }

    #[test]
    fn test_client_accepts_self_signed_server() {
        let config = ClientConfig::builder()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoVerify))
            .with_no_client_auth();
        assert!(config.alpn_protocols.is_empty());
    }
}
