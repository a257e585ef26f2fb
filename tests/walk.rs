//! `posdoc walk`, driven as a script or a pipe would drive it.

mod common;

use common::{posdoc, run_with_input};
use std::process::{Output, Stdio};

/// A walk that keeps no case, so its output starts with the walk itself
/// (the case line is tested in walk_golden and cases_cli).
fn walk(args: &[&str], stdin: &str) -> Output {
    run_with_input(posdoc().args(["walk", "--no-save"]).args(args), stdin)
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn no_network_reaches_a_network_diagnosis_in_both_languages() {
    for lang in ["en", "zh"] {
        let out = walk(&["--lang", lang, "--json", "--answers", "1,1,1"], "");
        assert_eq!(out.status.code(), Some(0));
        let lines = json_lines(&out);
        let kinds: Vec<&str> = lines[..lines.len() - 1]
            .iter()
            .map(|l| l["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["question", "question", "question", "diagnosis"]);
        let diag = &lines[3];
        assert_eq!(diag["category"], "network");
        assert!(diag["steps"].as_array().unwrap().len() >= 2);
        for step in diag["steps"].as_array().unwrap() {
            assert!(step["who"].is_string() && step["minutes"].is_u64());
        }
        let last = lines.last().unwrap();
        assert_eq!(last["outcome"]["status"], "in_progress");
        assert_eq!(last["diagnosis"]["category"], "network");
    }
}

#[test]
fn power_off_shows_the_do_not_charge_warning_first() {
    let out = walk(&["--lang", "en", "--answers", "2"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    let after_start = text.split("\n\n").nth(1).unwrap();
    let first = after_start.lines().next().unwrap();
    assert!(first.starts_with("!! DO NOT CHARGE AGAIN: "), "{first}");
    assert!(first.contains("Do not charge the card again"), "{first}");

    let out = walk(&["--lang", "zh", "--json", "--answers", "2"], "");
    let lines = json_lines(&out);
    let node = &lines[1];
    assert_eq!(node["charge_outcome"], "unknown");
    assert_eq!(node["warnings"][0]["kind"], "money_safety");
    assert!(node["warnings"][0]["text"]
        .as_str()
        .unwrap()
        .contains("不要再刷"));
}

#[test]
fn the_hand_over_after_an_unknown_outcome_keeps_the_do_not_charge_warning() {
    // Power off, record says "reversal failed", no step fixes it: the case
    // is handed over while nobody knows whether the card was charged.
    let script = "2,1,1,5,n,n,n,n";
    let out = walk(&["--lang", "en", "--answers", script], "");
    let text = String::from_utf8_lossy(&out.stdout);
    let hand_over = text
        .split("\n\n")
        .find(|point| point.contains("Hand over: "))
        .unwrap_or_else(|| panic!("no hand-over in:\n{text}"));
    let first = hand_over.lines().next().unwrap();
    assert!(first.starts_with("!! DO NOT CHARGE AGAIN: "), "{first}");

    let out = walk(&["--lang", "zh", "--json", "--answers", script], "");
    let lines = json_lines(&out);
    let escalation = lines
        .iter()
        .find(|l| l["kind"] == "escalation")
        .expect("an escalation line");
    assert_eq!(escalation["warnings"][0]["kind"], "money_safety");
}

#[test]
fn a_whole_walk_ends_in_resolved_or_escalation() {
    // Say "not fixed" to every step: it must end in an escalation that says
    // whom to contact and what to have ready.
    let mut answers = vec!["1", "1", "1"];
    answers.extend(std::iter::repeat_n("2", 12));
    let out = walk(
        &["--lang", "en", "--json", "--answers", &answers.join(",")],
        "",
    );
    let lines = json_lines(&out);
    let last = lines.last().unwrap();
    assert_eq!(last["outcome"]["status"], "escalated", "{last}");
    assert!(last["outcome"]["contact"].is_string());
    let ready: Vec<&str> = last["outcome"]["have_ready"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(ready.iter().any(|r| r.contains("Terminal ID")), "{ready:?}");
    assert!(!last["steps_tried"].as_array().unwrap().is_empty());

    // The first step is a check: "the phone can't get online either" leads
    // to the second step, and "fixed" there resolves it.
    let out = walk(&["--lang", "en", "--json", "--answers", "1,1,1,1,1"], "");
    let last = json_lines(&out).pop().unwrap();
    assert_eq!(last["outcome"]["status"], "resolved");
    assert_eq!(last["outcome"]["fixed_by_step"], 2);
}

#[test]
fn a_bad_scripted_choice_fails_naming_the_step() {
    let out = walk(&["--lang", "en", "--answers", "1,42"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--answers, choice 2 (\"42\"): there is no answer 42; choose 1 to"),
        "{err}"
    );
    let out = walk(&["--lang", "en", "--answers", "b"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("choice 1 (\"b\")"));
}

#[test]
fn interactive_input_reasks_and_goes_back() {
    // 0 and text are refused with a clear message, "b" goes back, the card
    // number typed by mistake is never echoed whole.
    let out = walk(&["--lang", "en"], "0\n6222021234567890123\n1\nb\n1\n1\n");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text.contains("\"0\" is not a choice here. Type a number from 1 to 9"),
        "{text}"
    );
    assert!(
        text.contains("\"***************0123\" is not a choice here"),
        "{text}"
    );
    assert!(!text.contains("6222021234567890123"));
    // Start, network question, back to start, network question, next question.
    assert_eq!(text.matches("What happened?").count(), 2 + 1, "{text}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Input ended before the case was finished")
    );
}

#[test]
fn full_width_digits_and_capitals_are_read_as_what_they_look_like() {
    // What a Chinese input method and Caps Lock type: the same walk as
    // "1,1,1", then back and quit.
    let half = walk(&["--lang", "zh", "--json", "--answers", "1,1,1"], "");
    let typed = walk(
        &["--lang", "zh", "--json"],
        "１\n１\n\u{3000}１\u{3000}\nＢ\nＱ\n",
    );
    assert_eq!(typed.status.code(), Some(0));
    let (half, typed) = (json_lines(&half), json_lines(&typed));
    assert_eq!(
        typed[3]["id"], half[3]["id"],
        "full-width digits chose differently"
    );
    assert_eq!(typed[3]["kind"], "diagnosis");
    // Ｂ went back to the question before the diagnosis, Ｑ quit there.
    let last = typed.last().unwrap();
    assert_eq!(typed[4]["id"], half[2]["id"]);
    assert_eq!(last["outcome"]["status"], "in_progress", "{last}");

    let caps = walk(&["--lang", "en", "--answers", "1,B,Q"], "");
    assert_eq!(caps.status.code(), Some(0));
    let text = String::from_utf8_lossy(&caps.stdout);
    assert_eq!(text.matches("What happened?").count(), 2 + 1, "{text}");
    assert!(String::from_utf8_lossy(&caps.stderr).contains("Stopped before the end"));

    let code = walk(
        &["--lang", "en", "--json", "--code", "Ａ０", "--answers", "q"],
        "",
    );
    assert_eq!(code.status.code(), Some(0));
    let first = &json_lines(&code)[0];
    assert!(
        first["codes"].as_array().unwrap().contains(&"A0".into()),
        "{first}"
    );
}

#[test]
fn response_code_starts_at_its_node() {
    let out = walk(
        &[
            "--lang",
            "en",
            "--json",
            "--code",
            "a0",
            "--answers",
            "3,2,2,2,2",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    assert!(lines[0]["codes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "A0"));
    let out = walk(&["--lang", "en", "--code", "5"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Response code 05:"), "{text}");
    let out = walk(&["--lang", "en", "--code", "ZZ"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("There is no response code \"ZZ\""));
}

#[test]
fn export_writes_the_whole_tree_as_json() {
    let out = posdoc()
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "posdoc-rules");
    assert_eq!(v["rules"]["start"], "start");
    let nodes = v["rules"]["nodes"].as_array().unwrap();
    assert!(nodes.len() > 100);
    for n in nodes {
        assert!(n["id"].is_string() && n["kind"].is_string() && n["category"].is_string());
    }
    let codes = v["rules"]["codes"].as_array().unwrap();
    assert!(codes.iter().any(|c| c["code"] == "51"));
}

/// `posdoc walk` with only a locale to go by: LANG set, LC_ALL and
/// LC_MESSAGES cleared so they cannot win.
fn walk_in_locale(locale: &str, args: &[&str]) -> Output {
    posdoc()
        .args(["walk", "--no-save"])
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", locale)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn traditional_chinese_from_the_flag_or_a_taiwan_or_hong_kong_locale() {
    let out = walk(&["--lang", "zh-Hant", "--answers", "1,1,1"], "");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    // The start question, converted from its simplified text.
    assert!(text.starts_with("發生了什麼？\n"), "{text}");
    assert!(
        text.contains("請選擇") || text.contains("處理步驟"),
        "{text}"
    );
    assert!(!text.contains("处理步骤"), "no simplified UI text: {text}");
    for spelled in ["zh-hant", "ZH-TW", "zh_HK", "zh-hk", "zh_tw"] {
        let again = walk(&["--lang", spelled, "--answers", "1,1,1"], "");
        assert_eq!(again.stdout, out.stdout, "--lang {spelled}");
    }
    for locale in ["zh_TW.UTF-8", "zh_HK.UTF-8", "zh_MO"] {
        let by_locale = walk_in_locale(locale, &["--answers", "1,1,1"]);
        assert_eq!(by_locale.stdout, out.stdout, "LANG={locale}");
    }
    let simplified = walk_in_locale("zh_CN.UTF-8", &["--answers", "1,1,1"]);
    assert!(String::from_utf8_lossy(&simplified.stdout).starts_with("发生了什么？\n"));
}

#[test]
fn refusals_are_in_the_users_language() {
    for (lang, want) in [
        ("en", "there is no answer 42; choose 1 to"),
        ("zh", "没有第 42 个答案；请选择 1 到"),
        ("zh-Hant", "沒有第 42 個答案；請選擇 1 到"),
    ] {
        let out = walk(&["--lang", lang, "--answers", "1,42"], "");
        assert_eq!(out.status.code(), Some(1), "{lang}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{lang}: {err}");
    }
    for (lang, want) in [
        ("en", "choose 1 to"),
        ("zh", "请选择 1 到"),
        ("zh-Hant", "請選擇 1 到"),
    ] {
        let out = walk(&["--lang", lang, "--answers", "1,x"], "");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{lang}: {err}");
    }
    // At a check: what it showed.
    let out = walk(&["--lang", "zh", "--answers", "1,1,1,maybe"], "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("请选择 1 到 2：查到的结果"), "{err}");
    let out = walk(&["--lang", "en", "--answers", "1,1,1,3"], "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("there is no finding 3; choose 1 to 2"),
        "{err}"
    );
    // At an action: fixed or not.
    let out = walk(&["--lang", "zh", "--answers", "1,1,1,1,maybe"], "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("请回答 1（解决了）或 2（没解决）"), "{err}");
}

#[test]
fn a_wait_says_how_long_and_enter_goes_on() {
    // Network → "automatic reversal": the first step waits for it.
    let out = walk(&["--lang", "en"], "1\n3\n\nq\n");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Wait about 2 min, then go on."), "{text}");
    assert!(text.contains("Enter or 1 when the wait is over"), "{text}");
    assert!(text.contains("Step 2 of 4: "), "{text}");
    assert!(text.contains("-> Waited"), "{text}");
    // In JSON the wait is a step of kind "wait", and "1" goes on too.
    let out = walk(&["--lang", "en", "--json", "--answers", "1,3,1"], "");
    let lines = json_lines(&out);
    let diagnosis = &lines[2];
    assert_eq!(diagnosis["steps"][0]["kind"], "wait");
    assert_eq!(diagnosis["steps"][2]["kind"], "check");
    assert_eq!(lines[3]["current_step"], 2);
    assert_eq!(lines[3]["via"]["type"], "waited");
}

#[test]
fn a_check_offers_what_it_can_find_and_each_leads_on() {
    // Timeout: the first step looks the sale up; "reversal failed" leads to
    // another diagnosis, not to "did this fix it?".
    let out = walk(&["--lang", "en", "--json", "--answers", "1,2,4"], "");
    let lines = json_lines(&out);
    let timeout = &lines[2];
    assert_eq!(timeout["id"], "network.timeout");
    let found = timeout["steps"][0]["found"].as_array().unwrap();
    assert_eq!(found[3]["next"], "network.reversal_failed");
    assert_eq!(found[1]["step"], 2);
    assert_eq!(lines[3]["id"], "network.reversal_failed");
    assert_eq!(lines[3]["via"]["type"], "found");
    let last = lines.last().unwrap();
    assert_eq!(last["steps_tried"][0]["found"]["n"], 4);
    // "Shown as reversed" goes straight to the redo at step 4: steps 2 and
    // 3 are marked as passed over, not as tried.
    let out = walk(&["--lang", "en", "--answers", "1,2,3"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    let last_point = text.rsplit("What to do:").next().unwrap();
    assert!(last_point.contains("  [-] 1. "), "{last_point}");
    assert!(last_point.contains("  [ ] 2. "), "{last_point}");
    assert!(last_point.contains("  [ ] 3. "), "{last_point}");
    assert!(last_point.contains("   >  4. "), "{last_point}");
}
