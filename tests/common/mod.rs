//! Helpers shared by the integration tests. Every test binary compiles its
//! own copy of this module and uses only part of it.
#![allow(dead_code)]

use posdoc::rules::{load_bundled, RuleSet};
use std::process::Command;

/// The bundled rules, which load without a single problem, not even a
/// warning.
pub fn rules() -> RuleSet {
    let loaded = load_bundled();
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    loaded.rules.expect("bundled rules load")
}

/// The posdoc binary built for this test run, ready for arguments.
pub fn posdoc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_posdoc"))
}
