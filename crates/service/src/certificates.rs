//! The trust store, in process (keymanager's work in MOSIP): CA certificates per partner domain,
//! partner certificates validated against them and re-signed by the platform CA, the reads of
//! both, and a signed bundle of the whole trust configuration.

use crate::events;
use crate::partners::PartnerView;
use crate::view::{all, CaCertificate, PartnerCertificate};
use crate::write::{Action, Change};
use crate::{Actor, Ctx, Result, ServiceError, Services};
use chrono::{DateTime, Duration, Utc};
use pms_domain::list::{plan_list, text_filter, ListPage, ListParams, Paging};
use pms_domain::partner::{self as lifecycle, PartnerAction, PartnerStatus};
use pms_domain::roles::*;
use pms_domain::trust::{self, CaAction, CaStatus, CaType, PartnerDomain};
use pms_domain::{error, validate, PmsError};
use pms_store::entity::ca_certificate;
use pms_store::repo::{certificates, devices, partners};
use pms_store::sea_orm::ConnectionTrait;
use pms_store::{new_id, Store};
use pms_trust::{CaKind, Certificate, MinValidity, PlatformCa, TrustError};
use serde_json::json;

/// Largest certificate upload read, in characters (a bundle of ten large certificates fits).
pub const MAX_CERTIFICATE_DATA: usize = 256 * 1024;
/// The stored subject and issuer names (`subject_dn`, `issuer_dn`).
pub const MAX_DN: usize = 1024;

/// A certificate whose subject or issuer name does not fit the store is refused before it is
/// written (PostgreSQL would refuse the row).
pub(crate) fn names_fit(cert: &Certificate) -> std::result::Result<(), PmsError> {
    if cert.subject().chars().count() > MAX_DN || cert.issuer().chars().count() > MAX_DN {
        return Err(PmsError::invalid_field(
            "certificateData",
            "the certificate's subject and issuer names must be at most 1024 characters",
        ));
    }
    Ok(())
}

/// Partner Admin and MOSIP's partner manager (#16).
const CA_UPLOADERS: &[&str] = &[PARTNER_ADMIN, "PARTNERMANAGER"];
/// `postpartnerscertificateupload` (#17).
const CERT_UPLOADERS: &[&str] = &[
    "PARTNER",
    "PMS_USER",
    AUTH_PARTNER,
    ABIS_PARTNER,
    SDK_PARTNER,
    DEVICE_PROVIDER,
    FTM_PROVIDER,
    CREDENTIAL_PARTNER,
    "CREDENTIAL_ISSUANCE",
    "ID_AUTHENTICATION",
    PARTNER_ADMIN,
    ONLINE_VERIFICATION_PARTNER,
];
/// `getpartnerscertificate` (#18, #36).
const CERT_READERS: &[&str] = &[
    "PARTNER",
    "PMS_USER",
    AUTH_PARTNER,
    ABIS_PARTNER,
    SDK_PARTNER,
    DEVICE_PROVIDER,
    FTM_PROVIDER,
    CREDENTIAL_PARTNER,
    "CREDENTIAL_ISSUANCE",
    "CREDENTIAL_SHARE",
    "ID_AUTHENTICATION",
    PARTNER_ADMIN,
    ONLINE_VERIFICATION_PARTNER,
];
/// `getpartnercertificates` (#35).
const OWN_CERT_READERS: &[&str] = &[
    AUTH_PARTNER,
    ABIS_PARTNER,
    SDK_PARTNER,
    DEVICE_PROVIDER,
    FTM_PROVIDER,
    CREDENTIAL_PARTNER,
    PARTNER_ADMIN,
    ONLINE_VERIFICATION_PARTNER,
];
/// Roles that act on any partner's certificate; everyone else only on their own partners'.
const ANY_PARTNER: &[&str] =
    &[PARTNER_ADMIN, "PARTNERMANAGER", "ID_AUTHENTICATION", "CREDENTIAL_ISSUANCE", "CREDENTIAL_SHARE"];

impl From<TrustError> for ServiceError {
    fn from(e: TrustError) -> Self {
        match e {
            TrustError::Signing { .. } | TrustError::PlatformCa { .. } => ServiceError::Internal(e.to_string()),
            e => ServiceError::Business(PmsError::coded(e.code(), e.message())),
        }
    }
}

/// The platform CA: it re-signs partner certificates and signs the trust bundle.
pub struct Platform {
    ca: PlatformCa,
}

impl Platform {
    pub fn certificate(&self) -> &Certificate {
        self.ca.certificate()
    }

    /// The configured CA (`PMS_PLATFORM_CA_CERT` / `_KEY`, or their `_FILE`s), else the one in the
    /// data dir, created on first start. Every CA that has signed is recorded, so that after a
    /// rotation the earlier one stays published until it expires.
    pub(crate) async fn load(store: &Store, config: &crate::Config, now: DateTime<Utc>) -> Result<Platform> {
        let (cert_pem, key_pem) = match (&config.platform_ca_cert, &config.platform_ca_key) {
            (Some(cert), Some(key)) => (cert.clone(), key.clone()),
            (Some(_), None) | (None, Some(_)) => {
                return Err(ServiceError::Internal(
                    "PMS_PLATFORM_CA_CERT and PMS_PLATFORM_CA_KEY must be given together".into(),
                ))
            }
            (None, None) => in_data_dir(&config.data_dir, now)?,
        };
        let ca = PlatformCa::from_pem(&cert_pem, &key_pem)?;
        let tx = store.begin().await?;
        let c = ca.certificate();
        certificates::record_platform_ca(
            &*tx,
            &new_id(),
            c.sha256_thumbprint(),
            c.pem(),
            c.not_before(),
            c.not_after(),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Platform { ca })
    }
}

/// `platform-ca.pem` and `platform-ca.key` in the data dir, created when absent (the key readable
/// by the owner only).
fn in_data_dir(dir: &std::path::Path, now: DateTime<Utc>) -> Result<(String, String)> {
    let (cert_path, key_path) = (dir.join("platform-ca.pem"), dir.join("platform-ca.key"));
    let io = |what: &str, e: std::io::Error| ServiceError::Internal(format!("{what}: {e}"));
    if cert_path.exists() && key_path.exists() {
        let cert = std::fs::read_to_string(&cert_path).map_err(|e| io("cannot read platform-ca.pem", e))?;
        let key = std::fs::read_to_string(&key_path).map_err(|e| io("cannot read platform-ca.key", e))?;
        return Ok((cert, key));
    }
    let (ca, key) = PlatformCa::generate("PMS Platform CA", now)?;
    write_secret(&key_path, &key).map_err(|e| io("cannot write platform-ca.key", e))?;
    std::fs::write(&cert_path, ca.to_pem()).map_err(|e| io("cannot write platform-ca.pem", e))?;
    tracing::info!(path = %cert_path.display(), "created the platform CA");
    Ok((ca.to_pem(), key))
}

fn write_secret(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

/// The answer to a CA upload: MOSIP's status text and what was stored.
#[derive(Debug, Clone)]
pub struct CaUpload {
    pub status: &'static str,
    pub stored: Vec<CaCertificate>,
}

/// Filters of the trust-store list, as received.
#[derive(Debug, Clone, Default)]
pub struct TrustListQuery {
    pub ca_certificate_type: Option<String>,
    pub partner_domain: Option<String>,
    pub certificate_id: Option<String>,
    pub issued_to: Option<String>,
    pub issued_by: Option<String>,
    pub status: Option<String>,
    /// Only certificates expiring within this many days (the "expiring" view).
    pub expiring_within_days: Option<String>,
}

/// A successful partner certificate upload.
#[derive(Debug, Clone)]
pub struct PartnerCertUpload {
    pub certificate: PartnerCertificate,
    pub partner: PartnerView,
}

/// Both copies of a partner's certificate with their dates, as the revamp reads show them.
#[derive(Debug, Clone)]
pub struct PartnerCertData {
    pub certificate: PartnerCertificate,
    pub original_expired: bool,
    pub signed_expired: bool,
    /// Whether the original still chains to active CA certificates of its domain.
    pub trusted: bool,
    pub days_left: i64,
}

/// One of the caller's partners and its certificate, if any (`/partner-certificates-details`).
#[derive(Debug, Clone)]
pub struct PartnerCertSummary {
    pub partner: PartnerView,
    pub certificate: Option<PartnerCertificate>,
}

/// Certificates expiring soon, both kinds.
#[derive(Debug, Clone)]
pub struct Expiring {
    pub days: u32,
    pub ca_certificates: Vec<CaCertificate>,
    pub partner_certificates: Vec<PartnerCertificate>,
    /// Approved SBIs whose expiry date comes within the period (or has passed).
    pub sbis: Vec<crate::view::Sbi>,
    /// Current certificates of approved FTM chips.
    pub chip_certificates: Vec<crate::view::ChipCertificate>,
}

fn parse_stored(rows: &[ca_certificate::Model]) -> Result<Vec<Certificate>> {
    rows.iter().map(|r| parse_stored_pem(&r.cert_pem)).collect()
}

pub(crate) fn required_data(data: Option<&str>) -> Result<String> {
    let text = validate::required("certificateData", data, 1, MAX_CERTIFICATE_DATA)?;
    Ok(text)
}

fn required_domain(domain: Option<&str>) -> Result<PartnerDomain> {
    let text = validate::required("partnerDomain", domain, 1, 16)?;
    PartnerDomain::parse(&text)
        .ok_or_else(|| PmsError::coded("KER-PCM-011", format!("Invalid Partner Domain.: {text}")).into())
}

impl Services {
    fn platform(&self) -> &Platform {
        &self.platform
    }

    /// Checks that `leaf` chains to the active CA certificates of `domain` and names `org_name`,
    /// then re-signs it with the platform CA; answers the copy and the CA it chains to directly.
    pub(crate) async fn trust_and_resign(
        &self,
        conn: &impl ConnectionTrait,
        leaf: &Certificate,
        domain: PartnerDomain,
        org_name: &str,
        now: DateTime<Utc>,
    ) -> Result<(Certificate, Option<String>)> {
        let rows = certificates::active_cas(conn, domain).await?;
        let (roots, intermediates): (Vec<Certificate>, Vec<Certificate>) =
            parse_stored(&rows)?.into_iter().partition(|c| c.is_self_signed());
        let path = pms_trust::validate_leaf(leaf, &roots, &intermediates, org_name, now, MinValidity::PARTNER_UPLOAD)?;
        let issuer_id = path
            .get(1)
            .and_then(|issuer| rows.iter().find(|r| r.sha1_thumbprint == issuer.sha1_thumbprint()))
            .map(|r| r.cert_id.clone());
        let signed = pms_trust::resign(&self.platform().ca, leaf, now, pms_trust::RESIGNED_VALIDITY_DAYS)?;
        Ok((signed, issuer_id))
    }

    /// The URL where consumers fetch a CA's chain (the `CA_CERTIFICATE_UPLOADED` payload).
    pub(crate) fn chain_url(&self, cert_id: &str) -> String {
        format!("{}/v1/pms/certificate-chains/{cert_id}", self.config.public_url())
    }

    // ------------------------------------------------------------------ CA certificates

    /// `POST /partners/certificate/ca/upload`: one certificate or a bundle, roots and
    /// intermediates in any order. A single certificate's refusal is the answer; in a bundle the
    /// refused ones are skipped and the status says `Partial Upload Success.`.
    pub async fn upload_ca_certificates(
        &self,
        ctx: &Ctx,
        domain: Option<&str>,
        data: Option<&str>,
    ) -> Result<CaUpload> {
        let op = self.op(ctx, Action::CaUpload, domain.unwrap_or_default());
        op.run(async {
            ctx.require(CA_UPLOADERS)?;
            let data = required_data(data)?;
            let domain = required_domain(domain)?;
            let uploaded = pms_trust::parse_certificates(data.as_bytes())?;
            let mut w = op.begin().await?;
            let now = w.now();
            let rows = certificates::active_cas(&*w, domain).await?;
            let mut known = parse_stored(&rows)?;
            let mut ids: Vec<(String, String)> =
                rows.iter().map(|r| (r.sha1_thumbprint.clone(), r.cert_id.clone())).collect();
            let mut pending: Vec<Certificate> = uploaded;
            let single = pending.len() == 1;
            let total = pending.len();
            let mut stored = Vec::new();
            let mut last_error = None;
            // Roots first, then intermediates whose issuer has become known, until nothing moves.
            loop {
                let mut progressed = false;
                let mut rest = Vec::new();
                for cert in pending {
                    if let Err(e) = names_fit(&cert) {
                        last_error = Some(ServiceError::Business(e));
                        continue;
                    }
                    if let Some(existing) =
                        certificates::find_ca_by_thumbprint(&*w, domain, cert.sha1_thumbprint()).await?
                    {
                        last_error = Some(ServiceError::Business(PmsError::coded(
                            "KER-PCM-003",
                            format!("Certificate already exists in store.: {}", existing.cert_id),
                        )));
                        continue;
                    }
                    match pms_trust::validate_ca(&cert, &known, now, MinValidity::CA_UPLOAD) {
                        Ok(kind) => {
                            let cert_id = new_id();
                            let (ca_type, issuer_id) = match &kind {
                                CaKind::Root => (CaType::Root, Some(cert_id.clone())),
                                CaKind::Intermediate { path } => (
                                    CaType::Intermediate,
                                    path.get(1).and_then(|issuer| {
                                        ids.iter()
                                            .find(|(t, _)| t == issuer.sha1_thumbprint())
                                            .map(|(_, id)| id.clone())
                                    }),
                                ),
                            };
                            let row = certificates::insert_ca(
                                &*w,
                                certificates::NewCa {
                                    cert_id: &cert_id,
                                    domain,
                                    ca_type,
                                    subject_dn: cert.subject(),
                                    issuer_dn: cert.issuer(),
                                    issuer_id: issuer_id.as_deref(),
                                    serial: cert.serial_hex(),
                                    sha1_thumbprint: cert.sha1_thumbprint(),
                                    sha256_thumbprint: cert.sha256_thumbprint(),
                                    not_before: cert.not_before(),
                                    not_after: cert.not_after(),
                                    pem: cert.pem(),
                                    by: w.stamp(),
                                },
                            )
                            .await?;
                            ids.push((cert.sha1_thumbprint().to_string(), cert_id.clone()));
                            known.push(cert);
                            w.publish(events::ca_certificate_uploaded(&self.chain_url(&cert_id), domain.as_str(), now));
                            stored.push(CaCertificate::from(row));
                            progressed = true;
                        }
                        // An intermediate may wait for its issuer later in the bundle.
                        Err(TrustError::RootNotFound { .. }) if !single => rest.push(cert),
                        Err(e) => last_error = Some(e.into()),
                    }
                }
                if rest.is_empty() || !progressed {
                    if !rest.is_empty() {
                        last_error =
                            Some(PmsError::coded("KER-PCM-005", "Root CA Certificate not found.".to_string()).into());
                    }
                    break;
                }
                pending = rest;
            }
            if stored.is_empty() {
                return Err(last_error.unwrap_or_else(|| ServiceError::Internal("nothing uploaded".into())));
            }
            let status = if stored.len() == total { "Upload Success." } else { "Partial Upload Success." };
            let ids: Vec<&str> = stored.iter().map(|c| c.cert_id.as_str()).collect();
            let change = Change::of(domain.as_str())
                .status(None, Some(CaStatus::Active.as_str()))
                .details(json!({ "certificates": ids, "offered": total }));
            w.commit(change).await?;
            Ok(CaUpload { status, stored })
        })
        .await
    }

    /// `GET /trust-chain-certificates`: the revamp list through the shared list validator.
    pub async fn trust_certificates(
        &self,
        ctx: &Ctx,
        q: &TrustListQuery,
        params: &ListParams,
    ) -> Result<ListPage<CaCertificate>> {
        ctx.require(&[PARTNER_ADMIN])?;
        let plan = plan_list(params, certificates::CA_SORT, Paging::DefaultPage)?;
        let parse = |v: &Option<String>, field: &str| {
            v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| (s.to_string(), field.to_string()))
        };
        let ca_type = match parse(&q.ca_certificate_type, "caCertificateType") {
            None => None,
            Some((s, f)) => Some(CaType::parse(&s).ok_or_else(|| error::INVALID_INPUT.with(f))?),
        };
        let domain = match parse(&q.partner_domain, "partnerDomain") {
            None => None,
            Some((s, f)) => Some(PartnerDomain::parse(&s).ok_or_else(|| error::INVALID_INPUT.with(f))?),
        };
        let status = match parse(&q.status, "status") {
            None => None,
            Some((s, f)) => Some(CaStatus::parse(&s).ok_or_else(|| error::INVALID_INPUT.with(f))?),
        };
        let expiring_before = match parse(&q.expiring_within_days, "expiringWithinDays") {
            None => None,
            Some((s, f)) => {
                let days: u32 = s.parse().map_err(|_| error::INVALID_INPUT.with(f))?;
                Some(self.now() + Duration::days(i64::from(days.min(36_500))))
            }
        };
        let filter = certificates::CaFilter {
            ca_type,
            domain,
            cert_id: text_filter(q.certificate_id.as_deref()),
            issued_to: text_filter(q.issued_to.as_deref()),
            issued_by: text_filter(q.issued_by.as_deref()),
            status,
            expiring_before,
        };
        Ok(ListPage::new(certificates::list_cas(self.store.db(), &filter, &plan).await?.map(Into::into), &plan))
    }

    pub async fn trust_certificate(&self, ctx: &Ctx, cert_id: &str) -> Result<CaCertificate> {
        ctx.require(&[PARTNER_ADMIN])?;
        self.ca_by_id(cert_id).await
    }

    async fn ca_by_id(&self, cert_id: &str) -> Result<CaCertificate> {
        if cert_id.trim().is_empty() {
            return Err(error::CERT_ID_EMPTY.err().into());
        }
        let row = certificates::find_ca(self.store.db(), cert_id.trim()).await?;
        Ok(row.ok_or_else(|| error::CA_NOT_FOUND.err())?.into())
    }

    /// A CA certificate with the chain above it, root last, as a PEM-armoured PKCS#7: what
    /// `.../certificateFile` answers and what `CA_CERTIFICATE_UPLOADED` points consumers to.
    pub async fn certificate_chain(&self, cert_id: &str) -> Result<String> {
        let mut chain = vec![self.ca_by_id(cert_id).await?];
        while let Some(next) =
            chain.last().and_then(|c| c.issuer_id.clone()).filter(|id| chain.iter().all(|c| &c.cert_id != id))
        {
            chain.push(self.ca_by_id(&next).await?);
        }
        let certs = chain.iter().map(|c| parse_stored_pem(&c.cert_pem)).collect::<Result<Vec<_>>>()?;
        let der = pms_trust::pkcs7_certs_only(&certs);
        Ok(pms_trust::pem_encode("PKCS7", &der))
    }

    /// Takes a CA certificate out of the trust store: new partner certificates no longer chain
    /// through it, and partner certificates that did are shown as untrusted.
    pub async fn deactivate_ca(&self, ctx: &Ctx, cert_id: &str) -> Result<CaCertificate> {
        let op = self.op(ctx, Action::CaDeactivate, cert_id);
        op.run(async {
            ctx.require(&[PARTNER_ADMIN])?;
            let mut w = op.begin().await?;
            let row = certificates::find_ca(&*w, cert_id).await?.ok_or_else(|| error::CA_NOT_FOUND.err())?;
            let from = CaStatus::parse(&row.status).unwrap_or(CaStatus::Active);
            let to = trust::ca_transition(from, CaAction::Deactivate)?;
            if certificates::set_ca_status(&*w, cert_id, from, to, w.stamp()).await? == 0 {
                return Err(error::CA_ALREADY_DEACTIVATED.err().into());
            }
            let done = certificates::find_ca(&*w, cert_id).await?.ok_or_else(|| error::CA_NOT_FOUND.err())?;
            w.publish(events::ca_certificate_uploaded(&self.chain_url(cert_id), &done.partner_domain, w.now()));
            w.commit(Change::of(cert_id).status(Some(from.as_str()), Some(to.as_str()))).await?;
            Ok(done.into())
        })
        .await
    }

    /// CA and partner certificates expiring within `days` (the configured warning period when
    /// none is given), soonest first.
    pub async fn expiring_certificates(&self, ctx: &Ctx, days: Option<u32>) -> Result<Expiring> {
        ctx.require(&[PARTNER_ADMIN])?;
        let days = days.unwrap_or(self.config.certificate_expiry_warning_days).min(36_500);
        let before = self.now() + Duration::days(i64::from(days));
        let conn = self.store.db();
        let filter = certificates::CaFilter {
            status: Some(CaStatus::Active),
            expiring_before: Some(before),
            ..Default::default()
        };
        let plan = pms_domain::list::ListPlan {
            sort: Some(("validTill", pms_domain::search::SortDir::Asc)),
            page_no: 0,
            page_size: 1000,
            paged: true,
        };
        let cas = certificates::list_cas(conn, &filter, &plan).await?;
        let partner_certs = certificates::expiring_partner_certs(conn, before).await?;
        // What has already ended stays in view until it is replaced or deactivated.
        let since = self.now() - Duration::days(36_500);
        let sbis = devices::sbis_ending(conn, since, before).await?;
        let chip_certs = devices::chip_certs_ending(conn, since, before).await?.into_iter().map(|(c, _)| c).collect();
        Ok(Expiring {
            days,
            ca_certificates: all(cas.items),
            partner_certificates: all(partner_certs),
            sbis: all(sbis),
            chip_certificates: all(chip_certs),
        })
    }

    // ------------------------------------------------------------------ partner certificates

    /// Loads a partner the caller may act on: its own, or any for the roles that see all.
    async fn certificate_partner(
        &self,
        conn: &impl ConnectionTrait,
        actor: &Actor,
        partner_id: &str,
        not_own: PmsError,
    ) -> Result<PartnerView> {
        let view: PartnerView =
            partners::find_with_group(conn, partner_id).await?.ok_or_else(|| error::PARTNER_NOT_FOUND.err())?.into();
        if !actor.has_any(ANY_PARTNER) && view.partner.user_id != actor.username {
            return Err(not_own.into());
        }
        Ok(view)
    }

    /// `POST /partners/certificate/upload`: the certificate must chain to the active CA
    /// certificates of the partner's domain and name the partner's organisation; the platform CA
    /// re-signs its key. A re-upload replaces the active certificate and keeps the history.
    pub async fn upload_partner_certificate(
        &self,
        ctx: &Ctx,
        partner_id: Option<&str>,
        domain: Option<&str>,
        data: Option<&str>,
    ) -> Result<PartnerCertUpload> {
        let op = self.op(ctx, Action::PartnerCertificateUpload, partner_id.unwrap_or_default());
        op.run(async {
            let actor = ctx.require(CERT_UPLOADERS)?;
            let partner_id = validate::required("partnerId", partner_id, 1, validate::PARTNER_ID_MAX)?;
            let data = required_data(data)?;
            let domain_text = validate::required("partnerDomain", domain, 1, 16)?;
            let mut w = op.begin().await?;
            let now = w.now();
            let view = self.certificate_partner(&*w, actor, &partner_id, error::USER_NOT_AUTHORIZED.err()).await?;
            let status = view.status();
            if status == PartnerStatus::Deactivated {
                return Err(error::PARTNER_NOT_ACTIVE.err().into());
            }
            let partner_type = partners::find_type(&*w, &view.partner.partner_type_code)
                .await?
                .ok_or_else(|| error::PARTNER_TYPE_NOT_FOUND.err())?;
            if partner_type.is_policy_required && view.group.is_none() {
                return Err(error::PARTNER_GROUP_MISSING.err().into());
            }
            let expected = PartnerDomain::of_partner_type(&view.partner.partner_type_code);
            let domain = PartnerDomain::parse(&domain_text).filter(|d| *d == expected).ok_or_else(|| {
                PmsError::coded(
                    "KER-PCM-011",
                    format!("Invalid Partner Domain.: {domain_text} (partners of this type use {})", expected.as_str()),
                )
            })?;
            let mut uploaded = pms_trust::parse_certificates(data.as_bytes())?;
            if uploaded.len() != 1 {
                return Err(PmsError::invalid_field(
                    "certificateData",
                    "must hold the partner certificate alone (CA certificates go to the trust store)",
                )
                .into());
            }
            let leaf = uploaded.remove(0);
            names_fit(&leaf)?;
            // The same certificate again renews the platform-signed copy (as newer keymanagers
            // allow); another partner's certificate is a duplicate.
            if let Some(held) = certificates::active_partner_cert_by_thumbprint(&*w, leaf.sha1_thumbprint()).await? {
                if held.partner_id != partner_id {
                    return Err(PmsError::coded(
                        "KER-PCM-003",
                        "Certificate already exists in store.: it is another partner's certificate".to_string(),
                    )
                    .into());
                }
            }
            let (signed, issuer_id) = self.trust_and_resign(&*w, &leaf, domain, &view.partner.name, now).await?;
            let cert_id = new_id();
            let stored = certificates::insert_partner_cert(
                &*w,
                certificates::NewPartnerCert {
                    cert_id: &cert_id,
                    partner_id: &partner_id,
                    domain,
                    org_name: &view.partner.name,
                    subject_dn: leaf.subject(),
                    issuer_dn: leaf.issuer(),
                    issuer_id: issuer_id.as_deref(),
                    sha1_thumbprint: leaf.sha1_thumbprint(),
                    not_before: leaf.not_before(),
                    not_after: leaf.not_after(),
                    original_pem: leaf.pem(),
                    signed_pem: signed.pem(),
                    signed_not_after: signed.not_after(),
                    by: w.stamp(),
                },
            )
            .await?;
            partners::set_certificate_alias(&*w, &partner_id, &cert_id, w.stamp()).await?;
            let to = lifecycle::transition(status, PartnerAction::CertificateAccepted, self.config.partner_approval)?;
            if to != status {
                if partners::transition(&*w, &partner_id, status, to, None, w.stamp()).await? == 0 {
                    return Err(error::ONB_NOT_PENDING.err().into());
                }
                let row = partners::find(&*w, &partner_id).await?.ok_or_else(|| error::PARTNER_NOT_FOUND.err())?;
                partners::record_history(&*w, &row, PartnerAction::CertificateAccepted.as_str(), w.stamp()).await?;
                w.record(
                    Action::Partner(PartnerAction::CertificateAccepted),
                    Change::of(&partner_id).status(Some(status.as_str()), Some(to.as_str())),
                );
            }
            let partner: PartnerView = partners::find_with_group(&*w, &partner_id)
                .await?
                .ok_or_else(|| error::PARTNER_NOT_FOUND.err())?
                .into();
            w.publish(events::partner_updated_with(&partner.partner, Some(signed.pem()), now));
            if let Some(issuer) = &issuer_id {
                w.publish(events::ca_certificate_uploaded(&self.chain_url(issuer), domain.as_str(), now));
            }
            let change = Change::of(&partner_id).status(None, Some(trust::PartnerCertStatus::Active.as_str())).details(
                json!({ "certificateId": cert_id, "version": stored.version, "thumbprint": stored.sha1_thumbprint }),
            );
            w.commit(change).await?;
            Ok(PartnerCertUpload { certificate: stored.into(), partner })
        })
        .await
    }

    /// The partner's current certificate for a read: ownership, then existence of an upload.
    async fn current_certificate(
        &self,
        ctx: &Ctx,
        roles: &[&str],
        partner_id: &str,
        not_own: PmsError,
    ) -> Result<(PartnerView, PartnerCertificate)> {
        let actor = ctx.require(roles)?;
        let conn = self.store.db();
        let view = self.certificate_partner(conn, actor, partner_id, not_own).await?;
        let cert = certificates::active_partner_cert(conn, partner_id).await?;
        Ok((view, cert.ok_or_else(|| error::CERT_NOT_UPLOADED.err())?.into()))
    }

    /// `GET /partners/{id}/certificate`: the platform-signed certificate.
    pub async fn partner_certificate(&self, ctx: &Ctx, partner_id: &str) -> Result<PartnerCertificate> {
        let (_, cert) =
            self.current_certificate(ctx, CERT_READERS, partner_id, error::USER_NOT_AUTHORIZED.err()).await?;
        Ok(cert)
    }

    /// `GET /partners/{id}/certificate-data` and `/original-partner-certificate`: both copies,
    /// with expiry judged at the clock's now and trust at the current trust store.
    pub async fn partner_certificate_data(&self, ctx: &Ctx, partner_id: &str) -> Result<PartnerCertData> {
        let actor = ctx.require(CERT_READERS)?;
        if !actor.has_any(ANY_PARTNER) && partners::by_user(self.store.db(), &actor.username).await?.is_empty() {
            return Err(error::USER_OWNS_NO_PARTNER.err().into());
        }
        let (view, certificate) =
            self.current_certificate(ctx, CERT_READERS, partner_id, error::CERT_NOT_OWN_PARTNER.err()).await?;
        if view.status() == PartnerStatus::Deactivated {
            return Err(error::CERT_PARTNER_DEACTIVATED.err().into());
        }
        let now = self.now();
        let trusted = self.still_trusted(&certificate, now).await?;
        Ok(PartnerCertData {
            original_expired: certificate.not_after < now,
            signed_expired: certificate.signed_not_after < now,
            days_left: trust::days_left(certificate.not_after.min(certificate.signed_not_after), now),
            trusted,
            certificate,
        })
    }

    /// Whether a stored partner certificate still chains to active CA certificates of its domain.
    async fn still_trusted(&self, cert: &PartnerCertificate, now: DateTime<Utc>) -> Result<bool> {
        let Some(domain) = PartnerDomain::parse(&cert.partner_domain) else { return Ok(false) };
        self.chains_now(domain, &cert.original_pem, now).await
    }

    /// Whether a stored certificate still chains to active CA certificates of `domain`.
    pub(crate) async fn chains_now(&self, domain: PartnerDomain, pem: &str, now: DateTime<Utc>) -> Result<bool> {
        let rows = certificates::active_cas(self.store.db(), domain).await?;
        let (roots, intermediates): (Vec<Certificate>, Vec<Certificate>) =
            parse_stored(&rows)?.into_iter().partition(|c| c.is_self_signed());
        let leaf = parse_stored_pem(pem)?;
        Ok(pms_trust::leaf_path_by_hand(&leaf, &roots, &intermediates, now).is_ok())
    }

    /// `GET /partners/partner-certificates-details`: each of the caller's partners with its
    /// certificate, in two queries.
    pub async fn my_partner_certificates(&self, ctx: &Ctx) -> Result<Vec<PartnerCertSummary>> {
        let actor = ctx.require(OWN_CERT_READERS)?;
        let conn = self.store.db();
        let mine: Vec<PartnerView> =
            partners::by_user(conn, &actor.username).await?.into_iter().map(Into::into).collect();
        if mine.is_empty() {
            return Err(error::USER_OWNS_NO_PARTNER.err().into());
        }
        let ids: Vec<String> = mine.iter().map(|p| p.partner.id.clone()).collect();
        let mut certs = certificates::active_partner_certs(conn, &ids).await?;
        Ok(mine
            .into_iter()
            .map(|partner| {
                let found = certs.iter().position(|c| c.partner_id == partner.partner.id).map(|i| certs.swap_remove(i));
                PartnerCertSummary { partner, certificate: found.map(Into::into) }
            })
            .collect())
    }

    /// Every upload of a partner, newest first (the portal's history).
    pub async fn partner_certificate_history(&self, ctx: &Ctx, partner_id: &str) -> Result<Vec<PartnerCertificate>> {
        let actor = ctx.require(CERT_READERS)?;
        let conn = self.store.db();
        self.certificate_partner(conn, actor, partner_id, error::USER_NOT_AUTHORIZED.err()).await?;
        Ok(all(certificates::partner_cert_history(conn, partner_id).await?))
    }

    // ------------------------------------------------------------------ trust bundle

    /// `GET /v1/pms/trust-bundle`: every active CA certificate per domain and the platform CA
    /// certificates still valid, as a JWS signed by the platform CA (its certificate in `x5c`), so
    /// that a consumer can pull and verify the whole trust configuration.
    pub async fn trust_bundle(&self) -> Result<String> {
        let conn = self.store.db();
        let now = self.now();
        let cas = certificates::all_active_cas(conn).await?;
        let platform = certificates::platform_cas(conn, now).await?;
        let version = cas.iter().map(|c| c.uploaded_at.max(c.deactivated_at.unwrap_or(c.uploaded_at))).max();
        let domains: serde_json::Map<String, serde_json::Value> = PartnerDomain::ALL
            .iter()
            .map(|d| {
                let list: Vec<_> = cas
                    .iter()
                    .filter(|c| c.partner_domain == d.as_str())
                    .map(|c| {
                        json!({"certId": c.cert_id, "caCertificateType": c.ca_type, "issuedTo": c.subject_dn,
                               "issuedBy": c.issuer_dn, "certThumbprint": c.sha1_thumbprint,
                               "validFromDate": events::utc(c.not_before), "validTillDate": events::utc(c.not_after),
                               "certificateData": c.cert_pem})
                    })
                    .collect();
                (d.as_str().to_string(), json!(list))
            })
            .collect();
        let claims = json!({
            "iss": crate::auth::ISSUER,
            "iat": now.timestamp(),
            "version": version.map(|v| v.timestamp_millis()).unwrap_or(0),
            "domains": domains,
            "platformCertificates": platform.iter().map(|p| json!({
                "certThumbprint": p.sha256_thumbprint, "validFromDate": events::utc(p.not_before),
                "validTillDate": events::utc(p.not_after), "certificateData": p.cert_pem})).collect::<Vec<_>>(),
        });
        self.sign_jws(&claims)
    }

    fn sign_jws(&self, claims: &serde_json::Value) -> Result<String> {
        let payload = serde_json::to_vec(claims).map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok(self.platform().ca.sign_jws("trust-bundle+jwt", &payload)?)
    }

    /// The platform CA certificate, PEM (published: consumers verify re-signed certificates with it).
    pub fn platform_certificate_pem(&self) -> String {
        self.platform().certificate().pem().to_string()
    }
}

fn parse_stored_pem(pem: &str) -> Result<Certificate> {
    let mut parsed = pms_trust::parse_certificates(pem.as_bytes())
        .map_err(|e| ServiceError::Internal(format!("stored certificate: {e}")))?;
    parsed.pop().ok_or_else(|| ServiceError::Internal("stored certificate is empty".into()))
}
