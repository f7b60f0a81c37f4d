//! The device-provider and FTM-provider pages of the portal, driven as a browser without
//! JavaScript would: a provider registers an SBI (mistakes shown next to their fields), the
//! Partner Admin approves it from the approvals page with a reason the provider is told, devices
//! are added and decided, deactivating the SBI takes its devices along; an FTM provider adds a
//! chip, uploads its certificate (pasted or as a file), the admin decides, both copies download.
//! Nobody reaches another provider's items.

mod common;

use chrono::Duration;
use common::*;
use pms_domain::roles::{DEVICE_PROVIDER, FTM_PROVIDER};
use pms_testkit::pki::{Authority, Subject};
use reqwest::StatusCode;
use serde_json::json;

fn location(res: &reqwest::Response) -> String {
    res.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// The text of the element with this id (first match, up to its first inner tag's end).
fn element(page: &str, id: &str) -> Option<String> {
    let re = regex::Regex::new(&format!(r#"(?s)id="{id}"[^>]*>(.*?)</"#)).unwrap();
    re.captures(page).map(|c| c[1].trim().to_string())
}

/// Ids of the rows `<tr id="{prefix}-…">` of a page, in order.
fn row_ids(page: &str, prefix: &str) -> Vec<String> {
    let re = regex::Regex::new(&format!(r#"<tr id="{prefix}-([\w-]+)""#)).unwrap();
    re.captures_iter(page).map(|c| c[1].to_string()).collect()
}

/// The inputs marked invalid, each with the message describing it.
fn field_errors(page: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"<span class="field-error" id="([\w-]+)-error""#).unwrap();
    re.captures_iter(page).map(|c| c[1].to_string()).collect()
}

struct World {
    app: TestApp,
    admin: PortalUser,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    World { app, admin }
}

/// An approved partner `id` of `partner_type` for a new login with `role`, logged in to the portal.
async fn provider(w: &World, id: &str, role: &str, partner_type: &str, org: &str) -> PortalUser {
    let token = w.app.user_with_roles(id, &[role]).await;
    let request = json!({"partnerId": id, "organizationName": org, "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": format!("contact@{id}.example"), "partnerType": partner_type,
        "langCode": "eng"});
    let (_, body) = w.app.post("/v1/partnermanager/partners", &token, legacy(request)).await;
    assert_eq!(error_code(&body), None, "{body}");
    let res = w.app.portal_post(&w.admin, &format!("/partners/{id}/approve"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    w.app.portal_login(id, USER_PASSWORD).await
}

fn day(app: &TestApp, days: i64) -> String {
    (app.services.now() + Duration::days(days)).format("%Y-%m-%d").to_string()
}

/// Posts the SBI form; answers the new SBI's id.
async fn create_sbi(w: &World, user: &PortalUser, partner: &str, version: &str) -> String {
    let (created, expiry) = (day(&w.app, 0), day(&w.app, 365));
    let res = w
        .app
        .portal_post(
            user,
            "/sbis",
            &[
                ("providerId", partner),
                ("swVersion", version),
                ("swBinaryHash", "3f1c0a9e"),
                ("swCreateDateTime", &created),
                ("swExpiryDateTime", &expiry),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    let to = location(&res);
    assert!(to.ends_with("?done=sbi-created"), "{to}");
    to.trim_start_matches("/sbis/").split('?').next().unwrap().to_string()
}

async fn add_device(w: &World, user: &PortalUser, sbi: &str, make: &str, model: &str) -> reqwest::Response {
    w.app
        .portal_post(
            user,
            &format!("/sbis/{sbi}/devices"),
            &[("deviceTypeCode", "Finger"), ("deviceSubTypeCode", "Slap"), ("make", make), ("model", model)],
        )
        .await
}

#[tokio::test]
async fn a_device_provider_registers_an_sbi_and_devices_that_the_admin_decides() {
    let w = world().await;
    let app = &w.app;
    let dp = provider(&w, "scan-corp", DEVICE_PROVIDER, "Device_Provider", "Scan Corp").await;

    // The dashboard leads to the SBIs; the list starts empty, with the way to the form.
    let (status, _) = app.portal_get(&dp, "/").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the terms first");
    app.portal_post(&dp, "/consent", &[("accept", "yes")]).await;
    let (_, home) = app.portal_get(&dp, "/").await;
    assert!(home.contains(r#"href="/sbis" id="card-devices-scan-corp""#), "{home}");
    assert!(home.contains(r#"<a href="/sbis">"#), "the navigation has the SBIs: {home}");
    let (status, page) = app.portal_get(&dp, "/sbis").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"id="empty-state""#) && page.contains(r#"href="/sbis/new""#), "{page}");
    let (status, form) = app.portal_get(&dp, "/sbis/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains(r#"<option value="scan-corp" selected>"#), "{form}");

    // Every mistake at once, next to its field; nothing is stored.
    let res = app
        .portal_post(
            &dp,
            "/sbis",
            &[
                ("providerId", "scan-corp"),
                ("swVersion", ""),
                ("swBinaryHash", ""),
                ("swCreateDateTime", &day(app, 0)),
                ("swExpiryDateTime", "31/12/2030"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert_eq!(field_errors(&page), ["swVersion", "swBinaryHash", "swExpiryDateTime"], "{page}");
    assert!(element(&page, "swExpiryDateTime-error").unwrap().contains("year-month-day"), "{page}");
    assert!(page.contains(r#"value="31/12/2030""#), "what was typed stays");
    let future = [
        ("providerId", "scan-corp"),
        ("swVersion", "1.0.0"),
        ("swBinaryHash", "3f1c0a9e"),
        ("swCreateDateTime", &day(app, 2)),
        ("swExpiryDateTime", &day(app, 30)),
    ];
    let res = app.portal_post(&dp, "/sbis", &future).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(element(&page, "swCreateDateTime-error").unwrap().contains("future"), "{page}");
    let res = app
        .portal_post(
            &dp,
            "/sbis",
            &[
                ("providerId", "scan-corp"),
                ("swVersion", "1.0.0"),
                ("swBinaryHash", "3f1c0a9e"),
                ("swCreateDateTime", &day(app, 0)),
                ("swExpiryDateTime", &day(app, 0)),
            ],
        )
        .await;
    let page = res.text().await.unwrap();
    assert!(element(&page, "swExpiryDateTime-error").unwrap().contains("after today"), "{page}");

    // Registered, it waits for the admin; no device can be added yet.
    let sbi = create_sbi(&w, &dp, "scan-corp", "1.0.0").await;
    let (_, page) = app.portal_get(&dp, &format!("/sbis/{sbi}?done=sbi-created")).await;
    assert!(page.contains("The SBI has been submitted."), "{page}");
    assert_eq!(element(&page, "sbi-status").as_deref(), Some("Waiting for approval"));
    assert!(element(&page, "add-blocked").unwrap().contains("approved this SBI"), "{page}");
    assert!(!page.contains(r#"id="approve-sbi""#), "providers do not decide");
    let (status, _) = app.portal_get(&dp, &format!("/sbis/{sbi}/approve")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let res = app.portal_post(&dp, &format!("/sbis/{sbi}/approve"), &[("reason", "")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The same version twice is refused at the version.
    let res = app
        .portal_post(
            &dp,
            "/sbis",
            &[
                ("providerId", "scan-corp"),
                ("swVersion", "1.0.0"),
                ("swBinaryHash", "aa"),
                ("swCreateDateTime", &day(app, 0)),
                ("swExpiryDateTime", &day(app, 10)),
            ],
        )
        .await;
    let page = res.text().await.unwrap();
    assert!(element(&page, "swVersion-error").unwrap().contains("already has an SBI of this version"), "{page}");

    // The admin sees it waiting, on the dashboard, the approvals page and the SBI list.
    let (_, home) = app.portal_get(&w.admin, "/").await;
    assert_eq!(element(&home, "count-pending-sbis").as_deref(), Some("<strong>1"), "{home}");
    assert!(home.contains(r#"href="/approvals" id="count-approvals""#));
    let (status, approvals) = app.portal_get(&w.admin, "/approvals").await;
    assert_eq!(status, StatusCode::OK);
    assert!(approvals.contains(&format!(r#"href="/sbis/{sbi}/approve""#)), "{approvals}");
    assert!(approvals.contains(r#"id="count-sbis"><strong>1</strong>"#), "{approvals}");
    assert!(approvals.contains(r#"id="count-devices"><strong>0</strong>"#), "{approvals}");
    let (_, list) = app.portal_get(&w.admin, "/sbis").await;
    assert_eq!(row_ids(&list, "sbi"), [sbi.as_str()], "pending first for the admin: {list}");
    assert!(list.contains(r#"<option value="pending_approval" selected>"#), "{list}");

    // Rejecting needs a reason; approving takes one, which the provider reads.
    let res = app.portal_post(&w.admin, &format!("/sbis/{sbi}/reject"), &[("reason", " ")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(element(&res.text().await.unwrap(), "reason-error").unwrap().contains("Say why"));
    let (status, confirm) = app.portal_get(&w.admin, &format!("/sbis/{sbi}/approve")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(confirm.contains(r#"id="decide-notice""#) && confirm.contains("1.0.0"), "{confirm}");
    let res = app.portal_post(&w.admin, &format!("/sbis/{sbi}/approve"), &[("reason", "Checked the hash")]).await;
    assert_eq!(location(&res), format!("/sbis/{sbi}?done=sbi-approve"));
    let mails: Vec<String> = app.mailbox().await.iter().map(|m| qp_decode(m)).collect();
    let told = mails.iter().find(|m| m.contains("Checked the hash")).expect("the provider's e-mail");
    assert!(told.contains("approved the SBI 1.0.0 of partner scan-corp"), "{told}");
    let (_, again) = app.portal_get(&w.admin, &format!("/sbis/{sbi}/approve")).await;
    assert!(element(&again, "blocked").unwrap().contains("already approved"), "{again}");

    // Devices: mistakes next to their fields, then two devices waiting.
    let res = w
        .app
        .portal_post(
            &dp,
            &format!("/sbis/{sbi}/devices"),
            &[("deviceTypeCode", "Finger"), ("deviceSubTypeCode", "Double"), ("make", ""), ("model", "M1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert_eq!(field_errors(&page), ["make"], "{page}");
    let res = add_device(&w, &dp, &sbi, "ScanCo", "Finger Double").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = w
        .app
        .portal_post(
            &dp,
            &format!("/sbis/{sbi}/devices"),
            &[("deviceTypeCode", "Finger"), ("deviceSubTypeCode", "Double"), ("make", "ScanCo"), ("model", "X")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "Double is an iris subtype");
    let page = res.text().await.unwrap();
    assert_eq!(field_errors(&page), ["deviceSubTypeCode"], "{page}");
    assert!(page.contains(r#"<option value="Finger" selected>"#), "the choice stays: {page}");
    let res = add_device(&w, &dp, &sbi, "ScanCo", "Finger Double").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "the same make and model twice");
    assert_eq!(field_errors(&res.text().await.unwrap()), ["model"]);
    assert_eq!(add_device(&w, &dp, &sbi, "ScanCo", "Slap 2").await.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.portal_get(&dp, &format!("/sbis/{sbi}")).await;
    let devices = row_ids(&page, "device");
    assert_eq!(devices.len(), 2, "{page}");
    assert_eq!(element(&page, "sbi-device-counts").as_deref(), Some("0 approved · 2 waiting"));

    // The admin approves one and rejects the other (with a reason), from the devices list.
    let (_, list) = app.portal_get(&w.admin, "/devices").await;
    assert_eq!(row_ids(&list, "device").len(), 2, "{list}");
    let (first, second) = (&devices[0], &devices[1]);
    let (_, confirm) = app.portal_get(&w.admin, &format!("/devices/{first}/approve?sbi={sbi}")).await;
    assert!(confirm.contains(&format!(r#"<input type="hidden" name="sbiId" value="{sbi}">"#)), "{confirm}");
    let res = app.portal_post(&w.admin, &format!("/devices/{first}/approve"), &[("sbiId", &sbi), ("reason", "")]).await;
    assert_eq!(location(&res), "/devices?done=device-approve");
    let res =
        app.portal_post(&w.admin, &format!("/devices/{second}/reject"), &[("sbiId", &sbi), ("reason", "Blurry")]).await;
    assert_eq!(location(&res), "/devices?done=device-reject");
    let (_, approvals) = app.portal_get(&w.admin, "/approvals").await;
    assert!(approvals.contains(r#"id="count-devices"><strong>0</strong>"#), "{approvals}");
    let (_, notes) = app.portal_get(&dp, "/notifications").await;
    assert!(notes.contains("Blurry"), "the provider is told: {notes}");

    // The provider's device list, with a filter.
    let (_, list) = app.portal_get(&dp, "/devices?status=approved").await;
    assert_eq!(row_ids(&list, "device"), [first.as_str()], "{list}");
    assert!(list.contains(&format!(r#"href="/devices/{first}/deactivate""#)), "{list}");

    // Deactivating the SBI says what happens to its devices, then does it.
    assert_eq!(add_device(&w, &dp, &sbi, "ScanCo", "Third").await.status(), StatusCode::SEE_OTHER);
    let (status, confirm) = app.portal_get(&dp, &format!("/sbis/{sbi}/deactivate")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        element(&confirm, "decide-notice")
            .unwrap()
            .contains("1 approved devices will be deactivated and 1 devices waiting for approval will be rejected"),
        "{confirm}"
    );
    let res = app.portal_post(&dp, &format!("/sbis/{sbi}/deactivate"), &[]).await;
    assert_eq!(location(&res), format!("/sbis/{sbi}?done=sbi-deactivate"));
    let (_, page) = app.portal_get(&dp, &format!("/sbis/{sbi}")).await;
    assert_eq!(element(&page, "sbi-status").as_deref(), Some("Deactivated"));
    assert_eq!(element(&page, &format!("device-status-{first}")).as_deref(), Some("Deactivated"), "{page}");
    assert!(element(&page, "add-blocked").unwrap().contains("no longer active"));
    assert!(page.contains(r#"id="sbi-history""#));
    let (_, list) = app.portal_get(&dp, "/devices?status=rejected").await;
    assert_eq!(row_ids(&list, "device").len(), 2, "the waiting one was rejected with the SBI: {list}");
}

#[tokio::test]
async fn lists_filter_sort_and_page_and_nobody_reaches_another_providers_items() {
    let w = world().await;
    let app = &w.app;
    let dp = provider(&w, "scan-corp", DEVICE_PROVIDER, "Device_Provider", "Scan Corp").await;
    let other = provider(&w, "iris-inc", DEVICE_PROVIDER, "Device_Provider", "Iris Inc").await;
    let mut mine = Vec::new();
    for n in 1..=12 {
        mine.push(create_sbi(&w, &dp, "scan-corp", &format!("1.{n:02}")).await);
    }
    let theirs = create_sbi(&w, &other, "iris-inc", "9.0").await;

    // Ten a page by default, sortable, the filters kept in the links.
    let (_, page) = app.portal_get(&dp, "/sbis?sortFieldName=sbiVersion&sortType=desc").await;
    assert_eq!(row_ids(&page, "sbi").len(), 10, "{page}");
    assert!(page.contains(r#"<th aria-sort="descending"><a href="/sbis?"#), "{page}");
    assert!(page.contains(r#"id="result-count">12 results"#), "{page}");
    assert!(page.contains(r#"rel="next""#));
    assert!(page.find(">1.12<").unwrap() < page.find(">1.11<").unwrap(), "newest version first");
    let (_, page) = app.portal_get(&dp, "/sbis?sbiVersion=1.1&pageSize=25").await;
    assert_eq!(row_ids(&page, "sbi").len(), 3, "1.10, 1.11, 1.12: {page}");
    let (_, page) = app.portal_get(&dp, "/sbis?sbiExpiryStatus=expired").await;
    assert!(row_ids(&page, "sbi").is_empty());

    // Another provider's SBI is refused, to see and to change; the admin sees everyone's.
    for path in [format!("/sbis/{theirs}"), format!("/sbis/{theirs}/deactivate")] {
        let (status, page) = app.portal_get(&dp, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(page.contains("belongs to another partner"), "{page}");
    }
    let res = app.portal_post(&dp, &format!("/sbis/{theirs}/deactivate"), &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.portal_post(&dp, &format!("/sbis/{theirs}/devices"), &[("make", "x")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, page) = app.portal_get(&dp, "/sbis?pageSize=25").await;
    assert!(!row_ids(&page, "sbi").contains(&theirs));
    let (status, _) = app.portal_get(&dp, "/sbis/no-such-sbi").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, page) = app.portal_get(&w.admin, "/sbis?status=all&partnerId=iris-inc").await;
    assert_eq!(row_ids(&page, "sbi"), [theirs.as_str()], "{page}");
    let (status, _) = app.portal_get(&w.admin, &format!("/sbis/{}", mine[0])).await;
    assert_eq!(status, StatusCode::OK);

    // Other roles have no business here; a post without the form's token is refused.
    let ftm = provider(&w, "chip-works", FTM_PROVIDER, "FTM_Provider", "Chip Works").await;
    for path in ["/sbis", "/sbis/new", "/devices", "/approvals"] {
        let (status, _) = app.portal_get(&ftm, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    for path in ["/chips/new", "/approvals"] {
        let (status, _) = app.portal_get(&dp, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let forged = PortalUser { cookie: dp.cookie.clone(), csrf: "forged-token-forged-token".into() };
    let res = app.portal_post(&forged, "/sbis", &[("providerId", "scan-corp")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // A year later every SBI has expired, and says so.
    app.clock.advance(Duration::days(400));
    let dp = app.portal_login("scan-corp", USER_PASSWORD).await;
    let (_, page) = app.portal_get(&dp, "/sbis?sbiExpiryStatus=expired&pageSize=25").await;
    assert_eq!(row_ids(&page, "sbi").len(), 12, "{page}");
    assert!(page.contains(r#"<span class="expiry expiry-expired">Expired</span>"#));
}

/// An FTM trust chain in the trust store, uploaded by the admin through its form.
async fn ftm_trust(w: &World) -> Authority {
    let now = w.app.services.now();
    let root = Authority::root(&Subject::new("FTM Root CA", "Chip Trust"), now);
    let issuing = root.intermediate(&Subject::new("FTM Issuing CA", "Chip Trust"), now);
    for pem in [&root.pem, &issuing.pem] {
        let res = w
            .app
            .portal_post(&w.admin, "/trust-store/upload", &[("partnerDomain", "FTM"), ("certificateData", pem)])
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    }
    issuing
}

#[tokio::test]
async fn an_ftm_provider_adds_a_chip_uploads_its_certificate_and_the_admin_decides() {
    let w = world().await;
    let app = &w.app;
    let issuing = ftm_trust(&w).await;
    let ftm = provider(&w, "chip-works", FTM_PROVIDER, "FTM_Provider", "Chip Works").await;
    let now = app.services.now();

    let (status, page) = app.portal_get(&ftm, "/chips").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"href="/chips/new""#), "{page}");
    let res = app.portal_post(&ftm, "/chips", &[("ftpProviderId", "chip-works"), ("make", ""), ("model", "")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(field_errors(&res.text().await.unwrap()), ["make", "model"]);
    let res =
        app.portal_post(&ftm, "/chips", &[("ftpProviderId", "chip-works"), ("make", "Chipco"), ("model", "S1")]).await;
    let to = location(&res);
    assert!(to.ends_with("?done=chip-created"), "{to}");
    let chip = to.trim_start_matches("/chips/").split('?').next().unwrap().to_string();
    let res =
        app.portal_post(&ftm, "/chips", &[("ftpProviderId", "chip-works"), ("make", "Chipco"), ("model", "S1")]).await;
    assert!(element(&res.text().await.unwrap(), "model-error").unwrap().contains("already registered"));

    let (_, page) = app.portal_get(&ftm, &to).await;
    assert_eq!(element(&page, "chip-status").as_deref(), Some("Waiting for the chip certificate"));
    assert!(page.contains(r#"id="chip-needs-certificate""#) && page.contains(r#"id="upload-form""#), "{page}");

    // A certificate of another organisation, or one outside the FTM trust store, is refused at
    // the certificate; the chip's own is accepted, pasted.
    let url = format!("/chips/{chip}/certificate");
    let foreign = issuing.leaf(&Subject::new("chip", "Someone Else"), now);
    let res = app.portal_post(&ftm, &url, &[("certificateData", &foreign)]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(element(&page, "certificateData-error").unwrap().contains("KER-PCM-008"), "{page}");
    let stranger = Authority::root(&Subject::new("Other Root", "Elsewhere"), now)
        .intermediate(&Subject::new("Other CA", "Elsewhere"), now)
        .leaf(&Subject::new("chip", "Chip Works"), now);
    let res = app.portal_post(&ftm, &url, &[("certificateData", &stranger)]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains(r#"id="error-summary""#));
    let leaf = issuing.leaf(&Subject::new("chipco-s1", "Chip Works"), now);
    let res = app.portal_post(&ftm, &url, &[("certificateData", &leaf)]).await;
    assert_eq!(location(&res), format!("/chips/{chip}?done=chip-certificate-uploaded"));
    let (_, page) = app.portal_get(&ftm, &format!("/chips/{chip}")).await;
    assert_eq!(element(&page, "chip-status").as_deref(), Some("Waiting for approval"));
    assert!(element(&page, "certificate-subject").unwrap().contains("chipco-s1"), "{page}");
    assert!(element(&page, "certificate-trust").unwrap().starts_with("trusted"), "{page}");

    // Both copies download while the chip waits.
    let res = app.portal_get_raw(&ftm, &format!("/chips/{chip}/original.pem")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[reqwest::header::CONTENT_DISPOSITION].to_str().unwrap().contains("original.pem"));
    assert_eq!(res.text().await.unwrap().trim(), leaf.trim());
    let res = app.portal_get_raw(&ftm, &format!("/chips/{chip}/signed.pem")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let signed = res.text().await.unwrap();
    assert!(signed.starts_with("-----BEGIN CERTIFICATE-----") && signed.trim() != leaf.trim());

    // The admin rejects (a reason needed), the provider uploads again as a file, the admin approves.
    let (_, approvals) = app.portal_get(&w.admin, "/approvals").await;
    assert!(approvals.contains(r#"id="count-chips"><strong>1</strong>"#), "{approvals}");
    assert!(approvals.contains(&format!(r#"href="/chips/{chip}/reject""#)));
    let res = app.portal_post(&w.admin, &format!("/chips/{chip}/reject"), &[("reason", "")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app.portal_post(&w.admin, &format!("/chips/{chip}/reject"), &[("reason", "Wrong model name")]).await;
    assert_eq!(location(&res), format!("/chips/{chip}?done=chip-reject"));
    let (_, notes) = app.portal_get(&ftm, "/notifications").await;
    assert!(notes.contains("Wrong model name"), "{notes}");
    let again = issuing.leaf(&Subject::new("chipco-s1-v2", "Chip Works"), now);
    let res = app
        .portal_post_multipart(
            &ftm,
            &url,
            &[("csrf", &ftm.csrf), ("certificateData", "")],
            &[("certificateFile", "chip.pem", again.as_bytes())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    let (_, page) = app.portal_get(&ftm, &format!("/chips/{chip}")).await;
    assert_eq!(element(&page, "certificate-version").as_deref(), Some("2"));
    assert_eq!(row_count(&page, "certificate-history"), 2, "{page}");
    let (_, list) = app.portal_get(&w.admin, "/chips").await;
    assert_eq!(row_ids(&list, "chip"), [chip.as_str()], "{list}");
    let res = app.portal_post(&w.admin, &format!("/chips/{chip}/approve"), &[("reason", "Fine now")]).await;
    assert_eq!(location(&res), format!("/chips/{chip}?done=chip-approve"));
    let (_, page) = app.portal_get(&ftm, &format!("/chips/{chip}")).await;
    assert_eq!(element(&page, "chip-status").as_deref(), Some("Approved"));

    // The provider deactivates it behind a confirmation; its certificate no longer downloads.
    let (_, confirm) = app.portal_get(&ftm, &format!("/chips/{chip}/deactivate")).await;
    assert!(confirm.contains(r#"id="confirm""#), "{confirm}");
    let res = app.portal_post(&ftm, &format!("/chips/{chip}/deactivate"), &[]).await;
    assert_eq!(location(&res), format!("/chips/{chip}?done=chip-deactivate"));
    let (_, page) = app.portal_get(&ftm, &format!("/chips/{chip}")).await;
    assert_eq!(element(&page, "chip-status").as_deref(), Some("Deactivated"));
    assert!(!page.contains(r#"id="upload-form""#) && page.contains(r#"id="certificate-unavailable""#), "{page}");
    let (status, _) = app.portal_get(&ftm, &format!("/chips/{chip}/signed.pem")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Another FTM provider gets nothing of it.
    let rival = provider(&w, "rival-chips", FTM_PROVIDER, "FTM_Provider", "Rival Chips").await;
    for path in [format!("/chips/{chip}"), format!("/chips/{chip}/original.pem"), format!("/chips/{chip}/deactivate")] {
        let (status, _) = app.portal_get(&rival, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let res = app.portal_post(&rival, &url, &[("certificateData", &again)]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, list) = app.portal_get(&rival, "/chips").await;
    assert!(row_ids(&list, "chip").is_empty(), "{list}");
}

/// Body rows of the table with this id.
fn row_count(page: &str, table: &str) -> usize {
    let start = page.find(&format!(r#"id="{table}""#)).expect("table");
    let rest = &page[start..];
    let body = &rest[..rest.find("</table>").unwrap()];
    body.matches("<tr><td").count()
}

#[tokio::test]
async fn the_approvals_page_gathers_every_waiting_item_with_counts() {
    let w = world().await;
    let app = &w.app;
    let (_, page) = app.portal_get(&w.admin, "/approvals").await;
    assert_eq!(element(&page, "approvals-total").as_deref(), Some("Nothing waits for a decision."), "{page}");
    assert!(page.contains(r#"<a href="/approvals" aria-current="page">"#), "in the navigation: {page}");

    // A partner waiting for approval, an SBI and a chip.
    let token = app.user_with_roles("late-bank", &[pms_domain::roles::AUTH_PARTNER]).await;
    app.create_group(&app.admin_token().await, "Banking").await;
    let request = json!({"partnerId": "late-bank", "organizationName": "Late Bank", "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": "contact@late-bank.example", "partnerType": "Auth_Partner",
        "policyGroup": "Banking", "langCode": "eng"});
    let (_, body) = app.post("/v1/partnermanager/partners", &token, legacy(request)).await;
    assert_eq!(error_code(&body), None, "{body}");
    let dp = provider(&w, "scan-corp", DEVICE_PROVIDER, "Device_Provider", "Scan Corp").await;
    let sbi = create_sbi(&w, &dp, "scan-corp", "2.0").await;
    let issuing = ftm_trust(&w).await;
    let ftm = provider(&w, "chip-works", FTM_PROVIDER, "FTM_Provider", "Chip Works").await;
    let res =
        app.portal_post(&ftm, "/chips", &[("ftpProviderId", "chip-works"), ("make", "Chipco"), ("model", "S1")]).await;
    let chip = location(&res).trim_start_matches("/chips/").split('?').next().unwrap().to_string();
    let leaf = issuing.leaf(&Subject::new("chip", "Chip Works"), app.services.now());
    app.portal_post(&ftm, &format!("/chips/{chip}/certificate"), &[("certificateData", &leaf)]).await;

    let (_, page) = app.portal_get(&w.admin, "/approvals").await;
    assert_eq!(element(&page, "approvals-total").as_deref(), Some("3 items wait for a decision."), "{page}");
    for (section, n) in [("partners", 1), ("policy-requests", 0), ("sbis", 1), ("devices", 0), ("chips", 1)] {
        assert!(page.contains(&format!(r#"id="count-{section}"><strong>{n}</strong>"#)), "{section}: {page}");
    }
    assert!(
        page.contains(r#"id="pending-partners-late-bank""#) && page.contains(r#"href="/partners/late-bank/approve""#)
    );
    assert!(page.contains(&format!(r#"id="pending-sbis-{sbi}""#)));
    assert!(page.contains(&format!(r#"id="pending-chips-{chip}""#)));
    assert!(page.contains(r#"href="/sbis?status=pending_approval" id="all-sbis""#));
    let (_, home) = app.portal_get(&w.admin, "/").await;
    assert_eq!(element(&home, "count-approvals").as_deref(), Some("<strong>3"), "{home}");

    // Decided items leave the page.
    app.portal_post(&w.admin, &format!("/sbis/{sbi}/approve"), &[("reason", "")]).await;
    app.portal_post(&w.admin, &format!("/chips/{chip}/approve"), &[("reason", "")]).await;
    let (_, page) = app.portal_get(&w.admin, "/approvals").await;
    assert_eq!(element(&page, "approvals-total").as_deref(), Some("1 item waits for a decision."), "{page}");
    assert!(!page.contains(&format!(r#"id="pending-sbis-{sbi}""#)));

    // In French and Arabic too.
    let key = regex::Regex::new(r">\s*(nav|approvals|status|action)-[a-z-]+").unwrap();
    for lang in ["fra", "ara"] {
        let csrf = app.visitor_csrf().await;
        let res = app
            .raw(reqwest::Method::POST, "/lang")
            .header(reqwest::header::COOKIE, format!("{}; pms_csrf={csrf}", w.admin.cookie))
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(
                serde_urlencoded::to_string([("csrf", csrf.as_str()), ("lang", lang), ("back", "/approvals")]).unwrap(),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (status, page) = app.portal_get(&w.admin, "/approvals").await;
        assert_eq!(status, StatusCode::OK);
        assert!(!key.is_match(&page), "an untranslated key: {page}");
        assert!(!page.contains("Waiting for your decision"), "still in English: {page}");
    }
}
