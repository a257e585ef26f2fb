//! The start menu and every other question: the question first and bold,
//! why we ask, the read-aloud line, then the numbered answers.

use super::common;
use crate::tui::app::App;
use crate::tui::view::{Doc, Target};
use ratatui::text::Span;

pub fn body(app: &App, doc: &mut Doc, start: bool) {
    let Some(q) = app.session.node().as_question() else {
        return;
    };
    let t = doc.theme;
    let lang = app.lang();
    let s = &app.strings;
    if start {
        // The search hint, prominent: most callers know the code or the message.
        doc.para(
            vec![Span::styled(" / ", t.selected()), Span::raw(" ")],
            &[(s.get("tui.search_hint"), t.key())],
            None,
        );
        doc.blank();
    }
    common::warnings(app, doc);
    doc.text(q.text.get(lang), t.title());
    if let Some(why) = &q.why {
        doc.para(
            vec![Span::styled(
                format!("{}{}", s.get("label.why"), s.get("tui.colon")),
                t.dim(),
            )],
            &[(why.get(lang), t.dim())],
            None,
        );
    }
    common::say(app, doc, q.say_caller.as_ref().or(q.say_customer.as_ref()));
    doc.blank();
    for (i, a) in q.answers.iter().enumerate() {
        doc.choice(
            i + 1,
            a.text.get(lang),
            app.selected == i,
            Target::Answer(i),
        );
    }
}
