//! What the user asks for, whatever the key or the mouse. Which key means
//! which action, and in which context, is decided only in `keys`.

use super::case_state::ClipboardWay;
use crate::case::Timestamp;
use std::time::Instant;

/// Everything the user can ask for. The meaning is the intent; each mode
/// and overlay decides what the intent does there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Choice `n` (0-based): an answer, or at a remedy step 0 = fixed, 1 = not fixed.
    Choose(usize),
    /// The selection one up (or, with nothing to select, one row up).
    SelectPrev,
    /// The selection one down (or, with nothing to select, one row down).
    SelectNext,
    SelectFirst,
    SelectLast,
    /// Take the selected thing (answer, breadcrumb, search hit, "yes").
    Confirm,
    /// Step out of what is open: a dialog, an overlay, the path, the program.
    Cancel,
    /// Undo the last move of the walk.
    GoBack,
    /// Move the focus between the content and the path.
    ToggleFocus,
    Restart,
    SwitchLanguage,
    /// Show or hide the words to read to the caller.
    ToggleSay,
    OpenHelp,
    OpenSearch,
    /// Show the whole tree as an outline.
    OpenExplore,
    /// Open what is selected in an outline (a category, a question).
    Unfold,
    /// Close what is selected in an outline, or go to what holds it.
    Fold,
    Quit,
    /// Ctrl-C: quit, asking first when a walk is in progress.
    Interrupt,
    Suspend,
    /// The current remedy step fixed the fault.
    Fixed,
    /// The current remedy step did not fix the fault.
    NotFixed,
    /// A character typed into a text box.
    Type(char),
    /// Delete the last character of a text box.
    Erase,
    /// Scroll a notch (the mouse wheel).
    ScrollUp,
    ScrollDown,
    ScrollPageUp,
    ScrollPageDown,
    ScrollToTop,
    ScrollToEnd,
    /// A key with no meaning here that still dismisses the status message
    /// (the arrows that only move along the path).
    Acknowledge,
    Click {
        x: u16,
        y: u16,
    },
    Resize(u16, u16),
    /// SIGTERM / SIGHUP / SIGINT: leave now.
    Terminate,
    /// The clock, once a second while a wait counts down.
    Tick(Instant),
    /// The wall-clock time, before the input it comes with: the time of
    /// a case's events and of the call timer.
    Clock(Timestamp),
    /// Open the caller's details (`i`).
    EditCaller,
    /// Write a note (`m`).
    AddNote,
    /// Show the case as a whole (`c`).
    ShowSummary,
    /// Agent mode on or off (`a`).
    ToggleAgent,
    /// List the operator's open cases to resume one (`o`).
    ListCases,
    /// Copy the summary to the clipboard and save it to a file (`c` on the summary).
    Copy,
    /// What the event loop could do with the summary.
    Copied {
        clipboard: ClipboardWay,
        saved: bool,
    },
    /// The case is held by someone else: read it without taking it.
    ReadOnly,
    /// The case is held by someone else: take it over.
    TakeOver,
    /// Training: "I'd ask the customer" at a question or a check step.
    AskCustomer,
    /// Training: stop the practice case here and see the score.
    StopPractice,
    /// Training: the next case of the set.
    NextCase,
    /// Training: back to the chooser.
    ToChooser,
    /// Training: switch between the score and the feedback.
    ToggleFeedback,
    /// Training: the set on the chooser, one category further.
    CycleCategory,
    /// Training: the set on the chooser, one difficulty further.
    CycleDifficulty,
    /// Training: type the trainee's name again.
    EditTrainee,
    /// Training: a quiz putting a diagnosis's remedy steps in order.
    StepOrderQuiz,
    /// Training: a quiz on whom to contact and what to have ready.
    EscalationQuiz,
    /// Tick or untick the item under the cursor (Space).
    ToggleItem,
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    Suspend,
    /// Copy the summary the state holds (`CaseDesk::copy_job`), then
    /// report with `Action::Copied`.
    Copy,
    /// Store the attempt just scored (`Training::attempt_to_save`); the
    /// event loop does it, so `update` stays free of files.
    SaveAttempt,
}
