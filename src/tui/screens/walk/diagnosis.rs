//! A diagnosis: the cause in one line, then the remedy steps as a checklist
//! (`[x]` tried, `>` now, `[ ]` to come) with who does each and how long it takes,
//! and "did this fix it?" for the current step.

use super::common;
use super::point::Point;
use crate::present::{PointBody, StepState};
use crate::tui::doc::{Doc, Target};
use ratatui::text::Span;

pub fn header(point: &Point) -> String {
    point.strings.get("tui.screen.diagnosis").to_string()
}

pub const KEYS: &str = "tui.keys.diagnosis";

pub fn body(point: &Point, doc: &mut Doc) {
    let PointBody::Diagnosis(d) = &point.view.body else {
        return;
    };
    let t = doc.theme;
    let s = point.strings;
    doc.para(
        vec![],
        &[
            (&s.fmt("tui.cause", &[("title", &d.title)]), t.title()),
            (
                &s.fmt("tui.likelihood", &[("value", &d.likelihood_label)]),
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
        let (mark, style) = match st.state {
            StepState::Fixed => ("[v]", t.ok()),
            StepState::NotFixed => ("[x]", t.dim()),
            StepState::Current => (" > ", t.bold()),
            StepState::Pending => ("[ ]", t.plain()),
        };
        let meta = s.fmt(
            "tui.step_meta",
            &[("who", &st.who_label), ("n", &st.minutes.to_string())],
        );
        doc.para(
            vec![Span::styled(format!("{mark} {}. ", st.n), style)],
            &[(&st.text, style), (&meta, t.dim())],
            Some(Target::Step(i)),
        );
    }
    if let Some(detail) = &d.detail {
        doc.blank();
        doc.text(detail, t.dim());
    }
    if !d.prevention.is_empty() {
        doc.blank();
        common::prevention(point, doc, &d.prevention);
    }
}

/// "Did this fix it?" for the current step, kept in view below the body.
pub fn prompt(point: &Point, doc: &mut Doc) {
    let PointBody::Diagnosis(d) = &point.view.body else {
        return;
    };
    if d.fixed {
        return;
    }
    let t = doc.theme;
    let s = point.strings;
    doc.text(
        &s.fmt(
            "tui.fixed_prompt",
            &[
                ("n", &d.current_step.to_string()),
                ("total", &d.steps.len().to_string()),
            ],
        ),
        t.bold(),
    );
    doc.choice(
        1,
        s.get("label.yes"),
        point.walk.selected == Some(0),
        Target::Fixed(true),
    );
    doc.choice(
        2,
        s.get(if d.at_last_step() {
            "label.no_last"
        } else {
            "label.no"
        }),
        point.walk.selected == Some(1),
        Target::Fixed(false),
    );
}
