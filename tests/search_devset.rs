//! Search quality on the development set: tests/data/search_devset.tsv holds
//! queries as people type them and the categories that answer them.

mod common;

use common::rules;
use posdoc::rules::Lang;
use posdoc::search::Index;

#[test]
fn devset_top3_at_least_90_percent() {
    let rules = rules();
    let index = Index::build(&rules, &posdoc::i18n::category_labels());
    let data = include_str!("data/search_devset.tsv");
    let (mut n, mut top1, mut top3) = (0, 0, 0);
    let mut misses = Vec::new();
    for line in data.lines().skip(1) {
        let Some((query, accepted)) = line.split_once('\t') else {
            continue;
        };
        let accepted: Vec<&str> = accepted.trim().split('|').collect();
        n += 1;
        let hits = index.search(query, Lang::Zh, 3);
        let ok = |h: &posdoc::search::Hit| accepted.contains(&rules.node(h.node).category.key());
        if hits.first().is_some_and(ok) {
            top1 += 1;
        }
        if hits.iter().any(ok) {
            top3 += 1;
        } else {
            misses.push(format!(
                "{query:?} (want {}): got {:?}",
                accepted.join("|"),
                hits.iter()
                    .map(|h| &rules.node(h.node).id)
                    .collect::<Vec<_>>()
            ));
        }
    }
    let r1 = top1 as f64 / n as f64;
    let r3 = top3 as f64 / n as f64;
    println!(
        "devset: {n} queries, top-1 {top1} ({:.1}%), top-3 {top3} ({:.1}%)",
        r1 * 100.0,
        r3 * 100.0
    );
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(n > 0, "the devset is empty");
    assert!(r3 >= 0.9, "top-3 rate {:.1}% is below 90%", r3 * 100.0);
}
