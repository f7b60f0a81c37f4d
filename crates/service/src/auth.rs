//! Users, passwords, API tokens (JWT) and portal sessions.

use crate::{error, record, Actor, Audit, Ctx, Result, ServiceError, Services};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::Duration;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use pms_domain::lang::Lang;
use pms_domain::{roles, validate};
use pms_store::repo::{rate_limit, sessions, settings, users};
use pms_store::Store;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const ISSUER: &str = "pms";

/// Server secrets, generated on first start and kept in the database (shared by every node).
pub(crate) struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub(crate) otp_pepper: Vec<u8>,
    /// Argon2 hash of a random password, verified for unknown users so that timing does not tell.
    dummy_hash: String,
}

pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

impl Keys {
    pub(crate) async fn load(store: &Store) -> Result<Keys> {
        let conn = store.db();
        let jwt = settings::get_or_insert(conn, "jwt_hs256_secret", &random_token(64)).await?;
        let pepper = settings::get_or_insert(conn, "otp_pepper", &random_token(32)).await?;
        let jwt = URL_SAFE_NO_PAD.decode(jwt).map_err(|e| ServiceError::Internal(format!("jwt secret: {e}")))?;
        let otp_pepper = URL_SAFE_NO_PAD.decode(pepper).map_err(|e| ServiceError::Internal(format!("pepper: {e}")))?;
        let encoding = EncodingKey::from_secret(&jwt).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let decoding = DecodingKey::from_secret(&jwt).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let dummy_hash = hash_password(random_token(24)).await?;
        Ok(Keys { encoding, decoding, otp_pepper, dummy_hash })
    }
}

/// Argon2id with the crate's recommended parameters; run off the async threads.
pub async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| ServiceError::Internal(e.to_string()))?
    .map_err(ServiceError::Internal)
}

pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RealmAccess {
    pub roles: Vec<String>,
}

/// Claims as MOSIP services read them from a Keycloak token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub preferred_username: String,
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    pub locale: String,
    pub realm_access: RealmAccess,
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
}

fn actor_of(u: users::User) -> Actor {
    Actor {
        user_id: u.user.id,
        username: u.user.username,
        email: u.user.email,
        first_name: u.user.first_name,
        last_name: u.user.last_name,
        lang_code: u.user.lang_code,
        roles: u.roles,
    }
}

pub struct NewUserInput {
    pub username: String,
    pub email: String,
    pub password: String,
    pub roles: Vec<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

/// What start-up did about the bootstrap administrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bootstrap {
    /// Users existed already; nothing was created.
    Existing,
    /// `admin` was created with the configured password.
    FromConfig,
    /// `admin` was created with this generated password.
    Generated(String),
}

/// A freshly issued API token.
pub struct Token {
    pub token: String,
    pub expires_in: u64,
}

impl Services {
    /// Creates the bootstrap `admin` on an empty database, with `PMS_ADMIN_PASSWORD` or a
    /// generated password that the caller shows once.
    pub async fn bootstrap_admin(&self) -> Result<Bootstrap> {
        if users::count(self.store.db()).await? > 0 {
            return Ok(Bootstrap::Existing);
        }
        let (password, generated) = match &self.config.admin_password {
            Some(p) if !p.is_empty() => (p.clone(), false),
            _ => (random_token(15), true),
        };
        let hash = hash_password(password.clone()).await?;
        let tx = self.store.begin().await?;
        if users::count(&*tx).await? > 0 {
            return Ok(Bootstrap::Existing);
        }
        let admin_roles = vec![roles::PARTNER_ADMIN.to_string(), roles::POLICYMANAGER.to_string()];
        let user = users::insert(
            &*tx,
            users::NewUser {
                username: "admin",
                email: "admin@pms.localhost",
                password_hash: &hash,
                first_name: None,
                last_name: None,
                lang_code: Lang::En.mosip_code(),
                roles: &admin_roles,
            },
        )
        .await?;
        let ctx = Ctx { actor: None, request_id: None, client_ip: "local".into() };
        record(
            &*tx,
            &ctx,
            Audit {
                action: "user.bootstrap",
                entity_type: "user",
                entity_id: &user.username,
                before: None,
                after: Some("active"),
                details: Some(serde_json::json!({ "roles": admin_roles })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(if generated { Bootstrap::Generated(password) } else { Bootstrap::FromConfig })
    }

    /// `pms user add`: validates, hashes, stores.
    pub async fn add_user(&self, ctx: &Ctx, input: NewUserInput) -> Result<users::User> {
        let username = validate::partner_id(input.username.trim())?;
        let email = validate::email(&input.email)?;
        validate::password(&input.password, &username)?;
        if input.roles.is_empty() {
            return Err(pms_domain::PmsError::invalid_field("role", "at least one role is required").into());
        }
        for r in &input.roles {
            if !roles::is_valid_role_code(r) {
                return Err(pms_domain::PmsError::invalid_field(
                    "role",
                    &format!("{r} is not an upper-case role code"),
                )
                .into());
            }
        }
        let hash = hash_password(input.password).await?;
        let tx = self.store.begin().await?;
        if users::username_exists(&*tx, &username).await? {
            return Err(error::REG_USERNAME_TAKEN.err().into());
        }
        let user = users::insert(
            &*tx,
            users::NewUser {
                username: &username,
                email: &email,
                password_hash: &hash,
                first_name: input.first_name.as_deref(),
                last_name: input.last_name.as_deref(),
                lang_code: Lang::En.mosip_code(),
                roles: &input.roles,
            },
        )
        .await?;
        record(
            &*tx,
            ctx,
            Audit {
                action: "user.create",
                entity_type: "user",
                entity_id: &username,
                before: None,
                after: Some("active"),
                details: Some(serde_json::json!({ "roles": input.roles })),
            },
        )
        .await?;
        tx.commit().await?;
        users::find_by_id(self.store.db(), &user.id)
            .await?
            .ok_or_else(|| ServiceError::Internal("user vanished".into()))
    }

    pub async fn list_users(&self) -> Result<Vec<users::User>> {
        Ok(users::list(self.store.db()).await?)
    }

    /// Checks a password with per-username and per-address limits on failures. Unknown user and
    /// wrong password are indistinguishable to the caller, in answer and in timing.
    pub async fn check_credentials(&self, ctx: &Ctx, username: &str, password: &str) -> Result<Actor> {
        let conn = self.store.db();
        let window = Duration::minutes(i64::from(self.config.login_window_minutes));
        let user_bucket = format!("login:user:{}", username.trim().to_lowercase());
        let ip_bucket = format!("login:ip:{}", ctx.client_ip);
        let limit = self.config.login_max_failures;
        if rate_limit::current(conn, &user_bucket, window).await? >= limit
            || rate_limit::current(conn, &ip_bucket, window).await? >= limit
        {
            return Err(ServiceError::TooManyRequests(error::LOGIN_RATE_LIMITED.err()));
        }
        let user = users::find_by_username(conn, username.trim()).await?;
        let hash = user.as_ref().map(|u| u.user.password_hash.clone()).unwrap_or_else(|| self.keys.dummy_hash.clone());
        let ok = verify_password(password.to_string(), hash).await;
        match user {
            Some(u) if ok && u.user.is_active => {
                rate_limit::reset(conn, &user_bucket).await?;
                Ok(actor_of(u))
            }
            _ => {
                let tx = self.store.begin().await?;
                rate_limit::hit(&*tx, &user_bucket, window).await?;
                rate_limit::hit(&*tx, &ip_bucket, window).await?;
                tx.commit().await?;
                tracing::info!(username, client = %ctx.client_ip, "failed login");
                Err(ServiceError::Unauthenticated)
            }
        }
    }

    pub fn issue_token(&self, actor: &Actor) -> Result<Token> {
        let ttl = i64::from(self.config.token_ttl_minutes) * 60;
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: actor.user_id.clone(),
            preferred_username: actor.username.clone(),
            email: actor.email.clone(),
            given_name: actor.first_name.clone(),
            family_name: actor.last_name.clone(),
            locale: actor.lang_code.clone(),
            realm_access: RealmAccess { roles: actor.roles.clone() },
            iss: ISSUER.into(),
            iat: now,
            exp: now + ttl,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.keys.encoding)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok(Token { token, expires_in: ttl as u64 })
    }

    /// Verifies a bearer token and reloads the user, so that deactivated users and changed
    /// roles take effect at once.
    pub async fn authenticate_token(&self, token: &str) -> Result<Actor> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = 5;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.keys.decoding, &validation)
            .map_err(|_| ServiceError::Unauthenticated)?
            .claims;
        match users::find_by_id(self.store.db(), &claims.sub).await? {
            Some(u) if u.user.is_active => Ok(actor_of(u)),
            _ => Err(ServiceError::Unauthenticated),
        }
    }

    /// Opens a portal session; returns the cookie value (only its hash is stored) and the CSRF token.
    pub async fn open_session(&self, ctx: &Ctx, actor: &Actor) -> Result<(String, String)> {
        let cookie = random_token(32);
        let csrf = random_token(24);
        let expires = pms_store::now() + Duration::hours(i64::from(self.config.session_max_hours));
        let tx = self.store.begin().await?;
        sessions::insert(&*tx, &sha256_hex(&cookie), &actor.user_id, &csrf, expires).await?;
        record(
            &*tx,
            ctx,
            Audit {
                action: "session.open",
                entity_type: "user",
                entity_id: &actor.username,
                before: None,
                after: None,
                details: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok((cookie, csrf))
    }

    /// The user and CSRF token of a live session; expired or idle sessions are ended.
    pub async fn session(&self, cookie: &str) -> Result<Option<(Actor, String)>> {
        let conn = self.store.db();
        let id = sha256_hex(cookie);
        let Some(s) = sessions::find(conn, &id).await? else { return Ok(None) };
        let now = pms_store::now();
        let idle = Duration::minutes(i64::from(self.config.session_idle_minutes));
        if s.expires_at <= now || s.last_seen_at + idle <= now {
            sessions::delete(conn, &id).await?;
            return Ok(None);
        }
        let user = match users::find_by_id(conn, &s.user_id).await? {
            Some(u) if u.user.is_active => u,
            _ => {
                sessions::delete(conn, &id).await?;
                return Ok(None);
            }
        };
        // Writing on every page view is wasteful; a minute of precision is enough for idling.
        if now - s.last_seen_at > Duration::seconds(60) {
            sessions::touch(conn, &id, now).await?;
        }
        Ok(Some((actor_of(user), s.csrf_token)))
    }

    pub async fn close_session(&self, cookie: &str) -> Result<()> {
        sessions::delete(self.store.db(), &sha256_hex(cookie)).await?;
        Ok(())
    }

    /// Drops sessions that expired or idled out.
    pub async fn purge_sessions(&self) -> Result<u64> {
        let idle = Duration::minutes(i64::from(self.config.session_idle_minutes));
        Ok(sessions::purge(self.store.db(), pms_store::now() - idle).await?)
    }

    /// Remembers the user's language (portal and e-mails).
    pub async fn set_language(&self, ctx: &Ctx, lang: Lang) -> Result<()> {
        let actor = ctx.actor()?;
        let tx = self.store.begin().await?;
        users::set_lang(&*tx, &actor.user_id, lang.mosip_code()).await?;
        pms_store::repo::partners::set_lang(&*tx, &actor.username, lang.mosip_code()).await?;
        record(
            &*tx,
            ctx,
            Audit {
                action: "user.language",
                entity_type: "user",
                entity_id: &actor.username,
                before: Some(&actor.lang_code),
                after: Some(lang.mosip_code()),
                details: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Services {
    /// Periodic clean-up: idle sessions and registrations nobody verified within a day.
    pub async fn housekeeping(&self) -> Result<()> {
        self.store.optimize().await?;
        let sessions = self.purge_sessions().await?;
        let stale =
            pms_store::repo::registrations::purge(self.store.db(), pms_store::now() - Duration::days(1)).await?;
        if sessions + stale > 0 {
            tracing::info!(sessions, registrations = stale, "housekeeping removed expired records");
        }
        Ok(())
    }
}
