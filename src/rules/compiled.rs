//! The bundled rules in binary form: the validated [`RuleSet`], the problems
//! `check` reports for it (warnings, located in the YAML files) and the
//! number of files, as the build script's loader produced them from
//! `rules/*.yaml`. A start reads this instead of parsing YAML again.
//!
//! The build script compiles this module together with the loader and the
//! model (`build.rs`), so writer and reader are always the same code. Every
//! struct is written by destructuring it whole: a field added to the model
//! and not written here does not compile.

use super::load::{Loaded, Problem, Severity, SourceLine};
use super::model::{
    Actor, Answer, Category, Contact, Diagnosis, Escalation, Finding, FindingNext, Keywords, Lang,
    Likelihood, Node, NodeBody, NodeIdx, Origin, Question, RemedyStep, Resolved, ResponseCode,
    RuleSet, Source, StepKind, Text, Warning, WarningKind,
};
use std::collections::BTreeMap;
use std::fmt;

/// What the binary form starts with; the number after the name changes with
/// the layout, so a stale file is refused rather than misread.
const MAGIC: &[u8] = b"posdoc-rules\x02";

/// The binary form ended early or holds a value no writer produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt {
    pub at: usize,
    pub what: &'static str,
}

impl fmt::Display for Corrupt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "compiled rules: {} at byte {}", self.what, self.at)
    }
}

impl std::error::Error for Corrupt {}

/// A 64-bit fingerprint of a rule set's binary form, eight bytes at a step:
/// what the practice cases and the search index built from it record, so a
/// form of other rules is refused. It tells one build's rules from
/// another's, not an adversary's; fast enough to take at every start.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, w: u64| (h ^ w).wrapping_mul(K).rotate_left(31);
    let mut h = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = mix(
            h,
            u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]),
        );
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = mix(h, u64::from_le_bytes(last));
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// What `check` reports of a rule set, readable from the start of its
/// binary form without decoding the set itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub files: usize,
    pub problems: Vec<Problem>,
    pub nodes: usize,
    pub codes: usize,
}

/// Writes a loaded, error-free rule set and its report.
pub fn encode(loaded: &Loaded) -> Option<Vec<u8>> {
    let rules = loaded.rules.as_ref()?;
    let mut out = Vec::with_capacity(256 * 1024);
    out.extend_from_slice(MAGIC);
    loaded.files.put(&mut out);
    loaded.problems.put(&mut out);
    // The counts again, ahead of the set, so the report needs only the head.
    rules.nodes.len().put(&mut out);
    rules.codes.len().put(&mut out);
    rules.put(&mut out);
    Some(out)
}

/// Reads the report at the start of what [`encode`] wrote.
pub fn decode_head(bytes: &[u8]) -> Result<Head, Corrupt> {
    let mut r = Reader { bytes, at: 0 };
    take_head(&mut r)
}

fn take_head(r: &mut Reader<'_>) -> Result<Head, Corrupt> {
    if r.slice(MAGIC.len())? != MAGIC {
        return Err(Corrupt {
            at: 0,
            what: "not the binary form of this version",
        });
    }
    Ok(Head {
        files: usize::take(r)?,
        problems: Vec::<Problem>::take(r)?,
        nodes: usize::take(r)?,
        codes: usize::take(r)?,
    })
}

/// Reads what [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> Result<Loaded, Corrupt> {
    let mut r = Reader { bytes, at: 0 };
    let Head {
        files,
        problems,
        nodes,
        codes,
    } = take_head(&mut r)?;
    let rules = RuleSet::take(&mut r)?;
    if r.at != bytes.len() {
        return Err(r.corrupt("bytes after the rule set"));
    }
    if rules.nodes.len() != nodes || rules.codes.len() != codes {
        return Err(r.corrupt("counts that differ from the rule set"));
    }
    Ok(Loaded {
        rules: Some(rules),
        problems,
        files,
    })
}

pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn corrupt(&self, what: &'static str) -> Corrupt {
        Corrupt { at: self.at, what }
    }
    pub(crate) fn slice(&mut self, len: usize) -> Result<&'a [u8], Corrupt> {
        let end = self
            .at
            .checked_add(len)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| self.corrupt("ends early"))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    pub(crate) fn byte(&mut self) -> Result<u8, Corrupt> {
        Ok(self.slice(1)?[0])
    }
}

pub(crate) trait Wire: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt>;
}

/// Unsigned numbers as LEB128: lengths and counts are mostly under 128.
impl Wire for u64 {
    fn put(&self, out: &mut Vec<u8>) {
        let mut v = *self;
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = r.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(r.corrupt("number too long"))
    }
}

impl Wire for usize {
    fn put(&self, out: &mut Vec<u8>) {
        (*self as u64).put(out);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        usize::try_from(u64::take(r)?).map_err(|_| r.corrupt("number too large"))
    }
}

impl Wire for u32 {
    fn put(&self, out: &mut Vec<u8>) {
        u64::from(*self).put(out);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        u32::try_from(u64::take(r)?).map_err(|_| r.corrupt("number too large"))
    }
}

impl Wire for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        match r.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(r.corrupt("not a bool")),
        }
    }
}

impl Wire for String {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        out.extend_from_slice(self.as_bytes());
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        let len = usize::take(r)?;
        let bytes = r.slice(len)?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| r.corrupt("text not UTF-8"))
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        for item in self {
            item.put(out);
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        let len = usize::take(r)?;
        // Every item takes at least one byte: a forged length cannot
        // reserve more than the input could hold.
        if len > r.bytes.len() - r.at {
            return Err(r.corrupt("list longer than the input"));
        }
        let mut v = Vec::with_capacity(len);
        for _ in 0..len {
            v.push(T::take(r)?);
        }
        Ok(v)
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        match r.byte()? {
            0 => Ok(None),
            1 => T::take(r).map(Some),
            _ => Err(r.corrupt("not an option")),
        }
    }
}

impl<V: Wire> Wire for BTreeMap<String, V> {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        for (k, v) in self {
            k.put(out);
            v.put(out);
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        let len = usize::take(r)?;
        let mut m = BTreeMap::new();
        for _ in 0..len {
            let k = String::take(r)?;
            m.insert(k, V::take(r)?);
        }
        Ok(m)
    }
}

/// The written languages only: a bit per language in [`Lang::ALL`], then
/// each written text. Derived texts are derived again on first use.
impl Wire for Text {
    fn put(&self, out: &mut Vec<u8>) {
        let mut mask = 0u8;
        for l in Lang::ALL {
            if self.written(l).is_some() {
                mask |= 1 << l.index();
            }
        }
        out.push(mask);
        for l in Lang::ALL {
            if let Some(s) = self.written(l) {
                s.len().put(out);
                out.extend_from_slice(s.as_bytes());
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        let mask = r.byte()?;
        if mask >> Lang::ALL.len() != 0 {
            return Err(r.corrupt("unknown language"));
        }
        let mut text = Text::default();
        for l in Lang::ALL {
            if mask & (1 << l.index()) != 0 {
                text = text.with(l, String::take(r)?);
            }
        }
        Ok(text)
    }
}

/// Closed sets with an `ALL` list: written as their position in it.
macro_rules! wire_by_position {
    ($($ty:ty),* $(,)?) => {$(
        impl Wire for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                let at = <$ty>::ALL
                    .iter()
                    .position(|v| v == self)
                    .expect("every value is in ALL");
                out.push(at as u8);
            }
            fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
                let at = usize::from(r.byte()?);
                <$ty>::ALL
                    .get(at)
                    .copied()
                    .ok_or_else(|| r.corrupt(concat!("not a ", stringify!($ty))))
            }
        }
    )*};
}

wire_by_position!(Category, Actor, Contact, Likelihood, WarningKind, StepKind);

impl Wire for Severity {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(match self {
            Severity::Error => 0,
            Severity::Warning => 1,
        });
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        match r.byte()? {
            0 => Ok(Severity::Error),
            1 => Ok(Severity::Warning),
            _ => Err(r.corrupt("not a severity")),
        }
    }
}

impl Wire for NodeIdx {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        u32::take(r).map(NodeIdx)
    }
}

/// Structs, field by field in declaration order. The destructuring `let`
/// names every field, so the compiler refuses a field left out.
macro_rules! wire_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Wire for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                let $ty { $($field),* } = self;
                $($field.put(out);)*
            }
            fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
                Ok($ty { $($field: Wire::take(r)?),* })
            }
        }
    };
}
// For the other binary forms built on this one (practice cases).
pub(crate) use wire_struct;

wire_struct!(Problem {
    file,
    line,
    column,
    severity,
    message,
    source
});
wire_struct!(SourceLine {
    text,
    first_column,
    cut
});
wire_struct!(Warning { kind, text });
wire_struct!(Keywords { zh, en });
wire_struct!(Answer {
    text,
    next,
    next_id
});
wire_struct!(Question {
    text,
    why,
    say_customer,
    say_caller,
    answers
});
wire_struct!(Finding { text, next });
wire_struct!(RemedyStep {
    text,
    who,
    minutes,
    kind,
    found,
    caller
});
wire_struct!(Diagnosis {
    title,
    detail,
    likelihood,
    sources,
    steps,
    prevention,
    escalation,
    escalation_id
});
wire_struct!(Escalation {
    contact,
    text,
    say_customer,
    say_caller,
    call_script,
    have_ready
});
wire_struct!(Resolved {
    title,
    text,
    prevention
});
wire_struct!(Origin { file });
wire_struct!(Node {
    id,
    category,
    charge_outcome_unknown,
    warnings,
    messages,
    keywords,
    body,
    origin
});
wire_struct!(ResponseCode {
    code,
    node,
    node_id,
    class,
    charge_outcome_unknown,
    terminal_text,
    meaning,
    who_acts
});
wire_struct!(Source { file, title });

impl Wire for FindingNext {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            FindingNext::Step(n) => {
                out.push(0);
                n.put(out);
            }
            FindingNext::Node { idx, id } => {
                out.push(1);
                idx.put(out);
                id.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        match r.byte()? {
            0 => usize::take(r).map(FindingNext::Step),
            1 => Ok(FindingNext::Node {
                idx: NodeIdx::take(r)?,
                id: String::take(r)?,
            }),
            _ => Err(r.corrupt("not a finding's next")),
        }
    }
}

impl Wire for NodeBody {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            NodeBody::Question(q) => {
                out.push(0);
                q.put(out);
            }
            NodeBody::Diagnosis(d) => {
                out.push(1);
                d.put(out);
            }
            NodeBody::Escalation(e) => {
                out.push(2);
                e.put(out);
            }
            NodeBody::Resolved(res) => {
                out.push(3);
                res.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        match r.byte()? {
            0 => Question::take(r).map(NodeBody::Question),
            1 => Diagnosis::take(r).map(NodeBody::Diagnosis),
            2 => Escalation::take(r).map(NodeBody::Escalation),
            3 => Resolved::take(r).map(NodeBody::Resolved),
            _ => Err(r.corrupt("not a node kind")),
        }
    }
}

/// The lookup tables follow from the nodes and codes, so they are built
/// again rather than written.
impl Wire for RuleSet {
    fn put(&self, out: &mut Vec<u8>) {
        let RuleSet {
            start,
            start_id,
            sources,
            evidence,
            nodes,
            codes,
            by_id: _,
            by_code: _,
        } = self;
        start.put(out);
        start_id.put(out);
        sources.put(out);
        evidence.put(out);
        nodes.put(out);
        codes.put(out);
    }
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        let start = NodeIdx::take(r)?;
        let start_id = String::take(r)?;
        let sources = BTreeMap::take(r)?;
        let evidence = BTreeMap::take(r)?;
        let nodes = Vec::<Node>::take(r)?;
        let codes = Vec::<ResponseCode>::take(r)?;
        let in_range = |i: NodeIdx| i.get() < nodes.len();
        let references_hold = in_range(start)
            && codes.iter().all(|c| in_range(c.node))
            && nodes.iter().all(|n| match &n.body {
                NodeBody::Question(q) => q.answers.iter().all(|a| in_range(a.next)),
                NodeBody::Diagnosis(d) => {
                    in_range(d.escalation)
                        && d.steps.iter().flat_map(|s| &s.found).all(|f| match f.next {
                            FindingNext::Node { idx, .. } => in_range(idx),
                            FindingNext::Step(_) => true,
                        })
                }
                NodeBody::Escalation(_) | NodeBody::Resolved(_) => true,
            });
        if !references_hold {
            return Err(r.corrupt("a node reference out of range"));
        }
        let by_id = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), NodeIdx(i as u32)))
            .collect();
        let by_code = codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), i))
            .collect();
        Ok(RuleSet {
            start,
            start_id,
            sources,
            evidence,
            nodes,
            codes,
            by_id,
            by_code,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{bundled_bytes, load_dir};
    use std::path::Path;

    /// The embedded form is exactly what loading `rules/` gives now, so the
    /// two cannot drift (the test runs from the package folder, where the
    /// build script read `rules` too).
    #[test]
    fn the_embedded_rules_are_a_fresh_load_of_the_rules_folder() {
        let fresh = load_dir(Path::new("rules")).expect("rules/ reads");
        assert!(fresh.rules.is_some(), "{:?}", fresh.problems);
        let bytes = encode(&fresh).expect("no errors");
        assert!(
            bytes == bundled_bytes(),
            "the embedded rules differ from rules/: rebuild"
        );
    }

    #[test]
    fn decoding_gives_back_what_was_encoded() {
        let loaded = decode(bundled_bytes()).expect("decodes");
        let rules = loaded.rules.as_ref().expect("a rule set");
        assert_eq!(encode(&loaded).as_deref(), Some(bundled_bytes()));
        // The lookup tables, built again, find every node and code.
        for (i, n) in rules.nodes.iter().enumerate() {
            assert_eq!(rules.find(&n.id), Some(NodeIdx(i as u32)));
        }
        for c in &rules.codes {
            assert_eq!(rules.code(&c.code).map(|f| &f.code), Some(&c.code));
        }
    }

    #[test]
    fn a_cut_or_altered_form_is_refused_not_misread() {
        let bytes = bundled_bytes();
        for len in [0, MAGIC.len(), bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..len]).is_err(), "cut at {len}");
        }
        let mut longer = bytes.to_vec();
        longer.push(0);
        assert!(decode(&longer).is_err());
        let mut other_version = bytes.to_vec();
        other_version[MAGIC.len() - 1] ^= 0xff;
        assert!(decode(&other_version).is_err());
    }

    /// Warnings reach `check` as the build's loader located them.
    #[test]
    fn warnings_keep_their_place_in_the_yaml_files() {
        let loaded = Loaded {
            rules: decode(bundled_bytes()).unwrap().rules,
            problems: vec![Problem {
                file: "rules/10_card.yaml".into(),
                line: 12,
                column: 5,
                severity: Severity::Warning,
                message: "a warning".into(),
                source: Some(SourceLine {
                    text: "    likelihood: hgh".into(),
                    first_column: 1,
                    cut: false,
                }),
            }],
            files: 12,
        };
        let back = decode(&encode(&loaded).unwrap()).unwrap();
        assert_eq!(back.problems, loaded.problems);
        assert_eq!(back.files, 12);
        assert_eq!(
            back.problems[0].to_string(),
            "rules/10_card.yaml:12:5: warning: a warning"
        );
    }
}
