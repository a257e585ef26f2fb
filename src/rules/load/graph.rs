//! Checks over the whole graph of nodes: reachability from the start, and
//! questions that can never reach an end.

use super::{p, Declared, Validator};
use std::collections::VecDeque;

/// Each node's successors (by place in `declared.order`): where its answers
/// its escalation and its check steps' findings lead. Built from the raw references, so the checks
/// still run when some node had other errors; references to ids that do not
/// exist are left out (they are reported where they are written).
fn edges(declared: &Declared<'_>) -> Vec<Vec<usize>> {
    declared
        .order
        .iter()
        .map(|&(_, at)| {
            let raw = declared.raw_node(at);
            let answers = raw.answers.iter().flatten().map(|a| a.next.as_deref());
            let findings = raw
                .steps
                .iter()
                .flatten()
                .flat_map(|st| st.found.iter().flatten())
                .map(|f| f.next.as_deref());
            answers
                .chain(findings)
                .chain([raw.escalation.as_deref()])
                .filter_map(|next| declared.index_of(next?))
                .map(super::super::model::NodeIdx::get)
                .collect()
        })
        .collect()
}

impl Validator<'_> {
    /// Reachability from the start, and questions that can never reach an
    /// end (loops with no way out).
    pub(super) fn graph(&mut self, start: usize, declared: &Declared<'_>) {
        let order = &declared.order;
        let edges = edges(declared);
        let n = order.len();
        let mut reached = vec![false; n];
        let mut queue = VecDeque::from([start]);
        reached[start] = true;
        while let Some(i) = queue.pop_front() {
            for &t in &edges[i] {
                if !reached[t] {
                    reached[t] = true;
                    queue.push_back(t);
                }
            }
        }
        let start_id = order[start].0;
        for (i, (id, r)) in order.iter().enumerate() {
            if !reached[i] {
                self.err(
                    r.file,
                    p!["nodes", r.index, "id"],
                    format!("node \"{id}\" cannot be reached from the start node \"{start_id}\"; link it from an answer or remove it"),
                );
            }
        }
        // A node can finish if it is an end itself or some answer leads to
        // a node that can finish. Work backwards from the ends.
        let kind = |i: usize| declared.raw_node(order[i].1).kind.as_deref();
        let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, out) in edges.iter().enumerate() {
            for &t in out {
                reverse[t].push(i);
            }
        }
        let mut finishes = vec![false; n];
        let mut queue: VecDeque<usize> = VecDeque::new();
        for (i, f) in finishes.iter_mut().enumerate() {
            if matches!(kind(i), Some("diagnosis" | "escalation" | "resolved")) {
                *f = true;
                queue.push_back(i);
            }
        }
        while let Some(i) = queue.pop_front() {
            for &from in &reverse[i] {
                if !finishes[from] && kind(from) == Some("question") {
                    finishes[from] = true;
                    queue.push_back(from);
                }
            }
        }
        for i in 0..n {
            if !reached[i] || finishes[i] || kind(i) != Some("question") {
                continue;
            }
            // Questions with no answers, or with an answer leading to an id
            // that does not exist, are reported on their own.
            let (id, r) = order[i];
            let answers = declared.raw_node(r).answers.as_deref().unwrap_or(&[]);
            let dangling = answers.iter().any(|a| {
                a.next
                    .as_deref()
                    .is_some_and(|n| declared.index_of(n).is_none())
            });
            if answers.is_empty() || dangling {
                continue;
            }
            let targets: Vec<&str> = edges[i].iter().map(|&t| order[t].0).collect();
            // On a cycle of its own kind, or merely upstream of a dead end?
            let mut seen = vec![false; n];
            let mut stack: Vec<usize> = edges[i].clone();
            let mut cyclic = false;
            while let Some(j) = stack.pop() {
                if j == i {
                    cyclic = true;
                    break;
                }
                if !seen[j] && !finishes[j] {
                    seen[j] = true;
                    stack.extend(&edges[j]);
                }
            }
            let message = if cyclic {
                format!(
                    "question \"{id}\" is in a loop with no way out: its answers ({}) only lead back round, never to a diagnosis, escalation or resolved node",
                    targets.join(", ")
                )
            } else {
                format!(
                    "question \"{id}\" leads only to dead ends: none of its answers ({}) ever reaches a diagnosis, escalation or resolved node",
                    targets.join(", ")
                )
            };
            self.err(r.file, p!["nodes", r.index, "id"], message);
        }
    }
}
