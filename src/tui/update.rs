//! The one place the state changes: `apply` an action, then `settle` the
//! scroll against a fresh layout. What is on screen (scroll extents, click
//! targets) comes from the layout document; this module never lays out or
//! draws anything itself, so it depends on no screen.

use super::action::{Action, Effect};
use super::doc::{Layout, Target};
use super::state::{App, Confirm, Focus, Mode, Overlay, SearchState, Stage, Status, Walk};
use crate::engine::Move;
use crate::rules::NodeIdx;

/// Lays out the frame for the current state, on demand.
pub type LayoutOnDemand<'f> = &'f dyn Fn(&App) -> Layout;

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
            Action::Suspend => return Effect::Suspend,
            _ => {}
        }
        self.status = None;
        match self.overlays.last().cloned() {
            Some(Overlay::Confirm(kind)) => self.update_confirm(kind, action),
            Some(Overlay::Help { scroll }) => self.update_help(scroll, action, layout),
            Some(Overlay::Search(st)) => self.update_search(st, action, layout),
            None => match self.mode {
                Mode::Walk(w) => self.update_walk(w, action, layout),
            },
        }
    }

    /// Scrolls the body so the selected choice can be seen (and, when it
    /// fits too, the remedy step it answers), once something asked for it.
    pub(crate) fn settle(&mut self, layout: &Layout) {
        if !std::mem::take(&mut self.keep_in_view) {
            return;
        }
        let want = match self.stage() {
            Stage::Start | Stage::Question => {
                self.walk().and_then(|w| w.selected).map(Target::Answer)
            }
            Stage::Diagnosis => Some(Target::Step(self.session.current().step)),
            _ => None,
        };
        let Some(w) = self.walk_mut() else { return };
        let h = layout.body_height();
        if let Some((first, last)) = want.and_then(|t| layout.rows_of(t)) {
            if last >= w.scroll + h {
                w.scroll = (last + 1).saturating_sub(h);
            }
            if first < w.scroll {
                w.scroll = first;
            }
            if let Some(a) = layout.anchor() {
                if a < w.scroll && last + 1 - a <= h {
                    w.scroll = a;
                }
            }
        }
        w.scroll = w.scroll.min(layout.max_scroll());
    }

    fn say_status(&mut self, key: &'static str, n: usize) {
        self.status = Some(Status { key, n, code: None });
    }

    fn quit_now(&mut self) -> Effect {
        self.quit = true;
        Effect::Quit
    }

    /// Quits, asking first while a case is open: begun and not yet
    /// resolved or handed over.
    fn ask_quit(&mut self) -> Effect {
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
            st.rerun(&self.index, self.lang());
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
                st.selected = (st.selected + 1).min(last(&st))
            }
            Action::SelectFirst => st.selected = 0,
            Action::SelectLast => st.selected = last(&st),
            Action::Confirm => {
                if let Some(hit) = st.hits.get(st.selected) {
                    let node = hit.node;
                    self.overlays.pop();
                    self.jump(node);
                    return Effect::None;
                }
            }
            Action::Click { x, y } => {
                if let Some(Target::Hit(i)) = layout(self).target_at(x, y, 0) {
                    if let Some(hit) = st.hits.get(i) {
                        let node = hit.node;
                        self.overlays.pop();
                        self.jump(node);
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

    /// Searches for the query as typed, if that has not been done yet.
    pub(crate) fn run_pending_search(&mut self) {
        let lang = self.lang();
        for overlay in &mut self.overlays {
            if let Overlay::Search(st) = overlay {
                if st.pending {
                    st.rerun(&self.index, lang);
                }
            }
        }
    }

    fn jump(&mut self, node: NodeIdx) {
        self.session.jump(node);
        self.after_move(None);
        self.say_status("tui.msg_jumped", 0);
    }

    fn update_walk(&mut self, w: Walk, action: Action, layout: LayoutOnDemand) -> Effect {
        if w.focus == Focus::Path {
            let last = self.session.trail().len() - 1;
            let path_sel = match action {
                Action::SelectPrev => w.path_sel.saturating_sub(1),
                Action::SelectNext => (w.path_sel + 1).min(last),
                Action::SelectFirst => 0,
                Action::SelectLast => last,
                Action::Confirm => {
                    self.go_back_to(w.path_sel);
                    return Effect::None;
                }
                Action::ToggleFocus | Action::Cancel => {
                    self.change_walk(|w| w.focus = Focus::Content);
                    return Effect::None;
                }
                // Any other action leaves the path and acts on the content.
                _ => {
                    self.change_walk(|w| w.focus = Focus::Content);
                    return self.update_walk_content(action, layout);
                }
            };
            self.change_walk(|w| w.path_sel = path_sel);
            return Effect::None;
        }
        self.update_walk_content(action, layout)
    }

    fn update_walk_content(&mut self, action: Action, layout: LayoutOnDemand) -> Effect {
        let stage = self.stage();
        let selected = self.walk().and_then(|w| w.selected);
        match action {
            Action::Choose(i) => self.choose(i),
            Action::Fixed if stage == Stage::Diagnosis => self.choose(0),
            Action::NotFixed if stage == Stage::Diagnosis => self.choose(1),
            Action::SelectPrev | Action::SelectNext => {
                let up = action == Action::SelectPrev;
                let n = self.choice_count();
                if n == 0 {
                    self.scroll_by(if up { -1 } else { 1 }, layout);
                } else {
                    // With nothing selected yet, either arrow selects the first choice.
                    self.change_walk(|w| {
                        w.selected = Some(match w.selected {
                            None => 0,
                            Some(s) if up => s.saturating_sub(1),
                            Some(s) => (s + 1).min(n - 1),
                        })
                    });
                    self.keep_in_view = true;
                }
            }
            Action::Confirm => {
                if let Some(i) = selected.filter(|_| self.choice_count() > 0) {
                    self.choose(i);
                } else if self.choice_count() > 0 {
                    self.say_status("tui.msg_choose_first", 0);
                } else if self.session.is_finished() {
                    self.say_status("tui.msg_finished", 0);
                }
            }
            Action::GoBack => self.go_back(),
            Action::ToggleFocus => {
                let last = self.session.trail().len() - 1;
                self.change_walk(|w| {
                    w.focus = Focus::Path;
                    w.path_sel = last;
                });
            }
            Action::Cancel | Action::Quit | Action::Interrupt => return self.ask_quit(),
            Action::Restart => {
                if self.session.in_progress() {
                    self.overlays.push(Overlay::Confirm(Confirm::Restart));
                } else {
                    self.session.restart();
                    self.after_move(None);
                }
            }
            Action::SwitchLanguage => {
                self.switch_language();
                self.say_status("tui.lang_now", 0);
            }
            Action::ToggleSay => {
                self.show_say = !self.show_say;
                self.keep_in_view = true;
            }
            Action::OpenHelp => self.overlays.push(Overlay::Help { scroll: 0 }),
            Action::OpenSearch => self.overlays.push(Overlay::Search(SearchState::default())),
            Action::ScrollUp => self.scroll_by(-3, layout),
            Action::ScrollDown => self.scroll_by(3, layout),
            Action::ScrollPageUp => {
                let page = page(&layout(self));
                self.scroll_by(-(page as isize), layout);
            }
            Action::ScrollPageDown => {
                let page = page(&layout(self));
                self.scroll_by(page as isize, layout);
            }
            Action::ScrollToTop => self.change_walk(|w| w.scroll = 0),
            Action::ScrollToEnd => {
                let max = layout(self).max_scroll();
                self.change_walk(|w| w.scroll = max);
            }
            Action::Click { x, y } => match layout(self).target_at(x, y, self.body_scroll()) {
                Some(Target::Answer(i)) => {
                    self.change_walk(|w| w.selected = Some(i));
                    self.choose(i);
                }
                Some(Target::Fixed(fixed)) => self.choose(usize::from(!fixed)),
                Some(Target::Crumb(d)) => self.go_back_to(d),
                _ => {}
            },
            _ => {}
        }
        Effect::None
    }

    fn scroll_by(&mut self, delta: isize, layout: LayoutOnDemand) {
        let max = layout(self).max_scroll();
        self.change_walk(|w| w.scroll = w.scroll.saturating_add_signed(delta).min(max));
    }

    /// Choice `i` at the current point.
    fn choose(&mut self, i: usize) {
        match self.stage() {
            Stage::Start | Stage::Question => match self.session.answer(i) {
                Ok(()) => self.after_move(None),
                Err(_) => self.say_status("tui.msg_no_choice", i + 1),
            },
            Stage::Diagnosis if i < 2 => {
                if self.session.step_result(i == 0).is_ok() {
                    self.after_move(None);
                }
            }
            Stage::Diagnosis => self.say_status("tui.msg_no_choice", i + 1),
            Stage::Escalation | Stage::Resolved => self.say_status("tui.msg_finished", 0),
        }
    }

    fn go_back(&mut self) {
        let via = self.session.current().via;
        if self.session.back() {
            self.after_move(choice_from(via));
            self.say_status("tui.msg_went_back", 0);
        } else {
            self.say_status("tui.msg_at_start", 0);
        }
    }

    fn go_back_to(&mut self, depth: usize) {
        let via = self.session.trail().get(depth + 1).map(|p| p.via);
        if self.session.back_to(depth).is_ok() {
            self.after_move(via.and_then(choice_from));
            self.say_status("tui.msg_went_back_to", depth + 1);
        }
    }

    /// The walk moved: show the new point from the top, with `select`
    /// (or the first choice) selected, unless that choice would end the case.
    fn after_move(&mut self, select: Option<usize>) {
        let selected = self.default_choice(select);
        let path_sel = self.walk().map_or(0, |w| w.path_sel);
        self.mode = Mode::Walk(Walk {
            selected,
            scroll: 0,
            focus: Focus::Content,
            path_sel,
        });
        self.keep_in_view = true;
    }
}

/// One page of the body: its height less one row of overlap.
fn page(layout: &Layout) -> usize {
    layout.body_height().saturating_sub(1).max(1)
}

/// The choice that led away from the point now shown, to select it again.
fn choice_from(via: Move) -> Option<usize> {
    match via {
        Move::Answer { answer } => Some(answer),
        Move::Fixed { .. } => Some(0),
        Move::NotFixed { .. } => Some(1),
        _ => None,
    }
}
