//! The API reference as a client reads it: every request example of `/openapi.json`, sent as it
//! is, passes the envelope and shape checks; each operation's error examples are its own codes
//! with the domain's messages (401/403 the authentication errors); the HTML page renders the
//! Markdown and has a navigation by tag with a search box.

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Refusals that mean the request itself is malformed (envelope, id, version, body shape).
const SHAPE_CODES: &[&str] = &[
    "PMS_REQUEST_ERROR_001",
    "PMS_REQUEST_ERROR_002",
    "PMS_REQUEST_ERROR_003",
    "PMS_REQUEST_ERROR_004",
    "PMS_REQUEST_ERROR_005",
    "PMS_REQUEST_ERROR_006",
    "PMS_COR_001",
    "PMS_COR_002",
];

async fn document(app: &TestApp) -> Value {
    app.client.get(app.url("/openapi.json")).send().await.unwrap().json().await.unwrap()
}

fn codes_of(example: &Value) -> Vec<String> {
    example["value"]["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["errorCode"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn every_request_example_passes_the_envelope_and_shape_checks() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let group_id = app.create_group(&token, "Banking").await;
    let policy_id = app.create_policy(&token, "Banking", "KYC for banks", "Auth").await;
    let doc = document(&app).await;
    let mut failures = Vec::new();
    let mut sent = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let Some(content) = op.pointer("/requestBody/content").and_then(Value::as_object) else { continue };
            let Some((media, body)) = content.iter().next() else { continue };
            if media != "application/json" {
                continue;
            }
            let Some(example) = body.get("example") else {
                failures.push(format!("{method} {path}: no request example"));
                continue;
            };
            if example.get("request").is_some() && example["id"].is_null() {
                failures.push(format!("{method} {path}: the envelope example has no id"));
            }
            let url = path
                .replace("{policyId}", &policy_id)
                .replace("{policygroupId}", &group_id)
                .replace("{groupName}", "Banking")
                .replace("{policygroupName}", "Banking")
                .replace("{partnerId}", "no-such-partner")
                .replace("{certificateId}", "no-such-certificate");
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let (status, answer) = app.send(method.clone(), &url, Some(&token), Some(example.clone())).await;
            sent += 1;
            // RFC 7591 answers every refusal with 400 and names PMS's code in the description.
            if let Some(description) = answer["error_description"].as_str() {
                let code = description.split(':').next().unwrap_or_default();
                if status.is_server_error() || SHAPE_CODES.contains(&code) {
                    failures.push(format!("{method} {path}: {status} {answer}\n  sent {example}"));
                }
                continue;
            }
            let code = error_code(&answer).unwrap_or_default();
            if matches!(
                status,
                StatusCode::BAD_REQUEST | StatusCode::UNSUPPORTED_MEDIA_TYPE | StatusCode::UNPROCESSABLE_ENTITY
            ) || status.is_server_error()
                || SHAPE_CODES.contains(&code.as_str())
            {
                failures.push(format!("{method} {path}: {status} {answer}\n  sent {example}"));
            }
        }
    }
    assert!(sent > 30, "only {sent} request examples found");
    assert!(failures.is_empty(), "{} refused examples:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn error_examples_belong_to_their_operation() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    // A code may be listed twice (one message per context); the first is the one documented.
    let mut messages: BTreeMap<&str, &str> = BTreeMap::new();
    for c in pms_domain::error::ALL {
        messages.entry(c.code).or_insert(c.message);
    }
    let mut operations_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut failures = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let name = format!("{} {path}", method.to_uppercase());
            for (status, response) in op["responses"].as_object().unwrap() {
                let examples = response.pointer("/content/application~1json/examples").and_then(Value::as_object);
                for (example_name, example) in examples.into_iter().flatten() {
                    let codes = codes_of(example);
                    match (status.as_str(), example_name.as_str()) {
                        ("401", _) if codes != ["KER-ATH-401"] => failures.push(format!("{name}: 401 shows {codes:?}")),
                        ("403", _) if codes != ["KER-ATH-403"] => failures.push(format!("{name}: 403 shows {codes:?}")),
                        ("200", "success") if !codes.is_empty() => {
                            failures.push(format!("{name}: the success example has errors {codes:?}"))
                        }
                        ("200", code) if code != "success" => {
                            if codes != [code] {
                                failures.push(format!("{name}: example {code} shows {codes:?}"));
                            }
                            let message = example["value"]["errors"][0]["message"].as_str().unwrap_or_default();
                            match messages.get(code) {
                                Some(m) if m.replace("%s", "…").trim_end() == message => {}
                                _ => {
                                    failures.push(format!("{name}: {code} says {message:?}, not the domain's message"))
                                }
                            }
                            operations_of.entry(code.to_string()).or_default().insert(name.clone());
                        }
                        _ => {}
                    }
                }
            }
            if op.get("security").is_some() {
                for status in ["401", "403"] {
                    if op["responses"]
                        .get(status)
                        .and_then(|r| r.pointer("/content/application~1json/examples"))
                        .is_none()
                    {
                        failures.push(format!("{name}: no {status} example"));
                    }
                }
            }
        }
    }
    // The old placeholder belongs to the two operations that name policy groups, and nowhere else.
    assert_eq!(
        operations_of.get("PMS_POL_014").cloned().unwrap_or_default(),
        BTreeSet::from([
            "POST /v1/policymanager/policies/group/new".to_string(),
            "PUT /v1/policymanager/policies/group/{policygroupId}".to_string()
        ])
    );
    assert!(operations_of.get("PMS_PV_005").is_some_and(|ops| ops.iter().all(|o| o.contains("/policies"))));
    assert!(operations_of.len() > 40, "{} codes documented", operations_of.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_reference_page_renders_markdown_and_navigates_by_tag() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/api-docs")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"<nav class="docs-nav" id="docs-nav""#));
    assert!(html.contains(r#"<input type="search" id="op-search""#), "the search box, shown by the script");
    assert!(html.contains(r#"<a href="/" id="back-to-portal">"#));
    assert!(html.contains(r##"<a href="#policies"><strong>Policies</strong></a>"##));
    assert!(html.contains(r##"href="#patch-v1-policymanager-policies--policyId-""##), "each operation has an anchor");
    // Markdown of the descriptions, not its source.
    assert!(html.contains("<code>errors</code>") && !html.contains("`errors`"));
    // The revamp deactivation example carries its envelope id.
    assert!(html.contains("&#34;id&#34;: &#34;mosip.pms.deactivate.policy.patch&#34;"));
    assert_eq!(html.matches("<summary>PMS_POL_014 —").count(), 2);
    assert!(!html.contains("Policy group exists with name : Banking"));
}
