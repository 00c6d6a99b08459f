use std::fs::File;
use std::io::{self, BufReader};
use std::path::PathBuf;
use std::sync::Arc;

use rustls::internal::pemfile::{certs, pkcs8_private_keys};
use rustls::{AllowAnyAnonymousOrAuthenticatedClient, RootCertStore, ServerConfig};

pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub collector_ca: PathBuf,
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

pub fn telemetry_tls(files: &TlsFiles) -> io::Result<Arc<ServerConfig>> {
    let mut collector_roots = RootCertStore::empty();
    collector_roots
        .add_pem_file(&mut BufReader::new(File::open(&files.collector_ca)?))
        .map_err(|_| invalid("collector CA bundle"))?;

    // Older collectors have no certificate yet; they are rate-limited by the ingest handler.
    let mut config = ServerConfig::new(AllowAnyAnonymousOrAuthenticatedClient::new(collector_roots));
    let chain = certs(&mut BufReader::new(File::open(&files.cert)?)).map_err(|_| invalid("server certificate"))?;
    let mut keys = pkcs8_private_keys(&mut BufReader::new(File::open(&files.key)?)).map_err(|_| invalid("server key"))?;
    if keys.is_empty() {
        return Err(invalid("no PKCS#8 key"));
    }
    config
        .set_single_cert(chain, keys.remove(0))
        .map_err(|err| invalid(&err.to_string()))?;
    config.set_protocols(&[b"http/1.1".to_vec()]);
    Ok(Arc::new(config))
}
