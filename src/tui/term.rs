//! The real terminal: raw mode, alternate screen, mouse capture, and making
//! sure all of it is undone on every way out (normal exit, error, panic,
//! SIGTERM / SIGHUP / SIGINT), plus Ctrl-Z suspend and resume.
//!
//! Input is read on a thread and signals on another; both feed one channel
//! the main loop blocks on, so an idle screen costs no CPU.

use super::action::{Action, Effect};
use super::state::App;
use super::{keys, render};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::layout::Rect;
use ratatui::Terminal;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;
use std::io::{self, Stdout};
use std::sync::mpsc;
use std::sync::Once;

type Term = Terminal<CrosstermBackend<Stdout>>;

enum Msg {
    Input(Event),
    InputClosed,
    Signal(i32),
}

/// Leaves the terminal as it was found. Safe to call more than once, and
/// from the panic hook. (`ratatui::restore` does not disable mouse capture.)
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
}

fn enter(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, Clear(ClearType::All))?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            prev(info);
        }));
    });
}

/// Restores the terminal when dropped, whatever the way out.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

pub fn run(app: &mut App) -> anyhow::Result<i32> {
    install_panic_hook();
    let exit_after_first_frame =
        std::env::var_os("POSDOC_EXIT_AFTER_FIRST_FRAME").is_some_and(|v| v == "1");
    let (tx, rx) = mpsc::channel::<Msg>();
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    let sig_handle = signals.handle();
    let tx_sig = tx.clone();
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if tx_sig.send(Msg::Signal(sig)).is_err() {
                break;
            }
        }
    });

    let _guard = Guard;
    enter(app.opts.mouse)?;
    let mut terminal: Term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    terminal.draw(|f| render::render(app, f))?;
    if exit_after_first_frame {
        sig_handle.close();
        return Ok(0);
    }

    std::thread::spawn(move || loop {
        match event::read() {
            Ok(ev) => {
                if tx.send(Msg::Input(ev)).is_err() {
                    break;
                }
            }
            Err(_) => {
                let _ = tx.send(Msg::InputClosed);
                break;
            }
        }
    });

    let code = 'outer: loop {
        // Block until something happens; then take everything already
        // queued before drawing once.
        let mut msg = match rx.recv() {
            Ok(m) => m,
            Err(_) => break 0,
        };
        let mut redraw = false;
        loop {
            let action = match msg {
                Msg::Input(Event::Key(k)) => keys::map_key(app, k),
                Msg::Input(Event::Mouse(m)) => keys::map_mouse(app, m),
                Msg::Input(Event::Resize(w, h)) => Some(Action::Resize(w, h)),
                Msg::Input(_) => None,
                Msg::InputClosed => break 'outer 1,
                Msg::Signal(sig) => {
                    app.update(Action::Terminate);
                    break 'outer 128 + sig;
                }
            };
            if let Some(a) = action {
                redraw = true;
                match app.update(a) {
                    Effect::Quit => break 'outer 0,
                    Effect::Suspend => suspend(app, &mut terminal)?,
                    Effect::None => {}
                }
            }
            match rx.try_recv() {
                Ok(m) => msg = m,
                Err(_) => break,
            }
        }
        if redraw {
            terminal.draw(|f| render::render(app, f))?;
        }
    };
    sig_handle.close();
    Ok(code)
}

/// Ctrl-Z: give the terminal back, stop, and on `fg` take it again and redraw.
fn suspend(app: &mut App, terminal: &mut Term) -> anyhow::Result<()> {
    restore();
    println!("{}", app.strings.get("tui.suspended"));
    signal_hook::low_level::raise(SIGTSTP)?;
    // Resumed.
    enter(app.opts.mouse)?;
    let size = terminal.size()?;
    terminal.resize(Rect::new(0, 0, size.width, size.height))?;
    app.update(Action::Resize(size.width, size.height));
    Ok(())
}
