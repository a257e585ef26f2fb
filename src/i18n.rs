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

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_ui_texts.rs"));
}

/// The UI texts compiled into the binary: (file name, contents).
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    bundled::UI_TEXTS
}

/// The parsed texts of one language. A broken bundled file is a build
/// defect that the tests catch; at run time it is still never a panic: the
/// table is empty, lookups fall back to keys, and `problem` says why, for
/// [`bundled_problems`] to report.
#[derive(Default)]
struct Table {
    map: BTreeMap<String, String>,
    problem: Option<String>,
}

fn parse(file: &str, text: &str) -> Table {
    match yaml::parse::<BTreeMap<String, String>>(text) {
        Ok(map) => Table { map, problem: None },
        Err(e) => Table {
            map: BTreeMap::new(),
            problem: Some(format!("{file}:{}:{}: {}", e.line, e.column, e.message)),
        },
    }
}

fn table(lang: Lang) -> &'static Table {
    static ZH: OnceLock<Table> = OnceLock::new();
    static EN: OnceLock<Table> = OnceLock::new();
    let cell = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        let want = format!("{}.yaml", lang.code());
        bundled_files()
            .iter()
            .find(|(name, _)| name.ends_with(&want))
            .map(|(name, text)| parse(name, text))
            .unwrap_or_default()
    })
}

fn load(lang: Lang) -> &'static BTreeMap<String, String> {
    &table(lang).map
}

/// Why a bundled UI text file could not be read, as `file:line:column:
/// message`, one per broken file; empty for a sound build. The front end
/// writes these out, since [`Strings`] itself never prints.
pub fn bundled_problems() -> Vec<String> {
    [Lang::Zh, Lang::En]
        .into_iter()
        .filter_map(|lang| table(lang).problem.clone())
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_texts_parse_cleanly() {
        assert_eq!(bundled_problems(), Vec::<String>::new());
        for lang in [Lang::Zh, Lang::En] {
            assert!(load(lang).len() > 50, "{lang:?} has its texts");
        }
    }

    #[test]
    fn a_broken_file_is_a_located_problem_not_a_panic() {
        let t = parse("assets/i18n/xx.yaml", "a: [unclosed\n");
        assert!(t.map.is_empty());
        let problem = t.problem.expect("a problem");
        assert!(problem.starts_with("assets/i18n/xx.yaml:"), "{problem}");
    }
}
