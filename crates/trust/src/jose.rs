//! Compact JWS signed by the platform CA's [`Signer`], so a document such as the trust bundle is signed
//! by whatever holds the key (software or HSM), like every re-signed certificate.
//!
//! The `jws` crate writes the compact serialisation; the signer's X.509-style signature is converted to
//! the form JWA asks for (RFC 7518 §3.4: ECDSA as fixed-size `r || s`, not DER).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;

use crate::error::TrustError;
use crate::resign::{PlatformCa, Signer, SigningAlgorithm};

impl SigningAlgorithm {
    /// The JWA name (RFC 7518 §3.1, RFC 8037).
    pub fn jwa(self) -> &'static str {
        match self {
            SigningAlgorithm::EcdsaP256Sha256 => "ES256",
            SigningAlgorithm::EcdsaP384Sha384 => "ES384",
            SigningAlgorithm::RsaPkcs1Sha256 => "RS256",
            SigningAlgorithm::Ed25519 => "EdDSA",
        }
    }
}

struct JwsSigner<'a> {
    signer: &'a dyn Signer,
    x5c: String,
    typ: &'a str,
}

impl jws::Signer for JwsSigner<'_> {
    fn set_header_params(&self, header: &mut jws::JsonObject) {
        header.insert("alg".into(), Value::from(self.signer.algorithm().jwa()));
        header.insert("typ".into(), Value::from(self.typ));
        header.insert("x5c".into(), Value::from(vec![self.x5c.clone()]));
    }

    fn compute_mac(&self, header: &[u8], payload: &[u8]) -> jws::Result<Vec<u8>> {
        let input = [header, b".", payload].concat();
        let signature = self.signer.sign(&input).map_err(|e| jws::Error::other(e.to_string()))?;
        let fixed = |e: &dyn std::fmt::Display| jws::Error::other(format!("the signer's ECDSA signature: {e}"));
        Ok(match self.signer.algorithm() {
            SigningAlgorithm::EcdsaP256Sha256 => {
                p256::ecdsa::Signature::from_der(&signature).map_err(|e| fixed(&e))?.to_bytes().to_vec()
            }
            SigningAlgorithm::EcdsaP384Sha384 => {
                p384::ecdsa::Signature::from_der(&signature).map_err(|e| fixed(&e))?.to_bytes().to_vec()
            }
            SigningAlgorithm::RsaPkcs1Sha256 | SigningAlgorithm::Ed25519 => signature,
        })
    }
}

impl PlatformCa {
    /// `payload` as a compact JWS signed with the CA's key; the header carries `typ` and the CA
    /// certificate (`x5c`), so a consumer that trusts the platform CA can verify it. PMS_TRS_001 when
    /// the signer fails.
    pub fn sign_jws(&self, typ: &str, payload: &[u8]) -> Result<String, TrustError> {
        let signer = JwsSigner { signer: self.signer(), x5c: STANDARD.encode(self.certificate().der()), typ };
        jws::compact::encode_sign(jws::JsonObject::new(), payload, &signer)
            .map(jws::compact::EncodedSignedMessage::into_data)
            .map_err(|e| TrustError::signing(format!("could not sign the JWS: {}", e.message()), None))
    }
}
