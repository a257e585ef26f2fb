//! The practice walk: the customer's story pinned at the top, then the
//! real tree drawn as the walk screen draws it (its stage modules, on the
//! attempt's own session). Diagnoses stay unnamed until the trainee
//! commits to one: answers never preview where they lead, and there is no
//! search, jump or path to click. "Ask the customer" (`a`) shows what the
//! case says at the current question or check step.

use crate::present::PointView;
use crate::rules::StepKind;
use crate::training::{Phase, Reveal, TrainingError};
use crate::tui::action::{Action, Effect};
use crate::tui::doc::{Content, Doc, Layout, Target};
use crate::tui::screen::{KeyContext, LayoutOnDemand, Screen};
use crate::tui::screens::walk::{self, common, diagnosis, question, Point};
use crate::tui::state::{self, App, Mode, Overlay, Scored, Stage, Walk};
use crate::tui::theme::Theme;
use crate::tui::training::Practice;
use ratatui::text::Span;

impl Screen for Practice {
    fn content(&self, app: &App, total: usize, text_width: usize, theme: Theme) -> Content {
        content(*self, app, total, text_width, theme)
    }

    fn key_context(&self) -> KeyContext {
        KeyContext::Practice
    }

    fn scroll(&self) -> usize {
        self.scroll
    }

    fn update(&self, app: &mut App, action: Action, layout: LayoutOnDemand) -> Effect {
        app.update_practice(*self, action, layout)
    }

    fn settle(&self, app: &mut App, layout: &Layout) {
        let want = self.selected.map(Target::Answer);
        let Mode::Practice(p) = &mut app.mode else {
            return;
        };
        let h = layout.body_height();
        if let Some((first, last)) = want.and_then(|t| layout.rows_of(t)) {
            if last >= p.scroll + h {
                p.scroll = (last + 1).saturating_sub(h);
            }
            if first < p.scroll {
                p.scroll = first;
            }
        }
        p.scroll = p.scroll.min(layout.max_scroll());
    }
}

fn empty(header: String) -> Content {
    let theme = Theme::new(false);
    Content {
        header,
        keys: "tui.train.keys.practice_question",
        path: Vec::new(),
        pinned: Doc::new(1, theme),
        body: Doc::new(1, theme),
        bottom: Doc::new(1, theme),
    }
}

fn content(p: Practice, app: &App, total: usize, text_width: usize, theme: Theme) -> Content {
    let s = &app.strings;
    let lang = app.lang();
    let Some(t) = app.training.as_ref().and_then(|tr| tr.session.as_ref()) else {
        return empty(s.get("tui.train.screen.practice").to_string());
    };
    let session = t.walk();
    let stage = Stage::of(session);
    let point = Point {
        view: PointView::new(session, s),
        code: None,
        strings: s,
        show_say: app.show_say,
        walk: Walk {
            selected: p.selected,
            scroll: p.scroll,
            ..Walk::default()
        },
        stage,
        wait_left: None,
        // Training keeps no cases: nothing to resume from the start screen.
        open_cases: Vec::new(),
    };
    let case = t.case();

    // The story stays in view: it is what the trainee works from.
    let mut pinned = Doc::new(text_width, theme);
    pinned.para(
        vec![Span::styled(
            format!("{}{}", s.get("tui.train.customer_says"), s.get("tui.colon")),
            theme.label(),
        )],
        &[(case.story.get(lang), theme.say())],
        None,
    );
    pinned.blank();
    common::pinned(&point, &mut pinned);
    if pinned.rows.last().is_some_and(|r| r.line.width() > 0) {
        pinned.blank();
    }

    let mut body = Doc::new(text_width, theme);
    if p.asked {
        revealed(app, t, &mut body);
        body.blank();
    }
    let mut bottom = Doc::new(text_width, theme);
    let (screen, keys) = match stage {
        Stage::Start | Stage::Question => {
            question::body(&point, &mut body, false);
            (
                question::header(&point, false),
                "tui.train.keys.practice_question",
            )
        }
        Stage::Diagnosis => {
            diagnosis::body(&point, &mut body);
            diagnosis::prompt(&point, &mut bottom);
            let keys = match session.step_kind() {
                Some(StepKind::Check) => "tui.train.keys.practice_check",
                Some(StepKind::Wait) => "tui.train.keys.practice_wait",
                _ => "tui.train.keys.practice_step",
            };
            (diagnosis::header(&point), keys)
        }
        // The walk is over: the score follows at once; nothing to do here.
        Stage::Escalation | Stage::Resolved => (String::new(), "tui.train.keys.practice_step"),
    };
    let header = format!(
        "{} | {} | {}",
        s.get("tui.train.screen.practice"),
        case.title.get(lang),
        screen
    );
    Content {
        header,
        keys,
        path: walk::path_rows(&point, total, theme),
        pinned,
        body,
        bottom,
    }
}

/// What the customer says at the current point, as the case tells it.
/// Looked up again on each frame (not kept from `ask`), so it follows a
/// language switch.
fn revealed(app: &App, t: &crate::training::TrainingSession, doc: &mut Doc) {
    let s = &app.strings;
    let lang = app.lang();
    let theme = doc.theme;
    let session = t.walk();
    let node = session.current().node;
    let case = t.case();
    let label = vec![Span::styled(
        format!(
            "{}{}",
            s.get("tui.train.customer_answers"),
            s.get("tui.colon")
        ),
        theme.key(),
    )];
    let reveal = if let Some(q) = t.node().as_question() {
        case.fact(node).map(|f| {
            let says = f.says.as_ref().map(|x| x.get(lang).to_string());
            let answers: Vec<String> = f
                .answers
                .iter()
                .filter_map(|&a| {
                    q.answers
                        .get(a)
                        .map(|ans| format!("{}. {}", a + 1, ans.text.get(lang)))
                })
                .collect();
            (
                says,
                s.fmt("tui.train.that_is", &[("answer", &answers.join(" / "))]),
            )
        })
    } else if session.step_kind() == Some(StepKind::Check) {
        let step = session.current().step;
        let found = state::current_findings(session);
        case.finding(node, step).map(|f| {
            let says = f.says.as_ref().map(|x| x.get(lang).to_string());
            let text = found
                .get(f.finding)
                .map(|fd| format!("{}. {}", f.finding + 1, fd.text.get(lang)))
                .unwrap_or_default();
            (says, s.fmt("tui.train.check_shows", &[("finding", &text)]))
        })
    } else {
        None
    };
    match reveal {
        Some((says, meaning)) => {
            if let Some(says) = says {
                doc.para(label, &[(&says, theme.say())], None);
                doc.para(vec![Span::raw("  ")], &[(&meaning, theme.dim())], None);
            } else {
                doc.para(label, &[(&meaning, theme.say())], None);
            }
        }
        None => doc.para(
            label,
            &[(s.get("tui.train.cannot_tell"), theme.say())],
            None,
        ),
    }
}

impl App<'_> {
    /// The choice to select on arriving at a point of the practice walk:
    /// `wanted` (or the first), unless there is none or it ends the case.
    pub(in crate::tui) fn practice_default_choice(&self, wanted: Option<usize>) -> Option<usize> {
        let session = self.training.as_ref()?.session.as_ref()?.walk();
        Some(wanted.unwrap_or(0))
            .filter(|&i| i < state::choice_count(session) && !state::ends_case(session, i))
    }

    fn practice_stage(&self) -> Option<(Stage, Option<StepKind>, usize)> {
        let session = self.training.as_ref()?.session.as_ref()?.walk();
        Some((
            Stage::of(session),
            session.step_kind(),
            state::choice_count(session),
        ))
    }

    fn update_practice(&mut self, p: Practice, action: Action, layout: LayoutOnDemand) -> Effect {
        let Some((stage, kind, count)) = self.practice_stage() else {
            return Effect::None;
        };
        let set = |app: &mut App, change: &dyn Fn(&mut Practice)| {
            if let Mode::Practice(p) = &mut app.mode {
                change(p);
            }
        };
        match action {
            Action::Choose(i) => return self.practice_choose(i),
            Action::Confirm => match p.selected {
                Some(i) => return self.practice_choose(i),
                None => self.say_status("tui.msg_choose_first", 0),
            },
            Action::SelectPrev | Action::SelectNext if count > 0 => {
                let next = match (action, p.selected) {
                    (Action::SelectPrev, Some(i)) => i.saturating_sub(1),
                    (Action::SelectPrev, None) => count - 1,
                    (_, Some(i)) => (i + 1).min(count - 1),
                    (_, None) => 0,
                };
                set(self, &|p| p.selected = Some(next));
                self.keep_in_view = true;
            }
            Action::Fixed if stage == Stage::Diagnosis && kind == Some(StepKind::Action) => {
                return self.practice_choose(0);
            }
            Action::NotFixed if stage == Stage::Diagnosis && kind == Some(StepKind::Action) => {
                return self.practice_choose(1);
            }
            Action::GoBack => self.practice_back(),
            Action::AskCustomer => {
                if let Some(t) = self.training.as_mut().and_then(|tr| tr.session.as_mut()) {
                    // Recorded by the session; what it says is drawn from the case.
                    let reveal = t.ask();
                    if reveal == Reveal::Unknown {
                        self.say_status("tui.train.cannot_tell", 0);
                    }
                }
                set(self, &|p| p.asked = true);
                self.keep_in_view = true;
            }
            Action::StopPractice => return self.finish_practice(),
            Action::ToggleSay => {
                self.show_say = !self.show_say;
                self.keep_in_view = true;
            }
            Action::SwitchLanguage => {
                self.switch_language();
                self.say_status("tui.lang_now", 0);
            }
            Action::OpenHelp => self.overlays.push(Overlay::Help { scroll: 0 }),
            Action::Quit | Action::Cancel | Action::Interrupt => return self.ask_quit_training(),
            Action::ScrollUp
            | Action::ScrollDown
            | Action::ScrollPageUp
            | Action::ScrollPageDown => {
                let l = layout(self);
                let page = l.body_height().saturating_sub(1).max(1);
                let delta: isize = match action {
                    Action::ScrollUp => -3,
                    Action::ScrollDown => 3,
                    Action::ScrollPageUp => -(page as isize),
                    _ => page as isize,
                };
                let max = l.max_scroll();
                set(self, &|p| {
                    p.scroll = p.scroll.saturating_add_signed(delta).min(max);
                });
            }
            Action::ScrollToTop => set(self, &|p| p.scroll = 0),
            Action::ScrollToEnd => {
                let max = layout(self).max_scroll();
                set(self, &|p| p.scroll = max);
            }
            Action::Click { x, y } => match layout(self).target_at(x, y, p.scroll) {
                Some(Target::Answer(i)) => return self.practice_choose(i),
                Some(Target::Fixed(fixed)) => return self.practice_choose(usize::from(!fixed)),
                _ => {}
            },
            _ => {}
        }
        Effect::None
    }

    /// Choice `i` at the current point of the practice walk.
    fn practice_choose(&mut self, i: usize) -> Effect {
        let Some((stage, kind, _)) = self.practice_stage() else {
            return Effect::None;
        };
        let Some(t) = self.training.as_mut().and_then(|tr| tr.session.as_mut()) else {
            return Effect::None;
        };
        let moved = match stage {
            Stage::Start | Stage::Question => t.answer(i),
            Stage::Diagnosis => match kind {
                Some(StepKind::Check) => t.found(i),
                Some(StepKind::Wait) if i == 0 => t.wait_over(),
                Some(StepKind::Action) | None if i < 2 => t.step_result(i == 0),
                _ => Err(TrainingError::Finished),
            },
            Stage::Escalation | Stage::Resolved => Err(TrainingError::Finished),
        };
        match moved {
            Ok(m) if m.walk_over => self.finish_practice(),
            Ok(m) => {
                self.mode = Mode::Practice(Practice {
                    selected: self.practice_default_choice(None),
                    ..Practice::default()
                });
                self.keep_in_view = true;
                if m.committed.is_some() {
                    self.say_status("tui.train.msg_committed", 0);
                }
                Effect::None
            }
            Err(_) => {
                self.say_status("tui.msg_no_choice", i + 1);
                Effect::None
            }
        }
    }

    fn practice_back(&mut self) {
        let Some(t) = self.training.as_mut().and_then(|tr| tr.session.as_mut()) else {
            return;
        };
        let via = t.walk().current().via;
        match t.back() {
            Ok(()) => {
                let select = match via {
                    crate::engine::Move::Answer { answer } => Some(answer),
                    _ => None,
                };
                self.mode = Mode::Practice(Practice {
                    selected: self.practice_default_choice(select),
                    ..Practice::default()
                });
                self.keep_in_view = true;
                self.say_status("tui.msg_went_back", 0);
            }
            Err(TrainingError::BackPastCommitment) => {
                self.say_status("tui.train.msg_back_past_commitment", 0);
            }
            Err(_) => self.say_status("tui.msg_at_start", 0),
        }
    }

    /// Ends the attempt (the walk is over, or the trainee stopped): scores
    /// it, shows the score, and asks the event loop to store it.
    pub(in crate::tui) fn finish_practice(&mut self) -> Effect {
        let now = self.now;
        let Some(tr) = self.training.as_mut() else {
            return Effect::None;
        };
        let ms = tr.ms(now);
        let Some(t) = tr.session.as_mut() else {
            return Effect::None;
        };
        if t.phase() == Phase::Finished {
            return Effect::None;
        }
        t.finish(ms);
        tr.attempt_to_save =
            crate::training::Attempt::from_session(t, &tr.trainee, tr.attempt_started_unix)
                .filter(|a| !a.trainee.is_empty());
        self.mode = Mode::TrainScore(Scored::default());
        self.keep_in_view = true;
        if self
            .training
            .as_ref()
            .is_some_and(|tr| tr.attempt_to_save.is_some())
        {
            Effect::SaveAttempt
        } else {
            Effect::None
        }
    }
}
