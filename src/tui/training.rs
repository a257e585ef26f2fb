//! The state of `posdoc train` in the full-screen interface: the run over
//! a set of practice cases (kept on the `App`, since an attempt borrows
//! the cases), and each training screen's own state (kept in its `Mode`).
//! Data only: what the keys do is in `screens::training`, the one place
//! these change besides the constructor there.

use crate::training::{
    Attempt, CaseFilter, EscalationQuiz, EscalationResult, PracticeCase, PracticeSet,
    StepOrderQuiz, StepOrderResult, TrainingSession,
};
use std::time::Instant;

/// A training run: the cases to practise, the trainee, the attempt under
/// way (or just scored) and what is waiting to be stored.
pub struct Training<'r> {
    pub set: &'r PracticeSet,
    /// The trainee's name, as the attempts are stored under it; empty
    /// until typed on the chooser.
    pub trainee: String,
    /// The chooser's set: all cases, one category, one difficulty.
    pub filter: CaseFilter,
    /// The cases of this run, as indexes into `set.cases`, and the one
    /// being practised ("next case" moves along).
    pub queue: Vec<usize>,
    pub pos: usize,
    /// The attempt on the current case; stays after it is scored, for the
    /// score, the feedback and the quiz on its diagnosis.
    pub session: Option<TrainingSession<'r>>,
    /// The clock's origin: attempts are timed from `App::now` against it.
    pub origin: Instant,
    /// Unix seconds at `origin` (passed in, so tests can fix it).
    pub started_unix: u64,
    /// Unix seconds when the current attempt began.
    pub attempt_started_unix: u64,
    /// Seeds the quizzes (passed in, from the time, so tests can fix it).
    pub seed: u64,
    /// Quizzes started so far; varies the seed from one quiz to the next.
    pub quizzes: u64,
    /// A scored attempt the event loop still has to store
    /// (`Effect::SaveAttempt`).
    pub attempt_to_save: Option<Attempt>,
}

impl<'r> Training<'r> {
    /// The case being practised.
    pub fn case(&self) -> Option<&'r PracticeCase> {
        let set: &'r PracticeSet = self.set;
        self.queue.get(self.pos).and_then(|&i| set.cases.get(i))
    }

    /// The chooser's list: indexes into `set.cases` of the cases the
    /// filter lets through, in file order.
    pub fn listed(&self) -> Vec<usize> {
        let filter = self.filter;
        self.set
            .cases
            .iter()
            .enumerate()
            .filter(|(_, c)| filter.matches(c))
            .map(|(i, _)| i)
            .collect()
    }

    /// Milliseconds from the origin to `now`, the session's clock.
    pub fn ms(&self, now: Instant) -> u64 {
        u64::try_from(now.saturating_duration_since(self.origin).as_millis()).unwrap_or(u64::MAX)
    }

    /// The seed of the next quiz.
    pub fn next_seed(&mut self) -> u64 {
        self.quizzes += 1;
        self.seed
            .wrapping_add(self.quizzes.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
}

/// The chooser: row 0 runs the whole listed set, row `k` the `k`-th case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chooser {
    pub selected: usize,
    pub scroll: usize,
    /// Typing the trainee's name (asked first when none was given).
    pub naming: bool,
    /// The name as typed so far.
    pub name: String,
    /// The case to open once the name is typed (`--case` without `--trainee`).
    pub then_open: Option<usize>,
}

/// The practice screen: the walk of the current attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Practice {
    /// The selected answer or choice; as on the walk screen, none where
    /// the first would end the case.
    pub selected: Option<usize>,
    pub scroll: usize,
    /// The trainee asked the customer at the current point: show what
    /// the customer says.
    pub asked: bool,
}

/// Which half of the result is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResultPage {
    #[default]
    Score,
    Feedback,
}

/// The score, then the feedback, of the attempt just finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scored {
    pub page: ResultPage,
    pub scroll: usize,
}

/// A quiz round, and where Esc returns to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizRound {
    pub quiz: Quiz,
    /// Opened from the score screen (else from the chooser).
    pub from_score: bool,
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quiz {
    /// Put a diagnosis's remedy steps in order.
    StepOrder(StepOrderRound),
    /// Whom to contact and what to have ready.
    Escalation(EscalationRound),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepOrderRound {
    pub quiz: StepOrderQuiz,
    /// Positions in `quiz.shown`, in the order the trainee put them.
    pub order: Vec<usize>,
    pub result: Option<StepOrderResult>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationRound {
    pub quiz: EscalationQuiz,
    /// The contact picked (position in `quiz.contacts`).
    pub contact: usize,
    /// The keys move along the evidence list (else the contacts).
    pub on_evidence: bool,
    /// The evidence item under the cursor.
    pub cursor: usize,
    /// Which evidence items are ticked, by position in `quiz.evidence`.
    pub ticked: Vec<bool>,
    pub result: Option<EscalationResult>,
}
