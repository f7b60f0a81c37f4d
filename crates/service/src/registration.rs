//! Self-registration: a prospective partner signs up, proves its e-mail address with a one-time
//! code, and becomes a login user plus a partner waiting for the Partner Admin. Until the code is
//! verified nothing is visible to admins and nobody can log in.

use crate::auth::hash_password;
use crate::partners::RegisterInput;
use crate::{record, Audit, Ctx, Result, ServiceError, Services};
use chrono::Duration;
use hmac::{KeyInit, Mac};
use pms_domain::lang::Lang;
use pms_domain::{error, validate, PmsError};
use pms_store::entity::{partner, registration};
use pms_store::repo::{rate_limit, registrations, users};
use rand::Rng;
use sha2::Sha256;

type HmacSha256 = hmac::Hmac<Sha256>;

#[derive(Debug, Clone, Default)]
pub struct SignUpInput {
    pub username: Option<String>,
    pub organization_name: Option<String>,
    pub partner_type: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub contact_number: Option<String>,
    pub address: Option<String>,
    pub lang_code: Option<String>,
    pub policy_group: Option<String>,
    pub password: Option<String>,
    pub terms_accepted: bool,
}

/// A code was sent: where, for how long it is valid, and when another may be requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSent {
    pub email: String,
    pub expires_in: u64,
    pub resend_after: u64,
}

fn new_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

impl Services {
    fn code_mac(&self, registration_id: &str, code: &str) -> Result<HmacSha256> {
        let mut mac =
            HmacSha256::new_from_slice(&self.keys.otp_pepper).map_err(|e| ServiceError::Internal(e.to_string()))?;
        mac.update(registration_id.as_bytes());
        mac.update(b":");
        mac.update(code.as_bytes());
        Ok(mac)
    }

    /// Codes are stored as a keyed hash: a leaked table does not give them away.
    fn hash_code(&self, registration_id: &str, code: &str) -> Result<String> {
        Ok(hex::encode(self.code_mac(registration_id, code)?.finalize().into_bytes()))
    }

    fn code_matches(&self, r: &registration::Model, code: &str) -> Result<bool> {
        let Ok(expected) = hex::decode(&r.otp_hash) else { return Ok(false) };
        Ok(self.code_mac(&r.id, code)?.verify_slice(&expected).is_ok())
    }

    fn code_sent(&self, email: &str) -> CodeSent {
        CodeSent {
            email: email.to_string(),
            expires_in: self.config.otp_ttl_seconds,
            resend_after: self.config.otp_resend_cooldown_seconds,
        }
    }

    /// Counts one more code for this address; refuses beyond the hourly allowance.
    async fn count_code_sent(&self, conn: &impl pms_store::sea_orm::ConnectionTrait, email: &str) -> Result<()> {
        let sent = rate_limit::hit(conn, &format!("otp:email:{email}"), Duration::hours(1)).await?;
        if sent > self.config.otp_sends_per_hour {
            return Err(ServiceError::TooManyRequests(error::OTP_RATE_LIMITED.err()));
        }
        Ok(())
    }

    async fn send_code(&self, r: &registration::Model, code: &str) -> Result<()> {
        let lang = Lang::parse(&r.lang_code).unwrap_or(Lang::En);
        let minutes = (self.config.otp_ttl_seconds / 60).max(1).to_string();
        let args = [("name", r.first_name.as_str()), ("code", code), ("minutes", minutes.as_str())];
        let subject = pms_i18n::t_args(lang, "email-otp-subject", &args);
        let body = pms_i18n::t_args(lang, "email-otp-body", &args);
        self.mailer.send(&r.email, &subject, &body).await.map_err(|e| {
            tracing::error!(%e, "verification e-mail not delivered");
            ServiceError::Business(error::REG_EMAIL_DELIVERY_FAILED.err())
        })
    }

    /// Step one: checks everything, stores the pending registration (replacing an earlier
    /// unverified one for the same address) and e-mails a six-digit code.
    pub async fn start_registration(&self, ctx: &Ctx, input: SignUpInput) -> Result<CodeSent> {
        let label = input.username.clone().unwrap_or_default();
        self.audited(ctx, "registration.start", "registration", &label, async {
            let per_address =
                rate_limit::hit(self.store.db(), &format!("register:ip:{}", ctx.client_ip), Duration::hours(1)).await?;
            if per_address > self.config.registrations_per_hour {
                return Err(ServiceError::TooManyRequests(error::REG_RATE_LIMITED.err()));
            }
            // The sign-up form calls the partner id `username`; errors name the field it sent.
            validate::required("username", input.username.as_deref(), 1, 64)?;
            let first_name = validate::required("firstName", input.first_name.as_deref(), 1, 128)?;
            let last_name = validate::required("lastName", input.last_name.as_deref(), 1, 128)?;
            let password = input
                .password
                .clone()
                .filter(|p| !p.is_empty())
                .ok_or_else(|| PmsError::invalid_field("password", "must not be null"))?;
            let partner_input = RegisterInput {
                partner_id: input.username.clone(),
                organization_name: input.organization_name.clone(),
                address: input.address.clone(),
                contact_number: input.contact_number.clone(),
                email_id: input.email.clone(),
                partner_type: input.partner_type.clone(),
                policy_group: input.policy_group.clone(),
                lang_code: input.lang_code.clone(),
                logo_url: None,
                additional_info: None,
            };
            let checked = self.check_new_partner(self.store.db(), &partner_input).await?;
            if checked.partner_type.role_code.is_none() {
                return Err(error::REG_TYPE_NOT_SELF_SERVICE.with(&checked.partner_type.code).into());
            }
            validate::password(&password, &checked.id)?;
            if !input.terms_accepted {
                return Err(error::REG_TERMS_NOT_ACCEPTED.err().into());
            }
            let password_hash = hash_password(password).await?;

            let tx = self.store.begin().await?;
            if users::username_exists(&*tx, &checked.id).await?
                || registrations::username_pending(&*tx, &checked.id, &checked.email).await?
            {
                return Err(error::REG_USERNAME_TAKEN.err().into());
            }
            self.count_code_sent(&*tx, &checked.email).await?;
            let now = pms_store::now();
            let id = pms_store::new_id();
            let code = new_code();
            let pending = registrations::replace(
                &*tx,
                registration::Model {
                    otp_hash: self.hash_code(&id, &code)?,
                    id,
                    email: checked.email.clone(),
                    username: checked.id.clone(),
                    organization_name: checked.organization_name.clone(),
                    partner_type_code: checked.partner_type.code.clone(),
                    first_name,
                    last_name,
                    contact_no: checked.contact_number.clone(),
                    address: checked.address.clone(),
                    lang_code: checked.lang.mosip_code().to_string(),
                    policy_group_id: checked.group.as_ref().map(|g| g.id.clone()),
                    password_hash,
                    otp_expires_at: now + Duration::seconds(self.config.otp_ttl_seconds as i64),
                    otp_attempts: 0,
                    otp_sent_at: now,
                    terms_accepted_at: now,
                    client_ip: ctx.client_ip.clone(),
                    created_at: now,
                },
            )
            .await?;
            record(
                &*tx,
                ctx,
                Audit {
                    action: "registration.start",
                    entity_type: "registration",
                    entity_id: &pending.username,
                    before: None,
                    after: Some("code_sent"),
                    details: Some(serde_json::json!({ "partnerType": pending.partner_type_code })),
                },
            )
            .await?;
            tx.commit().await?;
            self.send_code(&pending, &code).await?;
            Ok(self.code_sent(&pending.email))
        })
        .await
    }

    /// Sends a new code (the old one stops working), after a cooldown and within the hourly limit.
    pub async fn resend_registration_code(&self, ctx: &Ctx, email: Option<&str>) -> Result<CodeSent> {
        let email = validate::email(email.unwrap_or_default())?;
        self.audited(ctx, "registration.resend", "registration", &email, async {
            let tx = self.store.begin().await?;
            let pending =
                registrations::find_by_email(&*tx, &email).await?.ok_or_else(|| error::OTP_NO_PENDING.err())?;
            let waited = (pms_store::now() - pending.otp_sent_at).num_seconds().max(0) as u64;
            let cooldown = self.config.otp_resend_cooldown_seconds;
            if waited < cooldown {
                let left = cooldown - waited;
                return Err(ServiceError::TooManyRequests(error::OTP_RESEND_TOO_SOON.fill(&[&left])));
            }
            self.count_code_sent(&*tx, &email).await?;
            let code = new_code();
            let expires = pms_store::now() + Duration::seconds(self.config.otp_ttl_seconds as i64);
            registrations::replace_otp(&*tx, &pending.id, &self.hash_code(&pending.id, &code)?, expires).await?;
            record(
                &*tx,
                ctx,
                Audit {
                    action: "registration.resend",
                    entity_type: "registration",
                    entity_id: &pending.username,
                    before: None,
                    after: Some("code_sent"),
                    details: None,
                },
            )
            .await?;
            tx.commit().await?;
            self.send_code(&pending, &code).await?;
            Ok(self.code_sent(&email))
        })
        .await
    }

    /// Step two: a correct code turns the registration into a login user and a partner in one
    /// transaction. Wrong codes count; after the allowed number the code is dead.
    pub async fn verify_registration(
        &self,
        ctx: &Ctx,
        email: Option<&str>,
        code: Option<&str>,
    ) -> Result<partner::Model> {
        let email = validate::email(email.unwrap_or_default())?;
        let code = validate::required("otp", code, 1, 16)?;
        self.audited(ctx, "registration.verify", "registration", &email, async {
            let tx = self.store.begin().await?;
            let pending =
                registrations::find_by_email(&*tx, &email).await?.ok_or_else(|| error::OTP_NO_PENDING.err())?;
            if pending.otp_attempts >= self.config.otp_max_attempts as i32 {
                return Err(error::OTP_ATTEMPTS_EXCEEDED.err().into());
            }
            if pending.otp_expires_at <= pms_store::now() {
                return Err(error::OTP_EXPIRED.err().into());
            }
            if !self.code_matches(&pending, &code)? {
                registrations::count_failed_attempt(&*tx, &pending.id).await?;
                tx.commit().await?;
                return Err(if pending.otp_attempts + 1 >= self.config.otp_max_attempts as i32 {
                    error::OTP_ATTEMPTS_EXCEEDED.err()
                } else {
                    error::OTP_WRONG.err()
                }
                .into());
            }
            // Claim the registration first: a concurrent verification of the same code waits on
            // this row and then finds nothing to verify.
            if registrations::delete(&*tx, &pending.id).await? == 0 {
                return Err(error::OTP_NO_PENDING.err().into());
            }
            // Someone may have taken the id or address since the code was sent.
            let group_name = match &pending.policy_group_id {
                Some(id) => pms_store::repo::policy_groups::find(&*tx, id).await?.map(|g| g.name),
                None => None,
            };
            let fields = self
                .check_new_partner(
                    &*tx,
                    &RegisterInput {
                        partner_id: Some(pending.username.clone()),
                        organization_name: Some(pending.organization_name.clone()),
                        address: Some(pending.address.clone()),
                        contact_number: Some(pending.contact_no.clone()),
                        email_id: Some(pending.email.clone()),
                        partner_type: Some(pending.partner_type_code.clone()),
                        policy_group: group_name,
                        lang_code: Some(pending.lang_code.clone()),
                        logo_url: None,
                        additional_info: None,
                    },
                )
                .await?;
            if users::username_exists(&*tx, &pending.username).await? {
                return Err(error::REG_USERNAME_TAKEN.err().into());
            }
            let role = fields
                .partner_type
                .role_code
                .clone()
                .ok_or_else(|| error::REG_TYPE_NOT_SELF_SERVICE.with(&fields.partner_type.code))?;
            users::insert(
                &*tx,
                users::NewUser {
                    username: &pending.username,
                    email: &pending.email,
                    password_hash: &pending.password_hash,
                    first_name: Some(&pending.first_name),
                    last_name: Some(&pending.last_name),
                    lang_code: &pending.lang_code,
                    roles: &[role],
                },
            )
            .await
            .map_err(|e| match e {
                pms_store::StoreError::Conflict(_) => error::REG_USERNAME_TAKEN.err().into(),
                other => ServiceError::from(other),
            })?;
            let created = self.insert_partner(&*tx, ctx, &fields).await?;
            record(
                &*tx,
                ctx,
                Audit {
                    action: "registration.verify",
                    entity_type: "registration",
                    entity_id: &pending.username,
                    before: Some("code_sent"),
                    after: Some("verified"),
                    details: None,
                },
            )
            .await?;
            tx.commit().await?;
            self.notify_registered(&created).await;
            Ok(created)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_have_six_digits() {
        for _ in 0..200 {
            let c = super::new_code();
            assert_eq!(c.len(), 6);
            assert!(c.chars().all(|d| d.is_ascii_digit()));
        }
    }
}
