//! `posdoc check`: validate a rule set and report every problem at once.
//!
//! Piped, or with `--json`, each problem is one line (`file:line:col:
//! message`) for scripts and editors. On a terminal each problem is shown the
//! way rustc shows one: the message, the `--> file:line:col` line, the
//! source line with a caret under the column, and a hint where there is one.

use crate::frontend::exit;
use crate::rules::{Loaded, Problem, Severity};
use crate::training::TrainingLoaded;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use unicode_width::UnicodeWidthStr;

/// How the problems are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `file:line:col: message`, one line per problem.
    Lines,
    /// Each problem with its source line and a caret, for a person at a
    /// terminal.
    Annotated,
    /// One JSON document.
    Json,
}

/// Reports what loading the rules found on `out`, which is standard output:
/// annotated when that is a terminal. Returns the exit code. A rules
/// directory that cannot be read at all is `main`'s usage error before
/// this runs.
pub fn run(loaded: &Loaded, json: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    run_with_training(loaded, None, json, out)
}

/// [`run`], with the practice cases checked against the rules: their
/// problems join the report, and their count follows the rules' line.
pub fn run_with_training(
    loaded: &Loaded,
    training: Option<&TrainingLoaded>,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    report_with_training(loaded, training, style_for(json), out)
}

/// JSON when asked; otherwise annotated on a terminal, plain lines elsewhere.
fn style_for(json: bool) -> Style {
    if json {
        Style::Json
    } else if std::io::stdout().is_terminal() {
        Style::Annotated
    } else {
        Style::Lines
    }
}

/// Reports what loading the rules found, in `style`; returns the exit code.
pub fn report(loaded: &Loaded, style: Style, out: &mut dyn Write) -> anyhow::Result<i32> {
    report_with_training(loaded, None, style, out)
}

/// [`report`], with the practice cases' problems and count.
pub fn report_with_training(
    loaded: &Loaded,
    training: Option<&TrainingLoaded>,
    style: Style,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let (nodes, codes) = loaded
        .rules
        .as_ref()
        .map_or((0, 0), |r| (r.nodes.len(), r.codes.len()));
    let tally = Tally {
        files: loaded.files,
        nodes,
        codes,
        problems: &loaded.problems,
        practice_files: training.map_or(0, |t| t.files),
        practice_cases: training.map_or(0, TrainingLoaded::case_count),
        practice_problems: training.map_or(&[], |t| &t.problems),
    };
    write_report(&tally, style, out)
}

/// `check` on the bundled rules: what the build's check of them and of the
/// practice cases found, as the heads of their binary forms hold it, so
/// neither set is decoded.
pub fn run_bundled(json: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    let rules = crate::rules::bundled_head();
    let practice = crate::training::bundled_head();
    let unreadable;
    let (practice_files, practice_cases, practice_problems): (usize, usize, &[Problem]) =
        match &practice {
            Ok(head) => (head.files, head.cases, &head.problems),
            Err(e) => {
                unreadable = [crate::training::unreadable_form(e)];
                (0, 0, &unreadable)
            }
        };
    let tally = Tally {
        files: rules.files,
        nodes: rules.nodes,
        codes: rules.codes,
        problems: &rules.problems,
        practice_files,
        practice_cases,
        practice_problems,
    };
    write_report(&tally, style_for(json), out)
}

/// Everything a report says, from whichever source.
struct Tally<'a> {
    files: usize,
    nodes: usize,
    codes: usize,
    problems: &'a [Problem],
    practice_files: usize,
    practice_cases: usize,
    practice_problems: &'a [Problem],
}

fn write_report(tally: &Tally<'_>, style: Style, out: &mut dyn Write) -> anyhow::Result<i32> {
    let Tally {
        nodes,
        codes,
        practice_files: training_files,
        practice_cases: cases,
        ..
    } = *tally;
    let files = tally.files + training_files;
    let problems: Vec<&Problem> = tally
        .problems
        .iter()
        .chain(tally.practice_problems)
        .collect();
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .count();
    if style == Style::Json {
        let report = serde_json::json!({
            "ok": errors == 0,
            "files": files,
            "nodes": nodes,
            "codes": codes,
            "errors": errors,
            "warnings": warnings,
            "practice_cases": cases,
            "practice_files": training_files,
            "problems": problems,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        for p in &problems {
            if style == Style::Annotated {
                write!(out, "{}", annotated(p))?;
            } else {
                writeln!(out, "{p}")?;
            }
        }
        if errors == 0 {
            // One line, as before; the practice cases join it when there are any.
            let practice = if training_files > 0 {
                format!(", {cases} practice case{}", plural(cases))
            } else {
                String::new()
            };
            writeln!(
                out,
                "ok: {files} file{}, {nodes} nodes, {codes} response codes{practice}, {warnings} warning{}",
                plural(files),
                plural(warnings)
            )?;
        } else {
            writeln!(
                out,
                "{errors} error{}, {warnings} warning{} in {files} file{}",
                plural(errors),
                plural(warnings),
                plural(files)
            )?;
        }
    }
    Ok(if errors == 0 {
        exit::OK
    } else {
        exit::PROBLEMS
    })
}

/// One problem the way rustc shows one, ending with a blank line:
///
/// ```text
/// error: `minutes` must be a whole number, found "five"
///   --> rules/network.yaml:28:18
///    |
/// 28 |         minutes: five
///    |                  ^^^^
/// ```
///
/// Everything taken from the rules file (name, message, source line) is
/// shown with card numbers masked and control characters escaped, and the
/// caret is placed by display width, so it stays under the column with
/// CJK text, full-width characters and escapes before it.
pub fn annotated(p: &Problem) -> String {
    let (headline, help) = split_hint(&p.message);
    let label = match p.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let line_number = p.line.to_string();
    let pad = " ".repeat(line_number.len());
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = writeln!(out, "{label}: {}", shown(headline));
    let _ = writeln!(out, "{pad}--> {}:{}:{}", shown(&p.file), p.line, p.column);
    if let Some(source) = &p.source {
        // Masked before it is cut in two: masking keeps every character in
        // its place, so the column still points at the same one.
        let masked = crate::privacy::mask_card_numbers(&source.text);
        let before_column = p.column.saturating_sub(source.first_column);
        let (before, at) = masked
            .char_indices()
            .nth(before_column)
            .map_or((masked.as_str(), ""), |(i, _)| masked.split_at(i));
        // ASCII dots: `…` is one column in some terminals and two in others.
        let lead = if source.first_column > 1 { "..." } else { "" };
        let tail = if source.cut { "..." } else { "" };
        let before = format!("{lead}{}", shown(before));
        let at_shown = shown(at);
        let marked = crate::terminal_text::one_line(token_at(at));
        let carets = "^".repeat(marked.width().max(1));
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(
            out,
            "{line_number} | {}",
            format!("{before}{at_shown}{tail}").trim_end()
        );
        let _ = writeln!(out, "{pad} | {}{carets}", " ".repeat(before.width()));
    }
    if let Some(help) = help {
        let _ = writeln!(out, "{pad} = help: {}", shown(help));
    }
    out.push('\n');
    out
}

/// Text from a rules file made fit for the terminal.
fn shown(text: &str) -> String {
    crate::privacy::for_echo(text)
}

/// The message and its hint ("did you mean", the names allowed), apart.
fn split_hint(message: &str) -> (&str, Option<&str>) {
    for separator in [
        "; did you mean ",
        ", did you mean ",
        "; the fields here are ",
        "; the values here are ",
    ] {
        if let Some(at) = message.find(separator) {
            return (&message[..at], Some(&message[at + 2..]));
        }
    }
    (message, None)
}

/// The YAML value or key that starts `text`: a quoted string to its
/// closing quote, otherwise up to what ends a plain scalar in a flow
/// collection, a comment, or a `: ` that ends a key.
fn token_at(text: &str) -> &str {
    let mut chars = text.char_indices();
    let Some((_, first)) = chars.next() else {
        return "";
    };
    if first == '#' {
        // A comment: the problem is about the file, not this text.
        return &text[..1];
    }
    if first == '"' || first == '\'' {
        let mut escaped = false;
        for (i, c) in chars {
            if c == first && !escaped {
                return &text[..i + c.len_utf8()];
            }
            escaped = first == '"' && c == '\\' && !escaped;
        }
        return text;
    }
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, ',' | ']' | '}')
                || (c == ':' && text[i + 1..].starts_with([' ', '\t']))
                || (c == '#' && text[..i].ends_with([' ', '\t']))
                || (c == ':' && i + 1 == text.len())
        })
        .map_or(text.len(), |(i, _)| i);
    text[..end].trim_end()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::SourceLine;

    fn problem(line: usize, column: usize, text: &str, message: &str) -> Problem {
        Problem {
            file: "rules/network.yaml".into(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
            source: Some(SourceLine {
                text: text.into(),
                first_column: 1,
                cut: false,
            }),
        }
    }

    #[test]
    fn shows_the_line_with_a_caret_under_the_value() {
        let p = problem(
            28,
            18,
            "        minutes: five",
            "`minutes` must be a whole number, found \"five\"",
        );
        assert_eq!(
            annotated(&p),
            "error: `minutes` must be a whole number, found \"five\"\n\
             \x20 --> rules/network.yaml:28:18\n\
             \x20  |\n\
             28 |         minutes: five\n\
             \x20  |                  ^^^^\n\n"
        );
    }

    #[test]
    fn a_hint_goes_on_its_own_help_line() {
        let p = problem(
            20,
            5,
            "    titel: {zh: 信号太弱, en: The signal is too weak}",
            "unknown field `titel`, did you mean `title`?",
        );
        let shown = annotated(&p);
        assert!(
            shown.starts_with("error: unknown field `titel`\n"),
            "{shown}"
        );
        assert!(shown.contains("\n   |     ^^^^^\n"), "{shown}");
        assert!(
            shown.ends_with("   = help: did you mean `title`?\n\n"),
            "{shown}"
        );
    }

    #[test]
    fn the_caret_stays_under_the_column_after_wide_text_and_escapes() {
        // Two CJK characters (two columns each) and an ESC shown as `\u{1b}`.
        let p = problem(3, 12, "  全宽\u{1b}: [x, bad]", "wrong");
        let shown = annotated(&p);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[3], "3 |   全宽\\u{1b}: [x, bad]");
        let source_col = lines[3].find("bad").unwrap();
        let caret_col = lines[4].find('^').unwrap();
        // The same display column, whatever the bytes before it.
        assert_eq!(
            lines[3][..source_col].width(),
            lines[4][..caret_col].width()
        );
        assert!(lines[4].ends_with("^^^"), "{shown}");
        assert!(!shown.contains('\u{1b}'));
    }

    #[test]
    fn a_card_number_in_the_source_line_is_masked() {
        let p = problem(
            4,
            11,
            "    note: 4111 1111 1111 1111",
            "unknown field `note`",
        );
        let shown = annotated(&p);
        assert!(!shown.contains("4111 1111 1111 1111"), "{shown}");
        assert!(shown.contains("4111 11** **** 1111"), "{shown}");
    }

    #[test]
    fn a_window_of_a_long_line_is_marked_as_cut() {
        let mut p = problem(1, 70, &"y".repeat(100), "long");
        p.source = Some(SourceLine {
            text: "abc: def".into(),
            first_column: 65,
            cut: true,
        });
        let shown = annotated(&p);
        assert!(
            shown.contains("\n1 | ...abc: def...\n  |         ^^^\n"),
            "{shown}"
        );
    }

    #[test]
    fn a_problem_with_no_line_shows_where_only() {
        let mut p = problem(1, 1, "", "file is 104857600 bytes");
        p.source = None;
        assert_eq!(
            annotated(&p),
            "error: file is 104857600 bytes\n --> rules/network.yaml:1:1\n\n"
        );
    }

    #[test]
    fn a_quoted_value_is_marked_to_its_closing_quote() {
        assert_eq!(token_at("\"a \\\" b\", next"), "\"a \\\" b\"");
        assert_eq!(token_at("five # comment"), "five");
        assert_eq!(token_at("colour: red"), "colour");
        assert_eq!(token_at("x]"), "x");
        assert_eq!(token_at("# a comment: here"), "#");
        assert_eq!(token_at(""), "");
    }
}
