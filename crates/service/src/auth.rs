//! Users, passwords, API tokens (JWT) and portal sessions.

use crate::federation::{ExternalIdentity, Federation, PendingLogin};
use crate::write::{Action, Change};
use crate::{error, Actor, Ctx, Result, ServiceError, Services};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use pms_domain::lang::Lang;
use pms_domain::{roles, validate};
use pms_store::repo::{rate_limit, sessions, settings, users};
use pms_store::Store;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::RwLock;

pub const ISSUER: &str = "pms";

/// Server secrets, generated on first start and kept in the database (shared by every node).
pub(crate) struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub(crate) otp_pepper: Vec<u8>,
    pub(crate) seal: crate::seal::Sealer,
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
    /// Secrets given by configuration (for example from `PMS_JWT_SECRET_FILE`) are used as they
    /// are; otherwise they are generated once and kept in the database, which every node shares.
    pub(crate) async fn load(store: &Store, config: &crate::Config) -> Result<Keys> {
        let jwt = match &config.jwt_secret {
            Some(secret) => configured_secret("jwt_secret", secret)?,
            None => stored_secret(store, "jwt_hs256_secret", 64).await?,
        };
        let otp_pepper = match &config.otp_pepper {
            Some(secret) => configured_secret("otp_pepper", secret)?,
            None => stored_secret(store, "otp_pepper", 32).await?,
        };
        let seal = match &config.seal_key {
            Some(secret) => configured_secret("seal_key", secret)?,
            None => stored_secret(store, "seal_key", 32).await?,
        };
        let seal = crate::seal::Sealer::new(&seal);
        let encoding = EncodingKey::from_secret(&jwt).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let decoding = DecodingKey::from_secret(&jwt).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let dummy_hash = hash_password(random_token(24)).await?;
        Ok(Keys { encoding, decoding, otp_pepper, seal, dummy_hash })
    }
}

/// A configured secret must carry enough entropy to key HMAC-SHA256.
fn configured_secret(name: &str, secret: &str) -> Result<Vec<u8>> {
    let bytes = secret.trim().as_bytes().to_vec();
    if bytes.len() < 32 {
        return Err(ServiceError::Internal(format!("{name} must be at least 32 bytes long")));
    }
    Ok(bytes)
}

async fn stored_secret(store: &Store, key: &str, bytes: usize) -> Result<Vec<u8>> {
    let tx = store.begin().await?;
    let value = settings::get_or_insert(&*tx, key, &random_token(bytes)).await?;
    tx.commit().await?;
    URL_SAFE_NO_PAD.decode(value).map_err(|e| ServiceError::Internal(format!("{key}: {e}")))
}

/// Makes the allocator give Argon2's working memory (19 MiB per hash) back to the system when a
/// hash is done. glibc otherwise raises its mmap threshold to the size of the first freed block,
/// so every later hash is served from, and kept in, a per-thread heap: 64 MB resident after one
/// login instead of 24. A fixed threshold turns that dynamic adjustment off.
fn return_hash_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        // SAFETY: mallopt only changes allocator tuning; it is called once, before hashing.
        ONCE.call_once(|| unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        });
    }
}

/// Argon2id with the crate's recommended parameters; run off the async threads.
pub async fn hash_password(password: String) -> Result<String> {
    return_hash_memory();
    tokio::task::spawn_blocking(move || {
        Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| ServiceError::Internal(e.to_string()))?
    .map_err(ServiceError::Internal)
}

pub async fn verify_password(password: String, hash: String) -> bool {
    return_hash_memory();
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
    /// The user's token generation when the token was issued; a later one revokes it.
    #[serde(default)]
    pub token_generation: i64,
}

/// How long a node trusts what it last read about a user before reading the token generation
/// again. Changes made on this node take effect at once; those made on another node sharing the
/// database take effect within this time.
pub const AUTH_RECHECK: Duration = Duration::seconds(2);

/// Users recently seen by token, so that most requests need no query to authenticate.
#[derive(Default)]
pub(crate) struct TokenCache(RwLock<HashMap<String, Known>>);

#[derive(Clone)]
struct Known {
    actor: Actor,
    generation: i64,
    checked_at: DateTime<Utc>,
}

impl TokenCache {
    fn get(&self, user_id: &str) -> Option<Known> {
        self.0.read().unwrap_or_else(|p| p.into_inner()).get(user_id).cloned()
    }

    fn put(&self, user_id: &str, known: Known) {
        let mut map = self.0.write().unwrap_or_else(|p| p.into_inner());
        // Bounded: a flood of distinct users empties the cache rather than growing it.
        if map.len() >= 10_000 {
            map.clear();
        }
        map.insert(user_id.to_string(), known);
    }

    /// Forgets the user, whether it was cached by its id or by an external provider's subject.
    pub(crate) fn forget(&self, user_id: &str) {
        self.0
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|key, known| key != user_id && known.actor.user_id != user_id);
    }
}

fn actor_of(u: users::User) -> Actor {
    Actor {
        user_id: u.user.id,
        username: u.user.username,
        email: u.user.email,
        first_name: u.user.first_name,
        last_name: u.user.last_name,
        lang_code: u.user.lang_code,
        token_generation: u.user.token_generation,
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
        let ctx = Ctx::system();
        let op = self.op(&ctx, Action::UserBootstrap, "admin");
        let w = op.begin().await?;
        if users::count(&*w).await? > 0 {
            return Ok(Bootstrap::Existing);
        }
        let admin_roles = vec![roles::PARTNER_ADMIN.to_string(), roles::POLICYMANAGER.to_string()];
        let user = users::insert(
            &*w,
            users::NewUser {
                username: "admin",
                email: "admin@pms.localhost",
                password_hash: &hash,
                first_name: None,
                last_name: None,
                lang_code: Lang::En.mosip_code(),
                roles: &admin_roles,
            },
            w.now(),
        )
        .await?;
        w.commit(
            Change::of(&user.username)
                .status(None, Some("active"))
                .details(serde_json::json!({ "roles": admin_roles })),
        )
        .await?;
        Ok(if generated { Bootstrap::Generated(password) } else { Bootstrap::FromConfig })
    }

    /// `pms user add`: validates, hashes, stores.
    pub async fn add_user(&self, ctx: &Ctx, input: NewUserInput) -> Result<crate::view::User> {
        let op = self.op(ctx, Action::UserCreate, input.username.trim());
        op.run(async {
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
            let first_name = validate::optional("firstName", input.first_name.as_deref(), 128)?;
            let last_name = validate::optional("lastName", input.last_name.as_deref(), 128)?;
            let hash = hash_password(input.password.clone()).await?;
            let w = op.begin().await?;
            if users::username_exists(&*w, &username).await? {
                return Err(error::REG_USERNAME_TAKEN.err().into());
            }
            let user = users::insert(
                &*w,
                users::NewUser {
                    username: &username,
                    email: &email,
                    password_hash: &hash,
                    first_name: first_name.as_deref(),
                    last_name: last_name.as_deref(),
                    lang_code: Lang::En.mosip_code(),
                    roles: &input.roles,
                },
                w.now(),
            )
            .await
            .map_err(username_conflict)?;
            w.commit(
                Change::of(&username).status(None, Some("active")).details(serde_json::json!({ "roles": input.roles })),
            )
            .await?;
            let user = users::find_by_id(self.store.db(), &user.id).await?;
            Ok(user.ok_or_else(|| ServiceError::Internal("user vanished".into()))?.into())
        })
        .await
    }

    pub async fn list_users(&self) -> Result<Vec<crate::view::User>> {
        Ok(crate::view::all(users::list(self.store.db()).await?))
    }

    /// Counts one hit of a rate-limit bucket through the single writer; returns the count in
    /// the current window.
    pub(crate) async fn count_hit(&self, bucket: &str, window: Duration) -> Result<u32> {
        let tx = self.store.begin().await?;
        let hits = rate_limit::hit(&*tx, bucket, window, self.now()).await?;
        tx.commit().await?;
        Ok(hits)
    }

    /// Checks a password. Each attempt is counted before the password is verified, so a burst
    /// of parallel guesses cannot pass the limit. Failures are limited per (username, address),
    /// so that nobody can lock a user out from elsewhere, and per address with a higher ceiling
    /// against an attacker trying many usernames. Unknown user and wrong password are
    /// indistinguishable to the caller, in answer and in timing.
    pub async fn check_credentials(&self, ctx: &Ctx, username: &str, password: &str) -> Result<Actor> {
        if !self.config.builtin_login {
            return Err(error::BUILTIN_LOGIN_OFF.err().into());
        }
        let window = Duration::minutes(i64::from(self.config.login_window_minutes));
        let username = username.trim();
        let pair_bucket = format!("login:pair:{}|{}", sha256_hex(&username.to_lowercase()), ctx.client_ip);
        let ip_bucket = format!("login:ip:{}", ctx.client_ip);
        let limit = self.config.login_max_failures;
        let ceiling = limit.saturating_mul(ADDRESS_CEILING_FACTOR);
        let (pair, address) = {
            let tx = self.store.begin().await?;
            let now = self.now();
            let pair = rate_limit::hit(&*tx, &pair_bucket, window, now).await?;
            let address = rate_limit::hit(&*tx, &ip_bucket, window, now).await?;
            tx.commit().await?;
            (pair, address)
        };
        if pair > limit || address > ceiling {
            return Err(ServiceError::TooManyRequests(error::LOGIN_RATE_LIMITED.err()));
        }
        let failures_bucket = format!("login:failures:{pair_bucket}");
        let last_bucket = format!("login:last-failure:{pair_bucket}");
        let failures = rate_limit::current(self.store.db(), &failures_bucket, window, self.now()).await?;
        if let Some(wait) = login_delay(failures) {
            let last = rate_limit::window_start(self.store.db(), &last_bucket).await?;
            if last.is_some_and(|last| self.now() < last + wait) {
                return Err(ServiceError::TooManyRequests(error::LOGIN_RATE_LIMITED.err()));
            }
        }
        let user = users::find_by_username(self.store.db(), username).await?;
        let hash = user.as_ref().map(|u| u.user.password_hash.clone()).unwrap_or_else(|| self.keys.dummy_hash.clone());
        let ok = verify_password(password.to_string(), hash).await;
        match user {
            Some(u) if ok && u.user.is_active => {
                let tx = self.store.begin().await?;
                for bucket in [&pair_bucket, &failures_bucket, &last_bucket] {
                    rate_limit::reset(&*tx, bucket).await?;
                }
                tx.commit().await?;
                Ok(actor_of(u))
            }
            user => {
                let reason = match &user {
                    None => "unknown_user",
                    Some(u) if ok && !u.user.is_active => "deactivated",
                    Some(_) => "wrong_password",
                };
                // The row names the username as typed (bounded), never the password, so that an
                // administrator can spot guessing.
                let typed = validate::truncated(username, 64).into_owned();
                let op = self.op(ctx, Action::LoginFailed, &typed);
                let w = op.begin().await?;
                let now = w.now();
                rate_limit::hit(&*w, &failures_bucket, window, now).await?;
                // A zero window restarts the row at every later failure: it holds the last one.
                rate_limit::hit(&*w, &last_bucket, Duration::zero(), now).await?;
                let details = serde_json::json!({ "reason": reason, "client": ctx.client_ip });
                w.commit_failure(Change::of(&typed).details(details)).await?;
                // What was typed as the username may be a password typed in the wrong field:
                // the log gets a fingerprint, never the text.
                let typed = &sha256_hex(username)[..12];
                tracing::info!(username_sha256 = typed, client = %ctx.client_ip, "failed login");
                Err(ServiceError::Unauthenticated)
            }
        }
    }

    /// Issues the API token of a successful login, audited as the user's.
    pub async fn issue_login_token(&self, ctx: &Ctx, actor: &Actor) -> Result<Token> {
        let ctx = ctx.acting_as(actor);
        let op = self.op(&ctx, Action::TokenIssue, &actor.username);
        let w = op.begin().await?;
        let token = self.issue_token(actor)?;
        w.commit(Change::of(&actor.username)).await?;
        Ok(token)
    }

    pub fn issue_token(&self, actor: &Actor) -> Result<Token> {
        let ttl = i64::from(self.config.token_ttl_minutes) * 60;
        let now = self.now().timestamp();
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
            token_generation: actor.token_generation,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.keys.encoding)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok(Token { token, expires_in: ttl as u64 })
    }

    /// Verifies a bearer token against the injected clock and the user's token generation, so
    /// that logout, deactivation and changed roles take effect at once. What the node knows
    /// about a user is reused for [`AUTH_RECHECK`]; after that one small query tells whether
    /// anything changed.
    pub async fn authenticate_token(&self, token: &str) -> Result<Actor> {
        if let Some(federation) = self.federation.as_ref().filter(|f| f.claims_to_be_from(token)) {
            return self.authenticate_external(federation, token).await;
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        // Expiry is judged below against the injected clock, not the system's.
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        let claims = jsonwebtoken::decode::<Claims>(token, &self.keys.decoding, &validation)
            .map_err(|_| ServiceError::Unauthenticated)?
            .claims;
        let now = self.now();
        if claims.exp + TOKEN_LEEWAY_SECONDS <= now.timestamp() {
            return Err(ServiceError::Unauthenticated);
        }
        if let Some(known) = self.tokens.get(&claims.sub) {
            if known.generation == claims.token_generation {
                if now - known.checked_at < AUTH_RECHECK {
                    return Ok(known.actor);
                }
                match users::token_state(self.store.db(), &claims.sub).await? {
                    Some((generation, true)) if generation == known.generation => {
                        self.tokens.put(&claims.sub, Known { checked_at: now, ..known.clone() });
                        return Ok(known.actor);
                    }
                    _ => self.tokens.forget(&claims.sub),
                }
            }
        }
        match users::find_by_id(self.store.db(), &claims.sub).await? {
            Some(u) if u.user.is_active && u.user.token_generation == claims.token_generation => {
                let actor = actor_of(u);
                let known = Known { actor: actor.clone(), generation: actor.token_generation, checked_at: now };
                self.tokens.put(&claims.sub, known);
                Ok(actor)
            }
            _ => Err(ServiceError::Unauthenticated),
        }
    }

    /// A bearer token of the external provider: verified against its keys, then the local user
    /// of its subject (created at the first call). Like our own tokens, the user is reread at
    /// most every [`AUTH_RECHECK`], and whenever the token carries other roles.
    async fn authenticate_external(&self, federation: &Federation, token: &str) -> Result<Actor> {
        let now = self.now();
        let identity = federation.access_token(token, now).await.map_err(|reason| {
            tracing::debug!(%reason, "a token of the identity provider was refused");
            ServiceError::Unauthenticated
        })?;
        let cache_key = format!("ext:{}|{}", identity.issuer, identity.subject);
        if let Some(known) = self.tokens.get(&cache_key) {
            if known.actor.roles == identity.roles && now - known.checked_at < AUTH_RECHECK {
                return Ok(known.actor);
            }
        }
        let actor = self.external_actor(&Ctx::system(), &identity).await.map_err(|e| match e {
            // A token of a user PMS will not make (no role, a name taken locally) is simply refused.
            ServiceError::Business(e) => {
                tracing::info!(reason = %e.message, "a token of the identity provider names no usable user");
                ServiceError::Unauthenticated
            }
            other => other,
        })?;
        self.tokens
            .put(&cache_key, Known { actor: actor.clone(), generation: actor.token_generation, checked_at: now });
        Ok(actor)
    }

    /// The external provider, if one is configured (the portal shows its login button).
    pub fn federation(&self) -> Option<&Federation> {
        self.federation.as_ref()
    }

    fn require_federation(&self) -> Result<&Federation> {
        self.federation
            .as_ref()
            .ok_or_else(|| error::EXTERNAL_LOGIN_FAILED.with("no identity provider is configured").into())
    }

    /// The portal's "Log in with …": the provider's authorisation URL, and the sealed state the
    /// portal keeps in a cookie until the provider sends the user back.
    pub async fn external_login_start(&self, next: String) -> Result<(String, String)> {
        let federation = self.require_federation()?;
        let (url, pending) = federation.start(next, self.now()).await.map_err(external_failure)?;
        let plain = serde_json::to_string(&pending).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let sealed = self.keys.seal.seal(LOGIN_SEAL, &plain).map_err(ServiceError::Internal)?;
        Ok((url, sealed))
    }

    /// The provider sent the user back: the code is exchanged and its ID token verified; answers
    /// the local user and where they were going.
    pub async fn external_login_finish(
        &self,
        ctx: &Ctx,
        code: &str,
        state: &str,
        sealed: Option<&str>,
    ) -> Result<(Actor, String)> {
        let federation = self.require_federation()?;
        let pending = sealed
            .and_then(|s| self.keys.seal.open(LOGIN_SEAL, s).ok())
            .and_then(|plain| serde_json::from_str::<PendingLogin>(&plain).ok())
            .ok_or_else(|| external_failure("the login was not started here, or too long ago; try again".into()))?;
        let identity = federation.finish(code, state, &pending, self.now()).await.map_err(external_failure)?;
        let actor = self.external_actor(ctx, &identity).await?;
        Ok((actor, pending.next))
    }

    /// The local user of an external identity: found by its link; at the first login created
    /// (or, with `PMS_OIDC_LINK_BY_USERNAME`, linked to the local user of that name); its roles
    /// follow the provider's.
    async fn external_actor(&self, ctx: &Ctx, identity: &ExternalIdentity) -> Result<Actor> {
        let linked = users::find_by_external(self.store.db(), &identity.issuer, &identity.subject).await?;
        let user = match linked {
            Some(user) => user,
            None => match self.provision_external(ctx, identity).await {
                // A concurrent first call linked it meanwhile.
                Err(ServiceError::Business(e)) if e.code == error::EXTERNAL_USERNAME_TAKEN.code => {
                    users::find_by_external(self.store.db(), &identity.issuer, &identity.subject)
                        .await?
                        .ok_or(ServiceError::Business(e))?
                }
                other => other?,
            },
        };
        if !user.user.is_active {
            return Err(ServiceError::Unauthenticated);
        }
        if user.roles == identity.roles {
            return Ok(actor_of(user));
        }
        let actor = actor_of(user);
        let ctx = ctx.acting_as(&actor);
        let op = self.op(&ctx, Action::UserRolesSync, &actor.username);
        let w = op.begin().await?;
        users::set_roles(&*w, &actor.user_id, &identity.roles).await?;
        let details = serde_json::json!({ "issuer": identity.issuer, "from": actor.roles, "to": identity.roles });
        w.commit(Change::of(&actor.username).details(details)).await?;
        self.tokens.forget(&actor.user_id);
        Ok(Actor { roles: identity.roles.clone(), ..actor })
    }

    async fn provision_external(&self, ctx: &Ctx, identity: &ExternalIdentity) -> Result<users::User> {
        let newcomer = Actor {
            user_id: String::new(),
            username: identity.username.clone(),
            email: identity.email.clone().unwrap_or_default(),
            first_name: identity.first_name.clone(),
            last_name: identity.last_name.clone(),
            lang_code: Lang::En.mosip_code().into(),
            roles: identity.roles.clone(),
            token_generation: 0,
        };
        let ctx = ctx.acting_as(&newcomer);
        let op = self.op(&ctx, Action::UserProvision, &identity.username);
        op.run(async {
            if identity.roles.is_empty() {
                return Err(error::EXTERNAL_LOGIN_FAILED
                    .with("the identity provider gives this user no PMS role")
                    .into());
            }
            let w = op.begin().await?;
            let now = w.now();
            let existing = users::find_by_username(&*w, &identity.username).await?;
            let user_id = match existing {
                Some(u)
                    if self.config.oidc_link_by_username
                        && !users::has_external(&*w, &u.user.id, &identity.issuer).await? =>
                {
                    u.user.id
                }
                Some(_) => return Err(error::EXTERNAL_USERNAME_TAKEN.err().into()),
                None => {
                    // The provider may not share an address; `.invalid` can never receive mail.
                    let email =
                        identity.email.clone().unwrap_or_else(|| format!("{}@users.invalid", identity.username));
                    let user = users::insert(
                        &*w,
                        users::NewUser {
                            username: &identity.username,
                            email: &email,
                            password_hash: NO_PASSWORD,
                            first_name: identity.first_name.as_deref(),
                            last_name: identity.last_name.as_deref(),
                            lang_code: Lang::En.mosip_code(),
                            roles: &identity.roles,
                        },
                        now,
                    )
                    .await
                    .map_err(external_conflict)?;
                    user.id
                }
            };
            users::link_external(&*w, &identity.issuer, &identity.subject, &user_id, now)
                .await
                .map_err(external_conflict)?;
            let details =
                serde_json::json!({ "issuer": identity.issuer, "subject": identity.subject, "roles": identity.roles });
            w.commit(Change::of(&identity.username).status(None, Some("active")).details(details)).await?;
            users::find_by_id(self.store.db(), &user_id)
                .await?
                .ok_or_else(|| ServiceError::Internal("user vanished".into()))
        })
        .await
    }

    /// The active user of this name, as the services see a caller (for calls authenticated by
    /// something other than the user's own token, such as a client's registration token).
    pub(crate) async fn active_actor(&self, username: &str) -> Result<Option<Actor>> {
        Ok(users::find_by_username(self.store.db(), username).await?.filter(|u| u.user.is_active).map(actor_of))
    }

    /// `POST /v1/auth/logout`: every token issued to the caller stops working.
    pub async fn logout(&self, ctx: &Ctx) -> Result<()> {
        let actor = ctx.actor()?;
        let op = self.op(ctx, Action::Logout, &actor.username);
        let w = op.begin().await?;
        users::bump_token_generation(&*w, &actor.user_id, w.now()).await?;
        w.commit(Change::of(&actor.username)).await?;
        self.tokens.forget(&actor.user_id);
        Ok(())
    }

    /// Opens a portal session; returns the cookie value (only its hash is stored) and the CSRF token.
    pub async fn open_session(&self, ctx: &Ctx, actor: &Actor) -> Result<(String, String)> {
        let cookie = random_token(32);
        let csrf = random_token(24);
        let ctx = ctx.acting_as(actor);
        let op = self.op(&ctx, Action::SessionOpen, &actor.username);
        let w = op.begin().await?;
        let expires = w.now() + Duration::hours(i64::from(self.config.session_max_hours));
        sessions::insert(&*w, &sha256_hex(&cookie), &actor.user_id, &csrf, expires, w.now()).await?;
        w.commit(Change::of(&actor.username)).await?;
        Ok((cookie, csrf))
    }

    /// The user and CSRF token of a live session; expired or idle sessions are ended.
    pub async fn session(&self, cookie: &str) -> Result<Option<(Actor, String)>> {
        let conn = self.store.db();
        let id = sha256_hex(cookie);
        let Some(s) = sessions::find(conn, &id).await? else { return Ok(None) };
        let now = self.now();
        let idle = Duration::minutes(i64::from(self.config.session_idle_minutes));
        if s.expires_at <= now || s.last_seen_at + idle <= now {
            self.end_session(&id).await?;
            return Ok(None);
        }
        let user = match users::find_by_id(conn, &s.user_id).await? {
            Some(u) if u.user.is_active => u,
            _ => {
                self.end_session(&id).await?;
                return Ok(None);
            }
        };
        // Writing on every page view is wasteful; a minute of precision is enough for idling.
        if now - s.last_seen_at > Duration::seconds(60) {
            let tx = self.store.begin().await?;
            sessions::touch(&*tx, &id, now).await?;
            tx.commit().await?;
        }
        Ok(Some((actor_of(user), s.csrf_token)))
    }

    async fn end_session(&self, id_hash: &str) -> Result<()> {
        let tx = self.store.begin().await?;
        sessions::delete(&*tx, id_hash).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The portal's log-out: ends the session that asks, audited as its user's.
    pub async fn close_session(&self, ctx: &Ctx, cookie: &str) -> Result<()> {
        let actor = ctx.actor()?;
        let op = self.op(ctx, Action::Logout, &actor.username);
        let w = op.begin().await?;
        sessions::delete(&*w, &sha256_hex(cookie)).await?;
        w.commit(Change::of(&actor.username).details(serde_json::json!({ "via": "portal" }))).await?;
        Ok(())
    }

    /// Remembers the user's language (portal and e-mails).
    pub async fn set_language(&self, ctx: &Ctx, lang: Lang) -> Result<()> {
        let actor = ctx.actor()?;
        let op = self.op(ctx, Action::UserLanguage, &actor.username);
        let w = op.begin().await?;
        users::set_lang(&*w, &actor.user_id, lang.mosip_code(), w.now()).await?;
        pms_store::repo::partners::set_lang(&*w, &actor.username, lang.mosip_code()).await?;
        w.commit(Change::of(&actor.username).status(Some(&actor.lang_code), Some(lang.mosip_code()))).await?;
        self.tokens.forget(&actor.user_id);
        Ok(())
    }

    /// Periodic clean-up: idle sessions, registrations nobody verified within a day, and
    /// rate-limit counters whose window is long over.
    pub async fn housekeeping(&self) -> Result<()> {
        self.store.optimize().await?;
        let now = self.now();
        let idle = Duration::minutes(i64::from(self.config.session_idle_minutes));
        let tx = self.store.begin().await?;
        let sessions = sessions::purge(&*tx, now, now - idle).await?;
        let stale = pms_store::repo::registrations::purge(&*tx, now - Duration::days(1)).await?;
        pms_store::repo::password_resets::purge(&*tx, now - Duration::days(1)).await?;
        let counters = rate_limit::purge(&*tx, now - Duration::days(1)).await?;
        tx.commit().await?;
        let keys = self.expire_api_keys().await?;
        if sessions + stale + counters + keys > 0 {
            tracing::info!(sessions, registrations = stale, counters, keys, "housekeeping removed expired records");
        }
        // Each threshold is sent once (the reminders sent are recorded), so running this more
        // often than daily only makes reminders punctual.
        let reminders = self.send_expiry_reminders().await?;
        if reminders > 0 {
            tracing::info!(reminders, "expiry reminders sent");
        }
        Ok(())
    }
}

/// A concurrent writer took the username first: the same answer as the check before the insert.
pub(crate) fn username_conflict(e: pms_store::StoreError) -> ServiceError {
    match e {
        pms_store::StoreError::Conflict(_) => error::REG_USERNAME_TAKEN.err().into(),
        other => other.into(),
    }
}

/// What a concurrent first login took first: the same answer as the check before the insert.
fn external_conflict(e: pms_store::StoreError) -> ServiceError {
    match e {
        pms_store::StoreError::Conflict(_) => error::EXTERNAL_USERNAME_TAKEN.err().into(),
        other => other.into(),
    }
}

fn external_failure(reason: String) -> ServiceError {
    tracing::info!(%reason, "a login through the identity provider failed");
    error::EXTERNAL_LOGIN_FAILED.with(reason).into()
}

/// The purpose the pending external login is sealed under.
const LOGIN_SEAL: &str = "external-login";
/// The password hash of users who log in through the provider: no password verifies against it.
const NO_PASSWORD: &str = "!external";

/// Whether the user logs in with a password of PMS (not only through the external provider).
pub(crate) fn has_local_password(hash: &str) -> bool {
    hash != NO_PASSWORD
}

/// Clock skew tolerated on token expiry, as between MOSIP's services.
const TOKEN_LEEWAY_SECONDS: i64 = 5;
/// An address may fail this many times more often than one (username, address) pair.
const ADDRESS_CEILING_FACTOR: u32 = 10;

/// Failures of one (username, address) pair answered at once; after them each attempt waits.
const FREE_LOGIN_FAILURES: u32 = 3;
const MAX_LOGIN_DELAY_SECONDS: i64 = 60;

/// How long after its last failure a pair must wait before trying again: 1 s after the third
/// failure, doubling with each further one, at most a minute. Guessing slows down long before
/// the hard limit, and a user who mistypes twice never notices.
fn login_delay(failures: u32) -> Option<Duration> {
    let extra = failures.checked_sub(FREE_LOGIN_FAILURES)?;
    Some(Duration::seconds((1i64 << extra.min(6)).min(MAX_LOGIN_DELAY_SECONDS)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_delay_grows_after_the_free_failures() {
        let waits: Vec<Option<i64>> = (0..12).map(|n| login_delay(n).map(|d| d.num_seconds())).collect();
        assert_eq!(
            waits,
            vec![
                None,
                None,
                None,
                Some(1),
                Some(2),
                Some(4),
                Some(8),
                Some(16),
                Some(32),
                Some(60),
                Some(60),
                Some(60)
            ]
        );
        assert_eq!(login_delay(u32::MAX).map(|d| d.num_seconds()), Some(60));
    }
}
