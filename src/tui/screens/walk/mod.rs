//! The walk of the decision tree: the path at the top, every warning
//! pinned under it (money safety first), what a response code jumped by
//! means, and a body that depends on the kind of point
//! (one module per stage).

pub mod common;
pub mod diagnosis;
pub mod escalation;
pub mod point;
pub mod question;
pub mod resolved;
mod update;

pub use point::Point;

use crate::tui::doc::{Content, Doc, PathRow};
use crate::tui::state::{Focus, Stage};
use crate::tui::theme::Theme;
use crate::tui::wrap::{self, width};
use ratatui::text::{Line, Span};

/// The walk screen for the current point, `total` columns wide; the text
/// area is `text_width` wide.
pub fn content(point: &Point, total: usize, text_width: usize, theme: Theme) -> Content {
    let mut pinned = Doc::new(text_width, theme);
    common::pinned(point, &mut pinned);
    if !pinned.rows.is_empty() {
        pinned.blank();
    }
    let mut body = Doc::new(text_width, theme);
    common::jumped_code(point, &mut body);
    let mut bottom = Doc::new(text_width, theme);
    let (screen, keys) = match point.stage {
        Stage::Start | Stage::Question => {
            let start = point.stage == Stage::Start;
            question::body(point, &mut body, start);
            if start && !point.open_cases.is_empty() {
                body.blank();
                body.text(point.strings.get("tui.open_cases"), body.theme.label());
                for line in &point.open_cases {
                    body.para(vec![Span::raw("  ")], &[(line, body.theme.plain())], None);
                }
            }
            (
                question::header(point, start),
                question::keys(start, point.walk.selected.is_some()),
            )
        }
        Stage::Diagnosis => {
            diagnosis::body(point, &mut body);
            diagnosis::prompt(point, &mut bottom);
            (diagnosis::header(point), diagnosis::keys(point))
        }
        Stage::Escalation => {
            escalation::body(point, &mut body);
            (escalation::header(point), escalation::KEYS)
        }
        Stage::Resolved => {
            resolved::body(point, &mut body);
            (resolved::header(point), resolved::KEYS)
        }
    };
    let mut header = screen;
    if point.stage != Stage::Start {
        header.push_str(" | ");
        header.push_str(
            &point
                .strings
                .fmt("tui.category", &[("value", &point.view.category_label)]),
        );
    }
    let keys = if point.walk.focus == Focus::Path {
        "tui.keys.path"
    } else {
        keys
    };
    Content {
        header,
        keys,
        path: path_rows(point, total, theme),
        pinned,
        body,
        bottom,
    }
}

/// The breadcrumbs, at most two rows; older crumbs give way to "...".
pub fn path_rows(point: &Point, total: usize, theme: Theme) -> Vec<PathRow> {
    let path = &point.view.case.path;
    let n = path.len();
    let label = format!(
        " {}{}",
        point.strings.get("tui.path"),
        point.strings.get("tui.colon")
    );
    let max_crumb = (total / 3).clamp(12, 28);
    let crumbs: Vec<String> = path
        .iter()
        .map(|c| wrap::truncate(&c.label, max_crumb))
        .collect();
    let sep = " > ";
    let mut skip = 0;
    loop {
        let mut rows: Vec<PathRow> = vec![];
        let mut spans: Vec<Span<'static>> = vec![Span::styled(label.clone(), theme.label())];
        let mut hits = vec![];
        let mut x = width(&label);
        if skip > 0 {
            spans.push(Span::styled("...".to_string(), theme.dim()));
            x += 3;
        }
        for (i, c) in crumbs.iter().enumerate().skip(skip) {
            let first = i == skip;
            let cw = width(c);
            let lead = if first && skip == 0 { 0 } else { width(sep) };
            if x + lead + cw > total && x > width(&label) {
                rows.push(PathRow {
                    line: Line::from(std::mem::take(&mut spans)),
                    hits: std::mem::take(&mut hits),
                });
                spans.push(Span::raw(" ".repeat(width(&label).saturating_sub(2))));
                spans.push(Span::styled("> ", theme.dim()));
                x = width(&label);
            } else if lead > 0 {
                spans.push(Span::styled(sep, theme.dim()));
                x += lead;
            }
            let mut style = if i + 1 == n {
                theme.bold()
            } else {
                theme.plain()
            };
            if point.walk.focus == Focus::Path && i == point.walk.path_sel {
                style = theme.selected();
            }
            spans.push(Span::styled(c.clone(), style));
            hits.push((x as u16, (x + cw) as u16, i));
            x += cw;
        }
        rows.push(PathRow {
            line: Line::from(spans),
            hits,
        });
        if rows.len() <= 2 || skip + 1 >= n {
            rows.truncate(2);
            return rows;
        }
        skip += 1;
    }
}
