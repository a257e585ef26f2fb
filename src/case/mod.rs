//! Cases that last: every diagnosis is a case with a code that can be read
//! over the phone, the caller's details, notes, every event with its time
//! and how it ended. Pure, like the engine: no clock (times are passed in),
//! no files; stores implement [`CaseStore`].
//!
//! Privacy by construction: text enters a case only through [`intake`],
//! which masks card numbers and refuses PINs and security codes.

pub mod code;
#[cfg(feature = "synth")]
pub mod conformance;
pub mod event;
pub mod intake;
pub mod journal;
pub mod record;
pub mod store;

pub use code::{CaseCode, CodeError};
pub use event::{
    replay, resume, CaseStatus, Event, EventKind, JumpCause, RecordedMove, RecordedPoint, Recorder,
    Resumed, Timestamp,
};
pub use intake::{CallerDetails, CallerField, Refusal};
pub use journal::{CaseJournal, Saved};
pub use record::{Case, CaseHeader, NewCase, Role};
pub use store::{fresh_code, CaseFilter, CaseStore, MemoryStore, Opened, StoreError};
