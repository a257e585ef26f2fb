//! Every key binding, as tables per context: what a key means depends on
//! what has the keys (the main screen, the path, the search box, a
//! confirmation, help). Only key presses count, not repeats or releases.
//! Mouse events become actions here too. A character is normalised first
//! (full-width digits and letters from an input method, capitals from Caps
//! Lock), so `３` chooses like `3` and `Q` quits like `q`.

use super::action::Action;
use super::state::{App, Overlay};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use unicode_normalization::UnicodeNormalization;

pub use super::screen::KeyContext;

/// What a plain character key not in the bindings means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharKeys {
    /// Nothing.
    Ignore,
    /// '1'..='9' choose; other characters mean nothing.
    Choose,
    /// Every character is typed into the box.
    Type,
}

/// One context's key table.
pub struct KeyMap {
    pub bindings: &'static [(KeyCode, Action)],
    pub chars: CharKeys,
    /// The action of any other key; `None` ignores it.
    pub otherwise: Option<Action>,
    /// A table consulted for keys not bound here.
    pub fallback: Option<&'static KeyMap>,
}

/// Keys held with Ctrl, the same everywhere.
pub const CTRL: &[(KeyCode, Action)] = &[
    (KeyCode::Char('c'), Action::Interrupt),
    (KeyCode::Char('C'), Action::Interrupt),
    (KeyCode::Char('z'), Action::Suspend),
    (KeyCode::Char('Z'), Action::Suspend),
];

pub const MAIN: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Up, Action::SelectPrev),
        (KeyCode::Char('k'), Action::SelectPrev),
        (KeyCode::Down, Action::SelectNext),
        (KeyCode::Char('j'), Action::SelectNext),
        // Left and right move along the path; here they only dismiss the message.
        (KeyCode::Left, Action::Acknowledge),
        (KeyCode::Char('h'), Action::Acknowledge),
        (KeyCode::Right, Action::Acknowledge),
        (KeyCode::Enter, Action::Confirm),
        (KeyCode::Backspace, Action::GoBack),
        (KeyCode::Char('b'), Action::GoBack),
        (KeyCode::Tab, Action::ToggleFocus),
        (KeyCode::BackTab, Action::ToggleFocus),
        (KeyCode::Esc, Action::Cancel),
        (KeyCode::Char('r'), Action::Restart),
        (KeyCode::Char('l'), Action::SwitchLanguage),
        (KeyCode::Char('s'), Action::ToggleSay),
        (KeyCode::Char('?'), Action::OpenHelp),
        (KeyCode::Char('/'), Action::OpenSearch),
        (KeyCode::Char('q'), Action::Quit),
        (KeyCode::Char('y'), Action::Fixed),
        (KeyCode::Char('Y'), Action::Fixed),
        (KeyCode::Char('n'), Action::NotFixed),
        (KeyCode::Char('N'), Action::NotFixed),
        (KeyCode::PageUp, Action::ScrollPageUp),
        (KeyCode::PageDown, Action::ScrollPageDown),
        (KeyCode::Char(' '), Action::ScrollPageDown),
        (KeyCode::Home, Action::ScrollToTop),
        (KeyCode::Char('g'), Action::ScrollToTop),
        (KeyCode::End, Action::ScrollToEnd),
        (KeyCode::Char('G'), Action::ScrollToEnd),
        (KeyCode::Char('e'), Action::OpenExplore),
        // Cases: the caller's details, a note (`n` already means "not
        // fixed" at a remedy step), the summary, agent mode, open cases.
        (KeyCode::Char('i'), Action::EditCaller),
        (KeyCode::Char('m'), Action::AddNote),
        (KeyCode::Char('c'), Action::ShowSummary),
        (KeyCode::Char('a'), Action::ToggleAgent),
        (KeyCode::Char('o'), Action::ListCases),
    ],
    chars: CharKeys::Choose,
    otherwise: None,
    fallback: None,
};

/// The path keys; every other key leaves the path and acts on the content.
pub const PATH: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Up, Action::SelectPrev),
        (KeyCode::Char('k'), Action::SelectPrev),
        (KeyCode::Left, Action::SelectPrev),
        (KeyCode::Char('h'), Action::SelectPrev),
        (KeyCode::Down, Action::SelectNext),
        (KeyCode::Char('j'), Action::SelectNext),
        (KeyCode::Right, Action::SelectNext),
        (KeyCode::Home, Action::SelectFirst),
        (KeyCode::Char('g'), Action::SelectFirst),
        (KeyCode::End, Action::SelectLast),
        (KeyCode::Char('G'), Action::SelectLast),
    ],
    chars: CharKeys::Ignore,
    otherwise: None,
    fallback: Some(&MAIN),
};

pub const SEARCH_BOX: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Esc, Action::Cancel),
        (KeyCode::Enter, Action::Confirm),
        (KeyCode::Up, Action::SelectPrev),
        (KeyCode::BackTab, Action::SelectPrev),
        (KeyCode::Down, Action::SelectNext),
        (KeyCode::Tab, Action::SelectNext),
        (KeyCode::Home, Action::SelectFirst),
        (KeyCode::End, Action::SelectLast),
        (KeyCode::Backspace, Action::Erase),
    ],
    chars: CharKeys::Type,
    otherwise: None,
    fallback: None,
};

/// `y` confirms; any other key says no.
pub const CONFIRM_DIALOG: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Char('y'), Action::Confirm),
        (KeyCode::Char('Y'), Action::Confirm),
    ],
    chars: CharKeys::Ignore,
    otherwise: Some(Action::Cancel),
    fallback: None,
};

pub const HELP: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Esc, Action::Cancel),
        (KeyCode::Char('q'), Action::Cancel),
        (KeyCode::Enter, Action::Cancel),
        (KeyCode::Backspace, Action::Cancel),
        (KeyCode::Char('b'), Action::Cancel),
        (KeyCode::Char('?'), Action::OpenHelp),
        (KeyCode::Char('l'), Action::SwitchLanguage),
        (KeyCode::Up, Action::ScrollUp),
        (KeyCode::Char('k'), Action::ScrollUp),
        (KeyCode::Down, Action::ScrollDown),
        (KeyCode::Char('j'), Action::ScrollDown),
        (KeyCode::PageUp, Action::ScrollPageUp),
        (KeyCode::PageDown, Action::ScrollPageDown),
        (KeyCode::Char(' '), Action::ScrollPageDown),
        (KeyCode::Home, Action::ScrollToTop),
        (KeyCode::Char('g'), Action::ScrollToTop),
        (KeyCode::End, Action::ScrollToEnd),
        (KeyCode::Char('G'), Action::ScrollToEnd),
    ],
    chars: CharKeys::Ignore,
    otherwise: None,
    // The main screen's other keys do nothing here, but still reach help
    // (which keeps its scroll inside the text, e.g. after a resize).
    fallback: Some(&MAIN),
};

/// The outline: move, fold, open, filter, back to the walk.
pub const EXPLORE: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Up, Action::SelectPrev),
        (KeyCode::Char('k'), Action::SelectPrev),
        (KeyCode::Down, Action::SelectNext),
        (KeyCode::Char('j'), Action::SelectNext),
        (KeyCode::Left, Action::Fold),
        (KeyCode::Right, Action::Unfold),
        (KeyCode::Enter, Action::Confirm),
        (KeyCode::Home, Action::SelectFirst),
        (KeyCode::Char('g'), Action::SelectFirst),
        (KeyCode::End, Action::SelectLast),
        (KeyCode::Char('G'), Action::SelectLast),
        (KeyCode::PageUp, Action::ScrollPageUp),
        (KeyCode::PageDown, Action::ScrollPageDown),
        (KeyCode::Char(' '), Action::ScrollPageDown),
        (KeyCode::Char('/'), Action::OpenSearch),
        (KeyCode::Esc, Action::Cancel),
        (KeyCode::Backspace, Action::GoBack),
        (KeyCode::Char('b'), Action::GoBack),
        (KeyCode::Char('e'), Action::GoBack),
        (KeyCode::Char('l'), Action::SwitchLanguage),
        (KeyCode::Char('?'), Action::OpenHelp),
        (KeyCode::Char('q'), Action::Quit),
    ],
    chars: CharKeys::Ignore,
    otherwise: None,
    fallback: None,
};

/// Typing into the outline's filter; the arrows still move.
pub const EXPLORE_FILTER: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Esc, Action::Cancel),
        (KeyCode::Enter, Action::Confirm),
        (KeyCode::Up, Action::SelectPrev),
        (KeyCode::Down, Action::SelectNext),
        (KeyCode::Left, Action::Fold),
        (KeyCode::Right, Action::Unfold),
        (KeyCode::PageUp, Action::ScrollPageUp),
        (KeyCode::PageDown, Action::ScrollPageDown),
        (KeyCode::Backspace, Action::Erase),
    ],
    chars: CharKeys::Type,
    otherwise: None,
    fallback: None,
};

/// The caller's details and the note box: every character is typed.
pub const CASE_TEXT: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Esc, Action::Cancel),
        (KeyCode::Enter, Action::Confirm),
        (KeyCode::Up, Action::SelectPrev),
        (KeyCode::BackTab, Action::SelectPrev),
        (KeyCode::Down, Action::SelectNext),
        (KeyCode::Tab, Action::SelectNext),
        (KeyCode::Backspace, Action::Erase),
    ],
    chars: CharKeys::Type,
    otherwise: None,
    fallback: None,
};

/// Someone else holds the case: r reads it, t takes it over, Esc goes back.
pub const HELD_BY_DIALOG: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Char('r'), Action::ReadOnly),
        (KeyCode::Char('t'), Action::TakeOver),
        (KeyCode::Esc, Action::Cancel),
        (KeyCode::Char('q'), Action::Cancel),
    ],
    chars: CharKeys::Ignore,
    otherwise: None,
    fallback: None,
};

/// The list of open cases: a number or Enter resumes one.
pub const CASE_LIST: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Esc, Action::Cancel),
        (KeyCode::Char('q'), Action::Cancel),
        (KeyCode::Char('o'), Action::Cancel),
        (KeyCode::Enter, Action::Confirm),
        (KeyCode::Up, Action::SelectPrev),
        (KeyCode::Char('k'), Action::SelectPrev),
        (KeyCode::Down, Action::SelectNext),
        (KeyCode::Char('j'), Action::SelectNext),
    ],
    chars: CharKeys::Choose,
    otherwise: None,
    fallback: None,
};

/// The summary screen.
pub const SUMMARY: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Char('c'), Action::Copy),
        (KeyCode::Esc, Action::Cancel),
        (KeyCode::Backspace, Action::Cancel),
        (KeyCode::Char('b'), Action::Cancel),
        (KeyCode::Char('r'), Action::Restart),
        (KeyCode::Char('q'), Action::Quit),
        (KeyCode::Char('l'), Action::SwitchLanguage),
        (KeyCode::Char('?'), Action::OpenHelp),
        (KeyCode::Char('i'), Action::EditCaller),
        (KeyCode::Char('m'), Action::AddNote),
        (KeyCode::Char('a'), Action::ToggleAgent),
        (KeyCode::Up, Action::ScrollUp),
        (KeyCode::Char('k'), Action::ScrollUp),
        (KeyCode::Down, Action::ScrollDown),
        (KeyCode::Char('j'), Action::ScrollDown),
        (KeyCode::PageUp, Action::ScrollPageUp),
        (KeyCode::PageDown, Action::ScrollPageDown),
        (KeyCode::Char(' '), Action::ScrollPageDown),
        (KeyCode::Home, Action::ScrollToTop),
        (KeyCode::Char('g'), Action::ScrollToTop),
        (KeyCode::End, Action::ScrollToEnd),
        (KeyCode::Char('G'), Action::ScrollToEnd),
    ],
    chars: CharKeys::Ignore,
    otherwise: None,
    fallback: None,
};

/// Training: typing the trainee's name on the chooser.
pub const TRAIN_NAME: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Enter, Action::Confirm),
        (KeyCode::Esc, Action::Cancel),
        (KeyCode::Backspace, Action::Erase),
    ],
    chars: CharKeys::Type,
    otherwise: None,
    fallback: None,
};

/// Training: the list of practice cases.
pub const TRAIN_CHOOSER: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Up, Action::SelectPrev),
        (KeyCode::Char('k'), Action::SelectPrev),
        (KeyCode::Down, Action::SelectNext),
        (KeyCode::Char('j'), Action::SelectNext),
        (KeyCode::Home, Action::SelectFirst),
        (KeyCode::Char('g'), Action::SelectFirst),
        (KeyCode::End, Action::SelectLast),
        (KeyCode::Char('G'), Action::SelectLast),
        (KeyCode::Enter, Action::Confirm),
        (KeyCode::Char('c'), Action::CycleCategory),
        (KeyCode::Char('d'), Action::CycleDifficulty),
        (KeyCode::Char('t'), Action::EditTrainee),
        (KeyCode::Char('o'), Action::StepOrderQuiz),
        (KeyCode::Char('w'), Action::EscalationQuiz),
        (KeyCode::Char('l'), Action::SwitchLanguage),
        (KeyCode::Char('?'), Action::OpenHelp),
        (KeyCode::Esc, Action::Quit),
        (KeyCode::Char('q'), Action::Quit),
        (KeyCode::PageUp, Action::ScrollPageUp),
        (KeyCode::PageDown, Action::ScrollPageDown),
    ],
    chars: CharKeys::Ignore,
    otherwise: None,
    fallback: None,
};

/// Training: walking a practice case. Like the walk, less search, the
/// path and restart; plus asking the customer and stopping.
pub const PRACTICE: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Up, Action::SelectPrev),
        (KeyCode::Down, Action::SelectNext),
        (KeyCode::Enter, Action::Confirm),
        (KeyCode::Backspace, Action::GoBack),
        (KeyCode::Char('b'), Action::GoBack),
        (KeyCode::Char('a'), Action::AskCustomer),
        (KeyCode::Char('x'), Action::StopPractice),
        (KeyCode::Char('y'), Action::Fixed),
        (KeyCode::Char('n'), Action::NotFixed),
        (KeyCode::Char('s'), Action::ToggleSay),
        (KeyCode::Char('l'), Action::SwitchLanguage),
        (KeyCode::Char('?'), Action::OpenHelp),
        (KeyCode::Char('q'), Action::Quit),
        (KeyCode::Esc, Action::Quit),
        (KeyCode::PageUp, Action::ScrollPageUp),
        (KeyCode::PageDown, Action::ScrollPageDown),
        (KeyCode::Char(' '), Action::ScrollPageDown),
        (KeyCode::Home, Action::ScrollToTop),
        (KeyCode::End, Action::ScrollToEnd),
    ],
    chars: CharKeys::Choose,
    otherwise: None,
    fallback: None,
};

/// Training: the score and the feedback of an attempt.
pub const TRAIN_SCORE: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Enter, Action::ToggleFeedback),
        (KeyCode::Char('f'), Action::ToggleFeedback),
        (KeyCode::Char('n'), Action::NextCase),
        (KeyCode::Char('c'), Action::ToChooser),
        (KeyCode::Esc, Action::ToChooser),
        (KeyCode::Char('o'), Action::StepOrderQuiz),
        (KeyCode::Char('w'), Action::EscalationQuiz),
        (KeyCode::Char('l'), Action::SwitchLanguage),
        (KeyCode::Char('?'), Action::OpenHelp),
        (KeyCode::Char('q'), Action::Quit),
        (KeyCode::Up, Action::ScrollUp),
        (KeyCode::Down, Action::ScrollDown),
        (KeyCode::PageUp, Action::ScrollPageUp),
        (KeyCode::PageDown, Action::ScrollPageDown),
        (KeyCode::Char(' '), Action::ScrollPageDown),
        (KeyCode::Home, Action::ScrollToTop),
        (KeyCode::End, Action::ScrollToEnd),
    ],
    chars: CharKeys::Ignore,
    otherwise: None,
    fallback: None,
};

/// Training: the step-order quiz; a step's number puts it next.
pub const QUIZ_ORDER: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Enter, Action::Confirm),
        (KeyCode::Backspace, Action::Erase),
        (KeyCode::Esc, Action::Cancel),
        (KeyCode::Char('o'), Action::StepOrderQuiz),
        (KeyCode::Char('w'), Action::EscalationQuiz),
        (KeyCode::Char('l'), Action::SwitchLanguage),
        (KeyCode::Char('?'), Action::OpenHelp),
        (KeyCode::Char('q'), Action::Quit),
        (KeyCode::PageUp, Action::ScrollPageUp),
        (KeyCode::PageDown, Action::ScrollPageDown),
    ],
    chars: CharKeys::Choose,
    otherwise: None,
    fallback: None,
};

/// Training: the escalation quiz.
pub const QUIZ_ESCALATION: KeyMap = KeyMap {
    bindings: &[
        (KeyCode::Up, Action::SelectPrev),
        (KeyCode::Down, Action::SelectNext),
        (KeyCode::Tab, Action::ToggleFocus),
        (KeyCode::BackTab, Action::ToggleFocus),
        (KeyCode::Char(' '), Action::ToggleItem),
        (KeyCode::Enter, Action::Confirm),
        (KeyCode::Esc, Action::Cancel),
        (KeyCode::Char('o'), Action::StepOrderQuiz),
        (KeyCode::Char('w'), Action::EscalationQuiz),
        (KeyCode::Char('l'), Action::SwitchLanguage),
        (KeyCode::Char('?'), Action::OpenHelp),
        (KeyCode::Char('q'), Action::Quit),
        (KeyCode::PageUp, Action::ScrollPageUp),
        (KeyCode::PageDown, Action::ScrollPageDown),
    ],
    chars: CharKeys::Ignore,
    otherwise: None,
    fallback: None,
};

impl KeyContext {
    /// Who gets the keys now: the overlay on top, else the main mode.
    pub fn of(app: &App) -> KeyContext {
        match app.overlay() {
            Some(Overlay::Search(_)) => KeyContext::SearchBox,
            Some(Overlay::Confirm(_)) => KeyContext::ConfirmDialog,
            Some(Overlay::Help { .. }) => KeyContext::Help,
            Some(Overlay::CallerForm(_) | Overlay::Note(_)) => KeyContext::CaseText,
            Some(Overlay::HeldBy(_)) => KeyContext::HeldBy,
            Some(Overlay::OpenCases { .. }) => KeyContext::CaseList,
            None => app.mode.screen().key_context(),
        }
    }

    pub fn key_map(self) -> &'static KeyMap {
        match self {
            KeyContext::Main => &MAIN,
            KeyContext::Path => &PATH,
            KeyContext::SearchBox => &SEARCH_BOX,
            KeyContext::ConfirmDialog => &CONFIRM_DIALOG,
            KeyContext::Help => &HELP,
            KeyContext::Explore => &EXPLORE,
            KeyContext::ExploreFilter => &EXPLORE_FILTER,
            KeyContext::CaseText => &CASE_TEXT,
            KeyContext::HeldBy => &HELD_BY_DIALOG,
            KeyContext::CaseList => &CASE_LIST,
            KeyContext::Summary => &SUMMARY,
            KeyContext::TrainName => &TRAIN_NAME,
            KeyContext::TrainChooser => &TRAIN_CHOOSER,
            KeyContext::Practice => &PRACTICE,
            KeyContext::TrainScore => &TRAIN_SCORE,
            KeyContext::QuizOrder => &QUIZ_ORDER,
            KeyContext::QuizEscalation => &QUIZ_ESCALATION,
        }
    }
}

/// The character a key stands for: its NFKC form when that is one
/// character (full-width `３` is `3`, `Ｑ` is `Q`), else the key itself.
pub fn normalize_key(c: char) -> char {
    let mut nfkc = std::iter::once(c).nfkc();
    match (nfkc.next(), nfkc.next()) {
        (Some(n), None) => n,
        _ => c,
    }
}

impl KeyMap {
    /// The action of a key pressed without Ctrl. A character is normalised
    /// (`normalize_key`); a capital with no binding of its own means what
    /// its small letter means, so Caps Lock does not turn keys off.
    pub fn action(&self, code: KeyCode) -> Option<Action> {
        let code = match code {
            KeyCode::Char(c) => KeyCode::Char(normalize_key(c)),
            other => other,
        };
        if let Some(a) = self.bound(code) {
            return Some(a);
        }
        if let KeyCode::Char(c) = code {
            if c.is_ascii_uppercase() && self.chars != CharKeys::Type {
                if let Some(a) = self.bound(KeyCode::Char(c.to_ascii_lowercase())) {
                    return Some(a);
                }
            }
        }
        let by_char = match (self.chars, code) {
            (CharKeys::Choose, KeyCode::Char(c @ '1'..='9')) => {
                Some(Action::Choose(c as usize - '1' as usize))
            }
            (CharKeys::Type, KeyCode::Char(c)) => Some(Action::Type(c)),
            _ => None,
        };
        by_char
            .or_else(|| self.fallback.and_then(|f| f.action(code)))
            .or(self.otherwise)
    }

    /// The binding of `code` in this table alone.
    fn bound(&self, code: KeyCode) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(k, _)| *k == code)
            .map(|&(_, a)| a)
    }
}

pub fn map_key(app: &App, key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        let code = match key.code {
            KeyCode::Char(c) => KeyCode::Char(normalize_key(c)),
            other => other,
        };
        return CTRL.iter().find(|(k, _)| *k == code).map(|&(_, a)| a);
    }
    KeyContext::of(app).key_map().action(key.code)
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
