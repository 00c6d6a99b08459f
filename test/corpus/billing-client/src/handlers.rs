use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

#[derive(Clone)]
pub struct AppState {
    pub billing: reqwest::Client,
    pub billing_base: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Invoice {
    id: String,
    customer: String,
    total_cents: i64,
    status: String,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/invoices/:id", get(get_invoice))
        .route("/invoices/:id/pdf", get(get_invoice_pdf))
        .with_state(state)
}

async fn get_invoice(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let url = format!("{}/v1/invoices/{id}", state.billing_base);
    match state.billing.get(url).send().await {
        Ok(resp) if resp.status().is_success() => match resp.json::<Invoice>().await {
            Ok(invoice) => Json(invoice).into_response(),
            Err(err) => {
                tracing::warn!(%err, "unexpected invoice payload");
                StatusCode::BAD_GATEWAY.into_response()
            }
        },
        Ok(resp) => (resp.status(), "billing rejected the request").into_response(),
        Err(err) => (StatusCode::BAD_GATEWAY, format!("billing call failed: {err:#}")).into_response(),
    }
}

async fn get_invoice_pdf(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let url = format!("{}/v1/invoices/{id}/pdf", state.billing_base);
    let resp = match state.billing.get(url).send().await {
        Ok(resp) => resp,
        Err(err) => {
            tracing::error!(error = %err, invoice = %id, "billing PDF call failed");
            return (StatusCode::BAD_GATEWAY, "billing is unavailable").into_response();
        }
    };
    match resp.bytes().await {
        Ok(pdf) => ([("content-type", "application/pdf")], pdf).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "billing PDF body");
            (StatusCode::BAD_GATEWAY, "billing is unavailable").into_response()
        }
    }
}
