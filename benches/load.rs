//! Loader benchmarks (a plain bench binary: `cargo bench --bench load`).
//!
//! 1. Whole-process time of `posdoc check` on the bundled rules, alternated
//!    with `posdoc --version` (the cost of any start), medians.
//! 2. Reading the bundled rules in-process (their binary form), median.
//! 3. A generated 100,000-node rule set: load + validate against a bare
//!    typed parse (serde_yaml into the loader's own raw model, every file,
//!    nothing else) of the same files, both on the same number of threads;
//!    wall time and CPU time (the whole process's, from /proc), on all
//!    cores and on one (the bench runs itself again under `taskset -c 0`,
//!    where `available_parallelism` is 1). The bounds scan the loader runs
//!    before parsing (nesting and item counts, yaml-rust2) is timed alone
//!    too, since the bare parse has no such step. Then the peak heap of the
//!    load against the size of the files.
//!
//! POSDOC_BENCH_NODES changes the synthetic size; POSDOC_BENCH_ONLY=memory
//! measures only the peak heap; POSDOC_BENCH_WRITE=DIR
//! writes the synthetic files to DIR and stops, for measuring the real
//! process: `/usr/bin/time -v target/release/posdoc check --rules DIR`.

use posdoc::rules::{load_bundled, load_files, raw::RawFile, yaml, InputFile};
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

/// CPU time of this process so far, all threads (user + system), from
/// /proc/self/stat in clock ticks (100 a second on Linux).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the whole line.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

/// Median wall time and median CPU time of `runs` runs.
fn wall_and_cpu<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let (mut wall, mut cpu) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_time());
        std::hint::black_box(f());
        wall.push(t.elapsed());
        cpu.push(cpu_time().saturating_sub(c));
    }
    (median(wall), median(cpu))
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// `work` on every file, on as many threads as the loader uses, files
/// dealt out by size as it does; the sum of what it gives.
fn each_file(files: &[InputFile], work: impl Fn(&InputFile) -> usize + Sync) -> usize {
    let n = threads().min(files.len()).max(1);
    if n == 1 {
        return files.iter().map(&work).sum();
    }
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(files[i].bytes.len()));
    let mut shares: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new()); n];
    for i in order {
        let share = shares.iter_mut().min_by_key(|s| s.0).unwrap();
        share.0 += files[i].bytes.len();
        share.1.push(i);
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|(_, idx)| {
                scope.spawn(move || idx.into_iter().map(|i| work(&files[i])).sum::<usize>())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

/// The bare typed parse: each file into the loader's raw model, nothing
/// else.
fn bare_parse(files: &[InputFile]) -> usize {
    each_file(files, |f| {
        let text = std::str::from_utf8(&f.bytes).unwrap();
        let raw: RawFile = serde_yaml::from_str(text).unwrap();
        raw.nodes.len()
    })
}

/// The one part of the load that is neither the parse nor the checks:
/// the scan that bounds nesting and counts YAML items before anything is
/// parsed (yaml-rust2's scanner, once per file).
fn bounds_scan(files: &[InputFile]) -> usize {
    each_file(files, |f| {
        let text = std::str::from_utf8(&f.bytes).unwrap();
        let bounds = yaml::scan_file_bounds(text);
        assert!(bounds.within.is_ok());
        bounds.tokens.unwrap_or(0)
    })
}

/// Load + validate against the bare typed parse, on the threads this
/// process may use.
fn compare_with_bare_parse(files: &[InputFile]) {
    let runs = 3;
    let (bare_wall, bare_cpu) = wall_and_cpu(runs, || bare_parse(files));
    let (load_wall, load_cpu) = wall_and_cpu(runs, || {
        let l = load_files(files);
        assert!(
            l.rules.is_some(),
            "{:?}",
            &l.problems[..l.problems.len().min(5)]
        );
        l
    });
    let (scan_wall, scan_cpu) = wall_and_cpu(runs, || bounds_scan(files));
    let n = threads();
    println!(
        "{n} thread{}: bare typed parse  wall {}  cpu {}",
        if n == 1 { "" } else { "s" },
        ms(bare_wall),
        ms(bare_cpu)
    );
    println!(
        "{n} thread{}: bounds scan alone wall {}  cpu {}  (part of the load, not of the bare parse)",
        if n == 1 { "" } else { "s" },
        ms(scan_wall),
        ms(scan_cpu)
    );
    println!(
        "{n} thread{}: load + validate   wall {}  cpu {}  = {:.2}x wall, {:.2}x cpu of the bare parse (goal <= 1.0x per core)",
        if n == 1 { "" } else { "s" },
        ms(load_wall),
        ms(load_cpu),
        load_wall.as_secs_f64() / bare_wall.as_secs_f64(),
        load_cpu.as_secs_f64() / bare_cpu.as_secs_f64().max(1e-9),
    );
}

/// Set in the copy of the bench that runs on one core.
const PINNED: &str = "POSDOC_BENCH_ONE_CORE";

fn main() {
    let nodes: usize = std::env::var("POSDOC_BENCH_NODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let files: Vec<InputFile> = posdoc::synth::generate(nodes, 42);
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();

    if let Some(dir) = std::env::var_os("POSDOC_BENCH_WRITE") {
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        for f in &files {
            let name = std::path::Path::new(&f.name).file_name().unwrap();
            std::fs::write(dir.join(name), &f.bytes).unwrap();
        }
        println!(
            "wrote {nodes} nodes in {} files, {:.1} MB, to {}",
            files.len(),
            bytes as f64 / 1e6,
            dir.display()
        );
        return;
    }
    if std::env::var_os(PINNED).is_some() {
        compare_with_bare_parse(&files);
        return;
    }

    if std::env::var("POSDOC_BENCH_ONLY").as_deref() == Ok("memory") {
        peak_memory(&files, bytes);
        return;
    }

    // cargo passes --bench; ignore arguments.
    let bin = env!("CARGO_BIN_EXE_posdoc");
    let (mut version, mut check) = (Vec::new(), Vec::new());
    for _ in 0..51 {
        for (args, times) in [
            (&["--version"][..], &mut version),
            (&["check"][..], &mut check),
        ] {
            let t = Instant::now();
            let out = Command::new(bin).args(args).output().unwrap();
            times.push(t.elapsed());
            assert!(out.status.success());
        }
    }
    println!(
        "whole process, alternated: posdoc --version median {}, posdoc check (bundled rules) median {} (goal <= 5 ms)",
        ms(median(version)),
        ms(median(check))
    );

    let bundled = time(101, || {
        let l = load_bundled();
        assert!(l.rules.is_some());
        l
    });
    println!(
        "the bundled rules read from their binary form, in process: median {}",
        ms(bundled)
    );

    println!(
        "synthetic set: {nodes} nodes in {} files, {:.1} MB",
        files.len(),
        bytes as f64 / 1e6
    );
    compare_with_bare_parse(&files);
    if threads() > 1 {
        // The same on one core: `available_parallelism` follows the
        // affinity mask, so the loader and the bare parse use one thread.
        let me = std::env::current_exe().unwrap();
        match Command::new("taskset")
            .arg("-c")
            .arg("0")
            .arg(&me)
            .env(PINNED, "1")
            .status()
        {
            Ok(s) if s.success() => {}
            _ => println!("(one core: taskset is not available; run under `taskset -c 0`)"),
        }
    }

    peak_memory(&files, bytes);
}

/// The peak heap of one load + validate of `files` (`bytes` long).
fn peak_memory(files: &[InputFile], bytes: usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let loaded = load_files(files);
    let peak = PEAK.load(Ordering::Relaxed) - base;
    let kept = LIVE.load(Ordering::Relaxed) - base;
    drop(loaded);
    println!(
        "peak heap during load + validate: {:.1} MB = {:.2}x the file size, the files themselves included (goal <= 4x); the loaded rule set keeps {:.1} MB",
        (peak + bytes) as f64 / 1e6,
        (peak + bytes) as f64 / bytes as f64,
        kept as f64 / 1e6
    );
}
