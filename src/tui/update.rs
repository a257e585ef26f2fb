//! The one place the state changes: `apply` an action, then `settle` the
//! scroll against a fresh layout. What is on screen (scroll extents, click
//! targets) comes from the layout document; this module never lays out or
//! draws anything itself, so it depends on no screen: overlays are handled
//! here, and an action no overlay takes goes to the main screen through
//! `Mode::screen` (the screen's own half of update lives with the screen).

use super::action::{Action, Effect};
use super::doc::{Layout, Target};
use super::screen::LayoutOnDemand;
use super::state::{App, Confirm, Explore, Focus, Mode, Overlay, SearchState, Status, Walk};
use crate::handbook::outline::{self, Fold, RowKind};
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
            Action::Clock(at) => {
                self.clock = at;
                return Effect::None;
            }
            _ => {}
        }
        self.status = None;
        match self.overlays.last().cloned() {
            Some(Overlay::Confirm(kind)) => self.update_confirm(kind, action),
            Some(Overlay::Help { scroll }) => self.update_help(scroll, action, layout),
            Some(Overlay::Search(st)) => self.update_search(st, action, layout),
            Some(Overlay::CallerForm(st)) => self.update_caller_form(st, action),
            Some(Overlay::Note(st)) => self.update_note(st, action),
            Some(Overlay::HeldBy(st)) => self.update_held_by(st, action),
            Some(Overlay::OpenCases { selected }) => self.update_case_list(selected, action),
            None => {
                if let (Mode::Walk(walk), Action::OpenExplore) = (&self.mode, action) {
                    let walk = *walk;
                    self.open_explore(walk);
                    return Effect::None;
                }
                if let Some(effect) = self.case_action(action) {
                    return effect;
                }
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
        self.status = Some(Status {
            key,
            n,
            code: None,
            args: Vec::new(),
        });
    }

    fn quit_now(&mut self) -> Effect {
        self.leave_case();
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
                self.new_case();
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
                    self.search_cause(&st.query);
                    self.jump(node, code);
                    return Effect::None;
                }
            }
            Action::Click { x, y } => {
                if let Some(Target::Hit(i)) = layout(self).target_at(x, y, 0) {
                    if let Some(hit) = st.hits.get(i) {
                        let (node, code) = (hit.node, hit.code.clone());
                        self.overlays.pop();
                        self.search_cause(&st.query);
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
        if self.paste_into_case_box(text) {
            self.status = None;
            return;
        }
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

    /// The next jump of the walk was asked for by searching `query`.
    fn search_cause(&mut self, query: &str) {
        if let Some(desk) = self.cases.as_mut() {
            desk.pending_cause = Some(crate::case::JumpCause::Search {
                query: crate::case::intake::clean(query),
            });
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

impl App<'_> {
    /// `e`: the whole tree as an outline, open at the walk's category (and
    /// question), with the walk's node selected when it has a row.
    fn open_explore(&mut self, back_to: Walk) {
        let here = self.session.current().node;
        let mut open = std::collections::BTreeSet::new();
        if here != self.rules.start {
            open.extend(outline::folds_to(self.rules, here));
        }
        let rows = outline::rows(self.rules, &self.strings, &open, "");
        let category = self.rules.node(here).category;
        let selected = rows
            .iter()
            .position(|r| r.node == Some(here) && !matches!(r.kind, RowKind::Answer { .. }))
            .or_else(|| {
                rows.iter()
                    .position(|r| r.kind == RowKind::Category(category))
                    .filter(|_| here != self.rules.start)
            })
            .unwrap_or(0);
        self.mode = Mode::Explore(Explore {
            open,
            selected,
            scroll: 0,
            filter: String::new(),
            filtering: false,
            back_to,
        });
        self.keep_in_view = true;
    }

    /// What the actions mean on the explore screen.
    pub(in crate::tui) fn update_explore(
        &mut self,
        mut e: Explore,
        action: Action,
        layout: LayoutOnDemand,
    ) -> Effect {
        let rows = outline::rows(self.rules, &self.strings, &e.open, &e.filter);
        let last = rows.len().saturating_sub(1);
        e.selected = e.selected.min(last);
        let row = rows.get(e.selected);
        match action {
            Action::SelectPrev | Action::ScrollUp => e.selected = e.selected.saturating_sub(1),
            Action::SelectNext | Action::ScrollDown => e.selected = (e.selected + 1).min(last),
            Action::SelectFirst | Action::ScrollToTop => e.selected = 0,
            Action::SelectLast | Action::ScrollToEnd => e.selected = last,
            Action::ScrollPageUp | Action::ScrollPageDown => {
                let page = layout(self).body_height().saturating_sub(1).max(1);
                e.selected = if action == Action::ScrollPageUp {
                    e.selected.saturating_sub(page)
                } else {
                    (e.selected + page).min(last)
                };
            }
            Action::Unfold => match (row.and_then(outline::Row::fold), row.and_then(|r| r.open)) {
                (Some(fold), Some(false)) => {
                    e.open.insert(fold);
                }
                // Open already: on to its first row.
                (Some(_), Some(true)) => e.selected = (e.selected + 1).min(last),
                _ => {}
            },
            Action::Fold => match (row.and_then(outline::Row::fold), row.and_then(|r| r.open)) {
                (Some(fold), Some(true)) if e.filter.is_empty() => {
                    e.open.remove(&fold);
                }
                // Closed, or a leaf: to the row that holds it.
                _ => {
                    let depth = row.map_or(0, |r| r.depth);
                    if let Some(parent) = rows[..e.selected].iter().rposition(|r| r.depth < depth) {
                        e.selected = parent;
                    }
                }
            },
            Action::Confirm => match row.map(|r| (r.kind, r.node)) {
                Some((RowKind::Category(c), _)) => {
                    let fold = Fold::Category(c);
                    let was_open = e.open.remove(&fold);
                    if !was_open {
                        e.open.insert(fold);
                    }
                }
                Some((_, Some(node))) => {
                    self.open_from_outline(node);
                    return Effect::None;
                }
                _ => {}
            },
            Action::OpenSearch => e.filtering = true,
            Action::Type(c) if e.filtering => {
                e.filter.push(c);
                e.selected = 0;
            }
            Action::Erase if e.filtering => {
                e.filter.pop();
                e.selected = 0;
            }
            Action::Cancel if e.filtering || !e.filter.is_empty() => {
                e.filtering = false;
                e.filter.clear();
                e.selected = 0;
            }
            Action::Cancel | Action::GoBack => {
                self.mode = Mode::Walk(e.back_to);
                self.keep_in_view = true;
                return Effect::None;
            }
            Action::Click { y, .. } => {
                let body = layout(self).regions.body;
                if y >= body.y && y < body.bottom() {
                    let at = e.scroll + (y - body.y) as usize;
                    if at <= last && !rows.is_empty() {
                        e.selected = at;
                    }
                }
            }
            Action::SwitchLanguage => self.switch_language(),
            Action::OpenHelp => self.overlays.push(Overlay::Help { scroll: 0 }),
            Action::Quit | Action::Interrupt => return self.ask_quit(),
            _ => {}
        }
        self.mode = Mode::Explore(e);
        self.keep_in_view = true;
        Effect::None
    }

    /// Enter on a row: the walk jumps to its node (Back returns), as from
    /// search.
    fn open_from_outline(&mut self, node: NodeIdx) {
        self.session.jump(node);
        self.after_move(None);
        self.say_status("tui.msg_explore_opened", 0);
    }

    /// Keeps the selected row of the outline in view (one row per item).
    pub(in crate::tui) fn settle_explore(&mut self, layout: &Layout) {
        let h = layout.body_height().max(1);
        let max = layout.max_scroll();
        if let Mode::Explore(e) = &mut self.mode {
            if e.selected >= e.scroll + h {
                e.scroll = e.selected + 1 - h;
            }
            if e.selected < e.scroll {
                e.scroll = e.selected;
            }
            e.scroll = e.scroll.min(max);
        }
    }
}
