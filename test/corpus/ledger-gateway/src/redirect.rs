use axum::extract::Host;
use axum::http::Uri;
use axum::response::Redirect;
use axum::Router;

/// Plain HTTP on :8080 exists only to send browsers and curl users to the TLS port.
pub async fn serve_http_redirect(addr: &'static str) {
    let redirect = Router::new().fallback(|Host(host): Host, uri: Uri| async move {
        let host = host.split(':').next().unwrap_or_default().to_owned();
        let path = uri.path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
        Redirect::permanent(&format!("https://{host}:8443{path}"))
    });
    match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => {
            if let Err(err) = axum::serve(listener, redirect).await {
                tracing::error!(%err, "redirect listener stopped");
            }
        }
        Err(err) => tracing::error!(%err, addr, "cannot bind redirect listener"),
    }
}
