//! A yes / no question before something that loses the walk (quit, restart):
//! a small box in the middle with the question in words and what each key
//! does, drawn at every size, the too-small screen included.

use crate::tui::doc::Doc;
use crate::tui::paint::popup;
use crate::tui::state::{App, Confirm};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget};

pub const KEYS: &str = "tui.keys.confirm";

/// The question, in words: with a store, the case is kept (or, with one
/// that keeps nothing, it is not); without one, the walk is lost.
fn question(app: &App, kind: Confirm) -> String {
    let s = &app.strings;
    let Some(desk) = &app.cases else {
        return match kind {
            Confirm::Quit => s.get("tui.confirm_quit"),
            Confirm::Restart => s.get("tui.confirm_restart"),
        }
        .to_string();
    };
    let code = desk.case().map(|c| c.code.grouped()).unwrap_or_default();
    let key = match (kind, desk.kept) {
        (Confirm::Quit, true) => "tui.confirm_quit_kept",
        (Confirm::Quit, false) => "tui.confirm_quit_not_kept",
        (Confirm::Restart, true) => "tui.confirm_restart_kept",
        (Confirm::Restart, false) => "tui.confirm_restart_not_kept",
    };
    s.fmt(key, &[("code", &code)])
}

/// What the keys do, when the question does not say it itself.
fn answers(kind: Confirm) -> Option<&'static str> {
    match kind {
        Confirm::Quit => Some("tui.confirm_quit_keys"),
        Confirm::Restart => None,
    }
}

/// Draws the dialog over `area`.
pub fn render(app: &App, kind: Confirm, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    // Up to 64 columns, narrower than the window so the screen shows round it.
    let w = area.width.saturating_sub(8).clamp(area.width.min(24), 64);
    let mut doc = Doc::new(w.saturating_sub(4) as usize, theme);
    doc.text(&question(app, kind), theme.bold());
    if let Some(key) = answers(kind) {
        doc.blank();
        doc.text(app.strings.get(key), theme.key());
    }
    // Border and a blank row above the text; the blank row below goes first
    // when the window is short.
    let h = (doc.rows.len() as u16 + 4).min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let inner = popup(r, app.strings.get("tui.title"), buf, theme);
    let inner = Rect::new(
        inner.x + 1.min(inner.width),
        inner.y + 1.min(inner.height),
        inner.width.saturating_sub(2),
        inner.height.saturating_sub(1),
    );
    Paragraph::new(doc.lines()).render(inner, buf);
}
