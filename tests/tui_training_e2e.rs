//! End to end: `posdoc train --case ID --trainee T` in a real terminal
//! (tmux, 80x24) through to the score, with a data directory of its own;
//! the attempt must be in the attempts file afterwards, and the terminal
//! restored. Skipped, with a notice, when tmux is not installed.

#[path = "common/tmux.rs"]
mod tmux;

use std::path::PathBuf;
use tmux::{Tmux, BIN};

const CASE: &str = "network.weak_signal_basement";

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

    /// The session's environment that points posdoc at it.
    fn env(&self) -> [String; 1] {
        [format!("POSDOC_DATA_DIR={}", self.0.display())]
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
    let Some(t) = Tmux::start("score", &data.env()) else {
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
    let Some(t) = Tmux::start("chooser", &data.env()) else {
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
