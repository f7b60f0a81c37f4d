//! MOSIP request and response envelopes, in both generations: legacy (`requesttime`,
//! `responsetime`) and revamp V2 (`requestTime`, `responseTime`).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use pms_domain::PmsError;
use pms_service::ServiceError;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

pub fn now_utc() -> String {
    pms_service::events::utc(crate::edge::now())
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorItem {
    /// MOSIP's error code; each operation documents the codes it answers.
    pub error_code: String,
    pub message: String,
}

impl From<PmsError> for ErrorItem {
    fn from(e: PmsError) -> Self {
        ErrorItem { error_code: e.code.to_string(), message: e.message }
    }
}

/// Legacy request envelope.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct RequestWrapper<T> {
    #[schema(example = "mosip.pms.request")]
    pub id: Option<String>,
    #[schema(example = "1.0")]
    pub version: Option<String>,
    #[schema(example = "2026-11-29T10:00:00.000Z")]
    pub requesttime: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<Value>,
    pub request: Option<T>,
}

/// Revamp (V2) request envelope.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequestWrapperV2<T> {
    pub id: Option<String>,
    #[schema(example = "1.0")]
    pub version: Option<String>,
    #[schema(example = "2026-11-29T10:00:00.000Z")]
    pub request_time: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<Value>,
    pub request: Option<T>,
}

/// Legacy response envelope. Business errors come with HTTP 200, `response: null` and `errors`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ResponseWrapper<T> {
    pub id: Option<String>,
    pub version: Option<String>,
    #[schema(example = "2026-11-29T10:00:00.123Z")]
    pub responsetime: String,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<Value>,
    pub response: Option<T>,
    pub errors: Vec<ErrorItem>,
}

/// Revamp (V2) response envelope.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResponseWrapperV2<T> {
    pub id: Option<String>,
    pub version: Option<String>,
    #[schema(example = "2026-11-29T10:00:00.123Z")]
    pub response_time: String,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<Value>,
    pub response: Option<T>,
    pub errors: Vec<ErrorItem>,
}

/// Legacy `PageResponseDto` of search endpoints.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PageResponse<T> {
    pub from_record: u64,
    pub to_record: u64,
    pub total_record: u64,
    /// `null` when the page is empty, as MOSIP answers.
    pub data: Option<Vec<T>>,
}

impl<T> PageResponse<T> {
    /// The page answering a legacy search, its records numbered as the plan paged them.
    pub fn of<S>(
        dto: &crate::api::search::SearchDto,
        page: pms_domain::search::Page<S>,
        item: impl FnMut(S) -> T,
    ) -> Self {
        let p = dto.pagination.unwrap_or_default();
        let fetch = (p.page_fetch.max(0) as u64).min(pms_domain::search::MAX_PAGE_FETCH);
        Self::new(p.page_start.max(0) as u64, fetch, page.total, page.items.into_iter().map(item).collect())
    }

    pub fn new(page_start: u64, page_fetch: u64, total: u64, items: Vec<T>) -> Self {
        if items.is_empty() {
            return PageResponse { from_record: 0, to_record: 0, total_record: total, data: None };
        }
        let from = page_start.saturating_mul(page_fetch).saturating_add(1);
        PageResponse {
            from_record: from,
            to_record: from.saturating_add(items.len() as u64 - 1),
            total_record: total,
            data: Some(items),
        }
    }
}

/// Revamp page (`pageNo`, `pageSize`, `totalResults`, `data`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PageResponseV2<T> {
    pub page_no: u64,
    pub page_size: u64,
    pub total_results: u64,
    pub data: Vec<T>,
}

impl<T> PageResponseV2<T> {
    pub fn new(page_no: u64, page_size: u64, total: u64, data: Vec<T>) -> Self {
        if total == 0 {
            return PageResponseV2 { page_no: 0, page_size: 0, total_results: 0, data };
        }
        PageResponseV2 { page_no, page_size, total_results: total, data }
    }
}

/// `{ "message": "…" }` answers of status endpoints.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageResponse {
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Legacy,
    V2,
}

/// How to answer one request: which envelope, with which id and version.
#[derive(Debug, Clone)]
pub struct Reply {
    pub style: Style,
    pub id: Option<String>,
    pub version: Option<String>,
}

impl Reply {
    pub fn legacy(id: &str) -> Reply {
        Reply { style: Style::Legacy, id: Some(id.to_string()), version: Some("1.0".into()) }
    }

    pub fn v2(id: &str) -> Reply {
        Reply { style: Style::V2, id: Some(id.to_string()), version: Some("1.0".into()) }
    }

    /// Envelope for the auth layer, which knows nothing of the endpoint.
    pub fn anonymous() -> Reply {
        Reply { style: Style::Legacy, id: None, version: None }
    }

    /// The envelope written straight out with `write` (no intermediate JSON tree: this is every
    /// answer's hot path).
    fn envelope<T: Serialize, R>(
        &self,
        response: Option<T>,
        errors: Vec<ErrorItem>,
        write: impl FnOnce(&dyn erased::Envelope) -> R,
    ) -> R {
        match self.style {
            Style::Legacy => write(&ResponseWrapper {
                id: self.id.clone(),
                version: self.version.clone(),
                responsetime: now_utc(),
                metadata: None,
                response,
                errors,
            }),
            Style::V2 => write(&ResponseWrapperV2 {
                id: self.id.clone(),
                version: self.version.clone(),
                response_time: now_utc(),
                metadata: None,
                response,
                errors,
            }),
        }
    }

    pub fn body<T: Serialize>(&self, response: Option<T>, errors: Vec<ErrorItem>) -> Value {
        self.envelope(response, errors, |e| e.to_value())
    }

    pub fn ok<T: Serialize>(&self, response: T) -> Response {
        match self.envelope(Some(response), vec![], |e| e.to_vec()) {
            Ok(bytes) => (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
            Err(e) => {
                tracing::error!(%e, "could not serialise an answer");
                self.error_with_status(StatusCode::INTERNAL_SERVER_ERROR, pms_domain::error::UNPROCESSABLE.err())
            }
        }
    }

    pub fn error_with_status(&self, status: StatusCode, error: PmsError) -> Response {
        (status, axum::Json(self.body::<()>(None, vec![error.into()]))).into_response()
    }

    /// MOSIP answers business errors with HTTP 200; authentication and role failures with 401/403.
    pub fn error(&self, e: ServiceError) -> Response {
        let status = match &e {
            ServiceError::Business(_) | ServiceError::Invalid(_) | ServiceError::PolicyDocument(_) => StatusCode::OK,
            ServiceError::Unauthenticated => StatusCode::UNAUTHORIZED,
            ServiceError::Forbidden => StatusCode::FORBIDDEN,
            ServiceError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ServiceError::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        self.error_with_status(status, e.to_pms_error())
    }

    pub fn result<T: Serialize>(&self, r: Result<T, ServiceError>) -> Response {
        match r {
            Ok(v) => self.ok(v),
            Err(e) => self.error(e),
        }
    }
}

/// Both envelope generations behind one object-safe face, so that `Reply::envelope` can hand
/// either to the same writer.
mod erased {
    use serde::Serialize;
    use serde_json::Value;

    pub trait Envelope {
        fn to_value(&self) -> Value;
        fn to_vec(&self) -> serde_json::Result<Vec<u8>>;
    }

    impl<S: Serialize> Envelope for S {
        fn to_value(&self) -> Value {
            serde_json::to_value(self).unwrap_or(Value::Null)
        }
        fn to_vec(&self) -> serde_json::Result<Vec<u8>> {
            serde_json::to_vec(self)
        }
    }
}
