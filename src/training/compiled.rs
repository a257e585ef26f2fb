//! The bundled practice cases in binary form: the validated
//! [`PracticeSet`], the problems `check` reports for it (located in the
//! YAML files, with their source lines) and the number of files, as the
//! build script's training loader produced them from `rules/training/`. A
//! start reads this instead of parsing YAML.
//!
//! The build script compiles this module with the training loader and the
//! model (`build.rs`), so writer and reader are the same code, and it uses
//! the rules' binary machinery ([`crate::rules::compiled`]). Every struct is
//! written by destructuring it whole: a field added to the model and not
//! written here does not compile.
//!
//! A practice set points into its rule set by [`NodeIdx`], so the form
//! carries a fingerprint of the rules' binary form it was validated
//! against, and is refused with any other.

use super::load::TrainingLoaded;
use super::model::{
    Difficulty, Fact, FindingFact, PathStep, PracticeCase, PracticeSet, Trap, TrapAt,
};
use crate::rules::compiled::{wire_struct, Corrupt, Reader, Wire};
use crate::rules::{NodeIdx, Problem, RuleSet};
use std::collections::BTreeMap;
use std::fmt;

/// What the binary form starts with; the number after the name changes with
/// the layout, so a stale file is refused rather than misread.
const MAGIC: &[u8] = b"posdoc-practice\x02";

/// Why a practice form was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PracticeFormError {
    /// It ended early or holds a value no writer produces.
    Corrupt(Corrupt),
    /// It was validated against other rules than the ones given.
    OtherRules,
}

impl fmt::Display for PracticeFormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PracticeFormError::Corrupt(c) => {
                write!(f, "compiled practice cases: {} at byte {}", c.what, c.at)
            }
            PracticeFormError::OtherRules => f.write_str(
                "compiled practice cases: validated against other rules than the bundled ones",
            ),
        }
    }
}

impl std::error::Error for PracticeFormError {}

impl From<Corrupt> for PracticeFormError {
    fn from(c: Corrupt) -> Self {
        PracticeFormError::Corrupt(c)
    }
}

pub use crate::rules::compiled::fingerprint;

/// Writes loaded practice cases with the fingerprint of the rules' binary
/// form they were validated against; `None` when they have errors.
pub fn encode(loaded: &TrainingLoaded, rules_form: &[u8]) -> Option<Vec<u8>> {
    if loaded.errors().next().is_some() {
        return None;
    }
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&fingerprint(rules_form).to_le_bytes());
    loaded.put(&mut out);
    Some(out)
}

/// Reads what [`encode`] wrote, for `rules` decoded from `rules_form`.
/// Every node reference is checked against `rules`, so a form that does
/// not belong to them is refused, never followed out of range.
pub fn decode(
    bytes: &[u8],
    rules_form: &[u8],
    rules: &RuleSet,
) -> Result<TrainingLoaded, PracticeFormError> {
    let mut r = Reader { bytes, at: 0 };
    if take_start(&mut r)? != fingerprint(rules_form) {
        return Err(PracticeFormError::OtherRules);
    }
    let loaded = TrainingLoaded::take(&mut r)?;
    if r.at != bytes.len() {
        return Err(r.corrupt("bytes after the practice cases").into());
    }
    if let Some(set) = &loaded.set {
        if !set.cases.iter().all(|c| refers_within(c, rules)) {
            return Err(PracticeFormError::OtherRules);
        }
    }
    Ok(loaded)
}

/// The magic number, then the fingerprint of the rules the form was made
/// for, which it returns.
fn take_start(r: &mut Reader<'_>) -> Result<u64, Corrupt> {
    if r.slice(MAGIC.len())? != MAGIC {
        return Err(Corrupt {
            at: 0,
            what: "not the binary form of this version",
        });
    }
    let stored: [u8; 8] = r.slice(8)?.try_into().expect("a slice of 8");
    Ok(u64::from_le_bytes(stored))
}

/// Every node the case names lies in `rules`, and where the case spells a
/// node's id too, it is that node's.
fn refers_within(case: &PracticeCase, rules: &RuleSet) -> bool {
    let PracticeCase {
        facts,
        findings,
        right,
        must_see,
        traps,
        best_path,
        ..
    } = case;
    let in_range = |i: NodeIdx| i.get() < rules.nodes.len();
    let named = |i: NodeIdx, id: &str| in_range(i) && rules.node(i).id == id;
    facts.keys().all(|&i| in_range(i))
        && findings.iter().all(|f| named(f.node, &f.node_id))
        && right.iter().chain(must_see).all(|&i| in_range(i))
        && traps.iter().all(|t| named(t.at.node(), &t.node_id))
        && best_path.iter().all(|s| in_range(s.question))
}

// The report first, then the set, so `check` reads only the head.
wire_struct!(TrainingLoaded {
    problems,
    files,
    set
});

/// What `check` reports of the practice cases, readable from the start of
/// their binary form without decoding the cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub problems: Vec<Problem>,
    pub files: usize,
    /// How many cases the set holds (0 when it has errors).
    pub cases: usize,
}

/// Reads the report at the start of what [`encode`] wrote. The fingerprint
/// is not compared: the head names no node.
pub fn decode_head(bytes: &[u8]) -> Result<Head, Corrupt> {
    let mut r = Reader { bytes, at: 0 };
    take_start(&mut r)?;
    let problems = Vec::<Problem>::take(&mut r)?;
    let files = usize::take(&mut r)?;
    // An `Option<PracticeSet>`: its tag, then the length of `cases`.
    let cases = match r.byte()? {
        0 => 0,
        1 => usize::take(&mut r)?,
        _ => return Err(r.corrupt("not an option")),
    };
    Ok(Head {
        problems,
        files,
        cases,
    })
}

wire_struct!(PracticeSet { cases });
wire_struct!(PracticeCase {
    id,
    title,
    category,
    difficulty,
    story,
    facts,
    findings,
    right,
    must_see,
    traps,
    par,
    best_path,
    file
});
wire_struct!(Fact { answers, says });
wire_struct!(FindingFact {
    node,
    node_id,
    step,
    finding,
    says
});
wire_struct!(Trap { at, node_id, why });
wire_struct!(PathStep { question, answer });

impl Wire for Difficulty {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(self.level());
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        let level = r.byte()?;
        Difficulty::ALL
            .into_iter()
            .find(|d| d.level() == level)
            .ok_or_else(|| r.corrupt("not a difficulty"))
    }
}

impl Wire for TrapAt {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            TrapAt::Answer { node, answer } => {
                out.push(0);
                node.put(out);
                answer.put(out);
            }
            TrapAt::Step { node, step } => {
                out.push(1);
                node.put(out);
                step.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        match r.byte()? {
            0 => Ok(TrapAt::Answer {
                node: NodeIdx::take(r)?,
                answer: usize::take(r)?,
            }),
            1 => Ok(TrapAt::Step {
                node: NodeIdx::take(r)?,
                step: usize::take(r)?,
            }),
            _ => Err(r.corrupt("not a trap's place")),
        }
    }
}

/// The facts by question, in key order.
impl Wire for BTreeMap<NodeIdx, Fact> {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        for (question, fact) in self {
            question.put(out);
            fact.put(out);
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        let len = usize::take(r)?;
        let mut facts = BTreeMap::new();
        for _ in 0..len {
            let question = NodeIdx::take(r)?;
            facts.insert(question, Fact::take(r)?);
        }
        Ok(facts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Problem, Severity, SourceLine};
    use crate::training::{bundled_bytes, load_bundled, load_dir};
    use std::path::Path;

    fn rules() -> RuleSet {
        crate::rules::load_bundled()
            .rules
            .expect("bundled rules load")
    }

    /// What the YAML path gives for the folder the build script read (the
    /// tests run from the package folder).
    fn fresh(rules: &RuleSet) -> TrainingLoaded {
        load_dir(Path::new("rules"), rules)
    }

    /// `check` on the bundled rules reads only the heads; they say what the
    /// whole forms say.
    #[test]
    fn the_heads_agree_with_the_decoded_forms() {
        let loaded = crate::rules::load_bundled();
        let rules = loaded.rules.as_ref().expect("bundled rules load");
        let head = crate::rules::bundled_head();
        assert_eq!(head.files, loaded.files);
        assert_eq!(head.problems, loaded.problems);
        assert_eq!(head.nodes, rules.nodes.len());
        assert_eq!(head.codes, rules.codes.len());

        let practice = load_bundled(rules);
        let head = crate::training::bundled_head().expect("the practice head reads");
        assert_eq!(head.files, practice.files);
        assert_eq!(head.problems, practice.problems);
        assert_eq!(head.cases, practice.case_count());
        assert!(head.cases > 0);
        // A cut head is refused, never misread.
        let bytes = bundled_bytes();
        for cut in [0, 5, MAGIC.len() + 3] {
            assert!(decode_head(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn the_embedded_cases_are_what_the_yaml_files_give_field_by_field() {
        let rules = rules();
        let yaml = fresh(&rules);
        let embedded = load_bundled(&rules);
        assert!(yaml.files > 0);
        assert_eq!(embedded.files, yaml.files);
        assert_eq!(embedded.problems, yaml.problems);
        let (Some(from_yaml), Some(decoded)) = (&yaml.set, &embedded.set) else {
            panic!("both load: {:#?} {:#?}", yaml.problems, embedded.problems);
        };
        assert_eq!(decoded.len(), from_yaml.len());
        for (d, y) in decoded.cases.iter().zip(&from_yaml.cases) {
            let PracticeCase {
                id,
                title,
                category,
                difficulty,
                story,
                facts,
                findings,
                right,
                must_see,
                traps,
                par,
                best_path,
                file,
            } = d;
            assert_eq!(id, &y.id);
            assert_eq!(title, &y.title, "{id}");
            assert_eq!(category, &y.category, "{id}");
            assert_eq!(difficulty, &y.difficulty, "{id}");
            assert_eq!(story, &y.story, "{id}");
            assert_eq!(facts, &y.facts, "{id}");
            assert_eq!(findings, &y.findings, "{id}");
            assert_eq!(right, &y.right, "{id}");
            assert_eq!(must_see, &y.must_see, "{id}");
            assert_eq!(traps, &y.traps, "{id}");
            assert_eq!(par, &y.par, "{id}");
            assert_eq!(best_path, &y.best_path, "{id}");
            assert_eq!(file, &y.file, "{id}");
        }
        assert_eq!(embedded, yaml);
    }

    /// The embedded form is a fresh encoding of `rules/training/`, so the
    /// two cannot drift.
    #[test]
    fn the_embedded_form_is_a_fresh_encoding_of_the_training_folder() {
        let rules = rules();
        let bytes = encode(&fresh(&rules), crate::rules::bundled_bytes()).expect("no errors");
        assert!(
            bytes == bundled_bytes(),
            "the embedded practice cases differ from rules/training/: rebuild"
        );
    }

    #[test]
    fn a_cut_or_altered_form_is_refused_not_misread() {
        let rules = rules();
        let rules_form = crate::rules::bundled_bytes();
        let bytes = bundled_bytes();
        for len in [
            0,
            MAGIC.len(),
            MAGIC.len() + 8,
            bytes.len() / 2,
            bytes.len() - 1,
        ] {
            assert!(
                matches!(
                    decode(&bytes[..len], rules_form, &rules),
                    Err(PracticeFormError::Corrupt(_))
                ),
                "cut at {len}"
            );
        }
        let mut longer = bytes.to_vec();
        longer.push(0);
        assert!(decode(&longer, rules_form, &rules).is_err());
        let mut other_version = bytes.to_vec();
        other_version[MAGIC.len() - 1] ^= 0xff;
        assert!(decode(&other_version, rules_form, &rules).is_err());
        let noise: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        assert!(decode(&noise, rules_form, &rules).is_err());
    }

    #[test]
    fn a_form_for_other_rules_is_refused() {
        let rules = rules();
        let rules_form = crate::rules::bundled_bytes();
        let bytes = bundled_bytes();
        let mut other_form = rules_form.to_vec();
        let last = other_form.len() - 1;
        other_form[last] ^= 1;
        assert_eq!(
            decode(bytes, &other_form, &rules),
            Err(PracticeFormError::OtherRules)
        );
        // The right fingerprint but rules whose nodes differ: refused
        // before a case follows an index into them.
        let mut fewer = rules.clone();
        fewer.nodes.truncate(1);
        assert_eq!(
            decode(bytes, rules_form, &fewer),
            Err(PracticeFormError::OtherRules)
        );
        let mut reordered = rules.clone();
        reordered.nodes.reverse();
        assert_eq!(
            decode(bytes, rules_form, &reordered),
            Err(PracticeFormError::OtherRules)
        );
        assert_eq!(
            PracticeFormError::OtherRules.to_string(),
            "compiled practice cases: validated against other rules than the bundled ones"
        );
    }

    /// Warnings reach `check` as the build's loader located them, with the
    /// line they point into.
    #[test]
    fn warnings_keep_their_place_in_the_yaml_files() {
        let rules = rules();
        let rules_form = crate::rules::bundled_bytes();
        let loaded = TrainingLoaded {
            set: load_bundled(&rules).set,
            problems: vec![Problem {
                file: "rules/training/card.yaml".into(),
                line: 7,
                column: 9,
                severity: Severity::Warning,
                message: "a warning".into(),
                source: Some(SourceLine {
                    text: "    difficulty: 2".into(),
                    first_column: 1,
                    cut: false,
                }),
            }],
            files: 8,
        };
        let back = decode(&encode(&loaded, rules_form).unwrap(), rules_form, &rules).unwrap();
        assert_eq!(back, loaded);
        assert_eq!(
            back.problems[0].to_string(),
            "rules/training/card.yaml:7:9: warning: a warning"
        );
    }

    #[test]
    fn practice_cases_with_errors_are_not_written() {
        let loaded = TrainingLoaded {
            set: None,
            problems: vec![Problem {
                file: "rules/training/card.yaml".into(),
                line: 1,
                column: 1,
                severity: Severity::Error,
                message: "an error".into(),
                source: None,
            }],
            files: 1,
        };
        assert_eq!(encode(&loaded, crate::rules::bundled_bytes()), None);
    }

    #[test]
    fn the_fingerprint_tells_forms_apart() {
        let form = crate::rules::bundled_bytes();
        assert_eq!(fingerprint(form), fingerprint(form));
        assert_ne!(fingerprint(form), fingerprint(&form[..form.len() - 1]));
        assert_ne!(fingerprint(b"ab"), fingerprint(b"ba"));
        assert_ne!(fingerprint(b""), fingerprint(b"\0"));
    }
}
