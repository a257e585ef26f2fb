//! Helpers shared by the integration tests. Every test binary compiles its
//! own copy of this module and uses only part of it.
#![allow(dead_code)]

use posdoc::rules::{load_bundled, RuleSet};
use std::io::Write;
use std::process::{Command, Output, Stdio};

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

/// Runs `cmd` with `stdin` as its whole input and collects what it printed.
pub fn run_with_input(cmd: &mut Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}
