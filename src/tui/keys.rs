//! Input events to actions. Only key presses count (not repeats' releases);
//! what a key means depends on what is open (search box, confirmation).

use super::app::{Action, App, Overlay};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

pub fn map_key(app: &App, key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl {
        return match key.code {
            KeyCode::Char('c') | KeyCode::Char('C') => Some(Action::CtrlC),
            KeyCode::Char('z') | KeyCode::Char('Z') => Some(Action::Suspend),
            _ => None,
        };
    }
    match &app.overlay {
        Overlay::Confirm(_) => Some(match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => Action::Yes,
            _ => Action::Other,
        }),
        Overlay::Search(_) => match key.code {
            KeyCode::Esc => Some(Action::Esc),
            KeyCode::Enter => Some(Action::Enter),
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::Tab => Some(Action::Down),
            KeyCode::BackTab => Some(Action::Up),
            KeyCode::Home => Some(Action::Home),
            KeyCode::End => Some(Action::End),
            KeyCode::Backspace => Some(Action::Erase),
            KeyCode::Char(c) => Some(Action::Type(c)),
            _ => None,
        },
        _ => map_main(key.code),
    }
}

fn map_main(code: KeyCode) -> Option<Action> {
    Some(match code {
        KeyCode::Char(c @ '1'..='9') => Action::Pick(c as usize - '1' as usize),
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::Left | KeyCode::Char('h') => Action::Left,
        KeyCode::Right => Action::Right,
        KeyCode::Enter => Action::Enter,
        KeyCode::Backspace | KeyCode::Char('b') => Action::Back,
        KeyCode::Tab | KeyCode::BackTab => Action::Tab,
        KeyCode::Esc => Action::Esc,
        KeyCode::Char('r') => Action::Restart,
        KeyCode::Char('l') => Action::ToggleLang,
        KeyCode::Char('s') => Action::ToggleSay,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('/') => Action::Search,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('y') | KeyCode::Char('Y') => Action::Yes,
        KeyCode::Char('n') | KeyCode::Char('N') => Action::No,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Action::Home,
        KeyCode::End | KeyCode::Char('G') => Action::End,
        _ => return None,
    })
}

pub fn map_mouse(app: &App, m: MouseEvent) -> Option<Action> {
    if !app.opts.mouse {
        return None;
    }
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
            x: m.column,
            y: m.row,
        }),
        MouseEventKind::ScrollUp => Some(Action::ScrollUp),
        MouseEventKind::ScrollDown => Some(Action::ScrollDown),
        _ => None,
    }
}
