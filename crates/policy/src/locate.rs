//! Where a schema violation is: the builder field it concerns, the line of the JSON text it is
//! on, and for a misspelt key the known key that was probably meant.

use pms_domain::policy::PolicyType;
use serde_json::Value;

/// The builder field (its form id) that a violation at `path` concerns; `None` when the builder
/// has no field for it (an unknown key, say), which the JSON tab then shows by line.
pub fn builder_field(policy_type: PolicyType, path: &str) -> Option<&'static str> {
    let mut segments = path.split('/');
    let first = segments.next()?;
    match policy_type {
        PolicyType::Auth => match first {
            "authTokenType" => Some("authTokenType"),
            "allowedAuthTypes" => Some("authTypes"),
            "allowedKycAttributes" => Some("kycAttributes"),
            "kycLanguages" => Some("kycLanguages"),
            _ => None,
        },
        PolicyType::DataShare | PolicyType::CredentialIssuance => match first {
            "dataSharePolicies" => {
                let name = segments.next()?;
                crate::builder::SHARE_FIELDS.iter().map(|(f, _)| *f).find(|f| *f == name)
            }
            "shareableAttributes" => Some("shareableAttributes"),
            _ => None,
        },
        PolicyType::Misp => crate::builder::MISP_FLAGS.iter().map(|(f, _)| *f).find(|f| *f == first),
    }
}

/// The 1-based line of `text` (well-formed JSON) where the value at `path` (a JSON pointer
/// without its leading `/`) is, or its key when it is an object member. A path that is not in the
/// text (a missing key) gives the line of its nearest parent that is.
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    let mut scan = Scan { bytes: text.as_bytes(), at: 0, line: 1, lines: Vec::new() };
    scan.value(String::new(), true)?;
    let mut path = path.trim_matches('/').to_string();
    loop {
        if let Some((_, line)) = scan.lines.iter().find(|(p, _)| *p == path) {
            return Some(*line);
        }
        if path.is_empty() {
            return None;
        }
        path = path.rsplit_once('/').map(|(parent, _)| parent.to_string()).unwrap_or_default();
    }
}

/// The first lines of every path, found by a small scanner: serde_json does not keep positions.
struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    lines: Vec<(String, usize)>,
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}/{key}")
    }
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while let Some(b) = self.peek() {
            if !b.is_ascii_whitespace() {
                break;
            }
            if b == b'\n' {
                self.line += 1;
            }
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        self.space();
        (self.peek()? == b).then(|| self.at += 1)
    }

    fn string(&mut self) -> Option<String> {
        self.space();
        let start = self.at;
        if self.peek()? != b'"' {
            return None;
        }
        self.at += 1;
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                b'"' => break,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        serde_json::from_slice(self.bytes.get(start..self.at)?).ok()
    }

    fn value(&mut self, path: String, record: bool) -> Option<()> {
        self.space();
        if record {
            self.lines.push((path.clone(), self.line));
        }
        match self.peek()? {
            b'{' => {
                self.at += 1;
                self.space();
                if self.peek()? == b'}' {
                    self.at += 1;
                    return Some(());
                }
                loop {
                    self.space();
                    let key_line = self.line;
                    let key = self.string()?;
                    let member = child(&path, &escape(&key));
                    self.lines.push((member.clone(), key_line));
                    self.eat(b':')?;
                    self.value(member, false)?;
                    self.space();
                    match self.peek()? {
                        b',' => self.at += 1,
                        b'}' => {
                            self.at += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.at += 1;
                self.space();
                if self.peek()? == b']' {
                    self.at += 1;
                    return Some(());
                }
                let mut index = 0usize;
                loop {
                    self.value(child(&path, &index.to_string()), true)?;
                    index += 1;
                    self.space();
                    match self.peek()? {
                        b',' => self.at += 1,
                        b']' => {
                            self.at += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string().map(|_| ()),
            _ => {
                let start = self.at;
                while self.peek().is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace()) {
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
    }
}

/// The property names the schema knows for the object at `parent` (a pointer without `/`).
fn known_keys(schema: &Value, parent: &str) -> Vec<String> {
    let mut node = schema;
    for segment in parent.split('/').filter(|s| !s.is_empty()) {
        node = if segment.bytes().all(|b| b.is_ascii_digit()) {
            match node.get("items") {
                Some(items) => items,
                None => return Vec::new(),
            }
        } else {
            match node.get("properties").and_then(|p| p.get(segment)) {
                Some(next) => next,
                None => return Vec::new(),
            }
        };
    }
    node.get("properties").and_then(Value::as_object).map(|p| p.keys().cloned().collect()).unwrap_or_default()
}

/// For an unknown key at `path`, the known key at the same place it most probably misspells:
/// the same letters in another case, or one within a few edits.
pub fn did_you_mean(policy_type: PolicyType, path: &str) -> Option<String> {
    let (parent, key) = path.rsplit_once('/').unwrap_or(("", path));
    let key = key.replace("~1", "/").replace("~0", "~");
    let lower = key.to_lowercase();
    let budget = (key.chars().count() / 4).clamp(1, 3);
    known_keys(crate::schema(policy_type), parent)
        .into_iter()
        .filter(|k| *k != key)
        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_lowercase()), k))
        .filter(|(d, _)| *d <= budget)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{
  "authTokenType": "partner",
  "allowedAuthTypes": [
    { "authType": "otp", "mandatory": false },
    {
      "authType": "bio",
      "mandatory": "yes"
    }
  ],
  "allowedKYCAttributes": [],
  "a/b": { "c": [1, 2.5e3, null, true] }
}"#;

    #[test]
    fn lines_of_paths() {
        assert_eq!(line_of(TEXT, ""), Some(1));
        assert_eq!(line_of(TEXT, "authTokenType"), Some(2));
        assert_eq!(line_of(TEXT, "allowedAuthTypes"), Some(3));
        assert_eq!(line_of(TEXT, "allowedAuthTypes/0/mandatory"), Some(4));
        assert_eq!(line_of(TEXT, "allowedAuthTypes/1"), Some(5));
        assert_eq!(line_of(TEXT, "allowedAuthTypes/1/mandatory"), Some(7));
        assert_eq!(line_of(TEXT, "allowedKYCAttributes"), Some(10));
        assert_eq!(line_of(TEXT, "a~1b/c/3"), Some(11));
    }

    #[test]
    fn missing_paths_point_at_their_parent() {
        assert_eq!(line_of(TEXT, "allowedKycAttributes"), Some(1));
        assert_eq!(line_of(TEXT, "allowedAuthTypes/1/authSubType"), Some(5));
        assert_eq!(line_of("{ \"a\": ", "a"), None);
    }

    #[test]
    fn builder_fields_of_paths() {
        assert_eq!(builder_field(PolicyType::Auth, "authTokenType"), Some("authTokenType"));
        assert_eq!(builder_field(PolicyType::Auth, "allowedAuthTypes/0/mandatory"), Some("authTypes"));
        assert_eq!(builder_field(PolicyType::Auth, "allowedKycAttributes"), Some("kycAttributes"));
        assert_eq!(builder_field(PolicyType::Auth, "allowedKYCAttributes"), None);
        assert_eq!(
            builder_field(PolicyType::DataShare, "dataSharePolicies/validForInMinutes"),
            Some("validForInMinutes")
        );
        assert_eq!(
            builder_field(PolicyType::CredentialIssuance, "shareableAttributes/0/source"),
            Some("shareableAttributes")
        );
        assert_eq!(builder_field(PolicyType::DataShare, "dataSharePolicies"), None);
        assert_eq!(builder_field(PolicyType::Misp, "allowKycRequestDelegation"), Some("allowKycRequestDelegation"));
        assert_eq!(builder_field(PolicyType::Misp, "other"), None);
    }

    #[test]
    fn misspelt_keys_suggest_the_known_one() {
        assert_eq!(did_you_mean(PolicyType::Auth, "allowedKYCAttributes").as_deref(), Some("allowedKycAttributes"));
        assert_eq!(did_you_mean(PolicyType::Auth, "authTokenTyp").as_deref(), Some("authTokenType"));
        assert_eq!(did_you_mean(PolicyType::Auth, "allowedAuthTypes/0/mandatroy").as_deref(), Some("mandatory"));
        assert_eq!(did_you_mean(PolicyType::Auth, "allowedKycAttributes/2/attribute").as_deref(), None);
        assert_eq!(
            did_you_mean(PolicyType::DataShare, "shareableAttributes/0/source/0/atribute").as_deref(),
            Some("attribute")
        );
        assert_eq!(did_you_mean(PolicyType::Auth, "somethingElse"), None);
        assert_eq!(
            did_you_mean(PolicyType::Misp, "allowKycRequestDelegatoin").as_deref(),
            Some("allowKycRequestDelegation")
        );
    }
}
