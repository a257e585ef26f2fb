//! Cases in PostgreSQL, for a support centre: every agent's posdoc talks to
//! one server, so a caller who rings back can read the case code to any
//! agent. Same schema as the SQLite store (`migrations/`, run by refinery),
//! same contract (`case::conformance`, which its tests run).
//!
//! Concurrency: every write locks the case's row (`SELECT … FOR UPDATE`),
//! compares the version the writer last saw, and writes the events, the
//! summary columns and the new version in one transaction. Two agents never
//! overwrite each other; the second is told who holds the case.
//!
//! Failures: a server that is down, restarting or unreachable is
//! [`StoreError::Unavailable`] (the journal keeps the events and retries;
//! the next call reconnects); a refused login is [`StoreError::Refused`]
//! with what to do; a schema from a newer posdoc is
//! [`StoreError::SchemaTooNew`]. No message ever holds the password.
//!
//! Encryption: `sslmode=require` in the URL speaks TLS (rustls) and
//! verifies the server's certificate and name against the computer's trusted
//! authorities plus, for a centre's own authority, the PEM file named by
//! `sslrootcert=`. Unlike libpq's `require`, an untrusted certificate is
//! refused: a case record holds merchants' details. `prefer` and `disable`
//! connect without TLS, as before.

use crate::case::{
    fresh_code, replay, CallerDetails, Case, CaseCode, CaseFilter, CaseHeader, CaseStatus,
    CaseStore, Event, EventKind, NewCase, Opened, Role, StoreError, Timestamp,
};
use crate::rules::Lang;
use anyhow::anyhow;
use postgres::config::{Host, SslMode};
use postgres::error::SqlState;
use postgres::{Client, Config, NoTls, Row, Statement};
use serde::de::DeserializeOwned;
use std::time::{Duration, Instant};

/// Key of the advisory lock that lets one posdoc at a time migrate the
/// schema, so twenty agents starting at once on a new database don't race.
const MIGRATION_LOCK: i64 = 0x706f_7364_6f63; // "posdoc"

/// Refinery's history table (its default name).
const HISTORY_TABLE: &str = "refinery_schema_history";

/// How long connecting may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// After a connection attempt timed out, how long calls answer "unavailable"
/// at once instead of each waiting for the timeout again (the screen stays
/// responsive while the network is away; events wait in the journal).
const RETRY_AFTER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the whole opening of a connection (TCP, start-up, login) may
/// take, in units of the TCP connect timeout (the URL's `connect_timeout`,
/// 5 s by default). The driver bounds only the TCP connect: something that
/// accepts the connection and then says nothing (a hung server, a proxy,
/// the wrong port) would otherwise keep posdoc waiting before its screen
/// opens.
const OPEN_TIMEOUT_FACTOR: u32 = 2;

/// Separates the parts of `cases.search_text`: the lower-cased code, the
/// five caller fields, then each note. A needle never spans two parts, so
/// `strpos` agrees with [`CaseFilter::admits`], which looks in each part on
/// its own.
const SEARCH_SEPARATOR: char = '\u{1f}';
/// Stands in for a separator found inside a part.
const SEARCH_REPLACEMENT: char = '\u{fffd}';
/// Parts of `search_text` before the notes: the code and five caller fields.
const SEARCH_FIXED_PARTS: usize = 6;

const CASE_COLUMNS: &str = "code, started_at, ended_at, operator, holder, role, lang, \
     status_json, caller_json, last_node, event_count, version, search_text";

/// The case store on a PostgreSQL server. Holds one connection, opened
/// again on the next call after it broke.
pub struct PgStore {
    config: Config,
    /// How connections are made: plain, or TLS with verified certificates.
    tls: Tls,
    conn: Option<Conn>,
    place: String,
    /// No new connection is tried before this (after a timeout).
    quiet_until: Option<Instant>,
    /// Why the password file was not used, for the message shown when the
    /// server then asks for a password.
    password_file_note: Option<String>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("place", &self.place)
            .field("connected", &self.conn.is_some())
            .finish_non_exhaustive()
    }
}

/// A live connection with its prepared statements (prepared once per
/// connection: each query then costs one round trip, not two).
struct Conn {
    client: Client,
    sql: Statements,
}

struct Statements {
    exists: Statement,
    insert_case: Statement,
    lock_case: Statement,
    read_case: Statement,
    walk_events: Statement,
    events_from: Statement,
    events_before: Statement,
    insert_events: Statement,
    update_case: Statement,
    set_holder: Statement,
    release: Statement,
    list: Statement,
}

impl Statements {
    fn prepare(client: &mut Client) -> Result<Statements, postgres::Error> {
        Ok(Statements {
            exists: client.prepare("SELECT 1 FROM cases WHERE code = $1")?,
            insert_case: client.prepare(
                "INSERT INTO cases (code, started_at, ended_at, operator, holder, role, lang, \
                 status, status_json, caller_json, search_text, last_node, event_count, version) \
                 VALUES ($1, $2, NULL, $3, $3, $4, $5, $6, $7, $8, $9, NULL, 0, 0) \
                 ON CONFLICT (code) DO NOTHING",
            )?,
            lock_case: client.prepare(&format!(
                "SELECT {CASE_COLUMNS} FROM cases WHERE code = $1 FOR UPDATE"
            ))?,
            read_case: client.prepare(&format!(
                "SELECT {CASE_COLUMNS} FROM cases WHERE code = $1"
            ))?,
            walk_events: client.prepare(
                "SELECT body FROM case_events \
                 WHERE code = $1 AND kind IN ('started', 'moved', 'back') ORDER BY seq",
            )?,
            events_from: client
                .prepare("SELECT body FROM case_events WHERE code = $1 AND seq >= $2 ORDER BY seq")?,
            events_before: client
                .prepare("SELECT body FROM case_events WHERE code = $1 AND seq < $2 ORDER BY seq")?,
            insert_events: client.prepare(
                "INSERT INTO case_events (code, seq, at, operator, kind, body) \
                 SELECT $1, * FROM UNNEST($2::BIGINT[], $3::BIGINT[], $4::TEXT[], $5::TEXT[], $6::TEXT[])",
            )?,
            update_case: client.prepare(
                "UPDATE cases SET ended_at = $2, holder = $3, lang = $4, status = $5, \
                 status_json = $6, caller_json = $7, search_text = $8, last_node = $9, \
                 event_count = $10, version = $11 WHERE code = $1",
            )?,
            set_holder: client
                .prepare("UPDATE cases SET holder = $2, version = version + 1 WHERE code = $1")?,
            release: client.prepare(
                "UPDATE cases SET holder = NULL, version = version + 1 \
                 WHERE code = $1 AND holder = $2",
            )?,
            // NULL parameters switch a condition off; the code breaks ties
            // in byte order, like the memory store.
            list: client.prepare(&format!(
                "SELECT {CASE_COLUMNS} FROM cases \
                 WHERE (NOT $1::BOOLEAN OR status = 'in_progress') \
                   AND ($2::BIGINT IS NULL OR started_at >= $2) \
                   AND ($3::TEXT IS NULL OR operator = $3 OR holder = $3) \
                   AND ($4::TEXT IS NULL OR strpos(search_text, $4) > 0) \
                 ORDER BY started_at DESC, code COLLATE \"C\" \
                 LIMIT $5::BIGINT"
            ))?,
        })
    }
}

/// Why an operation stopped: a database error before anything was
/// committed (safe to run again on a fresh connection), a database error
/// while committing (outcome unknown), or a store answer (not found,
/// conflict, damaged data).
enum Failure {
    Pg(postgres::Error),
    Commit(postgres::Error),
    Store(StoreError),
}

impl From<postgres::Error> for Failure {
    fn from(e: postgres::Error) -> Self {
        Failure::Pg(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

/// Connects to the PostgreSQL server at `url`
/// (`postgres://user:password@host:port/database`, or the key=value form),
/// brings the schema up to date and returns the store. Called once per
/// process.
pub fn connect(url: &str) -> Result<PgStore, StoreError> {
    // The driver knows no `sslrootcert`; it is taken out before parsing.
    let (url, root_file) = take_root_cert_option(url);
    // The parser's messages name the option, never its value.
    let mut config: Config = url.parse().map_err(|e: postgres::Error| {
        StoreError::Other(anyhow!(
            "the database URL is not a PostgreSQL URL ({}); expected postgres://user:password@host:port/database",
            chain(&e)
        ))
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("posdoc");
    }
    // A server that vanishes without closing the connection (a cable
    // pulled, a VM frozen) is noticed within seconds, not at TCP's
    // two-hour default.
    config
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(30))
        .tcp_user_timeout(Duration::from_secs(15));
    let password_file_note = password_from_file(&mut config);
    let place = describe_config(&config);
    let tls = if config.get_ssl_mode() == SslMode::Require {
        Tls::Verified(tls_connector(root_file.as_deref())?)
    } else {
        if root_file.is_some() {
            return Err(StoreError::Other(anyhow!(
                "the database URL names an sslrootcert but does not ask for TLS: add sslmode=require"
            )));
        }
        Tls::Plain
    };
    let mut store = PgStore {
        config,
        tls,
        conn: None,
        place,
        quiet_until: None,
        password_file_note,
    };
    let mut client = match open_client(&store.config, &store.tls) {
        Ok(client) => client,
        Err(Opening::Refused(e)) => return Err(store.classify(&e)),
        Err(Opening::Silent) => return Err(store.silent()),
    };
    migrate(&store, &mut client).map_err(|f| store.failure(f))?;
    let sql = Statements::prepare(&mut client).map_err(|e| store.classify(&e))?;
    store.conn = Some(Conn { client, sql });
    Ok(store)
}

/// Refuses a database made by a newer posdoc, then runs the migrations it
/// lacks. Holds an advisory lock meanwhile, so concurrent first starts take
/// turns.
fn migrate(store: &PgStore, client: &mut Client) -> Result<(), Failure> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let result = migrate_locked(store, client);
    // Released with the session anyway if this fails.
    let unlocked = client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]);
    result?;
    unlocked?;
    Ok(())
}

fn migrate_locked(store: &PgStore, client: &mut Client) -> Result<(), Failure> {
    let supported = super::supported_schema();
    let has_history: bool = client
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&HISTORY_TABLE])?
        .try_get(0)?;
    if has_history {
        let found: Option<i64> = client
            .query_one(
                &format!("SELECT MAX(version)::BIGINT FROM {HISTORY_TABLE}"),
                &[],
            )?
            .try_get(0)?;
        if let Some(found) = found.filter(|&f| f > supported) {
            return Err(StoreError::SchemaTooNew { found, supported }.into());
        }
    }
    let ran = super::migrations().run(client);
    let Err(e) = ran else { return Ok(()) };
    Err(Failure::Store(match e.kind() {
        refinery::error::Kind::MissingVersion(m) => StoreError::SchemaTooNew {
            found: i64::from(m.version()),
            supported,
        },
        refinery::error::Kind::Connection(_, cause) => {
            match cause.downcast_ref::<postgres::Error>() {
                Some(pg) => store.classify(pg),
                None => StoreError::Other(anyhow!(
                    "the case database's schema could not be brought up to date: {e}"
                )),
            }
        }
        _ => StoreError::Other(anyhow!(
            "the case database's schema differs from this posdoc's ({e}); ask its administrator"
        )),
    }))
}

/// "database posdoc on db.example:5432 as agent": never the password.
fn describe_config(config: &Config) -> String {
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
            match host {
                Host::Tcp(name) => format!("{name}:{port}"),
                // Unix sockets exist only on Unix.
                #[cfg(unix)]
                Host::Unix(dir) => format!("socket {}/.s.PGSQL.{port}", dir.display()),
            }
        })
        .collect();
    let hosts = if hosts.is_empty() {
        "the default server".to_string()
    } else {
        hosts.join(", ")
    };
    let db = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or("(default)");
    match config.get_user() {
        Some(user) => format!("PostgreSQL database {db} on {hosts} as {user}"),
        None => format!("PostgreSQL database {db} on {hosts}"),
    }
}

/// The error with its causes, on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

/// A URL without a password takes it from PostgreSQL's password file, as
/// libpq would. Returns why the file was ignored, if it was.
fn password_from_file(config: &mut Config) -> Option<String> {
    if config.get_password().is_some() {
        return None;
    }
    let user = config.get_user()?.to_string();
    let file = super::pgpass::default_file()?;
    let (host, socket) = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => (name.clone(), false),
        #[cfg(unix)]
        Some(Host::Unix(dir)) => (dir.display().to_string(), true),
        None => ("localhost".to_string(), false),
    };
    let wanted = super::pgpass::Wanted {
        host: &host,
        socket,
        port: config.get_ports().first().copied().unwrap_or(5432),
        database: config.get_dbname().unwrap_or(&user),
        user: &user,
    };
    match super::pgpass::look_up(&file, &wanted) {
        super::pgpass::Found::Password(pw) => {
            config.password(pw);
            None
        }
        super::pgpass::Found::Nothing => None,
        super::pgpass::Found::Ignored(why) => Some(why),
    }
}

/// How connections to the server are made.
#[derive(Clone)]
enum Tls {
    Plain,
    Verified(tokio_postgres_rustls::MakeRustlsConnect),
}

/// The URL without its `sslrootcert` option (URL or key=value form), and
/// that option's file.
fn take_root_cert_option(url: &str) -> (String, Option<std::path::PathBuf>) {
    const KEY: &str = "sslrootcert";
    // Keeps the other options; the file is the value, decoded as its form
    // writes it.
    fn split_out<'a>(
        options: impl Iterator<Item = &'a str>,
        decode: impl Fn(&str) -> String,
        file: &mut Option<std::path::PathBuf>,
    ) -> Vec<&'a str> {
        options
            .filter(|option| match option.split_once('=') {
                Some((k, v)) if k == KEY => {
                    *file = Some(decode(v).into());
                    false
                }
                _ => true,
            })
            .collect()
    }
    let mut file = None;
    if let Some((base, query)) = url.split_once('?') {
        let percent = |v: &str| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        };
        let kept = split_out(query.split('&'), percent, &mut file);
        let url = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        return (url, file);
    }
    if url.contains("://") {
        return (url.to_string(), None);
    }
    let quoted = |v: &str| v.trim_matches('\'').to_string();
    let kept = split_out(url.split_whitespace(), quoted, &mut file);
    (kept.join(" "), file)
}

/// TLS that trusts the computer's authorities and those in `root_file`.
fn tls_connector(
    root_file: Option<&std::path::Path>,
) -> Result<tokio_postgres_rustls::MakeRustlsConnect, StoreError> {
    use rustls::pki_types::{pem::PemObject, CertificateDer};
    let mut roots = rustls::RootCertStore::empty();
    // Unreadable system certificates are skipped: the file may still do.
    let system = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(system.certs);
    if let Some(file) = root_file {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(file)
            .and_then(Iterator::collect)
            .map_err(|e| {
                StoreError::Other(anyhow!(
                    "sslrootcert {}: not a readable PEM certificate file ({e})",
                    file.display()
                ))
            })?;
        if certs.is_empty() {
            return Err(StoreError::Other(anyhow!(
                "sslrootcert {}: no certificate in it",
                file.display()
            )));
        }
        let (added, _) = roots.add_parsable_certificates(certs);
        if added == 0 {
            return Err(StoreError::Other(anyhow!(
                "sslrootcert {}: its certificates could not be used as authorities",
                file.display()
            )));
        }
    }
    if roots.is_empty() {
        return Err(StoreError::Other(anyhow!(
            "sslmode=require, but this computer has no trusted certificate authorities: name the server's with sslrootcert=/path/ca.pem in the database URL"
        )));
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::Other(anyhow!("TLS set-up: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The TLS error under a failed connection, if that is why it failed.
fn tls_cause(e: &postgres::Error) -> Option<&rustls::Error> {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(tls) = s.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        // An io::Error's source() skips the error it wraps.
        if let Some(tls) = s
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            return Some(tls);
        }
        source = s.source();
    }
    None
}

/// Why a connection did not open.
enum Opening {
    /// The driver's answer: refused, unreachable, a login error.
    Refused(postgres::Error),
    /// Connected, then nothing within [`open_timeout`].
    Silent,
}

fn open_timeout(config: &Config) -> Duration {
    config
        .get_connect_timeout()
        .copied()
        .unwrap_or(CONNECT_TIMEOUT)
        * OPEN_TIMEOUT_FACTOR
}

/// Opens a connection within [`open_timeout`]. The driver has no bound on
/// the start-up exchange, so it runs on a thread of its own; a thread left
/// waiting on a silent server ends when that server answers or closes, or
/// with the program.
fn open_client(config: &Config, tls: &Tls) -> Result<Client, Opening> {
    let (tx, rx) = std::sync::mpsc::channel();
    let limit = open_timeout(config);
    let config = config.clone();
    let tls = tls.clone();
    std::thread::spawn(move || {
        let _ = tx.send(match tls {
            Tls::Plain => config.connect(NoTls),
            Tls::Verified(connector) => config.connect(connector),
        });
    });
    match rx.recv_timeout(limit) {
        Ok(result) => result.map_err(Opening::Refused),
        Err(_) => Err(Opening::Silent),
    }
}

/// Whether connecting gave up waiting (the host did not answer at all).
fn timed_out(e: &postgres::Error) -> bool {
    e.to_string().starts_with("timeout")
        || io_cause(e).is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
}

fn io_cause(e: &postgres::Error) -> Option<&std::io::Error> {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        source = s.source();
    }
    None
}

/// Server states that pass: shutting down, starting up, too many
/// connections, a connection failure, a deadlock or serialisation retry.
fn is_transient_db(db: &postgres::error::DbError) -> bool {
    let code = db.code();
    code.code().starts_with("08")
        || [
            SqlState::ADMIN_SHUTDOWN,
            SqlState::CRASH_SHUTDOWN,
            SqlState::CANNOT_CONNECT_NOW,
            SqlState::TOO_MANY_CONNECTIONS,
            SqlState::T_R_DEADLOCK_DETECTED,
            SqlState::T_R_SERIALIZATION_FAILURE,
            SqlState::QUERY_CANCELED,
        ]
        .contains(code)
}

impl PgStore {
    fn user(&self) -> &str {
        self.config.get_user().unwrap_or("(default)")
    }

    fn dbname(&self) -> &str {
        self.config
            .get_dbname()
            .or(self.config.get_user())
            .unwrap_or("(default)")
    }

    /// Removes the password from a server's text, should one ever echo it.
    fn scrub(&self, text: String) -> String {
        match self.config.get_password().map(String::from_utf8_lossy) {
            Some(pw) if pw.len() >= 3 && text.contains(pw.as_ref()) => {
                text.replace(pw.as_ref(), "***")
            }
            _ => text,
        }
    }

    /// What a database error means for the user, and what to do about it.
    fn classify(&self, e: &postgres::Error) -> StoreError {
        let place = &self.place;
        if let Some(db) = e.as_db_error() {
            let message = self.scrub(db.message().to_string());
            let code = db.code();
            let refused = |reason: String| StoreError::Refused { reason };
            return if *code == SqlState::INVALID_PASSWORD {
                refused(format!(
                    "the password for user {} was not accepted ({place}): correct it in the database URL (--database-url or POSDOC_DATABASE_URL)",
                    self.user()
                ))
            } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
                refused(format!(
                    "the server does not let user {} connect to database {} from this computer ({message}): ask its administrator for an entry in pg_hba.conf, or correct the user in the database URL",
                    self.user(),
                    self.dbname()
                ))
            } else if *code == SqlState::INVALID_CATALOG_NAME {
                refused(format!(
                    "there is no database {} ({place}): ask the administrator to create it (createdb {}), or correct the database URL",
                    self.dbname(),
                    self.dbname()
                ))
            } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
                refused(format!(
                    "user {} may not use the case tables ({message}): ask the administrator to grant it access to database {}",
                    self.user(),
                    self.dbname()
                ))
            } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
                refused(format!(
                    "the database is read-only ({place}; a standby server?): point the database URL at the primary server"
                ))
            } else if is_transient_db(db) {
                StoreError::Unavailable {
                    reason: format!("{place}: {message}"),
                }
            } else {
                StoreError::Other(anyhow!("{place}: {}", self.scrub(db.to_string())))
            };
        }
        let text = self.scrub(chain(e));
        // Not transient: the same certificate will be refused next time.
        if let Some(tls) = tls_cause(e) {
            return StoreError::Refused {
                reason: match tls {
                    rustls::Error::InvalidCertificate(why) => format!(
                        "the server's certificate was refused ({place}: {why:?}): if the centre has its own certificate authority, name its certificate with sslrootcert=/path/ca.pem in the database URL; check that the host in the URL is the name on the certificate"
                    ),
                    other => format!("the encrypted connection failed ({place}: {other})"),
                },
            };
        }
        if e.is_closed() || io_cause(e).is_some() || timed_out(e) {
            return StoreError::Unavailable {
                reason: format!("{place}: {text}"),
            };
        }
        if text.contains("password missing") {
            return StoreError::Refused {
                reason: format!(
                    "the server asks for a password for user {} ({place}): put a line for it in PostgreSQL's password file ~/.pgpass (host:port:database:user:password, chmod 600), or the password in the database URL (postgres://user:password@host/database){}",
                    self.user(),
                    self.password_file_note
                        .as_ref()
                        .map_or(String::new(), |why| format!("; {why}"))
                ),
            };
        }
        if text.starts_with("authentication error") {
            return StoreError::Refused {
                reason: format!(
                    "the server's login method is not supported ({text}; {place}): ask its administrator for password (scram-sha-256) login"
                ),
            };
        }
        StoreError::Other(anyhow!("{place}: {text}"))
    }

    fn failure(&self, f: Failure) -> StoreError {
        match f {
            Failure::Pg(e) | Failure::Commit(e) => self.classify(&e),
            Failure::Store(e) => e,
        }
    }

    /// A server that took the connection and never answered.
    fn silent(&self) -> StoreError {
        StoreError::Unavailable {
            reason: format!(
                "{} took the connection but did not answer within {} s: check that it is a PostgreSQL server and that it is not stuck",
                self.place,
                open_timeout(&self.config).as_secs()
            ),
        }
    }

    /// The connection, opened again if it was lost.
    fn conn(&mut self) -> Result<&mut Conn, StoreError> {
        if self.conn.as_ref().is_some_and(|c| c.client.is_closed()) {
            self.conn = None;
        }
        if self.conn.is_none() {
            if let Some(until) = self.quiet_until {
                let now = Instant::now();
                if now < until {
                    return Err(StoreError::Unavailable {
                        reason: format!(
                            "{}: no answer; trying again in {} s",
                            self.place,
                            (until - now).as_secs() + 1
                        ),
                    });
                }
                self.quiet_until = None;
            }
            let mut client = match open_client(&self.config, &self.tls) {
                Ok(client) => client,
                Err(Opening::Refused(e)) => {
                    if timed_out(&e) {
                        self.quiet_until = Some(Instant::now() + RETRY_AFTER_TIMEOUT);
                    }
                    return Err(self.classify(&e));
                }
                Err(Opening::Silent) => {
                    self.quiet_until = Some(Instant::now() + RETRY_AFTER_TIMEOUT);
                    return Err(self.silent());
                }
            };
            let sql = Statements::prepare(&mut client).map_err(|e| self.classify(&e))?;
            self.conn = Some(Conn { client, sql });
        }
        Ok(self.conn.as_mut().expect("connected just above"))
    }

    /// Runs `op` on the connection. A connection that broke while idle (the
    /// server restarted between two calls) is only noticed by the next
    /// query; then, as nothing was committed, `op` runs once more on a
    /// fresh connection. A lost connection drops the client, so the next
    /// call reconnects.
    fn run<T>(
        &mut self,
        mut op: impl FnMut(&mut Conn) -> Result<T, Failure>,
    ) -> Result<T, StoreError> {
        let mut may_retry = self.conn.is_some();
        loop {
            let result = op(self.conn()?);
            match result {
                Ok(value) => return Ok(value),
                Err(Failure::Store(e)) => return Err(e),
                Err(Failure::Pg(e)) => {
                    let err = self.classify(&e);
                    if !err.is_transient() {
                        return Err(err);
                    }
                    self.conn = None;
                    if !may_retry {
                        return Err(err);
                    }
                    may_retry = false;
                }
                Err(Failure::Commit(e)) => {
                    let err = self.classify(&e);
                    if err.is_transient() {
                        self.conn = None;
                    }
                    return Err(err);
                }
            }
        }
    }
}

/// A case's row: the case without its events, and the columns that only
/// the store keeps.
struct CaseRow {
    case: Case,
    event_count: i64,
    last_node: Option<String>,
    search_text: String,
}

fn damaged(code: &str, what: &str, e: impl std::fmt::Display) -> Failure {
    Failure::Store(StoreError::Other(anyhow!(
        "case {code} in the database is damaged ({what}: {e})"
    )))
}

fn from_json<T: DeserializeOwned>(code: &str, what: &str, json: &str) -> Result<T, Failure> {
    serde_json::from_str(json).map_err(|e| damaged(code, what, e))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string(value)
        .map_err(|e| Failure::Store(StoreError::Other(anyhow!("cannot write a case: {e}"))))
}

fn lang_key(lang: Lang) -> Result<String, Failure> {
    match serde_json::to_value(lang) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        other => Err(Failure::Store(StoreError::Other(anyhow!(
            "cannot write the language {lang:?}: {other:?}"
        )))),
    }
}

fn case_row(row: &Row) -> Result<CaseRow, Failure> {
    let code: String = row.try_get("code")?;
    let parsed = CaseCode::from_stored(&code).map_err(|e| damaged(&code, "code", e))?;
    let role: String = row.try_get("role")?;
    let lang: String = row.try_get("lang")?;
    let status_json: String = row.try_get("status_json")?;
    let caller_json: String = row.try_get("caller_json")?;
    let case = Case {
        started_at: Timestamp(row.try_get("started_at")?),
        ended_at: row.try_get::<_, Option<i64>>("ended_at")?.map(Timestamp),
        operator: row.try_get("operator")?,
        holder: row.try_get("holder")?,
        role: Role::from_key(&role).ok_or_else(|| damaged(&code, "role", &role))?,
        lang: serde_json::from_value(serde_json::Value::String(lang.clone()))
            .map_err(|e| damaged(&code, "language", e))?,
        caller: from_json::<CallerDetails>(&code, "caller", &caller_json)?,
        status: from_json::<CaseStatus>(&code, "status", &status_json)?,
        events: Vec::new(),
        version: row.try_get("version")?,
        code: parsed,
    };
    Ok(CaseRow {
        case,
        event_count: row.try_get("event_count")?,
        last_node: row.try_get("last_node")?,
        search_text: row.try_get("search_text")?,
    })
}

fn events_of(code: &str, rows: &[Row]) -> Result<Vec<Event>, Failure> {
    rows.iter()
        .map(|r| {
            let body: String = r.try_get(0)?;
            from_json::<Event>(code, "event", &body)
        })
        .collect()
}

/// One part of `search_text`: lower-cased like [`CaseFilter::admits`]
/// does, with no separator inside.
fn search_part(text: &str) -> String {
    text.to_lowercase()
        .replace(SEARCH_SEPARATOR, &SEARCH_REPLACEMENT.to_string())
}

/// `search_text` for a case whose notes' parts (already lower-cased) are
/// `notes`.
fn search_text<'n>(case: &Case, notes: impl Iterator<Item = &'n str>) -> String {
    let c = &case.caller;
    let fixed = [
        case.code.as_str(),
        &c.merchant_id,
        &c.terminal_id,
        &c.amount,
        &c.sale_time,
        &c.last_four,
    ]
    .map(search_part);
    let mut text = fixed.join(&SEARCH_SEPARATOR.to_string());
    for note in notes {
        text.push(SEARCH_SEPARATOR);
        text.push_str(note);
    }
    text
}

/// The notes' parts of a stored `search_text`.
fn stored_notes(search_text: &str) -> impl Iterator<Item = &str> {
    search_text.split(SEARCH_SEPARATOR).skip(SEARCH_FIXED_PARTS)
}

/// Whether `events` are exactly what the case's last events are: a write
/// committed whose answer was lost with the connection, now sent again.
fn already_stored(
    client: &mut impl postgres::GenericClient,
    sql: &Statements,
    row: &CaseRow,
    version: i64,
    events: &[Event],
) -> Result<bool, Failure> {
    let n = events.len() as i64;
    if events.is_empty() || row.case.version != version + 1 || row.event_count < n {
        return Ok(false);
    }
    let code = row.case.code.as_str();
    let rows = client.query(&sql.events_from, &[&code, &(row.event_count - n)])?;
    Ok(events_of(code, &rows)? == events)
}

/// Appends `events` to the locked case `row` inside `tx`: the events with
/// the next sequence numbers, the summary columns as [`Case::apply`] keeps
/// them, the version bumped. Returns the case (events only the new ones)
/// and its new version.
fn append_locked(
    tx: &mut postgres::Transaction<'_>,
    sql: &Statements,
    mut row: CaseRow,
    events: &[Event],
) -> Result<Case, Failure> {
    let code = row.case.code.as_str().to_string();
    let first = row.event_count;
    let mut seqs = Vec::with_capacity(events.len());
    let mut ats = Vec::with_capacity(events.len());
    let mut operators = Vec::with_capacity(events.len());
    let mut kinds = Vec::with_capacity(events.len());
    let mut bodies = Vec::with_capacity(events.len());
    let mut walked = false;
    for (i, event) in events.iter().enumerate() {
        let json = serde_json::to_value(event).map_err(|e| {
            Failure::Store(StoreError::Other(anyhow!("cannot write an event: {e}")))
        })?;
        let kind = json
            .get("event")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string();
        walked |= matches!(kind.as_str(), "started" | "moved" | "back");
        seqs.push(first + i as i64);
        ats.push(event.at.0);
        operators.push(event.operator.clone());
        kinds.push(kind);
        bodies.push(json.to_string());
    }
    if !events.is_empty() {
        tx.execute(
            &sql.insert_events,
            &[&code, &seqs, &ats, &operators, &kinds, &bodies],
        )?;
    }
    let last_node = if walked {
        // The walk's events so far (ours included, just inserted) replayed:
        // a Back can return to any earlier point.
        let rows = tx.query(&sql.walk_events, &[&code])?;
        let walk = events_of(&code, &rows)?;
        replay(walk.iter().map(|e| &e.kind))
            .last()
            .map(|p| p.node.clone())
    } else {
        row.last_node.take()
    };
    row.case.apply(events);
    let new_notes: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Note { text } => Some(search_part(text)),
            _ => None,
        })
        .collect();
    let search = search_text(
        &row.case,
        stored_notes(&row.search_text).chain(new_notes.iter().map(String::as_str)),
    );
    row.case.version += 1;
    let case = &row.case;
    tx.execute(
        &sql.update_case,
        &[
            &code,
            &case.ended_at.map(|t| t.0),
            &case.holder,
            &lang_key(case.lang)?,
            &case.status.key(),
            &to_json(&case.status)?,
            &to_json(&case.caller)?,
            &search,
            &last_node,
            &(first + events.len() as i64),
            &case.version,
        ],
    )?;
    Ok(row.case)
}

/// The case `code` with all its events, as the row `row` describes it.
fn with_events(
    client: &mut impl postgres::GenericClient,
    sql: &Statements,
    row: CaseRow,
) -> Result<Case, Failure> {
    let code = row.case.code.as_str().to_string();
    // Events are only ever added, and with the row in one transaction: the
    // first `event_count` are exactly the case at this version.
    let rows = client.query(&sql.events_before, &[&code, &row.event_count])?;
    let mut case = row.case;
    case.events = events_of(&code, &rows)?;
    Ok(case)
}

fn not_found(code: &CaseCode) -> Failure {
    Failure::Store(StoreError::NotFound { code: code.clone() })
}

fn commit(tx: postgres::Transaction<'_>) -> Result<(), Failure> {
    tx.commit().map_err(Failure::Commit)
}

impl CaseStore for PgStore {
    fn create(&mut self, new: &NewCase) -> Result<Case, StoreError> {
        self.run(|conn| {
            // Two posdocs may draw the same free code at once: the insert
            // that loses does nothing, and draws again.
            for _ in 0..8 {
                let code = {
                    let Conn { client, sql } = &mut *conn;
                    let mut lookup_error = None;
                    let code =
                        fresh_code(|c| match client.query_opt(&sql.exists, &[&c.as_str()]) {
                            Ok(row) => Ok(row.is_some()),
                            Err(e) => {
                                lookup_error = Some(e);
                                // Stops the draw; the error is returned below.
                                Err(StoreError::Unavailable {
                                    reason: String::new(),
                                })
                            }
                        });
                    match (code, lookup_error) {
                        (_, Some(e)) => return Err(Failure::Pg(e)),
                        (Err(e), None) => return Err(Failure::Store(e)),
                        (Ok(code), None) => code,
                    }
                };
                let case = Case::new(code, new.clone());
                // Committed as it runs: if the answer is lost, running it
                // again could leave a second, empty case behind.
                let inserted = conn
                    .client
                    .execute(
                        &conn.sql.insert_case,
                        &[
                            &case.code.as_str(),
                            &case.started_at.0,
                            &case.operator,
                            &case.role.key(),
                            &lang_key(case.lang)?,
                            &case.status.key(),
                            &to_json(&case.status)?,
                            &to_json(&case.caller)?,
                            &search_text(&case, std::iter::empty()),
                        ],
                    )
                    .map_err(Failure::Commit)?;
                if inserted == 1 {
                    return Ok(case);
                }
            }
            Err(StoreError::Other(anyhow!("could not claim a free case code in 8 tries")).into())
        })
    }

    fn append(
        &mut self,
        code: &CaseCode,
        version: i64,
        events: &[Event],
    ) -> Result<i64, StoreError> {
        self.run(|conn| {
            let mut tx = conn.client.transaction()?;
            let row = tx
                .query_opt(&conn.sql.lock_case, &[&code.as_str()])?
                .ok_or_else(|| not_found(code))?;
            let row = case_row(&row)?;
            if row.case.version != version {
                if already_stored(&mut tx, &conn.sql, &row, version, events)? {
                    return Ok(row.case.version);
                }
                return Err(StoreError::Conflict {
                    code: code.clone(),
                    holder: row.case.holder,
                }
                .into());
            }
            let case = append_locked(&mut tx, &conn.sql, row, events)?;
            commit(tx)?;
            Ok(case.version)
        })
    }

    fn get(&mut self, code: &CaseCode) -> Result<Option<Case>, StoreError> {
        self.run(|conn| {
            let Conn { client, sql } = conn;
            match client.query_opt(&sql.read_case, &[&code.as_str()])? {
                None => Ok(None),
                Some(row) => {
                    let row = case_row(&row)?;
                    Ok(Some(with_events(client, sql, row)?))
                }
            }
        })
    }

    fn list(&mut self, filter: &CaseFilter) -> Result<Vec<CaseHeader>, StoreError> {
        let needle = filter.text.as_ref().map(|t| t.to_lowercase());
        // A needle holding the separator (or its stand-in) could match
        // across parts: such a search is checked case by case instead.
        let exact_in_sql = needle
            .as_ref()
            .is_none_or(|n| !n.contains([SEARCH_SEPARATOR, SEARCH_REPLACEMENT]));
        let limit = filter.limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX));
        self.run(|conn| {
            let Conn { client, sql } = conn;
            let rows = client.query(
                &sql.list,
                &[
                    &filter.open_only,
                    &filter.since.map(|t| t.0),
                    &filter.operator,
                    &if exact_in_sql { needle.clone() } else { None },
                    &if exact_in_sql { limit } else { None },
                ],
            )?;
            let mut headers = Vec::with_capacity(rows.len());
            for row in &rows {
                let row = case_row(row)?;
                if !exact_in_sql {
                    let case = with_events(client, sql, row)?;
                    if filter.admits(&case) {
                        headers.push(case.header());
                    }
                    continue;
                }
                let case = row.case;
                headers.push(CaseHeader {
                    code: case.code,
                    started_at: case.started_at,
                    ended_at: case.ended_at,
                    operator: case.operator,
                    holder: case.holder,
                    role: case.role,
                    caller: case.caller,
                    status: case.status,
                    last_node: row.last_node,
                    events: usize::try_from(row.event_count).unwrap_or_default(),
                });
            }
            headers.truncate(filter.limit.unwrap_or(usize::MAX));
            Ok(headers)
        })
    }

    fn open(
        &mut self,
        code: &CaseCode,
        operator: &str,
        _at: Timestamp,
    ) -> Result<Opened, StoreError> {
        self.run(|conn| {
            let mut tx = conn.client.transaction()?;
            let row = tx
                .query_opt(&conn.sql.lock_case, &[&code.as_str()])?
                .ok_or_else(|| not_found(code))?;
            let mut row = case_row(&row)?;
            let opened = match row.case.holder.clone() {
                Some(holder) if holder != operator => {
                    let case = with_events(&mut tx, &conn.sql, row)?;
                    Opened::HeldBy { holder, case }
                }
                _ => {
                    if row.case.is_open() && row.case.holder.is_none() {
                        tx.execute(&conn.sql.set_holder, &[&code.as_str(), &operator])?;
                        row.case.holder = Some(operator.to_string());
                        row.case.version += 1;
                    }
                    Opened::Yours(with_events(&mut tx, &conn.sql, row)?)
                }
            };
            commit(tx)?;
            Ok(opened)
        })
    }

    fn take_over(
        &mut self,
        code: &CaseCode,
        operator: &str,
        at: Timestamp,
    ) -> Result<Case, StoreError> {
        self.run(|conn| {
            let mut tx = conn.client.transaction()?;
            let row = tx
                .query_opt(&conn.sql.lock_case, &[&code.as_str()])?
                .ok_or_else(|| not_found(code))?;
            let row = case_row(&row)?;
            let taken = Event {
                at,
                operator: operator.to_string(),
                kind: EventKind::TakenOver {
                    from: row.case.holder.clone(),
                },
            };
            append_locked(&mut tx, &conn.sql, row, std::slice::from_ref(&taken))?;
            // Read back inside the transaction: the case with every event.
            let row = tx.query_one(&conn.sql.read_case, &[&code.as_str()])?;
            let case = with_events(&mut tx, &conn.sql, case_row(&row)?)?;
            commit(tx)?;
            Ok(case)
        })
    }

    fn release(&mut self, code: &CaseCode, operator: &str) -> Result<(), StoreError> {
        self.run(|conn| {
            let released = conn
                .client
                .execute(&conn.sql.release, &[&code.as_str(), &operator])?;
            if released == 0
                && conn
                    .client
                    .query_opt(&conn.sql.exists, &[&code.as_str()])?
                    .is_none()
            {
                return Err(not_found(code));
            }
            Ok(())
        })
    }

    fn describe(&self) -> String {
        self.place.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offline(url: &str) -> PgStore {
        let config: Config = url.parse().unwrap();
        PgStore {
            place: describe_config(&config),
            config,
            tls: Tls::Plain,
            conn: None,
            quiet_until: None,
            password_file_note: None,
        }
    }

    #[test]
    fn the_place_names_host_database_and_user_never_the_password() {
        let store = offline("postgres://agent:s3cret-pw@db.example:6432/cases");
        assert_eq!(
            store.describe(),
            "PostgreSQL database cases on db.example:6432 as agent"
        );
        let socket = offline("postgresql://agent@%2Fvar%2Frun%2Fpostgresql/cases");
        assert_eq!(
            socket.describe(),
            "PostgreSQL database cases on socket /var/run/postgresql/.s.PGSQL.5432 as agent"
        );
        assert!(!format!("{store:?}").contains("s3cret"));
        assert_eq!(store.scrub("x s3cret-pw y".into()), "x *** y");
    }

    #[test]
    fn after_a_timeout_calls_answer_at_once_until_the_pause_is_over() {
        let mut store = offline("postgres://agent:pw@db.example/cases");
        store.quiet_until = Some(Instant::now() + Duration::from_secs(60));
        let started = Instant::now();
        let err = store.get(&CaseCode::parse("K7M3X9").unwrap()).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(err.is_transient(), "{err:?}");
        assert!(err.to_string().contains("trying again in"), "{err}");
    }

    #[test]
    fn a_server_that_accepts_and_never_answers_is_given_up_on() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        // Takes connections and holds them open, silent.
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for conn in listener.incoming().flatten() {
                held.push(conn);
            }
        });
        let started = Instant::now();
        let err = connect(&format!(
            "postgres://agent:pw@127.0.0.1:{port}/cases?connect_timeout=1"
        ))
        .unwrap_err();
        let took = started.elapsed();
        assert!(took >= Duration::from_secs(2), "{took:?}");
        assert!(took < Duration::from_secs(10), "{took:?}");
        assert!(err.is_transient(), "{err:?}");
        assert!(
            err.to_string().contains("did not answer within 2 s"),
            "{err}"
        );
        assert!(!err.to_string().contains("pw"), "{err}");
    }

    #[test]
    fn the_root_certificate_option_is_taken_out_of_either_url_form() {
        let (url, file) = take_root_cert_option(
            "postgres://agent@db.example/cases?sslmode=require&sslrootcert=%2Fetc%2Fposdoc%2Fca.pem",
        );
        assert_eq!(url, "postgres://agent@db.example/cases?sslmode=require");
        assert_eq!(file.unwrap(), std::path::Path::new("/etc/posdoc/ca.pem"));
        let (url, file) =
            take_root_cert_option("postgres://agent@db.example/cases?sslrootcert=ca.pem");
        assert_eq!(url, "postgres://agent@db.example/cases");
        assert_eq!(file.unwrap(), std::path::Path::new("ca.pem"));
        let (url, file) =
            take_root_cert_option("host=db.example sslmode=require sslrootcert='/x/ca.pem'");
        assert_eq!(url, "host=db.example sslmode=require");
        assert_eq!(file.unwrap(), std::path::Path::new("/x/ca.pem"));
        let (url, file) = take_root_cert_option("postgres://agent@db.example/cases");
        assert_eq!(url, "postgres://agent@db.example/cases");
        assert!(file.is_none());
    }

    #[test]
    fn a_root_certificate_without_tls_is_a_clear_message() {
        let err = connect("postgres://agent:pw@db.example/cases?sslrootcert=ca.pem").unwrap_err();
        assert!(err.to_string().contains("sslmode=require"), "{err}");
        assert!(!err.to_string().contains("pw@"), "{err}");
    }

    #[test]
    fn search_text_keeps_each_part_apart() {
        let mut case = Case::new(
            CaseCode::parse("K7M3X9").unwrap(),
            NewCase {
                started_at: Timestamp(0),
                operator: "ana".into(),
                role: Role::Agent,
                lang: Lang::En,
            },
        );
        case.caller.terminal_id = "T\u{1f}12".into();
        let text = search_text(&case, ["first note", "σοφός"].into_iter());
        assert_eq!(
            stored_notes(&text).collect::<Vec<_>>(),
            ["first note", "σοφός"]
        );
        assert!(text.starts_with("k7m3x9\u{1f}\u{1f}t\u{fffd}12\u{1f}"));
    }
}
