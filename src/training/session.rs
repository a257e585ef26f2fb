//! A practice attempt: the trainee walks the real tree with a case's facts
//! behind it. Pure like the engine it wraps: no terminal, no files, no
//! clock (times are passed in as milliseconds from any fixed origin).
//!
//! Committing: the first diagnosis the trainee reaches by answering is the
//! one they commit to. Front ends keep every diagnosis hidden until then
//! ([`TrainingSession::may_reveal`]), and the trainee cannot go back past
//! the commitment; after it they work through the diagnosis's remedy steps,
//! where traps on steps can still be taken, until the walk ends (resolved
//! or escalated) or they stop.

use super::model::{PathStep, PracticeCase, TrapAt};
use super::score::{Score, ScoreInputs};
use crate::engine::{EngineError, Session};
use crate::rules::{Node, NodeIdx, RuleSet, StepKind, Text};
use serde::Serialize;
use std::collections::BTreeSet;

/// Where an attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Answering questions; no diagnosis committed yet.
    Questions,
    /// Committed to a diagnosis; working through its remedy steps.
    Remedy,
    /// Over: scored.
    Finished,
}

/// A request the attempt cannot take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainingError {
    /// The engine refused the move (not a question, no such answer, …).
    Engine(EngineError),
    /// Going back would undo the committed diagnosis.
    BackPastCommitment,
    /// At the first question: nothing to go back to.
    AtStart,
    /// The attempt is over.
    Finished,
}

impl From<EngineError> for TrainingError {
    fn from(e: EngineError) -> Self {
        TrainingError::Engine(e)
    }
}

impl TrainingError {
    /// The UI text (`assets/i18n/`) that explains the refusal.
    pub fn key(&self) -> &'static str {
        match self {
            TrainingError::Engine(e) => e.key(),
            TrainingError::BackPastCommitment => "train.back_past_commitment",
            TrainingError::AtStart => "walk.at_start",
            TrainingError::Finished => "engine.already_finished",
        }
    }
}

impl std::fmt::Display for TrainingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

impl std::error::Error for TrainingError {}

/// How the trainee reported on a remedy step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StepReport {
    Fixed,
    NotFixed,
    Found { finding: usize },
    Waited,
}

/// One thing the trainee did, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TrainingEvent {
    /// Chose answer `answer` (0-based) of `question`.
    Answered {
        question: NodeIdx,
        answer: usize,
    },
    /// Asked the customer at a question, or at a check step.
    Asked {
        node: NodeIdx,
        step: Option<usize>,
    },
    Back,
    Step {
        node: NodeIdx,
        step: usize,
        report: StepReport,
    },
}

/// What asking the customer revealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reveal<'c> {
    /// At a question: the answers that are true of the case, and what the
    /// customer says (when the case words it).
    Answer {
        answers: &'c [usize],
        says: Option<&'c Text>,
    },
    /// At a check step: what the check finds in this case.
    Finding {
        finding: usize,
        says: Option<&'c Text>,
    },
    /// The case says nothing here: the customer cannot tell.
    Unknown,
}

/// What a move did, for a front end that reacts at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Moved {
    /// A trap this move took (index into the case's traps).
    pub trap: Option<usize>,
    /// The diagnosis this move committed to.
    pub committed: Option<NodeIdx>,
    /// The walk has ended (resolved, escalated): call
    /// [`TrainingSession::finish`].
    pub walk_over: bool,
}

/// One answer the trainee gave, for the feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TakenAnswer {
    pub question: NodeIdx,
    pub answer: usize,
    /// Undone later by going back.
    pub undone: bool,
    /// Whether it is what the case's facts say; None where the case has no
    /// fact for the question (the trainee was already off its way).
    pub matches_fact: Option<bool>,
}

/// A question where the trainee's answer went against the case.
#[derive(Debug, Clone, Serialize)]
pub struct WrongTurn {
    pub question: NodeIdx,
    pub question_id: String,
    pub chose: usize,
    /// The answers the facts give (0-based).
    pub fact: Vec<usize>,
    /// The question's "why we ask" line.
    pub why: Option<Text>,
}

/// A check step where the trainee reported another finding than the case
/// shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WrongFinding {
    pub node: NodeIdx,
    /// The check step, 0-based.
    pub step: usize,
    pub chose: usize,
    /// The finding the case shows, 0-based.
    pub fact: usize,
}

/// What the trainer shows after the score.
#[derive(Debug, Clone, Serialize)]
pub struct Feedback {
    pub trainee_path: Vec<TakenAnswer>,
    pub best_path: Vec<PathStep>,
    pub wrong_turns: Vec<WrongTurn>,
    /// Check steps reported against the case's findings.
    pub wrong_findings: Vec<WrongFinding>,
    /// Traps taken, as indexes into the case's traps.
    pub traps_taken: Vec<usize>,
    /// Nodes whose warnings the trainee should have passed and did not.
    pub must_see_missed: Vec<NodeIdx>,
}

/// A practice attempt on one case.
#[derive(Debug, Clone)]
pub struct TrainingSession<'r> {
    case: &'r PracticeCase,
    walk: Session<'r>,
    started_ms: u64,
    finished_ms: Option<u64>,
    events: Vec<TrainingEvent>,
    keys: usize,
    keys_at_commit: usize,
    backtracks: usize,
    traps_taken: Vec<usize>,
    visited: BTreeSet<NodeIdx>,
    /// The committed diagnosis and the trail depth it was reached at.
    committed: Option<(NodeIdx, usize)>,
    score: Option<Score>,
}

impl<'r> TrainingSession<'r> {
    /// Starts an attempt at the start question of `rules`, which must be
    /// the rule set `case` was loaded against.
    pub fn new(rules: &'r RuleSet, case: &'r PracticeCase, now_ms: u64) -> TrainingSession<'r> {
        let walk = Session::new(rules);
        let mut visited = BTreeSet::new();
        visited.insert(walk.current().node);
        TrainingSession {
            case,
            walk,
            started_ms: now_ms,
            finished_ms: None,
            events: Vec::new(),
            keys: 0,
            keys_at_commit: 0,
            backtracks: 0,
            traps_taken: Vec::new(),
            visited,
            committed: None,
            score: None,
        }
    }

    pub fn case(&self) -> &'r PracticeCase {
        self.case
    }

    pub fn rules(&self) -> &'r RuleSet {
        self.walk.rules()
    }

    /// The engine's walk, for drawing the current point with the usual
    /// view model (hide what [`Self::may_reveal`] forbids).
    pub fn walk(&self) -> &Session<'r> {
        &self.walk
    }

    pub fn node(&self) -> &'r Node {
        self.walk.node()
    }

    pub fn phase(&self) -> Phase {
        if self.finished_ms.is_some() {
            Phase::Finished
        } else if self.committed.is_some() {
            Phase::Remedy
        } else {
            Phase::Questions
        }
    }

    pub fn is_finished(&self) -> bool {
        self.finished_ms.is_some()
    }

    /// The diagnosis committed to, once there is one.
    pub fn committed(&self) -> Option<NodeIdx> {
        self.committed.map(|(n, _)| n)
    }

    /// Whether a front end may show `node`'s title: every node but a
    /// diagnosis, and diagnoses once the trainee has committed. Before
    /// that, answer previews, search and jumps must not name a diagnosis.
    pub fn may_reveal(&self, node: NodeIdx) -> bool {
        self.committed.is_some() || self.rules().node(node).as_diagnosis().is_none()
    }

    pub fn events(&self) -> &[TrainingEvent] {
        &self.events
    }

    /// Keys pressed so far: answers, step reports and backs.
    pub fn keys(&self) -> usize {
        self.keys
    }

    pub fn backtracks(&self) -> usize {
        self.backtracks
    }

    pub fn traps_taken(&self) -> &[usize] {
        &self.traps_taken
    }

    /// "I'd ask the customer": what the case says at the current question
    /// or check step. Recorded, but not a key: asking is good practice.
    pub fn ask(&mut self) -> Reveal<'r> {
        let node = self.walk.current().node;
        let case = self.case;
        let (reveal, step) = if self.node().as_question().is_some() {
            let r = case.fact(node).map_or(Reveal::Unknown, |f| Reveal::Answer {
                answers: &f.answers,
                says: f.says.as_ref(),
            });
            (r, None)
        } else if self.walk.step_kind() == Some(StepKind::Check) {
            let step = self.walk.current().step;
            let r = case
                .finding(node, step)
                .map_or(Reveal::Unknown, |f| Reveal::Finding {
                    finding: f.finding,
                    says: f.says.as_ref(),
                });
            (r, Some(step))
        } else {
            (Reveal::Unknown, None)
        };
        if self.finished_ms.is_none() {
            self.events.push(TrainingEvent::Asked { node, step });
        }
        reveal
    }

    /// Choose answer `index` (0-based) of the current question.
    pub fn answer(&mut self, index: usize) -> Result<Moved, TrainingError> {
        self.open()?;
        let question = self.walk.current().node;
        self.walk.answer(index)?;
        self.keys += 1;
        self.events.push(TrainingEvent::Answered {
            question,
            answer: index,
        });
        let trap = self.take_trap(TrapAt::Answer {
            node: question,
            answer: index,
        });
        Ok(self.arrived(trap))
    }

    /// Report on the current remedy step, an action.
    pub fn step_result(&mut self, fixed: bool) -> Result<Moved, TrainingError> {
        let report = if fixed {
            StepReport::Fixed
        } else {
            StepReport::NotFixed
        };
        self.report(report, |w| w.step_result(fixed))
    }

    /// Report what the current check step found (0-based).
    pub fn found(&mut self, finding: usize) -> Result<Moved, TrainingError> {
        self.report(StepReport::Found { finding }, |w| w.found(finding))
    }

    /// The current wait step is over.
    pub fn wait_over(&mut self) -> Result<Moved, TrainingError> {
        self.report(StepReport::Waited, Session::wait_over)
    }

    /// Undo the last move; never past the committed diagnosis.
    pub fn back(&mut self) -> Result<(), TrainingError> {
        self.open()?;
        let depth = self.walk.trail().len() - 1;
        if self.committed.is_some_and(|(_, at)| depth <= at) {
            return Err(TrainingError::BackPastCommitment);
        }
        if !self.walk.back() {
            return Err(TrainingError::AtStart);
        }
        self.keys += 1;
        self.backtracks += 1;
        self.events.push(TrainingEvent::Back);
        Ok(())
    }

    /// Ends the attempt at `now_ms` and scores it; later calls return the
    /// same score.
    pub fn finish(&mut self, now_ms: u64) -> &Score {
        if self.finished_ms.is_none() {
            self.finished_ms = Some(now_ms.max(self.started_ms));
        }
        let inputs = self.score_inputs();
        self.score.get_or_insert_with(|| Score::new(inputs))
    }

    /// The score, once finished.
    pub fn score(&self) -> Option<&Score> {
        self.score.as_ref()
    }

    /// Whole seconds from the start to the finish (or to `now_ms` while
    /// the attempt runs).
    pub fn seconds(&self, now_ms: u64) -> u64 {
        self.finished_ms
            .unwrap_or(now_ms)
            .saturating_sub(self.started_ms)
            / 1000
    }

    /// The trainee's path beside the best one, the wrong turns with their
    /// questions' "why we ask" lines, the traps taken and the warnings
    /// missed.
    pub fn feedback(&self) -> Feedback {
        let rules = self.rules();
        // Replay the events to know which answers were later undone.
        let mut taken: Vec<TakenAnswer> = Vec::new();
        let mut live: Vec<usize> = Vec::new();
        for e in &self.events {
            match *e {
                TrainingEvent::Answered { question, answer } => {
                    live.push(taken.len());
                    taken.push(TakenAnswer {
                        question,
                        answer,
                        undone: false,
                        matches_fact: self
                            .case
                            .fact(question)
                            .map(|f| f.answers.contains(&answer)),
                    });
                }
                TrainingEvent::Step { .. } => live.push(usize::MAX),
                TrainingEvent::Back => {
                    if let Some(i) = live.pop() {
                        if let Some(t) = taken.get_mut(i) {
                            t.undone = true;
                        }
                    }
                }
                TrainingEvent::Asked { .. } => {}
            }
        }
        let wrong_turns = taken
            .iter()
            .filter(|t| t.matches_fact == Some(false))
            .map(|t| {
                let q = rules.node(t.question);
                WrongTurn {
                    question: t.question,
                    question_id: q.id.clone(),
                    chose: t.answer,
                    fact: self
                        .case
                        .fact(t.question)
                        .map(|f| f.answers.clone())
                        .unwrap_or_default(),
                    why: q.as_question().and_then(|q| q.why.clone()),
                }
            })
            .collect();
        let wrong_findings = self
            .events
            .iter()
            .filter_map(|e| match *e {
                TrainingEvent::Step {
                    node,
                    step,
                    report: StepReport::Found { finding },
                } => self
                    .case
                    .finding(node, step)
                    .filter(|f| f.finding != finding)
                    .map(|f| WrongFinding {
                        node,
                        step,
                        chose: finding,
                        fact: f.finding,
                    }),
                _ => None,
            })
            .collect();
        Feedback {
            trainee_path: taken,
            best_path: self.case.best_path.clone(),
            wrong_turns,
            wrong_findings,
            traps_taken: self.traps_taken.clone(),
            must_see_missed: self.must_see_missed(),
        }
    }

    fn must_see_missed(&self) -> Vec<NodeIdx> {
        self.case
            .must_see
            .iter()
            .copied()
            .filter(|n| !self.visited.contains(n))
            .collect()
    }

    fn score_inputs(&self) -> ScoreInputs {
        let committed = self.committed();
        ScoreInputs {
            committed,
            right: committed.is_some_and(|d| self.case.is_right(d)),
            keys: if committed.is_some() {
                self.keys_at_commit
            } else {
                self.keys
            },
            par: self.case.par,
            backtracks: self.backtracks,
            traps_taken: self.traps_taken.clone(),
            must_see_missed: self.must_see_missed(),
            must_see_total: self.case.must_see.len(),
            seconds: self
                .finished_ms
                .map_or(0, |f| f.saturating_sub(self.started_ms) / 1000),
        }
    }

    fn open(&self) -> Result<(), TrainingError> {
        if self.finished_ms.is_some() {
            Err(TrainingError::Finished)
        } else {
            Ok(())
        }
    }

    fn report(
        &mut self,
        report: StepReport,
        apply: impl FnOnce(&mut Session<'r>) -> Result<(), EngineError>,
    ) -> Result<Moved, TrainingError> {
        self.open()?;
        let p = *self.walk.current();
        apply(&mut self.walk)?;
        self.keys += 1;
        self.events.push(TrainingEvent::Step {
            node: p.node,
            step: p.step,
            report,
        });
        let trap = self.take_trap(TrapAt::Step {
            node: p.node,
            step: p.step,
        });
        Ok(self.arrived(trap))
    }

    /// Records a trap at `at`, once; returns its index when this is one.
    fn take_trap(&mut self, at: TrapAt) -> Option<usize> {
        let i = self.case.traps.iter().position(|t| t.at == at)?;
        if !self.traps_taken.contains(&i) {
            self.traps_taken.push(i);
        }
        Some(i)
    }

    /// After a move: the node is seen, and a first diagnosis commits.
    fn arrived(&mut self, trap: Option<usize>) -> Moved {
        let node = self.walk.current().node;
        self.visited.insert(node);
        let mut committed = None;
        if self.committed.is_none() && self.rules().node(node).as_diagnosis().is_some() {
            self.committed = Some((node, self.walk.trail().len() - 1));
            self.keys_at_commit = self.keys;
            committed = Some(node);
        }
        Moved {
            trap,
            committed,
            walk_over: self.walk.is_finished(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::{load_bundled, PracticeSet};

    fn fixture() -> (RuleSet, PracticeSet) {
        let rules = crate::rules::load_bundled().rules.unwrap();
        let set = load_bundled(&rules).set.unwrap();
        (rules, set)
    }

    #[test]
    fn the_best_path_commits_and_scores_full_marks() {
        let (rules, set) = fixture();
        let case = set.find("network.timeout_already_paid").unwrap();
        let mut t = TrainingSession::new(&rules, case, 1_000);
        assert!(!t.may_reveal(rules.find("network.timeout").unwrap()));
        assert!(matches!(
            t.ask(),
            Reveal::Answer {
                answers: [0],
                says: Some(_)
            }
        ));
        assert_eq!(t.answer(0).unwrap().committed, None);
        let moved = t.answer(1).unwrap();
        assert_eq!(moved.committed, rules.find("network.timeout"));
        assert_eq!(t.phase(), Phase::Remedy);
        assert!(t.may_reveal(rules.find("network.timeout").unwrap()));
        assert_eq!(t.back(), Err(TrainingError::BackPastCommitment));
        assert!(matches!(t.ask(), Reveal::Finding { finding: 0, .. }));
        // The record shows success: on to "approved", no trap.
        assert_eq!(t.found(0).unwrap().trap, None);
        let score = t.finish(31_000).clone();
        assert_eq!(score.total, 100, "{score:?}");
        assert_eq!(t.phase(), Phase::Finished);
        assert_eq!(t.answer(0), Err(TrainingError::Finished));
    }

    #[test]
    fn redoing_the_sale_is_a_trap_that_caps_the_score() {
        let (rules, set) = fixture();
        let case = set.find("network.timeout_already_paid").unwrap();
        let mut t = TrainingSession::new(&rules, case, 0);
        t.answer(0).unwrap();
        t.answer(1).unwrap();
        // "Shown as reversed" goes straight to step 4, redo the sale.
        t.found(2).unwrap();
        let moved = t.step_result(false).unwrap();
        assert_eq!(moved.trap, Some(0));
        let score = t.finish(10_000);
        assert!(score.capped_by_trap);
        assert_eq!(score.total, crate::training::TRAP_CAP);
        let fb = t.feedback();
        assert_eq!(fb.traps_taken, vec![0]);
        assert_eq!(
            fb.wrong_findings,
            vec![WrongFinding {
                node: rules.find("network.timeout").unwrap(),
                step: 0,
                chose: 2,
                fact: 0
            }]
        );
    }

    #[test]
    fn a_wrong_turn_is_fed_back_with_its_why_line() {
        let (rules, set) = fixture();
        let case = set.find("network.weak_signal_basement").unwrap();
        let mut t = TrainingSession::new(&rules, case, 0);
        t.answer(2).unwrap(); // card declined: not this case
        t.back().unwrap();
        t.answer(0).unwrap();
        t.answer(0).unwrap();
        t.answer(1).unwrap();
        assert_eq!(t.committed(), rules.find("network.weak_signal"));
        let score = t.finish(5_000).clone();
        assert_eq!(score.inputs.keys, 5);
        assert_eq!(score.inputs.par, 3);
        assert_eq!(score.inputs.backtracks, 1);
        assert!(score.total < 100 && score.total > 80, "{score:?}");
        let fb = t.feedback();
        assert_eq!(fb.wrong_turns.len(), 1);
        assert_eq!(fb.wrong_turns[0].question_id, "start");
        assert!(fb.wrong_turns[0].why.is_some());
        assert!(fb.trainee_path[0].undone);
        assert_eq!(fb.best_path.len(), 3);
    }

    #[test]
    fn stopping_before_a_diagnosis_scores_no_diagnosis() {
        let (rules, set) = fixture();
        let case = set.find("network.wifi_after_storm").unwrap();
        let mut t = TrainingSession::new(&rules, case, 0);
        t.answer(0).unwrap();
        let score = t.finish(1_000);
        assert_eq!(score.parts.diagnosis.points, 0);
        assert_eq!(score.inputs.committed, None);
    }
}
