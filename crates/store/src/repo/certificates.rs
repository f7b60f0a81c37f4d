//! The trust store: CA certificates per domain, partners' certificate uploads and the platform CA
//! certificates that signed them.

use crate::entity::{ca_certificate, partner_certificate, platform_ca};
use crate::query::{self, col, Dialect};
use crate::{Result, Stamp};
use chrono::{DateTime, Utc};
use pms_domain::list::ListPlan;
use pms_domain::search::{FieldKind, Page, SortDir};
use pms_domain::trust::{CaStatus, CaType, PartnerCertStatus, PartnerDomain};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

const CA: &str = "ca_certificate";

/// A CA certificate about to be stored, with what its parsing and chain validation found.
pub struct NewCa<'a> {
    pub cert_id: &'a str,
    pub domain: PartnerDomain,
    pub ca_type: CaType,
    pub subject_dn: &'a str,
    pub issuer_dn: &'a str,
    pub issuer_id: Option<&'a str>,
    pub serial: &'a str,
    pub sha1_thumbprint: &'a str,
    pub sha256_thumbprint: &'a str,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub pem: &'a str,
    pub by: Stamp<'a>,
}

pub async fn insert_ca(conn: &impl ConnectionTrait, new: NewCa<'_>) -> Result<ca_certificate::Model> {
    Ok(ca_certificate::ActiveModel {
        cert_id: Set(new.cert_id.to_string()),
        partner_domain: Set(new.domain.as_str().to_string()),
        ca_type: Set(new.ca_type.as_str().to_string()),
        subject_dn: Set(new.subject_dn.to_string()),
        issuer_dn: Set(new.issuer_dn.to_string()),
        issuer_id: Set(new.issuer_id.map(str::to_string)),
        serial: Set(new.serial.to_string()),
        sha1_thumbprint: Set(new.sha1_thumbprint.to_string()),
        sha256_thumbprint: Set(new.sha256_thumbprint.to_string()),
        not_before: Set(new.not_before),
        not_after: Set(new.not_after),
        cert_pem: Set(new.pem.to_string()),
        status: Set(CaStatus::Active.as_str().to_string()),
        uploaded_by: Set(new.by.actor.to_string()),
        uploaded_at: Set(new.by.at),
        deactivated_by: Set(None),
        deactivated_at: Set(None),
    }
    .insert(conn)
    .await?)
}

pub async fn find_ca(conn: &impl ConnectionTrait, cert_id: &str) -> Result<Option<ca_certificate::Model>> {
    Ok(ca_certificate::Entity::find_by_id(cert_id).one(conn).await?)
}

pub async fn find_ca_by_thumbprint(
    conn: &impl ConnectionTrait,
    domain: PartnerDomain,
    sha1_thumbprint: &str,
) -> Result<Option<ca_certificate::Model>> {
    Ok(ca_certificate::Entity::find()
        .filter(ca_certificate::Column::PartnerDomain.eq(domain.as_str()))
        .filter(ca_certificate::Column::Sha1Thumbprint.eq(sha1_thumbprint))
        .one(conn)
        .await?)
}

/// The active CA certificates of a domain: the anchors and intermediates chains are built from.
pub async fn active_cas(conn: &impl ConnectionTrait, domain: PartnerDomain) -> Result<Vec<ca_certificate::Model>> {
    Ok(ca_certificate::Entity::find()
        .filter(ca_certificate::Column::PartnerDomain.eq(domain.as_str()))
        .filter(ca_certificate::Column::Status.eq(CaStatus::Active.as_str()))
        .order_by_asc(ca_certificate::Column::UploadedAt)
        .all(conn)
        .await?)
}

/// Every active CA certificate, for the trust bundle.
pub async fn all_active_cas(conn: &impl ConnectionTrait) -> Result<Vec<ca_certificate::Model>> {
    Ok(ca_certificate::Entity::find()
        .filter(ca_certificate::Column::Status.eq(CaStatus::Active.as_str()))
        .order_by_asc(ca_certificate::Column::PartnerDomain)
        .order_by_asc(ca_certificate::Column::UploadedAt)
        .all(conn)
        .await?)
}

/// Moves a CA certificate from one status to another; 0 when it was not in `from`.
pub async fn set_ca_status(
    conn: &impl ConnectionTrait,
    cert_id: &str,
    from: CaStatus,
    to: CaStatus,
    by: Stamp<'_>,
) -> Result<u64> {
    Ok(ca_certificate::Entity::update_many()
        .col_expr(ca_certificate::Column::Status, Expr::value(to.as_str()))
        .col_expr(ca_certificate::Column::DeactivatedBy, Expr::value(by.actor))
        .col_expr(ca_certificate::Column::DeactivatedAt, Expr::value(by.at))
        .filter(ca_certificate::Column::CertId.eq(cert_id))
        .filter(ca_certificate::Column::Status.eq(from.as_str()))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Filters of the trust-store list (`GET /trust-chain-certificates`); texts match as substrings.
#[derive(Debug, Clone, Default)]
pub struct CaFilter {
    pub ca_type: Option<CaType>,
    pub domain: Option<PartnerDomain>,
    pub cert_id: Option<String>,
    pub issued_to: Option<String>,
    pub issued_by: Option<String>,
    pub status: Option<CaStatus>,
    /// Only certificates expiring before this time.
    pub expiring_before: Option<DateTime<Utc>>,
}

/// Sort fields of the trust-store list, under MOSIP's names.
pub const CA_SORT: &[&str] = &[
    "caCertificateType",
    "certificateId",
    "partnerDomain",
    "issuedTo",
    "issuedBy",
    "validFrom",
    "validTill",
    "uploadedDateTime",
    "status",
];

fn ca_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (c, kind) = match name {
        "caCertificateType" => ("ca_type", FieldKind::Text),
        "certificateId" => ("cert_id", FieldKind::Text),
        "partnerDomain" => ("partner_domain", FieldKind::Text),
        "issuedTo" => ("subject_dn", FieldKind::Text),
        "issuedBy" => ("issuer_dn", FieldKind::Text),
        "validFrom" => ("not_before", FieldKind::Time),
        "validTill" => ("not_after", FieldKind::Time),
        "uploadedDateTime" => ("uploaded_at", FieldKind::Time),
        "status" => ("status", FieldKind::Text),
        _ => return None,
    };
    Some((col(CA, c), kind))
}

pub async fn list_cas(
    conn: &impl ConnectionTrait,
    f: &CaFilter,
    plan: &ListPlan,
) -> Result<Page<ca_certificate::Model>> {
    let dialect = Dialect::of(conn);
    let mut cond = Condition::all();
    if let Some(t) = f.ca_type {
        cond = cond.add(ca_certificate::Column::CaType.eq(t.as_str()));
    }
    if let Some(d) = f.domain {
        cond = cond.add(ca_certificate::Column::PartnerDomain.eq(d.as_str()));
    }
    if let Some(s) = f.status {
        cond = cond.add(ca_certificate::Column::Status.eq(s.as_str()));
    }
    for (column, value) in [("cert_id", &f.cert_id), ("subject_dn", &f.issued_to), ("issuer_dn", &f.issued_by)] {
        if let Some(v) = value {
            cond = cond.add(dialect.contains(col(CA, column), v));
        }
    }
    if let Some(t) = f.expiring_before {
        cond = cond.add(ca_certificate::Column::NotAfter.lt(t));
    }
    let sort = plan.sort.map(|s| vec![s]).unwrap_or_else(|| vec![("uploadedDateTime", SortDir::Desc)]);
    let base = ca_certificate::Entity::find().filter(cond);
    query::page(conn, base, &sort, ca_column, col(CA, "cert_id"), plan.offset(), plan.page_size).await
}

// ------------------------------------------------------------------ partner certificates

pub struct NewPartnerCert<'a> {
    pub cert_id: &'a str,
    pub partner_id: &'a str,
    pub domain: PartnerDomain,
    pub org_name: &'a str,
    pub subject_dn: &'a str,
    pub issuer_dn: &'a str,
    pub issuer_id: Option<&'a str>,
    pub sha1_thumbprint: &'a str,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub original_pem: &'a str,
    pub signed_pem: &'a str,
    pub signed_not_after: DateTime<Utc>,
    pub by: Stamp<'a>,
}

/// The partner's current certificate, if it ever uploaded one.
pub async fn active_partner_cert(
    conn: &impl ConnectionTrait,
    partner_id: &str,
) -> Result<Option<partner_certificate::Model>> {
    Ok(partner_certificate::Entity::find()
        .filter(partner_certificate::Column::PartnerId.eq(partner_id))
        .filter(partner_certificate::Column::Status.eq(PartnerCertStatus::Active.as_str()))
        .order_by_desc(partner_certificate::Column::Version)
        .one(conn)
        .await?)
}

/// The active certificate of any partner with this thumbprint.
pub async fn active_partner_cert_by_thumbprint(
    conn: &impl ConnectionTrait,
    sha1_thumbprint: &str,
) -> Result<Option<partner_certificate::Model>> {
    Ok(partner_certificate::Entity::find()
        .filter(partner_certificate::Column::Sha1Thumbprint.eq(sha1_thumbprint))
        .filter(partner_certificate::Column::Status.eq(PartnerCertStatus::Active.as_str()))
        .one(conn)
        .await?)
}

/// Every upload of a partner, newest first.
pub async fn partner_cert_history(
    conn: &impl ConnectionTrait,
    partner_id: &str,
) -> Result<Vec<partner_certificate::Model>> {
    Ok(partner_certificate::Entity::find()
        .filter(partner_certificate::Column::PartnerId.eq(partner_id))
        .order_by_desc(partner_certificate::Column::Version)
        .all(conn)
        .await?)
}

/// The current certificates of several partners at once (the caller's partners, in one query).
pub async fn active_partner_certs(
    conn: &impl ConnectionTrait,
    partner_ids: &[String],
) -> Result<Vec<partner_certificate::Model>> {
    if partner_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(partner_certificate::Entity::find()
        .filter(partner_certificate::Column::PartnerId.is_in(partner_ids.iter().cloned()))
        .filter(partner_certificate::Column::Status.eq(PartnerCertStatus::Active.as_str()))
        .all(conn)
        .await?)
}

/// Stores a new upload as the partner's active certificate; the one it replaces becomes
/// superseded in the same transaction. Returns the stored row.
pub async fn insert_partner_cert(
    conn: &impl ConnectionTrait,
    new: NewPartnerCert<'_>,
) -> Result<partner_certificate::Model> {
    partner_certificate::Entity::update_many()
        .col_expr(partner_certificate::Column::Status, Expr::value(PartnerCertStatus::Superseded.as_str()))
        .filter(partner_certificate::Column::PartnerId.eq(new.partner_id))
        .filter(partner_certificate::Column::Status.eq(PartnerCertStatus::Active.as_str()))
        .exec(conn)
        .await?;
    let version = partner_cert_history(conn, new.partner_id).await?.first().map_or(1, |c| c.version + 1);
    Ok(partner_certificate::ActiveModel {
        cert_id: Set(new.cert_id.to_string()),
        partner_id: Set(new.partner_id.to_string()),
        version: Set(version),
        partner_domain: Set(new.domain.as_str().to_string()),
        org_name: Set(new.org_name.to_string()),
        subject_dn: Set(new.subject_dn.to_string()),
        issuer_dn: Set(new.issuer_dn.to_string()),
        issuer_id: Set(new.issuer_id.map(str::to_string)),
        sha1_thumbprint: Set(new.sha1_thumbprint.to_string()),
        not_before: Set(new.not_before),
        not_after: Set(new.not_after),
        original_pem: Set(new.original_pem.to_string()),
        signed_pem: Set(new.signed_pem.to_string()),
        signed_not_after: Set(new.signed_not_after),
        status: Set(PartnerCertStatus::Active.as_str().to_string()),
        uploaded_by: Set(new.by.actor.to_string()),
        uploaded_at: Set(new.by.at),
    }
    .insert(conn)
    .await?)
}

/// Active partner certificates whose original or platform-signed copy expires before `before`.
pub async fn expiring_partner_certs(
    conn: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<Vec<partner_certificate::Model>> {
    Ok(partner_certificate::Entity::find()
        .filter(partner_certificate::Column::Status.eq(PartnerCertStatus::Active.as_str()))
        .filter(
            Condition::any()
                .add(partner_certificate::Column::NotAfter.lt(before))
                .add(partner_certificate::Column::SignedNotAfter.lt(before)),
        )
        .order_by_asc(partner_certificate::Column::SignedNotAfter)
        .all(conn)
        .await?)
}

// ------------------------------------------------------------------ platform CA

/// Records a platform CA certificate the first time it is used; returns every one recorded.
pub async fn record_platform_ca(
    conn: &impl ConnectionTrait,
    cert_id: &str,
    sha256_thumbprint: &str,
    pem: &str,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<()> {
    let known = platform_ca::Entity::find()
        .filter(platform_ca::Column::Sha256Thumbprint.eq(sha256_thumbprint))
        .one(conn)
        .await?;
    if known.is_none() {
        platform_ca::ActiveModel {
            cert_id: Set(cert_id.to_string()),
            sha256_thumbprint: Set(sha256_thumbprint.to_string()),
            cert_pem: Set(pem.to_string()),
            not_before: Set(not_before),
            not_after: Set(not_after),
            first_used_at: Set(at),
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// Platform CA certificates still valid at `now`, newest first: the current one and any earlier
/// one whose signatures are still in use.
pub async fn platform_cas(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<platform_ca::Model>> {
    Ok(platform_ca::Entity::find()
        .filter(platform_ca::Column::NotAfter.gt(now))
        .order_by_desc(platform_ca::Column::FirstUsedAt)
        .all(conn)
        .await?)
}

/// Active partner certificates whose platform-signed copy ends in `(now, until]`, with their
/// partner.
pub async fn partner_certs_ending(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(partner_certificate::Model, crate::entity::partner::Model)>> {
    use crate::entity::partner;
    let certs = partner_certificate::Entity::find()
        .filter(partner_certificate::Column::Status.eq(PartnerCertStatus::Active.as_str()))
        .filter(partner_certificate::Column::SignedNotAfter.gt(now))
        .filter(partner_certificate::Column::SignedNotAfter.lte(until))
        .all(conn)
        .await?;
    let partners: std::collections::HashMap<String, partner::Model> = partner::Entity::find()
        .filter(partner::Column::Id.is_in(certs.iter().map(|c| c.partner_id.clone())))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    Ok(certs.into_iter().filter_map(|c| Some((c.clone(), partners.get(&c.partner_id)?.clone()))).collect())
}

/// Active CA certificates ending in `(now, until]`.
pub async fn cas_ending(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<ca_certificate::Model>> {
    Ok(ca_certificate::Entity::find()
        .filter(ca_certificate::Column::Status.eq(CaStatus::Active.as_str()))
        .filter(ca_certificate::Column::NotAfter.gt(now))
        .filter(ca_certificate::Column::NotAfter.lte(until))
        .all(conn)
        .await?)
}
