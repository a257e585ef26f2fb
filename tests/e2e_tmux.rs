//! End to end: the real binary in a real terminal (tmux, 80x24). Drives a
//! whole "no network" case, goes back, switches language, finishes,
//! quits, and checks the terminal is back in cooked mode with the
//! alternate screen and mouse capture gone. Also: SIGTERM restores the
//! terminal, `kill -TSTP` then `fg` gives it back and takes it again, and
//! the time to the first frame is measured.
//!
//! Skipped, with a notice, when tmux is not installed.

use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_posdoc");

struct Tmux {
    sock: String,
}

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Tmux {
    fn start(name: &str) -> Option<Tmux> {
        if !have_tmux() {
            eprintln!("NOTICE: tmux is not installed; skipping the end-to-end test {name}");
            return None;
        }
        let t = Tmux {
            sock: format!("posdoc-e2e-{}-{name}", std::process::id()),
        };
        // Cases go to a folder of this test's, never the user's data folder,
        // and no config file of the user's applies.
        let data = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(&t.sock);
        let _ = std::fs::remove_dir_all(&data);
        let data_env = format!("POSDOC_DATA_DIR={}", data.display());
        let config_env = format!("POSDOC_CONFIG={}", data.join("no-config.toml").display());
        let ok = Command::new("tmux")
            .args([
                "-L",
                &t.sock,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "80",
                "-y",
                "24",
            ])
            .args([
                "-s",
                "e2e",
                "env",
                "PS1=$ ",
                "TERM=xterm-256color",
                "LANG=C.UTF-8",
                &data_env,
                &config_env,
            ])
            .args(["bash", "--norc", "--noprofile"])
            .status()
            .expect("run tmux")
            .success();
        assert!(ok, "tmux new-session failed");
        t.wait_for("$", "the shell prompt");
        Some(t)
    }

    fn cmd(&self, args: &[&str]) -> String {
        let o = Command::new("tmux")
            .args(["-L", &self.sock])
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", "e2e"])
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.cmd(&["send-keys", "-t", "e2e", k]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn line(&self, text: &str) {
        self.cmd(&["send-keys", "-t", "e2e", "-l", text]);
        self.cmd(&["send-keys", "-t", "e2e", "Enter"]);
    }

    fn wait_for(&self, needle: &str, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            assert!(
                start.elapsed() <= Duration::from_secs(10),
                "timed out waiting for {what} ({needle:?}); screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn format(&self, f: &str) -> String {
        self.cmd(&["display-message", "-p", "-t", "e2e", f])
            .trim()
            .to_string()
    }

    /// After posdoc has exited: cooked mode, main screen, no mouse capture.
    fn assert_restored(&self) {
        self.line("clear; stty -a | tr ';' '\\n' | tr ' ' '\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo STTY-$((6*7))");
        // The marker is computed, so the command line itself never matches.
        let s = self.wait_for("STTY-42", "stty output");
        let last = s
            .lines()
            .rfind(|l| l.contains("STTY-42"))
            .unwrap_or_default()
            .to_string();
        assert!(
            last.contains("icanon") && !last.contains("-icanon"),
            "not in canonical mode: {last}"
        );
        assert!(
            last.split_whitespace().any(|w| w == "echo"),
            "echo is off: {last}"
        );
        assert_eq!(
            self.format("#{alternate_on}"),
            "0",
            "still on the alternate screen"
        );
        assert_eq!(
            self.format("#{mouse_any_flag}"),
            "0",
            "mouse capture still on"
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.sock, "kill-server"])
            .status();
    }
}

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
    let Some(t) = Tmux::start(name) else { return };
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
    let Some(t) = Tmux::start("term") else { return };
    t.line(&format!("{BIN} --lang en"));
    t.wait_for("What happened?", "the start screen");
    t.keys(&["1"]);
    t.wait_for("Question 2", "the network question");
    let pane_pid = t.format("#{pane_pid}");
    let out = Command::new("pkill")
        .args(["-TERM", "-P", &pane_pid, "-x", "posdoc"])
        .status();
    assert!(
        out.is_ok_and(|s| s.success()),
        "could not signal posdoc (child of pane {pane_pid})"
    );
    // Wait for it to exit before typing, so the shell (not posdoc) reads the line.
    let start = Instant::now();
    while Command::new("pgrep")
        .args(["-P", &pane_pid, "-x", "posdoc"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        assert!(
            start.elapsed() <= Duration::from_secs(10),
            "posdoc did not exit after SIGTERM:\n{}",
            t.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    t.line("echo EXIT=$?");
    t.wait_for("EXIT=143", "exit status 128+15");
    t.assert_restored();
}

/// The posdoc process in the pane, by its parent (the pane's shell).
fn posdoc_pid(t: &Tmux) -> String {
    let pane_pid = t.format("#{pane_pid}");
    let o = Command::new("pgrep")
        .args(["-P", &pane_pid, "-x", "posdoc"])
        .output()
        .expect("run pgrep");
    let pid = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert!(!pid.is_empty(), "no posdoc under pane {pane_pid}");
    pid
}

/// `kill -TSTP` from outside gives the terminal back before stopping (cooked
/// mode, main screen, no mouse capture); `fg` takes it again (raw mode,
/// alternate screen, mouse capture) on the same point, and the case goes on
/// to a quit question in words.
#[test]
fn external_tstp_restores_and_fg_resumes() {
    let Some(t) = Tmux::start("tstp") else { return };
    t.line(&format!("{BIN} --lang en"));
    t.wait_for("What happened?", "the start screen");
    t.keys(&["1"]);
    t.wait_for("Question 2", "the network question");
    assert_eq!(t.format("#{alternate_on}"), "1");
    let pid = posdoc_pid(&t);
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
    let Some(t) = Tmux::start("paste") else {
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
    let Some(t) = Tmux::start("first") else {
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
