//! Helpers shared by the integration tests. Every test binary compiles its
//! own copy of this module and uses only part of it.
#![allow(dead_code)]

use posdoc::rules::{load_bundled, RuleSet};
use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The bundled rules, which load without a single problem, not even a
/// warning.
pub fn rules() -> RuleSet {
    let loaded = load_bundled();
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    loaded.rules.expect("bundled rules load")
}

/// The posdoc binary built for this test run, ready for arguments. Its
/// cases go to a folder of its own under the build's temp folder (never
/// the real home folder), it reads no config file, and it shows times in
/// UTC.
pub fn posdoc() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_posdoc"));
    let data = fresh_data_dir();
    cmd.env("POSDOC_DATA_DIR", &data)
        .env("POSDOC_CONFIG", data.join("config.toml"))
        .env_remove("POSDOC_DATABASE_URL")
        .env("TZ", "UTC");
    cmd
}

/// A new, empty data folder for one run of posdoc.
pub fn fresh_data_dir() -> std::path::PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("posdoc-data")
        .join(format!("{}-{n}", std::process::id()));
    // Left over from an earlier run with the same process id: start empty.
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// `text` with every case code (`K7M-3X9`) replaced by `XXX-XXX`: codes
/// are random, so golden files hold the mask.
pub fn mask_case_codes(text: &str) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let is_code_char = |b: u8| ALPHABET.contains(&b);
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let window = bytes.get(i..i + 7);
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let after_ok = bytes.get(i + 7).is_none_or(|b| !b.is_ascii_alphanumeric());
        if let Some(w) = window {
            if before_ok
                && after_ok
                && w[3] == b'-'
                && w[..3].iter().chain(&w[4..]).all(|&b| is_code_char(b))
            {
                out.push_str("XXX-XXX");
                i += 7;
                continue;
            }
        }
        let ch = text[i..].chars().next().expect("i is on a char boundary");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
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
