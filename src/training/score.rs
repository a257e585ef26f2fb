//! The score of a practice attempt, in parts a trainer can read: the right
//! diagnosis, keys against par, backtracks, the money-safety part (warnings
//! seen, no trap taken) and time. A trap taken caps the total, however good
//! the rest: charging a card twice is never a good attempt.

use crate::rules::NodeIdx;
use serde::{Deserialize, Serialize};

/// The most an attempt that took a trap can score, out of 100.
pub const TRAP_CAP: u32 = 40;

/// Points for each part; they add up to 100.
pub const DIAGNOSIS_POINTS: u32 = 40;
pub const PATH_POINTS: u32 = 20;
pub const BACKTRACK_POINTS: u32 = 10;
pub const MONEY_SAFETY_POINTS: u32 = 20;
pub const TIME_POINTS: u32 = 10;

/// Each backtrack costs this much of [`BACKTRACK_POINTS`].
const POINTS_PER_BACKTRACK: u32 = 4;

/// Seconds an attempt may take for full time points: reading the story,
/// then half a minute a question on the best path. Points fall to none at
/// three times this.
pub fn time_target_seconds(par: usize) -> u64 {
    60 + 30 * par as u64
}

/// One part of a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorePart {
    pub points: u32,
    pub max: u32,
}

impl ScorePart {
    fn new(points: u32, max: u32) -> ScorePart {
        ScorePart {
            points: points.min(max),
            max,
        }
    }
}

/// The parts, as stored with each attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreParts {
    pub diagnosis: ScorePart,
    pub path: ScorePart,
    pub backtracks: ScorePart,
    pub money_safety: ScorePart,
    pub time: ScorePart,
}

impl ScoreParts {
    pub fn sum(&self) -> u32 {
        self.diagnosis.points
            + self.path.points
            + self.backtracks.points
            + self.money_safety.points
            + self.time.points
    }
}

/// What an attempt did, as far as scoring goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreInputs {
    /// The diagnosis the trainee committed to, if any.
    pub committed: Option<NodeIdx>,
    pub right: bool,
    /// Keys pressed up to the commitment (answers and backs).
    pub keys: usize,
    pub par: usize,
    pub backtracks: usize,
    /// Indexes into the case's traps.
    pub traps_taken: Vec<usize>,
    /// Nodes whose warnings had to be seen and were not.
    pub must_see_missed: Vec<NodeIdx>,
    pub must_see_total: usize,
    pub seconds: u64,
}

/// A scored attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    /// Out of 100, after the trap cap.
    pub total: u32,
    pub parts: ScoreParts,
    /// True when a trap held the total at [`TRAP_CAP`].
    pub capped_by_trap: bool,
    pub inputs: ScoreInputs,
}

impl Score {
    /// Scores what an attempt did.
    pub fn new(inputs: ScoreInputs) -> Score {
        let diagnosis = ScorePart::new(
            if inputs.right { DIAGNOSIS_POINTS } else { 0 },
            DIAGNOSIS_POINTS,
        );
        // Keys against par count only for a right diagnosis: a short way to
        // the wrong answer is not efficient.
        let path = if inputs.right && inputs.keys > 0 {
            let par = inputs.par.max(1) as u64;
            let keys = inputs.keys.max(inputs.par).max(1) as u64;
            ScorePart::new(
                u32::try_from(u64::from(PATH_POINTS) * par / keys).unwrap_or(0),
                PATH_POINTS,
            )
        } else {
            ScorePart::new(0, PATH_POINTS)
        };
        let lost = u32::try_from(inputs.backtracks)
            .unwrap_or(u32::MAX)
            .saturating_mul(POINTS_PER_BACKTRACK);
        let backtracks = ScorePart::new(
            if inputs.committed.is_some() {
                BACKTRACK_POINTS.saturating_sub(lost)
            } else {
                0
            },
            BACKTRACK_POINTS,
        );
        let money_safety = if inputs.traps_taken.is_empty() {
            let seen =
                inputs.must_see_total - inputs.must_see_missed.len().min(inputs.must_see_total);
            let points = if inputs.must_see_total == 0 {
                MONEY_SAFETY_POINTS
            } else {
                u32::try_from(
                    u64::from(MONEY_SAFETY_POINTS) * seen as u64 / inputs.must_see_total as u64,
                )
                .unwrap_or(0)
            };
            ScorePart::new(points, MONEY_SAFETY_POINTS)
        } else {
            ScorePart::new(0, MONEY_SAFETY_POINTS)
        };
        let target = time_target_seconds(inputs.par);
        let time = ScorePart::new(
            if inputs.committed.is_none() {
                0
            } else if inputs.seconds <= target {
                TIME_POINTS
            } else {
                // Linear from full at the target to none at three times it.
                let over = (inputs.seconds - target).min(2 * target);
                u32::try_from(u64::from(TIME_POINTS) * (2 * target - over) / (2 * target))
                    .unwrap_or(0)
            },
            TIME_POINTS,
        );
        let parts = ScoreParts {
            diagnosis,
            path,
            backtracks,
            money_safety,
            time,
        };
        let sum = parts.sum();
        let capped_by_trap = !inputs.traps_taken.is_empty() && sum > TRAP_CAP;
        let total = if inputs.traps_taken.is_empty() {
            sum
        } else {
            sum.min(TRAP_CAP)
        };
        Score {
            total,
            parts,
            capped_by_trap,
            inputs,
        }
    }

    /// Keys pressed beyond par (0 at or under par).
    pub fn keys_over_par(&self) -> usize {
        self.inputs.keys.saturating_sub(self.inputs.par)
    }

    pub fn trap_taken(&self) -> bool {
        !self.inputs.traps_taken.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn perfect() -> ScoreInputs {
        ScoreInputs {
            committed: Some(NodeIdx(3)),
            right: true,
            keys: 3,
            par: 3,
            backtracks: 0,
            traps_taken: Vec::new(),
            must_see_missed: Vec::new(),
            must_see_total: 1,
            seconds: 20,
        }
    }

    #[test]
    fn a_perfect_attempt_scores_100() {
        let s = Score::new(perfect());
        assert_eq!(s.total, 100);
        assert!(!s.capped_by_trap);
    }

    #[test]
    fn a_trap_caps_the_score_however_good_the_rest() {
        let s = Score::new(ScoreInputs {
            traps_taken: vec![0],
            ..perfect()
        });
        assert_eq!(s.parts.money_safety.points, 0);
        assert_eq!(s.parts.sum(), 80);
        assert_eq!(s.total, TRAP_CAP);
        assert!(s.capped_by_trap);
    }

    #[test]
    fn keys_over_par_and_backtracks_cost_points() {
        let s = Score::new(ScoreInputs {
            keys: 6,
            backtracks: 1,
            ..perfect()
        });
        assert_eq!(s.parts.path.points, 10);
        assert_eq!(s.parts.backtracks.points, 6);
        assert_eq!(s.keys_over_par(), 3);
    }

    #[test]
    fn a_wrong_diagnosis_gets_no_diagnosis_or_path_points() {
        let s = Score::new(ScoreInputs {
            right: false,
            ..perfect()
        });
        assert_eq!(s.parts.diagnosis.points, 0);
        assert_eq!(s.parts.path.points, 0);
        assert_eq!(s.total, 40);
    }

    #[test]
    fn time_points_fall_linearly_after_the_target() {
        let target = time_target_seconds(3);
        let at = |seconds| {
            Score::new(ScoreInputs {
                seconds,
                ..perfect()
            })
            .parts
            .time
            .points
        };
        assert_eq!(at(target), TIME_POINTS);
        assert_eq!(at(2 * target), TIME_POINTS / 2);
        assert_eq!(at(3 * target), 0);
        assert_eq!(at(100 * target), 0);
    }

    #[test]
    fn a_missed_warning_costs_its_share() {
        let s = Score::new(ScoreInputs {
            must_see_missed: vec![NodeIdx(1)],
            must_see_total: 2,
            ..perfect()
        });
        assert_eq!(s.parts.money_safety.points, MONEY_SAFETY_POINTS / 2);
    }
}
