use std::path::PathBuf;

use serde::Deserialize;

/// `/etc/edge-proxy/proxy.toml`
#[derive(Debug, Clone, Deserialize)]
pub struct ProxyConfig {
    pub listen: String,
    pub cert_chain: PathBuf,
    pub private_key: PathBuf,
    /// CA that issues partner terminal certificates.
    pub client_ca: PathBuf,
    pub upstream_addr: String,
    pub upstream_host: String,
    pub upstream_ca: PathBuf,
    pub upstream_client_cert: PathBuf,
    pub upstream_client_key: PathBuf,
}

impl ProxyConfig {
    pub fn load() -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let path = std::env::var("EDGE_PROXY_CONFIG").unwrap_or_else(|_| "/etc/edge-proxy/proxy.toml".into());
        Ok(toml::from_str(&std::fs::read_to_string(path)?)?)
    }
}
