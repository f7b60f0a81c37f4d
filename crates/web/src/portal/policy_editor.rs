//! The policy editor: a builder (checkboxes, selects, text fields) and the JSON document as an
//! advanced tab, kept in sync by the server (each tab switch, upload or save posts the whole form)
//! and, when scripts run, live in the browser. Schema errors are shown at the builder field they
//! concern and by line in the JSON tab.

use super::session::{Session, SessionUpload};
use super::{failure, render, FormErrors, PageCtx, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::response::{IntoResponse, Redirect, Response};
use pms_domain::policy::{PolicyState, PolicyType, POLICY_JSON_MAX};
use pms_policy::builder::{self, Builder};
use pms_policy::{locate, Violation};
use pms_service::policies::PolicyInput;
use pms_service::view::PolicyGroup;
use pms_service::ServiceError;
use serde::Deserialize;
use serde_json::Value;

/// Field of each business error of the policy form.
pub const FIELDS: &[(&str, &str)] = &[
    ("PMS_POL_009", "name"),
    ("PMS_POL_019", "policyGroupName"),
    ("PMS_POL_053", "policyGroupName"),
    ("PMS_POL_023", "policyType"),
];

pub fn type_of(v: Option<&str>) -> PolicyType {
    v.and_then(PolicyType::parse).unwrap_or(PolicyType::Auth)
}

pub fn pretty_value(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

/// One option of a select or one checkbox.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub chosen: bool,
    /// The second checkbox of a row (mandatory, encrypted).
    pub flag: bool,
    /// A value usable in an element id.
    pub slug: String,
}

pub struct ShareField {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    pub required: bool,
    /// Allowed values; empty for a text field.
    pub options: Vec<Choice>,
}

/// What the builder tab shows.
pub struct BuilderView {
    pub token_types: Vec<Choice>,
    pub auth_types: Vec<Choice>,
    pub kyc_attributes: Vec<Choice>,
    pub languages: Vec<Choice>,
    pub share: Vec<ShareField>,
    pub shareable: Vec<Choice>,
    pub misp: Vec<Choice>,
}

fn slug(v: &str) -> String {
    v.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

fn choice(value: &str, label: String, chosen: bool, flag: bool) -> Choice {
    Choice { slug: slug(value), value: value.to_string(), label, chosen, flag }
}

/// The known values followed by those the document has that are not known.
fn with_extras<'a>(known: impl IntoIterator<Item = &'a str>, chosen: &'a [String]) -> Vec<&'a str> {
    let mut all: Vec<&str> = known.into_iter().collect();
    for c in chosen {
        if !all.contains(&c.as_str()) {
            all.push(c);
        }
    }
    all
}

fn translated_or(t: Tr, key: &str, fallback: &str) -> String {
    let text = t.get(key);
    if text == key {
        fallback.to_string()
    } else {
        text
    }
}

impl BuilderView {
    pub fn new(t: Tr, b: &Builder) -> BuilderView {
        let has = |list: &[String], v: &str| list.iter().any(|x| x == v);
        let mut token_types: Vec<Choice> = builder::TOKEN_TYPES
            .iter()
            .map(|v| choice(v, t.get(&format!("builder-token-{v}")), b.token_type == *v, false))
            .collect();
        if !b.token_type.is_empty() && !builder::TOKEN_TYPES.contains(&b.token_type.as_str()) {
            token_types.push(choice(&b.token_type, b.token_type.clone(), true, false));
        }
        let auth_types = with_extras(builder::AUTH_TYPES.iter().map(|(k, _, _)| *k), &b.auth_types)
            .into_iter()
            .map(|k| {
                let label = translated_or(t, &format!("builder-auth-{}", slug(k).to_lowercase()), k);
                choice(k, label, has(&b.auth_types, k), has(&b.mandatory, k))
            })
            .collect();
        let plain = |known: &[&'static str], chosen: &[String]| -> Vec<Choice> {
            with_extras(known.iter().copied(), chosen)
                .into_iter()
                .map(|v| choice(v, v.to_string(), has(chosen, v), false))
                .collect()
        };
        let share = builder::SHARE_FIELDS
            .iter()
            .map(|(name, required)| {
                let value = b.share_value(name).unwrap_or_default().to_string();
                let allowed: &[&str] = match *name {
                    "typeOfShare" => builder::SHARE_TYPES,
                    "encryptionType" => builder::ENCRYPTION_TYPES,
                    _ => &[],
                };
                let mut options: Vec<Choice> =
                    allowed.iter().map(|v| choice(v, v.to_string(), value == *v, false)).collect();
                if !allowed.is_empty() && !value.is_empty() && !allowed.contains(&value.as_str()) {
                    options.push(choice(&value, value.clone(), true, false));
                }
                ShareField { name, label: t.get(&format!("builder-share-{name}")), value, required: *required, options }
            })
            .collect();
        let shareable = with_extras(builder::ATTRIBUTES.iter().copied(), &b.shareable)
            .into_iter()
            .map(|v| choice(v, v.to_string(), has(&b.shareable, v), has(&b.encrypted, v)))
            .collect();
        let misp = builder::MISP_FLAGS
            .iter()
            .map(|(name, _)| choice(name, t.get(&format!("builder-misp-{name}")), has(&b.misp_flags, name), false))
            .collect();
        BuilderView {
            token_types,
            auth_types,
            kyc_attributes: plain(builder::ATTRIBUTES, &b.kyc_attributes),
            languages: plain(builder::LANGUAGES, &b.languages),
            share,
            shareable,
            misp,
        }
    }
}

#[derive(Template)]
#[template(path = "policy_form.html")]
struct FormPage {
    ctx: PageCtx,
    /// The policy being edited, or `None` when creating.
    id: Option<String>,
    policy_type: &'static str,
    type_label: String,
    groups: Vec<PolicyGroup>,
    group: String,
    name: String,
    desc: String,
    version: String,
    /// The JSON tab's text.
    document: String,
    /// Whether the JSON tab is the one shown.
    json_tab: bool,
    b: BuilderView,
    /// Schema errors by line, shown under the JSON text.
    json_errors: Vec<String>,
    errors: FormErrors,
}

impl FormPage {
    fn auth(&self) -> bool {
        self.policy_type == PolicyType::Auth.as_str()
    }

    fn misp(&self) -> bool {
        self.policy_type == PolicyType::Misp.as_str()
    }
}

/// The text fields of the form, as sent.
struct Meta {
    policy_type: PolicyType,
    group: String,
    name: String,
    desc: String,
    version: String,
}

struct Editor {
    meta: Meta,
    json_tab: bool,
    builder: Builder,
    text: String,
    /// The document, when the text is well-formed (and not empty).
    document: Option<Value>,
    json_errors: Vec<String>,
    errors: FormErrors,
}

impl Editor {
    /// A form showing a stored or example document.
    fn of(meta: Meta, document: Value) -> Editor {
        let json_tab = !Builder::represents(meta.policy_type, &document);
        Editor {
            builder: Builder::from_document(meta.policy_type, &document),
            text: pretty_value(&document),
            document: Some(document),
            meta,
            json_tab,
            json_errors: Vec::new(),
            errors: FormErrors::default(),
        }
    }

    /// Reads a posted form: the tab that was shown holds the truth, an uploaded file replaces it.
    fn read(t: Tr, form: &SessionUpload) -> Editor {
        let text_of = |name: &str| form.text(name).unwrap_or_default().to_string();
        let meta = Meta {
            policy_type: type_of(form.text("policyType")),
            group: text_of("policyGroupName"),
            name: text_of("name"),
            desc: text_of("desc"),
            version: text_of("version"),
        };
        let mut errors = FormErrors::default();
        let mut json_tab = form.text("editor") == Some("json");
        let mut text = text_of("policies");
        let mut uploaded = false;
        if let Some(bytes) = form.file("document") {
            match std::str::from_utf8(bytes) {
                Ok(_) if bytes.len() > POLICY_JSON_MAX => {
                    errors.fields.push(("document".into(), t.arg("form-too-long", "max", &POLICY_JSON_MAX.to_string())))
                }
                Ok(content) => {
                    text = content.to_string();
                    uploaded = true;
                }
                Err(_) => errors.fields.push(("document".into(), t.get("policy-upload-not-text"))),
            }
        }
        let parsed = if text.trim().is_empty() { Ok(None) } else { serde_json::from_str::<Value>(&text).map(Some) };
        let mut builder = Builder::from_pairs(form.pairs());
        let document = if !json_tab && !uploaded {
            let document = builder.to_document(meta.policy_type, parsed.ok().flatten().as_ref());
            text = pretty_value(&document);
            Some(document)
        } else {
            match parsed {
                Ok(Some(document)) => {
                    builder = Builder::from_document(meta.policy_type, &document);
                    if uploaded && !Builder::represents(meta.policy_type, &document) {
                        json_tab = true;
                    }
                    Some(document)
                }
                Ok(None) => None,
                Err(e) => {
                    json_tab = true;
                    errors.fields.push(("policies".into(), t.arg("policy-json-invalid", "detail", &e.to_string())));
                    None
                }
            }
        };
        Editor { meta, json_tab, builder, text, document, json_errors: Vec::new(), errors }
    }

    /// Places schema violations: at their builder field when the builder is shown, and by line
    /// under the JSON text in any case.
    fn place(&mut self, t: Tr, violations: &[Violation]) {
        for v in violations {
            let mut message = format!("{} — {}", v.path, t.error(&v.error));
            if let Some(known) = &v.suggestion {
                message = format!("{message} {}", t.arg("policy-did-you-mean", "key", known));
            }
            let located = match locate::line_of(&self.text, &v.path) {
                Some(line) => format!("{}: {message}", t.arg("policy-error-line", "line", &line.to_string())),
                None => message.clone(),
            };
            self.json_errors.push(located.clone());
            match locate::builder_field(self.meta.policy_type, &v.path).filter(|_| !self.json_tab) {
                Some(field) if self.errors.field(field).is_none() => self.errors.fields.push((field.into(), message)),
                Some(_) => {}
                None => self.errors.fields.push(("policies".into(), located)),
            }
        }
    }

    fn input(&self, policy_id: Option<String>) -> PolicyInput {
        PolicyInput {
            policy_id,
            policy_group_name: Some(self.meta.group.clone()),
            policy_type: Some(self.meta.policy_type.as_str().to_string()),
            name: Some(self.meta.name.clone()),
            desc: Some(self.meta.desc.clone()),
            version: Some(self.meta.version.clone()),
            policies: self.document.clone(),
        }
    }

    fn page(self, ctx: PageCtx, id: Option<String>, groups: Vec<PolicyGroup>) -> FormPage {
        let policy_type = self.meta.policy_type;
        FormPage {
            type_label: ctx.t.get(&format!("policy-type-{}", policy_type.as_str())),
            b: BuilderView::new(ctx.t, &self.builder),
            ctx,
            id,
            policy_type: policy_type.as_str(),
            groups,
            group: self.meta.group,
            name: self.meta.name,
            desc: self.meta.desc,
            version: self.meta.version,
            document: self.text,
            json_tab: self.json_tab,
            json_errors: self.json_errors,
            errors: self.errors,
        }
    }
}

pub async fn active_groups(state: &AppState, s: &Session) -> pms_service::Result<Vec<PolicyGroup>> {
    Ok(state.services.all_policy_groups(&s.ctx).await?.into_iter().filter(|g| g.is_active).collect())
}

async fn show(state: &AppState, s: &Session, id: Option<String>, editor: Editor) -> Response {
    let ctx = s.page();
    let groups = match &id {
        // A draft stays in its group; the field is read-only.
        Some(_) => Vec::new(),
        None => match active_groups(state, s).await {
            Ok(groups) => groups,
            Err(e) => return failure(ctx, e),
        },
    };
    render(editor.page(ctx, id, groups))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewQuery {
    policy_type: Option<String>,
    policy_group_name: Option<String>,
}

pub async fn new_form(State(state): State<AppState>, s: Session, QueryParams(q): QueryParams<NewQuery>) -> Response {
    let policy_type = type_of(q.policy_type.as_deref());
    let meta = Meta {
        policy_type,
        group: q.policy_group_name.unwrap_or_default(),
        name: String::new(),
        desc: String::new(),
        version: "1.0".into(),
    };
    show(&state, &s, None, Editor::of(meta, pms_policy::example(policy_type))).await
}

pub async fn edit_form(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    let ctx = s.page();
    let v = match state.services.policy(&s.ctx, &id).await {
        Ok(v) => v,
        Err(e) => return failure(ctx, e),
    };
    if v.state() != PolicyState::Draft {
        return failure(ctx, pms_domain::error::POLICY_PUBLISHED_NO_UPDATE.err().into());
    }
    let document = match v.document() {
        Ok(d) => d,
        Err(e) => return failure(ctx, e),
    };
    let meta = Meta {
        policy_type: v.policy_type().unwrap_or(PolicyType::Auth),
        group: v.group.name.clone(),
        name: v.policy.name.clone(),
        desc: v.policy.descr.clone(),
        version: v.policy.version.clone(),
    };
    show(&state, &s, Some(v.policy.id), Editor::of(meta, document)).await
}

/// A download of a policy document as a `.json` file named after the policy.
pub fn download(name: &str, document: &Value) -> Response {
    let name = if name.trim().is_empty() { "policy" } else { name };
    let mut text = pretty_value(document);
    text.push('\n');
    super::trust::download("application/json", &name.replace(' ', "-"), "json", text)
}

/// Create (`id` = `None`) or update a draft, or one of the editor's round trips: switch tab,
/// load an uploaded file, download what is being edited.
async fn submit(state: AppState, form: SessionUpload, id: Option<String>) -> Response {
    let s = &form.session;
    let t = s.page().t;
    let mut editor = Editor::read(t, &form);
    match form.text("intent").unwrap_or("save") {
        "builder" => {
            editor.json_tab = editor.document.is_none() && !editor.errors.is_empty();
            return show(&state, s, id, editor).await;
        }
        "json" => {
            editor.json_tab = true;
            return show(&state, s, id, editor).await;
        }
        "upload" => return show(&state, s, id, editor).await,
        "download" => {
            return match &editor.document {
                Some(document) if editor.errors.is_empty() => download(&editor.meta.name, document),
                _ => show(&state, s, id, editor).await,
            }
        }
        _ => {}
    }
    if !editor.errors.is_empty() {
        return show(&state, s, id, editor).await;
    }
    let result = match &id {
        None => state.services.create_policy(&s.ctx, editor.input(None)).await,
        Some(id) => state.services.update_policy(&s.ctx, id, editor.input(None)).await,
    };
    let done = if id.is_some() { "policy-saved" } else { "policy-created" };
    match result {
        Ok(v) => Redirect::to(&format!("/policies/{}?done={done}", v.policy.id)).into_response(),
        Err(ServiceError::PolicyDocument(violations)) => {
            editor.place(t, &violations);
            show(&state, s, id, editor).await
        }
        Err(e) if e.is_rejection() => {
            editor.errors = FormErrors::from_error(t, &e, FIELDS);
            show(&state, s, id, editor).await
        }
        Err(e) => failure(s.page(), e),
    }
}

pub async fn create(State(state): State<AppState>, form: SessionUpload) -> Response {
    submit(state, form, None).await
}

pub async fn update(State(state): State<AppState>, Path(id): Path<String>, form: SessionUpload) -> Response {
    submit(state, form, Some(id)).await
}
