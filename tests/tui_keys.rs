//! State tests of the full-screen interface: every key on every screen,
//! through the same key mapping and `App::update` the terminal loop uses.

mod common;

use common::rules;
use posdoc::rules::{Lang, RuleSet};
use posdoc::tui::app::{Confirm, Focus, Overlay};
use posdoc::tui::keys::{map_key, map_mouse};
use posdoc::tui::view::{compose, Target};
use posdoc::tui::{Action, App, Effect, Options, Screen};
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

fn node_id<'a>(a: &'a App) -> &'a str {
    &a.session.node().id
}

/// To a diagnosis whose steps are all actions (weak signal), which ask
/// "fixed?"; the first steps of other diagnoses may be checks or waits.
fn to_diagnosis(a: &mut App) {
    ch(a, '1'); // network
    ch(a, '1'); // no network
    ch(a, '2'); // SIM card, weak signal
    assert_eq!(a.screen(), Screen::Diagnosis);
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
            a.scroll
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
    assert_eq!(m(KeyCode::Char('1')), Some(Action::Pick(0)));
    assert_eq!(m(KeyCode::Char('9')), Some(Action::Pick(8)));
    assert_eq!(m(KeyCode::Up), Some(Action::Up));
    assert_eq!(m(KeyCode::Char('k')), Some(Action::Up));
    assert_eq!(m(KeyCode::Down), Some(Action::Down));
    assert_eq!(m(KeyCode::Char('j')), Some(Action::Down));
    assert_eq!(m(KeyCode::Enter), Some(Action::Enter));
    assert_eq!(m(KeyCode::Backspace), Some(Action::Back));
    assert_eq!(m(KeyCode::Char('b')), Some(Action::Back));
    assert_eq!(m(KeyCode::Char('r')), Some(Action::Restart));
    assert_eq!(m(KeyCode::Char('l')), Some(Action::ToggleLang));
    assert_eq!(m(KeyCode::Char('s')), Some(Action::ToggleSay));
    assert_eq!(m(KeyCode::Char('?')), Some(Action::Help));
    assert_eq!(m(KeyCode::Char('/')), Some(Action::Search));
    assert_eq!(m(KeyCode::Char('q')), Some(Action::Quit));
    assert_eq!(m(KeyCode::Esc), Some(Action::Esc));
    assert_eq!(m(KeyCode::Tab), Some(Action::Tab));
    assert_eq!(m(KeyCode::Char('y')), Some(Action::Yes));
    assert_eq!(m(KeyCode::Char('n')), Some(Action::No));
    assert_eq!(m(KeyCode::PageDown), Some(Action::PageDown));
    assert_eq!(m(KeyCode::F(5)), None);
    let c = |ch: char| map_key(&a, KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL));
    assert_eq!(c('c'), Some(Action::CtrlC));
    assert_eq!(c('z'), Some(Action::Suspend));
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
    assert_eq!(a.screen(), Screen::Start);
    // Moving the selection, then Enter.
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    ch(&mut a, 'k');
    assert_eq!(a.selected, 1);
    key(&mut a, KeyCode::Up);
    key(&mut a, KeyCode::Up);
    assert_eq!(a.selected, 0);
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
    assert!(matches!(a.overlay, Overlay::None));
    // s toggles the read-aloud line.
    ch(&mut a, 's');
    assert!(a.show_say);
    ch(&mut a, 's');
    assert!(!a.show_say);
    // Enter chooses the selected answer.
    key(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "network.entry");
    assert_eq!(a.screen(), Screen::Question);
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
    assert!(matches!(a.overlay, Overlay::Confirm(Confirm::Quit)));
    // Any other key stays.
    assert_eq!(ch(&mut a, 'n'), Effect::None);
    assert!(matches!(a.overlay, Overlay::None));
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
    assert!(matches!(a.overlay, Overlay::Confirm(Confirm::Restart)));
    key(&mut a, KeyCode::Esc);
    assert_ne!(a.screen(), Screen::Start);
    ch(&mut a, 'r');
    ch(&mut a, 'y');
    assert_eq!(a.screen(), Screen::Start);
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
    assert_eq!(a.selected, 1);
    assert_eq!(a.status.as_ref().unwrap().key, "tui.msg_went_back");
    key(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), deep);
    // Tab to the path, left twice, Enter: back to the start.
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::Path);
    assert_eq!(a.path_sel, 2);
    key(&mut a, KeyCode::Left);
    key(&mut a, KeyCode::Left);
    key(&mut a, KeyCode::Left);
    assert_eq!(a.path_sel, 0);
    key(&mut a, KeyCode::Right);
    assert_eq!(a.path_sel, 1);
    key(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "network.entry");
    assert_eq!(a.focus, Focus::Content);
    // Tab then Esc leaves the path without quitting.
    key(&mut a, KeyCode::Tab);
    assert_eq!(key(&mut a, KeyCode::Esc), Effect::None);
    assert_eq!(a.focus, Focus::Content);
    assert!(matches!(a.overlay, Overlay::None));
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
        assert_eq!(a.selected, 1);
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
    assert_eq!(a.selected, 1, "back selects 'not fixed' again");
    ch(&mut a, '2');
    assert_eq!(a.session.current().step, 1);
    // Up/Down and Enter.
    key(&mut a, KeyCode::Up);
    assert_eq!(a.selected, 0);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.session.current().step.min(steps), 2.min(steps));
    ch(&mut a, 'b');
    // y: fixed → resolved.
    ch(&mut a, 'y');
    assert_eq!(a.screen(), Screen::Resolved);
    ch(&mut a, 'b');
    ch(&mut a, '1');
    assert_eq!(a.screen(), Screen::Resolved);
    ch(&mut a, 'b');
    // Not fixed after the last step → escalation.
    while a.screen() == Screen::Diagnosis {
        ch(&mut a, 'n');
    }
    assert_eq!(a.screen(), Screen::Escalation);
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
    while a.screen() == Screen::Diagnosis {
        ch(&mut a, 'n');
    }
    assert_eq!(a.screen(), Screen::Escalation);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.status.as_ref().unwrap().key, "tui.msg_finished");
    ch(&mut a, '1');
    assert_eq!(a.status.as_ref().unwrap().key, "tui.msg_finished");
    // Scrolling.
    key(&mut a, KeyCode::PageDown);
    let s = a.scroll;
    key(&mut a, KeyCode::End);
    assert!(a.scroll >= s);
    key(&mut a, KeyCode::Home);
    assert_eq!(a.scroll, 0);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Up);
    assert_eq!(a.scroll, 0);
    // y / n do nothing here.
    ch(&mut a, 'y');
    ch(&mut a, 'n');
    assert_eq!(a.screen(), Screen::Escalation);
    // Resolved: r asks, y restarts.
    ch(&mut a, 'b');
    ch(&mut a, 'y');
    assert_eq!(a.screen(), Screen::Resolved);
    ch(&mut a, 'r');
    ch(&mut a, 'y');
    assert_eq!(a.screen(), Screen::Start);
}

#[test]
fn help_overlay_keys() {
    let r = rules();
    let mut a = app(&r);
    ch(&mut a, '?');
    assert!(matches!(a.overlay, Overlay::Help { .. }));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    assert!(matches!(a.overlay, Overlay::Help { scroll } if scroll <= 2));
    // l switches the language inside help.
    ch(&mut a, 'l');
    assert_eq!(a.lang(), Lang::ZhHant);
    // q closes help, it does not quit.
    assert_eq!(ch(&mut a, 'q'), Effect::None);
    assert!(matches!(a.overlay, Overlay::None));
    ch(&mut a, '?');
    ch(&mut a, '?');
    assert!(matches!(a.overlay, Overlay::None));
    ch(&mut a, '?');
    key(&mut a, KeyCode::Esc);
    assert!(matches!(a.overlay, Overlay::None));
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
    let Overlay::Search(st) = &a.overlay else {
        panic!("search closed")
    };
    assert_eq!(st.query, "51");
    let hits = st.hits.len();
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Up);
    assert!(hits > 0, "search found nothing for 51");
    let target = match &a.overlay {
        Overlay::Search(st) => st.hits[0].node,
        _ => unreachable!(),
    };
    assert_eq!(r.node(target).id, r.node(r.code("51").unwrap().node).id);
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.overlay, Overlay::None));
    assert_eq!(a.session.current().node, target);
    // Back returns to where the search started.
    ch(&mut a, 'b');
    assert_eq!(a.screen(), Screen::Start);
    ch(&mut a, '/');
    key(&mut a, KeyCode::Esc);
    assert!(matches!(a.overlay, Overlay::None));
    assert_eq!(a.screen(), Screen::Start);
}

#[test]
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
    let before = d.scroll;
    d.update(map_mouse(&d, wheel).unwrap());
    assert!(d.scroll >= before);
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
    assert_eq!(a.selected, 8);
    let c = compose(&a, Rect::new(0, 0, 60, 16));
    let h = c.regions.body.height as usize;
    let last = c
        .body
        .iter()
        .rposition(|r| r.target == Some(Target::Answer(8)))
        .unwrap();
    assert!(last >= a.scroll && last < a.scroll + h);
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
    assert!(matches!(a.overlay, Overlay::None));
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
