//! Cases in an SQLite database on this computer (rusqlite with SQLite built
//! in, so nothing has to be installed). WAL mode, so readers (`posdoc
//! cases` in another terminal) never block the writer, and a busy timeout,
//! so several posdoc processes on one computer take turns instead of
//! failing. Every write is one `BEGIN IMMEDIATE` transaction that checks the
//! case's version, adds the events, rewrites the summary columns from
//! [`Case::apply`] and bumps the version: once it returns, a `kill -9`
//! loses nothing.

use super::{migrations, supported_schema};
use crate::case::{
    fresh_code, CallerDetails, Case, CaseCode, CaseFilter, CaseHeader, CaseStatus, CaseStore,
    Event, EventKind, NewCase, Opened, Role, StoreError, Timestamp,
};
use crate::rules::Lang;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another posdoc process to finish its own
/// before giving up with "locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The case store in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// The columns a list reads, in this order (see [`header_from_row`]).
const HEADER_COLUMNS: &str = "code, started_at, ended_at, operator, holder, role, lang, \
     status_json, caller_json, last_node, event_count, version";

impl SqliteStore {
    /// Opens (or creates, with its folders) the database at `path`, brings
    /// its schema up to date and refuses one made by a newer posdoc.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| folder_error(dir, &e))?;
        }
        let mut conn = Connection::open(path).map_err(|e| sql_error(path, &e))?;
        configure(&conn).map_err(|e| sql_error(path, &e))?;
        let found = schema_version(&conn).map_err(|e| sql_error(path, &e))?;
        let supported = supported_schema();
        if found > supported {
            return Err(StoreError::SchemaTooNew { found, supported });
        }
        if found < supported {
            let ran = migrations().set_grouped(true).run(&mut conn);
            if let Err(e) = ran {
                // Two posdoc processes may create the database at once: the
                // one that lost the race finds the schema already there.
                let now = schema_version(&conn).map_err(|e| sql_error(path, &e))?;
                if now != supported {
                    return Err(migration_error(path, &e));
                }
            }
        }
        Ok(SqliteStore {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` transaction (the write lock is
    /// taken first, so two writers never both read a version and both
    /// write), committed only if it succeeds.
    fn write<T>(
        &mut self,
        work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sql_error(&path, &e))?;
        let value = work(&tx)?;
        tx.commit().map_err(|e| sql_error(&path, &e))?;
        Ok(value)
    }
}

/// WAL, a busy timeout and checked foreign keys, for every connection.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // journal_mode answers with the mode it set; WAL is kept in the file.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    // In WAL mode NORMAL survives any crash of posdoc itself (kill -9);
    // only a power cut may lose the last commits, which FULL would keep at
    // the price of a disk flush on every answer.
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
}

/// The highest migration applied to the database, 0 for a new one.
fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    let has_history: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'refinery_schema_history')",
        [],
        |r| r.get(0),
    )?;
    if !has_history {
        return Ok(0);
    }
    conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM refinery_schema_history",
        [],
        |r| r.get(0),
    )
}

fn folder_error(dir: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Refused {
        reason: format!(
            "cannot create the folder {} for the case database: {e}; choose another with --data-dir or POSDOC_DATA_DIR",
            dir.display()
        ),
    }
}

fn migration_error(path: &Path, e: &refinery::Error) -> StoreError {
    StoreError::Other(anyhow::anyhow!(
        "cannot set up the case database {}: {e}",
        path.display()
    ))
}

/// A rusqlite error as the store's error, with what it means for the user.
fn sql_error(path: &Path, e: &rusqlite::Error) -> StoreError {
    let file = path.display();
    let Some(code) = e.sqlite_error_code() else {
        return StoreError::Other(anyhow::anyhow!("case database {file}: {e}"));
    };
    match code {
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Unavailable {
            reason: format!(
                "the case database {file} is locked by another program (waited {} s)",
                BUSY_TIMEOUT.as_secs()
            ),
        },
        ErrorCode::DiskFull => StoreError::Unavailable {
            reason: format!("the disk holding {file} is full; free some space"),
        },
        ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen => {
            StoreError::Refused {
                reason: format!(
                    "cannot write the case database {file} ({e}); check that the folder is writable, or choose another with --data-dir or POSDOC_DATA_DIR"
                ),
            }
        }
        ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => StoreError::Other(anyhow::anyhow!(
            "{file} is not a posdoc case database or is damaged ({e}); move it away and posdoc starts a new one"
        )),
        ErrorCode::SystemIoFailure => StoreError::Unavailable {
            reason: format!("reading or writing {file} failed ({e})"),
        },
        _ => StoreError::Other(anyhow::anyhow!("case database {file}: {e}")),
    }
}

fn json_error(what: &str, e: &serde_json::Error) -> StoreError {
    StoreError::Other(anyhow::anyhow!("a stored {what} cannot be read: {e}"))
}

/// A column whose text is not what posdoc wrote (edited by hand, or a
/// newer posdoc): said, not panicked on.
fn bad_column(column: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unexpected {column} {value:?}").into(),
    )
}

/// A case as its list line, from the columns of [`HEADER_COLUMNS`], plus
/// its language and version (which [`CaseHeader`] does not carry).
struct Row {
    header: CaseHeader,
    lang: Lang,
    version: i64,
}

fn header_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let code: String = r.get(0)?;
    let code = CaseCode::from_stored(&code).map_err(|_| bad_column("code", &code))?;
    let role: String = r.get(5)?;
    let role = Role::from_key(&role).ok_or_else(|| bad_column("role", &role))?;
    let lang: String = r.get(6)?;
    let lang = Lang::parse(&lang).ok_or_else(|| bad_column("lang", &lang))?;
    let status: String = r.get(7)?;
    let status: CaseStatus =
        serde_json::from_str(&status).map_err(|_| bad_column("status_json", &status))?;
    let caller: String = r.get(8)?;
    let caller: CallerDetails =
        serde_json::from_str(&caller).map_err(|_| bad_column("caller_json", &caller))?;
    let events: i64 = r.get(10)?;
    Ok(Row {
        header: CaseHeader {
            code,
            started_at: Timestamp(r.get(1)?),
            ended_at: r.get::<_, Option<i64>>(2)?.map(Timestamp),
            operator: r.get(3)?,
            holder: r.get(4)?,
            role,
            caller,
            status,
            last_node: r.get(9)?,
            events: usize::try_from(events).unwrap_or(0),
        },
        lang,
        version: r.get(11)?,
    })
}

/// The case `code` with all its events, read inside `conn`'s transaction.
fn load(conn: &Connection, path: &Path, code: &CaseCode) -> Result<Option<Case>, StoreError> {
    let sql = format!("SELECT {HEADER_COLUMNS} FROM cases WHERE code = ?1");
    let row = conn
        .query_row(&sql, [code.as_str()], header_from_row)
        .optional()
        .map_err(|e| sql_error(path, &e))?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut stmt = conn
        .prepare_cached("SELECT body FROM case_events WHERE code = ?1 ORDER BY seq")
        .map_err(|e| sql_error(path, &e))?;
    let bodies = stmt
        .query_map([code.as_str()], |r| r.get::<_, String>(0))
        .map_err(|e| sql_error(path, &e))?;
    let mut events = Vec::new();
    for body in bodies {
        let body = body.map_err(|e| sql_error(path, &e))?;
        events.push(serde_json::from_str::<Event>(&body).map_err(|e| json_error("event", &e))?);
    }
    let h = row.header;
    Ok(Some(Case {
        code: h.code,
        started_at: h.started_at,
        ended_at: h.ended_at,
        operator: h.operator,
        holder: h.holder,
        role: h.role,
        lang: row.lang,
        caller: h.caller,
        status: h.status,
        events,
        version: row.version,
    }))
}

/// What `--search` looks in: the code, the caller's details and the notes,
/// lower-cased, one per line (none of them holds a line break, so a search
/// never matches across two).
fn search_text(case: &Case) -> String {
    let c = &case.caller;
    let mut parts = vec![
        case.code.as_str(),
        &c.merchant_id,
        &c.terminal_id,
        &c.amount,
        &c.sale_time,
        &c.last_four,
    ];
    parts.extend(case.notes().map(|(_, text)| text));
    parts.join("\n").to_lowercase()
}

/// Writes `events` (already applied to `case`, which holds them at its
/// end) and the columns `case` now has; the version goes one up.
fn store_events(
    tx: &Connection,
    path: &Path,
    case: &Case,
    events: &[Event],
) -> Result<i64, StoreError> {
    let err = |e: rusqlite::Error| sql_error(path, &e);
    let first_seq = case.events.len() - events.len();
    {
        let mut insert = tx
            .prepare_cached(
                "INSERT INTO case_events (code, seq, at, operator, kind, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(err)?;
        for (i, e) in events.iter().enumerate() {
            let body = serde_json::to_string(e).map_err(|e| json_error("event", &e))?;
            insert
                .execute(params![
                    case.code.as_str(),
                    (first_seq + i) as i64,
                    e.at.0,
                    e.operator,
                    event_tag(&e.kind),
                    body
                ])
                .map_err(err)?;
        }
    }
    write_columns(tx, path, case)
}

/// Rewrites the summary columns of `case` and bumps its version.
fn write_columns(tx: &Connection, path: &Path, case: &Case) -> Result<i64, StoreError> {
    let status = serde_json::to_string(&case.status).map_err(|e| json_error("status", &e))?;
    let caller = serde_json::to_string(&case.caller).map_err(|e| json_error("caller", &e))?;
    let last_node = case.trail().last().map(|p| p.node.clone());
    let version = case.version + 1;
    tx.prepare_cached(
        "UPDATE cases SET ended_at = ?2, holder = ?3, lang = ?4, status = ?5, status_json = ?6, \
         caller_json = ?7, search_text = ?8, last_node = ?9, event_count = ?10, version = ?11 \
         WHERE code = ?1",
    )
    .and_then(|mut stmt| {
        stmt.execute(params![
            case.code.as_str(),
            case.ended_at.map(|t| t.0),
            case.holder,
            case.lang.code(),
            case.status.key(),
            status,
            caller,
            search_text(case),
            last_node,
            case.events.len() as i64,
            version
        ])
    })
    .map_err(|e| sql_error(path, &e))?;
    Ok(version)
}

/// The tag of an event kind, as serde writes it in `body` (`kind` column).
fn event_tag(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Started { .. } => "started",
        EventKind::Moved { .. } => "moved",
        EventKind::Back { .. } => "back",
        EventKind::Language { .. } => "language",
        EventKind::Note { .. } => "note",
        EventKind::Caller { .. } => "caller",
        EventKind::TakenOver { .. } => "taken_over",
        EventKind::Ended { .. } => "ended",
    }
}

impl CaseStore for SqliteStore {
    fn create(&mut self, new: &NewCase) -> Result<Case, StoreError> {
        let path = self.path.clone();
        self.write(|tx| {
            let code = fresh_code(|c| {
                tx.query_row("SELECT 1 FROM cases WHERE code = ?1", [c.as_str()], |_| {
                    Ok(())
                })
                .optional()
                .map(|found| found.is_some())
                .map_err(|e| sql_error(&path, &e))
            })?;
            let case = Case::new(code, new.clone());
            let status =
                serde_json::to_string(&case.status).map_err(|e| json_error("status", &e))?;
            let caller =
                serde_json::to_string(&case.caller).map_err(|e| json_error("caller", &e))?;
            tx.execute(
                "INSERT INTO cases (code, started_at, ended_at, operator, holder, role, lang, status, \
                 status_json, caller_json, search_text, last_node, event_count, version) \
                 VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL, 0, ?11)",
                params![
                    case.code.as_str(),
                    case.started_at.0,
                    case.operator,
                    case.holder,
                    case.role.key(),
                    case.lang.code(),
                    case.status.key(),
                    status,
                    caller,
                    search_text(&case),
                    case.version
                ],
            )
            .map_err(|e| sql_error(&path, &e))?;
            Ok(case)
        })
    }

    fn append(
        &mut self,
        code: &CaseCode,
        version: i64,
        events: &[Event],
    ) -> Result<i64, StoreError> {
        let path = self.path.clone();
        self.write(|tx| {
            let mut case = load(tx, &path, code)?
                .ok_or_else(|| StoreError::NotFound { code: code.clone() })?;
            if case.version != version {
                return Err(StoreError::Conflict {
                    code: code.clone(),
                    holder: case.holder,
                });
            }
            if events.is_empty() {
                return Ok(case.version);
            }
            case.apply(events);
            store_events(tx, &path, &case, events)
        })
    }

    fn get(&mut self, code: &CaseCode) -> Result<Option<Case>, StoreError> {
        // One read transaction, so the columns and the events agree even
        // while another process appends.
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| sql_error(&path, &e))?;
        let case = load(&tx, &path, code)?;
        tx.commit().map_err(|e| sql_error(&path, &e))?;
        Ok(case)
    }

    fn list(&mut self, filter: &CaseFilter) -> Result<Vec<CaseHeader>, StoreError> {
        let mut sql = format!("SELECT {HEADER_COLUMNS} FROM cases WHERE 1 = 1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if filter.open_only {
            sql.push_str(" AND status = 'in_progress'");
        }
        if let Some(since) = filter.since {
            args.push(since.0.into());
            sql.push_str(&format!(" AND started_at >= ?{}", args.len()));
        }
        if let Some(op) = &filter.operator {
            args.push(op.clone().into());
            let n = args.len();
            sql.push_str(&format!(" AND (operator = ?{n} OR holder = ?{n})"));
        }
        if let Some(text) = &filter.text {
            let needle = text.to_lowercase();
            if needle.contains('\n') {
                // No field holds a line break: nothing can match.
                return Ok(Vec::new());
            }
            args.push(needle.into());
            sql.push_str(&format!(" AND instr(search_text, ?{}) > 0", args.len()));
        }
        sql.push_str(" ORDER BY started_at DESC, code ASC");
        if let Some(limit) = filter.limit {
            args.push(i64::try_from(limit).unwrap_or(i64::MAX).into());
            sql.push_str(&format!(" LIMIT ?{}", args.len()));
        }
        let path = self.path.clone();
        let err = |e: rusqlite::Error| sql_error(&path, &e);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(err)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), header_from_row)
            .map_err(err)?;
        rows.map(|r| r.map(|row| row.header).map_err(err)).collect()
    }

    fn open(
        &mut self,
        code: &CaseCode,
        operator: &str,
        _at: Timestamp,
    ) -> Result<Opened, StoreError> {
        let path = self.path.clone();
        self.write(|tx| {
            let mut case = load(tx, &path, code)?
                .ok_or_else(|| StoreError::NotFound { code: code.clone() })?;
            match &case.holder {
                Some(h) if h != operator => Ok(Opened::HeldBy {
                    holder: h.clone(),
                    case,
                }),
                _ => {
                    if case.is_open() && case.holder.is_none() {
                        case.holder = Some(operator.to_string());
                        case.version = write_columns(tx, &path, &case)?;
                    }
                    Ok(Opened::Yours(case))
                }
            }
        })
    }

    fn take_over(
        &mut self,
        code: &CaseCode,
        operator: &str,
        at: Timestamp,
    ) -> Result<Case, StoreError> {
        let path = self.path.clone();
        self.write(|tx| {
            let mut case = load(tx, &path, code)?
                .ok_or_else(|| StoreError::NotFound { code: code.clone() })?;
            let from = case.holder.clone();
            let taken = [Event {
                at,
                operator: operator.to_string(),
                kind: EventKind::TakenOver { from },
            }];
            case.apply(&taken);
            case.version = store_events(tx, &path, &case, &taken)?;
            Ok(case)
        })
    }

    fn release(&mut self, code: &CaseCode, operator: &str) -> Result<(), StoreError> {
        let path = self.path.clone();
        self.write(|tx| {
            let mut case = load(tx, &path, code)?
                .ok_or_else(|| StoreError::NotFound { code: code.clone() })?;
            if case.holder.as_deref() == Some(operator) {
                case.holder = None;
                write_columns(tx, &path, &case)?;
            }
            Ok(())
        })
    }

    fn describe(&self) -> String {
        format!("SQLite database {}", self.path.display())
    }
}
