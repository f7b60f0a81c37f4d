//! Policy pages: lists per type, create and edit drafts with schema errors next to the document,
//! view with formatted JSON and version history, publish, deactivate and clone.

use super::groups::{ConfirmPage, PlainForm};
use super::session::{Session, SessionForm};
use super::{date, failure, list_params, render, FormErrors, Ltr, PageCtx, Pager, Query};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::response::{IntoResponse, Redirect, Response};
use pms_domain::policy::{PolicyState, PolicyType};
use pms_service::policies::{PolicyInput, PolicyListQuery, PolicyView};
use pms_service::view::{PolicyGroup, PolicyRevision};
use pms_service::ServiceError;
use serde::Deserialize;
use serde_json::Value;

pub struct TypeTab {
    pub code: &'static str,
    pub label: String,
    pub active: bool,
}

fn tabs(ctx: &PageCtx, current: PolicyType) -> Vec<TypeTab> {
    PolicyType::ALL
        .iter()
        .map(|t| TypeTab {
            code: t.as_str(),
            label: ctx.t.get(&format!("policy-type-{}", t.as_str())),
            active: *t == current,
        })
        .collect()
}

fn type_of(v: Option<&str>) -> PolicyType {
    v.and_then(PolicyType::parse).unwrap_or(PolicyType::Auth)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    policy_type: Option<String>,
    policy_name: Option<String>,
    policy_description: Option<String>,
    policy_group_name: Option<String>,
    status: Option<String>,
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
}

pub struct Row {
    pub id: String,
    pub name: String,
    pub desc: String,
    pub group: String,
    pub status: &'static str,
    pub created: Ltr,
}

impl From<PolicyView> for Row {
    fn from(v: PolicyView) -> Self {
        Row {
            status: v.state().as_str(),
            created: date(&v.policy.cr_dtimes),
            id: v.policy.id,
            name: v.policy.name,
            desc: v.policy.descr,
            group: v.group.name,
        }
    }
}

#[derive(Template)]
#[template(path = "policies_list.html")]
struct ListPage {
    ctx: PageCtx,
    q: Query,
    tabs: Vec<TypeTab>,
    policy_type: &'static str,
    rows: Vec<Row>,
    pager: Option<Pager>,
    error: Option<String>,
    groups: Vec<String>,
}

pub async fn list(State(state): State<AppState>, s: Session, QueryParams(p): QueryParams<ListQuery>) -> Response {
    let ctx = s.page();
    let policy_type = type_of(p.policy_type.as_deref());
    let type_param = Some(policy_type.as_str().to_string());
    let q = Query::new(
        "/policies",
        &[
            ("policyType", &type_param),
            ("policyName", &p.policy_name),
            ("policyDescription", &p.policy_description),
            ("policyGroupName", &p.policy_group_name),
            ("status", &p.status),
            ("sortFieldName", &p.sort_field_name),
            ("sortType", &p.sort_type),
            ("pageSize", &p.page_size),
        ],
    );
    let params = list_params(&p.sort_field_name, &p.sort_type, &p.page_no, &p.page_size);
    let query = PolicyListQuery {
        policy_type: type_param,
        policy_id: None,
        policy_name: p.policy_name,
        policy_description: p.policy_description,
        policy_group_id: None,
        policy_group_name: p.policy_group_name,
        status: p.status,
    };
    let tabs = tabs(&ctx, policy_type);
    let groups = match state.services.all_policy_groups(&s.ctx).await {
        Ok(groups) => groups.into_iter().map(|g| g.name).collect(),
        Err(e) => return failure(ctx, e),
    };
    let policy_type = policy_type.as_str();
    match state.services.list_policies(&s.ctx, &query, &params).await {
        Ok(page) => {
            let pager = Some(Pager::new(&q, page.page_no, page.page_size, page.total));
            let rows = page.items.into_iter().map(Row::from).collect();
            render(ListPage { ctx, q, tabs, policy_type, rows, pager, error: None, groups })
        }
        Err(ServiceError::Business(e)) => {
            let error = Some(ctx.t.error(&e));
            render(ListPage { ctx, q, tabs, policy_type, rows: Vec::new(), pager: None, error, groups })
        }
        Err(e) => failure(ctx, e),
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
    document: String,
    errors: FormErrors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewQuery {
    policy_type: Option<String>,
    policy_group_name: Option<String>,
}

async fn active_groups(state: &AppState, s: &Session) -> pms_service::Result<Vec<PolicyGroup>> {
    Ok(state.services.all_policy_groups(&s.ctx).await?.into_iter().filter(|g| g.is_active).collect())
}

pub async fn new_form(State(state): State<AppState>, s: Session, QueryParams(q): QueryParams<NewQuery>) -> Response {
    let ctx = s.page();
    let policy_type = type_of(q.policy_type.as_deref());
    match active_groups(&state, &s).await {
        Ok(groups) => render(FormPage {
            type_label: ctx.t.get(&format!("policy-type-{}", policy_type.as_str())),
            ctx,
            id: None,
            policy_type: policy_type.as_str(),
            groups,
            group: q.policy_group_name.unwrap_or_default(),
            name: String::new(),
            desc: String::new(),
            version: "1.0".into(),
            document: serde_json::to_string_pretty(&pms_policy::example(policy_type)).unwrap_or_default(),
            errors: FormErrors::default(),
        }),
        Err(e) => failure(ctx, e),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyForm {
    csrf: String,
    policy_type: Option<String>,
    policy_group_name: Option<String>,
    name: Option<String>,
    desc: Option<String>,
    version: Option<String>,
    policies: Option<String>,
}

/// Field of each business error of the policy form.
const FIELDS: &[(&str, &str)] = &[
    ("PMS_POL_009", "name"),
    ("PMS_POL_019", "policyGroupName"),
    ("PMS_POL_053", "policyGroupName"),
    ("PMS_POL_023", "policyType"),
    ("PMS_PV_005", "policies"),
    ("PMS_PV_006", "policies"),
    ("PMS_PV_007", "policies"),
    ("PMS_PV_008", "policies"),
    ("PMS_PV_009", "policies"),
];

/// The document typed in the form, or the error to show next to it.
fn parse_document(t: super::Tr, text: Option<&str>) -> Result<Option<Value>, FormErrors> {
    let text = text.unwrap_or_default();
    if text.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str::<Value>(text)
        .map(Some)
        .map_err(|e| FormErrors::on("policies", t.arg("policy-json-invalid", "detail", &e.to_string())))
}

async fn redisplay(
    state: &AppState,
    s: &Session,
    id: Option<String>,
    form: PolicyForm,
    errors: FormErrors,
) -> Response {
    let ctx = s.page();
    let policy_type = type_of(form.policy_type.as_deref());
    match active_groups(state, s).await {
        Ok(groups) => render(FormPage {
            type_label: ctx.t.get(&format!("policy-type-{}", policy_type.as_str())),
            ctx,
            id,
            policy_type: policy_type.as_str(),
            groups,
            group: form.policy_group_name.unwrap_or_default(),
            name: form.name.unwrap_or_default(),
            desc: form.desc.unwrap_or_default(),
            version: form.version.unwrap_or_default(),
            document: form.policies.unwrap_or_default(),
            errors,
        }),
        Err(e) => failure(ctx, e),
    }
}

fn input(form: &PolicyForm, document: Option<Value>) -> PolicyInput {
    PolicyInput {
        policy_id: None,
        policy_group_name: form.policy_group_name.clone(),
        policy_type: form.policy_type.clone(),
        name: form.name.clone(),
        desc: form.desc.clone(),
        version: form.version.clone(),
        policies: document,
    }
}

pub async fn create(
    State(state): State<AppState>,
    SessionForm { session: s, form }: SessionForm<PolicyForm>,
) -> Response {
    let t = s.page().t;
    let document = match parse_document(t, form.policies.as_deref()) {
        Ok(d) => d,
        Err(errors) => return redisplay(&state, &s, None, form, errors).await,
    };
    match state.services.create_policy(&s.ctx, input(&form, document)).await {
        Ok(v) => Redirect::to(&format!("/policies/{}?done=policy-created", v.policy.id)).into_response(),
        Err(e) if e.is_rejection() => {
            let errors = FormErrors::from_error(t, &e, FIELDS);
            redisplay(&state, &s, None, form, errors).await
        }
        Err(e) => failure(s.page(), e),
    }
}

pub struct Version {
    pub revision: i32,
    pub change: String,
    pub by: String,
    pub at: Ltr,
    pub status: &'static str,
    pub name: String,
    pub version: String,
    pub document: String,
}

impl From<PolicyRevision> for Version {
    fn from(h: PolicyRevision) -> Self {
        Version {
            status: PolicyState::from_row(h.policy_schema.is_some(), h.is_active).as_str(),
            at: date(&h.eff_dtimes),
            document: pretty(&h.policy_file_id),
            revision: h.rev,
            change: h.change_kind,
            by: h.changed_by,
            name: h.name,
            version: h.version,
        }
    }
}

fn pretty(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| text.to_string())
}

#[derive(Template)]
#[template(path = "policy_view.html")]
struct ViewPage {
    ctx: PageCtx,
    v: PolicyView,
    status: &'static str,
    document: String,
    created: Ltr,
    valid_from: Ltr,
    valid_to: Ltr,
    history: Vec<Version>,
}

pub async fn view(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    let ctx = s.page();
    let v = match state.services.policy(&s.ctx, &id).await {
        Ok(v) => v,
        Err(e) => return failure(ctx, e),
    };
    let history = match state.services.policy_history(&s.ctx, &id).await {
        Ok(h) => h.into_iter().map(Version::from).collect(),
        Err(e) => return failure(ctx, e),
    };
    render(ViewPage {
        status: v.state().as_str(),
        document: pretty(&v.policy.policy_file_id),
        created: date(&v.policy.cr_dtimes),
        valid_from: date(&v.policy.valid_from_date),
        valid_to: date(&v.policy.valid_to_date),
        ctx,
        v,
        history,
    })
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
    let policy_type = v.policy_type().unwrap_or(PolicyType::Auth);
    render(FormPage {
        type_label: ctx.t.get(&format!("policy-type-{}", policy_type.as_str())),
        ctx,
        id: Some(v.policy.id.clone()),
        policy_type: policy_type.as_str(),
        groups: vec![v.group.clone()],
        group: v.group.name.clone(),
        document: pretty(&v.policy.policy_file_id),
        name: v.policy.name,
        desc: v.policy.descr,
        version: v.policy.version,
        errors: FormErrors::default(),
    })
}

pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, form }: SessionForm<PolicyForm>,
) -> Response {
    let t = s.page().t;
    let document = match parse_document(t, form.policies.as_deref()) {
        Ok(d) => d,
        Err(errors) => return redisplay(&state, &s, Some(id), form, errors).await,
    };
    match state.services.update_policy(&s.ctx, &id, input(&form, document)).await {
        Ok(v) => Redirect::to(&format!("/policies/{}?done=policy-saved", v.policy.id)).into_response(),
        Err(e) if e.is_rejection() => {
            let errors = FormErrors::from_error(t, &e, FIELDS);
            redisplay(&state, &s, Some(id), form, errors).await
        }
        Err(e) => failure(s.page(), e),
    }
}

async fn confirm(state: &AppState, s: &Session, id: &str, action: &str) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let v = match state.services.policy(&s.ctx, id).await {
        Ok(v) => v,
        Err(e) => return failure(ctx, e),
    };
    render(ConfirmPage {
        title: t.get(&format!("policy-{action}-title")),
        message: t.arg(&format!("policy-{action}-message"), "name", &v.policy.name),
        action: format!("/policies/{id}/{action}"),
        button: t.get(&format!("action-{action}")),
        cancel: format!("/policies/{id}"),
        reason: None,
        blocked: None,
        danger: action == "deactivate",
        ctx,
    })
}

pub async fn confirm_publish(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    confirm(&state, &s, &id, "publish").await
}

pub async fn confirm_deactivate(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    confirm(&state, &s, &id, "deactivate").await
}

pub async fn publish(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, .. }: SessionForm<PlainForm>,
) -> Response {
    let group = match state.services.policy(&s.ctx, &id).await {
        Ok(v) => v.group.id,
        Err(e) => return failure(s.page(), e),
    };
    match state.services.publish_policy(&s.ctx, &id, &group).await {
        Ok(_) => Redirect::to(&format!("/policies/{id}?done=policy-published")).into_response(),
        Err(e) => failure(s.page(), e),
    }
}

pub async fn deactivate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, .. }: SessionForm<PlainForm>,
) -> Response {
    match state.services.deactivate_policy(&s.ctx, &id, Some("De-Activate")).await {
        Ok(_) => Redirect::to(&format!("/policies/{id}?done=policy-deactivated")).into_response(),
        Err(e) => failure(s.page(), e),
    }
}

#[derive(Template)]
#[template(path = "policy_clone.html")]
struct ClonePage {
    ctx: PageCtx,
    v: PolicyView,
    groups: Vec<PolicyGroup>,
    group: String,
    name: String,
    errors: FormErrors,
}

pub async fn clone_form(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    let ctx = s.page();
    let v = match state.services.policy(&s.ctx, &id).await {
        Ok(v) => v,
        Err(e) => return failure(ctx, e),
    };
    match active_groups(&state, &s).await {
        Ok(groups) => render(ClonePage {
            name: v.policy.name.clone(),
            ctx,
            v,
            groups,
            group: String::new(),
            errors: FormErrors::default(),
        }),
        Err(e) => failure(ctx, e),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloneForm {
    csrf: String,
    policy_group_name: Option<String>,
    name: Option<String>,
}

pub async fn clone(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, form }: SessionForm<CloneForm>,
) -> Response {
    match state.services.clone_policy(&s.ctx, &id, form.policy_group_name.as_deref(), form.name.as_deref()).await {
        Ok(v) => Redirect::to(&format!("/policies/{}?done=policy-cloned", v.policy.id)).into_response(),
        Err(e) if e.is_rejection() => {
            let ctx = s.page();
            let errors = FormErrors::from_error(ctx.t, &e, FIELDS);
            let v = match state.services.policy(&s.ctx, &id).await {
                Ok(v) => v,
                Err(e) => return failure(ctx, e),
            };
            match active_groups(&state, &s).await {
                Ok(groups) => render(ClonePage {
                    ctx,
                    v,
                    groups,
                    group: form.policy_group_name.unwrap_or_default(),
                    name: form.name.unwrap_or_default(),
                    errors,
                }),
                Err(e) => failure(ctx, e),
            }
        }
        Err(e) => failure(s.page(), e),
    }
}

super::session::csrf_forms!(PolicyForm, CloneForm);
