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
fn bundled_rules_check_clean_but_for_missing_caller_lines() {
    let out = posdoc().arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    // One warning per remedy step still without a caller line, and nothing
    // else: see common::is_missing_caller_line.
    let rules = common::rules();
    let without_caller = rules
        .nodes
        .iter()
        .filter_map(|n| n.as_diagnosis())
        .flat_map(|d| &d.steps)
        .filter(|st| st.caller.is_none())
        .count();
    let mut lines: Vec<&str> = stdout.lines().collect();
    let summary = lines.pop().unwrap_or_default();
    let plural = if without_caller == 1 { "" } else { "s" };
    assert!(
        summary.starts_with("ok: ")
            && summary.ends_with(&format!(", {without_caller} warning{plural}")),
        "{stdout}"
    );
    assert_eq!(lines.len(), without_caller, "{stdout}");
    for line in lines {
        assert!(
            line.contains(": warning: step ") && line.ends_with(" has no caller line"),
            "{line}"
        );
    }
}

fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("posdoc-test-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
