//! The handbook as one self-contained HTML file: inline CSS, no fonts,
//! scripts or images from elsewhere, a table of contents with anchors, and
//! print CSS (A4, each chapter on a new page) so a browser prints it as is.
//! Every text from the rules or the UI texts goes through [`escape`].

use super::{
    is_money_safety, Chapter, DiagnosisEntry, FindingLead, Handbook, QuestionEntry, RouteStep,
    Target, Words,
};
use crate::present::WarningView;
use crate::rules::{Lang, StepKind};
use std::fmt::Write as _;

/// Text made safe for HTML element content and quoted attribute values:
/// the five markup characters as entities, and control characters (which
/// HTML does not allow) as U+FFFD, except tab and newline.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --money: #b00020; --muted: #555; --rule: #ccc; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5; color: #111; max-width: 52rem; margin: 0 auto; padding: 1rem 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.4rem; border-bottom: 2px solid #111; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin: 1.4rem 0 .4rem; }
h4 { font-size: 1rem; margin: .8rem 0 .2rem; }
a { color: #0645ad; }
.subtitle, .id, .meta { color: var(--muted); }
.id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .8rem; }
nav ol { padding-left: 1.4rem; }
nav li { margin: .15rem 0; }
.entry { border: 1px solid var(--rule); border-radius: 4px; padding: .4rem .8rem .6rem; margin: .8rem 0; break-inside: avoid-page; }
.entry.money { border: 2px solid var(--money); }
.warning { border-left: 4px solid #c77700; background: #fff7e6; padding: .3rem .6rem; margin: .4rem 0; }
.warning.money { border-left-color: var(--money); background: #fdecee; }
.warning .label { font-weight: bold; }
.warning.money .label { color: var(--money); }
.mark { color: var(--money); font-weight: bold; }
.route { margin: .1rem 0; }
.route .q { color: var(--muted); }
ol.steps > li { margin: .35rem 0; }
.kind { display: inline-block; font-size: .8rem; border: 1px solid #888; border-radius: 3px; padding: 0 .3rem; margin-right: .3rem; }
.kind.check { border-color: #0645ad; color: #0645ad; }
.kind.wait { border-color: #6a4c93; color: #6a4c93; }
.say { margin: .2rem 0 .2rem 1rem; font-style: italic; }
.say .who { font-style: normal; font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--rule); padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
tr { break-inside: avoid; }
.chapter { break-before: page; page-break-before: always; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  nav a::after { content: ""; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
}
"#;

/// The handbook as a complete HTML document.
pub fn render(book: &Handbook) -> String {
    let w = &book.words;
    let mut out = String::with_capacity(64 * 1024);
    let lang = match book.lang {
        Lang::Zh => "zh-Hans",
        Lang::En => "en",
        Lang::ZhHant => "zh-Hant",
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&w.title)
    );
    let _ = write!(
        out,
        "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n</header>\n",
        escape(&w.title),
        escape(&w.subtitle)
    );
    contents(&mut out, book);
    if let Some(start) = &book.start {
        let _ = write!(
            out,
            "<section class=\"chapter\" id=\"start\">\n<h2>{}</h2>\n",
            escape(&w.start)
        );
        question(&mut out, w, start);
        out.push_str("</section>\n");
    }
    for chapter in &book.chapters {
        write_chapter(&mut out, w, chapter);
    }
    codes(&mut out, book);
    out.push_str("</body>\n</html>\n");
    out
}

fn contents(out: &mut String, book: &Handbook) {
    let w = &book.words;
    let _ = write!(out, "<nav>\n<h2>{}</h2>\n<ol>\n", escape(&w.contents));
    if book.start.is_some() {
        let _ = writeln!(out, "<li><a href=\"#start\">{}</a></li>", escape(&w.start));
    }
    for c in &book.chapters {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{}</a> <span class=\"meta\">({})</span>",
            c.anchor,
            escape(&c.title),
            c.diagnoses.len()
        );
        if !c.diagnoses.is_empty() {
            out.push_str("<ol>\n");
            for d in &c.diagnoses {
                let mark = if d.charge_outcome_unknown {
                    "\u{26a0} "
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "<li><a href=\"#{}\">{mark}{}</a></li>",
                    d.anchor,
                    escape(&d.diagnosis.title)
                );
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</li>\n");
    }
    let _ = writeln!(
        out,
        "<li><a href=\"#codes\">{}</a></li>",
        escape(&w.appendix_codes)
    );
    out.push_str("</ol>\n</nav>\n");
}

fn write_chapter(out: &mut String, w: &Words, c: &Chapter) {
    let _ = write!(
        out,
        "<section class=\"chapter\" id=\"{}\">\n<h2>{}</h2>\n",
        c.anchor,
        escape(&c.title)
    );
    if !c.questions.is_empty() {
        let _ = writeln!(out, "<h3>{}</h3>", escape(&w.questions));
        for q in &c.questions {
            question(out, w, q);
        }
    }
    if !c.diagnoses.is_empty() {
        let _ = writeln!(out, "<h3>{}</h3>", escape(&w.causes));
        for d in &c.diagnoses {
            diagnosis(out, w, d);
        }
    }
    out.push_str("</section>\n");
}

fn warnings(out: &mut String, list: &[WarningView]) {
    for warning in list {
        let (class, mark) = if is_money_safety(warning) {
            ("warning money", "\u{26a0} ")
        } else {
            ("warning", "")
        };
        let _ = writeln!(
            out,
            "<div class=\"{class}\"><span class=\"label\">{mark}{}</span>: {}</div>",
            escape(&warning.label),
            escape(&warning.text)
        );
    }
}

fn say(out: &mut String, who: &str, line: Option<&String>) {
    if let Some(line) = line {
        let _ = writeln!(
            out,
            "<p class=\"say\"><span class=\"who\">{}:</span> {}</p>",
            escape(who),
            escape(line)
        );
    }
}

fn target(t: &Target) -> String {
    let mark = if t.money_safety { "\u{26a0} " } else { "" };
    match &t.anchor {
        Some(a) => format!("<a href=\"#{a}\">{mark}{}</a>", escape(&t.title)),
        None => format!("{mark}{}", escape(&t.title)),
    }
}

fn entry_open(out: &mut String, anchor: &str, money: bool, title: &str, id: &str) {
    let class = if money { "entry money" } else { "entry" };
    let mark = if money {
        "<span class=\"mark\">\u{26a0}</span> "
    } else {
        ""
    };
    let _ = write!(
        out,
        "<article class=\"{class}\" id=\"{anchor}\">\n<h4>{mark}{}</h4>\n<div class=\"id\">{}</div>\n",
        escape(title),
        escape(id)
    );
}

fn question(out: &mut String, w: &Words, q: &QuestionEntry) {
    let money = q.charge_outcome_unknown || q.warnings.iter().any(is_money_safety);
    entry_open(out, &q.anchor, money, &q.question.text, &q.node_id);
    warnings(out, &q.warnings);
    if let Some(why) = &q.question.why {
        let _ = writeln!(out, "<p><b>{}:</b> {}</p>", escape(&w.why), escape(why));
    }
    say(out, &w.say_customer, q.question.say_customer.as_ref());
    say(out, &w.say_caller, q.question.say_caller.as_ref());
    let _ = writeln!(out, "<p><b>{}</b></p>\n<ol>", escape(&w.answers));
    for (a, lead) in q.question.answers.iter().zip(&q.leads) {
        let _ = writeln!(
            out,
            "<li>{} \u{2192} {}</li>",
            escape(&a.text),
            target(lead)
        );
    }
    out.push_str("</ol>\n</article>\n");
}

fn diagnosis(out: &mut String, w: &Words, d: &DiagnosisEntry) {
    let money = d.charge_outcome_unknown || d.warnings.iter().any(is_money_safety);
    entry_open(out, &d.anchor, money, &d.diagnosis.title, &d.node_id);
    warnings(out, &d.warnings);
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}: {}</p>",
        escape(&w.likelihood),
        escape(&d.diagnosis.likelihood_label)
    );
    if let Some(detail) = &d.diagnosis.detail {
        let _ = writeln!(out, "<p>{}</p>", escape(detail));
    }
    let _ = writeln!(out, "<p><b>{}</b></p>", escape(&w.routes));
    for route in &d.routes {
        out.push_str("<p class=\"route\">");
        for (i, hop) in route.iter().enumerate() {
            if i > 0 {
                out.push_str(" \u{2192} ");
            }
            match hop {
                RouteStep::Answer { question, answer } => {
                    let _ = write!(
                        out,
                        "<span class=\"q\">{}</span> <b>{}</b>",
                        escape(question),
                        escape(answer)
                    );
                }
                RouteStep::Finding {
                    diagnosis,
                    step,
                    finding,
                } => {
                    let _ = write!(
                        out,
                        "<span class=\"q\">{} #{step}</span> <b>{}</b>",
                        escape(diagnosis),
                        escape(finding)
                    );
                }
            }
        }
        out.push_str("</p>\n");
    }
    if d.more_routes > 0 {
        let _ = writeln!(
            out,
            "<p class=\"meta\">{}</p>",
            escape(&w.more_routes.replace("{n}", &d.more_routes.to_string()))
        );
    }
    if !d.codes.is_empty() {
        let _ = writeln!(
            out,
            "<p><b>{}:</b> {}</p>",
            escape(&w.codes_here),
            escape(&d.codes.join(", "))
        );
    }
    let _ = writeln!(
        out,
        "<p><b>{}</b></p>\n<ol class=\"steps\">",
        escape(&w.steps)
    );
    for s in &d.steps {
        let kind = match s.step.kind {
            StepKind::Action => "action",
            StepKind::Check => "check",
            StepKind::Wait => "wait",
        };
        let _ = write!(
            out,
            "<li><span class=\"kind {kind}\">{}</span>{} <span class=\"meta\">({}, {})</span>",
            escape(&s.step.kind_label),
            escape(&s.step.text),
            escape(&s.step.who_label),
            escape(&s.minutes_label)
        );
        if !s.step.found.is_empty() {
            let _ = write!(out, "\n<div>{}</div>\n<ul>\n", escape(&w.found));
            for (f, lead) in s.step.found.iter().zip(&s.leads) {
                let to = match lead {
                    FindingLead::Step { n } => escape(&w.to_step.replace("{n}", &n.to_string())),
                    FindingLead::Node(t) => target(t),
                };
                let _ = writeln!(out, "<li>{} \u{2192} {to}</li>", escape(&f.text));
            }
            out.push_str("</ul>\n");
        }
        say(out, &w.caller, s.step.caller.as_ref());
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
    if !d.diagnosis.prevention.is_empty() {
        let _ = writeln!(out, "<p><b>{}</b></p>\n<ul>", escape(&w.prevention));
        for p in &d.diagnosis.prevention {
            let _ = writeln!(out, "<li>{}</li>", escape(p));
        }
        out.push_str("</ul>\n");
    }
    let e = &d.escalation.escalation;
    let _ = writeln!(
        out,
        "<p><b>{}:</b> {}</p>",
        escape(&w.escalation),
        escape(&e.contact_label)
    );
    warnings(out, &d.escalation.warnings);
    let _ = writeln!(out, "<p>{}</p>", escape(&e.text));
    if !e.have_ready.is_empty() {
        let _ = writeln!(out, "<p><b>{}</b></p>\n<ul>", escape(&w.have_ready));
        for item in &e.have_ready {
            let _ = writeln!(out, "<li>{}</li>", escape(&item.label));
        }
        out.push_str("</ul>\n");
    }
    say(out, &w.call_script, e.call_script.as_ref());
    say(out, &w.say_customer, e.say_customer.as_ref());
    say(out, &w.say_caller, e.say_caller.as_ref());
    out.push_str("</article>\n");
}

fn codes(out: &mut String, book: &Handbook) {
    let w = &book.words;
    let _ = write!(
        out,
        "<section class=\"chapter\" id=\"codes\">\n<h2>{}</h2>\n<table>\n<thead><tr>\
         <th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
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
            " <span class=\"mark\">\u{26a0}</span>"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr><td><b>{}</b>{mark}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&v.code),
            escape(v.class.as_deref().unwrap_or("")),
            escape(&v.terminal_text),
            escape(&v.meaning),
            escape(&v.who_acts),
            target(&c.leads_to)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Strings;
    use crate::rules::{load_bundled, Category};

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("余额\u{0}不足\n"), "余额\u{FFFD}不足\n");
        assert_eq!(escape("“无网络”"), "“无网络”");
    }

    #[test]
    fn the_document_is_self_contained_and_every_link_has_its_anchor() {
        let rules = load_bundled().rules.expect("bundled rules load");
        for lang in Lang::ALL {
            let html = render(&Handbook::build(&rules, &Strings::new(lang), None));
            for outside in [
                "src=", "<script", "<link", "@import", "url(", "http://", "https://",
            ] {
                assert!(!html.contains(outside), "{lang:?}: {outside}");
            }
            for href in html.split("href=\"#").skip(1) {
                let anchor = &href[..href.find('"').expect("a closing quote")];
                assert!(
                    html.contains(&format!("id=\"{anchor}\"")),
                    "{lang:?}: no anchor {anchor}"
                );
            }
            assert_eq!(
                html.matches("<section class=\"chapter\"").count(),
                Category::ALL.len() + 2,
                "start, chapters and the codes each begin a page"
            );
        }
    }
}
