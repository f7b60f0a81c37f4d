//! Device providers' SBIs and devices, FTM providers' chips and chip certificates, and MOSIP's
//! device reference data. Every status change is a conditional `UPDATE` from the status the use
//! case read, so of two concurrent decisions only one applies. Lists filter, sort and page in SQL.

use crate::entity::{
    device_detail, device_detail_sbi, ftm_chip_certificate, ftp_chip_detail, partner, reg_device_sub_type,
    reg_device_type, secure_biometric_interface as sbi, secure_biometric_interface_h as sbi_h,
};
use crate::query::{self, col, Dialect};
use crate::{new_id, Result, Stamp};
use chrono::{DateTime, Utc};
use pms_domain::device::{ChipStatus, Status};
use pms_domain::list::ListPlan;
use pms_domain::search::{FieldKind, FieldSpec, FilterValuesPlan, Page, SearchPlan, SortDir};
use query::FilterValue;
use sea_orm::sea_query::{Alias, Expr, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryOrder, QuerySelect, RelationDef, Select, Set,
};
use std::collections::HashMap;

const S: &str = "secure_biometric_interface";
const D: &str = "device_detail";
const M: &str = "device_detail_sbi";
const C: &str = "ftp_chip_detail";
const P: &str = "partner";

/// The columns a status is stored in, as a condition on `table`.
fn stored_as(table: &str, (approval, active): (&'static str, bool)) -> Condition {
    let cond = Condition::all().add(Expr::col((Alias::new(table), Alias::new("approval_status"))).eq(approval));
    // Only `approved` tells active from deactivated; the other statuses ignore the flag.
    if approval == "approved" {
        cond.add(Expr::col((Alias::new(table), Alias::new("is_active"))).eq(active))
    } else {
        cond
    }
}

pub fn status_is(table: &str, s: Status) -> Condition {
    stored_as(table, s.to_row())
}

pub fn chip_status_is(s: ChipStatus) -> Condition {
    stored_as(C, s.to_row())
}

/// Moves a row of `table` from one stored status to another; 0 rows means someone else moved it.
async fn move_status(
    conn: &impl ConnectionTrait,
    table: &str,
    id: &str,
    from: (&'static str, bool),
    to: (&'static str, bool),
    by: Stamp<'_>,
) -> Result<u64> {
    let update = Query::update()
        .table(Alias::new(table))
        .values([
            (Alias::new("approval_status"), to.0.into()),
            (Alias::new("is_active"), to.1.into()),
            (Alias::new("upd_by"), by.actor.into()),
            (Alias::new("upd_dtimes"), by.at.into()),
        ])
        .and_where(Expr::col((Alias::new(table), Alias::new("id"))).eq(id))
        .cond_where(stored_as(table, from))
        .to_owned();
    let backend = conn.get_database_backend();
    Ok(conn.execute(backend.build(&update)).await?.rows_affected())
}

// ------------------------------------------------------------------ reference data

pub async fn sub_type(conn: &impl ConnectionTrait, typ: &str, sub: &str) -> Result<Option<reg_device_sub_type::Model>> {
    Ok(reg_device_sub_type::Entity::find()
        .filter(reg_device_sub_type::Column::DtypCode.eq(typ))
        .filter(reg_device_sub_type::Column::Code.eq(sub))
        .filter(reg_device_sub_type::Column::IsActive.eq(true))
        .filter(reg_device_sub_type::Column::IsDeleted.eq(false))
        .one(conn)
        .await?)
}

pub async fn device_types(conn: &impl ConnectionTrait) -> Result<Vec<reg_device_type::Model>> {
    Ok(reg_device_type::Entity::find().order_by_asc(reg_device_type::Column::Code).all(conn).await?)
}

pub async fn sub_types(conn: &impl ConnectionTrait) -> Result<Vec<reg_device_sub_type::Model>> {
    Ok(reg_device_sub_type::Entity::find()
        .order_by_asc(reg_device_sub_type::Column::DtypCode)
        .order_by_asc(reg_device_sub_type::Column::Code)
        .all(conn)
        .await?)
}

/// Searchable columns of `POST /devicedetail/deviceType/search` (MOSIP spells `desciption`).
pub const SUB_TYPE_FIELDS: &[FieldSpec] = &[
    FieldSpec::text("code"),
    FieldSpec::text("deviceType"),
    FieldSpec::text("name"),
    FieldSpec::text("desciption"),
    FieldSpec::bool("isActive"),
    FieldSpec::text("crBy"),
    FieldSpec::time("crDtimes"),
];

/// Columns of `POST /devicedetail/deviceType/filtervalues`.
pub const TYPE_FIELDS: &[FieldSpec] =
    &[FieldSpec::text("code"), FieldSpec::text("name"), FieldSpec::text("desciption"), FieldSpec::bool("isActive")];

fn sub_type_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    const T: &str = "reg_device_sub_type";
    let (c, kind) = match name {
        "code" => ("code", FieldKind::Text),
        "deviceType" => ("dtyp_code", FieldKind::Text),
        "name" => ("name", FieldKind::Text),
        "desciption" => ("descr", FieldKind::Text),
        "isActive" => ("is_active", FieldKind::Bool),
        "crBy" => ("cr_by", FieldKind::Text),
        "crDtimes" => ("cr_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(T, c), kind))
}

fn type_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    const T: &str = "reg_device_type";
    let (c, kind) = match name {
        "code" => ("code", FieldKind::Text),
        "name" => ("name", FieldKind::Text),
        "desciption" => ("descr", FieldKind::Text),
        "isActive" => ("is_active", FieldKind::Bool),
        _ => return None,
    };
    Some((col(T, c), kind))
}

pub async fn search_sub_types(
    conn: &impl ConnectionTrait,
    plan: &SearchPlan,
) -> Result<Page<reg_device_sub_type::Model>> {
    let cond = query::condition(&plan.filters, sub_type_column, Dialect::of(conn))?;
    let base = reg_device_sub_type::Entity::find().filter(cond);
    let tie = Expr::cust("reg_device_sub_type.dtyp_code || '/' || reg_device_sub_type.code");
    query::page(conn, base, &plan.sort, sub_type_column, tie, plan.offset(), plan.page_fetch).await
}

pub async fn sub_type_filter_values(conn: &impl ConnectionTrait, plan: &FilterValuesPlan) -> Result<Vec<FilterValue>> {
    let code = col("reg_device_sub_type", "code");
    query::filter_values(conn, reg_device_sub_type::Entity::find(), plan, sub_type_column, code).await
}

pub async fn type_filter_values(conn: &impl ConnectionTrait, plan: &FilterValuesPlan) -> Result<Vec<FilterValue>> {
    query::filter_values(conn, reg_device_type::Entity::find(), plan, type_column, col("reg_device_type", "code")).await
}

// ------------------------------------------------------------------ secure biometric interfaces

pub struct NewSbi<'a> {
    pub provider_id: &'a str,
    pub org_name: &'a str,
    pub binary_hash: &'a str,
    pub version: &'a str,
    pub created: Option<DateTime<Utc>>,
    pub expiry: Option<DateTime<Utc>>,
    pub by: Stamp<'a>,
}

pub async fn insert_sbi(conn: &impl ConnectionTrait, new: NewSbi<'_>) -> Result<sbi::Model> {
    let (approval, active) = Status::PendingApproval.to_row();
    let row = sbi::ActiveModel {
        id: Set(new_id()),
        sw_binary_hash: Set(new.binary_hash.to_string()),
        sw_version: Set(new.version.to_string()),
        sw_cr_dtimes: Set(new.created),
        sw_expiry_dtimes: Set(new.expiry),
        approval_status: Set(approval.to_string()),
        is_active: Set(active),
        provider_id: Set(new.provider_id.to_string()),
        partner_org_name: Set(Some(new.org_name.to_string())),
        cr_by: Set(new.by.actor.to_string()),
        cr_dtimes: Set(new.by.at),
        upd_by: Set(None),
        upd_dtimes: Set(None),
        is_deleted: Set(false),
        del_dtimes: Set(None),
    }
    .insert(conn)
    .await?;
    record_sbi(conn, &row, new.by.at).await?;
    Ok(row)
}

/// Appends the SBI as it now is to its history.
pub async fn record_sbi(conn: &impl ConnectionTrait, s: &sbi::Model, at: DateTime<Utc>) -> Result<()> {
    sbi_h::ActiveModel {
        hist_id: Set(new_id()),
        id: Set(s.id.clone()),
        eff_dtimes: Set(at),
        sw_binary_hash: Set(s.sw_binary_hash.clone()),
        sw_version: Set(s.sw_version.clone()),
        sw_cr_dtimes: Set(s.sw_cr_dtimes),
        sw_expiry_dtimes: Set(s.sw_expiry_dtimes),
        approval_status: Set(s.approval_status.clone()),
        is_active: Set(s.is_active),
        provider_id: Set(s.provider_id.clone()),
        partner_org_name: Set(s.partner_org_name.clone()),
        cr_by: Set(s.cr_by.clone()),
        cr_dtimes: Set(s.cr_dtimes),
        upd_by: Set(s.upd_by.clone()),
        upd_dtimes: Set(s.upd_dtimes),
        is_deleted: Set(s.is_deleted),
        del_dtimes: Set(s.del_dtimes),
    }
    .insert(conn)
    .await?;
    Ok(())
}

pub async fn sbi_history(conn: &impl ConnectionTrait, id: &str) -> Result<Vec<sbi_h::Model>> {
    Ok(sbi_h::Entity::find()
        .filter(sbi_h::Column::Id.eq(id))
        .order_by_asc(sbi_h::Column::EffDtimes)
        .order_by_asc(sbi_h::Column::HistId)
        .all(conn)
        .await?)
}

pub async fn find_sbi(conn: &impl ConnectionTrait, id: &str) -> Result<Option<sbi::Model>> {
    Ok(sbi::Entity::find_by_id(id).filter(sbi::Column::IsDeleted.eq(false)).one(conn).await?)
}

/// Whether the provider has an SBI of this version, other than `except`.
pub async fn sbi_version_taken(
    conn: &impl ConnectionTrait,
    provider_id: &str,
    version: &str,
    except: Option<&str>,
) -> Result<bool> {
    let mut q =
        sbi::Entity::find().filter(sbi::Column::ProviderId.eq(provider_id)).filter(sbi::Column::SwVersion.eq(version));
    if let Some(id) = except {
        q = q.filter(sbi::Column::Id.ne(id));
    }
    Ok(query::count(conn, q).await? > 0)
}

pub struct SbiChange<'a> {
    pub binary_hash: &'a str,
    pub version: &'a str,
    pub created: Option<DateTime<Utc>>,
    pub expiry: Option<DateTime<Utc>>,
}

pub async fn update_sbi(conn: &impl ConnectionTrait, id: &str, c: SbiChange<'_>, by: Stamp<'_>) -> Result<sbi::Model> {
    let row = sbi::ActiveModel {
        id: Set(id.to_string()),
        sw_binary_hash: Set(c.binary_hash.to_string()),
        sw_version: Set(c.version.to_string()),
        sw_cr_dtimes: Set(c.created),
        sw_expiry_dtimes: Set(c.expiry),
        upd_by: Set(Some(by.actor.to_string())),
        upd_dtimes: Set(Some(by.at)),
        ..Default::default()
    }
    .update(conn)
    .await?;
    record_sbi(conn, &row, by.at).await?;
    Ok(row)
}

/// Moves an SBI from `from` to `to` and records it; `None` when it was no longer in `from`.
pub async fn move_sbi(
    conn: &impl ConnectionTrait,
    id: &str,
    from: Status,
    to: Status,
    by: Stamp<'_>,
) -> Result<Option<sbi::Model>> {
    if move_status(conn, S, id, from.to_row(), to.to_row(), by).await? == 0 {
        return Ok(None);
    }
    let row = find_sbi(conn, id).await?.ok_or_else(|| crate::StoreError::Internal(format!("sbi {id} vanished")))?;
    record_sbi(conn, &row, by.at).await?;
    Ok(Some(row))
}

pub async fn sbis_of(conn: &impl ConnectionTrait, provider_id: &str) -> Result<Vec<sbi::Model>> {
    Ok(sbi::Entity::find()
        .filter(sbi::Column::ProviderId.eq(provider_id))
        .order_by_asc(sbi::Column::CrDtimes)
        .order_by_asc(sbi::Column::Id)
        .all(conn)
        .await?)
}

/// Sort aliases of `GET /securebiometricinterface`.
pub const SBI_SORT: &[&str] = &[
    "partnerId",
    "orgName",
    "partnerType",
    "sbiId",
    "sbiVersion",
    "sbiCreatedDateTime",
    "sbiExpiryDateTime",
    "status",
    "createdDateTime",
    "sbiExpiryStatus",
    "countOfAssociatedDevices",
];

fn sbi_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (table, c, kind) = match name {
        "partnerId" => (S, "provider_id", FieldKind::Text),
        "orgName" => (S, "partner_org_name", FieldKind::Text),
        "partnerType" => (P, "partner_type_code", FieldKind::Text),
        "sbiId" => (S, "id", FieldKind::Text),
        "sbiVersion" => (S, "sw_version", FieldKind::Text),
        "sbiCreatedDateTime" => (S, "sw_cr_dtimes", FieldKind::Time),
        // Expired SBIs are those that end first, so the expiry date orders the expiry status.
        "sbiExpiryDateTime" | "sbiExpiryStatus" => (S, "sw_expiry_dtimes", FieldKind::Time),
        "status" => (S, "approval_status", FieldKind::Text),
        "createdDateTime" => (S, "cr_dtimes", FieldKind::Time),
        "countOfAssociatedDevices" => {
            return Some((
                Expr::cust(
                    "(SELECT COUNT(*) FROM device_detail_sbi WHERE device_detail_sbi.sbi_id = secure_biometric_interface.id)",
                ),
                FieldKind::Int,
            ))
        }
        _ => return None,
    };
    Some((col(table, c), kind))
}

#[derive(Debug, Clone, Default)]
pub struct SbiFilter {
    /// Only these providers' SBIs (a non-admin's own partners).
    pub providers: Option<Vec<String>>,
    pub partner_id: Option<String>,
    pub org_name: Option<String>,
    pub sbi_id: Option<String>,
    pub sbi_version: Option<String>,
    pub status: Option<Status>,
    /// `Some(true)`: expired before `today`; `Some(false)`: still valid.
    pub expired: Option<bool>,
    pub today: DateTime<Utc>,
}

/// An SBI with its provider's type and the counts of its devices.
#[derive(Debug, Clone)]
pub struct SbiRow {
    pub sbi: sbi::Model,
    pub partner_type: Option<String>,
    pub counts: DeviceCounts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeviceCounts {
    pub all: u64,
    pub approved: u64,
    pub pending: u64,
}

fn to_provider<E: EntityTrait>(from: E::Column) -> RelationDef {
    E::belongs_to(partner::Entity).from(from).to(partner::Column::Id).into()
}

pub async fn list_sbis(conn: &impl ConnectionTrait, f: &SbiFilter, plan: &ListPlan) -> Result<Page<SbiRow>> {
    let dialect = Dialect::of(conn);
    let mut cond = Condition::all().add(sbi::Column::IsDeleted.eq(false));
    if let Some(ids) = &f.providers {
        cond = cond.add(sbi::Column::ProviderId.is_in(ids.iter().map(String::as_str)));
    }
    for (value, field) in
        [(&f.partner_id, "partnerId"), (&f.org_name, "orgName"), (&f.sbi_id, "sbiId"), (&f.sbi_version, "sbiVersion")]
    {
        if let (Some(v), Some((expr, _))) = (value, sbi_column(field)) {
            cond = cond.add(dialect.contains(expr, v));
        }
    }
    if let Some(s) = f.status {
        cond = cond.add(status_is(S, s));
    }
    match f.expired {
        Some(true) => cond = cond.add(sbi::Column::SwExpiryDtimes.lt(f.today)),
        Some(false) => {
            cond = cond.add(
                Condition::any()
                    .add(sbi::Column::SwExpiryDtimes.gte(f.today))
                    .add(sbi::Column::SwExpiryDtimes.is_null()),
            )
        }
        None => {}
    }
    let sort = plan.sort.map(|s| vec![s]).unwrap_or_else(|| vec![("createdDateTime", SortDir::Desc)]);
    let base = sbi::Entity::find().filter(cond.clone());
    let total = query::count(conn, base.clone()).await?;
    let joined = base.join(JoinType::LeftJoin, to_provider::<sbi::Entity>(sbi::Column::ProviderId));
    let rows: Vec<(sbi::Model, Option<partner::Model>)> =
        query::sorted(joined.select_also(partner::Entity), &sort, sbi_column, col(S, "id"))?
            .limit(plan.page_size)
            .offset(plan.offset())
            .all(conn)
            .await?;
    let ids: Vec<String> = rows.iter().map(|(s, _)| s.id.clone()).collect();
    let counts = device_counts(conn, &ids).await?;
    let items = rows
        .into_iter()
        .map(|(s, p)| SbiRow {
            counts: counts.get(&s.id).copied().unwrap_or_default(),
            sbi: s,
            partner_type: p.map(|p| p.partner_type_code),
        })
        .collect();
    Ok(Page { items, total })
}

/// Devices mapped to each SBI: all, approved and active, waiting — one grouped query.
pub async fn device_counts(conn: &impl ConnectionTrait, sbi_ids: &[String]) -> Result<HashMap<String, DeviceCounts>> {
    if sbi_ids.is_empty() {
        return Ok(HashMap::new());
    }
    #[derive(FromQueryResult)]
    struct Row {
        sbi_id: String,
        all: i64,
        approved: Option<i64>,
        pending: Option<i64>,
    }
    let rows = device_detail_sbi::Entity::find()
        .select_only()
        .column(device_detail_sbi::Column::SbiId)
        .column_as(Expr::cust("COUNT(*)"), "all")
        .column_as(
            Expr::cust(
                "SUM(CASE WHEN device_detail.approval_status = 'approved' AND device_detail.is_active = true THEN 1 ELSE 0 END)",
            ),
            "approved",
        )
        .column_as(
            Expr::cust("SUM(CASE WHEN device_detail.approval_status = 'pending_approval' THEN 1 ELSE 0 END)"),
            "pending",
        )
        .join(
            JoinType::InnerJoin,
            device_detail_sbi::Entity::belongs_to(device_detail::Entity)
                .from(device_detail_sbi::Column::DeviceDetailId)
                .to(device_detail::Column::Id)
                .into(),
        )
        .filter(device_detail_sbi::Column::SbiId.is_in(sbi_ids.iter().map(String::as_str)))
        .group_by(device_detail_sbi::Column::SbiId)
        .into_model::<Row>()
        .all(conn)
        .await?;
    let n = |v: i64| v.max(0) as u64;
    Ok(rows
        .into_iter()
        .map(|r| {
            let counts = DeviceCounts {
                all: n(r.all),
                approved: n(r.approved.unwrap_or(0)),
                pending: n(r.pending.unwrap_or(0)),
            };
            (r.sbi_id, counts)
        })
        .collect())
}

/// SBIs that end between `from` and `before` and are still approved (expiry reminders).
pub async fn sbis_ending(
    conn: &impl ConnectionTrait,
    from: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Result<Vec<sbi::Model>> {
    Ok(sbi::Entity::find()
        .filter(status_is(S, Status::Approved))
        .filter(sbi::Column::SwExpiryDtimes.gte(from))
        .filter(sbi::Column::SwExpiryDtimes.lt(before))
        .order_by_asc(sbi::Column::SwExpiryDtimes)
        .limit(1000)
        .all(conn)
        .await?)
}

/// Searchable columns of `POST /securebiometricinterface/search` and its filter values.
pub const SBI_FIELDS: &[FieldSpec] = &[
    FieldSpec::text("id"),
    FieldSpec::text("swVersion"),
    FieldSpec::text("swBinaryHash"),
    FieldSpec::text("approvalStatus"),
    FieldSpec::bool("isActive"),
    FieldSpec::text("providerId"),
    FieldSpec::text("partnerOrgName"),
    FieldSpec::time("swCreateDateTime"),
    FieldSpec::time("swExpiryDateTime"),
    FieldSpec::text("crBy"),
    FieldSpec::time("crDtimes"),
    FieldSpec::text("updBy"),
    FieldSpec::time("updDtimes"),
];

fn sbi_search_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (c, kind) = match name {
        "id" => ("id", FieldKind::Text),
        "swVersion" => ("sw_version", FieldKind::Text),
        "swBinaryHash" => ("sw_binary_hash", FieldKind::Text),
        "approvalStatus" => ("approval_status", FieldKind::Text),
        "isActive" => ("is_active", FieldKind::Bool),
        "providerId" => ("provider_id", FieldKind::Text),
        "partnerOrgName" | "partnerOrganizationName" => ("partner_org_name", FieldKind::Text),
        "swCreateDateTime" => ("sw_cr_dtimes", FieldKind::Time),
        "swExpiryDateTime" => ("sw_expiry_dtimes", FieldKind::Time),
        "crBy" => ("cr_by", FieldKind::Text),
        "crDtimes" => ("cr_dtimes", FieldKind::Time),
        "updBy" => ("upd_by", FieldKind::Text),
        "updDtimes" => ("upd_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(S, c), kind))
}

fn scoped_sbis(providers: Option<&[String]>) -> Select<sbi::Entity> {
    let base = sbi::Entity::find().filter(sbi::Column::IsDeleted.eq(false));
    match providers {
        Some(ids) => base.filter(sbi::Column::ProviderId.is_in(ids.iter().map(String::as_str))),
        None => base,
    }
}

pub async fn search_sbis(
    conn: &impl ConnectionTrait,
    plan: &SearchPlan,
    providers: Option<&[String]>,
) -> Result<Page<sbi::Model>> {
    let cond = query::condition(&plan.filters, sbi_search_column, Dialect::of(conn))?;
    let base = scoped_sbis(providers).filter(cond);
    query::page(conn, base, &plan.sort, sbi_search_column, col(S, "id"), plan.offset(), plan.page_fetch).await
}

pub async fn sbi_filter_values(
    conn: &impl ConnectionTrait,
    plan: &FilterValuesPlan,
    providers: Option<&[String]>,
) -> Result<Vec<FilterValue>> {
    query::filter_values(conn, scoped_sbis(providers), plan, sbi_search_column, col(S, "id")).await
}

// ------------------------------------------------------------------ devices

pub struct NewDevice<'a> {
    pub provider_id: &'a str,
    pub org_name: &'a str,
    pub type_code: &'a str,
    pub sub_type_code: &'a str,
    pub make: &'a str,
    pub model: &'a str,
    /// MOSIP lets a caller choose the id of a legacy device.
    pub id: Option<&'a str>,
    pub by: Stamp<'a>,
}

pub async fn insert_device(conn: &impl ConnectionTrait, new: NewDevice<'_>) -> Result<device_detail::Model> {
    let (approval, active) = Status::PendingApproval.to_row();
    Ok(device_detail::ActiveModel {
        id: Set(new.id.map(str::to_string).unwrap_or_else(new_id)),
        dprovider_id: Set(new.provider_id.to_string()),
        dtype_code: Set(new.type_code.to_string()),
        dstype_code: Set(new.sub_type_code.to_string()),
        make: Set(new.make.to_string()),
        model: Set(new.model.to_string()),
        partner_org_name: Set(Some(new.org_name.to_string())),
        approval_status: Set(approval.to_string()),
        is_active: Set(active),
        cr_by: Set(new.by.actor.to_string()),
        cr_dtimes: Set(new.by.at),
        upd_by: Set(None),
        upd_dtimes: Set(None),
        is_deleted: Set(false),
        del_dtimes: Set(None),
    }
    .insert(conn)
    .await?)
}

pub async fn find_device(conn: &impl ConnectionTrait, id: &str) -> Result<Option<device_detail::Model>> {
    Ok(device_detail::Entity::find_by_id(id).filter(device_detail::Column::IsDeleted.eq(false)).one(conn).await?)
}

/// What names a device make and model of a provider.
pub struct DeviceKind<'a> {
    pub type_code: &'a str,
    pub sub_type_code: &'a str,
    pub make: &'a str,
    pub model: &'a str,
}

/// Whether the provider already has this device alive (waiting, or approved and active),
/// other than `except`.
pub async fn live_device_exists(
    conn: &impl ConnectionTrait,
    provider_id: &str,
    k: &DeviceKind<'_>,
    except: Option<&str>,
) -> Result<bool> {
    let mut q = device_detail::Entity::find()
        .filter(device_detail::Column::DproviderId.eq(provider_id))
        .filter(device_detail::Column::DtypeCode.eq(k.type_code))
        .filter(device_detail::Column::DstypeCode.eq(k.sub_type_code))
        .filter(device_detail::Column::Make.eq(k.make))
        .filter(device_detail::Column::Model.eq(k.model))
        .filter(Condition::any().add(status_is(D, Status::PendingApproval)).add(status_is(D, Status::Approved)));
    if let Some(id) = except {
        q = q.filter(device_detail::Column::Id.ne(id));
    }
    Ok(query::count(conn, q).await? > 0)
}

pub async fn update_device(
    conn: &impl ConnectionTrait,
    id: &str,
    k: &DeviceKind<'_>,
    by: Stamp<'_>,
) -> Result<device_detail::Model> {
    Ok(device_detail::ActiveModel {
        id: Set(id.to_string()),
        dtype_code: Set(k.type_code.to_string()),
        dstype_code: Set(k.sub_type_code.to_string()),
        make: Set(k.make.to_string()),
        model: Set(k.model.to_string()),
        upd_by: Set(Some(by.actor.to_string())),
        upd_dtimes: Set(Some(by.at)),
        ..Default::default()
    }
    .update(conn)
    .await?)
}

pub async fn move_device(
    conn: &impl ConnectionTrait,
    id: &str,
    from: Status,
    to: Status,
    by: Stamp<'_>,
) -> Result<bool> {
    Ok(move_status(conn, D, id, from.to_row(), to.to_row(), by).await? > 0)
}

pub async fn devices_of_provider(conn: &impl ConnectionTrait, provider_id: &str) -> Result<Vec<device_detail::Model>> {
    Ok(device_detail::Entity::find()
        .filter(device_detail::Column::DproviderId.eq(provider_id))
        .order_by_asc(device_detail::Column::Id)
        .all(conn)
        .await?)
}

/// The devices mapped to an SBI, oldest first, each with its mapping.
pub async fn devices_of_sbi(
    conn: &impl ConnectionTrait,
    sbi_id: &str,
) -> Result<Vec<(device_detail::Model, device_detail_sbi::Model)>> {
    let rows = device_detail::Entity::find()
        .join(JoinType::InnerJoin, device_to_mapping())
        .filter(device_detail_sbi::Column::SbiId.eq(sbi_id))
        .select_also(device_detail_sbi::Entity)
        .order_by_asc(device_detail::Column::CrDtimes)
        .order_by_asc(device_detail::Column::Id)
        .all(conn)
        .await?;
    Ok(rows.into_iter().filter_map(|(d, m)| m.map(|m| (d, m))).collect())
}

fn device_to_mapping() -> RelationDef {
    device_detail::Entity::belongs_to(device_detail_sbi::Entity)
        .from(device_detail::Column::Id)
        .to(device_detail_sbi::Column::DeviceDetailId)
        .into()
}

pub async fn find_mapping(
    conn: &impl ConnectionTrait,
    device_id: &str,
    sbi_id: &str,
) -> Result<Option<device_detail_sbi::Model>> {
    Ok(device_detail_sbi::Entity::find_by_id((device_id.to_string(), sbi_id.to_string())).one(conn).await?)
}

pub async fn mappings_of_device(conn: &impl ConnectionTrait, device_id: &str) -> Result<Vec<device_detail_sbi::Model>> {
    Ok(device_detail_sbi::Entity::find()
        .filter(device_detail_sbi::Column::DeviceDetailId.eq(device_id))
        .order_by_asc(device_detail_sbi::Column::CrDtimes)
        .all(conn)
        .await?)
}

pub async fn insert_mapping(
    conn: &impl ConnectionTrait,
    device: &device_detail::Model,
    sbi_id: &str,
    active: bool,
    by: Stamp<'_>,
) -> Result<device_detail_sbi::Model> {
    Ok(device_detail_sbi::ActiveModel {
        device_detail_id: Set(device.id.clone()),
        sbi_id: Set(sbi_id.to_string()),
        dprovider_id: Set(device.dprovider_id.clone()),
        partner_org_name: Set(device.partner_org_name.clone()),
        is_active: Set(active),
        cr_by: Set(by.actor.to_string()),
        cr_dtimes: Set(by.at),
        upd_by: Set(None),
        upd_dtimes: Set(None),
        is_deleted: Set(false),
        del_dtimes: Set(None),
    }
    .insert(conn)
    .await?)
}

pub async fn set_mapping_active(
    conn: &impl ConnectionTrait,
    device_id: &str,
    sbi_id: &str,
    active: bool,
    by: Stamp<'_>,
) -> Result<()> {
    device_detail_sbi::ActiveModel {
        device_detail_id: Set(device_id.to_string()),
        sbi_id: Set(sbi_id.to_string()),
        is_active: Set(active),
        upd_by: Set(Some(by.actor.to_string())),
        upd_dtimes: Set(Some(by.at)),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok(())
}

pub async fn delete_mapping(conn: &impl ConnectionTrait, device_id: &str, sbi_id: &str) -> Result<u64> {
    Ok(device_detail_sbi::Entity::delete_by_id((device_id.to_string(), sbi_id.to_string()))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Sort aliases of `GET /devicedetail`.
pub const DEVICE_SORT: &[&str] = &[
    "deviceId",
    "sbiId",
    "sbiVersion",
    "partnerId",
    "orgName",
    "deviceType",
    "deviceSubType",
    "make",
    "model",
    "status",
    "createdDateTime",
];

fn device_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (table, c, kind) = match name {
        "deviceId" => (D, "id", FieldKind::Text),
        "sbiId" => (M, "sbi_id", FieldKind::Text),
        "sbiVersion" => (S, "sw_version", FieldKind::Text),
        "partnerId" => (D, "dprovider_id", FieldKind::Text),
        "orgName" => (D, "partner_org_name", FieldKind::Text),
        "deviceType" => (D, "dtype_code", FieldKind::Text),
        "deviceSubType" => (D, "dstype_code", FieldKind::Text),
        "make" => (D, "make", FieldKind::Text),
        "model" => (D, "model", FieldKind::Text),
        "status" => (D, "approval_status", FieldKind::Text),
        "createdDateTime" => (D, "cr_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(table, c), kind))
}

#[derive(Debug, Clone, Default)]
pub struct DeviceFilter {
    pub providers: Option<Vec<String>>,
    pub partner_id: Option<String>,
    pub org_name: Option<String>,
    pub device_type: Option<String>,
    pub device_sub_type: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub sbi_id: Option<String>,
    pub sbi_version: Option<String>,
    pub device_id: Option<String>,
    pub status: Option<Status>,
}

/// A device with the SBI it is mapped to (one row per mapping, as MOSIP's list).
#[derive(Debug, Clone, FromQueryResult)]
pub struct DeviceRow {
    pub id: String,
    pub dprovider_id: String,
    pub dtype_code: String,
    pub dstype_code: String,
    pub make: String,
    pub model: String,
    pub partner_org_name: Option<String>,
    pub approval_status: String,
    pub is_active: bool,
    pub cr_dtimes: DateTime<Utc>,
    pub sbi_id: Option<String>,
    pub sbi_version: Option<String>,
}

fn joined_devices() -> Select<device_detail::Entity> {
    device_detail::Entity::find().join(JoinType::LeftJoin, device_to_mapping()).join(
        JoinType::LeftJoin,
        device_detail_sbi::Entity::belongs_to(sbi::Entity)
            .from(device_detail_sbi::Column::SbiId)
            .to(sbi::Column::Id)
            .into(),
    )
}

pub async fn list_devices(conn: &impl ConnectionTrait, f: &DeviceFilter, plan: &ListPlan) -> Result<Page<DeviceRow>> {
    let dialect = Dialect::of(conn);
    let mut cond = Condition::all().add(device_detail::Column::IsDeleted.eq(false));
    if let Some(ids) = &f.providers {
        cond = cond.add(device_detail::Column::DproviderId.is_in(ids.iter().map(String::as_str)));
    }
    for (value, field) in [
        (&f.partner_id, "partnerId"),
        (&f.org_name, "orgName"),
        (&f.device_type, "deviceType"),
        (&f.device_sub_type, "deviceSubType"),
        (&f.make, "make"),
        (&f.model, "model"),
        (&f.sbi_id, "sbiId"),
        (&f.sbi_version, "sbiVersion"),
        (&f.device_id, "deviceId"),
    ] {
        if let (Some(v), Some((expr, _))) = (value, device_column(field)) {
            cond = cond.add(dialect.contains(expr, v));
        }
    }
    if let Some(s) = f.status {
        cond = cond.add(status_is(D, s));
    }
    let sort = plan.sort.map(|s| vec![s]).unwrap_or_else(|| vec![("createdDateTime", SortDir::Desc)]);
    let base = joined_devices().filter(cond);
    let total = query::count(conn, base.clone()).await?;
    // A device listed under several SBIs is one row per SBI: the device id, then the SBI id,
    // make the order total while leaving the index on (status, time, id) usable for the page.
    let last = sort.last().map(|(_, dir)| *dir).unwrap_or(SortDir::Asc);
    let rows = query::sorted(
        base.column_as(col(M, "sbi_id"), "sbi_id").column_as(col(S, "sw_version"), "sbi_version"),
        &sort,
        device_column,
        col(D, "id"),
    )?
    .order_by(col(M, "sbi_id"), query::order(last))
    .limit(plan.page_size)
    .offset(plan.offset())
    .into_model::<DeviceRow>()
    .all(conn)
    .await?;
    Ok(Page { items: rows, total })
}

/// Searchable columns of `POST /devicedetail/search`; `partnerOrganizationName` is MOSIP's
/// pseudo-column on the provider's name.
pub const DEVICE_FIELDS: &[FieldSpec] = &[
    FieldSpec::text("id"),
    FieldSpec::text("deviceProviderId"),
    FieldSpec::text("deviceTypeCode"),
    FieldSpec::text("deviceSubTypeCode"),
    FieldSpec::text("make"),
    FieldSpec::text("model"),
    FieldSpec::text("partnerOrganizationName"),
    FieldSpec::bool("isActive"),
    FieldSpec::text("approvalStatus"),
    FieldSpec::text("crBy"),
    FieldSpec::time("crDtimes"),
];

fn device_search_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (c, kind) = match name {
        "id" => ("id", FieldKind::Text),
        "deviceProviderId" => ("dprovider_id", FieldKind::Text),
        "deviceTypeCode" => ("dtype_code", FieldKind::Text),
        "deviceSubTypeCode" => ("dstype_code", FieldKind::Text),
        "make" => ("make", FieldKind::Text),
        "model" => ("model", FieldKind::Text),
        "partnerOrganizationName" => ("partner_org_name", FieldKind::Text),
        "isActive" => ("is_active", FieldKind::Bool),
        "approvalStatus" => ("approval_status", FieldKind::Text),
        "crBy" => ("cr_by", FieldKind::Text),
        "crDtimes" => ("cr_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(D, c), kind))
}

fn scoped_devices(providers: Option<&[String]>) -> Select<device_detail::Entity> {
    let base = device_detail::Entity::find().filter(device_detail::Column::IsDeleted.eq(false));
    match providers {
        Some(ids) => base.filter(device_detail::Column::DproviderId.is_in(ids.iter().map(String::as_str))),
        None => base,
    }
}

pub async fn search_devices(
    conn: &impl ConnectionTrait,
    plan: &SearchPlan,
    providers: Option<&[String]>,
) -> Result<Page<device_detail::Model>> {
    let cond = query::condition(&plan.filters, device_search_column, Dialect::of(conn))?;
    let base = scoped_devices(providers).filter(cond);
    query::page(conn, base, &plan.sort, device_search_column, col(D, "id"), plan.offset(), plan.page_fetch).await
}

pub async fn device_filter_values(
    conn: &impl ConnectionTrait,
    plan: &FilterValuesPlan,
    providers: Option<&[String]>,
) -> Result<Vec<FilterValue>> {
    query::filter_values(conn, scoped_devices(providers), plan, device_search_column, col(D, "id")).await
}

/// Searchable columns of `POST /securebiometricinterface/devicedetails/map/search`.
pub const MAPPING_FIELDS: &[FieldSpec] = &[
    FieldSpec::text("deviceDetailId"),
    FieldSpec::text("sbiId"),
    FieldSpec::text("providerId"),
    FieldSpec::text("providerName"),
    FieldSpec::bool("isActive"),
    FieldSpec::text("crBy"),
    FieldSpec::time("crDtimes"),
];

fn mapping_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (c, kind) = match name {
        "deviceDetailId" => ("device_detail_id", FieldKind::Text),
        "sbiId" => ("sbi_id", FieldKind::Text),
        "providerId" => ("dprovider_id", FieldKind::Text),
        "providerName" => ("partner_org_name", FieldKind::Text),
        "isActive" => ("is_active", FieldKind::Bool),
        "crBy" => ("cr_by", FieldKind::Text),
        "crDtimes" => ("cr_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(M, c), kind))
}

/// A mapping with its device and SBI, as the legacy mapping search shows it.
pub type MappingRow = (device_detail_sbi::Model, Option<device_detail::Model>, Option<sbi::Model>);

pub async fn search_mappings(
    conn: &impl ConnectionTrait,
    plan: &SearchPlan,
    providers: Option<&[String]>,
) -> Result<Page<MappingRow>> {
    let cond = query::condition(&plan.filters, mapping_column, Dialect::of(conn))?;
    let mut base = device_detail_sbi::Entity::find().filter(cond);
    if let Some(ids) = providers {
        base = base.filter(device_detail_sbi::Column::DproviderId.is_in(ids.iter().map(String::as_str)));
    }
    let page = query::page(
        conn,
        base,
        &plan.sort,
        mapping_column,
        Expr::cust("device_detail_sbi.device_detail_id || '/' || device_detail_sbi.sbi_id"),
        plan.offset(),
        plan.page_fetch,
    )
    .await?;
    let device_ids: Vec<&str> = page.items.iter().map(|m| m.device_detail_id.as_str()).collect();
    let sbi_ids: Vec<&str> = page.items.iter().map(|m| m.sbi_id.as_str()).collect();
    let devices: HashMap<String, device_detail::Model> = device_detail::Entity::find()
        .filter(device_detail::Column::Id.is_in(device_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| (d.id.clone(), d))
        .collect();
    let sbis: HashMap<String, sbi::Model> = sbi::Entity::find()
        .filter(sbi::Column::Id.is_in(sbi_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect();
    let items = page
        .items
        .into_iter()
        .map(|m| {
            let d = devices.get(&m.device_detail_id).cloned();
            let s = sbis.get(&m.sbi_id).cloned();
            (m, d, s)
        })
        .collect();
    Ok(Page { items, total: page.total })
}

// ------------------------------------------------------------------ FTM chips

pub struct NewChip<'a> {
    pub provider_id: &'a str,
    pub org_name: &'a str,
    pub make: &'a str,
    pub model: &'a str,
    pub by: Stamp<'a>,
}

pub async fn insert_chip(conn: &impl ConnectionTrait, new: NewChip<'_>) -> Result<ftp_chip_detail::Model> {
    let (approval, active) = ChipStatus::PendingCertUpload.to_row();
    Ok(ftp_chip_detail::ActiveModel {
        id: Set(new_id()),
        foundational_trust_provider_id: Set(new.provider_id.to_string()),
        make: Set(new.make.to_string()),
        model: Set(new.model.to_string()),
        certificate_alias: Set(None),
        partner_org_name: Set(Some(new.org_name.to_string())),
        is_active: Set(active),
        approval_status: Set(approval.to_string()),
        cr_by: Set(new.by.actor.to_string()),
        cr_dtimes: Set(new.by.at),
        upd_by: Set(None),
        upd_dtimes: Set(None),
        is_deleted: Set(false),
        del_dtimes: Set(None),
    }
    .insert(conn)
    .await?)
}

pub async fn find_chip(conn: &impl ConnectionTrait, id: &str) -> Result<Option<ftp_chip_detail::Model>> {
    Ok(ftp_chip_detail::Entity::find_by_id(id).filter(ftp_chip_detail::Column::IsDeleted.eq(false)).one(conn).await?)
}

/// Whether the provider already has a live chip of this make and model, other than `except`.
pub async fn live_chip_exists(
    conn: &impl ConnectionTrait,
    provider_id: &str,
    make: &str,
    model: &str,
    except: Option<&str>,
) -> Result<bool> {
    let mut q = ftp_chip_detail::Entity::find()
        .filter(ftp_chip_detail::Column::FoundationalTrustProviderId.eq(provider_id))
        .filter(ftp_chip_detail::Column::Make.eq(make))
        .filter(ftp_chip_detail::Column::Model.eq(model))
        .filter(
            Condition::all().add(ftp_chip_detail::Column::ApprovalStatus.ne("rejected")).add(
                Condition::any()
                    .add(ftp_chip_detail::Column::ApprovalStatus.ne("approved"))
                    .add(ftp_chip_detail::Column::IsActive.eq(true)),
            ),
        );
    if let Some(id) = except {
        q = q.filter(ftp_chip_detail::Column::Id.ne(id));
    }
    Ok(query::count(conn, q).await? > 0)
}

pub async fn update_chip(
    conn: &impl ConnectionTrait,
    id: &str,
    make: &str,
    model: &str,
    by: Stamp<'_>,
) -> Result<ftp_chip_detail::Model> {
    Ok(ftp_chip_detail::ActiveModel {
        id: Set(id.to_string()),
        make: Set(make.to_string()),
        model: Set(model.to_string()),
        upd_by: Set(Some(by.actor.to_string())),
        upd_dtimes: Set(Some(by.at)),
        ..Default::default()
    }
    .update(conn)
    .await?)
}

pub async fn move_chip(
    conn: &impl ConnectionTrait,
    id: &str,
    from: ChipStatus,
    to: ChipStatus,
    by: Stamp<'_>,
) -> Result<bool> {
    Ok(move_status(conn, C, id, from.to_row(), to.to_row(), by).await? > 0)
}

pub async fn chips_of(conn: &impl ConnectionTrait, provider_ids: &[String]) -> Result<Vec<ftp_chip_detail::Model>> {
    Ok(ftp_chip_detail::Entity::find()
        .filter(ftp_chip_detail::Column::FoundationalTrustProviderId.is_in(provider_ids.iter().map(String::as_str)))
        .filter(ftp_chip_detail::Column::IsDeleted.eq(false))
        .order_by_desc(ftp_chip_detail::Column::CrDtimes)
        .order_by_desc(ftp_chip_detail::Column::Id)
        .limit(10_000)
        .all(conn)
        .await?)
}

/// Sort aliases of `GET /ftpchipdetail/v2`.
pub const CHIP_SORT: &[&str] = &["partnerId", "orgName", "ftmId", "make", "model", "status", "createdDateTime"];

fn chip_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (c, kind) = match name {
        "partnerId" => ("foundational_trust_provider_id", FieldKind::Text),
        "orgName" => ("partner_org_name", FieldKind::Text),
        "ftmId" => ("id", FieldKind::Text),
        "make" => ("make", FieldKind::Text),
        "model" => ("model", FieldKind::Text),
        "status" => ("approval_status", FieldKind::Text),
        "createdDateTime" => ("cr_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(C, c), kind))
}

#[derive(Debug, Clone, Default)]
pub struct ChipFilter {
    pub providers: Option<Vec<String>>,
    pub partner_id: Option<String>,
    pub org_name: Option<String>,
    pub ftm_id: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub status: Option<ChipStatus>,
}

pub async fn list_chips(
    conn: &impl ConnectionTrait,
    f: &ChipFilter,
    plan: &ListPlan,
) -> Result<Page<ftp_chip_detail::Model>> {
    let dialect = Dialect::of(conn);
    let mut cond = Condition::all().add(ftp_chip_detail::Column::IsDeleted.eq(false));
    if let Some(ids) = &f.providers {
        cond = cond.add(ftp_chip_detail::Column::FoundationalTrustProviderId.is_in(ids.iter().map(String::as_str)));
    }
    for (value, field) in [
        (&f.partner_id, "partnerId"),
        (&f.org_name, "orgName"),
        (&f.ftm_id, "ftmId"),
        (&f.make, "make"),
        (&f.model, "model"),
    ] {
        if let (Some(v), Some((expr, _))) = (value, chip_column(field)) {
            cond = cond.add(dialect.contains(expr, v));
        }
    }
    if let Some(s) = f.status {
        cond = cond.add(chip_status_is(s));
    }
    let sort = plan.sort.map(|s| vec![s]).unwrap_or_else(|| vec![("createdDateTime", SortDir::Desc)]);
    let base = ftp_chip_detail::Entity::find().filter(cond);
    let total = query::count(conn, base.clone()).await?;
    let items = query::sorted(base, &sort, chip_column, col(C, "id"))?
        .limit(plan.page_size)
        .offset(plan.offset())
        .all(conn)
        .await?;
    Ok(Page { items, total })
}

/// Searchable columns of `POST /ftpchipdetail/search`.
pub const CHIP_FIELDS: &[FieldSpec] = &[
    FieldSpec::text("ftpChipDetailId"),
    FieldSpec::text("ftpProviderId"),
    FieldSpec::text("make"),
    FieldSpec::text("model"),
    FieldSpec::text("certificateAlias"),
    FieldSpec::text("partnerOrganizationName"),
    FieldSpec::bool("isActive"),
    FieldSpec::text("approvalStatus"),
    FieldSpec::text("crBy"),
    FieldSpec::time("crDtimes"),
];

fn chip_search_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (c, kind) = match name {
        "ftpChipDetailId" => ("id", FieldKind::Text),
        "ftpProviderId" => ("foundational_trust_provider_id", FieldKind::Text),
        "make" => ("make", FieldKind::Text),
        "model" => ("model", FieldKind::Text),
        "certificateAlias" => ("certificate_alias", FieldKind::Text),
        "partnerOrganizationName" => ("partner_org_name", FieldKind::Text),
        "isActive" => ("is_active", FieldKind::Bool),
        "approvalStatus" => ("approval_status", FieldKind::Text),
        "crBy" => ("cr_by", FieldKind::Text),
        "crDtimes" => ("cr_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(C, c), kind))
}

pub async fn search_chips(
    conn: &impl ConnectionTrait,
    plan: &SearchPlan,
    providers: Option<&[String]>,
) -> Result<Page<ftp_chip_detail::Model>> {
    let cond = query::condition(&plan.filters, chip_search_column, Dialect::of(conn))?;
    let mut base = ftp_chip_detail::Entity::find().filter(ftp_chip_detail::Column::IsDeleted.eq(false)).filter(cond);
    if let Some(ids) = providers {
        base = base.filter(ftp_chip_detail::Column::FoundationalTrustProviderId.is_in(ids.iter().map(String::as_str)));
    }
    query::page(conn, base, &plan.sort, chip_search_column, col(C, "id"), plan.offset(), plan.page_fetch).await
}

// ------------------------------------------------------------------ chip certificates

pub struct NewChipCert<'a> {
    pub cert_id: &'a str,
    pub chip_id: &'a str,
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

/// Stores a new version of the chip's certificate, supersedes the one it held, and points the
/// chip at it.
pub async fn insert_chip_cert(
    conn: &impl ConnectionTrait,
    new: NewChipCert<'_>,
) -> Result<ftm_chip_certificate::Model> {
    // The chip's row is written first: its lock makes concurrent uploads of one chip take their
    // versions one after the other (PostgreSQL would let both read the same last version).
    ftp_chip_detail::ActiveModel {
        id: Set(new.chip_id.to_string()),
        certificate_alias: Set(Some(new.cert_id.to_string())),
        upd_by: Set(Some(new.by.actor.to_string())),
        upd_dtimes: Set(Some(new.by.at)),
        ..Default::default()
    }
    .update(conn)
    .await?;
    let history = ftm_chip_certificate::Entity::find().filter(ftm_chip_certificate::Column::ChipId.eq(new.chip_id));
    let version = query::next_revision(conn, history, ftm_chip_certificate::Column::Version).await?;
    ftm_chip_certificate::Entity::update_many()
        .col_expr(ftm_chip_certificate::Column::Status, Expr::value("superseded"))
        .filter(ftm_chip_certificate::Column::ChipId.eq(new.chip_id))
        .filter(ftm_chip_certificate::Column::Status.eq("active"))
        .exec(conn)
        .await?;
    let row = ftm_chip_certificate::ActiveModel {
        cert_id: Set(new.cert_id.to_string()),
        chip_id: Set(new.chip_id.to_string()),
        version: Set(version),
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
        status: Set("active".into()),
        uploaded_by: Set(new.by.actor.to_string()),
        uploaded_at: Set(new.by.at),
    }
    .insert(conn)
    .await?;
    Ok(row)
}

pub async fn active_chip_cert(
    conn: &impl ConnectionTrait,
    chip_id: &str,
) -> Result<Option<ftm_chip_certificate::Model>> {
    Ok(ftm_chip_certificate::Entity::find()
        .filter(ftm_chip_certificate::Column::ChipId.eq(chip_id))
        .filter(ftm_chip_certificate::Column::Status.eq("active"))
        .one(conn)
        .await?)
}

/// The current certificates of these chips, in one query.
pub async fn active_chip_certs(
    conn: &impl ConnectionTrait,
    chip_ids: &[String],
) -> Result<HashMap<String, ftm_chip_certificate::Model>> {
    if chip_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(ftm_chip_certificate::Entity::find()
        .filter(ftm_chip_certificate::Column::ChipId.is_in(chip_ids.iter().map(String::as_str)))
        .filter(ftm_chip_certificate::Column::Status.eq("active"))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.chip_id.clone(), c))
        .collect())
}

pub async fn chip_cert_history(conn: &impl ConnectionTrait, chip_id: &str) -> Result<Vec<ftm_chip_certificate::Model>> {
    Ok(ftm_chip_certificate::Entity::find()
        .filter(ftm_chip_certificate::Column::ChipId.eq(chip_id))
        .order_by_desc(ftm_chip_certificate::Column::Version)
        .all(conn)
        .await?)
}

/// Current certificates of approved chips of which a copy ends between `from` and `before`.
pub async fn chip_certs_ending(
    conn: &impl ConnectionTrait,
    from: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Result<Vec<(ftm_chip_certificate::Model, Option<ftp_chip_detail::Model>)>> {
    Ok(ftm_chip_certificate::Entity::find()
        .join(
            JoinType::InnerJoin,
            ftm_chip_certificate::Entity::belongs_to(ftp_chip_detail::Entity)
                .from(ftm_chip_certificate::Column::ChipId)
                .to(ftp_chip_detail::Column::Id)
                .into(),
        )
        .filter(ftm_chip_certificate::Column::Status.eq("active"))
        .filter(chip_status_is(ChipStatus::Approved))
        // The copy that ends first decides: the original or the platform-signed one.
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(ftm_chip_certificate::Column::NotAfter.gte(from))
                        .add(ftm_chip_certificate::Column::NotAfter.lt(before)),
                )
                .add(
                    Condition::all()
                        .add(ftm_chip_certificate::Column::SignedNotAfter.gte(from))
                        .add(ftm_chip_certificate::Column::SignedNotAfter.lt(before)),
                ),
        )
        .select_also(ftp_chip_detail::Entity)
        .order_by_asc(ftm_chip_certificate::Column::NotAfter)
        .limit(1000)
        .all(conn)
        .await?)
}

// ------------------------------------------------------------------ approval queues

/// How many SBIs, devices and chips wait for the Partner Admin.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pending {
    pub sbis: u64,
    pub devices: u64,
    pub chips: u64,
}

pub async fn pending(conn: &impl ConnectionTrait) -> Result<Pending> {
    Ok(Pending {
        sbis: query::count(conn, sbi::Entity::find().filter(status_is(S, Status::PendingApproval))).await?,
        devices: query::count(conn, device_detail::Entity::find().filter(status_is(D, Status::PendingApproval)))
            .await?,
        chips: query::count(conn, ftp_chip_detail::Entity::find().filter(chip_status_is(ChipStatus::PendingApproval)))
            .await?,
    })
}
