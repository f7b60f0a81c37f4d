//! Login through an external OpenID provider (Keycloak, eSignet, an agency's own): the portal's
//! authorisation-code flow with PKCE (`openidconnect`), and the provider's JWT access tokens
//! accepted by the API (`jsonwebtoken`, against the keys the provider publishes). What the
//! provider says about a user is an [`ExternalIdentity`]; `Services` turns it into a local user
//! linked by the provider's (issuer, subject), with the roles of the configured role claim.

use crate::Config;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl,
    Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use pms_domain::{roles, validate};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Keys and endpoints are fetched again after this long, so that a provider's key rotation is
/// followed without a restart…
const METADATA_TTL_MINUTES: i64 = 60;
/// …and at most this often when a token names a key we do not know (a flood of forged key ids
/// must not become a flood of requests to the provider).
const REFRESH_MIN_SECONDS: i64 = 30;
/// The time a user has at the provider between leaving the portal and coming back.
const LOGIN_WINDOW_MINUTES: i64 = 10;
const LEEWAY_SECONDS: i64 = 5;
/// Signatures accepted from the provider: asymmetric only, so that its public keys can never be
/// used as an HMAC secret.
const ALGORITHMS: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];
const MAX_ROLES: usize = 64;

/// The relying-party client with the endpoints discovery gives.
type Rp = CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// What a verified token of the provider says about its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalIdentity {
    pub issuer: String,
    pub subject: String,
    pub username: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub roles: Vec<String>,
}

/// What the portal keeps (sealed, in a cookie) between sending the user to the provider and the
/// provider sending them back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingLogin {
    state: String,
    nonce: String,
    verifier: String,
    /// Where the user was going (a local path).
    pub next: String,
    expires: i64,
}

#[derive(Clone)]
struct Provider {
    metadata: CoreProviderMetadata,
    keys: Vec<Jwk>,
    fetched_at: DateTime<Utc>,
}

pub struct Federation {
    issuer: String,
    client_id: String,
    client_secret: Option<String>,
    audience: String,
    role_claim: Vec<String>,
    username_claim: String,
    scopes: Vec<String>,
    /// Shown on the login button.
    pub name: String,
    redirect: String,
    pub link_by_username: bool,
    http: reqwest::Client,
    provider: tokio::sync::RwLock<Option<Provider>>,
}

impl Federation {
    /// The provider of the configuration, if one is set. The provider itself is asked for its
    /// metadata at the first login, so that PMS starts while it is down.
    pub fn from_config(config: &Config) -> Result<Option<Federation>, String> {
        let Some(issuer) = config.oidc_issuer.as_deref().map(str::trim).filter(|i| !i.is_empty()) else {
            return Ok(None);
        };
        // Kept as given: discovery requires the provider's issuer exactly, trailing slash and all.
        let issuer = issuer.to_string();
        IssuerUrl::new(issuer.clone()).map_err(|e| format!("PMS_OIDC_ISSUER: {e}"))?;
        let client_id = config
            .oidc_client_id
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .ok_or("PMS_OIDC_CLIENT_ID is required with PMS_OIDC_ISSUER")?
            .to_string();
        let redirect = format!("{}/login/oidc/callback", config.public_url());
        RedirectUrl::new(redirect.clone()).map_err(|e| format!("PMS_PUBLIC_URL: {e}"))?;
        let name = config
            .oidc_provider_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .or_else(|| url::Url::parse(&issuer).ok().and_then(|u| u.host_str().map(str::to_string)))
            .unwrap_or_else(|| issuer.clone());
        let http = reqwest::Client::builder()
            // Following redirects would let the provider's answers point PMS at other hosts.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Some(Federation {
            audience: config
                .oidc_audience
                .clone()
                .filter(|a| !a.trim().is_empty())
                .unwrap_or_else(|| client_id.clone()),
            client_secret: config.oidc_client_secret.clone().filter(|s| !s.is_empty()),
            client_id,
            role_claim: config.oidc_role_claim.split('.').map(str::to_string).collect(),
            username_claim: config.oidc_username_claim.clone(),
            scopes: config
                .oidc_scopes
                .split([' ', ','])
                .filter(|s| !s.is_empty() && *s != "openid")
                .map(String::from)
                .collect(),
            name,
            redirect,
            link_by_username: config.oidc_link_by_username,
            issuer,
            http,
            provider: tokio::sync::RwLock::new(None),
        }))
    }

    /// Whether a bearer token claims to come from this provider (unverified: it only picks the
    /// verification to apply).
    pub fn claims_to_be_from(&self, token: &str) -> bool {
        #[derive(Deserialize)]
        struct Iss {
            iss: Option<String>,
        }
        jsonwebtoken::dangerous::insecure_decode_claims::<Iss>(token)
            .ok()
            .and_then(|c| c.iss)
            .is_some_and(|iss| iss.trim_end_matches('/') == self.issuer.trim_end_matches('/'))
    }

    /// The provider's metadata and keys: cached, fetched again when old, or when `refresh` and the
    /// last fetch is not too recent. A failed fetch keeps what was known.
    async fn provider(&self, now: DateTime<Utc>, refresh: bool) -> Result<Provider, String> {
        let fresh = |p: &Provider| {
            let age = now - p.fetched_at;
            age < Duration::minutes(METADATA_TTL_MINUTES) && !(refresh && age >= Duration::seconds(REFRESH_MIN_SECONDS))
        };
        if let Some(p) = self.provider.read().await.as_ref().filter(|p| fresh(p)) {
            return Ok(p.clone());
        }
        let mut slot = self.provider.write().await;
        if let Some(p) = slot.as_ref().filter(|p| fresh(p)) {
            return Ok(p.clone());
        }
        match self.discover(now).await {
            Ok(p) => {
                *slot = Some(p.clone());
                Ok(p)
            }
            Err(e) => {
                tracing::warn!(issuer = %self.issuer, error = %e, "the identity provider could not be read");
                slot.clone().ok_or(e)
            }
        }
    }

    async fn discover(&self, now: DateTime<Utc>) -> Result<Provider, String> {
        let issuer = IssuerUrl::new(self.issuer.clone()).map_err(|e| e.to_string())?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http).await.map_err(|e| error_chain(&e))?;
        // Keys of a type `jsonwebtoken` does not know are left out rather than failing the set.
        let set = serde_json::to_value(metadata.jwks()).map_err(|e| e.to_string())?;
        let keys = set["keys"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok())
            .collect();
        Ok(Provider { metadata, keys, fetched_at: now })
    }

    fn client(&self, provider: &Provider) -> Result<Rp, String> {
        let client = CoreClient::from_provider_metadata(
            provider.metadata.clone(),
            ClientId::new(self.client_id.clone()),
            self.client_secret.clone().map(ClientSecret::new),
        );
        Ok(client.set_redirect_uri(RedirectUrl::new(self.redirect.clone()).map_err(|e| e.to_string())?))
    }

    /// Where to send the user, and what to remember until they come back.
    pub async fn start(&self, next: String, now: DateTime<Utc>) -> Result<(String, PendingLogin), String> {
        let client = self.client(&self.provider(now, false).await?)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request =
            client.authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random);
        for scope in &self.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        let pending = PendingLogin {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
            next,
            expires: (now + Duration::minutes(LOGIN_WINDOW_MINUTES)).timestamp(),
        };
        Ok((url.to_string(), pending))
    }

    /// The user the provider sent back with `code`: the code is exchanged (with the PKCE
    /// verifier), the ID token verified (signature, issuer, audience, expiry, nonce).
    pub async fn finish(
        &self,
        code: &str,
        state: &str,
        pending: &PendingLogin,
        now: DateTime<Utc>,
    ) -> Result<ExternalIdentity, String> {
        if now.timestamp() > pending.expires {
            return Err("the login took too long; try again".into());
        }
        // Compared through their hashes, so that the comparison's time tells nothing.
        if Sha256::digest(state.as_bytes()) != Sha256::digest(pending.state.as_bytes()) {
            return Err("the answer does not belong to this login".into());
        }
        let client = self.client(&self.provider(now, false).await?)?;
        let answer = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| e.to_string())?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| error_chain(&e))?;
        let id_token = answer.id_token().ok_or("the provider answered without an ID token")?;
        let verifier = client.id_token_verifier().set_time_fn(move || now);
        id_token.claims(&verifier, &Nonce::new(pending.nonce.clone())).map_err(|e| e.to_string())?;
        // The verified token's own claims, the provider's extra ones (roles) included.
        let id_claims = self.verify(&id_token.to_string(), &self.client_id, now).await?;
        // Keycloak puts the realm roles in the access token only: when that is a JWT for us, its
        // roles are the ones that count, as they are for the API.
        let access_claims = self.verify(answer.access_token().secret(), &self.audience, now).await.ok();
        let mut identity = self.identity(&id_claims)?;
        if let Some(access) = access_claims.filter(|c| c["sub"] == id_claims["sub"]) {
            identity.roles = self.roles(&access);
        }
        Ok(identity)
    }

    /// The user of one of the provider's access tokens, as the API accepts it.
    pub async fn access_token(&self, token: &str, now: DateTime<Utc>) -> Result<ExternalIdentity, String> {
        let claims = self.verify(token, &self.audience, now).await?;
        self.identity(&claims)
    }

    /// Verifies a JWT of the provider for `audience` against the injected clock; answers its claims.
    async fn verify(&self, token: &str, audience: &str, now: DateTime<Utc>) -> Result<Value, String> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| e.to_string())?;
        if !ALGORITHMS.contains(&header.alg) {
            return Err(format!("{:?} signatures are not accepted", header.alg));
        }
        let mut provider = self.provider(now, false).await?;
        let mut key = pick_key(&provider.keys, header.kid.as_deref(), header.alg);
        if key.is_none() {
            provider = self.provider(now, true).await?;
            key = pick_key(&provider.keys, header.kid.as_deref(), header.alg);
        }
        let key = key.ok_or("the token is signed with a key the provider does not publish")?;
        let key = DecodingKey::from_jwk(key).map_err(|e| e.to_string())?;
        let mut validation = Validation::new(header.alg);
        let bare = self.issuer.trim_end_matches('/');
        validation.set_issuer(&[bare.to_string(), format!("{bare}/")]);
        validation.set_audience(&[audience]);
        // Expiry is judged below against the injected clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.set_required_spec_claims(&["iss", "sub", "aud", "exp"]);
        let claims = jsonwebtoken::decode::<Value>(token, &key, &validation).map_err(|e| e.to_string())?.claims;
        let at = now.timestamp();
        match claims["exp"].as_i64() {
            Some(exp) if exp + LEEWAY_SECONDS > at => {}
            _ => return Err("the token has expired".into()),
        }
        if claims["nbf"].as_i64().is_some_and(|nbf| nbf > at + LEEWAY_SECONDS) {
            return Err("the token is not valid yet".into());
        }
        Ok(claims)
    }

    /// The user named by verified claims; every value is bounded before it goes further.
    fn identity(&self, claims: &Value) -> Result<ExternalIdentity, String> {
        let text = |name: &str| claims[name].as_str().map(str::trim).filter(|v| !v.is_empty());
        let subject = text("sub").ok_or("the token names no subject")?;
        if subject.chars().count() > 255 {
            return Err("the subject is longer than 255 characters".into());
        }
        let username = text(&self.username_claim).ok_or_else(|| format!("the token has no {}", self.username_claim))?;
        let username = validate::partner_id(username).map_err(|e| format!("{}: {}", self.username_claim, e.message))?;
        let name = |claim: &str| text(claim).map(|v| validate::truncated(v, 128).into_owned());
        Ok(ExternalIdentity {
            issuer: self.issuer.clone(),
            subject: subject.to_string(),
            username,
            email: text("email").and_then(|e| validate::email(e).ok()),
            first_name: name("given_name"),
            last_name: name("family_name"),
            roles: self.roles(claims),
        })
    }

    /// PMS's role codes under the role claim; the provider's own roles (`offline_access`,
    /// `default-roles-…`) are not role codes and are left out.
    fn roles(&self, claims: &Value) -> Vec<String> {
        let mut at = claims;
        for segment in &self.role_claim {
            at = &at[segment.as_str()];
        }
        let listed: Vec<&str> = match at {
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            Value::String(one) => one.split([' ', ',']).collect(),
            _ => Vec::new(),
        };
        let mut roles: Vec<String> =
            listed.into_iter().filter(|r| roles::is_valid_role_code(r)).take(MAX_ROLES).map(String::from).collect();
        roles.sort();
        roles.dedup();
        roles
    }
}

/// The key a token names, or, when it names none, the provider's only key for its algorithm.
fn pick_key<'a>(keys: &'a [Jwk], kid: Option<&str>, alg: Algorithm) -> Option<&'a Jwk> {
    let fits = |k: &&Jwk| {
        DecodingKey::from_jwk(k).is_ok_and(|d| d.family() == alg.family())
            && k.common.key_algorithm.is_none_or(|a| a.to_string() == format!("{alg:?}"))
    };
    match kid {
        Some(kid) => keys.iter().filter(fits).find(|k| k.common.key_id.as_deref() == Some(kid)),
        None => {
            let mut candidates = keys.iter().filter(fits);
            let first = candidates.next();
            first.filter(|_| candidates.next().is_none())
        }
    }
}

/// An error with its sources, which is where HTTP clients say what actually went wrong.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn federation() -> Federation {
        let config = Config {
            oidc_issuer: Some("https://idp.example/realms/mosip/".into()),
            oidc_client_id: Some("pms".into()),
            ..Config::default()
        };
        Federation::from_config(&config).unwrap().unwrap()
    }

    #[test]
    fn roles_are_the_role_codes_under_the_claim() {
        let f = federation();
        let claims = json!({"realm_access": {"roles": ["PARTNER_ADMIN", "offline_access", "default-roles-mosip", "AUTH_PARTNER", "PARTNER_ADMIN"]}});
        assert_eq!(f.roles(&claims), vec!["AUTH_PARTNER", "PARTNER_ADMIN"]);
        assert!(f.roles(&json!({"roles": ["PARTNER_ADMIN"]})).is_empty());
        assert!(f.roles(&json!({"realm_access": {"roles": "PARTNER_ADMIN"}})).contains(&"PARTNER_ADMIN".to_string()));
    }

    #[test]
    fn identities_are_bounded_and_named_by_the_username_claim() {
        let f = federation();
        let ok = f
            .identity(&json!({"sub": "42", "preferred_username": "bank-1", "email": "A@Bank.example", "given_name": "x".repeat(500)}))
            .unwrap();
        assert_eq!((ok.username.as_str(), ok.email.as_deref()), ("bank-1", Some("a@bank.example")));
        assert!(ok.first_name.unwrap().chars().count() <= 128);
        assert!(f.identity(&json!({"sub": "42"})).unwrap_err().contains("preferred_username"));
        assert!(f.identity(&json!({"sub": "4".repeat(300), "preferred_username": "bank-1"})).is_err());
        assert!(f.identity(&json!({"sub": "42", "preferred_username": "b".repeat(5000)})).is_err());
        assert!(f.identity(&json!({"sub": "42", "preferred_username": "two words"})).is_err());
    }

    #[test]
    fn the_issuer_a_token_claims_picks_the_verification() {
        let f = federation();
        let unsigned = |claims: Value| {
            let b64 =
                |v: &Value| base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, v.to_string());
            format!("{}.{}.sig", b64(&json!({"alg": "RS256"})), b64(&claims))
        };
        assert!(f.claims_to_be_from(&unsigned(json!({"iss": "https://idp.example/realms/mosip"}))));
        assert!(f.claims_to_be_from(&unsigned(json!({"iss": "https://idp.example/realms/mosip/"}))));
        assert!(!f.claims_to_be_from(&unsigned(json!({"iss": "pms"}))));
        assert!(!f.claims_to_be_from("not a token"));
    }

    #[test]
    fn without_an_issuer_there_is_no_provider_and_a_client_id_is_required() {
        assert!(Federation::from_config(&Config::default()).unwrap().is_none());
        let config = Config { oidc_issuer: Some("https://idp.example".into()), ..Config::default() };
        assert!(Federation::from_config(&config).is_err());
    }
}
