//! The one write path. A use case names its [`Action`] once, when it opens an [`Op`]; the op runs
//! the use case and, when a rule refuses it, records the refusal. Inside, [`Op::begin`] opens a
//! [`Write`]: one transaction, stamped with the injected clock's time, that collects the events
//! to publish and is committed together with its audit row by [`Write::commit`]. Nothing else
//! writes audit or outbox rows, so no use case can forget one or spell an action two ways.

use crate::events::Event;
use crate::{Ctx, Result, ServiceError, Services};
use chrono::{DateTime, Utc};
use pms_domain::lang::Lang;
use pms_domain::partner::PartnerAction;
use pms_store::repo::audit::{self, Outcome};
use pms_store::repo::{delivery, notifications, outbox};
use pms_store::sea_orm::DatabaseTransaction;
use pms_store::{Stamp, Tx};
use serde_json::Value;
use std::future::Future;
use std::ops::Deref;

/// Everything PMS audits, each with its one spelling (`entity.verb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    UserBootstrap,
    UserCreate,
    UserConsent,
    UserLanguage,
    SessionOpen,
    Logout,
    RegistrationStart,
    RegistrationResend,
    RegistrationVerify,
    PartnerRegister,
    PartnerUpdate,
    PartnerContact,
    PartnerPolicyGroup,
    PartnerStatus,
    Partner(PartnerAction),
    PolicyGroupCreate,
    PolicyGroupUpdate,
    PolicyGroupActivate,
    PolicyGroupDeactivate,
    PolicyCreate,
    PolicyUpdate,
    PolicyPublish,
    PolicyStatus,
    PolicyDeactivate,
    PolicyClone,
    CaUpload,
    CaDeactivate,
    PartnerCertificateUpload,
    TokenIssue,
    LoginFailed,
    PasswordResetRequest,
    PasswordReset,
    PasswordChange,
    PasswordSet,
    UserDeactivate,
    UserActivate,
    UserProvision,
    UserRolesSync,
    PolicyRequestCreate,
    PolicyRequestApprove,
    PolicyRequestReject,
    ApiKeyCreate,
    ApiKeyRotate,
    ApiKeyStatus,
    ApiKeyRemap,
    ApiKeyExpire,
    ApiKeyRevoke,
    BioExtractorsSet,
    CredentialTypeMap,
    WebhookCreate,
    WebhookRemove,
    HubSubscribe,
    HubUnsubscribe,
    DeliveryRetry,
    EventReplay,
    ExpiryReminder,
    SbiCreate,
    SbiUpdate,
    SbiDecide,
    SbiDeactivate,
    SbiCascade,
    DeviceCreate,
    DeviceUpdate,
    DeviceDecide,
    DeviceDeactivate,
    DeviceMap,
    DeviceUnmap,
    DeviceCascade,
    ChipCreate,
    ChipUpdate,
    ChipDecide,
    ChipDeactivate,
    ChipCertificateUpload,
    ChipCascade,
    ClientCreate,
    ClientUpdate,
    ClientCascade,
    InitialTokenIssue,
    LicenceCreate,
    LicenceStatus,
    LicenceRenew,
    LicenceCascade,
}

impl Action {
    /// Every action, in the order the audit trail's filter offers them.
    pub const ALL: &'static [Action] = &[
        Action::UserBootstrap,
        Action::UserCreate,
        Action::UserConsent,
        Action::UserLanguage,
        Action::UserDeactivate,
        Action::UserActivate,
        Action::UserProvision,
        Action::UserRolesSync,
        Action::PasswordResetRequest,
        Action::PasswordReset,
        Action::PasswordChange,
        Action::PasswordSet,
        Action::SessionOpen,
        Action::TokenIssue,
        Action::LoginFailed,
        Action::Logout,
        Action::RegistrationStart,
        Action::RegistrationResend,
        Action::RegistrationVerify,
        Action::PartnerRegister,
        Action::PartnerUpdate,
        Action::PartnerContact,
        Action::PartnerPolicyGroup,
        Action::PartnerStatus,
        Action::Partner(PartnerAction::Approve),
        Action::Partner(PartnerAction::Reject),
        Action::Partner(PartnerAction::Deactivate),
        Action::Partner(PartnerAction::Reactivate),
        Action::Partner(PartnerAction::CertificateAccepted),
        Action::PolicyGroupCreate,
        Action::PolicyGroupUpdate,
        Action::PolicyGroupActivate,
        Action::PolicyGroupDeactivate,
        Action::PolicyCreate,
        Action::PolicyUpdate,
        Action::PolicyPublish,
        Action::PolicyStatus,
        Action::PolicyDeactivate,
        Action::PolicyClone,
        Action::CaUpload,
        Action::CaDeactivate,
        Action::PartnerCertificateUpload,
        Action::PolicyRequestCreate,
        Action::PolicyRequestApprove,
        Action::PolicyRequestReject,
        Action::ApiKeyCreate,
        Action::ApiKeyRotate,
        Action::ApiKeyStatus,
        Action::ApiKeyRemap,
        Action::ApiKeyExpire,
        Action::ApiKeyRevoke,
        Action::BioExtractorsSet,
        Action::CredentialTypeMap,
        Action::WebhookCreate,
        Action::WebhookRemove,
        Action::HubSubscribe,
        Action::HubUnsubscribe,
        Action::DeliveryRetry,
        Action::EventReplay,
        Action::ExpiryReminder,
        Action::SbiCreate,
        Action::SbiUpdate,
        Action::SbiDecide,
        Action::SbiDeactivate,
        Action::SbiCascade,
        Action::DeviceCreate,
        Action::DeviceUpdate,
        Action::DeviceDecide,
        Action::DeviceDeactivate,
        Action::DeviceMap,
        Action::DeviceUnmap,
        Action::DeviceCascade,
        Action::ChipCreate,
        Action::ChipUpdate,
        Action::ChipDecide,
        Action::ChipDeactivate,
        Action::ChipCertificateUpload,
        Action::ChipCascade,
        Action::ClientCreate,
        Action::ClientUpdate,
        Action::ClientCascade,
        Action::InitialTokenIssue,
        Action::LicenceCreate,
        Action::LicenceStatus,
        Action::LicenceRenew,
        Action::LicenceCascade,
    ];

    /// The kinds of entity the audit trail names.
    pub const ENTITY_TYPES: &'static [&'static str] = &[
        "user",
        "registration",
        "partner",
        "policy_group",
        "policy",
        "ca_certificate",
        "partner_certificate",
        "policy_request",
        "api_key",
        "webhook",
        "websub_subscription",
        "delivery",
        "event",
        "reminder",
        "sbi",
        "device",
        "ftm_chip",
        "oidc_client",
        "oidc_initial_token",
        "misp_license",
    ];

    pub fn parse(text: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::UserBootstrap => "user.bootstrap",
            Action::UserCreate => "user.create",
            Action::UserConsent => "user.consent",
            Action::UserLanguage => "user.language",
            Action::SessionOpen => "session.open",
            Action::Logout => "session.logout",
            Action::RegistrationStart => "registration.start",
            Action::RegistrationResend => "registration.resend",
            Action::RegistrationVerify => "registration.verify",
            Action::PartnerRegister => "partner.register",
            Action::PartnerUpdate => "partner.update",
            Action::PartnerContact => "partner.contact",
            Action::PartnerPolicyGroup => "partner.policy_group",
            Action::PartnerStatus => "partner.status",
            Action::Partner(PartnerAction::Approve) => "partner.approve",
            Action::Partner(PartnerAction::Reject) => "partner.reject",
            Action::Partner(PartnerAction::Deactivate) => "partner.deactivate",
            Action::Partner(PartnerAction::Reactivate) => "partner.reactivate",
            Action::Partner(PartnerAction::CertificateAccepted) => "partner.certificate-accepted",
            Action::PolicyGroupCreate => "policy_group.create",
            Action::PolicyGroupUpdate => "policy_group.update",
            Action::PolicyGroupActivate => "policy_group.activate",
            Action::PolicyGroupDeactivate => "policy_group.deactivate",
            Action::PolicyCreate => "policy.create",
            Action::PolicyUpdate => "policy.update",
            Action::PolicyPublish => "policy.publish",
            Action::PolicyStatus => "policy.status",
            Action::PolicyDeactivate => "policy.deactivate",
            Action::PolicyClone => "policy.clone",
            Action::CaUpload => "ca_certificate.upload",
            Action::CaDeactivate => "ca_certificate.deactivate",
            Action::PartnerCertificateUpload => "partner_certificate.upload",
            Action::TokenIssue => "session.token",
            Action::LoginFailed => "session.login_failed",
            Action::PasswordResetRequest => "user.password_reset_request",
            Action::PasswordReset => "user.password_reset",
            Action::PasswordChange => "user.password_change",
            Action::PasswordSet => "user.password_set",
            Action::UserDeactivate => "user.deactivate",
            Action::UserActivate => "user.activate",
            Action::UserProvision => "user.provision",
            Action::UserRolesSync => "user.roles_sync",
            Action::PolicyRequestCreate => "policy_request.create",
            Action::PolicyRequestApprove => "policy_request.approve",
            Action::PolicyRequestReject => "policy_request.reject",
            Action::ApiKeyCreate => "api_key.create",
            Action::ApiKeyRotate => "api_key.rotate",
            Action::ApiKeyStatus => "api_key.status",
            Action::ApiKeyRemap => "api_key.remap",
            Action::ApiKeyExpire => "api_key.expire",
            Action::ApiKeyRevoke => "api_key.revoke",
            Action::BioExtractorsSet => "partner.bio_extractors",
            Action::CredentialTypeMap => "partner.credential_type",
            Action::WebhookCreate => "webhook.create",
            Action::WebhookRemove => "webhook.remove",
            Action::HubSubscribe => "websub_subscription.subscribe",
            Action::HubUnsubscribe => "websub_subscription.unsubscribe",
            Action::DeliveryRetry => "delivery.retry",
            Action::EventReplay => "event.replay",
            Action::ExpiryReminder => "reminder.send",
            Action::SbiCreate => "sbi.create",
            Action::SbiUpdate => "sbi.update",
            Action::SbiDecide => "sbi.decide",
            Action::SbiDeactivate => "sbi.deactivate",
            Action::SbiCascade => "sbi.cascade",
            Action::DeviceCreate => "device.create",
            Action::DeviceUpdate => "device.update",
            Action::DeviceDecide => "device.decide",
            Action::DeviceDeactivate => "device.deactivate",
            Action::DeviceMap => "device.map",
            Action::DeviceUnmap => "device.unmap",
            Action::DeviceCascade => "device.cascade",
            Action::ChipCreate => "ftm_chip.create",
            Action::ChipUpdate => "ftm_chip.update",
            Action::ChipDecide => "ftm_chip.decide",
            Action::ChipDeactivate => "ftm_chip.deactivate",
            Action::ChipCertificateUpload => "ftm_chip.certificate_upload",
            Action::ChipCascade => "ftm_chip.cascade",
            Action::ClientCreate => "oidc_client.create",
            Action::ClientUpdate => "oidc_client.update",
            Action::ClientCascade => "oidc_client.cascade",
            Action::InitialTokenIssue => "oidc_initial_token.issue",
            Action::LicenceCreate => "misp_license.create",
            Action::LicenceStatus => "misp_license.status",
            Action::LicenceRenew => "misp_license.renew",
            Action::LicenceCascade => "misp_license.cascade",
        }
    }

    /// The kind of entity the action is about, as written to `audit_log.entity_type`.
    pub fn entity_type(self) -> &'static str {
        match self {
            Action::UserBootstrap
            | Action::UserCreate
            | Action::UserConsent
            | Action::UserLanguage
            | Action::SessionOpen
            | Action::Logout
            | Action::TokenIssue
            | Action::LoginFailed
            | Action::PasswordResetRequest
            | Action::PasswordReset
            | Action::PasswordChange
            | Action::PasswordSet
            | Action::UserDeactivate
            | Action::UserActivate
            | Action::UserProvision
            | Action::UserRolesSync => "user",
            Action::RegistrationStart | Action::RegistrationResend | Action::RegistrationVerify => "registration",
            Action::PartnerRegister
            | Action::PartnerUpdate
            | Action::PartnerContact
            | Action::PartnerPolicyGroup
            | Action::PartnerStatus
            | Action::BioExtractorsSet
            | Action::CredentialTypeMap
            | Action::Partner(_) => "partner",
            Action::PolicyGroupCreate
            | Action::PolicyGroupUpdate
            | Action::PolicyGroupActivate
            | Action::PolicyGroupDeactivate => "policy_group",
            Action::PolicyCreate
            | Action::PolicyUpdate
            | Action::PolicyPublish
            | Action::PolicyStatus
            | Action::PolicyDeactivate
            | Action::PolicyClone => "policy",
            Action::CaUpload | Action::CaDeactivate => "ca_certificate",
            Action::PartnerCertificateUpload => "partner_certificate",
            Action::PolicyRequestCreate | Action::PolicyRequestApprove | Action::PolicyRequestReject => {
                "policy_request"
            }
            Action::ApiKeyCreate
            | Action::ApiKeyRotate
            | Action::ApiKeyStatus
            | Action::ApiKeyRemap
            | Action::ApiKeyExpire
            | Action::ApiKeyRevoke => "api_key",
            Action::WebhookCreate | Action::WebhookRemove => "webhook",
            Action::HubSubscribe | Action::HubUnsubscribe => "websub_subscription",
            Action::DeliveryRetry => "delivery",
            Action::EventReplay => "event",
            Action::ExpiryReminder => "reminder",
            Action::SbiCreate | Action::SbiUpdate | Action::SbiDecide | Action::SbiDeactivate | Action::SbiCascade => {
                "sbi"
            }
            Action::DeviceCreate
            | Action::DeviceUpdate
            | Action::DeviceDecide
            | Action::DeviceDeactivate
            | Action::DeviceMap
            | Action::DeviceUnmap
            | Action::DeviceCascade => "device",
            Action::ChipCreate
            | Action::ChipUpdate
            | Action::ChipDecide
            | Action::ChipDeactivate
            | Action::ChipCertificateUpload
            | Action::ChipCascade => "ftm_chip",
            Action::ClientCreate | Action::ClientUpdate | Action::ClientCascade => "oidc_client",
            Action::InitialTokenIssue => "oidc_initial_token",
            Action::LicenceCreate | Action::LicenceStatus | Action::LicenceRenew | Action::LicenceCascade => {
                "misp_license"
            }
        }
    }
}

/// What a committed write changed, for its audit row.
#[derive(Debug, Clone, Default)]
pub struct Change {
    entity_id: String,
    before: Option<String>,
    after: Option<String>,
    details: Option<Value>,
}

impl Change {
    pub fn of(entity_id: impl Into<String>) -> Change {
        Change { entity_id: entity_id.into(), ..Change::default() }
    }

    /// The status words before and after (one vocabulary per entity, from the domain).
    pub fn status(mut self, before: Option<&str>, after: Option<&str>) -> Change {
        self.before = before.map(str::to_string);
        self.after = after.map(str::to_string);
        self
    }

    pub fn details(mut self, details: Value) -> Change {
        self.details = Some(details);
        self
    }
}

/// One audited use case: the action, who asks, and what it is about (for refusal rows, which
/// may have no entity yet).
pub(crate) struct Op<'a> {
    services: &'a Services,
    ctx: &'a Ctx,
    action: Action,
    target: String,
}

impl Services {
    pub(crate) fn op<'a>(&'a self, ctx: &'a Ctx, action: Action, target: impl Into<String>) -> Op<'a> {
        Op { services: self, ctx, action, target: target.into() }
    }
}

impl<'a> Op<'a> {
    /// Runs the use case; a refusal (a rule, a missing role, a limit) is audited through the
    /// store's single writer after the use case's own transaction has rolled back.
    pub async fn run<T>(&self, work: impl Future<Output = Result<T>>) -> Result<T> {
        let result = work.await;
        let refusal = match &result {
            Err(ServiceError::Business(e)) | Err(ServiceError::TooManyRequests(e)) => Some(e.clone()),
            Err(e @ (ServiceError::PolicyDocument(_) | ServiceError::Invalid(_) | ServiceError::Forbidden)) => {
                Some(e.to_pms_error())
            }
            _ => None,
        };
        if let Some(e) = refusal {
            let details = serde_json::json!({ "errorCode": e.code, "message": e.message });
            if let Err(err) = self.record_refusal(details).await {
                tracing::error!(%err, action = self.action.as_str(), "could not write the audit row of a refused request");
            }
        }
        result
    }

    async fn record_refusal(&self, details: Value) -> Result<()> {
        let refusal = Change::of(&self.target).details(details);
        let tx = self.services.store.begin().await?;
        audit::record(&*tx, self.entry(self.ctx.name(), self.action, Outcome::Failure, self.services.now(), &refusal))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    fn entry<'e>(
        &'e self,
        actor: &'e str,
        action: Action,
        outcome: Outcome,
        at: DateTime<Utc>,
        change: &'e Change,
    ) -> audit::Entry<'e> {
        audit::Entry {
            at,
            actor,
            action: action.as_str(),
            entity_type: action.entity_type(),
            entity_id: &change.entity_id,
            outcome,
            request_id: self.ctx.request_id.as_deref(),
            before: change.before.as_deref(),
            after: change.after.as_deref(),
            details: change.details.clone(),
        }
    }

    /// Opens the op's transaction (on SQLite, after every other writer of this process).
    pub async fn begin(&self) -> Result<Write<'_>> {
        let tx = self.services.store.begin().await?;
        Ok(Write {
            tx,
            op: self,
            now: self.services.now(),
            events: Vec::new(),
            deliveries: Vec::new(),
            notes: Vec::new(),
            wake: false,
            also: Vec::new(),
            actor: None,
        })
    }
}

/// The transaction of an [`Op`]. Dropping it without [`Write::commit`] rolls everything back.
pub(crate) struct Write<'a> {
    tx: Tx,
    op: &'a Op<'a>,
    now: DateTime<Utc>,
    events: Vec<Event>,
    /// E-mails and other deliveries, made by the worker once the write has committed.
    deliveries: Vec<delivery::New>,
    /// Whether the write put rows in the queue by other means, so the worker should look.
    wake: bool,
    /// In-portal notifications.
    notes: Vec<notifications::New>,
    /// Audit rows of further actions the write performs on the way (a verified sign-up
    /// registers a partner).
    also: Vec<(Action, Change)>,
    /// Who the rows name when the request itself is anonymous but its author is known (a
    /// verified sign-up, a password reset by e-mail code).
    actor: Option<String>,
}

impl Deref for Write<'_> {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}

impl Write<'_> {
    /// The time of this write: every row it stamps carries the same instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn stamp(&self) -> Stamp<'_> {
        Stamp { actor: self.actor(), at: self.now }
    }

    fn actor(&self) -> &str {
        self.actor.as_deref().unwrap_or_else(|| self.op.ctx.name())
    }

    /// Names `username` as the author of this write's rows: the person proved who they are
    /// within the request (with an e-mail code), though they were not logged in.
    pub fn attribute_to(&mut self, username: &str) {
        self.actor = Some(username.to_string());
    }

    /// Queues an event for the outbox; it is written only if the write commits.
    pub fn publish(&mut self, event: Event) {
        self.events.push(event);
    }

    /// Queues the templated e-mail `key` (`<key>-subject`, `<key>-body`) in `lang`; it is sent
    /// only if the write commits, and a slow or failing mail server never holds the write up.
    pub fn email(&mut self, to: &str, lang: Lang, key: &str, args: &[(&str, &str)]) {
        let (subject, body) = self.compose(lang, key, args);
        self.queue_mail(to, subject, body);
    }

    /// As [`Write::email`], and the same words in the portal's notifications of `username`.
    pub fn tell(&mut self, username: &str, to: &str, lang: Lang, key: &str, args: &[(&str, &str)]) {
        let (subject, body) = self.compose(lang, key, args);
        self.notes.push(notifications::New {
            username: username.to_string(),
            kind: key.trim_start_matches("email-").to_string(),
            subject: subject.clone(),
            body: body.clone(),
        });
        self.queue_mail(to, subject, body);
    }

    fn compose(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> (String, String) {
        let url = self.op.services.config.public_url();
        let mut all: Vec<(&str, &str)> = args.to_vec();
        all.push(("portal", &url));
        let subject = pms_i18n::t_args(lang, &format!("{key}-subject"), &all);
        let body = pms_i18n::t_args(lang, &format!("{key}-body"), &all);
        (subject, body)
    }

    fn queue_mail(&mut self, to: &str, subject: String, body: String) {
        let payload = serde_json::json!({ "to": to, "subject": subject, "body": body });
        self.deliver(delivery::New {
            event_id: None,
            kind: delivery::Kind::Email,
            target_id: None,
            target: to.to_string(),
            payload: Some(payload.to_string()),
        });
    }

    /// Queues a delivery with the write.
    pub fn deliver(&mut self, d: delivery::New) {
        self.deliveries.push(d);
    }

    /// Wakes the delivery worker once the write has committed.
    pub fn wake(&mut self) {
        self.wake = true;
    }

    /// Audits a further action of this write, committed with it.
    pub fn record(&mut self, action: Action, change: Change) {
        self.also.push((action, change));
    }

    /// Writes the events and the audit rows, then commits all of it at once.
    pub async fn commit(self, change: Change) -> Result<()> {
        let services = self.op.services;
        let mut deliveries = self.deliveries;
        let mut recipients = delivery::Recipients::new(services.config.websub_hub_url.as_deref(), None, self.now);
        for event in &self.events {
            let id = outbox::enqueue(&*self.tx, event.topic.as_str(), &event.payload, self.now).await?;
            deliveries.extend(recipients.of(&*self.tx, &id, event.topic.as_str()).await?);
        }
        let queued = self.wake || !deliveries.is_empty();
        delivery::insert(&*self.tx, deliveries, self.now).await?;
        notifications::insert(&*self.tx, self.notes, self.now).await?;
        let actor = self.actor.as_deref().unwrap_or_else(|| self.op.ctx.name());
        for (action, change) in self.also.into_iter().chain([(self.op.action, change)]) {
            audit::record(&*self.tx, self.op.entry(actor, action, Outcome::Success, self.now, &change)).await?;
        }
        self.tx.commit().await?;
        if queued {
            services.wake_delivery();
        }
        Ok(())
    }

    /// Commits what the write did with a failure row for its action (a failed login counts and
    /// is recorded, though the request is refused). No events.
    pub async fn commit_failure(self, change: Change) -> Result<()> {
        let actor = self.actor();
        audit::record(&*self.tx, self.op.entry(actor, self.op.action, Outcome::Failure, self.now, &change)).await?;
        self.tx.commit().await?;
        Ok(())
    }

    /// Keeps what the write did although the request is refused (a wrong code still counts as
    /// an attempt); the op audits the refusal. No events, no success row.
    pub async fn commit_refused(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_one_distinct_spelling_under_its_entity() {
        let all = Action::ALL;
        let spellings: std::collections::HashSet<_> = all.iter().map(|a| a.as_str()).collect();
        assert_eq!(spellings.len(), all.len());
        for &a in all {
            assert_eq!(Action::parse(a.as_str()), Some(a));
            assert!(Action::ENTITY_TYPES.contains(&a.entity_type()), "{a:?}");
            let entity = a.entity_type();
            let prefix = if entity == "user" && a.as_str().starts_with("session.") { "session" } else { entity };
            assert!(a.as_str().starts_with(&format!("{prefix}.")), "{a:?}");
        }
    }
}
