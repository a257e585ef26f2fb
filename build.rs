//! Compiles the bundled rules and UI texts into the binary, so posdoc works
//! from any directory.
use std::fmt::Write as _;
use std::path::Path;

fn embed(dir: &str, const_name: &str, out: &mut String) {
    println!("cargo:rerun-if-changed={dir}");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p: &std::path::PathBuf| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e == "yaml" || e == "yml")
    });
    files.sort();
    writeln!(out, "pub const {const_name}: &[(&str, &str)] = &[").unwrap();
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let abs = std::fs::canonicalize(&f).unwrap();
        let name = Path::new(dir).join(f.file_name().unwrap());
        writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            name.display().to_string(),
            abs.display().to_string()
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
}

/// Writes one generated file per module that embeds it: `rules` includes
/// the rules, `i18n` the UI texts.
fn main() {
    let out_dir = std::env::var("OUT_DIR").unwrap();
    for (dir, const_name, file) in [
        ("rules", "RULES", "bundled_rules.rs"),
        ("assets/i18n", "UI_TEXTS", "bundled_ui_texts.rs"),
    ] {
        let mut out = String::new();
        embed(dir, const_name, &mut out);
        std::fs::write(Path::new(&out_dir).join(file), out).unwrap();
    }
}
