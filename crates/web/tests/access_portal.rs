//! The policy-request and API-key pages of the portal, driven as a browser without JavaScript
//! would: a partner asks for a policy, the Partner Admin rejects (with the reason the partner
//! reads) or approves behind a confirmation page, the partner makes a key that is shown once and
//! never again, deactivates and rotates it; nobody sees another partner's requests or keys.

mod common;

use chrono::Duration;
use common::*;
use pms_domain::roles::AUTH_PARTNER;
use reqwest::StatusCode;
use serde_json::json;

const POLICY: &str = "KYC for banks";

fn location(res: &reqwest::Response) -> String {
    res.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// The text of the element with this id (first match, tags removed).
fn element(page: &str, id: &str) -> Option<String> {
    let re = regex::Regex::new(&format!(r#"(?s)id="{id}"[^>]*>(.*?)</"#)).unwrap();
    re.captures(page).map(|c| c[1].trim().to_string())
}

/// Ids of the request rows of a list page, in order.
fn request_ids(page: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"<tr id="request-([\w-]+)""#).unwrap();
    re.captures_iter(page).map(|c| c[1].to_string()).collect()
}

fn key_ids(page: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"<tr id="key-([\w-]+)""#).unwrap();
    re.captures_iter(page).map(|c| c[1].to_string()).collect()
}

/// The key value of the page that shows it once.
fn shown_key(page: &str) -> String {
    let re = regex::Regex::new(r#"id="api-key-value" class="key-value" value="([^"]+)""#).unwrap();
    re.captures(page).map(|c| c[1].to_string()).unwrap_or_else(|| panic!("no key shown in {page}"))
}

/// ID Authentication, which checks the keys partners present.
fn verifier() -> pms_service::Ctx {
    let mut ctx = pms_service::Ctx::system();
    if let Some(actor) = ctx.actor.as_mut() {
        actor.roles = vec!["ID_AUTHENTICATION".into()];
    }
    ctx
}

struct World {
    app: TestApp,
    admin: PortalUser,
}

/// A Banking group with a published auth policy and one drafted, and the admin's portal login.
async fn world() -> World {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let group = app.create_group(&token, "Banking").await;
    let policy = app.create_policy(&token, "Banking", POLICY, "Auth").await;
    let (status, body) =
        app.post(&format!("/v1/policymanager/policies/{policy}/group/{group}/publish"), &token, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.create_policy(&token, "Banking", "Draft only", "Auth").await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    World { app, admin }
}

/// An approved Auth partner `id` in the Banking group, logged in to the portal.
async fn partner(w: &World, id: &str) -> PortalUser {
    let token = w.app.user_with_roles(id, &[AUTH_PARTNER]).await;
    let request = json!({"partnerId": id, "organizationName": format!("{id} bank"), "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": format!("contact@{id}.example"), "partnerType": "Auth_Partner",
        "policyGroup": "Banking", "langCode": "eng"});
    let (_, body) = w.app.post("/v1/partnermanager/partners", &token, legacy(request)).await;
    assert_eq!(error_code(&body), None, "{body}");
    let res = w.app.portal_post(&w.admin, &format!("/partners/{id}/approve"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    w.app.portal_login(id, USER_PASSWORD).await
}

async fn request_policy(w: &World, user: &PortalUser, id: &str, use_case: &str) -> reqwest::Response {
    w.app
        .portal_post(
            user,
            "/policy-requests",
            &[("partnerId", id), ("policyName", POLICY), ("useCaseDescription", use_case)],
        )
        .await
}

/// The newest request of the admin's list of pending ones.
async fn pending_request(w: &World) -> String {
    let (_, page) = w.app.portal_get(&w.admin, "/policy-requests").await;
    request_ids(&page).into_iter().next().unwrap_or_else(|| panic!("no pending request in {page}"))
}

/// A partner with an approved request for the policy.
async fn granted(w: &World, id: &str) -> (PortalUser, String) {
    let user = partner(w, id).await;
    assert_eq!(request_policy(w, &user, id, "e-KYC at account opening").await.status(), StatusCode::SEE_OTHER);
    let request = pending_request(w).await;
    let res = w.app.portal_post(&w.admin, &format!("/policy-requests/{request}/approve"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    (user, request)
}

async fn generate(w: &World, user: &PortalUser, request: &str, label: &str) -> reqwest::Response {
    w.app.portal_post(user, "/api-keys", &[("request", request), ("label", label)]).await
}

#[tokio::test]
async fn a_partner_requests_a_policy_and_reads_the_admins_decision() {
    let w = world().await;
    let app = &w.app;
    let bank = partner(&w, "bank-one").await;

    // The form offers the partner and the group's published policies only.
    let (status, page) = app.portal_get(&bank, "/policy-requests").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"<option value="bank-one" selected>"#), "{page}");
    assert!(page.contains(&format!(r#"<option value="{POLICY}">"#)), "{page}");
    assert!(!page.contains("Draft only"), "drafts cannot be requested: {page}");
    assert!(page.contains(r#"id="empty-state""#), "{page}");
    assert!(page.contains(r#"href="/policy-requests" aria-current="page""#), "the menu has the page: {page}");

    // Every problem of the form at once, the fields kept.
    let res = app
        .portal_post(
            &bank,
            "/policy-requests",
            &[("partnerId", "bank-one"), ("policyName", ""), ("useCaseDescription", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(page.contains(r#"id="error-summary""#), "{page}");
    assert!(element(&page, "policyName-error").is_some(), "{page}");
    assert!(element(&page, "useCaseDescription-error").is_some(), "{page}");
    let long = "x".repeat(4001);
    let res = request_policy(&w, &bank, "bank-one", &long).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert_eq!(element(&page, "useCaseDescription-error").as_deref(), Some("At most 4000 characters."), "{page}");

    // Sent: back on the list with a notice, waiting.
    let res = request_policy(&w, &bank, "bank-one", "e-KYC at account opening").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/policy-requests?done=policy-requested");
    let (_, page) = app.portal_get(&bank, &location(&res)).await;
    assert!(page.contains("Your request has been sent."), "{page}");
    assert_eq!(request_ids(&page).len(), 1);
    assert!(page.contains(r#"<span class="badge badge-InProgress">Pending</span>"#), "{page}");
    // A second one while it waits is refused at the policy.
    let res = request_policy(&w, &bank, "bank-one", "again").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(element(&page, "policyName-error").unwrap().contains("already waiting"), "{page}");

    // The admin's dashboard counts it and links to the waiting requests.
    let (_, home) = app.portal_get(&w.admin, "/").await;
    assert!(element(&home, "count-policy-requests").as_deref() == Some("<strong>1"), "{home}");
    assert!(home.contains(r#"href="/policy-requests?status=InProgress""#));

    // A rejection needs a reason: the form says so and shows the error when there is none.
    let request = pending_request(&w).await;
    let (status, confirm) = app.portal_get(&w.admin, &format!("/policy-requests/{request}/reject")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(confirm.contains("e-KYC at account opening"), "the admin reads the use case: {confirm}");
    assert!(element(&confirm, "reason-hint").unwrap().contains("Required"), "{confirm}");
    let res = app.portal_post(&w.admin, &format!("/policy-requests/{request}/reject"), &[("reason", "  ")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(page.contains(r#"id="error-summary""#), "{page}");
    assert!(element(&page, "reason-error").unwrap().contains("reason"), "{page}");
    assert!(page.contains(r#"aria-invalid="true" aria-describedby="reason-error reason-hint""#), "{page}");
    let (_, page) = app.portal_get(&bank, "/policy-requests").await;
    assert!(page.contains("badge-InProgress"), "nothing was decided: {page}");

    let reason = "Your contract is not signed yet";
    let res = app.portal_post(&w.admin, &format!("/policy-requests/{request}/reject"), &[("reason", reason)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/policy-requests?done=policy-request-reject");
    let (_, page) = app.portal_get(&bank, "/policy-requests").await;
    assert!(page.contains(r#"<span class="badge badge-rejected">Rejected</span>"#), "{page}");
    assert_eq!(element(&page, &format!("reason-{request}")).as_deref(), Some(reason), "{page}");
    // Decided, it leaves the admin's default list and cannot be decided again.
    let (_, page) = app.portal_get(&w.admin, "/policy-requests").await;
    assert!(request_ids(&page).is_empty(), "{page}");
    let (_, page) = app.portal_get(&w.admin, "/policy-requests?status=all").await;
    assert_eq!(request_ids(&page), std::slice::from_ref(&request));
    let (_, page) = app.portal_get(&w.admin, &format!("/policy-requests/{request}/approve")).await;
    assert!(page.contains(r#"id="blocked""#), "{page}");

    // Asked again after the rejection, and approved.
    assert_eq!(request_policy(&w, &bank, "bank-one", "contract signed").await.status(), StatusCode::SEE_OTHER);
    let second = pending_request(&w).await;
    assert_ne!(second, request);
    let (_, page) = app.portal_get(&w.admin, "/policy-requests?partnerId=bank&policyName=KYC&orgName=bank-one").await;
    assert_eq!(request_ids(&page), std::slice::from_ref(&second), "the filters narrow the list: {page}");
    let (_, page) = app.portal_get(&w.admin, "/policy-requests?policyGroupName=Telecom").await;
    assert!(request_ids(&page).is_empty());
    let res = app.portal_post(&w.admin, &format!("/policy-requests/{second}/approve"), &[]).await;
    assert_eq!(location(&res), "/policy-requests?done=policy-request-approve");
    let (_, page) = app.portal_get(&bank, "/policy-requests?status=approved").await;
    assert_eq!(request_ids(&page), [second]);
    assert!(page.contains(r#"<span class="badge badge-approved">Approved</span>"#), "{page}");
    let (_, home) = app.portal_get(&w.admin, "/").await;
    assert!(element(&home, "count-policy-requests").as_deref() == Some("<strong>0"), "{home}");
}

#[tokio::test]
async fn a_key_is_shown_once_then_never_again_and_deactivated_behind_a_confirmation() {
    let w = world().await;
    let app = &w.app;
    let (bank, request) = granted(&w, "bank-one").await;

    let (_, page) = app.portal_get(&bank, "/api-keys").await;
    assert!(page.contains(&format!(r#"<option value="{request}">{POLICY} (Banking)</option>"#)), "{page}");

    // Label errors at the label, the choice kept.
    let res = generate(&w, &bank, &request, &"l".repeat(37)).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert_eq!(element(&page, "label-error").as_deref(), Some("At most 36 characters."), "{page}");
    assert!(page.contains(&format!(r#"<option value="{request}" selected>"#)), "{page}");
    let res = generate(&w, &bank, "", "").await;
    let page = res.text().await.unwrap();
    assert!(element(&page, "request-error").is_some() && element(&page, "label-error").is_some(), "{page}");

    // Made: the answer to the POST holds it, once, in a readonly field, and is not stored.
    let res = generate(&w, &bank, &request, "production").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[reqwest::header::CACHE_CONTROL], "no-store");
    let page = res.text().await.unwrap();
    let key = shown_key(&page);
    assert!(key.starts_with("pms_") && key.len() > 40, "{key}");
    assert_eq!(page.matches(&key).count(), 1, "{page}");
    assert!(page.contains(&format!(r#"value="{key}" readonly"#)), "{page}");
    assert!(element(&page, "key-once").unwrap().contains("will not be shown again"), "{page}");
    assert!(page.contains(r#"data-copy="api-key-value""#), "a copy button for scripts: {page}");

    // The key works, and no page shows it again.
    let check = app.services.verify_api_key(&verifier(), Some(&key)).await.unwrap();
    assert!(check.valid);
    let key_id = check.key_id;
    let (_, list) = app.portal_get(&bank, "/api-keys").await;
    assert_eq!(key_ids(&list), std::slice::from_ref(&key_id));
    assert!(list.contains("production") && list.contains("badge-key-active"), "{list}");
    for (who, path) in [(&bank, "/api-keys".to_string()), (&bank, format!("/api-keys/{key_id}"))] {
        let (status, page) = app.portal_get(who, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!page.contains(&key), "{path} shows the key");
    }
    let (_, admin_list) = app.portal_get(&w.admin, "/api-keys").await;
    assert_eq!(key_ids(&admin_list), std::slice::from_ref(&key_id));
    assert!(!admin_list.contains(&key));
    // The same label twice is refused at the label.
    let res = generate(&w, &bank, &request, " production ").await;
    let page = res.text().await.unwrap();
    assert!(element(&page, "label-error").unwrap().contains("already used"), "{page}");

    // Deactivation asks first, then the key stops working.
    let (status, confirm) = app.portal_get(&bank, &format!("/api-keys/{key_id}/deactivate")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(confirm.contains("production") && confirm.contains(r#"id="confirm""#), "{confirm}");
    let res = app.portal_post(&bank, &format!("/api-keys/{key_id}/deactivate"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.portal_get(&bank, &location(&res)).await;
    assert!(page.contains("The API key has been deactivated."), "{page}");
    assert_eq!(element(&page, "key-state").as_deref(), Some("Deactivated"), "{page}");
    assert!(!page.contains(r#"id="action-deactivate""#));
    assert!(!app.services.verify_api_key(&verifier(), Some(&key)).await.unwrap().valid);
    let (_, list) = app.portal_get(&bank, "/api-keys?status=deactivated").await;
    assert_eq!(key_ids(&list), [key_id]);
    let (_, list) = app.portal_get(&bank, "/api-keys?status=activated").await;
    assert!(key_ids(&list).is_empty());
}

#[tokio::test]
async fn a_rotated_key_keeps_the_old_one_until_the_chosen_day() {
    let w = world().await;
    let app = &w.app;
    let (bank, request) = granted(&w, "bank-one").await;
    let first = shown_key(&generate(&w, &bank, &request, "first").await.text().await.unwrap());
    let old_id = app.services.verify_api_key(&verifier(), Some(&first)).await.unwrap().key_id;

    let (status, form) = app.portal_get(&bank, &format!("/api-keys/{old_id}/rotate")).await;
    assert_eq!(status, StatusCode::OK);
    let in_a_week = (app.services.now() + Duration::days(7)).format("%Y-%m-%d").to_string();
    assert!(form.contains(&format!(r#"type="date" value="{in_a_week}""#)), "{form}");
    let yesterday = (app.services.now() - Duration::days(1)).format("%Y-%m-%d").to_string();
    let res = app
        .portal_post(
            &bank,
            &format!("/api-keys/{old_id}/rotate"),
            &[("label", "second"), ("oldValidUntil", &yesterday)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(element(&page, "oldValidUntil-error").unwrap().contains("future"), "{page}");
    let res = app
        .portal_post(&bank, &format!("/api-keys/{old_id}/rotate"), &[("label", "second"), ("oldValidUntil", "soon")])
        .await;
    assert!(element(&res.text().await.unwrap(), "oldValidUntil-error").is_some());

    let until = (app.services.now() + Duration::days(2)).format("%Y-%m-%d").to_string();
    let res = app
        .portal_post(&bank, &format!("/api-keys/{old_id}/rotate"), &[("label", "second"), ("oldValidUntil", &until)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[reqwest::header::CACHE_CONTROL], "no-store");
    let second = shown_key(&res.text().await.unwrap());
    assert_ne!(second, first);
    let new_id = app.services.verify_api_key(&verifier(), Some(&second)).await.unwrap().key_id;
    let (_, page) = app.portal_get(&bank, &format!("/api-keys/{old_id}")).await;
    assert_eq!(element(&page, "key-state").as_deref(), Some("Expiring soon"), "{page}");
    assert!(page.contains(&format!(r#"href="/api-keys/{new_id}" id="replaced-by""#)), "{page}");
    assert!(page.contains(&format!("{until} 23:59 UTC")), "{page}");

    // Past that day the old key has expired; the new one works.
    app.clock.advance(Duration::days(3));
    let bank = app.portal_login("bank-one", USER_PASSWORD).await;
    let (status, page) = app.portal_get(&bank, &format!("/api-keys/{old_id}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(element(&page, "key-state").as_deref(), Some("Expired"), "{page}");
    assert!(!app.services.verify_api_key(&verifier(), Some(&first)).await.unwrap().valid);
    assert!(app.services.verify_api_key(&verifier(), Some(&second)).await.unwrap().valid);
}

#[tokio::test]
async fn a_partner_sees_and_touches_only_its_own_requests_and_keys() {
    let w = world().await;
    let app = &w.app;
    let (one, request) = granted(&w, "bank-one").await;
    let key = shown_key(&generate(&w, &one, &request, "production").await.text().await.unwrap());
    let key_id = app.services.verify_api_key(&verifier(), Some(&key)).await.unwrap().key_id;
    let two = partner(&w, "bank-two").await;

    let (_, page) = app.portal_get(&two, "/policy-requests").await;
    assert!(request_ids(&page).is_empty(), "{page}");
    assert!(!page.contains(r#"<option value="bank-one""#), "{page}");
    let (_, page) = app.portal_get(&two, "/api-keys").await;
    assert!(key_ids(&page).is_empty(), "{page}");
    assert!(!page.contains(&request), "another partner's grant is not offered: {page}");
    let (status, _) = app.portal_get(&two, &format!("/api-keys/{key_id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.portal_get(&two, &format!("/api-keys/{key_id}/deactivate")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let res = app.portal_post(&two, &format!("/api-keys/{key_id}/deactivate"), &[]).await;
    assert_ne!(res.status(), StatusCode::SEE_OTHER);
    let res = app.portal_post(&two, &format!("/api-keys/{key_id}/rotate"), &[("label", "mine now")]).await;
    assert_ne!(res.status(), StatusCode::OK);
    assert!(!res.text().await.unwrap().contains(r#"id="api-key-value""#));
    // A key for bank-one's grant, asked by bank-two, is refused at the policy.
    let res = generate(&w, &two, &request, "stolen").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(page.contains(r#"id="error-summary""#) && !page.contains(r#"id="api-key-value""#), "{page}");
    // Requests in another partner's name, and the admin's decisions, are refused.
    let res = request_policy(&w, &two, "bank-one", "on behalf").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(element(&res.text().await.unwrap(), "partnerId-error").is_some());
    let (status, _) = app.portal_get(&two, &format!("/policy-requests/{request}/reject")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let res = app.portal_post(&two, &format!("/policy-requests/{request}/reject"), &[("reason", "no")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    assert!(app.services.verify_api_key(&verifier(), Some(&key)).await.unwrap().valid);
    let (_, page) = app.portal_get(&one, "/policy-requests").await;
    assert!(page.contains("badge-approved"), "{page}");

    // The admin deactivates any key, behind the same confirmation.
    let (_, page) = app.portal_get(&w.admin, "/api-keys?partnerId=bank-one&apiKeyLabel=prod").await;
    assert_eq!(key_ids(&page), std::slice::from_ref(&key_id));
    assert!(!page.contains(&format!("/api-keys/{key_id}/rotate")), "the admin does not rotate: {page}");
    let res = app.portal_post(&w.admin, &format!("/api-keys/{key_id}/deactivate"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(!app.services.verify_api_key(&verifier(), Some(&key)).await.unwrap().valid);
}
