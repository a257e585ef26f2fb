//! A yes / no question before something that loses the walk (quit, restart).

use crate::tui::doc::Doc;
use crate::tui::paint::popup;
use crate::tui::state::{App, Confirm};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget};

pub const KEYS: &str = "tui.keys.confirm";

fn question(kind: Confirm) -> &'static str {
    match kind {
        Confirm::Quit => "tui.confirm_quit",
        Confirm::Restart => "tui.confirm_restart",
    }
}

/// Draws the dialog over `area`.
pub fn render(app: &App, kind: Confirm, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    let key = question(kind);
    let w = area.width.saturating_sub(8).min(64);
    let mut doc = Doc::new(w.saturating_sub(4) as usize, theme);
    doc.text(app.strings.get(key), theme.bold());
    let h = (doc.rows.len() as u16 + 4).min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height.saturating_sub(h)) / 2,
        w,
        h,
    );
    let inner = popup(r, app.strings.get("tui.title"), buf, theme);
    let inner = Rect::new(
        inner.x + 1,
        inner.y + 1,
        inner.width.saturating_sub(2),
        inner.height.saturating_sub(1),
    );
    Paragraph::new(doc.lines()).render(inner, buf);
}
