//! Self-registration: a prospective partner signs up, proves its e-mail address with a one-time
//! code, and becomes a login user plus a partner waiting for the Partner Admin. Until the code is
//! verified nothing is visible to admins and nobody can log in.

use crate::auth::{hash_password, username_conflict};
use crate::partners::RegisterInput;
use crate::write::{Action, Change, Write};
use crate::{Ctx, Result, ServiceError, Services};
use chrono::Duration;
use hmac::{KeyInit, Mac};
use pms_domain::lang::Lang;
use pms_domain::{error, validate, Checks, FieldRule, PmsError};
use pms_store::entity::registration;
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
    /// The password typed again, when the client asks for it (the portal does): it must match.
    pub password_confirm: Option<String>,
    pub terms_accepted: bool,
}

/// A code was sent: where, for how long it is valid, and when another may be requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSent {
    pub email: String,
    pub expires_in: u64,
    pub resend_after: u64,
}

/// Where a pending sign-up's code stands, for the verification page after a wrong code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeState {
    pub attempts_left: u32,
    pub resend_at: chrono::DateTime<chrono::Utc>,
}

fn new_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

impl Services {
    pub(crate) fn code_mac(&self, registration_id: &str, code: &str) -> Result<HmacSha256> {
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
    async fn count_code_sent(
        &self,
        conn: &impl pms_store::sea_orm::ConnectionTrait,
        email: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        let sent = rate_limit::hit(conn, &format!("otp:email:{email}"), Duration::hours(1), at).await?;
        if sent > self.config.otp_sends_per_hour {
            return Err(ServiceError::TooManyRequests(error::OTP_RATE_LIMITED.err()));
        }
        Ok(())
    }

    fn send_code(&self, w: &mut Write<'_>, r: &registration::Model, code: &str) {
        let lang = Lang::parse(&r.lang_code).unwrap_or(Lang::En);
        let minutes = (self.config.otp_ttl_seconds / 60).max(1).to_string();
        let args = [
            ("name", r.first_name.as_str()),
            ("code", code),
            ("minutes", minutes.as_str()),
            ("username", r.username.as_str()),
            ("organization", r.organization_name.as_str()),
        ];
        w.email(&r.email, lang, "email-otp", &args);
    }

    /// Step one: checks everything, stores the pending registration (replacing an earlier
    /// unverified one for the same address) and e-mails a six-digit code.
    pub async fn start_registration(&self, ctx: &Ctx, input: SignUpInput) -> Result<CodeSent> {
        let label = input.username.clone().unwrap_or_default();
        let op = self.op(ctx, Action::RegistrationStart, &label);
        op.run(async {
            let per_address = self.count_hit(&format!("register:ip:{}", ctx.client_ip), Duration::hours(1)).await?;
            if per_address > self.config.registrations_per_hour {
                return Err(ServiceError::TooManyRequests(error::REG_RATE_LIMITED.err()));
            }
            // Every rule is checked before answering, so the form can show all that is wrong at
            // once; the API reports the first. The sign-up form calls the partner id `username`,
            // so errors name the field it sent.
            let mut checks = Checks::default();
            checks.keep(validate::required("username", input.username.as_deref(), 1, 64));
            let first_name = checks.keep(validate::name("firstName", input.first_name.as_deref(), 1, 128));
            let last_name = checks.keep(validate::name("lastName", input.last_name.as_deref(), 1, 128));
            let password = checks.keep(
                input
                    .password
                    .clone()
                    .filter(|p| !p.is_empty())
                    .ok_or_else(|| PmsError::field_rule("password", "must not be null", FieldRule::Required)),
            );
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
            let mut partner_checks = Checks::default();
            let checked = self.collect_new_partner(self.store.db(), &partner_input, &mut partner_checks).await?;
            if let Err(invalid) = partner_checks.finish() {
                for e in invalid.all() {
                    checks.fail(renamed(e.clone(), "partnerId", "username"));
                }
            }
            let self_service = checked.as_ref().map(|c| c.partner_type.role_code.is_some());
            if self_service == Some(false) {
                if let Some(c) = &checked {
                    checks.fail(error::REG_TYPE_NOT_SELF_SERVICE.with(&c.partner_type.code));
                }
            }
            if let Some(password) = &password {
                let username = input.username.as_deref().map(str::trim).unwrap_or_default();
                checks.keep(validate::password(password, username).map_err(|e| e.on("password", FieldRule::Invalid)));
            }
            if input.password_confirm.as_ref().is_some_and(|c| Some(c) != input.password.as_ref()) {
                checks.fail(error::REG_PASSWORD_MISMATCH.err().on("passwordConfirm", FieldRule::Invalid));
            }
            if !input.terms_accepted {
                checks.fail(error::REG_TERMS_NOT_ACCEPTED.err().on("terms", FieldRule::Invalid));
            }
            checks.finish()?;
            let (Some(checked), Some(first_name), Some(last_name), Some(password)) =
                (checked, first_name, last_name, password)
            else {
                return Err(ServiceError::Internal("sign-up checks passed without values".into()));
            };
            let password_hash = hash_password(password).await?;

            let mut w = op.begin().await?;
            // The checks passed: the rows name the partner signing up.
            w.attribute_to(&checked.id);
            let now = w.now();
            if users::username_exists(&*w, &checked.id).await?
                || registrations::username_pending(&*w, &checked.id, &checked.email, now).await?
            {
                return Err(error::REG_USERNAME_TAKEN.err().into());
            }
            // A live sign-up is replaced only by its own username (a corrected form), never by
            // someone else's sign-up that happens to give the same address.
            if let Some(earlier) = registrations::find_by_email(&*w, &checked.email).await? {
                if earlier.otp_expires_at > now && !earlier.username.eq_ignore_ascii_case(&checked.id) {
                    return Err(error::REG_EMAIL_PENDING.err().into());
                }
            }
            self.count_code_sent(&*w, &checked.email, now).await?;
            let id = pms_store::new_id();
            let code = new_code();
            let pending = registrations::replace(
                &*w,
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
            let change = Change::of(&pending.username)
                .status(None, Some("code_sent"))
                .details(serde_json::json!({ "partnerType": pending.partner_type_code }));
            self.send_code(&mut w, &pending, &code);
            w.commit(change).await?;
            Ok(self.code_sent(&pending.email))
        })
        .await
    }

    /// Sends a new code (the old one stops working), after a cooldown and within the hourly limit.
    /// An address without a pending sign-up gets the same answer and no e-mail, so that nobody
    /// learns from it who is signing up.
    pub async fn resend_registration_code(&self, ctx: &Ctx, email: Option<&str>) -> Result<CodeSent> {
        let email = validate::email(email.unwrap_or_default())?;
        let op = self.op(ctx, Action::RegistrationResend, &email);
        op.run(async {
            let mut w = op.begin().await?;
            let Some(pending) = registrations::find_by_email(&*w, &email).await? else {
                return Ok(self.code_sent(&email));
            };
            w.attribute_to(&pending.username);
            let waited = (w.now() - pending.otp_sent_at).num_seconds().max(0) as u64;
            let cooldown = self.config.otp_resend_cooldown_seconds;
            if waited < cooldown {
                let left = cooldown - waited;
                return Err(ServiceError::TooManyRequests(error::OTP_RESEND_TOO_SOON.fill(&[&left])));
            }
            self.count_code_sent(&*w, &email, w.now()).await?;
            let code = new_code();
            let expires = w.now() + Duration::seconds(self.config.otp_ttl_seconds as i64);
            registrations::replace_otp(&*w, &pending.id, &self.hash_code(&pending.id, &code)?, expires, w.now())
                .await?;
            self.send_code(&mut w, &pending, &code);
            w.commit(Change::of(&pending.username).status(None, Some("code_sent"))).await?;
            Ok(self.code_sent(&email))
        })
        .await
    }

    /// Attempts left and when a new code may be requested. Only for an address whose code was just
    /// refused as wrong: that answer already told the visitor that a sign-up waits there.
    pub async fn registration_code_state(&self, email: &str) -> Result<Option<CodeState>> {
        let email = validate::email(email)?;
        Ok(registrations::find_by_email(self.store.db(), &email).await?.map(|r| CodeState {
            attempts_left: self
                .config
                .otp_max_attempts
                .saturating_sub(u32::try_from(r.otp_attempts).unwrap_or(u32::MAX)),
            resend_at: r.otp_sent_at + Duration::seconds(self.config.otp_resend_cooldown_seconds as i64),
        }))
    }

    /// When a code sent now could be followed by another.
    pub fn next_code_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.now() + Duration::seconds(self.config.otp_resend_cooldown_seconds as i64)
    }

    /// Step two: a correct code turns the registration into a login user and a partner in one
    /// transaction. Wrong codes count; after the allowed number the code is dead.
    pub async fn verify_registration(
        &self,
        ctx: &Ctx,
        email: Option<&str>,
        code: Option<&str>,
    ) -> Result<crate::view::Partner> {
        let email = validate::email(email.unwrap_or_default())?;
        let code = validate::required("otp", code, 1, 16)?;
        let op = self.op(ctx, Action::RegistrationVerify, &email);
        op.run(async {
            let mut w = op.begin().await?;
            let pending =
                registrations::find_by_email(&*w, &email).await?.ok_or_else(|| error::OTP_NO_PENDING.err())?;
            let max = self.config.otp_max_attempts as i32;
            if pending.otp_attempts >= max {
                return Err(error::OTP_ATTEMPTS_EXCEEDED.err().into());
            }
            if pending.otp_expires_at <= w.now() {
                return Err(error::OTP_EXPIRED.err().into());
            }
            // The attempt is reserved before the code is checked, by a conditional update that
            // concurrent verifications queue on: a burst cannot check more codes than allowed.
            let Some(attempts) = registrations::reserve_attempt(&*w, &pending.id, max).await? else {
                // A concurrent verification may have used up the attempts or, with the right
                // code, turned the registration into a partner meanwhile.
                return Err(match registrations::find_by_email(&*w, &email).await? {
                    Some(_) => error::OTP_ATTEMPTS_EXCEEDED.err(),
                    None => error::OTP_NO_PENDING.err(),
                }
                .into());
            };
            if !self.code_matches(&pending, &code)? {
                w.commit_refused().await?;
                return Err(
                    if attempts >= max { error::OTP_ATTEMPTS_EXCEEDED.err() } else { error::OTP_WRONG.err() }.into()
                );
            }
            // The code proves the address: the partner signing up is the author from here on.
            w.attribute_to(&pending.username);
            // Claim the registration first: a concurrent verification of the same code waits on
            // this row and then finds nothing to verify.
            if registrations::delete(&*w, &pending.id).await? == 0 {
                return Err(error::OTP_NO_PENDING.err().into());
            }
            // Someone may have taken the id or address since the code was sent.
            let group_name = match &pending.policy_group_id {
                Some(id) => pms_store::repo::policy_groups::find(&*w, id).await?.map(|g| g.name),
                None => None,
            };
            let fields = self
                .check_new_partner(
                    &*w,
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
            if users::username_exists(&*w, &pending.username).await? {
                return Err(error::REG_USERNAME_TAKEN.err().into());
            }
            let role = fields
                .partner_type
                .role_code
                .clone()
                .ok_or_else(|| error::REG_TYPE_NOT_SELF_SERVICE.with(&fields.partner_type.code))?;
            users::insert(
                &*w,
                users::NewUser {
                    username: &pending.username,
                    email: &pending.email,
                    password_hash: &pending.password_hash,
                    first_name: Some(&pending.first_name),
                    last_name: Some(&pending.last_name),
                    lang_code: &pending.lang_code,
                    roles: &[role],
                },
                w.now(),
            )
            .await
            .map_err(username_conflict)?;
            let (created, registered) = self.insert_partner(&w, &fields).await?;
            w.record(Action::PartnerRegister, registered);
            // The terms were accepted on the sign-up form: the first login does not ask again.
            let accepted = pms_store::Stamp { actor: &pending.username, at: pending.terms_accepted_at };
            pms_store::repo::partners::give_consent(&*w, &pending.username, accepted).await?;
            w.record(Action::UserConsent, Change::of(&pending.username).status(None, Some("YES")));
            let created = crate::view::Partner::from(created);
            Self::tell_registered(&mut w, &created);
            w.commit(Change::of(&pending.username).status(Some("code_sent"), Some("verified"))).await?;
            Ok(created)
        })
        .await
    }
}

/// The error with its field named as the form that sent it names it.
fn renamed(mut e: PmsError, from: &str, to: &str) -> PmsError {
    if let Some(f) = e.field.as_mut().filter(|f| f.name == from) {
        f.name = to.to_string();
        e.message = e.message.replace(&format!(":{from}"), &format!(":{to}"));
    }
    e
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
