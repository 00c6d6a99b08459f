mod error;
mod tls;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use axum_server::tls_rustls::RustlsConfig;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::error::SignError;

#[derive(Deserialize)]
struct SignRequest {
    payload_b64: String,
}

#[derive(Serialize)]
struct SignResponse {
    signature_b64: String,
}

type Keys = Arc<HashMap<String, Vec<u8>>>;

async fn sign(State(keys): State<Keys>, Path(key_id): Path<String>, Json(req): Json<SignRequest>) -> Result<Json<SignResponse>, SignError> {
    let key = keys.get(&key_id).ok_or_else(|| SignError::UnknownKey(key_id.clone()))?;
    let payload = STANDARD.decode(req.payload_b64)?;
    let tag: Vec<u8> = payload.iter().zip(key.iter().cycle()).map(|(p, k)| p ^ k).collect();
    Ok(Json(SignResponse { signature_b64: STANDARD.encode(tag) }))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let svid_dir = PathBuf::from(std::env::var("SPIFFE_SVID_DIR").unwrap_or_else(|_| "/run/spire/svid".into()));
    let config = tls::signer_server_config(&svid_dir, "prod.example.org")?;
    let keys: Keys = Arc::new(HashMap::from([("release".to_owned(), b"demo-key-material".to_vec())]));
    let app = Router::new().route("/v1/keys/:key_id/sign", post(sign)).with_state(keys);
    axum_server::bind_rustls(SocketAddr::from(([0, 0, 0, 0], 8200)), RustlsConfig::from_config(config))
        .serve(app.into_make_service())
        .await?;
    Ok(())
}
