//! The state of the full-screen interface: the walk, the main mode, the
//! overlays open on top of it, and the preferences. It changes only in
//! `update` (and the few mutators here that need no layout); drawing reads it.

use super::case_state::{CallerForm, CaseDesk, HeldBy, NoteEditor, Summary};
use crate::case::Timestamp;
use crate::engine::Session;
use crate::handbook::outline::Fold;
use crate::i18n::Strings;
use crate::rules::{FindingNext, Lang, NodeBody, RuleSet, StepKind};
use crate::search::text::MAX_QUERY_CHARS;
use crate::search::{Hit, Index};
use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

pub use super::training::{
    Chooser, EscalationRound, Practice, Quiz, QuizRound, ResultPage, Scored, StepOrderRound,
    Training,
};

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

/// What the main screen is doing. Each mode's state implements its screen
/// (`screen::Screen`, in a module of `screens`); `Mode::screen` dispatches.
/// Clone, not Copy, so a mode's state may own data (a list of cases).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Walking the decision tree.
    Walk(Walk),
    /// The whole tree as an outline (`e`), over the walk it returns to.
    Explore(Explore),
    /// A case as a whole, to read and copy into a ticket.
    Summary(Summary),
    /// Training: choosing a practice case or set (and the trainee's name).
    TrainChooser(Chooser),
    /// Training: walking the tree on a practice case.
    Practice(Practice),
    /// Training: the score of the attempt, then its feedback.
    TrainScore(Scored),
    /// Training: a quiz round.
    Quiz(QuizRound),
}

/// The explore screen's own state: which categories and questions are
/// open, the selected row, the filter, and the walk screen to return to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explore {
    pub open: BTreeSet<Fold>,
    /// The selected row of the outline as shown.
    pub selected: usize,
    /// First body row shown.
    pub scroll: usize,
    /// Narrows the outline to the rows that contain it.
    pub filter: String,
    /// Keys type into the filter.
    pub filtering: bool,
    /// The walk screen as it was, for Esc / Back.
    pub back_to: Walk,
}

/// The walk screen's own state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Walk {
    /// The selected answer (question) or choice (0 = fixed, 1 = not fixed);
    /// none until the person picks one where the obvious default would end
    /// the case (see [`App::ends_case`]), so Enter cannot close it by itself.
    pub selected: Option<usize>,
    /// First body row shown.
    pub scroll: usize,
    pub focus: Focus,
    /// The selected breadcrumb while the path has the focus.
    pub path_sel: usize,
    /// The response code (index into `RuleSet::codes`) the walk jumped by,
    /// shown while the walk stands where the jump landed.
    pub code: Option<usize>,
    /// When the wait of the current step began to count down; none at
    /// any other step.
    pub wait_started: Option<Instant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Content,
    Path,
}

/// Which walk screen the current point shows, from the node's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Start,
    Question,
    Diagnosis,
    Escalation,
    Resolved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    Quit,
    Restart,
}

#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// What was typed, with any card number masked key by key as in the
    /// case boxes: the full number is never held, drawn or searched for.
    pub query: String,
    typing: crate::privacy::TypedRun,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// The query changed since `hits` were found; searched once before the
    /// next frame (or before anything that needs the hits).
    pub pending: bool,
}

/// A box drawn over the main screen; the top one gets the keys.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Search(SearchState),
    Confirm(Confirm),
    /// The caller's details (`i`).
    CallerForm(CallerForm),
    /// A note (`m`).
    Note(NoteEditor),
    /// The case asked for is held by someone else.
    HeldBy(HeldBy),
    /// The operator's open cases, to resume one (`o`).
    OpenCases {
        selected: usize,
    },
}

/// A short message under the body, kept as an i18n key (and a number) so a
/// language switch translates it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub key: &'static str,
    pub n: usize,
    /// A response code, for "{code}" (and "{text}": what the terminal shows).
    pub code: Option<String>,
    /// Other values for the text's placeholders (a store error's reason).
    pub args: Vec<(&'static str, String)>,
}

pub struct App<'r> {
    pub rules: &'r RuleSet,
    /// The case being worked on; the walk shows it, later modes summarise it.
    pub session: Session<'r>,
    pub strings: Strings,
    pub opts: Options,
    pub index: SearchIndex,
    pub mode: Mode,
    /// Open overlays, the last one on top.
    pub overlays: Vec<Overlay>,
    pub show_say: bool,
    pub status: Option<Status>,
    /// The terminal size, as last reported.
    pub size: (u16, u16),
    pub quit: bool,
    /// The time as of the last tick (or the start), for a wait's countdown.
    pub now: Instant,
    /// Cases: the store, the case on screen; none when the interface keeps
    /// no cases (a bare `App`, as the benchmark and most tests build it).
    pub cases: Option<CaseDesk>,
    /// The wall-clock time as of the last `Action::Clock`, for the events
    /// of a case and the call timer; passed in, so tests set it.
    pub clock: Timestamp,
    /// Set when the selection may have left the view or the layout changed;
    /// the next settle against a fresh layout scrolls it back.
    pub(crate) keep_in_view: bool,
    /// `posdoc train`: the practice run; none in the ordinary walk.
    pub training: Option<Training<'r>>,
}

impl<'r> App<'r> {
    pub fn new(rules: &'r RuleSet, lang: Lang, opts: Options) -> App<'r> {
        Self::with_session(Session::new(rules), lang, opts)
    }

    /// An app on an existing walk (e.g. one opened at a response code).
    pub fn with_session(session: Session<'r>, lang: Lang, opts: Options) -> App<'r> {
        let index = Index::build(session.rules(), &crate::i18n::category_labels());
        Self::with_search_index(session, lang, opts, SearchIndex::built(index))
    }

    /// An app whose search index is still to be built
    /// ([`App::prepare_search`]): the interface opens without waiting for
    /// it, and a search asked for before it is ready says so and runs when
    /// it is.
    pub fn with_search_to_prepare(session: Session<'r>, lang: Lang, opts: Options) -> App<'r> {
        Self::with_search_index(session, lang, opts, SearchIndex::preparing())
    }

    /// An app with `index`: built, or still to be built
    /// ([`App::prepare_search`]).
    pub fn with_search_index(
        session: Session<'r>,
        lang: Lang,
        opts: Options,
        index: SearchIndex,
    ) -> App<'r> {
        let rules = session.rules();
        let mut app = App {
            rules,
            session,
            strings: Strings::new(lang),
            opts,
            index,
            mode: Mode::Walk(Walk::default()),
            overlays: Vec::new(),
            show_say: false,
            status: None,
            size: (80, 24),
            quit: false,
            now: Instant::now(),
            cases: None,
            clock: Timestamp(0),
            keep_in_view: false,
            training: None,
        };
        let selected = app.default_choice(None);
        let wait_started = app.wait_start();
        app.change_walk(|w| {
            w.selected = selected;
            w.wait_started = wait_started;
        });
        app
    }

    /// Changes the walk screen's own state.
    pub(crate) fn change_walk(&mut self, change: impl FnOnce(&mut Walk)) {
        if let Some(w) = self.walk_mut() {
            change(w);
        }
    }

    /// The choice to select on arriving at the current point: `wanted` (or
    /// the first), unless there is no such choice or it would end the case.
    pub fn default_choice(&self, wanted: Option<usize>) -> Option<usize> {
        Some(wanted.unwrap_or(0)).filter(|&i| i < self.choice_count() && !self.ends_case(i))
    }

    /// The start of a countdown, when the current point is a wait step.
    pub(crate) fn wait_start(&self) -> Option<Instant> {
        (self.stage() == Stage::Diagnosis && self.session.step_kind() == Some(StepKind::Wait))
            .then_some(self.now)
    }

    /// What is left of the current wait step's time, as of the last tick;
    /// none when no wait is on screen.
    pub fn wait_left(&self) -> Option<Duration> {
        let started = self.walk()?.wait_started?;
        if self.session.step_kind() != Some(StepKind::Wait) {
            return None;
        }
        let p = self.session.current();
        let minutes = self
            .rules
            .node(p.node)
            .as_diagnosis()?
            .steps
            .get(p.step)?
            .minutes;
        let total = Duration::from_secs(u64::from(minutes) * 60);
        Some(total.saturating_sub(self.now.saturating_duration_since(started)))
    }

    /// A wait is on screen and still counting down: the event loop ticks
    /// once a second only then, so an idle screen uses no CPU.
    pub fn wait_running(&self) -> bool {
        self.overlays.is_empty() && self.wait_left().is_some_and(|left| !left.is_zero())
    }

    pub fn lang(&self) -> Lang {
        self.strings.lang
    }

    /// The overlay on top, if any.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    /// The walk screen's state, while the walk is the main mode.
    // The wildcard is for the modes to come, so adding one needs no arm here.
    #[allow(unreachable_patterns, clippy::match_wildcard_for_single_variants)]
    pub fn walk(&self) -> Option<&Walk> {
        match &self.mode {
            Mode::Walk(w) => Some(w),
            _ => None,
        }
    }

    #[allow(unreachable_patterns, clippy::match_wildcard_for_single_variants)]
    pub fn walk_mut(&mut self) -> Option<&mut Walk> {
        match &mut self.mode {
            Mode::Walk(w) => Some(w),
            _ => None,
        }
    }

    /// The kind of point the walk is at.
    pub fn stage(&self) -> Stage {
        Stage::of(&self.session)
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// How many choices the current point offers: answers; at a remedy
    /// step, fixed / not fixed for an action, the findings of a check, or
    /// "go on" for a wait.
    pub fn choice_count(&self) -> usize {
        choice_count(&self.session)
    }

    /// The findings the current check step can show; empty at any other point.
    pub fn current_findings(&self) -> &'r [crate::rules::Finding] {
        current_findings(&self.session)
    }

    /// Whether choice `i` at the current point ends the case (see [`ends_case`]).
    pub fn ends_case(&self, i: usize) -> bool {
        ends_case(&self.session, i)
    }

    /// Says which response code the walk was opened at.
    pub fn opened_at_code(&mut self, code: &str) {
        self.status = Some(Status {
            key: "walk.jump_code",
            n: 0,
            code: Some(code.to_string()),
            args: Vec::new(),
        });
        self.show_jump_code(code);
    }

    /// Shows what response code `code` means on the point the walk just
    /// jumped to (search, `--code`); any move forgets it.
    pub fn show_jump_code(&mut self, code: &str) {
        // An index, so the walk's state stays plain data.
        let index = self
            .rules
            .code(code)
            .and_then(|rc| self.rules.codes.iter().position(|c| c.code == rc.code));
        if let Some(w) = self.walk_mut() {
            w.code = index;
        }
    }

    /// `l`: shows the interface in the next language of `Lang::ALL`, on the
    /// same point; everything on screen, search hits included, follows.
    pub fn switch_language(&mut self) {
        self.strings = Strings::new(self.lang().next());
        let lang = self.lang();
        if let Some(index) = self.index.get() {
            for overlay in &mut self.overlays {
                if let Overlay::Search(st) = overlay {
                    st.rerun(index, lang);
                }
            }
        }
        self.keep_in_view = true;
    }
}

impl App<'static> {
    /// Makes the search index on a thread of its own, then calls `ready`
    /// (which wakes the event loop, so a search that waited runs): reads
    /// the bundled rules' prebuilt one (half a millisecond, kept off the
    /// first frame all the same), builds any other. Rules that live as long
    /// as the program let the thread outlast the interface: a quit never
    /// waits for it.
    pub fn prepare_search(&self, ready: impl FnOnce() + Send + 'static) {
        let Some((slot, bundled)) = self.index.to_fill() else {
            return;
        };
        let rules = self.rules;
        std::thread::spawn(move || {
            // A prebuilt index that is refused (a build defect the tests
            // catch, reported by `posdoc search`) is built instead: the
            // answers are the same.
            let index = bundled
                .then(|| Index::bundled().ok())
                .flatten()
                .unwrap_or_else(|| Index::build(rules, &crate::i18n::category_labels()));
            let _ = slot.set(index);
            ready();
        });
    }
}

/// The search index, or the place it will be in once built.
pub struct SearchIndex {
    slot: Arc<OnceLock<Index>>,
    /// The rules are the bundled ones: their index is read, not built.
    bundled: bool,
}

impl SearchIndex {
    pub fn built(index: Index) -> SearchIndex {
        SearchIndex {
            slot: Arc::new(OnceLock::from(index)),
            bundled: false,
        }
    }

    pub fn preparing() -> SearchIndex {
        SearchIndex {
            slot: Arc::new(OnceLock::new()),
            bundled: false,
        }
    }

    /// The place the bundled rules' index, built with posdoc
    /// ([`Index::bundled`]), will be read into.
    pub fn preparing_bundled() -> SearchIndex {
        SearchIndex {
            slot: Arc::new(OnceLock::new()),
            bundled: true,
        }
    }

    /// The index, once it is ready.
    pub fn get(&self) -> Option<&Index> {
        self.slot.get()
    }

    /// Where a builder puts the index, and whether it is the bundled rules'
    /// one; None when it is already there.
    fn to_fill(&self) -> Option<(Arc<OnceLock<Index>>, bool)> {
        self.slot
            .get()
            .is_none()
            .then(|| (Arc::clone(&self.slot), self.bundled))
    }
}

impl Stage {
    /// The kind of point `session` is at.
    pub fn of(session: &Session) -> Stage {
        let p = session.current();
        match &session.node().body {
            NodeBody::Question(_) if p.node == session.rules().start => Stage::Start,
            NodeBody::Question(_) => Stage::Question,
            NodeBody::Diagnosis(_) if p.fixed => Stage::Resolved,
            NodeBody::Diagnosis(_) => Stage::Diagnosis,
            NodeBody::Escalation(_) => Stage::Escalation,
            NodeBody::Resolved(_) => Stage::Resolved,
        }
    }
}

/// How many choices the point `session` is at offers: answers; at a
/// remedy step, fixed / not fixed for an action, the findings of a check,
/// or "go on" for a wait.
pub fn choice_count(session: &Session) -> usize {
    match Stage::of(session) {
        Stage::Start | Stage::Question => {
            session.node().as_question().map_or(0, |q| q.answers.len())
        }
        Stage::Diagnosis => match session.step_kind() {
            Some(StepKind::Check) => current_findings(session).len(),
            Some(StepKind::Wait) => 1,
            _ => 2,
        },
        _ => 0,
    }
}

/// The findings the current check step of `session` can show; empty at
/// any other point.
pub fn current_findings<'r>(session: &Session<'r>) -> &'r [crate::rules::Finding] {
    let rules: &'r RuleSet = session.rules();
    let p = session.current();
    rules
        .node(p.node)
        .as_diagnosis()
        .and_then(|d| d.steps.get(p.step))
        .map_or(&[], |st| st.found.as_slice())
}

/// Whether choice `i` at the point `session` is at ends the case: an
/// action's "fixed", the last step's "hand over" or "go on", a finding or
/// an answer that leads straight to a resolution or a hand-over. Such a
/// choice is never selected for the person.
pub fn ends_case(session: &Session, i: usize) -> bool {
    let rules = session.rules();
    let is_end = |idx| {
        matches!(
            rules.node(idx).body,
            NodeBody::Resolved(_) | NodeBody::Escalation(_)
        )
    };
    match Stage::of(session) {
        Stage::Start | Stage::Question => session
            .node()
            .as_question()
            .is_some_and(|q| q.answers.get(i).is_some_and(|a| is_end(a.next))),
        Stage::Diagnosis => {
            let last = session
                .node()
                .as_diagnosis()
                .is_some_and(|d| session.current().step + 1 >= d.steps.len());
            match session.step_kind() {
                Some(StepKind::Check) => current_findings(session).get(i).is_some_and(
                    |f| matches!(f.next, FindingNext::Node { idx, .. } if is_end(idx)),
                ),
                Some(StepKind::Wait) => last,
                _ => i == 0 || last,
            }
        }
        Stage::Escalation | Stage::Resolved => false,
    }
}

impl SearchState {
    /// Runs the query again, keeping the selection inside the hits.
    pub fn rerun(&mut self, index: &Index, lang: Lang) {
        self.hits = index.search(&self.query, lang, SEARCH_LIMIT);
        self.selected = self.selected.min(self.hits.len().saturating_sub(1));
        self.pending = false;
    }

    /// Adds typed or pasted text to the query, up to the longest query the
    /// search reads; the search itself waits (`pending`).
    pub fn append(&mut self, text: &str) {
        let room = MAX_QUERY_CHARS.saturating_sub(self.query.chars().count());
        for c in text.chars().take(room) {
            self.typing.push(&mut self.query, c);
        }
        self.selected = 0;
        self.pending = true;
    }

    /// Deletes the last character of the query; the search waits.
    pub fn erase(&mut self) {
        self.typing.pop(&mut self.query);
        self.selected = 0;
        self.pending = true;
    }
}
