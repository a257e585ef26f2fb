//! The quiz round: put a diagnosis's remedy steps in order, or pick whom to
//! contact and what to have ready. Pure: the shuffle is seeded by the
//! caller, so a quiz is the same every time for the same seed.

use crate::rules::{Category, Contact, NodeIdx, RuleSet};
use serde::Serialize;

/// A small, well-mixed generator (SplitMix64): enough for shuffling a
/// handful of choices reproducibly, with no dependency.
#[derive(Debug, Clone)]
struct Shuffler(u64);

impl Shuffler {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher-Yates.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Why a quiz answer cannot be scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizError {
    /// The order must name every shown step exactly once.
    NotAnOrder,
    /// A picked item is not one of the choices shown.
    NoSuchChoice { given: usize, count: usize },
}

impl std::fmt::Display for QuizError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QuizError::NotAnOrder => f.write_str("the order must name every step exactly once"),
            QuizError::NoSuchChoice { given, count } => {
                write!(f, "choice {given} is not one of 1 to {count}")
            }
        }
    }
}

impl std::error::Error for QuizError {}

/// The diagnoses a quiz can be set on (two steps or more), of one
/// category or all, and one of them picked by `seed`.
pub fn pick_diagnosis(rules: &RuleSet, category: Option<Category>, seed: u64) -> Option<NodeIdx> {
    let candidates: Vec<NodeIdx> = rules
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| category.is_none_or(|c| n.category == c))
        .filter(|(_, n)| n.as_diagnosis().is_some_and(|d| d.steps.len() >= 2))
        .map(|(i, _)| NodeIdx(i as u32))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let mut s = Shuffler(seed);
    Some(candidates[(s.next() % candidates.len() as u64) as usize])
}

/// "Put these steps in order."
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepOrderQuiz {
    pub diagnosis: NodeIdx,
    /// The diagnosis's steps (0-based) in the order shown.
    pub shown: Vec<usize>,
}

/// How an ordering went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepOrderResult {
    /// Steps put in their right place.
    pub in_place: usize,
    pub total: usize,
    /// Out of 100.
    pub points: u32,
    /// The order given, as step numbers (0-based).
    pub given: Vec<usize>,
}

impl StepOrderQuiz {
    /// A quiz on `diagnosis`'s steps, shuffled by `seed` (never left in
    /// order). None for a node that is not a diagnosis of two steps or more.
    pub fn new(rules: &RuleSet, diagnosis: NodeIdx, seed: u64) -> Option<StepOrderQuiz> {
        let d = rules.nodes.get(diagnosis.get())?.as_diagnosis()?;
        let n = d.steps.len();
        if n < 2 {
            return None;
        }
        let mut shown: Vec<usize> = (0..n).collect();
        Shuffler(seed).shuffle(&mut shown);
        if shown.iter().enumerate().all(|(i, &s)| i == s) {
            shown.rotate_left(1);
        }
        Some(StepOrderQuiz { diagnosis, shown })
    }

    /// Scores an order: `order[k]` is the position in [`Self::shown`]
    /// (0-based) of the step the trainee puts k-th.
    pub fn check(&self, order: &[usize]) -> Result<StepOrderResult, QuizError> {
        let n = self.shown.len();
        let mut used = vec![false; n];
        if order.len() != n {
            return Err(QuizError::NotAnOrder);
        }
        for &p in order {
            if p >= n {
                return Err(QuizError::NoSuchChoice {
                    given: p + 1,
                    count: n,
                });
            }
            if std::mem::replace(&mut used[p], true) {
                return Err(QuizError::NotAnOrder);
            }
        }
        let given: Vec<usize> = order.iter().map(|&p| self.shown[p]).collect();
        let in_place = given.iter().enumerate().filter(|(i, s)| i == *s).count();
        Ok(StepOrderResult {
            in_place,
            total: n,
            points: (100 * in_place / n) as u32,
            given,
        })
    }
}

/// "Whom do you contact, and what do you have ready?"
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationQuiz {
    pub diagnosis: NodeIdx,
    pub escalation: NodeIdx,
    /// Every contact, shuffled.
    pub contacts: Vec<Contact>,
    /// Every evidence key of the rule set, shuffled; the right ones are the
    /// escalation's `have_ready`.
    pub evidence: Vec<String>,
}

/// How an escalation answer went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationResult {
    pub contact_right: bool,
    pub right_contact: Contact,
    /// Evidence picked that is needed.
    pub picked_right: Vec<String>,
    /// Evidence needed and not picked.
    pub missed: Vec<String>,
    /// Evidence picked that is not needed.
    pub extra: Vec<String>,
    /// Out of 100: half for the contact, half for the evidence (each extra
    /// cancels one right pick).
    pub points: u32,
}

impl EscalationQuiz {
    /// A quiz on the escalation `diagnosis` hands over to.
    pub fn new(rules: &RuleSet, diagnosis: NodeIdx, seed: u64) -> Option<EscalationQuiz> {
        let d = rules.nodes.get(diagnosis.get())?.as_diagnosis()?;
        rules.node(d.escalation).as_escalation()?;
        let mut s = Shuffler(seed);
        let mut contacts = Contact::ALL.to_vec();
        s.shuffle(&mut contacts);
        let mut evidence: Vec<String> = rules.evidence.keys().cloned().collect();
        s.shuffle(&mut evidence);
        Some(EscalationQuiz {
            diagnosis,
            escalation: d.escalation,
            contacts,
            evidence,
        })
    }

    /// Scores a pick: `contact` and `evidence` are positions (0-based) in
    /// [`Self::contacts`] and [`Self::evidence`].
    pub fn check(
        &self,
        rules: &RuleSet,
        contact: usize,
        evidence: &[usize],
    ) -> Result<EscalationResult, QuizError> {
        let e = rules
            .node(self.escalation)
            .as_escalation()
            .ok_or(QuizError::NotAnOrder)?;
        let chosen = *self.contacts.get(contact).ok_or(QuizError::NoSuchChoice {
            given: contact + 1,
            count: self.contacts.len(),
        })?;
        let mut picked: Vec<&str> = Vec::new();
        for &p in evidence {
            let key = self.evidence.get(p).ok_or(QuizError::NoSuchChoice {
                given: p + 1,
                count: self.evidence.len(),
            })?;
            if !picked.contains(&key.as_str()) {
                picked.push(key);
            }
        }
        let needed = &e.have_ready;
        let picked_right: Vec<String> = picked
            .iter()
            .filter(|k| needed.iter().any(|n| n == **k))
            .map(|k| (*k).to_string())
            .collect();
        let extra: Vec<String> = picked
            .iter()
            .filter(|k| !needed.iter().any(|n| n == **k))
            .map(|k| (*k).to_string())
            .collect();
        let missed: Vec<String> = needed
            .iter()
            .filter(|n| !picked.contains(&n.as_str()))
            .cloned()
            .collect();
        let contact_right = chosen == e.contact;
        let evidence_points = if needed.is_empty() {
            if extra.is_empty() {
                50
            } else {
                0
            }
        } else {
            let net = picked_right.len().saturating_sub(extra.len());
            (50 * net / needed.len()) as u32
        };
        Ok(EscalationResult {
            contact_right,
            right_contact: e.contact,
            picked_right,
            missed,
            extra,
            points: if contact_right { 50 } else { 0 } + evidence_points,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        crate::rules::load_bundled().rules.unwrap()
    }

    #[test]
    fn a_step_order_quiz_is_seeded_never_in_order_and_scored_by_place() {
        let r = rules();
        let d = r.find("network.timeout").unwrap();
        let q = StepOrderQuiz::new(&r, d, 7).unwrap();
        assert_eq!(q, StepOrderQuiz::new(&r, d, 7).unwrap());
        assert_ne!(q.shown, (0..q.shown.len()).collect::<Vec<_>>());
        // The right answer: for each step k, where it was shown.
        let right: Vec<usize> = (0..q.shown.len())
            .map(|k| q.shown.iter().position(|&s| s == k).unwrap())
            .collect();
        let res = q.check(&right).unwrap();
        assert_eq!((res.in_place, res.points), (q.shown.len(), 100));
        let shown_order: Vec<usize> = (0..q.shown.len()).collect();
        assert!(q.check(&shown_order).unwrap().points < 100);
        assert_eq!(q.check(&[0, 0, 1, 2, 3]), Err(QuizError::NotAnOrder));
        assert_eq!(q.check(&[0]), Err(QuizError::NotAnOrder));
        assert!(StepOrderQuiz::new(&r, r.start, 1).is_none());
    }

    #[test]
    fn an_escalation_quiz_scores_contact_and_evidence() {
        let r = rules();
        let d = r.find("network.timeout").unwrap();
        let q = EscalationQuiz::new(&r, d, 3).unwrap();
        let e = r.node(q.escalation).as_escalation().unwrap();
        let contact = q.contacts.iter().position(|&c| c == e.contact).unwrap();
        let evidence: Vec<usize> = e
            .have_ready
            .iter()
            .map(|k| q.evidence.iter().position(|x| x == k).unwrap())
            .collect();
        let res = q.check(&r, contact, &evidence).unwrap();
        assert_eq!(res.points, 100);
        assert!(res.missed.is_empty() && res.extra.is_empty());
        let wrong = (contact + 1) % q.contacts.len();
        let res = q.check(&r, wrong, &evidence[..1]).unwrap();
        assert!(!res.contact_right);
        assert!(res.points < 50);
        assert_eq!(res.missed.len(), e.have_ready.len() - 1);
        assert!(q.check(&r, 99, &[]).is_err());
    }

    #[test]
    fn a_diagnosis_is_picked_by_seed_within_the_category() {
        let r = rules();
        let d = pick_diagnosis(&r, Some(Category::Renewal), 11).unwrap();
        assert_eq!(r.node(d).category, Category::Renewal);
        assert_eq!(pick_diagnosis(&r, Some(Category::Renewal), 11), Some(d));
    }
}
