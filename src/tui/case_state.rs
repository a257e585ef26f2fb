//! The case being worked on, as the interface holds it: the store, the
//! journal of the case on screen, the operator's open cases, and the state
//! of the boxes that edit a case (caller details, a note) and of the
//! summary screen. Data only; it changes in `update` (`case_update`).

use crate::case::{
    Case, CaseCode, CaseFilter, CaseHeader, CaseJournal, CaseStore, Event, JumpCause, NewCase,
    Opened, Refusal, Role, StoreError, Timestamp,
};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

/// How many of the operator's open cases the start screen lists.
pub const OPEN_CASES_SHOWN: usize = 5;

/// What `tui::run` (or a test) gives the interface to keep cases with.
pub struct CaseSetup {
    pub store: Box<dyn CaseStore>,
    /// False for a store that keeps nothing (`--no-save`).
    pub kept: bool,
    pub operator: String,
    /// Agent mode: read-aloud lines always shown, the case code and a call
    /// timer in the status bar, cases recorded with the agent role.
    pub agent: bool,
    /// Where `c` on the summary writes the summary as a file.
    pub summary_dir: PathBuf,
}

/// One store for the whole interface: the journal of the case on screen
/// writes through it, and the start screen lists and opens cases with it.
/// (The database is opened once per process.)
#[derive(Clone)]
pub struct SharedStore(Arc<Mutex<Box<dyn CaseStore>>>);

impl SharedStore {
    pub fn new(store: Box<dyn CaseStore>) -> SharedStore {
        SharedStore(Arc::new(Mutex::new(store)))
    }

    fn with<T>(&self, f: impl FnOnce(&mut dyn CaseStore) -> T) -> T {
        // A panic while holding the lock left the store as it was; go on.
        let mut store = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        f(store.as_mut())
    }
}

impl std::fmt::Debug for SharedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SharedStore")
            .field(&self.with(|s| s.describe()))
            .finish()
    }
}

impl CaseStore for SharedStore {
    fn create(&mut self, new: &NewCase) -> Result<Case, StoreError> {
        self.with(|s| s.create(new))
    }

    fn append(
        &mut self,
        code: &CaseCode,
        version: i64,
        events: &[Event],
    ) -> Result<i64, StoreError> {
        self.with(|s| s.append(code, version, events))
    }

    fn get(&mut self, code: &CaseCode) -> Result<Option<Case>, StoreError> {
        self.with(|s| s.get(code))
    }

    fn list(&mut self, filter: &CaseFilter) -> Result<Vec<CaseHeader>, StoreError> {
        self.with(|s| s.list(filter))
    }

    fn open(
        &mut self,
        code: &CaseCode,
        operator: &str,
        at: Timestamp,
    ) -> Result<Opened, StoreError> {
        self.with(|s| s.open(code, operator, at))
    }

    fn take_over(
        &mut self,
        code: &CaseCode,
        operator: &str,
        at: Timestamp,
    ) -> Result<Case, StoreError> {
        self.with(|s| s.take_over(code, operator, at))
    }

    fn release(&mut self, code: &CaseCode, operator: &str) -> Result<(), StoreError> {
        self.with(|s| s.release(code, operator))
    }

    fn describe(&self) -> String {
        self.with(|s| s.describe())
    }
}

/// Everything about cases the interface holds.
#[derive(Debug)]
pub struct CaseDesk {
    pub store: SharedStore,
    pub kept: bool,
    pub operator: String,
    pub agent: bool,
    /// The case on screen; none until the walk begins (or, in agent mode,
    /// the call does).
    pub journal: Option<CaseJournal>,
    /// The operator's open cases, newest first (the case on screen left out).
    pub open: Vec<CaseHeader>,
    /// How the next jump of the walk was asked for (a search, a code).
    pub pending_cause: Option<JumpCause>,
    pub summary_dir: PathBuf,
    /// A summary waiting for the event loop to copy and save it.
    pub copy_job: Option<CopyJob>,
}

impl CaseDesk {
    pub fn new(setup: CaseSetup) -> CaseDesk {
        CaseDesk {
            store: SharedStore::new(setup.store),
            kept: setup.kept,
            operator: setup.operator,
            agent: setup.agent,
            journal: None,
            open: Vec::new(),
            pending_cause: None,
            summary_dir: setup.summary_dir,
            copy_job: None,
        }
    }

    pub fn role(&self) -> Role {
        if self.agent {
            Role::Agent
        } else {
            Role::Counter
        }
    }

    /// The case on screen.
    pub fn case(&self) -> Option<&Case> {
        self.journal.as_ref().map(CaseJournal::case)
    }

    /// Where the summary of case `code` is saved.
    pub fn summary_path(&self, code: &CaseCode) -> PathBuf {
        self.summary_dir
            .join(format!("posdoc-case-{}.txt", code.as_str()))
    }

    /// The open cases to list: the case on screen is not one to resume.
    pub fn others_open(&self) -> impl Iterator<Item = &CaseHeader> {
        let current = self.case().map(|c| c.code.clone());
        self.open
            .iter()
            .filter(move |h| Some(&h.code) != current.as_ref())
    }
}

/// The summary text and the file it goes to, for the event loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyJob {
    pub text: String,
    pub path: PathBuf,
}

/// How the clipboard could be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClipboardWay {
    /// OSC 52 sent straight to the terminal.
    Osc52,
    /// OSC 52 sent inside tmux (plain, and wrapped for passthrough).
    Osc52Tmux,
    /// No terminal that can take OSC 52 (the Linux console, a dumb
    /// terminal, output not a terminal).
    Unavailable,
}

/// What `c` on the summary did, shown under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyOutcome {
    pub clipboard: ClipboardWay,
    /// The file was written.
    pub saved: bool,
}

/// The caller's details box (`i`): one line per field, the text as typed,
/// card numbers masked at each key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerForm {
    pub field: usize,
    pub values: [String; 5],
    /// What masking remembers of the number being typed in each field.
    pub typing: [crate::privacy::TypedRun; 5],
    /// A field that was refused on saving, and why.
    pub refusal: Option<(usize, Refusal)>,
}

/// The note box (`m`): one line, masked as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteEditor {
    pub text: String,
    /// What masking remembers of the number being typed.
    pub typing: crate::privacy::TypedRun,
    pub refusal: Option<Refusal>,
}

/// Someone else is working on the case asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldBy {
    pub code: CaseCode,
    pub holder: String,
}

/// The summary screen's own state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub scroll: usize,
    /// The case on screen, or one opened to read only.
    pub read_only: Option<Box<Case>>,
    pub copied: Option<CopyOutcome>,
}

/// Typed text as a case box keeps it: card numbers masked at each key, so
/// the whole number is never held or drawn, and shown as masking it whole
/// shows it (see [`crate::privacy::TypedRun`]).
pub fn masked_append(
    text: &mut String,
    typing: &mut crate::privacy::TypedRun,
    typed: &str,
    max_chars: usize,
) {
    let room = max_chars.saturating_sub(text.chars().count());
    for c in typed.chars().filter(|c| !c.is_control()).take(room) {
        typing.push(text, c);
    }
}
