mod verify;

pub use verify::DeviceCertVerifier;

use std::path::Path;

use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{DistinguishedName, RootCertStore};

pub fn load_chain(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    Ok(CertificateDer::pem_file_iter(path)?.collect::<Result<Vec<_>, _>>()?)
}

pub fn load_key(path: &Path) -> anyhow::Result<PrivateKeyDer<'static>> {
    Ok(PrivateKeyDer::from_pem_file(path)?)
}

/// Subjects of the device CA, sent to clients as certificate-request hints.
pub fn load_hint_subjects(device_ca: &Path) -> anyhow::Result<Vec<DistinguishedName>> {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(load_chain(device_ca)?);
    Ok(roots.subjects())
}
