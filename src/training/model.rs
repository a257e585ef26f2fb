//! Practice cases, validated against a rule set: every node reference is an
//! index into that [`RuleSet`](crate::rules::RuleSet), so a [`crate::training::TrainingSession`]
//! can follow them without checks.

use crate::rules::{Category, NodeIdx, Text};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// How hard a practice case is, for choosing a set to train on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    pub fn key(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }

    /// 1 (easy) to 3 (hard).
    pub fn level(self) -> u8 {
        self as u8 + 1
    }

    /// Reads `easy`/`medium`/`hard` or `1`/`2`/`3`, as the practice files
    /// and `--difficulty` write it.
    pub fn parse(s: &str) -> Option<Difficulty> {
        let s = s.trim().to_ascii_lowercase();
        Difficulty::ALL
            .into_iter()
            .find(|d| d.key() == s || d.level().to_string() == s)
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// What the case answers to one question of the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// The answers (0-based) that are true of this case; usually one.
    pub answers: Vec<usize>,
    /// What the customer or caller says when asked, if written.
    pub says: Option<Text>,
}

/// What a check step of a diagnosis finds in this case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingFact {
    #[serde(skip)]
    pub node: NodeIdx,
    #[serde(rename = "node")]
    pub node_id: String,
    /// The check step, 0-based.
    pub step: usize,
    /// The finding that is true of this case, 0-based.
    pub finding: usize,
    pub says: Option<Text>,
}

/// Where a trap sits: an answer of a question, or a remedy step of a
/// diagnosis (taken when the trainee carries the step out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TrapAt {
    Answer { node: NodeIdx, answer: usize },
    Step { node: NodeIdx, step: usize },
}

impl TrapAt {
    pub fn node(self) -> NodeIdx {
        match self {
            TrapAt::Answer { node, .. } | TrapAt::Step { node, .. } => node,
        }
    }
}

/// An answer or a step that would do harm in this case, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trap {
    pub at: TrapAt,
    /// The id of the trap's node, for reports.
    pub node_id: String,
    pub why: Text,
}

impl Trap {
    /// A short label that names the trap in reports: `network.timeout step 4`
    /// or `start answer 3` (1-based, as the trainee typed it).
    pub fn label(&self) -> String {
        match self.at {
            TrapAt::Answer { answer, .. } => format!("{} answer {}", self.node_id, answer + 1),
            TrapAt::Step { step, .. } => format!("{} step {}", self.node_id, step + 1),
        }
    }
}

/// One move of the best path: answer `answer` (0-based) of `question`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PathStep {
    pub question: NodeIdx,
    pub answer: usize,
}

/// A validated practice case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PracticeCase {
    pub id: String,
    pub title: Text,
    pub category: Category,
    pub difficulty: Difficulty,
    /// The problem as the customer or caller tells it.
    pub story: Text,
    #[serde(skip)]
    pub facts: BTreeMap<NodeIdx, Fact>,
    pub findings: Vec<FindingFact>,
    /// The diagnoses that count as right.
    #[serde(skip)]
    pub right: Vec<NodeIdx>,
    /// Nodes whose warnings the trainee must pass through.
    #[serde(skip)]
    pub must_see: Vec<NodeIdx>,
    pub traps: Vec<Trap>,
    /// The fewest answers from the start question to a right diagnosis,
    /// following the facts.
    pub par: usize,
    /// One shortest path of answers that reaches a right diagnosis.
    #[serde(skip)]
    pub best_path: Vec<PathStep>,
    /// The file the case was written in.
    pub file: String,
}

impl PracticeCase {
    /// The fact for a question, when the case has one.
    pub fn fact(&self, question: NodeIdx) -> Option<&Fact> {
        self.facts.get(&question)
    }

    /// The finding fact for check step `step` of `node`.
    pub fn finding(&self, node: NodeIdx, step: usize) -> Option<&FindingFact> {
        self.findings
            .iter()
            .find(|f| f.node == node && f.step == step)
    }

    pub fn is_right(&self, diagnosis: NodeIdx) -> bool {
        self.right.contains(&diagnosis)
    }
}

/// Every practice case of a rule set, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PracticeSet {
    pub cases: Vec<PracticeCase>,
}

/// Which cases to train on: all, one category, one difficulty, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub category: Option<Category>,
    pub difficulty: Option<Difficulty>,
}

impl CaseFilter {
    pub fn matches(&self, case: &PracticeCase) -> bool {
        self.category.is_none_or(|c| c == case.category)
            && self.difficulty.is_none_or(|d| d == case.difficulty)
    }
}

impl PracticeSet {
    pub fn find(&self, id: &str) -> Option<&PracticeCase> {
        self.cases.iter().find(|c| c.id == id)
    }

    /// The cases the filter lets through, in order.
    pub fn filtered(&self, filter: CaseFilter) -> impl Iterator<Item = &PracticeCase> {
        self.cases.iter().filter(move |c| filter.matches(c))
    }

    pub fn len(&self) -> usize {
        self.cases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difficulty_reads_words_and_levels() {
        assert_eq!(Difficulty::parse("Easy"), Some(Difficulty::Easy));
        assert_eq!(Difficulty::parse("2"), Some(Difficulty::Medium));
        assert_eq!(Difficulty::parse(" hard "), Some(Difficulty::Hard));
        assert_eq!(Difficulty::parse("4"), None);
        assert_eq!(Difficulty::Hard.level(), 3);
    }
}
