//! `posdoc check` on broken rule sets: each directory under tests/broken
//! holds one broken set and `expected.txt`, the exact report (every message
//! with its file:line:column) and the exit code.

mod common;

use common::posdoc;
use std::path::{Path, PathBuf};

fn broken_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

#[test]
fn every_broken_set_gives_its_exact_located_report() {
    let mut cases: Vec<_> = std::fs::read_dir(broken_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 25, "only {} broken sets", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_str().unwrap();
        let out = posdoc()
            .current_dir(broken_dir())
            .args(["check", "--rules", name])
            .output()
            .unwrap();
        let got = format!(
            "{}exit {}\n",
            String::from_utf8_lossy(&out.stdout),
            out.status.code().unwrap_or(-1)
        );
        let want = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        if got != want {
            failures.push(format!("== {name}\n-- want:\n{want}-- got:\n{got}"));
        }
        // Every broken set fails, and every message is located.
        assert_eq!(out.status.code(), Some(1), "{name}");
        for line in String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.contains(": "))
        {
            if line.ends_with(" file") || line.ends_with(" files") {
                continue;
            }
            let mut parts = line.splitn(4, ':');
            let (file, l, c) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            );
            assert!(file.starts_with(name), "{line}");
            assert!(
                l.parse::<usize>().is_ok() && c.parse::<usize>().is_ok(),
                "{line}"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn json_report_lists_every_problem() {
    let out = posdoc()
        .current_dir(broken_dir())
        .args(["check", "--json", "--rules", "loop_with_no_way_out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"], 2);
    let p = &v["problems"][0];
    assert_eq!(p["file"], "loop_with_no_way_out/rules.yaml");
    assert_eq!(p["line"], 19);
    assert_eq!(p["column"], 9);
    assert_eq!(p["severity"], "error");
    assert!(p["message"]
        .as_str()
        .unwrap()
        .contains("loop with no way out"));
}

#[test]
fn a_100_mb_file_is_refused_without_reading_it() {
    let dir = tempdir("huge");
    let f = std::fs::File::create(dir.join("huge.yaml")).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap();
    let start = std::time::Instant::now();
    let out = posdoc()
        .args(["check", "--rules"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "huge.yaml:1:1: file is 104857600 bytes; rules files are limited to 16777216 bytes"
        ),
        "{stdout}"
    );
    // Refused from the size alone: far quicker than reading 100 MB.
    assert!(start.elapsed().as_secs() < 10);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    let empty = tempdir("empty");
    let out = posdoc()
        .args(["check", "--rules"])
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no rules files (*.yaml)"));
    let out = posdoc()
        .args(["check", "--rules", "/definitely/not/here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read rules directory"));
    let out = posdoc().args(["check", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&empty).unwrap();
}

#[test]
fn bundled_rules_check_clean_with_zero_warnings() {
    let out = posdoc().arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("ok: ") && stdout.contains(", 0 warnings"),
        "{stdout}"
    );
}

fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("posdoc-test-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The report a person sees on a terminal: each problem with its source
/// line and a caret under the column (rustc's layout), from the same
/// problems as the one-line form above.
#[test]
fn on_a_terminal_each_problem_shows_its_line_and_a_caret() {
    use posdoc::cli::check::{report, Style};
    use posdoc::rules::{load_files, InputFile};
    let mut shown = String::new();
    for set in [
        "minutes_not_a_number",
        "misspelt_field",
        "later_faults_each_reported",
        "broken_node_still_linked",
        "comment_only_file",
        "syntax_unclosed_quote",
    ] {
        let mut names: Vec<_> = std::fs::read_dir(broken_dir().join(set))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| {
                std::path::Path::new(n)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("yaml"))
            })
            .collect();
        names.sort();
        let files: Vec<InputFile> = names
            .iter()
            .map(|n| InputFile {
                name: format!("{set}/{n}"),
                bytes: std::fs::read(broken_dir().join(set).join(n)).unwrap(),
            })
            .collect();
        let loaded = load_files(&files);
        let mut out = Vec::new();
        let code = report(&loaded, Style::Annotated, &mut out).unwrap();
        assert_eq!(code, 1, "{set}");
        let annotated = String::from_utf8(out).unwrap();
        // The one-line form has the same problems, each on its own line.
        let mut lines = Vec::new();
        report(&loaded, Style::Lines, &mut lines).unwrap();
        let lines = String::from_utf8(lines).unwrap();
        assert_eq!(
            annotated.matches("\n  --> ").count() + annotated.matches("\n --> ").count(),
            lines.lines().count() - 1,
            "{set}: {annotated}"
        );
        shown.push_str(&format!("== {set}\n{annotated}"));
    }
    insta::assert_snapshot!(shown);
}
