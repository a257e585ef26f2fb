//! A diagnosis: what is wrong, the remedy steps, and where to escalate.

use super::{NodeAt, Validator};
use crate::rules::load::fields::kind_phrase;
use crate::rules::load::{join, p, Declared};
use crate::rules::model::{
    Actor, Diagnosis, Finding, FindingNext, Likelihood, NodeBody, RemedyStep, StepKind,
};
use crate::rules::raw::{RawNode, RawStep};
use crate::rules::yaml::YamlPath;

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
        let title = self.req_text(file, base, "title", raw.title.as_deref(), &at.what("title"));
        let detail = self.opt_text(
            file,
            base,
            "detail",
            raw.detail.as_deref(),
            &at.what("detail"),
        );
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
                if declared.source_may_be_unread(key) {
                    return None;
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
        let step_count = raw.steps.as_deref().map_or(0, <[RawStep]>::len);
        let steps = self.required_list(
            file,
            base,
            "steps",
            raw.steps.as_deref(),
            || format!("diagnosis \"{id}\" has no remedy steps"),
            |v, sp, si, st| {
                let label = format!("step {} of \"{id}\"", si + 1);
                let text = v.req_text(file, &sp, "text", st.text.as_ref(), &label);
                let who = v.one_of(
                    file,
                    &sp,
                    "who",
                    st.who.as_deref(),
                    &Actor::ALL,
                    Actor::key,
                    || format!("{label} does not say who does it (staff, cardholder, acquirer, issuer or carrier)"),
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
                let kind = v.one_of(
                    file,
                    &sp,
                    "kind",
                    st.kind.as_deref(),
                    &StepKind::ALL,
                    StepKind::key,
                    || format!("{label} does not say its kind (action, check or wait)"),
                    |k, all| format!("{label}: unknown step kind \"{k}\"; it must be one of: {all}"),
                );
                let found = kind.and_then(|k| {
                    v.step_kind_fits(file, &sp, &label, k, st, si, step_count, minutes, declared)
                });
                let caller = v.opt_text(file, &sp, "caller", st.caller.as_ref(), &format!("the caller line of {label}"));
                if st.caller.is_none() {
                    v.warn(file, sp.clone(), format!("{label} has no caller line"));
                }
                Some(RemedyStep {
                    text: text?,
                    who: who?,
                    minutes: minutes?,
                    kind: kind?,
                    found: found?,
                    caller: caller?,
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
                    (Some(_), _) if declared.kind_unread(e) => None,
                    (Some(_), other) => {
                        self.err(
                        file,
                        join(base, p!["escalation"]),
                        format!("the escalation of \"{id}\" points to \"{e}\", which is {}, not an escalation", kind_phrase(other)),
                    );
                        None
                    }
                    (None, _) if declared.node_may_be_unread() => None,
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

    /// A step's kind must fit what it asks afterwards: only a check has
    /// findings (and needs them), a wait needs minutes to count down and a
    /// step after it, since waiting alone fixes nothing. Returns the
    /// findings of a check, none for the other kinds.
    #[allow(clippy::too_many_arguments)]
    fn step_kind_fits(
        &mut self,
        file: usize,
        sp: &YamlPath,
        label: &str,
        kind: StepKind,
        st: &RawStep,
        si: usize,
        step_count: usize,
        minutes: Option<u32>,
        declared: &Declared<'_>,
    ) -> Option<Vec<Finding>> {
        let found = st.found.as_deref();
        match kind {
            StepKind::Action | StepKind::Wait if found.is_some() => {
                self.err(
                    file,
                    join(sp, p!["found"]),
                    format!(
                        "{label} is {}, but only a check step has findings (`found`)",
                        kind_article(kind)
                    ),
                );
                return None;
            }
            StepKind::Wait => {
                if minutes == Some(0) {
                    self.err(
                        file,
                        join(sp, p!["minutes"]),
                        format!("{label} is a wait, but waits 0 minutes; give the minutes to count down"),
                    );
                }
                if si + 1 == step_count {
                    self.err(
                        file,
                        join(sp, p!["kind"]),
                        format!("{label} is a wait, but it is the last step; waiting alone fixes nothing, so a step must follow it"),
                    );
                }
                return Some(Vec::new());
            }
            StepKind::Action => return Some(Vec::new()),
            StepKind::Check => {}
        }
        let Some(found) = found.filter(|f| !f.is_empty()) else {
            self.err(
                file,
                sp.clone(),
                format!("{label} is a check, but lists no findings (`found`: what it can show and where each leads)"),
            );
            return None;
        };
        let mut ok = true;
        let mut findings = Vec::with_capacity(found.len());
        for (fi_, f) in found.iter().enumerate() {
            let fp = join(sp, p!["found", fi_]);
            let what = format!("finding {} of {label}", fi_ + 1);
            let text = self.req_text(file, &fp, "text", f.text.as_ref(), &what);
            let next = match (f.step, f.next.as_deref()) {
                (Some(_), Some(_)) | (None, None) => {
                    self.err(
                        file,
                        fp.clone(),
                        format!("{what} must lead to exactly one place: a later step (`step`) or a node (`next`)"),
                    );
                    None
                }
                (Some(n), None) => {
                    let this = si as i64 + 1;
                    if n <= this || n > step_count as i64 {
                        let later = match step_count as i64 - this {
                            0 => "none: it is the last step".to_string(),
                            1 => format!("step {step_count}"),
                            _ => format!("steps {} to {step_count}", this + 1),
                        };
                        self.err(
                            file,
                            join(&fp, p!["step"]),
                            format!("{what} leads to step {n}, but a finding can only lead to a later step of the same diagnosis ({later})"),
                        );
                        None
                    } else {
                        Some(FindingNext::Step(n as usize))
                    }
                }
                (None, Some(id)) => {
                    if let Some(idx) = declared.index_of(id) {
                        Some(FindingNext::Node {
                            idx,
                            id: id.to_string(),
                        })
                    } else if declared.node_may_be_unread() {
                        None
                    } else {
                        self.err(
                            file,
                            join(&fp, p!["next"]),
                            format!("{what} points to \"{id}\", which does not exist"),
                        );
                        None
                    }
                }
            };
            match (text, next) {
                (Some(text), Some(next)) => findings.push(Finding { text, next }),
                _ => ok = false,
            }
        }
        ok.then_some(findings)
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

/// "an action", "a wait": for messages.
fn kind_article(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Action => "an action",
        StepKind::Check => "a check",
        StepKind::Wait => "a wait",
    }
}
