//! What a front end shows, as data: a point of a walk ([`PointView`]), the
//! case so far or as it ended ([`CaseSummary`]) and a response code
//! ([`ResponseCodeView`]). Built once from the engine's [`Session`] and the
//! UI texts of one language; every text in a view is already in that
//! language, so a formatter (line mode's text, its JSON lines, a TUI
//! screen) only arranges what it is given and never looks at the rules,
//! the engine or a `Lang` again.
//!
//! Layering: depends on `engine`, `rules` and `i18n` only. No terminal, no
//! files, no clock.
//!
//! Numbering: every number in a view counts from 1, as a person reads it
//! (answer 1, step 2 of 5), `via` included ([`Via`] is the engine's
//! 0-based [`Move`] numbered for people).
//!
//! [`Session`]: crate::engine::Session
//! [`Move`]: crate::engine::Move

mod case;
mod point;
mod summary_text;

pub use case::{
    CaseOutcome, CaseSummary, Crumb, Departure, DiagnosisRef, StepReport, TriedStep, Via,
};
pub use point::{
    AnswerView, DiagnosisView, EscalationView, EvidenceView, FindingView, PointBody, PointView,
    QuestionView, ResolvedView, ResponseCodeView, StepState, StepView, WarningView,
};

pub use summary_text::{
    case_sections, case_sections_in, case_text, case_text_in, utc_minute, CaseContext, TextSection,
    Times,
};

#[cfg(test)]
mod tests;
