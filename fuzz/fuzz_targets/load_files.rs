//! The loader on arbitrary bytes: up to four files, split at 0xFE bytes (never
//! valid UTF-8, so the split does not hide any text the loader could see).
//! It must not panic, must locate every problem inside its file, and must
//! decide in bounded time (libFuzzer's -timeout catches a slow input).
#![no_main]

use libfuzzer_sys::fuzz_target;
use posdoc::rules::{load_files, InputFile};

fuzz_target!(|data: &[u8]| {
    let files: Vec<InputFile> = data
        .split(|&b| b == 0xFE)
        .take(4)
        .enumerate()
        .map(|(i, bytes)| InputFile {
            name: format!("f{i}.yaml"),
            bytes: bytes.to_vec(),
        })
        .collect();
    let loaded = load_files(&files);
    for p in &loaded.problems {
        let Some(file) = files.iter().find(|f| f.name == p.file) else {
            continue; // a problem of the set as a whole, named after no file
        };
        let lines = file.bytes.split(|&b| b == b'\n').count();
        assert!(
            p.line >= 1 && p.line <= lines.max(1) && p.column >= 1,
            "{p} lies outside its file of {lines} lines"
        );
    }
});
