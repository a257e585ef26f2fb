//! The tree as a graph to draw: every node (or one category's, with the
//! nodes its edges leave to shown as references) and every edge labelled
//! with the answer or finding that takes it, in one language. The DOT and
//! Mermaid writers (`cli::export`) only spell it.

use super::routes::{edges, Edge};
use crate::i18n::Strings;
use crate::rules::{Category, NodeIdx, NodeKind, RuleSet};

/// A node to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramNode {
    /// The node's index in the rules: a stable, unique key for writers.
    pub idx: NodeIdx,
    pub id: String,
    pub kind: NodeKind,
    /// One line that names it, in the diagram's language.
    pub title: String,
    /// The first question.
    pub start: bool,
    /// Carries a money-safety warning (the charge's outcome may be unknown).
    pub money_safety: bool,
    /// Outside the category drawn: shown only because an edge leads to it.
    pub reference: bool,
}

/// An edge to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramEdge {
    pub from: NodeIdx,
    pub to: NodeIdx,
    pub kind: Edge,
    /// The answer or finding that takes it; for a hand-over, the word for it.
    pub label: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagram {
    pub nodes: Vec<DiagramNode>,
    pub edges: Vec<DiagramEdge>,
}

impl Diagram {
    /// The diagram of `rules` in the language of `strings`; of one
    /// category when `only` is given.
    pub fn build(rules: &RuleSet, strings: &Strings, only: Option<Category>) -> Diagram {
        let lang = strings.lang;
        let shown = |i: NodeIdx| only.is_none_or(|c| rules.node(i).category == c);
        let mut diagram = Diagram::default();
        let mut referenced = vec![false; rules.nodes.len()];
        for i in (0..rules.nodes.len()).map(|i| NodeIdx(i as u32)) {
            if !shown(i) {
                continue;
            }
            let node = rules.node(i);
            for (edge, to) in edges(rules, i) {
                let label = match edge {
                    Edge::Answer { answer } => node
                        .as_question()
                        .and_then(|q| q.answers.get(answer))
                        .map(|a| a.text.get(lang).to_string()),
                    Edge::Finding { step, finding } => node
                        .as_diagnosis()
                        .and_then(|d| d.steps.get(step))
                        .and_then(|st| st.found.get(finding))
                        .map(|f| f.text.get(lang).to_string()),
                    Edge::Escalation => Some(strings.get("label.escalation").to_string()),
                };
                if !shown(to) {
                    referenced[to.get()] = true;
                }
                diagram.edges.push(DiagramEdge {
                    from: i,
                    to,
                    kind: edge,
                    label: label.unwrap_or_default(),
                });
            }
        }
        for i in (0..rules.nodes.len()).map(|i| NodeIdx(i as u32)) {
            let reference = referenced[i.get()];
            if !shown(i) && !reference {
                continue;
            }
            let node = rules.node(i);
            diagram.nodes.push(DiagramNode {
                idx: i,
                id: node.id.clone(),
                kind: node.kind(),
                title: node.title().get(lang).to_string(),
                start: i == rules.start,
                money_safety: node.charge_outcome_unknown || node.money_safety().is_some(),
                reference,
            });
        }
        diagram
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{load_bundled, Lang};
    use std::collections::HashSet;

    #[test]
    fn every_edge_has_both_ends_drawn_and_one_category_stays_small() {
        let rules = load_bundled().rules.expect("bundled rules load");
        let whole = Diagram::build(&rules, &Strings::new(Lang::En), None);
        assert_eq!(whole.nodes.len(), rules.nodes.len());
        assert!(whole.nodes.iter().all(|n| !n.reference));
        let network = Diagram::build(&rules, &Strings::new(Lang::Zh), Some(Category::Network));
        let drawn: HashSet<NodeIdx> = network.nodes.iter().map(|n| n.idx).collect();
        for e in &network.edges {
            assert!(drawn.contains(&e.from) && drawn.contains(&e.to));
            assert!(!e.label.is_empty());
        }
        for n in &network.nodes {
            assert_eq!(
                n.reference,
                rules.node(n.idx).category != Category::Network,
                "{}",
                n.id
            );
        }
        assert!(network.nodes.len() < whole.nodes.len());
        assert!(network.nodes.iter().any(|n| n.money_safety));
    }
}
