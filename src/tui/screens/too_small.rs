//! Shown instead of a broken layout when the window is below 60 x 16.

use crate::tui::doc::Doc;
use crate::tui::state::{App, MIN_HEIGHT, MIN_WIDTH};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    let msg = app.strings.fmt(
        "tui.too_small",
        &[
            ("w", &MIN_WIDTH.to_string()),
            ("h", &MIN_HEIGHT.to_string()),
            ("cw", &area.width.to_string()),
            ("ch", &area.height.to_string()),
        ],
    );
    let w = area.width.saturating_sub(2).max(1);
    let mut doc = Doc::new(w as usize, theme);
    doc.text(&msg, theme.bold());
    let h = (doc.rows.len() as u16).min(area.height);
    let r = Rect::new(
        area.x + 1.min(area.width),
        area.y + area.height.saturating_sub(h) / 2,
        w.min(area.width),
        h,
    );
    let lines: Vec<_> = doc.rows.into_iter().map(|r| r.line).collect();
    Paragraph::new(lines).render(r, buf);
}
