//! Public keys of OIDC clients, sent as JWKs (RFC 7517): RSA, EC (P-256, P-384) or OKP (Ed25519).
//!
//! eSignet and MOSIP PMS name a client after its key: the client id is the unpadded base64url
//! SHA-256 of the standard-Base64 text of the key's bytes — the X.509 SubjectPublicKeyInfo DER for
//! RSA and EC, the raw `x` for OKP. Because the id is computed from the decoded key, two texts of one
//! key (members reordered, another `kid`, a modulus with a leading zero byte) get the same id, which
//! is how a key registered twice is recognised.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::{Map, Value};

/// Longest JWK text accepted (an RSA-8192 JWK is about 1.5 KiB).
pub const MAX_JWK_BYTES: usize = 8 * 1024;
const MIN_RSA_BITS: usize = 2048;
const MAX_RSA_BITS: usize = 8192;

/// Why a JWK is not a usable public key; `Display` says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct JwkError(String);

fn bad(text: impl Into<String>) -> JwkError {
    JwkError(text.into())
}

/// A parsed client key: the id it gives and the JWK as stored (public members only).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientKey {
    pub client_id: String,
    pub kty: &'static str,
    pub jwk: Value,
}

/// Parses a public JWK and derives its client id.
pub fn client_key(jwk: &Value) -> Result<ClientKey, JwkError> {
    let object = jwk.as_object().ok_or_else(|| bad("the public key must be a JWK object"))?;
    if serde_json::to_vec(jwk).map(|v| v.len()).unwrap_or(usize::MAX) > MAX_JWK_BYTES {
        return Err(bad(format!("the JWK is longer than {MAX_JWK_BYTES} bytes")));
    }
    for private in ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] {
        if object.contains_key(private) {
            return Err(bad(format!("the JWK holds the private member \"{private}\"; send only the public key")));
        }
    }
    let kty = text(object, "kty")?;
    let (kty, members, key_bytes): (&'static str, &[&str], Vec<u8>) = match kty {
        "RSA" => ("RSA", &["n", "e"], rsa_spki(object)?),
        "EC" => ("EC", &["crv", "x", "y"], ec_spki(object)?),
        "OKP" => ("OKP", &["crv", "x"], okp_bytes(object)?),
        other => return Err(bad(format!("key type \"{other}\" is not supported (RSA, EC or OKP)"))),
    };
    let mut stored = Map::new();
    stored.insert("kty".into(), Value::from(kty));
    for member in members.iter().chain(["use", "alg", "kid"].iter()) {
        if let Some(value @ Value::String(_)) = object.get(*member) {
            stored.insert((*member).into(), value.clone());
        }
    }
    Ok(ClientKey { client_id: client_id_of(&key_bytes), kty, jwk: Value::Object(stored) })
}

/// eSignet's id for a key whose encoded bytes are `key_bytes`.
pub fn client_id_of(key_bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, STANDARD.encode(key_bytes).as_bytes()))
}

fn text<'a>(object: &'a Map<String, Value>, member: &str) -> Result<&'a str, JwkError> {
    object.get(member).and_then(Value::as_str).ok_or_else(|| bad(format!("the JWK has no text member \"{member}\"")))
}

fn bytes(object: &Map<String, Value>, member: &str) -> Result<Vec<u8>, JwkError> {
    let value = text(object, member)?;
    URL_SAFE_NO_PAD
        .decode(value.trim_end_matches('='))
        .map_err(|_| bad(format!("the JWK member \"{member}\" is not base64url")))
}

fn rsa_spki(object: &Map<String, Value>) -> Result<Vec<u8>, JwkError> {
    use rsa::pkcs8::EncodePublicKey;
    // Leading zero bytes would widen the integer; key material is public, so variable time is fine.
    let unsigned = |member| -> Result<rsa::BoxedUint, JwkError> {
        let raw = bytes(object, member)?;
        let start = raw.iter().position(|b| *b != 0).unwrap_or(raw.len());
        Ok(rsa::BoxedUint::from_be_slice_vartime(&raw[start..]))
    };
    let (n, e) = (unsigned("n")?, unsigned("e")?);
    let bits = n.bit_width() as usize;
    if !(MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) {
        return Err(bad(format!("an RSA key of {bits} bits; {MIN_RSA_BITS} to {MAX_RSA_BITS} are accepted")));
    }
    let key = rsa::PublicKey::new_with_size_limits(n, e, MIN_RSA_BITS..=MAX_RSA_BITS)
        .map_err(|e| bad(format!("not an RSA public key: {e}")))?;
    let der = key.to_public_key_der().map_err(|e| bad(format!("the RSA key cannot be encoded: {e}")))?;
    Ok(der.as_bytes().to_vec())
}

fn ec_spki(object: &Map<String, Value>) -> Result<Vec<u8>, JwkError> {
    let crv = text(object, "crv")?;
    let (x, y) = (bytes(object, "x")?, bytes(object, "y")?);
    let size = match crv {
        "P-256" => 32,
        "P-384" => 48,
        other => return Err(bad(format!("curve \"{other}\" is not supported (P-256 or P-384)"))),
    };
    if x.len() != size || y.len() != size {
        return Err(bad(format!("the coordinates of a {crv} key are {size} bytes each")));
    }
    // SEC1 uncompressed point: 0x04 ‖ x ‖ y.
    let point = [&[4u8][..], &x, &y].concat();
    let not_on_curve = |_| bad(format!("the point is not on {crv}"));
    let der = if crv == "P-256" {
        use p256::pkcs8::EncodePublicKey;
        p256::PublicKey::from_sec1_bytes(&point).map_err(not_on_curve)?.to_public_key_der()
    } else {
        use p384::pkcs8::EncodePublicKey;
        p384::PublicKey::from_sec1_bytes(&point).map_err(not_on_curve)?.to_public_key_der()
    };
    Ok(der.map_err(|e| bad(format!("the EC key cannot be encoded: {e}")))?.as_bytes().to_vec())
}

fn okp_bytes(object: &Map<String, Value>) -> Result<Vec<u8>, JwkError> {
    let crv = text(object, "crv")?;
    if crv != "Ed25519" {
        return Err(bad(format!("curve \"{crv}\" is not supported for OKP (Ed25519)")));
    }
    let x = bytes(object, "x")?;
    if x.len() != 32 {
        return Err(bad("an Ed25519 key is 32 bytes"));
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn b64(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    fn rsa_jwk() -> (Value, Vec<u8>) {
        use rsa::pkcs8::EncodePublicKey;
        use rsa::traits::PublicKeyParts;
        let private = rsa::PrivateKey::new(&mut rand::rng(), 2048).expect("key");
        let public = private.to_public_key();
        let (n, e) = (public.n().to_be_bytes_trimmed_vartime(), public.e().to_be_bytes_trimmed_vartime());
        let jwk = json!({ "kty": "RSA", "n": b64(&n), "e": b64(&e) });
        (jwk, public.to_public_key_der().expect("der").as_bytes().to_vec())
    }

    #[test]
    fn rsa_id_is_sha256_of_the_base64_spki_and_ignores_encoding() {
        let (jwk, der) = rsa_jwk();
        let key = client_key(&jwk).expect("rsa");
        assert_eq!(key.client_id, client_id_of(&der));
        assert_eq!(key.client_id.len(), 43);
        // The same key with a leading zero byte on the modulus, another kid and members reordered.
        let n = URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap_or_default()).expect("n");
        let again = json!({ "e": jwk["e"], "kid": "other", "n": b64(&[&[0u8][..], &n].concat()), "kty": "RSA" });
        let second = client_key(&again).expect("re-encoded");
        assert_eq!(second.client_id, key.client_id);
        assert_eq!(second.jwk["kid"], "other");
    }

    #[test]
    fn ec_and_okp_keys_are_accepted_and_named_from_their_bytes() {
        use p256::elliptic_curve::sec1::ToSec1Point;
        use p256::pkcs8::EncodePublicKey;
        let secret = p256::SecretKey::from_slice(&[7u8; 32]).expect("scalar");
        let public = secret.public_key();
        let point = public.to_sec1_point(false);
        let (x, y) = (point.x().expect("x"), point.y().expect("y"));
        let key = client_key(&json!({ "kty": "EC", "crv": "P-256", "x": b64(x), "y": b64(y) })).expect("ec");
        assert_eq!(key.client_id, client_id_of(public.to_public_key_der().expect("der").as_bytes()));

        let x = [9u8; 32];
        let key = client_key(&json!({ "kty": "OKP", "crv": "Ed25519", "x": b64(&x), "use": "sig" })).expect("okp");
        assert_eq!(key.client_id, client_id_of(&x));
        assert_eq!(key.jwk, json!({ "kty": "OKP", "crv": "Ed25519", "x": b64(&x), "use": "sig" }));
    }

    #[test]
    fn unusable_keys_are_refused_with_a_reason() {
        let (jwk, _) = rsa_jwk();
        let mut private = jwk.clone();
        private["d"] = json!("AAAA");
        let cases = [
            (json!("text"), "JWK object"),
            (json!({ "n": "AQAB" }), "kty"),
            (json!({ "kty": "oct", "k": "AAAA" }), "private member"),
            (json!({ "kty": "DSA" }), "not supported"),
            (json!({ "kty": "RSA", "n": "AQAB", "e": "AQAB" }), "bits"),
            (json!({ "kty": "RSA", "n": "!!", "e": "AQAB" }), "base64url"),
            (private, "private member"),
            (json!({ "kty": "EC", "crv": "P-521", "x": "AA", "y": "AA" }), "not supported"),
            (json!({ "kty": "EC", "crv": "P-256", "x": b64(&[1; 32]), "y": b64(&[1; 32]) }), "not on P-256"),
            (json!({ "kty": "EC", "crv": "P-256", "x": b64(&[1; 31]), "y": b64(&[1; 32]) }), "32 bytes"),
            (json!({ "kty": "OKP", "crv": "X25519", "x": b64(&[1; 32]) }), "not supported"),
            (json!({ "kty": "OKP", "crv": "Ed25519", "x": b64(&[1; 31]) }), "32 bytes"),
            (json!({ "kty": "RSA", "n": "A".repeat(MAX_JWK_BYTES), "e": "AQAB" }), "longer than"),
        ];
        for (jwk, expected) in cases {
            let error = client_key(&jwk).expect_err("refused").to_string();
            assert!(error.contains(expected), "{jwk}: {error}");
        }
    }
}
