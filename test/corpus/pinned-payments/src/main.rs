mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use axum_server::tls_rustls::RustlsConfig;
use serde::{Deserialize, Serialize};

#[derive(Clone)]
struct AppState {
    acquirer: reqwest::Client,
    fraud: reqwest::Client,
}

#[derive(Debug, Serialize, Deserialize)]
struct Authorization {
    terminal_id: String,
    pan_token: String,
    amount_cents: u64,
}

fn parse_pins(var: &str) -> anyhow::Result<Vec<[u8; 32]>> {
    std::env::var(var)?
        .split(',')
        .map(|pin| Ok(hex::decode(pin.trim())?.try_into().map_err(|_| anyhow::anyhow!("pin must be 32 bytes"))?))
        .collect()
}

async fn authorize(State(state): State<AppState>, Json(auth): Json<Authorization>) -> StatusCode {
    let score = state.fraud.post("https://api.fraudscore.example/v2/score").json(&auth).send().await;
    if !matches!(score, Ok(ref resp) if resp.status().is_success()) {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    match state.acquirer.post("https://acq.example-bank.net/iso/authorize").json(&auth).send().await {
        Ok(resp) if resp.status().is_success() => StatusCode::OK,
        Ok(_) => StatusCode::PAYMENT_REQUIRED,
        Err(err) => {
            tracing::error!(error = %err, "acquirer unreachable");
            StatusCode::BAD_GATEWAY
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let pki = PathBuf::from(std::env::var("PAYMENTS_PKI").unwrap_or_else(|_| "/etc/payments/pki".into()));
    let state = AppState {
        acquirer: reqwest::Client::builder()
            .use_preconfigured_tls(tls::acquirer_client_config(&pki, parse_pins("ACQUIRER_PINS")?)?)
            .build()?,
        fraud: reqwest::Client::builder().use_preconfigured_tls(tls::fraud_api_client_config()).build()?,
    };
    let app = Router::new().route("/v1/authorize", post(authorize)).with_state(state);
    let config = tls::terminal_server_config(&pki, parse_pins("TERMINAL_PINS")?)?;
    axum_server::bind_rustls(SocketAddr::from(([0, 0, 0, 0], 9443)), RustlsConfig::from_config(config))
        .serve(app.into_make_service())
        .await?;
    Ok(())
}
