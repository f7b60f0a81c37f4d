//! Name constraints (RFC 5280 §4.2.1.10) for the hand-written path builder, with webpki's semantics so
//! that both refuse the same certificates: DNS names and IP addresses are evaluated; a constraint on
//! any other form (directory names, e-mail addresses, URIs, …) that the certificate below presents is
//! refused rather than evaluated, as webpki does and RFC 5280 allows for forms it does not process.
//! Every certificate presents its subject as a directory name.

use x509_parser::extensions::{GeneralName, NameConstraints};

/// A name a certificate presents, or the base of a constraint subtree, by form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Name {
    Dns(String),
    /// An address (4 or 16 bytes) or, in a constraint, an address and its mask (8 or 32 bytes).
    Ip(Vec<u8>),
    /// A form not evaluated, by its GeneralName tag (4 = directoryName).
    Other(u8),
}

pub(crate) const DIRECTORY_NAME: Name = Name::Other(4);

impl Name {
    pub(crate) fn from_general(name: &GeneralName<'_>) -> Name {
        match name {
            GeneralName::DNSName(dns) => Name::Dns(dns.trim_end_matches('.').to_ascii_lowercase()),
            GeneralName::IPAddress(ip) => Name::Ip(ip.to_vec()),
            GeneralName::OtherName(..) => Name::Other(0),
            GeneralName::RFC822Name(_) => Name::Other(1),
            GeneralName::X400Address(_) => Name::Other(3),
            GeneralName::DirectoryName(_) => DIRECTORY_NAME,
            GeneralName::EDIPartyName(_) => Name::Other(5),
            GeneralName::URI(_) => Name::Other(6),
            GeneralName::RegisteredID(_) => Name::Other(8),
            GeneralName::Invalid(tag, _) => Name::Other(u8::try_from(tag.0).unwrap_or(u8::MAX)),
        }
    }

    fn same_form(&self, other: &Name) -> bool {
        match (self, other) {
            (Name::Dns(_), Name::Dns(_)) | (Name::Ip(_), Name::Ip(_)) => true,
            (Name::Other(a), Name::Other(b)) => a == b,
            _ => false,
        }
    }

    /// Whether `self`, a presented name, lies within the subtree `base` of the same form. `None`: the
    /// form is not evaluated.
    fn within(&self, base: &Name) -> Option<bool> {
        match (self, base) {
            (Name::Dns(name), Name::Dns(base)) => Some(dns_within(name, base)),
            (Name::Ip(address), Name::Ip(base)) => Some(
                base.len() == 2 * address.len()
                    && address.iter().zip(base.iter().zip(&base[address.len()..])).all(|(a, (b, m))| a & m == b & m),
            ),
            _ => None,
        }
    }
}

fn dns_within(name: &str, base: &str) -> bool {
    let base = base.trim_end_matches('.').to_ascii_lowercase();
    if base.is_empty() {
        return true;
    }
    match base.strip_prefix('.') {
        Some(_) => name.ends_with(&base),
        None => name == base || name.strip_suffix(&base).is_some_and(|head| head.ends_with('.')),
    }
}

/// The subtrees of an issuer's nameConstraints extension.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Constraints {
    permitted: Option<Vec<Name>>,
    excluded: Vec<Name>,
}

impl Constraints {
    pub(crate) fn from_extension(nc: &NameConstraints<'_>) -> Constraints {
        let bases = |subtrees: &Option<Vec<x509_parser::extensions::GeneralSubtree<'_>>>| {
            subtrees.as_ref().map(|s| s.iter().map(|t| Name::from_general(&t.base)).collect::<Vec<_>>())
        };
        Constraints {
            permitted: bases(&nc.permitted_subtrees),
            excluded: bases(&nc.excluded_subtrees).unwrap_or_default(),
        }
    }

    /// Why `names` (everything a certificate below presents) break these constraints, if they do.
    pub(crate) fn violation(&self, names: &[Name]) -> Option<String> {
        for name in names {
            for base in self.excluded.iter().filter(|b| b.same_form(name)) {
                match name.within(base) {
                    Some(false) => {}
                    Some(true) => return Some(format!("{} is in an excluded subtree", show(name))),
                    None => return Some(format!("{} are constrained and not evaluated", form(name))),
                }
            }
            let Some(permitted) = &self.permitted else { continue };
            let mut of_form = permitted.iter().filter(|b| b.same_form(name)).peekable();
            if of_form.peek().is_none() {
                continue;
            }
            let mut inside = false;
            for base in of_form {
                match name.within(base) {
                    Some(within) => inside |= within,
                    None => return Some(format!("{} are constrained and not evaluated", form(name))),
                }
            }
            if !inside {
                return Some(format!("{} is outside the permitted subtrees", show(name)));
            }
        }
        None
    }
}

fn show(name: &Name) -> String {
    match name {
        Name::Dns(dns) => format!("DNS name {dns:?}"),
        Name::Ip(ip) => format!("IP address {}", hex::encode(ip)),
        Name::Other(_) => form(name).to_string(),
    }
}

fn form(name: &Name) -> &'static str {
    match name {
        Name::Dns(_) => "DNS names",
        Name::Ip(_) => "IP addresses",
        Name::Other(1) => "e-mail addresses",
        Name::Other(4) => "directory names",
        Name::Other(6) => "URIs",
        Name::Other(_) => "names of this form",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dns(s: &str) -> Name {
        Name::Dns(s.into())
    }

    #[test]
    fn dns_subtrees_match_the_domain_and_its_subdomains() {
        assert!(dns_within("example.com", "example.com"));
        assert!(dns_within("a.b.example.com", "Example.COM."));
        assert!(!dns_within("badexample.com", "example.com"));
        assert!(dns_within("a.example.com", ".example.com"));
        assert!(!dns_within("example.com", ".example.com"));
        assert!(dns_within("anything", ""));
    }

    #[test]
    fn permitted_and_excluded_subtrees() {
        let c = Constraints { permitted: Some(vec![dns("bank.in")]), excluded: vec![dns("test.bank.in")] };
        assert_eq!(c.violation(&[dns("api.bank.in"), DIRECTORY_NAME]), None);
        assert!(c.violation(&[dns("bank.example")]).unwrap().contains("outside"));
        assert!(c.violation(&[dns("x.test.bank.in")]).unwrap().contains("excluded"));
        assert_eq!(c.violation(&[Name::Ip(vec![10, 0, 0, 1])]), None, "no IP constraint");
    }

    #[test]
    fn ip_subtrees_compare_under_the_mask() {
        let c = Constraints { permitted: Some(vec![Name::Ip(vec![10, 1, 0, 0, 255, 255, 0, 0])]), excluded: vec![] };
        assert_eq!(c.violation(&[Name::Ip(vec![10, 1, 2, 3])]), None);
        assert!(c.violation(&[Name::Ip(vec![10, 2, 0, 1])]).is_some());
        assert!(c.violation(&[Name::Ip(vec![0; 16])]).is_some(), "an IPv6 address is outside an IPv4 subtree");
    }

    #[test]
    fn forms_not_evaluated_are_refused_when_presented() {
        let c = Constraints { permitted: Some(vec![DIRECTORY_NAME]), excluded: vec![] };
        assert!(c.violation(&[DIRECTORY_NAME]).unwrap().contains("directory names"));
        let c = Constraints { permitted: None, excluded: vec![Name::Other(6)] };
        assert!(c.violation(&[Name::Other(6)]).is_some());
        assert_eq!(c.violation(&[dns("a.in"), DIRECTORY_NAME]), None);
    }
}
