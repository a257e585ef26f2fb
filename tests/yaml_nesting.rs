//! The nesting pre-check and the YAML parsers must agree on how deep flow
//! collections nest, or a hostile file slips past the check and the parser
//! spends minutes on it (the "quote trick"). Generated inputs mix the
//! characters that decide nesting: brackets, both quotes and their escapes,
//! comments, block scalars, plain scalars with quotes inside, line breaks.

use posdoc::rules::yaml::{check_nesting, MAX_DEPTH};
use posdoc::rules::{load_files, InputFile};
use std::time::{Duration, Instant};
use yaml_rust2::parser::{Event, Parser};

/// A small deterministic generator, so a failure can be replayed by seed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const FRAGMENTS: [&str; 34] = [
    "[",
    "]",
    "{",
    "}",
    ", ",
    ",",
    "'",
    "\"",
    "\\\"",
    "''",
    " #",
    "# ",
    ": ",
    ":",
    "- ",
    "\n",
    "\n  ",
    "\n    ",
    "a",
    "b c",
    " 'x",
    "x'",
    " \"y",
    "|\n  ",
    ">-\n   ",
    "\t",
    "? ",
    "!t ",
    "\\",
    "key: ",
    "[[[[[[[[[[[[[[[[",
    "{a: [[[[[[[[",
    "]]]]]]]]",
    "x: [b 'c, ",
];

fn generate(rng: &mut Lcg) -> String {
    let mut text = String::new();
    for _ in 0..=rng.below(120) {
        text.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
    }
    text
}

/// Deepest flow nesting yaml-rust2's parser reaches before it ends or fails,
/// stopping once past the limit.
fn parser_flow_depth(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut parser = Parser::new_from_str(text);
    let mut open: Vec<bool> = Vec::new();
    let (mut flow, mut deepest) = (0usize, 0usize);
    while let Ok((event, mark)) = parser.next_token() {
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let is_flow = matches!(chars.get(mark.index()), Some('[' | '{'));
                open.push(is_flow);
                flow += usize::from(is_flow);
                deepest = deepest.max(flow);
                if deepest > MAX_DEPTH {
                    break;
                }
            }
            Event::SequenceEnd | Event::MappingEnd if open.pop() == Some(true) => flow -= 1,
            Event::StreamEnd => break,
            _ => {}
        }
    }
    deepest
}

fn value_depth(v: &serde_yaml::Value) -> usize {
    match v {
        serde_yaml::Value::Sequence(items) => 1 + items.iter().map(value_depth).max().unwrap_or(0),
        serde_yaml::Value::Mapping(m) => {
            1 + m
                .iter()
                .map(|(k, v)| value_depth(k).max(value_depth(v)))
                .max()
                .unwrap_or(0)
        }
        serde_yaml::Value::Tagged(t) => value_depth(&t.value),
        _ => 0,
    }
}

#[test]
fn the_pre_check_and_the_parsers_agree_on_nesting() {
    let mut rng = Lcg(20261129);
    let (mut refused, mut parsed) = (0, 0);
    for case in 0..6000 {
        let text = generate(&mut rng);
        let accepted = check_nesting(&text).is_ok();
        let yaml_rust2 = parser_flow_depth(&text);
        // Never let deeper flow nesting through than the limit.
        if accepted {
            assert!(
                yaml_rust2 <= MAX_DEPTH,
                "case {case}: the pre-check let flow depth {yaml_rust2} through: {text:?}"
            );
        } else {
            refused += 1;
        }
        // serde_yaml (libyaml) is the parser that does the work: it must not
        // hit its own recursion limit on text the pre-check let through, and
        // what it parses within the limit must not be refused.
        match serde_yaml::from_str::<serde_yaml::Value>(&text) {
            Ok(v) => {
                parsed += 1;
                if value_depth(&v) <= MAX_DEPTH {
                    assert!(accepted, "case {case}: refused a valid file: {text:?}");
                }
            }
            Err(e) => assert!(
                !(accepted && e.to_string().contains("recursion limit")),
                "case {case}: libyaml went too deep past the pre-check: {text:?}"
            ),
        }
    }
    // The generator must exercise both sides of the limit.
    assert!(refused > 100, "only {refused} refused");
    assert!(parsed > 100, "only {parsed} parsed");
}

/// The hostile file of issue 9: a `'` inside a plain scalar in a flow
/// sequence used to hide 200,000 brackets from the pre-check, and loading
/// took 38 s (over 120 s for this one).
#[test]
fn the_quote_trick_is_refused_at_once() {
    let text = format!(
        "start: a\nnodes:\n  - id: a\n    kind: question\n    x: [b 'c, {}\n",
        "[".repeat(200_000)
    );
    let start = Instant::now();
    let loaded = load_files(&[InputFile {
        name: "rules.yaml".into(),
        bytes: text.into_bytes(),
    }]);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    let p = &loaded.problems[0];
    assert_eq!((p.line, p.column), (5, 15 + 63));
    assert_eq!(p.message, "nesting is too deep (more than 64 levels)");
}
