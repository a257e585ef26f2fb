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

/// Where an outside program a test drives for real (Chromium, Graphviz) is
/// installed, looked up on PATH. When it is not, says so visibly and
/// returns None so the test can return; with `CI_REQUIRE_REAL_PARTS=1`
/// (CI installs them) a missing program fails the test instead.
pub fn real_part(program: &str) -> Option<std::path::PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let required = std::env::var("CI_REQUIRE_REAL_PARTS").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "{program} is not installed, and CI_REQUIRE_REAL_PARTS=1 requires it"
        );
        // Straight to stderr, not eprintln!: the test harness would hide
        // that for a test that passes, and a skip must be seen.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: {program} not installed; this test did not run"
        );
    }
    found
}
