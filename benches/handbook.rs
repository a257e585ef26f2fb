//! The handbook and the diagrams of a large rule set: the synthetic
//! 100,000-node set (POSDOC_BENCH_NODES to change), built and written as
//! HTML, Markdown, DOT and Mermaid, each timed once (they take seconds, not
//! microseconds). POSDOC_BENCH_ONLY=html|md|dot|mermaid measures one, so
//! that `/usr/bin/time -v` around the binary gives that one's peak memory:
//!
//! ```sh
//! cargo bench --bench handbook --no-run
//! POSDOC_BENCH_ONLY=html /usr/bin/time -v target/release/deps/handbook-* --bench
//! ```

use posdoc::handbook::diagram::Diagram;
use posdoc::handbook::{html, markdown, Handbook};
use posdoc::i18n::Strings;
use posdoc::rules::{load_files, Lang, RuleSet};
use std::time::{Duration, Instant};

/// CPU time this process has had so far, where Linux tells it
/// (/proc/self/schedstat): on a busy machine the wall-clock time says more
/// about the other processes than about this one.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let cpu = cpu_time();
    let out = f();
    let took = t.elapsed();
    let cpu = cpu
        .zip(cpu_time())
        .map(|(a, b)| {
            format!(
                ", {:.0} ms on the CPU",
                b.saturating_sub(a).as_secs_f64() * 1e3
            )
        })
        .unwrap_or_default();
    eprintln!("{what}: {:.0} ms wall clock{cpu}", took.as_secs_f64() * 1e3);
    (out, took)
}

fn main() {
    let nodes: usize = std::env::var("POSDOC_BENCH_NODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let only = std::env::var("POSDOC_BENCH_ONLY").ok();
    let wanted = |what: &str| only.as_deref().is_none_or(|o| o == what);

    let bundled = posdoc::rules::load_bundled().rules.expect("bundled rules");
    let strings = Strings::new(Lang::Zh);
    let best = (0..20)
        .map(|_| {
            let t = Instant::now();
            let out = html::render(&Handbook::build(&bundled, &strings, None));
            std::hint::black_box(out);
            t.elapsed()
        })
        .min()
        .unwrap_or_default();
    eprintln!(
        "bundled rules: handbook HTML best of 20 {:.1} ms (goal <= 100 ms)",
        best.as_secs_f64() * 1e3
    );

    let files = posdoc::synth::generate(nodes, 42);
    let (rules, _) = timed(&format!("load {nodes} synthetic nodes"), || -> RuleSet {
        load_files(&files).rules.expect("the synthetic set loads")
    });
    drop(files);
    let en = Strings::new(Lang::En);
    if wanted("html") {
        let (out, took) = timed("handbook HTML (build + write)", || {
            html::render(&Handbook::build(&rules, &en, None))
        });
        eprintln!(
            "  {:.1} MB, goal <= 10 s: {}",
            out.len() as f64 / 1e6,
            took.as_secs() < 10
        );
    }
    if wanted("md") {
        let (out, _) = timed("handbook Markdown (build + write)", || {
            markdown::render(&Handbook::build(&rules, &en, None))
        });
        eprintln!("  {:.1} MB", out.len() as f64 / 1e6);
    }
    if wanted("dot") {
        let (out, took) = timed("DOT (build + write)", || {
            posdoc::cli::export::dot_text(&Diagram::build(&rules, &en, None))
        });
        eprintln!(
            "  {:.1} MB, goal <= 10 s: {}",
            out.len() as f64 / 1e6,
            took.as_secs() < 10
        );
    }
    if wanted("mermaid") {
        let (out, _) = timed("Mermaid (build + write)", || {
            posdoc::cli::export::mermaid_text(&Diagram::build(&rules, &en, None))
        });
        eprintln!("  {:.1} MB", out.len() as f64 / 1e6);
    }
}
