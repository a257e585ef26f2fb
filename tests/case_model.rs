//! The case model on the real rules: events come from the engine's trail,
//! replay rebuilds the walk, resume survives changed rules, and the memory
//! store keeps the store contract.

mod common;

use posdoc::case::{
    conformance, replay, resume, CaseJournal, CaseStatus, CaseStore, EventKind, JumpCause,
    MemoryStore, NewCase, Recorder, Role, Saved, Timestamp,
};
use posdoc::engine::Session;
use posdoc::rules::Lang;

#[test]
fn the_memory_store_keeps_the_store_contract() {
    conformance::check_all(&mut MemoryStore::new());
}

#[test]
fn every_kind_of_move_becomes_an_event_and_replays_to_the_same_walk() {
    let rules = common::rules();
    let mut s = Session::new(&rules);
    let mut rec = Recorder::new();
    let mut all: Vec<EventKind> = rec.sync(&s, None);
    assert!(matches!(&all[0], EventKind::Started { point } if point.node == "start"));
    s.answer(2).unwrap();
    all.extend(rec.sync(&s, None));
    // Answer until a diagnosis, then report on its steps.
    let mut guard = 0;
    while s.node().as_question().is_some() && guard < 20 {
        s.answer(0).unwrap();
        all.extend(rec.sync(&s, None));
        guard += 1;
    }
    assert!(s.node().as_diagnosis().is_some(), "reached a diagnosis");
    let before_back = s.trail().len();
    s.back();
    all.extend(rec.sync(&s, None));
    assert!(matches!(all.last(), Some(EventKind::Back { depth }) if *depth == before_back - 2));
    let target = rules.find("network.entry").unwrap();
    s.jump(target);
    all.extend(rec.sync(
        &s,
        Some(JumpCause::Search {
            query: "no network".into(),
        }),
    ));
    match all.last() {
        Some(EventKind::Moved {
            point,
            cause: Some(JumpCause::Search { query }),
        }) => {
            assert_eq!(point.node, "network.entry");
            assert_eq!(query, "no network");
        }
        other => panic!("a jump with its cause, got {other:?}"),
    }
    // Nothing happened: nothing to record.
    assert!(rec.sync(&s, None).is_empty());

    let trail = replay(&all);
    let ids: Vec<String> = s
        .trail()
        .iter()
        .map(|p| rules.node(p.node).id.clone())
        .collect();
    assert_eq!(
        trail.iter().map(|p| p.node.clone()).collect::<Vec<_>>(),
        ids
    );
    let back = resume(&rules, &trail);
    assert!(back.missing.is_empty());
    assert_eq!(back.session.trail(), s.trail());

    s.restart();
    all.extend(rec.sync(&s, None));
    assert!(matches!(all.last(), Some(EventKind::Back { depth: 0 })));
}

#[test]
fn resuming_on_changed_rules_stops_before_the_first_missing_node() {
    let rules = common::rules();
    let mut s = Session::new(&rules);
    s.answer(0).unwrap();
    s.answer(0).unwrap();
    let mut trail = replay(&Recorder::new().sync(&s, None));
    assert_eq!(trail.len(), 3);
    trail[1].node = "gone.node".into();
    let back = resume(&rules, &trail);
    assert_eq!(back.missing, vec!["gone.node".to_string()]);
    assert_eq!(back.session.trail().len(), 1);
    assert_eq!(rules.node(back.session.current().node).id, "start");
}

#[test]
fn a_journal_writes_each_event_as_it_happens_and_masks_what_is_typed() {
    let rules = common::rules();
    let mut store = MemoryStore::new();
    let case = store
        .create(&NewCase {
            started_at: Timestamp(10),
            operator: "ana".into(),
            role: Role::Agent,
            lang: Lang::Zh,
        })
        .unwrap();
    let code = case.code.clone();
    let mut journal = CaseJournal::new(Box::new(store), case, None, "ana", true);
    let mut s = Session::new(&rules);
    assert_eq!(
        journal.record(&s, None, Timestamp(11)).unwrap(),
        Saved::AllSaved
    );
    s.answer(0).unwrap();
    journal.record(&s, None, Timestamp(12)).unwrap();
    journal
        .note("卡号 4111 1111 1111 1111 被拒", Timestamp(13))
        .unwrap()
        .unwrap();
    assert!(journal.note("PIN 1234", Timestamp(14)).is_err());
    journal
        .set_caller(posdoc::case::CallerField::LastFour, "4321", Timestamp(15))
        .unwrap()
        .unwrap();
    let stored = journal.store().get(&code).unwrap().unwrap();
    assert_eq!(stored.events.len(), 4, "{:#?}", stored.events);
    let json = serde_json::to_string(&stored).unwrap();
    assert!(!json.contains("4111111111111111") && !json.contains("4111 1111 1111 1111"));
    assert!(!json.contains("1234"), "the refused PIN note is not kept");
    assert_eq!(stored.caller.last_four, "4321");
    assert_eq!(stored.trail().len(), 2);
    journal.end(CaseStatus::Abandoned, Timestamp(20)).unwrap();
    let stored = journal.store().get(&code).unwrap().unwrap();
    assert_eq!(stored.status, CaseStatus::Abandoned);
    assert_eq!(stored.ended_at, Some(Timestamp(20)));
}
