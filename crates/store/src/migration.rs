//! One migration tree for SQLite and PostgreSQL, written with sea-query's schema builder.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(M0001Initial),
            Box::new(M0002Hardening),
            Box::new(M0003TrustStore),
            Box::new(M0004Accounts),
            Box::new(M0005PolicyProvenance),
            Box::new(M0006PolicyAccess),
            Box::new(M0007Delivery),
            Box::new(M0008Devices),
            Box::new(M0009Clients),
            Box::new(M0010Federation),
        ]
    }
}

struct M0001Initial;

impl MigrationName for M0001Initial {
    fn name(&self) -> &str {
        "m0001_initial"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

/// Column helpers: every column is NOT NULL unless its helper says otherwise.
fn key(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).string_len(64).not_null().to_owned()
}
fn primary(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).string_len(64).not_null().primary_key().to_owned()
}
fn string(name: &str, len: u32) -> ColumnDef {
    ColumnDef::new(a(name)).string_len(len).not_null().to_owned()
}
fn string_null(name: &str, len: u32) -> ColumnDef {
    ColumnDef::new(a(name)).string_len(len).null().to_owned()
}
fn text(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).text().not_null().to_owned()
}
fn text_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).text().null().to_owned()
}
fn flag(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).boolean().not_null().to_owned()
}
fn int(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).integer().not_null().to_owned()
}
fn time(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).timestamp_with_time_zone().not_null().to_owned()
}
fn time_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).timestamp_with_time_zone().null().to_owned()
}

/// MOSIP's audit columns (`cr_by`, `cr_dtimes`, `upd_by`, `upd_dtimes`, `is_deleted`, `del_dtimes`).
fn with_audit(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(string("cr_by", 256))
        .col(time("cr_dtimes"))
        .col(string_null("upd_by", 256))
        .col(time_null("upd_dtimes"))
        .col(ColumnDef::new(a("is_deleted")).boolean().not_null().default(false))
        .col(time_null("del_dtimes"))
}

fn fk(from_table: &str, from_col: &str, to_table: &str, to_col: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(a(from_table), a(from_col))
        .to(a(to_table), a(to_col))
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

fn index(table: &str, cols: &[&str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(format!("ix_{table}_{}", cols.join("_"))).table(a(table));
    for c in cols {
        i.col(a(c));
    }
    i.to_owned()
}

fn unique(table: &str, cols: &[&str]) -> IndexCreateStatement {
    let mut i = index(table, cols);
    i.name(format!("ux_{table}_{}", cols.join("_"))).unique();
    i
}

/// `(code, description, is_policy_required, login role)` — MOSIP's seed list plus the role that
/// self-registered partners of the type receive.
pub const PARTNER_TYPES: &[(&str, &str, bool, Option<&str>)] = &[
    ("Auth_Partner", "Authentication Partner", true, Some("AUTH_PARTNER")),
    ("Credential_Partner", "Credential Partner", true, Some("CREDENTIAL_PARTNER")),
    ("Device_Provider", "Device Provider", false, Some("DEVICE_PROVIDER")),
    ("FTM_Provider", "FTM Chip Provider", false, Some("FTM_PROVIDER")),
    ("Online_Verification_Partner", "Online Verification Partner", true, Some("ONLINE_VERIFICATION_PARTNER")),
    ("MISP_Partner", "MOSIP Infrastructure Service Provider", false, Some("MISP_PARTNER")),
    ("ABIS_Partner", "ABIS Partner", true, Some("ABIS_PARTNER")),
    ("Manual_Adjudication", "Manual Adjudication Partner", true, Some("MANUAL_ADJUDICATION")),
    ("SDK_Partner", "SDK Partner", false, Some("SDK_PARTNER")),
    ("Partner_Admin", "Partner Admin", false, None),
    ("Internal_Partner", "Internal Partner", true, None),
    ("Print_Partner", "Print Partner", true, None),
    ("Binding_Partner", "Binding Partner", true, None),
];

#[async_trait::async_trait]
impl MigrationTrait for M0001Initial {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(a("users"))
                .col(primary("id"))
                .col(string("username", 64))
                .col(string("email", 254))
                .col(text("password_hash"))
                .col(string_null("first_name", 128))
                .col(string_null("last_name", 128))
                .col(string("lang_code", 8))
                .col(flag("is_active"))
                .col(time("created_at"))
                .col(time("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("users", &["username"])).await?;
        m.create_index(index("users", &["email"])).await?;

        m.create_table(
            Table::create()
                .table(a("user_role"))
                .col(key("user_id"))
                .col(string("role", 64))
                .primary_key(Index::create().col(a("user_id")).col(a("role")))
                .foreign_key(
                    &mut fk("user_role", "user_id", "users", "id").on_delete(ForeignKeyAction::Cascade).to_owned(),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(a("server_setting"))
                .col(string("key", 64).primary_key())
                .col(text("value"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(a("portal_session"))
                .col(primary("id"))
                .col(key("user_id"))
                .col(string("csrf_token", 64))
                .col(time("created_at"))
                .col(time("last_seen_at"))
                .col(time("expires_at"))
                .foreign_key(
                    &mut fk("portal_session", "user_id", "users", "id").on_delete(ForeignKeyAction::Cascade).to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index("portal_session", &["user_id"])).await?;

        m.create_table(
            Table::create()
                .table(a("rate_limit"))
                .col(string("bucket", 300).primary_key())
                .col(time("window_start"))
                .col(int("hits"))
                .to_owned(),
        )
        .await?;

        let mut partner_type = Table::create();
        partner_type
            .table(a("partner_type"))
            .col(string("code", 36).primary_key())
            .col(string("partner_description", 128))
            .col(flag("is_policy_required"))
            .col(string_null("role_code", 64))
            .col(flag("is_active"));
        m.create_table(with_audit(&mut partner_type).to_owned()).await?;

        let mut policy_group = Table::create();
        policy_group
            .table(a("policy_group"))
            .col(primary("id"))
            .col(string("name", 128))
            .col(string("descr", 256))
            .col(string("user_id", 256))
            .col(flag("is_active"));
        m.create_table(with_audit(&mut policy_group).to_owned()).await?;
        m.create_index(unique("policy_group", &["name"])).await?;
        m.create_index(index("policy_group", &["cr_dtimes", "id", "is_deleted"])).await?;

        let mut policy = Table::create();
        policy
            .table(a("auth_policy"))
            .col(primary("id"))
            .col(key("policy_group_id"))
            .col(string("name", 128))
            .col(string("descr", 256))
            .col(text("policy_file_id"))
            .col(string("policy_type", 36))
            .col(string("version", 8))
            .col(string_null("policy_schema", 512))
            .col(time("valid_from_date"))
            .col(time("valid_to_date"))
            .col(flag("is_active"));
        with_audit(&mut policy).foreign_key(&mut fk("auth_policy", "policy_group_id", "policy_group", "id"));
        m.create_table(policy.to_owned()).await?;
        m.create_index(unique("auth_policy", &["policy_group_id", "name"])).await?;
        m.create_index(index("auth_policy", &["cr_dtimes", "id", "is_deleted"])).await?;
        m.create_index(index("auth_policy", &["policy_type", "is_deleted", "cr_dtimes", "id"])).await?;
        m.create_index(index("auth_policy", &["policy_group_id", "is_deleted", "cr_dtimes", "id"])).await?;
        m.create_index(index("auth_policy", &["name", "is_deleted"])).await?;

        m.create_table(
            Table::create()
                .table(a("auth_policy_h"))
                .col(key("id"))
                .col(int("rev"))
                .col(time("eff_dtimes"))
                .col(string("change_kind", 32))
                .col(string("changed_by", 256))
                .col(key("policy_group_id"))
                .col(string("name", 128))
                .col(string("descr", 256))
                .col(text("policy_file_id"))
                .col(string("policy_type", 36))
                .col(string("version", 8))
                .col(string_null("policy_schema", 512))
                .col(time("valid_from_date"))
                .col(time("valid_to_date"))
                .col(flag("is_active"))
                .primary_key(Index::create().col(a("id")).col(a("rev")))
                .to_owned(),
        )
        .await?;

        let mut partner = Table::create();
        partner
            .table(a("partner"))
            .col(primary("id"))
            .col(ColumnDef::new(a("policy_group_id")).string_len(64).null())
            .col(string("name", 128))
            .col(string("address", 2000))
            .col(string("contact_no", 16))
            .col(string("email_id", 254))
            .col(string_null("certificate_alias", 128))
            .col(string("user_id", 256))
            .col(string("partner_type_code", 36))
            .col(string("approval_status", 36))
            .col(flag("is_active"))
            .col(string_null("status_reason", 1000))
            .col(string("lang_code", 8))
            .col(string_null("logo_url", 256))
            .col(text_null("addl_info"));
        with_audit(&mut partner)
            .foreign_key(&mut fk("partner", "partner_type_code", "partner_type", "code"))
            .foreign_key(&mut fk("partner", "policy_group_id", "policy_group", "id"));
        m.create_table(partner.to_owned()).await?;
        m.create_index(unique("partner", &["email_id"])).await?;
        m.create_index(index("partner", &["user_id"])).await?;
        m.create_index(index("partner", &["cr_dtimes", "id", "is_deleted"])).await?;
        m.create_index(index("partner", &["partner_type_code", "is_deleted", "cr_dtimes", "id"])).await?;
        // Status filters, alone and with a partner type, then newest first: the whole list query
        // (count included) is read from one index. `is_deleted` never leads an index: it matches
        // every row, and a planner without statistics would take it for a selective key.
        m.create_index(index("partner", &["approval_status", "is_active", "is_deleted", "cr_dtimes", "id"])).await?;
        m.create_index(index(
            "partner",
            &["approval_status", "is_active", "is_deleted", "partner_type_code", "cr_dtimes", "id"],
        ))
        .await?;
        m.create_index(index("partner", &["name", "is_deleted"])).await?;
        m.create_index(index("partner", &["policy_group_id"])).await?;

        m.create_table(
            Table::create()
                .table(a("partner_h"))
                .col(key("id"))
                .col(int("rev"))
                .col(time("eff_dtimes"))
                .col(string("change_kind", 32))
                .col(string("changed_by", 256))
                .col(ColumnDef::new(a("policy_group_id")).string_len(64).null())
                .col(string("name", 128))
                .col(string("address", 2000))
                .col(string("contact_no", 16))
                .col(string("email_id", 254))
                .col(string("partner_type_code", 36))
                .col(string("approval_status", 36))
                .col(flag("is_active"))
                .col(string_null("status_reason", 1000))
                .col(string("lang_code", 8))
                .col(string_null("logo_url", 256))
                .col(text_null("addl_info"))
                .primary_key(Index::create().col(a("id")).col(a("rev")))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(a("partner_contact"))
                .col(primary("id"))
                .col(key("partner_id"))
                .col(string("contact_no", 16))
                .col(string("email_id", 254))
                .col(string("address", 2000))
                .col(flag("is_active"))
                .col(string("cr_by", 256))
                .col(time("cr_dtimes"))
                .col(string_null("upd_by", 256))
                .col(time_null("upd_dtimes"))
                .foreign_key(&mut fk("partner_contact", "partner_id", "partner", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("partner_contact", &["partner_id", "email_id"])).await?;

        m.create_table(
            Table::create()
                .table(a("user_details"))
                .col(primary("id"))
                .col(string("user_id", 256))
                .col(string("consent_given", 3))
                .col(time("consent_given_dtimes"))
                .col(string("cr_by", 256))
                .col(time("cr_dtimes"))
                .col(string_null("upd_by", 256))
                .col(time_null("upd_dtimes"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("user_details", &["user_id"])).await?;

        m.create_table(
            Table::create()
                .table(a("registration"))
                .col(primary("id"))
                .col(string("email", 254))
                .col(string("username", 64))
                .col(string("organization_name", 128))
                .col(string("partner_type_code", 36))
                .col(string("first_name", 128))
                .col(string("last_name", 128))
                .col(string("contact_no", 16))
                .col(string("address", 2000))
                .col(string("lang_code", 8))
                .col(ColumnDef::new(a("policy_group_id")).string_len(64).null())
                .col(text("password_hash"))
                .col(string("otp_hash", 128))
                .col(time("otp_expires_at"))
                .col(int("otp_attempts"))
                .col(time("otp_sent_at"))
                .col(time("terms_accepted_at"))
                .col(string("client_ip", 64))
                .col(time("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("registration", &["email"])).await?;
        m.create_index(index("registration", &["username"])).await?;
        m.create_index(index("registration", &["created_at"])).await?;

        m.create_table(
            Table::create()
                .table(a("partner_policy_request"))
                .col(primary("id"))
                .col(key("part_id"))
                .col(key("policy_id"))
                .col(time("request_datetimes"))
                .col(string("request_detail", 4000))
                .col(string("status_code", 36))
                .col(string("cr_by", 256))
                .col(time("cr_dtimes"))
                .col(string_null("upd_by", 256))
                .col(time_null("upd_dtimes"))
                .foreign_key(&mut fk("partner_policy_request", "part_id", "partner", "id"))
                .foreign_key(&mut fk("partner_policy_request", "policy_id", "auth_policy", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("partner_policy_request", &["policy_id", "status_code"])).await?;
        m.create_index(index("partner_policy_request", &["part_id"])).await?;

        m.create_table(
            Table::create()
                .table(a("partner_policy"))
                .col(string("policy_api_key", 128).primary_key())
                .col(key("part_id"))
                .col(key("policy_id"))
                .col(string("label", 36))
                .col(time("valid_from_datetime"))
                .col(time_null("valid_to_datetime"))
                .col(flag("is_active"))
                .col(string("cr_by", 256))
                .col(time("cr_dtimes"))
                .col(string_null("upd_by", 256))
                .col(time_null("upd_dtimes"))
                .foreign_key(&mut fk("partner_policy", "part_id", "partner", "id"))
                .foreign_key(&mut fk("partner_policy", "policy_id", "auth_policy", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("partner_policy", &["policy_id", "is_active"])).await?;
        m.create_index(index("partner_policy", &["part_id", "is_active"])).await?;

        m.create_table(
            Table::create()
                .table(a("audit_log"))
                .col(primary("id"))
                .col(time("occurred_at"))
                .col(string("actor", 256))
                .col(string("action", 64))
                .col(string("entity_type", 64))
                .col(string("entity_id", 256))
                .col(string("outcome", 16))
                .col(string_null("request_id", 128))
                .col(string_null("before_status", 64))
                .col(string_null("after_status", 64))
                .col(text_null("details"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("audit_log", &["entity_type", "entity_id"])).await?;
        m.create_index(index("audit_log", &["occurred_at"])).await?;

        m.create_table(
            Table::create()
                .table(a("outbox"))
                .col(primary("id"))
                .col(string("topic", 64))
                .col(text("payload"))
                .col(time("created_at"))
                .col(time("available_at"))
                .col(int("attempts"))
                .col(string_null("lease_owner", 128))
                .col(time_null("lease_until"))
                .col(time_null("delivered_at"))
                .col(text_null("last_error"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("outbox", &["delivered_at", "available_at"])).await?;
        m.create_index(index("outbox", &["topic", "created_at"])).await?;

        seed_partner_types(m).await
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("m0001_initial cannot be reverted".into()))
    }
}

async fn seed_partner_types(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    // Reference data carries a fixed creation time, as MOSIP's seed scripts do.
    let now = chrono::DateTime::<chrono::Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default();
    let mut insert = Query::insert();
    insert.into_table(a("partner_type")).columns([
        a("code"),
        a("partner_description"),
        a("is_policy_required"),
        a("role_code"),
        a("is_active"),
        a("cr_by"),
        a("cr_dtimes"),
        a("is_deleted"),
    ]);
    for (code, description, policy_required, role) in PARTNER_TYPES {
        insert.values_panic([
            (*code).into(),
            (*description).into(),
            (*policy_required).into(),
            role.map(str::to_string).into(),
            true.into(),
            "system".into(),
            now.into(),
            false.into(),
        ]);
    }
    let conn = m.get_connection();
    let backend = conn.get_database_backend();
    conn.execute(backend.build(&insert)).await?;
    Ok(())
}

/// Token generations (logout and account changes revoke tokens at once) and uniqueness that
/// ignores case, enforced by the database so that concurrent writers cannot both commit.
struct M0002Hardening;

impl MigrationName for M0002Hardening {
    fn name(&self) -> &str {
        "m0002_hardening"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0002Hardening {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(a("users"))
                .add_column(ColumnDef::new(a("token_generation")).big_integer().not_null().default(0))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        for sql in [
            "CREATE UNIQUE INDEX ux_users_username_lower ON users (lower(username))",
            "CREATE UNIQUE INDEX ux_policy_group_name_lower ON policy_group (lower(name))",
            "CREATE UNIQUE INDEX ux_auth_policy_group_name_lower ON auth_policy (policy_group_id, lower(name))",
            "CREATE UNIQUE INDEX ux_partner_id_lower ON partner (lower(id))",
            "CREATE INDEX ix_rate_limit_window_start ON rate_limit (window_start)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("m0002_hardening cannot be reverted".into()))
    }
}

/// The trust store: CA certificates per partner domain, partners' certificates (original and
/// platform-signed, one row per upload) and the platform CA certificates ever used to sign.
struct M0003TrustStore;

impl MigrationName for M0003TrustStore {
    fn name(&self) -> &str {
        "m0003_trust_store"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0003TrustStore {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(a("ca_certificate"))
                .col(primary("cert_id"))
                .col(string("partner_domain", 16))
                .col(string("ca_type", 16))
                .col(string("subject_dn", 1024))
                .col(string("issuer_dn", 1024))
                .col(string_null("issuer_id", 64))
                .col(string("serial", 128))
                .col(string("sha1_thumbprint", 40))
                .col(string("sha256_thumbprint", 64))
                .col(time("not_before"))
                .col(time("not_after"))
                .col(text("cert_pem"))
                .col(string("status", 16))
                .col(string("uploaded_by", 256))
                .col(time("uploaded_at"))
                .col(string_null("deactivated_by", 256))
                .col(time_null("deactivated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("ca_certificate", &["partner_domain", "sha1_thumbprint"])).await?;
        m.create_index(index("ca_certificate", &["partner_domain", "status"])).await?;
        m.create_index(index("ca_certificate", &["not_after"])).await?;
        m.create_table(
            Table::create()
                .table(a("partner_certificate"))
                .col(primary("cert_id"))
                .col(key("partner_id"))
                .col(int("version"))
                .col(string("partner_domain", 16))
                .col(string("org_name", 128))
                .col(string("subject_dn", 1024))
                .col(string("issuer_dn", 1024))
                .col(string_null("issuer_id", 64))
                .col(string("sha1_thumbprint", 40))
                .col(time("not_before"))
                .col(time("not_after"))
                .col(text("original_pem"))
                .col(text("signed_pem"))
                .col(time("signed_not_after"))
                .col(string("status", 16))
                .col(string("uploaded_by", 256))
                .col(time("uploaded_at"))
                .foreign_key(&mut fk("partner_certificate", "partner_id", "partner", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("partner_certificate", &["partner_id", "version"])).await?;
        m.create_index(index("partner_certificate", &["partner_id", "status"])).await?;
        m.create_index(index("partner_certificate", &["not_after"])).await?;
        m.create_index(index("partner_certificate", &["signed_not_after"])).await?;
        m.create_index(index("partner_certificate", &["sha1_thumbprint"])).await?;
        m.create_table(
            Table::create()
                .table(a("platform_ca"))
                .col(primary("cert_id"))
                .col(string("sha256_thumbprint", 64))
                .col(text("cert_pem"))
                .col(time("not_before"))
                .col(time("not_after"))
                .col(time("first_used_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("platform_ca", &["sha256_thumbprint"])).await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("m0003_trust_store cannot be reverted".into()))
    }
}

/// Password resets by e-mail code (one live code per user) and the indexes the audit trail's
/// filters read.
struct M0004Accounts;

impl MigrationName for M0004Accounts {
    fn name(&self) -> &str {
        "m0004_accounts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0004Accounts {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(a("password_reset"))
                .col(primary("id"))
                .col(key("user_id"))
                .col(string("otp_hash", 128))
                .col(time("otp_expires_at"))
                .col(int("otp_attempts"))
                .col(time("otp_sent_at"))
                .col(time("created_at"))
                .foreign_key(
                    &mut fk("password_reset", "user_id", "users", "id").on_delete(ForeignKeyAction::Cascade).to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(unique("password_reset", &["user_id"])).await?;
        m.create_index(index("audit_log", &["actor", "occurred_at"])).await?;
        m.create_index(index("audit_log", &["action", "occurred_at"])).await?;
        m.create_index(index("users", &["created_at"])).await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("m0004_accounts cannot be reverted".into()))
    }
}

/// A cloned policy records the policy it was copied from (NULL for policies written from scratch).
struct M0005PolicyProvenance;

impl MigrationName for M0005PolicyProvenance {
    fn name(&self) -> &str {
        "m0005_policy_provenance"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0005PolicyProvenance {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(a("auth_policy")).add_column(string_null("cloned_from", 36)).to_owned())
            .await?;
        m.create_index(index("auth_policy", &["cloned_from"])).await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("m0005_policy_provenance cannot be reverted".into()))
    }
}

/// Policy requests keep the Partner Admin's reason for a rejection; API keys are stored as a public
/// id (`policy_api_key`) and a hash of the secret, with the request that allowed them, when the
/// expiry job ended them and which key replaced them on a rotation.
struct M0006PolicyAccess;

impl MigrationName for M0006PolicyAccess {
    fn name(&self) -> &str {
        "m0006_policy_access"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0006PolicyAccess {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let request = || Table::alter().table(a("partner_policy_request")).to_owned();
        m.alter_table(request().add_column(string_null("reject_reason", 1024)).to_owned()).await?;
        m.create_index(index("partner_policy_request", &["part_id", "policy_id"])).await?;
        m.create_index(index("partner_policy_request", &["status_code", "cr_dtimes"])).await?;
        m.create_index(index("partner_policy_request", &["cr_dtimes"])).await?;
        let api_key = || Table::alter().table(a("partner_policy")).to_owned();
        // Rows written before this migration hold no hash; no release ever wrote keys.
        m.alter_table(api_key().add_column(string("key_hash", 64).default("")).to_owned()).await?;
        m.alter_table(api_key().add_column(string_null("request_id", 36)).to_owned()).await?;
        m.alter_table(api_key().add_column(time_null("expired_at")).to_owned()).await?;
        m.alter_table(api_key().add_column(string_null("replaced_by", 128)).to_owned()).await?;
        m.create_index(unique("partner_policy", &["key_hash"])).await?;
        m.create_index(unique("partner_policy", &["part_id", "policy_id", "label"])).await?;
        m.create_index(index("partner_policy", &["is_active", "valid_to_datetime"])).await?;
        m.create_index(index("partner_policy", &["cr_dtimes"])).await?;

        m.create_table(
            Table::create()
                .table(a("partner_policy_bioextract"))
                .col(primary("id"))
                .col(key("part_id"))
                .col(key("policy_id"))
                .col(string("attribute_name", 128))
                .col(string("extractor_provider", 128))
                .col(string_null("extractor_provider_version", 8))
                .col(string("biometric_modality", 64))
                .col(string_null("biometric_sub_types", 64))
                .col(string("cr_by", 256))
                .col(time("cr_dtimes"))
                .col(string_null("upd_by", 256))
                .col(time_null("upd_dtimes"))
                .foreign_key(&mut fk("partner_policy_bioextract", "part_id", "partner", "id"))
                .foreign_key(&mut fk("partner_policy_bioextract", "policy_id", "auth_policy", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("partner_policy_bioextract", &["part_id", "policy_id", "attribute_name"])).await?;
        // One policy per partner and credential type (MOSIP keys the row by the policy too, and
        // then answers whichever row it finds first).
        m.create_table(
            Table::create()
                .table(a("partner_policy_credential_type"))
                .col(key("part_id"))
                .col(string("credential_type", 128))
                .col(key("policy_id"))
                .col(flag("is_active"))
                .col(string("cr_by", 256))
                .col(time("cr_dtimes"))
                .col(string_null("upd_by", 256))
                .col(time_null("upd_dtimes"))
                .primary_key(Index::create().col(a("part_id")).col(a("credential_type")))
                .foreign_key(&mut fk("partner_policy_credential_type", "part_id", "partner", "id"))
                .foreign_key(&mut fk("partner_policy_credential_type", "policy_id", "auth_policy", "id"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("m0006_policy_access cannot be reverted".into()))
    }
}

/// Delivery of what the outbox holds: webhook subscriptions (with their topics), subscriptions to
/// the built-in WebSub hub, one delivery row per event and recipient (e-mails included) with its
/// lease, attempts and last answer, in-portal notifications, the expiry reminders already sent,
/// and audit indexes that end with the id the trail pages on.
struct M0007Delivery;

impl MigrationName for M0007Delivery {
    fn name(&self) -> &str {
        "m0007_delivery"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0007Delivery {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(a("webhook"))
                .col(primary("id"))
                .col(string("url", 2048))
                .col(string("secret", 256))
                .col(string_null("descr", 256))
                .col(flag("is_active"))
                .col(string("cr_by", 256))
                .col(time("cr_dtimes"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("webhook", &["cr_dtimes"])).await?;
        m.create_table(
            Table::create()
                .table(a("webhook_topic"))
                .col(key("webhook_id"))
                .col(string("topic", 64))
                .primary_key(Index::create().col(a("webhook_id")).col(a("topic")))
                .foreign_key(
                    &mut fk("webhook_topic", "webhook_id", "webhook", "id")
                        .on_delete(ForeignKeyAction::Cascade)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index("webhook_topic", &["topic"])).await?;
        m.create_table(
            Table::create()
                .table(a("websub_subscription"))
                .col(primary("id"))
                .col(string("topic", 64))
                .col(string("callback", 2048))
                .col(string_null("secret", 200))
                .col(time("expires_at"))
                .col(string("cr_by", 256))
                .col(time("cr_dtimes"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("websub_subscription", &["topic", "callback"])).await?;
        m.create_table(
            Table::create()
                .table(a("delivery"))
                .col(primary("id"))
                .col(string_null("event_id", 64))
                .col(string("kind", 16))
                .col(string_null("target_id", 64))
                .col(string("target", 2048))
                .col(text_null("payload"))
                .col(string("status", 16))
                .col(int("attempts"))
                .col(time("available_at"))
                .col(string_null("lease_owner", 128))
                .col(time_null("lease_until"))
                .col(ColumnDef::new(a("last_status")).integer().null())
                .col(string_null("last_error", 1024))
                .col(ColumnDef::new(a("latency_ms")).integer().null())
                .col(time("created_at"))
                .col(time_null("delivered_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("delivery", &["status", "available_at"])).await?;
        m.create_index(index("delivery", &["target_id", "created_at", "id"])).await?;
        m.create_index(index("delivery", &["kind", "created_at", "id"])).await?;
        m.create_index(index("delivery", &["created_at", "id"])).await?;
        m.create_index(index("delivery", &["event_id"])).await?;
        m.create_table(
            Table::create()
                .table(a("notification"))
                .col(primary("id"))
                .col(string("username", 256))
                .col(string("kind", 64))
                .col(string("subject", 512))
                .col(text("body"))
                .col(time("created_at"))
                .col(time_null("read_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("notification", &["username", "created_at", "id"])).await?;
        m.create_index(index("notification", &["username", "read_at"])).await?;
        m.create_table(
            Table::create()
                .table(a("reminder"))
                .col(string("entity_type", 32))
                .col(string("entity_id", 256))
                .col(int("threshold_days"))
                .col(time("sent_at"))
                .primary_key(Index::create().col(a("entity_type")).col(a("entity_id")).col(a("threshold_days")))
                .to_owned(),
        )
        .await?;
        for old in [["actor", "occurred_at"], ["action", "occurred_at"]] {
            m.drop_index(
                Index::drop().name(format!("ix_audit_log_{}", old.join("_"))).table(a("audit_log")).to_owned(),
            )
            .await?;
        }
        for cols in [
            ["actor", "occurred_at", "id"],
            ["action", "occurred_at", "id"],
            ["outcome", "occurred_at", "id"],
            ["entity_type", "occurred_at", "id"],
        ] {
            m.create_index(index("audit_log", &cols)).await?;
        }
        m.create_index(index("audit_log", &["occurred_at", "id"])).await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("m0007_delivery cannot be reverted".into()))
    }
}

/// MOSIP's device reference data (`reg_device_type`, `reg_device_sub_type`, seeded), secure
/// biometric interfaces with their history, devices and their SBI mappings, FTM chips, and the
/// versioned chip certificates that replace keymanager's store. Device and chip make/model are
/// unique per provider among rows still alive (MOSIP 1.2.2's partial indexes).
struct M0008Devices;

impl MigrationName for M0008Devices {
    fn name(&self) -> &str {
        "m0008_devices"
    }
}

/// `(type, subtype, description)` — MOSIP's seed rows.
pub const DEVICE_SUB_TYPES: &[(&str, &str, &str)] = &[
    ("Finger", "Slap", "Finger slap scanner"),
    ("Finger", "Single", "Single finger scanner"),
    ("Finger", "Touchless", "Touchless finger scanner"),
    ("Iris", "Single", "Single iris camera"),
    ("Iris", "Double", "Double iris camera"),
    ("Face", "Full face", "Full face camera"),
];

/// `(type, description)`.
pub const DEVICE_TYPES: &[(&str, &str)] =
    &[("Finger", "Fingerprint scanner"), ("Iris", "Iris camera"), ("Face", "Face camera")];

#[async_trait::async_trait]
impl MigrationTrait for M0008Devices {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = Table::create();
        t.table(a("reg_device_type"))
            .col(string("code", 36).primary_key())
            .col(string("name", 64))
            .col(string_null("descr", 512))
            .col(flag("is_active"));
        m.create_table(with_audit(&mut t).to_owned()).await?;
        let mut t = Table::create();
        t.table(a("reg_device_sub_type"))
            .col(string("code", 36))
            .col(string("dtyp_code", 36))
            .col(string("name", 64))
            .col(string_null("descr", 512))
            .col(flag("is_active"))
            .primary_key(Index::create().col(a("dtyp_code")).col(a("code")))
            .foreign_key(&mut fk("reg_device_sub_type", "dtyp_code", "reg_device_type", "code"));
        m.create_table(with_audit(&mut t).to_owned()).await?;
        seed_device_types(m).await?;

        let sbi_columns = |t: &mut TableCreateStatement| {
            t.col(string("sw_binary_hash", 36))
                .col(string("sw_version", 64))
                .col(time_null("sw_cr_dtimes"))
                .col(time_null("sw_expiry_dtimes"))
                .col(string("approval_status", 36))
                .col(flag("is_active"))
                .col(key("provider_id"))
                .col(string_null("partner_org_name", 128));
            with_audit(t);
        };
        let mut t = Table::create();
        t.table(a("secure_biometric_interface")).col(primary("id"));
        sbi_columns(&mut t);
        t.foreign_key(&mut fk("secure_biometric_interface", "provider_id", "partner", "id"));
        m.create_table(t.to_owned()).await?;
        m.create_index(unique("secure_biometric_interface", &["provider_id", "sw_version"])).await?;
        m.create_index(index("secure_biometric_interface", &["cr_dtimes", "id"])).await?;
        m.create_index(index("secure_biometric_interface", &["approval_status", "is_active"])).await?;
        m.create_index(index("secure_biometric_interface", &["sw_expiry_dtimes"])).await?;
        let mut t = Table::create();
        t.table(a("secure_biometric_interface_h")).col(primary("hist_id")).col(key("id")).col(time("eff_dtimes"));
        sbi_columns(&mut t);
        m.create_table(t.to_owned()).await?;
        m.create_index(index("secure_biometric_interface_h", &["id", "eff_dtimes"])).await?;

        let mut t = Table::create();
        t.table(a("device_detail"))
            .col(primary("id"))
            .col(key("dprovider_id"))
            .col(string("dtype_code", 36))
            .col(string("dstype_code", 36))
            .col(string("make", 36))
            .col(string("model", 36))
            .col(string_null("partner_org_name", 128))
            .col(string("approval_status", 36))
            .col(flag("is_active"))
            .foreign_key(&mut fk("device_detail", "dprovider_id", "partner", "id"))
            .foreign_key(
                ForeignKey::create()
                    .name("fk_device_detail_sub_type")
                    .from(a("device_detail"), (a("dtype_code"), a("dstype_code")))
                    .to(a("reg_device_sub_type"), (a("dtyp_code"), a("code")))
                    .on_delete(ForeignKeyAction::Restrict),
            );
        m.create_table(with_audit(&mut t).to_owned()).await?;
        m.create_index(index("device_detail", &["dprovider_id", "cr_dtimes"])).await?;
        m.create_index(index("device_detail", &["cr_dtimes", "id"])).await?;
        m.create_index(index("device_detail", &["approval_status", "is_active"])).await?;

        let mut t = Table::create();
        t.table(a("device_detail_sbi"))
            .col(key("device_detail_id"))
            .col(key("sbi_id"))
            .col(key("dprovider_id"))
            .col(string_null("partner_org_name", 128))
            .col(flag("is_active"))
            .primary_key(Index::create().col(a("device_detail_id")).col(a("sbi_id")))
            .foreign_key(&mut fk("device_detail_sbi", "device_detail_id", "device_detail", "id"))
            .foreign_key(&mut fk("device_detail_sbi", "sbi_id", "secure_biometric_interface", "id"));
        m.create_table(with_audit(&mut t).to_owned()).await?;
        m.create_index(index("device_detail_sbi", &["sbi_id", "device_detail_id"])).await?;

        let mut t = Table::create();
        t.table(a("ftp_chip_detail"))
            .col(primary("id"))
            .col(key("foundational_trust_provider_id"))
            .col(string("make", 36))
            .col(string("model", 36))
            .col(string_null("certificate_alias", 64))
            .col(string_null("partner_org_name", 128))
            .col(flag("is_active"))
            .col(string("approval_status", 36))
            .foreign_key(&mut fk("ftp_chip_detail", "foundational_trust_provider_id", "partner", "id"));
        m.create_table(with_audit(&mut t).to_owned()).await?;
        m.create_index(index("ftp_chip_detail", &["foundational_trust_provider_id", "cr_dtimes"])).await?;
        m.create_index(index("ftp_chip_detail", &["cr_dtimes", "id"])).await?;
        m.create_index(index("ftp_chip_detail", &["approval_status", "is_active"])).await?;

        m.create_table(
            Table::create()
                .table(a("ftm_chip_certificate"))
                .col(primary("cert_id"))
                .col(key("chip_id"))
                .col(int("version"))
                .col(string("org_name", 128))
                .col(string("subject_dn", 1024))
                .col(string("issuer_dn", 1024))
                .col(string_null("issuer_id", 64))
                .col(string("sha1_thumbprint", 40))
                .col(time("not_before"))
                .col(time("not_after"))
                .col(text("original_pem"))
                .col(text("signed_pem"))
                .col(time("signed_not_after"))
                .col(string("status", 16))
                .col(string("uploaded_by", 256))
                .col(time("uploaded_at"))
                .foreign_key(&mut fk("ftm_chip_certificate", "chip_id", "ftp_chip_detail", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("ftm_chip_certificate", &["chip_id", "version"])).await?;
        m.create_index(index("ftm_chip_certificate", &["chip_id", "status"])).await?;
        m.create_index(index("ftm_chip_certificate", &["not_after"])).await?;

        // A make and model stays unique per provider while a row holding it is alive: waiting,
        // approved and active (MOSIP 1.2.2's partial unique indexes, same syntax on both engines).
        let db = m.get_connection();
        for (table, provider, cols) in [
            ("device_detail", "dprovider_id", "dtype_code, dstype_code, make, model"),
            ("ftp_chip_detail", "foundational_trust_provider_id", "make, model"),
        ] {
            db.execute_unprepared(&format!(
                "CREATE UNIQUE INDEX ux_{table}_live ON {table} ({provider}, {cols}) \
                 WHERE approval_status <> 'rejected' AND NOT (approval_status = 'approved' AND is_active = false)"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("m0008_devices cannot be reverted".into()))
    }
}

async fn seed_device_types(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let now = chrono::DateTime::<chrono::Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default();
    let mut types = Query::insert();
    types.into_table(a("reg_device_type")).columns(["code", "name", "descr", "is_active", "cr_by", "cr_dtimes"].map(a));
    for (code, descr) in DEVICE_TYPES {
        types.values_panic([(*code).into(), (*code).into(), (*descr).into(), true.into(), "system".into(), now.into()]);
    }
    let mut subs = Query::insert();
    subs.into_table(a("reg_device_sub_type"))
        .columns(["code", "dtyp_code", "name", "descr", "is_active", "cr_by", "cr_dtimes"].map(a));
    for (typ, code, descr) in DEVICE_SUB_TYPES {
        subs.values_panic([
            (*code).into(),
            (*typ).into(),
            (*code).into(),
            (*descr).into(),
            true.into(),
            "system".into(),
            now.into(),
        ]);
    }
    let conn = m.get_connection();
    let backend = conn.get_database_backend();
    conn.execute(backend.build(&types)).await?;
    conn.execute(backend.build(&subs)).await?;
    Ok(())
}

struct M0009Clients;

impl MigrationName for M0009Clients {
    fn name(&self) -> &str {
        "m0009_clients"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0009Clients {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The id is computed from the public key, so the primary key is what refuses a key
        // registered twice.
        let mut t = Table::create();
        t.table(a("oidc_client"))
            .col(string("id", 100).primary_key())
            .col(string("name", 256))
            .col(text_null("name_langs"))
            .col(key("policy_id"))
            .col(key("rp_id"))
            .col(string("logo_uri", 2048))
            .col(text("redirect_uris"))
            .col(text("claims"))
            .col(text("acr_values"))
            .col(string("grant_types", 256))
            .col(string("auth_methods", 256))
            .col(text("public_key"))
            .col(string("status", 16))
            .col(string("api", 8))
            .foreign_key(&mut fk("oidc_client", "rp_id", "partner", "id"))
            .foreign_key(&mut fk("oidc_client", "policy_id", "auth_policy", "id"));
        m.create_table(with_audit(&mut t).to_owned()).await?;
        m.create_index(index("oidc_client", &["rp_id", "cr_dtimes"])).await?;
        m.create_index(index("oidc_client", &["cr_dtimes", "id"])).await?;
        m.create_index(index("oidc_client", &["status", "cr_dtimes"])).await?;

        // RFC 7592: the token that lets a registering tool read, change and delete its client.
        m.create_table(
            Table::create()
                .table(a("oidc_client_registration"))
                .col(string("client_id", 100).primary_key())
                .col(string("token_hash", 64))
                .col(time("cr_dtimes"))
                .foreign_key(&mut fk("oidc_client_registration", "client_id", "oidc_client", "id"))
                .to_owned(),
        )
        .await?;

        // The licence key is shown to its MISP again (`GET /misps/{id}/licenseKey`), so besides
        // the hash it is looked up by, it is kept sealed with the server's key.
        let mut t = Table::create();
        t.table(a("misp_license"))
            .col(primary("id"))
            .col(key("misp_id"))
            .col(string("key_hash", 64))
            .col(string("key_hint", 16))
            .col(text("key_sealed"))
            .col(time("valid_from_date"))
            .col(time("valid_to_date"))
            .col(string_null("policy_id", 64))
            .col(flag("is_active"))
            .foreign_key(&mut fk("misp_license", "misp_id", "partner", "id"));
        m.create_table(with_audit(&mut t).to_owned()).await?;
        m.create_index(unique("misp_license", &["key_hash"])).await?;
        m.create_index(index("misp_license", &["misp_id", "cr_dtimes"])).await?;
        m.create_index(index("misp_license", &["cr_dtimes", "id"])).await?;

        // The revamp device and SBI lists filter on a status and page by creation time: with the
        // time in the index, a page is read in order instead of sorting every match.
        m.create_index(index("device_detail", &["approval_status", "cr_dtimes", "id"])).await?;
        m.create_index(index("secure_biometric_interface", &["approval_status", "cr_dtimes", "id"])).await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("m0009_clients cannot be reverted".into()))
    }
}

struct M0010Federation;

impl MigrationName for M0010Federation {
    fn name(&self) -> &str {
        "m0010_federation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0010Federation {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // A user logged in through an OpenID provider is known by the provider's (issuer,
        // subject), never by a name the provider lets its users choose.
        m.create_table(
            Table::create()
                .table(a("external_identity"))
                .col(string("issuer", 512))
                .col(string("subject", 255))
                .col(key("user_id"))
                .col(time("cr_dtimes"))
                .primary_key(Index::create().col(a("issuer")).col(a("subject")))
                .foreign_key(
                    &mut fk("external_identity", "user_id", "users", "id")
                        .on_delete(ForeignKeyAction::Cascade)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(unique("external_identity", &["user_id", "issuer"])).await?;

        // RFC 7591 initial access tokens: an administrator lets one partner's tooling register
        // one client without a user's token. Kept as their SHA-256; used once.
        m.create_table(
            Table::create()
                .table(a("oidc_initial_token"))
                .col(primary("id"))
                .col(key("partner_id"))
                .col(string("token_hash", 64))
                .col(time("expires_at"))
                .col(time_null("used_at"))
                .col(string("cr_by", 256))
                .col(time("cr_dtimes"))
                .foreign_key(&mut fk("oidc_initial_token", "partner_id", "partner", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("oidc_initial_token", &["token_hash"])).await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("m0010_federation cannot be reverted".into()))
    }
}
