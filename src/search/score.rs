//! Ranking: a quick prefilter over the inverted index, then full scoring of
//! the best candidates (phrases, term coverage, pinyin, nucleo's fuzzy score).

use super::index::{Src, WEAK};
use super::query::{to_simplified, Query, TermKind};
use super::text::{self, find_phrase, is_han};
use super::{index::KeyHasher, py, Hit, Index, MatchKind, CODE_SCORE};
use crate::rules::{Lang, NodeIdx};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use std::collections::HashMap;

/// Nodes scored in full per query.
const CANDIDATES: usize = 200;
/// Of those, the best by the prefilter also get nucleo's fuzzy score.
const FUZZY_CANDIDATES: usize = 60;
/// Hits scoring below this (of 1.0) are noise.
const MIN_SCORE: f32 = 0.2;
/// Text hits scoring below this share of the best one are noise too.
const RELATIVE_FLOOR: f32 = 0.35;
/// When a query holds a phrasing no rule uses, its words as typed count
/// this much against the variants in the rules' words.
const SYNONYM_DISCOUNT: f32 = 0.95;
/// Each later variant of a query counts this much less than the one before.
const VARIANT_STEP: f32 = 0.03;
/// The weight of a query that is exactly a category's name, matched on the
/// category's entry question: above a perfect title match elsewhere.
const CATEGORY_NAMED: f32 = 1.1;

impl Index {
    /// Best hits first. Never panics on any input; an empty or blank query
    /// gives no hits.
    pub fn search(&self, query: &str, lang: Lang, limit: usize) -> Vec<Hit> {
        if limit == 0 || self.is_empty() {
            return Vec::new();
        }
        // Traditional Chinese is indexed through the simplified text it is
        // derived from; to_simplified below reads the query the same way.
        let lang = if lang == Lang::ZhHant { Lang::Zh } else { lang };
        let typed = text::sanitize(query);
        let q = self.analyse(&to_simplified(&typed));
        let mut found: HashMap<u32, (u32, MatchKind)> = HashMap::new();
        let variants = self.synonyms.variants(&q.text);
        // A phrasing no rule uses can only match piecemeal as typed: the
        // variants in the rules' words are the better reading.
        let typed_factor = if variants.is_empty() {
            1.0
        } else {
            SYNONYM_DISCOUNT
        };
        if !q.is_empty() {
            self.score_text(&q, lang, typed_factor, false, &mut found);
        }
        for (n, variant) in variants.iter().enumerate() {
            let vq = self.analyse(variant);
            if !vq.is_empty() {
                // The table lists the better readings first.
                let factor = 1.0 - VARIANT_STEP * n as f32;
                self.score_text(&vq, lang, factor, true, &mut found);
            }
        }
        // Far below the best text match is noise: a lost card for 终端未登记.
        let best = found.values().map(|f| f.0).max().unwrap_or(0);
        let floor = (best as f32 * RELATIVE_FLOOR) as u32;
        let mut hits: HashMap<u32, Hit> = HashMap::new();
        for (code, node) in &q.codes {
            hits.entry(*node).or_insert(Hit {
                node: NodeIdx(*node),
                score: CODE_SCORE,
                kind: MatchKind::Code,
                code: Some(code.clone()),
            });
        }
        for (i, (score, kind)) in found {
            match hits.get_mut(&i) {
                Some(h) => h.score += score.min(CODE_SCORE - 1),
                None if score >= floor => {
                    hits.insert(
                        i,
                        Hit {
                            node: NodeIdx(i),
                            score,
                            kind,
                            code: None,
                        },
                    );
                }
                None => {}
            }
        }
        let mut out: Vec<Hit> = hits.into_values().collect();
        out.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then(a.kind.cmp(&b.kind))
                .then(a.node.cmp(&b.node))
        });
        out.truncate(limit);
        out
    }

    /// Scores the candidates of one reading of the query into `found`,
    /// keeping each node's best. A synonym variant's scores are discounted
    /// and count as close matches, since its words are not what was typed.
    fn score_text(
        &self,
        q: &Query,
        lang: Lang,
        factor: f32,
        variant: bool,
        found: &mut HashMap<u32, (u32, MatchKind)>,
    ) {
        let cands = self.candidates(q);
        let mut scorer = Scorer::new(q);
        for (rank, i) in cands.into_iter().enumerate() {
            let fuzzy = rank < FUZZY_CANDIDATES;
            let Some((s, kind)) = scorer.score(self, q, i as usize, lang, fuzzy) else {
                continue;
            };
            let kind = if variant { MatchKind::Fuzzy } else { kind };
            let score = (s * factor * 1000.0)
                .round()
                .clamp(0.0, (CODE_SCORE - 1) as f32) as u32;
            let slot = found.entry(i).or_insert((0, kind));
            if score > slot.0 {
                *slot = (score, kind);
            }
        }
    }

    /// The nodes worth scoring in full: the best by a quick IDF-weighted
    /// count of index keys they share with the query.
    fn candidates(&self, q: &Query) -> Vec<u32> {
        let mut acc = Acc {
            score: vec![0.0; self.len()],
            touched: Vec::new(),
        };
        let add = |key: u64, w: f32, acc: &mut Acc| {
            if let Some(list) = self.post.get(key) {
                for &i in list {
                    let s = &mut acc.score[i as usize];
                    if *s == 0.0 {
                        acc.touched.push(i);
                    }
                    *s += w;
                }
            }
        };
        for t in &q.terms {
            match &t.kind {
                TermKind::Han(k) => {
                    add(*k, t.weight, &mut acc);
                    add(*k ^ WEAK, t.weight * 0.4, &mut acc);
                }
                TermKind::Word(exp) => {
                    for &(v, f) in exp {
                        let k = text::word_key(self.vocab.get(v));
                        add(k, t.weight * f, &mut acc);
                        add(k ^ WEAK, t.weight * f * 0.4, &mut acc);
                    }
                }
            }
        }
        for &k in &q.pinyin_keys {
            add(k, 1.0, &mut acc);
        }
        let mut v: Vec<(u32, f32)> = acc
            .touched
            .iter()
            .map(|&i| (i, acc.score[i as usize]))
            .collect();
        let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if v.len() > CANDIDATES {
            v.select_nth_unstable_by(CANDIDATES, order);
            v.truncate(CANDIDATES);
        }
        v.sort_unstable_by(order);
        v.into_iter().map(|(i, _)| i).collect()
    }
}

/// Quick per-node scores of the prefilter.
struct Acc {
    score: Vec<f32>,
    touched: Vec<u32>,
}

/// Per-query state for full scoring.
struct Scorer {
    matcher: Matcher,
    pattern: Option<Pattern>,
    self_score: f32,
    buf: Vec<char>,
    best: Vec<f32>,
    qlen: usize,
    /// Sum of the query terms' weights.
    total: f32,
    /// The query is plain ASCII (fuzzy-match it against English texts).
    ascii: bool,
    /// Several words, all known English: not pinyin.
    english_phrase: bool,
    /// The query holds Han characters.
    han: bool,
    /// The query holds ASCII words.
    words: bool,
    /// Index key of each Han term → its position in the query's terms.
    han_terms: HashMap<u64, usize, std::hash::BuildHasherDefault<KeyHasher>>,
    han_seen: Vec<bool>,
}

impl Scorer {
    fn new(q: &Query) -> Scorer {
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let (pattern, self_score) = if q.text.chars().count() >= 2 {
            let p = Pattern::parse(&q.text, CaseMatching::Ignore, Normalization::Smart);
            let s = p
                .score(Utf32Str::new(&q.text, &mut buf), &mut matcher)
                .unwrap_or(0);
            if s > 0 {
                (Some(p), s as f32)
            } else {
                (None, 0.0)
            }
        } else {
            (None, 0.0)
        };
        Scorer {
            matcher,
            pattern,
            self_score,
            buf,
            best: Vec::new(),
            qlen: q.text.chars().count(),
            total: q.terms.iter().map(|t| t.weight).sum(),
            ascii: q.text.is_ascii(),
            english_phrase: q.english && q.text.contains(' '),
            han: q.text.chars().any(is_han),
            words: q.text.chars().any(text::is_word),
            han_terms: q
                .terms
                .iter()
                .enumerate()
                .filter_map(|(i, t)| match t.kind {
                    TermKind::Han(k) => Some((k, i)),
                    TermKind::Word(_) => None,
                })
                .collect(),
            han_seen: Vec::new(),
        }
    }

    fn score(
        &mut self,
        index: &Index,
        q: &Query,
        i: usize,
        lang: Lang,
        fuzzy: bool,
    ) -> Option<(f32, MatchKind)> {
        self.best.clear();
        self.best.resize(q.terms.len(), 0.0);
        let mut top = (0.0f32, MatchKind::Fuzzy);
        // Exactly equal scores are a tie on purpose: the better kind wins.
        #[allow(clippy::float_cmp)]
        let consider = |s: f32, k: MatchKind, top: &mut (f32, MatchKind)| {
            if s > top.0 || (s == top.0 && k < top.1) {
                *top = (s, k);
            }
        };
        let letters = q.letters.as_bytes();
        for f in index.fields_of(i) {
            let w = f.src.weight() * if f.lang == lang { 1.0 } else { 0.97 };
            let ft = index.text(f);
            let words = index.words(f);
            // The whole query as a phrase of this text (which must hold
            // the query's scripts).
            let scripts_ok = (!self.han || f.has_han) && (!self.words || !words.is_empty());
            if self.qlen >= 2 || self.han {
                if let Some(pos) = find_phrase(ft, &q.text).filter(|_| scripts_ok) {
                    let flen = ft.chars().count().max(1);
                    let s = if ft.len() == q.text.len() {
                        1.0
                    } else {
                        0.9 + 0.1 * (self.qlen as f32 / flen as f32)
                    };
                    // A phrase at the start of the text reads as its subject.
                    let s = if pos == 0 { s } else { s * 0.97 };
                    // The query is a category's name ("Terminal", 网络):
                    // its entry question is the answer, above any node
                    // that merely mentions the word.
                    let w = if f.src == Src::Category && ft.len() == q.text.len() {
                        CATEGORY_NAMED
                    } else {
                        w
                    };
                    consider(w * s, MatchKind::Phrase, &mut top);
                }
                // A message or keyword of the node, whole, in the query.
                if f.src.names_it() && ft.len() < q.text.len() {
                    let flen = ft.chars().count();
                    let meaningful = flen >= 2 && (ft.chars().any(is_han) || flen >= 4);
                    if meaningful && find_phrase(&q.text, ft).is_some() {
                        let s = 0.92 * (flen as f32 / self.qlen.max(1) as f32).sqrt();
                        consider(w * s, MatchKind::Phrase, &mut top);
                    }
                }
            }
            // Coverage of each term, in this text and across the node.
            self.han_seen.clear();
            self.han_seen.resize(q.terms.len(), false);
            if f.has_han && !self.han_terms.is_empty() {
                let mut prev: Option<char> = None;
                for c in ft.chars() {
                    if !is_han(c) {
                        prev = None;
                        continue;
                    }
                    if let Some(&t) = self.han_terms.get(&text::han_key(c, None)) {
                        self.han_seen[t] = true;
                    }
                    if let Some(p) = prev {
                        if let Some(&t) = self.han_terms.get(&text::han_key(p, Some(c))) {
                            self.han_seen[t] = true;
                        }
                    }
                    prev = Some(c);
                }
            }
            let mut field_cov = 0.0f32;
            for (t, term) in q.terms.iter().enumerate() {
                let m = match &term.kind {
                    TermKind::Han(_) => {
                        if self.han_seen[t] {
                            1.0
                        } else {
                            0.0
                        }
                    }
                    TermKind::Word(exp) => word_match(words, exp),
                };
                field_cov += m * term.weight;
                if m * w > self.best[t] {
                    self.best[t] = m * w;
                }
            }
            if self.total > 0.0 && field_cov > 0.0 {
                // All the query's words in one short text beat the same
                // words scattered over a long one.
                let fc = field_cov / self.total;
                let flen = ft.chars().count().max(1) as f32;
                let tight = (self.qlen as f32 / flen).min(1.0);
                consider(
                    w * 0.9 * fc * (0.85 + 0.15 * tight),
                    MatchKind::Fuzzy,
                    &mut top,
                );
            }
            if !f.src.strong() {
                continue;
            }
            // Pinyin.
            if !letters.is_empty() && !self.english_phrase && f.has_han {
                for run in text::han_runs(ft) {
                    if run.len() < 2 {
                        continue;
                    }
                    let rs: Vec<&'static [py::Syllable]> =
                        run.iter().map(|&c| py::readings(c)).collect();
                    if let Some(m) = py::best_match(letters, &rs) {
                        if m.covered < 2 {
                            continue;
                        }
                        // Scored like a phrase of the same characters: how
                        // much of the text it is, and whether it begins it
                        // ("dayin" is 打印机 before 重打印).
                        let mut s = (0.72 + 0.23 * m.full as f32 / m.covered as f32)
                            * (0.9 + 0.1 * m.covered as f32 / run.len() as f32);
                        if m.start > 0 {
                            s *= 0.97;
                        }
                        if q.english {
                            s *= 0.6;
                        }
                        consider(w * s, MatchKind::Pinyin, &mut top);
                    }
                }
            }
            // nucleo's fuzzy score, relative to a perfect one.
            let same_script = (f.lang == Lang::En) == self.ascii;
            if let (true, true, Some(p)) = (fuzzy, same_script, &self.pattern) {
                if let Some(sc) = p.score(Utf32Str::new(ft, &mut self.buf), &mut self.matcher) {
                    let r = (sc as f32 / self.self_score).min(1.0);
                    if r >= 0.5 {
                        consider(w * 0.55 * r, MatchKind::Fuzzy, &mut top);
                    }
                }
            }
        }
        let total = self.total;
        let coverage = if total > 0.0 {
            q.terms
                .iter()
                .zip(&self.best)
                .map(|(t, b)| t.weight * b)
                .sum::<f32>()
                / total
        } else {
            0.0
        };
        consider(0.85 * coverage, MatchKind::Fuzzy, &mut top);
        let s = (top.0 + 0.08 * coverage) * index.priors[i];
        (s >= MIN_SCORE).then_some((s, top.1))
    }
}

/// How well a field's words meet a typed word's expansions.
fn word_match(words: &[u32], exp: &[(u32, f32)]) -> f32 {
    let mut best = 0.0f32;
    for &id in words {
        if let Some(&(_, f)) = exp.iter().find(|e| e.0 == id) {
            best = best.max(f);
            if best >= 1.0 {
                break;
            }
        }
    }
    best
}
