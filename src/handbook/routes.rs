//! The ways into a node from the start, computed from the graph: one
//! breadth-first search gives every node its shortest way in; a node's
//! routes are then the shortest way to each node that leads to it, plus
//! that last edge. So a diagnosis reached from three questions shows three
//! routes, each as short as the tree allows, without listing every path
//! (their number grows exponentially with the depth of a shared subtree).

use crate::rules::{FindingNext, NodeBody, NodeIdx, RuleSet};
use std::collections::VecDeque;

/// One edge of the tree, from the node that has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// Answer `answer` (from 0) of a question.
    Answer { answer: usize },
    /// Finding `finding` (from 0) of check step `step` (from 0) of a diagnosis.
    Finding { step: usize, finding: usize },
    /// A diagnosis hands over after its last step.
    Escalation,
}

/// A hop of a route: from `from` along `edge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop {
    pub from: NodeIdx,
    pub edge: Edge,
}

/// Shortest ways in for every node reachable from the start.
pub struct Routes {
    /// The hop by which the search first reached each node; none for the
    /// start and for nodes it did not reach.
    first_hop: Vec<Option<Hop>>,
    /// Every edge into each node, in the rules' order of their sources.
    incoming: Vec<Vec<Hop>>,
    /// Hops from the start, for ordering routes shortest first.
    depth: Vec<u32>,
}

/// Every edge out of `node`, with the node it leads to.
pub fn edges(rules: &RuleSet, node: NodeIdx) -> Vec<(Edge, NodeIdx)> {
    match &rules.node(node).body {
        NodeBody::Question(q) => q
            .answers
            .iter()
            .enumerate()
            .map(|(answer, a)| (Edge::Answer { answer }, a.next))
            .collect(),
        NodeBody::Diagnosis(d) => {
            let mut out: Vec<(Edge, NodeIdx)> = d
                .steps
                .iter()
                .enumerate()
                .flat_map(|(step, st)| {
                    st.found
                        .iter()
                        .enumerate()
                        .filter_map(move |(finding, f)| match &f.next {
                            FindingNext::Node { idx, .. } => {
                                Some((Edge::Finding { step, finding }, *idx))
                            }
                            FindingNext::Step(_) => None,
                        })
                })
                .collect();
            out.push((Edge::Escalation, d.escalation));
            out
        }
        NodeBody::Escalation(_) | NodeBody::Resolved(_) => Vec::new(),
    }
}

impl Routes {
    pub fn new(rules: &RuleSet) -> Routes {
        let n = rules.nodes.len();
        let mut first_hop: Vec<Option<Hop>> = vec![None; n];
        let mut incoming: Vec<Vec<Hop>> = vec![Vec::new(); n];
        let mut depth = vec![u32::MAX; n];
        for i in 0..n {
            let from = NodeIdx(i as u32);
            for (edge, to) in edges(rules, from) {
                incoming[to.get()].push(Hop { from, edge });
            }
        }
        let mut queue = VecDeque::from([rules.start]);
        depth[rules.start.get()] = 0;
        while let Some(from) = queue.pop_front() {
            for (edge, to) in edges(rules, from) {
                if depth[to.get()] == u32::MAX {
                    depth[to.get()] = depth[from.get()] + 1;
                    first_hop[to.get()] = Some(Hop { from, edge });
                    queue.push_back(to);
                }
            }
        }
        Routes {
            first_hop,
            incoming,
            depth,
        }
    }

    /// The shortest way from the start to `node`, oldest hop first; empty
    /// for the start itself and for a node the start does not reach.
    pub fn shortest(&self, node: NodeIdx) -> Vec<Hop> {
        let mut hops = Vec::new();
        let mut at = node;
        while let Some(hop) = self.first_hop.get(at.get()).copied().flatten() {
            hops.push(hop);
            at = hop.from;
        }
        hops.reverse();
        hops
    }

    /// Up to `max` routes into `node`: for each edge into it from a node
    /// the start reaches (escalation hand-overs left out: a route is how
    /// one finds the cause), the shortest way there plus that edge;
    /// shortest routes first.
    pub fn ways_into(&self, node: NodeIdx, max: usize) -> Vec<Vec<Hop>> {
        let mut sources: Vec<Hop> = self.incoming[node.get()]
            .iter()
            .copied()
            .filter(|h| h.edge != Edge::Escalation && self.depth[h.from.get()] != u32::MAX)
            .filter(|h| h.from != node)
            .collect();
        sources.sort_by_key(|h| self.depth[h.from.get()]);
        sources
            .into_iter()
            .take(max)
            .map(|last| {
                let mut route = self.shortest(last.from);
                route.push(last);
                route
            })
            .collect()
    }

    /// How many edges lead into `node` (all of them, not only the routes
    /// shown).
    pub fn incoming_count(&self, node: NodeIdx) -> usize {
        self.incoming[node.get()]
            .iter()
            .filter(|h| h.edge != Edge::Escalation)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{load_bundled, NodeKind};

    #[test]
    fn every_diagnosis_of_the_bundled_rules_has_a_route_from_the_start() {
        let rules = load_bundled().rules.expect("bundled rules load");
        let routes = Routes::new(&rules);
        for (i, node) in rules.nodes.iter().enumerate() {
            if node.kind() != NodeKind::Diagnosis {
                continue;
            }
            let idx = NodeIdx(i as u32);
            let found = routes.ways_into(idx, 5);
            assert!(!found.is_empty(), "{} has no route", node.id);
            for route in found {
                assert_eq!(
                    route[0].from, rules.start,
                    "{} starts at the start",
                    node.id
                );
                // Each hop leaves from where the previous one arrived.
                for pair in route.windows(2) {
                    let lands = edges(&rules, pair[0].from)
                        .into_iter()
                        .find(|(e, _)| *e == pair[0].edge)
                        .map(|(_, to)| to);
                    assert_eq!(lands, Some(pair[1].from), "{}", node.id);
                }
                let last = route.last().expect("a hop");
                let lands = edges(&rules, last.from)
                    .into_iter()
                    .find(|(e, _)| *e == last.edge)
                    .map(|(_, to)| to);
                assert_eq!(lands, Some(idx), "{}", node.id);
            }
        }
    }

    #[test]
    fn routes_come_shortest_first() {
        let rules = load_bundled().rules.expect("bundled rules load");
        let routes = Routes::new(&rules);
        let reversal = rules.find("network.reversal_failed").expect("the node");
        let found = routes.ways_into(reversal, 10);
        assert!(
            found.len() >= 2,
            "reached from the question and from checks"
        );
        assert!(found.windows(2).all(|w| w[0].len() <= w[1].len()));
    }
}
