//! `posdoc check`: validate a rule set and report every problem at once.

use crate::frontend::exit;
use crate::rules::{Loaded, Severity};
use std::io::Write;

/// Reports what loading the rules found, on `out`; returns the exit code.
/// A rules directory that cannot be read at all is `main`'s usage error
/// before this runs.
pub fn run(loaded: &Loaded, json: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    let files = loaded.files;
    let errors = loaded.errors().count();
    let warnings = loaded
        .problems
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
            "problems": loaded.problems,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        for p in &loaded.problems {
            writeln!(out, "{p}")?;
        }
        if errors == 0 {
            writeln!(
                out,
                "ok: {files} file{}, {nodes} nodes, {codes} response codes, {warnings} warning{}",
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
