use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};

use crate::identity::ClientIdentity;

#[derive(Debug, Deserialize)]
pub struct Entry {
    account: String,
    amount_cents: i64,
    memo: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Receipt {
    account: String,
    posted_by: String,
}

pub fn router() -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/v1/whoami", get(whoami))
        .route("/v1/entries", post(post_entry))
}

async fn whoami(Extension(identity): Extension<ClientIdentity>) -> String {
    match identity.team {
        Some(team) => format!("{} ({team})", identity.principal),
        None => identity.principal,
    }
}

async fn post_entry(
    Extension(identity): Extension<ClientIdentity>,
    Json(entry): Json<Entry>,
) -> Result<Json<Receipt>, StatusCode> {
    if entry.amount_cents == 0 {
        return Err(StatusCode::UNPROCESSABLE_ENTITY);
    }
    tracing::info!(principal = %identity.principal, account = %entry.account, memo = ?entry.memo, "posting entry");
    Ok(Json(Receipt { account: entry.account, posted_by: identity.principal }))
}
