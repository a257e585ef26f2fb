//! Helpers shared by the integration tests. Every test binary compiles its
//! own copy of this module and uses only part of it.
#![allow(dead_code)]

use posdoc::rules::{load_bundled, Problem, RuleSet, Severity};
use std::process::Command;

/// The bundled rules, which load without a single problem except the
/// warnings for remedy steps that have no caller line yet.
pub fn rules() -> RuleSet {
    let loaded = load_bundled();
    let other: Vec<_> = loaded
        .problems
        .iter()
        .filter(|p| !is_missing_caller_line(p))
        .collect();
    assert!(other.is_empty(), "{other:#?}");
    loaded.rules.expect("bundled rules load")
}

/// The caller lines of the remedy steps are written separately and merged
/// into the rules later (issue 8, section 3); until then a step without one
/// is the only warning the bundled rules may give.
pub fn is_missing_caller_line(p: &Problem) -> bool {
    p.severity == Severity::Warning && p.message.ends_with(" has no caller line")
}

/// The posdoc binary built for this test run, ready for arguments.
pub fn posdoc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_posdoc"))
}
