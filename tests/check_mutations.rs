//! The validator never panics and always locates its findings, whatever is
//! done to a valid rule set: lines deleted, duplicated or swapped, bytes
//! replaced with YAML punctuation or junk, files cut short.

use posdoc::rules::{load_files, InputFile, Severity};

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

fn mutate(bytes: &[u8], rng: &mut Lcg) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match rng.below(5) {
        0 if !lines.is_empty() => {
            let i = rng.below(lines.len());
            lines.remove(i);
        }
        1 if !lines.is_empty() => {
            let i = rng.below(lines.len());
            let l = lines[i].clone();
            lines.insert(i, l);
        }
        2 if lines.len() > 1 => {
            let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(a, b);
        }
        3 => {
            let mut b = bytes.to_vec();
            let junk: [&[u8]; 10] = [
                b":", b"-", b"{", b"[", b"\"", b"&a ", b"*a", b"\t", b"\xff", b"\x00",
            ];
            for _ in 0..=rng.below(3) {
                let at = rng.below(b.len());
                let j = junk[rng.below(junk.len())];
                b.splice(at..at, j.iter().copied());
            }
            return b;
        }
        _ => {
            let cut = rng.below(bytes.len());
            return bytes[..cut].to_vec();
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out.into_bytes()
}

#[test]
fn mutated_rule_sets_never_panic_and_every_problem_is_located() {
    let base = posdoc::synth::generate(60, 7);
    let clean = load_files(&base);
    assert!(
        clean.errors().next().is_none(),
        "the base set must be valid: {:?}",
        clean.problems
    );
    let mut rng = Lcg(20261122);
    let mut failing = 0;
    for round in 0..300 {
        let mut files: Vec<InputFile> = base
            .iter()
            .map(|f| InputFile {
                name: f.name.clone(),
                bytes: f.bytes.clone(),
            })
            .collect();
        let k = rng.below(files.len());
        for _ in 0..=rng.below(2) {
            files[k].bytes = mutate(&files[k].bytes, &mut rng);
        }
        let result = std::panic::catch_unwind(|| load_files(&files));
        let loaded = result.unwrap_or_else(|_| panic!("the validator panicked in round {round}"));
        if loaded.rules.is_none() {
            failing += 1;
            assert!(
                loaded.errors().next().is_some(),
                "round {round}: no rules but no error"
            );
        }
        for p in &loaded.problems {
            let file = files.iter().find(|f| f.name == p.file).expect("known file");
            let lines = file.bytes.split(|&b| b == b'\n').count();
            assert!(
                p.line >= 1 && p.line <= lines + 1 && p.column >= 1,
                "round {round}: {p} is outside the file ({lines} lines)"
            );
            assert!(!p.message.trim().is_empty());
            if p.severity == Severity::Error {
                assert!(!p.message.contains("Raw"), "internal type name leaked: {p}");
            }
        }
    }
    // The mutations must actually break things most of the time, or this
    // test proves little.
    assert!(
        failing > 150,
        "only {failing} of 300 mutated sets failed validation"
    );
}
