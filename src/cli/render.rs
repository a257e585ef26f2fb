//! Plain-text and JSON views of the engine's state, for line mode. Plain
//! text only: no box drawing, no colour, so pipes and screen readers get
//! the same words as the screen.

use crate::engine::{Move, Outcome, Point, Session};
use crate::i18n::Strings;
use crate::rules::{Lang, Node, NodeBody, RuleSet, Text};
use serde_json::{json, Value};

/// The current point as text lines (without the prompt).
pub fn point_text(session: &Session, s: &Strings) -> String {
    let lang = s.lang;
    let point = session.current();
    let node = session.node();
    let rules = session.rules();
    let mut out = String::new();
    // The start menu spans every category, so it shows none.
    let cat = if point.node == rules.start {
        String::new()
    } else {
        format!("[{}] ", s.category(node.category))
    };
    let colon = s.get("punct.colon");
    // Warnings come first: the money-safety one above everything.
    for w in &node.warnings {
        out.push_str(&format!(
            "!! {}{colon}{}\n",
            s.warning(w.kind),
            w.text.get(lang)
        ));
    }
    match &node.body {
        NodeBody::Question(q) => {
            out.push_str(&format!("{cat}{}\n", q.text.get(lang)));
            if let Some(why) = &q.why {
                out.push_str(&format!(
                    "  {}{colon}{}\n",
                    s.get("label.why"),
                    why.get(lang)
                ));
            }
            if let Some(say) = &q.say {
                out.push_str(&format!(
                    "  {}{colon}{}\n",
                    s.get("label.say"),
                    say.get(lang)
                ));
            }
            for (i, a) in q.answers.iter().enumerate() {
                out.push_str(&format!("  {}. {}\n", i + 1, a.text.get(lang)));
            }
        }
        NodeBody::Diagnosis(d) => {
            out.push_str(&format!(
                "{cat}{}{colon}{} ({})\n",
                s.get("label.cause"),
                d.title.get(lang),
                s.likelihood(d.likelihood)
            ));
            if let Some(detail) = &d.detail {
                out.push_str(&format!("  {}\n", detail.get(lang)));
            }
            out.push_str(&format!("{}{}\n", s.get("label.steps"), colon.trim_end()));
            for (i, st) in d.steps.iter().enumerate() {
                let mark = if i < point.step || (point.fixed && i == point.step) {
                    if point.fixed && i == point.step {
                        "[v]"
                    } else {
                        "[x]"
                    }
                } else if i == point.step {
                    " > "
                } else {
                    "   "
                };
                out.push_str(&format!(
                    "  {mark} {}. {} ({}, {})\n",
                    i + 1,
                    st.text.get(lang),
                    s.actor(st.who),
                    s.fmt("label.minutes", &[("n", &st.minutes.to_string())])
                ));
            }
            if point.fixed {
                out.push_str(&format!(
                    "{}{colon}{}\n",
                    s.get("label.outcome"),
                    s.fmt(
                        "label.resolved_by",
                        &[
                            ("n", &(point.step + 1).to_string()),
                            ("step", d.steps[point.step].text.get(lang))
                        ]
                    )
                ));
                push_prevention(&mut out, s, &d.prevention);
            } else {
                let st = &d.steps[point.step];
                out.push_str(&format!(
                    "{}{colon}{}\n",
                    s.fmt(
                        "label.step",
                        &[
                            ("n", &(point.step + 1).to_string()),
                            ("total", &d.steps.len().to_string())
                        ]
                    ),
                    st.text.get(lang)
                ));
                let last = point.step + 1 == d.steps.len();
                out.push_str(&format!(
                    "{}  1. {}  2. {}\n",
                    s.get("label.fixed_question"),
                    s.get("label.yes"),
                    s.get(if last { "label.no_last" } else { "label.no" })
                ));
            }
        }
        NodeBody::Escalation(e) => {
            out.push_str(&format!(
                "{cat}{}{colon}{}\n",
                s.get("label.escalation"),
                s.contact(e.contact)
            ));
            out.push_str(&format!("  {}\n", e.text.get(lang)));
            if let Some(say) = &e.say {
                out.push_str(&format!(
                    "  {}{colon}{}\n",
                    s.get("label.say"),
                    say.get(lang)
                ));
            }
            out.push_str(&format!(
                "{}{}\n",
                s.get("label.have_ready"),
                colon.trim_end()
            ));
            for key in &e.have_ready {
                if let Some(label) = rules.evidence_label(key) {
                    out.push_str(&format!("  - {}\n", label.get(lang)));
                }
            }
        }
        NodeBody::Resolved(r) => {
            out.push_str(&format!(
                "{cat}{}{colon}{}\n",
                s.get("label.resolved"),
                r.title.get(lang)
            ));
            out.push_str(&format!("  {}\n", r.text.get(lang)));
            push_prevention(&mut out, s, &r.prevention);
        }
    }
    out
}

fn push_prevention(out: &mut String, s: &Strings, prevention: &[Text]) {
    if prevention.is_empty() {
        return;
    }
    out.push_str(&format!(
        "{}{}\n",
        s.get("label.prevention"),
        s.get("punct.colon").trim_end()
    ));
    for p in prevention {
        out.push_str(&format!("  - {}\n", p.get(s.lang)));
    }
}

/// The summary printed when a walk ends.
pub fn outcome_text(session: &Session, s: &Strings) -> String {
    let lang = s.lang;
    let rules = session.rules();
    let mut out = String::new();
    let colon = s.get("punct.colon");
    out.push_str(&format!("{}{}\n", s.get("label.path"), colon.trim_end()));
    let trail = session.trail();
    for (i, p) in trail.iter().enumerate() {
        let chosen = match trail.get(i + 1).map(|n| n.via) {
            Some(Move::Answer { answer }) => rules
                .node(p.node)
                .as_question()
                .map(|q| format!(" -> {}", q.answers[answer].text.get(lang))),
            Some(Move::NotFixed { .. }) => Some(format!(" -> {}", s.get("label.no"))),
            Some(Move::Fixed { .. }) => Some(format!(" -> {}", s.get("label.yes"))),
            _ => None,
        };
        out.push_str(&format!(
            "  {}. {}{}\n",
            i + 1,
            crumb(rules, p, lang),
            chosen.unwrap_or_default()
        ));
    }
    match session.outcome() {
        Outcome::Resolved { node, .. } => {
            out.push_str(&format!(
                "{}{colon}{} ({})\n",
                s.get("label.outcome"),
                s.get("label.resolved"),
                rules.node(node).title().get(lang)
            ));
        }
        Outcome::Escalated { escalation, .. } => {
            let e = rules.node(escalation).as_escalation().expect("escalation");
            out.push_str(&format!(
                "{}{colon}{} - {}\n",
                s.get("label.outcome"),
                s.get("label.escalation"),
                s.contact(e.contact)
            ));
        }
        Outcome::InProgress => {}
    }
    out
}

/// A short label for one point of the trail: what was chosen, where it led.
pub fn crumb(rules: &RuleSet, p: &Point, lang: Lang) -> String {
    let node = rules.node(p.node);
    match &node.body {
        NodeBody::Diagnosis(d) if p.fixed => format!("{} [{}. v]", d.title.get(lang), p.step + 1),
        NodeBody::Diagnosis(d) => format!("{} [{}]", d.title.get(lang), p.step + 1),
        _ => node.title().get(lang).to_string(),
    }
}

fn text_json(t: &Text, lang: Lang) -> Value {
    Value::String(t.get(lang).to_string())
}

/// One JSON object describing the current point.
pub fn point_json(session: &Session, lang: Lang) -> Value {
    let p = session.current();
    let node = session.node();
    let rules = session.rules();
    let mut v = node_json(rules, node, lang);
    let obj = v.as_object_mut().expect("object");
    obj.insert("depth".into(), json!(session.trail().len() - 1));
    obj.insert(
        "via".into(),
        serde_json::to_value(p.via).unwrap_or(Value::Null),
    );
    if node.as_diagnosis().is_some() {
        obj.insert("current_step".into(), json!(p.step + 1));
        obj.insert("fixed".into(), json!(p.fixed));
    }
    v
}

/// A node in the walk's JSON shape: id, kind, category, text and details.
pub fn node_json(rules: &RuleSet, node: &Node, lang: Lang) -> Value {
    let mut v = json!({
        "id": node.id,
        "kind": node.kind().key(),
        "category": node.category.key(),
        "text": text_json(node.title(), lang),
    });
    let obj = v.as_object_mut().expect("object");
    if node.charge_outcome_unknown {
        obj.insert("charge_outcome".into(), json!("unknown"));
    }
    if !node.warnings.is_empty() {
        obj.insert(
            "warnings".into(),
            node.warnings
                .iter()
                .map(|w| json!({"kind": w.kind.key(), "text": w.text.get(lang)}))
                .collect(),
        );
    }
    let codes: Vec<&str> = rules
        .codes_for(rules.find(&node.id).expect("node in rules"))
        .map(|c| c.code.as_str())
        .collect();
    if !codes.is_empty() {
        obj.insert("codes".into(), json!(codes));
    }
    match &node.body {
        NodeBody::Question(q) => {
            if let Some(w) = &q.why {
                obj.insert("why".into(), text_json(w, lang));
            }
            if let Some(s) = &q.say {
                obj.insert("say".into(), text_json(s, lang));
            }
            obj.insert(
                "answers".into(),
                q.answers
                    .iter()
                    .enumerate()
                    .map(|(i, a)| json!({"n": i + 1, "text": a.text.get(lang), "next": a.next_id}))
                    .collect(),
            );
        }
        NodeBody::Diagnosis(d) => {
            obj.insert("title".into(), text_json(&d.title, lang));
            if let Some(detail) = &d.detail {
                obj.insert("detail".into(), text_json(detail, lang));
            }
            obj.insert("likelihood".into(), json!(d.likelihood.key()));
            obj.insert("sources".into(), json!(d.sources));
            obj.insert(
                "steps".into(),
                d.steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| json!({"n": i + 1, "text": s.text.get(lang), "who": s.who.key(), "minutes": s.minutes}))
                    .collect(),
            );
            obj.insert(
                "prevention".into(),
                d.prevention.iter().map(|p| p.get(lang)).collect(),
            );
            obj.insert("escalation".into(), json!(d.escalation_id));
        }
        NodeBody::Escalation(e) => {
            obj.insert("contact".into(), json!(e.contact.key()));
            if let Some(s) = &e.say {
                obj.insert("say".into(), text_json(s, lang));
            }
            obj.insert(
                "have_ready".into(),
                e.have_ready
                    .iter()
                    .map(|k| {
                        json!({"key": k, "text": rules.evidence_label(k).map(|t| t.get(lang)).unwrap_or(k)})
                    })
                    .collect(),
            );
        }
        NodeBody::Resolved(r) => {
            obj.insert("detail".into(), text_json(&r.text, lang));
            obj.insert(
                "prevention".into(),
                r.prevention.iter().map(|p| p.get(lang)).collect(),
            );
        }
    }
    v
}

/// The last JSON line: the whole outcome and the path.
pub fn outcome_json(session: &Session, lang: Lang) -> Value {
    let rules = session.rules();
    let id = |i| rules.node(i).id.clone();
    let outcome = match session.outcome() {
        Outcome::InProgress => json!({"status": "in_progress", "at": session.node().id}),
        Outcome::Resolved {
            node,
            fixed_by_step,
        } => json!({
            "status": "resolved",
            "node": id(node),
            "title": rules.node(node).title().get(lang),
            "fixed_by_step": fixed_by_step.map(|s| s + 1),
        }),
        Outcome::Escalated {
            escalation,
            diagnosis,
        } => {
            let e = rules.node(escalation).as_escalation().expect("escalation");
            json!({
                "status": "escalated",
                "escalation": id(escalation),
                "diagnosis": diagnosis.map(id),
                "contact": e.contact.key(),
                "text": e.text.get(lang),
                "have_ready": e.have_ready.iter().map(|k| rules.evidence_label(k).map(|t| t.get(lang)).unwrap_or(k)).collect::<Vec<_>>(),
            })
        }
    };
    let diagnosis = session.diagnosis().map(|(i, d)| {
        json!({"id": id(i), "title": d.title.get(lang), "category": rules.node(i).category.key()})
    });
    let path: Vec<Value> = session
        .trail()
        .iter()
        .map(|p| {
            let n = rules.node(p.node);
            let mut v = json!({"id": n.id, "kind": n.kind().key(), "via": p.via});
            if n.as_diagnosis().is_some() {
                v["step"] = json!(p.step + 1);
            }
            if let Move::Answer { answer } = p.via {
                v["answer"] = json!(answer + 1);
            }
            v
        })
        .collect();
    let tried: Vec<Value> = session
        .steps_tried()
        .into_iter()
        .map(|(d, step, fixed)| {
            let text = rules
                .node(d)
                .as_diagnosis()
                .map(|d| d.steps[step].text.get(lang));
            json!({"diagnosis": id(d), "step": step + 1, "text": text, "fixed": fixed})
        })
        .collect();
    json!({"outcome": outcome, "diagnosis": diagnosis, "steps_tried": tried, "path": path})
}
