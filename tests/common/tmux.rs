//! The real binary in a real terminal: a tmux server of the test's own
//! (80x24, a bare bash), keys sent to it, its screen read back, and the
//! checks that the terminal was handed back. Used by the end-to-end tests
//! as `#[path = "common/tmux.rs"] mod tmux;`; each uses only part of it.
#![allow(dead_code)]

use std::process::Command;
use std::time::{Duration, Instant};

/// The posdoc binary built for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_posdoc");

/// How long a test waits for something to appear on the screen.
const PATIENCE: Duration = Duration::from_secs(10);

/// A tmux server with one session, `e2e`; killed when dropped.
pub struct Tmux {
    sock: String,
}

impl Tmux {
    /// Starts the session, a shell at a `$ ` prompt. Cases go to a folder
    /// of the session's own under the build's temp folder, never the user's,
    /// and no config file of the user's applies; `env` (`NAME=value`) comes
    /// after those and may replace them. None, with a notice, when tmux is
    /// not installed (with `CI_REQUIRE_REAL_PARTS=1`, a failure instead).
    pub fn start(name: &str, env: &[String]) -> Option<Tmux> {
        let have = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !have {
            let required = std::env::var("CI_REQUIRE_REAL_PARTS").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "tmux is not installed, and CI_REQUIRE_REAL_PARTS=1 requires it"
            );
            eprintln!("NOTICE: tmux is not installed; skipping the end-to-end test {name}");
            return None;
        }
        let t = Tmux {
            sock: format!("posdoc-e2e-{}-{name}", std::process::id()),
        };
        let data = t.data_dir();
        let _ = std::fs::remove_dir_all(&data);
        let ok = Command::new("tmux")
            .args(["-L", &t.sock, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", "80", "-y", "24", "-s", "e2e", "env"])
            .args(["PS1=$ ", "TERM=xterm-256color", "LANG=C.UTF-8", "USER=wang"])
            .arg(format!("POSDOC_DATA_DIR={}", data.display()))
            .arg(format!(
                "POSDOC_CONFIG={}",
                data.join("no-config.toml").display()
            ))
            .args(env)
            .args(["bash", "--norc", "--noprofile"])
            .status()
            .expect("run tmux")
            .success();
        assert!(ok, "tmux new-session failed");
        t.wait_for("$", "the shell prompt");
        Some(t)
    }

    /// The data folder the session's posdoc uses unless `env` named another.
    pub fn data_dir(&self) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(&self.sock)
    }

    /// Runs a tmux command against this server; its output.
    pub fn cmd(&self, args: &[&str]) -> String {
        let o = Command::new("tmux")
            .args(["-L", &self.sock])
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// What the pane shows.
    pub fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// Keys by tmux name (`Enter`, `C-z`, `q`), one at a time with a pause,
    /// as a person types them.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.cmd(&["send-keys", "-t", "e2e", k]);
            std::thread::sleep(Duration::from_millis(80));
        }
    }

    /// Text typed as it is, without Enter.
    pub fn text(&self, text: &str) {
        self.cmd(&["send-keys", "-t", "e2e", "-l", text]);
    }

    /// A line typed and entered.
    pub fn line(&self, text: &str) {
        self.text(text);
        self.cmd(&["send-keys", "-t", "e2e", "Enter"]);
    }

    /// Waits until the screen shows `needle`; the screen then.
    pub fn wait_for(&self, needle: &str, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            assert!(
                start.elapsed() <= PATIENCE,
                "timed out waiting for {what} ({needle:?}); screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A tmux format (`#{alternate_on}`) for the pane.
    pub fn format(&self, f: &str) -> String {
        self.cmd(&["display-message", "-p", "-t", "e2e", f])
            .trim()
            .to_string()
    }

    /// From the start screen (English): network, then "no network"; at the
    /// question how the terminal gets online.
    pub fn answer_no_network(&self) {
        self.keys(&["1"]);
        self.wait_for("Question 2", "the network question");
        self.keys(&["1"]);
        self.wait_for("Question 3", "the connection question");
    }

    /// Adds a note to the case on screen (English); the screen once it is
    /// saved.
    pub fn add_note(&self, note: &str) -> String {
        self.keys(&["m"]);
        self.wait_for("Note: ", "the note box");
        self.text(note);
        self.keys(&["Enter"]);
        self.wait_for("Note saved.", "the note saved")
    }

    /// The posdoc process in the pane, by its parent (the pane's shell).
    pub fn posdoc_pid(&self) -> String {
        let pane_pid = self.format("#{pane_pid}");
        let o = Command::new("pgrep")
            .args(["-P", &pane_pid, "-x", "posdoc"])
            .output()
            .expect("run pgrep");
        let pid = String::from_utf8_lossy(&o.stdout).trim().to_string();
        assert!(!pid.is_empty(), "no posdoc under pane {pane_pid}");
        pid
    }

    /// Waits until no posdoc runs in the pane any more.
    pub fn wait_posdoc_gone(&self) {
        let pane_pid = self.format("#{pane_pid}");
        let start = Instant::now();
        while Command::new("pgrep")
            .args(["-P", &pane_pid, "-x", "posdoc"])
            .output()
            .is_ok_and(|o| o.status.success())
        {
            assert!(
                start.elapsed() <= PATIENCE,
                "posdoc did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// After posdoc has exited: cooked mode with echo, the main screen, no
    /// mouse capture.
    pub fn assert_restored(&self) {
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

/// The case code shown on screen ("Case K7M-3X9" in the panel).
pub fn case_code(screen: &str) -> String {
    let at = screen.find("Case ").expect("a case code on screen") + "Case ".len();
    let code: String = screen[at..].chars().take(7).collect();
    assert!(
        code.len() == 7 && code.as_bytes()[3] == b'-',
        "not a code: {code:?}\n{screen}"
    );
    code
}
