//! What every main screen provides, and the one place a [`Mode`] is
//! dispatched to its screen ([`Mode::screen`]).
//!
//! A screen is a module under `screens` that implements [`Screen`] for its
//! mode's state: its content (header, key line, rows), who gets the keys,
//! how far its body is scrolled, and what the actions mean on it. `update`,
//! `keys`, `layout` and `render` only call through this trait, so a new
//! main screen is one module, one `Mode` variant (with its state) and one
//! arm in [`Mode::screen`]. This module draws nothing and changes nothing;
//! it is the neutral meeting point of the update side and the screens.

use super::action::{Action, Effect};
use super::doc::{Content, Layout};
use super::state::{App, Mode};
use super::theme::Theme;

/// Lays out the frame for the current state, on demand.
pub type LayoutOnDemand<'f> = &'f dyn Fn(&App) -> Layout;

/// Who gets the keys; each context has its table in `keys`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyContext {
    /// The walk's content: answers, remedy steps, the finished case.
    Main,
    /// The breadcrumbs of the walk, after Tab.
    Path,
    SearchBox,
    ConfirmDialog,
    Help,
    /// The outline of the whole tree.
    Explore,
    /// The outline's filter field, while typing into it.
    ExploreFilter,
    /// The caller's details or the note box.
    CaseText,
    HeldBy,
    CaseList,
    Summary,
    /// Training: typing the trainee's name.
    TrainName,
    /// Training: the list of practice cases.
    TrainChooser,
    /// Training: walking a practice case.
    Practice,
    /// Training: the score and the feedback.
    TrainScore,
    /// Training: the step-order quiz.
    QuizOrder,
    /// Training: the escalation quiz.
    QuizEscalation,
}

/// A main screen, implemented by its mode's state. `self` is that state as
/// it was when the call was dispatched; a screen changes its live state
/// through `app.mode`.
pub trait Screen {
    /// The screen's header, key line and rows, `total` columns wide with
    /// text `text_width` wide. Pure.
    fn content(&self, app: &App, total: usize, text_width: usize, theme: Theme) -> Content;

    /// Who gets the keys while no overlay is open.
    fn key_context(&self) -> KeyContext;

    /// The first body row shown.
    fn scroll(&self) -> usize;

    /// Applies an action no overlay took. `layout` gives the frame as it
    /// stands (click targets, scroll extents).
    fn update(&self, app: &mut App, action: Action, layout: LayoutOnDemand) -> Effect;

    /// Scrolls so that what must stay in view is, against a fresh layout;
    /// called after an action asked for it.
    fn settle(&self, app: &mut App, layout: &Layout);
}

impl App<'_> {
    /// The first body row the main screen shows.
    pub fn body_scroll(&self) -> usize {
        self.mode.screen().scroll()
    }
}

impl Mode {
    /// The screen of this mode: the single dispatch point.
    pub fn screen(&self) -> &dyn Screen {
        match self {
            Mode::Walk(walk) => walk,
            Mode::Explore(explore) => explore,
            Mode::Summary(summary) => summary,
            Mode::TrainChooser(chooser) => chooser,
            Mode::Practice(practice) => practice,
            Mode::TrainScore(scored) => scored,
            Mode::Quiz(round) => round,
        }
    }
}
