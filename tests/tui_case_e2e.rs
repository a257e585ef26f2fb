//! Cases end to end: the real binary in tmux (80x24). Agent mode shows the
//! case code and the call timer; `c` on the summary copies through the
//! terminal and saves the file whose path it shows; and, once cases are
//! stored on disk, a `kill -9` mid-case loses nothing: `posdoc resume CODE`
//! shows the same question and the note, and the terminal is usable after.
//!
//! Skipped, with a notice, when tmux is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_posdoc");

struct Tmux {
    sock: String,
}

impl Tmux {
    fn start(name: &str, env: &[String]) -> Option<Tmux> {
        let have = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !have {
            eprintln!("NOTICE: tmux is not installed; skipping the end-to-end test {name}");
            return None;
        }
        let t = Tmux {
            sock: format!("posdoc-case-e2e-{}-{name}", std::process::id()),
        };
        let ok = Command::new("tmux")
            .args(["-L", &t.sock, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", "80", "-y", "24", "-s", "e2e", "env"])
            .args(["PS1=$ ", "TERM=xterm-256color", "LANG=C.UTF-8", "USER=wang"])
            .args(env)
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

    fn text(&self, text: &str) {
        self.cmd(&["send-keys", "-t", "e2e", "-l", text]);
    }

    fn line(&self, text: &str) {
        self.text(text);
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

    /// The posdoc process in the pane, by its parent (the pane's shell).
    fn posdoc_pid(&self) -> String {
        let pane_pid = self.format("#{pane_pid}");
        let o = Command::new("pgrep")
            .args(["-P", &pane_pid, "-x", "posdoc"])
            .output()
            .expect("run pgrep");
        let pid = String::from_utf8_lossy(&o.stdout).trim().to_string();
        assert!(!pid.is_empty(), "no posdoc under pane {pane_pid}");
        pid
    }

    /// After posdoc has exited: cooked mode with echo, the main screen, no
    /// mouse capture.
    fn assert_restored(&self) {
        self.line("clear; stty -a | tr ';' '\\n' | tr ' ' '\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo STTY-$((6*7))");
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

/// A fresh directory under the target dir, removed first if a run left it.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The case code shown on screen ("Case K7M-3X9" in the panel).
fn case_code(screen: &str) -> String {
    let at = screen.find("Case ").expect("a case code on screen") + "Case ".len();
    let code: String = screen[at..].chars().take(7).collect();
    assert!(
        code.len() == 7 && code.as_bytes()[3] == b'-',
        "not a code: {code:?}\n{screen}"
    );
    code
}

/// Network, no network, SIM card with a weak signal: three answers.
fn answer_three(t: &Tmux) {
    t.keys(&["1"]);
    t.wait_for("Question 2", "the network question");
    t.keys(&["1"]);
    t.wait_for("Question 3", "the connection question");
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
    t.keys(&["m"]);
    t.wait_for("Note: ", "the note box");
    t.text("router moved yesterday");
    t.keys(&["Enter"]);
    t.wait_for("Note saved.", "the note saved");
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
    t.keys(&["m"]);
    t.wait_for("Note: ", "the note box");
    t.text("caller at till 2");
    t.keys(&["Enter"]);
    let s = t.wait_for("Note saved.", "the note saved");
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
