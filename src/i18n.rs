//! The UI's own words (titles, labels, key hints, messages), kept as data in
//! `assets/i18n/<lang>.yaml` and compiled in, so screens hold no prose and a
//! third language is a new file.

use crate::engine::EngineError;
use crate::rules::{yaml, Actor, Category, Contact, Lang, Likelihood, WarningKind};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// All UI texts of one language.
#[derive(Debug, Clone)]
pub struct Strings {
    pub lang: Lang,
    map: BTreeMap<String, String>,
}

fn parse(file: &str, text: &str) -> BTreeMap<String, String> {
    // Bundled files are checked by tests; a broken one is a build defect,
    // but still never a panic at run time: it just falls back to keys.
    yaml::parse::<BTreeMap<String, String>>(text).unwrap_or_else(|e| {
        eprintln!("posdoc: {file}:{}:{}: {}", e.line, e.column, e.message);
        BTreeMap::new()
    })
}

/// The bundled file `<code>.yaml`, parsed; empty when there is none.
fn bundled(code: &str) -> BTreeMap<String, String> {
    let want = format!("{code}.yaml");
    crate::rules::bundled_ui_texts()
        .iter()
        .find(|(name, _)| name.rsplit(['/', '\\']).next() == Some(want.as_str()))
        .map(|(name, text)| parse(name, text))
        .unwrap_or_default()
}

/// The texts of one language: its own file; for a language derived from
/// another (traditional Chinese), the other's texts converted, with the
/// language's own file as overrides.
fn load(lang: Lang) -> &'static BTreeMap<String, String> {
    static LOADED: [OnceLock<BTreeMap<String, String>>; Lang::ALL.len()] =
        [const { OnceLock::new() }; Lang::ALL.len()];
    LOADED[lang.index()].get_or_init(|| match lang.derived_from() {
        None => bundled(lang.code()),
        Some((from, derive)) => {
            let mut map: BTreeMap<String, String> = load(from)
                .iter()
                .map(|(k, v)| (k.clone(), derive(v)))
                .collect();
            map.extend(overrides(lang).clone());
            map
        }
    })
}

/// The hand-written texts of a derived language that replace converted
/// ones (`assets/i18n/zh-Hant.yaml`); empty for the other languages.
pub fn overrides(lang: Lang) -> &'static BTreeMap<String, String> {
    static OVERRIDES: [OnceLock<BTreeMap<String, String>>; Lang::ALL.len()] =
        [const { OnceLock::new() }; Lang::ALL.len()];
    OVERRIDES[lang.index()].get_or_init(|| match lang.derived_from() {
        None => BTreeMap::new(),
        Some(_) => bundled(lang.code()),
    })
}

impl Strings {
    pub fn new(lang: Lang) -> Strings {
        Strings {
            lang,
            map: load(lang).clone(),
        }
    }

    /// The text for `key`; falls back along [`Lang::fallback`] (in the end
    /// English), then to the key itself so a missing entry is visible rather
    /// than blank.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.find(key).unwrap_or(key)
    }

    fn find(&self, key: &str) -> Option<&str> {
        if let Some(s) = self.map.get(key) {
            return Some(s);
        }
        std::iter::successors(self.lang.fallback(), |l| l.fallback())
            .find_map(|l| load(l).get(key))
            .map(String::as_str)
    }

    /// `get` with `{name}` placeholders filled in.
    pub fn fmt(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.get(key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    pub fn category(&self, c: Category) -> &str {
        self.get_dyn(&format!("category.{}", c.key()))
    }
    pub fn actor(&self, a: Actor) -> &str {
        self.get_dyn(&format!("actor.{}", a.key()))
    }
    pub fn contact(&self, c: Contact) -> &str {
        self.get_dyn(&format!("contact.{}", c.key()))
    }
    pub fn likelihood(&self, l: Likelihood) -> &str {
        self.get_dyn(&format!("likelihood.{}", l.key()))
    }
    /// The banner label of a warning kind ("DO NOT CHARGE AGAIN").
    pub fn warning(&self, k: WarningKind) -> &str {
        self.get_dyn(&format!("warning.{}", k.key()))
    }

    fn get_dyn(&self, key: &str) -> &str {
        self.find(key).unwrap_or("?")
    }

    /// A request the engine refused, in this language.
    pub fn engine_error(&self, e: &EngineError) -> String {
        let args = e.args();
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.fmt(e.key(), &args)
    }

    /// Every key, for tests.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.map.keys()
    }
}

/// In English, for `anyhow` chains and logs; what a user reads comes from
/// [`Strings::engine_error`] in their language.
impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Strings::new(Lang::En).engine_error(self))
    }
}

/// The language from the environment: a `zh` locale of Taiwan, Hong Kong or
/// Macau (or `zh_Hant`) → traditional Chinese, any other `zh*` → simplified
/// Chinese, anything else → English. LC_ALL wins over LC_MESSAGES over
/// LANG, as in POSIX.
pub fn lang_from_env() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if !v.is_empty() {
                return lang_from_locale(&v);
            }
        }
    }
    Lang::En
}

/// The language of a POSIX locale name such as `zh_TW.UTF-8`.
pub fn lang_from_locale(locale: &str) -> Lang {
    let locale = locale.to_ascii_lowercase();
    if !locale.starts_with("zh") {
        return Lang::En;
    }
    // zh_TW.UTF-8, zh_HK, zh_Hant_TW, zh_MO@euro: look at every part.
    let traditional = locale
        .split(['_', '-', '.', '@'])
        .any(|part| matches!(part, "tw" | "hk" | "mo" | "hant"));
    if traditional {
        Lang::ZhHant
    } else {
        Lang::Zh
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_of_taiwan_hong_kong_and_macau_are_traditional() {
        for l in ["zh_TW.UTF-8", "zh_HK", "zh_MO.UTF-8", "zh_Hant_TW", "ZH-tw"] {
            assert_eq!(lang_from_locale(l), Lang::ZhHant, "{l}");
        }
        for l in ["zh_CN.UTF-8", "zh", "zh_SG"] {
            assert_eq!(lang_from_locale(l), Lang::Zh, "{l}");
        }
        for l in ["en_US.UTF-8", "C", "POSIX", "de_TW"] {
            assert_eq!(lang_from_locale(l), Lang::En, "{l}");
        }
    }

    #[test]
    fn engine_errors_speak_the_users_language() {
        let e = EngineError::NoSuchAnswer { given: 7, count: 3 };
        assert_eq!(e.to_string(), "there is no answer 7; choose 1 to 3");
        assert_eq!(
            Strings::new(Lang::Zh).engine_error(&e),
            "没有第 7 个答案；请选择 1 到 3"
        );
        assert_eq!(
            Strings::new(Lang::ZhHant).engine_error(&e),
            "沒有第 7 個答案；請選擇 1 到 3"
        );
    }
}
