//! MOSIP policy service (`/v1/policymanager`): policy groups and policies.

use super::envelope::{
    MessageResponse, PageResponse, PageResponseV2, Reply, RequestWrapper, RequestWrapperV2, ResponseWrapper,
    ResponseWrapperV2,
};
use super::extract::{Caller, LegacyJson, V2Json};
use super::{filter_values, FilterResponse};
use crate::api::search::{FilterValueDto, SearchDto};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use pms_domain::list::{ListParams, SortRule};
use pms_service::policies::{GroupListQuery, PolicyInput, PolicyListQuery};
use pms_service::ServiceError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub mod wire;
pub use wire::*;

const TAG_GROUPS: &str = "Policy groups";
const TAG_POLICIES: &str = "Policies";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_group))
        .routes(routes!(update_group, deactivate_group, get_group))
        .routes(routes!(all_groups))
        .routes(routes!(search_groups))
        .routes(routes!(group_filter_values))
        .routes(routes!(active_groups))
        .routes(routes!(list_groups))
        .routes(routes!(create_policy, all_policies))
        .routes(routes!(update_policy, deactivate_policy, get_policy))
        .routes(routes!(publish_policy))
        .routes(routes!(legacy_policy_status))
        .routes(routes!(policy_for_partner))
        .routes(routes!(search_policies))
        .routes(routes!(policy_filter_values))
        .routes(routes!(active_policies_of_group))
        .routes(routes!(list_policies))
        .routes(routes!(config_value))
        .routes(routes!(clone_policy))
        .routes(routes!(policy_history))
}

// ------------------------------------------------------------------ policy groups

/// Create a policy group (active). Names are unique regardless of case.
#[utoipa::path(post, path = "/v1/policymanager/policies/group/new", tag = TAG_GROUPS,
    request_body = RequestWrapper<GroupCreateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Created, or errors PMS_COR_001, PMS_POL_014", body = ResponseWrapper<GroupResponse>),
              (status = 401, description = "KER-ATH-401"), (status = 403, description = "KER-ATH-403")))]
pub async fn create_group(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<GroupCreateRequest>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services.create_policy_group(&ctx, r.name.as_deref(), r.desc.as_deref()).await.map(GroupResponse::from),
    )
}

/// Rename, describe, activate or deactivate a group. Deactivation requires that no active or
/// draft policy remains in it.
#[utoipa::path(put, path = "/v1/policymanager/policies/group/{policygroupId}", tag = TAG_GROUPS,
    params(("policygroupId" = String, Path)),
    request_body = RequestWrapper<GroupUpdateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Updated, or errors PMS_COR_001, PMS_POL_008 (unknown group, as MOSIP answers), PMS_POL_014, PMS_POL_056/069/070", body = ResponseWrapper<GroupResponse>)))]
pub async fn update_group(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<GroupUpdateRequest>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services
            .update_policy_group(&ctx, &id, r.name.as_deref(), r.desc.as_deref(), r.is_active)
            .await
            .map(GroupResponse::from),
    )
}

/// Deactivate a policy group (revamp). Refused while active or draft policies remain.
#[utoipa::path(patch, path = "/v1/policymanager/policies/group/{policygroupId}", tag = TAG_GROUPS,
    params(("policygroupId" = String, Path)),
    request_body(content = RequestWrapperV2<DeactivateGroupRequest>, description = "id `mosip.pms.deactivate.policy.group.patch`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Deactivated, or errors PMS_REQUEST_ERROR_00x, PMS_POL_073, PMS_POL_068, PMS_POL_067, PMS_POL_069, PMS_POL_056, PMS_POL_070", body = ResponseWrapperV2<GroupActiveResponse>)))]
pub async fn deactivate_group(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<DeactivateGroupRequest>,
) -> Response {
    body.reply.result(
        s.services
            .deactivate_policy_group(&ctx, &id, body.request.status.as_deref())
            .await
            .map(|g| GroupActiveResponse { policy_group_id: g.id, is_active: g.is_active }),
    )
}

/// A policy group with all its policies.
#[utoipa::path(get, path = "/v1/policymanager/policies/group/{policygroupId}", tag = TAG_GROUPS,
    params(("policygroupId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The group, or error PMS_POL_016", body = ResponseWrapper<GroupWithPolicies>)))]
pub async fn get_group(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.group.retrieve").result(
        s.services
            .policy_group_with_policies(&ctx, &id)
            .await
            .and_then(|(g, p)| Ok(GroupWithPolicies { policy_group: g.into(), policies: policy_dtos(p)? })),
    )
}

/// Every policy group with its policies.
#[utoipa::path(get, path = "/v1/policymanager/policies/group/all", tag = TAG_GROUPS,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<Vec<GroupWithPolicies>>)))]
pub async fn all_groups(State(s): State<AppState>, Caller(ctx): Caller) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.group.retrieve").result(
        s.services.all_policy_groups_with_policies(&ctx).await.and_then(|all| {
            all.into_iter()
                .map(|(g, p)| Ok(GroupWithPolicies { policy_group: g.into(), policies: policy_dtos(p)? }))
                .collect::<Result<Vec<_>, ServiceError>>()
        }),
    )
}

/// Search policy groups (legacy `SearchDto`), filtered, sorted and paged in SQL.
#[utoipa::path(post, path = "/v1/policymanager/policies/group/search", tag = TAG_GROUPS,
    request_body = RequestWrapper<SearchDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392", body = ResponseWrapper<PageResponse<GroupEntity>>)))]
pub async fn search_groups(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<SearchDto>) -> Response {
    let dto = &body.request;
    body.reply.result(
        s.services
            .search_policy_groups(&ctx, &dto.clone().into())
            .await
            .map(|page| PageResponse::of(dto, page, GroupEntity::from)),
    )
}

/// Distinct values of policy-group columns, for filter drop-downs.
#[utoipa::path(post, path = "/v1/policymanager/policies/group/filtervalues", tag = TAG_GROUPS,
    request_body = RequestWrapper<FilterValueDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<FilterResponse>)))]
pub async fn group_filter_values(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<FilterValueDto>,
) -> Response {
    body.reply
        .result(s.services.policy_group_filter_values(&ctx, &body.request.clone().into()).await.map(filter_values))
}

/// Active policy groups, for partners choosing one at registration.
#[utoipa::path(get, path = "/v1/policymanager/policies/policy-groups", tag = TAG_GROUPS,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Active groups, or error PMS_POL_059", body = ResponseWrapperV2<Vec<ActiveGroup>>)))]
pub async fn active_groups(State(s): State<AppState>, Caller(ctx): Caller) -> Response {
    Reply::v2("mosip.pms.policy.groups.get").result(s.services.active_policy_groups(&ctx).await.map(|groups| {
        groups.into_iter().map(|g| ActiveGroup { id: g.id, name: g.name, description: g.descr }).collect::<Vec<_>>()
    }))
}

/// Policy groups, filtered, sorted and paged (revamp list).
#[utoipa::path(get, path = "/v1/policymanager/policy-groups", tag = TAG_GROUPS,
    params(GroupListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS_PRT_357/358/360/361", body = ResponseWrapperV2<PageResponseV2<GroupSummary>>)))]
pub async fn list_groups(State(s): State<AppState>, Caller(ctx): Caller, Query(q): Query<GroupListParams>) -> Response {
    let params = ListParams {
        sort_field_name: q.sort_field_name,
        sort_type: q.sort_type,
        page_no: q.page_no,
        page_size: q.page_size,
        ..ListParams::default()
    };
    let query = GroupListQuery {
        id: q.policy_group_id,
        name: q.policy_group_name,
        description: q.policy_group_description,
        status: q.status,
    };
    let reply = Reply::v2("mosip.pms.policy.groups.get");
    reply.result(s.services.list_policy_groups(&ctx, &query, &params).await.map(|page| {
        PageResponseV2::new(
            page.page_no,
            page.page_size,
            page.total,
            page.items.into_iter().map(GroupSummary::from).collect(),
        )
    }))
}

// ------------------------------------------------------------------ policies

/// Create a policy as a draft. Its document is checked against the JSON Schema of its type.
#[utoipa::path(post, path = "/v1/policymanager/policies", tag = TAG_POLICIES,
    request_body = RequestWrapper<PolicyCreateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Created (draft), or errors PMS_COR_001, PMS_POL_023, PMS_POL_019, PMS_POL_053, PMS_POL_009, PMS_PV_005…009", body = ResponseWrapper<PolicyCreateResponse>)))]
pub async fn create_policy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<PolicyCreateRequest>,
) -> Response {
    let LegacyJson { request: r, reply } = body;
    let input = PolicyInput {
        policy_id: r.policy_id,
        policy_group_name: r.policy_group_name,
        policy_type: r.policy_type,
        name: r.name,
        desc: r.desc,
        version: r.version,
        policies: r.policies,
    };
    reply.result(s.services.create_policy(&ctx, input).await.map(PolicyCreateResponse::from))
}

/// Every policy, drafts included.
#[utoipa::path(get, path = "/v1/policymanager/policies", tag = TAG_POLICIES,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<Vec<PolicyResponse>>)))]
pub async fn all_policies(State(s): State<AppState>, Caller(ctx): Caller) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.retrieve").result(
        s.services
            .all_policies(&ctx)
            .await
            .and_then(|all| all.into_iter().map(policy_response).collect::<Result<Vec<_>, _>>()),
    )
}

/// Rewrite a draft policy. Published policies cannot change. Announced as `POLICY_UPDATED`.
#[utoipa::path(put, path = "/v1/policymanager/policies/{policyId}", tag = TAG_POLICIES,
    params(("policyId" = String, Path)),
    request_body = RequestWrapper<PolicyUpdateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Updated, or errors PMS_COR_001, PMS_POL_019, PMS_POL_053, PMS_POL_008, PMS_POL_015, PMS_POL_055, PMS_POL_009, PMS_PV_00x", body = ResponseWrapper<PolicyCreateResponse>)))]
pub async fn update_policy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<PolicyUpdateRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services.update_policy(&ctx, &id, policy_input(None, None, request)).await.map(PolicyCreateResponse::from),
    )
}

/// Deactivate an activated policy (revamp). Refused while partner policy requests reference it.
/// Announced as `POLICY_UPDATED` with status `DEACTIVE` (MOSIP forgets to tell consumers).
#[utoipa::path(patch, path = "/v1/policymanager/policies/{policyId}", tag = TAG_POLICIES,
    params(("policyId" = String, Path)),
    request_body(content = RequestWrapperV2<DeactivatePolicyRequest>, description = "id `mosip.pms.deactivate.policy.patch`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Deactivated, or errors PMS_REQUEST_ERROR_00x, PMS_POL_073, PMS_POL_065, PMS_POL_072, PMS_POL_062, PMS_POL_063, PMS_POL_064", body = ResponseWrapperV2<PolicyActiveResponse>)))]
pub async fn deactivate_policy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<DeactivatePolicyRequest>,
) -> Response {
    body.reply.result(
        s.services
            .deactivate_policy(&ctx, &id, body.request.status.as_deref())
            .await
            .map(|v| PolicyActiveResponse { policy_id: v.policy.id, is_active: v.policy.is_active }),
    )
}

/// One policy with its group.
#[utoipa::path(get, path = "/v1/policymanager/policies/{policyId}", tag = TAG_POLICIES,
    params(("policyId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The policy, or error PMS_POL_008", body = ResponseWrapper<PolicyResponse>)))]
pub async fn get_policy(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.retrieve")
        .result(s.services.policy(&ctx, &id).await.and_then(policy_response))
}

/// Publish a draft: it becomes active and frozen. Announced as `POLICY_UPDATED`.
#[utoipa::path(post, path = "/v1/policymanager/policies/{policyId}/group/{policygroupId}/publish", tag = TAG_POLICIES,
    params(("policyId" = String, Path), ("policygroupId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Published, or errors PMS_POL_016, PMS_POL_053, PMS_POL_008, PMS_POL_015, PMS_POL_020", body = ResponseWrapper<PolicyResponse>)))]
pub async fn publish_policy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((id, group)): Path<(String, String)>,
) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.publish")
        .result(s.services.publish_policy(&ctx, &id, &group).await.and_then(policy_response))
}

/// Legacy status change (`Active` / `De-Active`). As in MOSIP 1.2.2 it changes nothing; its
/// checks answer as MOSIP's do.
#[utoipa::path(patch, path = "/v1/policymanager/policies/{policyId}/group/{policygroupId}", tag = TAG_POLICIES,
    params(("policyId" = String, Path), ("policygroupId" = String, Path)),
    request_body = RequestWrapper<StatusRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Errors PMS_POL_045, PMS_POL_016, PMS_POL_053, PMS_POL_008, PMS_POL_015, PMS_POL_058, PMS_POL_054, PMS_POL_057", body = ResponseWrapper<MessageResponse>)))]
pub async fn legacy_policy_status(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((id, group)): Path<(String, String)>,
    body: LegacyJson<StatusRequest>,
) -> Response {
    body.reply.result(
        s.services
            .legacy_policy_status(&ctx, &id, &group, body.request.status.as_deref())
            .await
            .map(|_| MessageResponse { message: "status updated successfully".into() }),
    )
}

/// The policy, if the partner holds an active API key for it (used by datashare).
#[utoipa::path(get, path = "/v1/policymanager/policies/{policyId}/partner/{partnerId}", tag = TAG_POLICIES,
    params(("policyId" = String, Path), ("partnerId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The policy, or errors PMS_POL_008, PMS_POL_017", body = ResponseWrapper<PolicyResponse>)))]
pub async fn policy_for_partner(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((id, partner)): Path<(String, String)>,
) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.retrieve")
        .result(s.services.policy_for_partner(&ctx, &id, &partner).await.and_then(policy_response))
}

/// Search policies (legacy `SearchDto` plus `policyType`), in SQL.
#[utoipa::path(post, path = "/v1/policymanager/policies/search", tag = TAG_POLICIES,
    request_body = RequestWrapper<PolicySearchRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392, PMS_POL_023", body = ResponseWrapper<PageResponse<PolicySearchItem>>)))]
pub async fn search_policies(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<PolicySearchRequest>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services
            .search_policies(&ctx, &r.search.clone().into(), r.policy_type.as_deref())
            .await
            .map(|page| PageResponse::of(&r.search, page, PolicySearchItem::from)),
    )
}

/// Distinct values of policy columns, for filter drop-downs.
#[utoipa::path(post, path = "/v1/policymanager/policies/filtervalues", tag = TAG_POLICIES,
    request_body = RequestWrapper<PolicyFilterValueRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<FilterResponse>)))]
pub async fn policy_filter_values(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<PolicyFilterValueRequest>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services
            .policy_filter_values(&ctx, &r.filter.clone().into(), r.policy_type.as_deref())
            .await
            .map(filter_values),
    )
}

/// Published, active policies of a group (by group name).
#[utoipa::path(get, path = "/v1/policymanager/policies/active/group/{groupName}", tag = TAG_POLICIES,
    params(("groupName" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Active policies, or errors PMS_POL_019, PMS_POL_053", body = ResponseWrapper<Vec<ActivePolicy>>)))]
pub async fn active_policies_of_group(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(name): Path<String>,
) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.retrieve").result(
        s.services.active_policies_of_group(&ctx, &name).await.map(|(g, list)| {
            list.into_iter()
                .map(|p| ActivePolicy {
                    policy_group_id: g.id.clone(),
                    policy_group_name: g.name.clone(),
                    id: p.id,
                    name: p.name,
                    descr: p.descr,
                    policy_type: p.policy_type,
                })
                .collect::<Vec<_>>()
        }),
    )
}

/// Policies, filtered, sorted and paged (revamp list; 8 per page by default).
#[utoipa::path(get, path = "/v1/policymanager/policies/v2", tag = TAG_POLICIES,
    params(PolicyListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS_PRT_357/358/360/361", body = ResponseWrapperV2<PageResponseV2<PolicySummary>>)))]
pub async fn list_policies(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Query(q): Query<PolicyListParams>,
) -> Response {
    // MOSIP checks this list's sort parameters one by one (`PolicyUtil`), never as a pair.
    let params = ListParams {
        sort_field_name: q.sort_field_name,
        sort_type: q.sort_type,
        page_no: q.page_no,
        page_size: q.page_size,
        sort_rule: SortRule::Independent,
    };
    let query = PolicyListQuery {
        policy_type: q.policy_type,
        policy_id: q.policy_id,
        policy_name: q.policy_name,
        policy_description: q.policy_description,
        policy_group_id: None,
        policy_group_name: q.policy_group_name,
        status: q.status,
    };
    Reply::v2("mosip.pms.policies.get").result(s.services.list_policies(&ctx, &query, &params).await.map(|page| {
        PageResponseV2::new(
            page.page_no,
            page.page_size,
            page.total,
            page.items.into_iter().map(PolicySummary::from).collect(),
        )
    }))
}

/// A policy-related configuration value. Only a fixed list of non-secret keys is answered
/// (`pmp.allowed.policy.types`, `policy.auth.allowed.token.types`, `pmp.<type>.policy.schema`, …);
/// other keys give `null`.
#[utoipa::path(get, path = "/v1/policymanager/policies/config/{key}", tag = TAG_POLICIES,
    params(("key" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<ConfigResponse>)))]
pub async fn config_value(Caller(ctx): Caller, Path(key): Path<String>) -> Response {
    let reply = Reply::legacy("mosip.partnermanagement.policies.config");
    match ctx.require(pms_domain::roles::POLICY_ADMINS) {
        Ok(_) => reply.ok(ConfigResponse { value: pms_service::policies::config_value(&key), key }),
        Err(e) => reply.error(e),
    }
}

/// Copy a policy into a group as a new draft (its name must be free there).
#[utoipa::path(post, path = "/v1/policymanager/policies/{policyId}/clone", tag = TAG_POLICIES,
    params(("policyId" = String, Path)),
    request_body = RequestWrapper<CloneRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The copy, or errors PMS_POL_008, PMS_POL_019, PMS_POL_053, PMS_POL_009", body = ResponseWrapper<PolicyCreateResponse>)))]
pub async fn clone_policy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<CloneRequest>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services
            .clone_policy(&ctx, &id, r.policy_group_name.as_deref(), r.name.as_deref())
            .await
            .map(PolicyCreateResponse::from),
    )
}

/// Every version of a policy, newest first.
#[utoipa::path(get, path = "/v1/policymanager/policies/{policyId}/history", tag = TAG_POLICIES,
    params(("policyId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Versions, or error PMS_POL_008", body = ResponseWrapper<Vec<PolicyVersion>>)))]
pub async fn policy_history(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    let reply = Reply::legacy("mosip.partnermanagement.policies.history");
    let result = async {
        s.services.policy(&ctx, &id).await?;
        s.services.policy_history(&ctx, &id).await
    }
    .await;
    reply.result(result.map(|h| h.into_iter().map(PolicyVersion::from).collect::<Vec<_>>()))
}
