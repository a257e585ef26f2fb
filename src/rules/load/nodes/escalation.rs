//! An escalation: whom to contact and what to have ready; and the hand-overs
//! that are reached while the charge outcome is still unknown.

use super::{NodeAt, Validator};
use crate::rules::hint::did_you_mean;
use crate::rules::load::{p, Declared};
use crate::rules::model::{Contact, Escalation, Node, NodeBody, NodeKind, WarningKind};
use crate::rules::raw::RawNode;

impl Validator<'_> {
    pub(super) fn escalation(
        &mut self,
        at: NodeAt<'_>,
        raw: &RawNode,
        declared: &Declared<'_>,
    ) -> Option<NodeBody> {
        let (file, base, id) = (at.file, at.base, at.id);
        let text = self.req_text(
            file,
            base,
            "text",
            raw.text.as_deref(),
            &at.what("escalation text"),
        );
        let say_customer = self.opt_text(
            file,
            base,
            "say_customer",
            raw.say_customer.as_deref(),
            &at.what("line for the customer"),
        );
        let say_caller = self.opt_text(
            file,
            base,
            "say_caller",
            raw.say_caller.as_deref(),
            &at.what("line for the caller"),
        );
        let call_script = self.opt_text(
            file,
            base,
            "call_script",
            raw.call_script.as_deref(),
            &at.what("call script"),
        );
        let contact = self.one_of(
            file,
            base,
            "contact",
            raw.contact.as_deref(),
            &Contact::ALL,
            Contact::key,
            || format!("escalation \"{id}\" does not say whom to contact (`contact`)"),
            |c, all| format!("unknown contact \"{c}\" in \"{id}\"; it must be one of: {all}"),
        );
        let have_ready = self.required_list(
            file,
            base,
            "have_ready",
            raw.have_ready.as_deref(),
            || format!("escalation \"{id}\" does not list what to have ready (`have_ready`)"),
            |v, path, _, key| {
                if declared.evidence.contains_key(key) {
                    return Some(key.clone());
                }
                if declared.evidence_may_be_unread(key) {
                    return None;
                }
                let known = declared
                    .evidence
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                let hint = did_you_mean(key, declared.evidence.keys().map(String::as_str));
                v.err(
                    file,
                    path,
                    format!("unknown evidence \"{key}\" in \"{id}\"; define it under `evidence:` (known: {known}){hint}"),
                );
                None
            },
        );
        Some(NodeBody::Escalation(Escalation {
            contact: contact?,
            text: text?,
            say_customer: say_customer?,
            say_caller: say_caller?,
            call_script: call_script?,
            have_ready: have_ready?,
        }))
    }

    /// An escalation reached straight from a node whose charge outcome is
    /// unknown (the escalation of such a diagnosis, or an answer of such a
    /// question) may hand over a case whose outcome is still unknown: its
    /// first warning must be the money-safety one, or the "do not charge
    /// again" banner disappears at the moment the customer is sent away.
    /// The escalation need not declare `charge_outcome: unknown` itself: it
    /// is often shared with paths where the outcome is known, so the warning
    /// is worded for both.
    ///
    /// Runs on the checked nodes; reported once per escalation, naming the
    /// first node that leads there.
    pub(in crate::rules::load) fn escalations_after_unknown_outcome(
        &mut self,
        declared: &Declared<'_>,
        nodes: &[Option<Node>],
    ) {
        let mut reported = vec![false; nodes.len()];
        for from in nodes.iter().flatten() {
            if !from.charge_outcome_unknown {
                continue;
            }
            let next: Vec<usize> = match &from.body {
                NodeBody::Diagnosis(d) => vec![d.escalation.get()],
                NodeBody::Question(q) => q.answers.iter().map(|a| a.next.get()).collect(),
                NodeBody::Escalation(_) | NodeBody::Resolved(_) => Vec::new(),
            };
            for t in next {
                let Some(target) = &nodes[t] else { continue };
                if reported[t]
                    || target.kind() != NodeKind::Escalation
                    || target.warnings.first().map(|w| w.kind) == Some(WarningKind::MoneySafety)
                {
                    continue;
                }
                reported[t] = true;
                let (_, at) = declared.order[t];
                let (to, from_id) = (&target.id, &from.id);
                self.err(
                    at.file,
                    p!["nodes", at.index],
                    format!("escalation \"{to}\" is reached from \"{from_id}\", whose charge outcome is unknown, so its first warning must be a money_safety warning (do not charge the card again until the transaction record is checked)"),
                );
            }
        }
    }
}
