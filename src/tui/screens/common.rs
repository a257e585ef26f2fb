//! Parts shared by several screens: warnings, the read-aloud line, the path,
//! the steps tried and the prevention advice.

use crate::rules::{Text, WarningKind};
use crate::tui::app::App;
use crate::tui::view::{crumb_text, Doc, Target};
use ratatui::text::Span;

/// Rows that stay at the top whatever the scroll: the money-safety warning.
pub fn pinned(app: &App, doc: &mut Doc) {
    let node = app.session.node();
    let s = &app.strings;
    let t = doc.theme;
    let text = match node.money_safety() {
        Some(w) => w.text.get(app.lang()),
        None if node.charge_outcome_unknown => s.get("tui.charge_unknown"),
        None => return,
    };
    doc.banner(s.get("tui.money_banner"), t.danger_banner());
    doc.text(text, t.danger());
}

/// The other warnings, first thing in the body.
pub fn warnings(app: &App, doc: &mut Doc) {
    let t = doc.theme;
    let mut any = false;
    for w in &app.session.node().warnings {
        if w.kind == WarningKind::MoneySafety {
            continue;
        }
        let label = format!(
            "!! {}{}",
            app.strings.warning(w.kind),
            app.strings.get("tui.colon")
        );
        doc.para(
            vec![Span::styled(label, t.warning())],
            &[(w.text.get(app.lang()), t.bold())],
            None,
        );
        any = true;
    }
    if any {
        doc.blank();
    }
}

/// The words an agent reads to the caller, when shown (`s`).
pub fn say(app: &App, doc: &mut Doc, say: Option<&Text>) {
    let Some(say) = say else { return };
    if !app.show_say {
        return;
    }
    let t = doc.theme;
    doc.para(
        vec![Span::styled(
            format!(
                "{}{}",
                app.strings.get("label.say"),
                app.strings.get("tui.colon")
            ),
            t.label(),
        )],
        &[(say.get(app.lang()), t.say())],
        None,
    );
}

/// A heading line.
pub fn heading(app: &App, doc: &mut Doc, text: &str) {
    let t = doc.theme;
    let colon = app.strings.get("tui.colon").trim_end();
    doc.text(&format!("{text}{colon}"), t.label());
}

/// The whole path, one clickable line per point.
pub fn path_list(app: &App, doc: &mut Doc) {
    heading(app, doc, app.strings.get("label.path"));
    let n = app.session.trail().len();
    for i in 0..n {
        let label = crumb_text(app, i);
        doc.para(
            vec![Span::raw(format!("  {}. ", i + 1))],
            &[(&label, doc.theme.plain())],
            Some(Target::Crumb(i)),
        );
    }
}

/// The remedy steps tried, in order, with the one that worked.
pub fn steps_tried(app: &App, doc: &mut Doc) {
    let t = doc.theme;
    heading(app, doc, app.strings.get("label.tried"));
    let tried = app.session.steps_tried();
    if tried.is_empty() {
        doc.para(
            vec![Span::raw("  ")],
            &[(app.strings.get("tui.no_steps_tried"), t.plain())],
            None,
        );
        return;
    }
    for (d, step, fixed) in tried {
        let Some(diag) = app.rules.node(d).as_diagnosis() else {
            continue;
        };
        let mark = if fixed { "[v]" } else { "[x]" };
        doc.para(
            vec![Span::raw(format!("  {mark} {}. ", step + 1))],
            &[(diag.steps[step].text.get(app.lang()), t.plain())],
            None,
        );
    }
}

pub fn prevention(app: &App, doc: &mut Doc, items: &[Text]) {
    if items.is_empty() {
        return;
    }
    heading(app, doc, app.strings.get("label.prevention"));
    for p in items {
        doc.para(
            vec![Span::raw("  - ")],
            &[(p.get(app.lang()), doc.theme.plain())],
            None,
        );
    }
}
