//! Writing one case event to PostgreSQL over the unix socket (a plain bench
//! binary: `cargo bench --bench pg`), next to a bare one-row INSERT on the
//! same server for comparison. The server is a throwaway cluster with fsync
//! on, as a real one runs (tests/common/pg.rs); without PostgreSQL installed
//! the bench says so and exits.
//!
//! Each append is a whole `CaseStore::append`: one transaction that locks
//! the case's row, checks the version, inserts the event and rewrites the
//! summary columns. Events alternate between a move (the walk's last node is
//! recomputed) and a note; a new case is opened every 50 events, as real
//! cases are short.

#[path = "../tests/common/pg.rs"]
mod pg;

use posdoc::case::{
    CaseStore, Event, EventKind, NewCase, RecordedMove, RecordedPoint, Role, Timestamp,
};
use posdoc::casestore::postgres::connect;
use posdoc::rules::Lang;
use std::time::{Duration, Instant};

const WARM_UP: usize = 200;
const SAMPLES: usize = 2_000;
const EVENTS_PER_CASE: usize = 50;

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{what:<44} median {:>8.3} ms   p90 {:>8.3} ms   p99 {:>8.3} ms   ({} samples)",
        percentile(&times, 50).as_secs_f64() * 1e3,
        percentile(&times, 90).as_secs_f64() * 1e3,
        percentile(&times, 99).as_secs_f64() * 1e3,
        times.len()
    );
}

fn event(n: usize) -> Event {
    let kind = if n.is_multiple_of(2) {
        EventKind::Moved {
            point: RecordedPoint {
                node: format!("node_{}", n % 17),
                step: 0,
                fixed: false,
                via: RecordedMove::Answer { answer: n % 3 },
            },
            cause: None,
        }
    } else {
        EventKind::Note {
            text: format!("caller says the terminal shows error {n}"),
        }
    };
    Event {
        at: Timestamp(1_700_000_000_000 + n as i64),
        operator: "bench".into(),
        kind,
    }
}

/// Times `SAMPLES` appends of one event each through a store on `url`.
fn appends(url: &str) -> Vec<Duration> {
    let mut store = connect(url).expect("connect to the bench cluster");
    let new_case = NewCase {
        started_at: Timestamp(1_700_000_000_000),
        operator: "bench".into(),
        role: Role::Agent,
        lang: Lang::Zh,
    };
    let mut times = Vec::with_capacity(SAMPLES);
    let mut case = store.create(&new_case).unwrap();
    let mut version = case.version;
    for n in 0..WARM_UP + SAMPLES {
        if n % EVENTS_PER_CASE == 0 && n > 0 {
            case = store.create(&new_case).unwrap();
            version = case.version;
        }
        let e = event(n);
        let started = Instant::now();
        version = store
            .append(&case.code, version, std::slice::from_ref(&e))
            .unwrap();
        if n >= WARM_UP {
            times.push(started.elapsed());
        }
    }
    times
}

fn main() {
    let Some(cluster) = pg::PgCluster::start(true) else {
        println!("pg bench: SKIPPED: PostgreSQL not installed");
        return;
    };
    let url = cluster.fresh_database("bench");
    report("CaseStore::append, one event (transaction)", appends(&url));
    // The same with the server not waiting for its disk at commit: what the
    // store itself costs (round trips, locking, JSON), without the fsync.
    let url_nowait = format!("{url}?options=-c%20synchronous_commit%3Doff");
    report("  the same, synchronous_commit=off", appends(&url_nowait));

    let mut bare = cluster.admin("bench");
    bare.batch_execute("CREATE TABLE bare (n BIGINT, body TEXT)")
        .unwrap();
    let insert = bare
        .prepare("INSERT INTO bare (n, body) VALUES ($1, $2)")
        .unwrap();
    let body = serde_json::to_string(&event(1)).unwrap();
    let mut times = Vec::with_capacity(SAMPLES);
    for n in 0..WARM_UP + SAMPLES {
        let started = Instant::now();
        bare.execute(&insert, &[&(n as i64), &body]).unwrap();
        if n >= WARM_UP {
            times.push(started.elapsed());
        }
    }
    report("bare INSERT of one row (autocommit)", times);
}
