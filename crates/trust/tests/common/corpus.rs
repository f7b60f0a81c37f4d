//! Seeds and a harness for robustness runs: the never-panics property test and the fuzz example share it.

use std::sync::OnceLock;

use base64::Engine;
use chrono::{DateTime, Utc};
use pms_trust::{
    check_algorithms, parse_certificates, pkcs7_certs_only, resign, validate_ca, validate_leaf, Certificate,
    MinValidity, PlatformCa,
};

use super::{now, Alg, Chain};

pub struct Fixture {
    pub now: DateTime<Utc>,
    pub roots: Vec<Certificate>,
    pub intermediates: Vec<Certificate>,
    pub cas: Vec<Certificate>,
    pub platform: PlatformCa,
    /// Valid uploads of every accepted form, to mutate.
    pub seeds: Vec<Vec<u8>>,
}

pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let now = now();
        let ec = Chain::new(Alg::P256, 2, "Acme", now);
        let rsa = Chain::new(Alg::Rsa(0), 1, "Acme", now);
        let mut roots = ec.roots();
        roots.extend(rsa.roots());
        let mut intermediates = ec.intermediate_certs();
        intermediates.extend(rsa.intermediate_certs());
        let mut cas = roots.clone();
        cas.extend(intermediates.iter().cloned());
        let (platform, _) = PlatformCa::generate("PMS Fuzz CA", now).expect("platform CA");
        let bundle = pkcs7_certs_only(&[ec.leaf.cert.clone(), ec.intermediates[1].cert.clone()]);
        let seeds = vec![
            ec.leaf.cert.der().to_vec(),
            ec.leaf.cert.pem().as_bytes().to_vec(),
            rsa.leaf.cert.der().to_vec(),
            rsa.root.cert.pem().as_bytes().to_vec(),
            ec.intermediates[0].cert.der().to_vec(),
            format!("{}{}", ec.leaf.cert.pem(), ec.intermediates[1].cert.pem()).into_bytes(),
            bundle.clone(),
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bundle).into_bytes(),
            super::v1_root(now),
            super::sha1_root(now),
        ];
        Fixture { now, roots, intermediates, cas, platform, seeds }
    })
}

/// Runs an input through everything input can reach and names the outcome (an error code, or `accepted`).
pub fn exercise(f: &Fixture, data: &[u8]) -> &'static str {
    let certs = match parse_certificates(data) {
        Ok(certs) => certs,
        Err(e) => return e.code(),
    };
    let mut outcome = "parsed";
    for cert in &certs {
        let _ = check_algorithms(cert);
        let _ = validate_ca(cert, &f.cas, f.now, MinValidity::CA_UPLOAD);
        match validate_leaf(cert, &f.roots, &f.intermediates, "Acme", f.now, MinValidity::PARTNER_UPLOAD) {
            Ok(path) => {
                assert!(path.len() >= 2, "a path holds the leaf and a root");
                let _ = resign(&f.platform, cert, f.now, 365);
                outcome = "accepted";
            }
            Err(e) if outcome == "parsed" => outcome = e.code(),
            Err(_) => {}
        }
    }
    outcome
}

/// One edit of a byte string; positions wrap around the data's length.
#[derive(Debug, Clone, Copy)]
pub enum Mutation {
    Flip { at: usize, mask: u8 },
    Set { at: usize, value: u8 },
    Insert { at: usize, value: u8, count: usize },
    Delete { at: usize, count: usize },
    Truncate { at: usize },
    Duplicate { at: usize, count: usize },
}

pub fn apply(data: &mut Vec<u8>, m: Mutation) {
    let len = data.len();
    let pos = |at: usize| if len == 0 { 0 } else { at % len };
    match m {
        Mutation::Flip { at, mask } if len > 0 => data[pos(at)] ^= mask.max(1),
        Mutation::Set { at, value } if len > 0 => data[pos(at)] = value,
        Mutation::Insert { at, value, count } => {
            let at = if len == 0 { 0 } else { at % (len + 1) };
            data.splice(at..at, std::iter::repeat_n(value, count % 64 + 1));
        }
        Mutation::Delete { at, count } if len > 0 => {
            let start = pos(at);
            let end = (start + count % 64 + 1).min(len);
            data.drain(start..end);
        }
        Mutation::Truncate { at } => data.truncate(pos(at)),
        Mutation::Duplicate { at, count } if len > 0 => {
            let start = pos(at);
            let end = (start + count % 128 + 1).min(len);
            let copy = data[start..end].to_vec();
            data.splice(end..end, copy);
        }
        _ => {}
    }
}
