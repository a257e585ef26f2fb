//! Line mode's two formats of the views in [`crate::present`]: plain text
//! and JSON lines. Both only arrange what a view holds; neither looks at the
//! rules or the engine. Plain text has no box drawing and no colour, so
//! pipes and screen readers get the same words as the screen. The JSON
//! lines are a stable interface, described in `docs/json-lines.md`.

use crate::i18n::Strings;
use crate::present::{
    CaseOutcome, CaseSummary, Crumb, Departure, PointBody, PointView, ResponseCodeView, StepReport,
    StepState, Via,
};
use crate::rules::StepKind;
use serde_json::{json, Value};
use std::fmt::{self, Write as _};

/// The current point as text lines (without the prompt).
pub fn point_text(view: &PointView, s: &Strings) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_point(&mut out, view, s);
    out
}

fn write_point(out: &mut String, view: &PointView, s: &Strings) -> fmt::Result {
    // The start menu spans every category, so it shows none.
    let cat = if view.at_start {
        String::new()
    } else {
        format!("[{}] ", view.category_label)
    };
    let colon = s.get("punct.colon");
    // Warnings come first: the money-safety one above everything.
    for w in &view.warnings {
        writeln!(out, "!! {}{colon}{}", w.label, w.text)?;
    }
    match &view.body {
        PointBody::Question(q) => {
            writeln!(out, "{cat}{}", q.text)?;
            if let Some(why) = &q.why {
                writeln!(out, "  {}{colon}{why}", s.get("label.why"))?;
            }
            write_read_aloud(out, s, "label.say_customer", q.say_customer.as_deref())?;
            write_read_aloud(out, s, "label.say_caller", q.say_caller.as_deref())?;
            for a in &q.answers {
                writeln!(out, "  {}. {}", a.n, a.text)?;
            }
        }
        PointBody::Diagnosis(d) => {
            writeln!(
                out,
                "{cat}{}{colon}{} ({})",
                s.get("label.cause"),
                d.title,
                d.likelihood_label
            )?;
            if let Some(detail) = &d.detail {
                writeln!(out, "  {detail}")?;
            }
            write_heading(out, s, "label.steps")?;
            for st in &d.steps {
                let mark = match st.state {
                    // A check or a wait behind: done, but no attempt at a fix.
                    StepState::NotFixed if st.kind != StepKind::Action => "[-]",
                    StepState::NotFixed => "[x]",
                    StepState::Fixed => "[v]",
                    StepState::Current => " > ",
                    StepState::Pending => "   ",
                    StepState::Skipped => "[ ]",
                };
                let minutes = s.fmt("label.minutes", &[("n", &st.minutes.to_string())]);
                // Actions are the usual kind; only the others are named.
                let kind = match st.kind {
                    StepKind::Action => String::new(),
                    StepKind::Check | StepKind::Wait => format!("{}, ", st.kind_label),
                };
                writeln!(
                    out,
                    "  {mark} {}. {} ({kind}{}, {minutes})",
                    st.n, st.text, st.who_label
                )?;
            }
            let current = d.current().map_or("", |st| st.text.as_str());
            let n = d.current_step.to_string();
            if d.fixed {
                let resolved_by = s.fmt("label.resolved_by", &[("n", &n), ("step", current)]);
                writeln!(out, "{}{colon}{resolved_by}", s.get("label.outcome"))?;
                write_prevention(out, s, &d.prevention)?;
            } else {
                let total = d.steps.len().to_string();
                let step = s.fmt("label.step", &[("n", &n), ("total", &total)]);
                writeln!(out, "{step}{colon}{current}")?;
                let current = d.current();
                write_read_aloud(
                    out,
                    s,
                    "label.say_caller",
                    current.and_then(|st| st.caller.as_deref()),
                )?;
                match current.map(|st| (st.kind, st)) {
                    Some((StepKind::Check, st)) => {
                        writeln!(out, "{}", s.get("label.found_question"))?;
                        for f in &st.found {
                            writeln!(out, "  {}. {}", f.n, f.text)?;
                        }
                    }
                    Some((StepKind::Wait, st)) => {
                        let wait = s.fmt("label.wait", &[("n", &st.minutes.to_string())]);
                        writeln!(out, "{wait}  1. {}", s.get("label.wait_over"))?;
                    }
                    Some((StepKind::Action, _)) | None => {
                        let no = if d.at_last_step() {
                            "label.no_last"
                        } else {
                            "label.no"
                        };
                        writeln!(
                            out,
                            "{}  1. {}  2. {}",
                            s.get("label.fixed_question"),
                            s.get("label.yes"),
                            s.get(no)
                        )?;
                    }
                }
            }
        }
        PointBody::Escalation(e) => {
            writeln!(
                out,
                "{cat}{}{colon}{}",
                s.get("label.escalation"),
                e.contact_label
            )?;
            writeln!(out, "  {}", e.text)?;
            write_read_aloud(out, s, "label.say_customer", e.say_customer.as_deref())?;
            write_read_aloud(out, s, "label.say_caller", e.say_caller.as_deref())?;
            write_read_aloud(out, s, "label.call_script", e.call_script.as_deref())?;
            if !e.already_tried.is_empty() {
                writeln!(
                    out,
                    "  {}{}",
                    s.get("label.already_tried"),
                    colon.trim_end()
                )?;
                for t in &e.already_tried {
                    writeln!(out, "    - {t}")?;
                }
            }
            write_heading(out, s, "label.have_ready")?;
            for item in &e.have_ready {
                writeln!(out, "  - {}", item.label)?;
            }
        }
        PointBody::Resolved(r) => {
            writeln!(out, "{cat}{}{colon}{}", s.get("label.resolved"), r.title)?;
            writeln!(out, "  {}", r.text)?;
            write_prevention(out, s, &r.prevention)?;
        }
    }
    Ok(())
}

/// A line to be read aloud, labelled by its audience; nothing without one.
fn write_read_aloud(out: &mut String, s: &Strings, label: &str, line: Option<&str>) -> fmt::Result {
    match line {
        Some(line) => writeln!(out, "  {}{}{line}", s.get(label), s.get("punct.colon")),
        None => Ok(()),
    }
}

fn write_prevention(out: &mut String, s: &Strings, prevention: &[String]) -> fmt::Result {
    if prevention.is_empty() {
        return Ok(());
    }
    write_heading(out, s, "label.prevention")?;
    for p in prevention {
        writeln!(out, "  - {p}")?;
    }
    Ok(())
}

/// A heading line: the label and a colon, with nothing after it.
fn write_heading(out: &mut String, s: &Strings, key: &str) -> fmt::Result {
    writeln!(out, "{}{}", s.get(key), s.get("punct.colon").trim_end())
}

/// The summary printed when a walk ends: the path, and the outcome once
/// there is one.
pub fn case_text(case: &CaseSummary, s: &Strings) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_case(&mut out, case, s);
    out
}

fn write_case(out: &mut String, case: &CaseSummary, s: &Strings) -> fmt::Result {
    let colon = s.get("punct.colon");
    write_heading(out, s, "label.path")?;
    for (i, c) in case.path.iter().enumerate() {
        let chosen = match &c.left_by {
            Some(Departure::Answer { text, .. }) => format!(" -> {text}"),
            Some(Departure::NotFixed { .. }) => format!(" -> {}", s.get("label.no")),
            Some(Departure::Fixed { .. }) => format!(" -> {}", s.get("label.yes")),
            Some(Departure::Found { text, .. }) => format!(" -> {text}"),
            Some(Departure::Waited { .. }) => format!(" -> {}", s.get("label.waited")),
            Some(Departure::Jump) | None => String::new(),
        };
        writeln!(out, "  {}. {}{chosen}", i + 1, crumb_title(c))?;
    }
    match &case.outcome {
        CaseOutcome::Resolved { title, .. } => {
            writeln!(
                out,
                "{}{colon}{} ({title})",
                s.get("label.outcome"),
                s.get("label.resolved")
            )?;
        }
        CaseOutcome::Escalated { contact_label, .. } => {
            writeln!(
                out,
                "{}{colon}{} - {contact_label}",
                s.get("label.outcome"),
                s.get("label.escalation")
            )?;
        }
        CaseOutcome::InProgress { .. } => {}
    }
    Ok(())
}

/// A point of the path in the summary: the node's name, and at a diagnosis
/// the step reached (with "v" once it fixed the problem).
fn crumb_title(c: &Crumb) -> String {
    match c.step {
        Some(n) if c.fixed => format!("{} [{n}. v]", c.title),
        Some(n) => format!("{} [{n}]", c.title),
        None => c.title.clone(),
    }
}

/// The lines printed before the walk when it starts at a response code.
pub fn response_code_text(code: &ResponseCodeView, s: &Strings) -> String {
    format!(
        "{}\n  {}: {}\n  {}: {}\n\n",
        s.fmt(
            "walk.jump_code",
            &[("code", &code.code), ("text", &code.terminal_text)]
        ),
        s.get("label.meaning"),
        code.meaning,
        s.get("label.who_acts"),
        code.who_acts
    )
}

/// One JSON line describing the current point.
pub fn point_json(view: &PointView) -> Value {
    let mut v = json!({
        "id": view.node_id,
        "kind": view.kind().key(),
        "category": view.category.key(),
        "text": view.title,
        "depth": view.depth,
        "via": view.via,
    });
    let obj = v.as_object_mut().expect("a JSON object literal");
    if view.charge_outcome_unknown {
        obj.insert("charge_outcome".into(), json!("unknown"));
    }
    if !view.warnings.is_empty() {
        let warnings = view
            .warnings
            .iter()
            .map(|w| json!({"kind": w.kind.key(), "text": w.text}));
        obj.insert("warnings".into(), warnings.collect());
    }
    if !view.codes.is_empty() {
        obj.insert("codes".into(), json!(view.codes));
    }
    match &view.body {
        PointBody::Question(q) => {
            if let Some(why) = &q.why {
                obj.insert("why".into(), json!(why));
            }
            if let Some(say) = &q.say_customer {
                obj.insert("say_customer".into(), json!(say));
            }
            if let Some(say) = &q.say_caller {
                obj.insert("say_caller".into(), json!(say));
            }
            let answers = q
                .answers
                .iter()
                .map(|a| json!({"n": a.n, "text": a.text, "next": a.next_id}));
            obj.insert("answers".into(), answers.collect());
        }
        PointBody::Diagnosis(d) => {
            obj.insert("title".into(), json!(d.title));
            if let Some(detail) = &d.detail {
                obj.insert("detail".into(), json!(detail));
            }
            obj.insert("likelihood".into(), json!(d.likelihood.key()));
            obj.insert("sources".into(), json!(d.sources));
            let steps = d.steps.iter().map(|st| {
                let mut step = json!({
                    "n": st.n,
                    "text": st.text,
                    "who": st.who.key(),
                    "minutes": st.minutes,
                    "kind": st.kind.key(),
                });
                if let Some(caller) = &st.caller {
                    step["caller"] = json!(caller);
                }
                if !st.found.is_empty() {
                    let found = st.found.iter().map(|f| {
                        let mut v = json!({"n": f.n, "text": f.text});
                        if let Some(n) = f.next_step {
                            v["step"] = json!(n);
                        }
                        if let Some(id) = &f.next_id {
                            v["next"] = json!(id);
                        }
                        v
                    });
                    step["found"] = found.collect();
                }
                step
            });
            obj.insert("steps".into(), steps.collect());
            obj.insert("prevention".into(), json!(d.prevention));
            obj.insert("escalation".into(), json!(d.escalation_id));
            obj.insert("current_step".into(), json!(d.current_step));
            obj.insert("fixed".into(), json!(d.fixed));
        }
        PointBody::Escalation(e) => {
            obj.insert("contact".into(), json!(e.contact.key()));
            let lines = [
                ("say_customer", &e.say_customer),
                ("say_caller", &e.say_caller),
                ("call_script", &e.call_script),
            ];
            for (key, line) in lines {
                if let Some(line) = line {
                    obj.insert(key.into(), json!(line));
                }
            }
            if !e.already_tried.is_empty() {
                obj.insert("already_tried".into(), json!(e.already_tried));
            }
            let have_ready = e
                .have_ready
                .iter()
                .map(|item| json!({"key": item.key, "text": item.label}));
            obj.insert("have_ready".into(), have_ready.collect());
        }
        PointBody::Resolved(r) => {
            obj.insert("detail".into(), json!(r.text));
            obj.insert("prevention".into(), json!(r.prevention));
        }
    }
    v
}

/// The last JSON line: the outcome, the diagnosis, the steps tried and the
/// path.
pub fn case_json(case: &CaseSummary) -> Value {
    let outcome = match &case.outcome {
        CaseOutcome::InProgress { at_id } => json!({"status": "in_progress", "at": at_id}),
        CaseOutcome::Resolved {
            node_id,
            title,
            fixed_by_step,
        } => json!({
            "status": "resolved",
            "node": node_id,
            "title": title,
            "fixed_by_step": fixed_by_step,
        }),
        CaseOutcome::Escalated {
            escalation_id,
            diagnosis_id,
            contact,
            text,
            have_ready,
            ..
        } => json!({
            "status": "escalated",
            "escalation": escalation_id,
            "diagnosis": diagnosis_id,
            "contact": contact.key(),
            "text": text,
            "have_ready": have_ready.iter().map(|item| item.label.as_str()).collect::<Vec<_>>(),
        }),
    };
    let diagnosis = case
        .diagnosis
        .as_ref()
        .map(|d| json!({"id": d.id, "title": d.title, "category": d.category.key()}));
    let tried: Vec<Value> = case
        .steps_tried
        .iter()
        .map(|t| {
            let mut v = json!({"diagnosis": t.diagnosis_id, "step": t.step, "text": t.text, "fixed": t.fixed});
            match &t.result {
                StepReport::Found { n, text } => v["found"] = json!({"n": n, "text": text}),
                StepReport::Waited => v["waited"] = json!(true),
                StepReport::Fixed | StepReport::NotFixed => {}
            }
            v
        })
        .collect();
    let path: Vec<Value> = case
        .path
        .iter()
        .map(|c| {
            let mut v = json!({"id": c.node_id, "kind": c.kind.key(), "via": c.via});
            if let Some(step) = c.step {
                v["step"] = json!(step);
            }
            if let Via::Answer { answer } = c.via {
                v["answer"] = json!(answer);
            }
            v
        })
        .collect();
    json!({"outcome": outcome, "diagnosis": diagnosis, "steps_tried": tried, "path": path})
}
