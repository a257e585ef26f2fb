//! The line of a rules file a problem points into, kept with the problem so
//! a report on a terminal can show it with a caret under the column.

/// Characters of a line kept on each side of the column: a report shows a
/// window of a long line, never all of a 16 MB one.
const WINDOW_BEFORE: usize = 60;
const WINDOW_AFTER: usize = 80;

/// A line of a rules file, as written (a report makes it safe to show).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    /// The line, or the window of it around the column when it is long.
    pub text: String,
    /// The column (1-based, in characters) of the first character of `text`.
    pub first_column: usize,
    /// Whether the line goes on after `text`.
    pub cut: bool,
}

impl SourceLine {
    /// Line `line` of `bytes` around `column`: for a report on another
    /// file of the rules (the practice cases) that has one problem or two.
    pub fn in_file(bytes: &[u8], line: usize, column: usize) -> Option<SourceLine> {
        Lines::new(bytes).around(line, column)
    }
}

/// Where each line of one file starts, built once per file with problems.
pub(super) struct Lines<'a> {
    bytes: &'a [u8],
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Lines { bytes, starts }
    }

    /// Line `line` (1-based) around `column`, without its line break; none
    /// past the end of the file.
    pub(super) fn around(&self, line: usize, column: usize) -> Option<SourceLine> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        if start >= self.bytes.len() && line > 1 {
            return None;
        }
        let end = self
            .starts
            .get(line)
            .map_or(self.bytes.len(), |&next| next - 1);
        let raw = &self.bytes[start..end];
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        // Decoded lazily and only up to the end of the window, so a problem
        // on a line of megabytes costs no more than its column.
        let column = column.max(1);
        let first_column = column.saturating_sub(WINDOW_BEFORE).max(1);
        let mut chars = raw
            .utf8_chunks()
            .flat_map(|chunk| {
                let bad = (!chunk.invalid().is_empty()).then_some(char::REPLACEMENT_CHARACTER);
                chunk.valid().chars().chain(bad)
            })
            .skip(first_column - 1);
        let window: String = chars
            .by_ref()
            .take(WINDOW_BEFORE + WINDOW_AFTER + 1)
            .collect();
        let cut = chars.next().is_some();
        Some(SourceLine {
            text: window,
            first_column,
            cut,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines_and_keeps_a_window_of_a_long_one() {
        let text = format!("a: 1\r\nb: {}\nc: 3", "x".repeat(1000));
        let lines = Lines::new(text.as_bytes());
        let first = lines.around(1, 4).unwrap();
        assert_eq!(
            (first.text.as_str(), first.first_column, first.cut),
            ("a: 1", 1, false)
        );
        let long = lines.around(2, 500).unwrap();
        assert_eq!(long.first_column, 440);
        assert!(long.cut);
        assert_eq!(long.text.chars().count(), WINDOW_BEFORE + WINDOW_AFTER + 1);
        assert_eq!(lines.around(3, 1).unwrap().text, "c: 3");
        assert!(lines.around(4, 1).is_none());
        assert!(lines.around(0, 1).is_none());
    }
}
