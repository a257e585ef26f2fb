//! Search over the bundled rules with arbitrary queries, in both languages:
//! no panic, and no more hits than asked for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use posdoc::rules::{load_bundled, Lang, RuleSet};
use posdoc::search::Index;
use std::sync::OnceLock;

fn index() -> &'static (RuleSet, Index) {
    static INDEX: OnceLock<(RuleSet, Index)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let rules = load_bundled().rules.expect("the bundled rules are valid");
        let index = Index::build(&rules);
        (rules, index)
    })
}

fuzz_target!(|query: &str| {
    let (_, index) = index();
    for lang in [Lang::Zh, Lang::En] {
        let hits = index.search(query, lang, 10);
        assert!(hits.len() <= 10);
    }
});
