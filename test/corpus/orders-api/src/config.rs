use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;

#[derive(Debug, Clone)]
pub struct Settings {
    pub public_addr: SocketAddr,
    pub internal_addr: SocketAddr,
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
    pub client_ca: PathBuf,
}

impl Settings {
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_owned());
        Ok(Self {
            public_addr: var("ORDERS_PUBLIC_ADDR", "0.0.0.0:8443")
                .parse()
                .context("ORDERS_PUBLIC_ADDR")?,
            internal_addr: var("ORDERS_INTERNAL_ADDR", "0.0.0.0:8080")
                .parse()
                .context("ORDERS_INTERNAL_ADDR")?,
            server_cert: var("ORDERS_TLS_CERT", "/etc/orders/tls/server.crt").into(),
            server_key: var("ORDERS_TLS_KEY", "/etc/orders/tls/server.key").into(),
            client_ca: var("ORDERS_CLIENT_CA", "/etc/orders/tls/client-ca.crt").into(),
        })
    }
}
