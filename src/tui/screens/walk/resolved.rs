//! The end of a fixed case: the outcome, the advice for next time, the steps
//! tried and the path.

use super::common;
use super::point::Point;
use crate::present::PointBody;
use crate::tui::doc::Doc;

pub fn header(point: &Point) -> String {
    point.strings.get("tui.screen.resolved").to_string()
}

pub const KEYS: &str = "tui.keys.finished";

pub fn body(point: &Point, doc: &mut Doc) {
    let t = doc.theme;
    let s = point.strings;
    match &point.view.body {
        PointBody::Diagnosis(d) => {
            doc.text(
                &format!(
                    "[v] {}",
                    s.fmt("tui.resolved_title", &[("title", &d.title)])
                ),
                t.ok(),
            );
            if let Some(step) = d.current() {
                doc.text(
                    &s.fmt(
                        "label.resolved_by",
                        &[("n", &step.n.to_string()), ("step", &step.text)],
                    ),
                    t.plain(),
                );
            }
            doc.blank();
            common::prevention(point, doc, &d.prevention);
            doc.blank();
            common::steps_tried(point, doc);
        }
        PointBody::Resolved(r) => {
            doc.text(
                &format!(
                    "[v] {}",
                    s.fmt("tui.resolved_title", &[("title", &r.title)])
                ),
                t.ok(),
            );
            doc.text(&r.text, t.plain());
            doc.blank();
            common::prevention(point, doc, &r.prevention);
            if point.view.case.diagnosis.is_some() {
                doc.blank();
                common::steps_tried(point, doc);
            }
        }
        _ => {}
    }
    doc.blank();
    common::path_list(point, doc);
}
