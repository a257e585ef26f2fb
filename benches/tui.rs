//! Full-screen interface timings: drawing the heaviest screen at 200x60 on
//! ratatui's TestBackend (goal: at most 1 ms), and key-to-frame latency
//! (update + draw) for a plain key and for a search keystroke.

use criterion::{criterion_group, criterion_main, Criterion};
use posdoc::rules::{load_bundled, Lang};
use posdoc::tui::{render, Action, App, Options, Stage};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::hint::black_box;

fn opts() -> Options {
    Options {
        mouse: true,
        color: true,
    }
}

fn bench(c: &mut Criterion) {
    let rules = load_bundled().rules.expect("bundled rules");
    let (w, h) = (200, 60);

    // The heaviest screen: a diagnosis with the money-safety warning, every
    // step listed, the read-aloud line on, in Chinese (wide characters).
    let mut heavy = App::new(&rules, Lang::Zh, opts());
    heavy.update(Action::Resize(w, h));
    heavy.update(Action::ToggleSay);
    heavy.update(Action::Choose(0));
    heavy.update(Action::Choose(1));
    while matches!(heavy.stage(), Stage::Question) {
        heavy.update(Action::Choose(0));
    }
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    c.bench_function("render heaviest screen 200x60", |b| {
        b.iter(|| {
            term.draw(|f| render(black_box(&heavy), f)).unwrap();
        });
    });

    // Key to frame: move the selection on the start menu, and draw.
    let mut app = App::new(&rules, Lang::En, opts());
    app.update(Action::Resize(w, h));
    let mut down = true;
    c.bench_function("key to frame (Down) 200x60", |b| {
        b.iter(|| {
            app.update(if down {
                Action::SelectNext
            } else {
                Action::SelectPrev
            });
            down = !down;
            term.draw(|f| render(&app, f)).unwrap();
        });
    });

    // Key to frame in the search box: a keystroke runs the search.
    let mut s = App::new(&rules, Lang::Zh, opts());
    s.update(Action::Resize(w, h));
    s.update(Action::OpenSearch);
    let mut typed = false;
    c.bench_function("key to frame (search keystroke) 200x60", |b| {
        b.iter(|| {
            s.update(if typed {
                Action::Erase
            } else {
                Action::Type('d')
            });
            typed = !typed;
            term.draw(|f| render(&s, f)).unwrap();
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
