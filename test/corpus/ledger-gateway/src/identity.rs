use rustls::ServerConnection;
use x509_parser::prelude::*;

/// The ledger principal behind a verified client certificate.
#[derive(Clone, Debug)]
pub struct ClientIdentity {
    pub principal: String,
    pub team: Option<String>,
}

impl ClientIdentity {
    pub fn from_connection(conn: &ServerConnection) -> Option<Self> {
        let leaf = conn.peer_certificates()?.first()?;
        let (_, cert) = X509Certificate::from_der(leaf.as_ref()).ok()?;
        tracing::info!(
            subject = %cert.subject(),
            serial = %cert.raw_serial_as_string(),
            "client certificate accepted"
        );
        let principal = cert
            .subject()
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())?
            .to_owned();
        let team = cert
            .subject()
            .iter_organizational_unit()
            .next()
            .and_then(|ou| ou.as_str().ok())
            .map(str::to_owned);
        Some(Self { principal, team })
    }
}
