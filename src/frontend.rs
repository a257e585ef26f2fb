//! What both front ends (the line mode in [`crate::cli`] and the full screen
//! in [`crate::tui`]) share, so neither reaches into the other: the exit
//! codes, how typed keys and choices are read, and what to say about a
//! response code the rules do not know.

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

/// What a person typed, folded so that it means what they meant.
///
/// A Chinese input method types full-width digits and letters (`３`, `Ｑ`),
/// and Caps Lock types capitals (`B`); both must work wherever a key or a
/// choice is read. NFKC (Unicode compatibility composition) maps the
/// full-width forms, and the full-width space, to their ASCII ones.
pub mod typed {
    use unicode_normalization::UnicodeNormalization;

    /// A typed text with its width folded and the space around it dropped,
    /// case kept (a response code such as `Ａ０` becomes `A0`).
    pub fn text(raw: &str) -> String {
        raw.nfkc().collect::<String>().trim().to_string()
    }

    /// A typed choice as it is compared: width folded, trimmed, lower case
    /// (`" ３ "` → `"3"`, `"Ｂ"` and `"B"` → `"b"`, `"Quit"` → `"quit"`).
    pub fn choice(raw: &str) -> String {
        text(raw).to_lowercase()
    }

    /// One pressed key as it is compared: `'３'` → `'3'`, `'Ｑ'` and `'Q'` →
    /// `'q'`. None when the folded key is not one character (a ligature
    /// such as `'㎏'`), which no key binding can mean.
    pub fn key(c: char) -> Option<char> {
        let mut folded = std::iter::once(c).nfkc().flat_map(char::to_lowercase);
        let first = folded.next()?;
        folded.next().is_none().then_some(first)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn full_width_and_capitals_fold_to_what_they_look_like() {
            assert_eq!(choice("３"), "3");
            assert_eq!(choice("\u{3000}２\u{3000}"), "2");
            assert_eq!(choice("Ｂ"), "b");
            assert_eq!(choice("QUIT"), "quit");
            assert_eq!(choice("返回"), "返回");
            assert_eq!(text(" Ａ０ "), "A0");
            assert_eq!(key('３'), Some('3'));
            assert_eq!(key('Ｑ'), Some('q'));
            assert_eq!(key('S'), Some('s'));
            assert_eq!(key('是'), Some('是'));
            assert_eq!(key('㎏'), None);
        }
    }
}

/// Says that a typed response code is not in the rules and lists the
/// closest codes (or nodes) the search finds for it, on `err`.
pub fn report_unknown_code(
    rules: &RuleSet,
    typed: &str,
    s: &Strings,
    err: &mut dyn Write,
) -> io::Result<()> {
    let shown = crate::privacy::for_echo(typed);
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
            if let Some(rc) = h.code.as_deref().and_then(|c| rules.code(c)) {
                writeln!(err, "  {}  {}", rc.code, rc.terminal_text.get(s.lang))?;
            } else {
                let n = rules.node(h.node);
                writeln!(err, "  {}  {}", n.id, n.title().get(s.lang))?;
            }
        }
    }
    Ok(())
}
