//! MOSIP partner service (`/v1/partnermanager`): registration by authenticated users, partner
//! details and profile, the Partner Admin's decisions and lists.

use super::envelope::{
    MessageResponse, PageResponse, PageResponseV2, Reply, RequestWrapper, RequestWrapperV2, ResponseWrapper,
    ResponseWrapperV2,
};
use super::extract::{Caller, LegacyJson, V2Json};
use super::{filter_values, time, FilterResponse};
use crate::api::search::{FilterValueDto, SearchDto};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use pms_domain::list::ListParams;
use pms_domain::partner::{PartnerAction, PartnerStatus};
use pms_service::partners::AdminListQuery;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub mod wire;
pub use wire::*;

const TAG: &str = "Partners";
const TAG_ADMIN: &str = "Partner administration";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register, legacy_all_partners))
        .routes(routes!(register_v2, legacy_all_partners_v2))
        .routes(routes!(my_partners_v3))
        .routes(routes!(verify_email))
        .routes(routes!(get_partner, update_partner, legacy_status))
        .routes(routes!(update_partner_v2))
        .routes(routes!(add_contact))
        .routes(routes!(change_policy_group))
        .routes(routes!(search_partners))
        .routes(routes!(search_partner_types))
        .routes(routes!(partner_filter_values))
        .routes(routes!(admin_partners))
        .routes(routes!(admin_partner))
        .routes(routes!(approve))
        .routes(routes!(reject))
        .routes(routes!(deactivate))
        .routes(routes!(reactivate))
}

// ------------------------------------------------------------------ registration by authenticated users

/// Register the caller's partner (`partnerId` = the caller's username). The partner waits for
/// the Partner Admin (`pending_approval`), or for its certificate in `on-certificate` mode.
#[utoipa::path(post, path = "/v1/partnermanager/partners", tag = TAG,
    request_body = RequestWrapper<PartnerRegisterRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Registered, or errors PMS_COR_001, PMS_PRT_055, PMS_PRT_013, PMS_PRT_012, PMS_PRT_066, PMS_PRT_052, PMS_PRT_011, PMS_PRT_056, PMS_PRT_051, PMS_PRT_010, PMS_PRT_108, PMS_PRT_002, PMS_PMP_023", body = ResponseWrapper<PartnerStatusResponse>)))]
pub async fn register(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<PartnerRegisterRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .register_partner(&ctx, register_input(request, None, None))
            .await
            .map(|p| PartnerStatusResponse { partner_id: p.id, status: p.approval_status }),
    )
}

/// As `POST /partners`, with a logo URL and free-form additional information.
#[utoipa::path(post, path = "/v1/partnermanager/partners/v2", tag = TAG,
    request_body = RequestWrapper<PartnerRegisterRequestV2>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Registered, or the errors of POST /partners", body = ResponseWrapper<PartnerStatusResponse>)))]
pub async fn register_v2(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<PartnerRegisterRequestV2>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .register_partner(&ctx, register_input(request.base, request.logo_url, request.additional_info))
            .await
            .map(|p| PartnerStatusResponse { partner_id: p.id, status: p.approval_status }),
    )
}

/// Whether an e-mail address already belongs to a partner, and which partner types need a
/// policy group.
#[utoipa::path(put, path = "/v1/partnermanager/partners/email/verify", tag = TAG,
    request_body = RequestWrapper<EmailVerifyRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or error PMS_PRT_012", body = ResponseWrapper<EmailVerifyResponse>)))]
pub async fn verify_email(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<EmailVerifyRequest>,
) -> Response {
    body.reply.result(
        s.services
            .email_exists(&ctx, body.request.email_id.as_deref())
            .await
            .map(|(exists, types)| EmailVerifyResponse { email_exists: exists, policy_required_partner_types: types }),
    )
}

/// Every partner (for other MOSIP modules: ID repository, resident services, …).
#[utoipa::path(get, path = "/v1/partnermanager/partners", tag = TAG, params(PartnerTypeParam),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or error PMS_PMP_013 when none", body = ResponseWrapper<PartnerList>)))]
pub async fn legacy_all_partners(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Query(q): Query<PartnerTypeParam>,
) -> Response {
    Reply::legacy("mosip.partnermanagement.partners.retrieve").result(
        s.services
            .all_partners(&ctx, q.partner_type.as_deref())
            .await
            .map(|all| PartnerList { partners: all.into_iter().map(|p| list_item(p, false)).collect() }),
    )
}

/// As `GET /partners`, with logo URL and additional information.
#[utoipa::path(get, path = "/v1/partnermanager/partners/v2", tag = TAG, params(PartnerTypeParam),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or error PMS_PMP_013 when none", body = ResponseWrapper<PartnerList>)))]
pub async fn legacy_all_partners_v2(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Query(q): Query<PartnerTypeParam>,
) -> Response {
    Reply::legacy("mosip.partnermanagement.partners.retrieve").result(
        s.services
            .all_partners(&ctx, q.partner_type.as_deref())
            .await
            .map(|all| PartnerList { partners: all.into_iter().map(|p| list_item(p, true)).collect() }),
    )
}

/// The caller's own partners in a given approval status.
#[utoipa::path(get, path = "/v1/partnermanager/partners/v3", tag = TAG, params(V3Params),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or error PMS_CERTIFICATE_ERROR_002 when the caller owns no partner", body = ResponseWrapperV2<Vec<MyPartner>>)))]
pub async fn my_partners_v3(State(s): State<AppState>, Caller(ctx): Caller, Query(q): Query<V3Params>) -> Response {
    let with_group = q.policy_group_available.unwrap_or(false);
    Reply::v2("mosip.pms.partners.v3.get").result(
        s.services.my_partners_v3(&ctx, q.status.as_deref(), q.partner_type.as_deref()).await.map(|list| {
            list.into_iter()
                .map(|v| MyPartner {
                    partner_id: v.partner.id,
                    partner_type: v.partner.partner_type_code,
                    policy_group_id: if with_group { v.partner.policy_group_id } else { None },
                    policy_group_name: v.group.as_ref().filter(|_| with_group).map(|g| g.name.clone()),
                    policy_group_description: v.group.filter(|_| with_group).map(|g| g.descr),
                })
                .collect::<Vec<_>>()
        }),
    )
}

/// One partner. Partner users may read only their own partners.
#[utoipa::path(get, path = "/v1/partnermanager/partners/{partnerId}", tag = TAG,
    params(("partnerId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_PRT_005, PMS_PRT_055 (not the caller's partner)", body = ResponseWrapper<PartnerResponse>)))]
pub async fn get_partner(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::legacy("mosip.partnermanagement.partners.retrieve")
        .result(s.services.partner(&ctx, &id).await.map(PartnerResponse::from))
}

/// Update address and phone. Fields not sent (logo, additional information) are kept.
#[utoipa::path(put, path = "/v1/partnermanager/partners/{partnerId}", tag = TAG,
    params(("partnerId" = String, Path)),
    request_body = RequestWrapper<PartnerUpdateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_COR_001, PMS_PRT_013, PMS_PRT_005, PMS_PRT_055, PMS_PMP_016", body = ResponseWrapper<PartnerStatusResponse>)))]
pub async fn update_partner(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<PartnerUpdateRequest>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services
            .update_partner_profile(&ctx, &id, r.address.as_deref(), r.contact_number.as_deref(), None, None)
            .await
            .map(|p| PartnerStatusResponse { partner_id: p.id, status: p.approval_status }),
    )
}

/// Update address, phone, logo URL and additional information.
#[utoipa::path(put, path = "/v1/partnermanager/partners/v2/{partnerId}", tag = TAG,
    params(("partnerId" = String, Path)),
    request_body = RequestWrapper<PartnerUpdateRequestV2>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or the errors of PUT /partners/{partnerId}", body = ResponseWrapper<PartnerStatusResponse>)))]
pub async fn update_partner_v2(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<PartnerUpdateRequestV2>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services
            .update_partner_profile(
                &ctx,
                &id,
                r.address.as_deref(),
                r.contact_number.as_deref(),
                Some(r.logo_url.as_deref()),
                Some(r.additional_info.as_ref().unwrap_or(&Value::Null)),
            )
            .await
            .map(|p| PartnerStatusResponse { partner_id: p.id, status: p.approval_status }),
    )
}

/// Add or update a contact (keyed by e-mail) of an active partner.
#[utoipa::path(post, path = "/v1/partnermanager/partners/{partnerId}/contact/add", tag = TAG,
    params(("partnerId" = String, Path)),
    request_body = RequestWrapper<ContactRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A message, or errors PMS_COR_001, PMS_PRT_012, PMS_PRT_013, PMS_PRT_005, PMS_PRT_055, PMS_PMP_016", body = ResponseWrapper<String>)))]
pub async fn add_contact(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<ContactRequest>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services
            .upsert_partner_contact(
                &ctx,
                &id,
                r.email_id.as_deref(),
                r.contact_number.as_deref(),
                r.address.as_deref(),
                r.is_active,
            )
            .await
            .map(
                |added| {
                    if added {
                        "Contacts details added successfully."
                    } else {
                        "Contacts details updated successfully."
                    }
                },
            ),
    )
}

/// Change the policy group of a partner that is not active yet.
#[utoipa::path(put, path = "/v1/partnermanager/partners/{partnerId}/policygroup/{policygroupName}", tag = TAG,
    params(("partnerId" = String, Path), ("policygroupName" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "`Success`, or errors PMS_PRT_005, PMS_PRT_055, PMS_PRT_050, PMS_PRT_010, PMS_PRT_048, PMS_PRT_002, PMS_PMP_023", body = ResponseWrapper<String>)))]
pub async fn change_policy_group(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((id, group)): Path<(String, String)>,
) -> Response {
    Reply::legacy("mosip.partnermanagement.partners.policygroup.update")
        .result(s.services.change_partner_policy_group(&ctx, &id, &group).await.map(|_| "Success"))
}

/// Search partners (legacy). Partner users see only their own partners.
#[utoipa::path(post, path = "/v1/partnermanager/partners/search", tag = TAG,
    request_body = RequestWrapper<PartnerSearchRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392", body = ResponseWrapper<PageResponse<PartnerEntity>>)))]
pub async fn search_partners(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<PartnerSearchRequest>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services
            .search_partners(&ctx, &r.search.clone().into(), r.partner_type.as_deref())
            .await
            .map(|page| PageResponse::of(&r.search, page, PartnerEntity::from)),
    )
}

/// Search partner types (legacy).
#[utoipa::path(post, path = "/v1/partnermanager/partners/partnertype/search", tag = TAG,
    request_body = RequestWrapper<SearchDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<PageResponse<PartnerTypeEntity>>)))]
pub async fn search_partner_types(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<SearchDto>,
) -> Response {
    let dto = &body.request;
    body.reply.result(
        s.services
            .search_partner_types(&ctx, &dto.clone().into())
            .await
            .map(|page| PageResponse::of(dto, page, PartnerTypeEntity::from)),
    )
}

/// Distinct values of partner columns (legacy filter drop-downs).
#[utoipa::path(post, path = "/v1/partnermanager/partners/filtervalues", tag = TAG,
    request_body = RequestWrapper<FilterValueDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<FilterResponse>)))]
pub async fn partner_filter_values(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<FilterValueDto>,
) -> Response {
    body.reply.result(s.services.partner_filter_values(&ctx, &body.request.clone().into()).await.map(filter_values))
}

/// Legacy status change by the Partner Admin: `De-active` deactivates (and revokes the
/// partner's credentials); `Active` approves a waiting partner or re-activates a deactivated one.
#[utoipa::path(patch, path = "/v1/partnermanager/partners/{partnerId}", tag = TAG_ADMIN,
    params(("partnerId" = String, Path)),
    request_body = RequestWrapper<LegacyStatusRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A message, or errors PMS_PMP_005, PMS_PM_063, PMS_PM_058, PMS_PRT_108, PMS_ONB_004", body = ResponseWrapper<MessageResponse>)))]
pub async fn legacy_status(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<LegacyStatusRequest>,
) -> Response {
    body.reply.result(
        s.services
            .legacy_partner_status(&ctx, &id, body.request.status.as_deref())
            .await
            .map(|m| MessageResponse { message: m.to_string() }),
    )
}

// ------------------------------------------------------------------ Partner Admin

/// Partners, filtered, sorted and paged (8 per page by default, newest first).
#[utoipa::path(get, path = "/v1/partnermanager/admin-partners", tag = TAG_ADMIN, params(AdminListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS_PRT_357/358/360/361", body = ResponseWrapperV2<PageResponseV2<AdminPartnerItem>>)))]
pub async fn admin_partners(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Query(q): Query<AdminListParams>,
) -> Response {
    let params = ListParams {
        sort_field_name: q.sort_field_name,
        sort_type: q.sort_type,
        page_no: q.page_no,
        page_size: q.page_size,
        ..ListParams::default()
    };
    let query = AdminListQuery {
        partner_id: q.partner_id,
        partner_type: q.partner_type,
        org_name: q.org_name,
        email: q.email_address,
        policy_group_name: q.policy_group_name,
        is_active: q.is_active,
        certificate_upload_status: q.certificate_upload_status,
        status: q.status,
    };
    Reply::v2("mosip.pms.admin.partners.get").result(s.services.admin_partners(&ctx, &query, &params).await.map(
        |page| {
            PageResponseV2::new(
                page.page_no,
                page.page_size,
                page.total,
                page.items.into_iter().map(AdminPartnerItem::from).collect(),
            )
        },
    ))
}

/// A partner's details for the Partner Admin, with its status history.
#[utoipa::path(get, path = "/v1/partnermanager/admin-partners/{partnerId}", tag = TAG_ADMIN,
    params(("partnerId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or error PMS_PRT_005", body = ResponseWrapperV2<AdminPartnerDetails>)))]
pub async fn admin_partner(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::v2("mosip.pms.partner.details.get").result(s.services.admin_partner_details(&ctx, &id).await.map(|d| {
        let status = d.view.status();
        let p = d.view.partner;
        AdminPartnerDetails {
            partner_id: p.id,
            first_name: d.first_name,
            last_name: d.last_name,
            approval_status: p.approval_status,
            is_active: p.is_active,
            partner_status: status.as_str().into(),
            status_reason: p.status_reason,
            created_date_time: time(p.cr_dtimes),
            partner_type: p.partner_type_code,
            organization_name: p.name,
            contact_number: p.contact_no,
            email_id: p.email_id,
            address: p.address,
            lang_code: p.lang_code,
            policy_group_id: p.policy_group_id,
            policy_group_name: d.view.group.as_ref().map(|g| g.name.clone()),
            policy_group_description: d.view.group.map(|g| g.descr),
            is_certificate_available: p.certificate_alias.is_some(),
            certificate_upload_date_time: None,
            certificate_expiry_date_time: None,
            history: d
                .history
                .into_iter()
                .map(|h| StatusChange {
                    revision: h.rev,
                    change: h.change_kind,
                    changed_by: h.changed_by,
                    changed_date_time: time(h.eff_dtimes),
                    status: PartnerStatus::from_row(&h.approval_status, h.is_active).as_str().into(),
                    reason: h.status_reason,
                })
                .collect(),
        }
    }))
}

async fn decide(
    s: AppState,
    ctx: pms_service::Ctx,
    reply: Reply,
    id: String,
    action: PartnerAction,
    reason: Option<String>,
) -> Response {
    reply.result(s.services.decide_partner(&ctx, &id, action, reason.as_deref()).await.map(DecisionResponse::from))
}

/// Approve a partner waiting for approval. Announced as `PARTNER_UPDATED`; the partner is
/// e-mailed in its language. Of two admins approving at once, one wins and the other is told.
#[utoipa::path(post, path = "/v1/partnermanager/admin-partners/{partnerId}/approve", tag = TAG_ADMIN,
    params(("partnerId" = String, Path)),
    request_body(content = RequestWrapperV2<ApproveRequest>, description = "id `mosip.pms.partner.approve.post`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Approved, or errors PMS_PMP_005, PMS_ONB_001, PMS_ONB_004, PMS_PRT_108", body = ResponseWrapperV2<DecisionResponse>)))]
pub async fn approve(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<ApproveRequest>,
) -> Response {
    decide(s, ctx, body.reply, id, PartnerAction::Approve, body.request.comment).await
}

/// Reject a partner waiting for approval; the reason is required and shown to the partner.
#[utoipa::path(post, path = "/v1/partnermanager/admin-partners/{partnerId}/reject", tag = TAG_ADMIN,
    params(("partnerId" = String, Path)),
    request_body(content = RequestWrapperV2<RejectRequest>, description = "id `mosip.pms.partner.reject.post`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Rejected, or errors PMS_ONB_002, PMS_PMP_005, PMS_ONB_001, PMS_ONB_004", body = ResponseWrapperV2<DecisionResponse>)))]
pub async fn reject(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<RejectRequest>,
) -> Response {
    decide(s, ctx, body.reply, id, PartnerAction::Reject, body.request.reason).await
}

/// Deactivate an approved partner: its login can no longer use partner functions and its
/// credentials (API keys, …) are revoked in the same transaction.
#[utoipa::path(post, path = "/v1/partnermanager/admin-partners/{partnerId}/deactivate", tag = TAG_ADMIN,
    params(("partnerId" = String, Path)),
    request_body(content = RequestWrapperV2<DeactivateRequest>, description = "id `mosip.pms.partner.deactivate.post`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Deactivated, or errors PMS_PMP_005, PMS_PM_063, PMS_PMP_016", body = ResponseWrapperV2<DecisionResponse>)))]
pub async fn deactivate(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<DeactivateRequest>,
) -> Response {
    decide(s, ctx, body.reply, id, PartnerAction::Deactivate, body.request.reason).await
}

/// Re-activate a deactivated partner (MOSIP cannot).
#[utoipa::path(post, path = "/v1/partnermanager/admin-partners/{partnerId}/reactivate", tag = TAG_ADMIN,
    params(("partnerId" = String, Path)),
    request_body(content = RequestWrapperV2<ReactivateRequest>, description = "id `mosip.pms.partner.reactivate.post`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Re-activated, or errors PMS_PMP_005, PMS_ONB_003", body = ResponseWrapperV2<DecisionResponse>)))]
pub async fn reactivate(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<ReactivateRequest>,
) -> Response {
    decide(s, ctx, body.reply, id, PartnerAction::Reactivate, body.request.comment).await
}
