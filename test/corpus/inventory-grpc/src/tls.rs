use tonic::transport::{Certificate, Identity, ServerTlsConfig};

/// Client CA used by `docker compose up` when no PKI is mounted. It is a public
/// certificate, not a secret: the matching key never leaves the dev CA laptop.
const DEV_CLIENT_CA_PEM: &str = "-----BEGIN CERTIFICATE-----
MIIBrjCCAVOgAwIBAgIUInventoryDevClientCAxxxxxxxxxxwCgYIKoZIzj0EAwIw
FjEUMBIGA1UEAwwLaW52LWRldi1jYTAeFw0yNDAxMDEwMDAwMDBaFw0zNDAxMDEw
MDAwMDBaMBYxFDASBgNVBAMMC2ludi1kZXYtY2EwWTATBgcqhkjOPQIBBggqhkjO
-----END CERTIFICATE-----
";

pub async fn server_tls_config() -> anyhow::Result<ServerTlsConfig> {
    let dir = std::env::var("INVENTORY_TLS_DIR").unwrap_or_else(|_| "/etc/inventory/pki".into());
    let cert = tokio::fs::read(format!("{dir}/server.pem")).await?;
    let key = tokio::fs::read(format!("{dir}/server.key")).await?;
    let client_ca = match tokio::fs::read(format!("{dir}/client-ca.pem")).await {
        Ok(pem) => pem,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            tracing::warn!("no client CA mounted, using the development client CA");
            DEV_CLIENT_CA_PEM.as_bytes().to_vec()
        }
        Err(err) => return Err(err.into()),
    };
    Ok(ServerTlsConfig::new()
        .identity(Identity::from_pem(cert, key))
        .client_ca_root(Certificate::from_pem(client_ca)))
}
