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
            // Cases go to a folder of the tests, never the user's data folder.
            .env(
                "POSDOC_DATA_DIR",
                std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("posdoc-data"),
            )
            .env(
                "POSDOC_CONFIG",
                std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config.toml"),
            )
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

/// A rule set whose texts carry escape sequences, a bell, a C1 control and
/// a bidi override: in a title, a question, an answer and a step.
fn rules_with_controls() -> String {
    let clean = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/broken/unknown_field/rules.yaml"),
    )
    .unwrap()
    .replace("    colour: red\n", "");
    let replaced = [
        (
            "en: The signal is too weak}",
            "en: \"The signal \\e[2J\\e]0;owned\\a is too weak\"}",
        ),
        (
            "en: \"What happened?\"",
            "en: \"What \\x9b31mhappened?\\a\"",
        ),
        ("en: No network}", "en: \"No \\u202Enetwork\"}"),
        (
            "en: Move the terminal to a better spot}",
            "en: \"Move the\\tterminal\\nto a better spot\\e[0m\"}",
        ),
    ];
    let mut text = clean;
    for (from, to) in replaced {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    text
}

fn has_control(text: &str) -> bool {
    text.chars().any(|c| c != '\n' && needs_escape(c))
}

#[test]
fn control_characters_in_rules_text_are_left_out_with_a_located_warning() {
    let loaded = load_files(&[InputFile {
        name: "rules.yaml".into(),
        bytes: rules_with_controls().into_bytes(),
    }]);
    let shown: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    assert!(loaded.rules.is_some(), "{shown:#?}");
    // One warning per text with a control character (tabs and line breaks
    // only become spaces), each at the text itself.
    assert_eq!(
        shown,
        [
            "rules.yaml:11:28: warning: the question of \"start\" (\"en\") contains the control character U+009B, which could drive the terminal; it is left out",
            "rules.yaml:13:30: warning: answer 1 of \"start\" (\"en\") contains the control character U+202E, which could drive the terminal; it is left out",
            "rules.yaml:20:27: warning: the title of \"network.weak_signal\" (\"en\") contains the control character U+001B, which could drive the terminal; it is left out",
            "rules.yaml:24:37: warning: step 1 of \"network.weak_signal\" (\"en\") contains the control character U+001B, which could drive the terminal; it is left out",
        ]
    );
}

#[test]
fn walk_and_the_screen_show_rules_text_without_control_characters() {
    let dir = std::env::temp_dir().join(format!("posdoc-controls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rules.yaml"), rules_with_controls()).unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_posdoc"))
        // Cases go to a folder of the tests, never the user's data folder.
        .env(
            "POSDOC_DATA_DIR",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("posdoc-data"),
        )
        .env(
            "POSDOC_CONFIG",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config.toml"),
        )
        .args(["--lang", "en", "walk", "--answers", "1", "--rules"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!has_control(&stdout), "{stdout:?}");
    assert!(!has_control(&String::from_utf8_lossy(&out.stderr)));
    assert!(
        stdout.contains("The signal [2J]0;owned is too weak"),
        "{stdout}"
    );
    assert!(stdout.contains("No network"), "{stdout}");
    assert!(
        stdout.contains("Move the terminal to a better spot[0m"),
        "{stdout}"
    );

    let loaded = posdoc::rules::load_dir(&dir).unwrap();
    let rules = loaded.rules.expect("warnings only");
    let mut app = posdoc::tui::App::new(
        &rules,
        posdoc::rules::Lang::En,
        posdoc::tui::Options {
            mouse: true,
            color: false,
        },
    );
    let mut screens = Vec::new();
    for step in [None, Some(0)] {
        if let Some(answer) = step {
            app.update(posdoc::tui::Action::Choose(answer));
        }
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
        terminal.draw(|f| posdoc::tui::render(&app, f)).unwrap();
        let buffer = terminal.backend().buffer();
        for cell in &buffer.content {
            assert!(!has_control(cell.symbol()), "{:?}", cell.symbol());
        }
        screens.push(posdoc::tui::buffer_text(buffer));
    }
    // What is left of an escape sequence is plain text, shown as such.
    assert!(screens[0].contains("What 31mhappened?"), "{}", screens[0]);
    assert!(
        screens[1].contains("The signal [2J]0;owned is too weak"),
        "{}",
        screens[1]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
