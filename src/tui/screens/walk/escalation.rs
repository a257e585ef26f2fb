//! Handing over: whom to contact, what to tell them, and what to have ready.

use super::common;
use super::point::Point;
use crate::present::PointBody;
use crate::tui::doc::Doc;
use ratatui::text::Span;

pub fn header(point: &Point) -> String {
    point.strings.get("tui.screen.escalation").to_string()
}

pub const KEYS: &str = "tui.keys.finished";

pub fn body(point: &Point, doc: &mut Doc) {
    let PointBody::Escalation(e) = &point.view.body else {
        return;
    };
    let t = doc.theme;
    let s = point.strings;
    doc.text(
        &s.fmt("tui.hand_over_to", &[("contact", &e.contact_label)]),
        t.title(),
    );
    doc.text(&e.text, t.plain());
    common::say(point, doc, "label.say_customer", e.say_customer.as_deref());
    common::say(point, doc, "label.say_caller", e.say_caller.as_deref());
    doc.blank();
    if !e.have_ready.is_empty() {
        common::heading(point, doc, s.get("label.have_ready"));
        for item in &e.have_ready {
            doc.para(vec![Span::raw("  - ")], &[(&item.label, t.plain())], None);
        }
        doc.blank();
    }
    if let Some(script) = &e.call_script {
        common::heading(point, doc, s.get("label.call_script"));
        doc.para(vec![Span::raw("  ")], &[(script, t.say())], None);
        if !e.already_tried.is_empty() {
            let colon = s.get("tui.colon").trim_end();
            let label = format!("{}{colon}", s.get("label.already_tried"));
            doc.para(vec![Span::raw("  ")], &[(&label, t.say())], None);
            for tried in &e.already_tried {
                doc.para(vec![Span::raw("    - ")], &[(tried, t.say())], None);
            }
        }
        doc.blank();
    }
    if let Some(d) = &point.view.case.diagnosis {
        if !d.prevention.is_empty() {
            common::prevention(point, doc, &d.prevention);
            doc.blank();
        }
        common::steps_tried(point, doc);
        doc.blank();
    }
    common::path_list(point, doc);
}
