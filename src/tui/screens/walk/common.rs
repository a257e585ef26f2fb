//! Parts shared by several screens: warnings, the read-aloud line, the path,
//! the steps tried and the prevention advice.

use super::point::crumb_text;
use super::point::Point;
use crate::rules::{Text, WarningKind};
use crate::tui::doc::{Doc, Target};
use ratatui::text::Span;

/// Rows that stay at the top whatever the scroll: the money-safety warning.
pub fn pinned(point: &Point, doc: &mut Doc) {
    let node = point.session.node();
    let s = point.strings;
    let t = doc.theme;
    let text = match node.money_safety() {
        Some(w) => w.text.get(point.lang),
        None if node.charge_outcome_unknown => s.get("tui.charge_unknown"),
        None => return,
    };
    doc.banner(s.get("tui.money_banner"), t.danger_banner());
    doc.text(text, t.danger());
}

/// The other warnings, first thing in the body.
pub fn warnings(point: &Point, doc: &mut Doc) {
    let t = doc.theme;
    let mut any = false;
    for w in &point.session.node().warnings {
        if w.kind == WarningKind::MoneySafety {
            continue;
        }
        let label = format!(
            "!! {}{}",
            point.strings.warning(w.kind),
            point.strings.get("tui.colon")
        );
        doc.para(
            vec![Span::styled(label, t.warning())],
            &[(w.text.get(point.lang), t.bold())],
            None,
        );
        any = true;
    }
    if any {
        doc.blank();
    }
}

/// The words an agent reads to the caller, when shown (`s`).
pub fn say(point: &Point, doc: &mut Doc, say: Option<&Text>) {
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
        &[(say.get(point.lang), t.say())],
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
    let n = point.session.trail().len();
    for i in 0..n {
        let label = crumb_text(point, i);
        doc.para(
            vec![Span::raw(format!("  {}. ", i + 1))],
            &[(&label, doc.theme.plain())],
            Some(Target::Crumb(i)),
        );
    }
}

/// The remedy steps tried, in order, with the one that worked.
pub fn steps_tried(point: &Point, doc: &mut Doc) {
    let t = doc.theme;
    heading(point, doc, point.strings.get("label.tried"));
    let tried = point.session.steps_tried();
    if tried.is_empty() {
        doc.para(
            vec![Span::raw("  ")],
            &[(point.strings.get("tui.no_steps_tried"), t.plain())],
            None,
        );
        return;
    }
    for (d, step, fixed) in tried {
        let Some(diag) = point.rules.node(d).as_diagnosis() else {
            continue;
        };
        let mark = if fixed { "[v]" } else { "[x]" };
        doc.para(
            vec![Span::raw(format!("  {mark} {}. ", step + 1))],
            &[(diag.steps[step].text.get(point.lang), t.plain())],
            None,
        );
    }
}

pub fn prevention(point: &Point, doc: &mut Doc, items: &[Text]) {
    if items.is_empty() {
        return;
    }
    heading(point, doc, point.strings.get("label.prevention"));
    for p in items {
        doc.para(
            vec![Span::raw("  - ")],
            &[(p.get(point.lang), doc.theme.plain())],
            None,
        );
    }
}
