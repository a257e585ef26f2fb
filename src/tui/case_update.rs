//! What the actions mean for cases: the journal follows the walk after
//! every action, the caller's details and notes come in through their
//! boxes, the summary is shown and copied, open cases are resumed (or read,
//! or taken over when someone else holds them). Part of `update`: the
//! state changes here and nowhere else, and every time comes from
//! `App::clock`, so tests set it.

use super::action::{Action, Effect};
use super::case_state::{
    masked_append, CallerForm, CaseDesk, CaseSetup, CopyJob, CopyOutcome, HeldBy, NoteEditor,
    Summary, OPEN_CASES_SHOWN,
};
use super::screen::LayoutOnDemand;
use super::state::{App, Confirm, Mode, Overlay, Status};
use crate::case::intake::{MAX_FIELD_CHARS, MAX_NOTE_CHARS};
use crate::case::{
    CallerField, Case, CaseCode, CaseFilter, CaseJournal, CaseStatus, CaseStore, EventKind,
    JumpCause, NewCase, Opened, StoreError,
};
use crate::present::{case_text, CaseSummary};

impl App<'_> {
    /// Lets the interface keep cases in `setup.store`. A walk already
    /// opened at a response code begins its case now.
    pub fn attach_cases(&mut self, setup: CaseSetup) {
        if setup.agent {
            self.show_say = true;
        }
        self.cases = Some(CaseDesk::new(setup));
        let code = self
            .walk()
            .and_then(|w| w.code)
            .and_then(|i| self.rules.codes.get(i))
            .map(|rc| rc.code.clone());
        if let (Some(code), Some(desk)) = (code, self.cases.as_mut()) {
            desk.pending_cause = Some(JumpCause::Code { code });
        }
        self.refresh_open_cases();
        self.sync_case();
    }

    /// Whether the event loop should wake once a second: a wait counts
    /// down, or the call timer runs.
    pub fn ticking(&self) -> bool {
        self.wait_running() || self.call_timer().is_some()
    }

    /// The call timer of agent mode, "mm:ss" since the case started.
    pub fn call_timer(&self) -> Option<String> {
        let desk = self.cases.as_ref().filter(|d| d.agent)?;
        let case = desk.case().filter(|c| c.is_open())?;
        let secs = (self.clock.0 - case.started_at.0).max(0) / 1000;
        Some(if secs >= 3600 {
            format!("{}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60)
        } else {
            format!("{:02}:{:02}", secs / 60, secs % 60)
        })
    }

    /// A summary waiting to be copied and saved by the event loop.
    pub fn copy_job(&self) -> Option<&CopyJob> {
        self.cases.as_ref()?.copy_job.as_ref()
    }

    pub(in crate::tui) fn say_store_error(&mut self, e: &StoreError) {
        self.status = Some(Status {
            key: e.key(),
            n: 0,
            code: None,
            args: e.args(),
        });
    }

    fn say_with(&mut self, key: &'static str, args: Vec<(&'static str, String)>) {
        self.status = Some(Status {
            key,
            n: 0,
            code: None,
            args,
        });
    }

    /// Reads the operator's open cases again, for the start screen.
    fn refresh_open_cases(&mut self) {
        let Some(desk) = self.cases.as_mut() else {
            return;
        };
        let filter = CaseFilter {
            open_only: true,
            operator: Some(desk.operator.clone()),
            // One more, for the case on screen, which is not listed.
            limit: Some(OPEN_CASES_SHOWN + 1),
            ..CaseFilter::default()
        };
        match desk.store.list(&filter) {
            Ok(list) => desk.open = list,
            Err(e) => {
                desk.open.clear();
                self.say_store_error(&e);
            }
        }
    }

    /// The case on screen, created if there is none yet; false (with the
    /// store's error on the status line) when the store refused.
    fn ensure_case(&mut self) -> bool {
        let (clock, lang) = (self.clock, self.lang());
        let Some(desk) = self.cases.as_mut() else {
            return false;
        };
        if desk.journal.is_some() {
            return true;
        }
        let new = NewCase {
            started_at: clock,
            operator: desk.operator.clone(),
            role: desk.role(),
            lang,
        };
        match desk.store.create(&new) {
            Ok(case) => {
                desk.journal = Some(CaseJournal::new(
                    Box::new(desk.store.clone()),
                    case,
                    None,
                    &desk.operator,
                    desk.kept,
                ));
                true
            }
            Err(e) => {
                self.say_store_error(&e);
                false
            }
        }
    }

    /// After every action: the journal records what the walk did (the
    /// engine's trail is the source), ends or reopens the case with the
    /// walk, and follows the language. A case begins with the first move,
    /// or at once in agent mode (the call has begun). When the case has
    /// just ended, the summary is shown.
    pub(in crate::tui) fn sync_case(&mut self) {
        let Some(desk) = self.cases.as_ref() else {
            return;
        };
        // Quitting let go of the case; nothing begins after that.
        if self.quit {
            return;
        }
        if desk.journal.is_none() && !(self.session.in_progress() || desk.agent) {
            return;
        }
        if !self.ensure_case() {
            return;
        }
        let (clock, lang) = (self.clock, self.lang());
        let Some(desk) = self.cases.as_mut() else {
            return;
        };
        let Some(journal) = desk.journal.as_mut() else {
            return;
        };
        let cause = desk.pending_cause.take();
        let was_open = journal.case().is_open();
        let mut results = vec![journal.record(&self.session, cause, clock)];
        let status = CaseStatus::of(&self.session);
        if !status.is_open() {
            results.push(journal.end(status, clock));
        } else if !was_open {
            results.push(journal.reopen(clock));
        }
        if journal.case().lang != lang {
            results.push(journal.language(lang, clock));
        }
        let ended_now = was_open && !journal.case().is_open();
        if let Some(e) = results.into_iter().find_map(Result::err) {
            self.say_store_error(&e);
        }
        if ended_now && matches!(self.mode, Mode::Walk(_)) {
            self.mode = Mode::Summary(Summary {
                scroll: 0,
                read_only: None,
                copied: None,
            });
            self.keep_in_view = true;
        }
    }

    /// Lets go of the case on screen (quit, a new case, another case): a
    /// case still in progress stays open for its code to resume it; one
    /// begun in agent mode with nothing done is recorded as abandoned.
    pub(in crate::tui) fn leave_case(&mut self) {
        let clock = self.clock;
        let walked = self.session.in_progress();
        let Some(desk) = self.cases.as_mut() else {
            return;
        };
        let Some(mut journal) = desk.journal.take() else {
            return;
        };
        let untouched = journal.case().events.iter().all(|e| {
            matches!(
                e.kind,
                EventKind::Started { .. } | EventKind::Language { .. }
            )
        });
        let result = if journal.case().is_open() && untouched && !walked {
            journal.end(CaseStatus::Abandoned, clock)
        } else {
            journal.release()
        };
        if let Err(e) = result {
            self.say_store_error(&e);
        }
        self.refresh_open_cases();
    }

    /// `r`: a new case on the start question; the one on screen is kept.
    pub(in crate::tui) fn new_case(&mut self) {
        self.leave_case();
        self.session.restart();
        self.after_move(None);
    }

    /// Whether `r` and `q` must ask first: a walk in progress is lost
    /// without a store, and a finished case is stored anyway.
    pub(in crate::tui) fn restart_needs_asking(&self) -> bool {
        self.session.in_progress() && !(self.cases.is_some() && self.session.is_finished())
    }

    /// The case actions of the main screens; `None` when the action is
    /// not one of them (or the interface keeps no cases).
    pub(in crate::tui) fn case_action(&mut self, action: Action) -> Option<Effect> {
        self.cases.as_ref()?;
        let read_only = matches!(&self.mode, Mode::Summary(s) if s.read_only.is_some());
        match action {
            Action::EditCaller | Action::AddNote if read_only => {
                self.say_status("tui.case_read_only", 0);
            }
            Action::EditCaller => {
                let values = self
                    .cases
                    .as_ref()
                    .and_then(CaseDesk::case)
                    .map_or_else(Default::default, |c| {
                        CallerField::ALL.map(|f| c.caller.get(f).to_string())
                    });
                self.overlays.push(Overlay::CallerForm(CallerForm {
                    field: 0,
                    values,
                    typing: Default::default(),
                    refusal: None,
                }));
            }
            Action::AddNote => self.overlays.push(Overlay::Note(NoteEditor::default())),
            Action::ShowSummary => {
                if self.cases.as_ref().is_some_and(|d| d.journal.is_some()) {
                    self.mode = Mode::Summary(Summary {
                        scroll: 0,
                        read_only: None,
                        copied: None,
                    });
                } else {
                    self.say_status("tui.case_none_yet", 0);
                }
            }
            Action::ToggleAgent => {
                let agent = self.cases.as_mut().map(|d| {
                    d.agent = !d.agent;
                    d.agent
                })?;
                self.show_say = agent;
                self.keep_in_view = true;
                self.say_status(
                    if agent {
                        "tui.agent_on"
                    } else {
                        "tui.agent_off"
                    },
                    0,
                );
            }
            Action::ListCases => {
                self.refresh_open_cases();
                let any = self
                    .cases
                    .as_ref()
                    .is_some_and(|d| d.others_open().next().is_some());
                if any {
                    self.overlays.push(Overlay::OpenCases { selected: 0 });
                } else if self.status.is_none() {
                    self.say_status("tui.case_none_open", 0);
                }
            }
            _ => return None,
        }
        Some(Effect::None)
    }

    /// The caller's details box.
    pub(in crate::tui) fn update_caller_form(
        &mut self,
        mut st: CallerForm,
        action: Action,
    ) -> Effect {
        let last = CallerField::ALL.len() - 1;
        match action {
            Action::Cancel => {
                self.overlays.pop();
                return Effect::None;
            }
            Action::Interrupt => {
                self.overlays.pop();
                return self.ask_quit();
            }
            Action::Type(c) => {
                masked_append(
                    &mut st.values[st.field],
                    &mut st.typing[st.field],
                    c.encode_utf8(&mut [0; 4]),
                    MAX_FIELD_CHARS,
                );
                st.refusal = None;
            }
            Action::Erase => {
                st.typing[st.field].pop(&mut st.values[st.field]);
                st.refusal = None;
            }
            Action::SelectPrev => st.field = st.field.checked_sub(1).unwrap_or(last),
            Action::SelectNext => st.field = if st.field >= last { 0 } else { st.field + 1 },
            Action::Confirm => {
                if let Some(refused) = self.save_caller(&st) {
                    st.field = refused.0;
                    st.refusal = Some(refused);
                } else {
                    self.overlays.pop();
                    return Effect::None;
                }
            }
            _ => {}
        }
        self.set_top_overlay(Overlay::CallerForm(st));
        Effect::None
    }

    /// Writes the fields that changed, all or none: the first refused
    /// one, if any, and nothing is written.
    fn save_caller(&mut self, st: &CallerForm) -> Option<(usize, crate::case::Refusal)> {
        let mut check = crate::case::CallerDetails::default();
        for (i, field) in CallerField::ALL.into_iter().enumerate() {
            if let Err(refusal) = check.set(field, &st.values[i]) {
                return Some((i, refusal));
            }
        }
        if !self.ensure_case() {
            return None;
        }
        let clock = self.clock;
        let journal = self.cases.as_mut()?.journal.as_mut()?;
        let mut error = None;
        for (i, field) in CallerField::ALL.into_iter().enumerate() {
            match journal.set_caller(field, &st.values[i], clock) {
                Err(refusal) => return Some((i, refusal)),
                Ok(Err(e)) => error = Some(e),
                Ok(Ok(_)) => {}
            }
        }
        match error {
            Some(e) => self.say_store_error(&e),
            None => self.say_status("tui.case_details_saved", 0),
        }
        None
    }

    /// The note box.
    pub(in crate::tui) fn update_note(&mut self, mut st: NoteEditor, action: Action) -> Effect {
        match action {
            Action::Cancel => {
                self.overlays.pop();
                return Effect::None;
            }
            Action::Interrupt => {
                self.overlays.pop();
                return self.ask_quit();
            }
            Action::Type(c) => {
                masked_append(
                    &mut st.text,
                    &mut st.typing,
                    c.encode_utf8(&mut [0; 4]),
                    MAX_NOTE_CHARS,
                );
                st.refusal = None;
            }
            Action::Erase => {
                st.typing.pop(&mut st.text);
                st.refusal = None;
            }
            Action::Confirm => {
                if !self.ensure_case() {
                    self.overlays.pop();
                    return Effect::None;
                }
                let clock = self.clock;
                let noted = self
                    .cases
                    .as_mut()
                    .and_then(|d| d.journal.as_mut())
                    .map(|j| j.note(&st.text, clock));
                match noted {
                    Some(Err(refusal)) => st.refusal = Some(refusal),
                    Some(Ok(Err(e))) => {
                        self.overlays.pop();
                        self.say_store_error(&e);
                        return Effect::None;
                    }
                    Some(Ok(Ok(_))) | None => {
                        self.overlays.pop();
                        self.say_status("tui.case_note_saved", 0);
                        return Effect::None;
                    }
                }
            }
            _ => {}
        }
        self.set_top_overlay(Overlay::Note(st));
        Effect::None
    }

    /// The list of open cases.
    pub(in crate::tui) fn update_case_list(&mut self, selected: usize, action: Action) -> Effect {
        let codes: Vec<CaseCode> = self.cases.as_ref().map_or_else(Vec::new, |d| {
            d.others_open()
                .take(OPEN_CASES_SHOWN)
                .map(|h| h.code.clone())
                .collect()
        });
        let last = codes.len().saturating_sub(1);
        let pick = match action {
            Action::Cancel => {
                self.overlays.pop();
                return Effect::None;
            }
            Action::Interrupt => {
                self.overlays.pop();
                return self.ask_quit();
            }
            Action::Choose(i) => Some(i),
            Action::Confirm => Some(selected),
            Action::SelectPrev => {
                self.set_top_overlay(Overlay::OpenCases {
                    selected: selected.saturating_sub(1),
                });
                None
            }
            Action::SelectNext => {
                self.set_top_overlay(Overlay::OpenCases {
                    selected: (selected + 1).min(last),
                });
                None
            }
            _ => None,
        };
        if let Some(code) = pick.and_then(|i| codes.get(i)) {
            self.overlays.pop();
            self.resume_case(&code.clone());
        }
        Effect::None
    }

    /// Opens case `code` to work on where it stopped; someone else's
    /// case asks first (read it, or take it over).
    pub fn resume_case(&mut self, code: &CaseCode) {
        let clock = self.clock;
        let Some(desk) = self.cases.as_mut() else {
            return;
        };
        let operator = desk.operator.clone();
        match desk.store.open(code, &operator, clock) {
            Ok(Opened::Yours(case)) => {
                self.leave_case();
                self.load_case(case);
            }
            Ok(Opened::HeldBy { holder, .. }) => {
                self.overlays.push(Overlay::HeldBy(HeldBy {
                    code: code.clone(),
                    holder,
                }));
            }
            Err(e) => self.say_store_error(&e),
        }
    }

    /// Puts `case` on screen: the walk rebuilt on today's rules (a node
    /// gone from them is named), the journal writing what happens next.
    fn load_case(&mut self, case: Case) {
        let resumed = crate::case::resume(self.rules, &case.trail());
        let finished = !case.is_open();
        let code = case.code.grouped();
        self.session = resumed.session;
        if let Some(desk) = self.cases.as_mut() {
            desk.journal = Some(CaseJournal::new(
                Box::new(desk.store.clone()),
                case,
                Some(&self.session),
                &desk.operator,
                desk.kept,
            ));
        }
        self.after_move(None);
        if resumed.missing.is_empty() {
            self.say_with("tui.case_resumed", vec![("code", code)]);
        } else {
            self.say_with(
                "tui.case_missing_nodes",
                vec![("code", code), ("nodes", resumed.missing.join(", "))],
            );
        }
        if finished {
            self.mode = Mode::Summary(Summary {
                scroll: 0,
                read_only: None,
                copied: None,
            });
        }
        self.refresh_open_cases();
    }

    /// Someone else holds the case: read it, take it over, or go back.
    pub(in crate::tui) fn update_held_by(&mut self, st: HeldBy, action: Action) -> Effect {
        let clock = self.clock;
        match action {
            Action::ReadOnly => {
                self.overlays.pop();
                let Some(desk) = self.cases.as_mut() else {
                    return Effect::None;
                };
                match desk.store.get(&st.code) {
                    Ok(Some(case)) => {
                        self.mode = Mode::Summary(Summary {
                            scroll: 0,
                            read_only: Some(Box::new(case)),
                            copied: None,
                        });
                        self.keep_in_view = true;
                    }
                    Ok(None) => self.say_store_error(&StoreError::NotFound { code: st.code }),
                    Err(e) => self.say_store_error(&e),
                }
            }
            Action::TakeOver => {
                self.overlays.pop();
                let Some(desk) = self.cases.as_mut() else {
                    return Effect::None;
                };
                let operator = desk.operator.clone();
                match desk.store.take_over(&st.code, &operator, clock) {
                    Ok(case) => {
                        self.leave_case();
                        self.load_case(case);
                    }
                    Err(e) => self.say_store_error(&e),
                }
            }
            Action::Cancel => {
                self.overlays.pop();
            }
            Action::Interrupt => {
                self.overlays.pop();
                return self.ask_quit();
            }
            _ => {}
        }
        Effect::None
    }

    /// What the actions mean on the summary screen.
    pub(in crate::tui) fn update_summary(
        &mut self,
        st: &Summary,
        action: Action,
        layout: LayoutOnDemand,
    ) -> Effect {
        let scroll_to = |app: &mut App, scroll: isize| {
            let max = layout(app).max_scroll();
            if let Mode::Summary(s) = &mut app.mode {
                s.scroll = s.scroll.saturating_add_signed(scroll).min(max);
            }
        };
        let page = || {
            let l = layout(self);
            l.body_height().saturating_sub(1).max(1) as isize
        };
        match action {
            Action::Cancel => self.after_move(None),
            Action::Quit | Action::Interrupt => return self.ask_quit(),
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
            Action::OpenHelp => self.overlays.push(Overlay::Help { scroll: 0 }),
            Action::Copy => return self.copy_summary(st),
            Action::Copied { clipboard, saved } => {
                if let Some(desk) = self.cases.as_mut() {
                    desk.copy_job = None;
                }
                if let Mode::Summary(s) = &mut self.mode {
                    s.copied = Some(CopyOutcome { clipboard, saved });
                }
            }
            Action::ScrollUp => scroll_to(self, -1),
            Action::ScrollDown => scroll_to(self, 1),
            Action::ScrollPageUp => {
                let p = page();
                scroll_to(self, -p);
            }
            Action::ScrollPageDown => {
                let p = page();
                scroll_to(self, p);
            }
            Action::ScrollToTop => scroll_to(self, isize::MIN),
            Action::ScrollToEnd => scroll_to(self, isize::MAX),
            _ => {}
        }
        Effect::None
    }

    /// `c` on the summary: the text for the event loop to copy and save.
    fn copy_summary(&mut self, st: &Summary) -> Effect {
        let Some(text) = self.summary_text(st) else {
            return Effect::None;
        };
        let Some(desk) = self.cases.as_mut() else {
            return Effect::None;
        };
        let code = match &st.read_only {
            Some(case) => case.code.clone(),
            None => match desk.case() {
                Some(c) => c.code.clone(),
                None => return Effect::None,
            },
        };
        let path = desk.summary_path(&code);
        desk.copy_job = Some(CopyJob { text, path });
        Effect::Copy
    }

    /// The summary of the case the screen shows, as plain text.
    pub fn summary_text(&self, st: &Summary) -> Option<String> {
        if let Some(case) = &st.read_only {
            let walk = crate::case::resume(self.rules, &case.trail());
            let summary = CaseSummary::new(&walk.session, &self.strings);
            return Some(case_text(case, &summary, &self.strings));
        }
        let case = self.cases.as_ref()?.case()?;
        let summary = CaseSummary::new(&self.session, &self.strings);
        Some(case_text(case, &summary, &self.strings))
    }

    /// Replaces the overlay on top.
    fn set_top_overlay(&mut self, overlay: Overlay) {
        self.overlays.pop();
        self.overlays.push(overlay);
    }

    /// Text pasted into a case box: one piece, masked, line breaks made spaces.
    pub(in crate::tui) fn paste_into_case_box(&mut self, text: &str) -> bool {
        let clean: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        match self.overlays.last_mut() {
            Some(Overlay::Note(st)) => {
                masked_append(&mut st.text, &mut st.typing, &clean, MAX_NOTE_CHARS);
                st.refusal = None;
                true
            }
            Some(Overlay::CallerForm(st)) => {
                let field = st.field;
                masked_append(
                    &mut st.values[field],
                    &mut st.typing[field],
                    &clean,
                    MAX_FIELD_CHARS,
                );
                st.refusal = None;
                true
            }
            _ => false,
        }
    }
}
