//! Nothing in a rules file reaches the terminal raw: a key cannot forge a
//! second `file:line:col` line in `check`'s report, and escape sequences,
//! bidi overrides and other controls are shown escaped.

use posdoc::rules::{load_files, InputFile};
use posdoc::terminal_text::{needs_escape, one_line};
use std::process::Command;

/// Keys that try to drive the terminal or forge a report line.
const HOSTILE_KEYS: [&str; 5] = [
    "\"\\nrules.yaml:1:1: fake\"",
    "\"\\rrules.yaml:1:1: fake\"",
    "\"\\e[2J\\e[Hcleared\"",
    "\"\\u202Eevil\\u202C\"",
    "\"bell\\a\\x7f\\x85\"",
];

fn hostile_file(key: &str) -> String {
    format!("start: a\n{key}: 1\n")
}

#[test]
fn a_hostile_key_gives_one_safe_report_line() {
    for key in HOSTILE_KEYS {
        let loaded = load_files(&[InputFile {
            name: "rules.yaml".into(),
            bytes: hostile_file(key).into_bytes(),
        }]);
        let unknown: Vec<String> = loaded
            .problems
            .iter()
            .map(ToString::to_string)
            .filter(|shown| shown.contains("unknown field"))
            .collect();
        assert_eq!(unknown.len(), 1, "{key}: {:?}", loaded.problems);
        for p in &loaded.problems {
            let shown = p.to_string();
            assert_eq!(shown.lines().count(), 1, "{key}: {shown:?}");
            assert!(!shown.chars().any(needs_escape), "{key}: {shown:?}");
            assert_eq!(one_line(&shown), shown, "{key}: {shown:?}");
        }
        assert!(
            unknown[0].starts_with("rules.yaml:2:1: "),
            "{key}: {unknown:?}"
        );
    }
}

#[test]
fn check_prints_a_hostile_key_on_one_escaped_line() {
    let dir = std::env::temp_dir().join(format!("posdoc-inject-{}", std::process::id()));
    for key in HOSTILE_KEYS {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("rules.yaml"), hostile_file(key)).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_posdoc"))
            .args(["check", "--rules"])
            .arg(&dir)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        // The unknown key, the start node it leaves without a node (the
        // rest of the file is still read), the summary: nothing forged.
        assert_eq!(stdout.lines().count(), 3, "{key}: {stdout:?}");
        let dir_shown = dir.display().to_string();
        assert!(
            stdout
                .lines()
                .all(|l| l.starts_with(&dir_shown) || l.starts_with("2 errors")),
            "{key}: {stdout:?}"
        );
        assert!(
            !stdout.chars().any(|c| c != '\n' && needs_escape(c)),
            "{key}: {stdout:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
