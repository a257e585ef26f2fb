//! Building the index: the texts that lead to each node, the inverted index
//! over them, and the English vocabulary with its typo table.

use super::text::{self, compact, is_han};
use super::{py, synonyms, Index};
use crate::rules::{Category, Lang, NodeBody, NodeKind, RuleSet};
use std::collections::{BTreeMap, HashMap, VecDeque};

/// What each category is called in each language. Entry questions stand for
/// their whole category, so a search for "network" or "网络" finds them; the
/// names are UI texts, which search takes as data instead of reading them
/// itself (see `i18n::category_labels`).
#[derive(Debug, Clone, Default)]
pub struct CategoryLabels {
    labels: BTreeMap<Category, Vec<(Lang, String)>>,
}

impl CategoryLabels {
    pub fn new() -> CategoryLabels {
        CategoryLabels::default()
    }

    /// Sets the label of `category` in `lang`, replacing an earlier one.
    pub fn insert(&mut self, category: Category, lang: Lang, label: impl Into<String>) {
        let label = label.into();
        let of_category = self.labels.entry(category).or_default();
        match of_category.iter_mut().find(|(l, _)| *l == lang) {
            Some(slot) => slot.1 = label,
            None => of_category.push((lang, label)),
        }
    }

    /// The labels of `category`, in the order they were first given.
    pub fn of(&self, category: Category) -> impl Iterator<Item = (Lang, &str)> {
        self.labels
            .get(&category)
            .into_iter()
            .flatten()
            .map(|(lang, label)| (*lang, label.as_str()))
    }
}

/// Where a piece of text came from, which sets how much a match counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Src {
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
    pub(super) fn weight(self) -> f32 {
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
    pub(super) fn strong(self) -> bool {
        self.weight() >= 0.6
    }
    /// Short texts that name the thing: when the query contains one of
    /// them whole, that counts.
    pub(super) fn names_it(self) -> bool {
        matches!(
            self,
            Src::Title | Src::Message | Src::Keyword | Src::CodeText
        )
    }
}

pub(super) struct Field {
    pub(super) text: Box<str>,
    pub(super) src: Src,
    pub(super) lang: Lang,
    /// Vocabulary ids of the stems of its English words.
    pub(super) words: Box<[u32]>,
    pub(super) has_han: bool,
}

pub(super) struct Entry {
    pub(super) fields: Vec<Field>,
    pub(super) prior: f32,
}

/// Index keys are already hashes: the map need not hash them again.
#[derive(Default, Clone, Copy)]
pub(super) struct KeyHasher(u64);

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

pub(super) type KeyMap = HashMap<u64, Vec<u32>, std::hash::BuildHasherDefault<KeyHasher>>;

/// Salt for keys of weak texts, so one map holds both tiers.
pub(super) const WEAK: u64 = 0x9e37_79b9_7f4a_7c15;

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
    /// Indexes every node of `rules`; `categories` names the categories
    /// that entry questions are also found by.
    pub fn build(rules: &RuleSet, categories: &CategoryLabels) -> Index {
        let n = rules.nodes.len();
        let parents = bfs_parents(rules);
        let start = rules.start.get();
        let mut fields: Vec<Vec<Field>> = (0..n).map(|_| Vec::new()).collect();
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
                for (lang, label) in categories.of(c) {
                    push_field(f, label, Src::Category, lang);
                }
                push_field(f, &c.key().replace('_', " "), Src::Category, Lang::En);
            }
            match &node.body {
                NodeBody::Question(q) => {
                    if let Some(w) = &q.why {
                        push_text(f, w, Src::Why);
                    }
                    for s in [&q.say_customer, &q.say_caller].into_iter().flatten() {
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
                    let lines = [&e.say_customer, &e.say_caller, &e.call_script];
                    for s in lines.into_iter().flatten() {
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
                    let id = if let Some(&id) = vocab_ids.get(st.as_str()) {
                        id
                    } else {
                        let id = vocab.len() as u32;
                        let b = st.into_boxed_str();
                        vocab.push(b.clone());
                        vocab_ids.insert(b, id);
                        id
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
            // Nodes come in order, so a key seen twice in this node has it
            // last in its list already: no need to sort the node's keys
            // (sorting them was a fifth of the build).
            let node = i as u32;
            for &k in &keys {
                let holders = post.entry(k).or_default();
                if holders.last() != Some(&node) {
                    holders.push(node);
                }
            }
        }
        // Joined compounds are left out of the prefix list: "sign" must not
        // grow into "signin".
        let mut vocab_sorted: Vec<u32> = (0..vocab.len() as u32)
            .filter(|&id| !text::is_compound(&vocab[id as usize]))
            .collect();
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

        let synonyms = synonyms::Expander::build(synonyms::Table::bundled(), &post, |p| {
            phrase_occurs(p, &post, &fields)
        });
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
            synonyms,
        }
    }

    pub(super) fn df(&self, key: u64) -> usize {
        self.post.get(&key).map_or(0, Vec::len)
    }

    pub(super) fn idf(&self, df: usize) -> f32 {
        let n = self.entries.len() as f32;
        (1.0 + n / (1.0 + df as f32)).ln().max(0.05)
    }
}

/// Nodes looked through at most to tell whether a phrasing occurs; past
/// that many holders of its rarest part, it is taken to occur.
const OCCURS_SCAN: usize = 500;

/// Whether a compact phrasing occurs in some node's texts, looking only at
/// the nodes that hold its rarest word or Han pair.
fn phrase_occurs(p: &str, post: &KeyMap, fields: &[Vec<Field>]) -> bool {
    let mut keys: Vec<u64> = text::words(p)
        .map(|w| text::word_key(&text::stem(w)))
        .collect();
    for run in text::han_runs(p) {
        keys.extend(run.windows(2).map(|w| text::han_key(w[0], Some(w[1]))));
    }
    let holders = |k: u64| {
        let strong = post.get(&k).map_or(&[][..], Vec::as_slice);
        let weak = post.get(&(k ^ WEAK)).map_or(&[][..], Vec::as_slice);
        (strong, weak)
    };
    let Some((strong, weak)) = keys
        .iter()
        .map(|&k| holders(k))
        .min_by_key(|(s, w)| s.len() + w.len())
    else {
        return false;
    };
    if strong.len() + weak.len() > OCCURS_SCAN {
        return true;
    }
    // One searcher for all the fields looked through: setting one up costs
    // more than searching a short text, and this runs for every phrasing
    // of the synonym table at every start.
    let finder = memchr::memmem::Finder::new(p);
    strong.iter().chain(weak).any(|&i| {
        fields
            .get(i as usize)
            .is_some_and(|fs| fs.iter().any(|f| holds_phrase(&f.text, p, &finder)))
    })
}

/// Whether `hay` holds the phrase `needle` on word boundaries, as
/// [`text::find_phrase`] reads it, with a searcher built once.
fn holds_phrase(hay: &str, needle: &str, finder: &memchr::memmem::Finder<'_>) -> bool {
    if needle.is_empty() || needle.len() > hay.len() {
        return false;
    }
    let first_word = needle.chars().next().is_some_and(text::is_word);
    let last_word = needle.chars().next_back().is_some_and(text::is_word);
    let step = needle.chars().next().map_or(1, char::len_utf8);
    let mut from = 0;
    // A match found by bytes starts and ends on character boundaries: both
    // texts are UTF-8 and the needle is whole characters. Overlapping
    // matches count, as in find_phrase.
    while let Some(p) = finder.find(&hay.as_bytes()[from..]) {
        let pos = from + p;
        let end = pos + needle.len();
        if (!first_word || !hay[..pos].chars().next_back().is_some_and(text::is_word))
            && (!last_word || !hay[end..].chars().next().is_some_and(text::is_word))
        {
            return true;
        }
        from = pos + step;
        if from >= hay.len() {
            break;
        }
    }
    false
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
        // A question lists, in its messages and answers, what the nodes
        // below it say: when both match alike, the diagnosis is the more
        // specific answer. An entry question still wins for its category's
        // own words, which no diagnosis holds.
        NodeKind::Question => {
            if parents[i].is_some_and(|(p, _)| p as usize == start) {
                0.95
            } else {
                0.92
            }
        }
        NodeKind::Resolved => 0.8,
        NodeKind::Escalation => 0.55,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_labels_keep_one_label_per_language() {
        let mut labels = CategoryLabels::new();
        labels.insert(Category::Network, Lang::Zh, "网络");
        labels.insert(Category::Network, Lang::En, "Network");
        labels.insert(Category::Network, Lang::En, "Network problems");
        let network: Vec<_> = labels.of(Category::Network).collect();
        assert_eq!(
            network,
            [(Lang::Zh, "网络"), (Lang::En, "Network problems")]
        );
        assert_eq!(labels.of(Category::Card).count(), 0);
    }
}
