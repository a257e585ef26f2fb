//! The knowledge base: its model, the one YAML module, and the loader that
//! validates everything before a [`RuleSet`] exists.

pub mod compiled;
mod hint;
mod load;
pub mod model;
pub mod raw;
pub mod script;
pub mod yaml;

pub use load::{
    load_dir, load_files, read_dir, InputFile, Loaded, Problem, RulesDirError, Severity,
};
/// The line a [`Problem`] points into; the limits of a report and a set.
pub use load::{SourceLine, MAX_PROBLEMS_PER_FILE, MAX_SET_NODES};
pub use model::*;

/// The bundled rules in binary form, written by the build script after it
/// validated `rules/*.yaml` with this same loader (see `build.rs`).
static BUNDLED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled_rules.bin"));

/// The bundled rules: the rule set validated when posdoc was built, and
/// what `check` reported for it then (warnings located in the YAML files).
pub fn load_bundled() -> Loaded {
    compiled::decode(BUNDLED).expect("the build script wrote the bundled rules with this code")
}

/// What `check` reports of the bundled rules (files, problems, counts),
/// read from the head of their binary form without decoding the set.
pub fn bundled_head() -> compiled::Head {
    compiled::decode_head(BUNDLED).expect("the build script wrote the bundled rules with this code")
}

/// The bundled rules' binary form, as embedded.
pub fn bundled_bytes() -> &'static [u8] {
    BUNDLED
}

/// Loads `--rules DIR` when given, the bundled rules otherwise.
pub fn load(dir: Option<&std::path::Path>) -> anyhow::Result<Loaded> {
    match dir {
        Some(d) => load_dir(d),
        None => Ok(load_bundled()),
    }
}
