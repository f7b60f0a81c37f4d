//! The portal's event pages and the notifications bell, driven as a browser without JavaScript
//! would: the Partner Admin adds a webhook through the form (a bad one is refused field by field),
//! reads the delivery log with a failed delivery and its error, retries it and replays events; a
//! partner sees the bell count once approved, reads the notification and marks it read; nobody
//! else reaches the admin pages; the audit trail downloads as JSON Lines. Deliveries are made by
//! `app.deliver()`, never by waiting.

mod common;

use chrono::Duration;
use common::*;
use pms_domain::roles::{AUTH_PARTNER, POLICYMANAGER};
use pms_domain::Clock;
use reqwest::StatusCode;
use serde_json::{json, Value};

const TOPIC: &str = "POLICY_UPDATED";
const SECRET: &str = "a-long-enough-shared-secret";

fn location(res: &reqwest::Response) -> String {
    res.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// The text of the element with this id (first match, up to its first closing tag).
fn element(page: &str, id: &str) -> Option<String> {
    let re = regex::Regex::new(&format!(r#"(?s)id="{id}"[^>]*>(.*?)</"#)).unwrap();
    re.captures(page).map(|c| c[1].trim().to_string())
}

/// Ids of the rows `<tr id="{prefix}-…">` of a list page, in order.
fn row_ids(page: &str, prefix: &str) -> Vec<String> {
    let re = regex::Regex::new(&format!(r#"<tr id="{prefix}-([\w-]+)""#)).unwrap();
    re.captures_iter(page).map(|c| c[1].to_string()).collect()
}

/// The HTML of one row, from its `<tr>` to its `</tr>`.
fn row<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!(r#"<tr id="{id}""#)).unwrap_or_else(|| panic!("no row {id} in {page}"));
    let end = page[start..].find("</tr>").map_or(page.len(), |e| start + e);
    &page[start..end]
}

/// A URL on which nothing listens: the port of a listener that is closed again.
async fn closed_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/hook")
}

async fn add_webhook(app: &TestApp, admin: &PortalUser, url: &str, topics: &[&str], secret: &str) -> reqwest::Response {
    let mut fields = vec![("url", url), ("secret", secret), ("description", "Bank notifications")];
    fields.extend(topics.iter().map(|t| ("topics", *t)));
    app.portal_post(admin, "/admin/webhooks", &fields).await
}

/// Webhooks stored, as the API lists them.
async fn stored_webhooks(app: &TestApp) -> Vec<Value> {
    let token = app.admin_token().await;
    let (status, body) = app.get("/v1/pms/webhooks?pageNo=0&pageSize=100", &token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["response"]["data"].as_array().cloned().unwrap_or_default()
}

/// A published policy: one POLICY_UPDATED event for each subscriber.
async fn publish_policy(app: &TestApp, name: &str) {
    let token = app.admin_token().await;
    let group = app.create_group(&token, &format!("{name} group")).await;
    let policy = app.create_policy(&token, &format!("{name} group"), name, "Auth").await;
    let (status, body) =
        app.post(&format!("/v1/policymanager/policies/{policy}/group/{group}/publish"), &token, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// A `datetime-local` value, as the replay form sends one.
fn local_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

#[tokio::test]
async fn the_admin_adds_a_webhook_through_the_form_and_removes_it() {
    let app = TestApp::spawn().await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let (status, page) = app.portal_get(&admin, "/admin/webhooks").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains(r#"href="/admin/webhooks" aria-current="page">Events</a>"#), "the navigation leads here");
    assert!(page.contains(r#"id="empty-state""#), "{page}");
    for topic in ["PARTNER_UPDATED", "POLICY_UPDATED", "CA_CERTIFICATE_UPLOADED", "APIKEY_APPROVED", "APIKEY_UPDATED"] {
        assert!(page.contains(&format!(r#"name="topics" value="{topic}""#)), "{topic} offered");
    }

    // A URL that is not http(s) and a short secret: both reported at their field, nothing stored.
    let res = add_webhook(&app, &admin, "ftp://bank.example/hook", &[TOPIC], "short").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(page.contains(r#"aria-invalid="true" aria-describedby="url-error url-hint""#), "{page}");
    assert!(page.contains(r#"aria-invalid="true" aria-describedby="secret-error secret-hint""#), "{page}");
    assert_eq!(
        element(&page, "url-error").as_deref(),
        Some("Give an absolute http or https URL, without a user name or password.")
    );
    assert_eq!(element(&page, "secret-error").as_deref(), Some("The secret must be 16 to 200 characters."));
    assert!(page.contains("There are 2 problems with this form"), "{page}");
    // What was typed comes back, except the secret.
    assert!(page.contains(r#"value="ftp://bank.example/hook""#));
    assert!(page.contains(r#"name="topics" value="POLICY_UPDATED" id="topic-POLICY_UPDATED" checked"#), "{page}");
    assert!(!page.contains(r#"value="short""#), "the secret is not sent back");
    // No topic, and a URL with a password.
    let res = add_webhook(&app, &admin, "https://user:pw@bank.example/hook", &[], SECRET).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert_eq!(element(&page, "topics-error").as_deref(), Some("This field is required."), "{page}");
    assert!(page.contains(r#"id="topics" aria-invalid="true" aria-describedby="topics-error""#), "{page}");
    assert!(element(&page, "url-error").is_some());
    assert!(stored_webhooks(&app).await.is_empty(), "a refused form stores nothing");

    // A good one.
    let res = add_webhook(&app, &admin, "https://bank.example/pms-events", &[TOPIC, "PARTNER_UPDATED"], SECRET).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin/webhooks?done=webhook-added");
    let (_, page) = app.portal_get(&admin, &location(&res)).await;
    assert!(page.contains("The webhook has been added."), "{page}");
    let ids = row_ids(&page, "webhook");
    assert_eq!(ids.len(), 1, "{page}");
    let hook = &ids[0];
    let listed = row(&page, &format!("webhook-{hook}"));
    assert!(listed.contains("https://bank.example/pms-events"), "{listed}");
    assert!(listed.contains("<code>PARTNER_UPDATED</code>") && listed.contains("<code>POLICY_UPDATED</code>"));
    assert!(listed.contains("Bank notifications") && listed.contains(">admin</bdi>"), "{listed}");
    assert!(listed.contains(&format!(r#"href="/admin/deliveries?kind=webhook&#38;targetId={hook}""#)), "{listed}");
    assert!(!page.contains(SECRET), "the secret is never shown");
    assert_eq!(stored_webhooks(&app).await.len(), 1);

    // Removal asks first, then removes.
    let (status, confirm) = app.portal_get(&admin, &format!("/admin/webhooks/{hook}/remove")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(confirm.contains("Events are no longer sent to https://bank.example/pms-events."), "{confirm}");
    assert!(confirm.contains(&format!(r#"action="/admin/webhooks/{hook}/remove""#)));
    assert_eq!(stored_webhooks(&app).await.len(), 1, "asking removes nothing");
    let forged = app
        .raw(reqwest::Method::POST, &format!("/admin/webhooks/{hook}/remove"))
        .header(reqwest::header::COOKIE, &admin.cookie)
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("csrf=forged-token-of-another-page")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let res = app.portal_post(&admin, &format!("/admin/webhooks/{hook}/remove"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin/webhooks?done=webhook-removed");
    let (_, page) = app.portal_get(&admin, &location(&res)).await;
    assert!(page.contains("The webhook has been removed.") && row_ids(&page, "webhook").is_empty(), "{page}");
    assert!(stored_webhooks(&app).await.is_empty());
    let (status, _) = app.portal_get(&admin, &format!("/admin/webhooks/{hook}/remove")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_failed_delivery_is_in_the_log_with_its_error_and_is_retried_and_replayed() {
    // One attempt: the first failure is a dead letter.
    let app = TestApp::spawn_with(|c| c.delivery_max_attempts = 1).await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let url = closed_url().await;
    assert_eq!(add_webhook(&app, &admin, &url, &[TOPIC], SECRET).await.status(), StatusCode::SEE_OTHER);
    let hook = stored_webhooks(&app).await[0]["id"].as_str().unwrap().to_string();
    let (_, page) = app.portal_get(&admin, "/admin/deliveries").await;
    assert!(row_ids(&page, "delivery").is_empty(), "nothing happened yet");
    assert_eq!(element(&page, "oldest-due").as_deref(), Some("Nothing is waiting."));

    let started = app.clock.now();
    publish_policy(&app, "KYC for banks").await;
    let (_, page) = app.portal_get(&admin, "/admin/deliveries?kind=webhook").await;
    let ids = row_ids(&page, "delivery");
    assert_eq!(ids.len(), 1, "one event of the topic: {page}");
    let delivery = ids[0].clone();
    let waiting = row(&page, &format!("delivery-{delivery}"));
    assert!(waiting.contains(">Pending</span>") && waiting.contains(r#"class="attempts">0<"#), "{waiting}");
    assert_eq!(element(&page, "pending-webhook").as_deref(), Some("1"), "the queue counts it");
    assert!(element(&page, "oldest-due").unwrap().starts_with("Oldest delivery due since"));

    app.deliver().await;
    let (status, page) = app.portal_get(&admin, "/admin/deliveries?kind=webhook&status=dead").await;
    assert_eq!(status, StatusCode::OK);
    let failed = row(&page, &format!("delivery-{delivery}"));
    assert!(failed.contains(">Dead letter</span>") && failed.contains(r#"class="attempts">1<"#), "{failed}");
    assert!(failed.contains(&url) && failed.contains(&hook), "target and subscriber shown: {failed}");
    let error = regex::Regex::new(r#"class="reason last-error">([^<]+)<"#).unwrap();
    assert!(error.captures(failed).is_some_and(|c| !c[1].trim().is_empty()), "the error is shown: {failed}");
    assert!(failed.contains(&format!(r#"id="retry-{delivery}""#)), "a dead letter can be retried");
    assert_eq!(element(&page, "dead-webhook").as_deref(), Some("1"), "{page}");
    assert!(page.contains(r#"<option value="dead" selected>"#), "the filter is kept");

    // The webhook's own rows, and another subscriber's (none).
    let (_, mine) = app.portal_get(&admin, &format!("/admin/deliveries?kind=webhook&targetId={hook}")).await;
    assert_eq!(row_ids(&mine, "delivery"), vec![delivery.as_str()]);
    let (_, other) = app.portal_get(&admin, "/admin/deliveries?targetId=some-other-webhook").await;
    assert!(row_ids(&other, "delivery").is_empty());
    let (status, bad) = app.portal_get(&admin, "/admin/deliveries?kind=pigeon").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(element(&bad, "log-error").is_some(), "{bad}");

    // Retry from the page: back in the queue with a fresh count, on the same page of the log.
    let back = "/admin/deliveries?kind=webhook&status=dead";
    let res = app.portal_post(&admin, &format!("/admin/deliveries/{delivery}/retry"), &[("back", back)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin/deliveries?kind=webhook&status=dead&done=delivery-retried");
    let (_, page) = app.portal_get(&admin, "/admin/deliveries?kind=webhook&done=delivery-retried").await;
    assert!(page.contains("The delivery is back in the queue"), "{page}");
    let retried = row(&page, &format!("delivery-{delivery}"));
    assert!(retried.contains(">Pending</span>") && retried.contains(r#"class="attempts">0<"#), "{retried}");
    let res = app.portal_post(&admin, "/admin/deliveries/no-such-delivery/retry", &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Replay: the range's problems at their fields, then the event queued again for the webhook.
    let res = app.portal_post(&admin, "/admin/deliveries/replay", &[("from", ""), ("topic", TOPIC)]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert_eq!(element(&page, "from-error").as_deref(), Some("This field is required."), "{page}");
    let res = app.portal_post(&admin, "/admin/deliveries/replay", &[("from", "yesterday")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert_eq!(element(&page, "from-error").as_deref(), Some("A date is not valid: use the date and time fields."));
    assert!(page.contains(r#"value="yesterday""#), "what was typed comes back");
    let later = local_time(started + Duration::hours(1));
    let res =
        app.portal_post(&admin, "/admin/deliveries/replay", &[("from", &later), ("to", &local_time(started))]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert_eq!(element(&page, "to-error").as_deref(), Some("The start of the period must be before its end."));

    let from = local_time(started - Duration::minutes(1));
    let res = app
        .portal_post(&admin, "/admin/deliveries/replay", &[("from", &from), ("topic", TOPIC), ("webhookId", &hook)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin/deliveries?done=events-replayed&replayed=1");
    let (_, page) = app.portal_get(&admin, &location(&res)).await;
    assert_eq!(element(&page, "replay-result").as_deref(), Some("1 delivery was queued."), "{page}");
    assert!(page.contains("The events of that period have been queued again."));
    assert_eq!(row_ids(&page, "delivery").len(), 2, "the retried row and the replayed one: {page}");
    let res =
        app.portal_post(&admin, "/admin/deliveries/replay", &[("from", &from), ("topic", "APIKEY_UPDATED")]).await;
    let (_, page) = app.portal_get(&admin, &location(&res)).await;
    assert_eq!(
        element(&page, "replay-result").as_deref(),
        Some("No delivery was queued: no event of that period has a subscriber.")
    );
}

/// A partner `id` that registered through the API (the admin has not decided yet), logged in.
async fn registered_partner(app: &TestApp, id: &str) -> PortalUser {
    let token = app.user_with_roles(id, &[AUTH_PARTNER]).await;
    let request = json!({"partnerId": id, "organizationName": format!("{id} bank"), "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": format!("contact@{id}.example"), "partnerType": "Auth_Partner",
        "policyGroup": "Banking", "langCode": "eng"});
    let (_, body) = app.post("/v1/partnermanager/partners", &token, legacy(request)).await;
    assert_eq!(error_code(&body), None, "{body}");
    app.portal_login(id, USER_PASSWORD).await
}

#[tokio::test]
async fn a_partner_sees_the_bell_count_reads_the_notification_and_marks_it_read() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    app.create_group(&token, "Banking").await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let bank = registered_partner(&app, "bank-one").await;
    // Registering may have told the partner something already: the approval adds one.
    let (_, page) = app.portal_get(&bank, "/profile").await;
    let before: u64 = element(&page, "bell-count").map_or(0, |n| n.parse().unwrap());

    let res = app.portal_post(&admin, "/partners/bank-one/approve", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let unread = before + 1;
    let (_, page) = app.portal_get(&bank, "/profile").await;
    assert_eq!(element(&page, "bell-count"), Some(unread.to_string()), "{page}");
    let label =
        if unread == 1 { "1 unread notification".to_string() } else { format!("{unread} unread notifications") };
    assert!(page.contains(&format!(r#"id="bell" aria-label="{label}""#)), "{page}");
    let (_, other) = app.portal_get(&admin, "/").await;
    assert!(!other.contains(r#"id="bell-count""#), "the partner's notifications are the partner's");

    let (status, page) = app.portal_get(&bank, "/notifications").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"href="/notifications" id="bell""#) && page.contains(r#"aria-current="page""#));
    let unread_items = regex::Regex::new(r#"<li class="card notification unread" id="notification-([\w-]+)""#).unwrap();
    assert_eq!(unread_items.captures_iter(&page).count() as u64, unread, "{page}");
    let newest = page.find(r#"class="notification-subject""#).map(|i| &page[i..]).unwrap_or_default();
    assert!(newest.starts_with(r#"class="notification-subject"><span class="badge badge-new">New</span> Your partner registration is approved"#), "newest first: {page}");
    assert!(page.contains(r#"id="mark-all-read""#));
    let (_, again) = app.portal_get(&bank, "/profile").await;
    assert_eq!(element(&again, "bell-count"), Some(unread.to_string()), "reading the page marks nothing");
    let (_, mine) = app.portal_get(&admin, "/notifications").await;
    assert!(!mine.contains("Your partner registration is approved") && mine.contains(r#"id="empty-state""#));

    // Marking needs the session's token.
    let forged = app
        .raw(reqwest::Method::POST, "/notifications/read")
        .header(reqwest::header::COOKIE, &bank.cookie)
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("csrf=")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let res = app.portal_post(&bank, "/notifications/read", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/notifications?done=notifications-read");
    let (_, page) = app.portal_get(&bank, &location(&res)).await;
    assert!(page.contains("All your notifications are marked as read."), "{page}");
    assert!(!page.contains(r#"id="bell-count""#) && !page.contains(r#"id="mark-all-read""#), "{page}");
    assert!(page.contains(r#"id="bell" aria-label="Notifications""#), "a bell without a number: {page}");
    assert!(page.contains(r#"<li class="card notification" id="notification-"#), "still listed, read: {page}");
    assert!(page.contains("Your partner registration is approved"));

    // The approval's e-mail went through the queue; a delivered e-mail has no retry button.
    app.deliver().await;
    let (_, log) = app.portal_get(&admin, "/admin/deliveries?kind=email&status=delivered").await;
    let ids = row_ids(&log, "delivery");
    assert!(!ids.is_empty(), "{log}");
    assert!(row(&log, &format!("delivery-{}", ids[0])).contains(">Delivered</span>"));
    assert!(!log.contains(r#"id="retry-"#), "{log}");
}

#[tokio::test]
async fn only_the_partner_admin_reaches_the_event_pages() {
    let app = TestApp::spawn().await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    assert_eq!(
        add_webhook(&app, &admin, "https://bank.example/hook", &[TOPIC], SECRET).await.status(),
        StatusCode::SEE_OTHER
    );
    let hook = stored_webhooks(&app).await[0]["id"].as_str().unwrap().to_string();
    app.user_with_roles("policy-maker", &[POLICYMANAGER]).await;
    let other = app.portal_login("policy-maker", USER_PASSWORD).await;
    let (_, home) = app.portal_get(&other, "/").await;
    assert!(!home.contains(r#"href="/admin/webhooks""#), "no Events link for them");
    assert!(home.contains(r#"id="bell""#), "but a bell");
    for path in [
        "/admin/webhooks",
        "/admin/deliveries",
        "/admin/websub",
        &format!("/admin/webhooks/{hook}/remove"),
        "/audit.jsonl",
    ] {
        let (status, _) = app.portal_get(&other, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let posts: [(&str, Vec<(&str, &str)>); 4] = [
        ("/admin/webhooks", vec![("url", "https://evil.example/hook"), ("topics", TOPIC), ("secret", SECRET)]),
        (&format!("/admin/webhooks/{hook}/remove"), vec![]),
        ("/admin/deliveries/replay", vec![("from", "2020-01-01T00:00")]),
        ("/admin/deliveries/any/retry", vec![]),
    ];
    for (path, fields) in &posts {
        let res = app.portal_post(&other, path, fields).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(stored_webhooks(&app).await.len(), 1, "nothing added or removed");
    let (status, _) = app.portal_get(&other, "/notifications").await;
    assert_eq!(status, StatusCode::OK, "notifications are everyone's");

    // Without a session: the login page.
    let res = app.raw(reqwest::Method::GET, "/admin/deliveries").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/login?next=%2Fadmin%2Fdeliveries"), "{}", location(&res));
    let res = app.raw(reqwest::Method::GET, "/notifications").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // The admin's hub page, empty.
    let (status, page) = app.portal_get(&admin, "/admin/websub").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("No subscriber yet.") && page.contains(r#"id="tab-websub" aria-current="page""#), "{page}");
}

#[tokio::test]
async fn the_audit_trail_downloads_as_json_lines_with_the_pages_filters() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    for name in ["Banking", "Telecom", "Health"] {
        app.create_group(&token, name).await;
    }
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let (_, page) = app.portal_get(&admin, "/audit?entityType=policy_group").await;
    assert!(page.contains(r#"href="/audit.jsonl?entityType=policy_group" id="audit-jsonl" download"#), "{page}");

    let res = app.portal_get_raw(&admin, "/audit.jsonl?entityType=policy_group").await;
    assert_eq!(res.status(), StatusCode::OK);
    let header = |name: reqwest::header::HeaderName| {
        res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
    };
    assert_eq!(header(reqwest::header::CONTENT_TYPE), "application/x-ndjson");
    assert_eq!(header(reqwest::header::CONTENT_DISPOSITION), r#"attachment; filename="audit.jsonl""#);
    assert_eq!(header(reqwest::header::CACHE_CONTROL), "no-store");
    let text = res.text().await.unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON value per line ({e}): {l}")))
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(text.ends_with('\n'));
    for line in &lines {
        assert!(line.is_object(), "{line}");
        assert_eq!(line["entityType"], "policy_group", "{line}");
        assert_eq!(line["action"], "policy_group.create", "{line}");
        assert_eq!(line["actor"], "admin");
    }
    let names: Vec<&str> = lines.iter().filter_map(|l| l["entityName"].as_str()).collect();
    assert_eq!(names, ["Health", "Telecom", "Banking"], "newest first");

    let (status, page) = app.portal_get(&admin, "/audit.jsonl?from=not-a-date").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
}
