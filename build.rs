//! Compiles the bundled rules and UI texts into the binary, so posdoc works
//! from any directory.
//!
//! The rules are loaded and validated here by posdoc's own loader (its
//! modules are compiled into this script from `src/rules/`, below), exactly
//! as `posdoc check --rules rules` would: a broken bundled rule fails the
//! build with the message `check` prints. The validated rule set and its
//! report are embedded in binary form (`src/rules/compiled.rs`), so a start
//! reads them without parsing YAML.
use std::fmt::Write as _;
use std::path::Path;

/// posdoc's loader, validator and model, from the same files the library
/// compiles (paths are relative to `rules/`, this inline module's folder).
/// Only the loader and the writer of the binary form are used here.
#[allow(dead_code, unused_imports)]
mod rules {
    #[path = "../src/rules/compiled.rs"]
    pub mod compiled;
    #[path = "../src/rules/hint.rs"]
    mod hint;
    #[path = "../src/rules/load/mod.rs"]
    mod load;
    #[path = "../src/rules/model.rs"]
    pub mod model;
    #[path = "../src/rules/raw.rs"]
    mod raw;
    #[path = "../src/rules/yaml.rs"]
    pub mod yaml;
    pub use load::{load_dir, Severity};
    // What the training loader names by `crate::rules::…`.
    pub use load::{read_dir, InputFile, Problem, RulesDirError, SourceLine};
    pub use model::*;

    /// The model names the conversion that derives traditional Chinese on
    /// first display. Loading never displays, so the build script leaves
    /// OpenCC (and building its dictionaries for the host) out.
    pub mod script {
        pub fn to_traditional(_: &str) -> String {
            unreachable!("the build script validates and encodes; it never derives a text")
        }
    }
}

/// posdoc's training loader and model, from the same files the library
/// compiles (`src/training/`), with the writer of the practice cases'
/// binary form.
#[path = "src/training"]
#[allow(dead_code, unused_imports)]
// The library's public API keeps its signatures (clippy spares exported
// items there); in this script nothing is exported.
#[allow(clippy::trivially_copy_pass_by_ref)]
mod training {
    #[path = "compiled.rs"]
    pub mod compiled;
    #[path = "load.rs"]
    pub mod load;
    #[path = "model.rs"]
    pub mod model;
}

/// posdoc's search index builder and the writer of its binary form, from
/// the same files the library compiles (paths relative to `src/search/`).
#[allow(dead_code, unused_imports)]
#[path = "src/search"]
mod search {
    #[path = "index.rs"]
    pub mod index;
    #[path = "prebuilt.rs"]
    pub mod prebuilt;
    #[path = "py.rs"]
    mod py;
    #[path = "synonyms.rs"]
    pub mod synonyms;
    #[path = "text.rs"]
    pub mod text;
    pub use index::{CategoryLabels, Index};

    /// The `pinyin` crate's readings of the common CJK block, computed
    /// here; the library reads the table `write_pinyin_table` makes of them.
    pub mod pinyin_data {
        use pinyin::ToPinyinMulti;
        use std::collections::BTreeSet;
        use std::sync::OnceLock;

        /// At most this many readings of one character are used.
        const MAX_READINGS: usize = 4;

        /// The readings of the character at `offset`, as numbers in
        /// [`syllables`].
        pub fn readings_at(offset: usize) -> &'static [u16] {
            static IDS: OnceLock<Vec<Vec<u16>>> = OnceLock::new();
            let ids = IDS.get_or_init(|| {
                let all = syllables();
                table()
                    .iter()
                    .map(|rs| {
                        rs.iter()
                            .map(|r| all.binary_search(r).expect("a syllable of the table") as u16)
                            .collect()
                    })
                    .collect()
            });
            ids.get(offset).map_or(&[], Vec::as_slice)
        }

        pub fn table() -> &'static [Vec<&'static str>] {
            static T: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
            T.get_or_init(|| {
                (super::py::BLOCK_START..=super::py::BLOCK_END)
                    .map(|cp| char::from_u32(cp).map(readings).unwrap_or_default())
                    .collect()
            })
        }

        fn readings(c: char) -> Vec<&'static str> {
            let mut out: Vec<&'static str> = Vec::new();
            if let Some(multi) = c.to_pinyin_multi() {
                for p in multi.into_iter().take(MAX_READINGS) {
                    let s = p.plain();
                    if s.is_ascii() {
                        out.push(s);
                    } else if let Some((v, u)) = umlaut_forms(s) {
                        out.push(v);
                        out.push(u);
                    }
                }
            }
            out.dedup();
            out
        }

        /// `lü` → ("lv", "lu"): people type either.
        fn umlaut_forms(s: &str) -> Option<(&'static str, &'static str)> {
            Some(match s {
                "lü" => ("lv", "lu"),
                "nü" => ("nv", "nu"),
                "lüe" => ("lve", "lue"),
                "nüe" => ("nve", "nue"),
                _ => return None,
            })
        }

        pub fn syllables() -> &'static [&'static str] {
            static S: OnceLock<Vec<&'static str>> = OnceLock::new();
            S.get_or_init(|| {
                let set: BTreeSet<&'static str> = table().iter().flatten().copied().collect();
                set.into_iter().collect()
            })
        }

        pub fn syllable_prefixes() -> &'static [&'static str] {
            static S: OnceLock<Vec<&'static str>> = OnceLock::new();
            S.get_or_init(|| {
                let set: BTreeSet<&'static str> = syllables()
                    .iter()
                    .flat_map(|s| (1..=s.len()).map(move |i| &s[..i]))
                    .collect();
                set.into_iter().collect()
            })
        }
    }
}

#[path = "src/terminal_text.rs"]
#[allow(dead_code)]
mod terminal_text;

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

/// Loads `rules/` and writes its binary form to `out`; on any error prints
/// the report as `posdoc check` does and fails the build.
fn compile_rules(out: &Path) {
    // A directory is scanned whole for changes, so a new file counts too.
    println!("cargo:rerun-if-changed=rules");
    let loaded = match rules::load_dir(Path::new("rules")) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("posdoc: the bundled rules: {e}");
            std::process::exit(1);
        }
    };
    if loaded.rules.is_none() {
        for p in &loaded.problems {
            eprintln!("{p}");
        }
        let errors = loaded
            .problems
            .iter()
            .filter(|p| p.severity == rules::Severity::Error)
            .count();
        eprintln!(
            "posdoc: the bundled rules have {errors} error(s); run `cargo run -- check --rules rules`"
        );
        std::process::exit(1);
    }
    for p in &loaded.problems {
        println!("cargo:warning={p}");
    }
    let bytes = rules::compiled::encode(&loaded).expect("a rule set without errors");
    std::fs::write(out, bytes).unwrap();
}

/// Loads the practice cases in `rules/training/` against the rules as
/// compiled into `rules_form`, as `posdoc check --rules rules` would, and
/// writes their binary form to `out`. On any error prints the report as
/// `check` does and fails the build; warnings become build warnings.
fn compile_practice(rules_form: &Path, out: &Path) {
    // Scanned whole, so a new practice file counts too.
    println!(
        "cargo:rerun-if-changed=rules/{}",
        training::load::TRAINING_DIR
    );
    let rules_form = std::fs::read(rules_form).expect("the rules' binary form was just written");
    // The rule set as the library decodes it, so every node index agrees.
    let rules = rules::compiled::decode(&rules_form)
        .ok()
        .and_then(|loaded| loaded.rules)
        .expect("the rules' binary form decodes with the code that wrote it");
    let loaded = training::load::load_dir(Path::new("rules"), &rules);
    let errors = loaded.errors().count();
    if errors > 0 {
        for p in &loaded.problems {
            eprintln!("{p}");
        }
        eprintln!(
            "posdoc: the bundled practice cases have {errors} error(s); run `cargo run -- check --rules rules`"
        );
        std::process::exit(1);
    }
    for p in &loaded.problems {
        println!("cargo:warning={p}");
    }
    let bytes =
        training::compiled::encode(&loaded, &rules_form).expect("practice cases without errors");
    std::fs::write(out, bytes).unwrap();
}

/// The UI texts parsed here, by the same YAML reader, into static tables, so
/// a start reads no YAML: `UI_TABLES` holds, per file, its (key, text)
/// pairs or where and why it could not be read (reported at run time as
/// before, so a broken file is a located problem, not a build failure).
fn parse_ui_texts(dir: &str, out: &mut String) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p: &std::path::PathBuf| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e == "yaml" || e == "yml")
    });
    files.sort();
    out.push_str(
        "/// A file's (key, text) pairs, or the line, column and message of why it\n\
         /// could not be read.\n\
         pub type ParsedTexts = Result<&'static [(&'static str, &'static str)], (usize, usize, &'static str)>;\n\
         pub const UI_TABLES: &[(&str, ParsedTexts)] = &[\n",
    );
    for f in files {
        let name = Path::new(dir).join(f.file_name().unwrap());
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let parsed = rules::yaml::parse::<std::collections::BTreeMap<String, String>>(&text);
        match parsed {
            Ok(map) => {
                writeln!(out, "    ({:?}, Ok(&[", name.display().to_string()).unwrap();
                for (k, v) in map {
                    writeln!(out, "        ({k:?}, {v:?}),").unwrap();
                }
                writeln!(out, "    ])),").unwrap();
            }
            Err(e) => writeln!(
                out,
                "    ({:?}, Err(({}, {}, {:?}))),",
                name.display().to_string(),
                e.line,
                e.column,
                e.message
            )
            .unwrap(),
        }
    }
    writeln!(out, "];").unwrap();
}

/// Checks the synonym table and writes its binary form to `out`; a broken
/// table fails the build with every problem, located.
fn compile_synonyms(out: &Path) -> search::synonyms::Table {
    println!("cargo:rerun-if-changed=assets/search/synonyms.yaml");
    let table = match search::synonyms::Table::parse(search::synonyms::BUNDLED) {
        Ok(table) => table,
        Err(problems) => {
            for p in problems.lines() {
                eprintln!("assets/search/synonyms.yaml: {p}");
            }
            std::process::exit(1);
        }
    };
    std::fs::write(out, search::prebuilt::encode_table(&table)).unwrap();
    table
}

/// What each category is called in each UI language, read from the UI
/// texts as `i18n::category_labels` reads them at run time: a written
/// language's own text, else its fallbacks', else "?"; a derived language
/// only its hand-written overrides. The tests hold the two equal.
fn category_labels(dir: &str) -> search::CategoryLabels {
    use rules::{Category, Lang};
    let own = |lang: Lang| -> std::collections::BTreeMap<String, String> {
        let file = Path::new(dir).join(format!("{}.yaml", lang.code()));
        let text = std::fs::read_to_string(file).unwrap_or_default();
        rules::yaml::parse(&text).unwrap_or_default()
    };
    let mut labels = search::CategoryLabels::new();
    for lang in Lang::ALL {
        for category in Category::ALL {
            let key = format!("category.{}", category.key());
            if lang.derived_from().is_some() {
                if let Some(label) = own(lang).get(&key) {
                    labels.insert(category, lang, label.as_str());
                }
                continue;
            }
            let label = std::iter::successors(Some(lang), |l| l.fallback())
                .find_map(|l| own(l).get(&key).cloned())
                .unwrap_or_else(|| "?".to_string());
            labels.insert(category, lang, label);
        }
    }
    labels
}

/// Builds the search index of the bundled rules, as decoded from their
/// binary form `rules_bin` (what a start reads), and writes its binary
/// form, marked with the rules' fingerprint, to `out`.
fn compile_search_index(rules_bin: &Path, synonyms: &search::synonyms::Table, out: &Path) {
    println!("cargo:rerun-if-changed=assets/i18n");
    let bytes = std::fs::read(rules_bin).unwrap();
    let loaded = rules::compiled::decode(&bytes).expect("the rules just written read back");
    let rule_set = loaded.rules.expect("the bundled rules have no errors");
    let labels = category_labels("assets/i18n");
    let index = search::Index::build_with(&rule_set, &labels, synonyms);
    let fingerprint = search::prebuilt::fingerprint(&bytes);
    std::fs::write(out, search::prebuilt::encode(&index, fingerprint)).unwrap();
}

/// The pinyin readings of the common CJK block as static tables, so the
/// library builds none at run time (`src/search/pinyin_data.rs`).
fn write_pinyin_table(out: &Path) {
    use search::pinyin_data;
    let list = |items: &[&str]| {
        let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
        quoted.join(", ")
    };
    // Numbers, not `&str`s: no relocation per character at each start.
    let mut ends: Vec<u32> = Vec::new();
    let mut ids: Vec<u32> = Vec::new();
    for offset in 0..pinyin_data::table().len() {
        ids.extend(
            pinyin_data::readings_at(offset)
                .iter()
                .map(|&id| u32::from(id)),
        );
        ends.push(u32::try_from(ids.len()).unwrap());
    }
    let numbers = |items: &[u32]| {
        let shown: Vec<String> = items.iter().map(u32::to_string).collect();
        shown.join(",")
    };
    let mut src = String::new();
    writeln!(
        src,
        "static READING_ENDS: [u32; {}] = [{}];",
        ends.len(),
        numbers(&ends)
    )
    .unwrap();
    writeln!(
        src,
        "static READINGS: [u16; {}] = [{}];",
        ids.len(),
        numbers(&ids)
    )
    .unwrap();
    for (name, items) in [
        ("SYLLABLES", pinyin_data::syllables()),
        ("PREFIXES", pinyin_data::syllable_prefixes()),
    ] {
        writeln!(
            src,
            "static {name}: [&str; {}] = [{}];",
            items.len(),
            list(items)
        )
        .unwrap();
    }
    std::fs::write(out, src).unwrap();
}

/// Writes one generated file per module that embeds it: `rules` includes
/// the rules in binary form, `i18n` the UI texts.
fn main() {
    let out_dir = std::env::var("OUT_DIR").unwrap();
    let out_dir = Path::new(&out_dir);
    compile_rules(&out_dir.join("bundled_rules.bin"));
    compile_practice(
        &out_dir.join("bundled_rules.bin"),
        &out_dir.join("bundled_practice.bin"),
    );
    let mut out = String::new();
    embed("assets/i18n", "UI_TEXTS", &mut out);
    parse_ui_texts("assets/i18n", &mut out);
    std::fs::write(out_dir.join("bundled_ui_texts.rs"), out).unwrap();
    write_pinyin_table(&out_dir.join("pinyin_table.rs"));
    let synonyms = compile_synonyms(&out_dir.join("bundled_synonyms.bin"));
    compile_search_index(
        &out_dir.join("bundled_rules.bin"),
        &synonyms,
        &out_dir.join("bundled_search.bin"),
    );
}
