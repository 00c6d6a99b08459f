use std::sync::Arc;

use rustls::pki_types::ServerName;
use rustls::ClientConfig;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use crate::AuditEvent;

pub struct Archiver {
    connector: TlsConnector,
    addr: String,
    server_name: ServerName<'static>,
}

impl Archiver {
    pub fn new(config: Arc<ClientConfig>, addr: String, host: String) -> anyhow::Result<Self> {
        Ok(Self { connector: TlsConnector::from(config), addr, server_name: ServerName::try_from(host)? })
    }

    pub async fn ship(&self, batch: &[AuditEvent]) -> anyhow::Result<()> {
        let tcp = TcpStream::connect(&self.addr).await?;
        let mut tls = self.connector.connect(self.server_name.clone(), tcp).await?;
        for event in batch {
            let mut line = serde_json::to_vec(event)?;
            line.push(b'\n');
            tls.write_all(&line).await?;
        }
        tls.shutdown().await?;
        Ok(())
    }
}
