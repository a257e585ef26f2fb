//! `posdoc` with no command, outside a terminal: it must not hang.

mod common;

use common::posdoc;
use std::process::Stdio;

#[test]
fn without_a_terminal_it_points_to_walk_and_exits_2() {
    let out = posdoc()
        .args(["--lang", "en"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run posdoc");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("posdoc walk"), "{err}");
    assert!(out.stdout.is_empty(), "nothing drawn on stdout");
}

#[test]
fn unknown_code_is_reported_before_the_screen_opens() {
    let out = posdoc()
        .args(["--lang", "en", "--code", "5Z"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run posdoc");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("5Z"), "{err}");
    assert!(err.contains("Closest matches"), "{err}");
}

#[test]
fn known_code_passes_the_code_check() {
    // With no terminal it stops at the TTY check (2), not at the code (1).
    let out = posdoc()
        .args(["--lang", "en", "--code", "51"])
        .stdin(Stdio::null())
        .output()
        .expect("run posdoc");
    assert_eq!(out.status.code(), Some(2));
}
