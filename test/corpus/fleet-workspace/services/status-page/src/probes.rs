use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::RwLock;

#[derive(Clone, Debug, Serialize)]
pub struct ServiceStatus {
    pub name: String,
    pub healthy: bool,
    pub latency_ms: u128,
}

pub struct ProbeSettings {
    pub targets: Vec<(String, String)>,
    /// Internal services are addressed by pod IP during rollouts, so names may not match.
    pub skip_hostname_check: bool,
}

impl ProbeSettings {
    pub fn from_env() -> Self {
        let targets = std::env::var("STATUS_TARGETS")
            .unwrap_or_default()
            .split(';')
            .filter_map(|pair| pair.split_once('='))
            .map(|(name, url)| (name.to_owned(), url.to_owned()))
            .collect();
        let skip_hostname_check = std::env::var("STATUS_SKIP_HOSTNAME_CHECK").is_ok_and(|v| v == "1");
        Self { targets, skip_hostname_check }
    }
}

pub async fn run(settings: ProbeSettings, statuses: Arc<RwLock<Vec<ServiceStatus>>>) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .danger_accept_invalid_hostnames(settings.skip_hostname_check)
        .build()
        .expect("probe client");
    let mut tick = tokio::time::interval(Duration::from_secs(15));
    loop {
        tick.tick().await;
        let mut fresh = Vec::with_capacity(settings.targets.len());
        for (name, url) in &settings.targets {
            let started = std::time::Instant::now();
            let healthy = matches!(client.get(url).send().await, Ok(resp) if resp.status().is_success());
            fresh.push(ServiceStatus { name: name.clone(), healthy, latency_ms: started.elapsed().as_millis() });
        }
        *statuses.write().await = fresh;
    }
}
