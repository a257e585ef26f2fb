//! What happened in a case, in order, each with its time. The walk's events
//! come from the engine's trail ([`Recorder`]), so no front end builds its
//! own; notes, caller details and the language come from the front end
//! through [`super::intake`].

use super::intake::CallerDetails;
use crate::engine::{Move, Point, Session};
use crate::rules::{Lang, RuleSet};
use serde::{Deserialize, Serialize};

/// Milliseconds since 1970-01-01 UTC. The library never reads the clock:
/// front ends pass the time in, so tests and replays are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

/// One event of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: Timestamp,
    /// Who was working the case when it happened.
    pub operator: String,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// How a jump (a [`Move::Jump`]) was asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum JumpCause {
    /// A search, with the query as typed (masked).
    Search { query: String },
    /// A response code or terminal message.
    Code { code: String },
}

/// A walked point as it is kept: the node by its id, which outlives the
/// rule set's numbering (rules change between a case and its resumption).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedPoint {
    pub node: String,
    pub step: usize,
    pub fixed: bool,
    pub via: RecordedMove,
}

/// [`Move`], as kept (the engine's type stays free of storage concerns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RecordedMove {
    Start,
    Answer { answer: usize },
    NotFixed { step: usize },
    Fixed { step: usize },
    Found { step: usize, finding: usize },
    Waited { step: usize },
    Jump,
}

impl From<Move> for RecordedMove {
    fn from(m: Move) -> Self {
        match m {
            Move::Start => RecordedMove::Start,
            Move::Answer { answer } => RecordedMove::Answer { answer },
            Move::NotFixed { step } => RecordedMove::NotFixed { step },
            Move::Fixed { step } => RecordedMove::Fixed { step },
            Move::Found { step, finding } => RecordedMove::Found { step, finding },
            Move::Waited { step } => RecordedMove::Waited { step },
            Move::Jump => RecordedMove::Jump,
        }
    }
}

impl From<RecordedMove> for Move {
    fn from(m: RecordedMove) -> Self {
        match m {
            RecordedMove::Start => Move::Start,
            RecordedMove::Answer { answer } => Move::Answer { answer },
            RecordedMove::NotFixed { step } => Move::NotFixed { step },
            RecordedMove::Fixed { step } => Move::Fixed { step },
            RecordedMove::Found { step, finding } => Move::Found { step, finding },
            RecordedMove::Waited { step } => Move::Waited { step },
            RecordedMove::Jump => Move::Jump,
        }
    }
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    /// The walk's first point (the start question, or where a code led).
    Started { point: RecordedPoint },
    /// A point added to the walk: an answer, a step reported on, a jump.
    Moved {
        point: RecordedPoint,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cause: Option<JumpCause>,
    },
    /// The walk went back to point `depth` (0 = the first), dropping what
    /// came after it: Back, a breadcrumb, a restart.
    Back { depth: usize },
    /// The language of the screen changed.
    Language { lang: Lang },
    /// A note, as kept (masked, checked for secrets).
    Note { text: String },
    /// The caller's details as they now stand (all fields, so the latest
    /// event is the whole truth).
    Caller { details: CallerDetails },
    /// Another operator took the case over.
    TakenOver { from: Option<String> },
    /// The case ended, or was left.
    Ended { status: CaseStatus },
}

/// How a case stands, by node ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CaseStatus {
    #[default]
    InProgress,
    /// Fixed: at a resolved node, or by remedy step `step` (from 1) of a
    /// diagnosis.
    Resolved {
        node: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<usize>,
    },
    /// Handed over at an escalation, after a diagnosis.
    Escalated {
        escalation: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        diagnosis: Option<String>,
    },
    /// Left unfinished on purpose (the caller hung up, a test walk).
    Abandoned,
}

impl CaseStatus {
    /// The status of a walk, by node ids.
    pub fn of(session: &Session<'_>) -> CaseStatus {
        let rules = session.rules();
        let id = |idx| rules.node(idx).id.clone();
        match session.outcome() {
            crate::engine::Outcome::InProgress => CaseStatus::InProgress,
            crate::engine::Outcome::Resolved {
                node,
                fixed_by_step,
            } => CaseStatus::Resolved {
                node: id(node),
                step: fixed_by_step.map(|s| s + 1),
            },
            crate::engine::Outcome::Escalated {
                escalation,
                diagnosis,
            } => CaseStatus::Escalated {
                escalation: id(escalation),
                diagnosis: diagnosis.map(id),
            },
        }
    }

    pub fn is_open(&self) -> bool {
        matches!(self, CaseStatus::InProgress)
    }

    /// A short word for lists and exports.
    pub fn key(&self) -> &'static str {
        match self {
            CaseStatus::InProgress => "in_progress",
            CaseStatus::Resolved { .. } => "resolved",
            CaseStatus::Escalated { .. } => "escalated",
            CaseStatus::Abandoned => "abandoned",
        }
    }
}

fn record(rules: &RuleSet, p: &Point) -> RecordedPoint {
    RecordedPoint {
        node: rules.node(p.node).id.clone(),
        step: p.step,
        fixed: p.fixed,
        via: p.via.into(),
    }
}

/// Turns the engine's trail into events: after each change to a session,
/// [`Recorder::sync`] compares the trail with the one it last saw and says
/// what happened. Works for any change the engine can make (answers, steps,
/// jumps, back, back to a breadcrumb, restart).
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    seen: Vec<Point>,
}

impl Recorder {
    /// A recorder for a new walk: its first sync reports `Started`.
    pub fn new() -> Recorder {
        Recorder::default()
    }

    /// A recorder for a walk resumed from its events: it has seen the
    /// trail already, so only what happens next is reported.
    pub fn resumed(session: &Session<'_>) -> Recorder {
        Recorder {
            seen: session.trail().to_vec(),
        }
    }

    /// What changed since the last sync. `cause` says how a jump was asked
    /// for (the engine does not know); it is attached to the first jump.
    pub fn sync(&mut self, session: &Session<'_>, cause: Option<JumpCause>) -> Vec<EventKind> {
        let rules = session.rules();
        let now = session.trail();
        let mut events = Vec::new();
        let common = self
            .seen
            .iter()
            .zip(now)
            .take_while(|(a, b)| a == b)
            .count();
        if self.seen.is_empty() || common == 0 {
            // A new walk (or one restarted at another first point).
            if let Some(first) = now.first() {
                events.push(EventKind::Started {
                    point: record(rules, first),
                });
            }
        } else if common < self.seen.len() {
            events.push(EventKind::Back { depth: common - 1 });
        }
        let mut cause = cause;
        for p in now.iter().skip(common.max(1)) {
            let c = if p.via == Move::Jump {
                cause.take()
            } else {
                None
            };
            events.push(EventKind::Moved {
                point: record(rules, p),
                cause: c,
            });
        }
        self.seen = now.to_vec();
        events
    }
}

/// The walk as the events leave it: the trail of recorded points. Events
/// that are not about the walk are skipped.
pub fn replay<'e>(events: impl IntoIterator<Item = &'e EventKind>) -> Vec<RecordedPoint> {
    let mut trail: Vec<RecordedPoint> = Vec::new();
    for e in events {
        match e {
            EventKind::Started { point } => {
                trail.clear();
                trail.push(point.clone());
            }
            EventKind::Moved { point, .. } => trail.push(point.clone()),
            EventKind::Back { depth } => trail.truncate(depth + 1),
            EventKind::Language { .. }
            | EventKind::Note { .. }
            | EventKind::Caller { .. }
            | EventKind::TakenOver { .. }
            | EventKind::Ended { .. } => {}
        }
    }
    trail
}

/// A walk rebuilt from recorded points on today's rules.
#[derive(Debug)]
pub struct Resumed<'r> {
    pub session: Session<'r>,
    /// Ids of recorded nodes that today's rules no longer have: the walk
    /// resumes at the last point before the first of them.
    pub missing: Vec<String>,
}

/// Rebuilds the walk on `rules`. If a node of the path is gone (the rules
/// changed), the walk stops at the last point that still exists and the
/// gone ids are named; a step number past today's steps is clamped.
pub fn resume<'r>(rules: &'r RuleSet, trail: &[RecordedPoint]) -> Resumed<'r> {
    let mut points = Vec::new();
    let mut missing = Vec::new();
    for p in trail {
        let Some(idx) = rules.find(&p.node) else {
            missing.push(p.node.clone());
            break;
        };
        let steps = rules
            .node(idx)
            .as_diagnosis()
            .map_or(1, |d| d.steps.len().max(1));
        points.push(Point {
            node: idx,
            step: p.step.min(steps - 1),
            fixed: p.fixed,
            via: if points.is_empty() {
                Move::Start
            } else {
                p.via.into()
            },
        });
    }
    let session = if points.is_empty() {
        Session::new(rules)
    } else {
        Session::from_points(rules, points)
    };
    Resumed { session, missing }
}
