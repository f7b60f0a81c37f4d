//! Languages. MOSIP stores three-letter codes (`eng`, `fra`, `ara`); the portal's catalogues use
//! BCP 47 tags (`en`, `fr`, `ar`).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Fr,
    Ar,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Ar];

    /// Accepts MOSIP codes and BCP 47 tags, case-insensitively (`eng`, `en`, `en-GB`, `FRA`).
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        match primary {
            "eng" | "en" => Some(Lang::En),
            "fra" | "fre" | "fr" => Some(Lang::Fr),
            "ara" | "ar" => Some(Lang::Ar),
            _ => None,
        }
    }

    pub fn mosip_code(self) -> &'static str {
        match self {
            Lang::En => "eng",
            Lang::Fr => "fra",
            Lang::Ar => "ara",
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ar => "ar",
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Lang::Ar
    }

    /// Name of the language in itself, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Ar => "العربية",
        }
    }

    /// First supported language of an `Accept-Language` header, in the client's order of preference.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut tags: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q =
                    pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
                Some((q, tag))
            })
            .collect();
        tags.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        tags.into_iter().find_map(|(_, tag)| Lang::parse(tag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_code_styles() {
        assert_eq!(Lang::parse("eng"), Some(Lang::En));
        assert_eq!(Lang::parse("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::parse("ARA"), Some(Lang::Ar));
        assert_eq!(Lang::parse("hin"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn accept_language_respects_quality() {
        assert_eq!(Lang::from_accept_language("de;q=1, ar;q=0.9, fr;q=0.5"), Some(Lang::Ar));
        assert_eq!(Lang::from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"), Some(Lang::Fr));
        assert_eq!(Lang::from_accept_language("de, it"), None);
    }

    #[test]
    fn only_arabic_is_rtl() {
        assert!(Lang::Ar.is_rtl());
        assert!(!Lang::En.is_rtl() && !Lang::Fr.is_rtl());
    }
}
