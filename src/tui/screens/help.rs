//! The help overlay (`?`): every key, from the i18n texts.

use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::view::{popup, Doc};
use crate::tui::wrap::{pad, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget};

/// The help entries, in order; each has `help.<id>.keys` and `help.<id>.text`.
pub const ENTRIES: [&str; 15] = [
    "choose", "move", "enter", "fixed", "back", "path", "say", "search", "lang", "restart",
    "scroll", "mouse", "help", "suspend", "quit",
];

fn popup_area(area: Rect) -> Rect {
    Rect::new(
        area.x + 1.min(area.width),
        area.y,
        area.width.saturating_sub(2),
        area.height.saturating_sub(1),
    )
}

fn inner(area: Rect) -> Rect {
    let p = popup_area(area);
    Rect::new(
        p.x + 2,
        p.y + 1,
        p.width.saturating_sub(4),
        p.height.saturating_sub(2),
    )
}

fn doc(app: &App, w: usize) -> Doc {
    let theme = Theme::new(app.opts.color);
    let mut doc = Doc::new(w, theme);
    let s = &app.strings;
    let keys: Vec<String> = ENTRIES
        .iter()
        .map(|id| s.get(&format!("help.{id}.keys")).to_string())
        .collect();
    let kw = keys.iter().map(|k| width(k)).max().unwrap_or(0).min(w / 4);
    for (id, k) in ENTRIES.iter().zip(&keys) {
        let text = s.get(&format!("help.{id}.text")).to_string();
        if width(k) > kw {
            doc.text(k, theme.key());
            doc.para(
                vec![Span::raw(" ".repeat(kw + 2))],
                &[(&text, theme.plain())],
                None,
            );
        } else {
            doc.para(
                vec![Span::styled(format!("{}  ", pad(k, kw)), theme.key())],
                &[(&text, theme.plain())],
                None,
            );
        }
    }
    doc
}

pub fn max_scroll(app: &App, area: Rect) -> usize {
    let r = inner(area);
    doc(app, r.width as usize)
        .rows
        .len()
        .saturating_sub(r.height as usize)
}

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    popup(
        popup_area(area),
        app.strings.get("tui.help_title"),
        buf,
        theme,
    );
    let r = inner(area);
    let d = doc(app, r.width as usize);
    let lines: Vec<_> = d
        .rows
        .into_iter()
        .skip(scroll)
        .take(r.height as usize)
        .map(|r| r.line)
        .collect();
    Paragraph::new(lines).render(r, buf);
    // Say so when there is more to scroll to.
    if scroll < max_scroll(app, area) && r.height > 0 {
        let t = app.strings.get("tui.more_below");
        let p = popup_area(area);
        let x = p.right().saturating_sub(width(t) as u16 + 2);
        buf.set_string(x, p.bottom().saturating_sub(1), t, theme.dim());
    }
}
