//! The policy pages of the portal, driven as a browser without JavaScript would: the builder and
//! its JSON tab (round trips through the server, schema errors at the field or the line, did you
//! mean), upload and download of the document, clones named "Copy of …" that record their source,
//! and the differences between consecutive versions.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const POLICIES: &str = "/v1/policymanager/policies";

fn location(res: &reqwest::Response) -> String {
    res.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

fn unescape(html: &str) -> String {
    html.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The JSON tab's text.
fn json_tab(page: &str) -> String {
    let re = regex::Regex::new(r#"(?s)<textarea id="policies"[^>]*>(.*?)</textarea>"#).unwrap();
    unescape(&re.captures(page).map(|c| c[1].to_string()).expect("JSON textarea"))
}

/// The opening tag of the element with this id.
fn tag<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!(r#"id="{id}""#)).unwrap_or_else(|| panic!("#{id} missing"));
    let open = page[..start].rfind('<').unwrap();
    let end = start + page[start..].find('>').unwrap();
    &page[open..=end]
}

/// The text of the element with this id (tags removed).
fn text_of(page: &str, id: &str) -> String {
    let re = regex::Regex::new(&format!(r#"(?s)id="{id}"[^>]*>(.*?)</(ul|span|dd|p|table)>"#)).unwrap();
    let inner = re.captures(page).map(|c| c[1].to_string()).unwrap_or_default();
    unescape(&regex::Regex::new(r"<[^>]+>").unwrap().replace_all(&inner, " "))
}

async fn setup() -> (TestApp, String, PortalUser) {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    app.create_group(&token, "Banking").await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    (app, token, admin)
}

fn form<'a>(admin: &'a PortalUser, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("csrf", admin.csrf.as_str()),
        ("policyType", "Auth"),
        ("policyGroupName", "Banking"),
        ("name", "Bank KYC"),
        ("desc", "e-KYC for bank accounts"),
        ("version", "1.0"),
    ];
    fields.extend_from_slice(extra);
    fields
}

/// Posts the editor as a multipart form, as the browser does (the form can carry a file).
async fn post_editor(
    app: &TestApp,
    admin: &PortalUser,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> reqwest::Response {
    app.portal_post_multipart(admin, path, fields, files).await
}

const BUILT: &[(&str, &str)] = &[
    ("editor", "builder"),
    ("authTokenType", "policy"),
    ("authType", "otp"),
    ("mandatory", "otp"),
    ("authType", "bio:FACE"),
    ("authType", "kyc"),
    ("kycAttribute", "fullName"),
    ("kycAttribute", "email"),
    ("kycLanguage", "fra"),
    ("kycLanguage", "ara"),
];

fn built_document() -> Value {
    json!({
        "authTokenType": "policy",
        "allowedAuthTypes": [
            {"authType": "otp", "authSubType": "", "mandatory": true},
            {"authType": "bio", "authSubType": "FACE", "mandatory": false},
            {"authType": "kyc", "authSubType": "", "mandatory": false}
        ],
        "allowedKycAttributes": [{"attributeName": "fullName"}, {"attributeName": "email"}],
        "kycLanguages": ["fra", "ara"]
    })
}

#[tokio::test]
async fn the_builder_saves_exactly_its_document_and_the_api_accepts_it() {
    let (app, token, admin) = setup().await;
    let (status, page) = app.portal_get(&admin, "/policies/new?policyType=Auth").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!tag(&page, "builder-panel").contains("hidden"), "the builder is the first tab");
    assert!(tag(&page, "json-panel").contains("hidden"));

    // Switching to the JSON tab without scripts: the server writes the builder's document there
    // and keeps every other field.
    let mut fields = form(&admin, BUILT);
    fields.push(("policies", "{}"));
    fields.push(("intent", "json"));
    let res = post_editor(&app, &admin, "/policies", &fields, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(!tag(&page, "json-panel").contains("hidden"), "the JSON tab is shown");
    assert!(tag(&page, "builder-panel").contains("hidden"));
    assert!(tag(&page, "name").contains(r#"value="Bank KYC""#), "input kept");
    let text = json_tab(&page);
    let document: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(document, built_document());
    assert!(tag(&page, "authType-bio-FACE").contains("checked"), "the builder still shows the choice");

    // The builder's output, posted to the policy API, is accepted as it is.
    let (s, b) = app
        .post(
            POLICIES,
            &token,
            legacy(json!({"policyGroupName": "Banking", "policyType": "Auth", "name": "Via API", "desc": "d",
                "version": "1.0", "policies": document})),
        )
        .await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");

    // Saving from the builder stores that document.
    let mut fields = form(&admin, BUILT);
    fields.push(("policies", &text));
    fields.push(("intent", "save"));
    let res = post_editor(&app, &admin, "/policies", &fields, &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = location(&res).trim_start_matches("/policies/").split('?').next().unwrap().to_string();
    let (_, b) = app.get(&format!("{POLICIES}/{id}"), &token).await;
    assert_eq!(b["response"]["policies"], built_document(), "{b}");

    // Back to the builder from the JSON tab: the JSON is read into the checkboxes.
    let edited = json!({"authTokenType": "random", "allowedAuthTypes": [{"authType": "demo", "authSubType": "", "mandatory": true}],
        "allowedKycAttributes": [{"attributeName": "region"}]})
    .to_string();
    let mut fields = form(&admin, &[("editor", "json"), ("authType", "otp")]);
    fields.push(("policies", &edited));
    fields.push(("intent", "builder"));
    let page = post_editor(&app, &admin, &format!("/policies/{id}"), &fields, &[]).await.text().await.unwrap();
    assert!(!tag(&page, "builder-panel").contains("hidden"));
    assert!(tag(&page, "authType-demo").contains("checked"));
    assert!(tag(&page, "mandatory-demo").contains("checked"));
    assert!(!tag(&page, "authType-otp").contains("checked"), "the JSON tab held the truth");
    assert!(page.contains(r#"<option value="region" selected>"#));
    assert!(page.contains(r#"<option value="random" selected>"#));
}

#[tokio::test]
async fn schema_errors_point_at_the_builder_field_or_the_json_line() {
    let (app, _token, admin) = setup().await;
    // No token type and no authentication type: both fields are marked.
    let mut fields = form(&admin, &[("editor", "builder"), ("kycAttribute", "fullName"), ("policies", "{}")]);
    fields.push(("intent", "save"));
    let res = post_editor(&app, &admin, "/policies", &fields, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(tag(&page, "authTokenType").contains(r#"aria-invalid="true""#), "{}", tag(&page, "authTokenType"));
    assert!(text_of(&page, "authTokenType-error").contains("authTokenType"), "{page}");
    assert!(tag(&page, "authTypes").contains(r#"aria-describedby="authTypes-error""#));
    assert!(text_of(&page, "authTypes-error").contains("allowedAuthTypes — this list must not be empty"));
    assert!(page.contains(r##"href="#authTokenType""##), "the summary links to the field");

    // In the JSON tab, a misspelt key is shown by line with the key that was meant.
    let text = "{\n  \"authTokenType\": \"partner\",\n  \"allowedAuthTypes\": [{\"authType\": \"otp\", \"mandatory\": false}],\n  \"allowedKYCAttributes\": [{\"attributeName\": \"fullName\"}]\n}";
    let mut fields = form(&admin, &[("editor", "json")]);
    fields.push(("policies", text));
    fields.push(("intent", "save"));
    let page = post_editor(&app, &admin, "/policies", &fields, &[]).await.text().await.unwrap();
    let errors = text_of(&page, "policies-errors");
    assert!(errors.contains("Line 4: allowedKYCAttributes — this property is not allowed here"), "{errors}");
    assert!(errors.contains("Did you mean allowedKycAttributes?"), "{errors}");
    assert!(errors.contains("Line 1: allowedKycAttributes — this required property is missing"), "{errors}");
    assert!(tag(&page, "policies").contains(r#"aria-invalid="true""#));
    assert!(page.contains("data-schema-errors"), "the script is told not to call this JSON valid");
    assert_eq!(json_tab(&page), text, "the text is kept as typed");

    // A syntax error switches to the JSON tab, whatever tab was asked for.
    let mut fields = form(&admin, &[("editor", "json"), ("policies", "{ nope")]);
    fields.push(("intent", "builder"));
    let page = post_editor(&app, &admin, "/policies", &fields, &[]).await.text().await.unwrap();
    assert!(!tag(&page, "json-panel").contains("hidden"));
    assert!(text_of(&page, "policies-errors").contains("not valid JSON"), "{}", text_of(&page, "policies-errors"));
}

#[tokio::test]
async fn a_document_is_uploaded_and_downloaded_as_a_json_file() {
    let (app, token, admin) = setup().await;
    let uploaded = json!({"authTokenType": "partner", "allowedAuthTypes": [{"authType": "otp", "mandatory": false}],
        "allowedKycAttributes": [], "kycLanguages": ["eng"]});
    let file = serde_json::to_vec_pretty(&uploaded).unwrap();
    // Loading the file shows it in both tabs without saving.
    let mut fields = form(&admin, &[("editor", "builder"), ("authType", "kyc"), ("policies", "{}")]);
    fields.push(("intent", "upload"));
    let res = post_editor(&app, &admin, "/policies", &fields, &[("document", "kyc.json", &file)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert_eq!(serde_json::from_str::<Value>(&json_tab(&page)).unwrap(), uploaded);
    assert!(tag(&page, "authType-otp").contains("checked"));
    assert!(!tag(&page, "authType-kyc").contains("checked"));
    let (_, list) = app.get(&format!("{POLICIES}/v2?policyType=Auth"), &token).await;
    assert_eq!(list["response"]["totalResults"], json!(0), "nothing saved yet: {list}");

    // Saving with a file chosen stores the file's document.
    let mut fields = form(&admin, &[("editor", "builder"), ("policies", "{}")]);
    fields.push(("intent", "save"));
    let res = post_editor(&app, &admin, "/policies", &fields, &[("document", "kyc.json", &file)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = location(&res).trim_start_matches("/policies/").split('?').next().unwrap().to_string();
    let (_, b) = app.get(&format!("{POLICIES}/{id}"), &token).await;
    assert_eq!(b["response"]["policies"], uploaded);

    // The policy page offers its document as a file.
    let res = app.portal_get_raw(&admin, &format!("/policies/{id}/document")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let headers = res.headers().clone();
    assert_eq!(headers[reqwest::header::CONTENT_TYPE], "application/json");
    assert_eq!(headers[reqwest::header::CONTENT_DISPOSITION], "attachment; filename=\"Bank-KYC.json\"");
    assert_eq!(res.json::<Value>().await.unwrap(), uploaded);

    // The editor downloads what is being edited, saved or not.
    let mut fields = form(&admin, BUILT);
    fields.push(("policies", "{}"));
    fields.push(("intent", "download"));
    let res = post_editor(&app, &admin, &format!("/policies/{id}"), &fields, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[reqwest::header::CONTENT_DISPOSITION].to_str().unwrap().ends_with(".json\""));
    assert_eq!(res.json::<Value>().await.unwrap(), built_document());

    // A file that is not text is refused at the file field; nothing is lost.
    let mut fields = form(&admin, &[("editor", "json"), ("policies", "{\"a\": 1}")]);
    fields.push(("intent", "upload"));
    let page = post_editor(&app, &admin, "/policies", &fields, &[("document", "x.json", &[0xff, 0xfe, 0x00])])
        .await
        .text()
        .await
        .unwrap();
    assert!(tag(&page, "document").contains(r#"aria-invalid="true""#));
    assert!(text_of(&page, "document-error").contains("not text"));
    assert_eq!(json_tab(&page), "{\"a\": 1}");
}

#[tokio::test]
async fn a_clone_is_named_copy_of_and_records_its_source() {
    let (app, token, admin) = setup().await;
    let source = app.create_policy(&token, "Banking", "Bank KYC", "Auth").await;
    let (_, page) = app.portal_get(&admin, &format!("/policies/{source}/clone")).await;
    assert!(tag(&page, "name").contains(r#"value="Copy of Bank KYC""#), "{}", tag(&page, "name"));

    let res = app
        .portal_post(
            &admin,
            &format!("/policies/{source}/clone"),
            &[("policyGroupName", "Banking"), ("name", "Copy of Bank KYC")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let copy = location(&res).trim_start_matches("/policies/").split('?').next().unwrap().to_string();
    let (_, page) = app.portal_get(&admin, &format!("/policies/{copy}")).await;
    assert!(page.contains(&format!(r#"<dd id="cloned-from"><a href="/policies/{source}">Bank KYC</a>"#)), "{page}");
    let (_, page) = app.portal_get(&admin, &format!("/policies/{source}")).await;
    assert!(!page.contains("cloned-from"), "a policy written from scratch has no source");

    // Through the API without a name: "Copy of …", cut to the name limit.
    let long = "L".repeat(pms_domain::policy::NAME_MAX);
    let long_id = app.create_policy(&token, "Banking", &long, "Auth").await;
    let (s, b) =
        app.post(&format!("{POLICIES}/{long_id}/clone"), &token, legacy(json!({"policyGroupName": "Banking"}))).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let name = b["response"]["name"].as_str().unwrap_or_else(|| panic!("{b}"));
    assert_eq!(name.chars().count(), pms_domain::policy::NAME_MAX);
    assert!(name.starts_with("Copy of LLL"), "{name}");
    let clone_id = b["response"]["id"].as_str().unwrap().to_string();
    let stored = app.services.policy(&pms_service::Ctx::operator("test"), &clone_id).await.expect("the clone");
    assert_eq!(stored.policy.cloned_from.as_deref(), Some(long_id.as_str()));
}

#[tokio::test]
async fn the_version_diff_shows_added_and_removed_lines() {
    let (app, token, admin) = setup().await;
    let id = app.create_policy(&token, "Banking", "Bank KYC", "Auth").await;
    let mut document = auth_policy();
    document["authTokenType"] = json!("random");
    let (s, b) = app
        .put(
            &format!("{POLICIES}/{id}"),
            &token,
            legacy(
                json!({"policyGroupName": "Banking", "name": "Bank KYC", "desc": "Now random tokens", "version": "1.1",
                "policies": document}),
            ),
        )
        .await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");

    let (_, page) = app.portal_get(&admin, &format!("/policies/{id}")).await;
    assert!(page.contains(&format!(r#"href="/policies/{id}/versions/2""#)), "the history links to the changes");

    let (status, page) = app.portal_get(&admin, &format!("/policies/{id}/versions/2")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let removed = regex::Regex::new(r#"(?s)<tr class="diff-removed">.*?</tr>"#).unwrap();
    let added = regex::Regex::new(r#"(?s)<tr class="diff-added">.*?</tr>"#).unwrap();
    let removed: Vec<_> = removed.find_iter(&page).map(|m| m.as_str()).collect();
    let added: Vec<_> = added.find_iter(&page).map(|m| m.as_str()).collect();
    assert_eq!((removed.len(), added.len()), (1, 1), "one line changed");
    assert!(unescape(removed[0]).contains(r#""authTokenType": "partner","#));
    assert!(unescape(added[0]).contains(r#""authTokenType": "random","#));
    // Not colour alone: a marker and words for screen readers.
    assert!(added[0].contains(r#"<span aria-hidden="true">+</span><span class="visually-hidden">added</span>"#));
    assert!(removed[0].contains(r#"<span aria-hidden="true">−</span><span class="visually-hidden">removed</span>"#));
    assert!(text_of(&page, "diff-summary").contains("1 line added"));
    assert!(page.contains("Now random tokens") && page.contains("1.1"), "the fields that changed are shown");

    let (status, page) = app.portal_get(&admin, &format!("/policies/{id}/versions/1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("The first version"));
    assert!(!page.contains(r#"class="diff-removed""#) && page.contains(r#"class="diff-added""#));

    let (status, _) = app.portal_get(&admin, &format!("/policies/{id}/versions/3")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.portal_get(&admin, &format!("/policies/{id}/versions/x")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
