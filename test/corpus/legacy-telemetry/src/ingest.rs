use axum::extract::Extension;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

/// Which collector is talking to us: a certificate holder or an anonymous legacy box.
#[derive(Clone, Debug)]
pub enum Collector {
    Certified { fingerprint: String },
    Anonymous,
}

#[derive(Debug, Deserialize)]
pub struct Sample {
    metric: String,
    value: f64,
    ts: u64,
}

pub async fn ingest(Extension(collector): Extension<Collector>, Json(samples): Json<Vec<Sample>>) -> StatusCode {
    if matches!(collector, Collector::Anonymous) && samples.len() > 100 {
        return StatusCode::TOO_MANY_REQUESTS;
    }
    for sample in &samples {
        log::trace!("{} {}={} @{}", sample.ts, sample.metric, sample.value, sample.ts);
    }
    StatusCode::ACCEPTED
}
