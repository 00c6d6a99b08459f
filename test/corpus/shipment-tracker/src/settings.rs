use std::net::SocketAddr;
use std::path::PathBuf;

pub struct TlsSettings {
    pub cert_chain: PathBuf,
    pub private_key: PathBuf,
}

pub struct Settings {
    pub listen_addr: SocketAddr,
    pub client_ca_path: PathBuf,
    pub tls: TlsSettings,
}

impl Settings {
    pub fn load() -> anyhow::Result<Self> {
        let env = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_owned());
        Ok(Self {
            listen_addr: env("TRACKER_LISTEN", "0.0.0.0:8443").parse()?,
            client_ca_path: env("TRACKER_PARTNER_CLIENT_CA", "/etc/tracker/partner-client-ca.pem").into(),
            tls: TlsSettings {
                cert_chain: env("TRACKER_TLS_CHAIN", "/etc/tracker/tls/fullchain.pem").into(),
                private_key: env("TRACKER_TLS_KEY", "/etc/tracker/tls/privkey.pem").into(),
            },
        })
    }
}
