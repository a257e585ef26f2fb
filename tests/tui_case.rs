//! Cases in the full-screen interface: the walk journaled as it happens,
//! the caller's details and notes (masked as typed, PINs refused), the
//! case panel beside or under the walk, agent mode's timer, the summary
//! and its copy, the start screen's open cases, resuming (a node gone from
//! the rules, a case someone else holds), and what quitting keeps. Keys go
//! through the same key tables and `App::update` as the terminal loop;
//! screens are TestBackend snapshots at 80x24 and 120x40, in zh and en.
//!
//! The store here hands out codes in a fixed order, so snapshots are
//! stable; it keeps the memory store's rules (versions, holders).

mod common;

use common::rules;
use posdoc::case::{
    Case, CaseCode, CaseFilter, CaseHeader, CaseStatus, CaseStore, Event, EventKind, MemoryStore,
    NewCase, Opened, RecordedMove, RecordedPoint, Refusal, Role, StoreError, Timestamp,
};
use posdoc::rules::{Lang, RuleSet};
use posdoc::tui::case_state::{CaseSetup, ClipboardWay, SharedStore};
use posdoc::tui::keys::map_key;
use posdoc::tui::state::{Confirm, Overlay};
use posdoc::tui::{buffer_text, render, Action, App, Effect, Mode, Options, Stage};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The codes the test store hands out, in order.
const CODES: [&str; 6] = ["K7M3X9", "P4Q8R2", "W6T9H3", "B2C5D7", "E3F4G6", "H8J2K4"];

/// 2026-11-29 18:47:37 UTC.
const T0: i64 = 1_795_978_057_000;

/// Codes in a fixed order; otherwise the memory store's rules. `down`
/// makes every write fail as a server gone away would.
#[derive(Default)]
struct TestStore {
    inner: MemoryStore,
    made: u64,
    down: Arc<AtomicBool>,
}

fn code(s: &str) -> CaseCode {
    CaseCode::parse(s).unwrap()
}

impl TestStore {
    fn check_up(&self) -> Result<(), StoreError> {
        if self.down.load(Ordering::SeqCst) {
            Err(StoreError::Unavailable {
                reason: "connection refused".into(),
            })
        } else {
            Ok(())
        }
    }

    /// A case of `operator` already walked along `trail` (node ids, each
    /// reached by answer 1), started `minutes` before T0.
    fn seed(&mut self, operator: &str, minutes: i64, trail: &[&str]) -> CaseCode {
        let at = Timestamp(T0 - minutes * 60_000);
        let mut case = self
            .create(&NewCase {
                started_at: at,
                operator: operator.into(),
                role: Role::Agent,
                lang: Lang::En,
            })
            .unwrap();
        let point = |node: &str, first: bool| RecordedPoint {
            node: node.into(),
            step: 0,
            fixed: false,
            via: if first {
                RecordedMove::Start
            } else {
                RecordedMove::Answer { answer: 0 }
            },
        };
        let mut events = vec![];
        for (i, node) in trail.iter().enumerate() {
            let kind = if i == 0 {
                EventKind::Started {
                    point: point(node, true),
                }
            } else {
                EventKind::Moved {
                    point: point(node, false),
                    cause: None,
                }
            };
            events.push(Event {
                at,
                operator: operator.into(),
                kind,
            });
        }
        let v = self.append(&case.code, case.version, &events).unwrap();
        case.version = v;
        case.code
    }
}

impl CaseStore for TestStore {
    fn create(&mut self, new: &NewCase) -> Result<Case, StoreError> {
        self.check_up()?;
        let c = code(CODES[(self.made as usize) % CODES.len()]);
        self.made += 1;
        let case = Case::new(c, new.clone());
        self.inner.insert(case.clone());
        Ok(case)
    }

    fn append(&mut self, c: &CaseCode, version: i64, events: &[Event]) -> Result<i64, StoreError> {
        self.check_up()?;
        self.inner.append(c, version, events)
    }

    fn get(&mut self, c: &CaseCode) -> Result<Option<Case>, StoreError> {
        self.inner.get(c)
    }

    fn list(&mut self, filter: &CaseFilter) -> Result<Vec<CaseHeader>, StoreError> {
        self.inner.list(filter)
    }

    fn open(&mut self, c: &CaseCode, operator: &str, at: Timestamp) -> Result<Opened, StoreError> {
        self.inner.open(c, operator, at)
    }

    fn take_over(
        &mut self,
        c: &CaseCode,
        operator: &str,
        at: Timestamp,
    ) -> Result<Case, StoreError> {
        self.inner.take_over(c, operator, at)
    }

    fn release(&mut self, c: &CaseCode, operator: &str) -> Result<(), StoreError> {
        self.inner.release(c, operator)
    }

    fn describe(&self) -> String {
        "test store".into()
    }
}

struct Bench {
    store: SharedStore,
    down: Arc<AtomicBool>,
}

/// An app keeping cases in a fresh test store (seeded by `seed`), for
/// operator "wang", at T0, `w` x `h`.
fn app_with(
    r: &RuleSet,
    lang: Lang,
    agent: bool,
    (w, h): (u16, u16),
    seed: impl FnOnce(&mut TestStore),
) -> (App<'_>, Bench) {
    let mut store = TestStore::default();
    seed(&mut store);
    let down = store.down.clone();
    let shared = SharedStore::new(Box::new(store));
    let mut a = App::new(
        r,
        lang,
        Options {
            mouse: true,
            color: false,
        },
    );
    a.update(Action::Resize(w, h));
    a.update(Action::Clock(Timestamp(T0)));
    a.attach_cases(CaseSetup {
        store: Box::new(shared.clone()),
        kept: true,
        operator: "wang".into(),
        agent,
        summary_dir: std::path::PathBuf::from("/tmp/posdoc-summaries"),
    });
    (
        a,
        Bench {
            store: shared,
            down,
        },
    )
}

fn app(r: &RuleSet, lang: Lang) -> (App<'_>, Bench) {
    app_with(r, lang, false, (80, 24), |_| {})
}

fn draw(a: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(a, f)).unwrap();
    buffer_text(t.backend().buffer())
}

fn key(a: &mut App, code: KeyCode) -> Effect {
    match map_key(a, KeyEvent::new(code, KeyModifiers::NONE)) {
        Some(action) => a.update(action),
        None => Effect::None,
    }
}

fn ch(a: &mut App, c: char) -> Effect {
    key(a, KeyCode::Char(c))
}

fn type_text(a: &mut App, text: &str) {
    for c in text.chars() {
        ch(a, c);
    }
}

fn at(a: &mut App, seconds: i64) {
    a.update(Action::Clock(Timestamp(T0 + seconds * 1000)));
}

fn current_case(a: &App) -> Case {
    a.cases
        .as_ref()
        .and_then(|d| d.case())
        .cloned()
        .expect("a case on screen")
}

fn stored(b: &mut Bench, c: &CaseCode) -> Case {
    b.store.get(c).unwrap().expect("the case is stored")
}

fn langs() -> [(Lang, &'static str); 2] {
    [(Lang::Zh, "zh"), (Lang::En, "en")]
}

/// Network, no network, SIM card: three answers, at a diagnosis.
fn three_answers(a: &mut App) {
    ch(a, '1');
    ch(a, '1');
    ch(a, '2');
    assert_eq!(a.stage(), Stage::Diagnosis);
}

/// Two answers, some caller's details and two notes.
fn with_details_and_notes(a: &mut App) {
    ch(a, '1');
    at(a, 20);
    ch(a, 'i');
    type_text(a, "M-104-88");
    key(a, KeyCode::Tab);
    type_text(a, "T0099");
    key(a, KeyCode::Tab);
    type_text(a, "128.50");
    key(a, KeyCode::Tab);
    type_text(a, "14:02");
    key(a, KeyCode::Tab);
    type_text(a, "4242");
    key(a, KeyCode::Enter);
    at(a, 40);
    ch(a, 'm');
    type_text(a, "Shop says the router was moved yesterday");
    key(a, KeyCode::Enter);
    ch(a, 'm');
    type_text(a, "Card 4111 1111 1111 1111 declined twice");
    key(a, KeyCode::Enter);
}

#[test]
fn the_walk_is_journaled_as_it_happens() {
    let r = rules();
    let (mut a, mut b) = app(&r, Lang::En);
    // Nothing done yet: no case.
    assert!(a.cases.as_ref().unwrap().journal.is_none());
    at(&mut a, 5);
    three_answers(&mut a);
    let case = current_case(&a);
    assert_eq!(case.started_at, Timestamp(T0 + 5000));
    assert_eq!(case.operator, "wang");
    assert_eq!(case.role, Role::Counter);
    let kept = stored(&mut b, &case.code);
    let moves = kept
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Moved { .. }))
        .count();
    assert!(matches!(kept.events[0].kind, EventKind::Started { .. }));
    assert_eq!(moves, 3, "{:#?}", kept.events);
    assert_eq!(kept.trail().len(), 4);
    // A language switch is an event too.
    ch(&mut a, 'l');
    assert_eq!(stored(&mut b, &case.code).lang, a.lang());
    assert_ne!(a.lang(), Lang::En);
}

#[test]
fn a_search_jump_is_recorded_with_its_query() {
    let r = rules();
    let (mut a, mut b) = app(&r, Lang::En);
    ch(&mut a, '/');
    type_text(&mut a, "51");
    key(&mut a, KeyCode::Enter);
    let case = stored(&mut b, &current_case(&a).code);
    let cause = case.events.iter().find_map(|e| match &e.kind {
        EventKind::Moved { cause, .. } => cause.clone(),
        _ => None,
    });
    assert_eq!(
        cause,
        Some(posdoc::case::JumpCause::Search { query: "51".into() })
    );
}

#[test]
fn an_ended_case_shows_its_summary_and_back_reopens_it() {
    let r = rules();
    let (mut a, mut b) = app(&r, Lang::En);
    three_answers(&mut a);
    ch(&mut a, 'n');
    ch(&mut a, 'y'); // step 2 fixed it
    assert!(matches!(a.mode, Mode::Summary(_)), "the summary on ending");
    let c = current_case(&a).code;
    assert!(matches!(
        stored(&mut b, &c).status,
        CaseStatus::Resolved { step: Some(2), .. }
    ));
    // b leaves the summary for the walk's last point; b again undoes "fixed".
    ch(&mut a, 'b');
    assert!(a.walk().is_some());
    ch(&mut a, 'b');
    assert_eq!(stored(&mut b, &c).status, CaseStatus::InProgress);
    // A finished case needs no confirmation to start a new one or quit.
    ch(&mut a, 'y');
    ch(&mut a, 'b');
    ch(&mut a, 'r');
    assert!(a.overlays.is_empty(), "no question before a new case");
    assert_eq!(a.stage(), Stage::Start);
    assert!(a.cases.as_ref().unwrap().journal.is_none());
    three_answers(&mut a);
    assert_ne!(current_case(&a).code, c, "a new case");
}

#[test]
fn quitting_mid_case_keeps_it_open_and_says_so() {
    let r = rules();
    let (mut a, mut b) = app(&r, Lang::En);
    three_answers(&mut a);
    let c = current_case(&a).code;
    ch(&mut a, 'q');
    assert!(matches!(a.overlay(), Some(Overlay::Confirm(Confirm::Quit))));
    let screen = draw(&a, 80, 24);
    assert!(
        screen.contains("Case K7M-3X9 is kept"),
        "the question says the case is kept:\n{screen}"
    );
    assert_eq!(ch(&mut a, 'y'), Effect::Quit);
    let kept = stored(&mut b, &c);
    assert!(kept.is_open());
    assert_eq!(kept.holder, None, "released for whoever resumes it");
    let all = b.store.list(&CaseFilter::default()).unwrap();
    assert_eq!(all.len(), 1, "no case begins after quitting: {all:#?}");
}

#[test]
fn a_store_that_keeps_nothing_says_so_before_quitting() {
    let r = rules();
    let mut a = App::new(&r, Lang::En, Options::default());
    a.update(Action::Resize(80, 24));
    a.attach_cases(CaseSetup {
        store: Box::new(posdoc::case::MemoryStore::new()),
        kept: false,
        operator: "wang".into(),
        agent: false,
        summary_dir: std::env::temp_dir(),
    });
    three_answers(&mut a);
    ch(&mut a, 'q');
    let screen = draw(&a, 80, 24);
    assert!(screen.contains("This case is not kept"), "{screen}");
}

#[test]
fn a_finished_case_quits_without_asking() {
    let r = rules();
    let (mut a, _b) = app(&r, Lang::En);
    three_answers(&mut a);
    ch(&mut a, 'y');
    assert!(matches!(a.mode, Mode::Summary(_)));
    assert_eq!(ch(&mut a, 'q'), Effect::Quit);
}

#[test]
fn a_note_that_looks_like_a_pin_is_refused_and_not_kept() {
    let r = rules();
    let (mut a, mut b) = app(&r, Lang::En);
    ch(&mut a, '1');
    ch(&mut a, 'm');
    type_text(&mut a, "PIN 1234");
    key(&mut a, KeyCode::Enter);
    match a.overlay() {
        Some(Overlay::Note(st)) => assert_eq!(st.refusal, Some(Refusal::LooksLikeSecret)),
        other => panic!("the note box stays open with the refusal: {other:?}"),
    }
    let screen = draw(&a, 80, 24);
    assert!(screen.contains("looks like a PIN"), "{screen}");
    key(&mut a, KeyCode::Esc);
    let c = current_case(&a).code;
    assert_eq!(stored(&mut b, &c).notes().count(), 0);
    // An empty note is refused too; a plain one is kept.
    ch(&mut a, 'm');
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.overlay(), Some(Overlay::Note(st)) if st.refusal == Some(Refusal::Empty)));
    type_text(&mut a, "router moved");
    key(&mut a, KeyCode::Enter);
    assert!(a.overlay().is_none());
    let notes: Vec<String> = stored(&mut b, &c)
        .notes()
        .map(|(_, n)| n.to_string())
        .collect();
    assert_eq!(notes, ["router moved"]);
}

/// Only digits of every line of a frame, so spaces and dashes hide nothing.
fn digit_lines(screen: &str) -> Vec<String> {
    screen
        .lines()
        .map(|l| l.chars().filter(char::is_ascii_digit).collect())
        .collect()
}

#[test]
fn a_card_number_typed_digit_by_digit_is_never_shown_whole() {
    let r = rules();
    for (number, spaced) in [
        ("4111111111111111", "4111 1111 1111 1111"),
        ("5500005555555559", "5500-0055-5555-5559"),
        ("378282246310005", "378282246310005"),
    ] {
        // In a note and in each caller field, at both sizes.
        for field in 0..5 {
            let (mut a, mut b) = app(&r, Lang::En);
            ch(&mut a, '1');
            if field == 0 {
                ch(&mut a, 'm');
            } else {
                ch(&mut a, 'i');
                for _ in 1..field {
                    key(&mut a, KeyCode::Tab);
                }
            }
            for c in spaced.chars() {
                ch(&mut a, c);
                for (w, h) in [(80, 24), (120, 40)] {
                    let screen = draw(&a, w, h);
                    assert!(
                        !digit_lines(&screen).iter().any(|l| l.contains(number)),
                        "{number} shown whole after typing {c:?}:\n{screen}"
                    );
                }
            }
            let held = format!("{:?}", a.overlay());
            assert!(
                !held
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
                    .contains(number),
                "the box holds the whole number: {held}"
            );
            key(&mut a, KeyCode::Enter);
            let kept = format!("{:?}", stored(&mut b, &current_case(&a).code));
            assert!(!kept.contains(number) && !kept.contains(spaced), "{kept}");
        }
    }
}

#[test]
fn caller_details_are_checked_field_by_field() {
    let r = rules();
    let (mut a, mut b) = app(&r, Lang::En);
    ch(&mut a, 'i');
    // To the last field, backwards.
    key(&mut a, KeyCode::BackTab);
    type_text(&mut a, "42");
    key(&mut a, KeyCode::Enter);
    match a.overlay() {
        Some(Overlay::CallerForm(st)) => {
            assert_eq!(st.field, 4);
            assert_eq!(st.refusal, Some((4, Refusal::NotFourDigits)));
        }
        other => panic!("the form stays open on the refused field: {other:?}"),
    }
    type_text(&mut a, "42");
    key(&mut a, KeyCode::Enter);
    assert!(a.overlay().is_none());
    // The details make a case even before the first answer.
    let c = current_case(&a).code;
    assert_eq!(stored(&mut b, &c).caller.last_four, "4242");
}

#[test]
fn events_wait_while_the_store_is_away_and_the_status_bar_says_so() {
    let r = rules();
    let (mut a, mut b) = app(&r, Lang::En);
    ch(&mut a, '1');
    let c = current_case(&a).code;
    b.down.store(true, Ordering::SeqCst);
    ch(&mut a, '1');
    ch(&mut a, '2');
    let screen = draw(&a, 80, 24);
    assert!(screen.contains("waiting to be saved"), "{screen}");
    assert_eq!(stored(&mut b, &c).trail().len(), 2);
    b.down.store(false, Ordering::SeqCst);
    ch(&mut a, 'm');
    type_text(&mut a, "back online");
    key(&mut a, KeyCode::Enter);
    let kept = stored(&mut b, &c);
    assert_eq!(kept.trail().len(), 4, "nothing lost, in order");
    assert_eq!(kept.notes().count(), 1);
    assert!(!draw(&a, 80, 24).contains("waiting to be saved"));
}

#[test]
fn resuming_a_case_whose_node_is_gone_says_which() {
    let r = rules();
    let mut gone = CaseCode::parse("K7M3X9").unwrap();
    let (mut a, _b) = app_with(&r, Lang::En, false, (80, 24), |s| {
        gone = s.seed(
            "wang",
            30,
            &["start", "network.entry", "network.removed_in_2027"],
        );
    });
    a.resume_case(&gone);
    assert_eq!(a.session.node().id, "network.entry");
    let screen = draw(&a, 80, 24);
    assert!(
        screen.contains("network.removed_in_2027"),
        "the notice names the missing node:\n{screen}"
    );
    // Going on writes to the same case.
    ch(&mut a, '1');
    assert_eq!(current_case(&a).code, gone);
}

#[test]
fn the_start_screen_lists_open_cases_and_o_resumes_one() {
    let r = rules();
    let (mut a, mut b) = app_with(&r, Lang::En, false, (80, 24), |s| {
        s.seed("wang", 50, &["start", "card.entry"]);
        s.seed("wang", 10, &["start", "network.entry"]);
        s.seed("lin", 5, &["start", "network.entry"]);
    });
    let screen = draw(&a, 80, 40);
    assert!(screen.contains("Your open cases"), "{screen}");
    ch(&mut a, 'o');
    assert!(matches!(a.overlay(), Some(Overlay::OpenCases { .. })));
    // Newest first: 1 is the network case.
    ch(&mut a, '1');
    assert!(a.overlay().is_none());
    assert_eq!(a.session.node().id, "network.entry");
    let c = current_case(&a).code;
    assert_eq!(stored(&mut b, &c).holder.as_deref(), Some("wang"));
}

#[test]
fn a_case_held_by_someone_else_can_be_read_or_taken_over() {
    let r = rules();
    let mut held = CaseCode::parse("K7M3X9").unwrap();
    let (mut a, mut b) = app_with(&r, Lang::En, false, (80, 24), |s| {
        held = s.seed("lin", 5, &["start", "network.entry"]);
    });
    a.resume_case(&held);
    assert!(matches!(a.overlay(), Some(Overlay::HeldBy(h)) if h.holder == "lin"));
    // r: read only, nothing written.
    ch(&mut a, 'r');
    assert!(matches!(&a.mode, Mode::Summary(s) if s.read_only.is_some()));
    let screen = draw(&a, 80, 24);
    assert!(screen.contains("Read only: lin"), "{screen}");
    ch(&mut a, 'm');
    assert!(a.overlay().is_none(), "no note on a case read only");
    ch(&mut a, 'b');
    // t: taken over, then worked on.
    a.resume_case(&held);
    ch(&mut a, 't');
    assert_eq!(a.session.node().id, "network.entry");
    ch(&mut a, '1');
    let kept = stored(&mut b, &held);
    assert_eq!(kept.holder.as_deref(), Some("wang"));
    assert!(kept.events.iter().any(
        |e| matches!(&e.kind, EventKind::TakenOver { from } if from.as_deref() == Some("lin"))
    ));
    assert_eq!(kept.trail().len(), 3);
}

#[test]
fn c_on_the_summary_asks_the_event_loop_to_copy_and_says_what_happened() {
    let r = rules();
    let (mut a, _b) = app(&r, Lang::En);
    with_details_and_notes(&mut a);
    ch(&mut a, 'c');
    assert!(matches!(a.mode, Mode::Summary(_)));
    assert_eq!(ch(&mut a, 'c'), Effect::Copy);
    let job = a.copy_job().cloned().expect("a copy job");
    assert!(job.text.contains("Case K7M-3X9"), "{}", job.text);
    assert!(job.text.contains("Merchant ID: M-104-88"), "{}", job.text);
    assert!(!job.text.contains("4111 1111 1111 1111"), "{}", job.text);
    assert_eq!(
        job.path,
        std::path::Path::new("/tmp/posdoc-summaries/posdoc-case-K7M3X9.txt")
    );
    a.update(Action::Copied {
        clipboard: ClipboardWay::Unavailable,
        saved: true,
    });
    assert!(a.copy_job().is_none());
    let screen = draw(&a, 120, 40);
    assert!(
        screen.contains("cannot take the clipboard") && screen.contains("posdoc-case-K7M3X9.txt"),
        "{screen}"
    );
}

#[test]
fn the_agent_timer_counts_from_the_start_of_the_case() {
    let r = rules();
    let (mut a, _b) = app_with(&r, Lang::En, true, (80, 24), |_| {});
    // In agent mode the case begins with the call.
    assert!(a.show_say);
    assert_eq!(a.call_timer().as_deref(), Some("00:00"));
    at(&mut a, 65);
    assert_eq!(a.call_timer().as_deref(), Some("01:05"));
    assert!(a.ticking());
    at(&mut a, 3725);
    assert_eq!(a.call_timer().as_deref(), Some("1:02:05"));
    // Quitting an untouched call leaves no open case behind.
    let (mut a, mut b) = app_with(&r, Lang::En, true, (80, 24), |_| {});
    let c = current_case(&a).code;
    assert_eq!(ch(&mut a, 'q'), Effect::Quit);
    assert_eq!(stored(&mut b, &c).status, CaseStatus::Abandoned);
}

#[test]
fn an_app_without_a_store_keeps_todays_behaviour() {
    let r = rules();
    let mut a = App::new(&r, Lang::En, Options::default());
    for c in ['i', 'm', 'c', 'a', 'o'] {
        ch(&mut a, c);
        assert!(a.overlay().is_none() && a.walk().is_some(), "{c}");
    }
    ch(&mut a, '1');
    ch(&mut a, 'q');
    assert!(draw(&a, 80, 24).contains("will be lost"));
}

// Snapshots.

fn snap(name: &str, screen: &str) {
    insta::assert_snapshot!(name, screen);
}

#[test]
fn snapshots_case_panel_side_and_bottom() {
    let r = rules();
    for (lang, l) in langs() {
        let (mut a, _b) = app(&r, lang);
        with_details_and_notes(&mut a);
        snap(&format!("case_panel_side_{l}_120x40"), &draw(&a, 120, 40));
        snap(&format!("case_panel_bottom_{l}_80x24"), &draw(&a, 80, 24));
    }
}

#[test]
fn snapshots_caller_form_and_note_box() {
    let r = rules();
    for (lang, l) in langs() {
        let (mut a, _b) = app(&r, lang);
        ch(&mut a, '1');
        ch(&mut a, 'i');
        type_text(&mut a, "M-104-88");
        key(&mut a, KeyCode::Tab);
        type_text(&mut a, "4111 1111 1111 1111");
        key(&mut a, KeyCode::BackTab);
        key(&mut a, KeyCode::BackTab);
        type_text(&mut a, "12");
        key(&mut a, KeyCode::Enter);
        snap(&format!("caller_form_refused_{l}_80x24"), &draw(&a, 80, 24));
        key(&mut a, KeyCode::Esc);
        ch(&mut a, 'm');
        type_text(&mut a, "PIN 1234");
        key(&mut a, KeyCode::Enter);
        snap(&format!("note_refused_{l}_80x24"), &draw(&a, 80, 24));
        for _ in 0..8 {
            key(&mut a, KeyCode::Backspace);
        }
        type_text(&mut a, "card 4111 1111 1111 1111 declined");
        snap(&format!("note_typing_{l}_120x40"), &draw(&a, 120, 40));
    }
}

#[test]
fn snapshots_agent_status_bar() {
    let r = rules();
    for (lang, l) in langs() {
        let (mut a, _b) = app_with(&r, lang, true, (80, 24), |_| {});
        ch(&mut a, '1');
        at(&mut a, 65);
        snap(&format!("agent_timer_{l}_80x24"), &draw(&a, 80, 24));
    }
}

#[test]
fn snapshots_summary() {
    let r = rules();
    for (lang, l) in langs() {
        let (mut a, _b) = app(&r, lang);
        with_details_and_notes(&mut a);
        // No network, weak signal: every step not fixed, handed over.
        ch(&mut a, '1');
        ch(&mut a, '2');
        at(&mut a, 300);
        for _ in 0..20 {
            if a.stage() == Stage::Diagnosis {
                ch(&mut a, 'n');
            }
        }
        assert!(matches!(a.mode, Mode::Summary(_)));
        snap(&format!("summary_escalated_{l}_120x40"), &draw(&a, 120, 40));
        snap(&format!("summary_escalated_{l}_80x24"), &draw(&a, 80, 24));
        a.update(Action::Copied {
            clipboard: ClipboardWay::Osc52Tmux,
            saved: true,
        });
        a.update(Action::ScrollToEnd);
        snap(&format!("summary_copied_{l}_80x24"), &draw(&a, 80, 24));
    }
}

#[test]
fn snapshots_start_screen_open_cases_and_held_by() {
    let r = rules();
    for (lang, l) in langs() {
        let mut held = CaseCode::parse("K7M3X9").unwrap();
        let (mut a, _b) = app_with(&r, lang, false, (120, 40), |s| {
            s.seed("wang", 50, &["start", "card.entry"]);
            s.seed("wang", 10, &["start", "network.entry"]);
            held = s.seed("lin", 5, &["start", "network.entry"]);
        });
        snap(&format!("start_open_cases_{l}_120x40"), &draw(&a, 120, 40));
        ch(&mut a, 'o');
        snap(&format!("open_cases_list_{l}_80x24"), &draw(&a, 80, 24));
        key(&mut a, KeyCode::Esc);
        a.resume_case(&held);
        snap(&format!("held_by_{l}_80x24"), &draw(&a, 80, 24));
    }
}

#[test]
fn snapshots_help_lists_the_case_keys() {
    let r = rules();
    for (lang, l) in langs() {
        let (mut a, _b) = app(&r, lang);
        ch(&mut a, '?');
        a.update(Action::ScrollToEnd);
        snap(&format!("help_case_keys_{l}_80x24"), &draw(&a, 80, 24));
    }
}

#[test]
fn snapshots_confirm_texts() {
    let r = rules();
    for (lang, l) in langs() {
        let (mut a, _b) = app(&r, lang);
        three_answers(&mut a);
        ch(&mut a, 'q');
        snap(&format!("confirm_quit_kept_{l}_80x24"), &draw(&a, 80, 24));
        key(&mut a, KeyCode::Esc);
        ch(&mut a, 'r');
        snap(
            &format!("confirm_restart_kept_{l}_80x24"),
            &draw(&a, 80, 24),
        );
    }
}

#[test]
fn resume_with_an_unknown_code_says_so_and_fails() {
    for args in [
        &["resume", "ZZZ-ZZZ"][..],
        &["--lang", "zh", "resume", "22-22-22"],
    ] {
        let out = common::posdoc().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("ZZZ-ZZZ") || err.contains("222-222"), "{err}");
    }
    let out = common::posdoc()
        .args(["resume", "not a code 4111111111111111"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("4111111111111111"), "{err}");
}
