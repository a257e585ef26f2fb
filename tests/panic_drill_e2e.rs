//! The panic drill (docs/panic-drill.md) on the real binary in tmux: posdoc
//! panics on purpose before its first frame, mid-walk on a key, and on the
//! search index's thread; each time the shell gets the terminal back in
//! cooked mode with echo, off the alternate screen and without mouse
//! capture, the panic message can be read, and a case typed before the
//! panic is still in the store.
//!
//! The binary is the one built for the tests, or the one `POSDOC_BIN`
//! names: CI points it at the release build, which aborts on a panic.

#[path = "common/tmux.rs"]
mod tmux;

use std::process::Command;
use tmux::{case_code, Tmux, BIN};

/// The posdoc binary the drill runs.
fn drilled_bin() -> String {
    std::env::var("POSDOC_BIN").unwrap_or_else(|_| BIN.to_string())
}

/// Runs posdoc in the pane with the drill set to `drill` and the exit
/// status echoed after it. Without a backtrace (a test run may ask for
/// them): it would scroll the message off the 24 lines.
fn run_drilled(t: &Tmux, drill: &str) {
    t.line(&format!(
        "RUST_BACKTRACE=0 POSDOC_PANIC_DRILL={drill} {} --lang en; echo EXIT-$?-DONE-$((6*7))",
        drilled_bin()
    ));
}

/// After the panic: the shell has the pane, the message is on the screen
/// in one piece, the exit status says the program failed, and the
/// terminal is as the shell left it.
fn assert_panicked_and_restored(t: &Tmux, drill: &str) {
    let s = t.wait_for("-DONE-42", "the shell after the panic");
    let message = format!("posdoc panic drill (POSDOC_PANIC_DRILL={drill}): a deliberate panic");
    assert!(
        s.lines().any(|l| l.contains(&message)),
        "the panic message on its own line:\n{s}"
    );
    let status = s
        .lines()
        .find_map(|l| l.trim().strip_prefix("EXIT-")?.strip_suffix("-DONE-42"))
        .expect("the exit status");
    // 101: the panic unwound; 134: it aborted (128 + SIGABRT).
    assert!(
        status == "101" || status == "134",
        "exit status {status}:\n{s}"
    );
    t.assert_restored();
}

#[test]
fn a_panic_before_the_first_frame_restores_the_terminal() {
    let Some(t) = Tmux::start("drill-first", &[]) else {
        return;
    };
    run_drilled(&t, "before-first-frame");
    assert_panicked_and_restored(&t, "before-first-frame");
}

#[test]
fn a_panic_mid_walk_restores_the_terminal_and_keeps_the_case() {
    let Some(t) = Tmux::start("drill-key", &[]) else {
        return;
    };
    run_drilled(&t, "f12");
    t.wait_for("What happened?", "the start screen");
    t.answer_no_network();
    let s = t.add_note("caller at till 2");
    let code = case_code(&s);
    t.keys(&["F12"]);
    assert_panicked_and_restored(&t, "f12");

    // The case, its answers and its note were kept as they happened.
    let data = t.data_dir();
    let out = Command::new(BIN)
        .env("POSDOC_DATA_DIR", &data)
        .env("POSDOC_CONFIG", data.join("no-config.toml"))
        .args(["--lang", "en", "cases", "show", &code])
        .output()
        .expect("run posdoc cases show");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{shown}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(shown.contains("caller at till 2"), "the note:\n{shown}");
    assert!(
        shown.contains("Status: in progress"),
        "still open:\n{shown}"
    );
    assert!(
        shown.contains("3. How does this terminal get online"),
        "both answers, at the third question:\n{shown}"
    );
}

#[test]
fn a_panic_on_the_search_index_thread_restores_the_terminal() {
    let Some(t) = Tmux::start("drill-index", &[]) else {
        return;
    };
    run_drilled(&t, "search-index");
    assert_panicked_and_restored(&t, "search-index");
}
