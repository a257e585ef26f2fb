//! The case beside the walk: its code, the caller's details and the latest
//! notes, in a side panel on a wide window or a three-row band under the
//! body on a narrow one (the question keeps the body above it). Also the
//! case's part of the status bar: the call timer and what waits to be saved.

use crate::case::{CallerField, Saved};
use crate::tui::doc::Doc;
use crate::tui::state::App;
use crate::tui::theme::Theme;
use crate::tui::wrap::{truncate, width};
use ratatui::text::Span;

/// From this width on the panel stands beside the walk.
pub const SIDE_FROM_WIDTH: u16 = 100;
/// How many notes the panel shows, newest last.
const NOTES_SHOWN: usize = 3;
/// Rows of the band under the body on a narrow window.
pub const BOTTOM_ROWS: u16 = 3;

/// The side panel's width for a window `w` columns wide.
pub fn side_width(w: u16) -> u16 {
    (w / 3).clamp(30, 44)
}

fn caller_lines(app: &App) -> Vec<String> {
    let s = &app.strings;
    let Some(case) = app.cases.as_ref().and_then(|d| d.case()) else {
        return Vec::new();
    };
    CallerField::ALL
        .iter()
        .filter(|&&f| !case.caller.get(f).is_empty())
        .map(|&f| {
            format!(
                "{}{}{}",
                s.get(f.key()),
                s.get("tui.colon"),
                case.caller.get(f)
            )
        })
        .collect()
}

fn latest_notes(app: &App) -> Vec<String> {
    let Some(case) = app.cases.as_ref().and_then(|d| d.case()) else {
        return Vec::new();
    };
    let notes: Vec<String> = case.notes().map(|(_, n)| n.to_string()).collect();
    notes[notes.len().saturating_sub(NOTES_SHOWN)..].to_vec()
}

fn title(app: &App) -> String {
    let s = &app.strings;
    match app.cases.as_ref().and_then(|d| d.case()) {
        Some(case) => s.fmt("tui.case_title", &[("code", &case.code.grouped())]),
        None => s.get("tui.case_not_begun").to_string(),
    }
}

/// The side panel, `w` columns of text.
pub fn side(app: &App, w: usize, theme: Theme) -> Doc {
    let s = &app.strings;
    let mut doc = Doc::new(w, theme);
    doc.text(&title(app), theme.bold());
    doc.blank();
    let caller = caller_lines(app);
    if caller.is_empty() {
        doc.text(s.get("tui.case_no_details"), theme.dim());
    }
    for line in &caller {
        doc.text(line, theme.plain());
    }
    doc.blank();
    doc.text(s.get("summary.notes"), theme.label());
    let notes = latest_notes(app);
    if notes.is_empty() {
        doc.text(s.get("summary.notes_none"), theme.dim());
    }
    for note in &notes {
        doc.para(vec![Span::raw("- ")], &[(note, theme.plain())], None);
    }
    doc.blank();
    doc.text(s.get("tui.case_keys"), theme.key());
    doc
}

/// The band under the body: a rule with the case's name and keys, the
/// caller's details on one line, the latest note.
pub fn bottom(app: &App, w: usize, theme: Theme) -> Doc {
    let s = &app.strings;
    let mut doc = Doc::new(w, theme);
    let head = format!("-- {} -- {} ", title(app), s.get("tui.case_keys"));
    let head = truncate(&head, w);
    let rule = "-".repeat(w.saturating_sub(width(&head)));
    doc.para(vec![], &[(&head, theme.dim()), (&rule, theme.dim())], None);
    let caller = caller_lines(app);
    if caller.is_empty() {
        doc.para(
            vec![],
            &[(&truncate(s.get("tui.case_no_details"), w), theme.dim())],
            None,
        );
    } else {
        doc.para(
            vec![],
            &[(&truncate(&caller.join(" | "), w), theme.plain())],
            None,
        );
    }
    if let Some(note) = latest_notes(app).last() {
        let line = format!("{}{}{note}", s.get("tui.case_note"), s.get("tui.colon"));
        doc.para(vec![], &[(&truncate(&line, w), theme.plain())], None);
    }
    doc.rows.truncate(BOTTOM_ROWS as usize);
    doc
}

/// The case's part of the status bar: what waits to be saved, and in
/// agent mode the case code and the call timer.
pub fn status(app: &App) -> Option<String> {
    let desk = app.cases.as_ref()?;
    let s = &app.strings;
    let mut parts = Vec::new();
    if let Some(journal) = &desk.journal {
        if let Saved::Waiting { waiting, .. } = journal.saved() {
            parts.push(s.fmt("tui.case_waiting", &[("n", &waiting.to_string())]));
        }
        if desk.agent {
            let code = journal.code().grouped();
            match app.call_timer() {
                Some(timer) => parts.push(format!("{code} {timer}")),
                None => parts.push(code),
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(" | "))
}
