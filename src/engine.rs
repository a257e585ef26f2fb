//! The engine that walks a rule set: where the user is, how they got there,
//! and how it ended. Pure: no terminal, no files, no clock. The TUI, the
//! line mode, exports and tests all drive this one type.

use crate::rules::{Diagnosis, FindingNext, Node, NodeBody, NodeIdx, RuleSet, StepKind};
use serde::Serialize;

/// How the user arrived at a point of the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Move {
    /// The first point of the walk.
    Start,
    /// Chose answer `answer` (0-based) of the previous question.
    Answer { answer: usize },
    /// Said the remedy step `step` (0-based) did not fix the problem.
    NotFixed { step: usize },
    /// Said the remedy step `step` (0-based) fixed the problem.
    Fixed { step: usize },
    /// Reported what the check step `step` (0-based) found: its finding
    /// `finding` (0-based).
    Found { step: usize, finding: usize },
    /// Waited out the wait step `step` (0-based), or skipped the wait.
    Waited { step: usize },
    /// Jumped straight here (search, a response code).
    Jump,
}

/// One point of the walk. For a diagnosis, `step` is the remedy step being
/// tried; `fixed` is set once the user says a step worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Point {
    pub node: NodeIdx,
    pub step: usize,
    pub fixed: bool,
    pub via: Move,
}

/// Where a walk stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    InProgress,
    /// Fixed: by a remedy step of a diagnosis, or at a resolved node.
    Resolved {
        node: NodeIdx,
        /// The remedy step (0-based) that fixed it, for a diagnosis.
        fixed_by_step: Option<usize>,
    },
    /// Handed over: the escalation node, and the diagnosis that led there.
    Escalated {
        escalation: NodeIdx,
        diagnosis: Option<NodeIdx>,
    },
}

/// A request the current point cannot take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    NotAQuestion,
    NoSuchAnswer {
        given: usize,
        count: usize,
    },
    NotADiagnosis,
    /// The current step is of another kind than the report on it: a check
    /// asks what it found, a wait only that it is over, an action whether
    /// it fixed the problem.
    WrongStepKind {
        step: StepKind,
    },
    NoSuchFinding {
        given: usize,
        count: usize,
    },
    AlreadyFinished,
    NoSuchPoint {
        depth: usize,
    },
}

impl EngineError {
    /// The UI text (`assets/i18n/`) that explains the refusal; the engine
    /// holds no prose, so every front end says it in the user's language.
    pub fn key(&self) -> &'static str {
        match self {
            EngineError::NotAQuestion => "engine.not_a_question",
            EngineError::NoSuchAnswer { .. } => "engine.no_such_answer",
            EngineError::NotADiagnosis => "engine.not_a_diagnosis",
            EngineError::WrongStepKind { step } => match step {
                StepKind::Action => "engine.step_is_action",
                StepKind::Check => "engine.step_is_check",
                StepKind::Wait => "engine.step_is_wait",
            },
            EngineError::NoSuchFinding { .. } => "engine.no_such_finding",
            EngineError::AlreadyFinished => "engine.already_finished",
            EngineError::NoSuchPoint { .. } => "engine.no_such_point",
        }
    }

    /// The values for the placeholders of [`EngineError::key`]'s text.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match *self {
            EngineError::NoSuchAnswer { given, count }
            | EngineError::NoSuchFinding { given, count } => {
                vec![("given", given.to_string()), ("count", count.to_string())]
            }
            EngineError::NoSuchPoint { depth } => vec![("depth", depth.to_string())],
            EngineError::NotAQuestion
            | EngineError::NotADiagnosis
            | EngineError::WrongStepKind { .. }
            | EngineError::AlreadyFinished => Vec::new(),
        }
    }
}

impl std::error::Error for EngineError {}

/// A walk through the rules.
#[derive(Debug, Clone)]
pub struct Session<'r> {
    rules: &'r RuleSet,
    trail: Vec<Point>,
}

impl<'r> Session<'r> {
    /// A walk from the start question.
    pub fn new(rules: &'r RuleSet) -> Self {
        Self::at(rules, rules.start)
    }

    /// A walk that begins at `node` (a response code, a search result).
    pub fn at(rules: &'r RuleSet, node: NodeIdx) -> Self {
        Session {
            rules,
            trail: vec![Point {
                node,
                step: 0,
                fixed: false,
                via: Move::Start,
            }],
        }
    }

    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    /// The current point.
    pub fn current(&self) -> &Point {
        self.trail.last().expect("a session always has a point")
    }

    pub fn node(&self) -> &'r Node {
        self.rules.node(self.current().node)
    }

    /// Every point so far, oldest first (the breadcrumbs).
    pub fn trail(&self) -> &[Point] {
        &self.trail
    }

    /// True once the user has done anything worth confirming before
    /// throwing it away.
    pub fn in_progress(&self) -> bool {
        self.trail.len() > 1
    }

    pub fn outcome(&self) -> Outcome {
        let p = self.current();
        match &self.rules.node(p.node).body {
            NodeBody::Resolved(_) => Outcome::Resolved {
                node: p.node,
                fixed_by_step: None,
            },
            NodeBody::Diagnosis(_) if p.fixed => Outcome::Resolved {
                node: p.node,
                fixed_by_step: Some(p.step),
            },
            NodeBody::Escalation(_) => Outcome::Escalated {
                escalation: p.node,
                diagnosis: self.diagnosis_before_escalation(),
            },
            _ => Outcome::InProgress,
        }
    }

    pub fn is_finished(&self) -> bool {
        self.outcome() != Outcome::InProgress
    }

    fn diagnosis_before_escalation(&self) -> Option<NodeIdx> {
        let n = self.trail.len();
        (n >= 2)
            .then(|| self.trail[n - 2].node)
            .filter(|&i| self.rules.node(i).as_diagnosis().is_some())
    }

    /// The diagnosis being worked through, or that ended the walk.
    pub fn diagnosis(&self) -> Option<(NodeIdx, &'r Diagnosis)> {
        self.trail
            .iter()
            .rev()
            .find_map(|p| self.rules.node(p.node).as_diagnosis().map(|d| (p.node, d)))
    }

    /// Choose answer `index` (0-based) of the current question.
    pub fn answer(&mut self, index: usize) -> Result<(), EngineError> {
        let q = self.node().as_question().ok_or(EngineError::NotAQuestion)?;
        let a = q.answers.get(index).ok_or(EngineError::NoSuchAnswer {
            given: index + 1,
            count: q.answers.len(),
        })?;
        self.trail.push(Point {
            node: a.next,
            step: 0,
            fixed: false,
            via: Move::Answer { answer: index },
        });
        Ok(())
    }

    /// Report on the current remedy step, an action: fixed → resolved; not
    /// fixed → the next step, or the escalation after the last one.
    pub fn step_result(&mut self, fixed: bool) -> Result<(), EngineError> {
        let (p, d) = self.open_step(StepKind::Action)?;
        let next = if fixed {
            Point {
                fixed: true,
                via: Move::Fixed { step: p.step },
                ..p
            }
        } else {
            Self::after_step(p, d, Move::NotFixed { step: p.step })
        };
        self.trail.push(next);
        Ok(())
    }

    /// Report what the current remedy step, a check, found: its finding
    /// `finding` (0-based), which leads to a later step or another node.
    pub fn found(&mut self, finding: usize) -> Result<(), EngineError> {
        let (p, d) = self.open_step(StepKind::Check)?;
        let findings = &d.steps[p.step].found;
        let f = findings.get(finding).ok_or(EngineError::NoSuchFinding {
            given: finding + 1,
            count: findings.len(),
        })?;
        let via = Move::Found {
            step: p.step,
            finding,
        };
        let next = match &f.next {
            // The loader allows only later steps of the same diagnosis.
            FindingNext::Step(n) => Point {
                step: n - 1,
                via,
                ..p
            },
            FindingNext::Node { idx, .. } => Point {
                node: *idx,
                step: 0,
                fixed: false,
                via,
            },
        };
        self.trail.push(next);
        Ok(())
    }

    /// The wait of the current remedy step is over (or the user skipped
    /// it): on to the next step. The loader makes sure one follows.
    pub fn wait_over(&mut self) -> Result<(), EngineError> {
        let (p, d) = self.open_step(StepKind::Wait)?;
        let next = Self::after_step(p, d, Move::Waited { step: p.step });
        self.trail.push(next);
        Ok(())
    }

    /// The kind of the current remedy step, at a diagnosis not yet fixed.
    pub fn step_kind(&self) -> Option<StepKind> {
        let p = self.current();
        let d = self.node().as_diagnosis()?;
        (!p.fixed).then(|| d.steps.get(p.step).map(|st| st.kind))?
    }

    /// The current point and its diagnosis, when the current step is of
    /// `kind` and still open.
    fn open_step(&self, kind: StepKind) -> Result<(Point, &'r Diagnosis), EngineError> {
        let p = *self.current();
        let d = self
            .node()
            .as_diagnosis()
            .ok_or(EngineError::NotADiagnosis)?;
        if p.fixed {
            return Err(EngineError::AlreadyFinished);
        }
        let actual = d.steps.get(p.step).map_or(StepKind::Action, |st| st.kind);
        if actual != kind {
            return Err(EngineError::WrongStepKind { step: actual });
        }
        Ok((p, d))
    }

    /// The point after step `p.step`: the next step, or the escalation after
    /// the last one.
    fn after_step(p: Point, d: &Diagnosis, via: Move) -> Point {
        if p.step + 1 < d.steps.len() {
            Point {
                step: p.step + 1,
                via,
                ..p
            }
        } else {
            Point {
                node: d.escalation,
                step: 0,
                fixed: false,
                via,
            }
        }
    }

    /// A walk rebuilt from points recorded earlier (a resumed case). The
    /// caller has checked that every node is in `rules`; an empty list is
    /// the walk from the start.
    pub fn from_points(rules: &'r RuleSet, points: Vec<Point>) -> Self {
        if points.is_empty() {
            return Self::new(rules);
        }
        Session {
            rules,
            trail: points,
        }
    }

    /// Go straight to `node`, keeping the way back.
    pub fn jump(&mut self, node: NodeIdx) {
        self.trail.push(Point {
            node,
            step: 0,
            fixed: false,
            via: Move::Jump,
        });
    }

    /// Undo the last move. False at the first point.
    pub fn back(&mut self) -> bool {
        if self.trail.len() > 1 {
            self.trail.pop();
            true
        } else {
            false
        }
    }

    /// Return to point `depth` of the trail (0 = the first), dropping what
    /// came after it.
    pub fn back_to(&mut self, depth: usize) -> Result<(), EngineError> {
        if depth >= self.trail.len() {
            return Err(EngineError::NoSuchPoint { depth });
        }
        self.trail.truncate(depth + 1);
        Ok(())
    }

    /// Back to the first point, forgetting the rest.
    pub fn restart(&mut self) {
        self.trail.truncate(1);
    }

    /// Remedy steps reported on so far, in order, each with its diagnosis
    /// and whether it fixed the problem (checks and waits never do).
    pub fn steps_tried(&self) -> Vec<(NodeIdx, usize, bool)> {
        self.step_moves()
            .map(|(d, m)| match m {
                Move::Fixed { step } => (d, step, true),
                Move::NotFixed { step } | Move::Found { step, .. } | Move::Waited { step } => {
                    (d, step, false)
                }
                // step_moves yields only the moves above.
                Move::Start | Move::Answer { .. } | Move::Jump => (d, 0, false),
            })
            .collect()
    }

    /// Every report on a remedy step, in order, with the diagnosis it was
    /// made at (the point the move left, not where it led).
    pub fn step_moves(&self) -> impl Iterator<Item = (NodeIdx, Move)> + '_ {
        self.trail.windows(2).filter_map(|w| match w[1].via {
            m @ (Move::NotFixed { .. }
            | Move::Fixed { .. }
            | Move::Found { .. }
            | Move::Waited { .. }) => Some((w[0].node, m)),
            Move::Start | Move::Answer { .. } | Move::Jump => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{load_files, InputFile};

    fn rules() -> RuleSet {
        let yaml = r"
start: q1
evidence:
  txn_time: {zh: 时间, en: Time}
sources:
  a: {file: x.txt, title: {zh: 文章, en: Article}}
nodes:
  - id: q1
    kind: question
    category: network
    text: {zh: 问题一, en: Question one}
    answers:
      - {text: {zh: 甲, en: A}, next: d1}
      - {text: {zh: 乙, en: B}, next: r1}
      - {text: {zh: 丙, en: C}, next: d2}
  - id: d1
    kind: diagnosis
    category: network
    title: {zh: 信号弱, en: Weak signal}
    likelihood: high
    sources: [a]
    steps:
      - {text: {zh: 移动终端, en: Move it}, who: staff, minutes: 1, kind: action, caller: {zh: 请移动, en: Please move it}}
      - {text: {zh: 重启, en: Restart}, who: staff, minutes: 2, kind: action, caller: {zh: 请重启, en: Please restart}}
    escalation: e1
  - id: d2
    kind: diagnosis
    category: network
    title: {zh: 超时, en: Timed out}
    likelihood: high
    sources: [a]
    steps:
      - text: {zh: 查记录, en: Check the record}
        who: staff
        minutes: 2
        kind: check
        caller: {zh: 请查记录, en: Please check the record}
        found:
          - {text: {zh: 冲正中, en: Reversal pending}, step: 2}
          - {text: {zh: 已冲正, en: Reversed}, step: 3}
          - {text: {zh: 成功, en: Succeeded}, next: r1}
      - {text: {zh: 等冲正, en: Wait for the reversal}, who: staff, minutes: 5, kind: wait, caller: {zh: 请等, en: Please wait}}
      - {text: {zh: 重做, en: Redo the sale}, who: staff, minutes: 2, kind: action, caller: {zh: 请重做, en: Please redo it}}
    escalation: e1
  - id: e1
    kind: escalation
    category: network
    contact: acquirer
    text: {zh: 联系收单机构, en: Call the acquirer}
    have_ready: [txn_time]
  - id: r1
    kind: resolved
    category: network
    title: {zh: 好了, en: Fine}
    text: {zh: 没问题, en: All good}
";
        let loaded = load_files(&[InputFile {
            name: "t.yaml".into(),
            bytes: yaml.as_bytes().to_vec(),
        }]);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        loaded.rules.unwrap()
    }

    #[test]
    fn walks_to_escalation_and_back() {
        let r = rules();
        let mut s = Session::new(&r);
        assert_eq!(s.outcome(), Outcome::InProgress);
        assert!(!s.in_progress());
        assert_eq!(
            s.answer(5),
            Err(EngineError::NoSuchAnswer { given: 6, count: 3 })
        );
        s.answer(0).unwrap();
        assert_eq!(s.node().id, "d1");
        assert_eq!(s.answer(0), Err(EngineError::NotAQuestion));
        s.step_result(false).unwrap();
        assert_eq!(s.current().step, 1);
        s.step_result(false).unwrap();
        assert_eq!(s.node().id, "e1");
        let d1 = r.find("d1").unwrap();
        assert_eq!(
            s.outcome(),
            Outcome::Escalated {
                escalation: r.find("e1").unwrap(),
                diagnosis: Some(d1)
            }
        );
        assert_eq!(s.steps_tried(), vec![(d1, 0, false), (d1, 1, false)]);
        assert!(s.back());
        assert_eq!(s.node().id, "d1");
        assert_eq!(s.current().step, 1);
        s.step_result(true).unwrap();
        assert_eq!(
            s.outcome(),
            Outcome::Resolved {
                node: d1,
                fixed_by_step: Some(1)
            }
        );
        assert_eq!(s.step_result(true), Err(EngineError::AlreadyFinished));
        s.back_to(0).unwrap();
        assert_eq!(s.node().id, "q1");
        assert_eq!(s.back_to(3), Err(EngineError::NoSuchPoint { depth: 3 }));
        assert!(!s.back());
    }

    #[test]
    fn resolved_node_and_jump() {
        let r = rules();
        let mut s = Session::new(&r);
        s.answer(1).unwrap();
        assert!(s.is_finished());
        s.restart();
        s.jump(r.find("d1").unwrap());
        assert_eq!(s.current().via, Move::Jump);
        assert!(s.back());
        assert_eq!(s.node().id, "q1");
    }

    #[test]
    fn a_check_reports_what_it_found_and_leads_on() {
        let r = rules();
        let mut s = Session::new(&r);
        s.answer(2).unwrap();
        assert_eq!(s.step_kind(), Some(StepKind::Check));
        assert_eq!(
            s.step_result(false),
            Err(EngineError::WrongStepKind {
                step: StepKind::Check
            })
        );
        assert_eq!(
            s.found(3),
            Err(EngineError::NoSuchFinding { given: 4, count: 3 })
        );
        // "Reversed" skips the wait.
        s.found(1).unwrap();
        assert_eq!((s.node().id.as_str(), s.current().step), ("d2", 2));
        assert_eq!(
            s.current().via,
            Move::Found {
                step: 0,
                finding: 1
            }
        );
        assert_eq!(
            s.found(0),
            Err(EngineError::WrongStepKind {
                step: StepKind::Action
            })
        );
        assert!(s.back());
        // "Succeeded" leads out of the diagnosis, to a resolution.
        s.found(2).unwrap();
        assert_eq!(s.node().id, "r1");
        assert_eq!(
            s.outcome(),
            Outcome::Resolved {
                node: r.find("r1").unwrap(),
                fixed_by_step: None
            }
        );
        assert_eq!(s.step_kind(), None);
        assert_eq!(s.steps_tried(), vec![(r.find("d2").unwrap(), 0, false)]);
    }

    #[test]
    fn a_wait_is_only_over_then_the_next_step_comes() {
        let r = rules();
        let mut s = Session::new(&r);
        s.answer(2).unwrap();
        s.found(0).unwrap();
        assert_eq!(s.step_kind(), Some(StepKind::Wait));
        assert_eq!(
            s.step_result(true),
            Err(EngineError::WrongStepKind {
                step: StepKind::Wait
            })
        );
        assert_eq!(
            s.found(0),
            Err(EngineError::WrongStepKind {
                step: StepKind::Wait
            })
        );
        s.wait_over().unwrap();
        assert_eq!(s.current().step, 2);
        assert_eq!(s.current().via, Move::Waited { step: 1 });
        assert_eq!(
            s.wait_over(),
            Err(EngineError::WrongStepKind {
                step: StepKind::Action
            })
        );
        // Not fixed after the last step: the escalation; each report is
        // told by the diagnosis it was made at, not where it led.
        s.step_result(false).unwrap();
        assert_eq!(s.node().id, "e1");
        let d2 = r.find("d2").unwrap();
        assert_eq!(
            s.steps_tried(),
            vec![(d2, 0, false), (d2, 1, false), (d2, 2, false)]
        );
        assert_eq!(
            s.outcome(),
            Outcome::Escalated {
                escalation: r.find("e1").unwrap(),
                diagnosis: Some(d2)
            }
        );
    }
}
