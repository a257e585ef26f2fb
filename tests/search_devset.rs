//! Search quality on the development set: tests/data/search_devset.tsv holds
//! queries the way people type them at a counter or on the phone, the nodes
//! that answer each (`|` between several right ones) and what kind of
//! query it is (code, screen, cashier, caller, paraphrase, pinyin,
//! traditional, typo).

mod common;

use common::rules;
use posdoc::rules::{Lang, RuleSet};
use posdoc::search::Index;
use std::collections::{BTreeMap, HashSet};

/// Right node first for at least this share of the queries.
const TOP1: f64 = 0.90;
/// A right node among the first three for at least this share.
const TOP3: f64 = 0.97;

struct Row<'a> {
    line: usize,
    query: &'a str,
    accepted: Vec<&'a str>,
    kind: &'a str,
}

fn rows(data: &str) -> Vec<Row<'_>> {
    let mut lines = data.lines().enumerate();
    let header = lines.next().map(|(_, l)| l);
    assert_eq!(
        header,
        Some("query\taccepted_nodes\tkind"),
        "devset header changed"
    );
    lines
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "line {}: want 3 columns: {l:?}", i + 1);
            Row {
                line: i + 1,
                query: cols[0],
                accepted: cols[1].split('|').map(str::trim).collect(),
                kind: cols[2].trim(),
            }
        })
        .collect()
}

/// Pinyin is typed by Chinese readers; other plain-Latin queries by
/// English ones.
fn lang_of(row: &Row) -> Lang {
    let latin = row.query.is_ascii();
    if latin && row.kind != "pinyin" {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// Every row names at least one node of the bundled rules. A row may also
/// name a node that another change merges away (the near-duplicates); those
/// are listed, not failed, so the devset survives the merge.
fn check_ids(rows: &[Row], rules: &RuleSet) {
    let known: HashSet<&str> = rules.nodes.iter().map(|n| n.id.as_str()).collect();
    let mut unknown = Vec::new();
    for r in rows {
        let missing: Vec<&str> = r
            .accepted
            .iter()
            .copied()
            .filter(|id| !known.contains(id))
            .collect();
        assert!(
            missing.len() < r.accepted.len(),
            "line {}: {:?} names no node of the rules: {:?}",
            r.line,
            r.query,
            r.accepted
        );
        unknown.extend(missing);
    }
    unknown.sort_unstable();
    unknown.dedup();
    if !unknown.is_empty() {
        println!("devset names nodes the rules no longer have: {unknown:?}");
    }
}

#[test]
fn devset_meets_top1_and_top3() {
    let rules = rules();
    let index = Index::build(&rules, &posdoc::i18n::category_labels());
    let data = include_str!("data/search_devset.tsv");
    let rows = rows(data);
    assert!(
        rows.len() >= 150,
        "the devset has only {} queries",
        rows.len()
    );
    let mut queries = HashSet::new();
    for r in &rows {
        assert!(
            queries.insert(r.query),
            "line {}: {:?} twice",
            r.line,
            r.query
        );
    }
    check_ids(&rows, &rules);

    let (mut top1, mut top3) = (0usize, 0usize);
    // Per kind: (queries, right first, right in the first three).
    let mut by_kind: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for r in &rows {
        let hits = index.search(r.query, lang_of(r), 3);
        let ids: Vec<&str> = hits
            .iter()
            .map(|h| rules.node(h.node).id.as_str())
            .collect();
        let first = ids.first().is_some_and(|id| r.accepted.contains(id));
        let any = ids.iter().any(|id| r.accepted.contains(id));
        let k = by_kind.entry(r.kind).or_default();
        k.0 += 1;
        if first {
            top1 += 1;
            k.1 += 1;
        }
        if any {
            top3 += 1;
            k.2 += 1;
        }
        if !first {
            misses.push(format!(
                "  {} {:?} ({}): want {}; got {:?}",
                if any { "not first" } else { "MISS" },
                r.query,
                r.kind,
                r.accepted.join("|"),
                ids
            ));
        }
    }
    let n = rows.len();
    let r1 = top1 as f64 / n as f64;
    let r3 = top3 as f64 / n as f64;
    println!(
        "devset: {n} queries, top-1 {top1} ({:.1}%), top-3 {top3} ({:.1}%)",
        r1 * 100.0,
        r3 * 100.0
    );
    for (kind, (q, t1, t3)) in &by_kind {
        println!("  {kind:<12} {q:>3} queries, top-1 {t1:>3}, top-3 {t3:>3}");
    }
    for m in &misses {
        println!("{m}");
    }
    assert!(
        r3 >= TOP3,
        "top-3 rate {:.1}% is below {:.0}%",
        r3 * 100.0,
        TOP3 * 100.0
    );
    assert!(
        r1 >= TOP1,
        "top-1 rate {:.1}% is below {:.0}%",
        r1 * 100.0,
        TOP1 * 100.0
    );
}
