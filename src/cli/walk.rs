//! `posdoc walk`: the decision tree in plain lines. Reads choices from
//! standard input or `--answers`; works with no terminal at all.
//!
//! Unless `--no-save`, the walk is a case: its code is printed first (and
//! is in the first and the last JSON line), every move is written as it is
//! made, and the case ends resolved or escalated with the walk. A walk
//! stopped early (input ended, `q`, `--answers` used up) stays in progress
//! and is let go, so it can be resumed later by its code.

use super::render;
use crate::case::{CaseJournal, CaseStatus, Saved, StoreError};
use crate::engine::{EngineError, Session};
use crate::frontend::{exit, report_unknown_code, typed};
use crate::i18n::Strings;
use crate::present::{CaseSummary, PointView, ResponseCodeView};
use crate::privacy::for_echo;
use crate::rules::{Lang, NodeBody, RuleSet, StepKind};
use std::io::{BufRead, Write};

pub struct WalkOptions {
    pub lang: Lang,
    pub answers: Option<Vec<String>>,
    pub json: bool,
    pub code: Option<String>,
    /// The case the walk is written into; None with `--no-save`.
    pub journal: Option<CaseJournal>,
}

/// The walk's case, as far as `walk` cares: writes each move and says once
/// when the store fails, without stopping the walk.
struct CaseLog {
    journal: Option<CaseJournal>,
    warned: bool,
}

impl CaseLog {
    /// The code to print with the walk, once written and kept.
    fn code(&self) -> Option<String> {
        self.journal
            .as_ref()
            .filter(|j| j.saved() != Saved::NotKept)
            .map(|j| j.code().grouped())
    }

    /// Writes what the walk did since the last call.
    fn record(
        &mut self,
        session: &Session,
        s: &Strings,
        err: &mut dyn Write,
    ) -> std::io::Result<()> {
        let Some(journal) = self.journal.as_mut() else {
            return Ok(());
        };
        let result = journal.record(session, None, crate::casestore::now());
        self.said(result, s, err)
    }

    /// Ends the case as the walk stands: resolved or escalated when it is
    /// finished; otherwise kept in progress and let go, to be resumed.
    fn finish(
        &mut self,
        session: &Session,
        s: &Strings,
        err: &mut dyn Write,
    ) -> std::io::Result<()> {
        let Some(journal) = self.journal.as_mut() else {
            return Ok(());
        };
        let status = CaseStatus::of(session);
        let result = if status.is_open() {
            journal.release()
        } else {
            journal.end(status, crate::casestore::now())
        };
        self.said(result, s, err)?;
        let Some(journal) = self.journal.as_ref() else {
            return Ok(());
        };
        let code = journal.code().grouped();
        if let Saved::Waiting { waiting, reason } = journal.saved() {
            let args = [
                ("code", code.as_str()),
                ("n", &waiting.to_string()),
                ("reason", &reason),
            ];
            writeln!(
                err,
                "posdoc: {}",
                for_echo(&s.fmt("walk.case_not_written", &args))
            )?;
        } else if journal.case().is_open() && journal.saved() == Saved::AllSaved {
            writeln!(
                err,
                "posdoc: {}",
                s.fmt("walk.case_kept_open", &[("code", &code)])
            )?;
        }
        Ok(())
    }

    /// Says a failed write once; the walk goes on (its events wait).
    fn said(
        &mut self,
        result: Result<Saved, StoreError>,
        s: &Strings,
        err: &mut dyn Write,
    ) -> std::io::Result<()> {
        if let Err(e) = result {
            if !self.warned {
                self.warned = true;
                let args: Vec<(&str, String)> = e.args();
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                writeln!(err, "posdoc: {}", for_echo(&s.fmt(e.key(), &args)))?;
            }
        }
        Ok(())
    }
}

enum Choice {
    Back,
    Quit,
    Pick(usize),
    Fixed(bool),
    Found(usize),
    WaitOver,
}

/// Reads one typed choice against the current point; a refusal says why in
/// the user's language. Full-width digits and letters and capitals count
/// as what they look like.
fn parse_choice(session: &Session, raw: &str, s: &Strings) -> Result<Choice, String> {
    let t = typed::choice(raw);
    match t.as_str() {
        "b" | "back" | "返回" => return Ok(Choice::Back),
        "q" | "quit" | "exit" | "退出" => return Ok(Choice::Quit),
        _ => {}
    }
    match &session.node().body {
        NodeBody::Question(q) => match t.parse::<usize>() {
            Ok(n) if (1..=q.answers.len()).contains(&n) => Ok(Choice::Pick(n - 1)),
            Ok(n) => Err(s.engine_error(&EngineError::NoSuchAnswer {
                given: n,
                count: q.answers.len(),
            })),
            Err(_) => Err(s.fmt("walk.choose_range", &[("n", &q.answers.len().to_string())])),
        },
        NodeBody::Diagnosis(d) if !session.current().fixed => {
            let step = &d.steps[session.current().step];
            match step.kind {
                StepKind::Action => match t.as_str() {
                    "1" | "y" | "yes" | "是" => Ok(Choice::Fixed(true)),
                    "2" | "n" | "no" | "否" => Ok(Choice::Fixed(false)),
                    _ => Err(s.get("walk.fixed_or_not").to_string()),
                },
                StepKind::Check => {
                    let count = step.found.len();
                    match t.parse::<usize>() {
                        Ok(n) if (1..=count).contains(&n) => Ok(Choice::Found(n - 1)),
                        Ok(n) => {
                            Err(s.engine_error(&EngineError::NoSuchFinding { given: n, count }))
                        }
                        Err(_) => Err(s.fmt("walk.found_range", &[("n", &count.to_string())])),
                    }
                }
                // Enter alone goes on, as the prompt says.
                StepKind::Wait => match t.as_str() {
                    "" | "1" => Ok(Choice::WaitOver),
                    _ => Err(s.get("walk.wait_go_on").to_string()),
                },
            }
        }
        _ => Err(s.engine_error(&EngineError::AlreadyFinished)),
    }
}

fn choice_count(session: &Session) -> usize {
    match &session.node().body {
        NodeBody::Question(q) => q.answers.len(),
        NodeBody::Diagnosis(d) => match d.steps.get(session.current().step) {
            Some(st) if st.kind == StepKind::Check => st.found.len(),
            Some(st) if st.kind == StepKind::Wait => 1,
            _ => 2,
        },
        _ => 2,
    }
}

/// The longest line `walk` reads from its input: an answer is a number or a
/// letter, so anything longer is refused without being kept or echoed.
pub const MAX_LINE_BYTES: usize = 4096;

/// One line of typed input, read without ever holding more than
/// [`MAX_LINE_BYTES`] of it.
pub(crate) enum Line {
    Text(String),
    /// The input ended.
    Ended,
    /// Longer than the limit; the rest of it was skipped unread.
    TooLong,
    /// Not UTF-8 (binary data piped in by mistake).
    NotText,
}

pub(crate) fn read_line(input: &mut dyn BufRead) -> std::io::Result<Line> {
    let mut bytes = Vec::new();
    let limit = MAX_LINE_BYTES as u64 + 1;
    if std::io::Read::take(&mut *input, limit).read_until(b'\n', &mut bytes)? == 0 {
        return Ok(Line::Ended);
    }
    if bytes.len() > MAX_LINE_BYTES && bytes.last() != Some(&b'\n') {
        // Skip to the end of the line, a buffer at a time.
        loop {
            let buf = input.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            if let Some(i) = buf.iter().position(|&b| b == b'\n') {
                input.consume(i + 1);
                break;
            }
            let n = buf.len();
            input.consume(n);
        }
        return Ok(Line::TooLong);
    }
    Ok(String::from_utf8(bytes).map_or(Line::NotText, Line::Text))
}

pub fn run(
    rules: &RuleSet,
    opts: WalkOptions,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let s = Strings::new(opts.lang);
    let mut case = CaseLog {
        journal: opts.journal,
        warned: false,
    };
    let mut session = match &opts.code {
        None => Session::new(rules),
        Some(code) => {
            if let Some(rc) = rules.code(code) {
                if !opts.json {
                    print_case_line(&mut case, &s, out)?;
                    let view = ResponseCodeView::new(rc, &s);
                    write!(out, "{}", render::response_code_text(&view, &s))?;
                }
                Session::at(rules, rc.node)
            } else {
                report_unknown_code(rules, code, &s, err)?;
                return Ok(exit::PROBLEMS);
            }
        }
    };
    if !opts.json && opts.code.is_none() {
        print_case_line(&mut case, &s, out)?;
    }
    case.record(&session, &s, err)?;
    let mut scripted = opts.answers.map(|a| a.into_iter().enumerate());
    let mut show = true;
    let mut first_line = true;
    loop {
        if show {
            let view = PointView::new(&session, &s);
            if opts.json {
                let mut line = render::point_json(&view);
                if first_line {
                    add_case_code(&mut line, &case);
                }
                writeln!(out, "{line}")?;
            } else {
                write!(out, "{}", render::point_text(&view, &s))?;
            }
            first_line = false;
        }
        show = true;
        if session.is_finished() {
            finish(&session, opts.json, &s, &mut case, out, err)?;
            return Ok(exit::OK);
        }
        let n = choice_count(&session);
        let (raw, step_no) = if let Some(it) = scripted.as_mut() {
            if let Some((i, a)) = it.next() {
                (a, Some(i + 1))
            } else {
                writeln!(err, "posdoc: {}", s.get("walk.answers_exhausted"))?;
                finish(&session, opts.json, &s, &mut case, out, err)?;
                return Ok(exit::OK);
            }
        } else {
            if !opts.json {
                let prompt = if session.step_kind() == Some(StepKind::Wait) {
                    s.get("walk.choose_wait").to_string()
                } else {
                    s.fmt("walk.choose", &[("n", &n.to_string())])
                };
                write!(out, "{prompt}")?;
            }
            out.flush()?;
            match read_line(input)? {
                Line::Text(line) => (line, None),
                Line::Ended => {
                    if !opts.json {
                        writeln!(out)?;
                    }
                    writeln!(err, "posdoc: {}", s.get("walk.input_ended"))?;
                    finish(&session, opts.json, &s, &mut case, out, err)?;
                    return Ok(exit::OK);
                }
                refused @ (Line::TooLong | Line::NotText) => {
                    let key = if matches!(refused, Line::TooLong) {
                        "walk.line_too_long"
                    } else {
                        "walk.not_text"
                    };
                    let max = MAX_LINE_BYTES.to_string();
                    writeln!(err, "posdoc: {}", s.fmt(key, &[("max", &max)]))?;
                    show = false;
                    continue;
                }
            }
        };
        let shown = for_echo(raw.trim());
        // A refused choice: the reason (for --answers) and what to tell a
        // person at the prompt, who is simply asked again.
        let refused: Option<(String, String)> = match parse_choice(&session, &raw, &s) {
            Ok(Choice::Back) => (!session.back()).then(|| {
                let msg = s.get("walk.at_start").to_string();
                (msg.clone(), msg)
            }),
            Ok(Choice::Quit) => {
                writeln!(err, "posdoc: {}", s.get("walk.quit"))?;
                finish(&session, opts.json, &s, &mut case, out, err)?;
                return Ok(exit::OK);
            }
            Ok(Choice::Pick(i)) => {
                session.answer(i)?;
                None
            }
            Ok(Choice::Fixed(f)) => {
                session.step_result(f)?;
                None
            }
            Ok(Choice::Found(i)) => {
                session.found(i)?;
                None
            }
            Ok(Choice::WaitOver) => {
                session.wait_over()?;
                None
            }
            Err(reason) => {
                let msg = s.fmt(
                    "walk.bad_choice",
                    &[("input", &shown), ("n", &n.to_string())],
                );
                Some((reason, msg))
            }
        };
        if refused.is_none() {
            // Written as it happens: a kill -9 after this loses nothing.
            case.record(&session, &s, err)?;
        }
        if let Some((reason, msg)) = refused {
            if let Some(i) = step_no {
                let args = [
                    ("step", i.to_string()),
                    ("input", shown.clone()),
                    ("reason", reason),
                ];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                writeln!(
                    err,
                    "posdoc: {}",
                    for_echo(&s.fmt("walk.answers_bad", &args))
                )?;
                case.finish(&session, &s, err)?;
                return Ok(exit::PROBLEMS);
            }
            if opts.json {
                writeln!(err, "{msg}")?;
            } else {
                writeln!(out, "{msg}")?;
            }
            show = false;
        }
        if !opts.json && show {
            writeln!(out)?;
        }
    }
}

/// The line that names the walk's case, before its first point.
fn print_case_line(case: &mut CaseLog, s: &Strings, out: &mut dyn Write) -> std::io::Result<()> {
    if let Some(code) = case.code() {
        writeln!(out, "{}\n", s.fmt("walk.case_line", &[("code", &code)]))?;
    }
    Ok(())
}

/// The case's code as the `case` field of a JSON line (first and last).
fn add_case_code(line: &mut serde_json::Value, case: &CaseLog) {
    if let (Some(code), Some(obj)) = (case.code(), line.as_object_mut()) {
        obj.insert("case".into(), serde_json::Value::String(code));
    }
}

/// Ends the case, then prints its summary: the last JSON line, or the path
/// and outcome.
fn finish(
    session: &Session,
    json: bool,
    s: &Strings,
    case: &mut CaseLog,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    case.finish(session, s, err)?;
    let summary = CaseSummary::new(session, s);
    if json {
        let mut line = render::case_json(&summary);
        add_case_code(&mut line, case);
        writeln!(out, "{line}")?;
    } else {
        writeln!(out)?;
        write!(out, "{}", render::case_text(&summary, s))?;
    }
    Ok(())
}
