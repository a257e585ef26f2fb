//! Reading a query: response codes in it, Han bigrams, English words
//! expanded to the vocabulary (prefixes, one-edit typos), and pinyin.

use super::index::WEAK;
use super::text::{self, compact};
use super::{py, Index};
use std::collections::HashSet;

/// A query in simplified characters, which the rules are written in:
/// traditional ones typed or pasted (結算, 終端顯示) are converted by the
/// same converter that derives the traditional texts, loaded on the first
/// query holding Han characters.
pub(super) use crate::rules::script::to_simplified;

#[derive(Default)]
pub(super) struct Query {
    /// Compact text, without a leading/embedded response code.
    pub(super) text: String,
    pub(super) codes: Vec<(String, u32)>,
    pub(super) terms: Vec<Term>,
    /// Letters of a plain-letter query, for pinyin; empty otherwise.
    pub(super) letters: String,
    pub(super) pinyin_keys: Vec<u64>,
    /// Every word is a known English word.
    pub(super) english: bool,
}

impl Query {
    pub(super) fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.letters.is_empty()
    }
}

pub(super) struct Term {
    pub(super) kind: TermKind,
    pub(super) weight: f32,
}

pub(super) enum TermKind {
    /// The index key of a Han bigram (or single character).
    Han(u64),
    /// Vocabulary words (ids) the typed word may mean, with how much each counts.
    Word(Vec<(u32, f32)>),
}

impl Index {
    /// Reads a sanitised query.
    pub(super) fn analyse(&self, clean: &str) -> Query {
        let mut q = Query::default();
        let whole = clean.trim();
        // The whole query as a code: "51", "a0", " 5 ".
        if let Some(c) = crate::rules::normalize_code(whole) {
            if let Some(&n) = self.codes.get(&c) {
                q.codes.push((c, n));
            }
        }
        let comp = compact(clean);
        // Codes inside a longer query: "A0 校验错", "应答码51", "code 05".
        let mut rest = String::with_capacity(comp.len());
        let mut chars = comp.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if text::is_word(c) {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if text::is_word(d) {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let tok = &comp[i..end];
                let looks_like_code = tok.len() == 2 && tok.bytes().any(|b| b.is_ascii_digit());
                if looks_like_code && q.codes.is_empty() {
                    if let Some(&n) = self.codes.get(&tok.to_ascii_uppercase()) {
                        q.codes.push((tok.to_ascii_uppercase(), n));
                        // The code is not text to match further, unless it
                        // is all there is.
                        if comp.len() > tok.len() {
                            continue;
                        }
                    }
                }
                rest.push_str(tok);
            } else {
                rest.push(c);
            }
        }
        let comp = compact(&rest);
        q.text.clone_from(&comp);
        let all_words: Vec<&str> = text::words(&comp).collect();
        let content: Vec<&str> = all_words
            .iter()
            .copied()
            .filter(|w| !text::is_stopword(w))
            .collect();
        let use_words = if content.is_empty() {
            all_words.clone()
        } else {
            content
        };
        let mut seen = HashSet::new();
        for w in use_words.into_iter().take(16) {
            let st = text::stem(w);
            if !seen.insert(st.clone()) {
                continue;
            }
            let exp = self.expand(w, &st);
            if exp.is_empty() {
                continue;
            }
            let df = exp
                .iter()
                .map(|&(v, _)| self.df(text::word_key(self.vocab.get(v))))
                .max()
                .unwrap_or(0);
            q.terms.push(Term {
                kind: TermKind::Word(exp),
                weight: self.idf(df),
            });
        }
        for run in text::han_runs(&comp).into_iter().take(16) {
            let mut grams: Vec<String> = Vec::new();
            if run.len() == 1 {
                grams.push(run[0].to_string());
            } else {
                for p in run.windows(2) {
                    grams.push(p.iter().collect());
                }
            }
            let soft = run.len() > 1;
            if soft {
                // Single characters count a little, for a near miss
                // ("没纸" against "缺纸").
                grams.extend(run.iter().map(std::string::ToString::to_string));
            }
            for g in grams.into_iter().take(64) {
                if !seen.insert(g.clone()) {
                    continue;
                }
                let cs: Vec<char> = g.chars().collect();
                let k = text::han_key(cs[0], cs.get(1).copied());
                let df = self.df(k) + self.df(k ^ WEAK);
                if df == 0 {
                    // In no text at all (a bigram across two words): it can
                    // only dilute the others.
                    continue;
                }
                let factor = if soft && cs.len() == 1 { 0.25 } else { 1.0 };
                q.terms.push(Term {
                    kind: TermKind::Han(k),
                    weight: self.idf(df) * factor,
                });
            }
        }
        // Pinyin: only for queries of plain letters.
        if !comp.is_empty() && comp.chars().all(|c| c.is_ascii_lowercase() || c == ' ') {
            let letters: String = comp.chars().filter(|c| *c != ' ').collect();
            if letters.len() >= 3 && letters.len() <= py::MAX_LETTERS {
                q.pinyin_keys = py::query_keys(&letters);
                if !q.pinyin_keys.is_empty() {
                    q.letters = letters;
                }
            }
            // Words all found as they are in the English texts: pinyin is
            // the less likely reading.
            q.english = !all_words.is_empty()
                && all_words
                    .iter()
                    .all(|w| text::is_stopword(w) || self.vocab.id(&text::stem(w)).is_some());
        }
        q
    }

    /// Vocabulary words a typed word may mean: itself, longer words it
    /// begins, and words one typo away.
    fn expand(&self, word: &str, st: &str) -> Vec<(u32, f32)> {
        let mut out: Vec<(u32, f32)> = Vec::new();
        let add = |v: u32, f: f32, out: &mut Vec<(u32, f32)>| {
            if let Some(e) = out.iter_mut().find(|e| e.0 == v) {
                e.1 = e.1.max(f);
            } else {
                out.push((v, f));
            }
        };
        let exact = self.vocab.id(st);
        if let Some(v) = exact {
            add(v, 1.0, &mut out);
        }
        if word.len() >= 3 {
            let prefixable = &self.vocab.prefixable;
            let from = prefixable.partition_point(|&id| self.vocab.get(id) < st);
            for &id in prefixable[from..].iter().take(24) {
                if !self.vocab.get(id).starts_with(st) {
                    break;
                }
                add(id, 0.8, &mut out);
            }
        }
        if exact.is_none() && st.len() >= 4 && st.bytes().all(|b| b.is_ascii_lowercase()) {
            for d in text::deletions(st) {
                if let Some(vs) = self.vocab_dels.get(text::key(b'd', &[&d])) {
                    for &v in vs.iter().take(16) {
                        add(v, 0.7, &mut out);
                    }
                }
            }
        }
        out.truncate(40);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_queries_become_simplified() {
        assert_eq!(to_simplified("結算"), "结算");
        assert_eq!(to_simplified("撤銷"), "撤销");
        assert_eq!(to_simplified("終端顯示"), "终端显示");
        // Taiwan's words for things, not only its characters.
        assert_eq!(to_simplified("列印"), "打印");
        assert_eq!(to_simplified("網路不穩定"), "网络不稳定");
        // Simplified text and plain letters pass through.
        assert_eq!(to_simplified("余额不足"), "余额不足");
        assert!(matches!(
            to_simplified("yebz 51"),
            std::borrow::Cow::Borrowed("yebz 51")
        ));
    }
}
