//! Snapshots of every screen of the full-screen interface, as text, at
//! 80x24 and 120x40, in Chinese and English. The rules are driven through
//! the start menu by answer index, so a change to the rules shows up here
//! for review.

mod common;

use common::rules;
use posdoc::rules::Lang;
use posdoc::tui::{buffer_text, render, Action, App, Options, Stage};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

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

/// Answers the first answer of every question until a diagnosis (or an end).
fn to_diagnosis(app: &mut App) {
    for _ in 0..20 {
        if matches!(app.stage(), Stage::Start | Stage::Question) {
            app.update(Action::Choose(0));
        } else {
            break;
        }
    }
}

/// From the network question to a diagnosis whose steps are all actions
/// (weak signal), which ask "fixed?"; the first steps of other diagnoses
/// may be checks or waits.
fn to_action_diagnosis(app: &mut App) {
    app.update(Action::Choose(0)); // no network
    app.update(Action::Choose(1)); // SIM card, weak signal
}

type Setup = fn(&mut App);

fn scenarios() -> Vec<(&'static str, Setup)> {
    vec![
        ("start", |_| {}),
        ("question", |a| {
            a.update(Action::Choose(0)); // network
            a.update(Action::SelectNext);
        }),
        ("question_say", |a| {
            a.update(Action::Choose(0));
            a.update(Action::ToggleSay);
        }),
        ("question_money_safety", |a| {
            a.update(Action::Choose(1)); // power went off / no slip
        }),
        ("diagnosis_money_safety", |a| {
            a.update(Action::Choose(0)); // network
            a.update(Action::Choose(1)); // "transaction timed out"
            to_diagnosis(a);
        }),
        ("diagnosis_mid_steps", |a| {
            a.update(Action::Choose(0)); // network
            to_action_diagnosis(a);
            a.update(Action::NotFixed);
        }),
        ("escalation", |a| {
            a.update(Action::Choose(0));
            to_action_diagnosis(a);
            for _ in 0..20 {
                if a.stage() == Stage::Diagnosis {
                    a.update(Action::NotFixed);
                }
            }
        }),
        ("diagnosis_check", |a| {
            // Network, no network, Wi-Fi: the first step is a check whose
            // findings are the choices, with its caller line shown.
            a.update(Action::Choose(0));
            a.update(Action::Choose(0));
            a.update(Action::Choose(0));
            a.update(Action::ToggleSay);
        }),
        ("diagnosis_wait", |a| {
            // Network, "automatic reversal": the first step waits 2 minutes.
            a.update(Action::Choose(0));
            a.update(Action::Choose(2));
        }),
        ("escalation_call_script", |a| {
            // Automatic reversal: the wait over, the network step not
            // fixed, the check shows the reversal still pending. The call
            // script for tracing the sale ends with what was tried,
            // the check with what it found.
            a.update(Action::Choose(0));
            a.update(Action::Choose(2));
            a.update(Action::Choose(0));
            a.update(Action::NotFixed);
            a.update(Action::Choose(3));
            a.update(Action::ScrollPageDown);
        }),
        ("resolved", |a| {
            a.update(Action::Choose(0));
            to_action_diagnosis(a);
            a.update(Action::NotFixed);
            a.update(Action::Fixed);
        }),
        ("help", |a| {
            a.update(Action::Choose(0));
            a.update(Action::OpenHelp);
        }),
        ("search", |a| {
            a.update(Action::OpenSearch);
            for c in "51".chars() {
                a.update(Action::Type(c));
            }
        }),
        ("search_jump_code", |a| {
            a.update(Action::OpenSearch);
            for c in "51".chars() {
                a.update(Action::Type(c));
            }
            a.update(Action::Confirm);
        }),
        ("search_empty", |a| {
            a.update(Action::OpenSearch);
        }),
        ("confirm_quit", |a| {
            a.update(Action::Choose(0));
            a.update(Action::Quit);
        }),
        ("path_focus", |a| {
            a.update(Action::Choose(0));
            a.update(Action::Choose(0));
            a.update(Action::ToggleFocus);
            a.update(Action::SelectPrev);
        }),
    ]
}

fn snap(name: &str, lang: Lang, w: u16, h: u16, setup: Setup) {
    let r = rules();
    let mut app = App::new(&r, lang, opts());
    app.update(Action::Resize(w, h));
    setup(&mut app);
    let text = draw(&app, w, h);
    insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.code()), text);
}

#[test]
fn every_screen_in_both_languages_and_sizes() {
    for (name, setup) in scenarios() {
        for lang in [Lang::En, Lang::Zh] {
            for (w, h) in [(80, 24), (120, 40)] {
                snap(name, lang, w, h, setup);
            }
        }
    }
}

#[test]
fn too_small() {
    for lang in [Lang::En, Lang::Zh] {
        snap("too_small", lang, 59, 15, |_| {});
        // The quit question is seen here too, or `y` would answer it blind.
        snap("too_small_quit", lang, 59, 15, |a| {
            a.update(Action::Choose(0));
            a.update(Action::Quit);
        });
    }
}

#[test]
fn smallest_usable_size() {
    for lang in [Lang::En, Lang::Zh] {
        snap("minimum", lang, 60, 16, |a| {
            a.update(Action::Choose(1));
            to_diagnosis(a);
        });
        snap("minimum_start", lang, 60, 16, |_| {});
        snap("minimum_quit", lang, 60, 16, |a| {
            a.update(Action::Choose(0));
            a.update(Action::Quit);
        });
    }
}

/// Traditional Chinese, derived from the simplified texts: the start screen
/// and a diagnosis, at both sizes.
#[test]
fn traditional_chinese_start_and_diagnosis() {
    let wanted = ["start", "diagnosis_money_safety"];
    for (name, setup) in scenarios() {
        if wanted.contains(&name) {
            for (w, h) in [(80, 24), (120, 40)] {
                snap(name, Lang::ZhHant, w, h, setup);
            }
        }
    }
}
