use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;
use uuid::Uuid;

use crate::error::AppError;

#[derive(Clone, Default)]
pub struct AppState {
    orders: Arc<RwLock<HashMap<Uuid, Order>>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Order {
    id: Uuid,
    sku: String,
    quantity: u32,
}

#[derive(Debug, Deserialize)]
pub struct NewOrder {
    sku: String,
    quantity: u32,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/v1/orders", get(list_orders).post(create_order))
        .route("/v1/orders/:id", get(get_order))
        .with_state(state)
}

async fn list_orders(State(state): State<AppState>) -> Json<Vec<Order>> {
    Json(state.orders.read().await.values().cloned().collect())
}

async fn get_order(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<Order>, AppError> {
    state.orders.read().await.get(&id).cloned().map(Json).ok_or(AppError::NotFound)
}

async fn create_order(
    State(state): State<AppState>,
    Json(new): Json<NewOrder>,
) -> Result<(StatusCode, Json<Order>), AppError> {
    if new.quantity == 0 {
        return Err(AppError::Validation("quantity must be positive".into()));
    }
    let order = Order { id: Uuid::new_v4(), sku: new.sku, quantity: new.quantity };
    let mut orders = state.orders.write().await;
    if orders.contains_key(&order.id) {
        return Err(AppError::Conflict);
    }
    orders.insert(order.id, order.clone());
    Ok((StatusCode::CREATED, Json(order)))
}
