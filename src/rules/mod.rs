//! The knowledge base: its model, the one YAML module, and the loader that
//! validates everything before a [`RuleSet`] exists.

mod hint;
mod load;
pub mod model;
mod raw;
pub mod script;
pub mod yaml;

pub use load::{
    load_dir, load_files, read_dir, InputFile, Loaded, Problem, RulesDirError, Severity,
};
/// The line a [`Problem`] points into; the limits of a report and a set.
pub use load::{SourceLine, MAX_PROBLEMS_PER_FILE, MAX_SET_NODES};
pub use model::*;

mod bundled_files {
    include!(concat!(env!("OUT_DIR"), "/bundled_rules.rs"));
}

/// The rules compiled into the binary, as input files.
pub fn bundled_files() -> Vec<InputFile> {
    bundled_files::RULES
        .iter()
        .map(|(name, text)| InputFile {
            name: name.to_string(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect()
}

/// Loads and validates the bundled rules.
pub fn load_bundled() -> Loaded {
    load::load_bundled_files(&bundled_files())
}

/// Loads `--rules DIR` when given, the bundled rules otherwise.
pub fn load(dir: Option<&std::path::Path>) -> anyhow::Result<Loaded> {
    match dir {
        Some(d) => load_dir(d),
        None => Ok(load_bundled()),
    }
}
