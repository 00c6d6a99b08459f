use tonic::{Request, Status};
use x509_parser::prelude::*;

/// The service account named in the caller's client certificate (CN).
#[derive(Clone, Debug)]
pub struct Caller {
    pub service_account: String,
}

pub fn caller<T>(request: &Request<T>) -> Result<Caller, Status> {
    let certs = request
        .peer_certs()
        .ok_or_else(|| Status::unauthenticated("client certificate required"))?;
    let leaf = certs
        .first()
        .ok_or_else(|| Status::unauthenticated("client certificate required"))?;
    let (_, cert) = X509Certificate::from_der(leaf.as_ref())
        .map_err(|_| Status::unauthenticated("unreadable client certificate"))?;
    let service_account = cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .ok_or_else(|| Status::permission_denied("certificate has no common name"))?
        .to_owned();
    tracing::debug!(%service_account, remote = ?request.remote_addr(), "authenticated caller");
    Ok(Caller { service_account })
}
