//! Search latency on the bundled rules and on a generated 100,000-node rule
//! set, the index build time at that size, and the time to read the
//! bundled rules' index built with posdoc.
//!
//!     cargo bench --bench search

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use posdoc::rules::{load_bundled, load_files, Lang, RuleSet};
use posdoc::search::Index;
use std::time::Duration;

const QUERIES: &[&str] = &[
    "51",
    "A0 校验错，请重新签到",
    "余额不足",
    "打印机没纸",
    "yebz",
    "wangluo",
    "receipt won't print",
    "netwrok",
    "insufficent funds",
    "power failure during payment",
    // Through the synonym table, and in traditional characters.
    "my plan ran out",
    "钱没进来",
    "終端顯示未簽到",
];

fn per_query(c: &mut Criterion, name: &str, index: &Index) {
    let mut g = c.benchmark_group(name);
    g.measurement_time(Duration::from_secs(3));
    g.warm_up_time(Duration::from_millis(500));
    g.sample_size(20);
    for q in QUERIES {
        g.bench_function(*q, |b| b.iter(|| index.search(black_box(q), Lang::Zh, 10)));
    }
    g.finish();
}

fn synthetic(nodes: usize) -> RuleSet {
    let files = posdoc::synth::generate(nodes, 42);
    load_files(&files)
        .into_result()
        .expect("synthetic rules load")
}

fn benches(c: &mut Criterion) {
    let bundled = load_bundled().into_result().expect("bundled rules load");
    let labels = posdoc::i18n::category_labels();
    let index = Index::build(&bundled, &labels);
    // The first query with Han characters loads the traditional→simplified
    // converter; nothing else does.
    let t = std::time::Instant::now();
    black_box(index.search("結算", Lang::Zh, 10));
    let first = t.elapsed();
    let t = std::time::Instant::now();
    black_box(index.search("結算", Lang::Zh, 10));
    eprintln!(
        "first Han query {first:?}, the same again {:?}: converter load about {:?}",
        t.elapsed(),
        first.saturating_sub(t.elapsed())
    );
    per_query(c, "search/bundled", &index);
    let mut g = c.benchmark_group("prebuilt");
    g.sample_size(50);
    g.bench_function("read bundled", |b| {
        b.iter(|| Index::bundled().expect("the prebuilt index reads"));
    });
    g.finish();

    let big = synthetic(100_000);
    let t = std::time::Instant::now();
    let big_index = Index::build(&big, &labels);
    eprintln!(
        "index build at {} nodes: {:?}",
        big.nodes.len(),
        t.elapsed()
    );
    per_query(c, "search/100k", &big_index);

    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("bundled", |b| {
        b.iter(|| Index::build(black_box(&bundled), &labels));
    });
    g.bench_function("100k", |b| {
        b.iter(|| Index::build(black_box(&big), &labels));
    });
    g.finish();
}

criterion_group!(search, benches);
criterion_main!(search);
