//! The explore screen (`e`): the whole tree as an outline that folds by
//! category and question, with a filter; Enter opens a node in the walk
//! and Back returns. Keys through the real key tables, and snapshots at
//! 80x24 and 120x40 in Chinese and English.

mod common;

use common::rules;
use posdoc::handbook::outline::Fold;
use posdoc::rules::{Category, Lang, RuleSet};
use posdoc::tui::keys::map_key;
use posdoc::tui::state::Explore;
use posdoc::tui::{buffer_text, render, Action, App, Effect, Mode, Options, Stage};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

fn app(r: &RuleSet, lang: Lang, w: u16, h: u16) -> App<'_> {
    let mut a = App::new(
        r,
        lang,
        Options {
            mouse: true,
            color: false,
        },
    );
    a.update(Action::Resize(w, h));
    a
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

fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        ch(a, c);
    }
}

fn explore<'a>(a: &'a App) -> &'a Explore {
    match &a.mode {
        Mode::Explore(e) => e,
        _ => panic!("the explore screen is not open"),
    }
}

fn draw(a: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    t.draw(|f| render(a, f)).expect("drawn");
    buffer_text(t.backend().buffer())
}

#[test]
fn e_opens_the_outline_folded_and_esc_returns_to_the_same_point() {
    let r = rules();
    let mut a = app(&r, Lang::En, 80, 24);
    ch(&mut a, '1'); // network
    let before = a.session.trail().len();
    ch(&mut a, 'e');
    let e = explore(&a);
    // Opened at the walk's category and question, the question selected.
    assert!(e.open.contains(&Fold::Category(Category::Network)));
    assert!(e.open.contains(&Fold::Question(a.session.current().node)));
    key(&mut a, KeyCode::Esc);
    assert!(a.walk().is_some());
    assert_eq!(a.session.trail().len(), before, "nothing moved");
    ch(&mut a, 'e');
    ch(&mut a, 'b');
    assert!(a.walk().is_some(), "b returns too");
}

#[test]
fn right_and_left_fold_categories_and_questions() {
    let r = rules();
    let mut a = app(&r, Lang::En, 80, 24);
    ch(&mut a, 'e');
    assert!(explore(&a).open.is_empty(), "from the start, all folded");
    assert_eq!(explore(&a).selected, 0);
    key(&mut a, KeyCode::Right);
    assert!(explore(&a).open.contains(&Fold::Category(Category::Card)));
    // Right again steps into the category, onto its first question.
    key(&mut a, KeyCode::Right);
    assert_eq!(explore(&a).selected, 1);
    key(&mut a, KeyCode::Right);
    assert_eq!(explore(&a).open.len(), 2, "the question opened");
    key(&mut a, KeyCode::Left);
    assert_eq!(explore(&a).open.len(), 1, "and closed");
    // Left on a closed question goes to its category; again closes it.
    key(&mut a, KeyCode::Left);
    assert_eq!(explore(&a).selected, 0);
    key(&mut a, KeyCode::Left);
    assert!(explore(&a).open.is_empty());
    // Enter folds a category too.
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert!(explore(&a).open.contains(&Fold::Category(Category::Device)));
    key(&mut a, KeyCode::Enter);
    assert!(explore(&a).open.is_empty());
}

#[test]
fn enter_on_a_node_opens_it_in_the_walk_and_back_returns() {
    let r = rules();
    let mut a = app(&r, Lang::En, 80, 24);
    ch(&mut a, 'e');
    ch(&mut a, '/');
    typed(&mut a, "network.timeout");
    let e = explore(&a);
    assert!(e.filtering);
    // Down to the first row that is a node (the category comes first).
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.session.node().id, "network.timeout");
    assert_eq!(a.stage(), Stage::Diagnosis);
    ch(&mut a, 'b');
    assert_eq!(a.session.node().id, r.start_node().id, "b goes back");
}

#[test]
fn the_filter_narrows_types_every_key_and_esc_clears_it() {
    let r = rules();
    let mut a = app(&r, Lang::Zh, 80, 24);
    ch(&mut a, 'e');
    ch(&mut a, '/');
    // q and b are letters of the filter here, not quit or back.
    typed(&mut a, "qb");
    assert_eq!(explore(&a).filter, "qb");
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::Backspace);
    typed(&mut a, "冲正");
    let shown = draw(&a, 80, 24);
    assert!(shown.contains("筛选：冲正"), "{shown}");
    assert!(
        !shown.contains("银行卡 ("),
        "card rows are filtered out: {shown}"
    );
    key(&mut a, KeyCode::Esc);
    assert!(explore(&a).filter.is_empty() && !explore(&a).filtering);
    key(&mut a, KeyCode::Esc);
    assert!(a.walk().is_some());
}

#[test]
fn help_and_language_work_on_the_outline() {
    let r = rules();
    let mut a = app(&r, Lang::En, 120, 40);
    ch(&mut a, 'e');
    ch(&mut a, 'l');
    assert_eq!(a.lang(), Lang::ZhHant);
    ch(&mut a, '?');
    let shown = draw(&a, 120, 40);
    assert!(shown.contains("瀏覽整棵樹"), "{shown}");
    assert_eq!(ch(&mut a, 'q'), Effect::None, "q closes help first");
    assert_eq!(
        ch(&mut a, 'q'),
        Effect::Quit,
        "nothing in progress: q quits"
    );
}

fn scenario(name: &str, a: &mut App) {
    match name {
        "explore_start" => {
            ch(a, 'e');
        }
        "explore_open" => {
            ch(a, '1'); // network: opened there
            ch(a, 'e');
            key(a, KeyCode::Down);
            key(a, KeyCode::Down);
        }
        "explore_filter" => {
            ch(a, 'e');
            ch(a, '/');
            let word = if a.lang() == Lang::En {
                "reversal"
            } else {
                "冲正"
            };
            typed(a, word);
            key(a, KeyCode::Down);
        }
        _ => unreachable!("no scenario {name}"),
    }
}

#[test]
fn snapshots_in_both_languages_and_sizes() {
    let r = rules();
    for name in ["explore_start", "explore_open", "explore_filter"] {
        for lang in [Lang::En, Lang::Zh] {
            for (w, h) in [(80, 24), (120, 40)] {
                let mut a = app(&r, lang, w, h);
                scenario(name, &mut a);
                insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.code()), draw(&a, w, h));
            }
        }
    }
}
