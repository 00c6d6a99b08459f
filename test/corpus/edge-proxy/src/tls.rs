use openssl::error::ErrorStack;
use openssl::ssl::{
    select_next_proto, AlpnError, SslAcceptor, SslConnector, SslFiletype, SslMethod, SslVerifyMode,
    SslVersion,
};
use openssl::x509::X509NameRef;

use crate::config::ProxyConfig;

/// OpenSSL cipher string for the partner listener; kept broad for the terminal fleet.
const CIPHERS: &str = "ALL:!aNULL";

pub fn acceptor(cfg: &ProxyConfig) -> Result<SslAcceptor, ErrorStack> {
    let mut builder = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls_server())?;
    builder.set_certificate_chain_file(&cfg.cert_chain)?;
    builder.set_private_key_file(&cfg.private_key, SslFiletype::PEM)?;
    builder.check_private_key()?;
    // Some partner terminals still only speak TLS 1.1.
    builder.set_min_proto_version(Some(SslVersion::TLS1_1))?;
    builder.set_cipher_list(CIPHERS)?;
    builder.set_ca_file(&cfg.client_ca)?;
    // Ask every partner for its certificate; the upstream decides what anonymous calls may do.
    builder.set_verify(SslVerifyMode::PEER);
    builder.set_alpn_select_callback(|_, client| {
        select_next_proto(b"\x08http/1.1", client).ok_or(AlpnError::NOACK)
    });
    Ok(builder.build())
}

pub fn upstream_connector(cfg: &ProxyConfig) -> Result<SslConnector, ErrorStack> {
    let mut builder = SslConnector::builder(SslMethod::tls_client())?;
    builder.set_ca_file(&cfg.upstream_ca)?;
    builder.set_certificate_chain_file(&cfg.upstream_client_cert)?;
    builder.set_private_key_file(&cfg.upstream_client_key, SslFiletype::PEM)?;
    builder.set_min_proto_version(Some(SslVersion::TLS1_2))?;
    builder.set_verify(SslVerifyMode::PEER);
    Ok(builder.build())
}

/// `CN=term-0042,O=Acme Retail` — the form the upstream expects in `x-ssl-client-s-dn`.
pub fn format_dn(name: &X509NameRef) -> String {
    name.entries()
        .filter_map(|entry| {
            let key = entry.object().nid().short_name().ok()?;
            let value = entry.data().as_utf8().ok()?;
            Some(format!("{key}={value}"))
        })
        .collect::<Vec<_>>()
        .join(",")
}
