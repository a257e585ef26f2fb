//! The whole tree as an outline that folds, for the explore screen: each
//! category, its questions, and under each question its answers with where
//! they lead; then the category's causes, hand-overs and resolutions that no
//! answer of its own questions leads to (reached by a check's finding, or
//! from another category), so every node appears. Which categories and
//! questions are open, and a filter, decide the rows shown ([`rows`]).
//!
//! Pure data in one language; the TUI draws the rows and keeps the state.

use crate::i18n::Strings;
use crate::rules::{Category, NodeIdx, NodeKind, RuleSet};
use std::collections::BTreeSet;

/// What can be open: a category or a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fold {
    Category(Category),
    Question(NodeIdx),
}

/// What a row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Category(Category),
    Question(NodeIdx),
    /// Answer `n` (from 1) of `question`, leading to `to`.
    Answer {
        question: NodeIdx,
        n: usize,
        to: NodeIdx,
    },
    /// A node of the category that no answer of its questions leads to.
    Node(NodeIdx),
}

/// One row of the outline as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    /// 0 for a category, 1 for a question or a node, 2 for an answer.
    pub depth: usize,
    /// The row's words: the category's name, the question, "answer → where".
    pub text: String,
    /// For a category or a question: whether it is open.
    pub open: Option<bool>,
    /// The node shown (or led to) carries a money-safety warning.
    pub money_safety: bool,
    /// The node opened by Enter: the question, the answer's target, the node.
    pub node: Option<NodeIdx>,
    /// For a category: how many nodes it has.
    pub count: usize,
}

impl Row {
    /// What Left, Right and Enter on a category fold.
    pub fn fold(&self) -> Option<Fold> {
        match self.kind {
            RowKind::Category(c) => Some(Fold::Category(c)),
            RowKind::Question(q) => Some(Fold::Question(q)),
            RowKind::Answer { .. } | RowKind::Node(_) => None,
        }
    }
}

/// The category a node's row is under, and the fold of its question, so a
/// screen opened at a node can open the way to it.
pub fn folds_to(rules: &RuleSet, node: NodeIdx) -> Vec<Fold> {
    let mut folds = vec![Fold::Category(rules.node(node).category)];
    if rules.node(node).kind() == NodeKind::Question {
        folds.push(Fold::Question(node));
    }
    folds
}

/// Lower-cased, and traditional Chinese made simplified, so a filter
/// typed either way finds both.
fn folded(s: &str) -> String {
    crate::rules::script::to_simplified(&s.to_lowercase()).into_owned()
}

/// The rows shown with `open` folds open and `filter` typed. A non-empty
/// filter shows every row whose words or node id contain it, under their
/// category and question (opened for it), whatever is folded.
pub fn rows(rules: &RuleSet, strings: &Strings, open: &BTreeSet<Fold>, filter: &str) -> Vec<Row> {
    let lang = strings.lang;
    let filter = folded(filter.trim());
    let filtering = !filter.is_empty();
    let matches =
        |text: &str, id: &str| !filtering || folded(text).contains(&filter) || id.contains(&filter);
    let title = |i: NodeIdx| rules.node(i).title().get(lang).to_string();
    let money = |i: NodeIdx| {
        let n = rules.node(i);
        n.charge_outcome_unknown || n.money_safety().is_some()
    };
    let arrow = " -> ";
    let mut out = Vec::new();
    for category in Category::ALL {
        let in_category: Vec<NodeIdx> = (0..rules.nodes.len())
            .map(|i| NodeIdx(i as u32))
            .filter(|&i| rules.node(i).category == category)
            .collect();
        if in_category.is_empty() {
            continue;
        }
        let label = strings.category(category).to_string();
        let cat_open = filtering || open.contains(&Fold::Category(category));
        let mut children = Vec::new();
        let mut led_to = BTreeSet::new();
        for &q in &in_category {
            let Some(question) = rules.node(q).as_question() else {
                continue;
            };
            let q_text = title(q);
            let q_open = filtering || open.contains(&Fold::Question(q));
            let mut answers = Vec::new();
            for (i, a) in question.answers.iter().enumerate() {
                led_to.insert(a.next);
                let text = format!("{}. {}{arrow}{}", i + 1, a.text.get(lang), title(a.next));
                if matches(&text, &rules.node(a.next).id) {
                    answers.push(Row {
                        kind: RowKind::Answer {
                            question: q,
                            n: i + 1,
                            to: a.next,
                        },
                        depth: 2,
                        text,
                        open: None,
                        money_safety: money(a.next),
                        node: Some(a.next),
                        count: 0,
                    });
                }
            }
            let q_matches = matches(&q_text, &rules.node(q).id);
            if filtering && !q_matches && answers.is_empty() {
                continue;
            }
            children.push(Row {
                kind: RowKind::Question(q),
                depth: 1,
                text: q_text,
                open: Some(q_open),
                money_safety: money(q),
                node: Some(q),
                count: 0,
            });
            if q_open {
                children.extend(answers);
            }
        }
        for &n in &in_category {
            if rules.node(n).kind() == NodeKind::Question || led_to.contains(&n) {
                continue;
            }
            let text = title(n);
            if matches(&text, &rules.node(n).id) {
                children.push(Row {
                    kind: RowKind::Node(n),
                    depth: 1,
                    text,
                    open: None,
                    money_safety: money(n),
                    node: Some(n),
                    count: 0,
                });
            }
        }
        if filtering && children.is_empty() && !matches(&label, category.key()) {
            continue;
        }
        out.push(Row {
            kind: RowKind::Category(category),
            depth: 0,
            text: label,
            open: Some(cat_open),
            money_safety: false,
            node: None,
            count: in_category.len(),
        });
        if cat_open {
            out.extend(children);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{load_bundled, Lang};

    fn all_open(rules: &RuleSet) -> BTreeSet<Fold> {
        let mut open: BTreeSet<Fold> = Category::ALL.into_iter().map(Fold::Category).collect();
        for i in 0..rules.nodes.len() {
            open.insert(Fold::Question(NodeIdx(i as u32)));
        }
        open
    }

    #[test]
    fn folded_it_is_the_categories_and_open_it_shows_every_node() {
        let rules = load_bundled().rules.expect("bundled rules load");
        let s = Strings::new(Lang::En);
        let folded_rows = rows(&rules, &s, &BTreeSet::new(), "");
        assert_eq!(folded_rows.len(), Category::ALL.len());
        assert!(folded_rows.iter().all(|r| r.open == Some(false)));
        let open = rows(&rules, &s, &all_open(&rules), "");
        let shown: BTreeSet<NodeIdx> = open.iter().filter_map(|r| r.node).collect();
        assert_eq!(shown.len(), rules.nodes.len(), "every node can be reached");
    }

    #[test]
    fn a_filter_shows_matches_under_their_question_and_category() {
        let rules = load_bundled().rules.expect("bundled rules load");
        let s = Strings::new(Lang::Zh);
        let found = rows(&rules, &s, &BTreeSet::new(), "冲正");
        assert!(found.iter().any(|r| r.depth == 2));
        for (i, row) in found.iter().enumerate() {
            match row.kind {
                RowKind::Answer { question, .. } => {
                    let parent = found[..i]
                        .iter()
                        .rev()
                        .find(|r| r.depth == 1)
                        .expect("a question above");
                    assert_eq!(parent.kind, RowKind::Question(question));
                }
                RowKind::Category(_) => assert_eq!(row.open, Some(true)),
                _ => {}
            }
        }
        // Traditional characters find the same rows.
        assert_eq!(rows(&rules, &s, &BTreeSet::new(), "衝正"), found);
        assert!(rows(&rules, &s, &BTreeSet::new(), "zzzz-nothing").is_empty());
    }
}
