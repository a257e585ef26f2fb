//! Loader benchmarks (a plain bench binary: `cargo bench --bench load`).
//!
//! 1. Whole-process time of `posdoc check` on the bundled rules (median).
//! 2. Load + validate of the bundled rules in-process (median).
//! 3. Load + validate of a generated 100,000-node rule set against a bare
//!    serde_yaml parse (to `serde_yaml::Value`) of the same files, and the
//!    peak heap memory of the load against the size of the files.
//!
//! Set POSDOC_BENCH_NODES to change the synthetic size.

use posdoc::rules::{load_bundled, load_files, InputFile};
use std::alloc::{GlobalAlloc, Layout, System};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their high-water mark.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// Measuring peak memory needs a global allocator, which is an unsafe trait;
// it only forwards to the system allocator and counts.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut v = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f());
        v.push(t.elapsed());
    }
    median(v)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    // cargo passes --bench; ignore arguments.
    let bin = env!("CARGO_BIN_EXE_posdoc");
    let check = time(51, || {
        let out = Command::new(bin).arg("check").output().unwrap();
        assert!(out.status.success());
    });
    println!(
        "posdoc check, whole process, bundled rules: median {} (goal <= 20 ms)",
        ms(check)
    );

    let bundled = time(101, || {
        let l = load_bundled();
        assert!(l.rules.is_some());
        l
    });
    println!(
        "load + validate, bundled rules, in process: median {}",
        ms(bundled)
    );

    let nodes: usize = std::env::var("POSDOC_BENCH_NODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let files: Vec<InputFile> = posdoc::synth::generate(nodes, 42);
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!(
        "synthetic set: {nodes} nodes in {} files, {:.1} MB",
        files.len(),
        bytes as f64 / 1e6
    );

    let bare = time(5, || {
        for f in &files {
            let text = std::str::from_utf8(&f.bytes).unwrap();
            let v: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
            std::hint::black_box(v);
        }
    });
    let full = time(5, || {
        let l = load_files(&files);
        assert!(
            l.rules.is_some(),
            "{:?}",
            &l.problems[..l.problems.len().min(5)]
        );
        l
    });
    println!("bare serde_yaml parse to Value: median {}", ms(bare));
    println!(
        "load + validate: median {}  ratio {:.2}x (goal <= 1.5x)",
        ms(full),
        full.as_secs_f64() / bare.as_secs_f64()
    );

    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let loaded = load_files(&files);
    let peak = PEAK.load(Ordering::Relaxed) - base;
    let kept = LIVE.load(Ordering::Relaxed) - base;
    drop(loaded);
    println!(
        "peak heap during load + validate: {:.1} MB = {:.2}x the file size (goal <= 10x); the loaded rule set keeps {:.1} MB",
        peak as f64 / 1e6,
        peak as f64 / bytes as f64,
        kept as f64 / 1e6
    );
}
