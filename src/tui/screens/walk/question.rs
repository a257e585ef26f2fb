//! The start menu and every other question: the question first and bold,
//! why we ask, the read-aloud line, then the numbered answers.

use super::common;
use super::point::Point;
use crate::present::PointBody;
use crate::tui::doc::{Doc, Target};
use ratatui::text::Span;

/// Where we are: the start menu, or question number n of the walk.
pub fn header(point: &Point, start: bool) -> String {
    if start {
        point.strings.get("tui.screen.start").to_string()
    } else {
        point.strings.fmt(
            "tui.screen.question",
            &[("n", &(point.view.depth + 1).to_string())],
        )
    }
}

/// The key line; without "Enter OK" while nothing is selected, since Enter
/// then does nothing.
pub fn keys(start: bool, selected: bool) -> &'static str {
    match (start, selected) {
        (true, true) => "tui.keys.start",
        (true, false) => "tui.keys.start_choose",
        (false, true) => "tui.keys.question",
        (false, false) => "tui.keys.question_choose",
    }
}

pub fn body(point: &Point, doc: &mut Doc, start: bool) {
    let PointBody::Question(q) = &point.view.body else {
        return;
    };
    let t = doc.theme;
    let s = point.strings;
    if start {
        // The search hint, prominent: most callers know the code or the message.
        doc.para(
            vec![Span::styled(" / ", t.selected()), Span::raw(" ")],
            &[(s.get("tui.search_hint"), t.key())],
            None,
        );
        doc.blank();
    }
    doc.text(&q.text, t.title());
    if let Some(why) = &q.why {
        doc.para(
            vec![Span::styled(
                format!("{}{}", s.get("label.why"), s.get("tui.colon")),
                t.dim(),
            )],
            &[(why, t.dim())],
            None,
        );
    }
    common::say(point, doc, "label.say_customer", q.say_customer.as_deref());
    common::say(point, doc, "label.say_caller", q.say_caller.as_deref());
    doc.blank();
    for (i, a) in q.answers.iter().enumerate() {
        doc.choice(
            a.n,
            &a.text,
            point.walk.selected == Some(i),
            Target::Answer(i),
        );
    }
}
