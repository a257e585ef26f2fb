//! `posdoc handbook`: the printable handbook (see `crate::handbook`), as
//! Markdown or one self-contained HTML file, to standard output or a file.

use crate::handbook::{html, markdown, Handbook};
use crate::i18n::Strings;
use crate::rules::{Category, RuleSet};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HandbookFormat {
    Md,
    Html,
}

/// The handbook of `rules` in `format`.
pub fn render(
    rules: &RuleSet,
    strings: &Strings,
    format: HandbookFormat,
    category: Option<Category>,
) -> String {
    let book = Handbook::build(rules, strings, category);
    match format {
        HandbookFormat::Md => markdown::render(&book),
        HandbookFormat::Html => html::render(&book),
    }
}

/// Writes the handbook to `output`, or to `out` when none is given. A file
/// is written whole or not at all: into a temporary file beside it, then
/// renamed, so a reader never sees half a handbook.
pub fn run(
    rules: &RuleSet,
    strings: &Strings,
    format: HandbookFormat,
    category: Option<Category>,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let text = render(rules, strings, format, category);
    match output {
        None => out.write_all(text.as_bytes())?,
        Some(path) => write_whole(path, text.as_bytes())?,
    }
    Ok(())
}

fn write_whole(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let name = path
        .file_name()
        .with_context(|| format!("{} is not a file name", path.display()))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}
