//! Public JWKs of fresh keys, for OIDC client tests: RSA, EC P-256 and Ed25519.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A new RSA-2048 public key.
pub fn rsa() -> Value {
    use rsa::traits::PublicKeyParts;
    let key = rsa::PrivateKey::new(&mut rand010::rng(), 2048).expect("RSA key").to_public_key();
    json!({
        "kty": "RSA",
        "e": b64(&key.e().to_be_bytes_trimmed_vartime()),
        "n": b64(&key.n().to_be_bytes_trimmed_vartime()),
        "alg": "RS256",
        "use": "sig",
    })
}

/// The same RSA key written another way: members reordered, another `kid`, and the modulus
/// with a leading zero byte (which base64url decoders must ignore).
pub fn reencoded(rsa_jwk: &Value) -> Value {
    let n = URL_SAFE_NO_PAD.decode(rsa_jwk["n"].as_str().expect("n")).expect("base64url n");
    json!({ "n": b64(&[&[0u8][..], &n].concat()), "kid": "another-kid", "kty": "RSA", "e": rsa_jwk["e"] })
}

/// A new EC P-256 public key.
pub fn ec() -> Value {
    ec_signer().0
}

/// A new EC P-256 key: its public JWK and its private key as PKCS#8 PEM (to sign ES256 tokens).
pub fn ec_signer() -> (Value, String) {
    let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).expect("P-256 key");
    // SEC1 uncompressed: 0x04 ‖ x ‖ y.
    let raw = pair.public_key_raw();
    let jwk = json!({ "kty": "EC", "crv": "P-256", "x": b64(&raw[1..33]), "y": b64(&raw[33..65]) });
    (jwk, pair.serialize_pem())
}

/// A new Ed25519 public key.
pub fn ed25519() -> Value {
    let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).expect("Ed25519 key");
    json!({ "kty": "OKP", "crv": "Ed25519", "x": b64(pair.public_key_raw()) })
}
