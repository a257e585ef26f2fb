//! Building the index: the texts that lead to each node, the inverted index
//! over them, and the English vocabulary with its typo table.

use super::text::{self, compact, is_han};
use super::{py, synonyms};
use crate::rules::{Category, Lang, NodeBody, NodeKind, RuleSet};
use std::collections::{BTreeMap, HashMap, VecDeque};

/// Built once per rule set, over every node; for the bundled rules, when
/// posdoc is built (`prebuilt`). Every part is a few flat arrays, so the
/// prebuilt index is read back with a handful of copies and no hashing.
pub struct Index {
    /// Per node, where its fields end in `fields` (they start where the
    /// previous node's end).
    pub(super) field_ends: Vec<u32>,
    pub(super) fields: Vec<Field>,
    /// Every field's compact text, one after the other.
    pub(super) texts: String,
    /// Every field's word ids, one after the other.
    pub(super) words: Vec<u32>,
    /// Per node, how much its kind and place make it the likelier answer.
    pub(super) priors: Vec<f32>,
    /// Index key → the nodes holding it.
    pub(super) post: Postings,
    pub(super) vocab: Vocab,
    /// Key of a word with one letter deleted → the vocabulary words it
    /// comes from.
    pub(super) vocab_dels: Postings,
    pub(super) codes: HashMap<String, u32>,
    pub(super) parents: Vec<Option<(u32, Option<u16>)>>,
    pub(super) start: u32,
    /// The synonym table, as it applies to these rules.
    pub(super) synonyms: synonyms::Expander,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("nodes", &self.priors.len())
            .field("keys", &self.post.len())
            .field("vocabulary", &self.vocab.len())
            .finish()
    }
}

impl Index {
    /// The fields of node `i`.
    pub(super) fn fields_of(&self, i: usize) -> &[Field] {
        let start = if i == 0 { 0 } else { self.field_ends[i - 1] };
        &self.fields[start as usize..self.field_ends[i] as usize]
    }

    /// A field's compact text.
    pub(super) fn text(&self, f: &Field) -> &str {
        &self.texts[f.text.range()]
    }

    /// A field's word ids.
    pub(super) fn words(&self, f: &Field) -> &[u32] {
        &self.words[f.words.range()]
    }
}

/// A range of one of the index's flat arrays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) start: u32,
    pub(super) end: u32,
}

impl Span {
    pub(super) fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Sorted keys, each with its list in one shared array: a look-up is a
/// binary search, and reading it back is three copies.
#[derive(Debug, Default)]
pub(super) struct Postings {
    pub(super) keys: Vec<u64>,
    /// Where each key's list ends in `items`.
    pub(super) ends: Vec<u32>,
    pub(super) items: Vec<u32>,
}

impl Postings {
    fn from_map(map: KeyMap) -> Postings {
        let mut lists: Vec<(u64, Vec<u32>)> = map.into_iter().collect();
        lists.sort_unstable_by_key(|l| l.0);
        let mut p = Postings {
            keys: Vec::with_capacity(lists.len()),
            ends: Vec::with_capacity(lists.len()),
            items: Vec::with_capacity(lists.iter().map(|l| l.1.len()).sum()),
        };
        for (k, list) in lists {
            p.keys.push(k);
            p.items.extend_from_slice(&list);
            p.ends.push(p.items.len() as u32);
        }
        p
    }

    /// The list of `key`, if it has one.
    pub(super) fn get(&self, key: u64) -> Option<&[u32]> {
        let i = self.keys.binary_search(&key).ok()?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.items[start as usize..self.ends[i] as usize])
    }

    pub(super) fn contains_key(&self, key: u64) -> bool {
        self.keys.binary_search(&key).is_ok()
    }

    pub(super) fn len(&self) -> usize {
        self.keys.len()
    }
}

/// The English word stems of the index, by id, in one string.
#[derive(Debug, Default)]
pub(super) struct Vocab {
    pub(super) texts: String,
    /// Where each word ends in `texts`.
    pub(super) ends: Vec<u32>,
    /// Every id, in the alphabetical order of its word: exact look-ups.
    pub(super) by_text: Vec<u32>,
    /// The ids of the words a typed prefix may grow into, alphabetically.
    pub(super) prefixable: Vec<u32>,
}

impl Vocab {
    fn new(words: &[Box<str>]) -> Vocab {
        let mut v = Vocab::default();
        for w in words {
            v.texts.push_str(w);
            v.ends.push(v.texts.len() as u32);
        }
        v.by_text = (0..words.len() as u32).collect();
        v.by_text
            .sort_by(|&a, &b| words[a as usize].cmp(&words[b as usize]));
        // Joined compounds are left out of the prefix list: "sign" must
        // not grow into "signin".
        v.prefixable = v
            .by_text
            .iter()
            .copied()
            .filter(|&id| !text::is_compound(&words[id as usize]))
            .collect();
        v
    }

    /// The word of `id`.
    pub(super) fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.texts[start as usize..self.ends[i] as usize]
    }

    /// The id of `word`, if it is in the vocabulary.
    pub(super) fn id(&self, word: &str) -> Option<u32> {
        self.by_text
            .binary_search_by(|&id| self.get(id).cmp(word))
            .ok()
            .map(|i| self.by_text[i])
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }
}

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
    /// Every source, in the order of their numbers in the prebuilt index.
    pub(super) const ALL: [Src; 14] = [
        Src::Title,
        Src::Message,
        Src::Keyword,
        Src::CodeText,
        Src::Id,
        Src::AnswerIn,
        Src::Category,
        Src::CodeMeaning,
        Src::Detail,
        Src::Why,
        Src::Say,
        Src::Step,
        Src::Prevention,
        Src::WhoActs,
    ];

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

/// A text that leads to a node, as the index keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Field {
    /// Its compact text, in the index's `texts`.
    pub(super) text: Span,
    /// Vocabulary ids of the stems of its English words, in the index's
    /// `words`.
    pub(super) words: Span,
    pub(super) src: Src,
    pub(super) lang: Lang,
    pub(super) has_han: bool,
}

/// A field while the index is built.
struct Draft {
    text: Box<str>,
    src: Src,
    lang: Lang,
    words: Box<[u32]>,
    has_han: bool,
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

fn push_field(fields: &mut Vec<Draft>, s: &str, src: Src, lang: Lang) {
    let text = compact(s);
    if !text.is_empty() && !fields.iter().any(|f| f.src == src && *f.text == *text) {
        let has_han = text.chars().any(is_han);
        fields.push(Draft {
            text: text.into_boxed_str(),
            src,
            lang,
            words: Box::new([]),
            has_han,
        });
    }
}

fn push_text(fields: &mut Vec<Draft>, t: &crate::rules::Text, src: Src) {
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
    /// Indexes every node of `rules` with the synonym table `synonyms`;
    /// `categories` names the categories that entry questions are also
    /// found by.
    pub(crate) fn build_with(
        rules: &RuleSet,
        categories: &CategoryLabels,
        synonyms: &synonyms::Table,
    ) -> Index {
        let n = rules.nodes.len();
        let parents = bfs_parents(rules);
        let start = rules.start.get();
        let mut fields: Vec<Vec<Draft>> = (0..n).map(|_| Vec::new()).collect();
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
        let mut readings: Vec<&'static [py::Syllable]> = Vec::new();
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

        let post = Postings::from_map(post);
        let synonyms =
            synonyms::Expander::build(synonyms, &post, |p| phrase_occurs(p, &post, &fields));
        let mut index = Index {
            field_ends: Vec::with_capacity(n),
            fields: Vec::with_capacity(fields.iter().map(Vec::len).sum()),
            texts: String::new(),
            words: Vec::new(),
            priors: (0..n).map(|i| prior(rules, i, &parents, start)).collect(),
            post,
            vocab: Vocab::new(&vocab),
            vocab_dels: Postings::from_map(vocab_dels),
            codes,
            parents,
            start: start as u32,
            synonyms,
        };
        for drafts in fields {
            for d in drafts {
                let text = index.texts.len() as u32;
                index.texts.push_str(&d.text);
                let words = index.words.len() as u32;
                index.words.extend_from_slice(&d.words);
                index.fields.push(Field {
                    text: Span {
                        start: text,
                        end: index.texts.len() as u32,
                    },
                    words: Span {
                        start: words,
                        end: index.words.len() as u32,
                    },
                    src: d.src,
                    lang: d.lang,
                    has_han: d.has_han,
                });
            }
            index.field_ends.push(index.fields.len() as u32);
        }
        index
    }

    pub(super) fn df(&self, key: u64) -> usize {
        self.post.get(key).map_or(0, <[u32]>::len)
    }

    pub(super) fn idf(&self, df: usize) -> f32 {
        let n = self.priors.len() as f32;
        (1.0 + n / (1.0 + df as f32)).ln().max(0.05)
    }
}

/// Nodes looked through at most to tell whether a phrasing occurs; past
/// that many holders of its rarest part, it is taken to occur.
const OCCURS_SCAN: usize = 500;

/// Whether a compact phrasing occurs in some node's texts, looking only at
/// the nodes that hold its rarest word or Han pair.
fn phrase_occurs(p: &str, post: &Postings, fields: &[Vec<Draft>]) -> bool {
    let mut keys: Vec<u64> = text::words(p)
        .map(|w| text::word_key(&text::stem(w)))
        .collect();
    for run in text::han_runs(p) {
        keys.extend(run.windows(2).map(|w| text::han_key(w[0], Some(w[1]))));
    }
    let holders = |k: u64| {
        let strong = post.get(k).unwrap_or_default();
        let weak = post.get(k ^ WEAK).unwrap_or_default();
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
