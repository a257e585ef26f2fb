//! The view of one point of a walk: the node the user stands at, with its
//! warnings, its question, diagnosis, escalation or resolution, and the case
//! so far.

use super::case::{CaseSummary, Via};
use crate::engine::{Move, Session};
use crate::i18n::Strings;
use crate::rules::{
    Actor, Category, Contact, FindingNext, Lang, Likelihood, NodeBody, NodeKind, ResponseCode,
    RuleSet, StepKind, Text, WarningKind,
};
use serde::Serialize;

/// Where a walk stands: everything any front end shows about the current
/// point, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointView {
    /// The node's stable id.
    pub node_id: String,
    /// True at the start question. The start menu spans every category, so
    /// front ends do not show its category.
    pub at_start: bool,
    pub category: Category,
    /// The category's name in the chosen language.
    pub category_label: String,
    /// One line that names the node: the question, the cause, whom to
    /// contact and why, or the resolution.
    pub title: String,
    /// The charge may or may not have gone through: the money-safety
    /// warning goes before anything else.
    pub charge_outcome_unknown: bool,
    /// In the rules' order; a money-safety warning is always first.
    pub warnings: Vec<WarningView>,
    /// Response codes that lead to this node, as typed on a terminal.
    pub codes: Vec<String>,
    /// What the node says, by kind.
    pub body: PointBody,
    /// Moves made so far: 0 at the first point.
    pub depth: usize,
    /// How the walk arrived here.
    pub via: Via,
    /// The user has made at least one move, so quitting or restarting
    /// would throw work away.
    pub has_progress: bool,
    /// The case so far: the path, the steps tried, the outcome.
    pub case: CaseSummary,
}

/// A warning shown with a node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WarningView {
    pub kind: WarningKind,
    /// The banner word of the kind ("DO NOT CHARGE AGAIN").
    pub label: String,
    pub text: String,
}

/// What a node says, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PointBody {
    Question(QuestionView),
    Diagnosis(DiagnosisView),
    Escalation(EscalationView),
    Resolved(ResolvedView),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionView {
    pub text: String,
    /// Why the question is asked.
    pub why: Option<String>,
    /// What staff say to the customer at the counter.
    pub say_customer: Option<String>,
    /// What a support agent reads to the shop staff on the phone.
    pub say_caller: Option<String>,
    pub answers: Vec<AnswerView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerView {
    /// The answer's number, from 1.
    pub n: usize,
    pub text: String,
    /// Id of the node the answer leads to.
    pub next_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiagnosisView {
    pub title: String,
    pub detail: Option<String>,
    pub likelihood: Likelihood,
    /// "common", "rare" … in the chosen language.
    pub likelihood_label: String,
    /// Keys of the sources the diagnosis rests on.
    pub sources: Vec<String>,
    pub steps: Vec<StepView>,
    /// The remedy step being tried, or the one that fixed it, from 1.
    pub current_step: usize,
    /// The user said the current step fixed the problem: the case is resolved.
    pub fixed: bool,
    /// Advice for next time.
    pub prevention: Vec<String>,
    /// Id of the escalation after the last step.
    pub escalation_id: String,
}

impl DiagnosisView {
    /// The step being tried, or the one that fixed it.
    pub fn current(&self) -> Option<&StepView> {
        self.current_step
            .checked_sub(1)
            .and_then(|i| self.steps.get(i))
    }

    /// True when the current step is the last before handing over.
    pub fn at_last_step(&self) -> bool {
        self.current_step == self.steps.len()
    }
}

/// One remedy step of a diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepView {
    /// The step's number, from 1.
    pub n: usize,
    pub text: String,
    pub who: Actor,
    /// Who carries it out, in the chosen language.
    pub who_label: String,
    /// Estimated minutes; for a wait, the minutes to count down.
    pub minutes: u32,
    pub state: StepState,
    /// What the step asks once done: an action whether it fixed the
    /// problem, a check which of `found` it showed, a wait only that the
    /// time is over.
    pub kind: StepKind,
    /// The kind in the chosen language ("Check").
    pub kind_label: String,
    /// For a check: what it can show, numbered from 1. Empty otherwise.
    pub found: Vec<FindingView>,
    /// The step in the second person, for a support agent to read to the
    /// shop on the phone.
    pub caller: Option<String>,
}

/// One finding a check step can show, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingView {
    /// The finding's number, from 1: the choice that reports it.
    pub n: usize,
    pub text: String,
    /// A later step of the same diagnosis (from 1) it leads to, or none.
    pub next_step: Option<usize>,
    /// The node it leads to, or none.
    pub next_id: Option<String>,
}

/// Where a remedy step stands in the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// Behind: an action that did not fix the problem, or a check or a
    /// wait that is done.
    NotFixed,
    /// Being tried now.
    Current,
    /// Tried; it fixed the problem.
    Fixed,
    /// Not reached yet.
    Pending,
    /// Passed over: a check's finding led past it.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationView {
    pub contact: Contact,
    /// Whom to contact, in the chosen language.
    pub contact_label: String,
    /// What to do and tell them.
    pub text: String,
    /// What staff say to the customer at the counter.
    pub say_customer: Option<String>,
    /// What a support agent reads to the shop staff on the phone.
    pub say_caller: Option<String>,
    /// What the shop says when it calls the contact; `already_tried`
    /// follows it.
    pub call_script: Option<String>,
    /// The remedy steps tried on the way here, for the end of the call
    /// script: each action that did not fix it, and each check with what
    /// it found ("… : shown as reversed"). Empty when none were tried (a
    /// jump straight here), so nothing is claimed that was not done.
    pub already_tried: Vec<String>,
    /// What to have ready before calling, in the rules' order.
    pub have_ready: Vec<EvidenceView>,
}

/// A piece of evidence to have ready when handing over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceView {
    pub key: String,
    pub label: String,
}

impl EvidenceView {
    pub(super) fn new(rules: &RuleSet, key: &str, lang: Lang) -> EvidenceView {
        // The loader checks every key; the key itself is the fallback so a
        // gap would be visible, never blank.
        let label = rules.evidence_label(key).map_or(key, |t| t.get(lang));
        EvidenceView {
            key: key.to_string(),
            label: label.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedView {
    pub title: String,
    pub text: String,
    /// Advice for next time.
    pub prevention: Vec<String>,
}

/// A terminal response code and what it means, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseCodeView {
    /// The code as the rules spell it ("05", "A0").
    pub code: String,
    /// Id of the node that handles it.
    pub node_id: String,
    /// The UnionPay handling class (A–E), when known.
    pub class: Option<String>,
    pub charge_outcome_unknown: bool,
    /// What the terminal shows.
    pub terminal_text: String,
    pub meaning: String,
    /// Who has to act.
    pub who_acts: String,
}

impl ResponseCodeView {
    pub fn new(code: &ResponseCode, strings: &Strings) -> ResponseCodeView {
        let lang = strings.lang;
        ResponseCodeView {
            code: code.code.clone(),
            node_id: code.node_id.clone(),
            class: code.class.clone(),
            charge_outcome_unknown: code.charge_outcome_unknown,
            terminal_text: code.terminal_text.get(lang).to_string(),
            meaning: code.meaning.get(lang).to_string(),
            who_acts: code.who_acts.get(lang).to_string(),
        }
    }
}

impl PointView {
    /// The current point of `session`, in the language of `strings`.
    pub fn new(session: &Session, strings: &Strings) -> PointView {
        let lang = strings.lang;
        let rules = session.rules();
        let point = session.current();
        let node = session.node();
        let text = |t: &Text| t.get(lang).to_string();
        // The steps this visit of the diagnosis has stood at; a step behind
        // the current one and not among them was skipped by a finding.
        let visited: Vec<usize> = session
            .trail()
            .iter()
            .rev()
            .take_while(|p| p.node == point.node)
            .map(|p| p.step)
            .collect();
        let body = match &node.body {
            NodeBody::Question(q) => PointBody::Question(QuestionView {
                text: text(&q.text),
                why: q.why.as_ref().map(text),
                say_customer: q.say_customer.as_ref().map(text),
                say_caller: q.say_caller.as_ref().map(text),
                answers: q
                    .answers
                    .iter()
                    .enumerate()
                    .map(|(i, a)| AnswerView {
                        n: i + 1,
                        text: text(&a.text),
                        next_id: a.next_id.clone(),
                    })
                    .collect(),
            }),
            NodeBody::Diagnosis(d) => PointBody::Diagnosis(DiagnosisView {
                title: text(&d.title),
                detail: d.detail.as_ref().map(text),
                likelihood: d.likelihood,
                likelihood_label: strings.likelihood(d.likelihood).to_string(),
                sources: d.sources.clone(),
                steps: d
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, st)| StepView {
                        n: i + 1,
                        text: text(&st.text),
                        who: st.who,
                        who_label: strings.actor(st.who).to_string(),
                        minutes: st.minutes,
                        state: step_state(i, point.step, point.fixed, &visited),
                        kind: st.kind,
                        kind_label: strings.step_kind(st.kind).to_string(),
                        found: st
                            .found
                            .iter()
                            .enumerate()
                            .map(|(fi, f)| {
                                let (next_step, next_id) = match &f.next {
                                    FindingNext::Step(n) => (Some(*n), None),
                                    FindingNext::Node { id, .. } => (None, Some(id.clone())),
                                };
                                FindingView {
                                    n: fi + 1,
                                    text: text(&f.text),
                                    next_step,
                                    next_id,
                                }
                            })
                            .collect(),
                        caller: st.caller.as_ref().map(text),
                    })
                    .collect(),
                current_step: point.step + 1,
                fixed: point.fixed,
                prevention: d.prevention.iter().map(text).collect(),
                escalation_id: d.escalation_id.clone(),
            }),
            NodeBody::Escalation(e) => PointBody::Escalation(EscalationView {
                contact: e.contact,
                contact_label: strings.contact(e.contact).to_string(),
                text: text(&e.text),
                say_customer: e.say_customer.as_ref().map(text),
                say_caller: e.say_caller.as_ref().map(text),
                call_script: e.call_script.as_ref().map(text),
                already_tried: already_tried(session, strings),
                have_ready: e
                    .have_ready
                    .iter()
                    .map(|k| EvidenceView::new(rules, k, lang))
                    .collect(),
            }),
            NodeBody::Resolved(r) => PointBody::Resolved(ResolvedView {
                title: text(&r.title),
                text: text(&r.text),
                prevention: r.prevention.iter().map(text).collect(),
            }),
        };
        PointView {
            node_id: node.id.clone(),
            at_start: point.node == rules.start,
            category: node.category,
            category_label: strings.category(node.category).to_string(),
            title: text(node.title()),
            charge_outcome_unknown: node.charge_outcome_unknown,
            warnings: node
                .warnings
                .iter()
                .map(|w| WarningView {
                    kind: w.kind,
                    label: strings.warning(w.kind).to_string(),
                    text: text(&w.text),
                })
                .collect(),
            codes: rules
                .codes_for(point.node)
                .map(|c| c.code.clone())
                .collect(),
            body,
            depth: session.trail().len() - 1,
            via: point.via.into(),
            has_progress: session.in_progress(),
            case: CaseSummary::new(session, strings),
        }
    }

    pub fn kind(&self) -> NodeKind {
        match self.body {
            PointBody::Question(_) => NodeKind::Question,
            PointBody::Diagnosis(_) => NodeKind::Diagnosis,
            PointBody::Escalation(_) => NodeKind::Escalation,
            PointBody::Resolved(_) => NodeKind::Resolved,
        }
    }

    /// True once the case has ended: resolved or handed over.
    pub fn finished(&self) -> bool {
        self.case.finished()
    }

    /// The money-safety warning, when the node carries one.
    pub fn money_safety(&self) -> Option<&WarningView> {
        self.warnings
            .iter()
            .find(|w| w.kind == WarningKind::MoneySafety)
    }
}

/// The state of remedy step `i` when the walk stands at step `current`,
/// having stood at the steps `visited`.
fn step_state(i: usize, current: usize, fixed: bool, visited: &[usize]) -> StepState {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match i.cmp(&current) {
        Less if !visited.contains(&i) => StepState::Skipped,
        Less => StepState::NotFixed,
        Equal if fixed => StepState::Fixed,
        Equal => StepState::Current,
        Greater => StepState::Pending,
    }
}

/// The actions and checks reported on so far, as the shop would tell the
/// contact: the step, and for a check what it found.
fn already_tried(session: &Session, strings: &Strings) -> Vec<String> {
    let lang = strings.lang;
    let rules = session.rules();
    session
        .step_moves()
        .filter_map(|(d, m)| {
            let steps = &rules.node(d).as_diagnosis()?.steps;
            match m {
                Move::NotFixed { step } => Some(steps.get(step)?.text.get(lang).to_string()),
                Move::Found { step, finding } => {
                    let st = steps.get(step)?;
                    let found = st.found.get(finding)?.text.get(lang);
                    let step = st.text.get(lang);
                    Some(strings.fmt("label.tried_found", &[("step", step), ("found", found)]))
                }
                Move::Fixed { .. } | Move::Waited { .. } => None,
                Move::Start | Move::Answer { .. } | Move::Jump => None,
            }
        })
        .collect()
}
