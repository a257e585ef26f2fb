//! The UI's own words (titles, labels, key hints, messages), kept as data in
//! `assets/i18n/<lang>.yaml` and compiled in, so screens hold no prose and a
//! third language is a new file.

use crate::rules::{yaml, Actor, Category, Contact, Lang, Likelihood, WarningKind};
use std::collections::BTreeMap;
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

fn load(lang: Lang) -> &'static BTreeMap<String, String> {
    static ZH: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static EN: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    let cell = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        let want = format!("{}.yaml", lang.code());
        crate::rules::bundled_ui_texts()
            .iter()
            .find(|(name, _)| name.ends_with(&want))
            .map(|(name, text)| parse(name, text))
            .unwrap_or_default()
    })
}

impl Strings {
    pub fn new(lang: Lang) -> Strings {
        Strings {
            lang,
            map: load(lang).clone(),
        }
    }

    /// The text for `key`; falls back to English, then to the key itself so
    /// a missing entry is visible rather than blank.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        if let Some(s) = self.map.get(key) {
            return s;
        }
        load(Lang::En).get(key).map(String::as_str).unwrap_or(key)
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
        if let Some(s) = self.map.get(key) {
            return s;
        }
        load(Lang::En).get(key).map(String::as_str).unwrap_or("?")
    }

    /// Every key, for tests.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.map.keys()
    }
}

/// The language from the environment: `zh*` locales → Chinese, anything else
/// → English. LC_ALL wins over LC_MESSAGES over LANG, as in POSIX.
pub fn lang_from_env() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if !v.is_empty() {
                return if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
    }
    Lang::En
}

/// Every category's name in every UI language, for search: entry questions
/// are also found by the name of their category.
pub fn category_labels() -> crate::search::CategoryLabels {
    let mut labels = crate::search::CategoryLabels::new();
    for lang in [Lang::Zh, Lang::En] {
        let strings = Strings::new(lang);
        for category in Category::ALL {
            labels.insert(category, lang, strings.category(category));
        }
    }
    labels
}
