//! `/openapi.json` (generated from the handlers, so it cannot drift) and a plain HTML reference
//! rendered from it by the binary itself.

use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use utoipa::openapi::path::{OperationBuilder, PathItemBuilder};
use utoipa::openapi::{HttpMethod, OpenApi, RefOr, ResponseBuilder};

pub fn routes() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_json)).route("/api-docs", get(reference))
}

/// Adds the health endpoints, which live outside the API router.
pub fn with_system_paths(mut doc: OpenApi) -> OpenApi {
    for (path, summary) in
        [("/healthz", "Liveness: 200 while serving"), ("/readyz", "Readiness: 200 when the database answers")]
    {
        let op = OperationBuilder::new()
            .summary(Some(summary))
            .tag("System")
            .response("200", ResponseBuilder::new().description("OK"))
            .build();
        doc.paths.paths.insert(path.to_string(), PathItemBuilder::new().operation(HttpMethod::Get, op).build());
    }
    doc
}

async fn openapi_json(State(state): State<AppState>) -> Response {
    axum::Json(state.openapi.as_ref().clone()).into_response()
}

struct Operation {
    method: String,
    method_class: String,
    path: String,
    summary: String,
    description: String,
    auth: String,
    request: Option<String>,
    responses: Vec<(String, String)>,
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
    anchor: String,
    ops: Vec<Operation>,
}

fn schema_json(doc: &OpenApi, content: Option<&RefOr<utoipa::openapi::Content>>) -> Option<String> {
    let RefOr::T(content) = content? else { return None };
    let example = content.example.clone().or_else(|| {
        let schema = serde_json::to_value(content.schema.as_ref()?).ok()?;
        Some(resolve_example(doc, &schema, 0))
    })?;
    serde_json::to_string_pretty(&example).ok()
}

/// Builds an example from a schema, following `$ref`s a few levels deep.
fn resolve_example(doc: &OpenApi, schema: &serde_json::Value, depth: usize) -> serde_json::Value {
    use serde_json::{json, Value};
    if depth > 6 {
        return json!("…");
    }
    if let Some(example) = schema.get("example").or_else(|| schema.get("examples").and_then(|e| e.get(0))) {
        return example.clone();
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or_default();
        let target = doc
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
            .and_then(|s| serde_json::to_value(s).ok())
            .unwrap_or(Value::Null);
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

async fn reference(State(state): State<AppState>) -> Response {
    let doc = state.openapi.as_ref();
    let mut tags: Vec<(String, Vec<Operation>)> =
        doc.tags.iter().flatten().map(|t| (t.name.clone(), Vec::new())).collect();
    for (path, item) in doc.paths.paths.iter() {
        let ops = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, op) in ops {
            let Some(op) = op else { continue };
            let tag = op.tags.as_ref().and_then(|t| t.first().cloned()).unwrap_or_else(|| "Other".into());
            let request = match &op.request_body {
                Some(RefOr::T(b)) => schema_json(doc, b.content.values().next()),
                _ => None,
            };
            let responses = op
                .responses
                .responses
                .iter()
                .map(|(code, r)| {
                    let text = match r {
                        RefOr::T(r) => {
                            let example = schema_json(doc, r.content.values().next()).unwrap_or_default();
                            format!("{}\n{}", r.description, example).trim().to_string()
                        }
                        RefOr::Ref(r) => r.ref_location.clone(),
                    };
                    (code.clone(), text)
                })
                .collect();
            let auth = if op.security.is_some() { "Bearer token or Authorization cookie" } else { "None" };
            let entry = Operation {
                method: method.to_string(),
                method_class: method.to_lowercase(),
                path: path.clone(),
                summary: op.summary.clone().unwrap_or_default(),
                description: op.description.clone().unwrap_or_default(),
                auth: auth.to_string(),
                request,
                responses,
            };
            match tags.iter_mut().find(|(t, _)| *t == tag) {
                Some((_, list)) => list.push(entry),
                None => tags.push((tag, vec![entry])),
            }
        }
    }
    let page = Reference {
        title: doc.info.title.clone(),
        description: doc.info.description.clone().unwrap_or_default(),
        tags: tags
            .into_iter()
            .filter(|(_, ops)| !ops.is_empty())
            .map(|(name, ops)| Tag { anchor: name.replace(' ', "-").to_lowercase(), name, ops })
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
