//! The search overlay (`/`): a query line and the best hits, live.

use crate::tui::doc::{window_start, Doc, OverlayLayout};
use crate::tui::paint::popup;
use crate::tui::state::{App, SearchState};
use crate::tui::theme::Theme;
use crate::tui::wrap::{truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

fn popup_area(area: Rect) -> Rect {
    Rect::new(
        area.x + 2.min(area.width),
        area.y + 1.min(area.height),
        area.width.saturating_sub(4),
        area.height.saturating_sub(3),
    )
}

/// The query row and the result list.
pub fn regions(area: Rect) -> (Rect, Rect) {
    let p = popup_area(area);
    let x = p.x + 2;
    let w = p.width.saturating_sub(4);
    let input = Rect::new(x, p.y + 1, w, 1);
    let list = Rect::new(x, p.y + 3, w, p.height.saturating_sub(4));
    (input, list)
}

pub const KEYS: &str = "tui.keys.search";

/// Where the hits are, for clicks.
pub fn layout(st: &SearchState, area: Rect) -> OverlayLayout {
    let (_, list) = regions(area);
    OverlayLayout::Search {
        list,
        first: window_start(st.selected, list.height as usize),
        hits: st.hits.len(),
    }
}

fn prompt<'a>(app: &'a App) -> &'a str {
    app.strings.get("tui.search_prompt")
}

pub fn cursor(app: &App, st: &SearchState, area: Rect) -> Position {
    let (input, _) = regions(area);
    let x = input.x as usize + width(prompt(app)) + width(&st.query);
    Position::new((x as u16).min(input.right().saturating_sub(1)), input.y)
}

/// One hit as a line: the code when a code matched, the node's title, its category.
fn hit_text(app: &App, st: &SearchState, i: usize) -> String {
    let hit = &st.hits[i];
    let node = app.rules.node(hit.node);
    let mut s = String::new();
    if let Some(code) = &hit.code {
        s.push_str(&app.strings.fmt("tui.search_code", &[("code", code)]));
        s.push_str(" | ");
    }
    s.push_str(node.title().get(app.lang()));
    s.push_str(" [");
    s.push_str(app.strings.category(node.category));
    s.push(']');
    s
}

pub fn render(app: &App, st: &SearchState, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    popup(
        popup_area(area),
        app.strings.get("tui.search_title"),
        buf,
        theme,
    );
    let (input, list) = regions(area);
    let room = (input.width as usize).saturating_sub(width(prompt(app)) + 1);
    // Show the end of a long query; a card number typed by mistake is never
    // shown whole (masking keeps the width, so the cursor stays right).
    let mut q: String = crate::privacy::mask_card_numbers(&st.query);
    while width(&q) > room {
        q.remove(0);
    }
    Paragraph::new(Line::from(vec![
        Span::styled(prompt(app).to_string(), theme.label()),
        Span::styled(q, theme.bold()),
    ]))
    .render(input, buf);
    let w = list.width as usize;
    if st.hits.is_empty() {
        // The index is built after the first frame: until it is ready the
        // query waits, and says so.
        let key = if app.index.get().is_none() {
            "tui.search_preparing"
        } else if st.query.trim().is_empty() {
            "tui.search_empty"
        } else {
            "tui.search_nothing"
        };
        let mut doc = Doc::new(w, theme);
        doc.text(app.strings.get(key), theme.dim());
        let lines: Vec<_> = doc.rows.into_iter().map(|r| r.line).collect();
        Paragraph::new(lines).render(list, buf);
        return;
    }
    let first = window_start(st.selected, list.height as usize);
    let lines: Vec<Line> = (first..st.hits.len())
        .take(list.height as usize)
        .map(|i| {
            let sel = i == st.selected;
            let marker = if sel { "> " } else { "  " };
            let text = truncate(&format!("{marker}{}", hit_text(app, st, i)), w);
            if sel {
                let pad = w.saturating_sub(width(&text));
                Line::styled(format!("{text}{}", " ".repeat(pad)), theme.selected())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    Paragraph::new(lines).render(list, buf);
}
