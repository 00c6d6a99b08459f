//! Self-signed material for `docker compose up` on a laptop.
//!
//! Production loads `certs/partner-gateway.crt` and `certs/partner-gateway.key` from the
//! secret mount instead (see `tls::TlsFiles`).

pub const DEV_SERVER_CERT: &str = "-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUPartnerGatewayDevCertxxxxxxxxxxxwCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOcGFydG5lci1nYXRld2F5MB4XDTI0MDEwMTAwMDAwMFoXDTM0
-----END CERTIFICATE-----
";

pub const DEV_SERVER_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPartnerGatewayDevK
eyxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxhRANCAAT0placeholderx
-----END PRIVATE KEY-----
";

pub fn enabled() -> bool {
    std::env::var("PARTNER_GATEWAY_DEV").map(|v| v == "1").unwrap_or(false)
}
