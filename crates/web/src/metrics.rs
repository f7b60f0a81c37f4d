//! `/metrics` in Prometheus' text format: request counts and latencies by route (recorded here),
//! delivery attempts, failures and lag per subscriber (recorded by the delivery worker), and, read
//! at each scrape, the delivery queue's depth and dead letters, the e-mail queue and the
//! database pool.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

/// One recorder per process (the `metrics` facade is global); every server of the process
/// renders it.
fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];
            let recorder = PrometheusBuilder::new().set_buckets(&buckets).map(|b| b.install_recorder());
            match recorder {
                Ok(Ok(handle)) => Some(handle),
                Ok(Err(e)) => {
                    tracing::warn!(%e, "metrics recorder not installed");
                    None
                }
                Err(e) => {
                    tracing::warn!(%e, "metrics buckets refused");
                    None
                }
            }
        })
        .as_ref()
}

/// Installs the recorder (at start-up, so the first requests are counted too).
pub fn install() {
    let _ = handle();
}

/// Counts every request by method, route template (never the raw path: ids would make a series
/// per partner) and status, with its duration.
pub async fn track(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let route =
        req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("pms_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("pms_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

pub async fn render(State(state): State<AppState>) -> Response {
    let Some(handle) = handle() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "metrics are not available").into_response();
    };
    let services = &state.services;
    match services.queue_stats().await {
        Ok(stats) => {
            for k in &stats.kinds {
                metrics::gauge!("pms_delivery_queue_depth", "kind" => k.kind).set(k.pending as f64);
                metrics::gauge!("pms_delivery_dead_letters", "kind" => k.kind).set(k.dead as f64);
            }
            metrics::gauge!("pms_email_queue_depth").set(stats.pending_of("email") as f64);
            let lag = stats
                .oldest_pending_at
                .map(|t| (services.now() - t).num_milliseconds().max(0) as f64 / 1000.0)
                .unwrap_or(0.0);
            metrics::gauge!("pms_delivery_oldest_due_seconds").set(lag);
            metrics::gauge!("pms_database_up").set(1.0);
        }
        Err(e) => {
            tracing::warn!(%e, "queue statistics unavailable");
            metrics::gauge!("pms_database_up").set(0.0);
        }
    }
    let (size, idle) = services.pool_usage();
    metrics::gauge!("pms_db_pool_connections").set(f64::from(size));
    metrics::gauge!("pms_db_pool_idle_connections").set(idle as f64);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render()).into_response()
}
