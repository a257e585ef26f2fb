//! `posdoc check`: validate a rule set and report every problem at once.

use crate::frontend::exit;
use crate::rules::{Loaded, Problem, Severity};
use crate::training::TrainingLoaded;
use std::io::Write;

/// Reports what loading the rules found, on `out`; returns the exit code.
/// A rules directory that cannot be read at all is `main`'s usage error
/// before this runs.
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
    let training_problems: &[Problem] = training.map_or(&[], |t| &t.problems);
    let training_files = training.map_or(0, |t| t.files);
    let cases = training.map_or(0, TrainingLoaded::case_count);
    let files = loaded.files + training_files;
    let problems: Vec<&Problem> = loaded.problems.iter().chain(training_problems).collect();
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .count();
    let (nodes, codes) = loaded
        .rules
        .as_ref()
        .map_or((0, 0), |r| (r.nodes.len(), r.codes.len()));
    if json {
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
            writeln!(out, "{p}")?;
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

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
