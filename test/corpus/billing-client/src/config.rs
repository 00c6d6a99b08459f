use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct UpstreamConfig {
    pub base_url: String,
    /// Root of the internal PKI that signs the billing core's server certificate.
    pub root_ca_path: PathBuf,
    /// PEM bundle with our client certificate chain and its PKCS#8 key.
    pub identity_path: PathBuf,
}

impl UpstreamConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        Ok(Self {
            base_url: std::env::var("BILLING_BASE_URL")
                .unwrap_or_else(|_| "https://billing-core.internal:8443".into()),
            root_ca_path: std::env::var("BILLING_ROOT_CA")
                .unwrap_or_else(|_| "/etc/invoice-facade/internal-root.pem".into())
                .into(),
            identity_path: std::env::var("BILLING_CLIENT_IDENTITY")
                .unwrap_or_else(|_| "/etc/invoice-facade/billing-client.pem".into())
                .into(),
        })
    }
}
