//! A diagnosis: the cause in one line, then the remedy steps as a checklist
//! (`[x]` tried, `>` now, `[ ]` to come) with who does each and how long it takes,
//! and "did this fix it?" for the current step.

use super::common;
use super::point::Point;
use crate::present::{PointBody, StepState};
use crate::rules::StepKind;
use crate::tui::doc::{Doc, Target};
use ratatui::text::Span;

pub fn header(point: &Point) -> String {
    point.strings.get("tui.screen.diagnosis").to_string()
}

/// The key line for what the current step asks.
pub fn keys(point: &Point) -> &'static str {
    let kind = match &point.view.body {
        PointBody::Diagnosis(d) => d.current().map(|st| st.kind),
        _ => None,
    };
    match kind {
        Some(StepKind::Check) => "tui.keys.diagnosis_check",
        Some(StepKind::Wait) => "tui.keys.diagnosis_wait",
        _ => "tui.keys.diagnosis",
    }
}

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
            StepState::Skipped => ("[-]", t.dim()),
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
        // The current step's words for the phone, under the step.
        if let Some(caller) = st
            .caller
            .as_deref()
            .filter(|_| point.show_say && st.state == StepState::Current && !d.fixed)
        {
            let label = format!("{}{}", s.get("label.say_caller"), s.get("tui.colon"));
            doc.para(
                vec![Span::raw("       "), Span::styled(label, t.label())],
                &[(caller, t.say())],
                None,
            );
        }
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

/// What the current step asks, kept in view below the body: for an
/// action "did this fix it?", for a check what it found, for a wait how
/// long is left and a key to go on.
pub fn prompt(point: &Point, doc: &mut Doc) {
    let PointBody::Diagnosis(d) = &point.view.body else {
        return;
    };
    if d.fixed {
        return;
    }
    let Some(step) = d.current() else { return };
    let t = doc.theme;
    let s = point.strings;
    let n = d.current_step.to_string();
    let total = d.steps.len().to_string();
    let selected = |i: usize| point.walk.selected == Some(i);
    match step.kind {
        StepKind::Action => {
            doc.text(
                &s.fmt("tui.fixed_prompt", &[("n", &n), ("total", &total)]),
                t.bold(),
            );
            doc.choice(1, s.get("label.yes"), selected(0), Target::Fixed(true));
            let no = if d.at_last_step() {
                "label.no_last"
            } else {
                "label.no"
            };
            doc.choice(2, s.get(no), selected(1), Target::Fixed(false));
        }
        StepKind::Check => {
            doc.text(
                &s.fmt("tui.found_prompt", &[("n", &n), ("total", &total)]),
                t.bold(),
            );
            for (i, f) in step.found.iter().enumerate() {
                doc.choice(f.n, &f.text, selected(i), Target::Answer(i));
            }
        }
        StepKind::Wait => {
            let line = match point.wait_left {
                Some(left) if left.is_zero() => s.fmt("tui.wait_over", &[("n", &n)]),
                Some(left) => {
                    let secs = left.as_secs();
                    let time = format!("{}:{:02}", secs / 60, secs % 60);
                    s.fmt(
                        "tui.wait_left",
                        &[("n", &n), ("total", &total), ("time", &time)],
                    )
                }
                None => s.fmt(
                    "tui.wait_prompt",
                    &[
                        ("n", &n),
                        ("total", &total),
                        ("min", &step.minutes.to_string()),
                    ],
                ),
            };
            doc.text(&line, t.bold());
            doc.choice(
                1,
                s.get("label.wait_over"),
                selected(0),
                Target::Fixed(true),
            );
        }
    }
}
