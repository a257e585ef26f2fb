//! Parts shared by several screens: the pinned warnings, the response code
//! jumped by, the read-aloud line, the path, the steps tried and the
//! prevention advice.

use super::point::Point;
use crate::present::StepReport;
use crate::rules::WarningKind;
use crate::tui::doc::{Doc, Target};
use ratatui::text::Span;

/// Rows that stay at the top whatever the scroll: every warning, the
/// money-safety one first as a banner.
pub fn pinned(point: &Point, doc: &mut Doc) {
    let v = &point.view;
    let s = point.strings;
    let t = doc.theme;
    let money = match v.money_safety() {
        Some(w) => Some(w.text.as_str()),
        None if v.charge_outcome_unknown => Some(s.get("tui.charge_unknown")),
        None => None,
    };
    if let Some(text) = money {
        doc.banner(s.get("tui.money_banner"), t.danger_banner());
        doc.text(text, t.danger());
    }
    for w in &v.warnings {
        if w.kind == WarningKind::MoneySafety {
            continue;
        }
        let label = format!("!! {}{}", w.label, s.get("tui.colon"));
        doc.para(
            vec![Span::styled(label, t.warning())],
            &[(&w.text, t.bold())],
            None,
        );
    }
}

/// The response code the walk jumped by: what the terminal shows, what it
/// means and who acts, as `walk --code` prints it.
pub fn jumped_code(point: &Point, doc: &mut Doc) {
    let Some(code) = &point.code else { return };
    let t = doc.theme;
    let s = point.strings;
    doc.text(
        &s.fmt(
            "walk.jump_code",
            &[("code", &code.code), ("text", &code.terminal_text)],
        ),
        t.bold(),
    );
    for (label, value) in [
        (s.get("label.meaning"), &code.meaning),
        (s.get("label.who_acts"), &code.who_acts),
    ] {
        doc.para(
            vec![Span::styled(
                format!("  {label}{}", s.get("tui.colon")),
                t.label(),
            )],
            &[(value, t.plain())],
            None,
        );
    }
    doc.blank();
}

/// A read-aloud line, labelled by its audience (`label.say_customer`,
/// `label.say_caller`, `label.call_script`), when shown (`s`).
pub fn say(point: &Point, doc: &mut Doc, label_key: &str, line: Option<&str>) {
    let Some(line) = line else { return };
    if !point.show_say {
        return;
    }
    let t = doc.theme;
    doc.para(
        vec![Span::styled(
            format!(
                "{}{}",
                point.strings.get(label_key),
                point.strings.get("tui.colon")
            ),
            t.label(),
        )],
        &[(line, t.say())],
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
        // A check is reported with what it found, as the call script says it.
        let text = match &step.result {
            StepReport::Found { text, .. } => point.strings.fmt(
                "label.tried_found",
                &[("step", &step.text), ("found", text)],
            ),
            _ => step.text.clone(),
        };
        doc.para(
            vec![Span::raw(format!("  {mark} {}. ", step.step))],
            &[(&text, t.plain())],
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
