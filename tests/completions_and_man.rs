//! `posdoc completions SHELL` and `posdoc man [COMMAND]`: what the README
//! tells people to install is a script the shell accepts and a manual page
//! that documents every command.

mod common;

use common::posdoc;
use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The commands the man pages and completions must know.
const COMMANDS: &[&str] = &[
    "check",
    "walk",
    "search",
    "export",
    "train",
    "handbook",
    "completions",
    "man",
    "cases",
    "config",
];

fn run(args: &[&str]) -> Output {
    posdoc().args(args).output().expect("run posdoc")
}

fn stdout_of(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "{args:?} wrote to stderr");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn completions_name_every_command_in_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.len() > 500, "{shell}: {script}");
        for cmd in COMMANDS {
            assert!(script.contains(cmd), "{shell} completion lacks {cmd}");
        }
        // The options of a command are completed too (fish spells
        // `--answers` as `-l answers`).
        assert!(script.contains("answers"), "{shell} lacks walk's options");
    }
}

#[test]
fn bash_completion_is_valid_bash_that_completes_posdoc() {
    let script = stdout_of(&["completions", "bash"]);
    assert!(script.contains("complete -F _posdoc"), "{script}");
    if !have("bash") {
        eprintln!("NOTICE: bash is not installed; skipping its syntax check");
        return;
    }
    let mut child = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bash -n");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = run(&["completions", "cmd.exe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn the_main_man_page_lists_every_command() {
    let page = stdout_of(&["man"]);
    // Undated, with the version and the manual's name in their own places.
    assert!(
        page.contains(&format!(
            "\n.TH posdoc 1 \"\" \"posdoc {}\" \"posdoc manual\"\n",
            env!("CARGO_PKG_VERSION")
        )),
        "{page}"
    );
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS"] {
        assert!(page.contains(&format!("\n.SH {section}\n")), "no {section}");
    }
    for cmd in COMMANDS {
        assert!(
            page.contains(&format!("posdoc\\-{cmd}(1)")),
            "the main page lacks {cmd}"
        );
    }
    assert!(!page.contains("posdoc\\-help(1)"), "help needs no page");
}

#[test]
fn every_command_has_its_own_man_page() {
    for cmd in COMMANDS {
        let page = stdout_of(&["man", cmd]);
        assert!(
            page.contains(&format!("\n.TH posdoc-{cmd} 1 ")),
            "{cmd}: {page}"
        );
        assert!(
            page.contains(&format!("\\fBposdoc {cmd}\\fR")),
            "{cmd}: {page}"
        );
        // The global options are documented on every page.
        assert!(page.contains("\\-\\-rules"), "{cmd} lacks --rules");
    }
}

#[test]
fn man_pages_format_without_warnings() {
    if !have("groff") {
        eprintln!("NOTICE: groff is not installed; skipping the formatting check");
        return;
    }
    for page in [None].into_iter().chain(COMMANDS.iter().map(Some)) {
        let mut args = vec!["man"];
        args.extend(page);
        let roff = stdout_of(&args);
        let mut child = Command::new("groff")
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run groff");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(roff.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{page:?}");
        assert!(
            out.stderr.is_empty(),
            "{page:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn man_for_an_unknown_command_is_a_usage_error() {
    let out = run(&["man", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("there is no command \"nope\""), "{err}");
    assert!(err.contains("walk"), "the error lists the pages: {err}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["export"],
        &["search", "51"],
    ] {
        let mut child = posdoc()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run posdoc");
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
