//! The training chooser: who is training (asked first when `--trainee`
//! was not given), which set (all cases, one category, one difficulty:
//! `c` and `d` step through them), and the list: the whole set first, then
//! each case with its category, difficulty and par.

use super::{case_meta, labelled};
use crate::rules::Category;
use crate::training::Difficulty;
use crate::tui::action::{Action, Effect};
use crate::tui::doc::{Content, Doc, Layout, Target};
use crate::tui::screen::{KeyContext, LayoutOnDemand, Screen};
use crate::tui::state::{App, Chooser, Mode, Overlay};
use crate::tui::theme::Theme;
use ratatui::text::Span;

/// The longest trainee name typed (the store cuts it the same way).
const MAX_NAME_CHARS: usize = 64;

impl Screen for Chooser {
    fn content(&self, app: &App, _total: usize, text_width: usize, theme: Theme) -> Content {
        content(self, app, text_width, theme)
    }

    fn key_context(&self) -> KeyContext {
        if self.naming {
            KeyContext::TrainName
        } else {
            KeyContext::TrainChooser
        }
    }

    fn scroll(&self) -> usize {
        self.scroll
    }

    fn update(&self, app: &mut App, action: Action, layout: LayoutOnDemand) -> Effect {
        if self.naming {
            app.update_naming(self.clone(), action)
        } else {
            app.update_chooser(self.clone(), action, layout)
        }
    }

    fn settle(&self, app: &mut App, layout: &Layout) {
        let Mode::TrainChooser(c) = &mut app.mode else {
            return;
        };
        let h = layout.body_height();
        if let Some((first, last)) = layout.rows_of(Target::Answer(c.selected)) {
            if last >= c.scroll + h {
                c.scroll = (last + 1).saturating_sub(h);
            }
            if first < c.scroll {
                c.scroll = first;
            }
        }
        c.scroll = c.scroll.min(layout.max_scroll());
    }
}

fn content(c: &Chooser, app: &App, text_width: usize, theme: Theme) -> Content {
    let s = &app.strings;
    let mut pinned = Doc::new(text_width, theme);
    let mut body = Doc::new(text_width, theme);
    let keys = if c.naming {
        "tui.train.keys.name"
    } else {
        "tui.train.keys.chooser"
    };
    let header = s.get("tui.train.screen.chooser").to_string();
    let Some(tr) = app.training.as_ref() else {
        return Content {
            header,
            keys,
            path: Vec::new(),
            pinned,
            body,
            bottom: Doc::new(text_width, theme),
        };
    };
    if c.naming {
        pinned.para(
            vec![Span::styled(
                format!("{}{}", s.get("tui.train.your_name"), s.get("tui.colon")),
                theme.label(),
            )],
            &[(&c.name, theme.bold()), ("_", theme.selected())],
            None,
        );
        pinned.text(s.get("tui.train.name_hint"), theme.dim());
    } else {
        labelled(&mut pinned, app, "tui.train.trainee", &tr.trainee);
    }
    let category = tr
        .filter
        .category
        .map_or(s.get("tui.train.all_categories"), |c| s.category(c));
    let difficulty = tr
        .filter
        .difficulty
        .map_or(s.get("tui.train.all_difficulties"), |d| {
            s.get(super::difficulty_key(d))
        });
    labelled(
        &mut pinned,
        app,
        "tui.train.set",
        &s.fmt(
            "tui.train.set_value",
            &[("category", category), ("difficulty", difficulty)],
        ),
    );
    pinned.blank();

    let listed = tr.listed();
    if listed.is_empty() {
        body.text(s.get("tui.train.none_listed"), theme.dim());
    } else {
        let all = s.fmt("tui.train.run_all", &[("n", &listed.len().to_string())]);
        body.choice(1, &all, !c.naming && c.selected == 0, Target::Answer(0));
        for (k, &i) in listed.iter().enumerate() {
            let case = &tr.set.cases[i];
            let text = s.fmt(
                "tui.train.case_line",
                &[
                    ("title", case.title.get(app.lang())),
                    ("meta", &case_meta(app, case)),
                ],
            );
            body.choice(
                k + 2,
                &text,
                !c.naming && c.selected == k + 1,
                Target::Answer(k + 1),
            );
        }
    }
    Content {
        header,
        keys,
        path: Vec::new(),
        pinned,
        body,
        bottom: Doc::new(text_width, theme),
    }
}

/// The next value in `all` after `now`, with "none" (every value) before the first.
fn cycle<T: Copy + PartialEq>(all: &[T], now: Option<T>) -> Option<T> {
    match now.and_then(|v| all.iter().position(|&x| x == v)) {
        None => all.first().copied(),
        Some(i) => all.get(i + 1).copied(),
    }
}

impl App<'_> {
    fn update_naming(&mut self, mut c: Chooser, action: Action) -> Effect {
        match action {
            Action::Type(ch) if !ch.is_control() && c.name.chars().count() < MAX_NAME_CHARS => {
                c.name.push(ch);
            }
            Action::Erase => {
                c.name.pop();
            }
            Action::Confirm => {
                let name = crate::training::attempts::clean_trainee(&c.name);
                if name.is_empty() {
                    self.say_status("tui.train.msg_name_needed", 0);
                } else {
                    if let Some(tr) = self.training.as_mut() {
                        tr.trainee = name;
                    }
                    c.naming = false;
                    c.name.clear();
                    if let Some(case) = c.then_open.take() {
                        let all = self.training.as_ref().map_or(0, |tr| tr.set.cases.len());
                        self.start_case((0..all).collect(), case);
                        return Effect::None;
                    }
                }
            }
            Action::Cancel => {
                let named = self
                    .training
                    .as_ref()
                    .is_some_and(|tr| !tr.trainee.is_empty());
                if !named {
                    self.quit = true;
                    return Effect::Quit;
                }
                c.naming = false;
                c.name.clear();
                c.then_open = None;
            }
            Action::Interrupt => {
                self.quit = true;
                return Effect::Quit;
            }
            _ => {}
        }
        self.mode = Mode::TrainChooser(c);
        Effect::None
    }

    fn update_chooser(&mut self, mut c: Chooser, action: Action, layout: LayoutOnDemand) -> Effect {
        let Some(tr) = self.training.as_ref() else {
            return Effect::None;
        };
        let listed = tr.listed();
        // Row 0 is the whole set; no rows at all when nothing is listed.
        let rows = if listed.is_empty() {
            0
        } else {
            listed.len() + 1
        };
        let last = rows.saturating_sub(1);
        match action {
            Action::SelectPrev => c.selected = c.selected.saturating_sub(1),
            Action::SelectNext => c.selected = (c.selected + 1).min(last),
            Action::SelectFirst => c.selected = 0,
            Action::SelectLast => c.selected = last,
            Action::Confirm if rows > 0 => {
                let pos = c.selected.saturating_sub(1);
                self.start_case(listed, pos);
                return Effect::None;
            }
            Action::Click { x, y } => {
                if let Some(Target::Answer(k)) = layout(self).target_at(x, y, c.scroll) {
                    self.start_case(listed, k.saturating_sub(1));
                    return Effect::None;
                }
            }
            Action::CycleCategory | Action::CycleDifficulty => {
                if let Some(tr) = self.training.as_mut() {
                    if action == Action::CycleCategory {
                        // Only the categories the cases have.
                        let present: Vec<Category> = Category::ALL
                            .into_iter()
                            .filter(|k| tr.set.cases.iter().any(|case| case.category == *k))
                            .collect();
                        tr.filter.category = cycle(&present, tr.filter.category);
                    } else {
                        tr.filter.difficulty = cycle(&Difficulty::ALL, tr.filter.difficulty);
                    }
                }
                c.selected = 0;
                c.scroll = 0;
            }
            Action::EditTrainee => {
                c.naming = true;
                c.name = self
                    .training
                    .as_ref()
                    .map(|tr| tr.trainee.clone())
                    .unwrap_or_default();
            }
            Action::StepOrderQuiz => {
                self.open_step_order_quiz(false);
                return Effect::None;
            }
            Action::EscalationQuiz => {
                self.open_escalation_quiz(false);
                return Effect::None;
            }
            Action::SwitchLanguage => {
                self.switch_language();
                self.say_status("tui.lang_now", 0);
            }
            Action::OpenHelp => {
                self.overlays.push(Overlay::Help { scroll: 0 });
            }
            Action::Quit | Action::Interrupt => {
                self.quit = true;
                return Effect::Quit;
            }
            Action::ScrollPageUp | Action::ScrollPageDown => {
                let page = layout(self).body_height().saturating_sub(2).max(1);
                c.selected = if action == Action::ScrollPageUp {
                    c.selected.saturating_sub(page)
                } else {
                    (c.selected + page).min(last)
                };
            }
            _ => {}
        }
        self.mode = Mode::TrainChooser(c);
        self.keep_in_view = true;
        Effect::None
    }
}
