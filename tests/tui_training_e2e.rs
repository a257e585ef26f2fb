//! End to end: `posdoc train --case ID --trainee T` in a real terminal
//! (tmux, 80x24) through to the score, with a data directory of its own;
//! the attempt must be in the attempts file afterwards, and the terminal
//! restored. Skipped, with a notice, when tmux is not installed.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_posdoc");
const CASE: &str = "network.weak_signal_basement";

struct Tmux {
    sock: String,
}

impl Tmux {
    fn start(name: &str, data_dir: &str) -> Option<Tmux> {
        let have = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !have {
            eprintln!("NOTICE: tmux is not installed; skipping the end-to-end test {name}");
            return None;
        }
        let t = Tmux {
            sock: format!("posdoc-e2e-train-{}-{name}", std::process::id()),
        };
        let ok = Command::new("tmux")
            .args(["-L", &t.sock, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", "80", "-y", "24", "-s", "e2e", "env", "PS1=$ "])
            .args(["TERM=xterm-256color", "LANG=C.UTF-8"])
            .arg(format!("POSDOC_DATA_DIR={data_dir}"))
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
            std::thread::sleep(Duration::from_millis(80));
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
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.sock, "kill-server"])
            .status();
    }
}

/// A data directory of the test's own, removed afterwards.
struct DataDir(PathBuf);

impl DataDir {
    fn new(name: &str) -> DataDir {
        let dir =
            std::env::temp_dir().join(format!("posdoc-train-e2e-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        DataDir(dir)
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_practice_case_is_scored_and_stored() {
    let data = DataDir::new("score");
    let Some(t) = Tmux::start("score", data.0.to_str().unwrap()) else {
        return;
    };
    t.line(&format!(
        "{BIN} --lang en train --case {CASE} --trainee 'Li Na'"
    ));
    t.wait_for("The customer says", "the story");
    t.wait_for("What happened?", "the first question");
    // Ask the customer, then the best path: no network, "no network",
    // SIM card with one bar: the trainee commits to the weak signal.
    t.keys(&["a"]);
    t.wait_for("You ask; the customer says", "the customer's answer");
    t.keys(&["1"]);
    t.wait_for("Question 2", "the network question");
    t.keys(&["1"]);
    t.wait_for("Question 3", "how the terminal gets online");
    t.keys(&["2"]);
    t.wait_for("Likely cause", "the committed diagnosis");
    // Going back past the commitment is refused, then stop for the score.
    t.keys(&["b"]);
    t.wait_for("no going back past it", "the refusal");
    t.keys(&["x"]);
    let score = t.wait_for("Score:", "the score");
    assert!(score.contains("Right diagnosis"), "{score}");
    t.wait_for("saved for the trainer's report", "the attempt stored");
    t.keys(&["q"]);
    t.line("clear; echo DONE-$((6*7))");
    t.wait_for("DONE-42", "the shell after posdoc");
    assert_eq!(
        t.format("#{alternate_on}"),
        "0",
        "still on the alternate screen"
    );

    let attempts =
        std::fs::read_to_string(data.0.join("training-attempts.jsonl")).expect("the attempts file");
    let lines: Vec<&str> = attempts.lines().collect();
    assert_eq!(lines.len(), 1, "{attempts}");
    let attempt: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(attempt["trainee"], "Li Na");
    assert_eq!(attempt["case_id"], CASE);
    assert_eq!(attempt["right"], true);
    assert_eq!(attempt["keys"], 3);
}

#[test]
fn without_a_case_the_chooser_asks_the_name_and_runs_the_set() {
    let data = DataDir::new("chooser");
    let Some(t) = Tmux::start("chooser", data.0.to_str().unwrap()) else {
        return;
    };
    // An unknown case is refused before the screen is touched.
    t.line(&format!(
        "{BIN} --lang en train --case no.such.case; echo EXIT-$?"
    ));
    let s = t.wait_for("EXIT-2", "the usage error");
    assert!(s.contains("no.such.case"), "{s}");
    t.line("clear");
    t.line(&format!("{BIN} --lang en train --difficulty easy"));
    t.wait_for("Your name:", "the name box");
    t.line("Wu");
    t.wait_for("Trainee: Wu", "the chooser");
    assert!(t.screen().contains("all categories, easy"));
    // The whole (easy) set: its first case opens; stop it at once.
    t.keys(&["Enter"]);
    t.wait_for("The customer says", "the first case");
    t.keys(&["x"]);
    t.wait_for("Score:", "the score");
    t.wait_for("saved for the trainer's report", "the attempt stored");
    t.keys(&["q"]);
    t.line("clear; echo DONE-$((6*7))");
    t.wait_for("DONE-42", "the shell after posdoc");
    let attempts =
        std::fs::read_to_string(data.0.join("training-attempts.jsonl")).expect("the attempts file");
    let attempt: serde_json::Value =
        serde_json::from_str(attempts.lines().next().unwrap()).unwrap();
    assert_eq!(attempt["trainee"], "Wu");
    assert_eq!(attempt["difficulty"], "easy");
    assert_eq!(attempt["right"], false);
}
