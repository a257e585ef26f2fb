//! Text from outside posdoc (typed input, rules files, file names) reaches the
//! terminal only through here, so it can neither drive the terminal (escape
//! sequences, bell, cursor moves), reorder what is shown (bidi overrides),
//! nor break a one-line message into several (a forged `file:line:col` line).
//!
//! Every character that could do so is written as a visible escape, `\n`,
//! `\t`, `\r` or `\u{1b}`, so the reader still sees that it was there.

use std::borrow::Cow;

/// `text` made safe to print as (part of) one line of terminal output.
/// Borrows when there is nothing to escape, which is the common case.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// At most `max_chars` characters of `value`, made safe like [`one_line`],
/// with `…` where it was cut: what a message quotes of an offending value.
/// Escapes count toward the limit, so the result is bounded too.
pub fn excerpt(value: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut shown = 0;
    for c in value.chars() {
        let before = out.len();
        push_escaped(&mut out, c);
        let width = out[before..].chars().count();
        if shown + width > max_chars {
            out.truncate(before);
            out.push('…');
            return out;
        }
        shown += width;
    }
    out
}

/// Text from a file (rules, practice cases) is shown on the terminal and the
/// screen as it is, so it is made fit for that once, when it is loaded. Line breaks and tabs (what a YAML block
/// scalar holds) become spaces; a character that could drive the terminal
/// or reorder the text (ESC, other C0 and C1 controls, DEL, bidi controls)
/// is left out, and the first one found is returned for a warning.
pub fn fit_for_terminal(text: &str) -> (String, Option<char>) {
    if !text.chars().any(needs_escape) {
        return (text.to_string(), None);
    }
    let mut first_removed = None;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\n' | '\r' | '\t' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if needs_escape(c) {
            first_removed.get_or_insert(c);
        } else {
            out.push(c);
        }
    }
    (out.trim().to_string(), first_removed)
}

/// Whether `c` must not reach the terminal as it is.
pub fn needs_escape(c: char) -> bool {
    c.is_control() // C0 (ESC, CR, LF, TAB, …), DEL and C1 (NEL, CSI, …)
        || is_bidi_control(c)
        || matches!(c, '\u{2028}' | '\u{2029}') // line and paragraph separators
}

/// Characters that change the order in which text is displayed ("Trojan
/// Source"): embeddings, overrides, isolates and the directional marks.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let text = "rules/net.yaml:3:5: 未知字段 `minutes` — ok";
        assert!(matches!(one_line(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn escapes_c0_c1_esc_and_del() {
        assert_eq!(one_line("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(one_line("bell\u{7}"), "bell\\u{7}");
        assert_eq!(one_line("del\u{7f}"), "del\\u{7f}");
        assert_eq!(
            one_line("csi\u{9b}31m nel\u{85}"),
            "csi\\u{9b}31m nel\\u{85}"
        );
        assert_eq!(one_line("nul\0"), "nul\\u{0}");
        assert_eq!(one_line("a\tb\r\nc"), "a\\tb\\r\\nc");
    }

    #[test]
    fn escapes_bidi_overrides_isolates_and_marks() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let shown = one_line(&format!("x{c}y")).into_owned();
            assert!(!shown.contains(c), "{c:?} reached the terminal");
            assert!(
                shown.starts_with("x\\u{") && shown.ends_with("}y"),
                "{shown}"
            );
        }
    }

    #[test]
    fn a_message_is_always_one_line() {
        for breaker in [
            "\n", "\r", "\u{b}", "\u{c}", "\u{85}", "\u{2028}", "\u{2029}",
        ] {
            let text = format!("first{breaker}second");
            let shown = one_line(&text);
            assert_eq!(shown.lines().count(), 1, "{shown:?}");
            assert!(!shown.chars().any(needs_escape));
        }
    }

    #[test]
    fn a_key_cannot_forge_a_location_line() {
        let key = "\nrules.yaml:1:1: fake";
        let message = format!("rules.yaml:4:7: unknown field `{key}`");
        let shown = one_line(&message);
        assert_eq!(shown.lines().count(), 1);
        assert!(shown.starts_with("rules.yaml:4:7: "));
        assert!(shown.contains("`\\nrules.yaml:1:1: fake`"), "{shown}");
    }

    #[test]
    fn an_excerpt_is_bounded_and_safe() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("abcdefghijkl", 5), "abcde…");
        assert_eq!(excerpt("ab\ncd", 10), "ab\\ncd");
        // An escape is never cut in half.
        assert_eq!(excerpt("ab\u{1b}cd", 4), "ab…");
        assert_eq!(excerpt(&"x".repeat(10_000_000), 40).chars().count(), 41);
        assert_eq!(excerpt("", 3), "");
    }
}
