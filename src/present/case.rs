//! The view of a case as a whole: the path taken, the remedy steps tried,
//! the diagnosis and how it ended (or where it stopped).

use super::point::EvidenceView;
use crate::engine::{Move, Outcome, Point, Session};
use crate::i18n::Strings;
use crate::rules::{Category, Contact, Lang, NodeBody, NodeIdx, NodeKind, RuleSet};
use serde::Serialize;

/// A case so far, or as it ended: the path in plain words, the remedy
/// steps tried and their results, the diagnosis, and the outcome with whom
/// to contact and what to have ready.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseSummary {
    /// Every point of the walk, oldest first (the breadcrumbs).
    pub path: Vec<Crumb>,
    /// Remedy steps tried, in order, each with whether it fixed the problem.
    pub steps_tried: Vec<TriedStep>,
    /// The diagnosis being worked through, or that ended the case.
    pub diagnosis: Option<DiagnosisRef>,
    pub outcome: CaseOutcome,
}

/// One point of the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Crumb {
    pub node_id: String,
    pub kind: NodeKind,
    /// The node's one-line name.
    pub title: String,
    /// At a diagnosis: the remedy step (from 1) at this point.
    pub step: Option<usize>,
    /// At a diagnosis: the user said this step fixed the problem.
    pub fixed: bool,
    /// How the walk arrived here.
    pub via: Via,
    /// How the walk arrived here, in a few words: the answer chosen, what
    /// happened at a remedy step, or the node's name.
    pub label: String,
    /// How the walk went on from here; none at the last point.
    pub left_by: Option<Departure>,
}

/// How the walk arrived at a point: the engine's [`Move`], numbered as a
/// person reads it (answer 1 is the first answer, step 1 the first step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Via {
    /// The first point of the walk.
    Start,
    /// Chose answer `answer` (from 1) of the previous question.
    Answer { answer: usize },
    /// Remedy step `step` (from 1) did not fix the problem.
    NotFixed { step: usize },
    /// Remedy step `step` (from 1) fixed the problem.
    Fixed { step: usize },
    /// Check step `step` (from 1) showed its finding `finding` (from 1).
    Found { step: usize, finding: usize },
    /// The wait of step `step` (from 1) was over, or skipped.
    Waited { step: usize },
    /// Jumped straight here (search, a response code).
    Jump,
}

impl From<Move> for Via {
    fn from(m: Move) -> Via {
        match m {
            Move::Start => Via::Start,
            Move::Answer { answer } => Via::Answer { answer: answer + 1 },
            Move::NotFixed { step } => Via::NotFixed { step: step + 1 },
            Move::Fixed { step } => Via::Fixed { step: step + 1 },
            Move::Found { step, finding } => Via::Found {
                step: step + 1,
                finding: finding + 1,
            },
            Move::Waited { step } => Via::Waited { step: step + 1 },
            Move::Jump => Via::Jump,
        }
    }
}

/// How the walk left a point of its path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Departure {
    /// Chose answer `n` (from 1), which reads `text`.
    Answer { n: usize, text: String },
    /// Remedy step `step` (from 1) did not fix the problem.
    NotFixed { step: usize },
    /// Remedy step `step` (from 1) fixed the problem.
    Fixed { step: usize },
    /// Check step `step` (from 1) found its finding `n` (from 1), which
    /// reads `text`.
    Found { step: usize, n: usize, text: String },
    /// The wait of step `step` (from 1) was over, or skipped.
    Waited { step: usize },
    /// Went straight to another node (search, a response code).
    Jump,
}

/// A remedy step that was tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriedStep {
    pub diagnosis_id: String,
    /// The step's number in its diagnosis, from 1.
    pub step: usize,
    pub text: String,
    /// It fixed the problem.
    pub fixed: bool,
    /// What the report on it was.
    pub result: StepReport,
}

/// What was reported on a remedy step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StepReport {
    /// An action that did not fix the problem.
    NotFixed,
    /// An action that fixed it.
    Fixed,
    /// A check that found its finding `n` (from 1), which reads `text`.
    Found { n: usize, text: String },
    /// A wait that was over, or skipped.
    Waited,
}

/// A diagnosis, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiagnosisRef {
    pub id: String,
    pub title: String,
    pub category: Category,
    pub category_label: String,
    /// Advice for next time.
    pub prevention: Vec<String>,
}

/// How a case ended, or where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CaseOutcome {
    /// Not finished: stopped, or still going, at node `at_id`.
    InProgress { at_id: String },
    /// Fixed: by a remedy step of a diagnosis, or at a resolved node.
    Resolved {
        node_id: String,
        title: String,
        /// The remedy step (from 1) that fixed it, for a diagnosis.
        fixed_by_step: Option<usize>,
    },
    /// Handed over: whom to contact, what to tell them, what to have ready.
    Escalated {
        escalation_id: String,
        /// The diagnosis whose last step led here, if any.
        diagnosis_id: Option<String>,
        contact: Contact,
        contact_label: String,
        text: String,
        have_ready: Vec<EvidenceView>,
    },
}

impl CaseSummary {
    /// The case of `session`, in the language of `strings`.
    pub fn new(session: &Session, strings: &Strings) -> CaseSummary {
        let lang = strings.lang;
        let rules = session.rules();
        let id = |i| rules.node(i).id.clone();
        let trail = session.trail();
        let path = trail
            .iter()
            .enumerate()
            .map(|(i, p)| crumb(rules, trail, i, p, strings))
            .collect();
        let steps_tried = session
            .step_moves()
            .filter_map(|(d, m)| {
                let (step, result) = step_report(rules, d, m, lang)?;
                let text = rules
                    .node(d)
                    .as_diagnosis()?
                    .steps
                    .get(step)?
                    .text
                    .get(lang);
                Some(TriedStep {
                    diagnosis_id: id(d),
                    step: step + 1,
                    text: text.to_string(),
                    fixed: result == StepReport::Fixed,
                    result,
                })
            })
            .collect();
        let diagnosis = session.diagnosis().map(|(i, d)| {
            let category = rules.node(i).category;
            DiagnosisRef {
                id: id(i),
                title: d.title.get(lang).to_string(),
                category,
                category_label: strings.category(category).to_string(),
                prevention: d
                    .prevention
                    .iter()
                    .map(|p| p.get(lang).to_string())
                    .collect(),
            }
        });
        let at_here = || CaseOutcome::InProgress {
            at_id: session.node().id.clone(),
        };
        let outcome = match session.outcome() {
            Outcome::InProgress => at_here(),
            Outcome::Resolved {
                node,
                fixed_by_step,
            } => CaseOutcome::Resolved {
                node_id: id(node),
                title: rules.node(node).title().get(lang).to_string(),
                fixed_by_step: fixed_by_step.map(|s| s + 1),
            },
            Outcome::Escalated {
                escalation,
                diagnosis,
            } => match rules.node(escalation).as_escalation() {
                Some(e) => CaseOutcome::Escalated {
                    escalation_id: id(escalation),
                    diagnosis_id: diagnosis.map(id),
                    contact: e.contact,
                    contact_label: strings.contact(e.contact).to_string(),
                    text: e.text.get(lang).to_string(),
                    have_ready: e
                        .have_ready
                        .iter()
                        .map(|k| EvidenceView::new(rules, k, lang))
                        .collect(),
                },
                // The engine ends a case only at an escalation node.
                None => at_here(),
            },
        };
        CaseSummary {
            path,
            steps_tried,
            diagnosis,
            outcome,
        }
    }

    /// True once the case has ended: resolved or handed over.
    pub fn finished(&self) -> bool {
        !matches!(self.outcome, CaseOutcome::InProgress { .. })
    }
}

/// Point `i` of the trail as a crumb.
fn crumb(rules: &RuleSet, trail: &[Point], i: usize, p: &Point, strings: &Strings) -> Crumb {
    let lang = strings.lang;
    let node = rules.node(p.node);
    let title = node.title().get(lang);
    let is_diagnosis = node.as_diagnosis().is_some();
    let label = match p.via {
        Move::Start if p.node == rules.start => strings.get("tui.crumb.start").to_string(),
        Move::Start => title.to_string(),
        Move::Answer { answer } => i
            .checked_sub(1)
            .and_then(|prev| answer_text(rules, &trail[prev], answer, lang))
            .unwrap_or(title)
            .to_string(),
        Move::NotFixed { step } => {
            strings.fmt("tui.crumb.not_fixed", &[("n", &(step + 1).to_string())])
        }
        Move::Fixed { step } => strings.fmt("tui.crumb.fixed", &[("n", &(step + 1).to_string())]),
        Move::Found { step, finding } => {
            let found = i
                .checked_sub(1)
                .and_then(|prev| finding_text(rules, &trail[prev], step, finding, lang))
                .unwrap_or("");
            strings.fmt(
                "tui.crumb.found",
                &[("n", &(step + 1).to_string()), ("found", found)],
            )
        }
        Move::Waited { step } => strings.fmt("tui.crumb.waited", &[("n", &(step + 1).to_string())]),
        Move::Jump => strings.fmt("tui.crumb.jump", &[("title", title)]),
    };
    let left_by = trail.get(i + 1).and_then(|next| match next.via {
        Move::Answer { answer } => {
            answer_text(rules, p, answer, lang).map(|text| Departure::Answer {
                n: answer + 1,
                text: text.to_string(),
            })
        }
        Move::NotFixed { step } => Some(Departure::NotFixed { step: step + 1 }),
        Move::Fixed { step } => Some(Departure::Fixed { step: step + 1 }),
        Move::Found { step, finding } => {
            finding_text(rules, p, step, finding, lang).map(|text| Departure::Found {
                step: step + 1,
                n: finding + 1,
                text: text.to_string(),
            })
        }
        Move::Waited { step } => Some(Departure::Waited { step: step + 1 }),
        Move::Jump => Some(Departure::Jump),
        Move::Start => None,
    });
    Crumb {
        node_id: node.id.clone(),
        kind: node.kind(),
        title: title.to_string(),
        step: is_diagnosis.then_some(p.step + 1),
        fixed: p.fixed,
        via: p.via.into(),
        label,
        left_by,
    }
}

/// The text of answer `answer` (from 0) of the question at `p`.
fn answer_text<'r>(rules: &'r RuleSet, p: &Point, answer: usize, lang: Lang) -> Option<&'r str> {
    match &rules.node(p.node).body {
        NodeBody::Question(q) => q.answers.get(answer).map(|a| a.text.get(lang)),
        _ => None,
    }
}

/// The text of finding `finding` (from 0) of step `step` (from 0) of the
/// diagnosis at `p`.
fn finding_text<'r>(
    rules: &'r RuleSet,
    p: &Point,
    step: usize,
    finding: usize,
    lang: Lang,
) -> Option<&'r str> {
    let d = rules.node(p.node).as_diagnosis()?;
    Some(d.steps.get(step)?.found.get(finding)?.text.get(lang))
}

/// The step (from 0) a move reported on at diagnosis `d`, and the report.
fn step_report(rules: &RuleSet, d: NodeIdx, m: Move, lang: Lang) -> Option<(usize, StepReport)> {
    match m {
        Move::NotFixed { step } => Some((step, StepReport::NotFixed)),
        Move::Fixed { step } => Some((step, StepReport::Fixed)),
        Move::Waited { step } => Some((step, StepReport::Waited)),
        Move::Found { step, finding } => {
            let diagnosis = rules.node(d).as_diagnosis()?;
            let text = diagnosis
                .steps
                .get(step)?
                .found
                .get(finding)?
                .text
                .get(lang);
            Some((
                step,
                StepReport::Found {
                    n: finding + 1,
                    text: text.to_string(),
                },
            ))
        }
        Move::Start | Move::Answer { .. } | Move::Jump => None,
    }
}
