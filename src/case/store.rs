//! Where cases are kept. One trait, several stores: SQLite on one computer,
//! PostgreSQL for a support centre, memory for `--no-save`. The TUI, `walk`
//! and the commands hold a `Box<dyn CaseStore>` and never know which.

use super::code::CaseCode;
use super::event::{Event, Timestamp};
use super::record::{Case, CaseHeader, NewCase};
use std::collections::BTreeMap;
use std::fmt;

/// Which cases a list asks for. Empty filter: all, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    /// Only cases still in progress.
    pub open_only: bool,
    /// Only cases started at or after this time.
    pub since: Option<Timestamp>,
    /// Only cases whose operator or holder is this name.
    pub operator: Option<String>,
    /// Text to find in the code, the caller's details or the notes (any
    /// case, already masked like everything stored).
    pub text: Option<String>,
    /// At most this many (newest first); None for all.
    pub limit: Option<usize>,
}

impl CaseFilter {
    /// Whether `case` passes the filter: the one definition every store's
    /// query must agree with (their tests compare against it).
    pub fn admits(&self, case: &Case) -> bool {
        if self.open_only && !case.is_open() {
            return false;
        }
        if self.since.is_some_and(|since| case.started_at < since) {
            return false;
        }
        if let Some(op) = &self.operator {
            if &case.operator != op && case.holder.as_ref() != Some(op) {
                return false;
            }
        }
        if let Some(text) = &self.text {
            let needle = text.to_lowercase();
            let c = &case.caller;
            let hay = [
                case.code.as_str(),
                &c.merchant_id,
                &c.terminal_id,
                &c.amount,
                &c.sale_time,
                &c.last_four,
            ];
            let in_fields = hay.iter().any(|h| h.to_lowercase().contains(&needle));
            let in_notes = case
                .notes()
                .any(|(_, n)| n.to_lowercase().contains(&needle));
            if !in_fields && !in_notes {
                return false;
            }
        }
        true
    }
}

/// What opening a case for work found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// Nobody else holds it (or it has ended): it is yours to work on.
    Yours(Case),
    /// `holder` is working on it: read it, or take it over with
    /// [`CaseStore::take_over`].
    HeldBy { holder: String, case: Case },
}

/// Why a store could not do what was asked.
#[derive(Debug)]
pub enum StoreError {
    /// No case has this code.
    NotFound { code: CaseCode },
    /// Someone else wrote to the case since it was read (another agent took
    /// it over): nothing was written.
    Conflict {
        code: CaseCode,
        holder: Option<String>,
    },
    /// The store cannot be reached now (server down, network gone): worth
    /// trying again; nothing is lost if the events are kept to retry.
    Unavailable { reason: String },
    /// The database was made by a newer posdoc.
    SchemaTooNew { found: i64, supported: i64 },
    /// The store refused access (wrong password, no permission, read-only).
    Refused { reason: String },
    /// Anything else, with its cause.
    Other(anyhow::Error),
}

impl StoreError {
    /// Whether trying the same write later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, StoreError::Unavailable { .. })
    }

    /// The UI text (`assets/i18n/`) that says what went wrong and what to do.
    pub fn key(&self) -> &'static str {
        match self {
            StoreError::NotFound { .. } => "store.not_found",
            StoreError::Conflict { .. } => "store.conflict",
            StoreError::Unavailable { .. } => "store.unavailable",
            StoreError::SchemaTooNew { .. } => "store.schema_too_new",
            StoreError::Refused { .. } => "store.refused",
            StoreError::Other(_) => "store.other",
        }
    }

    /// The values for the placeholders of [`StoreError::key`]'s text.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            StoreError::NotFound { code } => vec![("code", code.to_string())],
            StoreError::Conflict { code, holder } => vec![
                ("code", code.to_string()),
                ("holder", holder.clone().unwrap_or_default()),
            ],
            StoreError::Unavailable { reason } | StoreError::Refused { reason } => {
                vec![("reason", crate::terminal_text::excerpt(reason, 600))]
            }
            StoreError::SchemaTooNew { found, supported } => vec![
                ("found", found.to_string()),
                ("supported", supported.to_string()),
            ],
            StoreError::Other(e) => vec![(
                "reason",
                crate::terminal_text::excerpt(&format!("{e:#}"), 300),
            )],
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotFound { code } => write!(f, "no case has the code {code}"),
            StoreError::Conflict { code, holder } => match holder {
                Some(h) => write!(f, "case {code} was changed by {h} since it was opened"),
                None => write!(f, "case {code} was changed since it was opened"),
            },
            StoreError::Unavailable { reason } => {
                write!(f, "the case store cannot be reached: {reason}")
            }
            StoreError::SchemaTooNew { found, supported } => write!(
                f,
                "the case database has schema version {found}, newer than this posdoc knows ({supported}); update posdoc"
            ),
            StoreError::Refused { reason } => write!(f, "the case store refused access: {reason}"),
            StoreError::Other(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<anyhow::Error> for StoreError {
    fn from(e: anyhow::Error) -> Self {
        StoreError::Other(e)
    }
}

/// A place that keeps cases.
///
/// Every write names the version of the case it was based on and gets the
/// new version back; a write based on an older version is refused with
/// [`StoreError::Conflict`], so two agents never overwrite each other.
/// Events are written as they happen: once `append` returns, they survive a
/// crash.
pub trait CaseStore: Send {
    /// Opens a new case under a fresh, unused code, held by its operator.
    fn create(&mut self, new: &NewCase) -> Result<Case, StoreError>;

    /// Adds events to case `code`, whose version the writer last saw was
    /// `version`; returns the new version.
    fn append(
        &mut self,
        code: &CaseCode,
        version: i64,
        events: &[Event],
    ) -> Result<i64, StoreError>;

    /// The case with its events, or None.
    fn get(&mut self, code: &CaseCode) -> Result<Option<Case>, StoreError>;

    /// Cases passing `filter`, newest first, without their events.
    fn list(&mut self, filter: &CaseFilter) -> Result<Vec<CaseHeader>, StoreError>;

    /// Opens case `code` for `operator` to work on: theirs if nobody else
    /// holds it (it becomes held by them), else who holds it.
    fn open(
        &mut self,
        code: &CaseCode,
        operator: &str,
        at: Timestamp,
    ) -> Result<Opened, StoreError>;

    /// Takes case `code` over from whoever holds it; returns the case as
    /// now held by `operator` (a `TakenOver` event records it).
    fn take_over(
        &mut self,
        code: &CaseCode,
        operator: &str,
        at: Timestamp,
    ) -> Result<Case, StoreError>;

    /// Lets go of a case still in progress (the operator quit), so the next
    /// agent who opens it gets it without taking it over. Only its holder
    /// can release it; anyone else's release does nothing.
    fn release(&mut self, code: &CaseCode, operator: &str) -> Result<(), StoreError>;

    /// Where the cases are, for messages ("cases are kept in …"); never
    /// contains a password.
    fn describe(&self) -> String;
}

/// Draws a fresh code until one is free: what every store does in
/// `create`. `taken` says whether a code is in use.
pub fn fresh_code(
    mut taken: impl FnMut(&CaseCode) -> Result<bool, StoreError>,
) -> Result<CaseCode, StoreError> {
    // 31^6 ≈ 887 million codes: a clash is rare, a run of them means the
    // random source is broken.
    for _ in 0..32 {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Other(anyhow::anyhow!("no random numbers: {e}")))?;
        let code = CaseCode::from_random(u64::from_le_bytes(bytes));
        if !taken(&code)? {
            return Ok(code);
        }
    }
    Err(StoreError::Other(anyhow::anyhow!(
        "could not find a free case code in 32 tries"
    )))
}

/// Keeps cases in memory only: `--no-save`, demos, kiosks and tests. Same
/// rules as the real stores (versions, holders), so a front end behaves
/// the same whichever it has.
#[derive(Debug, Default)]
pub struct MemoryStore {
    cases: BTreeMap<CaseCode, Case>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// Keeps `case` as it is, under its own code (replacing any case with
    /// that code): for tests that need codes in a known order.
    pub fn insert(&mut self, case: Case) {
        self.cases.insert(case.code.clone(), case);
    }

    fn case_mut(&mut self, code: &CaseCode) -> Result<&mut Case, StoreError> {
        self.cases
            .get_mut(code)
            .ok_or_else(|| StoreError::NotFound { code: code.clone() })
    }
}

impl CaseStore for MemoryStore {
    fn create(&mut self, new: &NewCase) -> Result<Case, StoreError> {
        let code = fresh_code(|c| Ok(self.cases.contains_key(c)))?;
        let case = Case::new(code.clone(), new.clone());
        self.cases.insert(code, case.clone());
        Ok(case)
    }

    fn append(
        &mut self,
        code: &CaseCode,
        version: i64,
        events: &[Event],
    ) -> Result<i64, StoreError> {
        let case = self.case_mut(code)?;
        if case.version != version {
            return Err(StoreError::Conflict {
                code: code.clone(),
                holder: case.holder.clone(),
            });
        }
        case.apply(events);
        case.version += 1;
        Ok(case.version)
    }

    fn get(&mut self, code: &CaseCode) -> Result<Option<Case>, StoreError> {
        Ok(self.cases.get(code).cloned())
    }

    fn list(&mut self, filter: &CaseFilter) -> Result<Vec<CaseHeader>, StoreError> {
        let mut found: Vec<&Case> = self.cases.values().filter(|c| filter.admits(c)).collect();
        found.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(a.code.cmp(&b.code)));
        Ok(found
            .into_iter()
            .take(filter.limit.unwrap_or(usize::MAX))
            .map(Case::header)
            .collect())
    }

    fn open(
        &mut self,
        code: &CaseCode,
        operator: &str,
        _at: Timestamp,
    ) -> Result<Opened, StoreError> {
        let case = self.case_mut(code)?;
        match &case.holder {
            Some(h) if h != operator => Ok(Opened::HeldBy {
                holder: h.clone(),
                case: case.clone(),
            }),
            _ => {
                if case.is_open() && case.holder.is_none() {
                    case.holder = Some(operator.to_string());
                    case.version += 1;
                }
                Ok(Opened::Yours(case.clone()))
            }
        }
    }

    fn take_over(
        &mut self,
        code: &CaseCode,
        operator: &str,
        at: Timestamp,
    ) -> Result<Case, StoreError> {
        let case = self.case_mut(code)?;
        let from = case.holder.clone();
        case.apply(&[Event {
            at,
            operator: operator.to_string(),
            kind: super::event::EventKind::TakenOver { from },
        }]);
        case.version += 1;
        Ok(case.clone())
    }

    fn release(&mut self, code: &CaseCode, operator: &str) -> Result<(), StoreError> {
        let case = self.case_mut(code)?;
        if case.holder.as_deref() == Some(operator) {
            case.holder = None;
            case.version += 1;
        }
        Ok(())
    }

    fn describe(&self) -> String {
        "memory only (--no-save): nothing is kept".to_string()
    }
}
