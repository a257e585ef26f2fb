//! The one place the state changes: `apply` an action, then `settle` the
//! scroll against a fresh layout. What is on screen (scroll extents, click
//! targets) comes from the layout document; this module never lays out or
//! draws anything itself, so it depends on no screen: overlays are handled
//! here, and an action no overlay takes goes to the main screen through
//! `Mode::screen` (the screen's own half of update lives with the screen).

use super::action::{Action, Effect};
use super::doc::{Layout, Target};
use super::screen::LayoutOnDemand;
use super::state::{App, Confirm, Focus, Mode, Overlay, SearchState, Status, Walk};
use crate::rules::NodeIdx;

impl App<'_> {
    /// Applies one action. `layout` gives the frame as it stands, for
    /// clicks and scroll extents; it is only called when needed.
    pub(crate) fn apply(&mut self, action: Action, layout: LayoutOnDemand) -> Effect {
        match action {
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.keep_in_view = true;
                return Effect::None;
            }
            Action::Terminate => return self.quit_now(),
            Action::Tick(now) => {
                let was_running = self.wait_running();
                self.now = now;
                if was_running && !self.wait_running() {
                    // Asks again: the wait is over, go on.
                    let selected = self.default_choice(None);
                    self.change_walk(|w| w.selected = selected);
                    self.say_status("tui.msg_wait_over", 0);
                }
                return Effect::None;
            }
            Action::Suspend => return Effect::Suspend,
            _ => {}
        }
        self.status = None;
        match self.overlays.last().cloned() {
            Some(Overlay::Confirm(kind)) => self.update_confirm(kind, action),
            Some(Overlay::Help { scroll }) => self.update_help(scroll, action, layout),
            Some(Overlay::Search(st)) => self.update_search(st, action, layout),
            None => {
                let mode = self.mode.clone();
                mode.screen().update(self, action, layout)
            }
        }
    }

    /// Lets the main screen scroll what must be seen into view, once
    /// something asked for it.
    pub(crate) fn settle(&mut self, layout: &Layout) {
        if !std::mem::take(&mut self.keep_in_view) {
            return;
        }
        let mode = self.mode.clone();
        mode.screen().settle(self, layout);
    }

    pub(in crate::tui) fn say_status(&mut self, key: &'static str, n: usize) {
        self.status = Some(Status { key, n, code: None });
    }

    fn quit_now(&mut self) -> Effect {
        self.quit = true;
        Effect::Quit
    }

    /// Quits, asking first while a case is open: begun and not yet
    /// resolved or handed over.
    pub(in crate::tui) fn ask_quit(&mut self) -> Effect {
        if self.session.in_progress() && !self.session.is_finished() {
            self.overlays.push(Overlay::Confirm(Confirm::Quit));
            Effect::None
        } else {
            self.quit_now()
        }
    }

    /// Replaces the overlay on top.
    fn set_top(&mut self, overlay: Overlay) {
        self.overlays.pop();
        self.overlays.push(overlay);
    }

    fn update_confirm(&mut self, kind: Confirm, action: Action) -> Effect {
        self.overlays.pop();
        match (kind, action) {
            (Confirm::Quit, Action::Confirm | Action::Interrupt) => self.quit_now(),
            (Confirm::Restart, Action::Confirm) => {
                self.session.restart();
                self.after_move(None);
                Effect::None
            }
            (Confirm::Restart, Action::Interrupt) => self.ask_quit(),
            _ => Effect::None,
        }
    }

    fn update_help(&mut self, scroll: usize, action: Action, layout: LayoutOnDemand) -> Effect {
        let help = layout(self);
        let (max, page) = (help.help_max_scroll(), help.help_page());
        let scroll = match action {
            Action::Cancel | Action::OpenHelp => {
                self.overlays.pop();
                return Effect::None;
            }
            Action::Interrupt => {
                self.overlays.pop();
                return self.ask_quit();
            }
            Action::SwitchLanguage => {
                self.switch_language();
                scroll
            }
            Action::ScrollUp => scroll.saturating_sub(1),
            Action::ScrollDown => scroll + 1,
            Action::ScrollPageUp => scroll.saturating_sub(page),
            Action::ScrollPageDown => scroll + page,
            Action::ScrollToTop => 0,
            Action::ScrollToEnd => max,
            _ => scroll,
        };
        self.set_top(Overlay::Help {
            scroll: scroll.min(max),
        });
        Effect::None
    }

    fn update_search(
        &mut self,
        mut st: SearchState,
        action: Action,
        layout: LayoutOnDemand,
    ) -> Effect {
        let last = |st: &SearchState| st.hits.len().saturating_sub(1);
        // Whatever reads the hits needs them for the query as typed.
        if st.pending && !matches!(action, Action::Type(_) | Action::Erase | Action::Cancel) {
            if let Some(index) = self.index.get() {
                st.rerun(index, self.lang());
            }
        }
        match action {
            Action::Cancel => {
                self.overlays.pop();
                return Effect::None;
            }
            Action::Interrupt => {
                self.overlays.pop();
                return self.ask_quit();
            }
            Action::Type(c) => st.append(c.encode_utf8(&mut [0; 4])),
            Action::Erase => st.erase(),
            Action::SelectPrev | Action::ScrollUp => st.selected = st.selected.saturating_sub(1),
            Action::SelectNext | Action::ScrollDown => {
                st.selected = (st.selected + 1).min(last(&st));
            }
            Action::SelectFirst => st.selected = 0,
            Action::SelectLast => st.selected = last(&st),
            Action::Confirm => {
                if let Some(hit) = st.hits.get(st.selected) {
                    let (node, code) = (hit.node, hit.code.clone());
                    self.overlays.pop();
                    self.jump(node, code);
                    return Effect::None;
                }
            }
            Action::Click { x, y } => {
                if let Some(Target::Hit(i)) = layout(self).target_at(x, y, 0) {
                    if let Some(hit) = st.hits.get(i) {
                        let (node, code) = (hit.node, hit.code.clone());
                        self.overlays.pop();
                        self.jump(node, code);
                        return Effect::None;
                    }
                }
            }
            _ => {}
        }
        self.set_top(Overlay::Search(st));
        Effect::None
    }

    /// A paste into the search box: one piece, card numbers masked before
    /// anything keeps it, line breaks and other control characters made
    /// spaces, clipped once to the longest query.
    pub(crate) fn take_paste(&mut self, text: &str) {
        let Some(Overlay::Search(st)) = self.overlays.last_mut() else {
            return;
        };
        self.status = None;
        let masked = crate::privacy::mask_card_numbers(text);
        let clean: String = masked
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        st.append(&clean);
    }

    /// Searches for the query as typed, if that has not been done yet and
    /// the index is ready (until then the query waits, and the box says so).
    pub(crate) fn run_pending_search(&mut self) {
        let lang = self.lang();
        let Some(index) = self.index.get() else {
            return;
        };
        for overlay in &mut self.overlays {
            if let Overlay::Search(st) = overlay {
                if st.pending {
                    st.rerun(index, lang);
                }
            }
        }
    }

    fn jump(&mut self, node: NodeIdx, code: Option<String>) {
        self.session.jump(node);
        self.after_move(None);
        if let Some(code) = code {
            self.show_jump_code(&code);
        }
        self.say_status("tui.msg_jumped", 0);
    }

    /// The walk moved: show the new point from the top, with `select`
    /// (or the first choice) selected, unless that choice would end the case.
    pub(in crate::tui) fn after_move(&mut self, select: Option<usize>) {
        let selected = self.default_choice(select);
        let path_sel = self.walk().map_or(0, |w| w.path_sel);
        let wait_started = self.wait_start();
        self.mode = Mode::Walk(Walk {
            selected,
            scroll: 0,
            focus: Focus::Content,
            path_sel,
            code: None,
            wait_started,
        });
        self.keep_in_view = true;
    }
}
