//! One step of the interface, as the event loop, the tests and the
//! benchmark drive it: apply an action against the layout of the frame as
//! it stands, then settle the scroll against the layout of the new state.
//! The event loop applies everything queued with `update_queued` and then
//! `catch_up` once before drawing, so a burst of keys or a paste costs one
//! search; `update` does both at once.

use super::action::{Action, Effect};
use super::layout;
use super::state::App;

fn lay_out(app: &App) -> super::doc::Layout {
    layout::compose(app, layout::full(app))
}

impl App<'_> {
    /// Applies `action` and brings everything up to date; the only way the
    /// state changes.
    pub fn update(&mut self, action: Action) -> Effect {
        let effect = self.update_queued(action);
        self.catch_up();
        effect
    }

    /// Applies `action`, leaving a changed search query to `catch_up`.
    pub fn update_queued(&mut self, action: Action) -> Effect {
        let effect = self.apply(action, &lay_out);
        // The clock alone changes no case: no write (nor a retry against a
        // store that is away) once a second.
        if !matches!(
            action,
            Action::Clock(_) | Action::Tick(_) | Action::Resize(..)
        ) {
            self.sync_case();
        }
        self.settle_now();
        effect
    }

    /// Text pasted in one piece (bracketed paste). Only the search box
    /// takes it, masked and clipped; elsewhere it is ignored, so a paste
    /// can never answer a question.
    pub fn paste(&mut self, text: &str) -> Effect {
        self.take_paste(text);
        Effect::None
    }

    /// Runs the search a changed query still waits for, and settles.
    pub fn catch_up(&mut self) {
        self.run_pending_search();
        self.settle_now();
    }

    fn settle_now(&mut self) {
        if self.keep_in_view {
            let layout = lay_out(self);
            self.settle(&layout);
        }
    }
}
