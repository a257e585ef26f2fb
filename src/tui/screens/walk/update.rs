//! What the actions mean on the walk screen: choosing, going back, the
//! path, scrolling. The walk's half of `update`; the shared moves
//! (`after_move`, `ask_quit`) stay in `update`, as overlays use them too.

use super::Point;
use crate::engine::Move;
use crate::rules::StepKind;
use crate::tui::action::{Action, Effect};
use crate::tui::doc::{Content, Layout, Target};
use crate::tui::screen::{KeyContext, LayoutOnDemand, Screen};
use crate::tui::state::{App, Confirm, Focus, Overlay, SearchState, Stage, Walk};
use crate::tui::theme::Theme;

impl Screen for Walk {
    fn content(&self, app: &App, total: usize, text_width: usize, theme: Theme) -> Content {
        super::content(&Point::of(app, *self), total, text_width, theme)
    }

    fn key_context(&self) -> KeyContext {
        match self.focus {
            Focus::Path => KeyContext::Path,
            Focus::Content => KeyContext::Main,
        }
    }

    fn scroll(&self) -> usize {
        self.scroll
    }

    fn update(&self, app: &mut App, action: Action, layout: LayoutOnDemand) -> Effect {
        app.update_walk(*self, action, layout)
    }

    fn settle(&self, app: &mut App, layout: &Layout) {
        app.settle_walk(layout);
    }
}

impl App<'_> {
    /// Scrolls the body so the selected choice can be seen (and, when it
    /// fits too, the remedy step it answers).
    fn settle_walk(&mut self, layout: &Layout) {
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
            // y / n answer an action; y also ends a wait. At a check they
            // would pick a finding by position, so there they do nothing.
            Action::Fixed
                if stage == Stage::Diagnosis
                    && self.session.step_kind() != Some(StepKind::Check) =>
            {
                self.choose(0);
            }
            Action::NotFixed
                if stage == Stage::Diagnosis
                    && self.session.step_kind() == Some(StepKind::Action) =>
            {
                self.choose(1);
            }
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
                        });
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
                if self.restart_needs_asking() {
                    self.overlays.push(Overlay::Confirm(Confirm::Restart));
                } else {
                    self.new_case();
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
            Stage::Diagnosis => {
                let moved = match self.session.step_kind() {
                    Some(StepKind::Check) => self.session.found(i).is_ok(),
                    Some(StepKind::Wait) => i == 0 && self.session.wait_over().is_ok(),
                    _ => i < 2 && self.session.step_result(i == 0).is_ok(),
                };
                if moved {
                    self.after_move(None);
                } else {
                    self.say_status("tui.msg_no_choice", i + 1);
                }
            }
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
        Move::Found { finding, .. } => Some(finding),
        Move::Waited { .. } => Some(0),
        _ => None,
    }
}
