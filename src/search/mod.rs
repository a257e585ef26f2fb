//! Search over every node: response codes, terminal messages, symptom words
//! in Chinese or English, pinyin (full and initials), with typo tolerance.
//!
//! PLACEHOLDER API (being implemented by the search work; do not ship as is):
//! the TUI codes against these signatures.

use crate::rules::{Lang, NodeIdx, RuleSet};

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

#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub node: NodeIdx,
    pub score: u32,
    pub kind: MatchKind,
    /// The response code that matched, when `kind` is `Code`.
    pub code: Option<String>,
}

/// Built once at load, over every node.
pub struct Index {
    _private: (),
}

impl Index {
    pub fn build(_rules: &RuleSet) -> Index {
        Index { _private: () }
    }

    /// Best hits first. Never panics on any input; an empty or blank query
    /// gives no hits.
    pub fn search(&self, _query: &str, _lang: Lang, _limit: usize) -> Vec<Hit> {
        Vec::new()
    }
}
