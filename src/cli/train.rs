//! `posdoc train`: practice cases in plain lines (choices from stdin or
//! `--answers`), the case list, and the trainer's report. The attempt
//! itself is [`crate::training::TrainingSession`]; this module reads
//! choices, keeps the clock, prints, and stores the attempt.

use super::walk::{read_line, Line, MAX_LINE_BYTES};
use crate::frontend::{exit, typed};
use crate::i18n::Strings;
use crate::privacy::for_echo;
use crate::rules::{Category, Lang, NodeBody, NodeIdx, RuleSet, StepKind};
use crate::training::report::{format_date, CategoryLine, Report, ReportFilter, Totals};
use crate::training::{
    Attempt, AttemptLog, CaseFilter, Difficulty, PracticeCase, PracticeSet, Reveal, Score,
    TrainingSession,
};
use std::fmt::Write as _;
use std::io::{BufRead, Write};
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use unicode_width::UnicodeWidthStr;

/// The formats of `posdoc train report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
    Json,
}

/// `--category` as typed: a category key.
pub fn parse_category(typed: &str, s: &Strings) -> Result<Category, String> {
    Category::from_key(typed.trim()).ok_or_else(|| {
        let all: Vec<&str> = Category::ALL.iter().map(|c| c.key()).collect();
        s.fmt(
            "train.unknown_category",
            &[("value", &for_echo(typed)), ("all", &all.join(", "))],
        )
    })
}

/// `--difficulty` as typed.
pub fn parse_difficulty(typed: &str, s: &Strings) -> Result<Difficulty, String> {
    Difficulty::parse(typed)
        .ok_or_else(|| s.fmt("train.unknown_difficulty", &[("value", &for_echo(typed))]))
}

/// `--since` as typed.
pub fn parse_since(typed: &str, s: &Strings) -> Result<u64, String> {
    crate::training::report::parse_date(typed)
        .ok_or_else(|| s.fmt("train.bad_date", &[("value", &for_echo(typed))]))
}

/// `posdoc train --list`.
pub fn list(
    set: &PracticeSet,
    filter: CaseFilter,
    lang: Lang,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let s = Strings::new(lang);
    let cases: Vec<&PracticeCase> = set.filtered(filter).collect();
    if json {
        let list: Vec<serde_json::Value> = cases
            .iter()
            .map(|c| {
                serde_json::json!({
                    "id": c.id,
                    "title": c.title,
                    "category": c.category,
                    "difficulty": c.difficulty,
                    "par": c.par,
                    "traps": c.traps.len(),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        return Ok(exit::OK);
    }
    if cases.is_empty() {
        writeln!(out, "{}", s.get("train.none_listed"))?;
        return Ok(exit::OK);
    }
    writeln!(
        out,
        "{}",
        s.fmt("train.list_header", &[("n", &cases.len().to_string())])
    )?;
    let width = cases.iter().map(|c| c.id.width()).max().unwrap_or(0);
    for c in cases {
        writeln!(
            out,
            "  {}{}  [{}] {}  {}",
            c.id,
            " ".repeat(width - c.id.width()),
            s.category(c.category),
            s.get(&format!("train.difficulty.{}", c.difficulty.key())),
            c.title.get(lang)
        )?;
    }
    Ok(exit::OK)
}

/// What a practice run needs besides the rules and the case.
pub struct TrainOptions {
    pub lang: Lang,
    pub trainee: Option<String>,
    pub answers: Option<Vec<String>>,
    pub json: bool,
}

enum Choice {
    Ask,
    Back,
    Stop,
    Answer(usize),
    Fixed(bool),
    Found(usize),
    WaitOver,
}

fn parse_choice(t: &TrainingSession<'_>, raw: &str) -> Option<Choice> {
    let c = typed::choice(raw);
    match c.as_str() {
        "a" | "ask" | "?" | "问" | "問" => return Some(Choice::Ask),
        "b" | "back" | "返回" => return Some(Choice::Back),
        "q" | "quit" | "stop" | "退出" | "结束" | "結束" => return Some(Choice::Stop),
        _ => {}
    }
    let number = c.parse::<usize>().ok().filter(|&n| n >= 1);
    match &t.node().body {
        NodeBody::Question(q) => number
            .filter(|&n| n <= q.answers.len())
            .map(|n| Choice::Answer(n - 1)),
        NodeBody::Diagnosis(d) if !t.walk().current().fixed => {
            let step = d.steps.get(t.walk().current().step)?;
            match step.kind {
                StepKind::Action => match c.as_str() {
                    "1" | "y" | "yes" | "是" => Some(Choice::Fixed(true)),
                    "2" | "n" | "no" | "否" => Some(Choice::Fixed(false)),
                    _ => None,
                },
                StepKind::Check => number
                    .filter(|&n| n <= step.found.len())
                    .map(|n| Choice::Found(n - 1)),
                StepKind::Wait => matches!(c.as_str(), "" | "1").then_some(Choice::WaitOver),
            }
        }
        _ => None,
    }
}

/// Runs one practice case in line mode; stores the attempt in `log` when
/// a trainee is named. Returns the exit code.
#[allow(clippy::too_many_arguments)]
pub fn run(
    rules: &RuleSet,
    case: &PracticeCase,
    opts: TrainOptions,
    log: Option<(&mut dyn AttemptLog, String)>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let s = Strings::new(opts.lang);
    let lang = opts.lang;
    let clock = Instant::now();
    let now_ms = || u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
    let started_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut t = TrainingSession::new(rules, case, now_ms());
    if !opts.json {
        write!(out, "{}", intro(case, &s))?;
    }
    let mut scripted = opts.answers.map(|a| a.into_iter().enumerate());
    let mut show = true;
    let mut shown_node: Option<NodeIdx> = None;
    loop {
        if show && !opts.json {
            write!(out, "{}", point(&t, &s, &mut shown_node))?;
        }
        show = true;
        let (raw, step_no) = if let Some(it) = scripted.as_mut() {
            let Some((i, a)) = it.next() else {
                writeln!(err, "posdoc: {}", s.get("walk.answers_exhausted"))?;
                break;
            };
            (a, Some(i + 1))
        } else {
            if !opts.json {
                write!(out, "{}", prompt(&t, &s))?;
            }
            out.flush()?;
            match read_line(input)? {
                Line::Text(line) => (line, None),
                Line::Ended => {
                    writeln!(err, "posdoc: {}", s.get("walk.input_ended"))?;
                    break;
                }
                Line::TooLong | Line::NotText => {
                    let max = MAX_LINE_BYTES.to_string();
                    writeln!(
                        err,
                        "posdoc: {}",
                        s.fmt("walk.line_too_long", &[("max", &max)])
                    )?;
                    show = false;
                    continue;
                }
            }
        };
        let shown = for_echo(raw.trim());
        let Some(choice) = parse_choice(&t, &raw) else {
            if let Some(i) = step_no {
                let msg = s.fmt(
                    "train.answers_bad",
                    &[("step", &i.to_string()), ("input", &shown)],
                );
                writeln!(err, "posdoc: {}", for_echo(&msg))?;
                return Ok(exit::PROBLEMS);
            }
            writeln!(out, "{}", s.fmt("train.bad_choice", &[("input", &shown)]))?;
            show = false;
            continue;
        };
        let moved = match choice {
            Choice::Stop => break,
            Choice::Ask => {
                let said = reveal(t.ask(), &s, lang);
                if !opts.json {
                    write!(out, "{said}")?;
                }
                show = false;
                continue;
            }
            Choice::Back => {
                if let Err(e) = t.back() {
                    let msg = s.get(e.key()).to_string();
                    if step_no.is_some() || opts.json {
                        writeln!(err, "posdoc: {msg}")?;
                    } else {
                        writeln!(out, "{msg}")?;
                    }
                    show = false;
                }
                continue;
            }
            Choice::Answer(i) => t.answer(i)?,
            Choice::Fixed(f) => t.step_result(f)?,
            Choice::Found(i) => t.found(i)?,
            Choice::WaitOver => t.wait_over()?,
        };
        if !opts.json {
            writeln!(out)?;
        }
        if moved.walk_over {
            if !opts.json {
                write!(out, "{}", point(&t, &s, &mut shown_node))?;
            }
            break;
        }
    }
    let score = t.finish(now_ms()).clone();
    let attempt = opts
        .trainee
        .as_deref()
        .and_then(|name| Attempt::from_session(&t, name, started_at));
    let saved = match (attempt.as_ref(), log) {
        (Some(a), Some((log, path))) => match log.record(a) {
            Ok(()) => Some(path),
            Err(e) => {
                let reason = format!("{e:#}");
                writeln!(
                    err,
                    "posdoc: {}",
                    s.fmt("train.save_failed", &[("reason", &reason)])
                )?;
                None
            }
        },
        _ => None,
    };
    if opts.json {
        writeln!(
            out,
            "{}",
            result_json(&t, &score, attempt.as_ref(), saved.as_deref())
        )?;
    } else {
        writeln!(out)?;
        write!(out, "{}", score_text(&t, &score, &s, lang))?;
        write!(out, "{}", feedback_text(&t, &s, lang))?;
        match (&saved, &attempt) {
            (Some(path), Some(a)) => writeln!(
                out,
                "{}",
                s.fmt(
                    "train.saved",
                    &[
                        ("trainee", &for_echo(&a.trainee)),
                        ("path", &for_echo(path))
                    ]
                )
            )?,
            _ if opts.trainee.is_none() => writeln!(out, "{}", s.get("train.not_saved"))?,
            _ => {}
        }
    }
    Ok(exit::OK)
}

fn intro(case: &PracticeCase, s: &Strings) -> String {
    let lang = s_lang(s);
    let mut buf = String::new();
    let _ = writeln!(
        buf,
        "{}",
        s.fmt("train.case_header", &[("title", case.title.get(lang))])
    );
    let _ = writeln!(
        buf,
        "{}",
        s.fmt(
            "train.case_meta",
            &[
                ("category", s.category(case.category)),
                (
                    "difficulty",
                    s.get(&format!("train.difficulty.{}", case.difficulty.key())),
                ),
                ("par", &case.par.to_string()),
            ],
        )
    );
    let _ = writeln!(buf);
    let _ = writeln!(buf, "{}", s.get("train.story"));
    let _ = writeln!(buf, "  {}", case.story.get(lang));
    let _ = writeln!(buf);
    let _ = writeln!(buf, "{}", s.get("train.how"));
    let _ = writeln!(buf);
    buf
}

fn s_lang(s: &Strings) -> Lang {
    s.lang
}

/// The current point: a question with its answers, or the committed
/// diagnosis's current step. Diagnoses are shown only once committed, and
/// a node's warnings once, when first reached.
fn point(session: &TrainingSession<'_>, s: &Strings, shown_node: &mut Option<NodeIdx>) -> String {
    let lang = s_lang(s);
    let colon = s.get("punct.colon");
    let node = session.node();
    let idx = session.walk().current().node;
    let first_time = *shown_node != Some(idx);
    *shown_node = Some(idx);
    let mut buf = String::new();
    if first_time {
        for w in &node.warnings {
            let _ = writeln!(buf, "!! {}{colon}{}", s.warning(w.kind), w.text.get(lang));
        }
    }
    match &node.body {
        NodeBody::Question(q) => {
            let _ = writeln!(buf, "{}", q.text.get(lang));
            for (i, a) in q.answers.iter().enumerate() {
                let _ = writeln!(buf, "  {}. {}", i + 1, a.text.get(lang));
            }
        }
        NodeBody::Diagnosis(d) => {
            if first_time && session.committed() == Some(idx) {
                let _ = writeln!(
                    buf,
                    "{}",
                    s.fmt("train.committed", &[("title", d.title.get(lang))])
                );
            } else if first_time {
                let _ = writeln!(buf, "{}", d.title.get(lang));
            }
            let p = session.walk().current();
            if let Some(st) = d.steps.get(p.step).filter(|_| !p.fixed) {
                let _ = writeln!(
                    buf,
                    "{}",
                    s.fmt(
                        "train.step",
                        &[
                            ("n", &(p.step + 1).to_string()),
                            ("count", &d.steps.len().to_string()),
                            ("who", s.actor(st.who)),
                            ("minutes", &st.minutes.to_string()),
                            ("text", st.text.get(lang)),
                        ],
                    )
                );
                for (i, f) in st.found.iter().enumerate() {
                    let _ = writeln!(buf, "  {}. {}", i + 1, f.text.get(lang));
                }
            }
        }
        NodeBody::Escalation(e) => {
            let _ = writeln!(buf, "{}{colon}{}", s.contact(e.contact), e.text.get(lang));
        }
        NodeBody::Resolved(r) => {
            let _ = writeln!(buf, "{}{colon}{}", r.title.get(lang), r.text.get(lang));
        }
    }
    buf
}

fn prompt(t: &TrainingSession<'_>, s: &Strings) -> String {
    match t.walk().step_kind() {
        Some(StepKind::Action) => s.get("train.choose_step").to_string(),
        Some(StepKind::Check) => {
            let n = t
                .node()
                .as_diagnosis()
                .and_then(|d| d.steps.get(t.walk().current().step))
                .map_or(0, |st| st.found.len());
            s.fmt("train.choose_found", &[("n", &n.to_string())])
        }
        Some(StepKind::Wait) => s.get("train.choose_wait").to_string(),
        None => s.get("train.choose").to_string(),
    }
}

fn reveal(r: Reveal<'_>, s: &Strings, lang: Lang) -> String {
    let mut buf = String::new();
    match r {
        Reveal::Answer { answers, says } => {
            if let Some(t) = says {
                let _ = writeln!(
                    buf,
                    "{}",
                    s.fmt("train.customer_says", &[("text", t.get(lang))])
                );
            }
            let numbers: Vec<String> = answers.iter().map(|a| (a + 1).to_string()).collect();
            let _ = writeln!(
                buf,
                "{}",
                s.fmt("train.customer_answer", &[("n", &numbers.join(", "))])
            );
        }
        Reveal::Finding { finding, says } => {
            if let Some(t) = says {
                let _ = writeln!(
                    buf,
                    "{}",
                    s.fmt("train.customer_says", &[("text", t.get(lang))])
                );
            }
            let _ = writeln!(
                buf,
                "{}",
                s.fmt("train.check_shows", &[("n", &(finding + 1).to_string())])
            );
        }
        Reveal::Unknown => {
            let _ = writeln!(buf, "{}", s.get("train.customer_unknown"));
        }
    }
    buf
}

fn pad(label: &str, width: usize) -> String {
    format!("{label}{}", " ".repeat(width.saturating_sub(label.width())))
}

fn score_text(session: &TrainingSession<'_>, score: &Score, s: &Strings, lang: Lang) -> String {
    let rules = session.rules();
    let inputs = &score.inputs;
    let parts = &score.parts;
    let mut buf = String::new();
    let _ = writeln!(
        buf,
        "{}",
        s.fmt("train.score_header", &[("total", &score.total.to_string())])
    );
    let diagnosis = match inputs.committed {
        Some(d) if inputs.right => s.fmt(
            "train.detail.diagnosis_right",
            &[("title", rules.node(d).title().get(lang))],
        ),
        Some(d) => s.fmt(
            "train.detail.diagnosis_wrong",
            &[("title", rules.node(d).title().get(lang))],
        ),
        None => s.get("train.detail.diagnosis_none").to_string(),
    };
    let target = crate::training::score::time_target_seconds(inputs.par);
    let rows = [
        ("train.part.diagnosis", parts.diagnosis, diagnosis),
        (
            "train.part.path",
            parts.path,
            s.fmt(
                "train.detail.path",
                &[
                    ("keys", &inputs.keys.to_string()),
                    ("par", &inputs.par.to_string()),
                ],
            ),
        ),
        (
            "train.part.backtracks",
            parts.backtracks,
            s.fmt(
                "train.detail.backtracks",
                &[("n", &inputs.backtracks.to_string())],
            ),
        ),
        (
            "train.part.money_safety",
            parts.money_safety,
            s.fmt(
                "train.detail.money_safety",
                &[
                    (
                        "seen",
                        &(inputs.must_see_total
                            - inputs.must_see_missed.len().min(inputs.must_see_total))
                        .to_string(),
                    ),
                    ("total", &inputs.must_see_total.to_string()),
                    ("traps", &inputs.traps_taken.len().to_string()),
                ],
            ),
        ),
        (
            "train.part.time",
            parts.time,
            s.fmt(
                "train.detail.time",
                &[
                    ("seconds", &inputs.seconds.to_string()),
                    ("target", &target.to_string()),
                ],
            ),
        ),
    ];
    let width = rows
        .iter()
        .map(|(k, ..)| s.get(k).width())
        .max()
        .unwrap_or(0);
    for (key, part, detail) in rows {
        let _ = writeln!(
            buf,
            "  {}  {:>2}/{:<2}  {detail}",
            pad(s.get(key), width),
            part.points,
            part.max
        );
    }
    if score.trap_taken() {
        let _ = writeln!(
            buf,
            "{}",
            s.fmt(
                "train.capped",
                &[("cap", &crate::training::TRAP_CAP.to_string())]
            )
        );
    }
    buf
}

fn answer_text(rules: &RuleSet, question: NodeIdx, answer: usize, lang: Lang) -> (String, String) {
    let q = rules.node(question);
    let a = q
        .as_question()
        .and_then(|q| q.answers.get(answer))
        .map_or(String::new(), |a| a.text.get(lang).to_string());
    (q.title().get(lang).to_string(), a)
}

fn feedback_text(session: &TrainingSession<'_>, s: &Strings, lang: Lang) -> String {
    let rules = session.rules();
    let fb = session.feedback();
    let case = session.case();
    let mut buf = String::new();
    let _ = writeln!(buf);
    let _ = writeln!(buf, "{}", s.get("train.feedback_header"));
    let _ = writeln!(buf, "{}", s.get("train.your_path"));
    for (n, step) in fb.trainee_path.iter().enumerate() {
        let (question, answer) = answer_text(rules, step.question, step.answer, lang);
        let mark = match step.matches_fact {
            Some(false) => "x",
            _ => " ",
        };
        let undone = if step.undone {
            format!(" {}", s.get("train.undone"))
        } else {
            String::new()
        };
        let _ = writeln!(buf, " {mark}{}. {question} → {answer}{undone}", n + 1);
    }
    let _ = writeln!(buf, "{}", s.get("train.best_path"));
    for (n, step) in fb.best_path.iter().enumerate() {
        let (question, answer) = answer_text(rules, step.question, step.answer, lang);
        let _ = writeln!(buf, "  {}. {question} → {answer}", n + 1);
    }
    for w in &fb.wrong_turns {
        let (question, chose) = answer_text(rules, w.question, w.chose, lang);
        let fact: Vec<String> = w
            .fact
            .iter()
            .map(|&a| answer_text(rules, w.question, a, lang).1)
            .collect();
        let _ = writeln!(
            buf,
            "{}",
            s.fmt(
                "train.wrong_turn",
                &[
                    ("question", &question),
                    ("chose", &chose),
                    ("fact", &fact.join(" / "))
                ],
            )
        );
        if let Some(why) = &w.why {
            let _ = writeln!(
                buf,
                "  {}{}{}",
                s.get("label.why"),
                s.get("punct.colon"),
                why.get(lang)
            );
        }
    }
    for w in &fb.wrong_findings {
        let Some(st) = rules
            .node(w.node)
            .as_diagnosis()
            .and_then(|d| d.steps.get(w.step))
        else {
            continue;
        };
        let text = |i: usize| st.found.get(i).map_or("", |f| f.text.get(lang));
        let _ = writeln!(
            buf,
            "{}",
            s.fmt(
                "train.wrong_finding",
                &[
                    ("step", &(w.step + 1).to_string()),
                    ("title", rules.node(w.node).title().get(lang)),
                    ("chose", text(w.chose)),
                    ("fact", text(w.fact)),
                ],
            )
        );
    }
    if !fb.traps_taken.is_empty() {
        let _ = writeln!(buf, "{}", s.get("train.traps_header"));
        for &i in &fb.traps_taken {
            if let Some(trap) = case.traps.get(i) {
                let _ = writeln!(
                    buf,
                    "{}",
                    s.fmt(
                        "train.trap_line",
                        &[("label", &trap.label()), ("why", trap.why.get(lang))]
                    )
                );
            }
        }
    }
    for &n in &fb.must_see_missed {
        let _ = writeln!(
            buf,
            "{}",
            s.fmt(
                "train.missed_warning",
                &[("title", rules.node(n).title().get(lang))]
            )
        );
    }
    buf
}

fn result_json(
    t: &TrainingSession<'_>,
    score: &Score,
    attempt: Option<&Attempt>,
    saved: Option<&str>,
) -> String {
    let rules = t.rules();
    let case = t.case();
    let fb = t.feedback();
    let id = |n: NodeIdx| rules.node(n).id.clone();
    let i = &score.inputs;
    let v = serde_json::json!({
        "case": case.id,
        "trainee": attempt.map(|a| a.trainee.clone()),
        "score": score.total,
        "capped_by_trap": score.capped_by_trap,
        "parts": score.parts,
        "right": i.right,
        "committed": i.committed.map(id),
        "keys": i.keys,
        "par": i.par,
        "keys_over_par": score.keys_over_par(),
        "backtracks": i.backtracks,
        "seconds": i.seconds,
        "traps": fb.traps_taken.iter().filter_map(|&n| case.traps.get(n)).map(|t| {
            serde_json::json!({"label": t.label(), "why": t.why})
        }).collect::<Vec<_>>(),
        "must_see_missed": fb.must_see_missed.iter().map(|&n| id(n)).collect::<Vec<_>>(),
        "feedback": {
            "trainee_path": fb.trainee_path.iter().map(|p| serde_json::json!({
                "question": id(p.question),
                "answer": p.answer + 1,
                "undone": p.undone,
                "matches_fact": p.matches_fact,
            })).collect::<Vec<_>>(),
            "best_path": fb.best_path.iter().map(|p| serde_json::json!({
                "question": id(p.question),
                "answer": p.answer + 1,
            })).collect::<Vec<_>>(),
            "wrong_findings": fb.wrong_findings.iter().map(|w| serde_json::json!({
                "node": id(w.node),
                "step": w.step + 1,
                "chose": w.chose + 1,
                "fact": w.fact + 1,
            })).collect::<Vec<_>>(),
            "wrong_turns": fb.wrong_turns.iter().map(|w| serde_json::json!({
                "question": w.question_id,
                "chose": w.chose + 1,
                "fact": w.fact.iter().map(|a| a + 1).collect::<Vec<_>>(),
                "why": w.why,
            })).collect::<Vec<_>>(),
        },
        "saved": saved,
    });
    v.to_string()
}

/// `posdoc train report`.
pub fn report(
    attempts: &[Attempt],
    filter: &ReportFilter,
    format: ReportFormat,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let s = Strings::new(lang);
    let r = Report::build(attempts, filter);
    match format {
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&r)?)?,
        ReportFormat::Csv => write!(out, "{}", report_csv(&r))?,
        ReportFormat::Md => write!(out, "{}", report_md(&r, filter, &s))?,
    }
    Ok(exit::OK)
}

/// A category key as the reader's label (an unknown key stays as stored).
fn category_label(key: &str, s: &Strings) -> String {
    Category::from_key(key).map_or_else(|| key.to_string(), |c| s.category(c).to_string())
}

/// A value from the attempts file, fit for one markdown table cell.
fn md_cell(v: &str) -> String {
    for_echo(v).replace('|', "\\|")
}

fn totals_cells(t: &Totals) -> String {
    format!(
        "{} | {} | {} | {} | {:.1} | {} | {}",
        t.attempts, t.score, t.best, t.right, t.keys_over_par, t.traps, t.seconds
    )
}

fn md_header(first: &[&str], s: &Strings) -> String {
    let cols: Vec<String> = first
        .iter()
        .map(|k| s.get(k).to_string())
        .chain(
            [
                "attempts",
                "score",
                "best",
                "right",
                "keys_over_par",
                "traps",
                "time",
            ]
            .iter()
            .map(|k| s.get(&format!("train.report.col.{k}")).to_string()),
        )
        .collect();
    let align: Vec<&str> = (0..cols.len())
        .map(|i| if i < first.len() { "---" } else { "---:" })
        .collect();
    format!("| {} |\n| {} |\n", cols.join(" | "), align.join(" | "))
}

fn md_categories(buf: &mut String, lines: &[CategoryLine], s: &Strings) {
    buf.push_str(&md_header(&["train.report.col.category"], s));
    for l in lines {
        let _ = writeln!(
            buf,
            "| {} | {} |",
            md_cell(&category_label(&l.category, s)),
            totals_cells(&l.totals)
        );
    }
}

fn report_md(r: &Report, filter: &ReportFilter, s: &Strings) -> String {
    let mut buf = String::new();
    let _ = writeln!(buf, "# {}\n", s.get("train.report.title"));
    if let Some(since) = filter.since {
        let _ = writeln!(
            buf,
            "{}\n",
            s.fmt("train.report.since", &[("date", &format_date(since))])
        );
    }
    if r.is_empty() {
        let _ = writeln!(buf, "{}", s.get("train.report.empty"));
        return buf;
    }
    let _ = writeln!(buf, "## {}\n", s.get("train.report.by_category_weakest"));
    md_categories(&mut buf, &r.categories, s);
    for t in &r.trainees {
        let _ = writeln!(
            buf,
            "\n## {}\n",
            s.fmt("train.report.trainee", &[("name", &md_cell(&t.trainee))])
        );
        buf.push_str(&md_header(&["train.report.col.trainee"], s));
        let _ = writeln!(
            buf,
            "| {} | {} |\n",
            md_cell(&t.trainee),
            totals_cells(&t.totals)
        );
        let _ = writeln!(buf, "### {}\n", s.get("train.report.by_category_weakest"));
        md_categories(&mut buf, &t.categories, s);
        let _ = writeln!(buf, "\n### {}\n", s.get("train.report.by_case"));
        buf.push_str(&md_header(
            &["train.report.col.case", "train.report.col.category"],
            s,
        ));
        for c in &t.cases {
            let _ = writeln!(
                buf,
                "| {} | {} | {} |",
                md_cell(&c.case_id),
                md_cell(&category_label(&c.category, s)),
                totals_cells(&c.totals)
            );
        }
        let traps: Vec<String> = t
            .cases
            .iter()
            .flat_map(|c| {
                c.traps
                    .iter()
                    .map(move |l| format!("{} ({})", md_cell(l), md_cell(&c.case_id)))
            })
            .collect();
        if !traps.is_empty() {
            let _ = writeln!(
                buf,
                "\n**{}**",
                s.fmt("train.report.traps_taken", &[("list", &traps.join("; "))])
            );
        }
    }
    buf
}

/// One CSV field: quoted when needed, and a leading `=`, `+`, `-` or `@`
/// defused so a spreadsheet does not run it as a formula.
fn csv_field(v: &str) -> String {
    let mut v = crate::privacy::mask_card_numbers(v);
    if v.starts_with(['=', '+', '-', '@']) {
        v.insert(0, '\'');
    }
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

fn report_csv(r: &Report) -> String {
    let mut buf = String::from(
        "level,trainee,category,case,attempts,score,best,right,keys_over_par,traps,seconds,traps_taken\n",
    );
    let mut row =
        |level: &str, trainee: &str, category: &str, case: &str, t: &Totals, traps: &[String]| {
            let _ = writeln!(
                buf,
                "{level},{},{},{},{},{},{},{},{:.1},{},{},{}",
                csv_field(trainee),
                csv_field(category),
                csv_field(case),
                t.attempts,
                t.score,
                t.best,
                t.right,
                t.keys_over_par,
                t.traps,
                t.seconds,
                csv_field(&traps.join("; "))
            );
        };
    for c in &r.categories {
        row("category", "", &c.category, "", &c.totals, &[]);
    }
    for t in &r.trainees {
        row("trainee", &t.trainee, "", "", &t.totals, &[]);
        for c in &t.categories {
            row(
                "trainee_category",
                &t.trainee,
                &c.category,
                "",
                &c.totals,
                &[],
            );
        }
        for c in &t.cases {
            row(
                "trainee_case",
                &t.trainee,
                &c.category,
                &c.case_id,
                &c.totals,
                &c.traps,
            );
        }
    }
    buf
}

/// `posdoc train report`: needs no rules, only the stored attempts.
pub fn report_command(
    action: &super::TrainAction,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let s = Strings::new(lang);
    let super::TrainAction::Report {
        trainee,
        since,
        format,
    } = action;
    let since = match since.as_deref().map(|d| parse_since(d, &s)).transpose() {
        Ok(since) => since,
        Err(msg) => {
            writeln!(err, "posdoc: {msg}")?;
            return Ok(exit::USAGE);
        }
    };
    let log = crate::training::default_log()?;
    let attempts = log.all()?;
    let filter = ReportFilter {
        trainee: trainee.clone(),
        since,
    };
    report(&attempts, &filter, *format, lang, out)
}

/// `posdoc train` with the rules loaded: `--list`, or one case.
pub fn command(
    rules: &RuleSet,
    rules_dir: Option<&std::path::Path>,
    args: super::TrainArgs,
    lang: Lang,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let s = Strings::new(lang);
    let loaded = crate::training::load(rules_dir, rules);
    let Some(set) = loaded.set else {
        for p in &loaded.problems {
            writeln!(err, "{p}")?;
        }
        writeln!(err, "posdoc: {}", s.get("cli.rules_have_errors"))?;
        return Ok(exit::PROBLEMS);
    };
    let mut filter = CaseFilter::default();
    let parsed = (|| -> Result<(), String> {
        if let Some(c) = &args.category {
            filter.category = Some(parse_category(c, &s)?);
        }
        if let Some(d) = &args.difficulty {
            filter.difficulty = Some(parse_difficulty(d, &s)?);
        }
        Ok(())
    })();
    if let Err(msg) = parsed {
        writeln!(err, "posdoc: {msg}")?;
        return Ok(exit::USAGE);
    }
    if args.list {
        return list(&set, filter, lang, args.json, out);
    }
    let Some(id) = args.case.as_deref() else {
        writeln!(err, "posdoc: {}", s.get("train.no_case"))?;
        return Ok(exit::USAGE);
    };
    let Some(case) = set.find(id.trim()) else {
        writeln!(
            err,
            "posdoc: {}",
            s.fmt("train.unknown_case", &[("id", &for_echo(id))])
        )?;
        return Ok(exit::USAGE);
    };
    let opts = TrainOptions {
        lang,
        trainee: args
            .trainee
            .as_deref()
            .map(crate::training::attempts::clean_trainee)
            .filter(|t| !t.is_empty()),
        answers: args.answers,
        json: args.json,
    };
    // The store is opened only for a named trainee; failing to find a data
    // directory is reported when saving, and the score is still shown.
    let mut log = match opts.trainee {
        Some(_) => match crate::training::default_log() {
            Ok(log) => Some(log),
            Err(e) => {
                let reason = format!("{e:#}");
                writeln!(
                    err,
                    "posdoc: {}",
                    s.fmt("train.save_failed", &[("reason", &reason)])
                )?;
                None
            }
        },
        None => None,
    };
    let path = log.as_ref().map(|l| l.path().display().to_string());
    let log = log
        .as_mut()
        .zip(path)
        .map(|(l, p)| (l as &mut dyn AttemptLog, p));
    run(rules, case, opts, log, input, out, err)
}

/// Whether `posdoc train` opens the full-screen interface: a practice run
/// (no `--answers`, `--list`, `--json` or `report`) with a terminal on
/// both ends. Otherwise it runs in lines, as scripts and tests drive it.
pub fn opens_tui(args: &super::TrainArgs) -> bool {
    use std::io::IsTerminal;
    args.action.is_none()
        && args.answers.is_none()
        && !args.list
        && !args.json
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
}

/// The set `--category` and `--difficulty` ask for; the message when one
/// of them is not a value.
pub fn case_filter(args: &super::TrainArgs, s: &Strings) -> Result<CaseFilter, String> {
    let mut filter = CaseFilter::default();
    if let Some(c) = &args.category {
        filter.category = Some(parse_category(c, s)?);
    }
    if let Some(d) = &args.difficulty {
        filter.difficulty = Some(parse_difficulty(d, s)?);
    }
    Ok(filter)
}
