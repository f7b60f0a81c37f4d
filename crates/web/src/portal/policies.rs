//! Policy pages: lists per type, view with formatted JSON, version history and the differences
//! between consecutive versions, download of the document, publish, deactivate and clone (the
//! editor is in `policy_editor`).

use super::groups::{ConfirmPage, PlainForm};
use super::session::{Session, SessionForm};
use super::{date, failure, list_params, render, FormErrors, Ltr, PageCtx, Pager, Query};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::response::{IntoResponse, Redirect, Response};
use pms_domain::policy::{PolicyState, PolicyType};
use pms_policy::diff::{diff_lines, DiffLine};
use pms_service::policies::{PolicyListQuery, PolicyView};
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
    let policy_type = super::policy_editor::type_of(p.policy_type.as_deref());
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

pub struct Version {
    pub revision: i32,
    pub desc: String,
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
            desc: h.descr,
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
    /// The policy this one was cloned from: its id and, while it exists, its name.
    cloned_from: Option<(String, Option<String>)>,
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
    let cloned_from = match v.policy.cloned_from.clone() {
        None => None,
        Some(source) => match state.services.policy(&s.ctx, &source).await {
            Ok(found) => Some((source, Some(found.policy.name))),
            Err(ServiceError::Business(_)) => Some((source, None)),
            Err(e) => return failure(ctx, e),
        },
    };
    render(ViewPage {
        cloned_from,
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

/// `GET /policies/{id}/document`: the current document as a `.json` file.
pub async fn download(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    let ctx = s.page();
    match state.services.policy(&s.ctx, &id).await.and_then(|v| Ok((v.document()?, v))) {
        Ok((document, v)) => super::policy_editor::download(&v.policy.name, &document),
        Err(e) => failure(ctx, e),
    }
}

/// One field of a version compared with the version before it.
pub struct FieldChange {
    pub label: String,
    pub before: String,
    pub after: String,
    pub changed: bool,
}

#[derive(Template)]
#[template(path = "policy_diff.html")]
struct DiffPage {
    ctx: PageCtx,
    v: PolicyView,
    before: Option<Version>,
    after: Version,
    fields: Vec<FieldChange>,
    lines: Vec<DiffLine>,
    added: usize,
    removed: usize,
}

/// `GET /policies/{id}/versions/{rev}`: what version `rev` changed from the one before it.
pub async fn version_diff(
    State(state): State<AppState>,
    s: Session,
    Path((id, rev)): Path<(String, String)>,
) -> Response {
    let ctx = s.page();
    let Ok(rev) = rev.parse::<i32>() else {
        return failure(ctx, pms_domain::error::POLICY_ID_NOT_FOUND.err().into());
    };
    let v = match state.services.policy(&s.ctx, &id).await {
        Ok(v) => v,
        Err(e) => return failure(ctx, e),
    };
    let (before, after) = match state.services.policy_version_pair(&s.ctx, &id, rev).await {
        Ok((before, after)) => (before.map(Version::from), Version::from(after)),
        Err(e) => return failure(ctx, e),
    };
    let old_text = before.as_ref().map(|b| b.document.as_str()).unwrap_or_default();
    let lines = diff_lines(old_text, &after.document);
    let count = |c| lines.iter().filter(|l| l.change == c).count();
    let (added, removed) = (count(pms_policy::diff::LineChange::Added), count(pms_policy::diff::LineChange::Removed));
    let t = ctx.t;
    let field = |key: &str, before: Option<&String>, after: &String| FieldChange {
        label: t.get(key),
        changed: before != Some(after),
        before: before.cloned().unwrap_or_default(),
        after: after.clone(),
    };
    let fields = vec![
        field("field-name", before.as_ref().map(|b| &b.name), &after.name),
        field("field-description", before.as_ref().map(|b| &b.desc), &after.desc),
        field("field-version", before.as_ref().map(|b| &b.version), &after.version),
        FieldChange {
            label: t.get("field-status"),
            changed: before.as_ref().map(|b| b.status) != Some(after.status),
            before: before.as_ref().map(|b| t.status(b.status)).unwrap_or_default(),
            after: t.status(after.status),
        },
    ];
    render(DiffPage { ctx, v, before, after, fields, lines, added, removed })
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
    match super::policy_editor::active_groups(&state, &s).await {
        Ok(groups) => render(ClonePage {
            name: pms_domain::policy::bounded_name(&ctx.t.arg("policy-clone-default-name", "name", &v.policy.name)),
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
            let errors = FormErrors::from_error(ctx.t, &e, super::policy_editor::FIELDS);
            let v = match state.services.policy(&s.ctx, &id).await {
                Ok(v) => v,
                Err(e) => return failure(ctx, e),
            };
            match super::policy_editor::active_groups(&state, &s).await {
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

super::session::csrf_forms!(CloneForm);
