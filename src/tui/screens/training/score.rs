//! The end of a practice case: the score with each of its parts (a trap
//! taken in red, with why, and the cap it puts on the score), then the
//! feedback: the trainee's path beside the best one (two columns from
//! `TWO_COLUMNS_FROM` columns, one above the other below), the wrong
//! turns with their questions' "why we ask" lines, the traps taken and the
//! warnings missed.

use super::{case_meta, heading, labelled};
use crate::rules::{NodeIdx, RuleSet};
use crate::training::score::time_target_seconds;
use crate::training::{Feedback, PracticeCase, Score, ScorePart, TrainingSession};
use crate::tui::action::{Action, Effect};
use crate::tui::doc::{Content, Doc, Layout, Row};
use crate::tui::screen::{KeyContext, LayoutOnDemand, Screen};
use crate::tui::state::{App, Chooser, Mode, Overlay, ResultPage, Scored};
use crate::tui::theme::Theme;
use crate::tui::wrap::{pad, width};
use ratatui::text::{Line, Span};

/// From this many columns the two paths stand side by side.
pub const TWO_COLUMNS_FROM: usize = 100;

impl Screen for Scored {
    fn content(&self, app: &App, _total: usize, text_width: usize, theme: Theme) -> Content {
        content(*self, app, text_width, theme)
    }

    fn key_context(&self) -> KeyContext {
        KeyContext::TrainScore
    }

    fn scroll(&self) -> usize {
        self.scroll
    }

    fn update(&self, app: &mut App, action: Action, layout: LayoutOnDemand) -> Effect {
        app.update_scored(*self, action, layout)
    }

    fn settle(&self, app: &mut App, layout: &Layout) {
        if let Mode::TrainScore(s) = &mut app.mode {
            s.scroll = s.scroll.min(layout.max_scroll());
        }
    }
}

fn content(sc: Scored, app: &App, text_width: usize, theme: Theme) -> Content {
    let s = &app.strings;
    let mut body = Doc::new(text_width, theme);
    let session = app.training.as_ref().and_then(|tr| tr.session.as_ref());
    let (page_key, keys) = match sc.page {
        ResultPage::Score => ("tui.train.screen.score", "tui.train.keys.score"),
        ResultPage::Feedback => ("tui.train.screen.feedback", "tui.train.keys.feedback"),
    };
    let mut header = s.get(page_key).to_string();
    if let Some(t) = session {
        let case = t.case();
        header = format!("{header} | {}", case.title.get(app.lang()));
        if let Some(score) = t.score() {
            match sc.page {
                ResultPage::Score => score_body(app, t, score, &mut body),
                ResultPage::Feedback => feedback_body(app, t, &t.feedback(), &mut body),
            }
        }
    }
    Content {
        header,
        keys,
        path: Vec::new(),
        pinned: Doc::new(text_width, theme),
        body,
        bottom: Doc::new(text_width, theme),
    }
}

fn node_title(app: &App, rules: &RuleSet, n: NodeIdx) -> String {
    rules.node(n).title().get(app.lang()).to_string()
}

fn score_body(app: &App, t: &TrainingSession, score: &Score, doc: &mut Doc) {
    let s = &app.strings;
    let theme = doc.theme;
    let case = t.case();
    let rules = t.rules();
    doc.text(case.title.get(app.lang()), theme.title());
    doc.text(&case_meta(app, case), theme.dim());
    if let Some(tr) = app.training.as_ref().filter(|tr| !tr.trainee.is_empty()) {
        labelled(doc, app, "tui.train.trainee", &tr.trainee);
    }
    doc.blank();
    let total = s.fmt("tui.train.total", &[("total", &score.total.to_string())]);
    let total_style = if score.trap_taken() {
        theme.danger()
    } else {
        theme.bold()
    };
    doc.text(&total, total_style);
    if score.capped_by_trap || score.trap_taken() {
        doc.text(
            &s.fmt(
                "tui.train.capped",
                &[("cap", &crate::training::TRAP_CAP.to_string())],
            ),
            theme.danger(),
        );
        traps(app, case, &score.inputs.traps_taken, doc);
    }
    doc.blank();
    let i = &score.inputs;
    let committed = match i.committed {
        Some(n) if i.right => s.fmt(
            "tui.train.detail.right",
            &[("title", &node_title(app, rules, n))],
        ),
        Some(n) => s.fmt(
            "tui.train.detail.wrong",
            &[("title", &node_title(app, rules, n))],
        ),
        None => s.get("tui.train.detail.none").to_string(),
    };
    let money = if i.traps_taken.is_empty() && i.must_see_total == 0 {
        s.get("tui.train.detail.no_trap").to_string()
    } else if i.traps_taken.is_empty() {
        s.fmt(
            "tui.train.detail.money",
            &[
                (
                    "seen",
                    &i.must_see_total
                        .saturating_sub(i.must_see_missed.len())
                        .to_string(),
                ),
                ("total", &i.must_see_total.to_string()),
            ],
        )
    } else {
        s.fmt(
            "tui.train.detail.traps",
            &[("n", &i.traps_taken.len().to_string())],
        )
    };
    let parts: [(&str, ScorePart, String, bool); 5] = [
        (
            "tui.train.part.diagnosis",
            score.parts.diagnosis,
            committed,
            false,
        ),
        (
            "tui.train.part.path",
            score.parts.path,
            s.fmt(
                "tui.train.detail.path",
                &[("keys", &i.keys.to_string()), ("par", &i.par.to_string())],
            ),
            false,
        ),
        (
            "tui.train.part.backtracks",
            score.parts.backtracks,
            s.fmt(
                "tui.train.detail.backtracks",
                &[("n", &i.backtracks.to_string())],
            ),
            false,
        ),
        (
            "tui.train.part.money_safety",
            score.parts.money_safety,
            money,
            !i.traps_taken.is_empty(),
        ),
        (
            "tui.train.part.time",
            score.parts.time,
            s.fmt(
                "tui.train.detail.time",
                &[
                    ("seconds", &i.seconds.to_string()),
                    ("target", &time_target_seconds(i.par).to_string()),
                ],
            ),
            false,
        ),
    ];
    let label_w = parts
        .iter()
        .map(|(k, ..)| width(s.get(k)))
        .max()
        .unwrap_or(0);
    for (key, part, detail, red) in parts {
        let style = if red { theme.danger() } else { theme.plain() };
        let points = format!("{:>3}/{:<3}", part.points, part.max);
        doc.para(
            vec![
                Span::styled(format!("  {}  ", pad(s.get(key), label_w)), theme.label()),
                Span::styled(
                    format!("{points} "),
                    if red { theme.danger() } else { theme.bold() },
                ),
            ],
            &[(&detail, style)],
            None,
        );
    }
    doc.blank();
    doc.text(s.get("tui.train.feedback_hint"), theme.dim());
}

/// Each trap taken, in red: where, and why it does harm in this case.
fn traps(app: &App, case: &PracticeCase, taken: &[usize], doc: &mut Doc) {
    let theme = doc.theme;
    for trap in taken.iter().filter_map(|&i| case.traps.get(i)) {
        doc.para(
            vec![Span::styled("!! ".to_string(), theme.danger())],
            &[(trap.why.get(app.lang()), theme.danger())],
            None,
        );
    }
}

/// The rows of one path: "n. question -> answer", marked when it went
/// against the case or was undone.
fn path_doc<'a>(
    app: &App,
    rules: &RuleSet,
    title_key: &str,
    steps: impl Iterator<Item = (NodeIdx, usize, &'a str, bool)>,
    w: usize,
    theme: Theme,
) -> Doc {
    let mut doc = Doc::new(w, theme);
    heading(&mut doc, app, title_key);
    let lang = app.lang();
    let mut any = false;
    for (n, (question, answer, mark, wrong)) in steps.enumerate() {
        any = true;
        let q = rules.node(question);
        let answer_text = q
            .as_question()
            .and_then(|qq| qq.answers.get(answer))
            .map_or(String::new(), |a| a.text.get(lang).to_string());
        let style = if wrong { theme.danger() } else { theme.plain() };
        doc.para(
            vec![Span::raw(format!("{:>2}. ", n + 1))],
            &[
                (q.title().get(lang), theme.plain()),
                (" -> ", theme.dim()),
                (&answer_text, style),
                (mark, style),
            ],
            None,
        );
    }
    if !any {
        doc.para(
            vec![Span::raw("    ")],
            &[(app.strings.get("tui.train.no_answers"), theme.dim())],
            None,
        );
    }
    doc
}

fn feedback_body(app: &App, t: &TrainingSession, fb: &Feedback, doc: &mut Doc) {
    let s = &app.strings;
    let theme = doc.theme;
    let rules = t.rules();
    let case = t.case();
    let lang = app.lang();
    let wrong_mark = format!("  {}", s.get("tui.train.mark_wrong"));
    let undone_mark = format!("  {}", s.get("tui.train.mark_undone"));
    let trainee = fb.trainee_path.iter().map(|a| {
        let wrong = a.matches_fact == Some(false);
        let mark = if a.undone {
            undone_mark.as_str()
        } else if wrong {
            wrong_mark.as_str()
        } else {
            ""
        };
        (a.question, a.answer, mark, wrong && !a.undone)
    });
    let best = fb
        .best_path
        .iter()
        .map(|p| (p.question, p.answer, "", false));
    let w = doc.width;
    if w + 2 >= TWO_COLUMNS_FROM {
        let gap = 3;
        let col = (w - gap) / 2;
        let left = path_doc(app, rules, "tui.train.your_path", trainee, col, theme);
        let right = path_doc(app, rules, "tui.train.best_path", best, col, theme);
        side_by_side(doc, &left, &right, col + gap);
    } else {
        let left = path_doc(app, rules, "tui.train.your_path", trainee, w, theme);
        doc.rows.extend(left.rows);
        doc.blank();
        let right = path_doc(app, rules, "tui.train.best_path", best, w, theme);
        doc.rows.extend(right.rows);
    }
    doc.blank();
    if fb.wrong_turns.is_empty()
        && fb.wrong_findings.is_empty()
        && fb.traps_taken.is_empty()
        && fb.must_see_missed.is_empty()
    {
        doc.text(s.get("tui.train.no_wrong_turns"), theme.ok());
    }
    if !fb.wrong_turns.is_empty() || !fb.wrong_findings.is_empty() {
        heading(doc, app, "tui.train.wrong_turns");
        for wt in &fb.wrong_turns {
            let q = rules.node(wt.question);
            let answer = |i: usize| {
                q.as_question()
                    .and_then(|qq| qq.answers.get(i))
                    .map_or(String::new(), |a| a.text.get(lang).to_string())
            };
            let fact: Vec<String> = wt.fact.iter().map(|&i| answer(i)).collect();
            doc.para(
                vec![Span::raw("  - ")],
                &[(
                    &s.fmt(
                        "tui.train.wrong_turn",
                        &[
                            ("question", q.title().get(lang)),
                            ("chose", &answer(wt.chose)),
                            ("fact", &fact.join(" / ")),
                        ],
                    ),
                    theme.plain(),
                )],
                None,
            );
            if let Some(why) = &wt.why {
                doc.para(
                    vec![Span::styled(
                        format!("    {}{}", s.get("label.why"), s.get("tui.colon")),
                        theme.dim(),
                    )],
                    &[(why.get(lang), theme.dim())],
                    None,
                );
            }
        }
        // A check reported otherwise than the case shows it.
        for wf in &fb.wrong_findings {
            let d = rules.node(wf.node);
            let step = d.as_diagnosis().and_then(|dg| dg.steps.get(wf.step));
            let finding = |i: usize| {
                step.and_then(|st| st.found.get(i))
                    .map_or(String::new(), |f| f.text.get(lang).to_string())
            };
            doc.para(
                vec![Span::raw("  - ")],
                &[(
                    &s.fmt(
                        "train.wrong_finding",
                        &[
                            ("step", &(wf.step + 1).to_string()),
                            ("title", d.title().get(lang)),
                            ("chose", &finding(wf.chose)),
                            ("fact", &finding(wf.fact)),
                        ],
                    ),
                    theme.plain(),
                )],
                None,
            );
        }
        doc.blank();
    }
    if !fb.traps_taken.is_empty() {
        heading(doc, app, "tui.train.traps_taken");
        traps(app, case, &fb.traps_taken, doc);
        doc.blank();
    }
    for &n in &fb.must_see_missed {
        doc.text(
            &s.fmt(
                "tui.train.missed_warning",
                &[("title", &node_title(app, rules, n))],
            ),
            theme.warning(),
        );
    }
}

/// Puts `left` and `right` beside each other, the right one from column `at`.
fn side_by_side(doc: &mut Doc, left: &Doc, right: &Doc, at: usize) {
    let n = left.rows.len().max(right.rows.len());
    for i in 0..n {
        let mut spans: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        if let Some(r) = left.rows.get(i) {
            used = r.line.width();
            spans.extend(r.line.spans.iter().cloned());
        }
        if let Some(r) = right.rows.get(i) {
            spans.push(Span::raw(" ".repeat(at.saturating_sub(used))));
            spans.extend(r.line.spans.iter().cloned());
        }
        doc.rows.push(Row {
            line: Line::from(spans),
            target: None,
            anchor: false,
        });
    }
}

impl App<'_> {
    fn update_scored(&mut self, sc: Scored, action: Action, layout: LayoutOnDemand) -> Effect {
        match action {
            Action::ToggleFeedback => {
                let page = match sc.page {
                    ResultPage::Score => ResultPage::Feedback,
                    ResultPage::Feedback => ResultPage::Score,
                };
                self.mode = Mode::TrainScore(Scored { page, scroll: 0 });
            }
            Action::NextCase => self.next_case(),
            Action::ToChooser => self.back_to_chooser(),
            Action::StepOrderQuiz => self.open_step_order_quiz(true),
            Action::EscalationQuiz => self.open_escalation_quiz(true),
            Action::SwitchLanguage => {
                self.switch_language();
                self.say_status("tui.lang_now", 0);
            }
            Action::OpenHelp => self.overlays.push(Overlay::Help { scroll: 0 }),
            Action::Quit | Action::Interrupt | Action::Cancel => {
                self.quit = true;
                return Effect::Quit;
            }
            Action::ScrollUp
            | Action::ScrollDown
            | Action::ScrollPageUp
            | Action::ScrollPageDown
            | Action::ScrollToTop
            | Action::ScrollToEnd => {
                let l = layout(self);
                let scroll = scrolled(sc.scroll, action, &l);
                self.mode = Mode::TrainScore(Scored { scroll, ..sc });
            }
            _ => {}
        }
        Effect::None
    }

    /// The next case of the run; at its end, the chooser.
    fn next_case(&mut self) {
        let Some(tr) = self.training.as_ref() else {
            return;
        };
        let (queue, pos) = (tr.queue.clone(), tr.pos + 1);
        if pos < queue.len() {
            self.start_case(queue, pos);
        } else {
            self.back_to_chooser();
            self.say_status("tui.train.msg_set_done", 0);
        }
    }

    pub(in crate::tui) fn back_to_chooser(&mut self) {
        let selected = self
            .training
            .as_ref()
            .and_then(|tr| {
                let case = *tr.queue.get(tr.pos)?;
                tr.listed().iter().position(|&i| i == case).map(|k| k + 1)
            })
            .unwrap_or(0);
        self.mode = Mode::TrainChooser(Chooser {
            selected,
            ..Chooser::default()
        });
        self.keep_in_view = true;
    }
}

/// The scroll after a scrolling action, kept inside the body.
pub(crate) fn scrolled(scroll: usize, action: Action, l: &Layout) -> usize {
    let page = l.body_height().saturating_sub(1).max(1);
    let max = l.max_scroll();
    match action {
        Action::ScrollUp | Action::SelectPrev => scroll.saturating_sub(1),
        Action::ScrollDown | Action::SelectNext => scroll + 1,
        Action::ScrollPageUp => scroll.saturating_sub(page),
        Action::ScrollPageDown => scroll + page,
        Action::ScrollToTop => 0,
        Action::ScrollToEnd => max,
        _ => scroll,
    }
    .min(max)
}
