//! The `codes:` list: response codes and the nodes that handle them.

use super::fields::kind_phrase;
use super::{join, p, Declared, Validator};
use crate::rules::hint::did_you_mean;
use crate::rules::model::{Node, ResponseCode};
use crate::rules::raw::RawCode;
use std::collections::HashMap;

impl Validator<'_> {
    /// Checks one entry of `codes:`. `nodes` are the checked nodes (None
    /// where a node had errors); `code_where` remembers where each code was
    /// first mapped.
    pub(super) fn code(
        &mut self,
        file: usize,
        ci: usize,
        c: &RawCode,
        declared: &Declared<'_>,
        nodes: &[Option<Node>],
        code_where: &mut HashMap<String, (usize, usize)>,
    ) -> Option<ResponseCode> {
        let base = p!["codes", ci];
        let code = match c.code.as_deref() {
            None => {
                self.err(
                    file,
                    base.clone(),
                    format!("code entry {} has no `code`", ci + 1),
                );
                return None;
            }
            Some(code) => {
                let valid = code.len() == 2
                    && code
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
                if !valid {
                    self.err(
                        file,
                        join(&base, p!["code"]),
                        format!("\"{code}\" is not a response code: use two digits or capital letters, quoted, like \"05\" or \"A0\""),
                    );
                    return None;
                }
                code.to_string()
            }
        };
        if let Some(&(ofile, oidx)) = code_where.get(&code) {
            let (l, col) = self.position_of(ofile, &p!["codes", oidx, "code"]);
            let name = self.files[ofile].name.clone();
            self.err(
                file,
                join(&base, p!["code"]),
                format!("response code \"{code}\" is mapped twice (first at {name}:{l}:{col})"),
            );
            return None;
        }
        code_where.insert(code.clone(), (file, ci));
        let label = format!("response code \"{code}\"");
        let target = match c.node.as_deref() {
            None => {
                self.err(
                    file,
                    base.clone(),
                    format!("{label} does not name the node that handles it (`node`)"),
                );
                None
            }
            Some(n) => match (declared.index_of(n), declared.kind_of(n)) {
                (Some(t), Some("question" | "diagnosis")) => Some((t, n.to_string())),
                (Some(_), _) if declared.kind_unread(n) => None,
                (Some(_), k) => {
                    self.err(
                        file,
                        join(&base, p!["node"]),
                        format!("{label} maps to \"{n}\", which is {}; it must map to a question or a diagnosis", kind_phrase(k)),
                    );
                    None
                }
                (None, _) if declared.node_may_be_unread() => None,
                (None, _) => {
                    self.err(
                        file,
                        join(&base, p!["node"]),
                        format!(
                            "{label} maps to \"{n}\", which does not exist{}",
                            // Only the kinds a code may map to are worth offering.
                            did_you_mean(
                                n,
                                declared.ids().filter(|id| matches!(
                                    declared.kind_of(id),
                                    Some("question" | "diagnosis")
                                ))
                            )
                        ),
                    );
                    None
                }
            },
        };
        let class = match c.class.as_deref() {
            Some(k) if !matches!(k, "A" | "B" | "C" | "D" | "E") => {
                self.err(
                    file,
                    join(&base, p!["class"]),
                    format!("{label}: class must be one of A, B, C, D, E, not \"{k}\""),
                );
                None
            }
            other => Some(other.map(str::to_string)),
        };
        let charge_outcome_unknown = match c.charge_outcome.as_deref() {
            None | Some("known") => Some(false),
            Some("unknown") => Some(true),
            Some(v) => {
                self.err(
                    file,
                    join(&base, p!["charge_outcome"]),
                    format!("charge_outcome must be \"unknown\" (or left out), not \"{v}\""),
                );
                None
            }
        };
        if let (Some(true), Some((t, n))) = (charge_outcome_unknown, &target) {
            if let Some(node) = &nodes[t.get()] {
                if !node.charge_outcome_unknown {
                    self.err(
                        file,
                        join(&base, p!["node"]),
                        format!("{label} leaves the charge outcome unknown, so \"{n}\" must have charge_outcome: unknown and a money_safety warning first"),
                    );
                }
            }
        }
        let terminal_text = self.req_text(
            file,
            &base,
            "terminal_text",
            c.terminal_text.as_ref(),
            &format!("the terminal text of {label}"),
        );
        let meaning = self.req_text(
            file,
            &base,
            "meaning",
            c.meaning.as_ref(),
            &format!("the meaning of {label}"),
        );
        let who_acts = self.req_text(
            file,
            &base,
            "who_acts",
            c.who_acts.as_ref(),
            &format!("\"who acts\" of {label}"),
        );
        let (node, node_id) = target?;
        Some(ResponseCode {
            code,
            node,
            node_id,
            class: class?,
            charge_outcome_unknown: charge_outcome_unknown?,
            terminal_text: terminal_text?,
            meaning: meaning?,
            who_acts: who_acts?,
        })
    }
}
