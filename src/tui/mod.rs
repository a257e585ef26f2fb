//! The full-screen interface (`posdoc` with no command).
//!
//! One direction: an input event becomes an [`Action`] (`keys`), the state
//! changes only in [`App::update`], and [`render`] draws the state without
//! changing it. Tests build an `App` and render it on ratatui's TestBackend.

pub mod app;
pub mod keys;
pub mod screens;
pub mod term;
pub mod theme;
pub mod view;
pub mod wrap;

pub use app::{Action, App, Effect, Options, Screen};
pub use view::{buffer_text, render};

use crate::engine::Session;
use crate::frontend::{exit, report_unknown_code};
use crate::i18n::Strings;
use crate::rules::{Lang, RuleSet};
use std::io::{IsTerminal, Write};

pub struct RunOptions {
    pub lang: Lang,
    pub mouse: bool,
    /// Open at the node for this response code.
    pub code: Option<String>,
}

/// Opens the interface; returns the exit code. An unknown `--code` or a
/// missing terminal is reported on `err` before the screen is touched.
pub fn run(rules: &RuleSet, ro: RunOptions, err: &mut dyn Write) -> anyhow::Result<i32> {
    let s = Strings::new(ro.lang);
    let mut session = Session::new(rules);
    let mut opened_at = None;
    if let Some(code) = &ro.code {
        match rules.code(code) {
            // A jump, so Back returns to the start menu.
            Some(rc) => {
                session.jump(rc.node);
                opened_at = Some(rc.code.clone());
            }
            None => {
                report_unknown_code(rules, code, &s, err)?;
                return Ok(exit::PROBLEMS);
            }
        }
    }
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        writeln!(err, "{}", s.get("tui.no_tty"))?;
        return Ok(exit::USAGE);
    }
    let opts = Options {
        mouse: ro.mouse,
        color: !theme::no_color_from_env(),
    };
    let mut app = App::with_session(session, ro.lang, opts);
    if let Some(code) = opened_at {
        app.opened_at_code(&code);
    }
    term::run(&mut app)
}
