//! The quiz round, on a diagnosis (the case's own after a practice case,
//! else one drawn by the seed): put its remedy steps in order (press the
//! shown numbers in the order the steps are done; Backspace takes the last
//! back; Enter checks), or say whom to contact and what to have ready
//! (Up Down pick the contact, Tab goes to the evidence, Space ticks).

use super::heading;
use crate::rules::{NodeIdx, RuleSet};
use crate::training::quiz::pick_diagnosis;
use crate::training::{EscalationQuiz, StepOrderQuiz};
use crate::tui::action::{Action, Effect};
use crate::tui::doc::{Content, Doc, Layout, Target};
use crate::tui::screen::{KeyContext, LayoutOnDemand, Screen};
use crate::tui::state::{
    App, EscalationRound, Mode, Overlay, Quiz, QuizRound, Scored, StepOrderRound, Training,
};
use crate::tui::theme::Theme;
use ratatui::text::Span;

impl Screen for QuizRound {
    fn content(&self, app: &App, _total: usize, text_width: usize, theme: Theme) -> Content {
        let mut body = Doc::new(text_width, theme);
        let (screen, keys) = match &self.quiz {
            Quiz::StepOrder(r) => {
                step_order_body(app, r, &mut body);
                let keys = if r.result.is_some() {
                    "tui.train.keys.quiz_done"
                } else {
                    "tui.train.keys.quiz_order"
                };
                ("tui.train.screen.quiz_order", keys)
            }
            Quiz::Escalation(r) => {
                escalation_body(app, r, &mut body);
                let keys = if r.result.is_some() {
                    "tui.train.keys.quiz_done"
                } else {
                    "tui.train.keys.quiz_escalation"
                };
                ("tui.train.screen.quiz_escalation", keys)
            }
        };
        Content {
            header: app.strings.get(screen).to_string(),
            keys,
            path: Vec::new(),
            pinned: Doc::new(text_width, theme),
            body,
            bottom: Doc::new(text_width, theme),
        }
    }

    fn key_context(&self) -> KeyContext {
        match self.quiz {
            Quiz::StepOrder(_) => KeyContext::QuizOrder,
            Quiz::Escalation(_) => KeyContext::QuizEscalation,
        }
    }

    fn scroll(&self) -> usize {
        self.scroll
    }

    fn update(&self, app: &mut App, action: Action, layout: LayoutOnDemand) -> Effect {
        app.update_quiz(self.clone(), action, layout)
    }

    fn settle(&self, app: &mut App, layout: &Layout) {
        let Mode::Quiz(round) = &mut app.mode else {
            return;
        };
        let want = match &round.quiz {
            Quiz::Escalation(r) if r.result.is_none() => Some(if r.on_evidence {
                Target::Step(r.cursor)
            } else {
                Target::Answer(r.contact)
            }),
            _ => None,
        };
        let h = layout.body_height();
        if let Some((first, last)) = want.and_then(|t| layout.rows_of(t)) {
            if last >= round.scroll + h {
                round.scroll = (last + 1).saturating_sub(h);
            }
            if first < round.scroll {
                round.scroll = first;
            }
        }
        round.scroll = round.scroll.min(layout.max_scroll());
    }
}

fn diagnosis_line(app: &App, rules: &RuleSet, d: NodeIdx, doc: &mut Doc) {
    super::labelled(
        doc,
        app,
        "tui.train.quiz_diagnosis",
        rules.node(d).title().get(app.lang()),
    );
    doc.blank();
}

fn step_text(app: &App, rules: &RuleSet, d: NodeIdx, step: usize) -> String {
    let s = &app.strings;
    rules
        .node(d)
        .as_diagnosis()
        .and_then(|dg| dg.steps.get(step))
        .map_or(String::new(), |st| {
            format!(
                "{}{}",
                st.text.get(app.lang()),
                s.fmt(
                    "tui.step_meta",
                    &[("who", s.actor(st.who)), ("n", &st.minutes.to_string())],
                )
            )
        })
}

fn step_order_body(app: &App, r: &StepOrderRound, doc: &mut Doc) {
    let s = &app.strings;
    let theme = doc.theme;
    let rules = app.rules;
    let d = r.quiz.diagnosis;
    diagnosis_line(app, rules, d, doc);
    match &r.result {
        None => {
            doc.text(s.get("tui.train.quiz_order_task"), theme.bold());
            doc.blank();
            for (pos, &step) in r.quiz.shown.iter().enumerate() {
                let placed = r.order.iter().position(|&p| p == pos);
                let mark = placed.map_or("    ".to_string(), |k| format!("[{}] ", k + 1));
                let style = if placed.is_some() {
                    theme.dim()
                } else {
                    theme.plain()
                };
                doc.para(
                    vec![
                        Span::styled(mark, theme.key()),
                        Span::raw(format!("{}. ", pos + 1)),
                    ],
                    &[(&step_text(app, rules, d, step), style)],
                    None,
                );
            }
            doc.blank();
            let given: Vec<String> = r.order.iter().map(|p| (p + 1).to_string()).collect();
            let blanks = vec!["_".to_string(); r.quiz.shown.len() - r.order.len()];
            let line = given
                .into_iter()
                .chain(blanks)
                .collect::<Vec<_>>()
                .join(" ");
            super::labelled(doc, app, "tui.train.your_order", &line);
        }
        Some(res) => {
            let style = if res.in_place == res.total {
                theme.ok()
            } else {
                theme.bold()
            };
            doc.text(
                &s.fmt(
                    "tui.train.quiz_order_result",
                    &[
                        ("n", &res.in_place.to_string()),
                        ("total", &res.total.to_string()),
                        ("points", &res.points.to_string()),
                    ],
                ),
                style,
            );
            doc.blank();
            heading(doc, app, "tui.train.right_order");
            for k in 0..res.total {
                let right = res.given.get(k) == Some(&k);
                let (mark, style) = if right {
                    ("[v]", theme.ok())
                } else {
                    ("[x]", theme.danger())
                };
                doc.para(
                    vec![
                        Span::styled(format!("  {mark} "), style),
                        Span::raw(format!("{}. ", k + 1)),
                    ],
                    &[(&step_text(app, rules, d, k), theme.plain())],
                    None,
                );
            }
            doc.blank();
            heading(doc, app, "tui.train.your_order");
            for (k, &step) in res.given.iter().enumerate() {
                doc.para(
                    vec![Span::raw(format!("  {}. ", k + 1))],
                    &[(&step_text(app, rules, d, step), theme.dim())],
                    None,
                );
            }
        }
    }
}

fn evidence_label(app: &App, key: &str) -> String {
    app.rules
        .evidence_label(key)
        .map_or(key.to_string(), |t| t.get(app.lang()).to_string())
}

fn escalation_body(app: &App, r: &EscalationRound, doc: &mut Doc) {
    let s = &app.strings;
    let theme = doc.theme;
    let rules = app.rules;
    diagnosis_line(app, rules, r.quiz.diagnosis, doc);
    match &r.result {
        None => {
            heading(doc, app, "tui.train.quiz_whom");
            for (i, &c) in r.quiz.contacts.iter().enumerate() {
                let mark = if i == r.contact { "(*) " } else { "( ) " };
                let focused = !r.on_evidence && i == r.contact;
                let cursor = if focused { "> " } else { "  " };
                let style = if focused {
                    theme.selected()
                } else {
                    theme.plain()
                };
                doc.para(
                    vec![Span::raw(cursor), Span::styled(mark, theme.key())],
                    &[(s.contact(c), style)],
                    Some(Target::Answer(i)),
                );
            }
            doc.blank();
            heading(doc, app, "tui.train.quiz_ready");
            for (i, key) in r.quiz.evidence.iter().enumerate() {
                let ticked = r.ticked.get(i).copied().unwrap_or(false);
                let mark = if ticked { "[x] " } else { "[ ] " };
                let focused = r.on_evidence && i == r.cursor;
                let cursor = if focused { "> " } else { "  " };
                let style = if focused {
                    theme.selected()
                } else {
                    theme.plain()
                };
                doc.para(
                    vec![Span::raw(cursor), Span::styled(mark, theme.key())],
                    &[(&evidence_label(app, key), style)],
                    Some(Target::Step(i)),
                );
            }
        }
        Some(res) => {
            let contact_line = if res.contact_right {
                s.fmt(
                    "tui.train.quiz_contact_right",
                    &[("contact", s.contact(res.right_contact))],
                )
            } else {
                s.fmt(
                    "tui.train.quiz_contact_wrong",
                    &[("contact", s.contact(res.right_contact))],
                )
            };
            doc.text(
                &contact_line,
                if res.contact_right {
                    theme.ok()
                } else {
                    theme.danger()
                },
            );
            doc.blank();
            for (key, items, style) in [
                ("tui.train.quiz_picked_right", &res.picked_right, theme.ok()),
                ("tui.train.quiz_missed", &res.missed, theme.danger()),
                ("tui.train.quiz_extra", &res.extra, theme.warning()),
            ] {
                heading(doc, app, key);
                if items.is_empty() {
                    doc.para(
                        vec![Span::raw("  - ")],
                        &[(s.get("tui.train.none"), theme.dim())],
                        None,
                    );
                }
                for item in items {
                    doc.para(
                        vec![Span::raw("  - ")],
                        &[(&evidence_label(app, item), style)],
                        None,
                    );
                }
            }
            doc.blank();
            doc.text(
                &s.fmt(
                    "tui.train.quiz_points",
                    &[("points", &res.points.to_string())],
                ),
                theme.bold(),
            );
        }
    }
}

impl App<'_> {
    /// The diagnosis to quiz on: the case's right one when the quiz
    /// follows a practice case (and it has what the quiz needs), else one
    /// drawn by the seed, from the chooser's category when one is set.
    fn quiz_diagnosis(
        &self,
        from_score: bool,
        seed: u64,
        fits: &dyn Fn(NodeIdx) -> bool,
    ) -> Option<NodeIdx> {
        let rules = self.rules;
        let tr = self.training.as_ref()?;
        let case = tr
            .session
            .as_ref()
            .map(crate::training::TrainingSession::case);
        if from_score {
            if let Some(d) = case.and_then(|c| c.right.iter().copied().find(|&d| fits(d))) {
                return Some(d);
            }
        }
        let category = if from_score {
            case.map(|c| c.category)
        } else {
            tr.filter.category
        };
        // A few draws, in case the first has too few steps for this quiz.
        (0..16u64)
            .filter_map(|k| pick_diagnosis(rules, category, seed.wrapping_add(k)))
            .find(|&d| fits(d))
            .or_else(|| {
                (0..16u64)
                    .filter_map(|k| pick_diagnosis(rules, None, seed.wrapping_add(k)))
                    .find(|&d| fits(d))
            })
    }

    pub(in crate::tui) fn open_step_order_quiz(&mut self, from_score: bool) {
        let rules = self.rules;
        let seed = self.training.as_mut().map_or(0, Training::next_seed);
        let d = self.quiz_diagnosis(from_score, seed, &|d| {
            StepOrderQuiz::new(rules, d, 0).is_some()
        });
        match d.and_then(|d| StepOrderQuiz::new(rules, d, seed)) {
            Some(quiz) => {
                self.mode = Mode::Quiz(QuizRound {
                    quiz: Quiz::StepOrder(StepOrderRound {
                        quiz,
                        order: Vec::new(),
                        result: None,
                    }),
                    from_score,
                    scroll: 0,
                });
                self.keep_in_view = true;
            }
            None => self.say_status("tui.train.msg_no_quiz", 0),
        }
    }

    pub(in crate::tui) fn open_escalation_quiz(&mut self, from_score: bool) {
        let rules = self.rules;
        let seed = self.training.as_mut().map_or(0, Training::next_seed);
        let d = self.quiz_diagnosis(from_score, seed, &|d| {
            EscalationQuiz::new(rules, d, 0).is_some()
        });
        match d.and_then(|d| EscalationQuiz::new(rules, d, seed)) {
            Some(quiz) => {
                let n = quiz.evidence.len();
                self.mode = Mode::Quiz(QuizRound {
                    quiz: Quiz::Escalation(EscalationRound {
                        quiz,
                        contact: 0,
                        on_evidence: false,
                        cursor: 0,
                        ticked: vec![false; n],
                        result: None,
                    }),
                    from_score,
                    scroll: 0,
                });
                self.keep_in_view = true;
            }
            None => self.say_status("tui.train.msg_no_quiz", 0),
        }
    }

    fn update_quiz(
        &mut self,
        mut round: QuizRound,
        action: Action,
        layout: LayoutOnDemand,
    ) -> Effect {
        match action {
            Action::Cancel => {
                self.leave_quiz(round.from_score);
                return Effect::None;
            }
            Action::Confirm
                if matches!(&round.quiz, Quiz::StepOrder(r) if r.result.is_some())
                    || matches!(&round.quiz, Quiz::Escalation(r) if r.result.is_some()) =>
            {
                self.leave_quiz(round.from_score);
                return Effect::None;
            }
            Action::StepOrderQuiz => {
                self.open_step_order_quiz(round.from_score);
                return Effect::None;
            }
            Action::EscalationQuiz => {
                self.open_escalation_quiz(round.from_score);
                return Effect::None;
            }
            Action::SwitchLanguage => {
                self.switch_language();
                self.say_status("tui.lang_now", 0);
                return Effect::None;
            }
            Action::OpenHelp => {
                self.overlays.push(Overlay::Help { scroll: 0 });
                return Effect::None;
            }
            Action::Quit | Action::Interrupt => {
                self.quit = true;
                return Effect::Quit;
            }
            Action::ScrollPageUp | Action::ScrollPageDown => {
                round.scroll = super::score::scrolled(round.scroll, action, &layout(self));
            }
            _ => {}
        }
        let rules = self.rules;
        match &mut round.quiz {
            Quiz::StepOrder(r) if r.result.is_none() => match action {
                Action::Choose(p) => {
                    if p >= r.quiz.shown.len() {
                        self.say_status("tui.msg_no_choice", p + 1);
                    } else if r.order.contains(&p) {
                        self.say_status("tui.train.msg_already_placed", p + 1);
                    } else {
                        r.order.push(p);
                    }
                }
                Action::Erase => {
                    r.order.pop();
                }
                Action::Confirm => match r.quiz.check(&r.order) {
                    Ok(res) => r.result = Some(res),
                    Err(_) => self.say_status("tui.train.msg_place_all", r.quiz.shown.len()),
                },
                _ => {}
            },
            Quiz::Escalation(r) if r.result.is_none() => {
                let contacts = r.quiz.contacts.len();
                let items = r.quiz.evidence.len();
                match action {
                    Action::ToggleFocus => {
                        r.on_evidence = !r.on_evidence && items > 0;
                    }
                    Action::SelectPrev if r.on_evidence => r.cursor = r.cursor.saturating_sub(1),
                    Action::SelectNext if r.on_evidence => {
                        r.cursor = (r.cursor + 1).min(items.saturating_sub(1));
                    }
                    Action::SelectPrev => r.contact = r.contact.saturating_sub(1),
                    Action::SelectNext => {
                        r.contact = (r.contact + 1).min(contacts.saturating_sub(1));
                    }
                    Action::ToggleItem if r.on_evidence => {
                        if let Some(t) = r.ticked.get_mut(r.cursor) {
                            *t = !*t;
                        }
                    }
                    Action::ToggleItem => r.on_evidence = items > 0,
                    Action::Click { x, y } => match layout(self).target_at(x, y, round.scroll) {
                        Some(Target::Answer(i)) if i < contacts => {
                            r.contact = i;
                            r.on_evidence = false;
                        }
                        Some(Target::Step(i)) if i < items => {
                            r.cursor = i;
                            r.on_evidence = true;
                            r.ticked[i] = !r.ticked[i];
                        }
                        _ => {}
                    },
                    Action::Confirm => {
                        let picked: Vec<usize> = r
                            .ticked
                            .iter()
                            .enumerate()
                            .filter(|(_, &t)| t)
                            .map(|(i, _)| i)
                            .collect();
                        if let Ok(res) = r.quiz.check(rules, r.contact, &picked) {
                            r.result = Some(res);
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        self.mode = Mode::Quiz(round);
        self.keep_in_view = true;
        Effect::None
    }

    fn leave_quiz(&mut self, from_score: bool) {
        let scored = self
            .training
            .as_ref()
            .and_then(|tr| tr.session.as_ref())
            .is_some_and(crate::training::TrainingSession::is_finished);
        if from_score && scored {
            self.mode = Mode::TrainScore(Scored::default());
            self.keep_in_view = true;
        } else {
            self.back_to_chooser();
        }
    }
}
