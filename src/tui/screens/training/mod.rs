//! `posdoc train` in the full-screen interface: the chooser (a set, a
//! case, the trainee's name), the practice walk, the score and feedback,
//! and the quiz round. One module per screen; each holds its screen's half
//! of update, as the walk does. The run itself (cases, trainee, attempt)
//! is `App::training` (`tui::training`).

pub mod chooser;
pub mod practice;
pub mod quiz;
pub mod score;

use crate::engine::Session;
use crate::rules::Lang;
use crate::training::{CaseFilter, PracticeSet};
use crate::tui::action::Effect;
use crate::tui::doc::Doc;
use crate::tui::state::{App, Chooser, Mode, Options, Training};
use crate::tui::training::Practice;
use ratatui::text::Span;

/// How a training run opens.
pub struct TrainingStart<'r> {
    pub set: &'r PracticeSet,
    /// The trainee's name; asked for on the chooser when none.
    pub trainee: Option<String>,
    /// Open this case (an index into `set.cases`) at once.
    pub case: Option<usize>,
    /// The set the chooser starts with.
    pub filter: CaseFilter,
    /// Unix seconds now, for the attempts' start times.
    pub started_unix: u64,
    /// Seeds the quizzes; from the time in the program, fixed in tests.
    pub seed: u64,
}

impl<'r> App<'r> {
    /// The interface in training: the chooser, or the practice case given.
    /// `index` is the search index, usually still to be prepared after the
    /// first frame ([`App::prepare_search`]).
    pub fn for_training(
        rules: &'r crate::rules::RuleSet,
        lang: Lang,
        opts: Options,
        start: &TrainingStart<'r>,
        index: crate::tui::state::SearchIndex,
    ) -> App<'r> {
        let mut app = App::with_search_index(Session::new(rules), lang, opts, index);
        let trainee = start
            .trainee
            .as_deref()
            .map(crate::training::attempts::clean_trainee)
            .unwrap_or_default();
        let named = !trainee.is_empty();
        app.training = Some(Training {
            set: start.set,
            trainee,
            filter: start.filter,
            queue: Vec::new(),
            pos: 0,
            session: None,
            origin: app.now,
            started_unix: start.started_unix,
            attempt_started_unix: start.started_unix,
            seed: start.seed,
            quizzes: 0,
            attempt_to_save: None,
        });
        app.mode = Mode::TrainChooser(Chooser {
            naming: !named,
            ..Chooser::default()
        });
        if let Some(case) = start.case.filter(|&i| i < start.set.cases.len()) {
            if named {
                // The whole set follows, so "next case" goes on from here.
                app.start_case((0..start.set.cases.len()).collect(), case);
            } else {
                app.mode = Mode::TrainChooser(Chooser {
                    naming: true,
                    then_open: Some(case),
                    ..Chooser::default()
                });
            }
        }
        app
    }

    /// Opens case `queue[pos]` for practice, timed from now.
    pub(in crate::tui) fn start_case(&mut self, queue: Vec<usize>, pos: usize) {
        let rules = self.rules;
        let now = self.now;
        let Some(tr) = self.training.as_mut() else {
            return;
        };
        tr.queue = queue;
        tr.pos = pos;
        let Some(case) = tr.case() else {
            self.mode = Mode::TrainChooser(Chooser::default());
            return;
        };
        let ms = tr.ms(now);
        tr.session = Some(crate::training::TrainingSession::new(rules, case, ms));
        tr.attempt_started_unix = tr.started_unix + ms / 1000;
        self.mode = Mode::Practice(Practice {
            selected: self.practice_default_choice(None),
            ..Practice::default()
        });
        self.keep_in_view = true;
    }

    /// Stores the attempt waiting since `Effect::SaveAttempt` in `log`,
    /// and says so (or why not). The event loop calls it with the log of
    /// `training::default_log`; tests with a `MemoryLog`.
    pub fn save_attempt(&mut self, log: anyhow::Result<&mut dyn crate::training::AttemptLog>) {
        let Some(attempt) = self
            .training
            .as_mut()
            .and_then(|tr| tr.attempt_to_save.take())
        else {
            return;
        };
        match log.and_then(|log| log.record(&attempt)) {
            Ok(()) => self.say_status("tui.train.msg_saved", 0),
            Err(_) => self.say_status("tui.train.msg_not_saved", 0),
        }
    }

    /// Quits, asking first while a practice case is being walked.
    pub(in crate::tui) fn ask_quit_training(&mut self) -> Effect {
        let running = self
            .training
            .as_ref()
            .and_then(|tr| tr.session.as_ref())
            .is_some_and(|t| !t.is_finished());
        if running && matches!(self.mode, Mode::Practice(_)) {
            self.overlays.push(crate::tui::state::Overlay::Confirm(
                crate::tui::state::Confirm::Quit,
            ));
            Effect::None
        } else {
            self.quit = true;
            Effect::Quit
        }
    }
}

/// A labelled line: "label: value", the label styled.
pub(crate) fn labelled(doc: &mut Doc, app: &App, label_key: &str, value: &str) {
    let t = doc.theme;
    let s = &app.strings;
    doc.para(
        vec![Span::styled(
            format!("{}{}", s.get(label_key), s.get("tui.colon")),
            t.label(),
        )],
        &[(value, t.plain())],
        None,
    );
}

/// A heading line.
pub(crate) fn heading(doc: &mut Doc, app: &App, key: &str) {
    let t = doc.theme;
    let colon = app.strings.get("tui.colon").trim_end();
    doc.text(&format!("{}{colon}", app.strings.get(key)), t.label());
}

/// "Network · hard · par 5": what the chooser and the score say of a case.
pub(crate) fn case_meta(app: &App, case: &crate::training::PracticeCase) -> String {
    let s = &app.strings;
    s.fmt(
        "tui.train.case_meta",
        &[
            ("category", s.category(case.category)),
            ("difficulty", s.get(difficulty_key(case.difficulty))),
            ("par", &case.par.to_string()),
        ],
    )
}

/// The UI text of a difficulty.
pub(crate) fn difficulty_key(d: crate::training::Difficulty) -> &'static str {
    use crate::training::Difficulty;
    match d {
        Difficulty::Easy => "train.difficulty.easy",
        Difficulty::Medium => "train.difficulty.medium",
        Difficulty::Hard => "train.difficulty.hard",
    }
}
