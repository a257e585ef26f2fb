//! A case as plain text, the way it is pasted into a ticket: the code and
//! how to say it, the outcome with whom to contact and what to have ready
//! (first: what to do next), the caller's details, the path in plain
//! words, the steps tried and their results, and the notes. One format for
//! every front end: the TUI's summary screen shows these sections, `c`
//! copies [`case_text`], and `posdoc cases show` and the Markdown export
//! print it (in the reader's local time, [`Times::Zone`]).

use super::case::{CaseOutcome, CaseSummary, Departure, StepReport};
use crate::case::{Case, CaseStatus, Timestamp};
use crate::i18n::Strings;

/// One part of the summary: a heading (empty for the opening lines) and its
/// lines, already in the language of the strings they were made with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSection {
    pub heading: String,
    pub lines: Vec<String>,
}

/// How the times in a case are written.
#[derive(Debug, Clone, Default)]
pub enum Times {
    /// "2026-11-29 18:47 UTC": the same for every reader of a ticket,
    /// whatever their time zone. What is copied out of the TUI.
    #[default]
    Utc,
    /// "2026-11-29 19:47" in this zone: for someone reading their own
    /// cases on their own computer.
    Zone(jiff::tz::TimeZone),
}

impl Times {
    pub fn format(&self, t: Timestamp) -> String {
        match self {
            Times::Utc => utc_minute(t),
            Times::Zone(tz) => jiff::Timestamp::from_millisecond(t.0).map_or_else(
                |_| format!("{} ms", t.0),
                |ts| {
                    ts.to_zoned(tz.clone())
                        .strftime("%Y-%m-%d %H:%M")
                        .to_string()
                },
            ),
        }
    }
}

/// What a case is read with, besides its walk: how to write times, and the
/// nodes of its path the rules no longer have (from `case::resume`).
#[derive(Debug, Clone, Default)]
pub struct CaseContext<'a> {
    pub times: Times,
    pub missing_nodes: &'a [String],
}

/// The case as sections, for a screen that styles headings.
/// `summary` is the walk of `case` (rebuilt with `case::resume` when the
/// case comes from a store), in the language of `strings`.
pub fn case_sections(case: &Case, summary: &CaseSummary, strings: &Strings) -> Vec<TextSection> {
    case_sections_in(case, summary, strings, &CaseContext::default())
}

/// [`case_sections`], with times and changed rules as `context` says.
pub fn case_sections_in(
    case: &Case,
    summary: &CaseSummary,
    strings: &Strings,
    context: &CaseContext<'_>,
) -> Vec<TextSection> {
    let s = strings;
    let lang = s.lang;
    let time = |t: Timestamp| context.times.format(t);
    let mut out = Vec::new();

    let mut top = vec![
        s.fmt("summary.code", &[("code", &case.code.grouped())]),
        s.fmt("summary.spoken", &[("spoken", &case.code.spoken(lang))]),
        s.fmt(
            "summary.started",
            &[
                ("time", &time(case.started_at)),
                ("operator", &case.operator),
                ("role", s.get(&format!("summary.role.{}", case.role.key()))),
            ],
        ),
    ];
    if let Some(ended) = case.ended_at {
        top.push(s.fmt("summary.ended", &[("time", &time(ended))]));
    }
    // An open case is held by one agent at a time (another may take it
    // over); a closed one by nobody.
    if let Some(holder) = &case.holder {
        top.push(s.fmt("summary.holder", &[("holder", holder)]));
    }
    top.push(s.fmt(
        "summary.status",
        &[(
            "status",
            s.get(&format!("summary.status.{}", case.status.key())),
        )],
    ));
    if !context.missing_nodes.is_empty() {
        top.push(s.fmt(
            "cases.nodes_gone",
            &[("ids", &context.missing_nodes.join(", "))],
        ));
    }
    out.push(TextSection {
        heading: String::new(),
        lines: top,
    });
    // What to do next comes first: whom to contact, what to have ready.
    out.push(TextSection {
        heading: s.get("label.outcome").to_string(),
        lines: outcome_lines(case, summary, s),
    });

    let caller: Vec<String> = crate::case::CallerField::ALL
        .iter()
        .filter(|&&f| !case.caller.get(f).is_empty())
        .map(|&f| {
            format!(
                "{}{}{}",
                s.get(f.key()),
                s.get("punct.colon"),
                case.caller.get(f)
            )
        })
        .collect();
    out.push(TextSection {
        heading: s.get("summary.caller").to_string(),
        lines: if caller.is_empty() {
            vec![s.get("summary.caller_none").to_string()]
        } else {
            caller
        },
    });

    let path = summary
        .path
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut line = format!("{}. {}", i + 1, c.title);
            if let Some(how) = c.left_by.as_ref().and_then(|d| departure(d, s)) {
                line.push_str(" -> ");
                line.push_str(&how);
            }
            line
        })
        .collect();
    out.push(TextSection {
        heading: s.get("label.path").to_string(),
        lines: path,
    });

    out.push(TextSection {
        heading: s.get("label.tried").to_string(),
        lines: if summary.steps_tried.is_empty() {
            vec![s.get("tui.no_steps_tried").to_string()]
        } else {
            summary
                .steps_tried
                .iter()
                .map(|t| {
                    let result = match &t.result {
                        StepReport::Fixed => s.get("summary.result.fixed").to_string(),
                        StepReport::NotFixed => s.get("summary.result.not_fixed").to_string(),
                        StepReport::Waited => s.get("summary.result.waited").to_string(),
                        StepReport::Found { text, .. } => {
                            s.fmt("summary.result.found", &[("found", text)])
                        }
                    };
                    s.fmt(
                        "summary.step",
                        &[
                            ("n", &t.step.to_string()),
                            ("step", &t.text),
                            ("result", &result),
                        ],
                    )
                })
                .collect()
        },
    });

    let notes: Vec<String> = case
        .notes()
        .map(|(e, text)| format!("[{}] {}: {}", time(e.at), e.operator, text))
        .collect();
    out.push(TextSection {
        heading: s.get("summary.notes").to_string(),
        lines: if notes.is_empty() {
            vec![s.get("summary.notes_none").to_string()]
        } else {
            notes
        },
    });

    out
}

/// The case as plain text: [`case_sections`] with headings underlined by
/// nothing fancier than a colon, one line each, ending in a newline.
pub fn case_text(case: &Case, summary: &CaseSummary, strings: &Strings) -> String {
    case_text_in(case, summary, strings, &CaseContext::default())
}

/// [`case_text`], with times and changed rules as `context` says.
pub fn case_text_in(
    case: &Case,
    summary: &CaseSummary,
    strings: &Strings,
    context: &CaseContext<'_>,
) -> String {
    let mut text = String::new();
    for (i, section) in case_sections_in(case, summary, strings, context)
        .iter()
        .enumerate()
    {
        if i > 0 {
            text.push('\n');
        }
        if !section.heading.is_empty() {
            text.push_str(&section.heading);
            text.push_str(strings.get("punct.colon").trim_end());
            text.push('\n');
        }
        let indent = if section.heading.is_empty() { "" } else { "  " };
        for line in &section.lines {
            text.push_str(indent);
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

fn departure(d: &Departure, s: &Strings) -> Option<String> {
    Some(match d {
        Departure::Answer { text, .. } => text.clone(),
        Departure::Found { text, .. } => text.clone(),
        Departure::NotFixed { step } => s.fmt("tui.crumb.not_fixed", &[("n", &step.to_string())]),
        Departure::Fixed { step } => s.fmt("tui.crumb.fixed", &[("n", &step.to_string())]),
        Departure::Waited { step } => s.fmt("tui.crumb.waited", &[("n", &step.to_string())]),
        Departure::Jump => return None,
    })
}

fn outcome_lines(case: &Case, summary: &CaseSummary, s: &Strings) -> Vec<String> {
    match &summary.outcome {
        CaseOutcome::Resolved {
            title,
            fixed_by_step,
            ..
        } => {
            let mut lines = vec![s.fmt("tui.resolved_title", &[("title", title)])];
            if let Some(n) = fixed_by_step {
                lines.push(s.fmt("summary.fixed_by", &[("n", &n.to_string())]));
            }
            lines
        }
        CaseOutcome::Escalated {
            contact_label,
            text,
            have_ready,
            ..
        } => {
            let mut lines = vec![
                s.fmt("tui.hand_over_to", &[("contact", contact_label)]),
                text.clone(),
            ];
            if !have_ready.is_empty() {
                lines.push(format!(
                    "{}{}",
                    s.get("label.have_ready"),
                    s.get("punct.colon").trim_end()
                ));
                lines.extend(have_ready.iter().map(|e| format!("- {}", e.label)));
            }
            lines
        }
        CaseOutcome::InProgress { .. } => {
            let at = summary.path.last().map_or("", |c| c.title.as_str());
            let key = if case.status == CaseStatus::Abandoned {
                "summary.outcome_abandoned"
            } else {
                "summary.outcome_open"
            };
            vec![s.fmt(key, &[("at", at)])]
        }
    }
}

/// A time as "2026-11-29 18:47 UTC": the same for every reader of a
/// ticket, whatever their time zone.
pub fn utc_minute(t: Timestamp) -> String {
    // Out of jiff's range (±9999 years) only for a damaged record.
    jiff::Timestamp::from_millisecond(t.0).map_or_else(
        |_| format!("{} ms", t.0),
        |ts| ts.strftime("%Y-%m-%d %H:%M UTC").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_minute_reads_as_a_calendar_date() {
        assert_eq!(utc_minute(Timestamp(0)), "1970-01-01 00:00 UTC");
        // 2026-11-29 18:47:37 UTC
        assert_eq!(
            utc_minute(Timestamp(1_795_978_057_000)),
            "2026-11-29 18:47 UTC"
        );
        // A leap day.
        assert_eq!(
            utc_minute(Timestamp(951_782_400_000)),
            "2000-02-29 00:00 UTC"
        );
        assert_eq!(utc_minute(Timestamp(-60_000)), "1969-12-31 23:59 UTC");
    }

    #[test]
    fn local_times_follow_the_zone_and_utc_says_so() {
        // 2026-11-29 18:47:37 UTC
        let t = Timestamp(1_795_978_057_000);
        let beijing = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
        assert_eq!(Times::Zone(beijing).format(t), "2026-11-30 02:47");
        assert_eq!(Times::Utc.format(t), "2026-11-29 18:47 UTC");
    }
}
