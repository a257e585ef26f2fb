//! The state of the full-screen interface and the one place it changes:
//! `App::update(Action)`. Input events are mapped to actions (`keys`), the
//! state is updated here, and `view::render` draws it without changing it.

use super::view::{self, Target};
use crate::engine::{Move, Session};
use crate::i18n::Strings;
use crate::rules::{Lang, NodeBody, NodeIdx, RuleSet, StepKind};
use crate::search::{Hit, Index};

/// How many search results to show.
pub const SEARCH_LIMIT: usize = 10;
/// The smallest usable window.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Capture the mouse (clicks, wheel).
    pub mouse: bool,
    /// Use colour (false under NO_COLOR).
    pub color: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mouse: true,
            color: true,
        }
    }
}

/// Everything the user can ask for, whatever the input device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A number key: answer `n` (0-based), or at a remedy step 0 = fixed, 1 = not fixed.
    Pick(usize),
    Up,
    Down,
    Left,
    Right,
    Enter,
    Back,
    Tab,
    Esc,
    Restart,
    ToggleLang,
    ToggleSay,
    Help,
    Search,
    Quit,
    CtrlC,
    Suspend,
    /// `y`: fixed / confirm.
    Yes,
    /// `n`: not fixed.
    No,
    /// Any other key while a confirmation is shown.
    Other,
    /// A character typed into the search box.
    Type(char),
    /// Backspace in the search box.
    Erase,
    ScrollUp,
    ScrollDown,
    PageUp,
    PageDown,
    Home,
    End,
    Click {
        x: u16,
        y: u16,
    },
    Resize(u16, u16),
    /// SIGTERM / SIGHUP / SIGINT: leave now.
    Terminate,
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    Suspend,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    Quit,
    Restart,
}

#[derive(Debug, Clone, Default)]
pub struct SearchState {
    pub query: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    Help { scroll: usize },
    Search(SearchState),
    Confirm(Confirm),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Content,
    Path,
}

/// Which screen the current point shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Start,
    Question,
    Diagnosis,
    Escalation,
    Resolved,
}

/// A short message under the body, kept as an i18n key (and a number) so a
/// language switch translates it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub key: &'static str,
    pub n: usize,
    /// A response code, for "{code}" (and "{text}": what the terminal shows).
    pub code: Option<String>,
}

pub struct App<'r> {
    pub rules: &'r RuleSet,
    pub session: Session<'r>,
    pub strings: Strings,
    pub opts: Options,
    pub index: Index,
    /// The selected answer (question) or choice (0 = fixed, 1 = not fixed).
    pub selected: usize,
    /// First body row shown.
    pub scroll: usize,
    pub show_say: bool,
    pub focus: Focus,
    /// The selected breadcrumb while the path has the focus.
    pub path_sel: usize,
    pub overlay: Overlay,
    pub status: Option<Status>,
    /// The terminal size, as last reported.
    pub size: (u16, u16),
    pub quit: bool,
}

impl<'r> App<'r> {
    pub fn new(rules: &'r RuleSet, lang: Lang, opts: Options) -> App<'r> {
        Self::with_session(Session::new(rules), lang, opts)
    }

    /// An app on an existing walk (e.g. one opened at a response code).
    pub fn with_session(session: Session<'r>, lang: Lang, opts: Options) -> App<'r> {
        let rules = session.rules();
        App {
            rules,
            session,
            strings: Strings::new(lang),
            opts,
            index: Index::build(rules, &crate::i18n::category_labels()),
            selected: 0,
            scroll: 0,
            show_say: false,
            focus: Focus::Content,
            path_sel: 0,
            overlay: Overlay::None,
            status: None,
            size: (80, 24),
            quit: false,
        }
    }

    pub fn lang(&self) -> Lang {
        self.strings.lang
    }

    pub fn screen(&self) -> Screen {
        let p = self.session.current();
        match &self.session.node().body {
            NodeBody::Question(_) if p.node == self.rules.start => Screen::Start,
            NodeBody::Question(_) => Screen::Question,
            NodeBody::Diagnosis(_) if p.fixed => Screen::Resolved,
            NodeBody::Diagnosis(_) => Screen::Diagnosis,
            NodeBody::Escalation(_) => Screen::Escalation,
            NodeBody::Resolved(_) => Screen::Resolved,
        }
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// How many choices the current point offers (answers, or fixed / not fixed).
    pub fn choice_count(&self) -> usize {
        match self.screen() {
            Screen::Start | Screen::Question => self
                .session
                .node()
                .as_question()
                .map_or(0, |q| q.answers.len()),
            Screen::Diagnosis => 2,
            _ => 0,
        }
    }

    fn say_status(&mut self, key: &'static str, n: usize) {
        self.status = Some(Status { key, n, code: None });
    }

    /// Says which response code the walk was opened at.
    pub fn opened_at_code(&mut self, code: &str) {
        self.status = Some(Status {
            key: "walk.jump_code",
            n: 0,
            code: Some(code.to_string()),
        });
    }

    /// The one place state changes.
    pub fn update(&mut self, action: Action) -> Effect {
        match action {
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.ensure_visible();
                return Effect::None;
            }
            Action::Terminate => {
                self.quit = true;
                return Effect::Quit;
            }
            Action::Suspend => return Effect::Suspend,
            _ => {}
        }
        self.status = None;
        match self.overlay.clone() {
            Overlay::Confirm(kind) => self.update_confirm(kind, action),
            Overlay::Help { scroll } => self.update_help(scroll, action),
            Overlay::Search(st) => self.update_search(st, action),
            Overlay::None => self.update_main(action),
        }
    }

    fn quit_now(&mut self) -> Effect {
        self.quit = true;
        Effect::Quit
    }

    fn ask_quit(&mut self) -> Effect {
        if self.session.in_progress() {
            self.overlay = Overlay::Confirm(Confirm::Quit);
            Effect::None
        } else {
            self.quit_now()
        }
    }

    fn update_confirm(&mut self, kind: Confirm, action: Action) -> Effect {
        self.overlay = Overlay::None;
        match (kind, action) {
            (Confirm::Quit, Action::Yes | Action::CtrlC) => self.quit_now(),
            (Confirm::Restart, Action::Yes) => {
                self.session.restart();
                self.after_move(None);
                Effect::None
            }
            (Confirm::Restart, Action::CtrlC) => self.ask_quit(),
            _ => Effect::None,
        }
    }

    fn update_help(&mut self, scroll: usize, action: Action) -> Effect {
        let max = view::help_max_scroll(self);
        let scroll = match action {
            Action::Esc | Action::Help | Action::Quit | Action::Enter | Action::Back => {
                self.overlay = Overlay::None;
                return Effect::None;
            }
            Action::CtrlC => {
                self.overlay = Overlay::None;
                return self.ask_quit();
            }
            Action::ToggleLang => {
                self.toggle_lang();
                scroll
            }
            Action::Up | Action::ScrollUp => scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => scroll + 1,
            Action::PageUp => scroll.saturating_sub(10),
            Action::PageDown => scroll + 10,
            Action::Home => 0,
            Action::End => max,
            _ => scroll,
        };
        self.overlay = Overlay::Help {
            scroll: scroll.min(max),
        };
        Effect::None
    }

    fn run_search(&self, st: &mut SearchState) {
        st.hits = self.index.search(&st.query, self.lang(), SEARCH_LIMIT);
        st.selected = st.selected.min(st.hits.len().saturating_sub(1));
    }

    fn update_search(&mut self, mut st: SearchState, action: Action) -> Effect {
        match action {
            Action::Esc => {
                self.overlay = Overlay::None;
                return Effect::None;
            }
            Action::CtrlC => {
                self.overlay = Overlay::None;
                return self.ask_quit();
            }
            Action::Type(c) => {
                st.query.push(c);
                st.selected = 0;
                self.run_search(&mut st);
            }
            Action::Erase => {
                st.query.pop();
                st.selected = 0;
                self.run_search(&mut st);
            }
            Action::Up | Action::ScrollUp => st.selected = st.selected.saturating_sub(1),
            Action::Down | Action::ScrollDown => {
                st.selected = (st.selected + 1).min(st.hits.len().saturating_sub(1))
            }
            Action::Home => st.selected = 0,
            Action::End => st.selected = st.hits.len().saturating_sub(1),
            Action::Enter => {
                if let Some(hit) = st.hits.get(st.selected) {
                    let node = hit.node;
                    self.overlay = Overlay::None;
                    self.jump(node);
                    return Effect::None;
                }
            }
            Action::Click { x, y } => {
                if let Some(Target::Hit(i)) = view::hit_test(self, x, y) {
                    if let Some(hit) = st.hits.get(i) {
                        let node = hit.node;
                        self.overlay = Overlay::None;
                        self.jump(node);
                        return Effect::None;
                    }
                }
            }
            _ => {}
        }
        self.overlay = Overlay::Search(st);
        Effect::None
    }

    fn jump(&mut self, node: NodeIdx) {
        self.session.jump(node);
        self.after_move(None);
        self.say_status("tui.msg_jumped", 0);
    }

    /// `l`: the next language of `Lang::ALL`, on the same point.
    fn toggle_lang(&mut self) {
        self.strings = Strings::new(self.lang().next());
        if let Overlay::Search(mut st) = self.overlay.clone() {
            self.run_search(&mut st);
            self.overlay = Overlay::Search(st);
        }
        self.ensure_visible();
    }

    fn update_main(&mut self, action: Action) -> Effect {
        let screen = self.screen();
        if self.focus == Focus::Path {
            match action {
                Action::Left | Action::Up => {
                    self.path_sel = self.path_sel.saturating_sub(1);
                    return Effect::None;
                }
                Action::Right | Action::Down => {
                    self.path_sel = (self.path_sel + 1).min(self.session.trail().len() - 1);
                    return Effect::None;
                }
                Action::Enter => {
                    self.go_back_to(self.path_sel);
                    return Effect::None;
                }
                Action::Tab | Action::Esc => {
                    self.focus = Focus::Content;
                    return Effect::None;
                }
                Action::Home => {
                    self.path_sel = 0;
                    return Effect::None;
                }
                Action::End => {
                    self.path_sel = self.session.trail().len() - 1;
                    return Effect::None;
                }
                _ => self.focus = Focus::Content,
            }
        }
        match action {
            Action::Pick(i) => self.choose(i),
            Action::Yes if screen == Screen::Diagnosis => self.choose(0),
            Action::No if screen == Screen::Diagnosis => self.choose(1),
            Action::Up | Action::Down => {
                let n = self.choice_count();
                if n == 0 {
                    self.scroll_by(if action == Action::Up { -1 } else { 1 });
                } else {
                    self.selected = if action == Action::Up {
                        self.selected.saturating_sub(1)
                    } else {
                        (self.selected + 1).min(n - 1)
                    };
                    self.ensure_visible();
                }
            }
            Action::Enter => {
                if self.choice_count() > 0 {
                    self.choose(self.selected);
                } else if self.session.is_finished() {
                    self.say_status("tui.msg_finished", 0);
                }
            }
            Action::Back => self.go_back(),
            Action::Tab => {
                self.focus = Focus::Path;
                self.path_sel = self.session.trail().len() - 1;
            }
            Action::Esc | Action::Quit | Action::CtrlC => return self.ask_quit(),
            Action::Restart => {
                if self.session.in_progress() {
                    self.overlay = Overlay::Confirm(Confirm::Restart);
                } else {
                    self.session.restart();
                    self.after_move(None);
                }
            }
            Action::ToggleLang => {
                self.toggle_lang();
                self.say_status("tui.lang_now", 0);
            }
            Action::ToggleSay => {
                self.show_say = !self.show_say;
                self.ensure_visible();
            }
            Action::Help => self.overlay = Overlay::Help { scroll: 0 },
            Action::Search => self.overlay = Overlay::Search(SearchState::default()),
            Action::ScrollUp => self.scroll_by(-3),
            Action::ScrollDown => self.scroll_by(3),
            Action::PageUp => self.scroll_by(-(self.page() as isize)),
            Action::PageDown => self.scroll_by(self.page() as isize),
            Action::Home => self.scroll = 0,
            Action::End => self.scroll = view::body_max_scroll(self),
            Action::Click { x, y } => match view::hit_test(self, x, y) {
                Some(Target::Answer(i)) => {
                    self.selected = i;
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

    fn page(&self) -> usize {
        view::body_height(self).saturating_sub(1).max(1)
    }

    fn scroll_by(&mut self, delta: isize) {
        let max = view::body_max_scroll(self);
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    /// Choice `i` at the current point.
    fn choose(&mut self, i: usize) {
        match self.screen() {
            Screen::Start | Screen::Question => match self.session.answer(i) {
                Ok(()) => self.after_move(None),
                Err(_) => self.say_status("tui.msg_no_choice", i + 1),
            },
            // Until the diagnosis screen shows a check's findings and a wait's
            // countdown, number keys pick a finding and 1/y ends a wait.
            Screen::Diagnosis => {
                let moved = match self.session.step_kind() {
                    Some(StepKind::Check) => self.session.found(i).is_ok(),
                    Some(StepKind::Wait) => i == 0 && self.session.wait_over().is_ok(),
                    _ => i < 2 && self.session.step_result(i == 0).is_ok(),
                };
                if moved {
                    self.after_move(None);
                } else if i >= 2 {
                    self.say_status("tui.msg_no_choice", i + 1);
                }
            }
            Screen::Escalation | Screen::Resolved => self.say_status("tui.msg_finished", 0),
        }
    }

    /// The choice that led away from the point now shown, to select it again.
    fn choice_from(&self, via: Move) -> Option<usize> {
        match via {
            Move::Answer { answer } => Some(answer),
            Move::Fixed { .. } => Some(0),
            Move::NotFixed { .. } => Some(1),
            _ => None,
        }
    }

    fn go_back(&mut self) {
        let via = self.session.current().via;
        if self.session.back() {
            self.after_move(self.choice_from(via));
            self.say_status("tui.msg_went_back", 0);
        } else {
            self.say_status("tui.msg_at_start", 0);
        }
    }

    fn go_back_to(&mut self, depth: usize) {
        let via = self.session.trail().get(depth + 1).map(|p| p.via);
        if self.session.back_to(depth).is_ok() {
            self.after_move(via.and_then(|v| self.choice_from(v)));
            self.say_status("tui.msg_went_back_to", depth + 1);
        }
    }

    fn after_move(&mut self, select: Option<usize>) {
        self.selected = select
            .unwrap_or(0)
            .min(self.choice_count().saturating_sub(1));
        self.scroll = 0;
        self.focus = Focus::Content;
        self.ensure_visible();
    }

    /// Scrolls the body so the selected choice can be seen (and, when it
    /// fits too, the remedy step it answers).
    pub fn ensure_visible(&mut self) {
        let info = view::scroll_info(self);
        let h = info.height;
        if let Some((first, last, anchor)) = info.keep {
            if last >= self.scroll + h {
                self.scroll = (last + 1).saturating_sub(h);
            }
            if first < self.scroll {
                self.scroll = first;
            }
            if let Some(a) = anchor {
                if a < self.scroll && last + 1 - a <= h {
                    self.scroll = a;
                }
            }
        }
        self.scroll = self.scroll.min(info.max_scroll);
    }
}
