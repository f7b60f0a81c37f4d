//! Standard client registration (RFC 7591 / RFC 7592) over HTTP: an approved Auth partner's tool
//! registers a client with the partner's token, reads, changes and deletes it with the
//! registration access token; the policy guards of `POST /oauth/client` hold; a token of another
//! client, a deleted client and another partner's user are refused.

mod common;

use common::*;
use pms_domain::roles::AUTH_PARTNER;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const PM: &str = "/v1/partnermanager";
const REGISTER: &str = "/v1/pms/oidc/register";

async fn partner(app: &TestApp, admin: &str, id: &str) -> String {
    let token = app.token_for_new_user(id, &[AUTH_PARTNER]).await;
    let request = json!({"partnerId": id, "organizationName": format!("{id} Org"), "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": format!("{id}@example.org"), "partnerType": "Auth_Partner",
        "policyGroup": "Banking", "langCode": "eng"});
    let (s, b) = app.post(&format!("{PM}/partners"), &token, legacy(request)).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    app.decide_partner(admin, id, "approve").await;
    token
}

async fn approved_request(app: &TestApp, admin: &str, token: &str, id: &str, policy: &str) {
    let body = legacy(json!({"policyName": policy, "useCaseDescription": "Sign residents in"}));
    let (s, b) = app.post(&format!("{PM}/partners/{id}/policy/map"), token, body).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let request = b["response"]["mappingkey"].as_str().expect("mapping key").to_string();
    let (s, b) =
        app.put(&format!("{PM}/partners/policy/{request}"), admin, legacy(json!({"status": "Approved"}))).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
}

fn metadata(policy: &str, key: Value) -> Value {
    json!({"client_name": "Booking tool", "policy_id": policy, "redirect_uris": ["https://tool.example/cb"],
        "grant_types": ["authorization_code"], "token_endpoint_auth_method": "private_key_jwt",
        "logo_uri": "https://tool.example/logo.png", "jwks": {"keys": [key]}})
}

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = app.raw(method, path);
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    if let Some(b) = body {
        request = request.json(&b);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let text = response.text().await.expect("body");
    (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).expect("JSON") })
}

#[tokio::test]
async fn a_tool_registers_reads_changes_and_deletes_its_client() {
    let app = TestApp::spawn_with(|c| c.token_ttl_minutes = 60 * 24 * 1000).await;
    let admin = app.admin_token().await;
    let group = app.create_group(&admin, "Banking").await;
    let policy = app.published_policy(&admin, &group, "Banking", "KYC").await;
    let bank = partner(&app, &admin, "bank-one").await;
    let other = partner(&app, &admin, "bank-two").await;

    // Not yet approved for the policy: the same guard as POST /oauth/client.
    let key = pms_testkit::jwk::ec();
    let (s, b) = call(&app, Method::POST, REGISTER, Some(&bank), Some(metadata(&policy, key.clone()))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert_eq!(b["error"], "invalid_client_metadata");
    assert!(b["error_description"].as_str().unwrap_or_default().starts_with("PMS_PRT_061"), "{b}");
    approved_request(&app, &admin, &bank, "bank-one", "KYC").await;

    // A bad redirect URI is RFC 7591's own error; no token is anonymous.
    let mut bad = metadata(&policy, key.clone());
    bad["redirect_uris"] = json!(["https://tool.example/cb#fragment"]);
    let (s, b) = call(&app, Method::POST, REGISTER, Some(&bank), Some(bad)).await;
    assert_eq!((s, b["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_redirect_uri")), "{b}");
    let (s, _) = call(&app, Method::POST, REGISTER, None, Some(metadata(&policy, key.clone()))).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // Registered: the client id, a registration token and its URI.
    let (s, b) = call(&app, Method::POST, REGISTER, Some(&bank), Some(metadata(&policy, key.clone()))).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["client_id"].as_str().expect("client id").to_string();
    let token = b["registration_access_token"].as_str().expect("registration token").to_string();
    assert_eq!(b["registration_client_uri"], format!("{REGISTER}/{id}"));
    assert_eq!(b["auth_partner_id"], "bank-one");
    assert_eq!(b["policy_id"], policy.as_str());
    assert_eq!(b["jwks"]["keys"][0]["x"], key["x"]);
    assert_eq!(b["status"], "ACTIVE");
    // It is an ordinary client of the partner, with its event.
    let (s, b) = app.get(&format!("{PM}/oauth/client/{id}"), &bank).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    assert_eq!(b["response"]["name"], "Booking tool");
    assert_eq!(app.events("OIDC_CLIENT_CREATED").await.len(), 1);
    // The same key again is refused.
    let (s, b) = call(&app, Method::POST, REGISTER, Some(&bank), Some(metadata(&policy, key.clone()))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(b["error_description"].as_str().unwrap_or_default().starts_with("PMS_ESI_001"), "{b}");

    // Read with the registration token; the answer never shows the token again.
    let path = format!("{REGISTER}/{id}");
    let (s, b) = call(&app, Method::GET, &path, Some(&token), None).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["client_name"], "Booking tool");
    assert!(b.get("registration_access_token").is_none(), "{b}");
    // A wrong token, or another client's id with this token, is 401 (RFC 7592 §2).
    let (s, b) = call(&app, Method::GET, &path, Some("not-the-token"), None).await;
    assert_eq!((s, b["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_token")), "{b}");
    let (s, _) = call(&app, Method::GET, &format!("{REGISTER}/someone-else"), Some(&token), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // The owner's own user token works too; another partner's user sees nothing.
    let (s, _) = call(&app, Method::GET, &path, Some(&bank), None).await;
    assert_eq!(s, StatusCode::OK);
    let (s, b) = call(&app, Method::GET, &path, Some(&other), None).await;
    assert_eq!((s, b["error"].as_str()), (StatusCode::NOT_FOUND, Some("invalid_client_id")), "{b}");

    // Change: the metadata is replaced, checked as an update of the client.
    let mut changed = metadata(&policy, key.clone());
    changed["client_name"] = json!("Booking tool v2");
    changed["redirect_uris"] = json!(["https://tool.example/v2/cb"]);
    let (s, b) = call(&app, Method::PUT, &path, Some(&token), Some(changed.clone())).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(
        (b["client_name"].as_str(), b["redirect_uris"][0].as_str()),
        (Some("Booking tool v2"), Some("https://tool.example/v2/cb"))
    );
    changed["grant_types"] = json!(["implicit"]);
    let (s, b) = call(&app, Method::PUT, &path, Some(&token), Some(changed)).await;
    assert_eq!((s, b["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_client_metadata")), "{b}");
    assert!(b["error_description"].as_str().unwrap_or_default().starts_with("invalid_grant_type"), "{b}");

    // Delete: the client is deactivated for good and the token stops working.
    let (s, b) = call(&app, Method::DELETE, &path, Some(&other), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{b}");
    let (s, _) = call(&app, Method::DELETE, &path, Some(&token), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, b) = app.get(&format!("{PM}/oauth/client/{id}"), &bank).await;
    assert_eq!(b["response"]["status"], "INACTIVE", "{s} {b}");
    let (s, _) = call(&app, Method::GET, &path, Some(&token), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = call(&app, Method::DELETE, &path, Some(&token), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let updates = app.events("OIDC_CLIENT_UPDATED").await;
    assert_eq!(updates.len(), 2, "one edit, one deactivation");
}

#[tokio::test]
async fn a_user_with_several_auth_partners_names_the_one_registering() {
    let app = TestApp::spawn_with(|c| c.token_ttl_minutes = 60 * 24 * 1000).await;
    let admin = app.admin_token().await;
    let group = app.create_group(&admin, "Banking").await;
    let policy = app.published_policy(&admin, &group, "Banking", "KYC").await;
    let bank = partner(&app, &admin, "bank-one").await;
    approved_request(&app, &admin, &bank, "bank-one", "KYC").await;
    // The admin owns no partner: it must name one, and gets the answer for that partner.
    let (s, b) =
        call(&app, Method::POST, REGISTER, Some(&admin), Some(metadata(&policy, pms_testkit::jwk::ed25519()))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert!(b["error_description"].as_str().unwrap_or_default().starts_with("PMS_COR_001"), "{b}");
    let mut named = metadata(&policy, pms_testkit::jwk::ed25519());
    named["auth_partner_id"] = json!("bank-one");
    let (s, b) = call(&app, Method::POST, REGISTER, Some(&admin), Some(named)).await;
    assert_eq!((s, b["auth_partner_id"].as_str()), (StatusCode::CREATED, Some("bank-one")), "{b}");
}

async fn issue(app: &TestApp, token: &str, request: Value) -> (StatusCode, Value) {
    app.post("/v1/pms/oidc/initial-access-tokens", token, v2("mosip.pms.oidc.initialtoken.create", request)).await
}

#[tokio::test]
async fn an_initial_access_token_registers_one_client_for_its_partner() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let group = app.create_group(&admin, "Banking").await;
    let policy = app.published_policy(&admin, &group, "Banking", "KYC").await;
    let bank = partner(&app, &admin, "bank-one").await;
    partner(&app, &admin, "bank-two").await;
    approved_request(&app, &admin, &bank, "bank-one", "KYC").await;

    // Only the Partner Admin issues them, for an authentication partner that may act.
    let (s, _) = issue(&app, &bank, json!({"partnerId": "bank-one"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    for (request, code) in [
        (json!({}), "PMS_COR_001"),
        (json!({"partnerId": "bank-one", "validityDays": 91}), "PMS_COR_001"),
        (json!({"partnerId": "nobody"}), "PMS_PRT_058"),
    ] {
        let (_, b) = issue(&app, &admin, request).await;
        assert_eq!(error_code(&b).as_deref(), Some(code), "{b}");
    }
    let (s, b) = issue(&app, &admin, json!({"partnerId": "bank-one", "validityDays": 2})).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let initial = b["response"]["token"].as_str().expect("token").to_string();
    assert!(initial.starts_with("pmsiat_"));

    // A refused registration leaves the token usable; the client is the token's partner's,
    // whatever partner the metadata names.
    let mut bad = metadata(&policy, pms_testkit::jwk::ec());
    bad["redirect_uris"] = json!(["not a uri"]);
    let (s, _) = call(&app, Method::POST, REGISTER, Some(&initial), Some(bad)).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let mut good = metadata(&policy, pms_testkit::jwk::ec());
    good["auth_partner_id"] = json!("bank-two");
    let (s, b) = call(&app, Method::POST, REGISTER, Some(&initial), Some(good)).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let client_id = b["client_id"].as_str().expect("client id").to_string();
    let (_, view) = app.get(&format!("{PM}/oauth/client/{client_id}"), &bank).await;
    assert_eq!(view["response"]["relyingPartyId"], "bank-one", "{view}");
    // The registration access token works as for any registration.
    let registration = b["registration_access_token"].as_str().expect("registration token").to_string();
    let (s, _) = call(&app, Method::GET, &format!("{REGISTER}/{client_id}"), Some(&registration), None).await;
    assert_eq!(s, StatusCode::OK);

    // Spent.
    let again = metadata(&policy, pms_testkit::jwk::ec());
    let (s, b) = call(&app, Method::POST, REGISTER, Some(&initial), Some(again.clone())).await;
    assert_eq!((s, b["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_token")));
    // Expired, and unknown.
    let (_, b) = issue(&app, &admin, json!({"partnerId": "bank-one", "validityDays": 1})).await;
    let late = b["response"]["token"].as_str().expect("token").to_string();
    app.clock.advance(chrono::Duration::days(1));
    let admin = app.admin_token().await;
    let (s, _) = call(&app, Method::POST, REGISTER, Some(&late), Some(again.clone())).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = call(&app, Method::POST, REGISTER, Some("pmsiat_forged"), Some(again)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // A partner that may no longer act gets none.
    app.decide_partner(&admin, "bank-two", "deactivate").await;
    let (_, b) = issue(&app, &admin, json!({"partnerId": "bank-two"})).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PMP_016"), "{b}");
}

#[tokio::test]
async fn the_partner_admin_issues_a_registration_token_in_the_portal() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let group = app.create_group(&admin, "Banking").await;
    let policy = app.published_policy(&admin, &group, "Banking", "KYC").await;
    let bank = partner(&app, &admin, "bank-one").await;
    approved_request(&app, &admin, &bank, "bank-one", "KYC").await;

    let user = app.portal_login("admin", ADMIN_PASSWORD).await;
    let (status, page) = app.portal_get(&user, "/partners/bank-one").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"issue-registration-token\""), "{page}");
    let res = app.portal_post(&user, "/partners/bank-one/registration-token", &[("validityDays", "3")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    let token =
        regex::Regex::new(r"pmsiat_[A-Za-z0-9_-]+").unwrap().find(&page).expect("token shown").as_str().to_string();
    assert!(page.contains("/v1/pms/oidc/register"));

    let (s, b) =
        call(&app, Method::POST, REGISTER, Some(&token), Some(metadata(&policy, pms_testkit::jwk::ec()))).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    // A number of days out of range is refused with the rule.
    let res = app.portal_post(&user, "/partners/bank-one/registration-token", &[("validityDays", "900")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(page.contains("Choose from 1 to 90 days."), "{page}");
}
