use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use anyhow::Context;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer};
use rustls::RootCertStore;

fn reader(path: &Path) -> anyhow::Result<BufReader<File>> {
    Ok(BufReader::new(File::open(path).with_context(|| format!("open {}", path.display()))?))
}

pub fn certs(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    Ok(rustls_pemfile::certs(&mut reader(path)?).collect::<Result<Vec<_>, _>>()?)
}

pub fn key(path: &Path) -> anyhow::Result<PrivateKeyDer<'static>> {
    rustls_pemfile::private_key(&mut reader(path)?)?.with_context(|| format!("no key in {}", path.display()))
}

pub fn crls(path: &Path) -> anyhow::Result<Vec<CertificateRevocationListDer<'static>>> {
    Ok(rustls_pemfile::crls(&mut reader(path)?).collect::<Result<Vec<_>, _>>()?)
}

pub fn roots(path: &Path) -> anyhow::Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    for cert in certs(path)? {
        roots.add(cert)?;
    }
    Ok(roots)
}
