mod routes;
mod server;
mod settings;

use std::fs::File;
use std::io::BufReader;
use std::sync::Arc;

use tokio_rustls::rustls::RootCertStore;

use crate::server::{tls, TlsServer};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let settings = settings::Settings::load()?;

    // Partners authenticate with certificates issued by our partner CA.
    let mut client_ca = RootCertStore::empty();
    for cert in rustls_pemfile::certs(&mut BufReader::new(File::open(&settings.client_ca_path)?)) {
        client_ca.add(cert?)?;
    }
    tracing::info!(roots = client_ca.len(), "loaded partner client CA");

    let server = TlsServer::new(tls::build_tls(&settings.tls)?);
    let app = routes::router(routes::AppState::new(Arc::new(client_ca)));
    server.run(settings.listen_addr, app).await
}
