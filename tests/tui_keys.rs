//! State tests of the full-screen interface: every key on every screen,
//! through the same key mapping and `App::update` the terminal loop uses.

mod common;

use common::rules;
use posdoc::rules::{Lang, RuleSet};
use posdoc::tui::doc::Target;
use posdoc::tui::keys::{map_key, map_mouse};
use posdoc::tui::layout::compose;
use posdoc::tui::state::{Confirm, Focus, Overlay, Walk};
use posdoc::tui::{Action, App, Effect, Options, Stage};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

fn app(r: &RuleSet) -> App<'_> {
    let mut a = App::new(
        r,
        Lang::En,
        Options {
            mouse: true,
            color: false,
        },
    );
    a.update(Action::Resize(80, 24));
    a
}

fn key(a: &mut App, code: KeyCode) -> Effect {
    key_mod(a, code, KeyModifiers::NONE)
}

fn key_mod(a: &mut App, code: KeyCode, m: KeyModifiers) -> Effect {
    match map_key(a, KeyEvent::new(code, m)) {
        Some(action) => a.update(action),
        None => Effect::None,
    }
}

fn ch(a: &mut App, c: char) -> Effect {
    key(a, KeyCode::Char(c))
}

fn walk<'a>(a: &'a App) -> &'a Walk {
    a.walk().expect("the walk is the main screen")
}

fn node_id<'a>(a: &'a App) -> &'a str {
    &a.session.node().id
}

/// To a diagnosis whose steps are all actions (weak signal), which ask
/// "fixed?"; the first steps of other diagnoses may be checks or waits.
fn to_diagnosis(a: &mut App) {
    ch(a, '1'); // network
    ch(a, '1'); // no network
    ch(a, '2'); // SIM card, weak signal
    assert_eq!(a.stage(), Stage::Diagnosis);
}

/// The screen position of the first row with `target`.
fn find(a: &App, target: Target) -> (u16, u16) {
    let c = compose(a, Rect::new(0, 0, a.size.0, a.size.1));
    if let Target::Crumb(d) = target {
        for (i, row) in c.path.iter().enumerate() {
            if let Some(h) = row.hits.iter().find(|h| h.2 == d) {
                return (h.0, c.regions.path.y + i as u16);
            }
        }
    }
    for (rows, region) in [(&c.body, c.regions.body), (&c.bottom, c.regions.bottom)] {
        let skip = if region == c.regions.body {
            walk(a).scroll
        } else {
            0
        };
        if let Some(i) = rows
            .iter()
            .skip(skip)
            .position(|r| r.target == Some(target))
        {
            return (region.x + 3, region.y + i as u16);
        }
    }
    panic!("{target:?} not on screen");
}

#[test]
fn only_key_presses_count() {
    let r = rules();
    let a = app(&r);
    let mut ev = KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE);
    ev.kind = KeyEventKind::Release;
    assert_eq!(map_key(&a, ev), None);
    ev.kind = KeyEventKind::Repeat;
    assert_eq!(map_key(&a, ev), None);
}

#[test]
fn key_map_main() {
    let r = rules();
    let a = app(&r);
    let m = |c: KeyCode| map_key(&a, KeyEvent::new(c, KeyModifiers::NONE));
    assert_eq!(m(KeyCode::Char('1')), Some(Action::Choose(0)));
    assert_eq!(m(KeyCode::Char('9')), Some(Action::Choose(8)));
    assert_eq!(m(KeyCode::Up), Some(Action::SelectPrev));
    assert_eq!(m(KeyCode::Char('k')), Some(Action::SelectPrev));
    assert_eq!(m(KeyCode::Down), Some(Action::SelectNext));
    assert_eq!(m(KeyCode::Char('j')), Some(Action::SelectNext));
    assert_eq!(m(KeyCode::Enter), Some(Action::Confirm));
    assert_eq!(m(KeyCode::Backspace), Some(Action::GoBack));
    assert_eq!(m(KeyCode::Char('b')), Some(Action::GoBack));
    assert_eq!(m(KeyCode::Char('r')), Some(Action::Restart));
    assert_eq!(m(KeyCode::Char('l')), Some(Action::SwitchLanguage));
    assert_eq!(m(KeyCode::Char('s')), Some(Action::ToggleSay));
    assert_eq!(m(KeyCode::Char('?')), Some(Action::OpenHelp));
    assert_eq!(m(KeyCode::Char('/')), Some(Action::OpenSearch));
    assert_eq!(m(KeyCode::Char('q')), Some(Action::Quit));
    assert_eq!(m(KeyCode::Esc), Some(Action::Cancel));
    assert_eq!(m(KeyCode::Tab), Some(Action::ToggleFocus));
    assert_eq!(m(KeyCode::Char('y')), Some(Action::Fixed));
    assert_eq!(m(KeyCode::Char('n')), Some(Action::NotFixed));
    assert_eq!(m(KeyCode::PageDown), Some(Action::ScrollPageDown));
    assert_eq!(m(KeyCode::F(5)), None);
    let c = |ch: char| map_key(&a, KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL));
    assert_eq!(c('c'), Some(Action::Interrupt));
    assert_eq!(c('z'), Some(Action::Suspend));
}

#[test]
fn key_tables_per_context() {
    use posdoc::tui::keys::{KeyContext, CONFIRM_DIALOG, HELP, MAIN, PATH};
    // Left and right only move along the path; on the content they mean nothing.
    assert_eq!(MAIN.action(KeyCode::Left), Some(Action::Acknowledge));
    assert_eq!(PATH.action(KeyCode::Left), Some(Action::SelectPrev));
    assert_eq!(PATH.action(KeyCode::Char('h')), Some(Action::SelectPrev));
    assert_eq!(PATH.action(KeyCode::Right), Some(Action::SelectNext));
    assert_eq!(PATH.action(KeyCode::Home), Some(Action::SelectFirst));
    assert_eq!(MAIN.action(KeyCode::Home), Some(Action::ScrollToTop));
    // Keys the path does not use act on the content.
    assert_eq!(PATH.action(KeyCode::Char('q')), Some(Action::Quit));
    assert_eq!(PATH.action(KeyCode::Char('2')), Some(Action::Choose(1)));
    assert_eq!(PATH.action(KeyCode::F(5)), None);
    // A confirmation: y confirms, every other key says no.
    assert_eq!(
        CONFIRM_DIALOG.action(KeyCode::Char('Y')),
        Some(Action::Confirm)
    );
    for k in [
        KeyCode::Char('n'),
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::F(5),
    ] {
        assert_eq!(CONFIRM_DIALOG.action(k), Some(Action::Cancel), "{k:?}");
    }
    // In help, q and Enter close help; l still switches the language.
    assert_eq!(HELP.action(KeyCode::Char('q')), Some(Action::Cancel));
    assert_eq!(HELP.action(KeyCode::Enter), Some(Action::Cancel));
    assert_eq!(
        HELP.action(KeyCode::Char('l')),
        Some(Action::SwitchLanguage)
    );
    assert_eq!(HELP.action(KeyCode::F(5)), None);
    // Which table is live follows what is open.
    let r = rules();
    let mut a = app(&r);
    assert_eq!(KeyContext::of(&a), KeyContext::Main);
    ch(&mut a, '1');
    key(&mut a, KeyCode::Tab);
    assert_eq!(KeyContext::of(&a), KeyContext::Path);
    ch(&mut a, '?');
    assert_eq!(KeyContext::of(&a), KeyContext::Help);
    ch(&mut a, 'q');
    ch(&mut a, '/');
    assert_eq!(KeyContext::of(&a), KeyContext::SearchBox);
    key(&mut a, KeyCode::Esc);
    ch(&mut a, 'q');
    assert_eq!(KeyContext::of(&a), KeyContext::ConfirmDialog);
}

#[test]
fn key_map_in_search_types_letters() {
    let r = rules();
    let mut a = app(&r);
    ch(&mut a, '/');
    for c in ['q', 'b', 'j', '1', 'l', '?'] {
        assert_eq!(
            map_key(&a, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            Some(Action::Type(c))
        );
    }
    assert_eq!(
        map_key(&a, KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
        Some(Action::Erase)
    );
}

#[test]
fn start_screen_keys() {
    let r = rules();
    let mut a = app(&r);
    assert_eq!(a.stage(), Stage::Start);
    // Moving the selection, then Enter.
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    ch(&mut a, 'k');
    assert_eq!(walk(&a).selected, Some(1));
    key(&mut a, KeyCode::Up);
    key(&mut a, KeyCode::Up);
    assert_eq!(walk(&a).selected, Some(0));
    // Back at the start says so.
    ch(&mut a, 'b');
    assert_eq!(a.status.as_ref().unwrap().key, "tui.msg_at_start");
    // A number with no answer.
    let n = a.choice_count();
    if n < 9 {
        ch(&mut a, char::from_digit(n as u32 + 1, 10).unwrap());
        assert_eq!(a.status.as_ref().unwrap().key, "tui.msg_no_choice");
    }
    // r with nothing in progress: no question asked.
    ch(&mut a, 'r');
    assert!(a.overlay().is_none());
    // s toggles the read-aloud line.
    ch(&mut a, 's');
    assert!(a.show_say);
    ch(&mut a, 's');
    assert!(!a.show_say);
    // Enter chooses the selected answer.
    key(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "network.entry");
    assert_eq!(a.stage(), Stage::Question);
}

#[test]
fn quit_at_start_needs_no_confirmation() {
    let r = rules();
    for k in [KeyCode::Char('q'), KeyCode::Esc] {
        let mut a = app(&r);
        assert_eq!(key(&mut a, k), Effect::Quit);
        assert!(a.quit);
    }
    let mut a = app(&r);
    assert_eq!(
        key_mod(&mut a, KeyCode::Char('c'), KeyModifiers::CONTROL),
        Effect::Quit
    );
}

#[test]
fn quit_in_progress_asks_first() {
    let r = rules();
    let mut a = app(&r);
    ch(&mut a, '1');
    assert_eq!(ch(&mut a, 'q'), Effect::None);
    assert!(matches!(a.overlay(), Some(Overlay::Confirm(Confirm::Quit))));
    // Any other key stays.
    assert_eq!(ch(&mut a, 'n'), Effect::None);
    assert!(a.overlay().is_none());
    assert_eq!(node_id(&a), "network.entry");
    // Esc asks too; y quits.
    key(&mut a, KeyCode::Esc);
    assert_eq!(ch(&mut a, 'y'), Effect::Quit);
    // Ctrl-C twice quits.
    let mut a = app(&r);
    ch(&mut a, '1');
    assert_eq!(
        key_mod(&mut a, KeyCode::Char('c'), KeyModifiers::CONTROL),
        Effect::None
    );
    assert_eq!(
        key_mod(&mut a, KeyCode::Char('c'), KeyModifiers::CONTROL),
        Effect::Quit
    );
}

#[test]
fn restart_in_progress_asks_first() {
    let r = rules();
    let mut a = app(&r);
    ch(&mut a, '1');
    ch(&mut a, '1');
    ch(&mut a, 'r');
    assert!(matches!(
        a.overlay(),
        Some(Overlay::Confirm(Confirm::Restart))
    ));
    key(&mut a, KeyCode::Esc);
    assert_ne!(a.stage(), Stage::Start);
    ch(&mut a, 'r');
    ch(&mut a, 'y');
    assert_eq!(a.stage(), Stage::Start);
    assert!(!a.session.in_progress());
}

#[test]
fn question_keys_back_and_path() {
    let r = rules();
    let mut a = app(&r);
    ch(&mut a, '1');
    ch(&mut a, '2');
    let deep = node_id(&a).to_string();
    assert_ne!(deep, "network.entry");
    // Back selects the answer that was chosen.
    key(&mut a, KeyCode::Backspace);
    assert_eq!(node_id(&a), "network.entry");
    assert_eq!(walk(&a).selected, Some(1));
    assert_eq!(a.status.as_ref().unwrap().key, "tui.msg_went_back");
    key(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), deep);
    // Tab to the path, left twice, Enter: back to the start.
    key(&mut a, KeyCode::Tab);
    assert_eq!(walk(&a).focus, Focus::Path);
    assert_eq!(walk(&a).path_sel, 2);
    key(&mut a, KeyCode::Left);
    key(&mut a, KeyCode::Left);
    key(&mut a, KeyCode::Left);
    assert_eq!(walk(&a).path_sel, 0);
    key(&mut a, KeyCode::Right);
    assert_eq!(walk(&a).path_sel, 1);
    key(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "network.entry");
    assert_eq!(walk(&a).focus, Focus::Content);
    // Tab then Esc leaves the path without quitting.
    key(&mut a, KeyCode::Tab);
    assert_eq!(key(&mut a, KeyCode::Esc), Effect::None);
    assert_eq!(walk(&a).focus, Focus::Content);
    assert!(a.overlay().is_none());
}

#[test]
fn language_switch_stays_on_the_same_point() {
    let r = rules();
    let mut a = app(&r);
    ch(&mut a, '1');
    key(&mut a, KeyCode::Down);
    let trail = a.session.trail().to_vec();
    // l cycles English → traditional → simplified Chinese → English.
    for want in [Lang::ZhHant, Lang::Zh, Lang::En] {
        ch(&mut a, 'l');
        assert_eq!(a.lang(), want);
        assert_eq!(a.session.trail(), &trail[..]);
        assert_eq!(walk(&a).selected, Some(1));
    }
}

#[test]
fn diagnosis_keys() {
    let r = rules();
    let mut a = app(&r);
    to_diagnosis(&mut a);
    let steps = a.session.node().as_diagnosis().unwrap().steps.len();
    assert!(steps >= 2);
    // n: next step; 2: next step; b: back one step.
    ch(&mut a, 'n');
    assert_eq!(a.session.current().step, 1);
    ch(&mut a, 'b');
    assert_eq!(a.session.current().step, 0);
    assert_eq!(walk(&a).selected, Some(1), "back selects 'not fixed' again");
    ch(&mut a, '2');
    assert_eq!(a.session.current().step, 1);
    // Up/Down and Enter.
    key(&mut a, KeyCode::Up);
    assert_eq!(walk(&a).selected, Some(0));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.session.current().step.min(steps), 2.min(steps));
    ch(&mut a, 'b');
    // y: fixed → resolved.
    ch(&mut a, 'y');
    assert_eq!(a.stage(), Stage::Resolved);
    ch(&mut a, 'b');
    ch(&mut a, '1');
    assert_eq!(a.stage(), Stage::Resolved);
    ch(&mut a, 'b');
    // Not fixed after the last step → escalation.
    while a.stage() == Stage::Diagnosis {
        ch(&mut a, 'n');
    }
    assert_eq!(a.stage(), Stage::Escalation);
    // A number that is no choice.
    ch(&mut a, 'b');
    ch(&mut a, '5');
    assert_eq!(a.status.as_ref().unwrap().key, "tui.msg_no_choice");
}

#[test]
fn finished_screen_keys() {
    let r = rules();
    let mut a = app(&r);
    to_diagnosis(&mut a);
    while a.stage() == Stage::Diagnosis {
        ch(&mut a, 'n');
    }
    assert_eq!(a.stage(), Stage::Escalation);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.status.as_ref().unwrap().key, "tui.msg_finished");
    ch(&mut a, '1');
    assert_eq!(a.status.as_ref().unwrap().key, "tui.msg_finished");
    // Scrolling.
    key(&mut a, KeyCode::PageDown);
    let s = walk(&a).scroll;
    key(&mut a, KeyCode::End);
    assert!(walk(&a).scroll >= s);
    key(&mut a, KeyCode::Home);
    assert_eq!(walk(&a).scroll, 0);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Up);
    assert_eq!(walk(&a).scroll, 0);
    // y / n do nothing here.
    ch(&mut a, 'y');
    ch(&mut a, 'n');
    assert_eq!(a.stage(), Stage::Escalation);
    // Resolved: r asks, y restarts.
    ch(&mut a, 'b');
    ch(&mut a, 'y');
    assert_eq!(a.stage(), Stage::Resolved);
    ch(&mut a, 'r');
    ch(&mut a, 'y');
    assert_eq!(a.stage(), Stage::Start);
}

#[test]
fn help_overlay_keys() {
    let r = rules();
    let mut a = app(&r);
    ch(&mut a, '?');
    assert!(matches!(a.overlay(), Some(Overlay::Help { .. })));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    assert!(matches!(a.overlay(), Some(Overlay::Help { scroll }) if *scroll <= 2));
    // l switches the language inside help.
    ch(&mut a, 'l');
    assert_eq!(a.lang(), Lang::ZhHant);
    // q closes help, it does not quit.
    assert_eq!(ch(&mut a, 'q'), Effect::None);
    assert!(a.overlay().is_none());
    ch(&mut a, '?');
    ch(&mut a, '?');
    assert!(a.overlay().is_none());
    ch(&mut a, '?');
    key(&mut a, KeyCode::Esc);
    assert!(a.overlay().is_none());
}

#[test]
fn search_overlay_keys() {
    let r = rules();
    let mut a = app(&r);
    ch(&mut a, '/');
    for c in "q51".chars() {
        ch(&mut a, c);
    }
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::Backspace);
    ch(&mut a, '5');
    ch(&mut a, '1');
    let Some(Overlay::Search(st)) = a.overlay() else {
        panic!("search closed")
    };
    assert_eq!(st.query, "51");
    let hits = st.hits.len();
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Up);
    assert!(hits > 0, "search found nothing for 51");
    let target = match a.overlay() {
        Some(Overlay::Search(st)) => st.hits[0].node,
        _ => unreachable!(),
    };
    assert_eq!(r.node(target).id, r.node(r.code("51").unwrap().node).id);
    key(&mut a, KeyCode::Enter);
    assert!(a.overlay().is_none());
    assert_eq!(a.session.current().node, target);
    // Back returns to where the search started.
    ch(&mut a, 'b');
    assert_eq!(a.stage(), Stage::Start);
    ch(&mut a, '/');
    key(&mut a, KeyCode::Esc);
    assert!(a.overlay().is_none());
    assert_eq!(a.stage(), Stage::Start);
}

#[test]
// x and y are screen columns and rows; longer names would not help here.
#[allow(clippy::many_single_char_names)]
fn mouse_clicks_answers_breadcrumbs_and_wheel() {
    let r = rules();
    let mut a = app(&r);
    let (x, y) = find(&a, Target::Answer(0));
    let click = |x, y| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    };
    let act = map_mouse(&a, click(x, y)).unwrap();
    a.update(act);
    assert_eq!(node_id(&a), "network.entry");
    let (x, y) = find(&a, Target::Answer(0));
    a.update(map_mouse(&a, click(x, y)).unwrap());
    let (x, y) = find(&a, Target::Crumb(1));
    a.update(map_mouse(&a, click(x, y)).unwrap());
    assert_eq!(node_id(&a), "network.entry");
    // Diagnosis: click "not fixed".
    let mut d = app(&r);
    to_diagnosis(&mut d);
    let (x, y) = find(&d, Target::Fixed(false));
    d.update(map_mouse(&d, click(x, y)).unwrap());
    assert_eq!(d.session.current().step, 1);
    // Wheel scrolls a long page.
    d.update(Action::Resize(60, 16));
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 5,
        row: 8,
        modifiers: KeyModifiers::NONE,
    };
    let before = walk(&d).scroll;
    d.update(map_mouse(&d, wheel).unwrap());
    assert!(walk(&d).scroll >= before);
    // --no-mouse: nothing.
    let mut n = app(&r);
    n.opts.mouse = false;
    assert_eq!(map_mouse(&n, wheel), None);
}

#[test]
fn resize_and_signals() {
    let r = rules();
    let mut a = app(&r);
    a.update(Action::Resize(59, 16));
    assert!(a.too_small());
    a.update(Action::Resize(60, 15));
    assert!(a.too_small());
    a.update(Action::Resize(60, 16));
    assert!(!a.too_small());
    assert_eq!(a.update(Action::Suspend), Effect::Suspend);
    ch(&mut a, '1');
    assert_eq!(a.update(Action::Terminate), Effect::Quit);
}

#[test]
fn selection_stays_in_view_when_small() {
    let r = rules();
    let mut a = app(&r);
    a.update(Action::Resize(60, 16));
    for _ in 0..8 {
        key(&mut a, KeyCode::Down);
    }
    assert_eq!(walk(&a).selected, Some(8));
    let c = compose(&a, Rect::new(0, 0, 60, 16));
    let h = c.regions.body.height as usize;
    let last = c
        .body
        .iter()
        .rposition(|r| r.target == Some(Target::Answer(8)))
        .unwrap();
    assert!(last >= walk(&a).scroll && last < walk(&a).scroll + h);
}

#[test]
fn slash_a0_enter_lands_on_sign_in_advice_and_back_returns() {
    let r = rules();
    let mut a = app(&r);
    ch(&mut a, '1');
    let before = a.session.current().node;
    ch(&mut a, '/');
    ch(&mut a, 'a');
    ch(&mut a, '0');
    key(&mut a, KeyCode::Enter);
    assert!(a.overlay().is_none());
    let here = r.node(a.session.current().node);
    assert_eq!(here.id, r.node(r.code("A0").unwrap().node).id);
    assert!(
        here.title()
            .get(Lang::En)
            .to_lowercase()
            .contains("sign in"),
        "{}",
        here.title().get(Lang::En)
    );
    ch(&mut a, 'b');
    assert_eq!(a.session.current().node, before);
}

/// An app opened at a response code, as `posdoc --code CODE` opens it.
fn app_at_code<'r>(r: &'r RuleSet, code: &str) -> App<'r> {
    let mut session = posdoc::engine::Session::new(r);
    session.jump(r.code(code).expect("a known code").node);
    let mut a = App::with_session(
        session,
        Lang::En,
        Options {
            mouse: true,
            color: false,
        },
    );
    a.update(Action::Resize(80, 24));
    a
}

fn keys_line(a: &App) -> String {
    let c = compose(a, Rect::new(0, 0, a.size.0, a.size.1));
    c.keys.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// Issue 12.1: `posdoc --lang en --code 96`, Enter must not close the case
/// as "fixed by step 1".
#[test]
fn enter_on_a_remedy_step_never_marks_it_fixed() {
    let r = rules();
    let mut a = app_at_code(&r, "96");
    assert_eq!(a.stage(), Stage::Diagnosis);
    assert_eq!(walk(&a).selected, None, "nothing is selected at a step");
    assert!(!keys_line(&a).contains("Enter"), "{}", keys_line(&a));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.stage(), Stage::Diagnosis);
    assert!(!a.session.is_finished());
    assert_eq!(a.status.as_ref().unwrap().key, "tui.msg_choose_first");
    // The next step, too; choosing "fixed" still works on purpose.
    ch(&mut a, 'n');
    assert_eq!(walk(&a).selected, None);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.session.current().step, 1);
    key(&mut a, KeyCode::Down);
    assert_eq!(walk(&a).selected, Some(0));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.stage(), Stage::Resolved);
    // Back to the step that fixed it: "fixed" is not selected again.
    ch(&mut a, 'b');
    assert_eq!(a.stage(), Stage::Diagnosis);
    assert_eq!(walk(&a).selected, None);
}

/// Issue 12.1: no question preselects an answer that ends the case, and
/// where nothing is selected the key line does not offer Enter.
#[test]
fn no_question_preselects_an_answer_that_ends_the_case() {
    let r = rules();
    for (i, node) in r.nodes.iter().enumerate() {
        let Some(q) = node.as_question() else {
            continue;
        };
        let mut session = posdoc::engine::Session::new(&r);
        let idx = posdoc::rules::NodeIdx(i as u32);
        if idx != r.start {
            session.jump(idx);
        }
        let mut a = App::with_session(session, Lang::En, Options::default());
        a.update(Action::Resize(80, 24));
        let first_ends = matches!(
            r.node(q.answers[0].next).body,
            posdoc::rules::NodeBody::Resolved(_) | posdoc::rules::NodeBody::Escalation(_)
        );
        assert_eq!(a.ends_case(0), first_ends, "{}", node.id);
        let selected = walk(&a).selected;
        assert_eq!(selected.is_none(), first_ends, "{}", node.id);
        assert_eq!(
            keys_line(&a).contains("Enter"),
            selected.is_some(),
            "{}: {}",
            node.id,
            keys_line(&a)
        );
    }
}

/// Issue 12.4: a full-width digit from a Chinese input method chooses, and
/// capitals (Caps Lock) act like small letters.
#[test]
fn full_width_digits_and_capitals_are_keys() {
    let r = rules();
    let mut a = app(&r);
    ch(&mut a, '１'); // U+FF11 FULLWIDTH DIGIT ONE
    assert_eq!(node_id(&a), "network.entry");
    ch(&mut a, 'Ｂ'); // full-width capital B: back
    assert_eq!(a.stage(), Stage::Start);
    ch(&mut a, '３');
    assert_eq!(a.session.trail().len(), 2, "full-width 3 chose an answer");
    ch(&mut a, 'B');
    assert_eq!(a.stage(), Stage::Start);
    ch(&mut a, 'S');
    assert!(a.show_say);
    ch(&mut a, 'L');
    assert_eq!(a.lang(), Lang::ZhHant);
    ch(&mut a, 'Ｌ');
    ch(&mut a, 'l');
    assert_eq!(a.lang(), Lang::En);
    assert_eq!(ch(&mut a, 'Q'), Effect::Quit);
    let mut a = app(&r);
    assert_eq!(ch(&mut a, 'Ｑ'), Effect::Quit);
    // In the search box a capital is typed as it is.
    let mut a = app(&r);
    ch(&mut a, '/');
    ch(&mut a, 'Q');
    ch(&mut a, '５');
    let Some(Overlay::Search(st)) = a.overlay() else {
        panic!("search closed")
    };
    assert_eq!(st.query, "Q5");
    assert_eq!(posdoc::tui::keys::normalize_key('Ａ'), 'A');
    assert_eq!(posdoc::tui::keys::normalize_key('中'), '中');
}

/// Issue 12.5: once the case is resolved or handed over, q quits at once.
#[test]
fn quit_after_the_case_ended_needs_no_confirmation() {
    let r = rules();
    let mut a = app(&r);
    to_diagnosis(&mut a);
    while a.stage() == Stage::Diagnosis {
        ch(&mut a, 'n');
    }
    assert_eq!(a.stage(), Stage::Escalation);
    assert_eq!(ch(&mut a, 'q'), Effect::Quit);
    let mut a = app(&r);
    to_diagnosis(&mut a);
    ch(&mut a, 'y');
    assert_eq!(a.stage(), Stage::Resolved);
    assert_eq!(key(&mut a, KeyCode::Esc), Effect::Quit);
}

/// Issue 12.5: the question is asked in words, also on the too-small screen.
#[test]
fn quit_question_is_shown_even_when_too_small() {
    use posdoc::tui::{buffer_text, render};
    use ratatui::{backend::TestBackend, Terminal};
    let r = rules();
    for (w, h) in [(60, 16), (59, 15), (40, 10)] {
        let mut a = app(&r);
        a.update(Action::Resize(w, h));
        ch(&mut a, '1');
        ch(&mut a, 'q');
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| render(&a, f)).unwrap();
        let text = buffer_text(t.backend().buffer());
        assert!(text.contains("Quit posdoc?"), "{w}x{h}:\n{text}");
        assert!(text.contains("y: quit"), "{w}x{h}:\n{text}");
        assert_eq!(ch(&mut a, 'y'), Effect::Quit);
    }
}

/// Issue 12.3: PgDn in help moves by the height of the help box.
#[test]
fn help_pages_by_its_height() {
    let r = rules();
    for (w, h) in [(60, 16), (80, 24)] {
        let mut a = app(&r);
        a.update(Action::Resize(w, h));
        ch(&mut a, '?');
        let c = compose(&a, Rect::new(0, 0, w, h));
        let page = c.help_page();
        assert!(page > 1);
        key(&mut a, KeyCode::PageDown);
        let Some(Overlay::Help { scroll }) = a.overlay() else {
            panic!("help closed")
        };
        assert_eq!(*scroll, page.min(c.help_max_scroll()), "{w}x{h}");
    }
}

/// Issue 12.3: at the smallest size every key line keeps help and quit.
#[test]
fn key_lines_keep_help_and_quit_when_narrow() {
    use posdoc::tui::layout::fit_keys;
    for lang in Lang::ALL {
        let s = posdoc::i18n::Strings::new(lang);
        for key in [
            "tui.keys.start",
            "tui.keys.start_choose",
            "tui.keys.question",
            "tui.keys.question_choose",
            "tui.keys.diagnosis",
            "tui.keys.finished",
        ] {
            let line = fit_keys(s.get(key), 60);
            // With its leading space the line fits 60 columns.
            assert!(posdoc::tui::wrap::width(&line) < 60, "{line}");
            assert!(line.contains("? ") && line.contains("q "), "{key}: {line}");
        }
    }
}

fn query<'a>(a: &'a App) -> &'a posdoc::tui::state::SearchState {
    match a.overlay() {
        Some(Overlay::Search(st)) => st,
        _ => panic!("search closed"),
    }
}

/// Issue 9.2: a paste is one piece, card numbers masked, clipped once.
#[test]
fn a_paste_is_one_piece_masked_and_clipped() {
    use posdoc::search::text::MAX_QUERY_CHARS;
    let r = rules();
    let mut a = app(&r);
    // Outside the search box a paste answers nothing.
    a.paste("1");
    assert_eq!(a.stage(), Stage::Start);
    ch(&mut a, '/');
    a.paste("card 4111 1111 1111 1111\nplease");
    a.catch_up();
    let st = query(&a);
    assert!(!st.query.contains("4111 1111 1111 1111"), "{}", st.query);
    assert!(st.query.ends_with("1111 please"), "{}", st.query);
    assert!(!st.query.chars().any(char::is_control));
    // A huge paste is clipped to the longest query, once.
    a.paste(&"x".repeat(100_000));
    a.catch_up();
    assert_eq!(query(&a).query.chars().count(), MAX_QUERY_CHARS);
    // Esc right behind a paste still closes the box.
    let mut a = app(&r);
    ch(&mut a, '/');
    a.paste(&"51 ".repeat(10_000));
    a.update_queued(Action::Cancel);
    a.catch_up();
    assert!(a.overlay().is_none());
}

/// A card number typed key by key into the search box is held as masking
/// it whole shows it, at every key: never the whole number, and erasing
/// brings no hidden digit back.
#[test]
fn a_card_number_typed_into_search_is_masked_at_every_key() {
    let r = rules();
    let mut a = app(&r);
    ch(&mut a, '/');
    let typed = "4111 1111 1111 1111";
    let mut so_far = String::new();
    for c in typed.chars() {
        ch(&mut a, c);
        so_far.push(c);
        a.catch_up();
        let st = query(&a);
        assert_eq!(
            st.query,
            posdoc::privacy::mask_card_numbers(&so_far),
            "after {so_far:?}"
        );
    }
    assert_eq!(query(&a).query, "4111 11** **** 1111");
    // Its digit groups are searched for nothing (before, "11**" found the
    // response code 11, "approved").
    assert!(query(&a).hits.is_empty(), "{:?}", query(&a).hits);
    key(&mut a, KeyCode::Backspace);
    a.catch_up();
    assert!(
        !query(&a).query.contains("1111 1111"),
        "{}",
        query(&a).query
    );
}

/// Issue 9.2: typed keys queued together are searched once, before the frame.
#[test]
fn queued_typing_searches_once() {
    let r = rules();
    let mut a = app(&r);
    ch(&mut a, '/');
    for c in "51".chars() {
        a.update_queued(Action::Type(c));
        assert!(query(&a).pending, "searched on every key");
    }
    a.catch_up();
    let st = query(&a);
    assert!(!st.pending);
    assert!(!st.hits.is_empty());
    // Enter behind typed keys jumps to a hit of the query as typed.
    let mut a = app(&r);
    ch(&mut a, '/');
    for c in "51".chars() {
        a.update_queued(Action::Type(c));
    }
    a.update_queued(Action::Confirm);
    assert!(a.overlay().is_none());
    assert_eq!(a.session.current().node, r.code("51").unwrap().node);
}

/// Issue 12.1 on a question: in the walk fixture, "What does the terminal
/// show?" has "Approved" (resolved) first. Nothing is selected there, the
/// key line does not offer Enter, and Enter does not close the case.
#[test]
fn a_question_whose_first_answer_ends_the_case_selects_nothing() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/walk_fixture");
    let loaded = posdoc::rules::load(Some(std::path::Path::new(dir))).expect("fixture loads");
    let r = loaded.rules.expect("fixture rules");
    let mut a = app(&r);
    assert_eq!(
        walk(&a).selected,
        Some(0),
        "the start menu selects its first answer"
    );
    ch(&mut a, '1');
    assert_eq!(node_id(&a), "card.check");
    assert!(a.ends_case(0));
    assert_eq!(walk(&a).selected, None);
    assert!(!keys_line(&a).contains("Enter"), "{}", keys_line(&a));
    key(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "card.check");
    assert!(!a.session.is_finished());
    assert_eq!(a.status.as_ref().unwrap().key, "tui.msg_choose_first");
    // Chosen on purpose, it ends the case; back, it is not selected again.
    key(&mut a, KeyCode::Down);
    assert_eq!(walk(&a).selected, Some(0));
    assert!(keys_line(&a).contains("Enter"));
    key(&mut a, KeyCode::Enter);
    assert!(a.session.is_finished());
    ch(&mut a, 'b');
    assert_eq!(node_id(&a), "card.check");
    assert_eq!(walk(&a).selected, None);
}

/// The body's text as laid out for the current state.
fn body_text(a: &App) -> String {
    compose(a, Rect::new(0, 0, a.size.0, a.size.1))
        .body
        .iter()
        .map(|row| row.line.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_jump_by_code_shows_what_the_code_means_until_the_walk_moves() {
    let r = rules();
    // As `posdoc --code 51` opens it.
    let rc = r.code("51").expect("code 51 is in the rules");
    let mut session = posdoc::engine::Session::new(&r);
    session.jump(rc.node);
    let mut a = App::with_session(
        session,
        Lang::En,
        Options {
            mouse: true,
            color: false,
        },
    );
    a.update(Action::Resize(80, 24));
    a.opened_at_code("51");
    let meaning = rc.meaning.get(Lang::En);
    let shown = body_text(&a);
    assert!(shown.starts_with("Response code 51: "), "{shown}");
    assert!(shown.contains("Meaning: "), "{shown}");
    assert!(shown.contains("Who acts: "), "{shown}");
    assert!(shown.contains(&meaning[..meaning.len().min(20)]), "{shown}");
    // Moving on forgets it.
    a.update(Action::NotFixed);
    assert_eq!(walk(&a).code, None);
    assert!(!body_text(&a).contains("Response code 51"));

    // From search, by code.
    let mut a = app(&r);
    ch(&mut a, '/');
    ch(&mut a, '5');
    ch(&mut a, '1');
    key(&mut a, KeyCode::Enter);
    assert!(walk(&a).code.is_some());
    assert!(body_text(&a).starts_with("Response code 51: "));
}

/// Network, no network, Wi-Fi: a diagnosis whose first step is a check.
fn to_check_step(a: &mut App) {
    for c in ['1', '1', '1'] {
        ch(a, c);
    }
    assert_eq!(node_id(a), "network.wifi_down");
    assert_eq!(a.session.current().step, 0);
}

#[test]
fn at_a_check_number_keys_pick_a_finding_and_y_n_do_nothing() {
    let r = rules();
    let mut a = app(&r);
    to_check_step(&mut a);
    assert_eq!(a.choice_count(), 2);
    // y / n answer actions only; at a check they would pick by position.
    ch(&mut a, 'y');
    ch(&mut a, 'n');
    assert_eq!(a.session.current().step, 0);
    assert_eq!(a.stage(), Stage::Diagnosis);
    // "The phone works; only the terminal can't connect" leads to step 4.
    ch(&mut a, '2');
    assert_eq!(node_id(&a), "network.wifi_down");
    assert_eq!(a.session.current().step, 3);
    // Back selects the finding that was chosen.
    ch(&mut a, 'b');
    assert_eq!(a.session.current().step, 0);
    assert_eq!(walk(&a).selected, Some(1));
    ch(&mut a, '3');
    assert_eq!(a.session.current().step, 0, "there is no finding 3");
}

/// Network, "automatic reversal": the first step waits 2 minutes.
fn to_wait_step(a: &mut App) {
    ch(a, '1');
    ch(a, '3');
    assert_eq!(node_id(a), "network.auto_reversal");
    assert_eq!(a.session.current().step, 0);
}

#[test]
fn a_wait_counts_down_on_ticks_and_asks_again_when_over() {
    use std::time::Duration;
    let r = rules();
    let mut a = app(&r);
    to_wait_step(&mut a);
    assert_eq!(a.wait_left(), Some(Duration::from_secs(120)));
    assert!(a.wait_running());
    let started = a.now;
    a.update(Action::Tick(started + Duration::from_secs(61)));
    assert_eq!(a.wait_left(), Some(Duration::from_secs(59)));
    assert_eq!(a.session.current().step, 0, "a tick never moves the walk");
    a.update(Action::Tick(started + Duration::from_secs(125)));
    assert_eq!(a.wait_left(), Some(Duration::ZERO));
    assert!(!a.wait_running(), "no ticks once the wait is over");
    assert_eq!(a.status.as_ref().map(|s| s.key), Some("tui.msg_wait_over"));
    assert_eq!(walk(&a).selected, Some(0));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.session.current().step, 1);
    assert_eq!(a.wait_left(), None, "an action step has no countdown");
}

#[test]
fn a_wait_can_be_skipped_with_enter_or_1_but_not_n() {
    let r = rules();
    let mut a = app(&r);
    to_wait_step(&mut a);
    ch(&mut a, 'n');
    ch(&mut a, '2');
    assert_eq!(a.session.current().step, 0);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.session.current().step, 1);
    ch(&mut a, 'b');
    assert_eq!(a.session.current().step, 0);
    assert!(a.wait_running(), "going back starts the countdown again");
    ch(&mut a, '1');
    assert_eq!(a.session.current().step, 1);
}

#[test]
fn a_finding_that_ends_the_case_is_never_selected_for_the_person() {
    let r = rules();
    let mut a = app(&r);
    to_wait_step(&mut a);
    ch(&mut a, '1'); // the wait is over
    ch(&mut a, 'n'); // the network step did not fix it
    assert_eq!(a.session.current().step, 2);
    assert_eq!(a.choice_count(), 4);
    // "Still pending" hands over; "reversed" goes on to the next step.
    assert!(!a.ends_case(0));
    assert!(a.ends_case(3));
    assert_eq!(walk(&a).selected, Some(0));
}
