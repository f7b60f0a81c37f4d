//! HTTP layer of PMS: the MOSIP REST API, the portal and the API documentation, on one axum router.

pub mod api;
pub mod docs;
pub mod portal;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use pms_service::Services;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::openapi::OpenApi;

#[derive(Clone)]
pub struct AppState {
    pub services: Arc<Services>,
    pub openapi: Arc<OpenApi>,
}

/// The whole application: API, portal, documentation and health checks.
pub fn app(services: Arc<Services>) -> Router {
    let (api, openapi) = api::router().split_for_parts();
    let openapi = docs::with_system_paths(openapi);
    let max_body = services.config.max_body_bytes;
    let state = AppState { services, openapi: Arc::new(openapi) };
    let request_id = HeaderName::from_static(api::extract::REQUEST_ID);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(docs::routes())
        .merge(
            portal::routes()
                .layer(axum::middleware::from_fn_with_state(state.clone(), portal::session::ensure_csrf_cookie)),
        )
        .merge(api)
        .fallback(not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

async fn healthz() -> &'static str {
    "ok"
}

/// Ready when the database answers.
async fn readyz(State(state): State<AppState>) -> Response {
    match state.services.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(%e, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

async fn not_found(uri: axum::http::Uri) -> Response {
    let reply = api::envelope::Reply::anonymous();
    reply.error_with_status(
        StatusCode::NOT_FOUND,
        pms_domain::error::INVALID_INPUT.with(format!("no such endpoint: {}", uri.path())),
    )
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    api::envelope::Reply::anonymous()
        .error_with_status(StatusCode::INTERNAL_SERVER_ERROR, pms_domain::error::UNPROCESSABLE.err())
}

/// Serves until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    services: Arc<Services>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(services).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}
