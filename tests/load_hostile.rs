//! A bounded, seeded mutation run over the loader with hostile edits (the
//! in-process half of `fuzz/`): no panic, every problem located inside its
//! file, and every set decided in bounded time. `check_mutations.rs` edits
//! lines; this one edits bytes the way an attacker or a broken editor would.
//! Replay a failure with the round's seed, which every message names.

use posdoc::rules::{load_files, InputFile};
use posdoc::terminal_text;
use std::time::{Duration, Instant};

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

/// What hostile input puts into a rules file.
const HOSTILE: [&[u8]; 24] = [
    b"'",
    b"\"",
    b"\\",
    b" '",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"]]]]",
    b"{a: ",
    b"}",
    b", ",
    b": ",
    b" #",
    b"|\n",
    b">-\n",
    b"\t",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"\x1b[2J",
    b"\xe2\x80\xae",
    b"\"\\nrules.yaml:1:1: fake\": 1\n",
    b"4111111111111111",
    b"&a ",
    b"*a",
    b"---\n",
    b"\xff",
];

fn mutate(bytes: &mut Vec<u8>, rng: &mut Lcg) {
    if bytes.is_empty() {
        bytes.extend_from_slice(HOSTILE[rng.below(HOSTILE.len())]);
        return;
    }
    match rng.below(6) {
        // Insert hostile tokens.
        0 | 1 => {
            for _ in 0..=rng.below(4) {
                let at = rng.below(bytes.len() + 1);
                let piece = HOSTILE[rng.below(HOSTILE.len())];
                bytes.splice(at..at, piece.iter().copied());
            }
        }
        // Flip bits.
        2 => {
            for _ in 0..=rng.below(8) {
                let at = rng.below(bytes.len());
                bytes[at] ^= 1 << rng.below(8);
            }
        }
        // Repeat a chunk many times: amplification within the size limit.
        3 => {
            let from = rng.below(bytes.len());
            let len = (rng.below(64) + 1).min(bytes.len() - from);
            let chunk = bytes[from..from + len].to_vec();
            let times = rng.below(2000) + 1;
            let at = rng.below(bytes.len() + 1);
            let repeated: Vec<u8> = chunk
                .iter()
                .copied()
                .cycle()
                .take(chunk.len() * times)
                .collect();
            bytes.splice(at..at, repeated);
        }
        // Delete a range.
        4 => {
            let from = rng.below(bytes.len());
            let len = rng.below(256).min(bytes.len() - from);
            bytes.drain(from..from + len);
        }
        // Cut short.
        _ => {
            let cut = rng.below(bytes.len());
            bytes.truncate(cut);
        }
    }
}

/// Lines in `bytes` as YAML numbers them (LF, CR, CR LF, NEL, LS and PS end a
/// line): a location may sit just after the last line break, at the very end.
fn line_count(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let mut breaks = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                breaks += 1;
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => breaks += 1,
            _ => {}
        }
    }
    breaks + 1
}

#[test]
fn hostile_edits_never_panic_and_are_located_in_bounded_time() {
    let base = posdoc::synth::generate(40, 11);
    let mut rng = Lcg(20261129);
    let mut slowest = Duration::ZERO;
    let started = Instant::now();
    let rounds = 200;
    for round in 0..rounds {
        let seed = rng.next();
        let mut local = Lcg(seed);
        let mut files: Vec<InputFile> = base
            .iter()
            .map(|f| InputFile {
                name: f.name.clone(),
                bytes: f.bytes.clone(),
            })
            .collect();
        for _ in 0..=local.below(3) {
            let k = local.below(files.len());
            mutate(&mut files[k].bytes, &mut local);
        }
        let start = Instant::now();
        let loaded = std::panic::catch_unwind(|| load_files(&files))
            .unwrap_or_else(|_| panic!("round {round} (seed {seed}) panicked"));
        let took = start.elapsed();
        slowest = slowest.max(took);
        assert!(
            took < Duration::from_secs(2),
            "round {round} (seed {seed}) took {took:?}"
        );
        for p in &loaded.problems {
            let file = files
                .iter()
                .find(|f| f.name == p.file)
                .unwrap_or_else(|| panic!("round {round} (seed {seed}): {p} names no input file"));
            assert!(
                p.line >= 1 && p.line <= line_count(&file.bytes) && p.column >= 1,
                "round {round} (seed {seed}): {p} lies outside its file of {} lines, \
                 which ends {:?}",
                line_count(&file.bytes),
                String::from_utf8_lossy(&file.bytes[file.bytes.len().saturating_sub(60)..])
            );
            // Whatever the file holds, the report line it gives stays one line.
            assert_eq!(
                terminal_text::one_line(&p.to_string()).lines().count(),
                1,
                "round {round} (seed {seed}): {p}"
            );
        }
    }
    eprintln!(
        "{rounds} hostile rule sets in {:?}, slowest {slowest:?}",
        started.elapsed()
    );
}

/// The limits leave room for real rule sets: the largest file `synth` writes
/// (2,000 nodes, the size of a big generated knowledge base) passes them.
#[test]
fn the_largest_generated_file_is_within_the_limits() {
    use posdoc::rules::yaml::{count_tokens, MAX_FILE_BYTES, MAX_TOKENS};
    let files = posdoc::synth::generate(2 * posdoc::synth::NODES_PER_FILE, 5);
    for f in &files {
        let text = std::str::from_utf8(&f.bytes).expect("synth writes UTF-8");
        let tokens = count_tokens(text, MAX_TOKENS);
        eprintln!("{}: {} bytes, {tokens} tokens", f.name, f.bytes.len());
        assert!((f.bytes.len() as u64) < MAX_FILE_BYTES / 2, "{}", f.name);
        // A fifth to spare: since every step carries its kind and a caller
        // line (issue 8) the largest file has about 465,000 tokens.
        assert!(tokens < MAX_TOKENS * 4 / 5, "{}: {tokens}", f.name);
    }
    let loaded = load_files(&files);
    assert!(loaded.errors().next().is_none(), "{:?}", loaded.problems);
}

/// The bundled rules stay well within the bounds any rules directory is
/// held to (the build loads them with every check on): every file within
/// the nesting limit and at most half the token limit.
#[test]
fn the_bundled_rules_are_within_the_bounds_with_room_to_spare() {
    use posdoc::rules::{load_files, read_dir, yaml};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let (files, unread) = read_dir(&dir).expect("rules/ reads");
    assert!(unread.is_empty(), "{unread:?}");
    for f in &files {
        let text = std::str::from_utf8(&f.bytes).expect("bundled rules are UTF-8");
        assert!(yaml::check_nesting(text).is_ok(), "{}", f.name);
        let tokens = yaml::count_tokens(text, yaml::MAX_TOKENS);
        assert!(
            tokens <= yaml::MAX_TOKENS / 2,
            "{}: {tokens} tokens",
            f.name
        );
    }
    let bounded = load_files(&files);
    assert!(bounded.rules.is_some(), "{:?}", bounded.problems);
    assert!(bounded.problems.is_empty(), "{:?}", bounded.problems);
}

/// One mistake repeated all over a generated file is reported a hundred
/// times and then counted, not listed: the report stays short and cheap.
#[test]
fn a_file_of_thousands_of_faults_lists_the_first_hundred_and_counts_the_rest() {
    use posdoc::rules::MAX_PROBLEMS_PER_FILE;
    let nodes = "{},".repeat(500);
    let faults = "{x: 1},".repeat(500);
    for (text, listed) in [
        // "no file sets start" and 500 nodes without an id.
        (format!("nodes: [{nodes}]\n"), 501),
        // 500 nodes with an unknown field, read part by part after the first.
        (format!("start: a\nnodes: [{faults}]\n"), 500),
    ] {
        let loaded = load_files(&[InputFile {
            name: "rules.yaml".into(),
            bytes: text.into_bytes(),
        }]);
        assert_eq!(loaded.problems.len(), MAX_PROBLEMS_PER_FILE + 1);
        let last = loaded.problems.last().unwrap().to_string();
        let more = listed - MAX_PROBLEMS_PER_FILE;
        assert!(
            last.contains(&format!(
                "...and {more} more problems in this file ({more} errors, 0 warnings)"
            )),
            "{last}"
        );
    }
}

/// A set of nodes that cost a kilobyte each to hold and three bytes each to
/// write stops at the set's node budget, at the file where it runs out.
#[test]
fn a_set_past_its_node_budget_is_refused_at_the_file_where_it_runs_out() {
    use posdoc::rules::MAX_SET_NODES;
    let half = format!("nodes: [{}]\n", "{},".repeat(MAX_SET_NODES / 2 + 1));
    let files: Vec<InputFile> = ["a.yaml", "b.yaml", "c.yaml"]
        .iter()
        .map(|name| InputFile {
            name: (*name).into(),
            bytes: half.clone().into_bytes(),
        })
        .collect();
    let loaded = load_files(&files);
    assert!(loaded.rules.is_none());
    let refusal: Vec<String> = loaded
        .problems
        .iter()
        .map(ToString::to_string)
        .filter(|p| p.contains("nodes, reached in this file"))
        .collect();
    assert_eq!(
        refusal,
        [format!(
            "b.yaml:1:1: the rule set holds more than {MAX_SET_NODES} nodes, reached in this file; \
             this file and the ones after it are not checked (split the set)"
        )]
    );
    // Nothing is reported from the files not checked.
    assert!(loaded.problems.iter().all(|p| p.file != "c.yaml"));
}

/// A message quotes at most a short excerpt of an offending value.
#[test]
fn a_message_never_repeats_a_long_value_whole() {
    let value = "x".repeat(1_000_000);
    let loaded = load_files(&[InputFile {
        name: "rules.yaml".into(),
        bytes: format!("start: \"{value}\"\nnodes: []\n").into_bytes(),
    }]);
    let shown: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    assert!(!shown.is_empty());
    for line in &shown {
        assert!(line.len() < 300, "{} characters", line.len());
    }
    assert!(
        shown.iter().any(|l| l.contains("(999939 characters)")),
        "{shown:?}"
    );
}
