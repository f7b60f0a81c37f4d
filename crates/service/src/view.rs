//! What the use cases return: plain records, so that the web layer and the CLI never see the
//! store's table models (and a column added to a table is not an API change by accident).

use chrono::{DateTime, Utc};
use pms_store::entity::{audit_log, auth_policy, auth_policy_h, outbox, partner, partner_h, partner_type};
use pms_store::entity::{ca_certificate, partner_certificate, policy_group, user_details, users};
use pms_store::entity::{device_detail, ftm_chip_certificate, ftp_chip_detail, secure_biometric_interface};
use pms_store::entity::{misp_license, oidc_client};
use pms_store::entity::{partner_policy, partner_policy_request, reg_device_sub_type, reg_device_type};

/// Declares a record and its conversion from a table model, field by field.
macro_rules! record {
    ($(#[$doc:meta])* $name:ident from $model:path { $($field:ident: $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            $(pub $field: $ty),*
        }

        impl From<$model> for $name {
            fn from(m: $model) -> Self {
                $name { $($field: m.$field),* }
            }
        }
    };
}

type Time = DateTime<Utc>;

record!(
    /// A policy group.
    PolicyGroup from policy_group::Model {
        id: String, name: String, descr: String, user_id: String, is_active: bool,
        cr_by: String, cr_dtimes: Time, upd_by: Option<String>, upd_dtimes: Option<Time>,
        is_deleted: bool, del_dtimes: Option<Time>,
    }
);

record!(
    /// A policy as stored; `PolicyView` adds its group and lifecycle state.
    Policy from auth_policy::Model {
        id: String, policy_group_id: String, name: String, descr: String, policy_file_id: String,
        policy_type: String, version: String, policy_schema: Option<String>, valid_from_date: Time,
        valid_to_date: Time, is_active: bool, cr_by: String, cr_dtimes: Time, upd_by: Option<String>,
        upd_dtimes: Option<Time>,
        is_deleted: bool, del_dtimes: Option<Time>, cloned_from: Option<String>,
    }
);

record!(
    /// One revision of a policy's history.
    PolicyRevision from auth_policy_h::Model {
        id: String, rev: i32, eff_dtimes: Time, change_kind: String, changed_by: String,
        policy_group_id: String, name: String, descr: String, policy_file_id: String, policy_type: String,
        version: String, policy_schema: Option<String>, valid_from_date: Time, valid_to_date: Time,
        is_active: bool,
    }
);

record!(
    /// A partner as stored; `PartnerView` adds its policy group and lifecycle state.
    Partner from partner::Model {
        id: String, policy_group_id: Option<String>, name: String, address: String, contact_no: String,
        email_id: String, certificate_alias: Option<String>, user_id: String, partner_type_code: String,
        approval_status: String, is_active: bool, status_reason: Option<String>, lang_code: String,
        logo_url: Option<String>, addl_info: Option<String>, cr_by: String, cr_dtimes: Time,
        upd_by: Option<String>, upd_dtimes: Option<Time>,
        is_deleted: bool, del_dtimes: Option<Time>,
    }
);

record!(
    /// One revision of a partner's history.
    PartnerRevision from partner_h::Model {
        id: String, rev: i32, eff_dtimes: Time, change_kind: String, changed_by: String,
        policy_group_id: Option<String>, name: String, address: String, contact_no: String, email_id: String,
        partner_type_code: String, approval_status: String, is_active: bool, status_reason: Option<String>,
        lang_code: String, logo_url: Option<String>, addl_info: Option<String>,
    }
);

record!(
    /// A kind of partner (`Auth_Partner`, `Device_Provider`, …).
    PartnerType from partner_type::Model {
        code: String, partner_description: String, is_policy_required: bool, role_code: Option<String>,
        is_active: bool, cr_by: String, cr_dtimes: Time, upd_by: Option<String>, upd_dtimes: Option<Time>,
        is_deleted: bool, del_dtimes: Option<Time>,
    }
);

record!(
    /// A user's recorded consent to the terms.
    Consent from user_details::Model {
        id: String, user_id: String, consent_given: String, consent_given_dtimes: Time, cr_by: String,
        cr_dtimes: Time, upd_by: Option<String>, upd_dtimes: Option<Time>,
    }
);

record!(
    /// One row of the audit trail.
    AuditRecord from audit_log::Model {
        id: String, occurred_at: Time, actor: String, action: String, entity_type: String, entity_id: String,
        outcome: String, request_id: Option<String>, before_status: Option<String>, after_status: Option<String>,
        details: Option<String>,
    }
);

record!(
    /// One event of the outbox with its delivery state.
    OutboxRecord from outbox::Model {
        id: String, topic: String, payload: String, created_at: Time, available_at: Time, attempts: i32,
        delivered_at: Option<Time>, last_error: Option<String>,
    }
);

record!(
    /// A root or intermediate CA certificate of the trust store.
    CaCertificate from ca_certificate::Model {
        cert_id: String, partner_domain: String, ca_type: String, subject_dn: String, issuer_dn: String,
        issuer_id: Option<String>, serial: String, sha1_thumbprint: String, sha256_thumbprint: String,
        not_before: Time, not_after: Time, cert_pem: String, status: String, uploaded_by: String,
        uploaded_at: Time, deactivated_by: Option<String>, deactivated_at: Option<Time>,
    }
);

record!(
    /// One certificate upload of a partner: the original and the platform-signed copy.
    PartnerCertificate from partner_certificate::Model {
        cert_id: String, partner_id: String, version: i32, partner_domain: String, org_name: String,
        subject_dn: String, issuer_dn: String, issuer_id: Option<String>, sha1_thumbprint: String,
        not_before: Time, not_after: Time, original_pem: String, signed_pem: String, signed_not_after: Time,
        status: String, uploaded_by: String, uploaded_at: Time,
    }
);

record!(
    /// A partner's request to use a policy.
    PolicyRequest from partner_policy_request::Model {
        id: String, part_id: String, policy_id: String, request_datetimes: Time, request_detail: String,
        status_code: String, reject_reason: Option<String>, cr_by: String, cr_dtimes: Time,
        upd_by: Option<String>, upd_dtimes: Option<Time>,
    }
);

record!(
    /// An API key without its hash: `policy_api_key` is the key's public id.
    ApiKey from partner_policy::Model {
        policy_api_key: String, part_id: String, policy_id: String, label: String,
        valid_from_datetime: Time, valid_to_datetime: Option<Time>, is_active: bool,
        request_id: Option<String>, expired_at: Option<Time>, replaced_by: Option<String>,
        cr_by: String, cr_dtimes: Time, upd_by: Option<String>, upd_dtimes: Option<Time>,
    }
);

record!(
    /// A user account, without its password hash.
    Account from users::Model {
        id: String, username: String, email: String, first_name: Option<String>, last_name: Option<String>,
        lang_code: String, is_active: bool, created_at: Time, updated_at: Time,
    }
);

record!(
    /// A version of a device provider's secure biometric interface.
    Sbi from secure_biometric_interface::Model {
        id: String, sw_binary_hash: String, sw_version: String, sw_cr_dtimes: Option<Time>,
        sw_expiry_dtimes: Option<Time>, approval_status: String, is_active: bool, provider_id: String,
        partner_org_name: Option<String>, cr_by: String, cr_dtimes: Time, upd_by: Option<String>,
        upd_dtimes: Option<Time>,
    }
);

record!(
    /// A device make and model of a device provider.
    Device from device_detail::Model {
        id: String, dprovider_id: String, dtype_code: String, dstype_code: String, make: String, model: String,
        partner_org_name: Option<String>, approval_status: String, is_active: bool, cr_by: String,
        cr_dtimes: Time, upd_by: Option<String>, upd_dtimes: Option<Time>,
    }
);

record!(
    /// An FTM chip make and model of an FTM provider.
    Chip from ftp_chip_detail::Model {
        id: String, foundational_trust_provider_id: String, make: String, model: String,
        certificate_alias: Option<String>, partner_org_name: Option<String>, is_active: bool,
        approval_status: String, cr_by: String, cr_dtimes: Time, upd_by: Option<String>, upd_dtimes: Option<Time>,
    }
);

record!(
    /// One certificate upload of a chip: the original and the platform-signed copy.
    ChipCertificate from ftm_chip_certificate::Model {
        cert_id: String, chip_id: String, version: i32, org_name: String, subject_dn: String, issuer_dn: String,
        issuer_id: Option<String>, sha1_thumbprint: String, not_before: Time, not_after: Time,
        original_pem: String, signed_pem: String, signed_not_after: Time, status: String, uploaded_by: String,
        uploaded_at: Time,
    }
);

record!(
    /// A device type (MOSIP's reference data).
    DeviceType from reg_device_type::Model {
        code: String, name: String, descr: Option<String>, is_active: bool, cr_by: String, cr_dtimes: Time,
        upd_by: Option<String>, upd_dtimes: Option<Time>, is_deleted: bool, del_dtimes: Option<Time>,
    }
);

record!(
    /// A device subtype of a type.
    DeviceSubType from reg_device_sub_type::Model {
        code: String, dtyp_code: String, name: String, descr: Option<String>, is_active: bool, cr_by: String,
        cr_dtimes: Time, upd_by: Option<String>, upd_dtimes: Option<Time>, is_deleted: bool,
        del_dtimes: Option<Time>,
    }
);

impl Sbi {
    pub fn status(&self) -> Option<pms_domain::device::Status> {
        pms_domain::device::Status::from_row(&self.approval_status, self.is_active)
    }
}

impl Device {
    pub fn status(&self) -> Option<pms_domain::device::Status> {
        pms_domain::device::Status::from_row(&self.approval_status, self.is_active)
    }
}

impl Chip {
    pub fn status(&self) -> Option<pms_domain::device::ChipStatus> {
        pms_domain::device::ChipStatus::from_row(&self.approval_status, self.is_active)
    }
}

/// Converts every item of a list of table models.
pub fn all<M, R: From<M>>(models: Vec<M>) -> Vec<R> {
    models.into_iter().map(R::from).collect()
}

/// A user account with its roles.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub user: Account,
    pub roles: Vec<String>,
}

impl From<pms_store::repo::users::User> for User {
    fn from(u: pms_store::repo::users::User) -> Self {
        User { user: u.user.into(), roles: u.roles }
    }
}

record!(
    /// An OIDC client of eSignet; lists are comma-joined as stored.
    OidcClient from oidc_client::Model {
        id: String, name: String, name_langs: Option<String>, policy_id: String, rp_id: String,
        logo_uri: String, redirect_uris: String, claims: String, acr_values: String, grant_types: String,
        auth_methods: String, public_key: String, status: String, api: String, cr_by: String,
        cr_dtimes: Time, upd_by: Option<String>, upd_dtimes: Option<Time>,
    }
);

record!(
    /// A MISP licence without its key (only its first characters, as a hint).
    MispLicence from misp_license::Model {
        id: String, misp_id: String, key_hint: String, valid_from_date: Time, valid_to_date: Time,
        policy_id: Option<String>, is_active: bool, cr_by: String, cr_dtimes: Time,
        upd_by: Option<String>, upd_dtimes: Option<Time>,
    }
);
