//! Certificate hierarchies for tests, made on the spot relative to the server's clock (so that a
//! test whose certificates age keeps passing): roots, intermediates and partner certificates as
//! PEM, ECDSA P-256 unless said otherwise.

use chrono::{DateTime, Duration, Utc};
use rcgen::{BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};

/// A certificate that can issue others.
pub struct Authority {
    pub pem: String,
    params: CertificateParams,
    key: KeyPair,
}

/// What a certificate says and how long it lives, relative to `now`.
#[derive(Debug, Clone)]
pub struct Subject {
    pub common_name: String,
    pub organisation: Option<String>,
    pub valid_from: Duration,
    pub valid_for: Duration,
}

impl Subject {
    pub fn new(common_name: &str, organisation: &str) -> Subject {
        Subject {
            common_name: common_name.into(),
            organisation: Some(organisation.into()),
            valid_from: Duration::days(-1),
            valid_for: Duration::days(3650),
        }
    }

    /// Valid from `from` (relative to now) for `days` days in all.
    pub fn lasting(mut self, from: Duration, days: i64) -> Subject {
        self.valid_from = from;
        self.valid_for = Duration::days(days);
        self
    }

    fn params(&self, now: DateTime<Utc>, ca: bool) -> CertificateParams {
        let mut params = CertificateParams::default();
        let mut name = DistinguishedName::new();
        name.push(DnType::CountryName, "IN");
        if let Some(org) = &self.organisation {
            name.push(DnType::OrganizationName, org.as_str());
        }
        name.push(DnType::CommonName, self.common_name.as_str());
        params.distinguished_name = name;
        let at = |t: DateTime<Utc>| time::OffsetDateTime::from_unix_timestamp(t.timestamp()).expect("time in range");
        params.not_before = at(now + self.valid_from);
        params.not_after = at(now + self.valid_from + self.valid_for);
        params.use_authority_key_identifier_extension = true;
        if ca {
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        } else {
            params.is_ca = IsCa::ExplicitNoCa;
            params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        }
        params
    }
}

fn p256() -> KeyPair {
    KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).expect("P-256 key")
}

impl Authority {
    /// A self-signed root CA.
    pub fn root(subject: &Subject, now: DateTime<Utc>) -> Authority {
        let key = p256();
        let params = subject.params(now, true);
        let pem = params.self_signed(&key).expect("root certificate").pem();
        Authority { pem, params, key }
    }

    /// An intermediate CA issued by this one.
    pub fn intermediate(&self, subject: &Subject, now: DateTime<Utc>) -> Authority {
        let key = p256();
        let params = subject.params(now, true);
        let pem = self.sign(&params, &key);
        Authority { pem, params, key }
    }

    /// A partner (end-entity) certificate issued by this one, PEM.
    pub fn leaf(&self, subject: &Subject, now: DateTime<Utc>) -> String {
        self.sign(&subject.params(now, false), &p256())
    }

    fn sign(&self, params: &CertificateParams, key: &KeyPair) -> String {
        params.signed_by(key, &Issuer::from_params(&self.params, &self.key)).expect("issued certificate").pem()
    }
}

/// A partner certificate that signs itself (refused as a partner certificate).
pub fn self_signed_leaf(subject: &Subject, now: DateTime<Utc>) -> String {
    subject.params(now, false).self_signed(&p256()).expect("self-signed certificate").pem()
}
