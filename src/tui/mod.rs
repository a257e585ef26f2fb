//! The full-screen interface (`posdoc` with no command).
//!
//! One direction: an input event becomes an [`Action`] (`keys`, the only
//! place keys have a meaning), the state (`state`) changes only in
//! [`App::update`] (`update`, against the layout document of the frame),
//! and [`render()`](fn@render) draws the state without changing it. `layout` computes
//! the document from the state through the screen of the current [`Mode`]
//! (`screen::Screen`, implemented in `screens`); `update` reads the
//! document, handles the overlays and hands every other action to that
//! screen through the trait, never importing a screen.
//! Tests build an `App` and render it on ratatui's TestBackend.

pub mod action;
mod app;
pub mod case_state;
mod case_update;
pub mod clipboard;
pub mod doc;
pub mod keys;
pub mod layout;
mod paint;
pub mod render;
pub mod screen;
pub mod screens;
pub mod state;
pub mod term;
pub mod theme;
pub mod training;
mod update;
pub mod wrap;

pub use action::{Action, Effect};
pub use render::{buffer_text, render};
pub use state::{App, Mode, Options, Stage};

use crate::case::{CaseCode, CaseStore};
use crate::engine::Session;
use crate::frontend::{exit, report_unknown_code};
use crate::i18n::Strings;
use crate::rules::{Lang, RuleSet};
use case_state::CaseSetup;
use state::SearchIndex;
use std::io::{IsTerminal, Write};

pub struct RunOptions {
    pub lang: Lang,
    /// Where cases are kept (opened once by `main`).
    pub store: Box<dyn CaseStore>,
    /// False when the store keeps nothing (`--no-save`).
    pub kept: bool,
    /// Who works the cases (the config file's operator name).
    pub operator: String,
    /// Agent mode: read-aloud lines always, the case code and a call timer.
    pub agent: bool,
    /// Open this case where it stopped (`posdoc resume CODE`).
    pub resume: Option<CaseCode>,
    /// Where `c` on the summary saves it; the temp directory when none.
    pub summary_dir: Option<std::path::PathBuf>,
    pub mouse: bool,
    /// Show the read-aloud lines from the start.
    pub say_always: bool,
    /// Open at the node for this response code.
    pub code: Option<String>,
    /// The rules are the bundled ones: their search index, built with
    /// posdoc, is read rather than built.
    pub bundled_rules: bool,
}

/// Opens the interface; returns the exit code. An unknown `--code` or case
/// code, or a missing terminal, is reported on `err` before the screen is
/// touched.
///
/// The rules are kept for the rest of the program: the search index is
/// made on a thread after the first frame (read for the bundled rules,
/// built from any others), and a quit must not wait for that thread.
pub fn run(rules: RuleSet, run: RunOptions, err: &mut dyn Write) -> anyhow::Result<i32> {
    let rules: &'static RuleSet = Box::leak(Box::new(rules));
    let s = Strings::new(run.lang);
    let mut session = Session::new(rules);
    let mut opened_at = None;
    if let Some(code) = &run.code {
        // A jump, so Back returns to the start menu.
        let Some(rc) = rules.code(code) else {
            report_unknown_code(rules, code, &s, err)?;
            return Ok(exit::PROBLEMS);
        };
        session.jump(rc.node);
        opened_at = Some(rc.code.clone());
    }
    let mut store = run.store;
    if let Some(code) = &run.resume {
        match store.get(code) {
            Ok(Some(_)) => {}
            Ok(None) => {
                let e = crate::case::StoreError::NotFound { code: code.clone() };
                writeln!(err, "posdoc: {}", store_message(&s, &e))?;
                return Ok(exit::PROBLEMS);
            }
            Err(e) => {
                writeln!(err, "posdoc: {}", store_message(&s, &e))?;
                return Ok(exit::PROBLEMS);
            }
        }
    }
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        writeln!(err, "{}", s.get("tui.no_tty"))?;
        return Ok(exit::USAGE);
    }
    let opts = Options {
        mouse: run.mouse,
        color: !theme::no_color_from_env(),
    };
    let index = if run.bundled_rules {
        SearchIndex::preparing_bundled()
    } else {
        SearchIndex::preparing()
    };
    let mut app = App::with_search_index(session, run.lang, opts, index);
    app.show_say = run.say_always;
    if let Some(code) = opened_at {
        app.opened_at_code(&code);
    }
    app.update(Action::Clock(term::wall_clock()));
    app.attach_cases(CaseSetup {
        store,
        kept: run.kept,
        operator: run.operator,
        agent: run.agent,
        summary_dir: run.summary_dir.unwrap_or_else(std::env::temp_dir),
    });
    if let Some(code) = &run.resume {
        app.resume_case(code);
    }
    term::run(&mut app)
}

/// A store's error in the user's language.
pub fn store_message(s: &Strings, e: &crate::case::StoreError) -> String {
    let args = e.args();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    s.fmt(e.key(), &args)
}

/// How `posdoc train` opens the interface.
pub struct TrainingOptions {
    pub lang: Lang,
    pub mouse: bool,
    /// Open this practice case at once.
    pub case: Option<String>,
    /// The trainee; asked for on the chooser when none.
    pub trainee: Option<String>,
    /// The set the chooser starts with.
    pub filter: crate::training::CaseFilter,
    /// The rules are the bundled ones, whose search index is read, not built.
    pub bundled_rules: bool,
}

/// `posdoc train` without `--answers`: the chooser, or the case given,
/// in the full-screen interface; returns the exit code. An unknown
/// `--case` or a missing terminal is reported on `err` first.
pub fn run_training(
    rules: &'static RuleSet,
    set: &'static crate::training::PracticeSet,
    opts: &TrainingOptions,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let s = Strings::new(opts.lang);
    let case = opts
        .case
        .as_ref()
        .map(|id| set.cases.iter().position(|c| c.id == *id).ok_or(id));
    let case = match case {
        Some(Err(id)) => {
            let id = crate::privacy::for_echo(id);
            writeln!(
                err,
                "posdoc: {}",
                s.fmt("train.unknown_case", &[("id", &id)])
            )?;
            return Ok(exit::USAGE);
        }
        Some(Ok(i)) => Some(i),
        None => None,
    };
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        writeln!(err, "{}", s.get("tui.no_tty"))?;
        return Ok(exit::USAGE);
    }
    // The clock seeds the quizzes here; tests pass a seed of their own.
    let unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let start = screens::training::TrainingStart {
        set,
        trainee: opts.trainee.clone(),
        case,
        filter: opts.filter,
        started_unix: unix.as_secs(),
        seed: u64::try_from(unix.as_nanos() & u128::from(u64::MAX)).unwrap_or_default(),
    };
    let app_opts = Options {
        mouse: opts.mouse,
        color: !theme::no_color_from_env(),
    };
    let index = if opts.bundled_rules {
        SearchIndex::preparing_bundled()
    } else {
        SearchIndex::preparing()
    };
    let mut app = App::for_training(rules, opts.lang, app_opts, &start, index);
    term::run(&mut app)
}
