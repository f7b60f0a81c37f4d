//! The certificate pages of the portal, driven as a browser without JavaScript would: the trust
//! store's upload form (a file or pasted PEM, refusals next to the field), deactivation behind its
//! confirmation page, certificates expiring soon, and a partner's certificate page with its
//! downloads and the dashboard's days left.

mod common;

use chrono::Duration;
use common::*;
use pms_domain::partner::ApprovalMode;
use pms_domain::roles::AUTH_PARTNER;
use pms_testkit::pki::{Authority, Subject};
use reqwest::StatusCode;
use serde_json::json;

fn location(res: &reqwest::Response) -> String {
    res.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// The text of the element with this id (first match, tags removed).
fn element(page: &str, id: &str) -> Option<String> {
    let re = regex::Regex::new(&format!(r#"(?s)id="{id}"[^>]*>(.*?)</"#)).unwrap();
    re.captures(page).map(|c| c[1].trim().to_string())
}

/// PEM to DER, as a `.cer` file often holds it.
fn der(pem: &str) -> Vec<u8> {
    use base64::Engine;
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(body).unwrap()
}

async fn upload_ca(app: &TestApp, admin: &PortalUser, domain: &str, pem: &str) -> reqwest::Response {
    app.portal_post_multipart(
        admin,
        "/trust-store/upload",
        &[("csrf", &admin.csrf), ("partnerDomain", domain), ("certificateData", "")],
        &[("certificateFile", "ca.pem", pem.as_bytes())],
    )
    .await
}

/// Stored CA certificate ids of a trust-store page.
fn ids(page: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"<a href="/trust-store/([0-9a-f-]{36})"><code>"#).unwrap();
    re.captures_iter(page).map(|c| c[1].to_string()).collect()
}

#[tokio::test]
async fn ca_certificates_are_uploaded_through_the_form_and_refusals_are_shown_next_to_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let now = app.services.now();
    let root = Authority::root(&Subject::new("Bank Root CA", "Trust Services"), now);
    let issuing = root.intermediate(&Subject::new("Bank Issuing CA", "Trust Services"), now);

    let (status, page) = app.portal_get(&admin, "/trust-store/upload").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"enctype="multipart/form-data""#), "{page}");

    // A root as a file.
    let res = upload_ca(&app, &admin, "AUTH", &root.pem).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = location(&res);
    assert!(to.starts_with("/trust-store/") && to.ends_with("?done=ca-upload-success"), "{to}");
    let (_, page) = app.portal_get(&admin, &to).await;
    assert!(page.contains("Upload Success."), "{page}");
    assert!(element(&page, "ca-subject").unwrap().contains("Bank Root CA"));
    assert!(page.contains("self-signed"));

    // Its intermediate, pasted without a file.
    let res = app
        .portal_post_multipart(
            &admin,
            "/trust-store/upload",
            &[("csrf", &admin.csrf), ("partnerDomain", "auth"), ("certificateData", &issuing.pem)],
            &[("certificateFile", "", b"")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.portal_get(&admin, &location(&res)).await;
    assert!(element(&page, "ca-subject").unwrap().contains("Bank Issuing CA"), "{page}");
    assert!(page.contains(r#"id="issuer-link""#), "the issuer is linked");

    // Listed under their tabs.
    let (_, page) = app.portal_get(&admin, "/trust-store?caCertificateType=INTERMEDIATE").await;
    assert_eq!(ids(&page).len(), 1, "{page}");
    assert!(page.contains("Bank Issuing CA"));
    let (_, page) =
        app.portal_get(&admin, "/trust-store?partnerDomain=AUTH&sortFieldName=validTill&sortType=asc").await;
    assert_eq!(ids(&page).len(), 2);
    assert!(page.contains("days left"));

    // Refusals, in plain words next to the input at fault, with MOSIP's code; nothing stored.
    let stranger = Authority::root(&Subject::new("Other Root", "Elsewhere"), now);
    let orphan = stranger.intermediate(&Subject::new("Orphan CA", "Elsewhere"), now);
    let cases: Vec<(&str, String, &str, &str, &str)> = vec![
        ("an orphan intermediate", orphan.pem.clone(), "AUTH", "certificateData-error", "KER-PCM-005"),
        ("a duplicate", root.pem.clone(), "AUTH", "certificateData-error", "KER-PCM-003"),
        ("garbage", "hello".into(), "AUTH", "certificateData-error", "KER-PCM-001"),
        (
            "a partner certificate",
            issuing.leaf(&Subject::new("x", "Bank"), now),
            "AUTH",
            "certificateData-error",
            "KER-PCM-018",
        ),
        ("an unknown domain", stranger.pem.clone(), "MISP", "partnerDomain-error", "KER-PCM-011"),
    ];
    for (what, pem, domain, field, code) in cases {
        let res = upload_ca(&app, &admin, domain, &pem).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{what}");
        let page = res.text().await.unwrap();
        let message = element(&page, field).unwrap_or_else(|| panic!("{what}: no {field} in {page}"));
        assert!(message.ends_with(&format!("({code})")), "{what}: {message}");
        assert!(!message.starts_with(code), "{what}: a sentence, not a code: {message}");
    }
    let res = upload_ca(&app, &admin, "AUTH", &orphan.pem).await;
    let page = res.text().await.unwrap();
    assert!(element(&page, "certificateData-error").unwrap().contains("Upload the root first"), "{page}");
    // The domain chosen and the text pasted stay in the form.
    assert!(page.contains(r#"<option value="AUTH" selected>"#), "{page}");
    let res = app
        .portal_post_multipart(
            &admin,
            "/trust-store/upload",
            &[("csrf", &admin.csrf), ("partnerDomain", "AUTH"), ("certificateData", "")],
            &[("certificateFile", "", b"")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        element(&res.text().await.unwrap(), "certificateData-error").as_deref(),
        Some("This field is required.")
    );
    let (_, page) = app.portal_get(&admin, "/trust-store").await;
    assert_eq!(ids(&page).len(), 2, "refusals store nothing");

    // A DER file (a `.cer`), and a bundle of which one certificate is already stored.
    let res = app
        .portal_post_multipart(
            &admin,
            "/trust-store/upload",
            &[("csrf", &admin.csrf), ("partnerDomain", "DEVICE")],
            &[("certificateFile", "root.cer", &der(&stranger.pem))],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    let sibling = stranger.intermediate(&Subject::new("Sibling CA", "Elsewhere"), now);
    let res = upload_ca(&app, &admin, "DEVICE", &format!("{}{}{}", orphan.pem, stranger.pem, sibling.pem)).await;
    let to = location(&res);
    assert!(to.contains("done=ca-upload-partial") && to.contains("partnerDomain=DEVICE"), "{to}");
    let (_, page) = app.portal_get(&admin, &to).await;
    assert!(page.contains("Partial Upload Success."), "{page}");
    assert_eq!(ids(&page).len(), 3);
    let res = upload_ca(&app, &admin, "FTM", &format!("{}{}", stranger.pem, orphan.pem)).await;
    let to = location(&res);
    assert!(to.contains("done=ca-upload-success") && to.contains("partnerDomain=FTM"), "a bundle stored whole: {to}");
    let (_, page) = app.portal_get(&admin, &to).await;
    assert_eq!(ids(&page).len(), 2);

    // A URL-encoded post (no file input) works too; a post without the token does not.
    let third = root.intermediate(&Subject::new("Third CA", "Trust Services"), now);
    let res = app
        .portal_post(&admin, "/trust-store/upload", &[("partnerDomain", "AUTH"), ("certificateData", &third.pem)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = app
        .portal_post_multipart(
            &admin,
            "/trust-store/upload",
            &[("csrf", "forged-token-forged-token"), ("partnerDomain", "AUTH")],
            &[("certificateFile", "x.pem", stranger.pem.as_bytes())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The trust store is the Partner Admin's.
    app.user_with_roles("bank-one", &[AUTH_PARTNER]).await;
    let partner = app.portal_login("bank-one", USER_PASSWORD).await;
    for path in ["/trust-store", "/trust-store/upload", "/trust-store/expiring"] {
        let (status, _) = app.portal_get(&partner, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let res = upload_ca(&app, &partner, "AUTH", &stranger.pem).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_ca_is_deactivated_after_confirmation_and_its_files_download() {
    let app = TestApp::spawn().await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let now = app.services.now();
    let root = Authority::root(&Subject::new("Bank Root CA", "Trust Services"), now);
    let issuing = root.intermediate(&Subject::new("Bank Issuing CA", "Trust Services"), now);
    upload_ca(&app, &admin, "AUTH", &root.pem).await;
    let res = upload_ca(&app, &admin, "AUTH", &issuing.pem).await;
    let view = location(&res).split('?').next().unwrap().to_string();
    let id = view.trim_start_matches("/trust-store/").to_string();

    let res = app.portal_get_raw(&admin, &format!("{view}/certificate.pem")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-disposition"], format!("attachment; filename=\"{id}.pem\"").as_str());
    assert_eq!(res.text().await.unwrap().trim(), issuing.pem.trim());
    let res = app.portal_get_raw(&admin, &format!("{view}/chain.p7b")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/x-pkcs7-certificates");
    assert!(res.text().await.unwrap().starts_with("-----BEGIN PKCS7-----"));

    let (_, page) = app.portal_get(&admin, &view).await;
    assert!(page.contains(&format!(r#"href="{view}/deactivate""#)), "{page}");
    let (status, page) = app.portal_get(&admin, &format!("{view}/deactivate")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!(r#"action="{view}/deactivate""#)) && page.contains(r#"id="confirm""#), "{page}");
    assert!(page.contains("Bank Issuing CA"));
    // Only with the form's token.
    let res = app
        .raw(reqwest::Method::POST, &format!("{view}/deactivate"))
        .header(reqwest::header::COOKIE, &admin.cookie)
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("csrf=nope")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, page) = app.portal_get(&admin, &view).await;
    assert_eq!(element(&page, "ca-status").as_deref(), Some("Active"));

    let res = app.portal_post(&admin, &format!("{view}/deactivate"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("{view}?done=ca-deactivated"));
    let (_, page) = app.portal_get(&admin, &location(&res)).await;
    assert_eq!(element(&page, "ca-status").as_deref(), Some("Deactivated"));
    assert!(page.contains("The CA certificate has been deactivated."));
    assert!(!page.contains(r#"id="deactivate-ca""#), "no second deactivation offered");
    let (_, page) = app.portal_get(&admin, &format!("{view}/deactivate")).await;
    assert!(element(&page, "blocked").unwrap().contains("already deactivated"), "{page}");
    let res = app.portal_post(&admin, &format!("{view}/deactivate"), &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("PMS_TRUST_002"));
    let (_, page) = app.portal_get(&admin, "/trust-store?status=deactivated").await;
    assert_eq!(ids(&page), vec![id]);

    let (status, page) = app.portal_get(&admin, "/trust-store/no-such-certificate").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("This CA certificate does not exist."), "{page}");
}

/// A login with a partner of type Auth_Partner named `org` in the Banking group.
async fn partner(app: &TestApp, id: &str, org: &str) -> PortalUser {
    let token = app.user_with_roles(id, &[AUTH_PARTNER]).await;
    let request = json!({"partnerId": id, "organizationName": org, "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": format!("contact@{id}.example"), "partnerType": "Auth_Partner",
        "policyGroup": "Banking", "langCode": "eng"});
    let (_, body) = app.post("/v1/partnermanager/partners", &token, legacy(request)).await;
    assert_eq!(error_code(&body), None, "{body}");
    app.portal_login(id, USER_PASSWORD).await
}

struct World {
    app: TestApp,
    issuing: Authority,
}

async fn world(configure: impl FnOnce(&mut pms_service::Config)) -> World {
    let app = TestApp::spawn_with(configure).await;
    let token = app.admin_token().await;
    app.create_group(&token, "Banking").await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let now = app.services.now();
    let root = Authority::root(&Subject::new("Bank Root CA", "Trust Services"), now);
    let issuing = root.intermediate(&Subject::new("Bank Issuing CA", "Trust Services"), now);
    upload_ca(&app, &admin, "AUTH", &root.pem).await;
    upload_ca(&app, &admin, "AUTH", &issuing.pem).await;
    World { app, issuing }
}

async fn upload(app: &TestApp, user: &PortalUser, partner: &str, domain: &str, pem: &str) -> reqwest::Response {
    app.portal_post_multipart(
        user,
        &format!("/certificates/{partner}"),
        &[("csrf", &user.csrf), ("partnerDomain", domain), ("certificateData", "")],
        &[("certificateFile", "partner.pem", pem.as_bytes())],
    )
    .await
}

#[tokio::test]
async fn a_partner_uploads_its_certificate_on_its_page_and_downloads_both_copies() {
    let World { app, issuing } = world(|_| {}).await;
    let now = app.services.now();
    let user = partner(&app, "bank-one", "Bank One").await;

    let (status, page) = app.portal_get(&user, "/certificates").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"href="/certificates/bank-one""#) && page.contains("No certificate yet"), "{page}");
    let (status, page) = app.portal_get(&user, "/certificates/bank-one").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"id="certificate-none""#), "{page}");
    assert!(page.contains(r#"<option value="AUTH" selected>"#), "the domain follows the partner type: {page}");
    assert!(!page.contains(r#"id="upload-approves""#), "the Partner Admin approves in this deployment");

    // Refused: another organisation's certificate, and the wrong domain; each next to its input.
    let other = issuing.leaf(&Subject::new("bank-two.example", "Bank Two").lasting(Duration::days(-1), 730), now);
    let res = upload(&app, &user, "bank-one", "AUTH", &other).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    let message = element(&page, "certificateData-error").unwrap();
    assert!(message.contains("organisation") && message.ends_with("(KER-PCM-008)"), "{message}");
    let good = issuing.leaf(&Subject::new("bank-one.example", "Bank One").lasting(Duration::days(-1), 730), now);
    let res = upload(&app, &user, "bank-one", "DEVICE", &good).await;
    let page = res.text().await.unwrap();
    assert!(element(&page, "partnerDomain-error").unwrap().ends_with("(KER-PCM-011)"), "{page}");
    assert!(page.contains(r#"<option value="DEVICE" selected>"#));
    let res = upload(&app, &user, "bank-one", "AUTH", &format!("{good}{}", issuing.pem)).await;
    let page = res.text().await.unwrap();
    assert!(element(&page, "certificateData-error").unwrap().contains("partner certificate alone"), "{page}");

    let res = upload(&app, &user, "bank-one", "AUTH", &good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/certificates/bank-one?done=certificate-uploaded");
    let (_, page) = app.portal_get(&user, &location(&res)).await;
    assert!(page.contains("The certificate has been accepted and signed by the platform."), "{page}");
    let days = element(&page, "certificate-days-left").unwrap();
    assert!(days.contains("364 days left") || days.contains("365 days left"), "{days}");
    assert!(element(&page, "certificate-trust").unwrap().starts_with("trusted"), "{page}");
    assert!(page.contains(r#"id="certificate-history""#) && page.contains("Re-upload the certificate"));

    let res = app.portal_get_raw(&user, "/certificates/bank-one/original.pem").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-disposition"], "attachment; filename=\"bank-one-original.pem\"");
    assert_eq!(res.text().await.unwrap().trim(), good.trim());
    let res = app.portal_get_raw(&user, "/certificates/bank-one/signed.pem").await;
    assert_eq!(res.status(), StatusCode::OK);
    let signed = res.text().await.unwrap();
    let (_, body) =
        app.get("/v1/partnermanager/partners/bank-one/certificate", &app.login("bank-one", USER_PASSWORD).await).await;
    assert_eq!(body["response"]["certificateData"], signed.as_str());
    let (status, _) = app.portal_get(&user, "/certificates/bank-one/other.pem").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The dashboard, once the terms are accepted, shows the days left.
    let res = app.portal_post(&user, "/consent", &[("accept", "on")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.portal_get(&user, "/").await;
    let card = element(&page, "card-certificate-bank-one").unwrap_or_else(|| panic!("{page}"));
    assert!(card.contains("Certificates"), "{card}");
    assert!(page.contains("days left"), "{page}");

    // Another partner's login sees none of it; the Partner Admin sees it all.
    let stranger = partner(&app, "bank-two", "Bank Two").await;
    for path in ["/certificates/bank-one", "/certificates/bank-one/original.pem"] {
        let (status, page) = app.portal_get(&stranger, path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(!page.contains("BEGIN CERTIFICATE"), "{path}");
    }
    let res = upload(&app, &stranger, "bank-one", "AUTH", &good).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let (status, page) = app.portal_get(&admin, "/certificates/bank-one").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("days left"), "{page}");
    assert!(page.contains(r#"<p class="crumbs"><a href="/partners/bank-one">Bank One</a>"#), "{page}");
    let (_, page) = app.portal_get(&admin, "/partners/bank-one").await;
    assert!(page.contains(r#"href="/certificates/bank-one""#));
}

#[tokio::test]
async fn in_on_certificate_mode_the_page_says_the_upload_approves_and_it_does() {
    let World { app, issuing } = world(|c| c.partner_approval = ApprovalMode::OnCertificate).await;
    let now = app.services.now();
    let user = partner(&app, "bank-one", "Bank One").await;
    let (_, page) = app.portal_get(&user, "/certificates/bank-one").await;
    assert!(element(&page, "upload-approves").unwrap().contains("approved as soon as"), "{page}");
    let good = issuing.leaf(&Subject::new("bank-one.example", "Bank One").lasting(Duration::days(-1), 730), now);
    let res = upload(&app, &user, "bank-one", "AUTH", &good).await;
    assert_eq!(location(&res), "/certificates/bank-one?done=certificate-uploaded-approved");
    let (_, page) = app.portal_get(&user, &location(&res)).await;
    assert!(page.contains("The partner is now approved."), "{page}");
    assert_eq!(element(&page, "partner-status").as_deref(), Some("Active"));
    assert!(!page.contains(r#"id="upload-approves""#));
}

#[tokio::test]
async fn certificates_expiring_soon_are_listed_and_drawn_soonest_first() {
    let World { app, issuing } = world(|_| {}).await;
    let now = app.services.now();
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let ageing = Authority::root(&Subject::new("Ageing Root", "T").lasting(Duration::days(-1), 400), now);
    upload_ca(&app, &admin, "FTM", &ageing.pem).await;
    let user = partner(&app, "bank-one", "Bank One").await;
    let good = issuing.leaf(&Subject::new("bank-one.example", "Bank One").lasting(Duration::days(-1), 730), now);
    upload(&app, &user, "bank-one", "AUTH", &good).await;

    // The configured warning period by default: nothing within 90 days.
    let (status, page) = app.portal_get(&admin, "/trust-store/expiring").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"value="90""#) && page.contains("No certificate expires in this period."), "{page}");
    assert!(!page.contains("<svg"));

    let (_, page) = app.portal_get(&admin, "/trust-store/expiring?days=400").await;
    let rows: Vec<&str> = page.split("<tr class=\"row-").skip(1).collect();
    assert_eq!(rows.len(), 2, "{page}");
    assert!(rows[0].contains("Bank One (bank-one)") && rows[0].contains(r#"href="/certificates/bank-one""#), "{page}");
    assert!(rows[1].contains("Ageing Root"), "soonest first: {page}");
    assert!(page.contains(r#"role="img" aria-labelledby="timeline-title timeline-desc""#), "{page}");
    assert!(element(&page, "timeline-title").unwrap().contains("400 days"));
    assert_eq!(page.matches(r#"<g class="tl-row"#).count(), 2);
    assert!(page.contains("<title>Ageing Root — Root CA"), "each bar has its own title: {page}");

    // Later, both are within the warning period (sessions end meanwhile: log in again), then expired.
    app.clock.advance(Duration::days(310));
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let (_, page) = app.portal_get(&admin, "/trust-store/expiring").await;
    assert_eq!(page.matches(r#"<tr class="row-expiring">"#).count(), 2, "{page}");
    assert_eq!(page.matches(r#"<g class="tl-row tl-expiring">"#).count(), 2, "{page}");
    let (_, page) = app.portal_get(&admin, "/trust-store?partnerDomain=FTM").await;
    assert!(page.contains(r#"<tr class="row-expiring">"#) && page.contains("88 days left"), "{page}");
    app.clock.advance(Duration::days(100));
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let (_, page) = app.portal_get(&admin, "/trust-store/expiring").await;
    assert_eq!(page.matches(r#"<tr class="row-expired">"#).count(), 2, "{page}");
    assert!(page.contains("Expired"));
    app.clock.advance(Duration::days(-410));
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;

    let (status, page) = app.portal_get(&admin, "/trust-store/expiring?days=soon").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(element(&page, "days-error").unwrap().contains("number of days"), "{page}");
}
