//! The contract every [`CaseStore`] keeps, as checks any store's tests run
//! (memory here; SQLite and PostgreSQL in their own tests), so the stores
//! cannot drift apart. Built for tests and benches only (feature `synth`).

use super::{
    CallerDetails, CaseCode, CaseFilter, CaseStatus, CaseStore, Event, EventKind, NewCase, Opened,
    RecordedMove, RecordedPoint, Role, StoreError, Timestamp,
};
use crate::rules::Lang;

fn new_case(operator: &str, at: i64) -> NewCase {
    NewCase {
        started_at: Timestamp(at),
        operator: operator.to_string(),
        role: Role::Agent,
        lang: Lang::Zh,
    }
}

fn event(operator: &str, at: i64, kind: EventKind) -> Event {
    Event {
        at: Timestamp(at),
        operator: operator.to_string(),
        kind,
    }
}

fn moved(node: &str, answer: usize) -> EventKind {
    EventKind::Moved {
        point: RecordedPoint {
            node: node.to_string(),
            step: 0,
            fixed: false,
            via: RecordedMove::Answer { answer },
        },
        cause: None,
    }
}

/// Runs every check against `store`, which must start empty.
pub fn check_all(store: &mut dyn CaseStore) {
    round_trip(store);
    versions_refuse_stale_writes(store);
    holders_and_take_over(store);
    lists_filter_like_case_filter(store);
    missing_cases_are_not_found(store);
}

/// Events come back as written, in order, with the columns they imply.
pub fn round_trip(store: &mut dyn CaseStore) {
    let case = store.create(&new_case("ana", 1_000)).unwrap();
    assert_eq!(case.version, 0);
    assert_eq!(case.holder.as_deref(), Some("ana"));
    let details = CallerDetails {
        merchant_id: "M-88".into(),
        terminal_id: "T-12".into(),
        amount: "128.50".into(),
        sale_time: "14:05".into(),
        last_four: "4321".into(),
    };
    let events = [
        event(
            "ana",
            1_001,
            EventKind::Started {
                point: RecordedPoint {
                    node: "start".into(),
                    step: 0,
                    fixed: false,
                    via: RecordedMove::Start,
                },
            },
        ),
        event("ana", 1_002, moved("power_on", 1)),
        event(
            "ana",
            1_003,
            EventKind::Caller {
                details: details.clone(),
            },
        ),
        event(
            "ana",
            1_004,
            EventKind::Note {
                text: "说：屏幕黑了 screen dark".into(),
            },
        ),
        event("ana", 1_005, EventKind::Back { depth: 0 }),
        event("ana", 1_006, EventKind::Language { lang: Lang::En }),
    ];
    let v1 = store.append(&case.code, 0, &events[..2]).unwrap();
    let v2 = store.append(&case.code, v1, &events[2..]).unwrap();
    assert!(v2 > v1 && v1 > 0);
    let end = event(
        "ana",
        2_000,
        EventKind::Ended {
            status: CaseStatus::Escalated {
                escalation: "call_acquirer".into(),
                diagnosis: Some("dx_card".into()),
            },
        },
    );
    let v3 = store
        .append(&case.code, v2, std::slice::from_ref(&end))
        .unwrap();
    let got = store.get(&case.code).unwrap().expect("the case is there");
    assert_eq!(got.version, v3);
    assert_eq!(got.events.len(), 7);
    assert_eq!(got.events[..6], events[..]);
    assert_eq!(got.events[6], end);
    assert_eq!(got.caller, details);
    assert_eq!(got.lang, Lang::En);
    assert_eq!(got.ended_at, Some(Timestamp(2_000)));
    assert_eq!(got.holder, None, "an ended case is nobody's");
    assert!(matches!(got.status, CaseStatus::Escalated { .. }));
    assert_eq!(got.trail().len(), 1, "Back to depth 0 leaves the start");
    assert_eq!(got.started_at, Timestamp(1_000));
    assert_eq!(got.operator, "ana");
    assert_eq!(got.role, Role::Agent);
}

/// A write based on an old version is refused and writes nothing.
pub fn versions_refuse_stale_writes(store: &mut dyn CaseStore) {
    let case = store.create(&new_case("bo", 3_000)).unwrap();
    let v1 = store
        .append(&case.code, 0, &[event("bo", 3_001, moved("a", 0))])
        .unwrap();
    let stale = store.append(&case.code, 0, &[event("bo", 3_002, moved("b", 0))]);
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    let got = store.get(&case.code).unwrap().unwrap();
    assert_eq!(got.events.len(), 1);
    assert_eq!(got.version, v1);
}

/// A second agent is told who holds a case, may take it over, and the
/// first agent's next write is then refused.
pub fn holders_and_take_over(store: &mut dyn CaseStore) {
    let case = store.create(&new_case("cy", 4_000)).unwrap();
    match store.open(&case.code, "cy", Timestamp(4_001)).unwrap() {
        Opened::Yours(c) => assert_eq!(c.code, case.code),
        other @ Opened::HeldBy { .. } => panic!("the holder opens their own case: {other:?}"),
    }
    let seen = store.get(&case.code).unwrap().unwrap().version;
    match store.open(&case.code, "dee", Timestamp(4_002)).unwrap() {
        Opened::HeldBy { holder, case: c } => {
            assert_eq!(holder, "cy");
            assert_eq!(c.code, case.code);
        }
        other @ Opened::Yours(_) => panic!("held by cy, yet {other:?}"),
    }
    let taken = store
        .take_over(&case.code, "dee", Timestamp(4_003))
        .unwrap();
    assert_eq!(taken.holder.as_deref(), Some("dee"));
    assert!(matches!(
        taken.events.last().map(|e| &e.kind),
        Some(EventKind::TakenOver { from: Some(f) }) if f == "cy"
    ));
    let late = store.append(&case.code, seen, &[event("cy", 4_004, moved("x", 0))]);
    assert!(matches!(late, Err(StoreError::Conflict { .. })), "{late:?}");
    store
        .append(
            &case.code,
            taken.version,
            &[event("dee", 4_005, moved("y", 1))],
        )
        .unwrap();
    // Released, the next agent gets it without a take-over.
    store.release(&case.code, "dee").unwrap();
    assert!(matches!(
        store.open(&case.code, "eve", Timestamp(4_006)).unwrap(),
        Opened::Yours(_)
    ));
}

/// `list` agrees with [`CaseFilter::admits`], newest first.
pub fn lists_filter_like_case_filter(store: &mut dyn CaseStore) {
    let all = store.list(&CaseFilter::default()).unwrap();
    assert!(all.len() >= 3);
    assert!(all.windows(2).all(|w| w[0].started_at >= w[1].started_at));
    let filters = [
        CaseFilter {
            open_only: true,
            ..CaseFilter::default()
        },
        CaseFilter {
            since: Some(Timestamp(3_000)),
            ..CaseFilter::default()
        },
        CaseFilter {
            operator: Some("dee".into()),
            ..CaseFilter::default()
        },
        CaseFilter {
            text: Some("SCREEN DARK".into()),
            ..CaseFilter::default()
        },
        CaseFilter {
            text: Some("4321".into()),
            ..CaseFilter::default()
        },
        CaseFilter {
            limit: Some(1),
            ..CaseFilter::default()
        },
    ];
    for filter in filters {
        let listed: Vec<CaseCode> = store
            .list(&filter)
            .unwrap()
            .into_iter()
            .map(|h| h.code)
            .collect();
        let mut expected: Vec<_> = Vec::new();
        for h in &all {
            let case = store.get(&h.code).unwrap().unwrap();
            if filter.admits(&case) {
                expected.push(h.code.clone());
            }
        }
        expected.truncate(filter.limit.unwrap_or(usize::MAX));
        assert_eq!(listed, expected, "{filter:?}");
    }
}

/// Unknown codes are None or NotFound, never a panic.
pub fn missing_cases_are_not_found(store: &mut dyn CaseStore) {
    let code = CaseCode::parse("ZZZZZZ").unwrap();
    assert!(store.get(&code).unwrap().is_none());
    assert!(matches!(
        store.append(&code, 0, &[]),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.open(&code, "x", Timestamp(0)),
        Err(StoreError::NotFound { .. })
    ));
}

/// Twenty agents, each with its own store (its own connection), write fifty
/// events at once to their own cases; meanwhile a supervisor takes one
/// agent's case over halfway through. That agent's next write is refused
/// (a conflict naming the supervisor) and it stops. Afterwards every
/// acknowledged event is stored exactly once, in order, and nothing else:
/// nothing lost, nothing duplicated, nothing overwritten. `factory` opens a
/// store on the same (empty) place each time it is called.
pub fn concurrent_agents(factory: impl Fn() -> Box<dyn CaseStore> + Sync) {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Barrier, OnceLock};
    use std::time::{Duration, Instant};

    const AGENTS: usize = 20;
    const EVENTS: usize = 50;
    /// The agent whose case is taken over, and after how many events.
    const VICTIM: usize = 7;
    const TAKEN_AFTER: usize = 25;
    const SUPERVISOR: &str = "supervisor";

    fn kind(agent: usize, n: usize) -> EventKind {
        if n.is_multiple_of(2) {
            moved(&format!("node_{agent}_{n}"), n % 3)
        } else {
            EventKind::Note {
                text: format!("agent {agent} note {n}"),
            }
        }
    }

    struct Outcome {
        code: CaseCode,
        acknowledged: Vec<Event>,
        refused_by: Option<Option<String>>,
    }

    let start = Barrier::new(AGENTS + 1);
    let victim_code = OnceLock::new();
    let victim_paused = AtomicBool::new(false);
    let taken_over = AtomicBool::new(false);
    let wait_for = |flag: &AtomicBool, what: &str| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !flag.load(Ordering::Acquire) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(1));
        }
    };

    let (outcomes, supervisor_events) = std::thread::scope(|s| {
        let agents: Vec<_> = (0..AGENTS)
            .map(|agent| {
                let (factory, start, victim_code) = (&factory, &start, &victim_code);
                let (victim_paused, taken_over, wait_for) =
                    (&victim_paused, &taken_over, &wait_for);
                s.spawn(move || {
                    let operator = format!("agent{agent:02}");
                    let mut store = factory();
                    let case = store
                        .create(&new_case(&operator, 10_000 + agent as i64))
                        .unwrap();
                    if agent == VICTIM {
                        victim_code.set(case.code.clone()).unwrap();
                    }
                    start.wait();
                    let mut version = case.version;
                    let mut acknowledged = Vec::new();
                    let mut refused_by = None;
                    for n in 0..EVENTS {
                        if agent == VICTIM && n == TAKEN_AFTER {
                            victim_paused.store(true, Ordering::Release);
                            wait_for(taken_over, "the take-over");
                        }
                        let e = event(&operator, 20_000 + n as i64, kind(agent, n));
                        match store.append(&case.code, version, std::slice::from_ref(&e)) {
                            Ok(v) => {
                                assert!(v > version, "agent {agent}: version {v} after {version}");
                                version = v;
                                acknowledged.push(e);
                            }
                            Err(StoreError::Conflict { holder, .. }) => {
                                refused_by = Some(holder);
                                break;
                            }
                            Err(other) => panic!("agent {agent}, event {n}: {other}"),
                        }
                    }
                    Outcome {
                        code: case.code,
                        acknowledged,
                        refused_by,
                    }
                })
            })
            .collect();

        let supervisor = s.spawn(|| {
            let mut store = factory();
            start.wait();
            wait_for(&victim_paused, "the agent to be mid-case");
            let code = victim_code.get().expect("the agent's case exists").clone();
            let taken = store
                .take_over(&code, SUPERVISOR, Timestamp(30_000))
                .unwrap();
            let mut version = taken.version;
            let mut written = Vec::new();
            for n in 0..3 {
                let e = event(SUPERVISOR, 30_001 + n, moved("supervisor_node", 0));
                version = store
                    .append(&code, version, std::slice::from_ref(&e))
                    .unwrap();
                written.push(e);
            }
            taken_over.store(true, Ordering::Release);
            written
        });

        let outcomes: Vec<Outcome> = agents.into_iter().map(|h| h.join().unwrap()).collect();
        (outcomes, supervisor.join().unwrap())
    });

    let mut store = factory();
    for (agent, outcome) in outcomes.iter().enumerate() {
        let case = store.get(&outcome.code).unwrap().expect("the case is kept");
        if agent == VICTIM {
            assert_eq!(
                outcome.refused_by,
                Some(Some(SUPERVISOR.to_string())),
                "the agent whose case was taken over is told by whom"
            );
            assert_eq!(outcome.acknowledged.len(), TAKEN_AFTER);
            let (before, after) = case.events.split_at(TAKEN_AFTER);
            assert_eq!(before, &outcome.acknowledged[..]);
            assert!(matches!(
                &after[0].kind,
                EventKind::TakenOver { from: Some(f) } if *f == format!("agent{VICTIM:02}")
            ));
            assert_eq!(&after[1..], &supervisor_events[..]);
            assert_eq!(case.holder.as_deref(), Some(SUPERVISOR));
        } else {
            assert_eq!(outcome.refused_by, None, "agent {agent} was refused");
            assert_eq!(outcome.acknowledged.len(), EVENTS);
            assert_eq!(case.events, outcome.acknowledged, "agent {agent}'s case");
        }
    }
    let listed = store.list(&CaseFilter::default()).unwrap();
    assert_eq!(listed.len(), AGENTS, "one case per agent, no more");
    for header in &listed {
        let outcome = outcomes.iter().find(|o| o.code == header.code).unwrap();
        let expected = if outcome.refused_by.is_some() {
            TAKEN_AFTER + 1 + supervisor_events.len()
        } else {
            EVENTS
        };
        assert_eq!(header.events, expected, "{}", header.code);
    }
}
