//! What operators read: the audit trail (as rows, as sentences for people, as CSV) and the event
//! outbox.

use crate::view::{AuditRecord, OutboxRecord};
use crate::write::Action;
use crate::{Ctx, Result, Services};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use pms_domain::lang::Lang;
use pms_domain::list::{plan_list, ListPage, ListParams, Paging};
use pms_domain::roles::PARTNER_ADMIN;
use pms_domain::{validate, Checks, PmsError};
use pms_store::repo::{audit, outbox as events};
use std::collections::HashMap;

/// Exact values the audit trail is filtered by, and a time range; blank ones are ignored.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub outcome: Option<String>,
    /// From this instant on: RFC 3339, or `YYYY-MM-DDTHH:MM[:SS]` / `YYYY-MM-DD` in UTC.
    pub from: Option<String>,
    /// Before this instant, in the same forms.
    pub to: Option<String>,
}

fn non_blank(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// An instant as a form's `datetime-local` input or an API client writes it; local forms are UTC.
pub fn parse_instant(field: &str, text: &str) -> Result<DateTime<Utc>, PmsError> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(t.and_utc());
        }
    }
    if let Some(t) = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)) {
        return Ok(t.and_utc());
    }
    Err(PmsError::invalid_field(field, "is not a date and time (YYYY-MM-DDTHH:MM, UTC)"))
}

fn audit_filter(q: AuditQuery) -> Result<audit::Filter> {
    let mut checks = Checks::default();
    let mut bounded = |field: &str, v: Option<String>| -> Option<String> {
        checks.keep(validate::optional(field, non_blank(v).as_deref(), 128)).flatten()
    };
    let entity_type = bounded("entityType", q.entity_type);
    let entity_id = bounded("entityId", q.entity_id);
    let actor = bounded("actor", q.actor);
    let action = bounded("action", q.action);
    let outcome = bounded("outcome", q.outcome);
    let from = non_blank(q.from).and_then(|t| checks.keep(parse_instant("from", &t)));
    let to = non_blank(q.to).and_then(|t| checks.keep(parse_instant("to", &t)));
    checks.finish()?;
    Ok(audit::Filter { entity_type, entity_id, actor, action, outcome, from, to })
}

/// An audit row as people read it: the entity's name (when it still exists) and where the
/// portal shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditLine {
    pub record: AuditRecord,
    pub entity_name: Option<String>,
    pub entity_path: Option<String>,
}

/// A row's sentence, split around the entity so that the portal can make it a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub before: String,
    pub entity: String,
    pub after: String,
}

impl Sentence {
    pub fn text(&self) -> String {
        format!("{}{}{}", self.before, self.entity, self.after)
    }
}

/// Where the portal shows an entity of the trail.
fn entity_path(entity_type: &str, id: &str) -> Option<String> {
    let base = match entity_type {
        "partner" => "/partners",
        "partner_certificate" => "/certificates",
        "policy" => "/policies",
        "policy_group" => "/policy-groups",
        "ca_certificate" => "/trust-store",
        "user" | "registration" => "/users",
        _ => return None,
    };
    let segment: String = id
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    Some(format!("{base}/{segment}"))
}

/// The i18n key part of an action: `partner.policy_group` → `partner-policy-group`.
pub fn action_key(action: &str) -> String {
    action.replace(['.', '_'], "-")
}

/// A status word in `lang`, or the word itself when the catalogue has none.
fn status_word(lang: Lang, word: &str) -> String {
    let key = format!("status-{}", word.to_ascii_lowercase().replace('_', "-"));
    let text = pms_i18n::t(lang, &key);
    if text == key {
        word.to_string()
    } else {
        text
    }
}

/// The sentence of an audit row in `lang`: "admin rejected partner Shady Ltd".
pub fn audit_sentence(lang: Lang, line: &AuditLine) -> Sentence {
    const MARK: &str = "\u{E000}";
    let r = &line.record;
    let actor = if r.actor == "anonymous" { pms_i18n::t(lang, "audit-anonymous") } else { r.actor.clone() };
    let from = r.before_status.as_deref().map(|s| status_word(lang, s)).unwrap_or_default();
    let to = r.after_status.as_deref().map(|s| status_word(lang, s)).unwrap_or_default();
    let client = r
        .details
        .as_deref()
        .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
        .and_then(|d| d["client"].as_str().map(str::to_string))
        .unwrap_or_default();
    let key = action_key(&r.action);
    let label = pms_i18n::t(lang, &format!("audit-action-{key}"));
    let label = if label.starts_with("audit-action-") { r.action.clone() } else { label };
    let args = [
        ("actor", actor.as_str()),
        ("entity", MARK),
        ("from", &from),
        ("to", &to),
        ("client", &client),
        ("action", &label),
    ];
    let sentence_key = if r.outcome == "failure" && r.action != Action::LoginFailed.as_str() {
        "audit-refused".to_string()
    } else {
        format!("audit-do-{key}")
    };
    let mut text = pms_i18n::t_args(lang, &sentence_key, &args);
    if text == sentence_key {
        text = pms_i18n::t_args(lang, "audit-generic", &args);
    }
    let entity = line.entity_name.clone().unwrap_or_else(|| r.entity_id.clone());
    match text.split_once(MARK) {
        Some((before, after)) => Sentence { before: before.to_string(), entity, after: after.replace(MARK, "") },
        None => Sentence { before: text, entity: String::new(), after: String::new() },
    }
}

/// What a spreadsheet would run as a formula is written as text.
fn cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// How the audit trail is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    /// One JSON object per line.
    JsonLines,
}

impl ExportFormat {
    pub fn parse(text: &str) -> Option<ExportFormat> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "jsonl" | "ndjson" => Some(ExportFormat::JsonLines),
            _ => None,
        }
    }
}

/// Rows a CSV export holds at most.
pub const CSV_MAX_ROWS: u64 = 100_000;
const CSV_BATCH: u64 = 1000;

impl Services {
    pub async fn audit_trail(
        &self,
        ctx: &Ctx,
        filter: AuditQuery,
        params: &ListParams,
    ) -> Result<ListPage<AuditRecord>> {
        ctx.require(&[PARTNER_ADMIN])?;
        let plan = plan_list(params, &[], Paging::DefaultPage)?;
        let filter = audit_filter(filter)?;
        let page = audit::list(self.store.db(), &filter, plan.offset(), plan.page_size).await?;
        Ok(ListPage::new(page.map(Into::into), &plan))
    }

    /// Adds each row's entity name and page: one query per kind of entity on the page.
    async fn lines(&self, records: Vec<AuditRecord>) -> Result<Vec<AuditLine>> {
        let mut wanted: HashMap<&str, Vec<String>> = HashMap::new();
        for r in &records {
            wanted.entry(r.entity_type.as_str()).or_default().push(r.entity_id.clone());
        }
        let mut names: HashMap<(String, String), String> = HashMap::new();
        for (kind, mut ids) in wanted {
            ids.sort();
            ids.dedup();
            for (id, name) in audit::entity_names(self.store.db(), kind, &ids).await? {
                names.insert((kind.to_string(), id), name);
            }
        }
        Ok(records
            .into_iter()
            .map(|record| {
                let name = names.get(&(record.entity_type.clone(), record.entity_id.clone())).cloned();
                let entity_path = name.as_ref().and_then(|_| entity_path(&record.entity_type, &record.entity_id));
                AuditLine { record, entity_name: name, entity_path }
            })
            .collect())
    }

    /// The audit trail as people read it.
    pub async fn audit_lines(&self, ctx: &Ctx, filter: AuditQuery, params: &ListParams) -> Result<ListPage<AuditLine>> {
        let page = self.audit_trail(ctx, filter, params).await?;
        let items = self.lines(page.items).await?;
        Ok(ListPage { items, total: page.total, page_no: page.page_no, page_size: page.page_size })
    }

    /// The actors and actions the trail's filters offer.
    pub async fn audit_choices(&self, ctx: &Ctx) -> Result<(Vec<String>, Vec<&'static str>)> {
        ctx.require(&[PARTNER_ADMIN])?;
        let actors = audit::actors(self.store.db(), 500).await?;
        Ok((actors, Action::ALL.iter().map(|a| a.as_str()).collect()))
    }

    /// The filtered trail as CSV (newest first, at most [`CSV_MAX_ROWS`]), sentences in `lang`.
    pub async fn audit_csv(&self, ctx: &Ctx, filter: AuditQuery, lang: Lang) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.audit_export(ctx, filter, ExportFormat::Csv, lang, CSV_MAX_ROWS, &mut out).await?;
        Ok(out)
    }

    /// Writes the filtered trail to `sink`, newest first, at most `max_rows` rows: CSV with a
    /// sentence per row in `lang`, or one JSON object per line (the stored row, with its
    /// details as JSON).
    pub async fn audit_export(
        &self,
        ctx: &Ctx,
        filter: AuditQuery,
        format: ExportFormat,
        lang: Lang,
        max_rows: u64,
        sink: &mut (dyn std::io::Write + Send),
    ) -> Result<u64> {
        ctx.require(&[PARTNER_ADMIN])?;
        let filter = audit_filter(filter)?;
        let failed = |e: String| crate::ServiceError::Internal(e);
        let mut out = csv::Writer::from_writer(Vec::new());
        if format == ExportFormat::Csv {
            out.write_record([
                "occurredAt",
                "actor",
                "action",
                "entityType",
                "entityId",
                "entityName",
                "outcome",
                "beforeStatus",
                "afterStatus",
                "description",
                "requestId",
                "details",
            ])
            .map_err(|e| failed(e.to_string()))?;
        }
        let mut offset = 0;
        while offset < max_rows {
            let page = audit::list(self.store.db(), &filter, offset, CSV_BATCH.min(max_rows - offset)).await?;
            let n = page.items.len() as u64;
            let lines = self.lines(page.items.into_iter().map(Into::into).collect()).await?;
            for line in &lines {
                let r = &line.record;
                let at = r.occurred_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                if format == ExportFormat::JsonLines {
                    let details: Option<serde_json::Value> =
                        r.details.as_deref().and_then(|d| serde_json::from_str(d).ok());
                    let row = serde_json::json!({
                        "id": r.id,
                        "occurredAt": at,
                        "actor": r.actor,
                        "action": r.action,
                        "entityType": r.entity_type,
                        "entityId": r.entity_id,
                        "entityName": line.entity_name,
                        "outcome": r.outcome,
                        "beforeStatus": r.before_status,
                        "afterStatus": r.after_status,
                        "requestId": r.request_id,
                        "details": details,
                    });
                    writeln!(sink, "{row}").map_err(|e| failed(e.to_string()))?;
                    continue;
                }
                let sentence = audit_sentence(lang, line).text();
                let fields = [
                    at.as_str(),
                    &r.actor,
                    &r.action,
                    &r.entity_type,
                    &r.entity_id,
                    line.entity_name.as_deref().unwrap_or_default(),
                    &r.outcome,
                    r.before_status.as_deref().unwrap_or_default(),
                    r.after_status.as_deref().unwrap_or_default(),
                    &sentence,
                    r.request_id.as_deref().unwrap_or_default(),
                    r.details.as_deref().unwrap_or_default(),
                ];
                out.write_record(fields.iter().map(|f| cell(f))).map_err(|e| failed(e.to_string()))?;
            }
            // CSV rows go out a batch at a time, so memory stays flat whatever the range.
            let batch = std::mem::replace(&mut out, csv::Writer::from_writer(Vec::new()));
            let bytes = batch.into_inner().map_err(|e| failed(e.to_string()))?;
            sink.write_all(&bytes).map_err(|e| failed(e.to_string()))?;
            offset += n;
            if n < CSV_BATCH {
                break;
            }
        }
        Ok(offset)
    }

    pub async fn outbox_events(
        &self,
        ctx: &Ctx,
        topic: Option<String>,
        params: &ListParams,
    ) -> Result<ListPage<OutboxRecord>> {
        ctx.require(&[PARTNER_ADMIN])?;
        let plan = plan_list(params, &[], Paging::DefaultPage)?;
        let page = events::list(self.store.db(), non_blank(topic).as_deref(), plan.offset(), plan.page_size).await?;
        Ok(ListPage::new(page.map(Into::into), &plan))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_in_form_and_api_shapes() {
        let t = parse_instant("from", "2026-03-01T10:30").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-01T10:30:00+00:00");
        assert_eq!(parse_instant("to", "2026-03-01").unwrap().to_rfc3339(), "2026-03-01T00:00:00+00:00");
        assert_eq!(parse_instant("to", "2026-03-01T12:00:00+02:00").unwrap().to_rfc3339(), "2026-03-01T10:00:00+00:00");
        assert_eq!(parse_instant("from", "yesterday").unwrap_err().field.unwrap().name, "from");
    }

    #[test]
    fn cells_never_start_a_formula() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("-1+2"), "'-1+2");
        assert_eq!(cell("admin"), "admin");
    }

    #[test]
    fn paths_keep_ids_inside_their_segment() {
        assert_eq!(entity_path("partner", "acme-1").as_deref(), Some("/partners/acme-1"));
        assert_eq!(entity_path("user", "a@b").as_deref(), Some("/users/a%40b"));
        assert_eq!(entity_path("partner", "../x").as_deref(), Some("/partners/..%2Fx"));
        assert_eq!(entity_path("outbox", "x"), None);
    }
}
