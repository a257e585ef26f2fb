//! Search over every node: response codes, terminal messages, symptom words
//! in Chinese or English, pinyin (full and initials), with typo tolerance.
//!
//! # Design
//!
//! [`Index::build`] runs once per rule set. For every node it keeps the
//! compact (lower-case, half-width, punctuation-free) form of each text that
//! can lead to it, tagged with where it came from (`index::Src`): the title,
//! terminal messages, keywords and the terminal texts of its response codes
//! count fully; the answers that lead to it and code meanings a little less;
//! detail, steps and the like weakly. An inverted index maps Han character
//! bigrams (and single characters), English word stems, and pinyin pairs
//! (full syllables and first letters) to the nodes holding them.
//!
//! A query is sanitised (control characters dropped, cut to 200 characters),
//! turned from traditional into simplified characters when it holds any
//! (`query::to_simplified`), and read three ways at once: response codes in
//! it (`51`, `a0`, ` 5 `, "A0 校验错" ...), Han bigrams and English words
//! (expanded to vocabulary words by prefix and by one-edit typos), and, when
//! it is plain letters, pinyin. The inverted index gives each node a quick IDF-weighted score;
//! only the best few hundred are scored in full: whole-phrase matches, the
//! node's texts contained in the query, term coverage across the node,
//! pinyin matched syllable by syllable over every reading of each character,
//! and nucleo's fuzzy score. A node's score is its best signal times its
//! field's weight, plus a little for coverage, times a prior that prefers
//! diagnoses, then entry questions, and pushes escalations down; a query
//! that is a category's name finds its entry question first.
//! Response-code matches always rank first.
//!
//! Everyday phrasings the rules don't use ("my plan ran out", 刷卡机) are
//! met through the reviewed table `assets/search/synonyms.yaml`: the query
//! is also searched with them replaced by the equivalents the rules do use,
//! and each node keeps its best score (`synonyms`). Text hits far below the
//! best one are dropped as noise.
//!
//! Building is in `index`, reading a query in `query`, ranking in `score`,
//! the synonym table in `synonyms`, and suggestions for an unknown
//! response code in `suggest`. Category labels come in as data
//! ([`CategoryLabels`]), so search needs no UI texts.

mod index;
mod pinyin_data;
pub mod prebuilt;
mod py;
mod query;
mod score;
mod suggest;
pub mod synonyms;
pub mod text;

use crate::rules::{NodeIdx, RuleSet};
use std::sync::OnceLock;

pub use index::{CategoryLabels, Index};
pub use prebuilt::Refused;
pub use suggest::suggest_for_unknown_code;

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

/// The index of the bundled rules, built with posdoc by `build.rs`.
static BUNDLED_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled_search.bin"));
/// The synonym table, checked and compiled by `build.rs`.
static BUNDLED_SYNONYMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled_synonyms.bin"));

impl synonyms::Table {
    /// The bundled table, read once. A broken bundled table fails the
    /// build; should its binary form still not read, search goes without.
    pub fn bundled() -> &'static synonyms::Table {
        static T: OnceLock<synonyms::Table> = OnceLock::new();
        T.get_or_init(|| prebuilt::decode_table(BUNDLED_SYNONYMS).unwrap_or_default())
    }
}

impl Index {
    /// Indexes every node of `rules`; `categories` names the categories
    /// that entry questions are also found by.
    pub fn build(rules: &RuleSet, categories: &CategoryLabels) -> Index {
        Index::build_with(rules, categories, synonyms::Table::bundled())
    }

    /// The index of the bundled rules ([`crate::rules::load_bundled`]),
    /// built when posdoc was built, with the bundled UI texts' category
    /// names: what [`Index::build`] gives for them, without the work.
    /// Refused when it does not read or was built from other rules than
    /// those embedded; [`Index::build`] then gives the same answers.
    pub fn bundled() -> Result<Index, Refused> {
        prebuilt::decode(
            BUNDLED_INDEX,
            prebuilt::fingerprint(crate::rules::bundled_bytes()),
        )
    }

    /// The binary form [`Index::bundled`] reads, as embedded.
    pub fn bundled_bytes() -> &'static [u8] {
        BUNDLED_INDEX
    }

    /// The start question.
    pub fn start(&self) -> NodeIdx {
        NodeIdx(self.start)
    }

    /// Number of nodes indexed.
    pub fn len(&self) -> usize {
        self.priors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.priors.is_empty()
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
            if guard > self.priors.len() {
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
}
