//! `/openapi.json` (generated from the handlers, so it cannot drift) and a plain HTML reference
//! rendered from it by the binary itself.

use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use utoipa::openapi::path::{OperationBuilder, PathItemBuilder};
use utoipa::openapi::{HttpMethod, OpenApi, ResponseBuilder};

pub fn routes() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_json)).route("/api-docs", get(reference))
}

/// The published document: the generated one, the health endpoints (which live outside the API
/// router) and the examples of `enrich`.
pub fn with_system_paths(mut doc: OpenApi) -> Value {
    for (path, summary) in [
        ("/healthz", "Liveness: 200 while serving"),
        ("/readyz", "Readiness: 200 when the database answers"),
        (
            "/metrics",
            "Prometheus metrics: requests by route, delivery queue, attempts and lag, e-mail queue, database pool",
        ),
    ] {
        let op = OperationBuilder::new()
            .summary(Some(summary))
            .tag("System")
            .response("200", ResponseBuilder::new().description("OK"))
            .build();
        doc.paths.paths.insert(path.to_string(), PathItemBuilder::new().operation(HttpMethod::Get, op).build());
    }
    let mut value = serde_json::to_value(&doc).unwrap_or(Value::Null);
    enrich(&mut value);
    value
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Revamp bodies name the operation they are for; a copied example must carry that id.
fn envelope_id(method: &str, path: &str) -> Option<&'static str> {
    use crate::api::extract::V2Request;
    use crate::api::{access, certificates, dcr, delivery, devices as dev, partners::wire as p, policies::wire as pol};
    let ids: [(&str, &str, &'static str); 19] = [
        ("post", "/v1/pms/webhooks", delivery::WebhookRequest::ID),
        ("post", "/v1/pms/events/replay", delivery::ReplayRequest::ID),
        ("post", "/v1/pms/notifications/read", delivery::ReadRequest::ID),
        ("patch", "/v1/partnermanager/partner-policy-requests/{id}", access::DecisionRequest::ID),
        ("post", "/v1/pms/api-keys/{keyId}/rotate", access::RotateRequest::ID),
        ("post", "/v1/pms/api-keys/verify", access::VerifyRequest::ID),
        ("patch", "/v1/policymanager/policies/{policyId}", pol::DeactivatePolicyRequest::ID),
        ("patch", "/v1/policymanager/policies/group/{policygroupId}", pol::DeactivateGroupRequest::ID),
        ("post", "/v1/partnermanager/admin-partners/{partnerId}/approve", p::ApproveRequest::ID),
        ("post", "/v1/partnermanager/admin-partners/{partnerId}/reject", p::RejectRequest::ID),
        ("post", "/v1/partnermanager/admin-partners/{partnerId}/deactivate", p::DeactivateRequest::ID),
        ("post", "/v1/partnermanager/admin-partners/{partnerId}/reactivate", p::ReactivateRequest::ID),
        (
            "post",
            "/v1/partnermanager/trust-chain-certificates/{certificateId}/deactivate",
            certificates::DeactivateCaRequest::ID,
        ),
        ("post", "/v1/partnermanager/securebiometricinterface/{sbiId}/devices", dev::DeviceDetailRequest::ID),
        ("patch", "/v1/partnermanager/securebiometricinterface/{sbiId}", dev::DeactivateSbi::ID),
        ("patch", "/v1/partnermanager/devicedetail/{deviceId}", dev::DeactivateDevice::ID),
        ("post", "/v1/partnermanager/devicedetail/{id}/approval", dev::DeviceApprovalRequest::ID),
        ("patch", "/v1/partnermanager/ftpchipdetail/{ftmId}", dev::DeactivateFtm::ID),
        ("post", "/v1/pms/oidc/initial-access-tokens", dcr::InitialTokenRequest::ID),
    ];
    ids.iter().find(|(m, p, _)| *m == method && *p == path).map(|(_, _, id)| *id)
}

/// The codes an operation answers, from the table (unknown codes are a test failure, not shown).
pub fn operation_codes(method: &str, path: &str) -> Vec<pms_domain::error::Code> {
    let codes = crate::docs_errors::OPERATION_ERRORS
        .iter()
        .find(|(m, p, _)| m.eq_ignore_ascii_case(method) && *p == path)
        .map(|(_, _, codes)| *codes)
        .unwrap_or_default();
    codes.iter().filter_map(|c| pms_domain::error::ALL.iter().find(|k| k.code == *c).copied()).collect()
}

/// An answer carrying one error, in the envelope of the operation's success example.
fn error_example(success: &Value, code: pms_domain::error::Code) -> Value {
    let message = code.message.replace("%s", "…").replace("%d", "…");
    let errors = json!([{ "errorCode": code.code, "message": message.trim_end() }]);
    if success.get("responseTime").is_some() {
        json!({ "id": success.get("id").cloned().unwrap_or(Value::Null), "version": "1.0",
            "responseTime": "2026-11-29T10:00:00.123Z", "metadata": null, "response": null, "errors": errors })
    } else {
        json!({ "id": success.get("id").cloned().unwrap_or(Value::Null), "version": "1.0",
            "responsetime": "2026-11-29T10:00:00.123Z", "metadata": null, "response": null, "errors": errors })
    }
}

fn named(summary: &str, value: Value) -> Value {
    json!({ "summary": summary, "value": value })
}

/// Writes into the document what a reader copies: complete request examples (with the revamp
/// envelope id), success examples without errors, and for each operation an example of every
/// error code it can answer, the authentication errors under 401 and 403.
fn enrich(doc: &mut Value) {
    let snapshot = doc.clone();
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let Some(op) = item.get_mut(method) else { continue };
            let secured = op.get("security").is_some();
            if let Some(content) = op.pointer_mut("/requestBody/content").and_then(Value::as_object_mut) {
                for media in content.values_mut() {
                    let mut example = media
                        .get("example")
                        .cloned()
                        .unwrap_or_else(|| resolve_example(&snapshot, media.get("schema").unwrap_or(&Value::Null), 0));
                    if let (Some(id), Some(obj)) = (envelope_id(method, path), example.as_object_mut()) {
                        obj.insert("id".into(), Value::String(id.into()));
                    }
                    media["example"] = example;
                }
            }
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else { continue };
            let mut success = Value::Null;
            if let Some(media) = responses
                .get_mut("200")
                .and_then(|r| r.get_mut("content"))
                .and_then(Value::as_object_mut)
                .and_then(|c| c.values_mut().next())
            {
                let mut example = media
                    .get("example")
                    .cloned()
                    .unwrap_or_else(|| resolve_example(&snapshot, media.get("schema").unwrap_or(&Value::Null), 0));
                if let Some(errors) = example.get_mut("errors") {
                    *errors = json!([]);
                }
                let mut examples = serde_json::Map::new();
                examples.insert("success".into(), named("Success", example.clone()));
                for code in operation_codes(method, path) {
                    examples.insert(code.code.into(), named(code.message, error_example(&example, code)));
                }
                if let Some(m) = media.as_object_mut() {
                    m.remove("example");
                    m.insert("examples".into(), Value::Object(examples));
                }
                success = example;
            }
            if secured {
                for (status, code, why) in [
                    ("401", pms_domain::error::AUTH_FAILED, "No token, or one that is not valid"),
                    ("403", pms_domain::error::ACCESS_DENIED, "The token's roles do not allow this operation"),
                ] {
                    let entry = responses.entry(status).or_insert_with(|| json!({ "description": why }));
                    entry["content"] = json!({ "application/json": {
                        "examples": { code.code: named(code.message, error_example(&success, code)) }
                    }});
                }
            }
        }
    }
}

async fn openapi_json(State(state): State<AppState>) -> Response {
    axum::Json(state.openapi.as_ref()).into_response()
}

struct Operation {
    anchor: String,
    method: String,
    method_class: String,
    path: String,
    summary: String,
    /// HTML rendered from the Markdown description.
    description: String,
    auth: String,
    request: Option<String>,
    request_note: String,
    responses: Vec<ResponseDoc>,
}

/// One documented answer: status, description (HTML) and its named examples.
struct ResponseDoc {
    code: String,
    description: String,
    examples: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "api_reference.html")]
struct Reference {
    title: String,
    description: String,
    tags: Vec<Tag>,
}

struct Tag {
    name: String,
    description: String,
    anchor: String,
    ops: Vec<Operation>,
}

/// Builds an example from a schema, following `$ref`s a few levels deep.
fn resolve_example(doc: &Value, schema: &Value, depth: usize) -> Value {
    if depth > 12 {
        return json!("…");
    }
    if let Some(example) = schema.get("example").or_else(|| schema.get("examples").and_then(|e| e.get(0))) {
        return example.clone();
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or_default();
        let target = doc.pointer(&format!("/components/schemas/{name}")).cloned().unwrap_or(Value::Null);
        return resolve_example(doc, &target, depth + 1);
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(first) = schema
            .get(key)
            .and_then(|v| v.as_array())
            .and_then(|a| a.iter().find(|s| s.get("type").and_then(Value::as_str) != Some("null")))
        {
            if key == "allOf" {
                let mut merged = serde_json::Map::new();
                for part in schema[key].as_array().into_iter().flatten() {
                    if let Value::Object(m) = resolve_example(doc, part, depth + 1) {
                        merged.extend(m);
                    }
                }
                return Value::Object(merged);
            }
            return resolve_example(doc, first, depth + 1);
        }
    }
    let kind = match schema.get("type") {
        Some(Value::Array(types)) => {
            types.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("null").to_string()
        }
        Some(Value::String(t)) => t.clone(),
        _ => {
            if schema.get("properties").is_some() {
                "object".into()
            } else {
                String::new()
            }
        }
    };
    match kind.as_str() {
        "object" => {
            let mut out = serde_json::Map::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (k, v) in props {
                    out.insert(k.clone(), resolve_example(doc, v, depth + 1));
                }
            }
            Value::Object(out)
        }
        "array" => json!([resolve_example(doc, schema.get("items").unwrap_or(&Value::Null), depth + 1)]),
        "string" => json!(schema
            .get("format")
            .and_then(Value::as_str)
            .map(|f| format!("<{f}>"))
            .unwrap_or_else(|| "string".into())),
        "integer" | "number" => json!(0),
        "boolean" => json!(true),
        _ => Value::Null,
    }
}

/// Markdown to HTML; raw HTML in the source is shown as text, never passed through.
fn markdown(text: &str) -> String {
    use pulldown_cmark::{html, Event, Options, Parser};
    let events = Parser::new_ext(text, Options::ENABLE_TABLES).map(|e| match e {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The examples of one media type: `examples` by name, or the single `example`.
fn examples_of(media: &Value) -> Vec<(String, String)> {
    if let Some(all) = media.get("examples").and_then(Value::as_object) {
        return all
            .iter()
            .map(|(name, e)| {
                let summary = e.get("summary").and_then(Value::as_str).unwrap_or_default();
                let label =
                    if summary.is_empty() || summary == name { name.clone() } else { format!("{name} — {summary}") };
                (label, pretty(e.get("value").unwrap_or(&Value::Null)))
            })
            .collect();
    }
    media.get("example").map(|e| vec![(String::new(), pretty(e))]).unwrap_or_default()
}

async fn reference(State(state): State<AppState>) -> Response {
    let doc = state.openapi.as_ref();
    let mut tags: Vec<(String, String, Vec<Operation>)> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            let name = t["name"].as_str().unwrap_or_default().to_string();
            (name, markdown(t["description"].as_str().unwrap_or_default()), Vec::new())
        })
        .collect();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let tag = op["tags"][0].as_str().unwrap_or("Other").to_string();
            let request = op
                .pointer("/requestBody/content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next())
                .and_then(|m| m.get("example"))
                .map(pretty);
            let request_note =
                markdown(op.pointer("/requestBody/description").and_then(Value::as_str).unwrap_or_default());
            let responses = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(code, r)| ResponseDoc {
                    code: code.clone(),
                    description: markdown(r["description"].as_str().unwrap_or_default()),
                    examples: r["content"]
                        .as_object()
                        .and_then(|c| c.values().next())
                        .map(examples_of)
                        .unwrap_or_default(),
                })
                .collect();
            let auth = if op.get("security").is_some() { "Bearer token or Authorization cookie" } else { "None" };
            let anchor = format!("{method}-{}", path.trim_start_matches('/').replace(['/', '{', '}'], "-"));
            let entry = Operation {
                anchor,
                method: method.to_uppercase(),
                method_class: method.to_string(),
                path: path.clone(),
                summary: op["summary"].as_str().unwrap_or_default().to_string(),
                description: markdown(op["description"].as_str().unwrap_or_default()),
                auth: auth.to_string(),
                request,
                request_note,
                responses,
            };
            match tags.iter_mut().find(|(t, _, _)| *t == tag) {
                Some((_, _, list)) => list.push(entry),
                None => tags.push((tag, String::new(), vec![entry])),
            }
        }
    }
    let page = Reference {
        title: doc["info"]["title"].as_str().unwrap_or_default().to_string(),
        description: markdown(doc["info"]["description"].as_str().unwrap_or_default()),
        tags: tags
            .into_iter()
            .filter(|(_, _, ops)| !ops.is_empty())
            .map(|(name, description, ops)| Tag {
                anchor: name.replace(' ', "-").to_lowercase(),
                name,
                description,
                ops,
            })
            .collect(),
    };
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(%e, "cannot render the API reference");
            (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_and_raw_html_escaped() {
        let html = markdown("Use `id` **exactly**.<script>alert(1)</script>");
        assert!(html.contains("<code>id</code>") && html.contains("<strong>exactly</strong>"), "{html}");
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn the_document_gets_its_examples() {
        let (_, doc) = crate::api::router().split_for_parts();
        let mut value = serde_json::to_value(&doc).unwrap();
        enrich(&mut value);
        let op = &value["paths"]["/v1/policymanager/policies/{policyId}"]["patch"];
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["example"]["id"],
            "mosip.pms.deactivate.policy.patch"
        );
    }

    #[test]
    fn every_documented_operation_has_a_row_of_codes() {
        let (_, doc) = crate::api::router().split_for_parts();
        let value = serde_json::to_value(&doc).unwrap();
        let mut missing = Vec::new();
        for (path, item) in value["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                let known = crate::docs_errors::OPERATION_ERRORS
                    .iter()
                    .any(|(m, p, _)| m.eq_ignore_ascii_case(method) && p == path);
                if !known {
                    missing.push(format!("{} {path}", method.to_uppercase()));
                }
            }
        }
        assert!(missing.is_empty(), "operations without a row in docs_errors: {missing:?}");
    }

    #[test]
    fn every_code_of_the_table_is_known() {
        for (method, path, codes) in crate::docs_errors::OPERATION_ERRORS {
            assert_eq!(operation_codes(method, path).len(), codes.len(), "{method} {path}: {codes:?}");
        }
    }
}
