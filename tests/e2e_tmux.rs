//! End to end: the real binary in a real terminal (tmux, 80x24). Drives a
//! whole "no network" case, goes back, switches language, finishes,
//! quits, and checks the terminal is back in cooked mode with the
//! alternate screen and mouse capture gone. Also: SIGTERM restores the
//! terminal, `kill -TSTP` then `fg` gives it back and takes it again, and
//! the time to the first frame is measured.
//!
//! Skipped, with a notice, when tmux is not installed.

#[path = "common/tmux.rs"]
mod tmux;

use std::process::Command;
use std::time::Duration;
use tmux::{Tmux, BIN};

/// The words each language shows at the points the case checks.
struct Words {
    flag: &'static str,
    start: &'static str,
    question2: &'static str,
    diagnosis: &'static str,
    step: fn(usize) -> String,
    handed_over: &'static str,
    have_ready: &'static str,
    confirm_quit: &'static str,
}

const EN: Words = Words {
    flag: "en",
    start: "What happened?",
    question2: "Question 2",
    diagnosis: "Diagnosis",
    step: |n| format!("Step {n} of"),
    handed_over: "Hand over to",
    have_ready: "Have ready",
    confirm_quit: "Quit posdoc?",
};

const ZH: Words = Words {
    flag: "zh",
    start: "发生了什么？",
    question2: "问题 2",
    diagnosis: "诊断",
    step: |n| format!("第 {n} 步"),
    handed_over: "转交给",
    have_ready: "请准备好",
    confirm_quit: "退出 posdoc 吗",
};

/// From the start screen to a diagnosis for "no network" (a weak SIM signal) in a few keys,
/// two steps not fixed, back two steps, switch language, finish the steps,
/// quit, and the shell is clean.
fn no_network_case(name: &str, first: &Words, second: &Words) {
    let Some(t) = Tmux::start(name, &[]) else {
        return;
    };
    t.line(&format!("{BIN} --lang {}", first.flag));
    t.wait_for(first.start, "the start screen");
    // Start answer 1: the terminal shows no network.
    t.keys(&["1"]);
    t.wait_for(first.question2, "the network question");
    // "No network", then "SIM card, weak signal": a diagnosis whose steps
    // are all actions, which ask "fixed?". At most six keys in all.
    let mut keys = 1;
    for key in ["1", "2"] {
        if t.screen().contains(first.diagnosis) {
            break;
        }
        t.keys(&[key]);
        keys += 1;
        std::thread::sleep(Duration::from_millis(150));
    }
    let s = t.wait_for(first.diagnosis, "a diagnosis");
    assert!(keys <= 6, "{keys} keys to a diagnosis");
    assert!(s.contains(&(first.step)(1)), "{s}");
    // Two steps not fixed, then back two steps.
    t.keys(&["n"]);
    t.wait_for(&(first.step)(2), "step 2");
    t.keys(&["2"]);
    t.wait_for(&(first.step)(3), "step 3");
    t.keys(&["b"]);
    t.wait_for(&(first.step)(2), "back to step 2");
    t.keys(&["BSpace"]);
    let s = t.wait_for(&(first.step)(1), "back to step 1");
    assert!(s.contains(" >  1."), "current step marker:\n{s}");
    // Switch language: the same point, in the other language.
    t.keys(&["l"]);
    let s = t.wait_for(&(second.step)(1), "the same step in the other language");
    assert!(s.contains(second.diagnosis), "{s}");
    // Finish the steps: none fixes it, so it is handed over.
    for _ in 0..12 {
        if t.screen().contains(second.handed_over) {
            break;
        }
        t.keys(&["n"]);
        std::thread::sleep(Duration::from_millis(100));
    }
    let s = t.wait_for(second.handed_over, "the escalation");
    assert!(s.contains(second.have_ready), "have-ready list:\n{s}");
    // Quit: the case has ended (handed over), so it does not ask.
    t.keys(&["q"]);
    t.wait_for("$", "the shell again");
    assert!(!t.screen().contains(second.confirm_quit), "{}", t.screen());
    t.assert_restored();
}

const ZH_HANT: Words = Words {
    flag: "zh-Hant",
    start: "發生了什麼？",
    question2: "問題 2",
    diagnosis: "診斷",
    step: |n| format!("第 {n} 步"),
    handed_over: "轉交給",
    have_ready: "請準備好",
    confirm_quit: "退出 posdoc 嗎",
};

/// `l` cycles English → traditional → simplified Chinese → English.
#[test]
fn whole_no_network_case_in_tmux() {
    no_network_case("case", &EN, &ZH_HANT);
}

#[test]
fn whole_no_network_case_in_tmux_from_chinese() {
    no_network_case("casezh", &ZH, &EN);
}

#[test]
fn sigterm_restores_the_terminal() {
    let Some(t) = Tmux::start("term", &[]) else {
        return;
    };
    t.line(&format!("{BIN} --lang en"));
    t.wait_for("What happened?", "the start screen");
    t.keys(&["1"]);
    t.wait_for("Question 2", "the network question");
    let pid = t.posdoc_pid();
    let out = Command::new("kill").args(["-TERM", &pid]).status();
    assert!(
        out.is_ok_and(|s| s.success()),
        "could not signal posdoc ({pid})"
    );
    // Wait for it to exit before typing, so the shell (not posdoc) reads the line.
    t.wait_posdoc_gone();
    t.line("echo EXIT=$?");
    t.wait_for("EXIT=143", "exit status 128+15");
    t.assert_restored();
}

/// `kill -TSTP` from outside gives the terminal back before stopping (cooked
/// mode, main screen, no mouse capture); `fg` takes it again (raw mode,
/// alternate screen, mouse capture) on the same point, and the case goes on
/// to a quit question in words.
#[test]
fn external_tstp_restores_and_fg_resumes() {
    let Some(t) = Tmux::start("tstp", &[]) else {
        return;
    };
    t.line(&format!("{BIN} --lang en"));
    t.wait_for("What happened?", "the start screen");
    t.keys(&["1"]);
    t.wait_for("Question 2", "the network question");
    assert_eq!(t.format("#{alternate_on}"), "1");
    let pid = t.posdoc_pid();
    let ok = Command::new("kill")
        .args(["-TSTP", &pid])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "could not signal posdoc ({pid})");
    t.wait_for("Stopped", "the shell's job report");
    t.assert_restored();
    t.line("fg");
    t.wait_for("Question 2", "the same point after fg");
    assert_eq!(
        t.format("#{alternate_on}"),
        "1",
        "alternate screen after fg"
    );
    assert_eq!(t.format("#{mouse_any_flag}"), "1", "mouse capture after fg");
    // Ctrl-Z does the same from inside.
    t.keys(&["C-z"]);
    t.wait_for("posdoc is paused", "the pause notice");
    t.wait_for("Stopped", "the shell's job report after Ctrl-Z");
    t.assert_restored();
    t.line("fg");
    t.wait_for("Question 2", "the same point after the second fg");
    assert_eq!(
        t.format("#{alternate_on}"),
        "1",
        "alternate screen after fg"
    );
    // Raw mode: a single key acts at once, without Enter.
    t.keys(&["q"]);
    let s = t.wait_for("Quit posdoc?", "the quit question");
    assert!(s.contains("y: quit"), "{s}");
    t.keys(&["y"]);
    t.wait_for("$", "the shell again");
    t.assert_restored();
}

/// A paste arrives in one piece (bracketed paste): on the start screen it
/// answers nothing; in the search box it is the query, card number masked.
#[test]
fn a_paste_is_one_piece() {
    let Some(t) = Tmux::start("paste", &[]) else {
        return;
    };
    t.line(&format!("{BIN} --lang en"));
    t.wait_for("What happened?", "the start screen");
    let paste = |text: &str| {
        t.cmd(&["set-buffer", "-b", "e2e", text]);
        t.cmd(&["paste-buffer", "-p", "-d", "-b", "e2e", "-t", "e2e"]);
        std::thread::sleep(Duration::from_millis(200));
    };
    paste("1");
    std::thread::sleep(Duration::from_millis(300));
    assert!(t.screen().contains("What happened?"), "{}", t.screen());
    t.keys(&["/"]);
    t.wait_for("Search: ", "the search box");
    paste("4111 1111 1111 1111 51");
    let s = t.wait_for(" 51", "the pasted query");
    assert!(
        !s.contains("4111 1111 1111 1111"),
        "card number shown:\n{s}"
    );
    t.keys(&["Escape"]);
    t.wait_for("What happened?", "the start screen again");
    t.keys(&["q"]);
    t.wait_for("$", "the shell again");
    t.assert_restored();
}

#[test]
fn start_to_first_frame() {
    let Some(t) = Tmux::start("first", &[]) else {
        return;
    };
    let out = std::env::temp_dir().join(format!("posdoc-first-frame-{}", std::process::id()));
    let runs = 10;
    // POSDOC_BIN=target/release/posdoc measures a release build.
    let bin = std::env::var("POSDOC_BIN").unwrap_or_else(|_| BIN.to_string());
    t.line(&format!(
        "s=$(date +%s%N); for i in $(seq {runs}); do POSDOC_EXIT_AFTER_FIRST_FRAME=1 {bin} --lang en || echo FAIL; done; e=$(date +%s%N); echo $(( (e - s) / {runs} / 1000 )) > {}; echo DONE-$((6*7))",
        out.display()
    ));
    t.wait_for("DONE-42", "the timing loop");
    let s = t.screen();
    assert!(!s.lines().any(|l| l.trim() == "FAIL"), "{s}");
    let us: u64 = std::fs::read_to_string(&out)
        .expect("timing file")
        .trim()
        .parse()
        .expect("a number");
    let _ = std::fs::remove_file(&out);
    eprintln!(
        "start to first frame: {:.1} ms (mean of {runs} runs of {bin})",
        us as f64 / 1000.0
    );
    t.assert_restored();
}
