//! What both front ends (the line mode in [`crate::cli`] and the full screen
//! in [`crate::tui`]) share, so neither reaches into the other: the exit
//! codes and what to say about a response code the rules do not know.

use crate::i18n::Strings;
use crate::rules::RuleSet;
use std::io::{self, Write};

/// Exit codes shared by all commands.
pub mod exit {
    /// Done; for `search`, something was found.
    pub const OK: i32 = 0;
    /// The rules have errors, nothing was found, or the input was refused.
    pub const PROBLEMS: i32 = 1;
    /// The command line or the environment cannot work (no terminal, no
    /// rules directory, an empty query).
    pub const USAGE: i32 = 2;
}

/// Says that a typed response code is not in the rules and lists the
/// closest codes (or nodes) the search finds for it, on `err`.
pub fn report_unknown_code(
    rules: &RuleSet,
    typed: &str,
    s: &Strings,
    err: &mut dyn Write,
) -> io::Result<()> {
    let shown = crate::privacy::mask_card_numbers(typed);
    writeln!(
        err,
        "posdoc: {}",
        s.fmt("code.unknown", &[("code", &shown)])
    )?;
    let index = crate::search::Index::build(rules, &crate::i18n::category_labels());
    let close = crate::search::suggest_for_unknown_code(&index, rules, typed);
    if !close.is_empty() {
        writeln!(err, "{}", s.get("code.closest"))?;
        for h in close {
            match h.code.as_deref().and_then(|c| rules.code(c)) {
                Some(rc) => writeln!(err, "  {}  {}", rc.code, rc.terminal_text.get(s.lang))?,
                None => {
                    let n = rules.node(h.node);
                    writeln!(err, "  {}  {}", n.id, n.title().get(s.lang))?
                }
            }
        }
    }
    Ok(())
}
