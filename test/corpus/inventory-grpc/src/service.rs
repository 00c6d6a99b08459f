use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::Mutex;
use tonic::{Request, Response, Status};

use crate::auth;
use crate::pb::inventory_server::Inventory;
use crate::pb::{GetItemRequest, Item, Reservation, ReserveRequest};

#[derive(Default)]
pub struct InventoryService {
    stock: Arc<Mutex<HashMap<String, u32>>>,
}

#[tonic::async_trait]
impl Inventory for InventoryService {
    async fn get_item(&self, request: Request<GetItemRequest>) -> Result<Response<Item>, Status> {
        auth::caller(&request)?;
        let sku = request.into_inner().sku;
        let available = self.stock.lock().await.get(&sku).copied().unwrap_or(0);
        Ok(Response::new(Item { sku, available }))
    }

    async fn reserve(&self, request: Request<ReserveRequest>) -> Result<Response<Reservation>, Status> {
        let caller = auth::caller(&request)?;
        let ReserveRequest { sku, quantity } = request.into_inner();
        let mut stock = self.stock.lock().await;
        let available = stock.entry(sku.clone()).or_insert(0);
        if *available < quantity {
            return Err(Status::failed_precondition(format!("only {available} units of {sku} left")));
        }
        *available -= quantity;
        Ok(Response::new(Reservation { sku, quantity, reserved_by: caller.service_account }))
    }
}
