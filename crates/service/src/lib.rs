//! Application services: the use cases of PMS. The REST API, the portal and the CLI all call these;
//! none of them talks to the store directly for writes. Every write validates first, then runs one
//! transaction holding the change, its audit row and (where MOSIP publishes one) its outbox event.

pub mod access;
pub mod accounts;
pub mod auth;
pub mod certificates;
pub mod clients;
pub mod config;
pub mod delivery;
pub mod devices;
pub mod esignet;
pub mod events;
pub mod federation;
pub mod misp;
pub mod operations;
pub mod partners;
pub mod policies;
pub mod registration;
mod seal;
pub mod view;
pub mod write;

use chrono::{DateTime, Utc};
use pms_domain::{error, roles, PmsError};
use pms_domain::{Clock, SystemClock};
use pms_policy::Violation;
use pms_store::{Store, StoreError, StoreOptions};
use std::sync::Arc;

pub use config::Config;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A rule refused the request; reported to clients with MOSIP's code.
    #[error("{0}")]
    Business(PmsError),
    /// Several inputs broke their rules; the API reports the first, a form all of them.
    #[error("{0}")]
    Invalid(pms_domain::Invalid),
    /// A policy document broke its schema; the API reports the first violation, the portal all.
    #[error("policy document does not match its schema")]
    PolicyDocument(Vec<Violation>),
    #[error("authentication required")]
    Unauthenticated,
    #[error("the caller lacks the role for this operation")]
    Forbidden,
    /// Rate limit or similar: the client should retry later.
    #[error("{0}")]
    TooManyRequests(PmsError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    /// The error to put in an API envelope.
    pub fn to_pms_error(&self) -> PmsError {
        match self {
            ServiceError::Business(e) | ServiceError::TooManyRequests(e) => e.clone(),
            ServiceError::Invalid(all) => all.first().clone(),
            ServiceError::PolicyDocument(v) => {
                v.first().map(|v| v.error.clone()).unwrap_or_else(|| error::PV_VALIDATION_FAILED.err())
            }
            ServiceError::Unauthenticated => error::AUTH_FAILED.err(),
            ServiceError::Forbidden => error::ACCESS_DENIED.err(),
            ServiceError::Internal(_) => error::UNPROCESSABLE.err(),
        }
    }

    /// The request was refused for what it said (a form shows it again with the errors), rather
    /// than for who sent it or a fault of the server.
    pub fn is_rejection(&self) -> bool {
        matches!(self, ServiceError::Business(_) | ServiceError::Invalid(_) | ServiceError::PolicyDocument(_))
    }
}

impl From<pms_domain::Invalid> for ServiceError {
    fn from(e: pms_domain::Invalid) -> Self {
        ServiceError::Invalid(e)
    }
}

impl From<PmsError> for ServiceError {
    fn from(e: PmsError) -> Self {
        ServiceError::Business(e)
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        ServiceError::Internal(e.to_string())
    }
}

/// What names the operator in the audit trail: visible ASCII, bounded.
fn validate_operator(who: &str) -> String {
    let clean: String = who.chars().filter(|c| c.is_ascii_graphic()).take(64).collect();
    if clean.is_empty() {
        "operator".into()
    } else {
        clean
    }
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// The authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub username: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub lang_code: String,
    pub roles: Vec<String>,
    /// Tokens carry it; one issued before the user's generation moved is refused.
    pub token_generation: i64,
}

impl Actor {
    pub fn has_any(&self, wanted: &[&str]) -> bool {
        roles::has_any(&self.roles, wanted)
    }

    pub fn is_partner_admin(&self) -> bool {
        self.has_any(&[roles::PARTNER_ADMIN])
    }
}

/// Who is asking, and from where; carried into audit rows.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    pub actor: Option<Actor>,
    pub request_id: Option<String>,
    pub client_ip: String,
}

impl Ctx {
    /// The operator at the command line, who holds the database and so acts as Partner Admin;
    /// audited as `cli:<login of the shell>`.
    pub fn operator(who: &str) -> Ctx {
        let name = format!("cli:{}", validate_operator(who));
        let actor = Actor {
            user_id: name.clone(),
            username: name,
            email: String::new(),
            first_name: None,
            last_name: None,
            lang_code: "eng".into(),
            roles: vec![roles::PARTNER_ADMIN.to_string()],
            token_generation: 0,
        };
        Ctx { actor: Some(actor), request_id: None, client_ip: "cli".into() }
    }

    /// The server itself (first start creates the administrator).
    pub fn system() -> Ctx {
        let actor = Actor {
            user_id: "system".into(),
            username: "system".into(),
            email: String::new(),
            first_name: None,
            last_name: None,
            lang_code: "eng".into(),
            roles: Vec::new(),
            token_generation: 0,
        };
        Ctx { actor: Some(actor), request_id: None, client_ip: "local".into() }
    }

    /// This request on behalf of `actor`, who has just proved who they are (a login).
    pub fn acting_as(&self, actor: &Actor) -> Ctx {
        Ctx { actor: Some(actor.clone()), ..self.clone() }
    }

    pub fn name(&self) -> &str {
        self.actor.as_ref().map(|a| a.username.as_str()).unwrap_or("anonymous")
    }

    pub fn actor(&self) -> Result<&Actor> {
        self.actor.as_ref().ok_or(ServiceError::Unauthenticated)
    }

    /// The caller must hold at least one of `roles`.
    pub fn require(&self, roles: &[&str]) -> Result<&Actor> {
        let actor = self.actor()?;
        if actor.has_any(roles) {
            Ok(actor)
        } else {
            Err(ServiceError::Forbidden)
        }
    }
}

pub struct Services {
    store: Store,
    pub config: Arc<Config>,
    /// Wakes this node's delivery worker when a write has queued something.
    wake: Arc<tokio::sync::Notify>,
    keys: auth::Keys,
    tokens: auth::TokenCache,
    clock: Arc<dyn Clock>,
    platform: certificates::Platform,
    /// eSignet's client management, when PMS registers clients there.
    esignet: Option<Arc<dyn esignet::Esignet>>,
    mappings: clients::Mappings,
    /// The external OpenID provider users may log in with, when one is configured.
    federation: Option<federation::Federation>,
}

impl Services {
    /// Connects, migrates and loads (or creates) the server keys, on the system clock.
    pub async fn open(config: Config) -> Result<Arc<Services>> {
        Self::open_with_clock(config, Arc::new(SystemClock)).await
    }

    /// As [`Services::open`], reading the time from `clock` (tests pass a settable one).
    pub async fn open_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<Arc<Services>> {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            ServiceError::Internal(format!("cannot create data dir {}: {e}", config.data_dir.display()))
        })?;
        let store =
            Store::connect(&config.database_url(), &StoreOptions { max_connections: config.db_max_connections })
                .await?;
        store.migrate().await?;
        let keys = auth::Keys::load(&store, &config).await?;
        let platform = certificates::Platform::load(&store, &config, clock.now()).await?;
        let mappings = clients::Mappings::load(&config).map_err(ServiceError::Internal)?;
        let esignet = match config.esignet_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => {
                let timeout = std::time::Duration::from_secs(config.esignet_timeout_seconds.max(1));
                let client = esignet::HttpEsignet::new(url, timeout).map_err(ServiceError::Internal)?;
                Some(Arc::new(client) as Arc<dyn esignet::Esignet>)
            }
            None => None,
        };
        let federation = federation::Federation::from_config(&config).map_err(ServiceError::Internal)?;
        Ok(Arc::new(Services {
            store,
            config: Arc::new(config),
            wake: Arc::new(tokio::sync::Notify::new()),
            keys,
            tokens: auth::TokenCache::default(),
            clock,
            platform,
            esignet,
            mappings,
            federation,
        }))
    }

    /// The clock every rule reads; the web layer stamps its answers with it too.
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    /// The current time of the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The store, for the delivery worker (which records its attempts itself) and tools.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Connections of the database pool, and how many are idle (`/metrics`).
    pub fn pool_usage(&self) -> (u32, usize) {
        self.store.pool_usage()
    }

    /// What a delivery worker of this process waits on between rounds.
    pub fn delivery_wakeup(&self) -> Arc<tokio::sync::Notify> {
        self.wake.clone()
    }

    pub(crate) fn wake_delivery(&self) {
        self.wake.notify_one();
    }

    /// Whether the database answers (`/readyz`).
    pub async fn ping(&self) -> Result<()> {
        Ok(self.store.ping().await?)
    }
}
