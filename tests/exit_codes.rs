//! Every command loads the rules the same way, in one place: the same
//! messages and exit codes (0 ok, 1 problems, 2 usage) whichever command
//! asked, and commands that need no rules never read them.

mod common;

use common::posdoc;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

/// The commands that need a usable rule set (the last one opens the
/// full-screen interface, which with no terminal would stop at exit 2).
const NEED_RULES: &[&[&str]] = &[&["walk"], &["search", "51"], &["export"], &[]];

fn broken_rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/answer_points_nowhere")
}

fn run(rules: &Path, args: &[&str]) -> Output {
    posdoc()
        .args(["--lang", "en", "--rules"])
        .arg(rules)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run posdoc")
}

#[test]
fn a_missing_rules_directory_is_a_usage_error_for_every_command() {
    let missing = Path::new("/definitely/not/here");
    for args in NEED_RULES.iter().chain([&["check"][..]].iter()) {
        let out = run(missing, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err.lines().collect::<Vec<_>>(),
            ["posdoc: cannot read rules directory /definitely/not/here: No such file or directory (os error 2)"],
            "{args:?}"
        );
    }
}

#[test]
fn broken_rules_are_listed_with_a_pointer_to_check() {
    for args in NEED_RULES {
        let out = run(&broken_rules(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 3, "{args:?}: {err}");
        assert!(
            lines[0].ends_with(
                "points to \"network.weak_signl\", which does not exist; did you mean `network.weak_signal`?"
            ),
            "{err}"
        );
        assert_eq!(
            lines[2],
            "posdoc: the rules have errors; fix them (see `posdoc check`) and try again"
        );
    }
}

#[test]
fn check_reports_broken_rules_on_stdout() {
    let out = run(&broken_rules(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty());
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.ends_with("2 errors, 0 warnings in 1 file\n"),
        "{report}"
    );
}

#[test]
fn an_empty_query_is_a_usage_error_before_the_rules_are_read() {
    let out = run(&broken_rules(), &["search", " "]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("rules have errors"), "{err}");
}

#[test]
fn a_zero_limit_is_a_usage_error_in_the_chosen_language() {
    for (lang, says) in [
        ("en", "--limit must be at least 1"),
        ("zh", "--limit 至少为 1"),
    ] {
        let out = posdoc()
            .args(["--lang", lang, "--rules"])
            .arg(broken_rules())
            .args(["search", "--limit", "0", "51"])
            .output()
            .expect("run posdoc");
        assert_eq!(out.status.code(), Some(2), "{lang}");
        assert!(out.stdout.is_empty(), "{lang}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{lang}: {err}");
        assert!(!err.contains("rules have errors"), "{err}");
    }
}

#[test]
fn completions_and_man_need_no_rules() {
    for args in [&["completions", "bash"][..], &["man"]] {
        let out = run(Path::new("/definitely/not/here"), args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!out.stdout.is_empty(), "{args:?}");
        assert!(out.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn help_is_in_the_chosen_language_with_examples_in_the_long_help() {
    let help = |args: &[&str]| {
        let out = posdoc().args(args).output().expect("run posdoc");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let zh = help(&["--lang", "zh", "search", "--help"]);
    assert!(zh.contains("用法:") && zh.contains("示例："), "{zh}");
    assert!(zh.contains("posdoc search 余额不足"), "{zh}");
    let en = help(&["--lang", "en", "walk", "--help"]);
    assert!(en.contains("Examples:\n  posdoc walk"), "{en}");
    // The short help is a summary: no examples, and one line per command.
    let short = help(&["--lang", "en", "-h"]);
    assert!(!short.contains("Examples:"), "{short}");
    let search = short
        .lines()
        .find(|l| l.trim_start().starts_with("search "))
        .expect("search is listed");
    assert!(search.chars().count() <= 100, "{search}");
}

#[test]
fn posdocs_own_errors_are_in_the_chosen_language() {
    let out = posdoc()
        .args(["--lang", "zh", "--rules", "/definitely/not/here", "walk"])
        .output()
        .expect("run posdoc");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("posdoc: 无法读取规则目录"), "{err}");

    let out = posdoc()
        .args(["--lang", "zh", "walk", "--bogus"])
        .output()
        .expect("run posdoc");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("posdoc: 不认识的参数 --bogus"), "{err}");

    let out = posdoc()
        .args(["--lang", "zh", "--rules"])
        .arg(broken_rules())
        .arg("walk")
        .output()
        .expect("run posdoc");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.ends_with("posdoc: 规则有错误；请先修正（见 `posdoc check`）再试。\n"),
        "{err}"
    );
}
