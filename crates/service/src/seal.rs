//! Secrets PMS must be able to show again (a MISP's licence key, which MOSIP's
//! `GET /misps/{id}/licenseKey` returns) are kept sealed: AES-256-GCM under a key derived from the
//! server's seal key, with a random nonce per secret. A copy of the database alone gives none away.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};

pub(crate) struct Sealer {
    key: LessSafeKey,
}

impl Sealer {
    /// The AES key is the SHA-256 of the configured secret, so any secret of 32 bytes or more will do.
    pub(crate) fn new(secret: &[u8]) -> Sealer {
        let digest = ring::digest::digest(&ring::digest::SHA256, secret);
        let key = UnboundKey::new(&AES_256_GCM, digest.as_ref()).map(LessSafeKey::new);
        // A 32-byte key is what AES-256-GCM takes, so construction cannot fail.
        Sealer { key: key.unwrap_or_else(|_| unreachable!("AES-256-GCM takes a 32-byte key")) }
    }

    /// `purpose` is bound into the tag, so a sealed value cannot be passed off as another kind.
    pub(crate) fn seal(&self, purpose: &str, plain: &str) -> Result<String, String> {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new().fill(&mut nonce).map_err(|_| "no randomness for a nonce".to_string())?;
        let mut data = plain.as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(purpose), &mut data)
            .map_err(|_| "sealing failed".to_string())?;
        Ok(URL_SAFE_NO_PAD.encode([&nonce[..], &data].concat()))
    }

    pub(crate) fn open(&self, purpose: &str, sealed: &str) -> Result<String, String> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed).map_err(|_| "not a sealed value".to_string())?;
        if bytes.len() < NONCE_LEN {
            return Err("not a sealed value".into());
        }
        let (nonce, data) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| "bad nonce".to_string())?;
        let mut data = data.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(purpose), &mut data)
            .map_err(|_| "the sealed value does not open with this server's seal key".to_string())?;
        String::from_utf8(plain.to_vec()).map_err(|_| "not text".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_purpose() {
        let sealer = Sealer::new(&[1u8; 32]);
        let sealed = sealer.seal("misp_license", "secret-key").expect("seal");
        assert!(!sealed.contains("secret-key"));
        assert_ne!(sealed, sealer.seal("misp_license", "secret-key").expect("seal"), "nonces differ");
        assert_eq!(sealer.open("misp_license", &sealed).as_deref(), Ok("secret-key"));
        assert!(sealer.open("other", &sealed).is_err());
        assert!(Sealer::new(&[2u8; 32]).open("misp_license", &sealed).is_err());
        assert!(sealer.open("misp_license", "AAAA").is_err());
    }
}
