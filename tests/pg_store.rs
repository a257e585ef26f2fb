//! The PostgreSQL case store against a real server: a throwaway cluster
//! this test binary starts (tests/common/pg.rs). Skips with a notice when
//! PostgreSQL is not installed, unless CI_REQUIRE_REAL_PARTS=1.

#[path = "common/pg.rs"]
mod pg;

use pg::PgCluster;
use posdoc::case::{
    conformance, CaseCode, CaseFilter, CaseJournal, CaseStore, Event, EventKind, NewCase, Opened,
    Role, Saved, StoreError, Timestamp,
};
use posdoc::casestore::postgres::{connect, PgStore};
use posdoc::rules::Lang;

fn new_case(operator: &str, at: i64) -> NewCase {
    NewCase {
        started_at: Timestamp(at),
        operator: operator.to_string(),
        role: Role::Agent,
        lang: Lang::En,
    }
}

fn note(operator: &str, at: i64, text: &str) -> Event {
    Event {
        at: Timestamp(at),
        operator: operator.to_string(),
        kind: EventKind::Note { text: text.into() },
    }
}

fn store(url: &str) -> PgStore {
    connect(url).unwrap_or_else(|e| panic!("connect: {e}"))
}

#[test]
fn keeps_the_contract_every_store_keeps() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = cluster.fresh_database("conformance");
    let mut store = store(&url);
    conformance::check_all(&mut store);
    // Connecting again finds the schema in place and runs nothing twice.
    let mut again = self::store(&url);
    assert!(!again.list(&CaseFilter::default()).unwrap().is_empty());
}

#[test]
fn a_second_agent_is_told_who_holds_a_case_and_nothing_is_overwritten() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = cluster.fresh_database("two_agents");
    let mut ana = store(&url);
    let mut bo = store(&url);

    let case = ana.create(&new_case("ana", 1_000)).unwrap();
    let v1 = ana
        .append(
            &case.code,
            case.version,
            &[note("ana", 1_001, "till says 05")],
        )
        .unwrap();

    // The caller rings back and reads the code to Bo.
    let held = bo.open(&case.code, "bo", Timestamp(2_000)).unwrap();
    let Opened::HeldBy { holder, case: seen } = held else {
        panic!("Ana holds the case, yet {held:?}");
    };
    assert_eq!(holder, "ana");
    assert_eq!(seen.events.len(), 1, "Bo can read what Ana wrote");

    let taken = bo.take_over(&case.code, "bo", Timestamp(2_001)).unwrap();
    assert_eq!(taken.holder.as_deref(), Some("bo"));
    assert_eq!(taken.events.len(), 2);

    // Ana, still on the old version, writes: refused, naming Bo.
    let late = ana.append(&case.code, v1, &[note("ana", 2_002, "late note")]);
    match late {
        Err(StoreError::Conflict { holder, code }) => {
            assert_eq!(holder.as_deref(), Some("bo"));
            assert_eq!(code, case.code);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    bo.append(
        &case.code,
        taken.version,
        &[note("bo", 2_003, "reseated the cable")],
    )
    .unwrap();

    let kept = ana.get(&case.code).unwrap().unwrap();
    let texts: Vec<&str> = kept.notes().map(|(_, t)| t).collect();
    assert_eq!(texts, ["till says 05", "reseated the cable"]);
    assert!(matches!(
        &kept.events[1].kind,
        EventKind::TakenOver { from: Some(f) } if f == "ana"
    ));
    // And Ana's open now reports Bo.
    assert!(matches!(
        ana.open(&case.code, "ana", Timestamp(2_004)).unwrap(),
        Opened::HeldBy { holder, .. } if holder == "bo"
    ));
}

#[test]
fn a_wrong_password_is_refused_with_what_to_do_and_never_shown() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = cluster.fresh_database("passwords");
    // The trusted owner creates the tables.
    drop(store(&url));

    let wrong = "Wr0ng-Secret-42";
    let wrong_url = cluster.url(pg::PASSWORD_ROLE, Some(wrong), "passwords");
    match connect(&wrong_url) {
        Err(e @ StoreError::Refused { .. }) => {
            let shown = format!("{e} {:?} {:?}", e.args(), e);
            assert!(shown.contains("password"), "{shown}");
            assert!(shown.contains("--database-url"), "says what to do: {shown}");
            assert!(!shown.contains(wrong), "the password is shown: {shown}");
            assert_eq!(e.key(), "store.refused");
        }
        other => panic!("expected Refused, got {other:?}"),
    }

    let right_url = cluster.url(pg::PASSWORD_ROLE, Some(pg::PASSWORD), "passwords");
    let mut agent = store(&right_url);
    let described = agent.describe();
    assert!(described.contains("passwords") && described.contains(pg::PASSWORD_ROLE));
    assert!(!described.contains(pg::PASSWORD), "{described}");
    assert!(!format!("{agent:?}").contains(pg::PASSWORD));
    agent.create(&new_case("pw", 5)).unwrap();

    // No password at all, where the server asks for one.
    let bare = cluster.url(pg::PASSWORD_ROLE, None, "passwords");
    assert!(
        matches!(connect(&bare), Err(StoreError::Refused { ref reason }) if reason.contains("password")),
        "{:?}",
        connect(&bare).err()
    );
}

#[test]
fn a_missing_database_or_server_is_a_message_not_a_panic() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    match connect(&cluster.url("agent", None, "no_such_db")) {
        Err(StoreError::Refused { reason }) => {
            assert!(reason.contains("createdb no_such_db"), "{reason}");
        }
        other => panic!("expected Refused, got {other:?}"),
    }
    // Nobody listens on this socket directory.
    let nowhere = "postgresql://agent@%2Fnonexistent%2Fposdoc:5432/cases";
    let err = connect(nowhere).unwrap_err();
    assert!(err.is_transient(), "{err:?}");
    assert!(err.to_string().contains("/nonexistent/posdoc"), "{err}");
    let err = connect("mysql://nope").unwrap_err();
    assert!(matches!(err, StoreError::Other(_)), "{err:?}");
}

#[test]
fn a_schema_from_a_newer_posdoc_is_refused() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = cluster.fresh_database("newer_schema");
    drop(store(&url));
    cluster.sql(
        "newer_schema",
        "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) \
         VALUES (2, 'cases_from_the_future', '2030-01-01T00:00:00Z', '0')",
    );
    match connect(&url) {
        Err(StoreError::SchemaTooNew { found, supported }) => {
            assert_eq!((found, supported), (2, 1));
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
}

#[test]
fn twenty_agents_at_once_lose_and_duplicate_nothing() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = cluster.fresh_database("twenty_agents");
    drop(store(&url));
    conformance::concurrent_agents(|| Box::new(store(&url)));

    // Every case's events are numbered 0..n without a gap, and the count
    // column agrees.
    let mut admin = cluster.admin("twenty_agents");
    let rows = admin
        .query(
            "SELECT c.code, c.event_count, COUNT(e.seq), MIN(e.seq), MAX(e.seq), \
                    COUNT(DISTINCT e.seq) \
             FROM cases c JOIN case_events e ON e.code = c.code GROUP BY c.code, c.event_count",
            &[],
        )
        .unwrap();
    assert_eq!(rows.len(), 20);
    for row in rows {
        let code: String = row.get(0);
        let (count_column, count, min, max, distinct): (i64, i64, i64, i64, i64) =
            (row.get(1), row.get(2), row.get(3), row.get(4), row.get(5));
        assert_eq!((min, max), (0, count - 1), "{code}");
        assert_eq!(distinct, count, "{code}");
        assert_eq!(count_column, count, "{code}");
    }
}

#[test]
fn events_wait_while_the_server_is_down_and_are_written_when_it_returns() {
    // Its own cluster: stopping the shared one would break the other tests.
    let Some(cluster) = PgCluster::start(false) else {
        return;
    };
    let url = cluster.fresh_database("server_drops");
    let mut store = store(&url);
    let case = store.create(&new_case("ana", 1_000)).unwrap();
    let code = case.code.clone();
    let mut journal = CaseJournal::new(Box::new(store), case, None, "ana", true);

    let write = |journal: &mut CaseJournal, at: i64, text: &str| {
        journal
            .note(text, Timestamp(at))
            .expect("a plain note is accepted")
    };
    assert_eq!(write(&mut journal, 1, "first").unwrap(), Saved::AllSaved);
    assert_eq!(write(&mut journal, 2, "second").unwrap(), Saved::AllSaved);

    cluster.stop();
    for (i, text) in ["while down 1", "while down 2", "while down 3"]
        .into_iter()
        .enumerate()
    {
        match write(&mut journal, 3 + i as i64, text).unwrap() {
            Saved::Waiting { waiting, reason } => {
                assert_eq!(waiting, i + 1);
                assert!(!reason.is_empty());
            }
            other => panic!("the server is down, yet {other:?}"),
        }
    }
    assert!(matches!(
        journal.flush().unwrap(),
        Saved::Waiting { waiting: 3, .. }
    ));
    // What was typed shows at once, stored or not.
    assert_eq!(journal.case().notes().count(), 5);

    cluster.start_again();
    assert_eq!(write(&mut journal, 6, "back up").unwrap(), Saved::AllSaved);
    assert!(journal.pending().is_empty());

    let kept = connect(&url).unwrap().get(&code).unwrap().unwrap();
    let texts: Vec<&str> = kept.notes().map(|(_, t)| t).collect();
    assert_eq!(
        texts,
        [
            "first",
            "second",
            "while down 1",
            "while down 2",
            "while down 3",
            "back up"
        ],
        "every note once, in order"
    );
    assert_eq!(kept.version, journal.case().version);
    assert_eq!(kept.events, journal.case().events);
}

#[test]
fn a_write_sent_again_after_a_lost_answer_is_stored_once() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = cluster.fresh_database("resent");
    let mut store = store(&url);
    let case = store.create(&new_case("ana", 1_000)).unwrap();
    let events = [note("ana", 1, "one"), note("ana", 2, "two")];
    let v1 = store.append(&case.code, 0, &events).unwrap();
    // The same write again, from the same version (its answer was lost):
    // acknowledged with the version it made, nothing added.
    assert_eq!(store.append(&case.code, 0, &events).unwrap(), v1);
    assert_eq!(store.get(&case.code).unwrap().unwrap().events.len(), 2);
    // Different events from that old version are a conflict.
    assert!(matches!(
        store.append(&case.code, 0, &[note("ana", 3, "three")]),
        Err(StoreError::Conflict { .. })
    ));
}

#[test]
fn search_agrees_with_the_filter_on_awkward_text() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = cluster.fresh_database("awkward_search");
    let mut store = store(&url);
    let texts = [
        "ΣΊΣΥΦΟΣ said the Screen went dark",
        "100% sure: under_score and back\\slash",
        "İstanbul branch",
        "a\u{1f}b separator inside",
        "\u{fffd} replacement",
    ];
    for (i, text) in texts.iter().enumerate() {
        let case = store.create(&new_case("ana", i as i64)).unwrap();
        store
            .append(&case.code, case.version, &[note("ana", 10, text)])
            .unwrap();
    }
    let needles = [
        "σίσυφος",
        "ς said",
        "100%",
        "_score",
        "\\s",
        "i̇stanbul",
        "%",
        "_",
        "a\u{1f}b",
        "\u{1f}",
        "\u{fffd}",
        "dark\u{1f}",
        "",
    ];
    let all = store.list(&CaseFilter::default()).unwrap();
    for needle in needles {
        let filter = CaseFilter {
            text: Some(needle.to_string()),
            ..CaseFilter::default()
        };
        let listed: Vec<CaseCode> = store
            .list(&filter)
            .unwrap()
            .into_iter()
            .map(|h| h.code)
            .collect();
        let expected: Vec<CaseCode> = all
            .iter()
            .filter(|h| filter.admits(&store.get(&h.code).unwrap().unwrap()))
            .map(|h| h.code.clone())
            .collect();
        assert_eq!(listed, expected, "{needle:?}");
    }
    // Headers from the columns match the case's own.
    for header in &all {
        assert_eq!(
            header,
            &store.get(&header.code).unwrap().unwrap().header(),
            "{}",
            header.code
        );
    }
}

/// `sslmode=require` speaks TLS and verifies the server: with the centre's
/// own authority named by `sslrootcert` the case store works over a server
/// that refuses plain connections; without it, or under a name the
/// certificate does not carry, the connection is refused with what to do.
#[test]
fn tls_with_a_verified_certificate_and_refused_otherwise() {
    let Some(cluster) = PgCluster::start_tls() else {
        return;
    };
    cluster.fresh_database("tls_cases");
    let ca = cluster.authority();
    let ca_option = ca.display().to_string().replace('/', "%2F");

    let url = cluster.tcp_url(
        "127.0.0.1",
        "agent",
        "tls_cases",
        &format!("sslmode=require&sslrootcert={ca_option}"),
    );
    let mut store = store(&url);
    // The server refuses plain connections from 127.0.0.1 (pg_hba), so
    // this round trip went over TLS.
    let case = store.create(&new_case("ana", 1_000)).unwrap();
    store
        .append(&case.code, 0, &[note("ana", 2_000, "over TLS")])
        .unwrap();
    let back = store.get(&case.code).unwrap().unwrap();
    assert_eq!(back.notes().count(), 1);

    // The same server without TLS: refused by the server, said plainly.
    let plain = cluster.tcp_url("127.0.0.1", "agent", "tls_cases", "sslmode=disable");
    let err = connect(&plain).unwrap_err();
    assert!(matches!(err, StoreError::Refused { .. }), "{err:?}");
    assert!(err.to_string().contains("pg_hba.conf"), "{err}");

    // An authority this computer does not trust: refused, not retried.
    let untrusted = cluster.tcp_url("127.0.0.1", "agent", "tls_cases", "sslmode=require");
    let err = connect(&untrusted).unwrap_err();
    assert!(matches!(err, StoreError::Refused { .. }), "{err:?}");
    assert!(!err.is_transient(), "{err:?}");
    assert!(err.to_string().contains("sslrootcert="), "{err}");

    // A file that is not a certificate is named.
    let bogus = cluster.tcp_url(
        "127.0.0.1",
        "agent",
        "tls_cases",
        "sslmode=require&sslrootcert=%2Fnonexistent%2Fca.pem",
    );
    let err = connect(&bogus).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");
}

/// A URL without a password takes it from PostgreSQL's password file, as the
/// configuration guide promises; a file others may read is ignored, and the
/// message says so. Run through the real binary, as a user would.
#[cfg(unix)]
#[test]
fn the_password_comes_from_the_password_file_when_the_url_has_none() {
    use std::os::unix::fs::PermissionsExt;
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    cluster.fresh_database("pgpass_cases");
    let url = cluster.url(pg::PASSWORD_ROLE, None, "pgpass_cases");
    let dir = std::env::temp_dir().join(format!("posdoc-pgpass-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("pgpass");
    std::fs::write(
        &file,
        format!(
            "# posdoc's test\n*:*:pgpass_cases:{}:{}\n",
            pg::PASSWORD_ROLE,
            pg::PASSWORD
        ),
    )
    .unwrap();
    let posdoc = |mode: u32| {
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
        std::process::Command::new(env!("CARGO_BIN_EXE_posdoc"))
            .env("PGPASSFILE", &file)
            .env("POSDOC_CONFIG", dir.join("no-config.toml"))
            .env_remove("POSDOC_DATABASE_URL")
            .args(["--lang", "en", "--database-url", &url, "cases"])
            .output()
            .unwrap()
    };
    let out = posdoc(0o600);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "No cases.");

    let out = posdoc(0o644);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("chmod 600"), "{stderr}");
    assert!(!stderr.contains(pg::PASSWORD), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
