//! The synthetic rule-set generator makes valid rule sets, and search
//! works on them.

use posdoc::rules::{load_files, Lang, Severity};
use posdoc::search::Index;
use posdoc::synth;

fn check(nodes: usize, seed: u64) -> posdoc::rules::RuleSet {
    let files = synth::generate(nodes, seed);
    for f in &files {
        let count = String::from_utf8_lossy(&f.bytes)
            .matches("\n  - id: ")
            .count();
        assert!(
            count <= synth::NODES_PER_FILE,
            "{} has {count} nodes",
            f.name
        );
    }
    let loaded = load_files(&files);
    let errors: Vec<String> = loaded
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .take(10)
        .map(std::string::ToString::to_string)
        .collect();
    assert!(
        errors.is_empty(),
        "synthetic rules ({nodes}, {seed}) have errors:\n{}",
        errors.join("\n")
    );
    let rules = loaded.rules.expect("a rule set");
    let n = rules.nodes.len();
    assert!(
        n * 10 >= nodes * 9 && n <= nodes + 30,
        "asked for {nodes} nodes, got {n}"
    );
    rules
}

#[test]
fn generated_rule_sets_are_valid() {
    for (nodes, seed) in [(10, 1), (18, 2), (100, 3), (1000, 4), (5000, 5)] {
        check(nodes, seed);
    }
}

#[test]
fn generation_is_deterministic() {
    let a = synth::generate(300, 9);
    let b = synth::generate(300, 9);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.bytes, y.bytes);
    }
}

#[test]
fn search_works_on_a_large_generated_set() {
    let rules = check(20_000, 7);
    let index = Index::build(&rules, &posdoc::i18n::category_labels());
    for q in [
        "打印机",
        "dayinji",
        "printer",
        "51",
        "A0",
        "请重新签到",
        "netwrok",
        "信号太弱",
    ] {
        let hits = index.search(q, Lang::Zh, 5);
        assert!(!hits.is_empty(), "no hits for {q:?}");
    }
}
