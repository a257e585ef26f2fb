//! The only place posdoc parses YAML. serde_yaml is archived upstream, so
//! everything that touches it stays here, and every input is bounded before
//! it reaches the parser: size, UTF-8, anchors/aliases, nesting depth.
//!
//! serde_yaml gives us typed values and located syntax errors. It does not
//! give positions of values that parsed fine but are semantically wrong (an
//! answer pointing nowhere), so [`Locator`] recovers those from yaml-rust2's
//! marked event stream, and only for files that have a problem.

use serde::de::DeserializeOwned;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};

/// Largest single rules file accepted.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Deepest nesting of mappings and sequences accepted. The format itself
/// needs about six levels.
pub const MAX_DEPTH: usize = 64;

/// A problem found while reading one file, located in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Located {
    fn new(line: usize, column: usize, message: impl Into<String>) -> Self {
        Located {
            line,
            column,
            message: message.into(),
        }
    }
}

/// Turns raw bytes into text, refusing what cannot be a rules file.
pub fn decode(bytes: &[u8]) -> Result<&str, Located> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Located::new(
            1,
            1,
            format!(
                "file is {} bytes; rules files are limited to {} bytes (split it into several files)",
                bytes.len(),
                MAX_FILE_BYTES
            ),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = line_col_of_byte(bytes, e.valid_up_to());
            return Err(Located::new(
                line,
                column,
                "file is not valid UTF-8 text (is it a binary file?)",
            ));
        }
    };
    if let Some(pos) = text.find('\0') {
        let (line, column) = line_col_of_byte(bytes, pos);
        return Err(Located::new(
            line,
            column,
            "file contains a NUL byte (is it a binary file?)",
        ));
    }
    Ok(text)
}

fn line_col_of_byte(bytes: &[u8], pos: usize) -> (usize, usize) {
    let before = &bytes[..pos.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Parses one rules file into `T`, after the structural checks.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, Located> {
    // Anchors and aliases are the only way YAML can make a small file expand
    // into a huge value. The format has no use for them, so refuse them; the
    // exact scan runs only when the characters that introduce them appear.
    depth_precheck(text)?;
    if text.contains(['&', '*']) {
        structure_check(text)?;
    }
    serde_yaml::from_str::<T>(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        Located::new(line, column, plain_serde_message(&e.to_string()))
    })
}

/// Rewrites a serde_yaml message as a plain sentence without the trailing
/// position (we print the position ourselves) and with a hint where one helps.
fn plain_serde_message(raw: &str) -> String {
    let mut msg = raw.to_string();
    if let Some(p) = msg.find(" at line ") {
        msg.truncate(p);
    }
    // serde_yaml prefixes the path ("nodes[3].kind: ..."); keep it, it helps.
    if msg.contains("invalid type: integer") && msg.contains("expected a string") {
        msg.push_str(" (put it in quotes, e.g. \"05\")");
    }
    if msg.contains("invalid type: map") && msg.contains("expected a string") {
        msg.push_str(" (if the text contains \": \", put it in quotes)");
    }
    msg.push_str(&misspelt_name_hint(&msg));
    // Name our own types the way the format describes them.
    for (raw, plain) in [
        (
            "struct RawFile",
            "a mapping of top-level keys (start, sources, evidence, nodes, codes)",
        ),
        (
            "struct RawNode",
            "a node (a mapping with id, kind, category, ...)",
        ),
        ("struct RawText", "a text pair {zh: ..., en: ...}"),
        ("struct RawAnswer", "an answer {text, next}"),
        ("struct RawStep", "a remedy step {text, who, minutes}"),
        ("struct RawWarning", "a warning {kind, text}"),
        (
            "struct RawCode",
            "a response code entry {code, node, terminal_text, meaning, who_acts}",
        ),
        ("struct RawSource", "a source {file, title}"),
        ("struct RawKeywords", "keywords {zh: [...], en: [...]}"),
    ] {
        msg = msg.replace(raw, plain);
    }
    const SEMANTIC: [&str; 10] = [
        "invalid type",
        "unknown field",
        "missing field",
        "unknown variant",
        "invalid value",
        "invalid length",
        "duplicate field",
        "recursion limit",
        "repetition limit",
        "duplicate entry",
    ];
    if !SEMANTIC.iter().any(|k| msg.contains(k)) {
        msg = format!("YAML syntax error: {msg}");
    }
    if msg.contains("recursion limit exceeded") {
        msg = format!("nesting is too deep (more than {MAX_DEPTH} levels)");
    }
    if msg.contains("repetition limit exceeded") {
        msg = "aliases expand to too much data; anchors and aliases are not allowed".into();
    }
    msg
}

/// For serde's "unknown field `titel`, expected one of `id`, `title`, ..."
/// (and the same for an unknown variant): the closest expected name.
fn misspelt_name_hint(msg: &str) -> String {
    let Some(rest) = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|start| msg.split_once(start).map(|(_, rest)| rest))
    else {
        return String::new();
    };
    let Some((typed, expected)) = rest.split_once('`') else {
        return String::new();
    };
    // The expected names are every other piece between backticks.
    let names = expected.split('`').skip(1).step_by(2);
    super::hint::did_you_mean(typed, names)
}

/// A linear scan that bounds nesting before any parser sees the text: the
/// YAML scanners slow down quadratically on very deep nesting, so "bounded
/// time" needs a check that does not parse. It counts flow brackets outside
/// quotes and comments, and block nesting by indentation plus "- " chains.
fn depth_precheck(text: &str) -> Result<(), Located> {
    // Block nesting needs at least one column per level.
    const MAX_INDENT: usize = 512;
    let mut flow = 0usize;
    for (li, line) in text.lines().enumerate() {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let mut i = indent;
        let mut dashes = 0;
        while i + 1 < bytes.len() && bytes[i] == b'-' && bytes[i + 1] == b' ' {
            dashes += 1;
            i += 2;
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
        }
        if indent + dashes > MAX_INDENT {
            return Err(Located::new(
                li + 1,
                1,
                format!("nesting is too deep (more than {MAX_DEPTH} levels)"),
            ));
        }
        let mut quote: Option<u8> = None;
        let mut prev = b' ';
        for (ci, &b) in bytes.iter().enumerate() {
            match quote {
                Some(q) => {
                    if b == q {
                        quote = None;
                    }
                }
                None => match b {
                    b'"' | b'\'' if matches!(prev, b' ' | b'[' | b'{' | b',' | b':' | b'-') => {
                        quote = Some(b)
                    }
                    b'#' if prev == b' ' || ci == 0 => break,
                    b'[' | b'{' => {
                        flow += 1;
                        if flow > MAX_DEPTH {
                            let col = line[..ci].chars().count() + 1;
                            return Err(Located::new(
                                li + 1,
                                col,
                                format!("nesting is too deep (more than {MAX_DEPTH} levels)"),
                            ));
                        }
                    }
                    b']' | b'}' => flow = flow.saturating_sub(1),
                    _ => {}
                },
            }
            prev = b;
        }
    }
    Ok(())
}

/// Walks the event stream iteratively (no recursion, so deep nesting cannot
/// overflow the stack) and refuses anchors, aliases and excessive depth.
fn structure_check(text: &str) -> Result<(), Located> {
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(t) => t,
            Err(e) => {
                // Leave syntax errors to serde_yaml, which words them better,
                // unless we never get that far.
                let m = e.marker();
                return Err(Located::new(
                    m.line(),
                    m.col() + 1,
                    format!("YAML syntax error: {}", e.info()),
                ));
            }
        };
        let anchored = match &event {
            Event::Alias(_) => {
                return Err(Located::new(
                    mark.line(),
                    mark.col() + 1,
                    "aliases (*name) are not allowed in rules files; write the value out",
                ))
            }
            Event::Scalar(_, _, anchor, _) => *anchor,
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Located::new(
                        mark.line(),
                        mark.col() + 1,
                        format!("nesting is too deep (more than {MAX_DEPTH} levels)"),
                    ));
                }
                *anchor
            }
            Event::SequenceEnd | Event::MappingEnd => {
                depth = depth.saturating_sub(1);
                0
            }
            Event::StreamEnd => return Ok(()),
            _ => 0,
        };
        if anchored != 0 {
            return Err(Located::new(
                mark.line(),
                mark.col() + 1,
                "anchors (&name) are not allowed in rules files; write the value out",
            ));
        }
    }
}

/// One step of a path into a YAML document: `nodes[3].answers[1].next`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub type YamlPath = Vec<Seg>;

pub fn render_path(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Maps paths in one parsed document to line and column (1-based).
pub struct Locator {
    positions: HashMap<YamlPath, (usize, usize)>,
}

enum Frame {
    Map { key: Option<String> },
    Seq { next: usize },
}

impl Locator {
    /// Builds the map. Only called for files that serde_yaml already parsed,
    /// so depth is bounded.
    pub fn new(text: &str) -> Locator {
        let mut positions = HashMap::new();
        let mut parser = Parser::new_from_str(text);
        let mut stack: Vec<Frame> = Vec::new();
        let mut path: YamlPath = Vec::new();
        let mut pending_map: Option<YamlPath> = None;
        let mut pending_pos = (1, 1);
        // Whether `path` currently includes a segment for the value being read.
        while let Ok((event, mark)) = parser.next_token() {
            let pos = (mark.line(), mark.col() + 1);
            match event {
                Event::StreamEnd => break,
                Event::Scalar(value, ..) => {
                    // A scalar in a mapping with no pending key is a key.
                    if let Some(Frame::Map { key }) = stack.last_mut() {
                        if key.is_none() {
                            if let Some(mp) = pending_map.take() {
                                positions.entry(mp).or_insert(pos);
                            }
                            *key = Some(value);
                            let mut key_path = path.clone();
                            key_path.push(Seg::Key(key.clone().unwrap_or_default()));
                            // Key position, used when the value is missing or
                            // is a collection that starts on a later line.
                            positions.entry(key_path).or_insert(pos);
                            continue;
                        }
                    }
                    let p = Self::value_path(&mut stack, &path);
                    positions.insert(p, pos);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let p = Self::value_path(&mut stack, &path);
                    // A block mapping's start mark sits after its first key;
                    // its first key's position reads better, so a mapping
                    // that is not an item of a block sequence gets that.
                    if matches!(event, Event::MappingStart(..)) {
                        pending_map = Some(p.clone());
                        pending_pos = pos;
                    } else {
                        positions.entry(p.clone()).or_insert(pos);
                    }
                    path = p;
                    stack.push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Map { key: None }
                    } else {
                        Frame::Seq { next: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    if let Some(mp) = pending_map.take() {
                        positions.entry(mp).or_insert(pending_pos);
                    }
                    stack.pop();
                    path.pop();
                }
                _ => {}
            }
        }
        Locator { positions }
    }

    /// The path of the value that starts now, and advance the parent frame.
    fn value_path(stack: &mut [Frame], path: &YamlPath) -> YamlPath {
        let mut p = path.clone();
        match stack.last_mut() {
            Some(Frame::Map { key }) => {
                p.push(Seg::Key(key.take().unwrap_or_default()));
            }
            Some(Frame::Seq { next }) => {
                p.push(Seg::Index(*next));
                *next += 1;
            }
            None => {}
        }
        p
    }

    /// Position of `path`, or of its nearest ancestor that exists.
    pub fn locate(&self, path: &[Seg]) -> (usize, usize) {
        let mut len = path.len();
        loop {
            if let Some(&pos) = self.positions.get(&path[..len]) {
                return pos;
            }
            if len == 0 {
                return (1, 1);
            }
            len -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_values() {
        let text = "nodes:\n  - id: a\n    answers:\n      - next: b\n      - {text: x, next: c}\n";
        let loc = Locator::new(text);
        let p = |s: &[Seg]| loc.locate(s);
        use Seg::*;
        assert_eq!(
            p(&[Key("nodes".into()), Index(0), Key("id".into())]),
            (2, 9)
        );
        assert_eq!(
            p(&[
                Key("nodes".into()),
                Index(0),
                Key("answers".into()),
                Index(0),
                Key("next".into())
            ]),
            (4, 15)
        );
        assert_eq!(
            p(&[
                Key("nodes".into()),
                Index(0),
                Key("answers".into()),
                Index(1),
                Key("next".into())
            ]),
            (5, 25)
        );
        // Missing key falls back to its parent.
        assert_eq!(
            p(&[Key("nodes".into()), Index(0), Key("zzz".into())]),
            (2, 5)
        );
    }

    #[test]
    fn refuses_aliases_and_anchors() {
        let e = parse::<serde_yaml::Value>("a: &x [1]\nb: *x\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 7));
        assert!(e.message.contains("anchors"));
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing() {
        let text = "[".repeat(200_000);
        let e = parse::<serde_yaml::Value>(&text).unwrap_err();
        assert!(e.message.contains("nesting is too deep"), "{}", e.message);
    }

    #[test]
    fn locates_invalid_utf8() {
        let e = decode(b"a: 1\nb: \xff\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 4));
    }
}
