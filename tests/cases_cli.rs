//! `posdoc cases` and `posdoc config` as a user runs them, on cases that
//! `posdoc walk` kept in a temp data folder.

mod common;

use common::{fresh_data_dir, posdoc, run_with_input};
use std::path::{Path, PathBuf};
use std::process::Output;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `posdoc ARGS` with its cases in `data`.
fn run_in(data: &Path, args: &[&str]) -> Output {
    run_with_input(posdoc().env("POSDOC_DATA_DIR", data).args(args), "")
}

/// Walks a case with `answers` in `data`; returns its code as printed.
fn walk_case(data: &Path, extra: &[&str], answers: &str) -> String {
    let mut args = vec!["--lang", "en"];
    args.extend_from_slice(extra);
    args.extend(["walk", "--answers", answers]);
    let out = run_in(data, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let first = stdout.lines().next().unwrap_or_default();
    let code = first
        .strip_prefix("Case ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no case line: {first}"));
    code.to_string()
}

#[test]
fn a_walked_case_is_listed_shown_and_exported() {
    let data = fresh_data_dir();
    let done = walk_case(&data, &["--operator", "ana"], "1,1,1,1,1");
    let open = walk_case(&data, &["--operator", "bo"], "2,1");

    let list = run_in(&data, &["--lang", "en", "cases"]);
    assert_eq!(list.status.code(), Some(0));
    let list = text(&list.stdout);
    assert!(list.starts_with("Case "), "{list}");
    assert!(list.contains(&done) && list.contains(&open), "{list}");
    assert!(
        list.contains("resolved") && list.contains("in progress"),
        "{list}"
    );
    // Newest first.
    assert!(list.find(&open) < list.find(&done), "{list}");
    // Where it stands, by the node's title in the chosen language.
    assert!(
        list.contains("Wi-Fi dropped or the router is faulty"),
        "{list}"
    );

    let only_open = text(&run_in(&data, &["--lang", "en", "cases", "--open"]).stdout);
    assert!(
        only_open.contains(&open) && !only_open.contains(&done),
        "{only_open}"
    );
    let found = text(&run_in(&data, &["cases", "--search", &open.to_lowercase()]).stdout);
    assert!(found.contains(&open) && !found.contains(&done), "{found}");
    let later = text(&run_in(&data, &["--lang", "en", "cases", "--since", "2999-01-01"]).stdout);
    assert_eq!(later.trim(), "No cases.");

    let json = run_in(&data, &["cases", "--json"]);
    let all: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1]["code"], done.as_str());
    assert_eq!(all[1]["status"]["status"], "resolved");
    assert_eq!(all[1]["operator"], "ana");

    let show = run_in(
        &data,
        &["--lang", "en", "cases", "show", &done.to_lowercase()],
    );
    assert_eq!(show.status.code(), Some(0), "{}", text(&show.stderr));
    let show = text(&show.stdout);
    assert!(show.starts_with(&format!("Case {done}\n")), "{show}");
    // The same text the TUI's summary copies, in local time.
    assert!(show.contains("Say: "), "{show}");
    assert!(show.contains(" by ana (counter)"), "{show}");
    assert!(show.contains("Status: resolved"), "{show}");
    // Every answer given, in words.
    for answer in [
        "The terminal shows \"no network\"",
        "Wi-Fi, and the Wi-Fi icon is missing",
    ] {
        assert!(show.contains(answer), "{answer} in {show}");
    }
    assert!(show.contains("Steps tried:"), "{show}");
    let open_show = text(&run_in(&data, &["--lang", "en", "cases", "show", &open]).stdout);
    assert!(
        open_show.contains(&format!("posdoc resume {open}")),
        "{open_show}"
    );

    let csv = run_in(&data, &["cases", "export", "--format", "csv"]);
    assert_eq!(csv.status.code(), Some(0));
    let csv = text(&csv.stdout);
    let rows: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 3, "a header row and one line a case: {csv}");
    assert!(
        rows[0].starts_with("code,started_at,ended_at,operator"),
        "{}",
        rows[0]
    );

    let out_file = data.join("export.md");
    let md = run_in(
        &data,
        &[
            "--lang",
            "en",
            "cases",
            "export",
            "--format",
            "md",
            "-o",
            out_file.to_str().unwrap(),
        ],
    );
    assert_eq!(md.status.code(), Some(0), "{}", text(&md.stderr));
    let md = std::fs::read_to_string(&out_file).unwrap();
    assert!(md.contains(&format!("## Case {done}")), "{md}");

    let json = run_in(&data, &["cases", "export", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let events = all[1]["events"].as_array().unwrap();
    assert!(events.len() >= 6, "every move is an event: {events:?}");
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_defused() {
    let data = fresh_data_dir();
    walk_case(
        &data,
        &["--operator", "=HYPERLINK(\"http://x\",\"y\")"],
        "1",
    );
    let csv = text(&run_in(&data, &["cases", "export", "--format", "csv"]).stdout);
    let row = csv.split("\r\n").nth(1).unwrap();
    assert!(
        row.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","),
        "{row}"
    );
}

#[test]
fn an_unknown_code_says_so_and_exits_1() {
    let data = fresh_data_dir();
    for typed in ["ZZZ-ZZZ", "not a code\u{1b}[2J"] {
        let out = run_in(&data, &["--lang", "en", "cases", "show", typed]);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(err.contains("no case has the code"), "{err}");
        assert!(!err.contains('\u{1b}'), "escaped: {err:?}");
    }
    let out = run_in(&data, &["--lang", "en", "cases", "--since", "soon"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn no_save_keeps_nothing() {
    let data = fresh_data_dir();
    let out = run_in(
        &data,
        &["--no-save", "walk", "--lang", "en", "--answers", "1"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !text(&out.stdout).contains("Case "),
        "{}",
        text(&out.stdout)
    );
    assert!(!data.join("cases.db").exists());
}

#[test]
fn an_unwritable_data_dir_is_said_and_the_walk_still_runs() {
    let data = fresh_data_dir();
    std::fs::create_dir_all(data.parent().unwrap()).unwrap();
    std::fs::write(&data, "a file, not a folder").unwrap();
    let out = run_in(&data, &["--lang", "en", "walk", "--answers", "1"]);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(err.contains("cannot create the folder"), "{err}");
    assert!(err.contains("not kept"), "{err}");
    let out = run_in(&data, &["--lang", "en", "cases"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--data-dir"),
        "{}",
        text(&out.stderr)
    );
}

fn config_file(body: &str) -> (PathBuf, PathBuf) {
    let data = fresh_data_dir();
    std::fs::create_dir_all(&data).unwrap();
    let path = data.join("config.toml");
    std::fs::write(&path, body).unwrap();
    (data, path)
}

#[test]
fn the_config_file_is_found_read_and_shown_without_passwords() {
    let (_data, path) = config_file(
        "lang = \"zh\"\noperator = \"desk-3\"\nagent = true\ndatabase_url = \"postgres://ana:hunter2@db.local/posdoc\"\n",
    );
    let config = path.to_str().unwrap();
    let out = run_with_input(
        posdoc()
            .env("POSDOC_CONFIG", config)
            .args(["config", "path"]),
        "",
    );
    assert_eq!(text(&out.stdout).trim(), config);
    let out = run_with_input(
        posdoc()
            .env("POSDOC_CONFIG", config)
            .args(["config", "show"]),
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("operator = desk-3  (from config)"),
        "{shown}"
    );
    assert!(shown.contains("lang = zh"), "{shown}");
    assert!(shown.contains("agent = true"), "{shown}");
    assert!(
        shown.contains("postgres://ana:***@db.local/posdoc"),
        "{shown}"
    );
    assert!(!shown.contains("hunter2"), "{shown}");
    // The flag beats the file.
    let out = run_with_input(
        posdoc().env("POSDOC_CONFIG", config).args([
            "--no-save",
            "--operator",
            "lee",
            "config",
            "show",
        ]),
        "",
    );
    let shown = text(&out.stdout);
    assert!(shown.contains("operator = lee  (from flag)"), "{shown}");
    assert!(shown.contains("--no-save"), "{shown}");
    // The config's language is used when there is no --lang.
    let out = run_with_input(
        posdoc()
            .env("POSDOC_CONFIG", config)
            .args(["--no-save", "walk", "--answers", "1"]),
        "",
    );
    assert!(
        text(&out.stdout).starts_with("发生了什么？"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_broken_config_file_is_a_clear_error_not_a_panic() {
    let (_data, path) = config_file("lang = \"en\"\noperater = \"ana\"\n");
    let out = run_with_input(
        posdoc()
            .env("POSDOC_CONFIG", &path)
            .args(["walk", "--answers", "1"]),
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains(path.to_str().unwrap()), "{err}");
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("operater"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The manual still works.
    let man = run_with_input(posdoc().env("POSDOC_CONFIG", &path).args(["man"]), "");
    assert_eq!(man.status.code(), Some(0));
}
