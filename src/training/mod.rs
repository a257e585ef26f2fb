//! Training: practice cases told as a customer would tell them, walked on
//! the very tree the staff use, scored (a trap taken caps the score), with
//! feedback, a quiz round and the trainer's report.
//!
//! - [`model`]: practice cases, validated against a rule set.
//! - [`load()`]: the bundled cases, validated and compiled when posdoc was
//!   built ([`compiled`]), or `DIR/training/*.yaml` read and checked,
//!   located ([`load`](mod@load)).
//! - [`session`]: one attempt, pure (time is passed in), wrapping
//!   [`crate::engine::Session`].
//! - [`score`]: the score and its parts.
//! - [`quiz`]: order a diagnosis's remedy steps; whom to contact and what
//!   to have ready.
//! - [`attempts`]: where attempts are stored (one trait, one file format).
//! - [`report`]: the trainer's report over stored attempts.

pub mod attempts;
pub mod compiled;
pub mod load;
pub mod model;
pub mod quiz;
pub mod report;
pub mod score;
pub mod session;

pub use attempts::{default_log, Attempt, AttemptLog, JsonLinesLog, MemoryLog};
pub use load::{load_dir, load_files, TrainingLoaded, TRAINING_DIR};
pub use model::{
    CaseFilter, Difficulty, Fact, FindingFact, PathStep, PracticeCase, PracticeSet, Trap, TrapAt,
};
pub use quiz::{EscalationQuiz, EscalationResult, QuizError, StepOrderQuiz, StepOrderResult};
pub use report::{Report, ReportFilter};
pub use score::{Score, ScoreInputs, ScorePart, ScoreParts, TRAP_CAP};
pub use session::{
    Feedback, Moved, Phase, Reveal, StepReport, TakenAnswer, TrainingError, TrainingEvent,
    TrainingSession, WrongFinding, WrongTurn,
};

use crate::rules::{Problem, RuleSet, Severity};

/// The bundled practice cases in binary form, written by the build script
/// after it validated `rules/training/*.yaml` against the bundled rules
/// with this same loader (see `build.rs`).
static BUNDLED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled_practice.bin"));

/// The bundled practice cases' binary form, as embedded.
pub fn bundled_bytes() -> &'static [u8] {
    BUNDLED
}

/// What `check` reports of the bundled practice cases, read from the head
/// of their binary form without decoding the cases.
pub fn bundled_head() -> Result<compiled::Head, crate::rules::compiled::Corrupt> {
    compiled::decode_head(BUNDLED)
}

/// The bundled practice cases, for the bundled `rules`: the set validated
/// when posdoc was built and what `check` reported for it then (located in
/// the YAML files). A form that does not belong to `rules` is one error,
/// never a wrong node followed.
pub fn load_bundled(rules: &RuleSet) -> TrainingLoaded {
    compiled::decode(BUNDLED, crate::rules::bundled_bytes(), rules).unwrap_or_else(|e| {
        TrainingLoaded {
            set: None,
            problems: vec![unreadable_form(&e)],
            files: 0,
        }
    })
}

/// The one problem reported when the embedded practice form does not read:
/// a build defect the tests catch, never a panic.
pub fn unreadable_form(why: &dyn std::fmt::Display) -> Problem {
    Problem {
        file: format!("rules/{TRAINING_DIR}"),
        line: 1,
        column: 1,
        severity: Severity::Error,
        message: why.to_string(),
        source: None,
    }
}

/// Loads `DIR/training` for `--rules DIR` (no cases when it does not
/// exist), or the bundled cases when no directory is given.
pub fn load(rules_dir: Option<&std::path::Path>, rules: &RuleSet) -> TrainingLoaded {
    match rules_dir {
        Some(dir) => load_dir(dir, rules),
        None => load_bundled(rules),
    }
}
