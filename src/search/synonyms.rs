//! Everyday words for what the rules word differently, applied at query
//! time: "my plan ran out" is also searched as "data plan expired", 刷卡机 as
//! 终端. The table is reviewed data, `assets/search/synonyms.yaml`, compiled
//! in; node texts stay as written.
//!
//! Each group lists equivalent phrasings per language. When a query holds
//! one that no node uses, it is also searched with that phrasing replaced
//! by the others that the loaded rules do use. Which is which is decided
//! against the rules at index time, so the table keeps working when the
//! rules' wording changes (终端 → POS机), and a query in the rules' own
//! words costs nothing extra. The best score of a node over the query and
//! its variants counts; the words as typed, which can then only match
//! piecemeal, count a little less.

use super::index::{Postings, WEAK};
use super::text::{self, compact, find_phrase, is_han};
use crate::rules::{yaml, Lang};

/// The bundled table.
pub const BUNDLED: &str = include_str!("../../assets/search/synonyms.yaml");

/// Variants of one query searched at most, besides the query itself.
pub(super) const MAX_VARIANTS: usize = 3;

/// A group as written in the table.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    /// Why these phrasings mean the same thing here: what the table's
    /// reviewer checked.
    why: String,
    #[serde(default)]
    zh: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
}

/// One language's list of a group: compact phrasings, in table order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseSet {
    pub lang: Lang,
    pub phrases: Vec<String>,
}

/// The parsed table: equivalent phrasings, one set per group and language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub sets: Vec<PhraseSet>,
}

impl Table {
    /// Parses and checks a table. Every problem is reported, one per line
    /// of the error.
    pub fn parse(text: &str) -> Result<Table, String> {
        let raw: Vec<RawGroup> =
            yaml::parse(text).map_err(|e| format!("{}:{}: {}", e.line, e.column, e.message))?;
        let mut problems = Vec::new();
        let mut sets = Vec::new();
        let mut seen: std::collections::HashMap<(Lang, String), usize> =
            std::collections::HashMap::default();
        for (g, group) in raw.iter().enumerate() {
            let n = g + 1;
            if group.why.trim().is_empty() {
                problems.push(format!("group {n}: `why` is empty"));
            }
            if group.zh.is_empty() && group.en.is_empty() {
                problems.push(format!("group {n}: no phrasings"));
            }
            for (lang, list) in [(Lang::Zh, &group.zh), (Lang::En, &group.en)] {
                if list.is_empty() {
                    continue;
                }
                if list.len() < 2 {
                    problems.push(format!(
                        "group {n}: {} has one phrasing; a group needs two or more",
                        lang.code()
                    ));
                }
                let mut phrases = Vec::with_capacity(list.len());
                for p in list {
                    let c = compact(p);
                    let has_han = c.chars().any(is_han);
                    if c.chars().count() < 2 {
                        problems.push(format!("group {n}: phrasing {p:?} is too short"));
                        continue;
                    }
                    if lang == Lang::Zh && !has_han {
                        problems.push(format!("group {n}: zh phrasing {p:?} has no Chinese"));
                    }
                    if lang == Lang::En && has_han {
                        problems.push(format!("group {n}: en phrasing {p:?} has Chinese"));
                    }
                    if let Some(other) = seen.insert((lang, c.clone()), n) {
                        problems.push(format!(
                            "group {n}: phrasing {p:?} is already in group {other}"
                        ));
                        continue;
                    }
                    phrases.push(c);
                }
                sets.push(PhraseSet { lang, phrases });
            }
        }
        if problems.is_empty() {
            Ok(Table { sets })
        } else {
            Err(problems.join("\n"))
        }
    }
}

/// The table as it applies to one rule set: each phrasing with the
/// others of its set that the rules use.
#[derive(Debug, Default)]
pub(super) struct Expander {
    /// Phrasings with alternatives, longest first.
    pub(super) entries: Vec<Entry>,
}

/// A phrasing no rule uses, with those of its set that some rule does.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) phrase: String,
    /// In table order.
    pub(super) alts: Vec<String>,
}

impl Expander {
    /// Keeps, as alternatives, only phrasings found in the indexed texts.
    pub(super) fn build(table: &Table, post: &Postings, occurs: impl Fn(&str) -> bool) -> Expander {
        let mut entries = Vec::new();
        for set in &table.sets {
            let used: Vec<bool> = set
                .phrases
                .iter()
                .map(|p| maybe_indexed(p, post) && occurs(p))
                .collect();
            for (i, p) in set.phrases.iter().enumerate() {
                if used[i] {
                    continue;
                }
                let alts: Vec<String> = set
                    .phrases
                    .iter()
                    .zip(&used)
                    .enumerate()
                    .filter(|&(j, (_, &u))| u && j != i)
                    .map(|(_, (a, _))| a.clone())
                    .collect();
                if !alts.is_empty() {
                    entries.push(Entry {
                        phrase: p.clone(),
                        alts,
                    });
                }
            }
        }
        entries.sort_by(|a, b| {
            b.phrase
                .len()
                .cmp(&a.phrase.len())
                .then(a.phrase.cmp(&b.phrase))
        });
        Expander { entries }
    }

    /// The compact query rewritten with its phrasings replaced by their
    /// alternatives: the first alternative of each in the first variant,
    /// the second in the second, and so on.
    pub(super) fn variants(&self, query: &str) -> Vec<String> {
        if self.entries.is_empty() || query.is_empty() {
            return Vec::new();
        }
        // Phrasings found, longest first, not overlapping: (start, end, alts).
        let mut found: Vec<(usize, usize, &[String])> = Vec::new();
        for e in &self.entries {
            let p = &e.phrase;
            if p.len() > query.len() {
                continue;
            }
            let mut from = 0;
            while let Some(pos) = find_phrase(&query[from..], p).map(|x| x + from) {
                let end = pos + p.len();
                if !found.iter().any(|&(s, e, _)| pos < e && s < end) {
                    found.push((pos, end, &e.alts));
                }
                from = end;
                if from >= query.len() {
                    break;
                }
            }
        }
        if found.is_empty() {
            return Vec::new();
        }
        found.sort_by_key(|f| f.0);
        let most = found.iter().map(|f| f.2.len()).max().unwrap_or(0);
        let mut out: Vec<String> = Vec::new();
        for v in 0..most.min(MAX_VARIANTS) {
            let mut s = String::with_capacity(query.len() + 16);
            let mut at = 0;
            for &(start, end, alts) in &found {
                s.push_str(&query[at..start]);
                // Keep words apart: "my plan ran out" → "my data plan expired".
                let alt = &alts[v.min(alts.len() - 1)];
                let word_at = |x: Option<char>| x.is_some_and(text::is_word);
                if word_at(s.chars().next_back()) && word_at(alt.chars().next()) {
                    s.push(' ');
                }
                s.push_str(alt);
                if word_at(alt.chars().next_back()) && word_at(query[end..].chars().next()) {
                    s.push(' ');
                }
                at = end;
            }
            s.push_str(&query[at..]);
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }
}

/// Whether every word and Han pair of a compact phrasing is in the index:
/// a quick test before looking for the phrasing itself.
fn maybe_indexed(p: &str, post: &Postings) -> bool {
    let has = |k: u64| post.contains_key(k) || post.contains_key(k ^ WEAK);
    text::words(p).all(|w| has(text::word_key(&text::stem(w))))
        && text::han_runs(p).iter().all(|run| {
            run.windows(2)
                .all(|pair| has(text::han_key(pair[0], Some(pair[1]))))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_table_is_sound() {
        let table = Table::parse(BUNDLED).unwrap_or_else(|e| panic!("synonyms.yaml:\n{e}"));
        assert!(table.sets.len() >= 20, "only {} sets", table.sets.len());
        for lang in [Lang::Zh, Lang::En] {
            assert!(
                table.sets.iter().any(|s| s.lang == lang),
                "no {} phrasings",
                lang.code()
            );
        }
    }

    #[test]
    fn bad_tables_are_refused_with_every_reason() {
        let err = Table::parse(
            "- why: ''\n  en: [card machine]\n- why: x\n- why: y\n  zh: [刷卡机, POS机]\n  en: [till, TILL]\n",
        )
        .unwrap_err();
        for want in [
            "group 1: `why` is empty",
            "group 1: en has one phrasing",
            "group 2: no phrasings",
            "\"TILL\" is already in group 3",
        ] {
            assert!(err.contains(want), "{want:?} not in:\n{err}");
        }
        assert!(Table::parse("- why: x\n  fr: [a, b]\n").is_err());
        assert!(Table::parse("- why: x\n  en: [刷卡机, card machine]\n").is_err());
    }

    #[test]
    fn variants_replace_each_phrasing() {
        let table = Table::parse(
            "- why: t\n  en: [data plan expired, plan ran out]\n  zh: [终端, 刷卡机, POS机]\n",
        )
        .unwrap();
        let ex = Expander::build(&table, &Postings::default(), |_| true);
        // Nothing is indexed, so nothing is an alternative.
        assert!(ex.variants("my plan ran out").is_empty());
        let entry = |p: &str, alts: &[&str]| Entry {
            phrase: p.into(),
            alts: alts.iter().map(std::string::ToString::to_string).collect(),
        };
        let ex = Expander {
            entries: vec![
                entry("plan ran out", &["data plan expired"]),
                entry("刷卡机", &["终端", "pos机"]),
            ],
        };
        assert_eq!(ex.variants("my plan ran out"), ["my data plan expired"]);
        assert_eq!(ex.variants("刷卡机黑屏"), ["终端黑屏", "pos机黑屏"]);
        assert!(ex.variants("planet ran outside").is_empty());
        assert!(ex.variants("终端黑屏").is_empty());
        assert_eq!(
            ex.variants("plan ran out刷卡机"),
            ["data plan expired终端", "data plan expired pos机"]
        );
    }
}
