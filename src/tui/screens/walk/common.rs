//! Parts shared by several screens: warnings, the read-aloud line, the path,
//! the steps tried and the prevention advice.

use super::point::Point;
use crate::rules::WarningKind;
use crate::tui::doc::{Doc, Target};
use ratatui::text::Span;

/// Rows that stay at the top whatever the scroll: the money-safety warning.
pub fn pinned(point: &Point, doc: &mut Doc) {
    let v = &point.view;
    let s = point.strings;
    let t = doc.theme;
    let text = match v.money_safety() {
        Some(w) => w.text.as_str(),
        None if v.charge_outcome_unknown => s.get("tui.charge_unknown"),
        None => return,
    };
    doc.banner(s.get("tui.money_banner"), t.danger_banner());
    doc.text(text, t.danger());
}

/// The other warnings, first thing in the body.
pub fn warnings(point: &Point, doc: &mut Doc) {
    let t = doc.theme;
    let mut any = false;
    for w in &point.view.warnings {
        if w.kind == WarningKind::MoneySafety {
            continue;
        }
        let label = format!("!! {}{}", w.label, point.strings.get("tui.colon"));
        doc.para(
            vec![Span::styled(label, t.warning())],
            &[(&w.text, t.bold())],
            None,
        );
        any = true;
    }
    if any {
        doc.blank();
    }
}

/// The words an agent reads to the caller, when shown (`s`).
pub fn say(point: &Point, doc: &mut Doc, say: Option<&str>) {
    let Some(say) = say else { return };
    if !point.show_say {
        return;
    }
    let t = doc.theme;
    doc.para(
        vec![Span::styled(
            format!(
                "{}{}",
                point.strings.get("label.say"),
                point.strings.get("tui.colon")
            ),
            t.label(),
        )],
        &[(say, t.say())],
        None,
    );
}

/// A heading line.
pub fn heading(point: &Point, doc: &mut Doc, text: &str) {
    let t = doc.theme;
    let colon = point.strings.get("tui.colon").trim_end();
    doc.text(&format!("{text}{colon}"), t.label());
}

/// The whole path, one clickable line per point.
pub fn path_list(point: &Point, doc: &mut Doc) {
    heading(point, doc, point.strings.get("label.path"));
    for (i, crumb) in point.view.case.path.iter().enumerate() {
        doc.para(
            vec![Span::raw(format!("  {}. ", i + 1))],
            &[(&crumb.label, doc.theme.plain())],
            Some(Target::Crumb(i)),
        );
    }
}

/// The remedy steps tried, in order, with the one that worked.
pub fn steps_tried(point: &Point, doc: &mut Doc) {
    let t = doc.theme;
    heading(point, doc, point.strings.get("label.tried"));
    let tried = &point.view.case.steps_tried;
    if tried.is_empty() {
        doc.para(
            vec![Span::raw("  ")],
            &[(point.strings.get("tui.no_steps_tried"), t.plain())],
            None,
        );
        return;
    }
    for step in tried {
        let mark = if step.fixed { "[v]" } else { "[x]" };
        doc.para(
            vec![Span::raw(format!("  {mark} {}. ", step.step))],
            &[(&step.text, t.plain())],
            None,
        );
    }
}

pub fn prevention(point: &Point, doc: &mut Doc, items: &[String]) {
    if items.is_empty() {
        return;
    }
    heading(point, doc, point.strings.get("label.prevention"));
    for p in items {
        doc.para(vec![Span::raw("  - ")], &[(p, doc.theme.plain())], None);
    }
}
