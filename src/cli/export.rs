//! `posdoc export`: the whole loaded tree, normalised, for tooling.

use crate::rules::RuleSet;
use std::io::Write;

/// Version of the export layout; bump when a field changes meaning.
pub const EXPORT_VERSION: u32 = 1;

pub fn json(rules: &RuleSet, out: &mut dyn Write) -> anyhow::Result<()> {
    let doc = serde_json::json!({
        "format": "posdoc-rules",
        "version": EXPORT_VERSION,
        "rules": rules,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}
