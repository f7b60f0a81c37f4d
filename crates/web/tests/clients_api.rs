//! OIDC clients of eSignet and MISP licences over HTTP (MOSIP §4.5, §4.9, §9.4, §9.6): creation
//! with its checks in MOSIP's order, updates and the client state machine, the revamp list, the
//! eSignet adapter against a server that answers as eSignet does, the cascades of a partner's
//! deactivation, the MISP licence lifecycle, concurrent writes and the audit trail. Time moves
//! with the server's clock, never by sleeping (except for the eSignet that never answers, which
//! waits for the one-second client timeout).

mod common;

use axum::body::Bytes;
use axum::http::{Method as HttpMethod, StatusCode as HttpStatus, Uri};
use axum::response::IntoResponse;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use common::*;
use pms_domain::roles::{AUTH_PARTNER, CREDENTIAL_PARTNER, MISP_PARTNER};
use pms_testkit::jwk;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};

const PM: &str = "/v1/partnermanager";
const OAUTH: &str = "/v1/partnermanager/oauth/client";
const OIDC: &str = "/v1/partnermanager/oidc/client";
const MISPS: &str = "/v1/partnermanager/misps";
const LIST_ID: &str = "mosip.pms.oauth.partners.clients.get";
/// Tokens that outlive the clock moves of the tests.
const LONG_TTL: u32 = 60 * 24 * 1000;

/// The claims and ACRs the common `auth_policy()` gives with MOSIP's shipped mapping files:
/// `fullName` → `name`, `dateOfBirth` → `birthdate`; `otp` → generated-code, `bio` → biometrics
/// (in the order of the mapping files).
const KYC_CLAIMS: [&str; 2] = ["name", "birthdate"];
const KYC_ACRS: [&str; 2] = ["mosip:idp:acr:generated-code", "mosip:idp:acr:biometrics"];

// ------------------------------------------------------------------ helpers

#[track_caller]
fn ok(status: StatusCode, body: &Value) -> Value {
    assert_eq!((status, error_code(body)), (StatusCode::OK, None), "{body}");
    body["response"].clone()
}

#[track_caller]
fn refused(status: StatusCode, body: &Value, code: &str) {
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(error_code(body).as_deref(), Some(code), "{body}");
    assert!(body["response"].is_null(), "{body}");
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn parse_time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("not a time: {v}"))).expect("a time").to_utc()
}

async fn spawn_with(configure: impl FnOnce(&mut pms_service::Config)) -> (TestApp, String) {
    let app = TestApp::spawn_with(|c| {
        c.token_ttl_minutes = LONG_TTL;
        configure(c)
    })
    .await;
    let admin = app.admin_token().await;
    (app, admin)
}

/// A partner `id` of `kind` registered by its new login `id` (with `role`), in `group` if any.
async fn register(app: &TestApp, id: &str, kind: &str, role: &str, group: Option<&str>) -> String {
    let token = app.token_for_new_user(id, &[role]).await;
    let mut request = json!({"partnerId": id, "organizationName": format!("{id} Org"), "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": format!("{id}@example.org"), "partnerType": kind,
        "langCode": "eng"});
    if let Some(g) = group {
        request["policyGroup"] = json!(g);
    }
    let (s, b) = app.post(&format!("{PM}/partners"), &token, legacy(request)).await;
    ok(s, &b);
    token
}

/// An approved Auth partner of `group`; its user's token.
async fn auth_partner(app: &TestApp, admin: &str, id: &str, group: &str) -> String {
    let token = register(app, id, "Auth_Partner", AUTH_PARTNER, Some(group)).await;
    app.decide_partner(admin, id, "approve").await;
    token
}

/// An approved MISP partner (in `group` if any); its user's token.
async fn misp_partner(app: &TestApp, admin: &str, id: &str, group: Option<&str>) -> String {
    let token = register(app, id, "MISP_Partner", MISP_PARTNER, group).await;
    app.decide_partner(admin, id, "approve").await;
    token
}

/// A policy request of `partner` for the policy `name`, waiting; its id.
async fn requested(app: &TestApp, token: &str, partner: &str, name: &str) -> String {
    let body = legacy(json!({"policyName": name, "useCaseDescription": "Sign residents in through eSignet"}));
    let (s, b) = app.post(&format!("{PM}/partners/{partner}/policy/map"), token, body).await;
    ok(s, &b)["mappingkey"].as_str().expect("mapping key").to_string()
}

async fn approve(app: &TestApp, admin: &str, request: &str) {
    let (s, b) =
        app.put(&format!("{PM}/partners/policy/{request}"), admin, legacy(json!({"status": "Approved"}))).await;
    ok(s, &b);
}

/// A request of `partner` for `name`, approved by the admin.
async fn approved_request(app: &TestApp, admin: &str, token: &str, partner: &str, name: &str) {
    let id = requested(app, token, partner, name).await;
    approve(app, admin, &id).await;
}

async fn publish(app: &TestApp, admin: &str, policy: &str, group_id: &str) {
    let path = format!("/v1/policymanager/policies/{policy}/group/{group_id}/publish");
    let (s, b) = app.send(Method::POST, &path, Some(admin), None).await;
    ok(s, &b);
}

/// A published Auth policy `name` of `group` with the policy document `doc`; its id.
async fn auth_policy_doc(app: &TestApp, admin: &str, group_id: &str, group: &str, name: &str, doc: Value) -> String {
    let request = json!({"policyGroupName": group, "policyType": "Auth", "name": name,
        "desc": format!("{name} policy"), "version": "1.0", "policies": doc});
    let (s, b) = app.post("/v1/policymanager/policies", admin, legacy(request)).await;
    let id = ok(s, &b)["id"].as_str().expect("policy id").to_string();
    publish(app, admin, &id, group_id).await;
    id
}

/// A create request for an OAuth client (an OIDC one ignores `clientNameLangMap`).
fn client_body(name: &str, policy: &str, partner: &str, key: Value) -> Value {
    json!({"name": name, "policyId": policy, "publicKey": key, "authPartnerId": partner,
        "logoUri": "https://rp.example/logo.png", "redirectUris": ["https://rp.example/callback"],
        "grantTypes": ["authorization_code"], "clientAuthMethods": ["private_key_jwt"],
        "clientNameLangMap": {"eng": name, "fra": format!("{name} (fr)")}})
}

/// The same request for the deprecated OIDC endpoints, without names per language.
fn oidc_body(name: &str, policy: &str, partner: &str, key: Value) -> Value {
    let mut body = client_body(name, policy, partner, key);
    body.as_object_mut().unwrap().remove("clientNameLangMap");
    body
}

fn with(mut body: Value, field: &str, value: Value) -> Value {
    body[field] = value;
    body
}

fn without(mut body: Value, field: &str) -> Value {
    body.as_object_mut().unwrap().remove(field);
    body
}

async fn create(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    app.post(path, token, legacy(body)).await
}

/// A new client; its id.
async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> String {
    let (s, b) = create(app, token, path, body).await;
    let answer = ok(s, &b);
    assert_eq!(answer["status"], "ACTIVE", "{b}");
    answer["clientId"].as_str().expect("client id").to_string()
}

fn update_body(name: &str, status: &str) -> Value {
    json!({"clientName": name, "logoUri": "https://rp.example/new-logo.png",
        "redirectUris": ["https://rp.example/a", "https://rp.example/b"], "status": status,
        "grantTypes": ["authorization_code"], "clientAuthMethods": ["private_key_jwt"],
        "clientNameLangMap": {"eng": name}})
}

async fn update(app: &TestApp, token: &str, path: &str, id: &str, body: Value) -> (StatusCode, Value) {
    app.put(&format!("{path}/{id}"), token, legacy(body)).await
}

async fn client(app: &TestApp, token: &str, id: &str) -> Value {
    let (s, b) = app.get(&format!("{OAUTH}/{id}"), token).await;
    ok(s, &b)
}

async fn list(app: &TestApp, token: &str, query: &str) -> Value {
    let (s, b) = app.get(&format!("{OAUTH}{query}"), token).await;
    assert_eq!(b["id"], LIST_ID, "{b}");
    ok(s, &b)
}

async fn client_total(app: &TestApp, admin: &str) -> u64 {
    list(app, admin, "").await["totalResults"].as_u64().expect("total")
}

/// The `data` of every outbox event of `topic`, newest first.
async fn events(app: &TestApp, admin: &str, topic: &str) -> Vec<Value> {
    let (s, b) = app.get(&format!("/v1/pms/events?topic={topic}&pageNo=0&pageSize=1000"), admin).await;
    ok(s, &b)["data"].as_array().unwrap().iter().map(|e| e["payload"]["event"]["data"].clone()).collect()
}

async fn audit(app: &TestApp, admin: &str, action: &str, entity: &str) -> Vec<Value> {
    let (s, b) = app.get(&format!("/v1/pms/audit?action={action}&entityId={entity}&pageNo=0&pageSize=50"), admin).await;
    ok(s, &b)["data"].as_array().unwrap().clone()
}

async fn partner_active(app: &TestApp, admin: &str, id: &str) -> bool {
    let (s, b) = app.get(&format!("{PM}/partners/{id}"), admin).await;
    ok(s, &b)["isActive"].as_bool().expect("isActive")
}

fn b64url(v: &Value) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(v.as_str().expect("base64url text")).expect("base64url")
}

/// eSignet's client id of a key whose encoded form is `der`, computed here independently.
fn client_id_of(der: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(STANDARD.encode(der).as_bytes()))
}

/// The client id of an EC P-256 JWK: over its SubjectPublicKeyInfo DER (a fixed prefix, then the
/// uncompressed point).
fn ec_client_id(jwk: &Value) -> String {
    let mut der = hex::decode("3059301306072a8648ce3d020106082a8648ce3d030107034200").unwrap();
    der.push(0x04);
    der.extend(b64url(&jwk["x"]));
    der.extend(b64url(&jwk["y"]));
    assert_eq!(der.len(), 91);
    client_id_of(&der)
}

/// The client id of an Ed25519 JWK: over the raw `x` bytes.
fn okp_client_id(jwk: &Value) -> String {
    client_id_of(&b64url(&jwk["x"]))
}

/// An RSA JWK with a 512-bit modulus (too short to be accepted).
fn rsa_512() -> Value {
    let mut n = vec![0xC3u8];
    n.extend((1..64u8).map(|i| i.wrapping_mul(37) | 1));
    json!({"kty": "RSA", "e": "AQAB", "n": URL_SAFE_NO_PAD.encode(&n)})
}

/// A group `Banking` with the published Auth policy `KYC` (the common `auth_policy()`), and the
/// approved Auth partner `bank-one` whose request for it was approved.
struct Bank {
    app: TestApp,
    admin: String,
    group_id: String,
    policy_id: String,
    bank: String,
}

async fn bank_with(configure: impl FnOnce(&mut pms_service::Config)) -> Bank {
    let (app, admin) = spawn_with(configure).await;
    let group_id = app.create_group(&admin, "Banking").await;
    let policy_id = app.published_policy(&admin, &group_id, "Banking", "KYC").await;
    let bank = auth_partner(&app, &admin, "bank-one", "Banking").await;
    approved_request(&app, &admin, &bank, "bank-one", "KYC").await;
    Bank { app, admin, group_id, policy_id, bank }
}

async fn bank() -> Bank {
    bank_with(|_| {}).await
}

// ------------------------------------------------------------------ a fake eSignet

/// How the fake eSignet answers client-management calls (its OpenID configuration always answers).
#[derive(Debug, Clone, PartialEq)]
enum Mode {
    Accept,
    /// 200 with `errors: [{errorCode, errorMessage}]`.
    Refuse(&'static str),
    /// 500 with a JSON body that holds no `errors`.
    Fail,
    /// Never answers.
    Hang,
}

#[derive(Debug, Clone)]
struct Call {
    method: String,
    path: String,
    body: Value,
}

struct FakeEsignet {
    /// eSignet's API base, as `PMS_ESIGNET_URL` names it.
    base: String,
    calls: Arc<Mutex<Vec<Call>>>,
    mode: Arc<Mutex<Mode>>,
    claims: Arc<Mutex<Vec<String>>>,
}

impl FakeEsignet {
    async fn start(claims_supported: &[&str]) -> FakeEsignet {
        let calls: Arc<Mutex<Vec<Call>>> = Arc::default();
        let mode = Arc::new(Mutex::new(Mode::Accept));
        let claims = Arc::new(Mutex::new(claims_supported.iter().map(|c| c.to_string()).collect::<Vec<_>>()));
        let (c, m, cl) = (calls.clone(), mode.clone(), claims.clone());
        let app = axum::Router::new().fallback(move |method: HttpMethod, uri: Uri, body: Bytes| {
            let (calls, mode, claims) = (c.clone(), m.clone(), cl.clone());
            async move {
                let path = uri.path().to_string();
                let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                calls.lock().unwrap().push(Call { method: method.to_string(), path: path.clone(), body: body.clone() });
                if method == HttpMethod::GET && path.ends_with("/oidc/.well-known/openid-configuration") {
                    let supported = claims.lock().unwrap().clone();
                    return axum::Json(json!({"issuer": "https://esignet.example", "claims_supported": supported}))
                        .into_response();
                }
                let current = mode.lock().unwrap().clone();
                match current {
                    Mode::Accept => {
                        let id = body["request"]["clientId"]
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| path.rsplit('/').next().unwrap_or_default().to_string());
                        let status = body["request"]["status"].as_str().unwrap_or("ACTIVE").to_string();
                        axum::Json(json!({"responseTime": now(), "response": {"clientId": id, "status": status},
                            "errors": []}))
                        .into_response()
                    }
                    Mode::Refuse(code) => axum::Json(json!({"responseTime": now(), "response": null,
                        "errors": [{"errorCode": code, "errorMessage": "refused by the test's eSignet"}]}))
                    .into_response(),
                    Mode::Fail => {
                        (HttpStatus::INTERNAL_SERVER_ERROR, axum::Json(json!({"error": "Internal Server Error"})))
                            .into_response()
                    }
                    Mode::Hang => {
                        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
                        HttpStatus::OK.into_response()
                    }
                }
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}/v1/esignet", listener.local_addr().expect("address"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeEsignet { base, calls, mode, claims }
    }

    fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    fn support(&self, claims: &[&str]) {
        *self.claims.lock().unwrap() = claims.iter().map(|c| c.to_string()).collect();
    }

    /// Client-management calls (not the OpenID configuration), oldest first.
    fn client_calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().iter().filter(|c| c.path.contains("/client-mgmt/")).cloned().collect()
    }

    fn all_calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }
}

async fn bank_with_esignet(claims: &[&str]) -> (Bank, FakeEsignet) {
    let esignet = FakeEsignet::start(claims).await;
    let base = esignet.base.clone();
    let bank = bank_with(move |c| {
        c.esignet_url = Some(base);
        c.esignet_timeout_seconds = 1;
    })
    .await;
    (bank, esignet)
}

// ------------------------------------------------------------------ creation

#[tokio::test]
async fn an_oauth_and_an_oidc_client_for_an_approved_auth_policy() {
    let Bank { app, admin, policy_id, bank, .. } = bank().await;

    // OAuth, an EC key: the id is eSignet's, computed from the key.
    let ec = jwk::ec();
    let (s, b) = create(&app, &bank, OAUTH, client_body("Health portal", &policy_id, "bank-one", ec.clone())).await;
    let answer = ok(s, &b);
    let ec_id = ec_client_id(&ec);
    assert_eq!(answer, json!({"clientId": ec_id, "status": "ACTIVE"}));
    assert_eq!(ec_id.len(), 43);

    let detail = client(&app, &bank, &ec_id).await;
    assert_eq!(detail["id"], ec_id.as_str());
    assert_eq!(detail["name"], "Health portal");
    assert_eq!(detail["clientNameLangMap"], json!({"eng": "Health portal", "fra": "Health portal (fr)"}));
    assert_eq!((detail["policyId"].as_str(), detail["policyName"].as_str()), (Some(policy_id.as_str()), Some("KYC")));
    assert_eq!(detail["relyingPartyId"], "bank-one");
    assert_eq!(detail["logoUri"], "https://rp.example/logo.png");
    assert_eq!(strings(&detail["redirectUris"]), ["https://rp.example/callback"]);
    assert_eq!(strings(&detail["claims"]), KYC_CLAIMS);
    assert_eq!(strings(&detail["acrValues"]), KYC_ACRS);
    assert_eq!(detail["status"], "ACTIVE");
    assert_eq!(strings(&detail["grantTypes"]), ["authorization_code"]);
    assert_eq!(strings(&detail["clientAuthMethods"]), ["private_key_jwt"]);
    let stored: Value = serde_json::from_str(detail["publicKey"].as_str().expect("JWK text")).expect("JWK JSON");
    assert_eq!(stored, ec, "the public key is kept as sent");
    assert!(detail["updatedDateTime"].is_null());
    let created_at = parse_time(&detail["createdDateTime"]);
    assert!((app.services.now() - created_at).num_minutes().abs() < 5, "{detail}");
    // The deprecated read answers the same client; the admin reads it too.
    let (s, b) = app.get(&format!("{OIDC}/{ec_id}"), &bank).await;
    assert_eq!(ok(s, &b), detail);
    assert_eq!(client(&app, &admin, &ec_id).await, detail);

    // The deprecated create, an RSA key, no names per language.
    let rsa = jwk::rsa();
    let rsa_id = created(&app, &bank, OIDC, oidc_body("Clinic app", &policy_id, "bank-one", rsa.clone())).await;
    assert_eq!(rsa_id.len(), 43);
    assert!(rsa_id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{rsa_id}");
    let (s, b) = app.get(&format!("{OIDC}/{rsa_id}"), &bank).await;
    let detail = ok(s, &b);
    assert!(detail["clientNameLangMap"].is_null(), "{detail}");
    assert_eq!(strings(&detail["claims"]), KYC_CLAIMS);
    let stored: Value = serde_json::from_str(detail["publicKey"].as_str().unwrap()).unwrap();
    assert_eq!((stored["kty"].as_str(), stored["n"].as_str()), (Some("RSA"), rsa["n"].as_str()));
    assert_eq!(stored["e"], rsa["e"]);

    // An Ed25519 key, created by the admin for the partner.
    let okp = jwk::ed25519();
    let okp_id = created(&app, &admin, OAUTH, client_body("Wallet", &policy_id, "bank-one", okp.clone())).await;
    assert_eq!(okp_id, okp_client_id(&okp));

    // OIDC_CLIENT_CREATED: the partner, its policy and the client.
    let created_events = events(&app, &admin, "OIDC_CLIENT_CREATED").await;
    assert_eq!(created_events.len(), 3, "{created_events:?}");
    let data =
        created_events.iter().find(|e| e["clientData"]["clientId"] == ec_id.as_str()).expect("event of the EC client");
    assert_eq!(data["partnerData"]["partnerId"], "bank-one");
    assert_eq!(data["partnerData"]["partnerName"], "bank-one Org");
    assert_eq!(data["partnerData"]["partnerStatus"], "ACTIVE");
    assert_eq!(data["policyData"]["policyId"], policy_id.as_str());
    assert_eq!(data["policyData"]["policyName"], "KYC");
    assert_eq!(data["policyData"]["policy"]["allowedKycAttributes"], auth_policy()["allowedKycAttributes"]);
    assert_eq!(data["clientData"]["clientName"], "Health portal");
    assert_eq!(data["clientData"]["clientStatus"], "ACTIVE");
    assert_eq!(strings(&data["clientData"]["userClaims"]), KYC_CLAIMS);
    assert_eq!(strings(&data["clientData"]["authContextRefs"]), KYC_ACRS);
    assert_eq!(strings(&data["clientData"]["clientAuthMethods"]), ["private_key_jwt"]);

    // The audit trail: who created which client, with which key type.
    let rows = audit(&app, &admin, "oidc_client.create", &ec_id).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0]["actor"].as_str(), rows[0]["outcome"].as_str()), (Some("bank-one"), Some("success")));
    assert_eq!(rows[0]["afterStatus"], "ACTIVE");
    assert_eq!(
        (rows[0]["details"]["partnerId"].as_str(), rows[0]["details"]["keyType"].as_str()),
        (Some("bank-one"), Some("EC"))
    );
    let rows = audit(&app, &admin, "oidc_client.create", &okp_id).await;
    assert_eq!(
        (rows.len(), rows[0]["actor"].as_str(), rows[0]["details"]["keyType"].as_str()),
        (1, Some("admin"), Some("OKP"))
    );
    assert_eq!(client_total(&app, &admin).await, 3);
}

#[tokio::test]
async fn a_create_is_refused_in_mosips_order_and_stores_nothing() {
    let Bank { app, admin, group_id, policy_id, bank } = bank().await;
    let other = auth_partner(&app, &admin, "bank-two", "Banking").await;
    let loner = app.token_for_new_user("loner", &[AUTH_PARTNER]).await;
    auth_partner(&app, &admin, "bank-three", "Banking").await;
    app.decide_partner(&admin, "bank-three", "deactivate").await;
    app.fixtures.partner("maker", "Device_Provider", pms_domain::partner::PartnerStatus::Approved).await;
    let data_share = app.create_policy(&admin, "Banking", "Card share", "DataShare").await;
    let unrequested = app.published_policy(&admin, &group_id, "Banking", "Other").await;
    let pending = app.published_policy(&admin, &group_id, "Banking", "Pending").await;
    requested(&app, &bank, "bank-one", "Pending").await;
    let mut mandatory_doc = auth_policy();
    mandatory_doc["allowedAuthTypes"][1]["mandatory"] = json!(true);
    let mandatory = auth_policy_doc(&app, &admin, &group_id, "Banking", "Mandatory", mandatory_doc.clone()).await;
    let mut no_claims_doc = auth_policy();
    no_claims_doc["allowedKycAttributes"] = json!([{"attributeName": "residenceStatus"}]);
    let no_claims = auth_policy_doc(&app, &admin, &group_id, "Banking", "NoClaims", no_claims_doc.clone()).await;
    let mut demo_doc = auth_policy();
    demo_doc["allowedAuthTypes"] = json!([{"authType": "demo", "authSubType": "", "mandatory": false}]);
    let demo_only = auth_policy_doc(&app, &admin, &group_id, "Banking", "DemoOnly", demo_doc).await;
    // Claims are checked before the auth types: no claims and a mandatory auth is PMS_ESI_005.
    let mut both_doc = no_claims_doc;
    both_doc["allowedAuthTypes"] = mandatory_doc["allowedAuthTypes"].clone();
    let both = auth_policy_doc(&app, &admin, &group_id, "Banking", "NoClaimsMandatory", both_doc).await;
    for name in ["Mandatory", "NoClaims", "DemoOnly", "NoClaimsMandatory"] {
        approved_request(&app, &admin, &bank, "bank-one", name).await;
    }
    let body = |key: Value| client_body("Health portal", &policy_id, "bank-one", key);
    let six: Vec<String> = (0..6).map(|i| format!("https://rp.example/cb{i}")).collect();

    // Before anything is stored: the fields, then the key.
    let mut ec_with_private = jwk::ec();
    ec_with_private["d"] = json!("c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA");
    let first_cases: Vec<(&str, &str, Value, &str)> = vec![
        ("no name", OAUTH, without(body(jwk::ec()), "name"), "PMS_COR_001"),
        ("blank name", OAUTH, with(body(jwk::ec()), "name", json!("  ")), "PMS_COR_001"),
        ("name too long", OAUTH, with(body(jwk::ec()), "name", json!("n".repeat(257))), "PMS_COR_001"),
        ("logo not a URL", OAUTH, with(body(jwk::ec()), "logoUri", json!("not a url")), "PMS_COR_001"),
        ("logo not http", OAUTH, with(body(jwk::ec()), "logoUri", json!("ftp://rp.example/logo.png")), "PMS_COR_001"),
        ("no logo", OAUTH, without(body(jwk::ec()), "logoUri"), "PMS_COR_001"),
        ("no redirect URI", OAUTH, with(body(jwk::ec()), "redirectUris", json!([])), "PMS_COR_001"),
        ("six redirect URIs", OAUTH, with(body(jwk::ec()), "redirectUris", json!(six)), "PMS_COR_001"),
        ("no public key", OAUTH, without(body(jwk::ec()), "publicKey"), "PMS_COR_001"),
        ("no policy", OAUTH, without(body(jwk::ec()), "policyId"), "PMS_COR_001"),
        ("no partner", OAUTH, without(body(jwk::ec()), "authPartnerId"), "PMS_COR_001"),
        ("no grant type", OAUTH, with(body(jwk::ec()), "grantTypes", json!([])), "PMS_COR_001"),
        ("no auth method", OAUTH, without(body(jwk::ec()), "clientAuthMethods"), "PMS_COR_001"),
        ("empty name map", OAUTH, with(body(jwk::ec()), "clientNameLangMap", json!({})), "PMS_COR_001"),
        ("no name map", OAUTH, without(body(jwk::ec()), "clientNameLangMap"), "PMS_COR_001"),
        (
            "two-letter language",
            OAUTH,
            with(body(jwk::ec()), "clientNameLangMap", json!({"en": "Portal"})),
            "PMS_COR_001",
        ),
        (
            "four-letter language",
            OAUTH,
            with(body(jwk::ec()), "clientNameLangMap", json!({"engl": "Portal"})),
            "PMS_COR_001",
        ),
        (
            "blank name in a language",
            OAUTH,
            with(body(jwk::ec()), "clientNameLangMap", json!({"eng": " "})),
            "PMS_COR_001",
        ),
        (
            "a fragment",
            OAUTH,
            with(body(jwk::ec()), "redirectUris", json!(["https://rp.example/cb#top"])),
            "invalid_redirect_uri",
        ),
        ("not a URI", OAUTH, with(body(jwk::ec()), "redirectUris", json!(["not a uri"])), "invalid_redirect_uri"),
        (
            "not a URI (OIDC)",
            OIDC,
            with(oidc_body("App", &policy_id, "bank-one", jwk::ec()), "redirectUris", json!(["cb"])),
            "invalid_redirect_uri",
        ),
        ("implicit grant", OAUTH, with(body(jwk::ec()), "grantTypes", json!(["implicit"])), "invalid_grant_type"),
        (
            "secret auth",
            OAUTH,
            with(body(jwk::ec()), "clientAuthMethods", json!(["client_secret_basic"])),
            "invalid_client_auth",
        ),
        ("RSA-512", OAUTH, body(rsa_512()), "PMS_ESI_007"),
        ("a secret key", OAUTH, body(json!({"kty": "oct", "k": "c2VjcmV0"})), "PMS_ESI_007"),
        ("a private key", OAUTH, body(ec_with_private), "PMS_ESI_007"),
        ("a text key", OAUTH, body(json!("-----BEGIN PUBLIC KEY-----")), "PMS_ESI_007"),
        (
            "an EC key off its curve size",
            OAUTH,
            body(json!({"kty": "EC", "crv": "P-256", "x": "AQ", "y": "AQ"})),
            "PMS_ESI_007",
        ),
        // The fields come before the key, the key before its owner.
        ("bad logo and bad key", OAUTH, with(body(rsa_512()), "logoUri", json!("nope")), "PMS_COR_001"),
    ];
    for (label, path, request, code) in first_cases {
        let (s, b) = create(&app, &bank, path, request).await;
        refused(s, &b, code);
        assert_eq!(client_total(&app, &admin).await, 0, "{label}: something was stored");
    }
    let (s, b) = create(&app, &loner, OAUTH, body(rsa_512())).await;
    refused(s, &b, "PMS_ESI_007");

    // Two clients, so that their keys are taken.
    let ec = jwk::ec();
    let rsa = jwk::rsa();
    created(&app, &bank, OAUTH, body(ec.clone())).await;
    created(&app, &bank, OIDC, oidc_body("Clinic", &policy_id, "bank-one", rsa.clone())).await;

    let partner_body = |partner: &str| client_body("Portal", &policy_id, partner, jwk::ec());
    let policy_body = |policy: &str| client_body("Portal", policy, "bank-one", jwk::ec());
    let cases: Vec<(&str, &String, Value, &str)> = vec![
        ("the same key", &bank, body(ec.clone()), "PMS_ESI_001"),
        ("the same key, another way", &bank, body(jwk::reencoded(&rsa)), "PMS_ESI_001"),
        ("the same key by a stranger", &loner, body(ec.clone()), "PMS_ESI_001"),
        ("a user without partner", &loner, partner_body("bank-one"), "PMS_CERTIFICATE_ERROR_002"),
        ("another partner's", &other, partner_body("bank-one"), "PMS_POLICY_ERROR_009"),
        ("not own before unknown", &other, partner_body("nobody"), "PMS_POLICY_ERROR_009"),
        ("an unknown partner", &admin, partner_body("nobody"), "PMS_PRT_058"),
        ("a device provider", &admin, partner_body("maker"), "PMS_PRT_059"),
        ("a deactivated partner", &admin, partner_body("bank-three"), "PMS_PMP_016"),
        (
            "deactivated before an unknown policy",
            &admin,
            client_body("Portal", "no-such-policy", "bank-three", jwk::ec()),
            "PMS_PMP_016",
        ),
        ("an unknown policy", &bank, policy_body("no-such-policy"), "PMS_PRT_073"),
        ("a data-share policy", &bank, policy_body(&data_share), "PMS_PRT_057"),
        ("no request", &bank, policy_body(&unrequested), "PMS_PRT_061"),
        ("a pending request", &bank, policy_body(&pending), "PMS_ESI_002"),
        ("a mandatory auth type", &bank, policy_body(&mandatory), "PMS_ESI_003"),
        ("no claim", &bank, policy_body(&no_claims), "PMS_ESI_005"),
        ("claims before auth types", &bank, policy_body(&both), "PMS_ESI_005"),
        ("only demo", &bank, policy_body(&demo_only), "PMS_ESI_006"),
    ];
    for (label, token, request, code) in cases {
        let (s, b) = create(&app, token, OAUTH, request).await;
        assert_eq!(error_code(&b).as_deref(), Some(code), "{label}: {b}");
        refused(s, &b, code);
        assert_eq!(client_total(&app, &admin).await, 2, "{label}: something was stored");
    }
    assert_eq!(events(&app, &admin, "OIDC_CLIENT_CREATED").await.len(), 2);
    // Refusals are audited, against the partner they were for.
    let failures = audit(&app, &admin, "oidc_client.create", "nobody").await;
    assert!(!failures.is_empty() && failures.iter().all(|r| r["outcome"] == "failure"), "{failures:?}");
}

#[tokio::test]
async fn with_the_feature_off_every_client_endpoint_answers_feature_002() {
    let Bank { app, admin, policy_id, bank, .. } = bank_with(|c| c.oidc_clients = false).await;
    let (s, b) = create(&app, &bank, OAUTH, client_body("Portal", &policy_id, "bank-one", jwk::ec())).await;
    refused(s, &b, "PMS_FEATURE_002");
    let (s, b) = create(&app, &bank, OIDC, oidc_body("Portal", &policy_id, "bank-one", jwk::ec())).await;
    refused(s, &b, "PMS_FEATURE_002");
    let (s, b) = update(&app, &bank, OAUTH, "some-client", update_body("Portal", "ACTIVE")).await;
    refused(s, &b, "PMS_FEATURE_002");
    let (s, b) = app.get(&format!("{OAUTH}/some-client"), &bank).await;
    refused(s, &b, "PMS_FEATURE_002");
    let (s, b) = app.get(OAUTH, &admin).await;
    assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some("PMS_FEATURE_002")), "{b}");
    assert!(events(&app, &admin, "OIDC_CLIENT_CREATED").await.is_empty());
}

// ------------------------------------------------------------------ updates

#[tokio::test]
async fn an_update_edits_an_active_client_and_a_deactivation_is_final() {
    let Bank { app, admin, policy_id, bank, .. } = bank().await;
    let other = auth_partner(&app, &admin, "bank-two", "Banking").await;
    let loner = app.token_for_new_user("loner", &[AUTH_PARTNER]).await;
    let id = created(&app, &bank, OAUTH, client_body("Health portal", &policy_id, "bank-one", jwk::ec())).await;
    app.clock.advance(Duration::minutes(1));

    // An edit (same status) replaces the name, the logo and the redirect URIs; claims stay.
    let (s, b) = update(&app, &bank, OAUTH, &id, update_body("Care portal", "ACTIVE")).await;
    assert_eq!(ok(s, &b), json!({"clientId": id, "status": "ACTIVE"}));
    let detail = client(&app, &bank, &id).await;
    assert_eq!(detail["name"], "Care portal");
    assert_eq!(detail["clientNameLangMap"], json!({"eng": "Care portal"}));
    assert_eq!(detail["logoUri"], "https://rp.example/new-logo.png");
    assert_eq!(strings(&detail["redirectUris"]), ["https://rp.example/a", "https://rp.example/b"]);
    assert_eq!(strings(&detail["claims"]), KYC_CLAIMS);
    assert_eq!(strings(&detail["acrValues"]), KYC_ACRS);
    assert!(parse_time(&detail["updatedDateTime"]) > parse_time(&detail["createdDateTime"]), "{detail}");

    // Refusals: nothing changes.
    let refusals: Vec<(&str, &String, &str, Value, &str)> = vec![
        ("an unknown client", &bank, "no-such-client", update_body("X", "ACTIVE"), "PMS_ESI_004"),
        ("another partner's user", &other, &id, update_body("X", "ACTIVE"), "PMS_POLICY_ERROR_010"),
        ("a user without partner", &loner, &id, update_body("X", "ACTIVE"), "PMS_CERTIFICATE_ERROR_002"),
        ("an unknown status", &bank, &id, update_body("X", "DELETED"), "PMS_COR_001"),
        ("no status", &bank, &id, without(update_body("X", "ACTIVE"), "status"), "PMS_COR_001"),
        ("no name", &bank, &id, without(update_body("X", "ACTIVE"), "clientName"), "PMS_COR_001"),
        ("no name map", &bank, &id, without(update_body("X", "ACTIVE"), "clientNameLangMap"), "PMS_COR_001"),
        (
            "a fragment",
            &bank,
            &id,
            with(update_body("X", "ACTIVE"), "redirectUris", json!(["https://a/#b"])),
            "invalid_redirect_uri",
        ),
        (
            "implicit",
            &bank,
            &id,
            with(update_body("X", "ACTIVE"), "grantTypes", json!(["implicit"])),
            "invalid_grant_type",
        ),
    ];
    for (label, token, target, request, code) in refusals {
        let (s, b) = update(&app, token, OAUTH, target, request).await;
        assert_eq!(error_code(&b).as_deref(), Some(code), "{label}: {b}");
        refused(s, &b, code);
    }
    assert_eq!(client(&app, &bank, &id).await, detail, "refused updates changed nothing");
    assert_eq!(events(&app, &admin, "OIDC_CLIENT_UPDATED").await.len(), 1);

    // A deactivation changes only the status (case-insensitively spelt), for good.
    let (s, b) = update(&app, &bank, OAUTH, &id, update_body("Ignored", "inactive")).await;
    assert_eq!(ok(s, &b), json!({"clientId": id, "status": "INACTIVE"}));
    let after = client(&app, &bank, &id).await;
    assert_eq!(after["status"], "INACTIVE");
    assert_eq!((after["name"].as_str(), after["logoUri"].as_str()), (Some("Care portal"), detail["logoUri"].as_str()));
    assert_eq!(after["redirectUris"], detail["redirectUris"]);
    for status in ["INACTIVE", "ACTIVE"] {
        let (s, b) = update(&app, &bank, OAUTH, &id, update_body("Again", status)).await;
        refused(s, &b, "PMS_ESI_008");
    }
    let (s, b) = update(&app, &admin, OAUTH, &id, update_body("Again", "INACTIVE")).await;
    refused(s, &b, "PMS_ESI_008");

    // The deprecated update, on a client of the deprecated create, without names per language.
    let old = created(&app, &bank, OIDC, oidc_body("Old app", &policy_id, "bank-one", jwk::ed25519())).await;
    let body = without(update_body("Older app", "ACTIVE"), "clientNameLangMap");
    let (s, b) = update(&app, &bank, OIDC, &old, body).await;
    assert_eq!(ok(s, &b)["status"], "ACTIVE");
    let (s, b) = app.get(&format!("{OIDC}/{old}"), &bank).await;
    assert_eq!(ok(s, &b)["name"], "Older app");
    // The admin deactivates another partner's client.
    let (s, b) = update(&app, &admin, OIDC, &old, without(update_body("x", "INACTIVE"), "clientNameLangMap")).await;
    assert_eq!(ok(s, &b)["status"], "INACTIVE");

    // OIDC_CLIENT_UPDATED: the client as it now is, newest first.
    let updated = events(&app, &admin, "OIDC_CLIENT_UPDATED").await;
    assert_eq!(updated.len(), 4, "{updated:?}");
    assert_eq!(
        (updated[0]["clientData"]["clientId"].as_str(), updated[0]["clientData"]["clientStatus"].as_str()),
        (Some(old.as_str()), Some("INACTIVE"))
    );
    assert_eq!(updated[2]["clientData"]["clientId"], id.as_str());
    assert_eq!(updated[2]["clientData"]["clientStatus"], "INACTIVE");
    assert_eq!(updated[2]["clientData"]["clientName"], "Care portal");
    assert_eq!(updated[3]["clientData"]["clientStatus"], "ACTIVE");
    assert_eq!(strings(&updated[3]["clientData"]["userClaims"]), KYC_CLAIMS);

    let rows = audit(&app, &admin, "oidc_client.update", &id).await;
    let successes: Vec<&Value> = rows.iter().filter(|r| r["outcome"] == "success").collect();
    assert_eq!(successes.len(), 2, "{rows:?}");
    assert_eq!(
        (successes[0]["beforeStatus"].as_str(), successes[0]["afterStatus"].as_str()),
        (Some("ACTIVE"), Some("INACTIVE"))
    );
    assert_eq!(
        (successes[1]["beforeStatus"].as_str(), successes[1]["afterStatus"].as_str()),
        (Some("ACTIVE"), Some("ACTIVE"))
    );
    assert!(rows.iter().any(|r| r["outcome"] == "failure"), "refused updates are audited: {rows:?}");
    let rows = audit(&app, &admin, "oidc_client.update", &old).await;
    assert_eq!(rows.iter().filter(|r| r["outcome"] == "success" && r["actor"] == "admin").count(), 1, "{rows:?}");
}

// ------------------------------------------------------------------ reads and the list

#[tokio::test]
async fn the_list_filters_sorts_and_pages_in_the_callers_scope() {
    let Bank { app, admin, policy_id, bank, .. } = bank().await;
    let health = app.create_group(&admin, "Health").await;
    let care = app.published_policy(&admin, &health, "Health", "Care").await;
    let clinic = auth_partner(&app, &admin, "clinic", "Health").await;
    approved_request(&app, &admin, &clinic, "clinic", "Care").await;
    let loner = app.token_for_new_user("loner", &[AUTH_PARTNER]).await;
    let credential = app.token_for_new_user("printer", &[CREDENTIAL_PARTNER]).await;

    let alpha = created(&app, &bank, OAUTH, client_body("Alpha portal", &policy_id, "bank-one", jwk::ec())).await;
    app.clock.advance(Duration::minutes(1));
    let beta = created(&app, &bank, OAUTH, client_body("Beta app", &policy_id, "bank-one", jwk::ec())).await;
    app.clock.advance(Duration::minutes(1));
    let gamma = created(&app, &clinic, OAUTH, client_body("Gamma care", &care, "clinic", jwk::ec())).await;
    let (s, b) = update(&app, &bank, OAUTH, &beta, update_body("Beta app", "INACTIVE")).await;
    ok(s, &b);

    let ids = |page: &Value| -> Vec<String> {
        page["data"].as_array().unwrap().iter().map(|r| r["clientId"].as_str().unwrap().to_string()).collect()
    };
    let all = list(&app, &admin, "").await;
    assert_eq!(all["totalResults"], 3, "{all}");
    assert_eq!(ids(&all), [gamma.clone(), beta.clone(), alpha.clone()], "newest first by default");
    let row = all["data"].as_array().unwrap().iter().find(|r| r["clientId"] == gamma.as_str()).unwrap();
    assert_eq!(row["partnerId"], "clinic");
    assert_eq!(row["orgName"], "clinic Org");
    assert_eq!(
        (row["policyGroupId"].as_str(), row["policyGroupName"].as_str()),
        (Some(health.as_str()), Some("Health"))
    );
    assert_eq!(row["policyGroupDescription"], "Health sector");
    assert_eq!((row["policyId"].as_str(), row["policyName"].as_str()), (Some(care.as_str()), Some("Care")));
    assert_eq!(row["policyDescription"], "Care policy");
    assert_eq!((row["clientName"].as_str(), row["status"].as_str()), (Some("Gamma care"), Some("ACTIVE")));
    assert!(row["createdDateTime"].is_string() && row["updatedDateTime"].is_null(), "{row}");

    // Filters: substrings ignoring case, the status exactly.
    for (query, expected) in [
        ("?partnerId=BANK", vec![beta.clone(), alpha.clone()]),
        ("?orgName=clinic%20o", vec![gamma.clone()]),
        ("?policyGroupName=heal", vec![gamma.clone()]),
        ("?policyName=kyc", vec![beta.clone(), alpha.clone()]),
        ("?clientName=APP", vec![beta.clone()]),
        ("?clientName=a&partnerId=clinic", vec![gamma.clone()]),
        ("?status=INACTIVE", vec![beta.clone()]),
        ("?status=active", vec![gamma.clone(), alpha.clone()]),
        ("?status=ACTIVE&policyName=kyc", vec![alpha.clone()]),
        ("?clientName=nothing", vec![]),
    ] {
        let page = list(&app, &admin, query).await;
        assert_eq!(ids(&page), expected, "{query}: {page}");
        assert_eq!(page["totalResults"].as_u64(), Some(expected.len() as u64), "{query}");
    }

    // Every sort field, both ways.
    for (field, key) in [
        ("partnerId", "partnerId"),
        ("orgName", "orgName"),
        ("policyGroupName", "policyGroupName"),
        ("policyName", "policyName"),
        ("clientId", "clientId"),
        ("clientName", "clientName"),
        ("status", "status"),
        ("createdDateTime", "createdDateTime"),
    ] {
        let asc = list(&app, &admin, &format!("?sortFieldName={field}&sortType=asc&pageNo=0&pageSize=10")).await;
        let desc = list(&app, &admin, &format!("?sortFieldName={field}&sortType=DESC&pageNo=0&pageSize=10")).await;
        let values = |page: &Value| -> Vec<String> {
            page["data"].as_array().unwrap().iter().map(|r| r[key].as_str().unwrap().to_lowercase()).collect()
        };
        let (up, down) = (values(&asc), values(&desc));
        assert_eq!(up.len(), 3, "{field}: {asc}");
        let mut sorted = ids(&asc);
        sorted.sort();
        let mut every = vec![alpha.clone(), beta.clone(), gamma.clone()];
        every.sort();
        assert_eq!(sorted, every, "{field}: every client once");
        if field == "clientId" {
            // Ids hold '-' and '_', which collations order differently: only the directions agree.
            let mut reversed = ids(&desc);
            reversed.reverse();
            assert_eq!(ids(&asc), reversed, "{field}");
        } else {
            assert!(up.windows(2).all(|w| w[0] <= w[1]), "{field} ascending: {up:?}");
            assert!(down.windows(2).all(|w| w[0] >= w[1]), "{field} descending: {down:?}");
            assert_ne!(up.first(), up.last(), "{field}: the values differ, so the order means something");
        }
    }
    let by_name = list(&app, &admin, "?sortFieldName=clientName&sortType=asc&pageNo=0&pageSize=10").await;
    assert_eq!(ids(&by_name), [alpha.clone(), beta.clone(), gamma.clone()]);
    let by_date = list(&app, &admin, "?sortFieldName=createdDateTime&sortType=asc&pageNo=0&pageSize=10").await;
    assert_eq!(ids(&by_date), [alpha.clone(), beta.clone(), gamma.clone()]);

    // Paging.
    let first = list(&app, &admin, "?sortFieldName=clientName&sortType=asc&pageNo=0&pageSize=2").await;
    assert_eq!((ids(&first), first["totalResults"].as_u64()), (vec![alpha.clone(), beta.clone()], Some(3)));
    assert_eq!((first["pageNo"].as_u64(), first["pageSize"].as_u64()), (Some(0), Some(2)));
    let second = list(&app, &admin, "?sortFieldName=clientName&sortType=asc&pageNo=1&pageSize=2").await;
    assert_eq!((ids(&second), second["totalResults"].as_u64()), (vec![gamma.clone()], Some(3)));
    let beyond = list(&app, &admin, "?pageNo=5&pageSize=2").await;
    assert_eq!((ids(&beyond).len(), beyond["totalResults"].as_u64()), (0, Some(3)));

    // Refused parameters.
    for (query, code) in [
        ("?status=deleted", "PMS_COR_002"),
        ("?sortFieldName=secret&sortType=asc&pageNo=0&pageSize=2", "PMS_PRT_357"),
        ("?sortFieldName=clientName&sortType=up&pageNo=0&pageSize=2", "PMS_PRT_358"),
        ("?sortFieldName=clientName&sortType=asc", "PMS_PS_ERROR_008"),
        ("?pageNo=0", "PMS_PS_ERROR_006"),
        ("?pageNo=-1&pageSize=2", "PMS_PRT_360"),
        ("?pageNo=0&pageSize=0", "PMS_PRT_361"),
    ] {
        let (s, b) = app.get(&format!("{OAUTH}{query}"), &admin).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{query}: {b}");
    }

    // A partner sees its own clients, even when it filters for another's.
    let mine = list(&app, &bank, "").await;
    assert_eq!(ids(&mine), [beta.clone(), alpha.clone()], "{mine}");
    assert_eq!(ids(&list(&app, &clinic, "").await), [gamma.as_str()]);
    assert_eq!(list(&app, &bank, "?partnerId=clinic").await["totalResults"], 0);
    let (s, b) = app.get(OAUTH, &loner).await;
    assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some("PMS_CERTIFICATE_ERROR_002")), "{b}");
    let (s, _) = app.get(OAUTH, &credential).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a credential partner does not list clients");

    // Reading one client: its own partner and the admin only.
    let (s, b) = app.get(&format!("{OAUTH}/{alpha}"), &clinic).await;
    refused(s, &b, "PMS_POLICY_ERROR_011");
    let (s, b) = app.get(&format!("{OIDC}/{alpha}"), &clinic).await;
    refused(s, &b, "PMS_POLICY_ERROR_011");
    let (s, b) = app.get(&format!("{OAUTH}/{alpha}"), &loner).await;
    refused(s, &b, "PMS_CERTIFICATE_ERROR_002");
    let (s, b) = app.get(&format!("{OAUTH}/no-such-client"), &bank).await;
    refused(s, &b, "PMS_ESI_004");
    assert_eq!(client(&app, &clinic, &gamma).await["relyingPartyId"], "clinic");
    assert_eq!(client(&app, &admin, &alpha).await["relyingPartyId"], "bank-one");
}

// ------------------------------------------------------------------ the eSignet adapter

#[tokio::test]
async fn esignet_takes_a_client_before_pms_stores_it() {
    let (Bank { app, admin, policy_id, bank, .. }, esignet) = bank_with_esignet(&["name", "email", "gender"]).await;

    // OAuth: the payload of eSignet's oauth-client API; claims restricted to those it supports.
    let ec = jwk::ec();
    let id = created(&app, &bank, OAUTH, client_body("Health portal", &policy_id, "bank-one", ec.clone())).await;
    let calls = esignet.client_calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!((calls[0].method.as_str(), calls[0].path.as_str()), ("POST", "/v1/esignet/client-mgmt/oauth-client"));
    let sent = &calls[0].body;
    assert!(sent["requestTime"].is_string(), "{sent}");
    let r = &sent["request"];
    assert_eq!(r["clientId"], id.as_str());
    assert_eq!(r["clientName"], "Health portal");
    assert_eq!(r["publicKey"], ec, "the JWK as an object");
    assert_eq!(r["relyingPartyId"], "bank-one");
    assert_eq!(strings(&r["userClaims"]), ["name"], "birthdate is not supported by this eSignet");
    assert_eq!(strings(&r["authContextRefs"]), KYC_ACRS);
    assert_eq!(r["logoUri"], "https://rp.example/logo.png");
    assert_eq!(strings(&r["redirectUris"]), ["https://rp.example/callback"]);
    assert_eq!(strings(&r["grantTypes"]), ["authorization_code"]);
    assert_eq!(strings(&r["clientAuthMethods"]), ["private_key_jwt"]);
    assert_eq!(r["clientNameLangMap"], json!({"eng": "Health portal", "fra": "Health portal (fr)"}));
    assert!(esignet
        .all_calls()
        .iter()
        .any(|c| c.method == "GET" && c.path == "/v1/esignet/oidc/.well-known/openid-configuration"));
    let detail = client(&app, &bank, &id).await;
    assert_eq!(strings(&detail["claims"]), ["name"]);

    // OIDC: the deprecated oidc-client API, without names per language.
    let okp = jwk::ed25519();
    let old = created(&app, &bank, OIDC, oidc_body("Old app", &policy_id, "bank-one", okp.clone())).await;
    let calls = esignet.client_calls();
    assert_eq!((calls.len(), calls[1].path.as_str()), (2, "/v1/esignet/client-mgmt/oidc-client"));
    assert_eq!(calls[1].body["request"]["clientId"], old.as_str());
    assert_eq!(calls[1].body["request"]["publicKey"], okp);
    assert!(calls[1].body["request"].get("clientNameLangMap").is_none(), "{}", calls[1].body);
    assert_eq!(client_total(&app, &admin).await, 2);

    // eSignet's refusals and failures store nothing.
    let key = jwk::ec();
    for (mode, code) in [
        (Mode::Refuse("invalid_redirect_uri"), "invalid_redirect_uri"),
        (Mode::Refuse("duplicate_client_id"), "duplicate_client_id"),
        (Mode::Refuse("weird_failure"), "PMS_OIDC_002"),
        (Mode::Fail, "PMS_OIDC_001"),
    ] {
        esignet.set(mode.clone());
        let (s, b) = create(&app, &bank, OAUTH, client_body("Refused", &policy_id, "bank-one", key.clone())).await;
        refused(s, &b, code);
        assert_eq!(client_total(&app, &admin).await, 2, "{mode:?}: stored anyway");
    }
    // eSignet's message is passed on; an unknown code is named in the message.
    esignet.set(Mode::Refuse("invalid_redirect_uri"));
    let (_, b) = create(&app, &bank, OAUTH, client_body("Refused", &policy_id, "bank-one", key.clone())).await;
    assert_eq!(b["errors"][0]["message"], "refused by the test's eSignet", "{b}");
    esignet.set(Mode::Refuse("weird_failure"));
    let (_, b) = create(&app, &bank, OAUTH, client_body("Refused", &policy_id, "bank-one", key.clone())).await;
    let message = b["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("weird_failure") && message.contains("refused by the test's eSignet"), "{b}");
    // An eSignet that never answers: the timeout ends the call.
    esignet.set(Mode::Hang);
    let started = std::time::Instant::now();
    let (s, b) = create(&app, &bank, OAUTH, client_body("Hung", &policy_id, "bank-one", key.clone())).await;
    let waited = started.elapsed();
    refused(s, &b, "PMS_OIDC_001");
    assert!(
        waited >= std::time::Duration::from_millis(900) && waited < std::time::Duration::from_secs(10),
        "{waited:?}"
    );
    assert_eq!(client_total(&app, &admin).await, 2);
    assert_eq!(events(&app, &admin, "OIDC_CLIENT_CREATED").await.len(), 2);
    // No claim eSignet supports: refused before eSignet is asked to create anything.
    esignet.set(Mode::Accept);
    esignet.support(&["email"]);
    let before = esignet.client_calls().len();
    let (s, b) = create(&app, &bank, OAUTH, client_body("No claims", &policy_id, "bank-one", key.clone())).await;
    refused(s, &b, "PMS_ESI_005");
    assert_eq!(esignet.client_calls().len(), before);
    // The key was never stored: it is accepted once eSignet takes it.
    esignet.support(&["name", "birthdate"]);
    let later = created(&app, &bank, OAUTH, client_body("Accepted", &policy_id, "bank-one", key.clone())).await;
    assert_eq!(later, ec_client_id(&key));
    assert_eq!(strings(&client(&app, &bank, &later).await["claims"]), KYC_CLAIMS);

    // Updates: PUT to the client's own API, with the status.
    let before = esignet.client_calls().len();
    let (s, b) = update(&app, &bank, OAUTH, &id, update_body("Care portal", "ACTIVE")).await;
    ok(s, &b);
    let calls = esignet.client_calls();
    assert_eq!(calls.len(), before + 1);
    let put = &calls[before];
    assert_eq!((put.method.as_str(), put.path.clone()), ("PUT", format!("/v1/esignet/client-mgmt/oauth-client/{id}")));
    let r = &put.body["request"];
    assert!(put.body["requestTime"].is_string());
    assert_eq!((r["clientName"].as_str(), r["status"].as_str()), (Some("Care portal"), Some("ACTIVE")));
    assert_eq!(r["logoUri"], "https://rp.example/new-logo.png");
    assert_eq!(strings(&r["redirectUris"]), ["https://rp.example/a", "https://rp.example/b"]);
    assert_eq!(strings(&r["grantTypes"]), ["authorization_code"]);
    assert_eq!(strings(&r["clientAuthMethods"]), ["private_key_jwt"]);
    assert_eq!(strings(&r["userClaims"]), ["name"], "claims stay as created");
    assert_eq!(strings(&r["authContextRefs"]), KYC_ACRS);
    assert_eq!(r["clientNameLangMap"], json!({"eng": "Care portal"}));

    // A refused update changes nothing.
    esignet.set(Mode::Refuse("invalid_uri"));
    let (s, b) = update(&app, &bank, OAUTH, &id, update_body("Refused name", "ACTIVE")).await;
    refused(s, &b, "invalid_uri");
    assert_eq!(client(&app, &bank, &id).await["name"], "Care portal");
    esignet.set(Mode::Fail);
    let (s, b) = update(&app, &bank, OAUTH, &id, update_body("Care portal", "INACTIVE")).await;
    refused(s, &b, "PMS_OIDC_001");
    assert_eq!(client(&app, &bank, &id).await["status"], "ACTIVE");
    assert_eq!(events(&app, &admin, "OIDC_CLIENT_UPDATED").await.len(), 1);

    // A deactivation sends the client as stored, with the new status.
    esignet.set(Mode::Accept);
    let before = esignet.client_calls().len();
    let (s, b) = update(&app, &bank, OAUTH, &id, update_body("Ignored", "INACTIVE")).await;
    assert_eq!(ok(s, &b)["status"], "INACTIVE");
    let put = esignet.client_calls()[before].clone();
    assert_eq!(put.path, format!("/v1/esignet/client-mgmt/oauth-client/{id}"));
    assert_eq!(
        (put.body["request"]["status"].as_str(), put.body["request"]["clientName"].as_str()),
        (Some("INACTIVE"), Some("Care portal"))
    );
    assert_eq!(put.body["request"]["clientNameLangMap"], json!({"eng": "Care portal"}));
    // An OIDC client's update goes to the oidc-client API, without names per language.
    let body = without(update_body("Older app", "ACTIVE"), "clientNameLangMap");
    let (s, b) = update(&app, &bank, OIDC, &old, body).await;
    ok(s, &b);
    let put = esignet.client_calls().last().cloned().unwrap();
    assert_eq!((put.method.as_str(), put.path.clone()), ("PUT", format!("/v1/esignet/client-mgmt/oidc-client/{old}")));
    assert!(put.body["request"].get("clientNameLangMap").is_none(), "{}", put.body);
    assert_eq!(put.body["request"]["clientName"], "Older app");
}

// ------------------------------------------------------------------ partner deactivation

#[tokio::test]
async fn a_partners_deactivation_deactivates_its_clients() {
    let Bank { app, admin, policy_id, bank, .. } = bank().await;
    let active = created(&app, &bank, OAUTH, client_body("Portal", &policy_id, "bank-one", jwk::ec())).await;
    let stopped = created(&app, &bank, OAUTH, client_body("Old portal", &policy_id, "bank-one", jwk::ec())).await;
    let (s, b) = update(&app, &bank, OAUTH, &stopped, update_body("Old portal", "INACTIVE")).await;
    ok(s, &b);
    assert_eq!(events(&app, &admin, "OIDC_CLIENT_UPDATED").await.len(), 1);

    app.decide_partner(&admin, "bank-one", "deactivate").await;
    assert_eq!(client(&app, &admin, &active).await["status"], "INACTIVE");
    let updated = events(&app, &admin, "OIDC_CLIENT_UPDATED").await;
    assert_eq!(updated.len(), 2, "only the active client moved: {updated:?}");
    assert_eq!(
        (updated[0]["clientData"]["clientId"].as_str(), updated[0]["clientData"]["clientStatus"].as_str()),
        (Some(active.as_str()), Some("INACTIVE"))
    );
    let rows = audit(&app, &admin, "oidc_client.cascade", &active).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0]["beforeStatus"].as_str(), rows[0]["afterStatus"].as_str()), (Some("ACTIVE"), Some("INACTIVE")));
    assert_eq!(rows[0]["details"]["partnerId"], "bank-one");
    assert!(audit(&app, &admin, "oidc_client.cascade", &stopped).await.is_empty());
    // The deactivated partner can no longer create clients; reactivated, its clients stay off.
    let (s, b) = create(&app, &admin, OAUTH, client_body("New", &policy_id, "bank-one", jwk::ec())).await;
    refused(s, &b, "PMS_PMP_016");
    app.decide_partner(&admin, "bank-one", "reactivate").await;
    assert_eq!(client(&app, &bank, &active).await["status"], "INACTIVE");
}

#[tokio::test]
async fn esignet_hears_of_a_partners_deactivation_first_and_can_stop_it() {
    let (Bank { app, admin, policy_id, bank, .. }, esignet) = bank_with_esignet(&["name", "birthdate"]).await;
    let one = created(&app, &bank, OAUTH, client_body("Portal", &policy_id, "bank-one", jwk::ec())).await;
    let two = created(&app, &bank, OIDC, oidc_body("App", &policy_id, "bank-one", jwk::rsa())).await;
    let deactivate = || async {
        let body = v2("mosip.pms.partner.deactivate.post", json!({"reason": "decided by a test"}));
        app.post(&format!("{PM}/admin-partners/bank-one/deactivate"), &admin, body).await
    };

    // eSignet refuses: the partner stays active and nothing changes.
    esignet.set(Mode::Refuse("invalid_client_id"));
    let before = esignet.client_calls().len();
    let (s, b) = deactivate().await;
    assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some("invalid_client_id")), "{b}");
    assert!(partner_active(&app, &admin, "bank-one").await);
    for id in [&one, &two] {
        assert_eq!(client(&app, &admin, id).await["status"], "ACTIVE");
    }
    assert!(events(&app, &admin, "OIDC_CLIENT_UPDATED").await.is_empty());
    assert_eq!(esignet.client_calls().len(), before + 1, "the first refusal stops the pushes");
    esignet.set(Mode::Fail);
    let (_, b) = deactivate().await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_OIDC_001"), "{b}");
    assert!(partner_active(&app, &admin, "bank-one").await);

    // eSignet takes both: then PMS deactivates the partner and its clients.
    esignet.set(Mode::Accept);
    let before = esignet.client_calls().len();
    let (s, b) = deactivate().await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let pushed: Vec<Call> = esignet.client_calls()[before..].to_vec();
    assert_eq!(pushed.len(), 2, "{pushed:?}");
    assert!(pushed.iter().all(|c| c.method == "PUT" && c.body["request"]["status"] == "INACTIVE"), "{pushed:?}");
    assert_eq!(pushed[0].path, format!("/v1/esignet/client-mgmt/oauth-client/{one}"));
    assert_eq!(pushed[1].path, format!("/v1/esignet/client-mgmt/oidc-client/{two}"));
    assert_eq!(pushed[0].body["request"]["clientName"], "Portal");
    assert!(!partner_active(&app, &admin, "bank-one").await);
    for id in [&one, &two] {
        assert_eq!(client(&app, &admin, id).await["status"], "INACTIVE");
        assert_eq!(audit(&app, &admin, "oidc_client.cascade", id).await.len(), 1);
    }
    assert_eq!(events(&app, &admin, "OIDC_CLIENT_UPDATED").await.len(), 2);
}

// ------------------------------------------------------------------ MISP licences

fn masked(key: &str) -> String {
    format!("{}…", &key[..6])
}

async fn licence_rows(app: &TestApp, token: &str) -> Vec<Value> {
    let (s, b) = app.get(MISPS, token).await;
    ok(s, &b).as_array().expect("licence rows").clone()
}

async fn licence_key(app: &TestApp, admin: &str, misp: &str) -> Value {
    let (s, b) = app.get(&format!("{MISPS}/{misp}/licenseKey"), admin).await;
    ok(s, &b)
}

#[track_caller]
fn assert_expiry_in_90_days(app: &TestApp, v: &Value) {
    let expiry = parse_time(v);
    let expected = app.services.now() + Duration::days(90);
    assert!((expiry - expected).num_minutes().abs() < 5, "{expiry} is not 90 days from now");
}

#[tokio::test]
async fn a_misp_licence_from_issue_to_renewal_and_the_cascade() {
    let (app, admin) = spawn_with(|_| {}).await;
    let group_id = app.create_group(&admin, "Banking").await;
    let misp = misp_partner(&app, &admin, "misp-one", None).await;
    let bank = auth_partner(&app, &admin, "bank-one", "Banking").await;
    misp_partner(&app, &admin, "misp-off", None).await;
    app.decide_partner(&admin, "misp-off", "deactivate").await;
    let waiting = misp_partner(&app, &admin, "misp-req", Some("Banking")).await;
    let delegation = app.create_policy(&admin, "Banking", "Delegation", "MISP").await;
    publish(&app, &admin, &delegation, &group_id).await;
    // A MISP partner cannot ask for a policy itself; the Partner Admin asks for it.
    let ask = legacy(json!({"policyName": "Delegation", "useCaseDescription": "Delegated authentication"}));
    let (s, _) = app.post(&format!("{PM}/partners/misp-req/policy/map"), &waiting, ask).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let request = requested(&app, &admin, "misp-req", "Delegation").await;

    // Issued to the MISP itself.
    let (s, b) = app.post(MISPS, &misp, legacy(json!({"providerId": "misp-one"}))).await;
    let issued = ok(s, &b);
    let key = issued["licenseKey"].as_str().expect("key").to_string();
    assert_eq!(key.len(), 50);
    assert!(key.chars().all(|c| c.is_ascii_alphanumeric()), "{key}");
    assert_eq!(
        (issued["providerId"].as_str(), issued["licenseKeyStatus"].as_str()),
        (Some("misp-one"), Some("Active"))
    );
    assert_expiry_in_90_days(&app, &issued["licenseKeyExpiry"]);
    let generated = events(&app, &admin, "MISP_LICENSE_GENERATED").await;
    assert_eq!(generated.len(), 1);
    let data = &generated[0]["mispLicenseData"];
    assert_eq!((data["mispId"].as_str(), data["licenseKey"].as_str()), (Some("misp-one"), Some(key.as_str())));
    assert_eq!(data["mispStatus"], "ACTIVE");
    assert_eq!(parse_time(&data["mispExpiresOn"]), parse_time(&issued["licenseKeyExpiry"]));
    assert!(generated[0].get("policyData").is_none(), "no policy for a MISP without requests");

    // Refusals.
    for (label, token, provider, code) in [
        ("again", &misp, json!("misp-one"), "PMS_MSP_416"),
        ("again, by the admin", &admin, json!("misp-one"), "PMS_MSP_416"),
        ("no provider", &admin, Value::Null, "PMS_COR_001"),
        ("an unknown partner", &admin, json!("nobody"), "PMS_MSP_005"),
        ("an Auth partner", &admin, json!("bank-one"), "PMS_MSP_009"),
        ("a deactivated MISP", &admin, json!("misp-off"), "PMS_MSP_405"),
        ("a pending policy request", &admin, json!("misp-req"), "PMS_MSP_418"),
        ("another MISP's", &waiting, json!("misp-one"), "PMS_PRT_055"),
    ] {
        let (s, b) = app.post(MISPS, token, legacy(json!({"providerId": provider}))).await;
        assert_eq!(error_code(&b).as_deref(), Some(code), "{label}: {b}");
        refused(s, &b, code);
    }
    let (s, _) = app.post(MISPS, &bank, legacy(json!({"providerId": "misp-one"}))).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "an Auth partner's user issues no licence");
    assert_eq!(licence_rows(&app, &admin).await.len(), 1, "refusals stored nothing");

    // Once its request is approved, the MISP's licence names the policy.
    approve(&app, &admin, &request).await;
    let (s, b) = app.post(MISPS, &admin, legacy(json!({"providerId": "misp-req"}))).await;
    let other_key = ok(s, &b)["licenseKey"].as_str().unwrap().to_string();
    let generated = events(&app, &admin, "MISP_LICENSE_GENERATED").await;
    assert_eq!(generated.len(), 2);
    assert_eq!(generated[0]["policyData"]["policyId"], delegation.as_str(), "{:?}", generated[0]);
    assert_eq!(generated[0]["mispLicenseData"]["mispId"], "misp-req");

    // Lists: the MISP its own, the admin everyone's; keys only by their first characters.
    let mine = licence_rows(&app, &misp).await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    let first_id = mine[0]["id"].as_str().unwrap().to_string();
    assert_eq!((mine[0]["mispId"].as_str(), mine[0]["isActive"].as_bool()), (Some("misp-one"), Some(true)));
    assert_eq!(mine[0]["licenseKey"], masked(&key).as_str());
    assert!(mine[0]["policyId"].is_null());
    let all = licence_rows(&app, &admin).await;
    assert_eq!(all.len(), 2);
    let theirs = all.iter().find(|r| r["mispId"] == "misp-req").unwrap();
    assert_eq!(
        (theirs["policyId"].as_str(), theirs["licenseKey"].as_str()),
        (Some(delegation.as_str()), Some(masked(&other_key).as_str()))
    );
    let (_, whole) = app.get(MISPS, &admin).await;
    assert!(!whole.to_string().contains(&key) && !whole.to_string().contains(&other_key), "a full key was listed");

    // Status: off, refused changes, on again.
    let status = |provider: &str, k: &str, to: &str| {
        legacy(json!({"providerId": provider, "licenseKey": k, "licenseKeyStatus": to}))
    };
    let (s, b) = app.put(MISPS, &misp, status("misp-one", &key, "de-active")).await;
    let off = ok(s, &b);
    assert_eq!((off["licenseKeyStatus"].as_str(), off["licenseKey"].as_str()), (Some("de-active"), Some(key.as_str())));
    assert_eq!(off["providerId"], "misp-one");
    let updated = events(&app, &admin, "MISP_LICENSE_UPDATED").await;
    assert_eq!(updated.len(), 1);
    assert_eq!(
        (updated[0]["mispLicenseData"]["licenseKey"].as_str(), updated[0]["mispLicenseData"]["mispStatus"].as_str()),
        (Some(key.as_str()), Some("NOT_ACTIVE"))
    );
    // The key with its last character changed (to one it is not).
    let wrong = format!("{}{}", &key[..49], if key.ends_with('x') { 'y' } else { 'x' });
    for (label, token, body, code) in [
        ("a bad status", &misp, status("misp-one", &key, "inactive"), "PMS_MSP_407"),
        ("a wrong key", &misp, status("misp-one", &wrong, "active"), "PMS_MSP_408"),
        ("another MISP's key", &admin, status("misp-one", &other_key, "active"), "PMS_MSP_408"),
        ("by another MISP", &waiting, status("misp-one", &key, "active"), "PMS_MSP_408"),
        ("no key", &misp, legacy(json!({"providerId": "misp-one", "licenseKeyStatus": "active"})), "PMS_COR_001"),
    ] {
        let (s, b) = app.put(MISPS, token, body).await;
        assert_eq!(error_code(&b).as_deref(), Some(code), "{label}: {b}");
        refused(s, &b, code);
    }
    // The same status again changes nothing and announces nothing.
    let (s, b) = app.put(MISPS, &misp, status("misp-one", &key, "De-Active")).await;
    assert_eq!(ok(s, &b)["licenseKeyStatus"], "de-active");
    assert_eq!(events(&app, &admin, "MISP_LICENSE_UPDATED").await.len(), 1);
    let (s, b) = app.put(MISPS, &admin, status("misp-one", &key, "ACTIVE")).await;
    assert_eq!(ok(s, &b)["licenseKeyStatus"], "active");
    assert_eq!(events(&app, &admin, "MISP_LICENSE_UPDATED").await.len(), 2);
    let rows = audit(&app, &admin, "misp_license.status", &first_id).await;
    let moved: Vec<&Value> =
        rows.iter().filter(|r| r["outcome"] == "success" && r["beforeStatus"] != r["afterStatus"]).collect();
    assert_eq!(moved.len(), 2, "{rows:?}");
    assert_eq!(
        (moved[1]["beforeStatus"].as_str(), moved[1]["afterStatus"].as_str()),
        (Some("active"), Some("de-active"))
    );

    // The key endpoint: the usable licence's key, for the admin only.
    let shown = licence_key(&app, &admin, "misp-one").await;
    assert_eq!(
        (shown["licenseKey"].as_str(), shown["licenseKeyStatus"].as_str()),
        (Some(key.as_str()), Some("active"))
    );
    assert_eq!(events(&app, &admin, "MISP_LICENSE_UPDATED").await.len(), 2, "showing a key mints nothing");
    let (s, _) = app.get(&format!("{MISPS}/misp-one/licenseKey"), &misp).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    for (misp_id, code) in [("nobody", "PMS_MSP_005"), ("bank-one", "PMS_MSP_009"), ("misp-off", "PMS_MSP_405")] {
        let (s, b) = app.get(&format!("{MISPS}/{misp_id}/licenseKey"), &admin).await;
        refused(s, &b, code);
    }
    misp_partner(&app, &admin, "misp-new", None).await;
    let (s, b) = app.get(&format!("{MISPS}/misp-new/licenseKey"), &admin).await;
    refused(s, &b, "PMS_MSP_408");

    // Turned off: the key endpoint mints a new licence, then shows that one.
    let (s, b) = app.put(MISPS, &misp, status("misp-one", &key, "de-active")).await;
    ok(s, &b);
    let renewed = licence_key(&app, &admin, "misp-one").await;
    let second = renewed["licenseKey"].as_str().unwrap().to_string();
    assert_ne!(second, key);
    assert_eq!((second.len(), renewed["licenseKeyStatus"].as_str()), (50, Some("active")));
    assert_expiry_in_90_days(&app, &renewed["licenseKeyExpiry"]);
    let updated = events(&app, &admin, "MISP_LICENSE_UPDATED").await;
    assert_eq!(updated.len(), 4);
    assert_eq!(
        (updated[0]["mispLicenseData"]["licenseKey"].as_str(), updated[0]["mispLicenseData"]["mispStatus"].as_str()),
        (Some(second.as_str()), Some("ACTIVE"))
    );
    assert_eq!(licence_key(&app, &admin, "misp-one").await["licenseKey"], second.as_str());
    assert_eq!(events(&app, &admin, "MISP_LICENSE_UPDATED").await.len(), 4);

    // Past its end, another.
    app.clock.advance(Duration::days(91));
    let third = licence_key(&app, &admin, "misp-one").await;
    let third_key = third["licenseKey"].as_str().unwrap().to_string();
    assert!(third_key != second && third_key != key);
    assert_expiry_in_90_days(&app, &third["licenseKeyExpiry"]);
    assert_eq!(events(&app, &admin, "MISP_LICENSE_UPDATED").await.len(), 5);
    let mine = licence_rows(&app, &misp).await;
    assert_eq!(mine.len(), 3, "{mine:?}");
    let renewals: Vec<String> =
        mine.iter().map(|r| r["id"].as_str().unwrap().to_string()).filter(|id| *id != first_id).collect();
    for id in &renewals {
        let rows = audit(&app, &admin, "misp_license.renew", id).await;
        assert_eq!((rows.len(), rows[0]["afterStatus"].as_str()), (1, Some("active")), "{rows:?}");
    }
    let rows = audit(&app, &admin, "misp_license.create", &first_id).await;
    assert_eq!(
        (rows.len(), rows[0]["actor"].as_str(), rows[0]["afterStatus"].as_str()),
        (1, Some("misp-one"), Some("active"))
    );

    // Searches and filter values, in the caller's scope.
    let search = |filters: Value| {
        legacy(json!({"filters": filters, "sort": [{"sortField": "createdDateTime", "sortType": "asc"}],
            "pagination": {"pageStart": 0, "pageFetch": 10}}))
    };
    let contains = json!([{"columnName": "mispId", "type": "contains", "value": "MISP"}]);
    let (s, b) = app.post(&format!("{MISPS}/search"), &misp, search(contains.clone())).await;
    let page = ok(s, &b);
    assert_eq!(page["totalRecord"], 3, "{page}");
    let rows = page["data"].as_array().unwrap();
    assert!(rows.iter().all(|r| r["mispId"] == "misp-one"), "{page}");
    assert_eq!(rows[0]["id"], first_id.as_str(), "oldest first");
    assert_eq!(rows[0]["licenseKey"], masked(&key).as_str());
    assert!(!b.to_string().contains(&key) && !b.to_string().contains(&second) && !b.to_string().contains(&third_key));
    let (s, b) = app.post(&format!("{MISPS}/search"), &admin, search(contains)).await;
    assert_eq!(ok(s, &b)["totalRecord"], 4, "{b}");
    let (s, b) = app
        .post(
            &format!("{MISPS}/search"),
            &admin,
            search(json!([{"columnName": "isActive", "type": "equals", "value": "false"}])),
        )
        .await;
    assert_eq!(ok(s, &b)["totalRecord"], 1, "{b}");
    let (s, b) = app
        .post(
            &format!("{MISPS}/search"),
            &admin,
            search(json!([{"columnName": "licenseKey", "type": "equals", "value": key}])),
        )
        .await;
    assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some("PMS-MSD-310")), "the key is not searchable: {b}");
    let values = legacy(json!({"filters": [{"columnName": "mispId", "type": "unique"}]}));
    let found = |b: &Value| -> Vec<String> {
        let mut v: Vec<String> = b["response"]["filters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fieldValue"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    let (s, b) = app.post(&format!("{MISPS}/filtervalues"), &misp, values.clone()).await;
    ok(s, &b);
    assert_eq!(found(&b), ["misp-one"], "{b}");
    let (s, b) = app.post(&format!("{MISPS}/filtervalues"), &admin, values).await;
    ok(s, &b);
    assert_eq!(found(&b), ["misp-one", "misp-req"], "{b}");

    // The MISP's deactivation turns off its licences that are on, each announced.
    app.decide_partner(&admin, "misp-one", "deactivate").await;
    let updated = events(&app, &admin, "MISP_LICENSE_UPDATED").await;
    assert_eq!(updated.len(), 7, "the two renewals were on: {updated:?}");
    for event in &updated[..2] {
        assert_eq!(event["mispLicenseData"]["mispStatus"], "NOT_ACTIVE");
        assert_eq!(event["mispLicenseData"]["mispId"], "misp-one");
    }
    let cascaded: Vec<&str> =
        updated[..2].iter().map(|e| e["mispLicenseData"]["licenseKey"].as_str().unwrap()).collect();
    assert!(cascaded.contains(&second.as_str()) && cascaded.contains(&third_key.as_str()), "{cascaded:?}");
    assert!(licence_rows(&app, &admin)
        .await
        .iter()
        .filter(|r| r["mispId"] == "misp-one")
        .all(|r| r["isActive"] == false));
    for id in &renewals {
        let rows = audit(&app, &admin, "misp_license.cascade", id).await;
        assert_eq!((rows.len(), rows[0]["afterStatus"].as_str()), (1, Some("de-active")), "{rows:?}");
    }
    assert!(audit(&app, &admin, "misp_license.cascade", &first_id).await.is_empty());
    // A deactivated MISP's licence cannot be turned on, nor shown.
    let (s, b) = app.put(MISPS, &admin, status("misp-one", &third_key, "active")).await;
    refused(s, &b, "PMS_MSP_405");
    let (s, b) = app.get(&format!("{MISPS}/misp-one/licenseKey"), &admin).await;
    refused(s, &b, "PMS_MSP_405");
    // The other MISP's licence is untouched.
    assert!(licence_rows(&app, &admin).await.iter().any(|r| r["mispId"] == "misp-req" && r["isActive"] == true));
}

// ------------------------------------------------------------------ concurrency

/// Eight copies of one request at once; their error codes (`None`: a success).
async fn eight_at_once(
    app: &Arc<TestApp>,
    method: Method,
    path: &str,
    token: &str,
    body: Value,
) -> Vec<Option<String>> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (app, method, path, token, body) =
            (app.clone(), method.clone(), path.to_string(), token.to_string(), body.clone());
        tasks.spawn(async move { app.send(method, &path, Some(&token), Some(body)).await });
    }
    tasks
        .join_all()
        .await
        .into_iter()
        .map(|(s, b)| {
            assert_eq!(s, StatusCode::OK, "{b}");
            error_code(&b)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_are_made_once() {
    let Bank { app, admin, policy_id, bank, .. } = bank().await;
    let misp = misp_partner(&app, &admin, "misp-one", None).await;
    let app = Arc::new(app);

    // One key, eight creates: one client.
    let body = legacy(client_body("Portal", &policy_id, "bank-one", jwk::ec()));
    let codes = eight_at_once(&app, Method::POST, OAUTH, &bank, body).await;
    assert_eq!(codes.iter().filter(|c| c.is_none()).count(), 1, "{codes:?}");
    assert!(codes.iter().flatten().all(|c| c == "PMS_ESI_001"), "{codes:?}");
    assert_eq!(client_total(&app, &admin).await, 1);
    let id = list(&app, &admin, "").await["data"][0]["clientId"].as_str().unwrap().to_string();

    // Eight deactivations: one, announced once.
    let body = legacy(update_body("Portal", "INACTIVE"));
    let codes = eight_at_once(&app, Method::PUT, &format!("{OAUTH}/{id}"), &bank, body).await;
    assert_eq!(codes.iter().filter(|c| c.is_none()).count(), 1, "{codes:?}");
    assert!(codes.iter().flatten().all(|c| c == "PMS_ESI_008"), "{codes:?}");
    assert_eq!(events(&app, &admin, "OIDC_CLIENT_UPDATED").await.len(), 1);

    // Eight first licences of one MISP: one.
    let body = legacy(json!({"providerId": "misp-one"}));
    let codes = eight_at_once(&app, Method::POST, MISPS, &misp, body).await;
    assert_eq!(codes.iter().filter(|c| c.is_none()).count(), 1, "{codes:?}");
    assert!(codes.iter().flatten().all(|c| c == "PMS_MSP_416"), "{codes:?}");
    assert_eq!(licence_rows(&app, &admin).await.len(), 1);
    assert_eq!(events(&app, &admin, "MISP_LICENSE_GENERATED").await.len(), 1);

    // The licence turned off, eight reads of the key: one new licence, shown to all eight.
    let key = licence_key(&app, &admin, "misp-one").await["licenseKey"].as_str().unwrap().to_string();
    let off = legacy(json!({"providerId": "misp-one", "licenseKey": key, "licenseKeyStatus": "de-active"}));
    let (s, b) = app.put(MISPS, &misp, off).await;
    ok(s, &b);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (app, admin) = (app.clone(), admin.clone());
        tasks.spawn(async move { app.get(&format!("{MISPS}/misp-one/licenseKey"), &admin).await });
    }
    let keys: std::collections::BTreeSet<String> = tasks
        .join_all()
        .await
        .into_iter()
        .map(|(s, b)| ok(s, &b)["licenseKey"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(keys.len(), 1, "one renewal: {keys:?}");
    assert_eq!(licence_rows(&app, &admin).await.len(), 2);
    assert_eq!(events(&app, &admin, "MISP_LICENSE_UPDATED").await.len(), 2, "the deactivation and one renewal");

    // Eight de-activations of one licence: every one answers it off; it is announced once.
    let renewed = keys.into_iter().next().unwrap();
    let off = legacy(json!({"providerId": "misp-one", "licenseKey": renewed, "licenseKeyStatus": "de-active"}));
    let codes = eight_at_once(&app, Method::PUT, MISPS, &misp, off).await;
    assert!(codes.iter().all(Option::is_none), "{codes:?}");
    assert_eq!(events(&app, &admin, "MISP_LICENSE_UPDATED").await.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_created_while_their_partner_is_deactivated_do_not_outlive_it() {
    let Bank { app, admin, policy_id, bank, .. } = bank().await;
    let app = Arc::new(app);
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..6 {
        let (app, token, body) =
            (app.clone(), bank.clone(), legacy(client_body(&format!("Portal {n}"), &policy_id, "bank-one", jwk::ec())));
        tasks.spawn(async move {
            app.send(Method::POST, OAUTH, Some(&token), Some(body)).await;
        });
    }
    let (deciding, admin_token) = (app.clone(), admin.clone());
    tasks.spawn(async move { deciding.decide_partner(&admin_token, "bank-one", "deactivate").await });
    tasks.join_all().await;
    let clients = list(&app, &admin, "").await;
    let rows = clients["data"].as_array().cloned().unwrap_or_default();
    assert!(rows.iter().all(|c| c["status"] == "INACTIVE"), "{clients}");
}
