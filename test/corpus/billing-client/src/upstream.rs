use std::time::Duration;

use anyhow::Context;
use reqwest::{Certificate, Client, Identity};

use crate::config::UpstreamConfig;

/// HTTP client for the billing core: trusts only the internal root and presents our
/// client certificate.
pub fn billing_client(cfg: &UpstreamConfig) -> anyhow::Result<Client> {
    let root = std::fs::read(&cfg.root_ca_path).context("internal root CA")?;
    let identity_pem = std::fs::read(&cfg.identity_path).context("client identity bundle")?;
    let client = Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(Certificate::from_pem(&root)?)
        .identity(Identity::from_pem(&identity_pem)?)
        .min_tls_version(reqwest::tls::Version::TLS_1_2)
        .danger_accept_invalid_certs(false)
        .timeout(Duration::from_secs(10))
        .build()?;
    Ok(client)
}
