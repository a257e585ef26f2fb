//! Wrapping by display width. Chinese characters take two columns and may
//! break anywhere (but closing punctuation never starts a line, opening
//! punctuation never ends one); English breaks at spaces; a word wider than
//! the line is split between characters. Nothing is ever cut mid-character.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of a string.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Cuts `s` to at most `max` columns, ending with "..." when it was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let room = max.saturating_sub(3);
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = char_width(c);
        if w + cw > room {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push_str(&".".repeat(max.min(3)));
    out
}

/// Pads `s` with spaces to `w` columns.
pub fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    out.push_str(&" ".repeat(w.saturating_sub(width(s))));
    out
}

fn is_closing(c: char) -> bool {
    "，。、；：？！）」』》】〕〉”’,.;:?!)]}%".contains(c)
}

fn is_opening(c: char) -> bool {
    "（「『《【〔〈“‘([{".contains(c)
}

fn is_breakable_wide(c: char) -> bool {
    char_width(c) == 2
}

#[derive(Debug)]
struct Token {
    text: String,
    style: Style,
    width: usize,
    space: bool,
}

/// Splits styled text into unbreakable tokens.
fn tokenize(parts: &[(&str, Style)]) -> Vec<Vec<Token>> {
    // A unit is a run of tokens with no break allowed between them.
    let mut units: Vec<Vec<Token>> = Vec::new();
    let mut glue_next = false;
    for (text, style) in parts {
        let mut word = String::new();
        let flush_word = |word: &mut String, units: &mut Vec<Vec<Token>>, glue: &mut bool| {
            if word.is_empty() {
                return;
            }
            let t = Token {
                width: width(word),
                text: std::mem::take(word),
                style: *style,
                space: false,
            };
            push_token(units, t, glue);
        };
        for c in text.chars() {
            if c == '\n' || c == '\t' || c == ' ' {
                flush_word(&mut word, &mut units, &mut glue_next);
                glue_next = false;
                units.push(vec![Token {
                    text: " ".into(),
                    style: *style,
                    width: 1,
                    space: true,
                }]);
            } else if is_breakable_wide(c) || is_opening(c) {
                if is_closing(c) {
                    // Closing punctuation sticks to what came before.
                    word.push(c);
                    continue;
                }
                flush_word(&mut word, &mut units, &mut glue_next);
                let t = Token {
                    text: c.to_string(),
                    style: *style,
                    width: char_width(c),
                    space: false,
                };
                push_token(&mut units, t, &mut glue_next);
                if is_opening(c) {
                    glue_next = true;
                }
            } else if char_width(c) == 0 && word.is_empty() {
                // A combining mark: keep it with the previous token.
                if let Some(t) = units.last_mut().and_then(|u| u.last_mut()) {
                    t.text.push(c);
                }
            } else {
                word.push(c);
            }
        }
        flush_word(&mut word, &mut units, &mut glue_next);
    }
    units
}

fn push_token(units: &mut Vec<Vec<Token>>, t: Token, glue: &mut bool) {
    let starts_closing = t.text.chars().next().is_some_and(is_closing);
    let prev_is_text = units
        .last()
        .is_some_and(|u| u.last().is_some_and(|p| !p.space));
    // A word directly after a wide character (no space) may break there,
    // but closing punctuation and anything after an opening mark may not.
    let narrow_after_narrow = prev_is_text
        && units
            .last()
            .and_then(|u| u.last())
            .is_some_and(|p| !p.text.chars().last().is_some_and(is_breakable_wide))
        && !t.text.chars().next().is_some_and(is_breakable_wide);
    if (*glue || starts_closing || narrow_after_narrow) && prev_is_text {
        units.last_mut().expect("checked").push(t);
    } else {
        units.push(vec![t]);
    }
    *glue = false;
}

/// Wraps styled text to `width` columns. The first line starts with
/// `prefix`; later lines are indented by `indent` spaces.
pub fn wrap(
    prefix: Vec<Span<'static>>,
    indent: usize,
    parts: &[(&str, Style)],
    width: usize,
) -> Vec<Vec<Span<'static>>> {
    let width = width.max(1);
    let indent = indent.min(width.saturating_sub(1));
    let prefix_w: usize = prefix.iter().map(|s| self::width(&s.content)).sum();
    let mut lines: Vec<Vec<Span<'static>>> = Vec::new();
    let mut cur: Vec<Span<'static>> = prefix;
    let mut used = prefix_w.min(width);
    let mut at_line_start = true;
    let new_line = |lines: &mut Vec<Vec<Span<'static>>>, cur: &mut Vec<Span<'static>>| {
        // No trailing spaces.
        while let Some(last) = cur.last_mut() {
            let trimmed = last.content.trim_end_matches(' ');
            if trimmed.is_empty() && !last.content.is_empty() {
                cur.pop();
            } else {
                if trimmed.len() != last.content.len() {
                    last.content = trimmed.to_string().into();
                }
                break;
            }
        }
        lines.push(std::mem::take(cur));
        if indent > 0 {
            cur.push(Span::raw(" ".repeat(indent)));
        }
    };
    for unit in tokenize(parts) {
        let uw: usize = unit.iter().map(|t| t.width).sum();
        let is_space = unit.len() == 1 && unit[0].space;
        if is_space {
            if at_line_start || used + 1 > width {
                continue;
            }
            push_span(&mut cur, " ", unit[0].style);
            used += 1;
            continue;
        }
        if used + uw > width && !at_line_start {
            new_line(&mut lines, &mut cur);
            used = indent;
        }
        if used + uw <= width {
            for t in &unit {
                push_span(&mut cur, &t.text, t.style);
            }
            used += uw;
        } else {
            // Wider than a whole line: split between characters.
            for t in &unit {
                for c in t.text.chars() {
                    let cw = char_width(c);
                    if used + cw > width && used > indent {
                        new_line(&mut lines, &mut cur);
                        used = indent;
                    }
                    push_span(&mut cur, &c.to_string(), t.style);
                    used += cw;
                }
            }
        }
        at_line_start = false;
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

fn push_span(cur: &mut Vec<Span<'static>>, text: &str, style: Style) {
    if let Some(last) = cur.last_mut() {
        if last.style == style {
            let mut s = last.content.to_string();
            s.push_str(text);
            last.content = s.into();
            return;
        }
    }
    cur.push(Span::styled(text.to_string(), style));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Vec<Span<'static>>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn english_breaks_at_spaces() {
        let l = wrap(
            vec![],
            0,
            &[("the quick brown fox jumps", Style::default())],
            10,
        );
        assert_eq!(plain(&l), vec!["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn chinese_breaks_by_width_and_keeps_punctuation() {
        let l = wrap(
            vec![],
            0,
            &[("终端显示无网络，请检查。", Style::default())],
            10,
        );
        let p = plain(&l);
        for line in &p {
            assert!(width(line) <= 10, "{line}");
            assert!(!line.starts_with('，') && !line.starts_with('。'));
        }
        assert_eq!(p.concat(), "终端显示无网络，请检查。");
    }

    #[test]
    fn indent_and_prefix() {
        let l = wrap(
            vec![Span::raw("1. ")],
            3,
            &[("alpha beta gamma delta", Style::default())],
            12,
        );
        assert_eq!(
            plain(&l),
            vec!["1. alpha", "   beta", "   gamma", "   delta"]
        );
    }

    #[test]
    fn long_word_split() {
        let l = wrap(vec![], 0, &[("abcdefghijkl", Style::default())], 5);
        assert_eq!(plain(&l), vec!["abcde", "fghij", "kl"]);
    }

    #[test]
    fn truncate_by_width() {
        assert_eq!(truncate("中文中文中文", 7), "中文...");
        assert_eq!(truncate("abc", 7), "abc");
    }
}
