//! The one way a front end writes a case: [`CaseJournal`] turns the walk
//! (through a [`Recorder`]) and what the user types (through
//! [`super::intake`]) into events and writes each one as it happens.
//! When the store cannot be reached, events wait in order and go out with
//! the next write that succeeds; the front end shows how many wait.

use super::code::CaseCode;
use super::event::{CaseStatus, Event, EventKind, JumpCause, Recorder, Timestamp};
use super::intake::{self, CallerDetails, CallerField, Refusal};
use super::record::Case;
use super::store::{CaseStore, StoreError};
use crate::engine::Session;
use crate::rules::Lang;

/// How the last write went, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Everything so far is stored.
    AllSaved,
    /// `waiting` events could not be written yet (store unreachable); they
    /// are kept and retried.
    Waiting { waiting: usize, reason: String },
    /// Nothing is kept (`--no-save`).
    NotKept,
}

/// A case being worked on: the store, the case's code and version, the
/// recorder of the walk and the events that still wait to be written.
pub struct CaseJournal {
    store: Box<dyn CaseStore>,
    case: Case,
    recorder: Recorder,
    pending: Vec<Event>,
    operator: String,
    kept: bool,
    last_error: Option<String>,
}

impl std::fmt::Debug for CaseJournal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseJournal")
            .field("store", &self.store.describe())
            .field("code", &self.case.code)
            .field("version", &self.case.version)
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl CaseJournal {
    /// Journals a case just created (its first `record` reports the start),
    /// or a case opened again (`resumed`: the walk already rebuilt from it,
    /// so only what happens next is written). `kept` is false for a memory
    /// store (`--no-save`), so the screen can say nothing is kept.
    pub fn new(
        store: Box<dyn CaseStore>,
        case: Case,
        resumed: Option<&Session<'_>>,
        operator: &str,
        kept: bool,
    ) -> CaseJournal {
        CaseJournal {
            store,
            recorder: resumed.map_or_else(Recorder::new, Recorder::resumed),
            case,
            pending: Vec::new(),
            operator: operator.to_string(),
            kept,
            last_error: None,
        }
    }

    pub fn code(&self) -> &CaseCode {
        &self.case.code
    }

    /// The case as this journal knows it: what is stored plus what waits.
    pub fn case(&self) -> &Case {
        &self.case
    }

    pub fn caller(&self) -> &CallerDetails {
        &self.case.caller
    }

    pub fn store(&mut self) -> &mut dyn CaseStore {
        self.store.as_mut()
    }

    /// Writes what the walk did since the last call. `cause` says how a
    /// jump was asked for.
    pub fn record(
        &mut self,
        session: &Session<'_>,
        cause: Option<JumpCause>,
        at: Timestamp,
    ) -> Result<Saved, StoreError> {
        let kinds = self.recorder.sync(session, cause);
        self.write(kinds, at)
    }

    /// Adds a note; refused (nothing written) if it looks like a PIN or a
    /// security code, or is empty or too long.
    pub fn note(&mut self, raw: &str, at: Timestamp) -> Result<Result<Saved, StoreError>, Refusal> {
        let text = intake::note(raw)?;
        Ok(self.write(vec![EventKind::Note { text }], at))
    }

    /// Sets one of the caller's details from what was typed.
    pub fn set_caller(
        &mut self,
        field: CallerField,
        raw: &str,
        at: Timestamp,
    ) -> Result<Result<Saved, StoreError>, Refusal> {
        let mut details = self.case.caller.clone();
        details.set(field, raw)?;
        if details == self.case.caller {
            return Ok(Ok(self.saved()));
        }
        Ok(self.write(vec![EventKind::Caller { details }], at))
    }

    /// The screen's language changed.
    pub fn language(&mut self, lang: Lang, at: Timestamp) -> Result<Saved, StoreError> {
        if lang == self.case.lang {
            return Ok(self.saved());
        }
        self.write(vec![EventKind::Language { lang }], at)
    }

    /// Ends the case as the walk stands (resolved or escalated), or as
    /// abandoned; does nothing while the walk is in progress and not
    /// abandoned, or when the case already ended the same way.
    pub fn end(&mut self, status: CaseStatus, at: Timestamp) -> Result<Saved, StoreError> {
        if status.is_open() || status == self.case.status {
            return Ok(self.saved());
        }
        self.write(vec![EventKind::Ended { status }], at)
    }

    /// The case went back to being in progress (Back from a diagnosis the
    /// user had said was fixed): record it so lists don't call it done.
    pub fn reopen(&mut self, at: Timestamp) -> Result<Saved, StoreError> {
        if self.case.status.is_open() {
            return Ok(self.saved());
        }
        self.write(
            vec![EventKind::Ended {
                status: CaseStatus::InProgress,
            }],
            at,
        )
    }

    /// Tries again to write the events that wait.
    pub fn flush(&mut self) -> Result<Saved, StoreError> {
        self.write(Vec::new(), Timestamp(0))
    }

    /// Lets go of the case (the operator quits with it still open).
    pub fn release(&mut self) -> Result<Saved, StoreError> {
        let saved = self.flush()?;
        if self.pending.is_empty() && self.case.is_open() {
            self.store.release(&self.case.code, &self.operator)?;
        }
        Ok(saved)
    }

    /// How the journal stands now.
    pub fn saved(&self) -> Saved {
        if !self.kept {
            Saved::NotKept
        } else if self.pending.is_empty() {
            Saved::AllSaved
        } else {
            Saved::Waiting {
                waiting: self.pending.len(),
                reason: self.last_error.clone().unwrap_or_default(),
            }
        }
    }

    /// Events not yet written (kept in order; written with the next write
    /// that gets through).
    pub fn pending(&self) -> &[Event] {
        &self.pending
    }

    fn write(&mut self, kinds: Vec<EventKind>, at: Timestamp) -> Result<Saved, StoreError> {
        let events: Vec<Event> = kinds
            .into_iter()
            .map(|kind| Event {
                at,
                operator: self.operator.clone(),
                kind,
            })
            .collect();
        // The journal's own copy is updated at once, so the summary and the
        // header show what was typed even while the store is away.
        let mut shown = self.case.clone();
        shown.apply(&events);
        self.pending.extend(events);
        if self.pending.is_empty() {
            self.case = shown;
            return Ok(self.saved());
        }
        let result = self
            .store
            .append(&self.case.code, self.case.version, &self.pending);
        match result {
            Ok(version) => {
                self.pending.clear();
                self.last_error = None;
                self.case = shown;
                self.case.version = version;
                Ok(self.saved())
            }
            Err(e) if e.is_transient() => {
                self.last_error = Some(e.to_string());
                let version = self.case.version;
                // Shown at once; still in `pending`, to be written against
                // the version the store has.
                self.case = shown;
                self.case.version = version;
                Ok(self.saved())
            }
            Err(e) => {
                // Not written and not worth retrying as is (a conflict: the
                // case was taken over). The events stay pending so nothing
                // typed is lost; the front end says what happened.
                self.last_error = Some(e.to_string());
                self.case = shown;
                Err(e)
            }
        }
    }
}
