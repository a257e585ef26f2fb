//! The help overlay (`?`): every key, from the i18n texts.

use crate::tui::doc::{Doc, OverlayLayout, TextBox};
use crate::tui::paint::popup;
use crate::tui::state::App;
use crate::tui::theme::Theme;
use crate::tui::wrap::{pad, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget};

pub const KEYS: &str = "tui.keys.help";

/// The help entries, in order; each has `help.<id>.keys` and `help.<id>.text`.
pub const ENTRIES: [&str; 16] = [
    "choose", "move", "enter", "fixed", "back", "path", "say", "search", "explore", "lang",
    "restart", "scroll", "mouse", "help", "suspend", "quit",
];

/// The entries for cases, shown when the interface keeps cases.
pub const CASE_ENTRIES: [&str; 5] = ["case_details", "note", "summary", "agent", "open_cases"];
/// The help entries in training (`posdoc train`): its own keys instead of
/// search, the path and restart.
pub const TRAINING_ENTRIES: [&str; 15] = [
    "choose",
    "train_move",
    "enter",
    "fixed",
    "train_ask",
    "train_back",
    "train_stop",
    "train_result",
    "train_quiz",
    "train_chooser",
    "say",
    "lang",
    "scroll",
    "help",
    "quit",
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
    let cases: &[&str] = if app.cases.is_some() {
        &CASE_ENTRIES
    } else {
        &[]
    };
    let entries: Vec<&str> = if app.training.is_some() {
        TRAINING_ENTRIES.to_vec()
    } else {
        ENTRIES.iter().chain(cases).copied().collect()
    };
    let keys: Vec<String> = entries
        .iter()
        .map(|id| s.get(&format!("help.{id}.keys")).to_string())
        .collect();
    let kw = keys.iter().map(|k| width(k)).max().unwrap_or(0).min(w / 4);
    for (id, k) in entries.iter().zip(&keys) {
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

/// The help text laid out for `area`, and how far it scrolls.
pub fn layout(app: &App, area: Rect) -> OverlayLayout {
    let inner = inner(area);
    let rows = doc(app, inner.width as usize).rows;
    let max_scroll = rows.len().saturating_sub(inner.height as usize);
    OverlayLayout::Help(TextBox {
        inner,
        rows,
        max_scroll,
    })
}

/// Draws the help box, its text as laid out in `text`.
pub fn render(app: &App, scroll: usize, text: &TextBox, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    popup(
        popup_area(area),
        app.strings.get("tui.help_title"),
        buf,
        theme,
    );
    let r = text.inner;
    let lines: Vec<_> = text
        .rows
        .iter()
        .skip(scroll)
        .take(r.height as usize)
        .map(|r| r.line.clone())
        .collect();
    Paragraph::new(lines).render(r, buf);
    // Say so when there is more to scroll to.
    if scroll < text.max_scroll && r.height > 0 {
        let t = app.strings.get("tui.more_below");
        let p = popup_area(area);
        let x = p.right().saturating_sub(width(t) as u16 + 2);
        buf.set_string(x, p.bottom().saturating_sub(1), t, theme.dim());
    }
}
