//! OIDC clients of eSignet (MOSIP §4.9) and MISP licences (§4.5), under `/v1/partnermanager`,
//! with MOSIP's field names and envelopes.

use super::envelope::{PageResponse, PageResponseV2, Reply, RequestWrapper, ResponseWrapper, ResponseWrapperV2};
use super::extract::{Caller, LegacyJson};
use super::search::{FilterValueDto, SearchDto};
use super::{filter_values, time, FilterResponse};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use pms_domain::list::ListParams;
use pms_service::clients::{ClientInput, ClientListItem, ClientQuery, ClientUpdate, ClientView};
use pms_service::esignet::ClientApi;
use pms_service::misp::IssuedLicence;
use pms_service::view::MispLicence;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const TAG: &str = "OIDC clients and MISP licences";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_oauth_client, list_clients))
        .routes(routes!(update_oauth_client, get_oauth_client))
        .routes(routes!(create_oidc_client))
        .routes(routes!(update_oidc_client, get_oidc_client))
        .routes(routes!(create_licence, set_licence_status, list_licences))
        .routes(routes!(licence_key))
        .routes(routes!(licence_filter_values))
        .routes(routes!(search_licences))
}

// ------------------------------------------------------------------ wire

/// `ClientDetailCreateRequest` (OIDC) / `OAuthClientDetailCreateRequest` (with `clientNameLangMap`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientCreateRequest {
    #[schema(example = "Health portal")]
    pub name: Option<String>,
    pub policy_id: Option<String>,
    /// The client's public JWK (RSA, EC P-256/P-384 or OKP Ed25519); the client id is derived from it.
    #[schema(value_type = Object)]
    pub public_key: Option<Value>,
    pub auth_partner_id: Option<String>,
    #[schema(example = "https://rp.example/logo.png")]
    pub logo_uri: Option<String>,
    #[schema(example = json!(["https://rp.example/callback"]))]
    pub redirect_uris: Option<Vec<String>>,
    #[schema(example = json!(["authorization_code"]))]
    pub grant_types: Option<Vec<String>>,
    #[schema(example = json!(["private_key_jwt"]))]
    pub client_auth_methods: Option<Vec<String>>,
    /// OAuth endpoints only: the name per ISO 639-3 language (`{"eng": "Health portal"}`).
    #[schema(example = json!({"eng": "Health portal"}))]
    pub client_name_lang_map: Option<BTreeMap<String, String>>,
}

impl From<ClientCreateRequest> for ClientInput {
    fn from(r: ClientCreateRequest) -> Self {
        ClientInput {
            name: r.name,
            policy_id: r.policy_id,
            public_key: r.public_key,
            auth_partner_id: r.auth_partner_id,
            logo_uri: r.logo_uri,
            redirect_uris: r.redirect_uris,
            grant_types: r.grant_types,
            client_auth_methods: r.client_auth_methods,
            name_langs: r.client_name_lang_map,
        }
    }
}

/// `ClientDetailUpdateRequest` / `OAuthClientDetailUpdateRequest`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientUpdateRequest {
    #[schema(example = "https://rp.example/logo.png")]
    pub logo_uri: Option<String>,
    #[schema(example = json!(["https://rp.example/callback"]))]
    pub redirect_uris: Option<Vec<String>>,
    /// `ACTIVE` (edit) or `INACTIVE` (deactivate, for good).
    #[schema(example = "ACTIVE")]
    pub status: Option<String>,
    #[schema(example = json!(["authorization_code"]))]
    pub grant_types: Option<Vec<String>>,
    #[schema(example = "Health portal")]
    pub client_name: Option<String>,
    #[schema(example = json!(["private_key_jwt"]))]
    pub client_auth_methods: Option<Vec<String>>,
    #[schema(example = json!({"eng": "Health portal"}))]
    pub client_name_lang_map: Option<BTreeMap<String, String>>,
}

impl From<ClientUpdateRequest> for ClientUpdate {
    fn from(r: ClientUpdateRequest) -> Self {
        ClientUpdate {
            client_name: r.client_name,
            logo_uri: r.logo_uri,
            redirect_uris: r.redirect_uris,
            status: r.status,
            grant_types: r.grant_types,
            client_auth_methods: r.client_auth_methods,
            name_langs: r.client_name_lang_map,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientCreated {
    pub client_id: String,
    pub status: String,
}

/// `OidcClientDto`: a client as stored (`publicKey` is the JWK as JSON text, as MOSIP sends it).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientDetail {
    pub id: String,
    pub name: String,
    pub client_name_lang_map: Option<BTreeMap<String, String>>,
    pub policy_id: String,
    pub policy_name: Option<String>,
    pub relying_party_id: String,
    pub logo_uri: String,
    pub redirect_uris: Vec<String>,
    pub public_key: String,
    pub claims: Vec<String>,
    pub acr_values: Vec<String>,
    pub status: String,
    pub grant_types: Vec<String>,
    pub client_auth_methods: Vec<String>,
    pub created_date_time: String,
    pub updated_date_time: Option<String>,
}

impl From<ClientView> for ClientDetail {
    fn from(v: ClientView) -> Self {
        let langs = v.name_langs();
        let c = v.client;
        ClientDetail {
            id: c.id,
            name: c.name,
            client_name_lang_map: langs,
            policy_id: c.policy_id,
            policy_name: v.policy_name,
            relying_party_id: c.rp_id,
            logo_uri: c.logo_uri,
            redirect_uris: ClientView::list(&c.redirect_uris),
            public_key: c.public_key,
            claims: ClientView::list(&c.claims),
            acr_values: ClientView::list(&c.acr_values),
            status: c.status,
            grant_types: ClientView::list(&c.grant_types),
            client_auth_methods: ClientView::list(&c.auth_methods),
            created_date_time: time(c.cr_dtimes),
            updated_date_time: c.upd_dtimes.map(time),
        }
    }
}

/// A row of `GET /oauth/client` (`OidcClientDto` of the revamp list).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientItem {
    pub partner_id: String,
    pub org_name: Option<String>,
    pub policy_group_id: Option<String>,
    pub policy_group_name: Option<String>,
    pub policy_group_description: Option<String>,
    pub policy_id: String,
    pub policy_name: Option<String>,
    pub policy_description: Option<String>,
    pub client_id: String,
    pub client_name: String,
    pub status: String,
    pub created_date_time: String,
    pub updated_date_time: Option<String>,
}

impl From<ClientListItem> for ClientItem {
    fn from(c: ClientListItem) -> Self {
        ClientItem {
            partner_id: c.partner_id,
            org_name: c.org_name,
            policy_group_id: c.policy_group_id,
            policy_group_name: c.policy_group_name,
            policy_group_description: c.policy_group_description,
            policy_id: c.policy_id,
            policy_name: c.policy_name,
            policy_description: c.policy_description,
            client_id: c.id,
            client_name: c.name,
            status: c.status,
            created_date_time: time(c.created),
            updated_date_time: c.updated.map(time),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ClientListParams {
    pub partner_id: Option<String>,
    pub org_name: Option<String>,
    pub policy_group_name: Option<String>,
    pub policy_name: Option<String>,
    pub client_name: Option<String>,
    /// `ACTIVE` or `INACTIVE`.
    pub status: Option<String>,
    /// `partnerId`, `orgName`, `policyGroupName`, `policyName`, `clientId`, `clientName`,
    /// `status`, `createdDateTime`.
    pub sort_field_name: Option<String>,
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

// ------------------------------------------------------------------ OIDC / OAuth clients

fn created(v: ClientView) -> ClientCreated {
    ClientCreated { client_id: v.client.id, status: v.client.status }
}

async fn create(s: AppState, ctx: pms_service::Ctx, api: ClientApi, body: LegacyJson<ClientCreateRequest>) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(s.services.create_client(&ctx, api, &request.into()).await.map(created))
}

async fn update(
    s: AppState,
    ctx: pms_service::Ctx,
    api: ClientApi,
    id: String,
    body: LegacyJson<ClientUpdateRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(s.services.update_client(&ctx, api, &id, &request.into()).await.map(created))
}

async fn get(s: AppState, ctx: pms_service::Ctx, id: String) -> Response {
    Reply::legacy("mosip.pms.oidc.client.get").result(s.services.client(&ctx, &id).await.map(ClientDetail::from))
}

/// Register an OAuth client of eSignet for an Auth policy the partner was approved for; its id
/// is derived from the public key, and a key registered before is refused. With eSignet
/// configured, eSignet takes the client first.
#[utoipa::path(post, path = "/v1/partnermanager/oauth/client", tag = TAG,
    request_body = RequestWrapper<ClientCreateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The client id, or errors PMS_COR_001, PMS_ESI_001/002/003/005/006/007, PMS_CERTIFICATE_ERROR_002, PMS_POLICY_ERROR_009, PMS_PRT_057/058/059/061/073, PMS_PMP_016, PMS_FEATURE_002, invalid_redirect_uri, invalid_grant_type, invalid_client_auth, eSignet's codes, PMS_OIDC_001", body = ResponseWrapper<ClientCreated>)))]
pub async fn create_oauth_client(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<ClientCreateRequest>,
) -> Response {
    create(s, ctx, ClientApi::Oauth, body).await
}

/// As `POST /oauth/client`, without names per language (deprecated).
#[utoipa::path(post, path = "/v1/partnermanager/oidc/client", tag = TAG,
    request_body = RequestWrapper<ClientCreateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "As POST /oauth/client", body = ResponseWrapper<ClientCreated>)))]
pub async fn create_oidc_client(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<ClientCreateRequest>,
) -> Response {
    create(s, ctx, ClientApi::Oidc, body).await
}

/// Edit an active client (same status) or deactivate it (`INACTIVE`, for good).
#[utoipa::path(put, path = "/v1/partnermanager/oauth/client/{client_id}", tag = TAG,
    params(("client_id" = String, Path)),
    request_body = RequestWrapper<ClientUpdateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The client id and status, or errors PMS_COR_001, PMS_ESI_004, PMS_ESI_008, PMS_PRT_058, PMS_CERTIFICATE_ERROR_002, PMS_POLICY_ERROR_010, PMS_PMP_016, PMS_FEATURE_002, eSignet's codes, PMS_OIDC_001", body = ResponseWrapper<ClientCreated>)))]
pub async fn update_oauth_client(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<ClientUpdateRequest>,
) -> Response {
    update(s, ctx, ClientApi::Oauth, id, body).await
}

/// As `PUT /oauth/client/{client_id}`, without names per language (deprecated).
#[utoipa::path(put, path = "/v1/partnermanager/oidc/client/{client_id}", tag = TAG,
    params(("client_id" = String, Path)),
    request_body = RequestWrapper<ClientUpdateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "As PUT /oauth/client/{client_id}", body = ResponseWrapper<ClientCreated>)))]
pub async fn update_oidc_client(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<ClientUpdateRequest>,
) -> Response {
    update(s, ctx, ClientApi::Oidc, id, body).await
}

/// A client with its claims, ACRs and public key; partners read their own.
#[utoipa::path(get, path = "/v1/partnermanager/oauth/client/{client_id}", tag = TAG,
    params(("client_id" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The client, or errors PMS_ESI_004, PMS_CERTIFICATE_ERROR_002, PMS_POLICY_ERROR_011, PMS_FEATURE_002", body = ResponseWrapper<ClientDetail>)))]
pub async fn get_oauth_client(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    get(s, ctx, id).await
}

/// As `GET /oauth/client/{client_id}` (deprecated).
#[utoipa::path(get, path = "/v1/partnermanager/oidc/client/{client_id}", tag = TAG,
    params(("client_id" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "As GET /oauth/client/{client_id}", body = ResponseWrapper<ClientDetail>)))]
pub async fn get_oidc_client(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    get(s, ctx, id).await
}

/// Clients, filtered, sorted and paged (default page 0 of 8); partners see their own.
#[utoipa::path(get, path = "/v1/partnermanager/oauth/client", tag = TAG, params(ClientListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS_CERTIFICATE_ERROR_002, PMS_FEATURE_002, PMS_PS_ERROR_006/007/008, PMS_PRT_357/358/360/361", body = ResponseWrapperV2<PageResponseV2<ClientItem>>)))]
pub async fn list_clients(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Query(q): Query<ClientListParams>,
) -> Response {
    let params = ListParams {
        sort_field_name: q.sort_field_name,
        sort_type: q.sort_type,
        page_no: q.page_no,
        page_size: q.page_size,
        ..ListParams::default()
    };
    let query = ClientQuery {
        partner_id: q.partner_id,
        org_name: q.org_name,
        policy_group_name: q.policy_group_name,
        policy_name: q.policy_name,
        client_name: q.client_name,
        status: q.status,
    };
    Reply::v2("mosip.pms.oauth.partners.clients.get").result(s.services.clients(&ctx, &query, &params).await.map(|p| {
        PageResponseV2::new(p.page_no, p.page_size, p.total, p.items.into_iter().map(ClientItem::from).collect())
    }))
}

// ------------------------------------------------------------------ MISP licences

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LicenceCreateRequest {
    /// The MISP partner's id.
    pub provider_id: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LicenceStatusRequest {
    pub provider_id: Option<String>,
    pub license_key: Option<String>,
    /// `active` or `de-active`.
    #[schema(example = "de-active")]
    pub license_key_status: Option<String>,
}

/// `MISPLicenseResponseDto`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LicenceResponse {
    pub provider_id: String,
    pub license_key: String,
    pub license_key_status: String,
    pub license_key_expiry: String,
}

impl LicenceResponse {
    fn new(l: IssuedLicence, created: bool) -> Self {
        let status = if created { "Active".to_string() } else { l.status().as_str().to_string() };
        LicenceResponse {
            provider_id: l.licence.misp_id,
            license_key: l.key,
            license_key_status: status,
            license_key_expiry: time(l.licence.valid_to_date),
        }
    }
}

/// A licence row of `GET /misps` and the searches; the key is shown by its first characters only.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LicenceItem {
    pub id: String,
    pub misp_id: String,
    pub policy_id: Option<String>,
    pub license_key: String,
    pub valid_from_date: String,
    pub valid_to_date: String,
    pub is_active: bool,
    pub created_by: String,
    pub created_date_time: String,
    pub updated_by: Option<String>,
    pub updated_date_time: Option<String>,
    pub is_deleted: bool,
    pub deleted_date_time: Option<String>,
}

impl From<MispLicence> for LicenceItem {
    fn from(l: MispLicence) -> Self {
        LicenceItem {
            id: l.id,
            misp_id: l.misp_id,
            policy_id: l.policy_id,
            license_key: format!("{}…", l.key_hint),
            valid_from_date: time(l.valid_from_date),
            valid_to_date: time(l.valid_to_date),
            is_active: l.is_active,
            created_by: l.cr_by,
            created_date_time: time(l.cr_dtimes),
            updated_by: l.upd_by,
            updated_date_time: l.upd_dtimes.map(time),
            is_deleted: false,
            deleted_date_time: None,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct LicenceListParams {
    pub misp_id: Option<String>,
    /// `mispId`, `validFromDate`, `validToDate`, `isActive`, `createdDateTime`.
    pub sort_field_name: Option<String>,
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

/// Issue the licence of an active MISP partner (one per MISP; all its policy requests must be
/// approved). The key is in the answer.
#[utoipa::path(post, path = "/v1/partnermanager/misps", tag = TAG,
    request_body = RequestWrapper<LicenceCreateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The licence, or errors PMS_COR_001, PMS_MSP_005, PMS_MSP_009, PMS_MSP_405, PMS_MSP_416, PMS_MSP_418, PMS_MSP_419, PMS_PRT_055", body = ResponseWrapper<LicenceResponse>)))]
pub async fn create_licence(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<LicenceCreateRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services.create_licence(&ctx, request.provider_id.as_deref()).await.map(|l| LicenceResponse::new(l, true)),
    )
}

/// Turn a licence on (`active`) or off (`de-active`), found by its MISP and key.
#[utoipa::path(put, path = "/v1/partnermanager/misps", tag = TAG,
    request_body = RequestWrapper<LicenceStatusRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The licence, or errors PMS_COR_001, PMS_MSP_405, PMS_MSP_407, PMS_MSP_408", body = ResponseWrapper<LicenceResponse>)))]
pub async fn set_licence_status(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<LicenceStatusRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .set_licence_status(
                &ctx,
                request.provider_id.as_deref(),
                request.license_key.as_deref(),
                request.license_key_status.as_deref(),
            )
            .await
            .map(|l| LicenceResponse::new(l, false)),
    )
}

/// Licences, newest first (sortable and pageable; all when unpaged): admins see every MISP's,
/// others their own (MOSIP lists everyone's to anyone).
#[utoipa::path(get, path = "/v1/partnermanager/misps", tag = TAG, params(LicenceListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Licence rows, or errors PMS_PS_ERROR_006/007/008", body = ResponseWrapper<Vec<LicenceItem>>)))]
pub async fn list_licences(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Query(q): Query<LicenceListParams>,
) -> Response {
    let params = ListParams {
        sort_field_name: q.sort_field_name,
        sort_type: q.sort_type,
        page_no: q.page_no,
        page_size: q.page_size,
        ..ListParams::default()
    };
    Reply::legacy("mosip.pms.misp.license.get").result(
        s.services
            .licences(&ctx, q.misp_id.as_deref(), &params)
            .await
            .map(|p| p.items.into_iter().map(LicenceItem::from).collect::<Vec<_>>()),
    )
}

/// The MISP's usable licence with its key, or a new one when none is usable (Partner Admin).
#[utoipa::path(get, path = "/v1/partnermanager/misps/{mispId}/licenseKey", tag = TAG,
    params(("mispId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The licence, or errors PMS_MSP_005, PMS_MSP_009, PMS_MSP_405, PMS_MSP_408", body = ResponseWrapper<LicenceResponse>)))]
pub async fn licence_key(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::legacy("mosip.pms.misp.license.key.get")
        .result(s.services.licence_key(&ctx, &id).await.map(|l| LicenceResponse::new(l, false)))
}

/// Distinct values of licence columns.
#[utoipa::path(post, path = "/v1/partnermanager/misps/filtervalues", tag = TAG,
    request_body = RequestWrapper<FilterValueDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<FilterResponse>)))]
pub async fn licence_filter_values(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<FilterValueDto>,
) -> Response {
    let dto = &body.request;
    body.reply.result(s.services.licence_filter_values(&ctx, &dto.clone().into()).await.map(filter_values))
}

/// Search licences (legacy `SearchDto`); MISPs find their own.
#[utoipa::path(post, path = "/v1/partnermanager/misps/search", tag = TAG,
    request_body = RequestWrapper<SearchDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392", body = ResponseWrapper<PageResponse<LicenceItem>>)))]
pub async fn search_licences(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<SearchDto>) -> Response {
    let dto = &body.request;
    body.reply.result(
        s.services
            .search_licences(&ctx, &dto.clone().into())
            .await
            .map(|p| PageResponse::of(dto, p, LicenceItem::from)),
    )
}
