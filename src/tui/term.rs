//! The real terminal: raw mode, alternate screen, mouse capture, bracketed
//! paste, and making sure all of it is undone on every way out (normal
//! exit, error, panic, a signal on Unix, a closed console window on
//! Windows), plus suspend and resume on Unix (Ctrl-Z, or `kill -TSTP` from
//! outside, then `fg` / SIGCONT).
//!
//! Input is read on a thread and (on Unix) signals on another; both feed
//! one channel the main loop blocks on, so an idle screen costs no CPU.
//! Everything queued is applied before one draw, and the search runs once
//! per draw, so typing or a paste never queues searches.

use super::action::{Action, Effect};
use super::state::App;
use super::{clipboard, keys, render};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyCode,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Once;
use std::time::{Duration, Instant};

type Term = Terminal<CrosstermBackend<Stdout>>;

enum Msg {
    Input(Event),
    InputClosed,
    /// A Unix signal (see `signals`).
    #[cfg_attr(not(unix), allow(dead_code))]
    Signal(i32),
    /// A second passed while a wait counts down.
    Tick,
    /// The search index, built on its own thread, is ready.
    SearchReady,
}

/// Whether posdoc holds the terminal (raw mode, alternate screen): only
/// then does `restore` write anything, so a second restore (the panic hook,
/// then the guard) prints nothing after the panic message. Leaving the
/// alternate screen twice would move the cursor back over it.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// Leaves the terminal as it was found. Safe to call more than once, from
/// the panic hook, and (on Windows) from the console's control handler.
/// (`ratatui::restore` does not disable mouse capture.)
pub fn restore() {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, Show);
    // Separately: a console without bracketed paste refuses this one, and
    // that must not keep the others from running.
    let _ = execute!(out, DisableBracketedPaste);
}

fn enter(mouse: bool) -> io::Result<()> {
    TAKEN.store(true, Ordering::SeqCst);
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, Clear(ClearType::All))?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    // Without it a paste arrives as keys, one search each; not every
    // console has it, and typing still works without.
    let _ = execute!(out, EnableBracketedPaste);
    Ok(())
}

/// A panic anywhere restores the terminal before the message is printed,
/// and ends the program: a panic on another thread (the search index, the
/// input or signal reader) must not leave the interface running on a
/// terminal already handed back. (Built with `panic = "abort"` the program
/// ends after the hook anyway.)
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            prev(info);
            if std::thread::current().name() != Some("main") {
                std::process::abort();
            }
        }));
    });
}

/// The panic drill (docs/panic-drill.md): `POSDOC_PANIC_DRILL` makes the
/// interface panic on purpose at one point, so a test can prove on the real
/// binary that every way a panic takes restores the terminal and keeps the
/// case. Read once at start; it changes nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PanicDrill {
    /// On the alternate screen in raw mode, before anything is drawn.
    BeforeFirstFrame,
    /// When F12 is pressed (a key without a meaning), wherever the walk is.
    OnF12,
    /// On the search index's thread, once the index is built.
    SearchIndexThread,
}

impl PanicDrill {
    const VAR: &'static str = "POSDOC_PANIC_DRILL";

    const ALL: [PanicDrill; 3] = [
        PanicDrill::BeforeFirstFrame,
        PanicDrill::OnF12,
        PanicDrill::SearchIndexThread,
    ];

    /// The value of the variable that names this point.
    fn name(self) -> &'static str {
        match self {
            PanicDrill::BeforeFirstFrame => "before-first-frame",
            PanicDrill::OnF12 => "f12",
            PanicDrill::SearchIndexThread => "search-index",
        }
    }

    fn from_env() -> Option<PanicDrill> {
        let value = std::env::var_os(Self::VAR)?;
        Self::ALL.into_iter().find(|d| value == d.name())
    }

    fn fire(self) -> ! {
        panic!(
            "posdoc panic drill ({}={}): a deliberate panic",
            Self::VAR,
            self.name()
        );
    }
}

/// Restores the terminal when dropped, whatever the way out.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Unix signals: SIGTERM, SIGHUP, SIGINT and SIGQUIT end the program with
/// the terminal restored; SIGTSTP from outside suspends like Ctrl-Z, and
/// SIGCONT takes the terminal back after any stop.
#[cfg(unix)]
mod signals {
    use super::Msg;
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    use signal_hook::iterator::{Handle, Signals};
    use std::io;
    use std::sync::mpsc::Sender;

    pub use signal_hook::consts::{SIGCONT as CONTINUE, SIGTSTP as STOP};

    /// Feeds the signals to the main loop until closed.
    pub struct Watch(Handle);

    pub fn watch(tx: Sender<Msg>) -> io::Result<Watch> {
        let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])?;
        let handle = signals.handle();
        std::thread::spawn(move || {
            for sig in signals.forever() {
                if tx.send(Msg::Signal(sig)).is_err() {
                    break;
                }
            }
        });
        Ok(Watch(handle))
    }

    impl Watch {
        pub fn close(&self) {
            self.0.close();
        }
    }

    /// Stops the process the way SIGTSTP does by default (our handler
    /// replaced that); returns once continued.
    pub fn stop_self() -> io::Result<()> {
        signal_hook::low_level::emulate_default_handler(SIGTSTP)
    }
}

/// The Windows console: closing the window, Ctrl-Break, logoff or shutdown
/// end the process from a handler thread; restore the console first. (In
/// raw mode Ctrl-C is a key, handled like any other.)
#[cfg(windows)]
#[allow(unsafe_code)] // The console API is a C function; see SAFETY below.
mod console {
    use windows_sys::core::BOOL;
    use windows_sys::Win32::System::Console::SetConsoleCtrlHandler;

    unsafe extern "system" fn on_control(_event: u32) -> BOOL {
        super::restore();
        // Not handled: the default handler still ends the process.
        0
    }

    pub fn watch() {
        // SAFETY: registers a handler with the signature the API expects;
        // it only restores the console, which is safe from any thread.
        unsafe {
            SetConsoleCtrlHandler(Some(on_control), 1);
        }
    }
}

pub fn run(app: &mut App<'static>) -> anyhow::Result<i32> {
    install_panic_hook();
    let drill = PanicDrill::from_env();
    let exit_after_first_frame =
        std::env::var_os("POSDOC_EXIT_AFTER_FIRST_FRAME").is_some_and(|v| v == "1");
    let (tx, rx) = mpsc::channel::<Msg>();
    #[cfg(unix)]
    let watch = signals::watch(tx.clone())?;
    #[cfg(windows)]
    console::watch();

    let _guard = Guard;
    enter(app.opts.mouse)?;
    let mut terminal: Term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    if drill == Some(PanicDrill::BeforeFirstFrame) {
        PanicDrill::BeforeFirstFrame.fire();
    }
    terminal.draw(|f| render::render(app, f))?;
    if exit_after_first_frame {
        #[cfg(unix)]
        watch.close();
        return Ok(0);
    }
    // Only now, so the first frame never waits for it.
    let ready = tx.clone();
    app.prepare_search(move || {
        if drill == Some(PanicDrill::SearchIndexThread) {
            PanicDrill::SearchIndexThread.fire();
        }
        let _ = ready.send(Msg::SearchReady);
    });

    std::thread::spawn(move || loop {
        if let Ok(ev) = event::read() {
            if tx.send(Msg::Input(ev)).is_err() {
                break;
            }
        } else {
            let _ = tx.send(Msg::InputClosed);
            break;
        }
    });

    let code = 'outer: loop {
        // Block until something happens; then take everything already
        // queued before searching and drawing once.
        // While a wait counts down, wake once a second to redraw it.
        let mut msg = if app.ticking() {
            match rx.recv_timeout(Duration::from_secs(1)) {
                Ok(m) => m,
                Err(mpsc::RecvTimeoutError::Timeout) => Msg::Tick,
                Err(mpsc::RecvTimeoutError::Disconnected) => break 0,
            }
        } else {
            match rx.recv() {
                Ok(m) => m,
                Err(_) => break 0,
            }
        };
        let mut redraw = false;
        // The wall-clock time the input comes with, for the case.
        app.update_queued(Action::Clock(wall_clock()));
        loop {
            let effect = match msg {
                Msg::Input(Event::Paste(text)) => Some(app.paste(&text)),
                Msg::Input(ev) => {
                    // A practice case is timed: the clock moves with every key.
                    if app.training.is_some() {
                        app.update_queued(Action::Tick(Instant::now()));
                    }
                    let action = match ev {
                        Event::Key(k)
                            if k.code == KeyCode::F(12) && drill == Some(PanicDrill::OnF12) =>
                        {
                            PanicDrill::OnF12.fire()
                        }
                        Event::Key(k) => keys::map_key(app, k),
                        Event::Mouse(m) => keys::map_mouse(app, m),
                        Event::Resize(w, h) => Some(Action::Resize(w, h)),
                        _ => None,
                    };
                    action.map(|a| app.update_queued(a))
                }
                Msg::InputClosed => break 'outer 1,
                Msg::Tick => Some(app.update_queued(Action::Tick(Instant::now()))),
                // A search that waited for the index runs in `catch_up`.
                Msg::SearchReady => Some(Effect::None),
                Msg::Signal(sig) => match on_signal(app, &mut terminal, sig)? {
                    Some(code) => break 'outer code,
                    None => Some(Effect::None),
                },
            };
            if let Some(effect) = effect {
                redraw = true;
                match effect {
                    Effect::Quit => break 'outer 0,
                    Effect::Suspend => suspend(app, &mut terminal)?,
                    Effect::Copy => copy(app),
                    Effect::SaveAttempt => save_attempt(app),
                    Effect::None => {}
                }
            }
            match rx.try_recv() {
                Ok(m) => msg = m,
                Err(_) => break,
            }
        }
        if redraw {
            app.catch_up();
            terminal.draw(|f| render::render(app, f))?;
        }
    };
    #[cfg(unix)]
    watch.close();
    Ok(code)
}

/// Now, as the case's events and the call timer count time.
pub fn wall_clock() -> crate::case::Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    crate::case::Timestamp(ms)
}

/// `c` on the summary: the summary goes to the clipboard through the
/// terminal (OSC 52) where that can work, and to a file in any case; the
/// screen then says which of the two happened.
fn copy(app: &mut App) {
    use std::io::{IsTerminal, Write};
    let Some(job) = app.copy_job().cloned() else {
        return;
    };
    let term = std::env::var("TERM").ok();
    let way = clipboard::way(
        term.as_deref(),
        std::env::var_os("TMUX").is_some(),
        io::stdout().is_terminal(),
    );
    let sequence = clipboard::sequence(&job.text, way);
    if !sequence.is_empty() {
        let mut out = io::stdout();
        let _ = out.write_all(sequence.as_bytes());
        let _ = out.flush();
    }
    let saved = save_private(&job.path, &job.text).is_ok();
    app.update_queued(Action::Copied {
        clipboard: way,
        saved,
    });
}

/// Writes `text` to `path`, readable by its owner only (a summary holds
/// a merchant's details).
fn save_private(path: &std::path::Path, text: &str) -> io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Stores the attempt just scored in the attempts log of
/// `training::default_log`; the screen says whether it was stored.
fn save_attempt(app: &mut App) {
    use crate::training::AttemptLog;
    match crate::training::default_log() {
        Ok(mut log) => app.save_attempt(Ok(&mut log as &mut dyn AttemptLog)),
        Err(e) => app.save_attempt(Err(e)),
    }
}

/// A signal: the exit code when it ends the program, else `None` (the
/// terminal was handed back and taken again).
#[cfg(unix)]
fn on_signal(app: &mut App, terminal: &mut Term, sig: i32) -> anyhow::Result<Option<i32>> {
    match sig {
        signals::STOP => {
            suspend(app, terminal)?;
            Ok(None)
        }
        signals::CONTINUE => {
            // Stopped by something we did not see (SIGSTOP), or the
            // terminal was reset meanwhile: take it again. After our own
            // suspend this only repaints.
            resume(app, terminal)?;
            Ok(None)
        }
        _ => {
            app.update(Action::Terminate);
            Ok(Some(128 + sig))
        }
    }
}

// Same signature as the Unix one, so the event loop has one shape.
#[cfg(not(unix))]
#[allow(clippy::unnecessary_wraps)]
fn on_signal(_app: &mut App, _terminal: &mut Term, _sig: i32) -> anyhow::Result<Option<i32>> {
    Ok(None)
}

/// Ctrl-Z or SIGTSTP: give the terminal back, stop, and on `fg` take it
/// again and redraw.
#[cfg(unix)]
fn suspend(app: &mut App, terminal: &mut Term) -> anyhow::Result<()> {
    restore();
    println!("{}", app.strings.get("tui.suspended"));
    signals::stop_self()?;
    resume(app, terminal)
}

/// No job control on Windows: Ctrl-Z does nothing.
#[cfg(not(unix))]
#[allow(clippy::unnecessary_wraps)]
fn suspend(_app: &mut App, _terminal: &mut Term) -> anyhow::Result<()> {
    Ok(())
}

/// Raw mode, alternate screen, mouse capture and paste again, and a full repaint.
#[cfg_attr(not(unix), allow(dead_code))]
fn resume(app: &mut App, terminal: &mut Term) -> anyhow::Result<()> {
    enter(app.opts.mouse)?;
    // Clears the screen and forgets the last frame, so all of it is drawn
    // again. (Not `Terminal::clear`: it asks the terminal for the cursor,
    // and the input thread would take the answer.)
    let size = terminal.size()?;
    terminal.resize(Rect::new(0, 0, size.width, size.height))?;
    app.update(Action::Resize(size.width, size.height));
    Ok(())
}
