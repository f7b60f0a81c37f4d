//! OIDC clients of eSignet (MOSIP §4.9, §9.4): an approved authentication partner registers the
//! relying parties that sign residents in through eSignet. The checks run in MOSIP's order; the
//! client id is computed from the public key, so a key registered twice is refused (MOSIP once
//! accepted duplicates); claims and ACRs follow from the Auth policy through eSignet's mapping
//! files. eSignet, when configured, hears of a create or update before PMS stores it.

use crate::esignet::{ClientApi, EsignetError};
use crate::events;
use crate::view::{OidcClient, Partner, Policy};
use crate::write::{Action, Change};
use crate::{config, Ctx, Result, ServiceError, Services};
use chrono::{DateTime, Utc};
use pms_domain::client::{self as rules, AcrMapping, ClientChange, ClientStatus, IdentityMapping};
use pms_domain::error::Code;
use pms_domain::list::{plan_list, text_filter, ListPage, ListParams, Paging};
use pms_domain::partner::PartnerStatus;
use pms_domain::roles::*;
use pms_domain::search::Page;
use pms_domain::{error, validate, Checks, FieldRule, PmsError};
use pms_store::entity::{oidc_client, partner};
use pms_store::repo::clients::{self as repo, split, ClientFilter, ClientRow};
use pms_store::repo::{access as requests, certificates, partners, policies};
use pms_store::StoreError;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const AUTH_PARTNER_TYPE: &str = "Auth_Partner";
/// Initial access tokens are told from users' tokens by their start.
pub const INITIAL_TOKEN_PREFIX: &str = "pmsiat_";
const INITIAL_TOKEN_DAYS: u32 = 7;
const INITIAL_TOKEN_MAX_DAYS: u32 = 90;

/// The partner a client is for (or an initial access token): it exists, is an authentication
/// partner and may act, checked in MOSIP's order.
async fn auth_partner_that_acts(conn: &impl pms_store::sea_orm::ConnectionTrait, id: &str) -> Result<partner::Model> {
    let partner = partners::find(conn, id).await?.ok_or_else(|| error::CLIENT_PARTNER_NOT_FOUND.fill(&[&id]))?;
    if partner.partner_type_code != AUTH_PARTNER_TYPE {
        return Err(error::CLIENT_PARTNER_NOT_AUTH.fill(&[&partner.partner_type_code]).into());
    }
    if !PartnerStatus::from_row(&partner.approval_status, partner.is_active).may_act() {
        return Err(error::PARTNER_NOT_ACTIVE.err().into());
    }
    Ok(partner)
}

/// What a registration stores besides the client: its registration access token's hash, and the
/// initial access token it spends, if one allowed it.
struct Registration<'a> {
    token_hash: &'a str,
    initial_token: Option<&'a str>,
}

/// An initial access token as issued; its text is shown only now.
#[derive(Debug, Clone)]
pub struct InitialToken {
    pub id: String,
    pub token: String,
    pub partner_id: String,
    pub expires_at: DateTime<Utc>,
}

/// A live initial access token: which one, and for which partner.
#[derive(Debug, Clone)]
pub struct InitialAccess {
    id: String,
    partner_id: String,
}
const ADMINS: &[&str] = &[PARTNER_ADMIN];
/// `getoauthpartnersclients` (#88).
const LISTERS: &[&str] = &[PARTNER_ADMIN, AUTH_PARTNER];

pub const POLICY_ID_MAX: usize = 36;
pub const PARTNER_ID_MAX: usize = 100;
const CLIENT_ID_MAX: usize = 100;

const IDENTITY_MAPPING: &str = include_str!("../mappings/identity-mapping.json");
const AMR_ACR_MAPPING: &str = include_str!("../mappings/amr-acr-mapping.json");

/// eSignet's mapping files: configured ones, or MOSIP's shipped ones.
pub struct Mappings {
    pub identity: IdentityMapping,
    pub acr: AcrMapping,
}

impl Mappings {
    pub fn load(config: &crate::Config) -> std::result::Result<Mappings, String> {
        let read = |path: &Option<std::path::PathBuf>, shipped: &str| -> std::result::Result<Value, String> {
            let text = match path {
                Some(p) => std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?,
                None => shipped.to_string(),
            };
            serde_json::from_str(&text).map_err(|e| format!("mapping file: {e}"))
        };
        Ok(Mappings {
            identity: IdentityMapping::parse(&read(&config.identity_mapping_file, IDENTITY_MAPPING)?)?,
            acr: AcrMapping::parse(&read(&config.amr_acr_mapping_file, AMR_ACR_MAPPING)?)?,
        })
    }
}

/// What a partner sends to create a client (`POST /oauth/client`, `POST /oidc/client`).
#[derive(Debug, Clone, Default)]
pub struct ClientInput {
    pub name: Option<String>,
    pub policy_id: Option<String>,
    pub public_key: Option<Value>,
    pub auth_partner_id: Option<String>,
    pub logo_uri: Option<String>,
    pub redirect_uris: Option<Vec<String>>,
    pub grant_types: Option<Vec<String>>,
    pub client_auth_methods: Option<Vec<String>>,
    /// Required on the OAuth endpoints, absent on the OIDC ones.
    pub name_langs: Option<BTreeMap<String, String>>,
}

/// What an update sends (`PUT /oauth/client/{id}`).
#[derive(Debug, Clone, Default)]
pub struct ClientUpdate {
    pub client_name: Option<String>,
    pub logo_uri: Option<String>,
    pub redirect_uris: Option<Vec<String>>,
    pub status: Option<String>,
    pub grant_types: Option<Vec<String>>,
    pub client_auth_methods: Option<Vec<String>>,
    pub name_langs: Option<BTreeMap<String, String>>,
}

/// A client with the names of its partner, policy and group.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientView {
    pub client: OidcClient,
    pub org_name: Option<String>,
    pub policy_name: Option<String>,
    pub policy_description: Option<String>,
    pub policy_group_id: Option<String>,
    pub policy_group_name: Option<String>,
    pub policy_group_description: Option<String>,
}

/// A row of the client list (no key, lists of the row not needed).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientListItem {
    pub id: String,
    pub name: String,
    pub partner_id: String,
    pub policy_id: String,
    pub status: String,
    pub created: DateTime<Utc>,
    pub updated: Option<DateTime<Utc>>,
    pub org_name: Option<String>,
    pub policy_name: Option<String>,
    pub policy_description: Option<String>,
    pub policy_group_id: Option<String>,
    pub policy_group_name: Option<String>,
    pub policy_group_description: Option<String>,
}

impl From<ClientRow> for ClientListItem {
    fn from(r: ClientRow) -> Self {
        ClientListItem {
            id: r.id,
            name: r.name,
            partner_id: r.rp_id,
            policy_id: r.policy_id,
            status: r.status,
            created: r.cr_dtimes,
            updated: r.upd_dtimes,
            org_name: r.org_name,
            policy_name: r.policy_name,
            policy_description: r.policy_description,
            policy_group_id: r.policy_group_id,
            policy_group_name: r.policy_group_name,
            policy_group_description: r.policy_group_description,
        }
    }
}

impl ClientView {
    pub fn list(text: &str) -> Vec<String> {
        split(text)
    }

    /// The names per language, as sent.
    pub fn name_langs(&self) -> Option<BTreeMap<String, String>> {
        self.client.name_langs.as_deref().and_then(|t| serde_json::from_str(t).ok())
    }
}

#[derive(Debug, Clone, Default)]
pub struct ClientQuery {
    pub partner_id: Option<String>,
    pub org_name: Option<String>,
    pub policy_group_name: Option<String>,
    pub policy_name: Option<String>,
    pub client_name: Option<String>,
    pub status: Option<String>,
}

/// The fields shared by create and update, as sent.
struct RawFields<'a> {
    name_field: &'a str,
    name: Option<&'a str>,
    api: ClientApi,
    langs: Option<&'a BTreeMap<String, String>>,
    logo_uri: Option<&'a str>,
    redirect_uris: Option<&'a [String]>,
    grant_types: Option<&'a [String]>,
    auth_methods: Option<&'a [String]>,
}

/// The fields shared by create and update, checked.
struct Fields {
    name: String,
    name_langs: Option<BTreeMap<String, String>>,
    logo_uri: String,
    redirect_uris: Vec<String>,
    grant_types: Vec<String>,
    auth_methods: Vec<String>,
}

fn name_langs(checks: &mut Checks, langs: Option<&BTreeMap<String, String>>) -> Option<BTreeMap<String, String>> {
    let field = "clientNameLangMap";
    let Some(langs) = langs.filter(|l| !l.is_empty()) else {
        checks.fail(PmsError::field_rule(field, "must not be empty", FieldRule::Required));
        return None;
    };
    if langs.len() > rules::NAME_LANGUAGES_MAX {
        checks.fail(PmsError::field_rule(
            field,
            &format!("at most {} languages", rules::NAME_LANGUAGES_MAX),
            FieldRule::Invalid,
        ));
        return None;
    }
    let mut out = BTreeMap::new();
    for (lang, name) in langs {
        if lang.chars().count() != 3 || !lang.chars().all(|c| c.is_ascii_alphabetic()) {
            checks.fail(PmsError::invalid_field(field, "language codes are three letters"));
            return None;
        }
        let name = checks.keep(validate::required(field, Some(name), 1, rules::CLIENT_NAME_MAX))?;
        out.insert(lang.to_ascii_lowercase(), name);
    }
    Some(out)
}

impl Services {
    fn oidc_enabled(&self) -> Result<()> {
        if self.config.oidc_clients {
            Ok(())
        } else {
            Err(error::OIDC_FEATURE_OFF.err().into())
        }
    }

    fn check_fields(&self, checks: &mut Checks, raw: RawFields<'_>) -> Option<Fields> {
        let RawFields { name_field, name, api, langs, logo_uri, redirect_uris, grant_types, auth_methods } = raw;
        let name = checks.keep(validate::required(name_field, name, 1, rules::CLIENT_NAME_MAX));
        let langs = match api {
            ClientApi::Oauth => name_langs(checks, langs),
            ClientApi::Oidc => None,
        };
        let logo = checks.keep(validate::required("logoUri", logo_uri, 1, rules::URI_MAX)).and_then(|l| {
            if rules::uri_ok(&l, true) {
                Some(l)
            } else {
                checks.fail(PmsError::invalid_field("logoUri", "must be a valid URL"));
                None
            }
        });
        let redirects = checks.keep(rules::client_list(
            "redirectUris",
            redirect_uris,
            rules::REDIRECT_URIS_MAX,
            &|u| rules::uri_ok(u, false),
            error::CLIENT_REDIRECT_URI_INVALID,
        ));
        let allowed = |setting: &str, item: &str| config::list(setting).contains(&item);
        let grants = checks.keep(rules::client_list(
            "grantTypes",
            grant_types,
            rules::LIST_ITEMS_MAX,
            &|g| allowed(&self.config.oidc_grant_types, g),
            error::CLIENT_GRANT_TYPE_INVALID,
        ));
        let methods = checks.keep(rules::client_list(
            "clientAuthMethods",
            auth_methods,
            rules::LIST_ITEMS_MAX,
            &|m| allowed(&self.config.oidc_client_auth_methods, m),
            error::CLIENT_AUTH_METHOD_INVALID,
        ));
        if api == ClientApi::Oauth && langs.is_none() {
            return None;
        }
        Some(Fields {
            name: name?,
            name_langs: langs,
            logo_uri: logo?,
            redirect_uris: redirects?,
            grant_types: grants?,
            auth_methods: methods?,
        })
    }

    /// The partners the caller's user acts for (MOSIP: `PMS_CERTIFICATE_ERROR_002` when none).
    async fn owned_partner_ids(&self, ctx: &Ctx) -> Result<Vec<String>> {
        let actor = ctx.actor()?;
        let mine: Vec<String> =
            partners::by_user(self.store.db(), &actor.username).await?.into_iter().map(|(p, _)| p.id).collect();
        if mine.is_empty() {
            return Err(error::USER_OWNS_NO_PARTNER.err().into());
        }
        Ok(mine)
    }

    /// Admins act for any partner; others only for their own, refused with `not_own`.
    async fn check_owner(&self, ctx: &Ctx, partner_id: &str, not_own: Code) -> Result<()> {
        if ctx.actor()?.has_any(ADMINS) {
            return Ok(());
        }
        if self.owned_partner_ids(ctx).await?.iter().any(|p| p == partner_id) {
            Ok(())
        } else {
            Err(not_own.err().into())
        }
    }

    fn esignet_refusal(e: EsignetError) -> ServiceError {
        tracing::warn!(error = %e, "eSignet did not take a client change");
        ServiceError::Business(e.to_pms_error())
    }

    /// MOSIP `POST /oauth/client` and `POST /oidc/client`.
    pub async fn create_client(&self, ctx: &Ctx, api: ClientApi, input: &ClientInput) -> Result<ClientView> {
        self.create_client_with(ctx, api, input, None).await
    }

    /// As [`Services::create_client`]; `registration` is the hash of an RFC 7592 registration
    /// access token, stored with the client in the same transaction.
    async fn create_client_with(
        &self,
        ctx: &Ctx,
        api: ClientApi,
        input: &ClientInput,
        registration: Option<Registration<'_>>,
    ) -> Result<ClientView> {
        let target = input.auth_partner_id.clone().unwrap_or_default();
        let op = self.op(ctx, Action::ClientCreate, validate::truncated(&target, PARTNER_ID_MAX));
        op.run(async {
            ctx.actor()?;
            self.oidc_enabled()?;
            let mut checks = Checks::default();
            let raw = RawFields {
                name_field: "name",
                name: input.name.as_deref(),
                api,
                langs: input.name_langs.as_ref(),
                logo_uri: input.logo_uri.as_deref(),
                redirect_uris: input.redirect_uris.as_deref(),
                grant_types: input.grant_types.as_deref(),
                auth_methods: input.client_auth_methods.as_deref(),
            };
            let fields = self.check_fields(&mut checks, raw);
            let policy_id = checks.keep(validate::required("policyId", input.policy_id.as_deref(), 1, POLICY_ID_MAX));
            let partner_id =
                checks.keep(validate::required("authPartnerId", input.auth_partner_id.as_deref(), 1, PARTNER_ID_MAX));
            if input.public_key.is_none() {
                checks.fail(PmsError::field_rule("publicKey", "must not be null", FieldRule::Required));
            }
            checks.finish()?;
            let (Some(fields), Some(policy_id), Some(partner_id), Some(jwk)) =
                (fields, policy_id, partner_id, input.public_key.as_ref())
            else {
                return Err(error::INVALID_INPUT.err().into());
            };

            // 1–2: the key, and the id it gives.
            let key = pms_trust::client_key(jwk).map_err(|e| error::CLIENT_KEY_INVALID.with(format!(" - {e}")))?;
            let db = self.store.db();
            if repo::find_client(db, &key.client_id).await?.is_some() {
                return Err(error::CLIENT_KEY_EXISTS.err().into());
            }
            // 3–4: whose client, and may that partner have one.
            self.check_owner(ctx, &partner_id, error::CLIENT_PARTNER_NOT_OWN_CREATE).await?;
            let partner = auth_partner_that_acts(db, &partner_id).await?;
            // 5: an Auth policy the partner was approved for.
            let policy =
                policies::find_plain(db, &policy_id).await?.ok_or_else(|| error::REQUEST_POLICY_NOT_FOUND.err())?;
            if policy.policy_type != "Auth" {
                return Err(error::CLIENT_POLICY_NOT_AUTH.err().into());
            }
            if requests::request_statuses(db, &partner.id, &policy.id).await?.is_empty() {
                return Err(error::CLIENT_NO_REQUEST.err().into());
            }
            if requests::approved_request(db, &partner.id, &policy.id).await?.is_none() {
                return Err(error::CLIENT_REQUEST_NOT_APPROVED.err().into());
            }
            // 6–7: what the policy lets the client ask for.
            let document: Value = serde_json::from_str(&policy.policy_file_id).unwrap_or(Value::Null);
            let supported = match &self.esignet {
                Some(e) => Some(e.claims_supported().await.map_err(Self::esignet_refusal)?),
                None => None,
            };
            let claims = rules::client_claims(&document, &self.mappings.identity, supported.as_deref())?;
            let acrs = rules::client_acrs(&document, &self.mappings.acr)?;

            // 8: eSignet first, then the row.
            if let Some(esignet) = &self.esignet {
                let mut request = json!({
                    "clientId": key.client_id,
                    "clientName": fields.name,
                    "publicKey": key.jwk,
                    "relyingPartyId": partner.id,
                    "userClaims": claims,
                    "authContextRefs": acrs,
                    "logoUri": fields.logo_uri,
                    "redirectUris": fields.redirect_uris,
                    "grantTypes": fields.grant_types,
                    "clientAuthMethods": fields.auth_methods,
                });
                if let Some(langs) = &fields.name_langs {
                    request["clientNameLangMap"] = json!(langs);
                }
                esignet.create(api, request, self.now()).await.map_err(Self::esignet_refusal)?;
            }
            let mut w = op.begin().await?;
            // A deactivation of the partner under way is waited for, and then refuses the client.
            let partner = repo::lock_partner(&*w, &partner.id)
                .await?
                .filter(|p| PartnerStatus::from_row(&p.approval_status, p.is_active).may_act())
                .ok_or_else(|| error::PARTNER_NOT_ACTIVE.err())?;
            let public_key = key.jwk.to_string();
            let row = repo::insert_client(
                &*w,
                repo::NewClient {
                    id: &key.client_id,
                    name: &fields.name,
                    name_langs: fields.name_langs.as_ref().map(|l| json!(l).to_string()),
                    policy_id: &policy.id,
                    partner_id: &partner.id,
                    logo_uri: &fields.logo_uri,
                    redirect_uris: &fields.redirect_uris,
                    claims: &claims,
                    acr_values: &acrs,
                    grant_types: &fields.grant_types,
                    auth_methods: &fields.auth_methods,
                    public_key: &public_key,
                    api: api.as_str(),
                    by: w.stamp(),
                },
            )
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => error::CLIENT_KEY_EXISTS.err().into(),
                other => ServiceError::from(other),
            })?;
            if let Some(registration) = registration {
                repo::insert_registration(&*w, &row.id, registration.token_hash, w.now()).await?;
                // Spent with the client it made: a refused registration leaves the token usable.
                if let Some(id) = registration.initial_token {
                    if !repo::spend_initial_token(&*w, id, w.now()).await? {
                        return Err(ServiceError::Unauthenticated);
                    }
                }
            }
            let certificate = certificates::active_partner_cert(&*w, &partner.id).await?.map(|c| c.signed_pem);
            let partner_view: Partner = partner.clone().into();
            let policy_view: Policy = policy.clone().into();
            w.publish(events::oidc_client_created(&partner_view, certificate.as_deref(), &policy_view, &row, w.now()));
            let change = Change::of(&row.id).status(None, Some(ClientStatus::Active.as_str())).details(json!({
                "partnerId": partner.id,
                "policyId": policy.id,
                "clientName": fields.name,
                "keyType": key.kty,
            }));
            w.commit(change).await?;
            self.client_view(row).await
        })
        .await
    }

    async fn client_view(&self, row: oidc_client::Model) -> Result<ClientView> {
        let names = repo::client_row(self.store.db(), &row.id).await?;
        Ok(ClientView {
            client: row.into(),
            org_name: names.as_ref().and_then(|n| n.org_name.clone()),
            policy_name: names.as_ref().and_then(|n| n.policy_name.clone()),
            policy_description: names.as_ref().and_then(|n| n.policy_description.clone()),
            policy_group_id: names.as_ref().and_then(|n| n.policy_group_id.clone()),
            policy_group_name: names.as_ref().and_then(|n| n.policy_group_name.clone()),
            policy_group_description: names.and_then(|n| n.policy_group_description),
        })
    }

    /// MOSIP `PUT /oauth/client/{id}` and `PUT /oidc/client/{id}`: a new status only deactivates;
    /// the same status replaces name, logo, redirect URIs, grant types and auth methods. Claims
    /// and ACRs stay as created, as in MOSIP.
    pub async fn update_client(
        &self,
        ctx: &Ctx,
        api: ClientApi,
        client_id: &str,
        input: &ClientUpdate,
    ) -> Result<ClientView> {
        let op = self.op(ctx, Action::ClientUpdate, validate::truncated(client_id, CLIENT_ID_MAX));
        op.run(async {
            let actor = ctx.actor()?;
            self.oidc_enabled()?;
            let mut checks = Checks::default();
            let raw = RawFields {
                name_field: "clientName",
                name: input.client_name.as_deref(),
                api,
                langs: input.name_langs.as_ref(),
                logo_uri: input.logo_uri.as_deref(),
                redirect_uris: input.redirect_uris.as_deref(),
                grant_types: input.grant_types.as_deref(),
                auth_methods: input.client_auth_methods.as_deref(),
            };
            let fields = self.check_fields(&mut checks, raw);
            let status = checks.keep(validate::required("status", input.status.as_deref(), 1, 16)).and_then(|s| {
                let parsed = ClientStatus::parse(&s);
                if parsed.is_none() {
                    checks.fail(PmsError::invalid_field("status", "must be ACTIVE or INACTIVE"));
                }
                parsed
            });
            checks.finish()?;
            let (Some(fields), Some(to)) = (fields, status) else {
                return Err(error::INVALID_INPUT.err().into());
            };
            let db = self.store.db();
            let client = repo::find_client(db, client_id).await?.ok_or_else(|| error::CLIENT_NOT_FOUND.err())?;
            let partner = partners::find(db, &client.rp_id)
                .await?
                .ok_or_else(|| error::CLIENT_PARTNER_NOT_FOUND.fill(&[&client.rp_id]))?;
            self.check_owner(ctx, &partner.id, error::CLIENT_PARTNER_NOT_OWN_UPDATE).await?;
            let from = ClientStatus::parse(&client.status).unwrap_or(ClientStatus::Inactive);
            let change = rules::change_client(from, to)?;
            let admin_deactivating = actor.has_any(ADMINS) && change == ClientChange::Deactivate;
            if !admin_deactivating && !PartnerStatus::from_row(&partner.approval_status, partner.is_active).may_act() {
                return Err(error::PARTNER_NOT_ACTIVE.err().into());
            }
            self.push_client_update(&client, ClientApi::parse(&client.api), change, &fields, to).await?;
            let mut w = op.begin().await?;
            let moved = match change {
                ClientChange::Deactivate => repo::deactivate_client(&*w, &client.id, w.stamp()).await?,
                ClientChange::Edit => {
                    let edit = repo::ClientEdit {
                        name: &fields.name,
                        name_langs: fields.name_langs.as_ref().map(|l| json!(l).to_string()),
                        logo_uri: &fields.logo_uri,
                        redirect_uris: &fields.redirect_uris,
                        grant_types: &fields.grant_types,
                        auth_methods: &fields.auth_methods,
                    };
                    repo::edit_client(&*w, &client.id, edit, w.stamp()).await?
                }
            };
            if moved == 0 {
                return Err(error::CLIENT_ALREADY_INACTIVE.err().into());
            }
            let updated = repo::find_client(&*w, &client.id).await?.ok_or_else(|| error::CLIENT_NOT_FOUND.err())?;
            w.publish(events::oidc_client_updated(&updated, w.now()));
            w.commit(
                Change::of(&client.id)
                    .status(Some(from.as_str()), Some(to.as_str()))
                    .details(json!({ "partnerId": partner.id, "clientName": updated.name })),
            )
            .await?;
            self.client_view(updated).await
        })
        .await
    }

    /// Tells eSignet of an update; a deactivation sends the client as stored with the new status.
    async fn push_client_update(
        &self,
        client: &oidc_client::Model,
        api: ClientApi,
        change: ClientChange,
        fields: &Fields,
        to: ClientStatus,
    ) -> Result<()> {
        let Some(esignet) = &self.esignet else { return Ok(()) };
        let stored_langs: Option<Map<String, Value>> =
            client.name_langs.as_deref().and_then(|t| serde_json::from_str(t).ok());
        let mut request = match change {
            ClientChange::Edit => json!({
                "clientName": fields.name,
                "logoUri": fields.logo_uri,
                "redirectUris": fields.redirect_uris,
                "grantTypes": fields.grant_types,
                "clientAuthMethods": fields.auth_methods,
            }),
            ClientChange::Deactivate => json!({
                "clientName": client.name,
                "logoUri": client.logo_uri,
                "redirectUris": split(&client.redirect_uris),
                "grantTypes": split(&client.grant_types),
                "clientAuthMethods": split(&client.auth_methods),
            }),
        };
        request["status"] = json!(to.as_str());
        request["userClaims"] = json!(split(&client.claims));
        request["authContextRefs"] = json!(split(&client.acr_values));
        if api == ClientApi::Oauth {
            request["clientNameLangMap"] = match (change, &fields.name_langs) {
                (ClientChange::Edit, Some(langs)) => json!(langs),
                _ => json!(stored_langs.unwrap_or_default()),
            };
        }
        esignet.update(api, &client.id, request, self.now()).await.map_err(Self::esignet_refusal)
    }

    /// MOSIP `GET /oauth/client/{id}`.
    pub async fn client(&self, ctx: &Ctx, client_id: &str) -> Result<ClientView> {
        ctx.actor()?;
        self.oidc_enabled()?;
        let row = repo::find_client(self.store.db(), client_id).await?.ok_or_else(|| error::CLIENT_NOT_FOUND.err())?;
        self.check_owner(ctx, &row.rp_id, error::CLIENT_PARTNER_NOT_OWN_GET).await?;
        self.client_view(row).await
    }

    /// MOSIP `GET /oauth/client` (revamp list): admins see all, partners their own.
    pub async fn clients(&self, ctx: &Ctx, q: &ClientQuery, params: &ListParams) -> Result<ListPage<ClientListItem>> {
        let actor = ctx.require(LISTERS)?;
        self.oidc_enabled()?;
        let plan = plan_list(params, repo::CLIENT_SORT, Paging::AllowUnpaged)?;
        let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => {
                Some(ClientStatus::parse(s).ok_or_else(|| error::INVALID_INPUT.with("status"))?.as_str().to_string())
            }
        };
        let partners = if actor.has_any(ADMINS) { None } else { Some(self.owned_partner_ids(ctx).await?) };
        let filter = ClientFilter {
            partners,
            partner_id: text_filter(q.partner_id.as_deref()),
            org_name: text_filter(q.org_name.as_deref()),
            policy_group_name: text_filter(q.policy_group_name.as_deref()),
            policy_name: text_filter(q.policy_name.as_deref()),
            client_name: text_filter(q.client_name.as_deref()),
            status,
        };
        let page = repo::list_clients(self.store.db(), &filter, &plan).await?;
        Ok(ListPage::new(Page { items: page.items.into_iter().map(Into::into).collect(), total: page.total }, &plan))
    }

    /// Deactivation of a partner: its clients go first to eSignet (before PMS's transaction, so
    /// that a client PMS shows inactive is never still active there), and the deactivation fails
    /// with nothing changed if eSignet cannot be told.
    pub(crate) async fn push_partner_clients_off(&self, partner_id: &str) -> Result<()> {
        if self.esignet.is_none() {
            return Ok(());
        }
        for client in repo::active_clients_of(self.store.db(), partner_id).await? {
            let fields = Fields {
                name: client.name.clone(),
                name_langs: None,
                logo_uri: client.logo_uri.clone(),
                redirect_uris: split(&client.redirect_uris),
                grant_types: split(&client.grant_types),
                auth_methods: split(&client.auth_methods),
            };
            let api = ClientApi::parse(&client.api);
            self.push_client_update(&client, api, ClientChange::Deactivate, &fields, ClientStatus::Inactive).await?;
        }
        Ok(())
    }

    /// In the partner's deactivation: its clients become inactive, each with `OIDC_CLIENT_UPDATED`.
    pub(crate) async fn stop_partner_clients(
        &self,
        w: &mut crate::write::Write<'_>,
        p: &partner::Model,
    ) -> Result<u64> {
        let mut stopped = 0;
        for client in repo::active_clients_of(&**w, &p.id).await? {
            if repo::deactivate_client(&**w, &client.id, w.stamp()).await? == 0 {
                continue;
            }
            let updated = repo::find_client(&**w, &client.id).await?.ok_or_else(|| error::CLIENT_NOT_FOUND.err())?;
            w.publish(events::oidc_client_updated(&updated, w.now()));
            w.record(
                Action::ClientCascade,
                Change::of(&client.id)
                    .status(Some(ClientStatus::Active.as_str()), Some(ClientStatus::Inactive.as_str()))
                    .details(json!({ "partnerId": p.id })),
            );
            stopped += 1;
        }
        Ok(stopped)
    }

    /// The Auth policies a partner may create clients for: those of its approved requests.
    pub async fn client_policies(&self, ctx: &Ctx, partner_id: &str) -> Result<Vec<Policy>> {
        ctx.actor()?;
        self.check_owner(ctx, partner_id, error::CLIENT_PARTNER_NOT_OWN_CREATE).await?;
        let db = self.store.db();
        let mut out = Vec::new();
        for (request, names) in requests::requests_of(db, Some(std::slice::from_ref(&partner_id.to_string()))).await? {
            let approved = request.status_code.eq_ignore_ascii_case("approved");
            if let (true, Some(policy)) = (approved, names.policy) {
                if policy.policy_type == "Auth" && !out.iter().any(|p: &Policy| p.id == policy.id) {
                    out.push(policy.into());
                }
            }
        }
        Ok(out)
    }

    // ------------------------------------------------------------------ RFC 7591 / 7592

    /// Dynamic client registration: the same checks and policy guards as `POST /oauth/client`,
    /// for the caller's Auth partner (the only one it has, unless `authPartnerId` names one).
    /// Returns the client and its registration access token, shown once and stored hashed.
    pub async fn register_client(
        &self,
        ctx: &Ctx,
        mut input: ClientInput,
        initial_token: Option<&InitialAccess>,
    ) -> Result<(ClientView, String)> {
        if let Some(initial) = initial_token {
            input.auth_partner_id = Some(initial.partner_id.clone());
        }
        if input.auth_partner_id.as_deref().is_none_or(|p| p.trim().is_empty()) {
            let actor = ctx.actor()?;
            let auth: Vec<String> = partners::by_user(self.store.db(), &actor.username)
                .await?
                .into_iter()
                .map(|(p, _)| p)
                .filter(|p| p.partner_type_code == AUTH_PARTNER_TYPE)
                .map(|p| p.id)
                .collect();
            if let [only] = auth.as_slice() {
                input.auth_partner_id = Some(only.clone());
            }
        }
        if input.name_langs.is_none() {
            let lang = ctx.actor()?.lang_code.clone();
            input.name_langs = input.name.clone().map(|n| BTreeMap::from([(lang, n)]));
        }
        let token = crate::auth::random_token(32);
        let hash = crate::auth::sha256_hex(&token);
        let registration = Registration { token_hash: &hash, initial_token: initial_token.map(|i| i.id.as_str()) };
        let view = self.create_client_with(ctx, ClientApi::Oauth, &input, Some(registration)).await?;
        Ok((view, token))
    }

    /// An administrator lets one authentication partner's tooling register one client (RFC 7591
    /// §3's initial access token): the token is shown once, kept as its SHA-256, and spent by the
    /// registration it allows.
    pub async fn issue_initial_token(
        &self,
        ctx: &Ctx,
        partner_id: Option<&str>,
        validity_days: Option<u32>,
    ) -> Result<InitialToken> {
        let op = self.op(
            ctx,
            Action::InitialTokenIssue,
            validate::truncated(partner_id.unwrap_or_default(), PARTNER_ID_MAX),
        );
        op.run(async {
            let by = ctx.require(ADMINS)?.username.clone();
            self.oidc_enabled()?;
            let mut checks = Checks::default();
            let partner_id = checks.keep(validate::required("partnerId", partner_id, 1, PARTNER_ID_MAX));
            let days = validity_days.unwrap_or(INITIAL_TOKEN_DAYS);
            if !(1..=INITIAL_TOKEN_MAX_DAYS).contains(&days) {
                checks.fail(PmsError::invalid_field(
                    "validityDays",
                    &format!("must be between 1 and {INITIAL_TOKEN_MAX_DAYS}"),
                ));
            }
            checks.finish()?;
            let partner_id =
                partner_id.ok_or_else(|| ServiceError::Internal("checks passed without a partner".into()))?;
            let partner = auth_partner_that_acts(self.store.db(), &partner_id).await?;
            let token = format!("{INITIAL_TOKEN_PREFIX}{}", crate::auth::random_token(32));
            let w = op.begin().await?;
            let id = pms_store::new_id();
            let expires_at = w.now() + chrono::Duration::days(i64::from(days));
            repo::insert_initial_token(
                &*w,
                pms_store::entity::oidc_initial_token::Model {
                    id: id.clone(),
                    partner_id: partner.id.clone(),
                    token_hash: crate::auth::sha256_hex(&token),
                    expires_at,
                    used_at: None,
                    cr_by: by,
                    cr_dtimes: w.now(),
                },
            )
            .await?;
            w.commit(Change::of(&id).details(json!({ "partnerId": partner.id, "expiresAt": expires_at }))).await?;
            Ok(InitialToken { id, token, partner_id: partner.id, expires_at })
        })
        .await
    }

    /// What an initial access token allows: registering for its partner, as the partner's user.
    /// `None` for a token that is unknown, spent or expired (RFC 7591 answers all alike).
    pub async fn initial_access(&self, ctx: &Ctx, token: &str) -> Result<Option<(Ctx, InitialAccess)>> {
        if !token.starts_with(INITIAL_TOKEN_PREFIX) {
            return Ok(None);
        }
        let db = self.store.db();
        let Some(row) = repo::find_initial_token(db, &crate::auth::sha256_hex(token)).await? else { return Ok(None) };
        if row.used_at.is_some() || row.expires_at <= self.now() {
            return Ok(None);
        }
        let Some(partner) = partners::find(db, &row.partner_id).await? else { return Ok(None) };
        let Some(actor) = self.active_actor(&partner.user_id).await? else { return Ok(None) };
        let owner = Ctx { actor: Some(actor), request_id: ctx.request_id.clone(), client_ip: ctx.client_ip.clone() };
        Ok(Some((owner, InitialAccess { id: row.id, partner_id: row.partner_id })))
    }

    /// The client a registration access token was issued for, and the partner's user as the
    /// caller of what follows; any mismatch is `None` (RFC 7592 answers 401 without telling why).
    pub async fn registered_client(
        &self,
        ctx: &Ctx,
        client_id: &str,
        token: &str,
    ) -> Result<Option<(ClientView, Ctx)>> {
        let db = self.store.db();
        let Some(stored) = repo::registration_hash(db, client_id).await? else { return Ok(None) };
        // Hashes of a 256-bit random token are compared: timing tells nothing about the token.
        if stored != crate::auth::sha256_hex(token) {
            return Ok(None);
        }
        let Some(client) = repo::find_client(db, client_id).await? else { return Ok(None) };
        let Some(partner) = partners::find(db, &client.rp_id).await? else { return Ok(None) };
        let Some(actor) = self.active_actor(&partner.user_id).await? else { return Ok(None) };
        let owner = Ctx { actor: Some(actor), request_id: ctx.request_id.clone(), client_ip: ctx.client_ip.clone() };
        Ok(Some((self.client_view(client).await?, owner)))
    }
}
