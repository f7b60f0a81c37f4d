//! Policy group pages (Policy Manager / Partner Admin).

use super::session::{Session, SessionForm};
use super::{date, failure, list_params, render, FormErrors, Ltr, PageCtx, Pager, Query};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::response::{IntoResponse, Redirect, Response};
use pms_domain::policy::PolicyState;
use pms_service::policies::GroupListQuery;
use pms_service::view::{Policy, PolicyGroup};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    policy_group_name: Option<String>,
    policy_group_description: Option<String>,
    status: Option<String>,
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
}

#[derive(Template)]
#[template(path = "groups_list.html")]
struct ListPage {
    ctx: PageCtx,
    q: Query,
    groups: Vec<PolicyGroup>,
    pager: Option<Pager>,
    error: Option<String>,
}

impl ListPage {
    fn created(&self, g: &PolicyGroup) -> Ltr {
        date(&g.cr_dtimes)
    }
}

pub async fn list(State(state): State<AppState>, s: Session, QueryParams(p): QueryParams<ListQuery>) -> Response {
    let ctx = s.page();
    let q = Query::new(
        "/policy-groups",
        &[
            ("policyGroupName", &p.policy_group_name),
            ("policyGroupDescription", &p.policy_group_description),
            ("status", &p.status),
            ("sortFieldName", &p.sort_field_name),
            ("sortType", &p.sort_type),
            ("pageSize", &p.page_size),
        ],
    );
    let params = list_params(&p.sort_field_name, &p.sort_type, &p.page_no, &p.page_size);
    let query = GroupListQuery {
        id: None,
        name: p.policy_group_name,
        description: p.policy_group_description,
        status: p.status,
    };
    match state.services.list_policy_groups(&s.ctx, &query, &params).await {
        Ok(page) => {
            let pager = Some(Pager::new(&q, page.page_no, page.page_size, page.total));
            render(ListPage { ctx, q, groups: page.items, pager, error: None })
        }
        Err(pms_service::ServiceError::Business(e)) => {
            let error = Some(ctx.t.error(&e));
            render(ListPage { ctx, q, groups: Vec::new(), pager: None, error })
        }
        Err(e) => failure(ctx, e),
    }
}

#[derive(Template)]
#[template(path = "group_form.html")]
struct FormPage {
    ctx: PageCtx,
    /// Editing an existing group, or creating one.
    id: Option<String>,
    name: String,
    desc: String,
    errors: FormErrors,
}

pub async fn new_form(s: Session) -> Response {
    if let Err(e) = s.ctx.require(pms_domain::roles::POLICY_ADMINS) {
        return failure(s.page(), e);
    }
    render(FormPage {
        ctx: s.page(),
        id: None,
        name: String::new(),
        desc: String::new(),
        errors: FormErrors::default(),
    })
}

#[derive(Deserialize)]
pub struct GroupForm {
    csrf: String,
    name: Option<String>,
    desc: Option<String>,
}

const FIELDS: &[(&str, &str)] = &[("PMS_POL_014", "name")];

pub async fn create(
    State(state): State<AppState>,
    SessionForm { session: s, form }: SessionForm<GroupForm>,
) -> Response {
    match state.services.create_policy_group(&s.ctx, form.name.as_deref(), form.desc.as_deref()).await {
        Ok(g) => Redirect::to(&format!("/policy-groups/{}?done=group-created", g.id)).into_response(),
        Err(e) if e.is_rejection() => {
            let ctx = s.page();
            let errors = FormErrors::from_error(ctx.t, &e, FIELDS);
            render(FormPage {
                ctx,
                id: None,
                name: form.name.unwrap_or_default(),
                desc: form.desc.unwrap_or_default(),
                errors,
            })
        }
        Err(e) => failure(s.page(), e),
    }
}

#[derive(Template)]
#[template(path = "group_view.html")]
struct ViewPage {
    ctx: PageCtx,
    group: PolicyGroup,
    policies: Vec<Policy>,
    created: Ltr,
}

impl ViewPage {
    fn state(&self, p: &Policy) -> &'static str {
        PolicyState::from_row(p.policy_schema.is_some(), p.is_active).as_str()
    }
}

pub async fn view(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    match state.services.policy_group_with_policies(&s.ctx, &id).await {
        Ok((group, policies)) => render(ViewPage { created: date(&group.cr_dtimes), ctx: s.page(), group, policies }),
        Err(e) => failure(s.page(), e),
    }
}

pub async fn edit_form(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    match state.services.policy_group(&s.ctx, &id).await {
        Ok(g) => render(FormPage {
            ctx: s.page(),
            id: Some(g.id),
            name: g.name,
            desc: g.descr,
            errors: FormErrors::default(),
        }),
        Err(e) => failure(s.page(), e),
    }
}

pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, form }: SessionForm<GroupForm>,
) -> Response {
    match state.services.update_policy_group(&s.ctx, &id, form.name.as_deref(), form.desc.as_deref(), None).await {
        Ok(g) => Redirect::to(&format!("/policy-groups/{}?done=group-saved", g.id)).into_response(),
        Err(e) if e.is_rejection() => {
            let ctx = s.page();
            let errors = FormErrors::from_error(ctx.t, &e, FIELDS);
            render(FormPage {
                ctx,
                id: Some(id),
                name: form.name.unwrap_or_default(),
                desc: form.desc.unwrap_or_default(),
                errors,
            })
        }
        Err(e) => failure(s.page(), e),
    }
}

#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub ctx: PageCtx,
    pub title: String,
    pub message: String,
    pub action: String,
    pub button: String,
    pub cancel: String,
    /// Whether a reason must be typed, may be typed, or is not asked.
    pub reason: Option<bool>,
    pub blocked: Option<String>,
    pub danger: bool,
}

pub async fn confirm_deactivate(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let group = match state.services.policy_group(&s.ctx, &id).await {
        Ok(g) => g,
        Err(e) => return failure(ctx, e),
    };
    let (active, drafts) = match state.services.policy_group_counts(&s.ctx, &id).await {
        Ok(c) => c,
        Err(e) => return failure(ctx, e),
    };
    let blocked = (active + drafts > 0).then(|| {
        format!("{} {}", t.count("group-deactivate-active", &active), t.count("group-deactivate-drafts", &drafts))
    });
    render(ConfirmPage {
        title: t.get("group-deactivate-title"),
        message: t.arg("group-deactivate-message", "name", &group.name),
        action: format!("/policy-groups/{id}/deactivate"),
        button: t.get("action-deactivate"),
        cancel: format!("/policy-groups/{id}"),
        reason: None,
        blocked,
        danger: true,
        ctx,
    })
}

#[derive(Deserialize)]
pub struct PlainForm {
    csrf: String,
}

pub async fn deactivate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, .. }: SessionForm<PlainForm>,
) -> Response {
    match state.services.set_policy_group_active(&s.ctx, &id, false).await {
        Ok(_) => Redirect::to(&format!("/policy-groups/{id}?done=group-deactivated")).into_response(),
        Err(e) => failure(s.page(), e),
    }
}

pub async fn activate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, .. }: SessionForm<PlainForm>,
) -> Response {
    match state.services.set_policy_group_active(&s.ctx, &id, true).await {
        Ok(_) => Redirect::to(&format!("/policy-groups/{id}?done=group-activated")).into_response(),
        Err(e) => failure(s.page(), e),
    }
}

super::session::csrf_forms!(GroupForm, PlainForm);
