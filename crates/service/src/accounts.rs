//! Accounts: the administrators' user list and details, setting a user's password and
//! (de)activating users, changing one's own password, and resetting a forgotten one with an
//! e-mail code (the sign-up code machinery: keyed hash, limited attempts, expiry, cooldown).

use crate::auth::{hash_password, sha256_hex, verify_password};
use crate::view::{AuditRecord, User};
use crate::write::{Action, Change, Write};
use crate::{Ctx, Result, ServiceError, Services};
use chrono::Duration;
use pms_domain::account::{check_deactivation, AccountAction, AccountStatus, Deactivation};
use pms_domain::lang::Lang;
use pms_domain::list::{plan_list, ListPage, ListParams, Paging};
use pms_domain::roles::PARTNER_ADMIN;
use pms_domain::{error, validate, Checks, FieldRule, PmsError};
use pms_store::entity::password_reset;
use pms_store::repo::{audit, password_resets, rate_limit, sessions, users};

/// Longest username or e-mail address a reset names.
const IDENTIFIER_MAX: usize = 254;
/// Longest password checked against a hash (longer ones only cost the server).
const PASSWORD_INPUT_MAX: usize = 1024;

/// Filters of the user list; blank ones are ignored.
#[derive(Debug, Clone, Default)]
pub struct UserListQuery {
    pub username: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub status: Option<String>,
}

/// A user as an administrator sees them, with what the audit trail says about them.
#[derive(Debug, Clone)]
pub struct UserDetails {
    pub user: User,
    pub status: AccountStatus,
    pub history: Vec<AuditRecord>,
}

/// A new password, typed twice.
#[derive(Debug, Clone, Default)]
pub struct NewPassword {
    pub password: Option<String>,
    pub confirm: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct PasswordChange {
    pub current: Option<String>,
    pub new: NewPassword,
}

#[derive(Debug, Clone, Default)]
pub struct PasswordResetInput {
    /// The username or the e-mail address of the account.
    pub identifier: Option<String>,
    pub code: Option<String>,
    pub new: NewPassword,
}

/// The answer to a reset request, the same whether or not the account exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResetRequested {
    pub expires_in: u64,
    pub resend_after: u64,
}

fn non_blank(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Checks a new password and its confirmation into `checks`; the password when both are fine.
fn check_new_password(checks: &mut Checks, new: &NewPassword, username: &str) -> Option<String> {
    let password = checks.keep(
        new.password
            .clone()
            .filter(|p| !p.is_empty())
            .ok_or_else(|| PmsError::field_rule("password", "must not be null", FieldRule::Required)),
    )?;
    let strong = checks.keep(validate::password(&password, username).map_err(|e| e.on("password", FieldRule::Invalid)));
    if new.confirm.as_ref() != Some(&password) {
        checks.fail(error::REG_PASSWORD_MISMATCH.err().on("passwordConfirm", FieldRule::Invalid));
        return None;
    }
    strong.map(|_| password)
}

impl Services {
    fn code_hash(&self, id: &str, code: &str) -> Result<String> {
        use hmac::Mac;
        Ok(hex::encode(self.code_mac(id, code)?.finalize().into_bytes()))
    }

    fn reset_code_matches(&self, r: &password_reset::Model, code: &str) -> Result<bool> {
        use hmac::Mac;
        let Ok(expected) = hex::decode(&r.otp_hash) else { return Ok(false) };
        Ok(self.code_mac(&r.id, code)?.verify_slice(&expected).is_ok())
    }

    /// The administrators' user list: filtered, sorted and paged in SQL.
    pub async fn admin_users(&self, ctx: &Ctx, q: UserListQuery, params: &ListParams) -> Result<ListPage<User>> {
        ctx.require(&[PARTNER_ADMIN])?;
        let plan = plan_list(params, users::SORT_FIELDS, Paging::DefaultPage)?;
        let status = match non_blank(q.status) {
            Some(s) => Some(
                AccountStatus::parse(&s)
                    .ok_or_else(|| PmsError::invalid_field("status", "is active or deactivated"))?,
            ),
            None => None,
        };
        let bounded = |v: Option<String>, field: &str| -> Result<Option<String>> {
            Ok(validate::optional(field, non_blank(v).as_deref(), 254)?)
        };
        let filter = users::UserFilter {
            username: bounded(q.username, "username")?,
            email: bounded(q.email, "email")?,
            role: bounded(q.role, "role")?,
            is_active: status.map(AccountStatus::is_active),
        };
        let page = users::search(self.store.db(), &filter, &plan).await?;
        Ok(ListPage::new(page, &plan).map(User::from))
    }

    /// One user with their status and the latest audit rows about them.
    pub async fn user_details(&self, ctx: &Ctx, username: &str) -> Result<UserDetails> {
        ctx.require(&[PARTNER_ADMIN])?;
        let db = self.store.db();
        let user = users::find_by_username(db, username).await?.ok_or_else(|| error::USER_NOT_FOUND.err())?;
        let history = audit::for_entity(db, "user", &user.user.username, 20).await?;
        Ok(UserDetails {
            status: AccountStatus::of(user.user.is_active),
            user: user.into(),
            history: crate::view::all(history),
        })
    }

    /// An administrator (or the operator at the command line) gives a user a new password; every
    /// session and token of the user ends.
    pub async fn set_user_password(&self, ctx: &Ctx, username: &str, new: NewPassword) -> Result<()> {
        let op = self.op(ctx, Action::PasswordSet, validate::truncated(username, 64));
        op.run(async {
            ctx.require(&[PARTNER_ADMIN])?;
            let user =
                users::find_by_username(self.store.db(), username).await?.ok_or_else(|| error::USER_NOT_FOUND.err())?;
            if !crate::auth::has_local_password(&user.user.password_hash) {
                return Err(error::USER_EXTERNAL.err().into());
            }
            let mut checks = Checks::default();
            let password = check_new_password(&mut checks, &new, &user.user.username);
            checks.finish()?;
            let password =
                password.ok_or_else(|| ServiceError::Internal("password checks passed without one".into()))?;
            let hash = hash_password(password).await?;
            let w = op.begin().await?;
            users::set_password_hash(&*w, &user.user.id, &hash, w.now()).await?;
            let ended = sessions::delete_for_user(&*w, &user.user.id).await?;
            password_resets::delete_for_user(&*w, &user.user.id).await?;
            w.commit(Change::of(&user.user.username).details(serde_json::json!({ "sessionsEnded": ended }))).await?;
            self.tokens.forget(&user.user.id);
            Ok(())
        })
        .await
    }

    /// Deactivates or re-activates a user. A deactivated user cannot log in, and their sessions
    /// and tokens end at once. Nobody deactivates themselves, and the last active Partner Admin
    /// stays.
    pub async fn set_user_active(&self, ctx: &Ctx, username: &str, action: AccountAction) -> Result<AccountStatus> {
        let audited = match action {
            AccountAction::Deactivate => Action::UserDeactivate,
            AccountAction::Activate => Action::UserActivate,
        };
        let op = self.op(ctx, audited, validate::truncated(username, 64));
        op.run(async {
            let by = ctx.require(&[PARTNER_ADMIN])?.username.clone();
            let w = op.begin().await?;
            let user = users::find_by_username(&*w, username).await?.ok_or_else(|| error::USER_NOT_FOUND.err())?;
            let from = AccountStatus::of(user.user.is_active);
            let to = from.apply(action)?;
            if action == AccountAction::Deactivate {
                let others = users::active_with_role_except(&*w, PARTNER_ADMIN, &user.user.id).await?;
                check_deactivation(&Deactivation {
                    by: &by,
                    target: &user.user.username,
                    target_is_partner_admin: user.roles.iter().any(|r| r == PARTNER_ADMIN),
                    other_active_admins: others,
                })?;
            }
            users::set_active(&*w, &user.user.id, to.is_active(), w.now()).await?;
            let mut change = Change::of(&user.user.username).status(Some(from.as_str()), Some(to.as_str()));
            if !to.is_active() {
                let ended = sessions::delete_for_user(&*w, &user.user.id).await?;
                change = change.details(serde_json::json!({ "sessionsEnded": ended }));
            }
            w.commit(change).await?;
            self.tokens.forget(&user.user.id);
            Ok(to)
        })
        .await
    }

    /// The logged-in user changes their password, proving the current one. Their other sessions
    /// and every token end; the session that asked (`keep_session`, its cookie) stays.
    pub async fn change_password(&self, ctx: &Ctx, input: PasswordChange, keep_session: Option<&str>) -> Result<()> {
        let actor = ctx.actor()?.clone();
        let op = self.op(ctx, Action::PasswordChange, &actor.username);
        op.run(async {
            let mut checks = Checks::default();
            let current = checks.keep(
                input
                    .current
                    .clone()
                    .filter(|p| !p.is_empty())
                    .ok_or_else(|| PmsError::field_rule("currentPassword", "must not be null", FieldRule::Required))
                    .and_then(|p| {
                        if p.chars().count() > PASSWORD_INPUT_MAX {
                            Err(PmsError::field_rule(
                                "currentPassword",
                                "is too long",
                                FieldRule::TooLong(PASSWORD_INPUT_MAX),
                            ))
                        } else {
                            Ok(p)
                        }
                    }),
            );
            let password = check_new_password(&mut checks, &input.new, &actor.username);
            checks.finish()?;
            let (Some(current), Some(password)) = (current, password) else {
                return Err(ServiceError::Internal("password checks passed without values".into()));
            };
            // Guesses of the current password from a stolen session are limited like logins.
            let window = Duration::minutes(i64::from(self.config.login_window_minutes));
            let bucket = format!("password:current:{}", actor.user_id);
            if self.count_hit(&bucket, window).await? > self.config.login_max_failures {
                return Err(ServiceError::TooManyRequests(error::LOGIN_RATE_LIMITED.err()));
            }
            let user =
                users::find_by_id(self.store.db(), &actor.user_id).await?.ok_or(ServiceError::Unauthenticated)?;
            if !verify_password(current, user.user.password_hash.clone()).await {
                return Err(error::PASSWORD_CURRENT_WRONG.err().on("currentPassword", FieldRule::Invalid).into());
            }
            let hash = hash_password(password).await?;
            let w = op.begin().await?;
            users::set_password_hash(&*w, &actor.user_id, &hash, w.now()).await?;
            let ended = match keep_session {
                Some(cookie) => sessions::delete_for_user_except(&*w, &actor.user_id, &sha256_hex(cookie)).await?,
                None => sessions::delete_for_user(&*w, &actor.user_id).await?,
            };
            password_resets::delete_for_user(&*w, &actor.user_id).await?;
            rate_limit::reset(&*w, &bucket).await?;
            w.commit(Change::of(&actor.username).details(serde_json::json!({ "sessionsEnded": ended }))).await?;
            self.tokens.forget(&actor.user_id);
            Ok(())
        })
        .await
    }

    /// The active account a reset names, by username or e-mail address (one account only).
    async fn reset_account(&self, identifier: &str) -> Result<Option<users::User>> {
        let db = self.store.db();
        let user = if identifier.contains('@') {
            let Ok(email) = validate::email(identifier) else { return Ok(None) };
            match users::find_by_email(db, &email).await?.as_slice() {
                [one] => users::find_by_id(db, &one.id).await?,
                _ => None,
            }
        } else {
            users::find_by_username(db, identifier).await?
        };
        // Users of the external provider have no password here to reset.
        Ok(user.filter(|u| u.user.is_active && crate::auth::has_local_password(&u.user.password_hash)))
    }

    /// Step one of a forgotten password: e-mails a code to the account the username or address
    /// names. The answer, the limits and the audit row's shape are the same whether or not such
    /// an account exists, so that nobody learns from it who has one.
    pub async fn request_password_reset(&self, ctx: &Ctx, identifier: Option<&str>) -> Result<ResetRequested> {
        let identifier = validate::required("username", identifier, 1, IDENTIFIER_MAX)?;
        let op = self.op(ctx, Action::PasswordResetRequest, validate::truncated(&identifier, 64));
        op.run(async {
            let per_address = self.count_hit(&format!("reset:ip:{}", ctx.client_ip), Duration::hours(1)).await?;
            if per_address > self.config.registrations_per_hour {
                return Err(ServiceError::TooManyRequests(error::OTP_RATE_LIMITED.err()));
            }
            let key = sha256_hex(&identifier.to_lowercase());
            let cooldown = self.config.otp_resend_cooldown_seconds;
            let user = self.reset_account(&identifier).await?;
            let mut w = op.begin().await?;
            let now = w.now();
            let cooldown_bucket = format!("reset:cooldown:{key}");
            if rate_limit::hit(&*w, &cooldown_bucket, Duration::seconds(cooldown as i64), now).await? > 1 {
                let started = rate_limit::window_start(&*w, &cooldown_bucket).await?.unwrap_or(now);
                let left = cooldown.saturating_sub((now - started).num_seconds().max(0) as u64).max(1);
                return Err(ServiceError::TooManyRequests(error::OTP_RESEND_TOO_SOON.fill(&[&left])));
            }
            let hourly = rate_limit::hit(&*w, &format!("reset:hour:{key}"), Duration::hours(1), now).await?;
            if hourly > self.config.otp_sends_per_hour {
                return Err(ServiceError::TooManyRequests(error::OTP_RATE_LIMITED.err()));
            }
            let answer = ResetRequested {
                expires_in: self.config.otp_ttl_seconds,
                resend_after: self.config.otp_resend_cooldown_seconds,
            };
            let Some(user) = user else {
                w.commit(
                    Change::of(validate::truncated(&identifier, 64)).details(serde_json::json!({ "account": false })),
                )
                .await?;
                return Ok(answer);
            };
            // The account's own limits hold however it is named (username or address); past them
            // the answer stays the same and the code sent earlier keeps working.
            let earlier = password_resets::find_for_user(&*w, &user.user.id).await?;
            let too_soon = earlier.is_some_and(|r| (now - r.otp_sent_at).num_seconds() < cooldown as i64);
            let sent = rate_limit::hit(&*w, &format!("otp:email:{}", user.user.email), Duration::hours(1), now).await?;
            if too_soon || sent > self.config.otp_sends_per_hour {
                let details = serde_json::json!({ "account": true, "sent": false });
                w.commit(Change::of(&user.user.username).details(details)).await?;
                return Ok(answer);
            }
            let id = pms_store::new_id();
            let code = format!("{:06}", rand::Rng::random_range(&mut rand::rng(), 0..1_000_000u32));
            password_resets::replace(
                &*w,
                password_reset::Model {
                    otp_hash: self.code_hash(&id, &code)?,
                    id,
                    user_id: user.user.id.clone(),
                    otp_expires_at: now + Duration::seconds(self.config.otp_ttl_seconds as i64),
                    otp_attempts: 0,
                    otp_sent_at: now,
                    created_at: now,
                },
            )
            .await?;
            self.send_reset_code(&mut w, &user.user, &code);
            w.commit(Change::of(&user.user.username).details(serde_json::json!({ "account": true }))).await?;
            Ok(answer)
        })
        .await
    }

    fn send_reset_code(&self, w: &mut Write<'_>, user: &pms_store::entity::users::Model, code: &str) {
        let lang = Lang::parse(&user.lang_code).unwrap_or(Lang::En);
        let minutes = (self.config.otp_ttl_seconds / 60).max(1).to_string();
        let name = user.first_name.clone().unwrap_or_else(|| user.username.clone());
        let args =
            [("name", name.as_str()), ("code", code), ("minutes", minutes.as_str()), ("username", &user.username)];
        w.email(&user.email, lang, "email-reset", &args);
    }

    /// Step two: the code from the e-mail and a new password. A wrong, expired or used-up code
    /// gets one answer; after the allowed number of wrong codes the code is dead. Success ends
    /// every session and token of the user; the code cannot be used again.
    pub async fn reset_password(&self, ctx: &Ctx, input: PasswordResetInput) -> Result<()> {
        let mut checks = Checks::default();
        let identifier = checks.keep(validate::required("username", input.identifier.as_deref(), 1, IDENTIFIER_MAX));
        let code = checks.keep(validate::required("code", input.code.as_deref(), 1, 16));
        let user = match &identifier {
            Some(i) => self.reset_account(i).await?,
            None => None,
        };
        let username = user.as_ref().map(|u| u.user.username.clone()).or(identifier.clone()).unwrap_or_default();
        let password = check_new_password(&mut checks, &input.new, &username);
        let label = validate::truncated(&username, 64).into_owned();
        let op = self.op(ctx, Action::PasswordReset, &label);
        op.run(async {
            checks.finish()?;
            let (Some(code), Some(password)) = (code, password) else {
                return Err(ServiceError::Internal("reset checks passed without values".into()));
            };
            let Some(user) = user else { return Err(error::RESET_CODE_INVALID.err().into()) };
            let pending = password_resets::find_for_user(self.store.db(), &user.user.id).await?;
            if pending.as_ref().is_none_or(|p| p.otp_expires_at <= self.now()) {
                return Err(error::RESET_CODE_INVALID.err().into());
            }
            let hash = hash_password(password).await?;
            let mut w = op.begin().await?;
            let Some(pending) = password_resets::find_for_user(&*w, &user.user.id).await? else {
                return Err(error::RESET_CODE_INVALID.err().into());
            };
            let max = self.config.otp_max_attempts as i32;
            if pending.otp_expires_at <= w.now() {
                return Err(error::RESET_CODE_INVALID.err().into());
            }
            if password_resets::reserve_attempt(&*w, &pending.id, max).await?.is_none() {
                return Err(error::RESET_CODE_INVALID.err().into());
            }
            if !self.reset_code_matches(&pending, code.trim())? {
                w.commit_refused().await?;
                return Err(error::RESET_CODE_INVALID.err().into());
            }
            // Claimed first: a concurrent reset with the same code waits on this row, then finds none.
            if password_resets::delete(&*w, &pending.id).await? == 0 {
                return Err(error::RESET_CODE_INVALID.err().into());
            }
            users::set_password_hash(&*w, &user.user.id, &hash, w.now()).await?;
            let ended = sessions::delete_for_user(&*w, &user.user.id).await?;
            w.attribute_to(&user.user.username);
            w.commit(Change::of(&user.user.username).details(serde_json::json!({ "sessionsEnded": ended }))).await?;
            self.tokens.forget(&user.user.id);
            Ok(())
        })
        .await
    }
}
