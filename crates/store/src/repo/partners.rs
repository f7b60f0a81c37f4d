use crate::entity::{partner, partner_contact, partner_h, partner_type, policy_group, user_details};
use crate::query::{self, col, ColumnMap, Dialect, FilterValue};
use crate::{new_id, Result, Stamp, StoreError};
use pms_domain::list::ListPlan;
use pms_domain::partner::PartnerStatus;
use pms_domain::search::{FieldKind, FieldSpec, FilterValuesPlan, Page, SearchPlan, SortDir};
use sea_orm::sea_query::{Expr, Func, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Select, SelectTwo, Set,
};

const T: &str = "partner";
const G: &str = "policy_group";

pub type PartnerRow = (partner::Model, Option<policy_group::Model>);

/// Searchable columns of the legacy `POST /partners/search` (MOSIP's Partner entity fields).
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec::text("id"),
    FieldSpec::text("address"),
    FieldSpec::text("contactNo"),
    FieldSpec::text("emailId"),
    FieldSpec::bool("isActive"),
    FieldSpec::text("name"),
    FieldSpec::text("policyGroupId"),
    FieldSpec::text("certificateAlias"),
    FieldSpec::text("partnerTypeCode"),
    FieldSpec::text("approvalStatus"),
    FieldSpec::text("userId"),
    FieldSpec::text("langCode"),
    FieldSpec::text("logoUrl"),
    FieldSpec::text("additionalInfo"),
    FieldSpec::text("crBy"),
    FieldSpec::time("crDtimes"),
    FieldSpec::text("updBy"),
    FieldSpec::time("updDtimes"),
];

/// Searchable columns of `POST /partners/partnertype/search`.
pub const TYPE_FIELDS: &[FieldSpec] = &[
    FieldSpec::text("code"),
    FieldSpec::text("partnerDescription"),
    FieldSpec::bool("isPolicyRequired"),
    FieldSpec::bool("isActive"),
    FieldSpec::text("crBy"),
    FieldSpec::time("crDtimes"),
];

fn column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (table, c, kind) = match name {
        "id" | "partnerId" => (T, "id", FieldKind::Text),
        "address" => (T, "address", FieldKind::Text),
        "contactNo" => (T, "contact_no", FieldKind::Text),
        "emailId" | "emailAddress" => (T, "email_id", FieldKind::Text),
        "isActive" => (T, "is_active", FieldKind::Bool),
        "name" | "orgName" => (T, "name", FieldKind::Text),
        "policyGroupId" => (T, "policy_group_id", FieldKind::Text),
        "policyGroupName" => (G, "name", FieldKind::Text),
        "certificateAlias" => (T, "certificate_alias", FieldKind::Text),
        "partnerTypeCode" | "partnerType" => (T, "partner_type_code", FieldKind::Text),
        "approvalStatus" | "status" => (T, "approval_status", FieldKind::Text),
        "userId" => (T, "user_id", FieldKind::Text),
        "langCode" => (T, "lang_code", FieldKind::Text),
        "logoUrl" => (T, "logo_url", FieldKind::Text),
        "additionalInfo" => (T, "addl_info", FieldKind::Text),
        "crBy" => (T, "cr_by", FieldKind::Text),
        "crDtimes" | "createdDateTime" => (T, "cr_dtimes", FieldKind::Time),
        "updBy" => (T, "upd_by", FieldKind::Text),
        "updDtimes" => (T, "upd_dtimes", FieldKind::Time),
        "certificateUploadStatus" => {
            return Some((Expr::expr(col(T, "certificate_alias")).is_not_null(), FieldKind::Bool))
        }
        _ => return None,
    };
    Some((col(table, c), kind))
}

fn type_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (c, kind) = match name {
        "code" => ("code", FieldKind::Text),
        "partnerDescription" => ("partner_description", FieldKind::Text),
        "isPolicyRequired" => ("is_policy_required", FieldKind::Bool),
        "isActive" => ("is_active", FieldKind::Bool),
        "crBy" => ("cr_by", FieldKind::Text),
        "crDtimes" => ("cr_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col("partner_type", c), kind))
}

const COLUMNS: ColumnMap = column;

/// Sort aliases of the revamp `GET /admin-partners` list.
pub const ADMIN_SORT: &[&str] = &[
    "partnerId",
    "partnerType",
    "orgName",
    "policyGroupId",
    "policyGroupName",
    "emailAddress",
    "certificateUploadStatus",
    "status",
    "isActive",
    "createdDateTime",
];

fn live() -> Select<partner::Entity> {
    partner::Entity::find().filter(partner::Column::IsDeleted.eq(false))
}

fn with_group() -> SelectTwo<partner::Entity, policy_group::Entity> {
    live().find_also_related(policy_group::Entity)
}

pub struct NewPartner<'a> {
    pub id: &'a str,
    pub policy_group_id: Option<&'a str>,
    pub name: &'a str,
    pub address: &'a str,
    pub contact_no: &'a str,
    pub email: &'a str,
    pub partner_type_code: &'a str,
    pub status: PartnerStatus,
    pub lang_code: &'a str,
    pub logo_url: Option<&'a str>,
    pub addl_info: Option<&'a str>,
    pub by: Stamp<'a>,
}

pub async fn insert(conn: &impl ConnectionTrait, new: NewPartner<'_>) -> Result<partner::Model> {
    let model = partner::ActiveModel {
        id: Set(new.id.to_string()),
        policy_group_id: Set(new.policy_group_id.map(str::to_string)),
        name: Set(new.name.to_string()),
        address: Set(new.address.to_string()),
        contact_no: Set(new.contact_no.to_string()),
        email_id: Set(new.email.to_string()),
        certificate_alias: Set(None),
        // MOSIP ties a partner to its login by `user_id = partnerId`.
        user_id: Set(new.id.to_string()),
        partner_type_code: Set(new.partner_type_code.to_string()),
        approval_status: Set(new.status.approval_status().to_string()),
        is_active: Set(new.status.is_active()),
        status_reason: Set(None),
        lang_code: Set(new.lang_code.to_string()),
        logo_url: Set(new.logo_url.map(str::to_string)),
        addl_info: Set(new.addl_info.map(str::to_string)),
        cr_by: Set(new.by.actor.to_string()),
        cr_dtimes: Set(new.by.at),
        upd_by: Set(None),
        upd_dtimes: Set(None),
        is_deleted: Set(false),
        del_dtimes: Set(None),
    }
    .insert(conn)
    .await?;
    record_history(conn, &model, "registered", new.by).await?;
    Ok(model)
}

pub async fn record_history(conn: &impl ConnectionTrait, p: &partner::Model, kind: &str, by: Stamp<'_>) -> Result<()> {
    let history = partner_h::Entity::find().filter(partner_h::Column::Id.eq(&p.id));
    partner_h::ActiveModel {
        id: Set(p.id.clone()),
        rev: Set(query::next_revision(conn, history, partner_h::Column::Rev).await?),
        eff_dtimes: Set(by.at),
        change_kind: Set(kind.to_string()),
        changed_by: Set(by.actor.to_string()),
        policy_group_id: Set(p.policy_group_id.clone()),
        name: Set(p.name.clone()),
        address: Set(p.address.clone()),
        contact_no: Set(p.contact_no.clone()),
        email_id: Set(p.email_id.clone()),
        partner_type_code: Set(p.partner_type_code.clone()),
        approval_status: Set(p.approval_status.clone()),
        is_active: Set(p.is_active),
        status_reason: Set(p.status_reason.clone()),
        lang_code: Set(p.lang_code.clone()),
        logo_url: Set(p.logo_url.clone()),
        addl_info: Set(p.addl_info.clone()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

pub async fn history(conn: &impl ConnectionTrait, id: &str) -> Result<Vec<partner_h::Model>> {
    Ok(partner_h::Entity::find()
        .filter(partner_h::Column::Id.eq(id))
        .order_by_desc(partner_h::Column::Rev)
        .all(conn)
        .await?)
}

pub async fn find(conn: &impl ConnectionTrait, id: &str) -> Result<Option<partner::Model>> {
    Ok(live().filter(partner::Column::Id.eq(id)).one(conn).await?)
}

/// These partners, by id, in one query.
pub async fn many(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = String>,
) -> Result<std::collections::HashMap<String, partner::Model>> {
    Ok(live().filter(partner::Column::Id.is_in(ids)).all(conn).await?.into_iter().map(|p| (p.id.clone(), p)).collect())
}

/// Whether a partner id is taken, ignoring case (ids double as login names).
pub async fn id_taken(conn: &impl ConnectionTrait, id: &str) -> Result<bool> {
    Ok(live().filter(Expr::expr(Func::lower(col(T, "id"))).eq(id.to_lowercase())).one(conn).await?.is_some())
}

pub async fn find_with_group(conn: &impl ConnectionTrait, id: &str) -> Result<Option<PartnerRow>> {
    Ok(with_group().filter(partner::Column::Id.eq(id)).one(conn).await?)
}

pub async fn find_by_email(conn: &impl ConnectionTrait, email: &str) -> Result<Option<partner::Model>> {
    Ok(live().filter(partner::Column::EmailId.eq(email)).one(conn).await?)
}

/// Partners owned by a login user (MOSIP: `partner.user_id = token.preferred_username`).
pub async fn by_user(conn: &impl ConnectionTrait, user_id: &str) -> Result<Vec<PartnerRow>> {
    Ok(with_group().filter(partner::Column::UserId.eq(user_id)).order_by_asc(partner::Column::Id).all(conn).await?)
}

/// Moves a partner between states only if it is still in `from`; 0 rows means a concurrent change.
pub async fn transition(
    conn: &impl ConnectionTrait,
    id: &str,
    from: PartnerStatus,
    to: PartnerStatus,
    reason: Option<&str>,
    by: Stamp<'_>,
) -> Result<u64> {
    Ok(partner::Entity::update_many()
        .col_expr(partner::Column::ApprovalStatus, Expr::value(to.approval_status()))
        .col_expr(partner::Column::IsActive, Expr::value(to.is_active()))
        .col_expr(partner::Column::StatusReason, Expr::value(reason.map(str::to_string)))
        .col_expr(partner::Column::UpdBy, Expr::value(by.actor))
        .col_expr(partner::Column::UpdDtimes, Expr::value(by.at))
        .filter(partner::Column::Id.eq(id))
        .filter(partner::Column::ApprovalStatus.eq(from.approval_status()))
        .filter(partner::Column::IsActive.eq(from.is_active()))
        .exec(conn)
        .await?
        .rows_affected)
}

pub struct ProfileUpdate<'a> {
    pub address: &'a str,
    pub contact_no: &'a str,
    /// `None` leaves the column as it is.
    pub logo_url: Option<Option<&'a str>>,
    pub addl_info: Option<Option<&'a str>>,
}

pub async fn update_profile(conn: &impl ConnectionTrait, id: &str, u: ProfileUpdate<'_>, by: Stamp<'_>) -> Result<u64> {
    let mut q = partner::Entity::update_many()
        .col_expr(partner::Column::Address, Expr::value(u.address))
        .col_expr(partner::Column::ContactNo, Expr::value(u.contact_no))
        .col_expr(partner::Column::UpdBy, Expr::value(by.actor))
        .col_expr(partner::Column::UpdDtimes, Expr::value(by.at));
    if let Some(logo) = u.logo_url {
        q = q.col_expr(partner::Column::LogoUrl, Expr::value(logo.map(str::to_string)));
    }
    if let Some(info) = u.addl_info {
        q = q.col_expr(partner::Column::AddlInfo, Expr::value(info.map(str::to_string)));
    }
    Ok(q.filter(partner::Column::Id.eq(id)).exec(conn).await?.rows_affected)
}

/// Changes the policy group while the partner is not active.
pub async fn set_policy_group(conn: &impl ConnectionTrait, id: &str, group_id: &str, by: Stamp<'_>) -> Result<u64> {
    Ok(partner::Entity::update_many()
        .col_expr(partner::Column::PolicyGroupId, Expr::value(group_id))
        .col_expr(partner::Column::UpdBy, Expr::value(by.actor))
        .col_expr(partner::Column::UpdDtimes, Expr::value(by.at))
        .filter(partner::Column::Id.eq(id))
        .filter(partner::Column::IsActive.eq(false))
        .exec(conn)
        .await?
        .rows_affected)
}

pub async fn set_lang(conn: &impl ConnectionTrait, user_id: &str, lang_code: &str) -> Result<()> {
    partner::Entity::update_many()
        .col_expr(partner::Column::LangCode, Expr::value(lang_code))
        .filter(partner::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Points the partner at its current certificate (MOSIP's `certificate_alias`).
pub async fn set_certificate_alias(conn: &impl ConnectionTrait, id: &str, alias: &str, by: Stamp<'_>) -> Result<()> {
    partner::Entity::update_many()
        .col_expr(partner::Column::CertificateAlias, Expr::value(alias))
        .col_expr(partner::Column::UpdBy, Expr::value(by.actor))
        .col_expr(partner::Column::UpdDtimes, Expr::value(by.at))
        .filter(partner::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn search(
    conn: &impl ConnectionTrait,
    plan: &SearchPlan,
    partner_type: Option<&str>,
) -> Result<Page<partner::Model>> {
    let cond = query::condition(&plan.filters, COLUMNS, Dialect::of(conn))?;
    let mut base = live().filter(cond);
    if let Some(t) = partner_type {
        base = base.filter(Expr::expr(Func::lower(col(T, "partner_type_code"))).eq(t.to_lowercase()));
    }
    query::page(conn, base, &plan.sort, COLUMNS, col(T, "id"), plan.offset(), plan.page_fetch).await
}

pub async fn filter_values(conn: &impl ConnectionTrait, plan: &FilterValuesPlan) -> Result<Vec<FilterValue>> {
    query::filter_values(conn, live(), plan, COLUMNS, col(T, "id")).await
}

#[derive(Debug, Clone, Default)]
pub struct AdminFilter {
    pub partner_id: Option<String>,
    pub partner_type: Option<String>,
    pub org_name: Option<String>,
    pub email: Option<String>,
    pub policy_group_name: Option<String>,
    pub is_active: Option<bool>,
    pub certificate_uploaded: Option<bool>,
    pub status: Option<PartnerStatus>,
}

/// Revamp `GET /admin-partners` and the portal's partner list.
pub async fn admin_list(conn: &impl ConnectionTrait, f: &AdminFilter, plan: &ListPlan) -> Result<Page<PartnerRow>> {
    let mut cond = Condition::all();
    if let Some(text) = &f.partner_type {
        // A partner's type is one of the (few) type codes: matching the codes first turns the
        // substring filter into an indexed IN with the same result.
        let needle = text.to_lowercase();
        let codes: Vec<String> =
            types(conn).await?.into_iter().map(|t| t.code).filter(|c| c.to_lowercase().contains(&needle)).collect();
        if codes.is_empty() {
            return Ok(Page { items: Vec::new(), total: 0 });
        }
        cond = cond.add(partner::Column::PartnerTypeCode.is_in(codes));
    }
    for (value, field) in [
        (&f.partner_id, "partnerId"),
        (&f.org_name, "orgName"),
        (&f.email, "emailAddress"),
        (&f.policy_group_name, "policyGroupName"),
    ] {
        if let Some(v) = value {
            let (expr, _) = column(field).ok_or_else(|| StoreError::Internal(field.into()))?;
            cond = cond.add(Dialect::of(conn).contains(expr, v));
        }
    }
    if let Some(active) = f.is_active {
        cond = cond.add(partner::Column::IsActive.eq(active));
    }
    if let Some(uploaded) = f.certificate_uploaded {
        cond = cond.add(if uploaded {
            partner::Column::CertificateAlias.is_not_null()
        } else {
            partner::Column::CertificateAlias.is_null()
        });
    }
    if let Some(status) = f.status {
        cond = cond
            .add(partner::Column::ApprovalStatus.eq(status.approval_status()))
            .add(partner::Column::IsActive.eq(status.is_active()));
    }
    // Counting needs the join only when a filter is on the group.
    let total = if f.policy_group_name.is_some() {
        query::count(conn, live().join(JoinType::LeftJoin, partner::Relation::PolicyGroup.def()).filter(cond.clone()))
            .await?
    } else {
        query::count(conn, live().filter(cond.clone())).await?
    };
    let base = with_group().filter(cond);
    let sort = match plan.sort {
        // MOSIP sorts these two flags the other way round ("ascending" lists active partners and
        // uploaded certificates first); its portal relies on that.
        Some((field @ ("isActive" | "certificateUploadStatus"), dir)) => {
            vec![(field, if dir == SortDir::Asc { SortDir::Desc } else { SortDir::Asc })]
        }
        Some(s) => vec![s],
        None => vec![("createdDateTime", SortDir::Desc)],
    };
    let items = query::sorted(base, &sort, COLUMNS, col(T, "id"))?
        .limit(plan.page_size)
        .offset(plan.offset())
        .all(conn)
        .await?;
    Ok(Page { items, total })
}

/// Legacy `GET /partners?partnerType=`: every partner, optionally of one type.
pub async fn all(conn: &impl ConnectionTrait, partner_type: Option<&str>) -> Result<Vec<partner::Model>> {
    let mut q = live();
    if let Some(t) = partner_type {
        q = q.filter(partner::Column::PartnerTypeCode.eq(t));
    }
    Ok(q.order_by_asc(partner::Column::Id).all(conn).await?)
}

/// Number of partners in each status, for the admin dashboard.
pub async fn status_counts(conn: &impl ConnectionTrait) -> Result<Vec<(PartnerStatus, u64)>> {
    let rows: Vec<(String, bool, i64)> = live()
        .select_only()
        .column(partner::Column::ApprovalStatus)
        .column(partner::Column::IsActive)
        .column_as(Expr::col(partner::Column::Id).count(), "n")
        .group_by(partner::Column::ApprovalStatus)
        .group_by(partner::Column::IsActive)
        .into_tuple()
        .all(conn)
        .await?;
    let mut counts: Vec<(PartnerStatus, u64)> = PartnerStatus::ALL.iter().map(|s| (*s, 0)).collect();
    for (approval, active, n) in rows {
        let status = PartnerStatus::from_row(&approval, active);
        if let Some(entry) = counts.iter_mut().find(|(s, _)| *s == status) {
            entry.1 += n.max(0) as u64;
        }
    }
    Ok(counts)
}

// --- partner types

pub async fn types(conn: &impl ConnectionTrait) -> Result<Vec<partner_type::Model>> {
    Ok(partner_type::Entity::find()
        .filter(partner_type::Column::IsDeleted.eq(false))
        .order_by_asc(partner_type::Column::Code)
        .all(conn)
        .await?)
}

/// Partner type codes are matched case-insensitively, as MOSIP does.
pub async fn find_type(conn: &impl ConnectionTrait, code: &str) -> Result<Option<partner_type::Model>> {
    Ok(partner_type::Entity::find()
        .filter(partner_type::Column::IsDeleted.eq(false))
        .filter(Expr::expr(Func::lower(col("partner_type", "code"))).eq(code.trim().to_lowercase()))
        .one(conn)
        .await?)
}

pub async fn search_types(conn: &impl ConnectionTrait, plan: &SearchPlan) -> Result<Page<partner_type::Model>> {
    let cond = query::condition(&plan.filters, type_column, Dialect::of(conn))?;
    let base = partner_type::Entity::find().filter(partner_type::Column::IsDeleted.eq(false)).filter(cond);
    query::page(conn, base, &plan.sort, type_column, col("partner_type", "code"), plan.offset(), plan.page_fetch).await
}

// --- contacts

/// Adds or updates the contact of a partner keyed by e-mail; returns true when it was added.
pub async fn upsert_contact(
    conn: &impl ConnectionTrait,
    partner_id: &str,
    email: &str,
    contact_no: &str,
    address: &str,
    is_active: bool,
    by: Stamp<'_>,
) -> Result<bool> {
    let existing = partner_contact::Entity::find()
        .filter(partner_contact::Column::PartnerId.eq(partner_id))
        .filter(partner_contact::Column::EmailId.eq(email))
        .one(conn)
        .await?;
    if let Some(c) = existing {
        partner_contact::Entity::update_many()
            .col_expr(partner_contact::Column::ContactNo, Expr::value(contact_no))
            .col_expr(partner_contact::Column::Address, Expr::value(address))
            .col_expr(partner_contact::Column::IsActive, Expr::value(is_active))
            .col_expr(partner_contact::Column::UpdBy, Expr::value(by.actor))
            .col_expr(partner_contact::Column::UpdDtimes, Expr::value(by.at))
            .filter(partner_contact::Column::Id.eq(c.id))
            .exec(conn)
            .await?;
        return Ok(false);
    }
    partner_contact::ActiveModel {
        id: Set(new_id()),
        partner_id: Set(partner_id.to_string()),
        contact_no: Set(contact_no.to_string()),
        email_id: Set(email.to_string()),
        address: Set(address.to_string()),
        is_active: Set(is_active),
        cr_by: Set(by.actor.to_string()),
        cr_dtimes: Set(by.at),
        upd_by: Set(None),
        upd_dtimes: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(true)
}

pub async fn contacts(conn: &impl ConnectionTrait, partner_id: &str) -> Result<Vec<partner_contact::Model>> {
    Ok(partner_contact::Entity::find()
        .filter(partner_contact::Column::PartnerId.eq(partner_id))
        .order_by_asc(partner_contact::Column::EmailId)
        .all(conn)
        .await?)
}

// --- terms consent (MOSIP `user_details`)

pub async fn consent(conn: &impl ConnectionTrait, user_id: &str) -> Result<Option<user_details::Model>> {
    Ok(user_details::Entity::find().filter(user_details::Column::UserId.eq(user_id)).one(conn).await?)
}

pub async fn give_consent(conn: &impl ConnectionTrait, user_id: &str, by: Stamp<'_>) -> Result<user_details::Model> {
    let at = by.at;
    if let Some(existing) = consent(conn, user_id).await? {
        user_details::Entity::update_many()
            .col_expr(user_details::Column::ConsentGiven, Expr::value("YES"))
            .col_expr(user_details::Column::ConsentGivenDtimes, Expr::value(at))
            .col_expr(user_details::Column::UpdBy, Expr::value(by.actor))
            .col_expr(user_details::Column::UpdDtimes, Expr::value(at))
            .filter(user_details::Column::Id.eq(&existing.id))
            .exec(conn)
            .await?;
    } else {
        user_details::ActiveModel {
            id: Set(format!("id{}", uuid::Uuid::new_v4().simple())),
            user_id: Set(user_id.to_string()),
            consent_given: Set("YES".into()),
            consent_given_dtimes: Set(at),
            cr_by: Set(by.actor.to_string()),
            cr_dtimes: Set(at),
            upd_by: Set(None),
            upd_dtimes: Set(None),
        }
        .insert(conn)
        .await?;
    }
    consent(conn, user_id).await?.ok_or_else(|| StoreError::Internal("consent row vanished".into()))
}
