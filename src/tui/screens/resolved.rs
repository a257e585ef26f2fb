//! The end of a fixed case: the outcome, the advice for next time, the steps
//! tried and the path.

use super::common;
use crate::rules::NodeBody;
use crate::tui::app::App;
use crate::tui::view::Doc;

pub fn body(app: &App, doc: &mut Doc) {
    let t = doc.theme;
    let lang = app.lang();
    let s = &app.strings;
    let p = app.session.current();
    let node = app.session.node();
    common::warnings(app, doc);
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
            common::prevention(app, doc, &d.prevention);
            doc.blank();
            common::steps_tried(app, doc);
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
            common::prevention(app, doc, &r.prevention);
            if app.session.diagnosis().is_some() {
                doc.blank();
                common::steps_tried(app, doc);
            }
        }
        _ => {}
    }
    doc.blank();
    common::path_list(app, doc);
}
