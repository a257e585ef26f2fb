//! The stores that keep cases outside memory, behind
//! [`crate::case::CaseStore`]: SQLite on one computer (this module's
//! [`sqlite::SqliteStore`]) and PostgreSQL for a support centre. Front ends
//! call [`open`] with where the user asked cases to be kept and get a
//! `Box<dyn CaseStore>`; they never learn which one they have.

mod pgpass;
pub mod postgres;
pub mod sqlite;

use crate::case::{CaseStore, MemoryStore, StoreError};
use std::path::PathBuf;

pub use sqlite::SqliteStore;

/// The schema migrations, `migrations/V*.sql`, shared by SQLite and
/// PostgreSQL: refinery applies them and records each in
/// `refinery_schema_history`.
// The generated module trips pedantic lints that are not ours to fix.
#[allow(clippy::all, clippy::pedantic)]
mod embedded {
    refinery::embed_migrations!("migrations");
}

/// The newest schema version this posdoc knows: a database recording a
/// higher one was made by a newer posdoc and is left alone.
pub fn supported_schema() -> i64 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0)
}

/// The migrations runner, for the stores of this module.
pub(crate) fn migrations() -> refinery::Runner {
    embedded::migrations::runner()
}

/// Where cases are kept, as the command line, the environment and the
/// config file decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// Nothing kept (`--no-save`).
    Memory,
    /// An SQLite database file (`<data dir>/cases.db`).
    Sqlite(PathBuf),
    /// A PostgreSQL server, by its `postgres://` URL.
    Postgres(String),
}

/// The name of the SQLite database in the data directory.
pub const SQLITE_FILE: &str = "cases.db";

/// Opens the store at `location`; the flag says whether what is written
/// is kept (false for memory only, so screens can say nothing is kept).
pub fn open(location: &StoreLocation) -> Result<(Box<dyn CaseStore>, bool), StoreError> {
    match location {
        StoreLocation::Memory => Ok((Box::new(MemoryStore::new()), false)),
        StoreLocation::Sqlite(path) => Ok((Box::new(SqliteStore::open(path)?), true)),
        StoreLocation::Postgres(url) => Ok((Box::new(postgres::connect(url)?), true)),
    }
}

/// The time now, for the events front ends write (the case model itself
/// never reads the clock).
pub fn now() -> crate::case::Timestamp {
    crate::case::Timestamp(jiff::Timestamp::now().as_millisecond())
}
