//! One step of the interface, as the event loop, the tests and the
//! benchmark drive it: apply an action against the layout of the frame as
//! it stands, then settle the scroll against the layout of the new state.

use super::action::{Action, Effect};
use super::layout;
use super::state::App;

impl App<'_> {
    /// Applies `action`; the only way the state changes.
    pub fn update(&mut self, action: Action) -> Effect {
        let lay_out = |app: &App| layout::compose(app, layout::full(app));
        let effect = self.apply(action, &lay_out);
        if self.keep_in_view {
            let layout = lay_out(self);
            self.settle(&layout);
        }
        effect
    }
}
