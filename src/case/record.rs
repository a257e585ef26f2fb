//! A case as a whole: who worked it, for whom, what happened and how it
//! ended. Built from its events, so a store keeps the events and a few
//! columns to list cases by, and nothing can disagree with the history.

use super::code::CaseCode;
use super::event::{replay, CaseStatus, Event, EventKind, RecordedPoint, Timestamp};
use super::intake::CallerDetails;
use crate::rules::Lang;
use serde::{Deserialize, Serialize};

/// Who is using posdoc for the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Shop staff at the till.
    #[default]
    Counter,
    /// A support agent on the phone with a shop.
    Agent,
    /// A trainee rehearsing.
    Training,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Counter, Role::Agent, Role::Training];

    pub fn key(self) -> &'static str {
        match self {
            Role::Counter => "counter",
            Role::Agent => "agent",
            Role::Training => "training",
        }
    }

    pub fn from_key(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// What is known when a case opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCase {
    pub started_at: Timestamp,
    pub operator: String,
    pub role: Role,
    pub lang: Lang,
}

/// A case, as stored and as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub code: CaseCode,
    pub started_at: Timestamp,
    /// When it was resolved, escalated or abandoned.
    pub ended_at: Option<Timestamp>,
    /// Who opened it.
    pub operator: String,
    /// Who is working it now (None once it has ended).
    pub holder: Option<String>,
    pub role: Role,
    pub lang: Lang,
    pub caller: CallerDetails,
    pub status: CaseStatus,
    /// Every event, oldest first.
    pub events: Vec<Event>,
    /// Bumped by every write: a writer that read an older version has
    /// missed someone else's change and is refused.
    pub version: i64,
}

impl Case {
    /// A case just opened, before its first event.
    pub fn new(code: CaseCode, new: NewCase) -> Case {
        Case {
            code,
            started_at: new.started_at,
            ended_at: None,
            holder: Some(new.operator.clone()),
            operator: new.operator,
            role: new.role,
            lang: new.lang,
            caller: CallerDetails::default(),
            status: CaseStatus::InProgress,
            events: Vec::new(),
            version: 0,
        }
    }

    /// Adds events, keeping the columns that summarise them in step: the
    /// caller's details, the status, the end time. What every store does on
    /// append, in one place.
    pub fn apply(&mut self, events: &[Event]) {
        for e in events {
            match &e.kind {
                EventKind::Caller { details } => self.caller = details.clone(),
                EventKind::Ended { status } => {
                    self.status = status.clone();
                    self.ended_at = (!status.is_open()).then_some(e.at);
                    // An ended case is nobody's; one reopened is its reopener's.
                    self.holder = status.is_open().then(|| e.operator.clone());
                }
                EventKind::Language { lang } => self.lang = *lang,
                EventKind::TakenOver { .. } => self.holder = Some(e.operator.clone()),
                EventKind::Started { .. }
                | EventKind::Moved { .. }
                | EventKind::Back { .. }
                | EventKind::Note { .. } => {}
            }
            self.events.push(e.clone());
        }
    }

    /// The walk as it stood at the last event.
    pub fn trail(&self) -> Vec<RecordedPoint> {
        replay(self.events.iter().map(|e| &e.kind))
    }

    /// The notes, oldest first, with their times and authors.
    pub fn notes(&self) -> impl Iterator<Item = (&Event, &str)> {
        self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Note { text } => Some((e, text.as_str())),
            _ => None,
        })
    }

    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }

    /// The line a list shows for the case.
    pub fn header(&self) -> CaseHeader {
        CaseHeader {
            code: self.code.clone(),
            started_at: self.started_at,
            ended_at: self.ended_at,
            operator: self.operator.clone(),
            holder: self.holder.clone(),
            role: self.role,
            caller: self.caller.clone(),
            status: self.status.clone(),
            last_node: self.trail().last().map(|p| p.node.clone()),
            events: self.events.len(),
        }
    }
}

/// A case as a list shows it: no events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseHeader {
    pub code: CaseCode,
    pub started_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    pub operator: String,
    pub holder: Option<String>,
    pub role: Role,
    pub caller: CallerDetails,
    pub status: CaseStatus,
    /// Where the walk stands (or ended), by node id.
    pub last_node: Option<String>,
    /// How many events the case has.
    pub events: usize,
}
