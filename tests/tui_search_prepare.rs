//! The interface opens before its search index exists (it is built on a
//! thread after the first frame): a search asked for before then says it
//! is being prepared, keeps what is typed, takes input all the while, and
//! runs the query once the index is ready.

mod common;

use common::rules;
use posdoc::rules::{Lang, RuleSet};
use posdoc::tui::{buffer_text, render, Action, App, Mode, Options, Stage};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::mpsc;
use std::time::Duration;

fn opts() -> Options {
    Options {
        mouse: true,
        color: false,
    }
}

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    buffer_text(t.backend().buffer())
}

/// As `tui::run` keeps them: for the rest of the program.
fn program_rules() -> &'static RuleSet {
    Box::leak(Box::new(rules()))
}

fn search_hits(app: &App) -> usize {
    match app.overlays.last() {
        Some(posdoc::tui::state::Overlay::Search(st)) => st.hits.len(),
        _ => panic!("the search box is not open"),
    }
}

#[test]
fn a_search_before_the_index_is_ready_waits_visibly_then_runs() {
    for lang in [Lang::En, Lang::Zh] {
        let rules = program_rules();
        let mut app =
            App::with_search_to_prepare(posdoc::engine::Session::new(rules), lang, opts());
        app.update(Action::Resize(80, 24));
        app.update(Action::OpenSearch);
        for c in "51".chars() {
            app.update(Action::Type(c));
        }
        assert!(app.index.get().is_none());
        assert_eq!(search_hits(&app), 0);
        insta::assert_snapshot!(
            format!("search_preparing_{}_80x24", lang.code()),
            draw(&app, 80, 24)
        );

        let (tx, rx) = mpsc::channel();
        app.prepare_search(move || tx.send(()).unwrap());
        rx.recv_timeout(Duration::from_secs(60))
            .expect("the index is built");
        // What the event loop does on the wake-up: the waiting query runs.
        app.catch_up();
        assert!(search_hits(&app) > 0);
        let screen = draw(&app, 80, 24);
        assert!(!screen.contains("Preparing") && !screen.contains("正在准备"));
        app.update(Action::Confirm);
        assert!(app.overlays.is_empty());
        assert_eq!(app.stage(), Stage::Diagnosis);
    }
}

#[test]
fn keys_still_work_while_the_index_is_prepared() {
    let rules = program_rules();
    let mut app =
        App::with_search_to_prepare(posdoc::engine::Session::new(rules), Lang::En, opts());
    app.update(Action::Resize(80, 24));
    app.update(Action::OpenSearch);
    app.update(Action::Type('x'));
    app.update(Action::Erase);
    // Enter with nothing found yet does nothing; Esc closes the box.
    app.update(Action::Confirm);
    app.update(Action::Cancel);
    assert!(app.overlays.is_empty());
    app.update(Action::Choose(0));
    assert!(matches!(app.mode, Mode::Walk(_)));
    assert_eq!(app.stage(), Stage::Question);
    assert!(app.index.get().is_none());
}

#[test]
fn an_app_built_for_tests_has_its_index_at_once() {
    let r = rules();
    let mut app = App::new(&r, Lang::En, opts());
    app.update(Action::OpenSearch);
    app.update(Action::Type('5'));
    app.update(Action::Type('1'));
    assert!(app.index.get().is_some());
    assert!(search_hits(&app) > 0);
}

#[test]
fn the_bundled_rules_index_is_read_and_answers_as_a_built_one() {
    let rules = program_rules();
    let index = posdoc::tui::state::SearchIndex::preparing_bundled();
    let mut app =
        App::with_search_index(posdoc::engine::Session::new(rules), Lang::Zh, opts(), index);
    app.update(Action::Resize(80, 24));
    let (tx, rx) = mpsc::channel();
    app.prepare_search(move || tx.send(()).unwrap());
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the index is read");
    let read = app.index.get().expect("the index is there once ready");
    let built = posdoc::search::Index::build(rules, &posdoc::i18n::category_labels());
    for q in ["51", "余额不足", "yebz", "printer"] {
        let hits = |i: &posdoc::search::Index| -> Vec<_> {
            i.search(q, Lang::Zh, 10)
                .into_iter()
                .map(|h| (h.node, h.score, h.kind))
                .collect()
        };
        assert_eq!(hits(read), hits(&built), "{q}");
    }
}
