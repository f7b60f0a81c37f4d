//! The audit trail for people: each row a sentence in the reader's language with a link to the
//! entity, filters by actor, action, entity and time, and the filtered rows as CSV or JSON Lines.

use super::session::Session;
use super::{failure, render, render_refused, PageCtx, Pager, Query, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::{Query as QueryParams, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use pms_service::operations::{
    action_key, audit_sentence, AuditLine, AuditQuery as Filter, ExportFormat, Sentence, CSV_MAX_ROWS,
};
use pms_service::write::Action;
use serde::Deserialize;

/// An action's name for people (`audit-action-partner-approve`), or its spelling.
pub fn action_label(t: Tr, action: &str) -> String {
    let key = format!("audit-action-{}", action_key(action));
    let label = t.get(&key);
    if label == key {
        action.to_string()
    } else {
        label
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditParams {
    entity_type: Option<String>,
    entity_id: Option<String>,
    actor: Option<String>,
    action: Option<String>,
    outcome: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page_no: Option<String>,
}

impl AuditParams {
    fn query(&self, path: &'static str) -> Query {
        Query::new(
            path,
            &[
                ("entityType", &self.entity_type),
                ("entityId", &self.entity_id),
                ("actor", &self.actor),
                ("action", &self.action),
                ("outcome", &self.outcome),
                ("from", &self.from),
                ("to", &self.to),
            ],
        )
    }

    fn filter(self) -> Filter {
        Filter {
            entity_type: self.entity_type,
            entity_id: self.entity_id,
            actor: self.actor,
            action: self.action,
            outcome: self.outcome,
            from: self.from,
            to: self.to,
        }
    }
}

pub struct Row {
    pub at: String,
    pub sentence: Sentence,
    pub link: Option<String>,
    pub outcome: String,
    pub details: Option<String>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    ctx: PageCtx,
    q: Query,
    csv: String,
    jsonl: String,
    rows: Vec<Row>,
    pager: Option<Pager>,
    error: Option<String>,
    actors: Vec<String>,
    actions: Vec<(&'static str, String)>,
    entity_types: Vec<(&'static str, String)>,
}

pub async fn page(State(state): State<AppState>, s: Session, QueryParams(p): QueryParams<AuditParams>) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let q = p.query("/audit");
    let csv = q.with(&[]).replacen("/audit", "/audit.csv", 1);
    let jsonl = q.with(&[]).replacen("/audit", "/audit.jsonl", 1);
    let (actors, actions) = match state.services.audit_choices(&s.ctx).await {
        Ok(c) => c,
        Err(e) => return failure(ctx, e),
    };
    let actions = actions.into_iter().map(|a| (a, action_label(t, a))).collect();
    let entity_types = Action::ENTITY_TYPES.iter().map(|e| (*e, t.get(&format!("audit-entity-{e}")))).collect();
    let params = super::list_params(&None, &None, &p.page_no, &Some("25".into()));
    let mut page =
        AuditPage { ctx, q, csv, jsonl, rows: Vec::new(), pager: None, error: None, actors, actions, entity_types };
    match state.services.audit_lines(&s.ctx, p.filter(), &params).await {
        Ok(found) => {
            page.pager = Some(Pager::new(&page.q, found.page_no, found.page_size, found.total));
            page.rows = found.items.iter().map(|line| row(t, line)).collect();
            render(page)
        }
        Err(e) if e.is_rejection() => {
            let e = e.to_pms_error();
            page.error = Some(match &e.field {
                Some(f) if f.name == "from" || f.name == "to" => t.get("audit-bad-date"),
                _ => t.error(&e),
            });
            render_refused(page, true)
        }
        Err(e) => failure(page.ctx, e),
    }
}

fn row(t: Tr, line: &AuditLine) -> Row {
    let r = &line.record;
    Row {
        at: r.occurred_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        sentence: audit_sentence(t.0, line),
        link: line.entity_path.clone(),
        outcome: r.outcome.clone(),
        details: r.details.clone(),
    }
}

/// A file to save rather than a page to show.
fn download(content_type: &'static str, disposition: &'static str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, HeaderValue::from_static(disposition)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}

/// The filtered rows as a CSV file, sentences in the reader's language.
pub async fn csv(State(state): State<AppState>, s: Session, QueryParams(p): QueryParams<AuditParams>) -> Response {
    match state.services.audit_csv(&s.ctx, p.filter(), s.lang).await {
        Ok(bytes) => download("text/csv; charset=utf-8", "attachment; filename=\"audit.csv\"", bytes),
        Err(e) => failure(s.page(), e),
    }
}

/// The filtered rows as JSON Lines, one stored row per line, for tools rather than people; as
/// many rows at most as the CSV file.
pub async fn json_lines(
    State(state): State<AppState>,
    s: Session,
    QueryParams(p): QueryParams<AuditParams>,
) -> Response {
    let mut bytes = Vec::new();
    match state
        .services
        .audit_export(&s.ctx, p.filter(), ExportFormat::JsonLines, s.lang, CSV_MAX_ROWS, &mut bytes)
        .await
    {
        Ok(_) => download("application/x-ndjson", "attachment; filename=\"audit.jsonl\"", bytes),
        Err(e) => failure(s.page(), e),
    }
}
