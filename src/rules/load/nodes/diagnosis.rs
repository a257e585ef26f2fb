//! A diagnosis: what is wrong, the remedy steps, and where to escalate.

use super::{NodeAt, Validator};
use crate::rules::load::fields::kind_phrase;
use crate::rules::load::{join, p, Declared};
use crate::rules::model::{Actor, Diagnosis, Likelihood, NodeBody, RemedyStep};
use crate::rules::raw::{RawNode, RawStep};

/// The longest a remedy step may take, in minutes (one week).
const MAX_STEP_MINUTES: i64 = 10080;

impl Validator<'_> {
    pub(super) fn diagnosis(
        &mut self,
        at: NodeAt<'_>,
        raw: &RawNode,
        declared: &Declared<'_>,
    ) -> Option<NodeBody> {
        let (file, base, id) = (at.file, at.base, at.id);
        let title = self.req_text(file, base, "title", &raw.title, &at.what("title"));
        let detail = self.opt_text(file, base, "detail", &raw.detail, &at.what("detail"));
        let likelihood = self.one_of(
            file,
            base,
            "likelihood",
            raw.likelihood.as_deref(),
            &Likelihood::ALL,
            Likelihood::key,
            || format!("diagnosis \"{id}\" has no likelihood (high, medium or low)"),
            |l, _| {
                format!("unknown likelihood \"{l}\" in \"{id}\"; it must be high, medium or low")
            },
        );
        let sources = self.required_list(
            file,
            base,
            "sources",
            raw.sources.as_deref(),
            || format!("diagnosis \"{id}\" names no sources (the articles it came from)"),
            |v, path, _, key| {
                if declared.sources.contains_key(key) {
                    return Some(key.clone());
                }
                let known = declared
                    .sources
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                v.err(
                    file,
                    path,
                    format!("unknown source \"{key}\" in \"{id}\"; known sources: {known}"),
                );
                None
            },
        );
        let steps = self.required_list(
            file,
            base,
            "steps",
            raw.steps.as_deref(),
            || format!("diagnosis \"{id}\" has no remedy steps"),
            |v, sp, si, st| {
                let label = format!("step {} of \"{id}\"", si + 1);
                let text = v.req_text(file, &sp, "text", &st.text, &label);
                let who = v.one_of(
                    file,
                    &sp,
                    "who",
                    st.who.as_deref(),
                    &Actor::ALL,
                    Actor::key,
                    || format!("{label} does not say who does it (staff, cardholder, provider or bank)"),
                    |w, all| format!("{label}: unknown actor \"{w}\"; it must be one of: {all}"),
                );
                let minutes = match st.minutes {
                    None => {
                        v.err(
                            file,
                            sp.clone(),
                            format!("{label} has no estimated time (`minutes`)"),
                        );
                        None
                    }
                    Some(m) if !(0..=MAX_STEP_MINUTES).contains(&m) => {
                        v.err(
                            file,
                            join(&sp, p!["minutes"]),
                            format!("{label}: minutes must be between 0 and 10080 (one week), not {m}"),
                        );
                        None
                    }
                    Some(m) => Some(m as u32),
                };
                Some(RemedyStep {
                    text: text?,
                    who: who?,
                    minutes: minutes?,
                })
            },
        );
        if raw.charge_outcome.as_deref() == Some("unknown") {
            self.redo_after_confirmation(at, raw.steps.as_deref().unwrap_or(&[]));
        }
        let prevention = self.texts(
            file,
            base,
            "prevention",
            raw.prevention.as_deref().unwrap_or(&[]),
            &at.what("prevention advice"),
        );
        let escalation = match raw.escalation.as_deref() {
            None => {
                self.err(
                    file,
                    base.clone(),
                    format!(
                        "diagnosis \"{id}\" has no escalation (whom to contact when no step works)"
                    ),
                );
                None
            }
            Some(e) => {
                match (declared.index_of(e), declared.kind_of(e)) {
                    (Some(t), Some("escalation")) => Some((t, e.to_string())),
                    (Some(_), other) => {
                        self.err(
                        file,
                        join(base, p!["escalation"]),
                        format!("the escalation of \"{id}\" points to \"{e}\", which is {}, not an escalation", kind_phrase(other)),
                    );
                        None
                    }
                    (None, _) => {
                        self.err(
                        file,
                        join(base, p!["escalation"]),
                        format!("the escalation of \"{id}\" points to \"{e}\", which does not exist"),
                    );
                        None
                    }
                }
            }
        };
        let (escalation, escalation_id) = escalation?;
        Some(NodeBody::Diagnosis(Diagnosis {
            title: title?,
            detail: detail?,
            likelihood: likelihood?,
            sources: sources?,
            steps: steps?,
            prevention,
            escalation,
            escalation_id,
        }))
    }

    /// While the earlier charge's outcome is unknown, charging again before
    /// its result is confirmed can take the customer's money twice, so every
    /// step that redoes the sale must follow a step that confirms the outcome.
    fn redo_after_confirmation(&mut self, at: NodeAt<'_>, steps: &[RawStep]) {
        let id = at.id;
        let first_confirmation = steps.iter().position(|st| st.confirms_outcome);
        for (si, st) in steps.iter().enumerate() {
            if st.redoes_sale && first_confirmation.is_none_or(|c| c >= si) {
                self.err(
                    at.file,
                    join(at.base, p!["steps", si, "redoes_sale"]),
                    format!("step {} of \"{id}\" redoes the sale, but the charge outcome is unknown and no earlier step confirms the first attempt's result (confirms_outcome: true)", si + 1),
                );
            }
        }
    }
}
