//! Search over every node: response codes, terminal messages, symptom words
//! in Chinese or English, pinyin (full and initials), with typo tolerance.
//!
//! # Design
//!
//! [`Index::build`] runs once per rule set. For every node it keeps the
//! compact (lower-case, half-width, punctuation-free) form of each text that
//! can lead to it, tagged with where it came from ([`Src`]): the title,
//! terminal messages, keywords and the terminal texts of its response codes
//! count fully; the answers that lead to it and code meanings a little less;
//! detail, steps and the like weakly. An inverted index maps Han character
//! bigrams (and single characters), English word stems, and pinyin pairs
//! (full syllables and first letters) to the nodes holding them.
//!
//! A query is sanitised (control characters dropped, cut to 200 characters)
//! and read three ways at once: response codes in it (`51`, `a0`, ` 5 `,
//! "A0 校验错" ...), Han bigrams and English words (expanded to vocabulary
//! words by prefix and by one-edit typos), and, when it is plain letters,
//! pinyin. The inverted index gives each node a quick IDF-weighted score;
//! only the best few hundred are scored in full: whole-phrase matches, the
//! node's texts contained in the query, term coverage across the node,
//! pinyin matched syllable by syllable over every reading of each character,
//! and nucleo's fuzzy score. A node's score is its best signal times its
//! field's weight, plus a little for coverage, times a prior that prefers
//! diagnoses and entry questions and pushes hubs and escalations down.
//! Response-code matches always rank first.

mod py;
pub mod text;

use crate::rules::{Lang, NodeBody, NodeIdx, NodeKind, RuleSet};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use std::collections::{HashMap, HashSet, VecDeque};
use text::{compact, is_han};

/// Why a hit matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The query is a response code that maps to this node.
    Code,
    /// The query appears as a phrase in the node's texts, messages or keywords.
    Phrase,
    /// Pinyin of the Chinese text (full or initials).
    Pinyin,
    /// Fuzzy or partial match.
    Fuzzy,
}

impl MatchKind {
    pub fn key(self) -> &'static str {
        match self {
            MatchKind::Code => "code",
            MatchKind::Phrase => "phrase",
            MatchKind::Pinyin => "pinyin",
            MatchKind::Fuzzy => "fuzzy",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub node: NodeIdx,
    /// Higher is better. Code matches score at least [`CODE_SCORE`]; text
    /// matches score below it (1000 is a perfect match of a title).
    pub score: u32,
    pub kind: MatchKind,
    /// The response code that matched, when `kind` is `Code`.
    pub code: Option<String>,
}

/// The score of an exact response-code match; text matches stay below it.
pub const CODE_SCORE: u32 = 10_000;

/// One step of the way from the start question to a node: the node passed
/// and, for a question, the answer chosen there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct PathStep {
    pub node: NodeIdx,
    /// 0-based answer index; None when the step is a diagnosis handing over
    /// to its escalation.
    pub answer: Option<usize>,
}

/// Where a piece of text came from, which sets how much a match counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Src {
    Title,
    Message,
    Keyword,
    CodeText,
    Id,
    AnswerIn,
    Category,
    CodeMeaning,
    Detail,
    Why,
    Say,
    Step,
    Prevention,
    WhoActs,
}

impl Src {
    fn weight(self) -> f32 {
        match self {
            Src::Title | Src::Message | Src::Keyword | Src::CodeText => 1.0,
            Src::Id => 0.8,
            Src::AnswerIn => 0.75,
            Src::Category => 0.7,
            Src::CodeMeaning => 0.65,
            Src::Detail => 0.5,
            Src::Why => 0.45,
            Src::Say | Src::Step => 0.4,
            Src::WhoActs | Src::Prevention => 0.3,
        }
    }
    /// Strong texts get the full index (pinyin, single characters).
    fn strong(self) -> bool {
        self.weight() >= 0.6
    }
    /// Short texts that name the thing: when the query contains one of
    /// them whole, that counts.
    fn names_it(self) -> bool {
        matches!(
            self,
            Src::Title | Src::Message | Src::Keyword | Src::CodeText
        )
    }
}

struct Field {
    text: Box<str>,
    src: Src,
    lang: Lang,
    /// Vocabulary ids of the stems of its English words.
    words: Box<[u32]>,
    has_han: bool,
}

struct Entry {
    fields: Vec<Field>,
    prior: f32,
}

/// Index keys are already hashes: the map need not hash them again.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap = HashMap<u64, Vec<u32>, std::hash::BuildHasherDefault<KeyHasher>>;

/// Salt for keys of weak texts, so one map holds both tiers.
const WEAK: u64 = 0x9e37_79b9_7f4a_7c15;
/// Nodes scored in full per query.
const CANDIDATES: usize = 200;
/// Of those, the best by the prefilter also get nucleo's fuzzy score.
const FUZZY_CANDIDATES: usize = 60;
/// Hits scoring below this (of 1.0) are noise.
const MIN_SCORE: f32 = 0.2;

/// Built once at load, over every node.
pub struct Index {
    entries: Vec<Entry>,
    post: KeyMap,
    /// Word stems, by id.
    vocab: Vec<Box<str>>,
    /// Word ids in alphabetical order, for prefix look-ups.
    vocab_sorted: Vec<u32>,
    vocab_ids: HashMap<Box<str>, u32>,
    vocab_dels: KeyMap,
    codes: HashMap<String, u32>,
    parents: Vec<Option<(u32, Option<u16>)>>,
    start: u32,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("nodes", &self.entries.len())
            .field("keys", &self.post.len())
            .field("vocabulary", &self.vocab.len())
            .finish()
    }
}

fn push_field(fields: &mut Vec<Field>, s: &str, src: Src, lang: Lang) {
    let text = compact(s);
    if !text.is_empty() && !fields.iter().any(|f| f.src == src && *f.text == *text) {
        let has_han = text.chars().any(is_han);
        fields.push(Field {
            text: text.into_boxed_str(),
            src,
            lang,
            words: Box::new([]),
            has_han,
        });
    }
}

fn push_text(fields: &mut Vec<Field>, t: &crate::rules::Text, src: Src) {
    push_field(fields, t.get(Lang::Zh), src, Lang::Zh);
    push_field(fields, t.get(Lang::En), src, Lang::En);
}

/// Shortest ways from the start, over answers and diagnosis → escalation.
fn bfs_parents(rules: &RuleSet) -> Vec<Option<(u32, Option<u16>)>> {
    let n = rules.nodes.len();
    let mut parents = vec![None; n];
    let mut seen = vec![false; n];
    let mut queue = VecDeque::new();
    let start = rules.start.get();
    if start < n {
        seen[start] = true;
        queue.push_back(start);
    }
    while let Some(i) = queue.pop_front() {
        let mut visit = |j: usize, answer: Option<u16>| {
            if j < n && !seen[j] {
                seen[j] = true;
                parents[j] = Some((i as u32, answer));
                queue.push_back(j);
            }
        };
        match &rules.nodes[i].body {
            NodeBody::Question(q) => {
                for (a, ans) in q.answers.iter().enumerate() {
                    visit(ans.next.get(), Some(a.min(u16::MAX as usize) as u16));
                }
            }
            NodeBody::Diagnosis(d) => visit(d.escalation.get(), None),
            _ => {}
        }
    }
    parents
}

impl Index {
    pub fn build(rules: &RuleSet) -> Index {
        let n = rules.nodes.len();
        let parents = bfs_parents(rules);
        let start = rules.start.get();
        let mut fields: Vec<Vec<Field>> = (0..n).map(|_| Vec::new()).collect();
        let cat_zh = crate::i18n::Strings::new(Lang::Zh);
        let cat_en = crate::i18n::Strings::new(Lang::En);
        for (i, node) in rules.nodes.iter().enumerate() {
            let f = &mut fields[i];
            push_field(f, &node.id.replace(['.', '_'], " "), Src::Id, Lang::En);
            push_text(f, node.title(), Src::Title);
            for m in &node.messages {
                push_text(f, m, Src::Message);
            }
            for k in &node.keywords.zh {
                push_field(f, k, Src::Keyword, Lang::Zh);
            }
            for k in &node.keywords.en {
                push_field(f, k, Src::Keyword, Lang::En);
            }
            // Entry questions stand for their whole category.
            if parents[i].is_some_and(|(p, _)| p as usize == start) {
                let c = node.category;
                push_field(f, cat_zh.category(c), Src::Category, Lang::Zh);
                push_field(f, cat_en.category(c), Src::Category, Lang::En);
                push_field(f, &c.key().replace('_', " "), Src::Category, Lang::En);
            }
            match &node.body {
                NodeBody::Question(q) => {
                    if let Some(w) = &q.why {
                        push_text(f, w, Src::Why);
                    }
                    if let Some(s) = &q.say {
                        push_text(f, s, Src::Say);
                    }
                }
                NodeBody::Diagnosis(d) => {
                    if let Some(t) = &d.detail {
                        push_text(f, t, Src::Detail);
                    }
                    for s in &d.steps {
                        push_text(f, &s.text, Src::Step);
                    }
                    for p in &d.prevention {
                        push_text(f, p, Src::Prevention);
                    }
                }
                NodeBody::Escalation(e) => {
                    if let Some(s) = &e.say {
                        push_text(f, s, Src::Say);
                    }
                }
                NodeBody::Resolved(r) => {
                    push_text(f, &r.text, Src::Detail);
                    for p in &r.prevention {
                        push_text(f, p, Src::Prevention);
                    }
                }
            }
        }
        // Answers count toward the node they lead to.
        for node in &rules.nodes {
            if let NodeBody::Question(q) = &node.body {
                for a in &q.answers {
                    let j = a.next.get();
                    if j < n {
                        push_text(&mut fields[j], &a.text, Src::AnswerIn);
                    }
                }
            }
        }
        let mut codes = HashMap::new();
        for rc in &rules.codes {
            let j = rc.node.get();
            if j >= n {
                continue;
            }
            codes.insert(rc.code.to_ascii_uppercase(), j as u32);
            for lang in [Lang::Zh, Lang::En] {
                let t = rc.terminal_text.get(lang);
                for part in t.split(" / ") {
                    push_field(&mut fields[j], part, Src::CodeText, lang);
                }
            }
            push_text(&mut fields[j], &rc.meaning, Src::CodeMeaning);
            push_text(&mut fields[j], &rc.who_acts, Src::WhoActs);
        }

        // The inverted index and the vocabulary.
        let mut post = KeyMap::default();
        let mut vocab: Vec<Box<str>> = Vec::new();
        let mut vocab_ids: HashMap<Box<str>, u32> = HashMap::new();
        let mut keys: Vec<u64> = Vec::new();
        let mut readings: Vec<&'static [&'static str]> = Vec::new();
        let mut ids: Vec<u32> = Vec::new();
        for (i, fs) in fields.iter_mut().enumerate() {
            keys.clear();
            for f in fs.iter_mut() {
                let strong = f.src.strong();
                let salt = if strong { 0 } else { WEAK };
                ids.clear();
                for w in text::words(&f.text) {
                    let st = text::stem(w);
                    keys.push(text::word_key(&st) ^ salt);
                    let id = match vocab_ids.get(st.as_str()) {
                        Some(&id) => id,
                        None => {
                            let id = vocab.len() as u32;
                            let b = st.into_boxed_str();
                            vocab.push(b.clone());
                            vocab_ids.insert(b, id);
                            id
                        }
                    };
                    ids.push(id);
                }
                f.words = ids.as_slice().into();
                for run in text::han_runs(&f.text) {
                    for pair in run.windows(2) {
                        keys.push(text::han_key(pair[0], Some(pair[1])) ^ salt);
                    }
                    if strong {
                        for &c in &run {
                            keys.push(text::han_key(c, None));
                        }
                        readings.clear();
                        readings.extend(run.iter().map(|&c| py::readings(c)));
                        for pair in readings.windows(2) {
                            py::pair_keys(pair[0], pair[1], &mut keys);
                        }
                    }
                }
            }
            keys.sort_unstable();
            keys.dedup();
            for &k in &keys {
                post.entry(k).or_default().push(i as u32);
            }
        }
        let mut vocab_sorted: Vec<u32> = (0..vocab.len() as u32).collect();
        vocab_sorted.sort_by(|&a, &b| vocab[a as usize].cmp(&vocab[b as usize]));
        let mut vocab_dels = KeyMap::default();
        for (i, w) in vocab.iter().enumerate() {
            if w.len() >= 4 && w.bytes().all(|b| b.is_ascii_lowercase()) {
                for d in text::deletions(w) {
                    vocab_dels
                        .entry(text::key(b'd', &[&d]))
                        .or_default()
                        .push(i as u32);
                }
            }
        }

        let entries = fields
            .into_iter()
            .enumerate()
            .map(|(i, fields)| Entry {
                fields,
                prior: prior(rules, i, &parents, start),
            })
            .collect();
        Index {
            entries,
            post,
            vocab,
            vocab_sorted,
            vocab_ids,
            vocab_dels,
            codes,
            parents,
            start: start as u32,
        }
    }

    /// The start question.
    pub fn start(&self) -> NodeIdx {
        NodeIdx(self.start)
    }

    /// Number of nodes indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The shortest way from the start question to `node`: the nodes passed
    /// and the answers chosen, not including `node` itself. Empty for the
    /// start and for nodes the start does not reach.
    pub fn path(&self, node: NodeIdx) -> Vec<PathStep> {
        let mut out = Vec::new();
        let mut cur = node.get();
        let mut guard = 0;
        while let Some(Some((p, a))) = self.parents.get(cur) {
            out.push(PathStep {
                node: NodeIdx(*p),
                answer: a.map(usize::from),
            });
            cur = *p as usize;
            guard += 1;
            if guard > self.entries.len() {
                break;
            }
        }
        out.reverse();
        out
    }

    /// The node a response code maps to, typed any way (`a0`, ` 5 `).
    pub fn code_node(&self, typed: &str) -> Option<NodeIdx> {
        let c = crate::rules::normalize_code(typed)?;
        self.codes.get(&c).map(|&i| NodeIdx(i))
    }

    /// Best hits first. Never panics on any input; an empty or blank query
    /// gives no hits.
    pub fn search(&self, query: &str, lang: Lang, limit: usize) -> Vec<Hit> {
        if limit == 0 || self.entries.is_empty() {
            return Vec::new();
        }
        let mut clean = text::sanitize(query);
        // Traditional Chinese is indexed through the simplified text it is
        // derived from, so 結算 finds what 结算 finds.
        let lang = match lang {
            Lang::ZhHant => {
                clean = crate::rules::script::to_simplified(&clean);
                Lang::Zh
            }
            l => l,
        };
        let q = self.analyse(&clean);
        let mut hits: HashMap<u32, Hit> = HashMap::new();
        for (code, node) in &q.codes {
            hits.entry(*node).or_insert(Hit {
                node: NodeIdx(*node),
                score: CODE_SCORE,
                kind: MatchKind::Code,
                code: Some(code.clone()),
            });
        }
        if !q.is_empty() {
            let cands = self.candidates(&q);
            let mut scorer = Scorer::new(&q);
            for (rank, i) in cands.into_iter().enumerate() {
                let fuzzy = rank < FUZZY_CANDIDATES;
                let Some((s, kind)) = scorer.score(self, &q, i as usize, lang, fuzzy) else {
                    continue;
                };
                let score = (s * 1000.0).round().clamp(0.0, (CODE_SCORE - 1) as f32) as u32;
                match hits.get_mut(&i) {
                    Some(h) => h.score += score.min(CODE_SCORE - 1),
                    None => {
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
                }
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

    /// Reads a sanitised query.
    fn analyse(&self, clean: &str) -> Query {
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
        q.text = comp.clone();
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
                .map(|&(v, _)| self.df(text::word_key(&self.vocab[v as usize])))
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
                grams.extend(run.iter().map(|c| c.to_string()));
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
                && all_words.iter().all(|w| {
                    text::is_stopword(w) || self.vocab_ids.contains_key(text::stem(w).as_str())
                });
        }
        q
    }

    fn df(&self, key: u64) -> usize {
        self.post.get(&key).map_or(0, Vec::len)
    }

    fn idf(&self, df: usize) -> f32 {
        let n = self.entries.len() as f32;
        (1.0 + n / (1.0 + df as f32)).ln().max(0.05)
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
        let exact = self.vocab_ids.get(st).copied();
        if let Some(v) = exact {
            add(v, 1.0, &mut out);
        }
        if word.len() >= 3 {
            let from = self
                .vocab_sorted
                .partition_point(|&id| &*self.vocab[id as usize] < st);
            for &id in self.vocab_sorted[from..].iter().take(24) {
                if !self.vocab[id as usize].starts_with(st) {
                    break;
                }
                add(id, 0.8, &mut out);
            }
        }
        if exact.is_none() && st.len() >= 4 && st.bytes().all(|b| b.is_ascii_lowercase()) {
            for d in text::deletions(st) {
                if let Some(vs) = self.vocab_dels.get(&text::key(b'd', &[&d])) {
                    for &v in vs.iter().take(16) {
                        add(v, 0.7, &mut out);
                    }
                }
            }
        }
        out.truncate(40);
        out
    }

    /// The nodes worth scoring in full: the best by a quick IDF-weighted
    /// count of index keys they share with the query.
    fn candidates(&self, q: &Query) -> Vec<u32> {
        let mut acc = Acc {
            score: vec![0.0; self.entries.len()],
            touched: Vec::new(),
        };
        let add = |key: u64, w: f32, acc: &mut Acc| {
            if let Some(list) = self.post.get(&key) {
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
                        let k = text::word_key(&self.vocab[v as usize]);
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

fn prior(rules: &RuleSet, i: usize, parents: &[Option<(u32, Option<u16>)>], start: usize) -> f32 {
    let node = &rules.nodes[i];
    if i == start {
        return 0.5;
    }
    match node.kind() {
        NodeKind::Diagnosis => match node.as_diagnosis().map(|d| d.likelihood) {
            Some(crate::rules::Likelihood::High) => 1.0,
            Some(crate::rules::Likelihood::Medium) => 0.99,
            _ => 0.98,
        },
        NodeKind::Question => {
            if parents[i].is_some_and(|(p, _)| p as usize == start) {
                1.0
            } else {
                0.95
            }
        }
        NodeKind::Resolved => 0.8,
        NodeKind::Escalation => 0.55,
    }
}

#[derive(Default)]
struct Query {
    /// Compact text, without a leading/embedded response code.
    text: String,
    codes: Vec<(String, u32)>,
    terms: Vec<Term>,
    /// Letters of a plain-letter query, for pinyin; empty otherwise.
    letters: String,
    pinyin_keys: Vec<u64>,
    /// Every word is a known English word.
    english: bool,
}

impl Query {
    fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.letters.is_empty()
    }
}

struct Term {
    kind: TermKind,
    weight: f32,
}

enum TermKind {
    /// The index key of a Han bigram (or single character).
    Han(u64),
    /// Vocabulary words (ids) the typed word may mean, with how much each counts.
    Word(Vec<(u32, f32)>),
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
        let entry = &index.entries[i];
        self.best.clear();
        self.best.resize(q.terms.len(), 0.0);
        let mut top = (0.0f32, MatchKind::Fuzzy);
        let consider = |s: f32, k: MatchKind, top: &mut (f32, MatchKind)| {
            if s > top.0 || (s == top.0 && k < top.1) {
                *top = (s, k);
            }
        };
        let letters = q.letters.as_bytes();
        for f in &entry.fields {
            let w = f.src.weight() * if f.lang == lang { 1.0 } else { 0.97 };
            let ft: &str = &f.text;
            // The whole query as a phrase of this text (which must hold
            // the query's scripts).
            let scripts_ok = (!self.han || f.has_han) && (!self.words || !f.words.is_empty());
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
                    TermKind::Word(exp) => word_match(&f.words, exp),
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
                    let rs: Vec<&'static [&'static str]> =
                        run.iter().map(|&c| py::readings(c)).collect();
                    if let Some((covered, full)) = py::best_match(letters, &rs) {
                        if covered < 2 {
                            continue;
                        }
                        let mut s = (0.72 + 0.23 * full as f32 / covered as f32)
                            * (0.88 + 0.12 * covered as f32 / run.len() as f32);
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
        let s = (top.0 + 0.08 * coverage) * entry.prior;
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

/// Byte position of `needle` in `hay` where it starts (and, for ASCII
/// words, ends) on a word boundary.
fn find_phrase(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let first_word = needle.chars().next().is_some_and(text::is_word);
    let last_word = needle.chars().next_back().is_some_and(text::is_word);
    let mut from = 0;
    while let Some(p) = hay[from..].find(needle) {
        let pos = from + p;
        let before_ok = !first_word || !hay[..pos].chars().next_back().is_some_and(text::is_word);
        let end = pos + needle.len();
        let after_ok = !last_word || !hay[end..].chars().next().is_some_and(text::is_word);
        if before_ok && after_ok {
            return Some(pos);
        }
        from = pos + needle.chars().next().map_or(1, char::len_utf8);
        if from >= hay.len() {
            break;
        }
    }
    None
}

/// Suggestions for a response code that is not in the rules: codes that
/// look like it (a digit mistyped, swapped, O for 0), then whatever the
/// typed text finds as a search.
pub fn suggest_for_unknown_code(index: &Index, rules: &RuleSet, typed: &str) -> Vec<Hit> {
    let clean = text::sanitize(typed);
    let t: Vec<char> = clean
        .trim()
        .chars()
        .take(8)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let look = |c: char| match c {
        'O' | 'Q' | 'D' => '0',
        'I' | 'L' => '1',
        'Z' => '2',
        'S' => '5',
        'B' => '8',
        'G' => '6',
        _ => c,
    };
    let mut scored: Vec<(u32, &crate::rules::ResponseCode)> = Vec::new();
    for rc in &rules.codes {
        let cc: Vec<char> = rc.code.chars().collect();
        let mut s = 0u32;
        if t.len() == 2 && cc.len() == 2 {
            let mapped: Vec<char> = t.iter().map(|&c| look(c)).collect();
            if mapped == cc && t != cc {
                s = 900;
            } else if t[0] == cc[1] && t[1] == cc[0] {
                s = 700;
            } else if t[0] == cc[0] || look(t[0]) == cc[0] {
                s = 520;
            } else if t[1] == cc[1] || look(t[1]) == cc[1] {
                s = 500;
            }
        } else if t.len() == 1 && cc.contains(&t[0]) {
            s = 400;
        } else if t.len() > 2 && cc.len() == 2 {
            // "510", "5l": a code inside a longer token.
            let joined: String = t.iter().collect();
            if joined.contains(&rc.code) {
                s = 600;
            }
        }
        if s > 0 {
            scored.push((s, rc));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.code.cmp(&b.1.code)));
    let mut out: Vec<Hit> = scored
        .into_iter()
        .take(5)
        .map(|(s, rc)| Hit {
            node: rc.node,
            score: s,
            kind: MatchKind::Code,
            code: Some(rc.code.clone()),
        })
        .collect();
    for h in index.search(&clean, Lang::Zh, 5) {
        if out.len() >= 8 {
            break;
        }
        if !out.iter().any(|o| o.node == h.node) {
            out.push(h);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_boundaries() {
        assert_eq!(find_phrase("card expired today", "card expired"), Some(0));
        assert_eq!(find_phrase("discard expired", "card"), None);
        assert_eq!(find_phrase("余额不足请查询", "余额不足"), Some(0));
        assert_eq!(find_phrase("a", "abc"), None);
    }
}
