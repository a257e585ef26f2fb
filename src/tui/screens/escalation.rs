//! Handing over: whom to contact, what to tell them, and what to have ready.

use super::common;
use crate::tui::app::App;
use crate::tui::view::Doc;
use ratatui::text::Span;

pub fn body(app: &App, doc: &mut Doc) {
    let Some(e) = app.session.node().as_escalation() else {
        return;
    };
    let t = doc.theme;
    let lang = app.lang();
    let s = &app.strings;
    common::warnings(app, doc);
    doc.text(
        &s.fmt("tui.hand_over_to", &[("contact", s.contact(e.contact))]),
        t.title(),
    );
    doc.text(e.text.get(lang), t.plain());
    let line = e.call_script.as_ref().or(e.say_caller.as_ref());
    common::say(app, doc, line.or(e.say_customer.as_ref()));
    doc.blank();
    if !e.have_ready.is_empty() {
        common::heading(app, doc, s.get("label.have_ready"));
        for key in &e.have_ready {
            let label = app
                .rules
                .evidence_label(key)
                .map_or(key.as_str(), |l| l.get(lang));
            doc.para(vec![Span::raw("  - ")], &[(label, t.plain())], None);
        }
        doc.blank();
    }
    if app.session.diagnosis().is_some() {
        common::steps_tried(app, doc);
        doc.blank();
    }
    common::path_list(app, doc);
}
