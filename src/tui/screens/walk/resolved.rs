//! The end of a fixed case: the outcome, the advice for next time, the steps
//! tried and the path.

use super::common;
use super::point::Point;
use crate::rules::NodeBody;
use crate::tui::doc::Doc;

pub fn header(point: &Point) -> String {
    point.strings.get("tui.screen.resolved").to_string()
}

pub const KEYS: &str = "tui.keys.finished";

pub fn body(point: &Point, doc: &mut Doc) {
    let t = doc.theme;
    let lang = point.lang;
    let s = point.strings;
    let p = point.session.current();
    let node = point.session.node();
    common::warnings(point, doc);
    match &node.body {
        NodeBody::Diagnosis(d) => {
            doc.text(
                &format!(
                    "[v] {}",
                    s.fmt("tui.resolved_title", &[("title", d.title.get(lang))])
                ),
                t.ok(),
            );
            doc.text(
                &s.fmt(
                    "label.resolved_by",
                    &[
                        ("n", &(p.step + 1).to_string()),
                        ("step", d.steps[p.step].text.get(lang)),
                    ],
                ),
                t.plain(),
            );
            doc.blank();
            common::prevention(point, doc, &d.prevention);
            doc.blank();
            common::steps_tried(point, doc);
        }
        NodeBody::Resolved(r) => {
            doc.text(
                &format!(
                    "[v] {}",
                    s.fmt("tui.resolved_title", &[("title", r.title.get(lang))])
                ),
                t.ok(),
            );
            doc.text(r.text.get(lang), t.plain());
            doc.blank();
            common::prevention(point, doc, &r.prevention);
            if point.session.diagnosis().is_some() {
                doc.blank();
                common::steps_tried(point, doc);
            }
        }
        _ => {}
    }
    doc.blank();
    common::path_list(point, doc);
}
