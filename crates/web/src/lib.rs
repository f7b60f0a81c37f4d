//! HTTP layer of PMS: the MOSIP REST API, the portal and the API documentation, on one axum router.

pub mod api;
pub mod docs;
mod docs_errors;
pub mod edge;
mod metrics;
pub mod portal;

use axum::extract::connect_info::ConnectInfo;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use pms_service::Services;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

#[derive(Clone)]
pub struct AppState {
    pub services: Arc<Services>,
    /// `/openapi.json`, with the examples the reference shows.
    pub openapi: Arc<serde_json::Value>,
}

/// The whole application: API, portal, documentation and health checks.
pub fn app(services: Arc<Services>) -> Router {
    metrics::install();
    let (api, openapi) = api::router().split_for_parts();
    let openapi = docs::with_system_paths(openapi);
    let max_body = services.config.max_body_bytes;
    let state = AppState { services, openapi: Arc::new(openapi) };
    let request_id = HeaderName::from_static(api::extract::REQUEST_ID);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::render))
        .merge(docs::routes())
        .merge(
            portal::routes()
                .layer(axum::middleware::from_fn_with_state(state.clone(), portal::session::ensure_csrf_cookie)),
        )
        .merge(api)
        .fallback(not_found)
        .route_layer(from_fn(metrics::track))
        .with_state(state.clone())
        // Layers run outside in: the last added sees a request first.
        .layer(from_fn_with_state(state.clone(), edge::require_auth))
        .layer(from_fn(edge::json_method_not_allowed))
        .layer(from_fn(edge::check_uri))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            tracing::info_span!("request", method = %req.method(), path = %edge::loggable_path(req.uri().path()))
        }))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .layer(from_fn(edge::check_request_id))
        .layer(from_fn_with_state(state.clone(), edge::response_headers))
        .layer(from_fn_with_state(state, edge::with_clock))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(edge::CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(edge::PERMISSIONS_POLICY),
        ))
}

async fn healthz() -> &'static str {
    "ok"
}

/// Ready when the database answers.
async fn readyz(State(state): State<AppState>) -> Response {
    // A probe gives up sooner than the pool would wait for a connection.
    match tokio::time::timeout(std::time::Duration::from_secs(2), state.services.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        Ok(Err(e)) => {
            tracing::warn!(%e, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
        Err(_) => {
            tracing::warn!("database did not answer within two seconds");
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

/// When a connection last had a request in flight.
#[derive(Clone)]
struct Activity(Arc<Mutex<(usize, Instant)>>);

/// Marks a request in flight until dropped.
struct InFlight(Activity);

impl Activity {
    fn new() -> Activity {
        Activity(Arc::new(Mutex::new((0, Instant::now()))))
    }

    fn begin(&self) -> InFlight {
        if let Ok(mut a) = self.0.lock() {
            a.0 += 1;
        }
        InFlight(self.clone())
    }

    /// How much longer the connection may stay idle (`None` while a request is in flight).
    fn idle_left(&self, limit: Duration) -> Option<Duration> {
        let a = self.0.lock().ok()?;
        (a.0 == 0).then(|| limit.saturating_sub(a.1.elapsed()))
    }

    /// Resolves once no request has been in flight for `limit`.
    async fn idle_for(&self, limit: Duration) {
        loop {
            match self.idle_left(limit) {
                Some(left) if left.is_zero() => return,
                Some(left) => tokio::time::sleep(left).await,
                None => tokio::time::sleep(limit).await,
            }
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Ok(mut a) = (self.0).0.lock() {
            a.0 = a.0.saturating_sub(1);
            a.1 = Instant::now();
        }
    }
}

/// Errors of one connection attempt, not of the listener.
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(e.kind(), ConnectionRefused | ConnectionAborted | ConnectionReset)
}

/// Serves HTTP/1 and HTTP/2 until `shutdown` resolves, then finishes in-flight requests.
///
/// Unlike `axum::serve`, connections are bounded in time: a client has
/// `header_read_timeout_seconds` to send a request's headers (an HTTP/1 connection waiting for
/// its next request is bound by that too), and a connection with no request in flight for
/// `idle_timeout_seconds` is closed.
pub async fn serve(
    listener: TcpListener,
    services: Arc<Services>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let header_timeout = Duration::from_secs(services.config.header_read_timeout_seconds.max(1));
    let idle_timeout = Duration::from_secs(services.config.idle_timeout_seconds.max(1));
    let app = app(services);
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(header_timeout);
    builder.http2().timer(TokioTimer::new());
    let (stop, stopping) = tokio::sync::watch::channel(());
    tokio::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    // Out of file descriptors and the like: wait for some to be released.
                    tracing::error!(%e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (app, builder, mut stopping) = (app.clone(), builder.clone(), stopping.clone());
        tokio::spawn(async move {
            let activity = Activity::new();
            let requests = activity.clone();
            let service = hyper::service::service_fn(move |mut req: axum::http::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(remote));
                let in_flight = requests.begin();
                let call = tower::ServiceExt::oneshot(app.clone(), req);
                async move {
                    let response = call.await;
                    drop(in_flight);
                    response
                }
            });
            let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
            tokio::pin!(conn);
            let mut closing = false;
            loop {
                tokio::select! {
                    result = conn.as_mut() => {
                        if let Err(e) = result {
                            tracing::debug!(%e, %remote, "connection ended with an error");
                        }
                        break;
                    }
                    _ = stopping.changed(), if !closing => {
                        closing = true;
                        conn.as_mut().graceful_shutdown();
                    }
                    () = activity.idle_for(idle_timeout), if !closing => {
                        closing = true;
                        conn.as_mut().graceful_shutdown();
                    }
                }
            }
            drop(stopping);
        });
    }
    drop(listener);
    drop(stopping);
    // Every connection holds a receiver; they finish their requests, then hang up.
    let _ = stop.send(());
    stop.closed().await;
    Ok(())
}
