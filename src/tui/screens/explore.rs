//! The explore screen (`e`): the whole tree as an outline that folds by
//! category and question (`handbook::outline`), a filter line, and under
//! it what the selected row is. One screen row per outline row, so the
//! selection and the scroll are plain row numbers. Draws only; what the
//! keys do is `update_explore` in `update`.

use crate::handbook::outline::{self, Row, RowKind};
use crate::rules::NodeKind;
use crate::tui::action::{Action, Effect};
use crate::tui::doc::{Content, Doc, Layout};
use crate::tui::screen::{KeyContext, LayoutOnDemand, Screen};
use crate::tui::state::{App, Explore};
use crate::tui::theme::Theme;
use crate::tui::wrap::{truncate, width};
use ratatui::text::Span;

/// The marks before a row: open, closed, a leaf. ASCII, so every terminal
/// gives them one column.
const OPEN: &str = "- ";
const CLOSED: &str = "+ ";
const LEAF: &str = "  ";
/// Before a row whose node carries the money-safety warning.
const MONEY: &str = "!! ";

impl Screen for Explore {
    fn content(&self, app: &App, _total: usize, text_width: usize, theme: Theme) -> Content {
        content(self, app, text_width, theme)
    }

    fn key_context(&self) -> KeyContext {
        if self.filtering {
            KeyContext::ExploreFilter
        } else {
            KeyContext::Explore
        }
    }

    fn scroll(&self) -> usize {
        self.scroll
    }

    fn update(&self, app: &mut App, action: Action, layout: LayoutOnDemand) -> Effect {
        app.update_explore(self.clone(), action, layout)
    }

    fn settle(&self, app: &mut App, layout: &Layout) {
        app.settle_explore(layout);
    }
}

fn content(e: &Explore, app: &App, w: usize, theme: Theme) -> Content {
    let s = &app.strings;
    let rows = outline::rows(app.rules, s, &e.open, &e.filter);
    let selected = e.selected.min(rows.len().saturating_sub(1));

    let mut pinned = Doc::new(w, theme);
    if e.filtering || !e.filter.is_empty() {
        let cursor = if e.filtering { "_" } else { "" };
        pinned.para(
            vec![Span::styled(
                s.get("tui.explore_filter").to_string(),
                theme.label(),
            )],
            &[(&format!("{}{cursor}", e.filter), theme.bold())],
            None,
        );
    } else {
        pinned.text(s.get("tui.explore_hint"), theme.dim());
    }

    let mut body = Doc::new(w, theme);
    if rows.is_empty() {
        body.text(s.get("tui.explore_nothing"), theme.dim());
    }
    for (i, row) in rows.iter().enumerate() {
        line(&mut body, row, i == selected, w, theme);
    }

    let mut bottom = Doc::new(w, theme);
    if let Some(row) = rows.get(selected) {
        about(app, row, &mut bottom, theme);
    }
    Content {
        header: s.get("tui.screen.explore").to_string(),
        keys: if e.filtering {
            "tui.keys.explore_filter"
        } else {
            "tui.keys.explore"
        },
        path: Vec::new(),
        pinned,
        body,
        bottom,
    }
}

/// One outline row on one screen row, cut to the width; the selected one
/// marked "> " and in reverse video across the whole width, so it reads
/// without colour.
fn line(doc: &mut Doc, row: &Row, selected: bool, w: usize, theme: Theme) {
    let mark = match row.open {
        Some(true) => OPEN,
        Some(false) => CLOSED,
        None => LEAF,
    };
    let pointer = if selected { "> " } else { "  " };
    let indent = "  ".repeat(row.depth);
    let lead = format!("{pointer}{indent}{mark}");
    let mut used = width(&lead);
    let mut spans = vec![Span::raw(lead)];
    if row.money_safety {
        spans.push(Span::styled(MONEY, theme.danger()));
        used += width(MONEY);
    }
    let text = match row.kind {
        RowKind::Category(_) => format!("{} ({})", row.text, row.count),
        _ => row.text.clone(),
    };
    let style = match row.kind {
        RowKind::Category(_) => theme.bold(),
        _ => theme.plain(),
    };
    let text = truncate(&text, w.saturating_sub(used));
    used += width(&text);
    spans.push(Span::styled(text, style));
    if selected {
        spans.push(Span::raw(" ".repeat(w.saturating_sub(used))));
        for span in &mut spans {
            span.style = span.style.patch(theme.selected());
        }
    }
    doc.rows.push(crate::tui::doc::Row {
        line: ratatui::text::Line::from(spans),
        target: None,
        anchor: false,
    });
}

/// What the selected row is: its kind, id and the response codes that
/// lead to it, so a trainer can name it.
fn about(app: &App, row: &Row, doc: &mut Doc, theme: Theme) {
    let s = &app.strings;
    let Some(idx) = row.node else {
        return;
    };
    let node = app.rules.node(idx);
    let kind = match node.kind() {
        NodeKind::Question => "search.kind.question",
        NodeKind::Diagnosis => "search.kind.diagnosis",
        NodeKind::Escalation => "search.kind.escalation",
        NodeKind::Resolved => "search.kind.resolved",
    };
    let mut text = format!("{} | {}", s.get(kind), node.id);
    let codes: Vec<&str> = app.rules.codes_for(idx).map(|c| c.code.as_str()).collect();
    if !codes.is_empty() {
        text.push_str(" | ");
        text.push_str(&s.fmt("label.code", &[("code", &codes.join(", "))]));
    }
    doc.text(&text, theme.dim());
}
