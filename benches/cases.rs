//! Case store benchmarks (`cargo bench --bench cases`).
//!
//! 1. Writing one event to SQLite in WAL mode through the store (version
//!    check, event row, summary columns, one IMMEDIATE transaction), next
//!    to a bare one-row `INSERT` on the same settings. Goal: ≤ 2 ms median.
//! 2. With 10,000 stored cases: the list (all of them, and the open ones a
//!    start screen shows), getting one case by code and rebuilding its walk
//!    (resume), and the CSV export of all. Goals: list ≤ 50 ms, resume ≤
//!    20 ms, export ≤ 1 s.
//!
//! Each part prints its own median first (the goals are medians), then
//! criterion measures the same work.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use posdoc::case::{
    resume, CallerDetails, CaseCode, CaseFilter, CaseStatus, CaseStore, Event, EventKind, NewCase,
    RecordedMove, RecordedPoint, Role, Timestamp,
};
use posdoc::casestore::SqliteStore;
use posdoc::cli::cases::{export, ExportOptions};
use posdoc::cli::CasesFormat;
use posdoc::i18n::Strings;
use posdoc::rules::{load_bundled, Lang, RuleSet};
use std::time::{Duration, Instant};

const CASES: usize = 10_000;
/// Events per case before the append bench starts a new case: a long
/// phone call, not an endless one.
const EVENTS_PER_CASE: usize = 60;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn event(at: i64, kind: EventKind) -> Event {
    Event {
        at: Timestamp(at),
        operator: "bench".to_string(),
        kind,
    }
}

fn point(node: &str, via: RecordedMove) -> RecordedPoint {
    RecordedPoint {
        node: node.to_string(),
        step: 0,
        fixed: false,
        via,
    }
}

fn new_case(i: usize) -> NewCase {
    NewCase {
        started_at: Timestamp(1_780_000_000_000 + i as i64 * 60_000),
        operator: format!("agent{}", i % 20),
        role: Role::Agent,
        lang: Lang::En,
    }
}

/// A case as a real one looks: the walk of the bundled rules to the Wi-Fi
/// diagnosis, the caller's details, two notes, and (for most) an end.
fn typical_events(i: usize) -> Vec<Event> {
    let at = 1_780_000_000_000 + i as i64 * 60_000;
    let mut events = vec![
        event(
            at,
            EventKind::Started {
                point: point("start", RecordedMove::Start),
            },
        ),
        event(
            at + 1,
            EventKind::Moved {
                point: point("network.entry", RecordedMove::Answer { answer: 0 }),
                cause: None,
            },
        ),
        event(
            at + 2,
            EventKind::Moved {
                point: point("network.how_connected", RecordedMove::Answer { answer: 0 }),
                cause: None,
            },
        ),
        event(
            at + 3,
            EventKind::Moved {
                point: point("network.wifi_down", RecordedMove::Answer { answer: 0 }),
                cause: None,
            },
        ),
        event(
            at + 4,
            EventKind::Caller {
                details: CallerDetails {
                    merchant_id: format!("M{i:06}"),
                    terminal_id: format!("T-{i:05}"),
                    amount: "128.50".into(),
                    sale_time: "14:05".into(),
                    last_four: "4321".into(),
                },
            },
        ),
        event(
            at + 5,
            EventKind::Note {
                text: "shop says the router was replaced on Monday".into(),
            },
        ),
        event(
            at + 6,
            EventKind::Note {
                text: "=caller will ring back, asks for Lee".into(),
            },
        ),
    ];
    if !i.is_multiple_of(10) {
        events.push(event(
            at + 7,
            EventKind::Ended {
                status: CaseStatus::Escalated {
                    escalation: "network.escalate_broadband".into(),
                    diagnosis: Some("network.wifi_down".into()),
                },
            },
        ));
    }
    events
}

/// The append bench's state: a case that gets a new event per iteration,
/// replaced by a fresh one every [`EVENTS_PER_CASE`] events.
struct Appender {
    store: SqliteStore,
    code: CaseCode,
    version: i64,
    events: usize,
    n: usize,
}

impl Appender {
    fn new(store: SqliteStore) -> Appender {
        let mut a = Appender {
            store,
            code: CaseCode::from_random(0),
            version: 0,
            events: EVENTS_PER_CASE,
            n: 0,
        };
        a.roll();
        a
    }

    fn roll(&mut self) {
        if self.events >= EVENTS_PER_CASE {
            let case = self.store.create(&new_case(self.n)).unwrap();
            self.code = case.code;
            self.version = case.version;
            self.events = 0;
        }
    }

    /// One timed append.
    fn append(&mut self) -> Duration {
        self.roll();
        self.n += 1;
        let e = event(
            self.n as i64,
            EventKind::Moved {
                point: point(
                    "network.wifi_down",
                    RecordedMove::NotFixed { step: self.n % 5 },
                ),
                cause: None,
            },
        );
        let start = Instant::now();
        self.version = self
            .store
            .append(&self.code, self.version, std::slice::from_ref(&e))
            .unwrap();
        let took = start.elapsed();
        self.events += 1;
        took
    }
}

/// A bare INSERT of one row, autocommitted, in a database with the same
/// settings as the store's (WAL, synchronous NORMAL).
struct BareInsert {
    conn: rusqlite::Connection,
    n: i64,
}

impl BareInsert {
    fn new(path: &std::path::Path) -> BareInsert {
        let conn = rusqlite::Connection::open(path).unwrap();
        let _: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL;
             CREATE TABLE bare (code TEXT NOT NULL, seq BIGINT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (code, seq));",
        )
        .unwrap();
        BareInsert { conn, n: 0 }
    }

    fn insert(&mut self) -> Duration {
        self.n += 1;
        let body = r#"{"at":1,"operator":"bench","event":"moved","point":{"node":"network.wifi_down","step":0,"fixed":false,"via":{"type":"not_fixed","step":1}}}"#;
        let start = Instant::now();
        self.conn
            .execute(
                "INSERT INTO bare (code, seq, body) VALUES ('K7M3X9', ?1, ?2)",
                rusqlite::params![self.n, body],
            )
            .unwrap();
        start.elapsed()
    }
}

fn append_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut appender = Appender::new(SqliteStore::open(&dir.path().join("cases.db")).unwrap());
    let mut bare = BareInsert::new(&dir.path().join("bare.db"));
    // Medians of the same run, interleaved so both see the same machine.
    let mut store_times = Vec::new();
    let mut bare_times = Vec::new();
    for _ in 0..2_000 {
        store_times.push(appender.append());
        bare_times.push(bare.insert());
    }
    println!(
        "median: one event through the SQLite store {:?}, a bare INSERT {:?} (goal ≤ 2 ms)",
        median(store_times),
        median(bare_times)
    );
    let mut group = c.benchmark_group("write");
    group.bench_function("one event, SQLite WAL store", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| appender.append()).sum());
    });
    group.bench_function("bare INSERT, same settings", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| bare.insert()).sum());
    });
    group.finish();
}

fn filled_store(dir: &std::path::Path) -> (SqliteStore, Vec<CaseCode>) {
    let mut store = SqliteStore::open(&dir.join("cases.db")).unwrap();
    let mut codes = Vec::with_capacity(CASES);
    for i in 0..CASES {
        let case = store.create(&new_case(i)).unwrap();
        store
            .append(&case.code, case.version, &typical_events(i))
            .unwrap();
        codes.push(case.code);
    }
    (store, codes)
}

fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

fn store_benches(c: &mut Criterion) {
    let rules: RuleSet = load_bundled().rules.expect("bundled rules load");
    let strings = Strings::new(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let built = Instant::now();
    let (mut store, codes) = filled_store(dir.path());
    println!("{CASES} cases stored in {:?}", built.elapsed());
    let all = CaseFilter::default();
    let open = CaseFilter {
        open_only: true,
        limit: Some(50),
        ..CaseFilter::default()
    };
    let csv = ExportOptions {
        format: CasesFormat::Csv,
        since: None,
    };
    let resume_one = |store: &mut SqliteStore, code: &CaseCode| {
        let case = store.get(code).unwrap().unwrap();
        let resumed = resume(&rules, &case.trail());
        resumed.session.trail().len()
    };
    let export_all = |store: &mut SqliteStore| {
        let mut out = Vec::with_capacity(4 << 20);
        let mut err = Vec::new();
        export(store, &rules, &csv, &strings, &mut out, &mut err).unwrap();
        out.len()
    };
    assert_eq!(store.list(&all).unwrap().len(), CASES);
    let runs = 21;
    let list_all = median(
        (0..runs)
            .map(|_| timed(|| store.list(&all).unwrap()))
            .collect(),
    );
    let list_open = median(
        (0..runs)
            .map(|_| timed(|| store.list(&open).unwrap()))
            .collect(),
    );
    let get = median(
        (0..runs)
            .map(|i| timed(|| resume_one(&mut store, &codes[i * 97 % CASES])))
            .collect(),
    );
    let csv_all = median((0..5).map(|_| timed(|| export_all(&mut store))).collect());
    println!(
        "median with {CASES} cases: list all {list_all:?}, list open (50) {list_open:?} (goal ≤ 50 ms); \
         get + resume by code {get:?} (goal ≤ 20 ms); CSV export of all {csv_all:?} (goal ≤ 1 s)"
    );

    let mut group = c.benchmark_group("10k cases");
    group.bench_function("list all", |b| b.iter(|| store.list(&all).unwrap()));
    group.bench_function("list open, 50", |b| b.iter(|| store.list(&open).unwrap()));
    let mut i = 0;
    group.bench_function("get + resume by code", |b| {
        b.iter(|| {
            i = (i + 97) % CASES;
            resume_one(&mut store, &codes[i])
        });
    });
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("CSV export of all", |b| b.iter(|| export_all(&mut store)));
    group.finish();
}

criterion_group!(benches, append_benches, store_benches);
criterion_main!(benches);
