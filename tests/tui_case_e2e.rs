//! Cases end to end: the real binary in tmux (80x24). Agent mode shows the
//! case code and the call timer; `c` on the summary copies through the
//! terminal and saves the file whose path it shows; and, once cases are
//! stored on disk, a `kill -9` mid-case loses nothing: `posdoc resume CODE`
//! shows the same question and the note, and the terminal is usable after.
//!
//! Skipped, with a notice, when tmux is not installed.

#[path = "common/tmux.rs"]
mod tmux;

use std::path::{Path, PathBuf};
use std::process::Command;
use tmux::{case_code, Tmux, BIN};

/// A fresh directory under the target dir, removed first if a run left it.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Network, no network, SIM card with a weak signal: three answers.
fn answer_three(t: &Tmux) {
    t.answer_no_network();
    t.keys(&["2"]);
    t.wait_for("Diagnosis", "the weak-signal diagnosis");
}

#[test]
fn agent_mode_timer_and_copy_in_tmux() {
    let tmp = scratch("case-copy");
    // The summary is saved beside the case database, in the data folder.
    let env = [
        format!("TMPDIR={}", tmp.display()),
        format!("POSDOC_DATA_DIR={}", tmp.display()),
    ];
    let Some(t) = Tmux::start("copy", &env) else {
        return;
    };
    t.line(&format!("{BIN} --lang en --agent"));
    // The call has begun: its code and timer in the status bar.
    let s = t.wait_for("00:0", "the call timer");
    let code = case_code(&s);
    assert!(s.contains(&format!("{code} 00:0")), "{s}");
    answer_three(&t);
    t.add_note("router moved yesterday");
    t.keys(&["c"]);
    t.wait_for("Outcome", "the summary");
    t.keys(&["c"]);
    let s = t.wait_for("posdoc-case-", "what the copy did");
    assert!(s.contains("OSC 52"), "says how it was copied:\n{s}");
    let file = tmp.join(format!("posdoc-case-{}.txt", code.replace('-', "")));
    let text = std::fs::read_to_string(&file).expect("the summary file");
    assert!(text.contains(&format!("Case {code}")), "{text}");
    assert!(text.contains("router moved yesterday"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only its owner reads the summary");
    }
    t.keys(&["q", "y"]);
    t.wait_for("$", "the prompt after quitting");
    t.assert_restored();
}

#[test]
fn kill_9_mid_case_loses_nothing_and_resume_shows_the_same_question() {
    let data = scratch("case-kill9");
    let Some(t) = Tmux::start("kill9", &[]) else {
        return;
    };
    let run = format!("{BIN} --lang en --data-dir {}", data.display());
    t.line(&run);
    t.wait_for("What happened?", "the start screen");
    answer_three(&t);
    let s = t.add_note("caller at till 2");
    let code = case_code(&s);
    let question = s
        .lines()
        .find(|l| l.contains("Likely cause"))
        .expect("the diagnosis on screen")
        .trim()
        .to_string();
    let pid = t.posdoc_pid();
    let killed = Command::new("kill").args(["-9", &pid]).status().unwrap();
    assert!(killed.success());
    // The shell is back, the terminal left as posdoc had it; `reset`-free:
    // the next posdoc takes it and gives it back.
    t.wait_for("$", "the shell after kill -9");
    t.line(&format!("{run} resume {code}"));
    let s = t.wait_for(&format!("Case {code}"), "the resumed case");
    assert!(s.contains(&question), "the same point:\n{s}");
    assert!(s.contains("caller at till 2"), "the note:\n{s}");
    t.keys(&["q", "y"]);
    t.wait_for("$", "the prompt after quitting");
    t.assert_restored();
}
