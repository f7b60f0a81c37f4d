//! Field rules shared by the REST API and the portal. Every check returns the MOSIP error a Java
//! bean validator would have produced, so clients see the same codes.

use crate::error::{self, FieldRule, PmsError};
use regex::Regex;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

pub const PARTNER_ID_MAX: usize = 36;
pub const PHONE_MAX: usize = 16;
pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;
pub const REASON_MAX: usize = 1000;

/// MOSIP's `pmp.partner.valid.email.address.regex`, restricted to ASCII word characters as Java's `\w`.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9_+-]+(\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*(\.[a-z]{2,})$")
        .expect("static regex")
});

static PHONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\+?[0-9][0-9 ()-]*$").expect("static regex"));

/// A required text field: present, not blank after trimming, and within `min..=max` characters.
pub fn required(field: &str, value: Option<&str>, min: usize, max: usize) -> Result<String, PmsError> {
    let Some(value) = value else {
        return Err(PmsError::field_rule(field, "must not be null", FieldRule::Required));
    };
    let value = value.trim();
    if value.is_empty() {
        return Err(PmsError::field_rule(field, "must not be empty", FieldRule::Required));
    }
    length(field, value, min, max)?;
    Ok(value.to_string())
}

/// An optional text field: blank counts as absent; otherwise it must fit `max`.
pub fn optional(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>, PmsError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => {
            length(field, v, 1, max)?;
            Ok(Some(v.to_string()))
        }
    }
}

fn length(field: &str, value: &str, min: usize, max: usize) -> Result<(), PmsError> {
    let n = value.chars().count();
    if n < min || n > max {
        let rule = if n > max { FieldRule::TooLong(max) } else { FieldRule::Invalid };
        return Err(PmsError::field_rule(field, &format!("size must be between {min} and {max}"), rule));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(PmsError::invalid_field(field, "must not contain control characters"));
    }
    Ok(())
}

/// A name people compare by eye (policy groups, policies, organisations, persons): required,
/// normalised to NFC, and free of invisible and bidirectional control characters, so that
/// `Bank\u{200b}ing` cannot sit beside `Banking` looking the same.
pub fn name(field: &str, value: Option<&str>, min: usize, max: usize) -> Result<String, PmsError> {
    let value: String = required(field, value, min, max)?.nfc().collect();
    if value.chars().any(is_invisible) {
        return Err(PmsError::invalid_field(field, "must not contain invisible or text-direction characters"));
    }
    length(field, &value, min, max)?;
    Ok(value)
}

/// Zero-width characters, bidirectional embeddings, overrides, isolates and marks, the BOM and
/// other characters that render as nothing.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}')
}

/// `text` cut to at most `max` characters, with a visible marker when it was cut.
pub fn truncated(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    const MARKER: &str = "…[truncated]";
    if text.chars().count() <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    let keep = max.saturating_sub(MARKER.chars().count());
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(MARKER);
    std::borrow::Cow::Owned(cut)
}

/// E-mail addresses are compared and stored in lower case.
pub fn email(value: &str) -> Result<String, PmsError> {
    let value = value.trim().to_ascii_lowercase();
    if value.len() > EMAIL_MAX || !EMAIL.is_match(&value) {
        return Err(error::EMAIL_INVALID.err());
    }
    Ok(value)
}

pub fn phone(value: &str) -> Result<String, PmsError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > PHONE_MAX || !PHONE.is_match(value) {
        return Err(error::PHONE_INVALID.with(PHONE_MAX));
    }
    Ok(value.to_string())
}

/// Partner ids double as login names and URL segments.
pub fn partner_id(value: &str) -> Result<String, PmsError> {
    if value.chars().any(char::is_whitespace) {
        return Err(error::PARTNER_ID_HAS_SPACES.err());
    }
    if value.is_empty() {
        return Err(PmsError::invalid_field("partnerId", "must not be empty"));
    }
    if value.chars().count() > PARTNER_ID_MAX {
        return Err(error::PARTNER_ID_TOO_LONG.with(PARTNER_ID_MAX));
    }
    if !value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@')) {
        return Err(PmsError::invalid_field("partnerId", "may contain only letters, digits and . _ - @"));
    }
    Ok(value.to_string())
}

/// At least 12 characters with a letter and a digit, and not built around the username.
pub fn password(password: &str, username: &str) -> Result<(), PmsError> {
    let n = password.chars().count();
    let has_letter = password.chars().any(char::is_alphabetic);
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    let contains_username = !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase());
    if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&n) || !has_letter || !has_digit || contains_username {
        return Err(error::REG_PASSWORD_WEAK.err());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_reports_mosip_style_messages() {
        let e = required("name", None, 1, 128).unwrap_err();
        assert_eq!(e.code, "PMS_COR_001");
        assert_eq!(e.message, "Invalid request parameter - must not be null :name");
        let e = required("name", Some("   "), 1, 128).unwrap_err();
        assert_eq!(e.message, "Invalid request parameter - must not be empty :name");
        let e = required("desc", Some(&"x".repeat(257)), 1, 256).unwrap_err();
        assert_eq!(e.message, "Invalid request parameter - size must be between 1 and 256 :desc");
        assert_eq!(required("name", Some("  Banking "), 1, 128).unwrap(), "Banking");
        assert!(required("name", Some("a\u{0}b"), 1, 128).is_err());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(required("name", Some(&"é".repeat(128)), 1, 128).is_ok());
        assert!(required("name", Some("مصرف"), 1, 4).is_ok());
    }

    #[test]
    fn optional_treats_blank_as_absent() {
        assert_eq!(optional("logoUrl", Some("  "), 10).unwrap(), None);
        assert_eq!(optional("logoUrl", None, 10).unwrap(), None);
        assert!(optional("logoUrl", Some("01234567890"), 10).is_err());
    }

    #[test]
    fn names_are_normalised_and_visible() {
        assert_eq!(name("name", Some(" Banking "), 1, 128).unwrap(), "Banking");
        // "é" as e + combining acute becomes the single precomposed character.
        assert_eq!(name("name", Some("Caf\u{65}\u{301}"), 1, 128).unwrap(), "Caf\u{e9}");
        for hostile in ["Bank\u{200b}ing", "\u{feff}Banking", "Bank\u{202e}gni", "Bank\u{2066}ing", "a\u{00ad}b"] {
            let e = name("name", Some(hostile), 1, 128).unwrap_err();
            assert_eq!(e.code, "PMS_COR_001", "{hostile:?}");
            assert!(e.message.ends_with(":name"), "{}", e.message);
        }
        assert!(name("name", Some("بنك"), 1, 128).is_ok());
    }

    #[test]
    fn truncation_is_marked_and_bounded() {
        assert_eq!(truncated("short", 10), "short");
        let long = "x".repeat(1_000_000);
        let cut = truncated(&long, 128);
        assert_eq!(cut.chars().count(), 128);
        assert!(cut.ends_with("…[truncated]"));
    }

    #[test]
    fn emails() {
        assert_eq!(email(" Ana.Lopez@Bank.example ").unwrap(), "ana.lopez@bank.example");
        for bad in ["", "ana", "ana@", "@bank.org", "ana@bank", "ana@bank.c", "a b@bank.org", "ana@@bank.org"] {
            assert_eq!(email(bad).unwrap_err().code, "PMS_PRT_012", "{bad}");
        }
        assert!(email("first+tag@sub.domain.org").is_ok());
    }

    #[test]
    fn phones() {
        assert!(phone("+33 1234 5678").is_ok());
        assert!(phone("0123456789").is_ok());
        for bad in ["", "abc", "12345678901234567", "+", "12;34"] {
            assert_eq!(phone(bad).unwrap_err().code, "PMS_PRT_013", "{bad}");
        }
    }

    #[test]
    fn partner_ids() {
        assert!(partner_id("bank-one_2").is_ok());
        assert_eq!(partner_id("bank one").unwrap_err().code, "PMS_PRT_066");
        assert_eq!(partner_id(&"a".repeat(37)).unwrap_err().code, "PMS_PRT_052");
        assert!(partner_id(&"a".repeat(36)).is_ok());
        assert_eq!(partner_id("a/b").unwrap_err().code, "PMS_COR_001");
        assert_eq!(partner_id("").unwrap_err().code, "PMS_COR_001");
    }

    #[test]
    fn passwords() {
        assert!(password("correct horse 42", "ana").is_ok());
        for bad in ["short1", "nodigitsatallhere", "123456789012345", "ana-password-123"] {
            assert_eq!(password(bad, "ana").unwrap_err().code, "PMS_REG_001", "{bad}");
        }
    }
}
