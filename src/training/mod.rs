//! Training: practice cases told as a customer would tell them, walked on
//! the very tree the staff use, scored (a trap taken caps the score), with
//! feedback, a quiz round and the trainer's report.
//!
//! - [`model`]: practice cases, validated against a rule set.
//! - [`load()`]: reading `rules/training/*.yaml` and checking it, located.
//! - [`session`]: one attempt, pure (time is passed in), wrapping
//!   [`crate::engine::Session`].
//! - [`score`]: the score and its parts.
//! - [`quiz`]: order a diagnosis's remedy steps; whom to contact and what
//!   to have ready.
//! - [`attempts`]: where attempts are stored (one trait, one file format).
//! - [`report`]: the trainer's report over stored attempts.

pub mod attempts;
mod bundled;
pub mod load;
pub mod model;
pub mod quiz;
pub mod report;
pub mod score;
pub mod session;

pub use attempts::{default_log, Attempt, AttemptLog, JsonLinesLog, MemoryLog};
pub use load::{bundled_files, load, load_bundled, load_files, TrainingLoaded, TRAINING_DIR};
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
