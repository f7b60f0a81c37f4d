//! Runtime configuration. Sources, lowest to highest precedence: defaults, a TOML file, `PMS_*`
//! environment variables, command-line flags (merged by the `pms` binary).

use pms_domain::partner::ApprovalMode;
use serde::{Deserialize, Serialize, Serializer};
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestTimeCheck {
    /// Only require a valid timestamp in `requestTime`.
    Off,
    /// MOSIP's rule: `requestTime` must be today (UTC).
    SameDay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Address to listen on.
    pub listen: String,
    /// `sqlite://…` or `postgres://…`; empty means `sqlite://<data_dir>/pms.db`.
    pub database_url: Option<String>,
    /// Where the SQLite file, the development mailbox and other local state live.
    pub data_dir: PathBuf,
    /// Base URL of the portal as users reach it (links in e-mails, messages at start-up).
    pub public_url: Option<String>,
    /// Password of the bootstrap `admin` created on first start; random (and printed once) if unset.
    #[serde(serialize_with = "redact")]
    pub admin_password: Option<String>,
    /// Key of API tokens (HMAC-SHA256, at least 32 bytes); unset keeps a generated one in the
    /// database, which suits the embedded case but puts the key beside the data it protects.
    #[serde(serialize_with = "redact")]
    pub jwt_secret: Option<String>,
    /// Key of the stored e-mail codes' hashes (at least 32 bytes); unset: generated, in the database.
    #[serde(serialize_with = "redact")]
    pub otp_pepper: Option<String>,
    #[serde(with = "request_time_check")]
    pub request_time_check: RequestTimeCheck,
    #[serde(with = "approval_mode")]
    pub partner_approval: ApprovalMode,
    /// Lifetime of API tokens from `POST /v1/auth/login`.
    pub token_ttl_minutes: u32,
    /// Portal sessions end after this much inactivity…
    pub session_idle_minutes: u32,
    /// …and in any case after this long.
    pub session_max_hours: u32,
    pub otp_ttl_seconds: u64,
    pub otp_max_attempts: u32,
    pub otp_resend_cooldown_seconds: u64,
    /// Verification codes one e-mail address may receive per hour.
    pub otp_sends_per_hour: u32,
    /// Registrations one client address may start per hour.
    pub registrations_per_hour: u32,
    /// Failed logins allowed per username and per client address within the window.
    pub login_max_failures: u32,
    pub login_window_minutes: u32,
    /// `smtps://user:pass@host:465` (TLS), `smtp://user:pass@host:587?tls=required` (STARTTLS) or
    /// `smtp://host:25` (plain); unset writes e-mails to the mailbox folder.
    #[serde(serialize_with = "redact")]
    pub smtp_url: Option<String>,
    pub smtp_from: String,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    pub db_max_connections: u32,
    pub log_format: LogFormat,
    /// Trust `X-Forwarded-For` for the client address (only behind a reverse proxy you control).
    /// Kept for compatibility: the same as `trusted_proxies = 1`.
    pub trust_forwarded_for: bool,
    /// Reverse proxies in front of PMS whose `X-Forwarded-For` hops are believed: a number of hops
    /// or a list of proxy addresses (`PMS_TRUSTED_PROXIES=2` or `PMS_TRUSTED_PROXIES=10.0.0.5,10.0.0.6`).
    pub trusted_proxies: TrustedProxies,
    /// Seconds a client has to send a request's headers; an idle HTTP/1 connection waiting for its
    /// next request is closed after this long too.
    pub header_read_timeout_seconds: u64,
    /// Seconds a connection may stay open with no request in flight.
    pub idle_timeout_seconds: u64,
    /// The platform CA that re-signs partner certificates, as PEM (certificate and private key).
    /// Unset: one is created on first start in the data dir. Several nodes must be given the same.
    pub platform_ca_cert: Option<String>,
    #[serde(serialize_with = "redact")]
    pub platform_ca_key: Option<String>,
    /// Certificates expiring within this many days are shown as expiring.
    pub certificate_expiry_warning_days: u32,
    /// How long a new API key is valid (MOSIP's `mosip.pmp.partner.policy.expiry.period.indays`).
    pub api_key_validity_days: u32,
    /// Keys ending within this many days are shown as expiring.
    pub api_key_expiry_warning_days: u32,
    /// Put the plain key in `APIKEY_APPROVED` as `apiKeyId`, as MOSIP's ID Authentication
    /// expects. Off by default: the event carries the key's public id and its SHA-256 instead.
    pub api_key_in_events: bool,
    /// Credential types a partner may bind to a policy (`pmp.allowed.credential.types`), comma-separated.
    pub allowed_credential_types: String,
    /// Partner types that may bind credential types, comma-separated.
    pub credential_type_partner_types: String,
    /// Partner types whose policy requests need biometric extractors before approval.
    pub bio_extractors_required_types: String,
    /// A WebSub hub (MOSIP's `websub.publish.url`) that every event is published to; unset: none.
    pub websub_hub_url: Option<String>,
    /// Bearer token PMS presents to that hub (MOSIP's hub wants `PUBLISH_<TOPIC>_GENERAL` roles).
    #[serde(serialize_with = "redact")]
    pub websub_hub_token: Option<String>,
    /// Hosts whose callbacks may subscribe to the built-in hub, comma-separated; empty: none.
    pub websub_callback_allow: String,
    /// Lease of a hub subscription when the subscriber asks for none, and the longest granted.
    pub websub_lease_seconds: u64,
    pub websub_max_lease_seconds: u64,
    /// Attempts of one delivery before it goes to the dead letters.
    pub delivery_max_attempts: u32,
    /// Wait before the first retry; each further retry waits twice as long (with jitter), at
    /// most `delivery_retry_max_seconds`.
    pub delivery_retry_base_seconds: u64,
    pub delivery_retry_max_seconds: u64,
    /// Time a recipient has to answer one attempt.
    pub delivery_timeout_seconds: u64,
    /// How long a node holds the rows it is delivering; after that another node may take them.
    pub delivery_lease_seconds: u64,
    /// Rows one node leases at a time, and how many of them it delivers at once.
    pub delivery_batch: u32,
    pub delivery_concurrency: u32,
    /// How often an idle node looks for due rows written by other nodes (its own wake it at once).
    pub delivery_poll_millis: u64,
    /// Days before an API key's or certificate's end on which its owner is reminded, comma-separated.
    pub expiry_reminder_days: String,
    /// MOSIP's `mosip.pms.oidc.client.available`: off answers the OIDC client endpoints with
    /// `PMS_FEATURE_002`.
    pub oidc_clients: bool,
    /// eSignet's API base (`https://esignet.example/v1/esignet`); clients are registered there
    /// before PMS stores them. Unset: PMS is the system of record alone.
    pub esignet_url: Option<String>,
    pub esignet_timeout_seconds: u64,
    /// Grant types and client authentication methods a client may use, comma-separated.
    pub oidc_grant_types: String,
    pub oidc_client_auth_methods: String,
    /// eSignet's `identity-mapping.json` and `amr-acr-mapping.json`; unset: MOSIP's shipped ones.
    pub identity_mapping_file: Option<PathBuf>,
    pub amr_acr_mapping_file: Option<PathBuf>,
    /// Days a MISP licence is valid (`mosip.pmp.misp.license.expiry.period.indays`).
    pub misp_licence_days: u32,
    /// Key that seals the secrets PMS must be able to show again (MISP licence keys), at least 32
    /// bytes; unset: generated, in the database.
    #[serde(serialize_with = "redact")]
    pub seal_key: Option<String>,
    /// An OpenID provider users may log in with (`https://keycloak.example/realms/mosip`); unset:
    /// only the built-in login. Its access tokens are accepted by the API as well.
    pub oidc_issuer: Option<String>,
    pub oidc_client_id: Option<String>,
    #[serde(serialize_with = "redact")]
    pub oidc_client_secret: Option<String>,
    /// The `aud` the provider's access tokens must name to be accepted; unset: the client id.
    pub oidc_audience: Option<String>,
    /// Where the roles are in the provider's tokens, as a dotted path (Keycloak's by default).
    pub oidc_role_claim: String,
    /// The claim that names the user in PMS (a partner's user is named by its partner id).
    pub oidc_username_claim: String,
    pub oidc_scopes: String,
    /// Shown on the login button; unset: the provider's host.
    pub oidc_provider_name: Option<String>,
    /// A first login through the provider may take over the local user of the same name (for an
    /// agency whose provider already holds its partners' accounts). Off: such a login is refused,
    /// so that nobody can claim a local account by naming themselves after it at the provider.
    pub oidc_link_by_username: bool,
    /// Off: users log in only through the provider (the login form and `POST /v1/auth/login`
    /// refuse passwords).
    pub builtin_login: bool,
}

/// The items of a comma-separated setting.
pub fn list(setting: &str) -> Vec<&str> {
    setting.split(',').map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// Which `X-Forwarded-For` hops come from proxies of ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustedProxies {
    /// The last `n` hops (the socket peer included) are trusted proxies; 0 trusts none.
    Hops(usize),
    /// Hops from these addresses are trusted proxies.
    Addresses(Vec<IpAddr>),
}

impl Default for TrustedProxies {
    fn default() -> Self {
        TrustedProxies::Hops(0)
    }
}

impl TrustedProxies {
    /// `2`, or a comma-separated list of IP addresses; blank means none.
    pub fn parse(s: &str) -> Result<TrustedProxies, String> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(TrustedProxies::Hops(0));
        }
        if let Ok(n) = s.parse::<usize>() {
            return Ok(TrustedProxies::Hops(n));
        }
        s.split(',')
            .map(|a| {
                a.trim().parse::<IpAddr>().map_err(|_| format!("trusted_proxies: {:?} is not an IP address", a.trim()))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies::Addresses)
    }
}

impl Serialize for TrustedProxies {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            TrustedProxies::Hops(n) => s.serialize_u64(*n as u64),
            TrustedProxies::Addresses(list) => {
                s.serialize_str(&list.iter().map(IpAddr::to_string).collect::<Vec<_>>().join(","))
            }
        }
    }
}

impl<'de> Deserialize<'de> for TrustedProxies {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
            List(Vec<String>),
        }
        match Raw::deserialize(d)? {
            Raw::Number(n) => usize::try_from(n).map(TrustedProxies::Hops).map_err(D::Error::custom),
            Raw::Text(s) => TrustedProxies::parse(&s).map_err(D::Error::custom),
            Raw::List(list) => TrustedProxies::parse(&list.join(",")).map_err(D::Error::custom),
        }
    }
}

fn redact<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(_) => s.serialize_some("***"),
        None => s.serialize_none(),
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secrets never reach logs.
        f.write_str(&serde_json::to_string(self).unwrap_or_default())
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            database_url: None,
            data_dir: PathBuf::from("pms-data"),
            public_url: None,
            admin_password: None,
            jwt_secret: None,
            otp_pepper: None,
            request_time_check: RequestTimeCheck::Off,
            partner_approval: ApprovalMode::Admin,
            token_ttl_minutes: 60,
            session_idle_minutes: 30,
            session_max_hours: 12,
            otp_ttl_seconds: 600,
            otp_max_attempts: 5,
            otp_resend_cooldown_seconds: 60,
            otp_sends_per_hour: 5,
            registrations_per_hour: 20,
            login_max_failures: 10,
            login_window_minutes: 5,
            smtp_url: None,
            smtp_from: "PMS <no-reply@pms.localhost>".into(),
            max_body_bytes: 1024 * 1024,
            db_max_connections: 10,
            log_format: LogFormat::Text,
            trust_forwarded_for: false,
            trusted_proxies: TrustedProxies::default(),
            header_read_timeout_seconds: 10,
            idle_timeout_seconds: 60,
            platform_ca_cert: None,
            platform_ca_key: None,
            certificate_expiry_warning_days: 90,
            api_key_validity_days: 365,
            api_key_expiry_warning_days: 14,
            api_key_in_events: false,
            allowed_credential_types: "auth,qrcode,euin,reprint,vercred,opencrvs".into(),
            credential_type_partner_types: "Credential_Partner,Online_Verification_Partner,Auth_Partner".into(),
            bio_extractors_required_types: "Credential_Partner,Online_Verification_Partner".into(),
            websub_hub_url: None,
            websub_hub_token: None,
            websub_callback_allow: String::new(),
            websub_lease_seconds: 864_000,
            websub_max_lease_seconds: 31_536_000,
            delivery_max_attempts: 12,
            delivery_retry_base_seconds: 5,
            delivery_retry_max_seconds: 3600,
            delivery_timeout_seconds: 10,
            delivery_lease_seconds: 120,
            delivery_batch: 200,
            delivery_concurrency: 32,
            delivery_poll_millis: 1000,
            expiry_reminder_days: "30,7,1".into(),
            oidc_clients: true,
            esignet_url: None,
            esignet_timeout_seconds: 10,
            oidc_grant_types: "authorization_code".into(),
            oidc_client_auth_methods: "private_key_jwt".into(),
            identity_mapping_file: None,
            amr_acr_mapping_file: None,
            misp_licence_days: 90,
            seal_key: None,
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_audience: None,
            oidc_role_claim: "realm_access.roles".into(),
            oidc_username_claim: "preferred_username".into(),
            oidc_scopes: "openid profile email".into(),
            oidc_provider_name: None,
            oidc_link_by_username: false,
            builtin_login: true,
        }
    }
}

impl Config {
    /// The `_FILE` convention: `PMS_<SECRET>_FILE` names a file holding the secret (a mounted
    /// Docker or Kubernetes secret), which then wins over any other source. `var` reads the
    /// environment (tests pass their own).
    pub fn read_secret_files(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), String> {
        for (name, slot) in [
            ("PMS_ADMIN_PASSWORD_FILE", &mut self.admin_password),
            ("PMS_JWT_SECRET_FILE", &mut self.jwt_secret),
            ("PMS_OTP_PEPPER_FILE", &mut self.otp_pepper),
            ("PMS_SMTP_URL_FILE", &mut self.smtp_url),
            ("PMS_WEBSUB_HUB_TOKEN_FILE", &mut self.websub_hub_token),
            ("PMS_PLATFORM_CA_CERT_FILE", &mut self.platform_ca_cert),
            ("PMS_PLATFORM_CA_KEY_FILE", &mut self.platform_ca_key),
            ("PMS_SEAL_KEY_FILE", &mut self.seal_key),
            ("PMS_OIDC_CLIENT_SECRET_FILE", &mut self.oidc_client_secret),
        ] {
            let Some(path) = var(name).filter(|p| !p.trim().is_empty()) else { continue };
            let text = std::fs::read_to_string(path.trim()).map_err(|e| format!("{name}: cannot read {path}: {e}"))?;
            *slot = Some(text.trim_end_matches(['\n', '\r']).to_string());
        }
        Ok(())
    }

    pub fn database_url(&self) -> String {
        match self.database_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => url.to_string(),
            None => format!("sqlite://{}", self.data_dir.join("pms.db").display()),
        }
    }

    pub fn mailbox_dir(&self) -> PathBuf {
        self.data_dir.join("mailbox")
    }

    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.listen),
        }
    }
}

mod request_time_check {
    use super::RequestTimeCheck;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &RequestTimeCheck, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match v {
            RequestTimeCheck::Off => "off",
            RequestTimeCheck::SameDay => "same-day",
        })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RequestTimeCheck, D::Error> {
        match String::deserialize(d)?.trim().to_ascii_lowercase().as_str() {
            "off" => Ok(RequestTimeCheck::Off),
            "same-day" | "same_day" => Ok(RequestTimeCheck::SameDay),
            other => Err(D::Error::custom(format!("request_time_check must be off or same-day, not {other}"))),
        }
    }
}

mod approval_mode {
    use pms_domain::partner::ApprovalMode;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &ApprovalMode, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ApprovalMode, D::Error> {
        let s = String::deserialize(d)?;
        ApprovalMode::parse(&s)
            .ok_or_else(|| D::Error::custom(format!("partner_approval must be admin or on-certificate, not {s}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_secrets() {
        let c = Config {
            admin_password: Some("hunter2-secret".into()),
            smtp_url: Some("smtp://u:pw@host".into()),
            oidc_client_secret: Some("idp-client-secret".into()),
            ..Config::default()
        };
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2") && !shown.contains("pw@host") && !shown.contains("idp-client"), "{shown}");
        assert!(shown.contains("***"));
    }

    #[test]
    fn trusted_proxies_are_a_count_or_addresses() {
        assert_eq!(TrustedProxies::parse(""), Ok(TrustedProxies::Hops(0)));
        assert_eq!(TrustedProxies::parse(" 2 "), Ok(TrustedProxies::Hops(2)));
        let list = TrustedProxies::parse("10.0.0.5, ::1").unwrap();
        assert_eq!(list, TrustedProxies::Addresses(vec!["10.0.0.5".parse().unwrap(), "::1".parse().unwrap()]));
        assert!(TrustedProxies::parse("10.0.0.5,proxy.local").is_err());
        let back: TrustedProxies = serde_json::from_value(serde_json::to_value(&list).unwrap()).unwrap();
        assert_eq!(back, list);
        let n: TrustedProxies = serde_json::from_value(serde_json::json!(3)).unwrap();
        assert_eq!(n, TrustedProxies::Hops(3));
    }

    #[test]
    fn default_database_is_sqlite_in_the_data_dir() {
        assert_eq!(Config::default().database_url(), "sqlite://pms-data/pms.db");
        let c = Config { database_url: Some("postgres://x/y".into()), ..Config::default() };
        assert_eq!(c.database_url(), "postgres://x/y");
    }
}
