//! A diagnosis: the cause in one line, then the remedy steps as a checklist
//! (`[x]` tried, `>` now, `[ ]` to come) with who does each and how long it takes,
//! and "did this fix it?" for the current step.

use super::common;
use super::point::Point;
use crate::tui::doc::{Doc, Target};
use ratatui::text::Span;

pub fn header(point: &Point) -> String {
    point.strings.get("tui.screen.diagnosis").to_string()
}

pub const KEYS: &str = "tui.keys.diagnosis";

pub fn body(point: &Point, doc: &mut Doc) {
    let Some(d) = point.session.node().as_diagnosis() else {
        return;
    };
    let t = doc.theme;
    let lang = point.lang;
    let s = point.strings;
    let p = point.session.current();
    common::warnings(point, doc);
    doc.para(
        vec![],
        &[
            (
                &s.fmt("tui.cause", &[("title", d.title.get(lang))]),
                t.title(),
            ),
            (
                &s.fmt("tui.likelihood", &[("value", s.likelihood(d.likelihood))]),
                t.dim(),
            ),
        ],
        None,
    );
    doc.blank();
    doc.para(
        vec![],
        &[
            (
                &format!("{}{}", s.get("label.steps"), s.get("tui.colon").trim_end()),
                t.label(),
            ),
            ("   ", t.plain()),
            (s.get("tui.steps_legend"), t.dim()),
        ],
        None,
    );
    for (i, st) in d.steps.iter().enumerate() {
        let (mark, style) = if p.fixed && i == p.step {
            ("[v]", t.ok())
        } else if i < p.step {
            ("[x]", t.dim())
        } else if i == p.step {
            (" > ", t.bold())
        } else {
            ("[ ]", t.plain())
        };
        let meta = s.fmt(
            "tui.step_meta",
            &[("who", s.actor(st.who)), ("n", &st.minutes.to_string())],
        );
        doc.para(
            vec![Span::styled(format!("{mark} {}. ", i + 1), style)],
            &[(st.text.get(lang), style), (&meta, t.dim())],
            Some(Target::Step(i)),
        );
    }
    if let Some(detail) = &d.detail {
        doc.blank();
        doc.text(detail.get(lang), t.dim());
    }
}

/// "Did this fix it?" for the current step, kept in view below the body.
pub fn prompt(point: &Point, doc: &mut Doc) {
    let Some(d) = point.session.node().as_diagnosis() else {
        return;
    };
    let t = doc.theme;
    let s = point.strings;
    let p = point.session.current();
    if p.fixed {
        return;
    }
    let total = d.steps.len();
    doc.text(
        &s.fmt(
            "tui.fixed_prompt",
            &[
                ("n", &(p.step + 1).to_string()),
                ("total", &total.to_string()),
            ],
        ),
        t.bold(),
    );
    let last = p.step + 1 == total;
    doc.choice(
        1,
        s.get("label.yes"),
        point.walk.selected == Some(0),
        Target::Fixed(true),
    );
    doc.choice(
        2,
        s.get(if last { "label.no_last" } else { "label.no" }),
        point.walk.selected == Some(1),
        Target::Fixed(false),
    );
}
