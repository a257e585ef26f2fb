//! Handing over: whom to contact, what to tell them, and what to have ready.

use super::common;
use super::point::Point;
use crate::tui::doc::Doc;
use ratatui::text::Span;

pub fn header(point: &Point) -> String {
    point.strings.get("tui.screen.escalation").to_string()
}

pub const KEYS: &str = "tui.keys.finished";

pub fn body(point: &Point, doc: &mut Doc) {
    let Some(e) = point.session.node().as_escalation() else {
        return;
    };
    let t = doc.theme;
    let lang = point.lang;
    let s = point.strings;
    common::warnings(point, doc);
    doc.text(
        &s.fmt("tui.hand_over_to", &[("contact", s.contact(e.contact))]),
        t.title(),
    );
    doc.text(e.text.get(lang), t.plain());
    common::say(point, doc, e.say.as_ref());
    doc.blank();
    if !e.have_ready.is_empty() {
        common::heading(point, doc, s.get("label.have_ready"));
        for key in &e.have_ready {
            let label = point
                .rules
                .evidence_label(key)
                .map_or(key.as_str(), |l| l.get(lang));
            doc.para(vec![Span::raw("  - ")], &[(label, t.plain())], None);
        }
        doc.blank();
    }
    if point.session.diagnosis().is_some() {
        common::steps_tried(point, doc);
        doc.blank();
    }
    common::path_list(point, doc);
}
