//! The UI's own words (titles, labels, key hints, messages), kept as data in
//! `assets/i18n/<lang>.yaml` and compiled in, so screens hold no prose and a
//! third language is a new file.

use crate::engine::EngineError;
use crate::rules::{Actor, Category, Contact, Lang, Likelihood, StepKind, WarningKind};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// All UI texts of one language.
#[derive(Debug, Clone)]
pub struct Strings {
    pub lang: Lang,
    /// The language's table, built once per process and shared: every
    /// command makes a `Strings`, and copying the table was a tenth of
    /// `check`'s start.
    map: &'static BTreeMap<String, String>,
}

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_ui_texts.rs"));
}

/// The UI texts compiled into the binary: (file name, contents).
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    bundled::UI_TEXTS
}

/// One bundled file, as the build script read it. A broken bundled file is
/// a build defect that the tests catch; at run time it is still never a
/// panic: the table is empty, lookups fall back to keys, and `problem` says
/// why, for [`bundled_problems`] to report.
#[derive(Default)]
struct Table {
    map: BTreeMap<String, String>,
    problem: Option<String>,
}

/// The table of one file, parsed by the build script with the same YAML
/// reader (`rules::yaml`), so a start parses no YAML.
fn table(file: &str, parsed: &bundled::ParsedTexts) -> Table {
    match parsed {
        Ok(pairs) => Table {
            map: pairs
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
            problem: None,
        },
        Err((line, column, message)) => Table {
            map: BTreeMap::new(),
            problem: Some(format!("{file}:{line}:{column}: {message}")),
        },
    }
}

/// The language's own bundled file `<code>.yaml`, read once: the texts of
/// a written language, the overrides of a derived one; empty when there is
/// none.
fn own_file(lang: Lang) -> &'static Table {
    static FILES: [OnceLock<Table>; Lang::ALL.len()] = [const { OnceLock::new() }; Lang::ALL.len()];
    FILES[lang.index()].get_or_init(|| {
        let want = format!("{}.yaml", lang.code());
        bundled::UI_TABLES
            .iter()
            .find(|(name, _)| name.rsplit(['/', '\\']).next() == Some(want.as_str()))
            .map(|(name, parsed)| table(name, parsed))
            .unwrap_or_default()
    })
}

/// The texts of one language: its own file; for a language derived from
/// another (traditional Chinese), the other's texts converted, with the
/// language's own file as overrides.
fn load(lang: Lang) -> &'static BTreeMap<String, String> {
    static DERIVED: [OnceLock<BTreeMap<String, String>>; Lang::ALL.len()] =
        [const { OnceLock::new() }; Lang::ALL.len()];
    match lang.derived_from() {
        None => &own_file(lang).map,
        Some((from, derive)) => DERIVED[lang.index()].get_or_init(|| {
            let mut map: BTreeMap<String, String> = load(from)
                .iter()
                .map(|(k, v)| (k.clone(), derive(v)))
                .collect();
            map.extend(overrides(lang).clone());
            map
        }),
    }
}

/// The hand-written texts of a derived language that replace converted
/// ones (`assets/i18n/zh-Hant.yaml`); empty for the other languages.
pub fn overrides(lang: Lang) -> &'static BTreeMap<String, String> {
    static NONE: BTreeMap<String, String> = BTreeMap::new();
    match lang.derived_from() {
        None => &NONE,
        Some(_) => &own_file(lang).map,
    }
}

/// Why a bundled UI text file could not be read, as `file:line:column:
/// message`, one per broken file; empty for a sound build. The front end
/// writes these out, since [`Strings`] itself never prints.
pub fn bundled_problems() -> Vec<String> {
    Lang::ALL
        .into_iter()
        .filter_map(|lang| own_file(lang).problem.clone())
        .collect()
}

impl Strings {
    pub fn new(lang: Lang) -> Strings {
        Strings {
            lang,
            map: load(lang),
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
    pub fn step_kind(&self, k: StepKind) -> &str {
        self.get_dyn(&format!("step_kind.{}", k.key()))
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
/// Every category's name in every UI language, for search: entry questions
/// are also found by the name of their category.
pub fn category_labels() -> crate::search::CategoryLabels {
    let mut labels = crate::search::CategoryLabels::new();
    for lang in Lang::ALL {
        // A derived language's labels are conversions of its source's, and
        // search reads a query in it through that source's script: only the
        // labels written by hand add words. Deriving the rest would convert
        // every UI text at each start of `search` and the TUI.
        if lang.derived_from().is_some() {
            for category in Category::ALL {
                if let Some(label) = overrides(lang).get(&format!("category.{}", category.key())) {
                    labels.insert(category, lang, label.as_str());
                }
            }
            continue;
        }
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

    #[test]
    fn bundled_texts_parse_cleanly() {
        assert_eq!(bundled_problems(), Vec::<String>::new());
        for lang in Lang::ALL {
            assert!(load(lang).len() > 50, "{lang:?} has its texts");
        }
    }

    #[test]
    fn a_broken_file_is_a_located_problem_not_a_panic() {
        // As the build script reads a broken file, and hands it over.
        let e = crate::rules::yaml::parse::<BTreeMap<String, String>>("a: [unclosed\n")
            .expect_err("a broken file");
        let message: &'static str = Box::leak(e.message.into_boxed_str());
        let t = table("assets/i18n/xx.yaml", &Err((e.line, e.column, message)));
        assert!(t.map.is_empty());
        let problem = t.problem.expect("a problem");
        assert!(problem.starts_with("assets/i18n/xx.yaml:"), "{problem}");
    }
}
