//! Integration tests of the MOSIP policy service (`/v1/policymanager`, reference §4.12): every
//! endpoint of `crates/web/src/api/policies.rs`, its success path and the error codes it answers,
//! over HTTP against a fresh database per test.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

const PM: &str = "/v1/policymanager";
const GROUP_NEW: &str = "/v1/policymanager/policies/group/new";
const POLICIES: &str = "/v1/policymanager/policies";
const DEACTIVATE_POLICY_ID: &str = "mosip.pms.deactivate.policy.patch";
const DEACTIVATE_GROUP_ID: &str = "mosip.pms.deactivate.policy.group.patch";

// ------------------------------------------------------------------ helpers

async fn setup() -> (TestApp, String) {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    (app, token)
}

fn code(body: &Value) -> String {
    error_code(body).unwrap_or_else(|| "<no error>".into())
}

fn message(body: &Value) -> String {
    body["errors"][0]["message"].as_str().unwrap_or_default().to_string()
}

fn utc_timestamp(v: &Value) -> bool {
    let re = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$").unwrap();
    v.as_str().is_some_and(|s| re.is_match(s))
}

fn local_timestamp(v: &Value) -> bool {
    let re = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$").unwrap();
    v.as_str().is_some_and(|s| re.is_match(s))
}

fn day_offset(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// A successful answer: HTTP 200, no errors; returns `response`.
#[track_caller]
fn ok(status: StatusCode, body: &Value) -> Value {
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["errors"], json!([]), "{body}");
    assert!(!body["response"].is_null(), "{body}");
    body["response"].clone()
}

/// A MOSIP business error: HTTP 200, `response: null`, exactly this first error code.
#[track_caller]
fn refused(status: StatusCode, body: &Value, expected: &str) {
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(code(body), expected, "{body}");
    assert!(body["response"].is_null(), "{body}");
}

/// A business error with its exact message.
#[track_caller]
fn refused_with(status: StatusCode, body: &Value, expected: &str, text: &str) {
    refused(status, body, expected);
    assert_eq!(message(body), text, "{body}");
}

/// A V2 error envelope: the endpoint's API id, version 1.0, `responseTime`, one error.
#[track_caller]
fn refused_v2(status: StatusCode, body: &Value, api_id: &str, expected: &str) {
    refused(status, body, expected);
    assert_eq!(body["id"], api_id, "{body}");
    assert_eq!(body["version"], "1.0", "{body}");
    assert!(utc_timestamp(&body["responseTime"]), "{body}");
    assert_eq!(body["errors"].as_array().map(Vec::len), Some(1), "{body}");
}

fn misp_policy() -> Value {
    json!({"allowAuthRequestDelegation": true, "allowKycRequestDelegation": false, "allowKeyBindingDelegation": false})
}

fn document(policy_type: &str) -> Value {
    match policy_type.to_ascii_lowercase().as_str() {
        "datashare" | "credentialissuance" => data_share_policy(),
        "misp" => misp_policy(),
        _ => auth_policy(),
    }
}

fn auth_without(key: &str) -> Value {
    let mut d = auth_policy();
    d.as_object_mut().unwrap().remove(key);
    d
}

fn policy_request(group: &str, name: &str, policy_type: &str, policies: Value) -> Value {
    json!({"policyGroupName": group, "policyType": policy_type, "name": name, "desc": format!("{name} description"),
           "version": "1.0", "policies": policies})
}

async fn new_group(app: &TestApp, token: &str, name: &str, desc: &str) -> (StatusCode, Value) {
    app.post(GROUP_NEW, token, legacy(json!({"name": name, "desc": desc}))).await
}

async fn group_with_desc(app: &TestApp, token: &str, name: &str, desc: &str) -> String {
    let (s, b) = new_group(app, token, name, desc).await;
    ok(s, &b)["id"].as_str().unwrap().to_string()
}

async fn post_policy(app: &TestApp, token: &str, request: Value) -> (StatusCode, Value) {
    app.post(POLICIES, token, legacy(request)).await
}

async fn policy_with_desc(
    app: &TestApp,
    token: &str,
    group: &str,
    name: &str,
    policy_type: &str,
    desc: &str,
) -> String {
    let mut r = policy_request(group, name, policy_type, document(policy_type));
    r["desc"] = json!(desc);
    let (s, b) = post_policy(app, token, r).await;
    ok(s, &b)["id"].as_str().unwrap().to_string()
}

async fn update_policy(app: &TestApp, token: &str, id: &str, request: Value) -> (StatusCode, Value) {
    app.put(&format!("{POLICIES}/{id}"), token, legacy(request)).await
}

async fn publish(app: &TestApp, token: &str, policy: &str, group: &str) -> (StatusCode, Value) {
    app.post(&format!("{POLICIES}/{policy}/group/{group}/publish"), token, json!({})).await
}

async fn published(app: &TestApp, token: &str, policy: &str, group: &str) {
    let (s, b) = publish(app, token, policy, group).await;
    ok(s, &b);
}

async fn deactivate_policy(app: &TestApp, token: &str, policy: &str) -> (StatusCode, Value) {
    app.patch(&format!("{POLICIES}/{policy}"), token, v2(DEACTIVATE_POLICY_ID, json!({"status": "De-Activate"}))).await
}

async fn deactivate_group(app: &TestApp, token: &str, group: &str) -> (StatusCode, Value) {
    app.patch(&format!("{POLICIES}/group/{group}"), token, v2(DEACTIVATE_GROUP_ID, json!({"status": "De-Activate"})))
        .await
}

async fn legacy_status(app: &TestApp, token: &str, policy: &str, group: &str, status: &str) -> (StatusCode, Value) {
    app.patch(&format!("{POLICIES}/{policy}/group/{group}"), token, legacy(json!({"status": status}))).await
}

async fn get_policy(app: &TestApp, token: &str, id: &str) -> Value {
    let (s, b) = app.get(&format!("{POLICIES}/{id}"), token).await;
    ok(s, &b)
}

async fn get_group(app: &TestApp, token: &str, id: &str) -> Value {
    let (s, b) = app.get(&format!("{POLICIES}/group/{id}"), token).await;
    ok(s, &b)
}

async fn history(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    let (s, b) = app.get(&format!("{POLICIES}/{id}/history"), token).await;
    ok(s, &b).as_array().cloned().unwrap()
}

async fn all_policies(app: &TestApp, token: &str) -> Vec<Value> {
    let (s, b) = app.get(POLICIES, token).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["errors"], json!([]), "{b}");
    b["response"].as_array().cloned().unwrap()
}

async fn audit(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let (s, b) = app.get(&format!("/v1/pms/audit?pageNo=0&pageSize=100&{query}"), token).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["response"]["data"].as_array().cloned().unwrap_or_default()
}

/// (action, outcome, errorCode) of audit rows, sorted for order-independent comparison.
fn audit_summary(rows: &[Value]) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap_or_default().to_string(),
                r["outcome"].as_str().unwrap_or_default().to_string(),
                r["details"]["errorCode"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn row(action: &str, outcome: &str, code: &str) -> (String, String, String) {
    (action.to_string(), outcome.to_string(), code.to_string())
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .map(|a| a.iter().map(|x| x[key].as_str().unwrap_or_default().to_string()).collect())
        .unwrap_or_default()
}

/// Lets consecutive creations get distinct millisecond timestamps.
async fn tick() {
    tokio::time::sleep(Duration::from_millis(5)).await;
}

async fn insert_partner(app: &TestApp, id: &str) {
    app.fixtures.partner(id, "Auth_Partner", pms_domain::partner::PartnerStatus::Approved).await;
}

async fn insert_api_key(app: &TestApp, partner: &str, policy: &str, active: bool) {
    app.fixtures.api_key(partner, policy, active).await;
}

async fn insert_policy_request(app: &TestApp, partner: &str, policy: &str, status: &str) {
    app.fixtures.policy_request(partner, policy, status).await;
}

/// Two groups and five policies in every state, created in this order:
/// Banking: Alpha KYC (Auth, activated), Bravo Share (DataShare, draft), Charlie Misp (MISP, deactivated);
/// Health: Delta Cred (CredentialIssuance, draft), Echo Auth (Auth, activated).
struct Seeded {
    banking: String,
    health: String,
    alpha: String,
    bravo: String,
    charlie: String,
    delta: String,
    echo: String,
}

async fn seed(app: &TestApp, token: &str) -> Seeded {
    let banking = group_with_desc(app, token, "Banking", "Banks and payment institutions").await;
    let health = group_with_desc(app, token, "Health", "Hospitals and clinics").await;
    let alpha = policy_with_desc(app, token, "Banking", "Alpha KYC", "Auth", "Identity checks for banks").await;
    tick().await;
    let bravo = policy_with_desc(app, token, "Banking", "Bravo Share", "DataShare", "Share data with banks").await;
    tick().await;
    let charlie = policy_with_desc(app, token, "Banking", "Charlie Misp", "MISP", "Delegation for operators").await;
    tick().await;
    let delta =
        policy_with_desc(app, token, "Health", "Delta Cred", "CredentialIssuance", "Credentials for hospitals").await;
    tick().await;
    let echo = policy_with_desc(app, token, "Health", "Echo Auth", "Auth", "Patient identity").await;
    published(app, token, &alpha, &banking).await;
    published(app, token, &charlie, &banking).await;
    published(app, token, &echo, &health).await;
    let (s, b) = deactivate_policy(app, token, &charlie).await;
    ok(s, &b);
    Seeded { banking, health, alpha, bravo, charlie, delta, echo }
}

// ------------------------------------------------------------------ policy groups: create / update

#[tokio::test]
async fn group_create_answers_mosip_shape_and_enforces_unique_names_and_lengths() {
    let (app, token) = setup().await;
    let (s, body) = new_group(&app, &token, "Banking", "Banks and payment institutions").await;
    let g = ok(s, &body);
    assert_eq!(body["id"], "mosip.pms.test", "legacy answers echo the request id: {body}");
    assert_eq!(body["version"], "1.0");
    assert!(utc_timestamp(&body["responsetime"]), "{body}");
    assert!(!g["id"].as_str().unwrap().is_empty());
    assert_eq!(g["name"], "Banking");
    assert_eq!(g["desc"], "Banks and payment institutions");
    assert_eq!(g["is_Active"], true);
    assert_eq!(g["cr_by"], "admin");
    assert!(utc_timestamp(&g["cr_dtimes"]), "{g}");
    assert!(g["up_by"].is_null() && g["upd_dtimes"].is_null(), "{g}");

    // Names are unique regardless of case (and of surrounding blanks).
    for dup in ["Banking", "BANKING", "banking"] {
        let (s, b) = new_group(&app, &token, dup, "Another regulator").await;
        refused_with(s, &b, "PMS_POL_014", &format!("Policy group exists with name : {dup}"));
    }
    let (s, b) = new_group(&app, &token, "  banking ", "Another regulator").await;
    refused(s, &b, "PMS_POL_014");

    // Length limits: name 1..128, desc 1..256, both required.
    let (s, b) = new_group(&app, &token, &"N".repeat(128), &"d".repeat(256)).await;
    ok(s, &b);
    let (s, b) = new_group(&app, &token, &"M".repeat(129), "desc").await;
    refused_with(s, &b, "PMS_COR_001", "Invalid request parameter - size must be between 1 and 128 :name");
    let (s, b) = new_group(&app, &token, "Health", &"d".repeat(257)).await;
    refused_with(s, &b, "PMS_COR_001", "Invalid request parameter - size must be between 1 and 256 :desc");
    let (s, b) = app.post(GROUP_NEW, &token, legacy(json!({"desc": "no name"}))).await;
    refused_with(s, &b, "PMS_COR_001", "Invalid request parameter - must not be null :name");
    let (s, b) = app.post(GROUP_NEW, &token, legacy(json!({"name": "Health"}))).await;
    refused_with(s, &b, "PMS_COR_001", "Invalid request parameter - must not be null :desc");
    let (s, b) = new_group(&app, &token, "", "empty name").await;
    refused(s, &b, "PMS_COR_001");
    assert!(message(&b).starts_with("Invalid request parameter - ") && message(&b).ends_with(" :name"), "{b}");

    // Only the two valid groups exist.
    let (s, b) = app.get(&format!("{POLICIES}/group/all"), &token).await;
    let all = ok(s, &b);
    let mut got: Vec<String> =
        all.as_array().unwrap().iter().map(|g| g["policyGroup"]["name"].as_str().unwrap().to_string()).collect();
    got.sort();
    assert_eq!(got, vec!["Banking".to_string(), "N".repeat(128)]);
}

#[tokio::test]
async fn group_update_renames_and_refuses_clashes_unknown_ids_and_bad_fields() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    app.create_group(&token, "Health").await;
    let url = format!("{POLICIES}/group/{banking}");

    let (s, b) = app
        .put(&url, &token, legacy(json!({"name": "Banking & Finance", "desc": "Banks and insurers", "isActive": true})))
        .await;
    let g = ok(s, &b);
    assert_eq!(g["id"], banking.as_str());
    assert_eq!(g["name"], "Banking & Finance");
    assert_eq!(g["desc"], "Banks and insurers");
    assert_eq!(g["is_Active"], true);
    assert_eq!(g["cr_by"], "admin");
    assert_eq!(g["up_by"], "admin");
    assert!(utc_timestamp(&g["upd_dtimes"]), "{g}");
    let read = get_group(&app, &token, &banking).await;
    assert_eq!(read["policyGroup"]["name"], "Banking & Finance");
    assert_eq!(read["policyGroup"]["desc"], "Banks and insurers");
    assert_eq!(read["policyGroup"]["updBy"], "admin");

    // Another group's name, in any case, is taken; nothing changes.
    let (s, b) = app.put(&url, &token, legacy(json!({"name": "HEALTH", "desc": "x", "isActive": true}))).await;
    refused_with(s, &b, "PMS_POL_014", "Policy group exists with name : HEALTH");
    let read = get_group(&app, &token, &banking).await;
    assert_eq!(read["policyGroup"]["name"], "Banking & Finance");
    assert_eq!(read["policyGroup"]["desc"], "Banks and insurers");

    // Its own name in another case is fine; an omitted isActive leaves the flag alone.
    let (s, b) = app.put(&url, &token, legacy(json!({"name": "BANKING & FINANCE", "desc": "Banks"}))).await;
    let g = ok(s, &b);
    assert_eq!(g["name"], "BANKING & FINANCE");
    assert_eq!(g["is_Active"], true);

    // Field rules as on create.
    let (s, b) = app.put(&url, &token, legacy(json!({"name": "N".repeat(129), "desc": "x", "isActive": true}))).await;
    refused_with(s, &b, "PMS_COR_001", "Invalid request parameter - size must be between 1 and 128 :name");
    let (s, b) = app.put(&url, &token, legacy(json!({"name": "Banking", "isActive": true}))).await;
    refused_with(s, &b, "PMS_COR_001", "Invalid request parameter - must not be null :desc");
    let (s, b) =
        app.put(&url, &token, legacy(json!({"name": "Banking", "desc": "d".repeat(257), "isActive": true}))).await;
    refused_with(s, &b, "PMS_COR_001", "Invalid request parameter - size must be between 1 and 256 :desc");

    // Unknown group id: MOSIP answers with the policy-id code (reference §4.12 #95).
    let (s, b) = app
        .put(
            &format!("{POLICIES}/group/no-such-group"),
            &token,
            legacy(json!({"name": "Other", "desc": "x", "isActive": true})),
        )
        .await;
    refused(s, &b, "PMS_POL_008");
}

// ------------------------------------------------------------------ policy groups: deactivation

#[tokio::test]
async fn group_deactivation_by_patch_is_guarded_by_its_policies() {
    let (app, token) = setup().await;
    let mixed = app.create_group(&token, "Mixed").await;
    let active = app.create_policy(&token, "Mixed", "Published one", "Auth").await;
    published(&app, &token, &active, &mixed).await;
    app.create_policy(&token, "Mixed", "Draft one", "Auth").await;
    let active_only = app.create_group(&token, "ActiveOnly").await;
    let only = app.create_policy(&token, "ActiveOnly", "Published", "MISP").await;
    published(&app, &token, &only, &active_only).await;
    let drafts_only = app.create_group(&token, "DraftsOnly").await;
    app.create_policy(&token, "DraftsOnly", "Draft", "DataShare").await;
    let empty = app.create_group(&token, "Empty").await;

    for (group, expected, text) in [
        (&mixed, "PMS_POL_069", "Active or draft policies are associated with the policy group"),
        (&active_only, "PMS_POL_056", "Active policies exists under the policy group."),
        (&drafts_only, "PMS_POL_070", "Draft policies exists under the policy group."),
    ] {
        let (s, b) = deactivate_group(&app, &token, group).await;
        refused_v2(s, &b, DEACTIVATE_GROUP_ID, expected);
        assert_eq!(message(&b), text);
        assert_eq!(
            get_group(&app, &token, group).await["policyGroup"]["isActive"],
            true,
            "refused deactivation changed {group}"
        );
    }

    // Status must be De-Activate; unknown and blank ids.
    let url = format!("{POLICIES}/group/{empty}");
    let (s, b) = app.patch(&url, &token, v2(DEACTIVATE_GROUP_ID, json!({"status": "Activate"}))).await;
    refused_v2(s, &b, DEACTIVATE_GROUP_ID, "PMS_POL_073");
    assert_eq!(message(&b), "Request status should be De-Activate");
    let (s, b) = app.patch(&url, &token, v2(DEACTIVATE_GROUP_ID, json!({}))).await;
    refused_v2(s, &b, DEACTIVATE_GROUP_ID, "PMS_POL_073");
    let (s, b) = deactivate_group(&app, &token, "no-such-group").await;
    refused_v2(s, &b, DEACTIVATE_GROUP_ID, "PMS_POL_068");
    assert_eq!(message(&b), "The specified policy group does not exist");
    let (s, b) = deactivate_group(&app, &token, "%20").await;
    refused_v2(s, &b, DEACTIVATE_GROUP_ID, "PMS_COR_002");
    let (s, b) = app
        .patch(
            &format!("{POLICIES}/group/no-such-group"),
            &token,
            v2(DEACTIVATE_GROUP_ID, json!({"status": "Activate"})),
        )
        .await;
    refused_v2(s, &b, DEACTIVATE_GROUP_ID, "PMS_POL_073");
    assert_eq!(get_group(&app, &token, &empty).await["policyGroup"]["isActive"], true);

    // The V2 envelope is checked first.
    let mut wrong = v2(DEACTIVATE_GROUP_ID, json!({"status": "De-Activate"}));
    wrong["id"] = json!(DEACTIVATE_POLICY_ID);
    let (s, b) = app.patch(&url, &token, wrong).await;
    refused_v2(s, &b, DEACTIVATE_GROUP_ID, "PMS_REQUEST_ERROR_002");

    // An empty group deactivates once.
    let (s, b) = deactivate_group(&app, &token, &empty).await;
    let r = ok(s, &b);
    assert_eq!(r, json!({"policyGroupId": empty, "isActive": false}));
    assert_eq!(b["id"], DEACTIVATE_GROUP_ID);
    assert_eq!(b["version"], "1.0");
    assert!(utc_timestamp(&b["responseTime"]), "{b}");
    assert_eq!(get_group(&app, &token, &empty).await["policyGroup"]["isActive"], false);
    let (s, b) = deactivate_group(&app, &token, &empty).await;
    refused_v2(s, &b, DEACTIVATE_GROUP_ID, "PMS_POL_067");
    assert_eq!(message(&b), "The policy group has already been deactivated");

    // Once its only active policy is deactivated, the group may follow.
    let (s, b) = deactivate_policy(&app, &token, &only).await;
    ok(s, &b);
    let (s, b) = deactivate_group(&app, &token, &active_only).await;
    assert_eq!(ok(s, &b)["isActive"], false);

    // Refused attempts are in the audit trail as failures.
    let rows = audit(&app, &token, &format!("entityType=policy_group&entityId={mixed}")).await;
    assert!(audit_summary(&rows).contains(&row("policy_group.deactivate", "failure", "PMS_POL_069")), "{rows:?}");
    let rows = audit(&app, &token, &format!("entityType=policy_group&entityId={empty}&outcome=success")).await;
    assert!(audit_summary(&rows).contains(&row("policy_group.deactivate", "success", "")), "{rows:?}");
}

#[tokio::test]
async fn group_deactivation_and_reactivation_by_put() {
    let (app, token) = setup().await;
    let mixed = app.create_group(&token, "Mixed").await;
    let p = app.create_policy(&token, "Mixed", "Published", "Auth").await;
    published(&app, &token, &p, &mixed).await;
    app.create_policy(&token, "Mixed", "Draft", "Auth").await;
    let active_only = app.create_group(&token, "ActiveOnly").await;
    let q = app.create_policy(&token, "ActiveOnly", "Published", "Auth").await;
    published(&app, &token, &q, &active_only).await;
    let drafts_only = app.create_group(&token, "DraftsOnly").await;
    app.create_policy(&token, "DraftsOnly", "Draft", "Auth").await;

    for (group, name, expected) in [
        (&mixed, "Mixed", "PMS_POL_069"),
        (&active_only, "ActiveOnly", "PMS_POL_056"),
        (&drafts_only, "DraftsOnly", "PMS_POL_070"),
    ] {
        let body = legacy(json!({"name": "Renamed", "desc": "renamed too", "isActive": false}));
        let (s, b) = app.put(&format!("{POLICIES}/group/{group}"), &token, body).await;
        refused(s, &b, expected);
        let g = get_group(&app, &token, group).await;
        assert_eq!(g["policyGroup"]["isActive"], true, "{g}");
        assert_eq!(g["policyGroup"]["name"], name, "a refused update must not rename: {g}");
    }

    let empty = app.create_group(&token, "Empty").await;
    let url = format!("{POLICIES}/group/{empty}");
    let (s, b) =
        app.put(&url, &token, legacy(json!({"name": "Empty", "desc": "Empty sector", "isActive": false}))).await;
    assert_eq!(ok(s, &b)["is_Active"], false);
    // An inactive group takes no policies and is not offered to partners.
    let (s, b) = post_policy(&app, &token, policy_request("Empty", "KYC", "Auth", auth_policy())).await;
    refused_with(s, &b, "PMS_POL_053", "Policy group is not active.");
    let (s, b) = app.get(&format!("{POLICIES}/policy-groups"), &token).await;
    assert!(!names(&ok(s, &b), "name").contains(&"Empty".to_string()), "{b}");

    // Re-activation.
    let (s, b) =
        app.put(&url, &token, legacy(json!({"name": "Empty", "desc": "Empty sector", "isActive": true}))).await;
    assert_eq!(ok(s, &b)["is_Active"], true);
    assert_eq!(get_group(&app, &token, &empty).await["policyGroup"]["isActive"], true);
    let (s, b) = post_policy(&app, &token, policy_request("Empty", "KYC", "Auth", auth_policy())).await;
    ok(s, &b);
    let (s, b) = app.get(&format!("{POLICIES}/policy-groups"), &token).await;
    assert!(names(&ok(s, &b), "name").contains(&"Empty".to_string()), "{b}");
}

// ------------------------------------------------------------------ policies: create

#[tokio::test]
async fn policy_create_accepts_all_four_types_as_drafts() {
    let (app, token) = setup().await;
    let group = app.create_group(&token, "Banking").await;
    for policy_type in ["Auth", "DataShare", "CredentialIssuance", "MISP"] {
        let name = format!("{policy_type} policy");
        let doc = document(policy_type);
        let (s, b) = post_policy(&app, &token, policy_request("Banking", &name, policy_type, doc.clone())).await;
        let r = ok(s, &b);
        let id = r["id"].as_str().unwrap().to_string();
        assert!(!id.is_empty());
        assert_eq!(r["policyGroupName"], "Banking");
        assert_eq!(r["name"], name.as_str());
        assert_eq!(r["desc"], format!("{name} description"));
        assert_eq!(r["is_Active"], false);
        assert_eq!(r["cr_by"], "admin");
        assert!(utc_timestamp(&r["cr_dtimes"]), "{r}");

        let p = get_policy(&app, &token, &id).await;
        assert_eq!(p["policyId"], id.as_str());
        assert_eq!(p["policyType"], policy_type);
        assert_eq!(p["policyName"], name.as_str());
        assert_eq!(p["status"], "DRAFTED");
        assert_eq!(p["is_Active"], false);
        assert!(p["schema"].is_null(), "a draft has no schema: {p}");
        assert_eq!(p["policies"], doc);
        assert_eq!(p["version"], "1.0");
        assert_eq!(p["policyGroupId"], group.as_str());
        assert_eq!(p["policyGroupName"], "Banking");
        assert_eq!(p["policyGroupStatus"], true);
        let year = |v: &Value| v.as_str().unwrap()[..4].parse::<i32>().unwrap();
        assert_eq!(year(&p["validTill"]) - year(&p["publishDate"]), 200, "valid for 200 years: {p}");
    }

    // Types are matched case-insensitively.
    let (s, b) = post_policy(&app, &token, policy_request("Banking", "Lower misp", "misp", misp_policy())).await;
    let id = ok(s, &b)["id"].as_str().unwrap().to_string();
    assert!(get_policy(&app, &token, &id).await["policyType"].as_str().unwrap().eq_ignore_ascii_case("MISP"));

    // A client-chosen id is kept.
    let mut r = policy_request("Banking", "Chosen id", "Auth", auth_policy());
    r["policyId"] = json!("kyc-policy-001");
    let (s, b) = post_policy(&app, &token, r).await;
    assert_eq!(ok(s, &b)["id"], "kyc-policy-001");
    assert_eq!(get_policy(&app, &token, "kyc-policy-001").await["policyName"], "Chosen id");

    assert_eq!(all_policies(&app, &token).await.len(), 6);
    // Creating a draft announces nothing.
    assert!(app.events("POLICY_UPDATED").await.is_empty());
}

#[tokio::test]
async fn policy_create_refusals_come_in_mosip_check_order() {
    let (app, token) = setup().await;
    app.create_group(&token, "Banking").await;
    app.create_policy(&token, "Banking", "KYC", "Auth").await;
    let closed = app.create_group(&token, "Closed").await;
    let (s, b) = deactivate_group(&app, &token, &closed).await;
    ok(s, &b);
    let invalid = auth_without("authTokenType");

    // Type before group, group before state, state before name, name before document.
    let (s, b) = post_policy(&app, &token, policy_request("Nowhere", "X", "KYC", invalid.clone())).await;
    refused_with(s, &b, "PMS_POL_023", "Given policy type is not allowed");
    let (s, b) = post_policy(&app, &token, policy_request("Nowhere", "X", "Auth", invalid.clone())).await;
    refused_with(s, &b, "PMS_POL_019", "Policy group name does not exist");
    let (s, b) = post_policy(&app, &token, policy_request("Closed", "X", "Auth", invalid.clone())).await;
    refused_with(s, &b, "PMS_POL_053", "Policy group is not active.");
    let (s, b) = post_policy(&app, &token, policy_request("Banking", "kyc", "Auth", invalid.clone())).await;
    refused_with(s, &b, "PMS_POL_009", "Auth policy exists with name : kyc");
    let (s, b) = post_policy(&app, &token, policy_request("Banking", "KYC", "DataShare", data_share_policy())).await;
    refused(s, &b, "PMS_POL_009");

    // The same name in another group is fine.
    app.create_group(&token, "Health").await;
    let (s, b) = post_policy(&app, &token, policy_request("Health", "KYC", "Auth", auth_policy())).await;
    ok(s, &b);

    // Field rules (bean validation, PMS_COR_001 naming the field).
    let base = policy_request("Banking", "Fields", "Auth", auth_policy());
    let cases: Vec<(Value, &str)> = vec![
        (
            {
                let mut r = base.clone();
                r["policies"] = Value::Null;
                r
            },
            "Invalid request parameter - must not be null :policies",
        ),
        (
            {
                let mut r = base.clone();
                r.as_object_mut().unwrap().remove("policies");
                r
            },
            "Invalid request parameter - must not be null :policies",
        ),
        (
            {
                let mut r = base.clone();
                r.as_object_mut().unwrap().remove("name");
                r
            },
            "Invalid request parameter - must not be null :name",
        ),
        (
            {
                let mut r = base.clone();
                r.as_object_mut().unwrap().remove("policyType");
                r
            },
            "Invalid request parameter - must not be null :policyType",
        ),
        (
            {
                let mut r = base.clone();
                r.as_object_mut().unwrap().remove("policyGroupName");
                r
            },
            "Invalid request parameter - must not be null :policyGroupName",
        ),
        (
            {
                let mut r = base.clone();
                r["version"] = json!("123456789");
                r
            },
            "Invalid request parameter - size must be between 1 and 8 :version",
        ),
        (
            {
                let mut r = base.clone();
                r["desc"] = json!("d".repeat(257));
                r
            },
            "Invalid request parameter - size must be between 1 and 256 :desc",
        ),
        (
            {
                let mut r = base.clone();
                r["name"] = json!("n".repeat(129));
                r
            },
            "Invalid request parameter - size must be between 1 and 128 :name",
        ),
    ];
    for (request, text) in cases {
        let (s, b) = post_policy(&app, &token, request).await;
        refused_with(s, &b, "PMS_COR_001", text);
    }

    // Nothing but the two good policies exists.
    let all = all_policies(&app, &token).await;
    assert_eq!(all.len(), 2, "{all:?}");
}

#[tokio::test]
async fn policy_documents_are_checked_against_their_schema_with_json_paths() {
    let (app, token) = setup().await;
    app.create_group(&token, "Banking").await;
    let mut extra_spelling = auth_policy();
    extra_spelling["allowedKYCAttributes"] = json!([{"attributeName": "fullName"}]);
    let mut wrong_type = auth_policy();
    wrong_type["allowedAuthTypes"][0]["mandatory"] = json!("no");
    let mut empty_array = auth_policy();
    empty_array["allowedAuthTypes"] = json!([]);
    let mut empty_string = auth_policy();
    empty_string["allowedAuthTypes"][0]["authType"] = json!("");
    let mut bad_enum = auth_policy();
    bad_enum["authTokenType"] = json!("session");
    let mut nested_missing = auth_policy();
    nested_missing["allowedAuthTypes"][1].as_object_mut().unwrap().remove("mandatory");
    let mut extra_in_item = auth_policy();
    extra_in_item["allowedKycAttributes"][0]["required"] = json!(true);
    let mut share_missing = data_share_policy();
    share_missing.as_object_mut().unwrap().remove("shareableAttributes");
    let mut share_enum = data_share_policy();
    share_enum["dataSharePolicies"]["encryptionType"] = json!("AES");
    let mut misp_type = misp_policy();
    misp_type["allowKycRequestDelegation"] = json!("yes");

    let cases: Vec<(&str, Value, &str, &str)> = vec![
        ("Auth", auth_without("authTokenType"), "PMS_PV_006", "Missing input parameter - authTokenType in policy data"),
        ("Auth", extra_spelling, "PMS_PV_005", "Invalid input parameter - allowedKYCAttributes in policy data"),
        ("Auth", wrong_type, "PMS_PV_007", "Format Error: Expected format is allowedAuthTypes/0/mandatory/boolean."),
        ("Auth", empty_array, "PMS_PV_008", "Empty array is not allowed in allowedAuthTypes."),
        ("Auth", empty_string, "PMS_PV_009", "Empty string is not allowed in allowedAuthTypes/0/authType."),
        ("Auth", bad_enum, "PMS_PV_005", "Invalid input parameter - authTokenType in policy data"),
        ("Auth", nested_missing, "PMS_PV_006", "Missing input parameter - allowedAuthTypes/1/mandatory in policy data"),
        (
            "Auth",
            extra_in_item,
            "PMS_PV_005",
            "Invalid input parameter - allowedKycAttributes/0/required in policy data",
        ),
        (
            "DataShare",
            share_missing.clone(),
            "PMS_PV_006",
            "Missing input parameter - shareableAttributes in policy data",
        ),
        (
            "CredentialIssuance",
            share_missing,
            "PMS_PV_006",
            "Missing input parameter - shareableAttributes in policy data",
        ),
        (
            "DataShare",
            share_enum,
            "PMS_PV_005",
            "Invalid input parameter - dataSharePolicies/encryptionType in policy data",
        ),
        ("MISP", misp_type, "PMS_PV_007", "Format Error: Expected format is allowKycRequestDelegation/boolean."),
    ];
    let attempts = cases.len();
    for (i, (policy_type, doc, expected, text)) in cases.into_iter().enumerate() {
        let (s, b) =
            post_policy(&app, &token, policy_request("Banking", &format!("Policy {i}"), policy_type, doc)).await;
        refused_with(s, &b, expected, text);
    }
    assert!(all_policies(&app, &token).await.is_empty());
    let failures = audit(&app, &token, "entityType=policy&action=policy.create&outcome=failure").await;
    assert_eq!(failures.len(), attempts, "every refused create is audited: {failures:?}");
    assert!(
        failures.iter().all(|r| r["details"]["errorCode"].as_str().unwrap().starts_with("PMS_PV_00")),
        "{failures:?}"
    );
}

#[tokio::test]
async fn misspelt_kyc_attributes_key_is_refused_as_an_unwanted_property() {
    // Reference §5.1: `allowedKYCAttributes` (the spelling of MOSIP's unused DTO) is rejected as an
    // unwanted property (PMS_PV_005), which is what a client that used it needs to be told.
    let (app, token) = setup().await;
    app.create_group(&token, "Banking").await;
    let mut misspelt = auth_without("allowedKycAttributes");
    misspelt["allowedKYCAttributes"] = json!([{"attributeName": "fullName"}]);
    let (s, b) = post_policy(&app, &token, policy_request("Banking", "KYC", "Auth", misspelt)).await;
    refused_with(s, &b, "PMS_PV_005", "Invalid input parameter - allowedKYCAttributes in policy data");
    assert!(all_policies(&app, &token).await.is_empty());
}

// ------------------------------------------------------------------ policies: update

#[tokio::test]
async fn policy_update_rewrites_a_draft_and_announces_it() {
    let (app, token) = setup().await;
    let group = app.create_group(&token, "Banking").await;
    let id = app.create_policy(&token, "Banking", "KYC", "Auth").await;
    let mut doc = auth_policy();
    doc["authTokenType"] = json!("random");
    doc["kycLanguages"] = json!(["eng", "ara"]);
    let (s, b) = update_policy(&app, &token, &id, json!({"policyGroupName": "Banking", "name": "KYC v2", "desc": "Second draft", "version": "1.1", "policies": doc})).await;
    let r = ok(s, &b);
    assert_eq!(r["id"], id.as_str());
    assert_eq!(r["name"], "KYC v2");
    assert_eq!(r["desc"], "Second draft");
    assert_eq!(r["is_Active"], false);
    assert_eq!(r["up_by"], "admin");
    assert!(utc_timestamp(&r["upd_dtimes"]), "{r}");

    let p = get_policy(&app, &token, &id).await;
    assert_eq!(p["policyName"], "KYC v2");
    assert_eq!(p["policyDesc"], "Second draft");
    assert_eq!(p["version"], "1.1");
    assert_eq!(p["policies"], doc);
    assert_eq!(p["status"], "DRAFTED");
    assert_eq!(p["policyGroupId"], group.as_str());

    let h = history(&app, &token, &id).await;
    assert_eq!(h.len(), 2, "{h:?}");
    assert_eq!((h[0]["revision"].clone(), h[0]["change"].clone()), (json!(2), json!("updated")));
    assert_eq!((h[1]["revision"].clone(), h[1]["change"].clone()), (json!(1), json!("created")));

    let events = app.events("POLICY_UPDATED").await;
    assert_eq!(events.len(), 1, "{events:?}");
    let data = &events[0]["payload"]["event"]["data"]["policyData"];
    assert_eq!(data["policyId"], id.as_str());
    assert_eq!(data["policyStatus"], "DEACTIVE", "a draft is not active: {data}");
    assert_eq!(data["policyName"], "KYC v2");
    assert_eq!(data["policy"], doc);

    let rows = audit(&app, &token, &format!("entityType=policy&entityId={id}")).await;
    assert_eq!(audit_summary(&rows), vec![row("policy.create", "success", ""), row("policy.update", "success", "")]);
}

#[tokio::test]
async fn policy_update_refusals_change_nothing() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    app.create_group(&token, "Health").await;
    let closed = app.create_group(&token, "Closed").await;
    let (s, b) = deactivate_group(&app, &token, &closed).await;
    ok(s, &b);
    let id = app.create_policy(&token, "Banking", "KYC", "Auth").await;
    app.create_policy(&token, "Banking", "Other", "Auth").await;
    let published_id = app.create_policy(&token, "Banking", "Live", "Auth").await;
    published(&app, &token, &published_id, &banking).await;

    let before = get_policy(&app, &token, &id).await;
    let history_before = history(&app, &token, &id).await;
    let events_before = app.events("POLICY_UPDATED").await.len();
    assert_eq!(events_before, 1);
    let good = |group: &str, name: &str| json!({"policyGroupName": group, "name": name, "desc": "changed", "version": "9", "policies": auth_policy()});

    let (s, b) = update_policy(&app, &token, &id, good("Nowhere", "KYC")).await;
    refused_with(s, &b, "PMS_POL_019", "Policy group name does not exist");
    let (s, b) = update_policy(&app, &token, &id, good("Health", "KYC")).await;
    refused_with(s, &b, "PMS_POL_015", "Policy group and policy not mapped.");
    let (s, b) = update_policy(&app, &token, &id, good("Closed", "KYC")).await;
    refused_with(s, &b, "PMS_POL_053", "Policy group is not active.");
    let (s, b) = update_policy(&app, &token, "no-such-policy", good("Banking", "KYC")).await;
    refused_with(s, &b, "PMS_POL_008", "Policy ID does not exist");
    let (s, b) = update_policy(&app, &token, &id, good("Banking", "OTHER")).await;
    refused_with(s, &b, "PMS_POL_009", "Auth policy exists with name : OTHER");
    let mut bad = good("Banking", "KYC");
    bad["policies"] = auth_without("allowedAuthTypes");
    let (s, b) = update_policy(&app, &token, &id, bad).await;
    refused_with(s, &b, "PMS_PV_006", "Missing input parameter - allowedAuthTypes in policy data");
    // The document is checked against the stored type: a DataShare draft does not take an Auth document.
    let share = app.create_policy(&token, "Banking", "Share", "DataShare").await;
    let share_before = get_policy(&app, &token, &share).await;
    let (s, b) = update_policy(&app, &token, &share, good("Banking", "Share")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(code(&b).starts_with("PMS_PV_00"), "{b}");
    assert_eq!(get_policy(&app, &token, &share).await, share_before);
    let mut share_update = good("Banking", "Share");
    share_update["policies"] = data_share_policy();
    let (s, b) = update_policy(&app, &token, &share, share_update).await;
    assert_eq!(ok(s, &b)["desc"], "changed");
    let mut bad = good("Banking", "KYC");
    bad["version"] = json!("123456789");
    let (s, b) = update_policy(&app, &token, &id, bad).await;
    refused_with(s, &b, "PMS_COR_001", "Invalid request parameter - size must be between 1 and 8 :version");
    // Published policies are frozen.
    let (s, b) = update_policy(&app, &token, &published_id, good("Banking", "Live")).await;
    refused_with(s, &b, "PMS_POL_055", "Published policy cannot be updated.");
    // Check order: group name, mapping, state, name, document.
    let mut clash_and_invalid = good("Banking", "Other");
    clash_and_invalid["policies"] = auth_without("authTokenType");
    let (s, b) = update_policy(&app, &token, &published_id, clash_and_invalid.clone()).await;
    refused(s, &b, "PMS_POL_055");
    let (s, b) = update_policy(&app, &token, &id, clash_and_invalid).await;
    refused(s, &b, "PMS_POL_009");
    let (s, b) = update_policy(&app, &token, &published_id, good("Health", "Other")).await;
    refused(s, &b, "PMS_POL_015");
    let (s, b) = update_policy(&app, &token, "no-such-policy", good("Nowhere", "KYC")).await;
    refused(s, &b, "PMS_POL_019");

    assert_eq!(get_policy(&app, &token, &id).await, before, "a refused update changed the policy");
    assert_eq!(history(&app, &token, &id).await, history_before, "a refused update wrote history");
    assert_eq!(get_policy(&app, &token, &published_id).await["policyDesc"], "Live policy");
    assert_eq!(history(&app, &token, &published_id).await.len(), 2);
    assert_eq!(
        app.events("POLICY_UPDATED").await.len(),
        events_before + 1,
        "only the accepted DataShare update wrote an event"
    );

    let rows = audit(&app, &token, &format!("entityType=policy&entityId={id}&outcome=failure")).await;
    let codes: Vec<_> = audit_summary(&rows).into_iter().map(|(a, _, c)| format!("{a} {c}")).collect();
    for c in ["PMS_POL_019", "PMS_POL_015", "PMS_POL_053", "PMS_POL_009", "PMS_PV_006", "PMS_COR_001"] {
        assert!(codes.contains(&format!("policy.update {c}")), "{c} not audited: {codes:?}");
    }
    let rows = audit(&app, &token, &format!("entityType=policy&entityId={published_id}&outcome=failure")).await;
    assert_eq!(
        audit_summary(&rows),
        vec![
            row("policy.update", "failure", "PMS_POL_015"),
            row("policy.update", "failure", "PMS_POL_055"),
            row("policy.update", "failure", "PMS_POL_055")
        ]
    );
}

// ------------------------------------------------------------------ policies: publish

#[tokio::test]
async fn publish_activates_a_draft_once() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    let health = app.create_group(&token, "Health").await;
    let closed = app.create_group(&token, "Closed").await;
    let (s, b) = deactivate_group(&app, &token, &closed).await;
    ok(s, &b);
    let auth = app.create_policy(&token, "Banking", "KYC", "Auth").await;
    let share = app.create_policy(&token, "Banking", "Share", "DataShare").await;
    let misp = app.create_policy(&token, "Banking", "Delegation", "MISP").await;

    let (s, b) = publish(&app, &token, &auth, &banking).await;
    let p = ok(s, &b);
    assert_eq!(p["policyId"], auth.as_str());
    assert_eq!(p["status"], "PUBLISHED");
    assert_eq!(p["is_Active"], true);
    assert_eq!(p["schema"], "https://schemas.mosip.io/v1/auth-policy");
    assert_eq!(p["policyGroupId"], banking.as_str());
    assert_eq!(p["policyGroupName"], "Banking");
    assert_eq!(p["policyType"], "Auth");
    assert_eq!(p["policies"], auth_policy());
    assert_eq!(get_policy(&app, &token, &auth).await["status"], "PUBLISHED");
    let (s, b) = publish(&app, &token, &share, &banking).await;
    assert_eq!(ok(s, &b)["schema"], "https://schemas.mosip.io/v1/data-share-policy");
    let (s, b) = publish(&app, &token, &misp, &banking).await;
    assert_eq!(ok(s, &b)["schema"], "https://schemas.mosip.io/v1/misp-policy");
    assert_eq!(app.events("POLICY_UPDATED").await.len(), 3, "one event per publication");

    let draft = app.create_policy(&token, "Banking", "Still draft", "Auth").await;
    let (s, b) = publish(&app, &token, &auth, &banking).await;
    refused_with(s, &b, "PMS_POL_020", "Can not publish the published policy");
    let (s, b) = publish(&app, &token, &draft, "no-such-group").await;
    refused_with(s, &b, "PMS_POL_016", "Policy Group ID does not exist");
    let (s, b) = publish(&app, &token, "no-such-policy", &banking).await;
    refused_with(s, &b, "PMS_POL_008", "Policy ID does not exist");
    let (s, b) = publish(&app, &token, &draft, &health).await;
    refused_with(s, &b, "PMS_POL_015", "Policy group and policy not mapped.");
    let (s, b) = publish(&app, &token, &draft, &closed).await;
    refused_with(s, &b, "PMS_POL_053", "Policy group is not active.");
    // Check order: group id, group state, policy id, mapping, state.
    let (s, b) = publish(&app, &token, "no-such-policy", "no-such-group").await;
    refused(s, &b, "PMS_POL_016");
    let (s, b) = publish(&app, &token, "no-such-policy", &closed).await;
    refused(s, &b, "PMS_POL_053");
    let (s, b) = publish(&app, &token, &auth, &health).await;
    refused(s, &b, "PMS_POL_015");

    assert_eq!(get_policy(&app, &token, &draft).await["status"], "DRAFTED");
    assert_eq!(history(&app, &token, &draft).await.len(), 1);
    assert_eq!(app.events("POLICY_UPDATED").await.len(), 3, "refused publications write no event");
    let h = history(&app, &token, &auth).await;
    assert_eq!(h.len(), 2, "{h:?}");
    assert_eq!((h[0]["change"].clone(), h[0]["status"].clone()), (json!("published"), json!("activated")));
}

// ------------------------------------------------------------------ policies: legacy status PATCH

#[tokio::test]
async fn legacy_status_patch_answers_mosip_codes_and_changes_nothing() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    let health = app.create_group(&token, "Health").await;
    let draft = app.create_policy(&token, "Banking", "Draft", "Auth").await;
    let live = app.create_policy(&token, "Banking", "Live", "Auth").await;
    published(&app, &token, &live, &banking).await;
    let events_before = app.events("POLICY_UPDATED").await.len();

    let (s, b) = legacy_status(&app, &token, &draft, &banking, "Enabled").await;
    refused_with(s, &b, "PMS_POL_045", "Policy Status either Active or De-active.");
    let (s, b) = app.patch(&format!("{POLICIES}/{draft}/group/{banking}"), &token, legacy(json!({}))).await;
    refused(s, &b, "PMS_POL_045");
    let (s, b) = legacy_status(&app, &token, &draft, &banking, "Active").await;
    refused_with(s, &b, "PMS_POL_054", "Cannot activate unpublished policy.");
    for status in ["Active", "De-Active"] {
        let (s, b) = legacy_status(&app, &token, &live, &banking, status).await;
        refused_with(s, &b, "PMS_POL_058", "Status cannot be changed for published policy.");
    }
    let (s, b) = legacy_status(&app, &token, &draft, "no-such-group", "De-Active").await;
    refused(s, &b, "PMS_POL_016");
    let (s, b) = legacy_status(&app, &token, "no-such-policy", &banking, "De-Active").await;
    refused(s, &b, "PMS_POL_008");
    let (s, b) = legacy_status(&app, &token, &draft, &health, "De-Active").await;
    refused(s, &b, "PMS_POL_015");
    let closed = app.create_group(&token, "Closed").await;
    let (s, b) = deactivate_group(&app, &token, &closed).await;
    ok(s, &b);
    let (s, b) = legacy_status(&app, &token, &draft, &closed, "De-Active").await;
    refused_with(s, &b, "PMS_POL_053", "Policy group is not active.");
    // Check order: status first, then the mapping, then the state.
    let (s, b) = legacy_status(&app, &token, "no-such-policy", "no-such-group", "Enabled").await;
    refused(s, &b, "PMS_POL_045");
    let (s, b) = legacy_status(&app, &token, &live, &health, "Active").await;
    refused(s, &b, "PMS_POL_015");
    assert_eq!(app.events("POLICY_UPDATED").await.len(), events_before, "refused status changes write no event");

    // De-activating a draft is accepted and (as in MOSIP 1.2.2) changes nothing; case-insensitive.
    for status in ["De-Active", "de-active"] {
        let (s, b) = legacy_status(&app, &token, &draft, &banking, status).await;
        assert_eq!(ok(s, &b), json!({"message": "status updated successfully"}));
    }
    let p = get_policy(&app, &token, &draft).await;
    assert_eq!((p["status"].clone(), p["is_Active"].clone()), (json!("DRAFTED"), json!(false)));
    assert_eq!(get_policy(&app, &token, &live).await["status"], "PUBLISHED");
    assert_eq!(history(&app, &token, &draft).await.len(), 1);
    assert!(app.events("POLICY_UPDATED").await.len() <= events_before + 2, "at most one event per accepted call");

    // An active API key on the draft blocks de-activation.
    insert_partner(&app, "bank-one").await;
    insert_api_key(&app, "bank-one", &draft, true).await;
    let (s, b) = legacy_status(&app, &token, &draft, &banking, "De-Active").await;
    refused_with(s, &b, "PMS_POL_057", "Active apiKey exists under the policy.");
}

// ------------------------------------------------------------------ policies: V2 deactivation

#[tokio::test]
async fn v2_policy_deactivation_states_and_announcement() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    let draft = app.create_policy(&token, "Banking", "Draft", "Auth").await;
    let live = app.create_policy(&token, "Banking", "Live", "Auth").await;
    published(&app, &token, &live, &banking).await;
    assert_eq!(app.events("POLICY_UPDATED").await.len(), 1);

    let (s, b) = deactivate_policy(&app, &token, &draft).await;
    refused_v2(s, &b, DEACTIVATE_POLICY_ID, "PMS_POL_072");
    assert_eq!(message(&b), "The selected policy is not in activated status");
    let (s, b) = deactivate_policy(&app, &token, "no-such-policy").await;
    refused_v2(s, &b, DEACTIVATE_POLICY_ID, "PMS_POL_065");
    assert_eq!(message(&b), "The specified policy does not exist.");
    let (s, b) =
        app.patch(&format!("{POLICIES}/{live}"), &token, v2(DEACTIVATE_POLICY_ID, json!({"status": "Active"}))).await;
    refused_v2(s, &b, DEACTIVATE_POLICY_ID, "PMS_POL_073");
    let (s, b) = deactivate_policy(&app, &token, "%20").await;
    refused_v2(s, &b, DEACTIVATE_POLICY_ID, "PMS_COR_002");
    // Check order: status before existence.
    let (s, b) = app
        .patch(&format!("{POLICIES}/no-such-policy"), &token, v2(DEACTIVATE_POLICY_ID, json!({"status": "Active"})))
        .await;
    refused_v2(s, &b, DEACTIVATE_POLICY_ID, "PMS_POL_073");
    assert_eq!(get_policy(&app, &token, &live).await["is_Active"], true);
    assert_eq!(get_policy(&app, &token, &draft).await["status"], "DRAFTED");
    assert_eq!(app.events("POLICY_UPDATED").await.len(), 1, "refusals write no event");

    let (s, b) = deactivate_policy(&app, &token, &live).await;
    assert_eq!(ok(s, &b), json!({"policyId": live, "isActive": false}));
    assert_eq!(b["id"], DEACTIVATE_POLICY_ID);
    assert_eq!(b["version"], "1.0");
    assert!(utc_timestamp(&b["responseTime"]), "{b}");
    let p = get_policy(&app, &token, &live).await;
    assert_eq!(p["is_Active"], false);
    assert_eq!(p["schema"], "https://schemas.mosip.io/v1/auth-policy", "a deactivated policy stays published: {p}");

    let (s, b) = deactivate_policy(&app, &token, &live).await;
    refused_v2(s, &b, DEACTIVATE_POLICY_ID, "PMS_POL_062");
    assert_eq!(message(&b), "The policy has already been deactivated.");
    // Deactivated is terminal: no publication, no update.
    let (s, b) = publish(&app, &token, &live, &banking).await;
    refused(s, &b, "PMS_POL_020");
    let (s, b) = update_policy(
        &app,
        &token,
        &live,
        json!({"policyGroupName": "Banking", "name": "Live", "desc": "x", "version": "2", "policies": auth_policy()}),
    )
    .await;
    refused(s, &b, "PMS_POL_055");

    let events = app.events("POLICY_UPDATED").await;
    assert_eq!(events.len(), 2, "publication and deactivation: {events:?}");
    let data = &events[0]["payload"]["event"]["data"]["policyData"];
    assert_eq!(data["policyId"], live.as_str());
    assert_eq!(data["policyStatus"], "DEACTIVE");
    let (s, b) = app.get(&format!("{POLICIES}/v2?status=deactivated"), &token).await;
    assert_eq!(names(&ok(s, &b)["data"], "policyId"), vec![live.clone()]);
}

#[tokio::test]
async fn v2_deactivation_envelope_is_checked_in_mosip_order() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    let live = app.create_policy(&token, "Banking", "Live", "Auth").await;
    published(&app, &token, &live, &banking).await;
    let url = format!("{POLICIES}/{live}");
    let good = || v2(DEACTIVATE_POLICY_ID, json!({"status": "De-Activate"}));

    // Each envelope fault alone, then combinations showing the order id → requestTime → version → request.
    let mut wrong_id = good();
    wrong_id["id"] = json!("mosip.pms.deactivate.policy.group.patch");
    let mut no_time = good();
    no_time.as_object_mut().unwrap().remove("requestTime");
    let mut bad_time = good();
    bad_time["requestTime"] = json!("yesterday");
    let mut bad_version = good();
    bad_version["version"] = json!("2.0");
    let mut no_version = good();
    no_version.as_object_mut().unwrap().remove("version");
    let mut null_request = good();
    null_request["request"] = Value::Null;
    let mut no_request = good();
    no_request.as_object_mut().unwrap().remove("request");
    let mut all_wrong = good();
    all_wrong["id"] = json!("x");
    all_wrong.as_object_mut().unwrap().remove("requestTime");
    all_wrong["version"] = json!("9");
    all_wrong["request"] = Value::Null;
    let mut time_version_request = good();
    time_version_request.as_object_mut().unwrap().remove("requestTime");
    time_version_request["version"] = json!("9");
    time_version_request["request"] = Value::Null;
    let mut version_request = good();
    version_request["version"] = json!("9");
    version_request["request"] = Value::Null;

    for (body, expected) in [
        (wrong_id, "PMS_REQUEST_ERROR_002"),
        (no_time, "PMS_REQUEST_ERROR_004"),
        (bad_time, "PMS_REQUEST_ERROR_004"),
        (bad_version, "PMS_REQUEST_ERROR_003"),
        (no_version, "PMS_REQUEST_ERROR_003"),
        (null_request, "PMS_REQUEST_ERROR_005"),
        (no_request, "PMS_REQUEST_ERROR_005"),
        (all_wrong, "PMS_REQUEST_ERROR_002"),
        (time_version_request, "PMS_REQUEST_ERROR_004"),
        (version_request, "PMS_REQUEST_ERROR_003"),
    ] {
        let (s, b) = app.patch(&url, &token, body.clone()).await;
        refused_v2(s, &b, DEACTIVATE_POLICY_ID, expected);
    }
    let (s, b) = app
        .patch(&url, &token, {
            let mut v = good();
            v["id"] = json!("x");
            v
        })
        .await;
    assert_eq!(message(&b), "Invalid Request Id", "{b}");
    assert_eq!(s, StatusCode::OK);

    // "1.0" is compared case-insensitively and the policy is still active after all refusals.
    assert_eq!(get_policy(&app, &token, &live).await["is_Active"], true);
    let (s, b) = app.patch(&url, &token, good()).await;
    assert_eq!(ok(s, &b)["isActive"], false);
}

#[tokio::test]
async fn v2_request_time_must_be_today_when_configured() {
    let app = TestApp::spawn_with(|c| c.request_time_check = pms_service::config::RequestTimeCheck::SameDay).await;
    let token = app.admin_token().await;
    let banking = app.create_group(&token, "Banking").await;
    let live = app.create_policy(&token, "Banking", "Live", "Auth").await;
    published(&app, &token, &live, &banking).await;
    let mut stale = v2(DEACTIVATE_POLICY_ID, json!({"status": "De-Activate"}));
    stale["requestTime"] = json!(day_offset(-2));
    let (s, b) = app.patch(&format!("{POLICIES}/{live}"), &token, stale).await;
    refused_v2(s, &b, DEACTIVATE_POLICY_ID, "PMS_REQUEST_ERROR_006");
    assert_eq!(message(&b), "Request date should be current date");
    let (s, b) = deactivate_policy(&app, &token, &live).await;
    assert_eq!(ok(s, &b)["isActive"], false);
}

#[tokio::test]
async fn v2_policy_deactivation_is_refused_while_partner_requests_reference_it() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    let approved = app.create_policy(&token, "Banking", "Approved", "Auth").await;
    let pending = app.create_policy(&token, "Banking", "Pending", "Auth").await;
    let rejected = app.create_policy(&token, "Banking", "Rejected", "Auth").await;
    for p in [&approved, &pending, &rejected] {
        published(&app, &token, p, &banking).await;
    }
    insert_partner(&app, "bank-one").await;
    insert_policy_request(&app, "bank-one", &approved, "approved").await;
    insert_policy_request(&app, "bank-one", &pending, "InProgress").await;
    insert_policy_request(&app, "bank-one", &rejected, "rejected").await;

    let (s, b) = deactivate_policy(&app, &token, &approved).await;
    refused_v2(s, &b, DEACTIVATE_POLICY_ID, "PMS_POL_063");
    assert_eq!(message(&b), "An approved partner policy request is associated with this policy.");
    let (s, b) = deactivate_policy(&app, &token, &pending).await;
    refused_v2(s, &b, DEACTIVATE_POLICY_ID, "PMS_POL_064");
    assert_eq!(message(&b), "A pending partner policy request is associated with this policy.");
    assert_eq!(get_policy(&app, &token, &approved).await["is_Active"], true);
    assert_eq!(get_policy(&app, &token, &pending).await["is_Active"], true);
    // State is checked before the requests: a draft with a pending request is "not activated".
    let draft = app.create_policy(&token, "Banking", "Draft", "Auth").await;
    insert_policy_request(&app, "bank-one", &draft, "InProgress").await;
    let (s, b) = deactivate_policy(&app, &token, &draft).await;
    refused_v2(s, &b, DEACTIVATE_POLICY_ID, "PMS_POL_072");
    // A rejected request does not block.
    let (s, b) = deactivate_policy(&app, &token, &rejected).await;
    assert_eq!(ok(s, &b)["isActive"], false);
    assert_eq!(app.events("POLICY_UPDATED").await.len(), 4, "three publications and one deactivation");
}

#[tokio::test]
async fn refused_v2_deactivations_are_audited() {
    // The audit trail holds "one row per write, including refused attempts" (operations.rs):
    // refusals decided before the entity is loaded must be recorded too.
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    let live = app.create_policy(&token, "Banking", "Live", "Auth").await;
    published(&app, &token, &live, &banking).await;
    let resident = app.user_with_roles("resident1", &["RESIDENT"]).await;

    let (s, b) =
        app.patch(&format!("{POLICIES}/{live}"), &token, v2(DEACTIVATE_POLICY_ID, json!({"status": "Activate"}))).await;
    refused(s, &b, "PMS_POL_073");
    let (s, b) = app
        .patch(&format!("{POLICIES}/{live}"), &resident, v2(DEACTIVATE_POLICY_ID, json!({"status": "De-Activate"})))
        .await;
    assert_eq!((s, code(&b)), (StatusCode::FORBIDDEN, "KER-ATH-403".to_string()), "{b}");
    let (s, b) = app
        .patch(&format!("{POLICIES}/group/{banking}"), &token, v2(DEACTIVATE_GROUP_ID, json!({"status": "Activate"})))
        .await;
    refused(s, &b, "PMS_POL_073");
    let (s, b) = app
        .patch(
            &format!("{POLICIES}/group/{banking}"),
            &resident,
            v2(DEACTIVATE_GROUP_ID, json!({"status": "De-Activate"})),
        )
        .await;
    assert_eq!((s, code(&b)), (StatusCode::FORBIDDEN, "KER-ATH-403".to_string()), "{b}");
    assert_eq!(get_policy(&app, &token, &live).await["is_Active"], true);

    let rows = audit(&app, &token, &format!("entityType=policy&entityId={live}&action=policy.deactivate")).await;
    assert_eq!(
        audit_summary(&rows),
        vec![row("policy.deactivate", "failure", "KER-ATH-403"), row("policy.deactivate", "failure", "PMS_POL_073")],
        "{rows:?}"
    );
    let rows =
        audit(&app, &token, &format!("entityType=policy_group&entityId={banking}&action=policy_group.deactivate"))
            .await;
    assert_eq!(
        audit_summary(&rows),
        vec![
            row("policy_group.deactivate", "failure", "KER-ATH-403"),
            row("policy_group.deactivate", "failure", "PMS_POL_073")
        ],
        "{rows:?}"
    );
}

// ------------------------------------------------------------------ reads

#[tokio::test]
async fn policy_and_group_reads() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    let empty = app.create_group(&token, "Empty").await;
    let kyc = app.create_policy(&token, "Banking", "KYC", "Auth").await;
    tick().await;
    let share = app.create_policy(&token, "Banking", "Share", "DataShare").await;
    published(&app, &token, &kyc, &banking).await;

    // GET /policies/{id}
    let p = get_policy(&app, &token, &kyc).await;
    for key in
        ["policyGroupDesc", "policyGroup_cr_by", "policyGroup_cr_dtimes", "publishDate", "validTill", "cr_dtimes"]
    {
        assert!(p.get(key).is_some(), "{key} missing: {p}");
    }
    assert_eq!(p["policyGroupDesc"], "Banking sector");
    assert_eq!(p["policyGroup_cr_by"], "admin");
    assert_eq!(p["policyDesc"], "KYC policy");
    assert_eq!(p["cr_by"], "admin");
    assert!(utc_timestamp(&p["publishDate"]) && utc_timestamp(&p["validTill"]), "{p}");
    let (s, b) = app.get(&format!("{POLICIES}/no-such-policy"), &token).await;
    refused_with(s, &b, "PMS_POL_008", "Policy ID does not exist");

    // GET /policies: drafts included, oldest first.
    let all = all_policies(&app, &token).await;
    assert_eq!(names(&json!(all), "policyId"), vec![kyc.clone(), share.clone()]);
    assert_eq!(names(&json!(all), "status"), vec!["PUBLISHED", "DRAFTED"]);

    // GET /policies/group/{id}
    let g = get_group(&app, &token, &banking).await;
    let pg = &g["policyGroup"];
    assert_eq!(pg["id"], banking.as_str());
    assert_eq!(pg["name"], "Banking");
    assert_eq!(pg["desc"], "Banking sector");
    assert_eq!(pg["isActive"], true);
    assert_eq!(pg["isDeleted"], false);
    assert_eq!(pg["userId"], "admin");
    assert_eq!(pg["crBy"], "admin");
    assert!(utc_timestamp(&pg["crDtimes"]), "{pg}");
    assert!(pg["delDtimes"].is_null());
    let mut ids = names(&g["policies"], "policyId");
    ids.sort();
    let mut want = vec![kyc.clone(), share.clone()];
    want.sort();
    assert_eq!(ids, want);
    assert!(g["policies"][0].get("policyGroupId").is_none(), "PolicyDto has no group fields: {g}");
    let (s, b) = app.get(&format!("{POLICIES}/group/no-such-group"), &token).await;
    refused_with(s, &b, "PMS_POL_016", "Policy Group ID does not exist");

    // GET /policies/group/all
    let (s, b) = app.get(&format!("{POLICIES}/group/all"), &token).await;
    let all = ok(s, &b);
    assert_eq!(all.as_array().unwrap().len(), 2);
    for entry in all.as_array().unwrap() {
        let n = entry["policies"].as_array().unwrap().len();
        if entry["policyGroup"]["id"] == json!(banking) {
            assert_eq!(n, 2);
        } else {
            assert_eq!(entry["policyGroup"]["id"], empty.as_str());
            assert_eq!(n, 0);
        }
    }
}

#[tokio::test]
async fn active_policies_of_a_group_and_active_groups() {
    let (app, token) = setup().await;
    // No group yet: PMS_POL_059 in the V2 envelope.
    let (s, b) = app.get(&format!("{POLICIES}/policy-groups"), &token).await;
    refused_v2(s, &b, "mosip.pms.policy.groups.get", "PMS_POL_059");
    assert_eq!(message(&b), "There are no active policy groups.");
    // Only inactive groups: the same.
    let solo = group_with_desc(&app, &token, "Solo", "Alone").await;
    let (s, b) = deactivate_group(&app, &token, &solo).await;
    ok(s, &b);
    let (s, b) = app.get(&format!("{POLICIES}/policy-groups"), &token).await;
    refused_v2(s, &b, "mosip.pms.policy.groups.get", "PMS_POL_059");

    let banking = group_with_desc(&app, &token, "Banking", "Banks").await;
    let health = group_with_desc(&app, &token, "Health", "Hospitals").await;
    let closed = group_with_desc(&app, &token, "Closed", "Gone").await;
    let (s, b) = deactivate_group(&app, &token, &closed).await;
    ok(s, &b);
    let kyc = app.create_policy(&token, "Banking", "KYC", "Auth").await;
    let share = app.create_policy(&token, "Banking", "Share", "DataShare").await;
    app.create_policy(&token, "Banking", "Draft", "Auth").await;
    let old = app.create_policy(&token, "Banking", "Old", "MISP").await;
    for p in [&kyc, &share, &old] {
        published(&app, &token, p, &banking).await;
    }
    let (s, b) = deactivate_policy(&app, &token, &old).await;
    ok(s, &b);

    let (s, b) = app.get(&format!("{POLICIES}/policy-groups"), &token).await;
    let groups = ok(s, &b);
    assert_eq!(b["id"], "mosip.pms.policy.groups.get");
    let mut got: Vec<Value> = groups.as_array().unwrap().clone();
    got.sort_by_key(|g| g["name"].as_str().unwrap().to_string());
    assert_eq!(
        got,
        vec![
            json!({"id": banking, "name": "Banking", "description": "Banks"}),
            json!({"id": health, "name": "Health", "description": "Hospitals"})
        ]
    );

    // Only published, active policies of the group.
    let (s, b) = app.get(&format!("{POLICIES}/active/group/Banking"), &token).await;
    let list = ok(s, &b);
    let mut got = list.as_array().unwrap().clone();
    got.sort_by_key(|p| p["name"].as_str().unwrap().to_string());
    assert_eq!(
        got,
        vec![
            json!({"policyGroupId": banking, "policyGroupName": "Banking", "id": kyc, "name": "KYC", "descr": "KYC policy", "policyType": "Auth"}),
            json!({"policyGroupId": banking, "policyGroupName": "Banking", "id": share, "name": "Share", "descr": "Share policy", "policyType": "DataShare"}),
        ]
    );
    let (s, b) = app.get(&format!("{POLICIES}/active/group/Health"), &token).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["response"], json!([]), "{b}");
    let (s, b) = app.get(&format!("{POLICIES}/active/group/Nowhere"), &token).await;
    refused_with(s, &b, "PMS_POL_019", "Policy group name does not exist");
    let (s, b) = app.get(&format!("{POLICIES}/active/group/Closed"), &token).await;
    refused_with(s, &b, "PMS_POL_053", "Policy group is not active.");
}

// ------------------------------------------------------------------ revamp lists

#[tokio::test]
async fn revamp_policy_group_list_filters_sorts_and_pages() {
    let (app, token) = setup().await;
    group_with_desc(&app, &token, "Banking", "Banks and payment institutions").await;
    tick().await;
    group_with_desc(&app, &token, "Health", "Hospitals and clinics").await;
    tick().await;
    group_with_desc(&app, &token, "Insurance", "Insurers and brokers").await;
    tick().await;
    let telecom = group_with_desc(&app, &token, "Telecom", "Mobile operators").await;
    let (s, b) = deactivate_group(&app, &token, &telecom).await;
    ok(s, &b);
    let list = |q: &str| {
        let app = &app;
        let token = &token;
        let q = q.to_string();
        async move { app.get(&format!("{PM}/policy-groups?{q}"), token).await }
    };

    let (s, b) = list("").await;
    let page = ok(s, &b);
    assert_eq!(b["id"], "mosip.pms.policy.groups.get");
    assert_eq!(
        (page["pageNo"].clone(), page["pageSize"].clone(), page["totalResults"].clone()),
        (json!(0), json!(8), json!(4))
    );
    assert_eq!(
        names(&page["data"], "policyGroupName"),
        vec!["Telecom", "Insurance", "Health", "Banking"],
        "newest first by default"
    );
    let t = &page["data"][0];
    assert_eq!(t["policyGroupId"], telecom.as_str());
    assert_eq!(t["policyGroupDescription"], "Mobile operators");
    assert_eq!(t["isActive"], false);
    assert_eq!(t["status"], "deactivated");
    assert!(utc_timestamp(&t["createdDateTime"]) && utc_timestamp(&t["updatedDateTime"]), "{t}");
    assert_eq!(page["data"][3]["status"], "activated");

    // Filters.
    let (s, b) = list("policyGroupName=AN&sortFieldName=policyGroupName&sortType=asc").await;
    assert_eq!(names(&ok(s, &b)["data"], "policyGroupName"), vec!["Banking", "Insurance"]);
    let (s, b) = list("policyGroupDescription=and&sortFieldName=policyGroupName&sortType=asc").await;
    assert_eq!(names(&ok(s, &b)["data"], "policyGroupName"), vec!["Banking", "Health", "Insurance"]);
    let (s, b) = list("status=deactivated").await;
    assert_eq!(names(&ok(s, &b)["data"], "policyGroupName"), vec!["Telecom"]);
    let (s, b) = list("status=activated").await;
    assert_eq!(ok(s, &b)["totalResults"], 3);
    let (s, b) = list(&format!("policyGroupId={telecom}")).await;
    assert_eq!(names(&ok(s, &b)["data"], "policyGroupName"), vec!["Telecom"]);
    let (s, b) = list("policyGroupName=zzz").await;
    assert_eq!(ok(s, &b), json!({"pageNo": 0, "pageSize": 0, "totalResults": 0, "data": []}));

    // Sorting.
    let (s, b) = list("sortFieldName=policyGroupName&sortType=desc").await;
    assert_eq!(names(&ok(s, &b)["data"], "policyGroupName"), vec!["Telecom", "Insurance", "Health", "Banking"]);
    let (s, b) = list("sortFieldName=policyGroupName&sortType=ASC").await;
    assert_eq!(names(&ok(s, &b)["data"], "policyGroupName"), vec!["Banking", "Health", "Insurance", "Telecom"]);
    let (s, b) = list("sortFieldName=createdDateTime&sortType=asc").await;
    assert_eq!(names(&ok(s, &b)["data"], "policyGroupName"), vec!["Banking", "Health", "Insurance", "Telecom"]);
    let (s, b) = list("sortFieldName=policyGroupDescription&sortType=asc").await;
    assert_eq!(names(&ok(s, &b)["data"], "policyGroupName"), vec!["Banking", "Health", "Insurance", "Telecom"]);
    let (s, b) = list("sortFieldName=status&sortType=asc").await;
    assert_eq!(ok(s, &b)["data"][0]["policyGroupName"], "Telecom");
    let (s, b) = list("sortFieldName=status&sortType=desc").await;
    assert_eq!(ok(s, &b)["data"][3]["policyGroupName"], "Telecom");

    // Paging.
    let (s, b) = list("sortFieldName=policyGroupName&sortType=asc&pageNo=1&pageSize=3").await;
    let page = ok(s, &b);
    assert_eq!(
        (page["pageNo"].clone(), page["pageSize"].clone(), page["totalResults"].clone()),
        (json!(1), json!(3), json!(4))
    );
    assert_eq!(names(&page["data"], "policyGroupName"), vec!["Telecom"]);
    let (s, b) = list("pageNo=2&pageSize=3").await;
    let page = ok(s, &b);
    assert_eq!(page["data"], json!([]), "beyond the end");
    assert_eq!(page["totalResults"], 4);
    let (s, b) = list("pageNo=0&pageSize=5000").await;
    assert_eq!(ok(s, &b)["pageSize"], 1000, "page size is clamped");

    // Parameter errors.
    for (q, expected, text) in [
        ("sortFieldName=colour&sortType=asc", "PMS_PRT_357", "Invalid sort field colour"),
        ("sortFieldName=policyGroupName&sortType=up", "PMS_PRT_358", "Sort type up is not supported"),
        ("pageNo=-1&pageSize=3", "PMS_PRT_360", "Invalid Page No"),
        ("pageNo=x&pageSize=3", "PMS_PRT_360", "Invalid Page No"),
        ("pageNo=0&pageSize=0", "PMS_PRT_361", "Invalid page size"),
        ("pageNo=0&pageSize=-5", "PMS_PRT_361", "Invalid page size"),
        (
            "sortFieldName=policyGroupName",
            "PMS_PS_ERROR_007",
            "Invalid Sorting request: 'sortType' and 'sortFieldName' must be specified together.",
        ),
        (
            "sortType=asc",
            "PMS_PS_ERROR_007",
            "Invalid Sorting request: 'sortType' and 'sortFieldName' must be specified together.",
        ),
    ] {
        let (s, b) = list(q).await;
        refused_with(s, &b, expected, text);
    }
}

#[tokio::test]
async fn revamp_policy_list_filters_sorts_and_pages() {
    let (app, token) = setup().await;
    let seeded = seed(&app, &token).await;
    let list = |q: &str| {
        let app = &app;
        let token = &token;
        let q = q.to_string();
        async move { app.get(&format!("{POLICIES}/v2?{q}"), token).await }
    };
    let by_name = "sortFieldName=policyName&sortType=asc";

    let (s, b) = list("").await;
    let page = ok(s, &b);
    assert_eq!(b["id"], "mosip.pms.policies.get");
    assert!(utc_timestamp(&b["responseTime"]), "{b}");
    assert_eq!(
        (page["pageNo"].clone(), page["pageSize"].clone(), page["totalResults"].clone()),
        (json!(0), json!(8), json!(5))
    );
    assert_eq!(
        names(&page["data"], "policyName"),
        vec!["Echo Auth", "Delta Cred", "Charlie Misp", "Bravo Share", "Alpha KYC"],
        "newest first by default"
    );
    let alpha = page["data"].as_array().unwrap().iter().find(|p| p["policyName"] == "Alpha KYC").unwrap().clone();
    assert_eq!(alpha["policyId"], seeded.alpha.as_str());
    assert_eq!(alpha["policyDescription"], "Identity checks for banks");
    assert_eq!(alpha["policyType"], "Auth");
    assert_eq!(alpha["policyGroupId"], seeded.banking.as_str());
    assert_eq!(alpha["policyGroupName"], "Banking");
    assert_eq!(alpha["status"], "activated");
    assert!(utc_timestamp(&alpha["createdDateTime"]), "{alpha}");

    // Filters (text filters are case-insensitive substrings; status and type are exact).
    for (q, want) in [
        ("policyName=kyc", vec!["Alpha KYC"]),
        ("policyName=KYC", vec!["Alpha KYC"]),
        ("policyDescription=banks", vec!["Alpha KYC", "Bravo Share"]),
        ("policyDescription=IDENTITY", vec!["Alpha KYC", "Echo Auth"]),
        ("policyGroupName=heal", vec!["Delta Cred", "Echo Auth"]),
        ("status=draft", vec!["Bravo Share", "Delta Cred"]),
        ("status=activated", vec!["Alpha KYC", "Echo Auth"]),
        ("status=deactivated", vec!["Charlie Misp"]),
        ("policyType=DataShare", vec!["Bravo Share"]),
        ("policyType=MISP", vec!["Charlie Misp"]),
        ("policyType=CredentialIssuance", vec!["Delta Cred"]),
        ("policyType=Auth", vec!["Alpha KYC", "Echo Auth"]),
        ("policyGroupName=banking&status=activated", vec!["Alpha KYC"]),
        ("policyGroupName=health&policyType=Auth&status=draft", vec![]),
    ] {
        let (s, b) = list(&format!("{q}&{by_name}")).await;
        let page = ok(s, &b);
        assert_eq!(names(&page["data"], "policyName"), want, "{q}");
        assert_eq!(page["totalResults"], if want.is_empty() { 0 } else { want.len() }, "{q}");
    }
    let (s, b) = list(&format!("policyId={}", seeded.delta)).await;
    assert_eq!(names(&ok(s, &b)["data"], "policyName"), vec!["Delta Cred"]);
    let (s, b) = list("policyName=zzz").await;
    assert_eq!(ok(s, &b), json!({"pageNo": 0, "pageSize": 0, "totalResults": 0, "data": []}));

    // Sorting by several fields, both ways.
    let all = ["Alpha KYC", "Bravo Share", "Charlie Misp", "Delta Cred", "Echo Auth"];
    let (s, b) = list(by_name).await;
    assert_eq!(names(&ok(s, &b)["data"], "policyName"), all);
    let (s, b) = list("sortFieldName=policyName&sortType=DESC").await;
    let mut rev = all.to_vec();
    rev.reverse();
    assert_eq!(names(&ok(s, &b)["data"], "policyName"), rev);
    let (s, b) = list("sortFieldName=createdDateTime&sortType=asc").await;
    assert_eq!(names(&ok(s, &b)["data"], "policyName"), all);
    let (s, b) = list("sortFieldName=policyDescription&sortType=asc").await;
    assert_eq!(
        names(&ok(s, &b)["data"], "policyName"),
        vec!["Delta Cred", "Charlie Misp", "Alpha KYC", "Echo Auth", "Bravo Share"]
    );
    let (s, b) = list("sortFieldName=status&sortType=asc").await;
    assert_eq!(names(&ok(s, &b)["data"], "status"), vec!["draft", "draft", "activated", "activated", "deactivated"]);
    let (s, b) = list("sortFieldName=status&sortType=desc").await;
    assert_eq!(names(&ok(s, &b)["data"], "status"), vec!["deactivated", "activated", "activated", "draft", "draft"]);
    let (s, b) = list("sortFieldName=policyGroupName&sortType=desc").await;
    assert_eq!(names(&ok(s, &b)["data"], "policyGroupName"), vec!["Health", "Health", "Banking", "Banking", "Banking"]);
    let (s, b) = list("sortFieldName=policyId&sortType=asc").await;
    let mut ids = vec![
        seeded.alpha.clone(),
        seeded.bravo.clone(),
        seeded.charlie.clone(),
        seeded.delta.clone(),
        seeded.echo.clone(),
    ];
    ids.sort_by_key(|i| i.to_lowercase());
    assert_eq!(names(&ok(s, &b)["data"], "policyId"), ids);

    // Paging.
    let (s, b) = list(&format!("{by_name}&pageNo=1&pageSize=2")).await;
    let page = ok(s, &b);
    assert_eq!(
        (page["pageNo"].clone(), page["pageSize"].clone(), page["totalResults"].clone()),
        (json!(1), json!(2), json!(5))
    );
    assert_eq!(names(&page["data"], "policyName"), vec!["Charlie Misp", "Delta Cred"]);
    let (s, b) = list(&format!("{by_name}&pageNo=2&pageSize=2")).await;
    assert_eq!(names(&ok(s, &b)["data"], "policyName"), vec!["Echo Auth"]);
    let (s, b) = list(&format!("{by_name}&pageNo=3&pageSize=2")).await;
    let page = ok(s, &b);
    assert_eq!(page["data"], json!([]), "beyond the end: {page}");
    assert_eq!(page["totalResults"], 5);
    let (s, b) = list("pageNo=0&pageSize=100000").await;
    let page = ok(s, &b);
    assert_eq!(page["pageSize"], 1000, "page size is clamped");
    assert_eq!(page["data"].as_array().unwrap().len(), 5);

    for (q, expected, text) in [
        ("sortFieldName=colour&sortType=asc", "PMS_PRT_357", "Invalid sort field colour"),
        ("sortFieldName=policyName&sortType=up", "PMS_PRT_358", "Sort type up is not supported"),
        ("pageNo=-1&pageSize=2", "PMS_PRT_360", "Invalid Page No"),
        ("pageNo=abc&pageSize=2", "PMS_PRT_360", "Invalid Page No"),
        ("pageNo=0&pageSize=0", "PMS_PRT_361", "Invalid page size"),
        ("sortFieldName=", "PMS_PRT_357", "Invalid sort field "),
        ("sortType=up", "PMS_PRT_358", "Sort type up is not supported"),
    ] {
        let (s, b) = list(q).await;
        refused_with(s, &b, expected, text);
    }
}

// ------------------------------------------------------------------ legacy search

#[tokio::test]
async fn legacy_group_search_filters_sorts_and_pages() {
    let (app, token) = setup().await;
    let banking = group_with_desc(&app, &token, "Banking", "Banks and payment institutions").await;
    group_with_desc(&app, &token, "Health", "Hospitals and clinics").await;
    group_with_desc(&app, &token, "Insurance", "Insurers and brokers").await;
    let telecom = group_with_desc(&app, &token, "Telecom", "Mobile operators").await;
    let (s, b) = deactivate_group(&app, &token, &telecom).await;
    ok(s, &b);
    let search = |filters: Value, sort: Value, pagination: Value| {
        let app = &app;
        let token = &token;
        let mut req = json!({"filters": filters, "sort": sort});
        if !pagination.is_null() {
            req["pagination"] = pagination;
        }
        async move { app.post(&format!("{POLICIES}/group/search"), token, legacy(req)).await }
    };
    let asc = json!([{"sortField": "name", "sortType": "asc"}]);
    let page10 = json!({"pageStart": 0, "pageFetch": 10});

    let (s, b) = search(json!([]), asc.clone(), page10.clone()).await;
    let page = ok(s, &b);
    assert_eq!(b["id"], "mosip.pms.test");
    assert_eq!(
        (page["fromRecord"].clone(), page["toRecord"].clone(), page["totalRecord"].clone()),
        (json!(1), json!(4), json!(4))
    );
    assert_eq!(names(&page["data"], "name"), vec!["Banking", "Health", "Insurance", "Telecom"]);
    let first = &page["data"][0];
    assert_eq!(first["id"], banking.as_str());
    assert_eq!(first["desc"], "Banks and payment institutions");
    assert_eq!(first["isActive"], true);
    assert_eq!(first["isDeleted"], false);
    assert_eq!(first["userId"], "admin");
    assert_eq!(first["crBy"], "admin");
    assert!(utc_timestamp(&first["crDtimes"]), "{first}");
    assert_eq!(page["data"][3]["isActive"], false);

    let yesterday = day_offset(-1);
    let tomorrow = day_offset(1);
    for (filters, want) in [
        (json!([{"columnName": "name", "type": "contains", "value": "AN"}]), vec!["Banking", "Insurance"]),
        (json!([{"columnName": "name", "type": "contains", "value": "*sur*"}]), vec!["Insurance"]),
        (json!([{"columnName": "name", "type": "equals", "value": "health"}]), vec!["Health"]),
        (json!([{"columnName": "name", "type": "startsWith", "value": "tel"}]), vec!["Telecom"]),
        (json!([{"columnName": "name", "type": "in", "values": ["Banking", "Telecom"]}]), vec!["Banking", "Telecom"]),
        (json!([{"columnName": "isActive", "type": "equals", "value": "false"}]), vec!["Telecom"]),
        (json!([{"columnName": "isActive", "type": "equals", "value": true}]), vec!["Banking", "Health", "Insurance"]),
        (
            json!([{"columnName": "desc", "type": "contains", "value": "and"}, {"columnName": "isActive", "type": "equals", "value": "true"}]),
            vec!["Banking", "Health", "Insurance"],
        ),
        (
            json!([{"columnName": "crDtimes", "type": "between", "fromValue": yesterday, "toValue": tomorrow}]),
            vec!["Banking", "Health", "Insurance", "Telecom"],
        ),
        (json!([{"columnName": "id", "type": "equals", "value": banking}]), vec!["Banking"]),
    ] {
        let (s, b) = search(filters.clone(), asc.clone(), page10.clone()).await;
        let page = ok(s, &b);
        assert_eq!(names(&page["data"], "name"), want, "{filters}");
        assert_eq!(page["totalRecord"], want.len(), "{filters}");
        assert_eq!(page["fromRecord"], 1, "{filters}");
        assert_eq!(page["toRecord"], want.len(), "{filters}");
    }

    // No match: an empty page with data null.
    let (s, b) = search(
        json!([{"columnName": "crDtimes", "type": "between", "fromValue": tomorrow, "toValue": day_offset(2)}]),
        asc.clone(),
        page10.clone(),
    )
    .await;
    assert_eq!(ok(s, &b), json!({"fromRecord": 0, "toRecord": 0, "totalRecord": 0, "data": null}));
    let (s, b) =
        search(json!([{"columnName": "name", "type": "equals", "value": "zzz"}]), asc.clone(), page10.clone()).await;
    assert_eq!(ok(s, &b), json!({"fromRecord": 0, "toRecord": 0, "totalRecord": 0, "data": null}));

    // Sorting and paging.
    let (s, b) = search(json!([]), json!([{"sortField": "name", "sortType": "desc"}]), page10.clone()).await;
    assert_eq!(names(&ok(s, &b)["data"], "name"), vec!["Telecom", "Insurance", "Health", "Banking"]);
    let (s, b) = search(
        json!([]),
        json!([{"sortField": "crDtimes", "sortType": "DESC"}, {"sortField": "name", "sortType": "asc"}]),
        page10.clone(),
    )
    .await;
    assert_eq!(ok(s, &b)["totalRecord"], 4);
    let (s, b) = search(json!([]), asc.clone(), json!({"pageStart": 0, "pageFetch": 3})).await;
    let page = ok(s, &b);
    assert_eq!(
        (page["fromRecord"].clone(), page["toRecord"].clone(), page["totalRecord"].clone()),
        (json!(1), json!(3), json!(4))
    );
    assert_eq!(names(&page["data"], "name"), vec!["Banking", "Health", "Insurance"]);
    let (s, b) = search(json!([]), asc.clone(), json!({"pageStart": 1, "pageFetch": 3})).await;
    let page = ok(s, &b);
    assert_eq!(
        (page["fromRecord"].clone(), page["toRecord"].clone(), page["totalRecord"].clone()),
        (json!(4), json!(4), json!(4))
    );
    assert_eq!(names(&page["data"], "name"), vec!["Telecom"]);
    let (s, b) = search(json!([]), asc.clone(), json!({"pageStart": 2, "pageFetch": 3})).await;
    let page = ok(s, &b);
    assert!(page["data"].is_null(), "a page beyond the end has data null: {page}");
    assert_eq!((page["fromRecord"].clone(), page["toRecord"].clone()), (json!(0), json!(0)));

    // Errors.
    for (filters, sort, pagination, expected, text) in [
        (
            json!([{"columnName": "isActive", "type": "equals", "value": "maybe"}]),
            asc.clone(),
            page10.clone(),
            "PMS-MSD-390",
            "Invalid filter value",
        ),
        (
            json!([{"columnName": "colour", "type": "equals", "value": "red"}]),
            asc.clone(),
            page10.clone(),
            "PMS-MSD-310",
            "Invalid column received : colour",
        ),
        (
            json!([]),
            json!([{"sortField": "colour", "sortType": "asc"}]),
            page10.clone(),
            "PMS-MSD-357",
            "Invalid sort field colour",
        ),
        (
            json!([]),
            json!([{"sortField": "name", "sortType": "up"}]),
            page10.clone(),
            "PMS-MSD-358",
            "Sort type up is not supported",
        ),
        (
            json!([]),
            json!([{"sortField": "name"}]),
            page10.clone(),
            "PMS-MSD-314",
            "Missing sort field or sort type values",
        ),
        (json!([]), asc.clone(), Value::Null, "PMS-MSD-356", "Pagination cannot be null"),
        (
            json!([]),
            asc.clone(),
            json!({"pageStart": -1, "pageFetch": 10}),
            "PMS-MSD-313",
            "Invalid pagination value received pagestart:-1 and pagefetch:10",
        ),
        (
            json!([]),
            asc.clone(),
            json!({"pageStart": 0, "pageFetch": 0}),
            "PMS-MSD-313",
            "Invalid pagination value received pagestart:0 and pagefetch:0",
        ),
    ] {
        let (s, b) = search(filters, sort, pagination).await;
        refused_with(s, &b, expected, text);
    }
}

#[tokio::test]
async fn legacy_policy_search_filters_sorts_and_pages() {
    let (app, token) = setup().await;
    let seeded = seed(&app, &token).await;
    let search = |policy_type: &str, filters: Value, sort: Value, pagination: Value| {
        let app = &app;
        let token = &token;
        let mut req = json!({"policyType": policy_type, "filters": filters, "sort": sort});
        if !pagination.is_null() {
            req["pagination"] = pagination;
        }
        async move { app.post(&format!("{POLICIES}/search"), token, legacy(req)).await }
    };
    let asc = json!([{"sortField": "name", "sortType": "asc"}]);
    let page10 = json!({"pageStart": 0, "pageFetch": 10});

    let (s, b) = search("all", json!([]), asc.clone(), page10.clone()).await;
    let page = ok(s, &b);
    assert_eq!(page["totalRecord"], 5);
    assert_eq!(
        names(&page["data"], "name"),
        vec!["Alpha KYC", "Bravo Share", "Charlie Misp", "Delta Cred", "Echo Auth"]
    );
    let alpha = &page["data"][0];
    assert_eq!(alpha["id"], seeded.alpha.as_str());
    assert_eq!(alpha["desc"], "Identity checks for banks");
    assert_eq!(alpha["isActive"], true);
    assert_eq!(alpha["isDeleted"], false);
    assert_eq!(alpha["policyType"], "Auth");
    assert_eq!(alpha["version"], "1.0");
    assert_eq!(alpha["schema"], "https://schemas.mosip.io/v1/auth-policy");
    assert_eq!(alpha["policyGroupId"], seeded.banking.as_str());
    assert_eq!(alpha["policyGroupName"], "Banking");
    assert_eq!(alpha["crBy"], "admin");
    assert!(utc_timestamp(&alpha["validFromDate"]) && utc_timestamp(&alpha["validToDate"]), "{alpha}");
    let text: Value = serde_json::from_str(alpha["policies"].as_str().expect("policies is JSON text")).unwrap();
    assert_eq!(text, auth_policy());
    assert!(page["data"][1]["schema"].is_null(), "Bravo is a draft");

    for (policy_type, filters, want) in [
        ("Auth", json!([]), vec!["Alpha KYC", "Echo Auth"]),
        ("datashare", json!([]), vec!["Bravo Share"]),
        (
            "all",
            json!([{"columnName": "policyGroupName", "type": "contains", "value": "HEAL"}]),
            vec!["Delta Cred", "Echo Auth"],
        ),
        (
            "all",
            json!([{"columnName": "desc", "type": "contains", "value": "banks"}]),
            vec!["Alpha KYC", "Bravo Share"],
        ),
        ("all", json!([{"columnName": "isActive", "type": "equals", "value": "true"}]), vec!["Alpha KYC", "Echo Auth"]),
        ("all", json!([{"columnName": "name", "type": "startsWith", "value": "ch"}]), vec!["Charlie Misp"]),
        ("all", json!([{"columnName": "name", "type": "equals", "value": "echo auth"}]), vec!["Echo Auth"]),
        (
            "all",
            json!([{"columnName": "name", "type": "in", "values": ["Alpha KYC", "Echo Auth"]}]),
            vec!["Alpha KYC", "Echo Auth"],
        ),
        (
            "all",
            json!([{"columnName": "policyGroupId", "type": "equals", "value": seeded.health}]),
            vec!["Delta Cred", "Echo Auth"],
        ),
        ("Auth", json!([{"columnName": "policyGroupName", "type": "equals", "value": "banking"}]), vec!["Alpha KYC"]),
        (
            "all",
            json!([{"columnName": "crDtimes", "type": "between", "fromValue": day_offset(-1), "toValue": day_offset(1)}]),
            vec!["Alpha KYC", "Bravo Share", "Charlie Misp", "Delta Cred", "Echo Auth"],
        ),
    ] {
        let (s, b) = search(policy_type, filters.clone(), asc.clone(), page10.clone()).await;
        let page = ok(s, &b);
        assert_eq!(names(&page["data"], "name"), want, "{policy_type} {filters}");
        assert_eq!(page["totalRecord"], want.len(), "{policy_type} {filters}");
    }

    let (s, b) = search("all", json!([]), json!([{"sortField": "name", "sortType": "desc"}]), page10.clone()).await;
    assert_eq!(
        names(&ok(s, &b)["data"], "name"),
        vec!["Echo Auth", "Delta Cred", "Charlie Misp", "Bravo Share", "Alpha KYC"]
    );
    let (s, b) = search("all", json!([]), asc.clone(), json!({"pageStart": 1, "pageFetch": 2})).await;
    let page = ok(s, &b);
    assert_eq!(
        (page["fromRecord"].clone(), page["toRecord"].clone(), page["totalRecord"].clone()),
        (json!(3), json!(4), json!(5))
    );
    assert_eq!(names(&page["data"], "name"), vec!["Charlie Misp", "Delta Cred"]);
    let (s, b) = search(
        "MISP",
        json!([{"columnName": "isActive", "type": "equals", "value": "true"}]),
        asc.clone(),
        page10.clone(),
    )
    .await;
    assert_eq!(ok(s, &b), json!({"fromRecord": 0, "toRecord": 0, "totalRecord": 0, "data": null}));

    let (s, b) = search("KYC", json!([]), asc.clone(), page10.clone()).await;
    refused_with(s, &b, "PMS_POL_023", "Given policy type is not allowed");
    for (filters, sort, pagination, expected) in [
        (
            json!([{"columnName": "colour", "type": "equals", "value": "red"}]),
            asc.clone(),
            page10.clone(),
            "PMS-MSD-310",
        ),
        (
            json!([{"columnName": "isActive", "type": "equals", "value": "yes"}]),
            asc.clone(),
            page10.clone(),
            "PMS-MSD-390",
        ),
        (json!([]), json!([{"sortField": "colour", "sortType": "asc"}]), page10.clone(), "PMS-MSD-357"),
        (json!([]), json!([{"sortField": "name", "sortType": "sideways"}]), page10.clone(), "PMS-MSD-358"),
        (json!([]), json!([{"sortType": "asc"}]), page10.clone(), "PMS-MSD-314"),
        (json!([]), asc.clone(), Value::Null, "PMS-MSD-356"),
        (json!([]), asc.clone(), json!({"pageStart": 0, "pageFetch": -2}), "PMS-MSD-313"),
    ] {
        let (s, b) = search("all", filters.clone(), sort.clone(), pagination).await;
        refused(s, &b, expected);
    }
}

#[tokio::test]
async fn legacy_filter_values_for_groups_and_policies() {
    let (app, token) = setup().await;
    let banking = group_with_desc(&app, &token, "Banking", "Regulated sector").await;
    group_with_desc(&app, &token, "Health", "Regulated sector").await;
    group_with_desc(&app, &token, "Insurance", "Insurers").await;
    let telecom = group_with_desc(&app, &token, "Telecom", "Mobile operators").await;
    let (s, b) = deactivate_group(&app, &token, &telecom).await;
    ok(s, &b);
    let values = |path: &'static str, request: Value| {
        let app = &app;
        let token = &token;
        async move { app.post(&format!("{POLICIES}/{path}"), token, legacy(request)).await }
    };
    let triples = |resp: &Value| -> Vec<(String, String, String)> {
        resp["filters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["fieldID"].as_str().unwrap().to_string(),
                    f["fieldValue"].as_str().unwrap().to_string(),
                    f["fieldCode"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let t = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());

    // Group values carry the group name as fieldCode (reference §4.12 #108), policy values the id (#109).
    let (s, b) = values("group/filtervalues", json!({"filters": [{"columnName": "name", "type": "unique"}]})).await;
    assert_eq!(
        triples(&ok(s, &b)),
        vec![
            t("name", "Banking", "Banking"),
            t("name", "Health", "Health"),
            t("name", "Insurance", "Insurance"),
            t("name", "Telecom", "Telecom")
        ]
    );
    let (s, b) =
        values("group/filtervalues", json!({"filters": [{"columnName": "name", "type": "unique", "text": "AN"}]}))
            .await;
    assert_eq!(triples(&ok(s, &b)), vec![t("name", "Banking", "Banking"), t("name", "Insurance", "Insurance")]);
    let (s, b) = values(
        "group/filtervalues",
        json!({"filters": [{"columnName": "id", "type": "unique", "text": &banking[banking.len() - 12..]}]}),
    )
    .await;
    assert_eq!(triples(&ok(s, &b)), vec![t("id", &banking, "Banking")]);
    let (s, b) = values("group/filtervalues", json!({"filters": [{"columnName": "desc", "type": "unique"}]})).await;
    let got: Vec<String> = triples(&ok(s, &b)).into_iter().map(|(_, v, _)| v).collect();
    assert_eq!(got, vec!["Insurers", "Mobile operators", "Regulated sector"]);
    let (s, b) = values("group/filtervalues", json!({"filters": [{"columnName": "desc", "type": ""}]})).await;
    assert_eq!(triples(&ok(s, &b)).len(), 3, "an empty type means unique");
    let (s, b) = values("group/filtervalues", json!({"filters": [{"columnName": "desc", "type": "all"}]})).await;
    let got: Vec<String> = triples(&ok(s, &b)).into_iter().map(|(_, v, _)| v).collect();
    assert_eq!(got, vec!["Insurers", "Mobile operators", "Regulated sector", "Regulated sector"]);
    let (s, b) = values("group/filtervalues", json!({"filters": [{"columnName": "isActive", "type": "unique"}]})).await;
    assert_eq!(triples(&ok(s, &b)), vec![t("isActive", "true", "true"), t("isActive", "false", "false")]);
    let (s, b) = values(
        "group/filtervalues",
        json!({"filters": [{"columnName": "name"}], "optionalFilters": [{"columnName": "isActive", "type": "equals", "value": "true"}]}),
    )
    .await;
    let got: Vec<String> = triples(&ok(s, &b)).into_iter().map(|(_, v, _)| v).collect();
    assert_eq!(got, vec!["Banking", "Health", "Insurance"]);
    let (s, b) = values("group/filtervalues", json!({"filters": [{"columnName": "crDtimes", "type": "unique"}]})).await;
    refused_with(s, &b, "PMS-MSD-324", "Received Filter Type not supported");
    let (s, b) = values("group/filtervalues", json!({"filters": [{"columnName": "colour", "type": "unique"}]})).await;
    refused_with(s, &b, "PMS-MSD-310", "Invalid column received : colour");

    // Policies (fieldCode is the policy id; policyType narrows the rows).
    let kyc = app.create_policy(&token, "Banking", "KYC", "Auth").await;
    let ekyc = app.create_policy(&token, "Health", "eKYC", "Auth").await;
    app.create_policy(&token, "Banking", "Share", "DataShare").await;
    app.create_policy(&token, "Health", "Credential", "CredentialIssuance").await;
    app.create_policy(&token, "Banking", "Delegation", "MISP").await;
    let (s, b) =
        values("filtervalues", json!({"policyType": "Auth", "filters": [{"columnName": "name", "type": "unique"}]}))
            .await;
    let mut got = triples(&ok(s, &b));
    got.sort_by_key(|x| x.1.to_lowercase());
    assert_eq!(got, vec![t("name", "eKYC", &ekyc), t("name", "KYC", &kyc)]);
    let (s, b) = values(
        "filtervalues",
        json!({"policyType": "all", "filters": [{"columnName": "policyType", "type": "unique"}]}),
    )
    .await;
    let got: Vec<String> = triples(&ok(s, &b)).into_iter().map(|(_, v, _)| v).collect();
    assert_eq!(got, vec!["Auth", "CredentialIssuance", "DataShare", "MISP"]);
    let (s, b) =
        values("filtervalues", json!({"policyType": "all", "filters": [{"columnName": "policyType", "type": "all"}]}))
            .await;
    let got: Vec<String> = triples(&ok(s, &b)).into_iter().map(|(_, v, _)| v).collect();
    assert_eq!(got, vec!["Auth", "Auth", "CredentialIssuance", "DataShare", "MISP"]);
    let (s, b) = values(
        "filtervalues",
        json!({"policyType": "all", "filters": [{"columnName": "name", "type": "unique", "text": "e"}],
               "optionalFilters": [{"columnName": "policyGroupName", "type": "equals", "value": "Health"}]}),
    )
    .await;
    let mut got: Vec<String> = triples(&ok(s, &b)).into_iter().map(|(_, v, _)| v).collect();
    got.sort_by_key(|v| v.to_lowercase());
    assert_eq!(got, vec!["Credential", "eKYC"]);
    let (s, b) = values("filtervalues", json!({"policyType": "all", "filters": [{"columnName": "isActive"}]})).await;
    let got: Vec<String> = triples(&ok(s, &b)).into_iter().map(|(_, v, _)| v).collect();
    assert_eq!(got, vec!["true", "false"]);
    let (s, b) =
        values("filtervalues", json!({"policyType": "all", "filters": [{"columnName": "validFromDate"}]})).await;
    refused(s, &b, "PMS-MSD-324");
    let (s, b) = values("filtervalues", json!({"policyType": "KYC", "filters": [{"columnName": "name"}]})).await;
    refused(s, &b, "PMS_POL_023");
}

#[tokio::test]
async fn legacy_policy_search_and_filter_values_require_a_policy_type() {
    // Reference §4.12 #106 and #109: `policyType` is a required field of both requests.
    let (app, token) = setup().await;
    app.create_group(&token, "Banking").await;
    app.create_policy(&token, "Banking", "KYC", "Auth").await;
    let (s, b) = app
        .post(
            &format!("{POLICIES}/search"),
            &token,
            legacy(json!({"filters": [], "pagination": {"pageStart": 0, "pageFetch": 10}})),
        )
        .await;
    refused(s, &b, "PMS_COR_001");
    assert!(message(&b).ends_with(" :policyType"), "{b}");
    let (s, b) = app
        .post(&format!("{POLICIES}/filtervalues"), &token, legacy(json!({"filters": [{"columnName": "name"}]})))
        .await;
    refused(s, &b, "PMS_COR_001");
    assert!(message(&b).ends_with(" :policyType"), "{b}");
}

#[tokio::test]
async fn listing_policies_reports_a_stored_document_that_no_longer_parses() {
    // Reference §4.12 #100 and §5.4: policy JSON is re-parsed when read; unparsable → PMS_POL_052.
    // Such rows arrive with data migrated from MOSIP (the column held 5,120 characters and could be cut).
    let (app, token) = setup().await;
    app.create_group(&token, "Banking").await;
    let id = app.create_policy(&token, "Banking", "KYC", "Auth").await;
    app.fixtures.corrupt_policy_document(&id, "{\"authTokenType\": \"partn").await;
    let (s, b) = app.get(POLICIES, &token).await;
    refused_with(s, &b, "PMS_POL_052", "Error occured while parsing policy string to json object");
}

// ------------------------------------------------------------------ config, clone, history, partner

#[tokio::test]
async fn config_keys_are_whitelisted() {
    let (app, token) = setup().await;
    let (s, b) = app.get(&format!("{POLICIES}/config/pmp.allowed.policy.types"), &token).await;
    assert_eq!(
        ok(s, &b),
        json!({"key": "pmp.allowed.policy.types", "value": "Auth,DataShare,CredentialIssuance,MISP"})
    );
    let (s, b) = app.get(&format!("{POLICIES}/config/policy.auth.allowed.token.types"), &token).await;
    assert_eq!(ok(s, &b)["value"], "random,partner,policy");
    let (s, b) = app.get(&format!("{POLICIES}/config/pmp.policy.schema.url"), &token).await;
    assert_eq!(ok(s, &b)["value"], "https://schemas.mosip.io/v1/auth-policy");
    let (s, b) = app.get(&format!("{POLICIES}/config/pmp.auth.policy.schema"), &token).await;
    let schema = ok(s, &b)["value"].clone();
    assert_eq!(schema["type"], "object", "a JSON property comes back as an object: {schema}");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    assert!(schema["required"].as_array().unwrap().contains(&json!("allowedKycAttributes")));
    let (s, b) = app.get(&format!("{POLICIES}/config/pmp.misp.policy.schema"), &token).await;
    assert!(ok(s, &b)["value"]["properties"]["allowAuthRequestDelegation"].is_object(), "{b}");

    for key in
        ["spring.datasource.password", "mosip.pms.client.secret", "jwt_hs256_secret", "admin_password", "no.such.key"]
    {
        let (s, b) = app.get(&format!("{POLICIES}/config/{key}"), &token).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(b["errors"], json!([]), "{b}");
        assert_eq!(b["response"], json!({"key": key, "value": null}), "{key} must not be revealed");
    }
}

#[tokio::test]
async fn clone_copies_a_policy_as_a_new_draft() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    let health = app.create_group(&token, "Health").await;
    let closed = app.create_group(&token, "Closed").await;
    let (s, b) = deactivate_group(&app, &token, &closed).await;
    ok(s, &b);
    let source = app.create_policy(&token, "Banking", "KYC", "DataShare").await;
    published(&app, &token, &source, &banking).await;
    let original = get_policy(&app, &token, &source).await;
    let events_before = app.events("POLICY_UPDATED").await.len();
    let clone = |body: Value| {
        let app = &app;
        let token = &token;
        let source = source.clone();
        async move { app.post(&format!("{POLICIES}/{source}/clone"), token, legacy(body)).await }
    };

    let (s, b) = clone(json!({"policyGroupName": "Health"})).await;
    let r = ok(s, &b);
    let copy = r["id"].as_str().unwrap().to_string();
    assert_ne!(copy, source);
    assert_eq!(r["policyGroupName"], "Health");
    assert_eq!(r["name"], "Copy of KYC", "a clone without a name is a copy of its source");
    assert_eq!(r["desc"], "KYC policy");
    assert_eq!(r["is_Active"], false);
    let p = get_policy(&app, &token, &copy).await;
    assert_eq!(p["status"], "DRAFTED");
    assert!(p["schema"].is_null());
    assert_eq!(p["policyType"], "DataShare");
    assert_eq!(p["policyGroupId"], health.as_str());
    assert_eq!(p["policies"], data_share_policy());
    assert_eq!(p["version"], "1.0");
    let h = history(&app, &token, &copy).await;
    assert_eq!(names(&json!(h), "change"), vec!["created"]);

    // The name must be free in the target group.
    let (s, b) = clone(json!({"policyGroupName": "Health"})).await;
    refused_with(s, &b, "PMS_POL_009", "Auth policy exists with name : Copy of KYC");
    let (s, b) = clone(json!({"policyGroupName": "Banking", "name": "KYC"})).await;
    refused(s, &b, "PMS_POL_009");
    let (s, b) = clone(json!({"policyGroupName": "Banking", "name": "KYC v2"})).await;
    let r = ok(s, &b);
    assert_eq!(r["name"], "KYC v2");
    assert_eq!(r["policyGroupName"], "Banking");

    let (s, b) = clone(json!({"policyGroupName": "Nowhere"})).await;
    refused(s, &b, "PMS_POL_019");
    let (s, b) = clone(json!({"policyGroupName": "Closed"})).await;
    refused(s, &b, "PMS_POL_053");
    let (s, b) = clone(json!({})).await;
    refused_with(s, &b, "PMS_COR_001", "Invalid request parameter - must not be null :policyGroupName");
    let (s, b) = app
        .post(&format!("{POLICIES}/no-such-policy/clone"), &token, legacy(json!({"policyGroupName": "Health"})))
        .await;
    refused(s, &b, "PMS_POL_008");

    assert_eq!(get_policy(&app, &token, &source).await, original, "cloning leaves the source alone");
    assert_eq!(all_policies(&app, &token).await.len(), 3);
    assert_eq!(app.events("POLICY_UPDATED").await.len(), events_before, "a clone is a draft: no event");
}

#[tokio::test]
async fn history_lists_every_version_newest_first() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    let id = app.create_policy(&token, "Banking", "KYC", "Auth").await;
    let mut second = auth_policy();
    second["authTokenType"] = json!("policy");
    let (s, b) = update_policy(
        &app,
        &token,
        &id,
        json!({"policyGroupName": "Banking", "name": "KYC", "desc": "second", "version": "1.1", "policies": second}),
    )
    .await;
    ok(s, &b);
    let mut third = second.clone();
    third["kycLanguages"] = json!(["fra"]);
    let (s, b) = update_policy(&app, &token, &id, json!({"policyGroupName": "Banking", "name": "KYC final", "desc": "third", "version": "1.2", "policies": third})).await;
    ok(s, &b);
    published(&app, &token, &id, &banking).await;
    let (s, b) = deactivate_policy(&app, &token, &id).await;
    ok(s, &b);

    let h = history(&app, &token, &id).await;
    assert_eq!(h.len(), 5, "{h:?}");
    assert_eq!(names(&json!(h), "change"), vec!["deactivated", "published", "updated", "updated", "created"]);
    assert_eq!(names(&json!(h), "status"), vec!["deactivated", "activated", "draft", "draft", "draft"]);
    assert_eq!(h.iter().map(|v| v["revision"].as_i64().unwrap()).collect::<Vec<_>>(), vec![5, 4, 3, 2, 1]);
    assert_eq!(names(&json!(h), "version"), vec!["1.2", "1.2", "1.2", "1.1", "1.0"]);
    assert_eq!(names(&json!(h), "name"), vec!["KYC final", "KYC final", "KYC final", "KYC", "KYC"]);
    assert_eq!(h[4]["policies"], auth_policy());
    assert_eq!(h[3]["policies"], second);
    assert_eq!(h[0]["policies"], third);
    for v in &h {
        assert_eq!(v["changedBy"], "admin");
        assert_eq!(v["policyGroupId"], banking.as_str());
        assert!(utc_timestamp(&v["changedDateTime"]), "{v}");
    }
    let times: Vec<&str> = h.iter().map(|v| v["changedDateTime"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first: {times:?}");

    let (s, b) = app.get(&format!("{POLICIES}/no-such-policy/history"), &token).await;
    refused_with(s, &b, "PMS_POL_008", "Policy ID does not exist");
}

#[tokio::test]
async fn policy_for_partner_requires_an_active_api_key() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    let policy = app.create_policy(&token, "Banking", "Credential share", "DataShare").await;
    published(&app, &token, &policy, &banking).await;
    let other = app.create_policy(&token, "Banking", "Other", "DataShare").await;
    published(&app, &token, &other, &banking).await;
    insert_partner(&app, "print-partner").await;
    insert_partner(&app, "idle-partner").await;
    insert_api_key(&app, "print-partner", &policy, true).await;
    insert_api_key(&app, "idle-partner", &policy, false).await;
    let url = |p: &str, partner: &str| format!("{POLICIES}/{p}/partner/{partner}");

    let (s, b) = app.get(&url(&policy, "print-partner"), &token).await;
    let p = ok(s, &b);
    assert_eq!(p["policyId"], policy.as_str());
    assert_eq!(p["policyType"], "DataShare");
    assert_eq!(p["policyGroupName"], "Banking");
    assert_eq!(p["policies"], data_share_policy());
    assert_eq!(p["status"], "PUBLISHED");

    let (s, b) = app.get(&url("no-such-policy", "print-partner"), &token).await;
    refused_with(s, &b, "PMS_POL_008", "Policy ID does not exist");
    let (s, b) = app.get(&url(&policy, "no-such-partner"), &token).await;
    refused_with(s, &b, "PMS_POL_017", "No policy available for given partner");
    let (s, b) = app.get(&url(&policy, "idle-partner"), &token).await;
    refused(s, &b, "PMS_POL_017");
    let (s, b) = app.get(&url(&other, "print-partner"), &token).await;
    refused(s, &b, "PMS_POL_017");
}

// ------------------------------------------------------------------ outbox and audit

#[tokio::test]
async fn policy_updated_events_have_mosip_shape_and_come_one_per_change() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    let id = app.create_policy(&token, "Banking", "KYC", "Auth").await;
    assert!(app.events("POLICY_UPDATED").await.is_empty(), "creation is silent");

    let (s, b) = update_policy(&app, &token, &id, json!({"policyGroupName": "Banking", "name": "KYC", "desc": "Updated", "version": "1.1", "policies": auth_policy()})).await;
    ok(s, &b);
    assert_eq!(app.events("POLICY_UPDATED").await.len(), 1);
    published(&app, &token, &id, &banking).await;
    assert_eq!(app.events("POLICY_UPDATED").await.len(), 2);
    // Refused writes: update after publication, second publication, deactivation with a bad status.
    let (s, b) = update_policy(
        &app,
        &token,
        &id,
        json!({"policyGroupName": "Banking", "name": "KYC", "desc": "x", "version": "2", "policies": auth_policy()}),
    )
    .await;
    refused(s, &b, "PMS_POL_055");
    let (s, b) = publish(&app, &token, &id, &banking).await;
    refused(s, &b, "PMS_POL_020");
    let (s, b) =
        app.patch(&format!("{POLICIES}/{id}"), &token, v2(DEACTIVATE_POLICY_ID, json!({"status": "Activate"}))).await;
    refused(s, &b, "PMS_POL_073");
    assert_eq!(app.events("POLICY_UPDATED").await.len(), 2);
    let (s, b) = deactivate_policy(&app, &token, &id).await;
    ok(s, &b);
    let (s, b) = deactivate_policy(&app, &token, &id).await;
    refused(s, &b, "PMS_POL_062");

    let events = app.events("POLICY_UPDATED").await;
    assert_eq!(events.len(), 3, "{events:?}");
    // Newest first: deactivation, publication, draft update.
    let statuses: Vec<_> =
        events.iter().map(|e| e["payload"]["event"]["data"]["policyData"]["policyStatus"].clone()).collect();
    assert_eq!(statuses, vec![json!("DEACTIVE"), json!("ACTIVE"), json!("DEACTIVE")]);
    for e in &events {
        assert_eq!(e["topic"], "POLICY_UPDATED");
        let payload = &e["payload"];
        assert_eq!(payload["publisher"], "PolicyManagementService");
        assert_eq!(payload["topic"], "POLICY_UPDATED");
        assert!(utc_timestamp(&payload["publishedOn"]), "{payload}");
        let event = &payload["event"];
        assert_eq!(
            event["type"],
            json!({"namespace": "io.mosip.pmp.policy.service", "name": "PolicyManagementService"})
        );
        assert!(uuid::Uuid::parse_str(event["id"].as_str().unwrap()).is_ok(), "{event}");
        assert!(utc_timestamp(&event["timestamp"]), "{event}");
        let data = &event["data"]["policyData"];
        assert_eq!(data["policyId"], id.as_str());
        assert_eq!(data["policyName"], "KYC");
        assert_eq!(data["policyDescription"], "Updated");
        assert_eq!(data["policy"], auth_policy());
        assert!(
            local_timestamp(&data["policyCommenceOn"]) && local_timestamp(&data["policyExpiresOn"]),
            "LocalDateTime without zone: {data}"
        );
    }
    let ids: std::collections::HashSet<_> =
        events.iter().map(|e| e["payload"]["event"]["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), 3, "event ids are unique");
}

#[tokio::test]
async fn audit_trail_records_successes_and_refusals_of_a_policy() {
    let (app, token) = setup().await;
    let banking = app.create_group(&token, "Banking").await;
    let id = app.create_policy(&token, "Banking", "KYC", "Auth").await;
    let (s, b) = update_policy(
        &app,
        &token,
        &id,
        json!({"policyGroupName": "Banking", "name": "KYC", "desc": "v2", "version": "2", "policies": auth_policy()}),
    )
    .await;
    ok(s, &b);
    let (s, b) = update_policy(&app, &token, &id, json!({"policyGroupName": "Banking", "name": "KYC", "desc": "v3", "version": "3", "policies": auth_without("authTokenType")})).await;
    refused(s, &b, "PMS_PV_006");

    // A caller-supplied request id is carried into the audit row.
    let res = app
        .client
        .post(app.url(&format!("{POLICIES}/{id}/group/{banking}/publish")))
        .bearer_auth(&token)
        .header("x-request-id", "req-publish-42")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get("x-request-id").and_then(|v| v.to_str().ok()), Some("req-publish-42"));
    let (s, b) = publish(&app, &token, &id, &banking).await;
    refused(s, &b, "PMS_POL_020");
    let (s, b) = deactivate_policy(&app, &token, &id).await;
    ok(s, &b);

    let rows = audit(&app, &token, &format!("entityType=policy&entityId={id}")).await;
    assert_eq!(
        audit_summary(&rows),
        vec![
            row("policy.create", "success", ""),
            row("policy.deactivate", "success", ""),
            row("policy.publish", "failure", "PMS_POL_020"),
            row("policy.publish", "success", ""),
            row("policy.update", "failure", "PMS_PV_006"),
            row("policy.update", "success", ""),
        ]
    );
    for r in &rows {
        assert_eq!(r["actor"], "admin", "{r}");
        assert_eq!(r["entityType"], "policy");
        assert_eq!(r["entityId"], id.as_str());
        assert!(utc_timestamp(&r["occurredAt"]), "{r}");
    }
    let publish_row = rows.iter().find(|r| r["action"] == "policy.publish" && r["outcome"] == "success").unwrap();
    assert_eq!(publish_row["requestId"], "req-publish-42");
    assert_eq!(
        (publish_row["beforeStatus"].clone(), publish_row["afterStatus"].clone()),
        (json!("draft"), json!("activated"))
    );
    let deactivate_row = rows.iter().find(|r| r["action"] == "policy.deactivate").unwrap();
    assert_eq!(
        (deactivate_row["beforeStatus"].clone(), deactivate_row["afterStatus"].clone()),
        (json!("activated"), json!("deactivated"))
    );
    let failure = rows.iter().find(|r| r["action"] == "policy.update" && r["outcome"] == "failure").unwrap();
    assert_eq!(failure["details"]["message"], "Missing input parameter - authTokenType in policy data");
    let times: Vec<&str> = rows.iter().map(|r| r["occurredAt"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first: {times:?}");

    // Filters of the audit endpoint.
    let failures = audit(&app, &token, &format!("entityType=policy&entityId={id}&outcome=failure")).await;
    assert_eq!(failures.len(), 2);
    let publishes = audit(&app, &token, &format!("entityId={id}&action=policy.publish")).await;
    assert_eq!(publishes.len(), 2);
    let group_rows = audit(&app, &token, &format!("entityType=policy_group&entityId={banking}")).await;
    assert_eq!(audit_summary(&group_rows), vec![row("policy_group.create", "success", "")]);
}
