//! The boxes that work on cases, over the main screen: the caller's
//! details (`i`), a note (`m`), a case someone else holds, and the
//! operator's open cases (`o`). Text shows as the state keeps it: card
//! numbers already masked at each key.

use crate::case::CallerField;
use crate::present::utc_minute;
use crate::tui::case_state::{CallerForm, HeldBy, NoteEditor, OPEN_CASES_SHOWN};
use crate::tui::doc::Doc;
use crate::tui::paint::popup;
use crate::tui::state::App;
use crate::tui::theme::Theme;
use crate::tui::wrap::{pad, truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

pub const FORM_KEYS: &str = "tui.keys.case_form";
pub const NOTE_KEYS: &str = "tui.keys.note";
pub const HELD_BY_KEYS: &str = "tui.keys.held_by";
pub const LIST_KEYS: &str = "tui.keys.case_list";

/// A box `rows` of text high in the middle of `area`, up to 70 columns.
fn centred(area: Rect, rows: u16) -> Rect {
    let w = area.width.saturating_sub(4).min(70);
    let h = (rows + 4).min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The text area inside a box: a column of margin on each side and a row
/// above.
fn inside(r: Rect) -> Rect {
    Rect::new(
        r.x + 2.min(r.width),
        r.y + 2.min(r.height),
        r.width.saturating_sub(4),
        r.height.saturating_sub(3),
    )
}

/// The end of `text` that fits `room` columns (the cursor stays at the end).
fn tail(text: &str, room: usize) -> String {
    let mut t = text.to_string();
    while width(&t) > room {
        t.remove(0);
    }
    t
}

fn label_width(app: &App) -> usize {
    CallerField::ALL
        .iter()
        .map(|f| width(app.strings.get(f.key())))
        .max()
        .unwrap_or(0)
}

fn form_rows() -> u16 {
    CallerField::ALL.len() as u16 + 2
}

/// The caller's details.
pub fn render_form(app: &App, st: &CallerForm, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    let s = &app.strings;
    let r = centred(area, form_rows());
    popup(r, s.get("tui.caller_title"), buf, theme);
    let inner = inside(r);
    let lw = label_width(app).min(inner.width as usize / 2);
    let room = (inner.width as usize).saturating_sub(lw + 4);
    let mut lines = Vec::new();
    for (i, field) in CallerField::ALL.iter().enumerate() {
        let selected = i == st.field;
        let marker = if selected { "> " } else { "  " };
        let label = pad(&truncate(s.get(field.key()), lw), lw);
        let style = if selected {
            theme.selected()
        } else {
            theme.plain()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{label}  "), theme.label()),
            Span::styled(tail(&st.values[i], room), style),
        ]));
    }
    lines.push(Line::raw(""));
    match st.refusal {
        // The refused field is the selected one (">").
        Some((_, refusal)) => {
            let args = refusal.args();
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            lines.push(Line::styled(
                truncate(&s.fmt(refusal.key(), &args), inner.width as usize),
                theme.warning(),
            ));
        }
        None => lines.push(Line::styled(
            truncate(s.get("tui.caller_hint"), inner.width as usize),
            theme.dim(),
        )),
    }
    Paragraph::new(lines).render(inner, buf);
}

pub fn form_cursor(app: &App, st: &CallerForm, area: Rect) -> Position {
    let inner = inside(centred(area, form_rows()));
    let lw = label_width(app).min(inner.width as usize / 2);
    let room = (inner.width as usize).saturating_sub(lw + 4);
    let x = inner.x as usize + lw + 4 + width(&tail(&st.values[st.field], room));
    Position::new(
        (x as u16).min(inner.right().saturating_sub(1)),
        inner.y + st.field as u16,
    )
}

/// A note: one line, and why it was refused.
pub fn render_note(app: &App, st: &NoteEditor, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    let s = &app.strings;
    let r = centred(area, 3);
    popup(r, s.get("tui.note_title"), buf, theme);
    let inner = inside(r);
    let prompt = s.get("tui.note_prompt");
    let room = (inner.width as usize).saturating_sub(width(prompt) + 1);
    let mut doc = Doc::new(inner.width as usize, theme);
    doc.para(
        vec![Span::styled(prompt.to_string(), theme.label())],
        &[(&tail(&st.text, room), theme.bold())],
        None,
    );
    doc.blank();
    match st.refusal {
        Some(refusal) => {
            let args = refusal.args();
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            doc.text(&s.fmt(refusal.key(), &args), theme.warning());
        }
        None => doc.text(s.get("tui.note_hint"), theme.dim()),
    }
    Paragraph::new(doc.lines()).render(inner, buf);
}

pub fn note_cursor(app: &App, st: &NoteEditor, area: Rect) -> Position {
    let inner = inside(centred(area, 3));
    let prompt = app.strings.get("tui.note_prompt");
    let room = (inner.width as usize).saturating_sub(width(prompt) + 1);
    let x = inner.x as usize + width(prompt) + width(&tail(&st.text, room));
    Position::new((x as u16).min(inner.right().saturating_sub(1)), inner.y)
}

/// Someone else works on the case: who, and what each key does.
pub fn render_held_by(app: &App, st: &HeldBy, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    let s = &app.strings;
    let r = centred(area, 4);
    popup(r, s.get("tui.title"), buf, theme);
    let inner = inside(r);
    let mut doc = Doc::new(inner.width as usize, theme);
    doc.text(
        &s.fmt(
            "tui.held_by",
            &[("code", &st.code.grouped()), ("holder", &st.holder)],
        ),
        theme.bold(),
    );
    doc.blank();
    doc.text(s.get("tui.held_by_keys"), theme.key());
    Paragraph::new(doc.lines()).render(inner, buf);
}

/// One open case as a line: its code, when it started, where it stands.
pub fn open_case_line(app: &App, h: &crate::case::CaseHeader) -> String {
    let at = h
        .last_node
        .as_deref()
        .and_then(|id| app.rules.find(id))
        .map_or("", |i| app.rules.node(i).title().get(app.lang()));
    app.strings.fmt(
        "tui.open_case",
        &[
            ("code", &h.code.grouped()),
            ("time", &utc_minute(h.started_at)),
            ("at", at),
        ],
    )
}

/// The operator's open cases, numbered.
pub fn render_list(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    let s = &app.strings;
    let cases: Vec<String> = app
        .cases
        .as_ref()
        .map(|d| {
            d.others_open()
                .take(OPEN_CASES_SHOWN)
                .map(|h| open_case_line(app, h))
                .collect()
        })
        .unwrap_or_default();
    let r = centred(area, cases.len() as u16 + 2);
    popup(r, s.get("tui.open_cases_title"), buf, theme);
    let inner = inside(r);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let sel = i == selected;
            let marker = if sel { "> " } else { "  " };
            let text = truncate(&format!("{marker}{}. {c}", i + 1), w);
            if sel {
                let fill = w.saturating_sub(width(&text));
                Line::styled(format!("{text}{}", " ".repeat(fill)), theme.selected())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        truncate(s.get("tui.open_cases_hint"), w),
        theme.dim(),
    ));
    Paragraph::new(lines).render(inner, buf);
}
