//! The handbook as Markdown (CommonMark with GitHub tables): headings per
//! chapter and entry, lists for answers and steps, block quotes for
//! warnings, a table for the response codes. Anchors are HTML `<a id>`s so
//! the contents' links work on GitHub and in converters (pandoc) alike.

use super::{
    is_money_safety, Chapter, DiagnosisEntry, FindingLead, Handbook, QuestionEntry, RouteStep,
    Target, Words,
};
use crate::present::WarningView;
use std::fmt::Write as _;

/// Text made literal in Markdown: every character that could start
/// emphasis, a link, code, HTML or a table cell is backslash-escaped, and a
/// line break becomes a space (each text is one paragraph or list item).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The handbook as a Markdown document.
pub fn render(book: &Handbook) -> String {
    let w = &book.words;
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(out, "# {}\n\n{}\n\n", escape(&w.title), escape(&w.subtitle));
    let _ = writeln!(out, "## {}\n", escape(&w.contents));
    if book.start.is_some() {
        let _ = writeln!(out, "- [{}](#start)", escape(&w.start));
    }
    for c in &book.chapters {
        let _ = writeln!(
            out,
            "- [{}](#{}) ({})",
            escape(&c.title),
            c.anchor,
            c.diagnoses.len()
        );
        for d in &c.diagnoses {
            let mark = if d.charge_outcome_unknown {
                "\u{26a0} "
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  - [{mark}{}](#{})",
                escape(&d.diagnosis.title),
                d.anchor
            );
        }
    }
    let _ = writeln!(out, "- [{}](#codes)\n", escape(&w.appendix_codes));
    if let Some(start) = &book.start {
        let _ = write!(out, "<a id=\"start\"></a>\n\n## {}\n\n", escape(&w.start));
        question(&mut out, w, start);
    }
    for chapter in &book.chapters {
        write_chapter(&mut out, w, chapter);
    }
    codes(&mut out, book);
    out
}

fn write_chapter(out: &mut String, w: &Words, c: &Chapter) {
    let _ = write!(
        out,
        "<a id=\"{}\"></a>\n\n## {}\n\n",
        c.anchor,
        escape(&c.title)
    );
    if !c.questions.is_empty() {
        let _ = write!(out, "### {}\n\n", escape(&w.questions));
        for q in &c.questions {
            question(out, w, q);
        }
    }
    if !c.diagnoses.is_empty() {
        let _ = write!(out, "### {}\n\n", escape(&w.causes));
        for d in &c.diagnoses {
            diagnosis(out, w, d);
        }
    }
}

fn heading(out: &mut String, anchor: &str, money: bool, title: &str, id: &str) {
    let mark = if money { "\u{26a0} " } else { "" };
    let _ = write!(
        out,
        "<a id=\"{anchor}\"></a>\n\n#### {mark}{}\n\n`{id}`\n\n",
        escape(title)
    );
}

fn warnings(out: &mut String, list: &[WarningView]) {
    for warning in list {
        let mark = if is_money_safety(warning) {
            "\u{26a0} "
        } else {
            ""
        };
        let _ = write!(
            out,
            "> **{mark}{}**: {}\n\n",
            escape(&warning.label),
            escape(&warning.text)
        );
    }
}

fn say(out: &mut String, who: &str, line: Option<&String>, indent: &str) {
    if let Some(line) = line {
        let _ = write!(
            out,
            "{indent}*{}:* \u{201c}{}\u{201d}\n\n",
            escape(who),
            escape(line)
        );
    }
}

fn target(t: &Target) -> String {
    let mark = if t.money_safety { "\u{26a0} " } else { "" };
    match &t.anchor {
        Some(a) => format!("[{mark}{}](#{a})", escape(&t.title)),
        None => format!("{mark}{}", escape(&t.title)),
    }
}

fn question(out: &mut String, w: &Words, q: &QuestionEntry) {
    let money = q.charge_outcome_unknown || q.warnings.iter().any(is_money_safety);
    heading(out, &q.anchor, money, &q.question.text, &q.node_id);
    warnings(out, &q.warnings);
    if let Some(why) = &q.question.why {
        let _ = write!(out, "**{}:** {}\n\n", escape(&w.why), escape(why));
    }
    say(out, &w.say_customer, q.question.say_customer.as_ref(), "");
    say(out, &w.say_caller, q.question.say_caller.as_ref(), "");
    let _ = write!(out, "**{}**\n\n", escape(&w.answers));
    for (a, lead) in q.question.answers.iter().zip(&q.leads) {
        let _ = writeln!(
            out,
            "{}. {} \u{2192} {}",
            a.n,
            escape(&a.text),
            target(lead)
        );
    }
    out.push('\n');
}

fn diagnosis(out: &mut String, w: &Words, d: &DiagnosisEntry) {
    let money = d.charge_outcome_unknown || d.warnings.iter().any(is_money_safety);
    heading(out, &d.anchor, money, &d.diagnosis.title, &d.node_id);
    warnings(out, &d.warnings);
    let _ = write!(
        out,
        "{}: {}\n\n",
        escape(&w.likelihood),
        escape(&d.diagnosis.likelihood_label)
    );
    if let Some(detail) = &d.diagnosis.detail {
        let _ = write!(out, "{}\n\n", escape(detail));
    }
    let _ = write!(out, "**{}**\n\n", escape(&w.routes));
    for route in &d.routes {
        let hops: Vec<String> = route
            .iter()
            .map(|hop| match hop {
                RouteStep::Answer { question, answer } => {
                    format!("{} **{}**", escape(question), escape(answer))
                }
                RouteStep::Finding {
                    diagnosis,
                    step,
                    finding,
                } => format!("{} \\#{step} **{}**", escape(diagnosis), escape(finding)),
            })
            .collect();
        let _ = writeln!(out, "- {}", hops.join(" \u{2192} "));
    }
    if d.more_routes > 0 {
        let _ = writeln!(
            out,
            "- {}",
            escape(&w.more_routes.replace("{n}", &d.more_routes.to_string()))
        );
    }
    out.push('\n');
    if !d.codes.is_empty() {
        let _ = write!(
            out,
            "**{}:** {}\n\n",
            escape(&w.codes_here),
            escape(&d.codes.join(", "))
        );
    }
    let _ = write!(out, "**{}**\n\n", escape(&w.steps));
    for s in &d.steps {
        let _ = write!(
            out,
            "{}. \\[{}\\] {} ({}, {})\n\n",
            s.step.n,
            escape(&s.step.kind_label),
            escape(&s.step.text),
            escape(&s.step.who_label),
            escape(&s.minutes_label)
        );
        if !s.step.found.is_empty() {
            let _ = write!(out, "   {}\n\n", escape(&w.found));
            for (f, lead) in s.step.found.iter().zip(&s.leads) {
                let to = match lead {
                    FindingLead::Step { n } => escape(&w.to_step.replace("{n}", &n.to_string())),
                    FindingLead::Node(t) => target(t),
                };
                let _ = writeln!(out, "   - {} \u{2192} {to}", escape(&f.text));
            }
            out.push('\n');
        }
        say(out, &w.caller, s.step.caller.as_ref(), "   ");
    }
    if !d.diagnosis.prevention.is_empty() {
        let _ = write!(out, "**{}**\n\n", escape(&w.prevention));
        for p in &d.diagnosis.prevention {
            let _ = writeln!(out, "- {}", escape(p));
        }
        out.push('\n');
    }
    let e = &d.escalation.escalation;
    let _ = write!(
        out,
        "**{}:** {}\n\n",
        escape(&w.escalation),
        escape(&e.contact_label)
    );
    warnings(out, &d.escalation.warnings);
    let _ = write!(out, "{}\n\n", escape(&e.text));
    if !e.have_ready.is_empty() {
        let _ = write!(out, "**{}**\n\n", escape(&w.have_ready));
        for item in &e.have_ready {
            let _ = writeln!(out, "- {}", escape(&item.label));
        }
        out.push('\n');
    }
    say(out, &w.call_script, e.call_script.as_ref(), "");
    say(out, &w.say_customer, e.say_customer.as_ref(), "");
    say(out, &w.say_caller, e.say_caller.as_ref(), "");
}

fn codes(out: &mut String, book: &Handbook) {
    let w = &book.words;
    let _ = write!(
        out,
        "<a id=\"codes\"></a>\n\n## {}\n\n| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|\n",
        escape(&w.appendix_codes),
        escape(&w.col_code),
        escape(&w.col_class),
        escape(&w.col_terminal_text),
        escape(&w.col_meaning),
        escape(&w.col_who_acts),
        escape(&w.col_leads_to),
    );
    for c in &book.codes {
        let v = &c.code;
        let mark = if v.charge_outcome_unknown {
            " \u{26a0}"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| **{}**{mark} | {} | {} | {} | {} | {} |",
            escape(&v.code),
            escape(v.class.as_deref().unwrap_or("")),
            escape(&v.terminal_text),
            escape(&v.meaning),
            escape(&v.who_acts),
            target(&c.leads_to)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Strings;
    use crate::rules::{load_bundled, Lang};

    #[test]
    fn markdown_syntax_in_texts_is_made_literal() {
        assert_eq!(escape("*bold* | [x](y) <b>"), r"\*bold\* \| \[x\](y) \<b\>");
        assert_eq!(escape("line one\nline two"), "line one line two");
    }

    #[test]
    fn every_code_is_a_table_row_and_every_link_has_its_anchor() {
        let rules = load_bundled().rules.expect("bundled rules load");
        let md = render(&Handbook::build(&rules, &Strings::new(Lang::En), None));
        for code in &rules.codes {
            assert!(
                md.contains(&format!("| **{}**", code.code)),
                "{}",
                code.code
            );
        }
        for link in md.split("](#").skip(1) {
            let anchor = &link[..link.find(')').expect("a closing bracket")];
            assert!(md.contains(&format!("<a id=\"{anchor}\"></a>")), "{anchor}");
        }
        // Table rows have exactly the header's cells: no `|` leaked from a text.
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
        for row in rows {
            let cells = row.replace("\\|", "").matches('|').count();
            assert_eq!(cells, 7, "{row}");
        }
    }
}
