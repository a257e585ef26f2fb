//! Training as a trainer and trainees meet it: the bundled practice cases,
//! `posdoc train` in line mode, the stored attempts and the report.

mod common;

use common::{posdoc, rules, run_with_input};
use posdoc::rules::Category;
use posdoc::training::{load_bundled, Phase, TrainingSession};
use std::path::PathBuf;
use std::process::Output;

/// A fresh data directory for one test.
fn data_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("posdoc-training-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn train(dir: &PathBuf, args: &[&str], stdin: &str) -> Output {
    run_with_input(
        posdoc()
            .env("POSDOC_DATA_DIR", dir)
            .args(["--lang", "en", "train"])
            .args(args),
        stdin,
    )
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn three_cases_per_category_each_scoring_full_marks_on_its_best_path() {
    let rules = rules();
    let loaded = load_bundled(&rules);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let set = loaded.set.unwrap();
    assert!(set.len() >= 24);
    for c in Category::ALL {
        let n = set.cases.iter().filter(|k| k.category == c).count();
        assert!(n >= 3, "{c}: only {n} practice cases");
    }
    for case in &set.cases {
        let mut t = TrainingSession::new(&rules, case, 0);
        for step in &case.best_path {
            assert_eq!(t.walk().current().node, step.question, "{}", case.id);
            t.answer(step.answer).unwrap();
        }
        assert_eq!(t.phase(), Phase::Remedy, "{}", case.id);
        let score = t.finish(1_000);
        assert_eq!(score.total, 100, "{}: {score:?}", case.id);
        // Every story is told in both languages, with no sign-up links.
        for lang in [posdoc::rules::Lang::Zh, posdoc::rules::Lang::En] {
            let story = case.story.get(lang);
            assert!(!story.is_empty() && !story.contains("http"), "{}", case.id);
        }
    }
    // Cases where charging again would charge twice carry traps.
    assert!(set.cases.iter().filter(|c| !c.traps.is_empty()).count() >= 10);
}

#[test]
fn check_counts_the_practice_cases() {
    let out = posdoc().args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out)
            .contains("ok: 20 files, 151 nodes, 77 response codes, 24 practice cases, 0 warnings"),
        "{}",
        stdout(&out)
    );
    let out = posdoc().args(["check", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["practice_cases"], 24);
    assert_eq!(v["practice_files"], 8);
}

#[test]
fn two_trainees_one_takes_a_trap_and_the_report_shows_both() {
    let dir = data_dir("report");
    let timeout = "network.timeout_already_paid";
    let renewal = "renewal.paid_still_suspended";
    // Li: the record shows success, and Li says so.
    let li = train(
        &dir,
        &["--case", timeout, "--trainee", "Li", "--answers", "1,2,1"],
        "",
    );
    assert_eq!(
        li.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&li.stderr)
    );
    assert!(stdout(&li).contains("Score: 100/100"), "{}", stdout(&li));
    // Wang reports the sale as reversed and redoes it: the trap.
    let wang = train(
        &dir,
        &[
            "--case",
            timeout,
            "--trainee",
            "Wang",
            "--answers",
            "1,2,3,n",
        ],
        "",
    );
    let said = stdout(&wang);
    assert!(said.contains("Score: 40/100"), "{said}");
    assert!(said.contains("!! A trap was taken"), "{said}");
    assert!(said.contains("!! network.timeout step 4:"), "{said}");
    assert!(
        said.contains("you reported \"Shown as reversed\""),
        "{said}"
    );
    for who in ["Li", "Wang"] {
        let o = train(
            &dir,
            &["--case", renewal, "--trainee", who, "--answers", "7,1"],
            "",
        );
        assert!(stdout(&o).contains("Score: 100/100"), "{}", stdout(&o));
    }

    let md = train(&dir, &["report", "--format", "md"], "");
    assert_eq!(md.status.code(), Some(0));
    let md = stdout(&md);
    assert!(md.starts_with("# Training report"), "{md}");
    assert!(
        md.contains("## Trainee: Li") && md.contains("## Trainee: Wang"),
        "{md}"
    );
    assert!(
        md.contains("network.timeout step 4 (network.timeout_already_paid)"),
        "{md}"
    );
    // Wang's weakest category is the network: first in Wang's table.
    let wang_part = &md[md.find("## Trainee: Wang").unwrap()..];
    let first_row = wang_part
        .lines()
        .skip_while(|l| !l.starts_with("| Category"))
        .nth(2)
        .unwrap();
    assert!(first_row.starts_with("| Network | 1 | 40 |"), "{first_row}");

    let json = train(&dir, &["report", "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["trainees"].as_array().unwrap().len(), 2);
    assert_eq!(v["trainees"][1]["trainee"], "Wang");
    assert_eq!(v["trainees"][1]["categories"][0]["category"], "network");
    assert_eq!(v["trainees"][1]["totals"]["traps"], 1);
    assert_eq!(v["categories"][0]["category"], "network");

    let one = train(&dir, &["report", "--format", "csv", "--trainee", "li"], "");
    let csv = stdout(&one);
    assert!(csv.starts_with("level,trainee,"), "{csv}");
    assert!(!csv.contains("Wang"), "{csv}");
    assert!(
        csv.contains("trainee_case,Li,network,network.timeout_already_paid,1,100"),
        "{csv}"
    );

    let later = train(&dir, &["report", "--since", "2999-01-01"], "");
    assert!(stdout(&later).contains("No attempts recorded yet."));
    let bad = train(&dir, &["report", "--since", "last week"], "");
    assert_eq!(bad.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn line_mode_reads_stdin_and_asking_the_customer_reveals_the_fact() {
    let dir = data_dir("stdin");
    let o = train(
        &dir,
        &["--case", "network.weak_signal_basement"],
        "a\n1\n9\n1\na\n2\n",
    );
    assert_eq!(o.status.code(), Some(0));
    let said = stdout(&o);
    assert!(
        said.contains("The customer says:\n  My shop is on the basement floor"),
        "{said}"
    );
    assert!(said.contains("That is answer 1."), "{said}");
    assert!(said.contains("\"9\" is not a choice here."), "{said}");
    assert!(
        said.contains("The customer says: It uses a SIM card"),
        "{said}"
    );
    assert!(
        said.contains("You committed to: The wireless signal is too weak"),
        "{said}"
    );
    assert!(said.contains("Not saved (no --trainee given)."), "{said}");
    assert!(!dir.join("training-attempts.jsonl").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn diagnoses_stay_hidden_until_committed() {
    let dir = data_dir("hidden");
    let o = train(
        &dir,
        &["--case", "network.weak_signal_basement", "--answers", "1,1"],
        "",
    );
    let said = stdout(&o);
    let before_score = &said[..said.find("Score:").unwrap()];
    assert!(
        !before_score.contains("The wireless signal is too weak"),
        "{said}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn json_gives_the_score_its_parts_and_the_feedback() {
    let dir = data_dir("json");
    let o = train(
        &dir,
        &[
            "--case",
            "unsigned_power_off.power_cut_mid_sale",
            "--trainee",
            "Zhao",
            "--json",
            "--answers",
            "3,b,2,1,1,1",
        ],
        "",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["right"], true);
    assert_eq!(v["keys"], 6);
    assert_eq!(v["par"], 4);
    assert_eq!(v["backtracks"], 1);
    assert_eq!(v["parts"]["diagnosis"]["points"], 40);
    assert_eq!(v["feedback"]["wrong_turns"][0]["question"], "start");
    assert!(v["feedback"]["wrong_turns"][0]["why"]["en"].is_string());
    assert_eq!(v["feedback"]["trainee_path"][0]["undone"], true);
    assert!(v["saved"]
        .as_str()
        .unwrap()
        .ends_with("training-attempts.jsonl"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn refusals_say_why_with_the_usual_exit_codes() {
    let dir = data_dir("refusals");
    let o = train(&dir, &[], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--case"));
    let o = train(&dir, &["--case", "no.such.case"], "");
    assert_eq!(o.status.code(), Some(2));
    let o = train(
        &dir,
        &["--case", "network.weak_signal_basement", "--answers", "1,x"],
        "",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("choice 2 (\"x\")"));
    let o = train(&dir, &["--list", "--category", "networks"], "");
    assert_eq!(o.status.code(), Some(2));
    let o = train(
        &dir,
        &["--list", "--category", "renewal", "--difficulty", "3"],
        "",
    );
    assert_eq!(stdout(&o).lines().count(), 2, "{}", stdout(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_formula_in_a_trainee_name_is_defused_in_csv() {
    let dir = data_dir("csv");
    train(
        &dir,
        &[
            "--case",
            "account.frozen_notice",
            "--trainee",
            "=HYPERLINK(\"x\")",
            "--answers",
            "9,1",
        ],
        "",
    );
    let csv = stdout(&train(&dir, &["report", "--format", "csv"], ""));
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    std::fs::remove_dir_all(&dir).unwrap();
}
