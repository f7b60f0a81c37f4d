//! Table models. Table and column names follow MOSIP's `mosip_pms` schema where one exists, so that
//! data can be migrated and MOSIP operators find their way around.

macro_rules! no_relations {
    () => {
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}
        impl ActiveModelBehavior for ActiveModel {}
    };
}

pub mod users {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub username: String,
        pub email: String,
        pub password_hash: String,
        pub first_name: Option<String>,
        pub last_name: Option<String>,
        pub lang_code: String,
        pub is_active: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// Bumped whenever the user's tokens must stop working (logout, roles, deactivation).
        pub token_generation: i64,
    }
    no_relations!();
}

pub mod user_role {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "user_role")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub role: String,
    }
    no_relations!();
}

pub mod server_setting {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "server_setting")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub value: String,
    }
    no_relations!();
}

pub mod portal_session {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "portal_session")]
    pub struct Model {
        /// SHA-256 of the cookie value; the cookie itself is never stored.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub user_id: String,
        pub csrf_token: String,
        pub created_at: DateTimeUtc,
        pub last_seen_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod rate_limit {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "rate_limit")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub bucket: String,
        pub window_start: DateTimeUtc,
        pub hits: i32,
    }
    no_relations!();
}

pub mod partner_type {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "partner_type")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub partner_description: String,
        pub is_policy_required: bool,
        /// Login role of partners of this type; types without one cannot self-register.
        pub role_code: Option<String>,
        pub is_active: bool,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod policy_group {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "policy_group")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub name: String,
        pub descr: String,
        pub user_id: String,
        pub is_active: bool,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
    }
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::auth_policy::Entity")]
        Policies,
    }
    impl Related<super::auth_policy::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Policies.def()
        }
    }
    impl ActiveModelBehavior for ActiveModel {}
}

/// Every policy type lives in MOSIP's `auth_policy` table.
pub mod auth_policy {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "auth_policy")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub policy_group_id: String,
        pub name: String,
        pub descr: String,
        /// The policy document (JSON text), under MOSIP's column name.
        pub policy_file_id: String,
        pub policy_type: String,
        pub version: String,
        /// NULL while the policy is a draft; the schema URL once published.
        pub policy_schema: Option<String>,
        pub valid_from_date: DateTimeUtc,
        pub valid_to_date: DateTimeUtc,
        pub is_active: bool,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
        /// The policy this one was cloned from, if any.
        pub cloned_from: Option<String>,
    }
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::policy_group::Entity",
            from = "Column::PolicyGroupId",
            to = "super::policy_group::Column::Id"
        )]
        PolicyGroup,
    }
    impl Related<super::policy_group::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::PolicyGroup.def()
        }
    }
    impl ActiveModelBehavior for ActiveModel {}
}

/// One row per version of a policy: what it looked like after each change.
pub mod auth_policy_h {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "auth_policy_h")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub rev: i32,
        pub eff_dtimes: DateTimeUtc,
        pub change_kind: String,
        pub changed_by: String,
        pub policy_group_id: String,
        pub name: String,
        pub descr: String,
        pub policy_file_id: String,
        pub policy_type: String,
        pub version: String,
        pub policy_schema: Option<String>,
        pub valid_from_date: DateTimeUtc,
        pub valid_to_date: DateTimeUtc,
        pub is_active: bool,
    }
    no_relations!();
}

pub mod partner {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "partner")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub policy_group_id: Option<String>,
        /// Organisation name.
        pub name: String,
        pub address: String,
        pub contact_no: String,
        pub email_id: String,
        pub certificate_alias: Option<String>,
        pub user_id: String,
        pub partner_type_code: String,
        pub approval_status: String,
        pub is_active: bool,
        /// Why the partner was last rejected or deactivated (shown to the partner).
        pub status_reason: Option<String>,
        pub lang_code: String,
        pub logo_url: Option<String>,
        pub addl_info: Option<String>,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
    }
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::policy_group::Entity",
            from = "Column::PolicyGroupId",
            to = "super::policy_group::Column::Id"
        )]
        PolicyGroup,
    }
    impl Related<super::policy_group::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::PolicyGroup.def()
        }
    }
    impl ActiveModelBehavior for ActiveModel {}
}

pub mod partner_h {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "partner_h")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub rev: i32,
        pub eff_dtimes: DateTimeUtc,
        pub change_kind: String,
        pub changed_by: String,
        pub policy_group_id: Option<String>,
        pub name: String,
        pub address: String,
        pub contact_no: String,
        pub email_id: String,
        pub partner_type_code: String,
        pub approval_status: String,
        pub is_active: bool,
        pub status_reason: Option<String>,
        pub lang_code: String,
        pub logo_url: Option<String>,
        pub addl_info: Option<String>,
    }
    no_relations!();
}

pub mod partner_contact {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "partner_contact")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub partner_id: String,
        pub contact_no: String,
        pub email_id: String,
        pub address: String,
        pub is_active: bool,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod user_details {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "user_details")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub user_id: String,
        pub consent_given: String,
        pub consent_given_dtimes: DateTimeUtc,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// A self-registration waiting for its e-mail code. Invisible to admins; becomes a user and a
/// partner once verified.
pub mod registration {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "registration")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub email: String,
        pub username: String,
        pub organization_name: String,
        pub partner_type_code: String,
        pub first_name: String,
        pub last_name: String,
        pub contact_no: String,
        pub address: String,
        pub lang_code: String,
        pub policy_group_id: Option<String>,
        pub password_hash: String,
        pub otp_hash: String,
        pub otp_expires_at: DateTimeUtc,
        pub otp_attempts: i32,
        pub otp_sent_at: DateTimeUtc,
        pub terms_accepted_at: DateTimeUtc,
        pub client_ip: String,
        pub created_at: DateTimeUtc,
    }
    no_relations!();
}

/// A password reset waiting for its e-mail code; one per user, gone once used.
pub mod password_reset {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "password_reset")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub user_id: String,
        pub otp_hash: String,
        pub otp_expires_at: DateTimeUtc,
        pub otp_attempts: i32,
        pub otp_sent_at: DateTimeUtc,
        pub created_at: DateTimeUtc,
    }
    no_relations!();
}

/// A partner's request to use a policy (MOSIP "policy mapping").
pub mod partner_policy_request {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "partner_policy_request")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub part_id: String,
        pub policy_id: String,
        pub request_datetimes: DateTimeUtc,
        pub request_detail: String,
        pub status_code: String,
        pub reject_reason: Option<String>,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// API keys binding a partner to a policy (MOSIP `partner_policy`).
pub mod partner_policy {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "partner_policy")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub policy_api_key: String,
        pub part_id: String,
        pub policy_id: String,
        pub label: String,
        pub valid_from_datetime: DateTimeUtc,
        pub valid_to_datetime: Option<DateTimeUtc>,
        pub is_active: bool,
        /// Hex SHA-256 of the whole key; the key itself is never stored.
        pub key_hash: String,
        pub request_id: Option<String>,
        pub expired_at: Option<DateTimeUtc>,
        pub replaced_by: Option<String>,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// Which biometric extractor a credential partner uses for an attribute of a policy.
pub mod partner_policy_bioextract {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "partner_policy_bioextract")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub part_id: String,
        pub policy_id: String,
        pub attribute_name: String,
        pub extractor_provider: String,
        pub extractor_provider_version: Option<String>,
        pub biometric_modality: String,
        pub biometric_sub_types: Option<String>,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// The policy a partner applies to a credential type.
pub mod partner_policy_credential_type {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "partner_policy_credential_type")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub part_id: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub credential_type: String,
        pub policy_id: String,
        pub is_active: bool,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod audit_log {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub occurred_at: DateTimeUtc,
        pub actor: String,
        pub action: String,
        pub entity_type: String,
        pub entity_id: String,
        pub outcome: String,
        pub request_id: Option<String>,
        pub before_status: Option<String>,
        pub after_status: Option<String>,
        pub details: Option<String>,
    }
    no_relations!();
}

/// Events to publish, written in the same transaction as the change they describe.
pub mod outbox {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "outbox")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub topic: String,
        pub payload: String,
        pub created_at: DateTimeUtc,
        pub available_at: DateTimeUtc,
        pub attempts: i32,
        pub lease_owner: Option<String>,
        pub lease_until: Option<DateTimeUtc>,
        pub delivered_at: Option<DateTimeUtc>,
        pub last_error: Option<String>,
    }
    no_relations!();
}

/// A root or intermediate CA certificate of a partner domain (keymanager's `ca_cert_store`).
pub mod ca_certificate {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "ca_certificate")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub cert_id: String,
        pub partner_domain: String,
        pub ca_type: String,
        pub subject_dn: String,
        pub issuer_dn: String,
        /// The CA that issued it; a root names itself.
        pub issuer_id: Option<String>,
        pub serial: String,
        pub sha1_thumbprint: String,
        pub sha256_thumbprint: String,
        pub not_before: DateTimeUtc,
        pub not_after: DateTimeUtc,
        pub cert_pem: String,
        pub status: String,
        pub uploaded_by: String,
        pub uploaded_at: DateTimeUtc,
        pub deactivated_by: Option<String>,
        pub deactivated_at: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// One certificate upload of a partner: the original and the platform-signed copy. The newest
/// `active` row is the partner's certificate; earlier ones are `superseded`.
pub mod partner_certificate {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "partner_certificate")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub cert_id: String,
        pub partner_id: String,
        pub version: i32,
        pub partner_domain: String,
        pub org_name: String,
        pub subject_dn: String,
        pub issuer_dn: String,
        /// The CA certificate it chains to directly.
        pub issuer_id: Option<String>,
        pub sha1_thumbprint: String,
        pub not_before: DateTimeUtc,
        pub not_after: DateTimeUtc,
        pub original_pem: String,
        pub signed_pem: String,
        pub signed_not_after: DateTimeUtc,
        pub status: String,
        pub uploaded_by: String,
        pub uploaded_at: DateTimeUtc,
    }
    no_relations!();
}

/// Platform CA certificates that have signed partner certificates; kept (and published) until
/// they expire, so that a rotation leaves earlier signatures verifiable.
pub mod platform_ca {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "platform_ca")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub cert_id: String,
        pub sha256_thumbprint: String,
        pub cert_pem: String,
        pub not_before: DateTimeUtc,
        pub not_after: DateTimeUtc,
        pub first_used_at: DateTimeUtc,
    }
    no_relations!();
}

/// A webhook subscriber: where to POST events and the secret their signature uses.
pub mod webhook {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "webhook")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub url: String,
        pub secret: String,
        pub descr: Option<String>,
        pub is_active: bool,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
    }
    no_relations!();
}

pub mod webhook_topic {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "webhook_topic")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub webhook_id: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub topic: String,
    }
    no_relations!();
}

/// A verified subscription to the built-in WebSub hub, until its lease ends.
pub mod websub_subscription {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "websub_subscription")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub topic: String,
        pub callback: String,
        pub secret: Option<String>,
        pub expires_at: DateTimeUtc,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
    }
    no_relations!();
}

/// One event (or e-mail, or WebSub intent check) for one recipient, with its lease and last try.
pub mod delivery {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "delivery")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub event_id: Option<String>,
        pub kind: String,
        pub target_id: Option<String>,
        pub target: String,
        pub payload: Option<String>,
        pub status: String,
        pub attempts: i32,
        pub available_at: DateTimeUtc,
        pub lease_owner: Option<String>,
        pub lease_until: Option<DateTimeUtc>,
        pub last_status: Option<i32>,
        pub last_error: Option<String>,
        pub latency_ms: Option<i32>,
        pub created_at: DateTimeUtc,
        pub delivered_at: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// A message for one user in the portal (the bell).
pub mod notification {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "notification")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub username: String,
        pub kind: String,
        pub subject: String,
        pub body: String,
        pub created_at: DateTimeUtc,
        pub read_at: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// An expiry reminder already sent, so each threshold is sent once.
pub mod reminder {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "reminder")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub entity_type: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub entity_id: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub threshold_days: i32,
        pub sent_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod reg_device_type {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "reg_device_type")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub name: String,
        pub descr: Option<String>,
        pub is_active: bool,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod reg_device_sub_type {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "reg_device_sub_type")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub dtyp_code: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub name: String,
        pub descr: Option<String>,
        pub is_active: bool,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// A version of a device provider's secure biometric interface.
pub mod secure_biometric_interface {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "secure_biometric_interface")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub sw_binary_hash: String,
        pub sw_version: String,
        pub sw_cr_dtimes: Option<DateTimeUtc>,
        pub sw_expiry_dtimes: Option<DateTimeUtc>,
        pub approval_status: String,
        pub is_active: bool,
        pub provider_id: String,
        pub partner_org_name: Option<String>,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// Every state an SBI has had (MOSIP writes one row per create, update and status change).
pub mod secure_biometric_interface_h {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "secure_biometric_interface_h")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub hist_id: String,
        pub id: String,
        pub eff_dtimes: DateTimeUtc,
        pub sw_binary_hash: String,
        pub sw_version: String,
        pub sw_cr_dtimes: Option<DateTimeUtc>,
        pub sw_expiry_dtimes: Option<DateTimeUtc>,
        pub approval_status: String,
        pub is_active: bool,
        pub provider_id: String,
        pub partner_org_name: Option<String>,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// A device make and model of a device provider.
pub mod device_detail {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "device_detail")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub dprovider_id: String,
        pub dtype_code: String,
        pub dstype_code: String,
        pub make: String,
        pub model: String,
        pub partner_org_name: Option<String>,
        pub approval_status: String,
        pub is_active: bool,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// Which SBI a device works with.
pub mod device_detail_sbi {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "device_detail_sbi")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub device_detail_id: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub sbi_id: String,
        pub dprovider_id: String,
        pub partner_org_name: Option<String>,
        pub is_active: bool,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// An FTM chip make and model of an FTM provider; `certificate_alias` names its current
/// certificate in `ftm_chip_certificate`.
pub mod ftp_chip_detail {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "ftp_chip_detail")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub foundational_trust_provider_id: String,
        pub make: String,
        pub model: String,
        pub certificate_alias: Option<String>,
        pub partner_org_name: Option<String>,
        pub is_active: bool,
        pub approval_status: String,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// One certificate upload of a chip: the original and the platform-signed copy. The newest
/// `active` row is the chip's certificate; earlier ones are `superseded`.
pub mod ftm_chip_certificate {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "ftm_chip_certificate")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub cert_id: String,
        pub chip_id: String,
        pub version: i32,
        pub org_name: String,
        pub subject_dn: String,
        pub issuer_dn: String,
        pub issuer_id: Option<String>,
        pub sha1_thumbprint: String,
        pub not_before: DateTimeUtc,
        pub not_after: DateTimeUtc,
        pub original_pem: String,
        pub signed_pem: String,
        pub signed_not_after: DateTimeUtc,
        pub status: String,
        pub uploaded_by: String,
        pub uploaded_at: DateTimeUtc,
    }
    no_relations!();
}

/// An OIDC client of eSignet; `id` is derived from the public key. Lists are comma-joined as in
/// MOSIP; `api` says which endpoint family made it (`oidc` or `oauth`), so eSignet is updated
/// through the same one.
pub mod oidc_client {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "oidc_client")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub name: String,
        pub name_langs: Option<String>,
        pub policy_id: String,
        pub rp_id: String,
        pub logo_uri: String,
        pub redirect_uris: String,
        pub claims: String,
        pub acr_values: String,
        pub grant_types: String,
        pub auth_methods: String,
        pub public_key: String,
        pub status: String,
        pub api: String,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// A MISP licence: looked up by the SHA-256 of its key, shown again from the sealed copy.
pub mod misp_license {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "misp_license")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub misp_id: String,
        pub key_hash: String,
        pub key_hint: String,
        pub key_sealed: String,
        pub valid_from_date: DateTimeUtc,
        pub valid_to_date: DateTimeUtc,
        pub policy_id: Option<String>,
        pub is_active: bool,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
        pub upd_by: Option<String>,
        pub upd_dtimes: Option<DateTimeUtc>,
        pub is_deleted: bool,
        pub del_dtimes: Option<DateTimeUtc>,
    }
    no_relations!();
}

/// The SHA-256 of the registration access token of a client registered by RFC 7591.
pub mod oidc_client_registration {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "oidc_client_registration")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub client_id: String,
        pub token_hash: String,
        pub cr_dtimes: DateTimeUtc,
    }
    no_relations!();
}

/// A user's identity at an external OpenID provider.
pub mod external_identity {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "external_identity")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub issuer: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub subject: String,
        pub user_id: String,
        pub cr_dtimes: DateTimeUtc,
    }
    no_relations!();
}

/// An initial access token of RFC 7591, issued by an administrator for one partner.
pub mod oidc_initial_token {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "oidc_initial_token")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub partner_id: String,
        pub token_hash: String,
        pub expires_at: DateTimeUtc,
        pub used_at: Option<DateTimeUtc>,
        pub cr_by: String,
        pub cr_dtimes: DateTimeUtc,
    }
    no_relations!();
}
