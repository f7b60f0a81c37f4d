//! Message catalogues. Each language is a Fluent file under `locales/<tag>/`; plural and select
//! rules live in the catalogue, not in code. A key missing from a catalogue falls back to English.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use pms_domain::lang::Lang;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks would end up inside HTML attributes and e-mails.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static IDS: LazyLock<[LanguageIdentifier; 3]> =
    LazyLock::new(|| Lang::ALL.map(|l| l.tag().parse().unwrap_or_else(|_| LanguageIdentifier::default())));

fn id(lang: Lang) -> &'static LanguageIdentifier {
    let index = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    &IDS[index]
}

/// The message `key` in `lang`; the key itself if no catalogue has it.
pub fn t(lang: Lang, key: &str) -> String {
    LOCALES.try_lookup(id(lang), key).unwrap_or_else(|| key.to_string())
}

/// The message `key` in `lang` with named arguments (`{ $name }` in the catalogue).
pub fn t_args(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> =
        args.iter().map(|(k, v)| (Cow::Owned(k.to_string()), FluentValue::from(v.to_string()))).collect();
    LOCALES.try_lookup_with_args(id(lang), key, &args).unwrap_or_else(|| key.to_string())
}

/// Same as [`t_args`] with a number, so that plural rules apply (`{ $count -> [one] … *[other] … }`).
pub fn t_count(lang: Lang, key: &str, count: u64) -> String {
    let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
    args.insert(Cow::Borrowed("count"), FluentValue::from(count));
    LOCALES.try_lookup_with_args(id(lang), key, &args).unwrap_or_else(|| key.to_string())
}

/// Message ids defined in a catalogue file, for completeness checks.
pub fn catalogue_keys(lang: Lang) -> Vec<String> {
    let text = match lang {
        Lang::En => include_str!("../locales/en/main.ftl"),
        Lang::Fr => include_str!("../locales/fr/main.ftl"),
        Lang::Ar => include_str!("../locales/ar/main.ftl"),
    };
    text.lines()
        .filter(|l| !l.starts_with([' ', '#', '-', '\t', '.', '[', '*', '}']))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        .filter(|k| !k.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_english_key() {
        let english = catalogue_keys(Lang::En);
        assert!(english.len() > 50, "catalogue looks empty");
        for lang in [Lang::Fr, Lang::Ar] {
            let keys = catalogue_keys(lang);
            let missing: Vec<_> = english.iter().filter(|k| !keys.contains(k)).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
            let extra: Vec<_> = keys.iter().filter(|k| !english.contains(k)).collect();
            assert!(extra.is_empty(), "{lang:?} has unknown keys {extra:?}");
        }
    }

    #[test]
    fn lookups_translate_and_fall_back() {
        assert_eq!(t(Lang::En, "nav-logout"), "Log out");
        assert_ne!(t(Lang::Fr, "nav-logout"), "Log out");
        assert_ne!(t(Lang::Ar, "nav-logout"), "Log out");
        assert_eq!(t(Lang::Fr, "no-such-key"), "no-such-key");
        let args = [
            ("name", "Ana"),
            ("code", "123456"),
            ("minutes", "10"),
            ("username", "bank-one"),
            ("organization", "Bank One"),
        ];
        let body = t_args(Lang::En, "email-otp-body", &args);
        assert!(body.contains("123456") && body.contains("bank-one") && body.contains("Bank One"), "{body}");
    }

    #[test]
    fn plurals_follow_the_language() {
        assert_eq!(t_count(Lang::En, "list-results", 1), "1 result");
        assert_eq!(t_count(Lang::En, "list-results", 3), "3 results");
        assert!(t_count(Lang::Ar, "list-results", 2).contains('2'));
    }
}
