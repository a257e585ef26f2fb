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
use yaml_rust2::scanner::{Scanner, Token, TokenType};

/// Largest single rules file accepted. Bytes alone bound time and memory
/// only for files of few, long values; [`MAX_TOKENS`] bounds the rest. The
/// numbers come from measuring the costliest files at each limit (see
/// `docs/rules-format.md`): under 2 s and 1 GB on a 2-core machine.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Largest rule set accepted, all files together, for the loader to check
/// while it reads. A support centre's edition of 100,000 nodes is about
/// 115 MB; this leaves it room (the loader benchmark loads such a set).
pub const MAX_SET_BYTES: u64 = 12 * MAX_FILE_BYTES;
/// Deepest nesting of mappings and sequences accepted. The format itself
/// needs about six levels.
pub const MAX_DEPTH: usize = 64;
/// Most YAML tokens (keys, values, list entries, brackets) in one file. Load
/// time and memory follow the number of items more than the bytes: three
/// tokens (`{},`) make a node that is then reported for a missing field, and
/// each report costs about a kilobyte. The largest file `synth` writes
/// (2,000 nodes, every step with its kind and a caller line) has about
/// 465,000.
pub const MAX_TOKENS: usize = 600_000;
/// Most YAML tokens in a whole rule set, for the loader to check over all
/// files before it parses any (with the counts of [`scan_file_bounds`],
/// [`count_tokens`] where the scan stopped early): parsed files are kept
/// until the set is built. A 100,000-node set has about 17 million; the
/// limit leaves it room, while the per-file limits above keep each file's
/// cost within the measured bound.
pub const MAX_SET_TOKENS: usize = 48 * MAX_TOKENS;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadRefusal {
    /// The size on disk is over the limit: refused before reading.
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// More than the limit came out of a file whose size said otherwise: a
    /// file under /proc or /sys, a device, or one growing while read.
    GrewPastLimit {
        limit: u64,
    },
    /// A directory, socket or the like.
    NotAFile,
    Io(std::io::Error),
}

impl std::fmt::Display for ReadRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadRefusal::TooLarge { size, limit } => write!(
                f,
                "file is {size} bytes; rules files are limited to {limit} bytes (split it into several files)"
            ),
            ReadRefusal::GrewPastLimit { limit } => write!(
                f,
                "file gave more than {limit} bytes, more than its size said (is it a special file, \
                 such as one under /proc, or one still being written?); rules files are limited \
                 to {limit} bytes"
            ),
            ReadRefusal::NotAFile => write!(f, "not a regular file"),
            ReadRefusal::Io(e) => write!(f, "cannot read the file: {e}"),
        }
    }
}

/// Reads `path` (following symlinks) but never more than `limit` bytes: the
/// size on disk is checked first, and then at most `limit + 1` bytes are
/// read, so a file under /proc that claims to be empty, or one that grows
/// while read, is refused instead of filling memory.
pub fn read_bounded(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, ReadRefusal> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(ReadRefusal::Io)?;
    let meta = file.metadata().map_err(ReadRefusal::Io)?;
    if !meta.is_file() {
        return Err(ReadRefusal::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadRefusal::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadRefusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadRefusal::GrewPastLimit { limit });
    }
    Ok(bytes)
}

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
    check_bounds(text)?;
    parse_within_bounds(text)
}

/// [`parse`] without the nesting and size scan, for text whose bounds are
/// already known: the rules compiled into the binary, which a test scans
/// with the same limits. The scan is about a third of the bundled load.
pub fn parse_within_bounds<T: DeserializeOwned>(text: &str) -> Result<T, Located> {
    parse_keeping_tree(text, true).map_err(|failure| failure.error)
}

/// A file that did not parse into its type.
#[derive(Debug)]
pub struct ParseFailure {
    /// The first problem, located.
    pub error: Located,
    /// The whole file as a YAML tree, when it is well-formed YAML that only
    /// has the wrong shape somewhere (an unknown field, a word where a
    /// number belongs): the rest of the file can still be read from it.
    pub tree: Option<serde_yaml::Value>,
}

/// [`parse`] (or [`parse_within_bounds`] when `bounds_known`) that keeps
/// the YAML tree of a file whose only fault is its shape.
pub fn parse_keeping_tree<T: DeserializeOwned>(
    text: &str,
    bounds_known: bool,
) -> Result<T, ParseFailure> {
    let refused = |error| ParseFailure { error, tree: None };
    if !bounds_known {
        check_bounds(text).map_err(refused)?;
    }
    // Anchors and aliases are the only way YAML can make a small file expand
    // into a huge value. The format has no use for them, so refuse them; the
    // exact scan runs only when the characters that introduce them appear.
    if text.contains(['&', '*']) {
        structure_check(text).map_err(refused)?;
    }
    serde_yaml::from_str::<T>(text).map_err(|e| {
        let raw = e.to_string();
        let (line, column) = e
            .location()
            .map_or((1, 1), |l| within_text(text, l.line(), l.column()));
        let tree = if is_shape_error(&raw) {
            serde_yaml::from_str::<serde_yaml::Value>(text).ok()
        } else {
            None
        };
        ParseFailure {
            error: Located::new(line, column, plain_serde_message(&raw)),
            tree,
        }
    })
}

/// The message for a shape error met while reading part of a YAML tree
/// (see [`ParseFailure::tree`]): `path` is where in the file, as serde_yaml
/// writes paths (`nodes[3].steps[0].minutes`).
pub fn shape_message(path: &str, error: &dyn std::fmt::Display) -> String {
    if path.is_empty() || path == "." {
        plain_serde_message(&error.to_string())
    } else {
        plain_serde_message(&format!("{path}: {error}"))
    }
}

/// The parser reports an error at the end of input one line past a last line
/// that has no line break; a location is always inside the file, so such a
/// position moves to just after the last character. Lines end as YAML ends
/// them: LF, CR, CR LF, NEL, LS, PS.
fn within_text(text: &str, line: usize, column: usize) -> (usize, usize) {
    let mut lines = 1;
    let mut last_line_start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let ends_line = match c {
            '\r' => {
                chars.next_if(|&(_, n)| n == '\n');
                true
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => true,
            _ => false,
        };
        if ends_line {
            lines += 1;
            last_line_start = chars.peek().map_or(text.len(), |&(j, _)| j);
        }
    }
    if line <= lines {
        return (line.max(1), column.max(1));
    }
    (lines, text[last_line_start..].chars().count() + 1)
}

/// How serde words the errors of a well-formed document of the wrong shape.
const SHAPE_ERRORS: [&str; 8] = [
    "invalid type: ",
    "invalid value: ",
    "invalid length ",
    "unknown field `",
    "unknown variant `",
    "missing field `",
    "duplicate field `",
    "duplicate entry",
];

fn is_shape_error(raw: &str) -> bool {
    SHAPE_ERRORS.iter().any(|k| raw.contains(k))
}

/// The longest part of an offending value a message repeats.
const EXCERPT_CHARS: usize = 40;

/// Rewrites a serde_yaml message as a sentence in the terms of the rules
/// format, without the trailing position (we print the position ourselves),
/// with a hint where one helps: `minutes must be a whole number, found
/// "five"`, ``unknown field `titel`, did you mean `title`?``.
fn plain_serde_message(raw: &str) -> String {
    let mut msg = raw;
    if let Some(p) = msg.find(" at line ") {
        msg = &msg[..p];
    }
    if msg.contains("recursion limit exceeded") {
        return format!("nesting is too deep (more than {MAX_DEPTH} levels)");
    }
    if msg.contains("repetition limit exceeded") {
        return "aliases expand to too much data; anchors and aliases are not allowed".into();
    }
    // serde_yaml prefixes the path (`nodes[3].kind: ...`) of a shape error;
    // the first shape phrase right after a `: ` ends it.
    let Some((path, what)) = SHAPE_ERRORS.iter().find_map(|phrase| {
        let at = msg.find(phrase)?;
        if at == 0 {
            Some(("", msg))
        } else {
            msg[..at].strip_suffix(": ").map(|path| (path, &msg[at..]))
        }
    }) else {
        return format!("YAML syntax error: {msg}");
    };
    let path = path.to_string();
    if let Some(rest) = what.strip_prefix("invalid type: ") {
        wrong_type(&path, rest)
    } else if let Some(rest) = what.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!(
            "{} cannot be {}; it must be {}",
            subject(&path),
            plain_found(found),
            plain_expected(expected)
        )
    } else if let Some(rest) = what.strip_prefix("invalid length ") {
        let (count, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!(
            "{} has {count} entries; expected {}",
            subject(&path),
            plain_expected(expected)
        )
    } else if let Some(rest) = what.strip_prefix("unknown field `") {
        unknown_name("field", rest)
    } else if let Some(rest) = what.strip_prefix("unknown variant `") {
        unknown_name("value", rest)
    } else if let Some(rest) = what.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        format!("`{name}` is missing from {}", subject(&path))
    } else if let Some(rest) = what.strip_prefix("duplicate field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        format!("`{name}` is written twice in {}; keep one", subject(&path))
    } else {
        // "duplicate entry with key \"a000\"": a mapping with a key twice.
        let key = what.split_once("key ").map_or("", |(_, k)| k);
        format!(
            "{} has the key {} twice; keep one",
            subject(&path),
            excerpt(key.trim_matches('"'))
        )
    }
}

/// What a path names, as a message says it: `minutes`, `entry 2 of nodes`,
/// or `the file` for the top level.
fn subject(path: &str) -> String {
    if path.is_empty() {
        return "the file".into();
    }
    if let Some(open) = path.strip_suffix(']').and_then(|p| p.rfind('[')) {
        let list = &path[..open];
        let list = list.rsplit('.').next().unwrap_or(list);
        let index = path[open + 1..path.len() - 1].parse::<usize>().ok();
        return match index {
            Some(i) => format!("entry {} of `{}`", i + 1, excerpt(list)),
            None => format!("`{}`", excerpt(list)),
        };
    }
    format!("`{}`", excerpt(path.rsplit('.').next().unwrap_or(path)))
}

/// "string \"five\", expected i64" as "`minutes` must be a whole number,
/// found \"five\"", with a hint for the usual slips.
fn wrong_type(path: &str, rest: &str) -> String {
    let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    let expected_plain = plain_expected(expected);
    let whole_number = expected_plain == "a whole number";
    let found_plain = plain_found(found);
    let mut msg = if whole_number && found.starts_with("integer ") {
        format!(
            "{} is too large a number: {found_plain} (at most {})",
            subject(path),
            i64::MAX
        )
    } else {
        format!(
            "{} must be {expected_plain}, found {found_plain}",
            subject(path)
        )
    };
    if expected_plain == "text" && found.starts_with("integer ") {
        msg.push_str(" (put it in quotes, e.g. \"05\")");
    }
    if expected_plain == "text" && found == "map" {
        msg.push_str(" (if the text contains \": \", put it in quotes)");
    }
    if expected_plain == "true or false" && found.starts_with("string ") {
        msg.push_str(" (write true or false without quotes)");
    }
    msg
}

/// serde's name for what it found, in the words of the rules format.
fn plain_found(found: &str) -> String {
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.split(" as ").next().unwrap_or(v).trim_matches('`'))
    };
    if let Some(s) = found.strip_prefix("string ") {
        return format!("\"{}\"", excerpt(s.trim_matches('"')));
    }
    for prefix in ["integer ", "floating point ", "boolean "] {
        if let Some(v) = quoted(prefix) {
            return excerpt(v);
        }
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a mapping (key: value lines)".into(),
        "unit value" => "nothing".into(),
        other => excerpt(other),
    }
}

/// serde's name for what it expected, in the words of the rules format.
fn plain_expected(expected: &str) -> String {
    const INTEGERS: [&str; 12] = [
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
    ];
    if INTEGERS.contains(&expected) {
        return "a whole number".into();
    }
    match expected {
        "f32" | "f64" => return "a number".into(),
        "a string" | "a borrowed string" => return "text".into(),
        "a boolean" => return "true or false".into(),
        "a sequence" => return "a list".into(),
        "a map" => return "a mapping (key: value lines)".into(),
        _ => {}
    }
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
        ("struct RawStep", "a remedy step {text, who, kind, minutes}"),
        ("struct RawFinding", "a finding {text, step or next}"),
        ("struct RawWarning", "a warning {kind, text}"),
        (
            "struct RawCode",
            "a response code entry {code, node, terminal_text, meaning, who_acts}",
        ),
        ("struct RawSource", "a source {file, title}"),
        ("struct RawKeywords", "keywords {zh: [...], en: [...]}"),
    ] {
        if expected == raw {
            return plain.into();
        }
    }
    excerpt(expected)
}

/// "titel`, expected one of `id`, `title`, ..." (what follows "unknown
/// field `"): the closest expected name, or the list of them.
fn unknown_name(what: &str, rest: &str) -> String {
    let Some((typed, expected)) = rest.split_once('`') else {
        return format!("unknown {what} `{}`", excerpt(rest));
    };
    let typed_shown = excerpt(typed);
    // The expected names are every other piece between backticks.
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    if names.is_empty() {
        return format!("unknown {what} `{typed_shown}`; nothing may be written here");
    }
    if let Some(close) = super::hint::closest(typed, names.iter().copied()) {
        return format!("unknown {what} `{typed_shown}`, did you mean `{close}`?");
    }
    let known = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("unknown {what} `{typed_shown}`; the {what}s here are {known}")
}

/// A short, one-line part of an offending value.
fn excerpt(value: &str) -> String {
    crate::terminal_text::excerpt(value, EXCERPT_CHARS)
}

/// Bounds nesting before any parser builds anything: the YAML parsers slow
/// down quadratically on deep flow nesting, so "bounded time" needs a check
/// that stops early.
///
/// Block nesting is bounded by indentation, line by line (and serde_yaml's
/// recursion limit stays behind it). Flow nesting is
/// counted on the token stream of yaml-rust2's scanner, so quotes, comments,
/// escapes and block scalars are read by YAML's own rules (a `'` inside a
/// plain scalar opens nothing; a `[` in a comment or a quoted string nests
/// nothing). The scan stops at the first collection past [`MAX_DEPTH`], so it
/// stays linear. Where the scanner gives up on a syntax error, the text after
/// its last token is counted bracket by bracket, quotes or not: that can only
/// over-count, and the file is broken anyway.
pub fn check_nesting(text: &str) -> Result<(), Located> {
    scan_bounds(text, usize::MAX).map(|_| ())
}

/// [`check_nesting`] and [`MAX_TOKENS`] in one pass over the tokens.
fn check_bounds(text: &str) -> Result<(), Located> {
    scan_file_bounds(text).within
}

/// What the bounds scan of one file found.
pub struct Bounds {
    /// Whether the file is within [`MAX_DEPTH`] and [`MAX_TOKENS`]: what
    /// [`parse`] checks before it parses.
    pub within: Result<(), Located>,
    /// The file's YAML tokens as [`count_tokens`] counts them, when the scan
    /// read the whole file without a scan error; otherwise (a refused or
    /// broken file) count them with [`count_tokens`]. A loader checking a
    /// whole set against [`MAX_SET_TOKENS`] so scans each file once.
    pub tokens: Option<usize>,
}

/// The bounds [`parse`] checks, and the token count, in one pass; the file
/// may then be parsed with [`parse_keeping_tree`] with `bounds_known`.
pub fn scan_file_bounds(text: &str) -> Bounds {
    match scan_bounds(text, MAX_TOKENS) {
        Err(refused) => Bounds {
            within: Err(refused),
            tokens: None,
        },
        Ok(scan) if scan.tokens > MAX_TOKENS => Bounds {
            within: Err(Located::new(
                1,
                1,
                format!(
                    "file holds more than {MAX_TOKENS} YAML items (keys, values, list entries, \
                     brackets); split it into several files"
                ),
            )),
            tokens: None,
        },
        Ok(scan) => Bounds {
            within: Ok(()),
            tokens: scan.read_whole.then_some(scan.tokens),
        },
    }
}

/// What [`scan_bounds`] counted.
struct Scan {
    tokens: usize,
    /// Whether the scanner read to the end without an error, so `tokens`
    /// is the count [`count_tokens`] gives.
    read_whole: bool,
}

/// Checks nesting and counts tokens, stopping once past `token_limit` (the
/// count returned is then `token_limit + 1` or more). After a scan error the
/// remaining characters count as tokens, as in [`count_tokens`].
fn scan_bounds(text: &str, token_limit: usize) -> Result<Scan, Located> {
    check_block_indentation(text)?;
    let too_deep = |line: usize, column: usize| {
        Located::new(
            line,
            column,
            format!("nesting is too deep (more than {MAX_DEPTH} levels)"),
        )
    };
    let mut scanner = Scanner::new(text.chars());
    let mut flow = 0usize;
    let mut tokens = 0usize;
    // Where to go on counting after a scan error: the scanner holds tokens
    // back while it decides whether they start a key, so its error may lie
    // well past the last token it gave out.
    let mut resume_at = 0usize;
    while tokens <= token_limit {
        let (mark, token) = match scanner.next_token() {
            Ok(Some(Token(mark, token))) => (mark, token),
            Ok(None) => break,
            Err(_) => {
                count_brackets_from(text, resume_at, flow)
                    .map_err(|(line, column)| too_deep(line, column))?;
                let left = text
                    .chars()
                    .skip(resume_at)
                    .take(token_limit.saturating_add(1));
                return Ok(Scan {
                    tokens: tokens.saturating_add(left.count()),
                    read_whole: false,
                });
            }
        };
        match token {
            TokenType::FlowSequenceStart | TokenType::FlowMappingStart => {
                flow += 1;
                if flow > MAX_DEPTH {
                    return Err(too_deep(mark.line(), mark.col() + 1));
                }
                resume_at = mark.index() + 1;
            }
            TokenType::FlowSequenceEnd | TokenType::FlowMappingEnd => {
                flow = flow.saturating_sub(1);
                resume_at = mark.index() + 1;
            }
            TokenType::StreamEnd => break,
            TokenType::StreamStart(_) | TokenType::DocumentStart | TokenType::DocumentEnd => {
                continue
            }
            // Other tokens may hold brackets (quoted scalars): counting
            // them again after an error only over-counts.
            _ => resume_at = mark.index(),
        }
        tokens += 1;
    }
    Ok(Scan {
        tokens,
        read_whole: tokens <= token_limit,
    })
}

/// YAML tokens in `text`; counting stops just past `limit`, so it costs no
/// more than reading that many. After a scan error every remaining character
/// counts as a token: another parser may read on where this one stopped, and
/// no token is shorter than a character.
pub fn count_tokens(text: &str, limit: usize) -> usize {
    let mut scanner = Scanner::new(text.chars());
    let mut count = 0usize;
    let mut last_index = 0usize;
    while count <= limit {
        match scanner.next_token() {
            Ok(Some(Token(_, TokenType::StreamEnd)) | None) => break,
            Ok(Some(Token(
                mark,
                TokenType::StreamStart(_) | TokenType::DocumentStart | TokenType::DocumentEnd,
            ))) => last_index = mark.index(),
            Ok(Some(Token(mark, _))) => {
                count += 1;
                last_index = mark.index();
            }
            Err(_) => {
                count += text.chars().skip(last_index).take(limit + 1).count();
                break;
            }
        }
    }
    count
}

/// After a scan error: counts every bracket from char `from` on,
/// starting at the scanner's flow depth, and says where `MAX_DEPTH` is passed.
fn count_brackets_from(text: &str, from: usize, mut flow: usize) -> Result<(), (usize, usize)> {
    let start = text.char_indices().nth(from).map_or(text.len(), |(b, _)| b);
    let before = &text[..start];
    let mut line = before.matches('\n').count() + 1;
    let mut column = before
        .rfind('\n')
        .map_or(before, |p| &before[p + 1..])
        .chars()
        .count()
        + 1;
    for c in text[start..].chars() {
        match c {
            '[' | '{' => {
                flow += 1;
                if flow > MAX_DEPTH {
                    return Err((line, column));
                }
            }
            ']' | '}' if flow > 0 => {
                flow -= 1;
            }
            _ => {}
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    Ok(())
}

/// Block nesting needs at least one column per level, so a line indented
/// further than this (spaces plus "- " chains) is refused before any scan.
fn check_block_indentation(text: &str) -> Result<(), Located> {
    const MAX_INDENT: usize = 512;
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
    /// Where each key is written, for problems with the key itself.
    keys: HashMap<YamlPath, (usize, usize)>,
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
        let mut keys = HashMap::new();
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
                            positions.entry(key_path.clone()).or_insert(pos);
                            keys.entry(key_path).or_insert(pos);
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
        Locator { positions, keys }
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

    /// Position of the key that ends `path`; of its value (see
    /// [`Locator::locate`]) when the path does not end in a key.
    pub fn locate_key(&self, path: &[Seg]) -> (usize, usize) {
        self.keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.locate(path))
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
        use Seg::*;
        let text = "nodes:\n  - id: a\n    answers:\n      - next: b\n      - {text: x, next: c}\n";
        let loc = Locator::new(text);
        let p = |s: &[Seg]| loc.locate(s);
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
    fn quotes_open_only_where_a_scalar_starts() {
        // The quote trick: `'` inside a plain scalar in a flow sequence opens
        // nothing, so the brackets after it nest.
        let trick = format!("x: [b 'c, {}", "[".repeat(100));
        let e = check_nesting(&trick).unwrap_err();
        assert_eq!((e.line, e.column), (1, 11 + 63), "{}", e.message);
        // Brackets inside quotes, comments and block scalars nest nothing.
        let deep = "[".repeat(100);
        for text in [
            format!("x: '{deep}'\n"),
            format!("x: \"\\\" {deep}\"\n"),
            format!("x: 'it''s {deep}'\n"),
            format!("x: 1 # {deep}\n"),
            format!("x: |\n  {deep}\n  more\ny: 2\n"),
            format!("x: [\"a\", '{deep}']\n"),
        ] {
            assert!(check_nesting(&text).is_ok(), "{text}");
            assert!(parse::<serde_yaml::Value>(&text).is_ok(), "{text}");
        }
    }

    #[test]
    fn nesting_past_a_syntax_error_is_still_counted() {
        let text = format!("a: \"open\n\tb: ]\n{}", "[".repeat(100));
        assert!(check_nesting(&text).is_err());
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing() {
        let text = "[".repeat(200_000);
        let e = parse::<serde_yaml::Value>(&text).unwrap_err();
        assert!(e.message.contains("nesting is too deep"), "{}", e.message);
    }

    #[test]
    fn reads_a_small_file_whole() {
        let dir = std::env::temp_dir().join(format!("posdoc-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("small.yaml");
        std::fs::write(&path, "start: a\n").unwrap();
        assert_eq!(read_bounded(&path, 9).unwrap(), b"start: a\n");
        let e = read_bounded(&path, 8).unwrap_err();
        assert!(
            matches!(e, ReadRefusal::TooLarge { size: 9, limit: 8 }),
            "{e}"
        );
        assert!(matches!(read_bounded(&dir, 8), Err(ReadRefusal::NotAFile)));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_a_symlink_to_proc_pagemap_without_filling_memory() {
        let pagemap = std::path::Path::new("/proc/self/pagemap");
        if !pagemap.exists() {
            return; // not Linux
        }
        let dir = std::env::temp_dir().join(format!("posdoc-pagemap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let link = dir.join("rules.yaml");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(pagemap, &link).unwrap();
        let start = std::time::Instant::now();
        let e = read_bounded(&link, 1024 * 1024).unwrap_err();
        assert!(start.elapsed().as_secs() < 2);
        // Reading pagemap may also be refused by the kernel; either way it
        // ends at once with a sentence.
        match &e {
            ReadRefusal::GrewPastLimit { limit } => {
                assert_eq!(*limit, 1024 * 1024);
                assert!(e.to_string().contains("/proc"), "{e}");
            }
            ReadRefusal::Io(_) => assert!(e.to_string().starts_with("cannot read the file")),
            other => panic!("unexpected refusal: {other}"),
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_error_at_the_end_of_input_is_located_inside_the_file() {
        // No line break after the last line: libyaml says line 3.
        let e = parse::<serde_yaml::Value>("a: 1\nb: [1,\n  no").unwrap_err();
        assert_eq!((e.line, e.column), (3, 5), "{}", e.message);
        assert_eq!(within_text("a\r\nb\rc", 9, 1), (3, 2));
        assert_eq!(within_text("a\n", 2, 1), (2, 1));
    }

    #[test]
    fn counts_tokens_and_refuses_a_file_with_too_many() {
        assert_eq!(count_tokens("a: [1, {}]\n", 100), 11);
        assert_eq!(count_tokens(&"{},".repeat(1000), 100), 101);
        // Past a scan error, what is left counts in full.
        assert!(count_tokens("a: \"open\n\tb: 1", 100) >= 6);
        let dense = format!("nodes: [{}]\n", "{},".repeat(MAX_TOKENS / 3 + 1));
        let e = parse::<serde_yaml::Value>(&dense).unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        assert!(
            e.message.contains("split it into several files"),
            "{}",
            e.message
        );
    }

    #[test]
    fn locates_invalid_utf8() {
        let e = decode(b"a: 1\nb: \xff\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 4));
    }

    #[test]
    fn serde_errors_become_sentences_in_the_terms_of_the_format() {
        let said = |raw: &str| plain_serde_message(raw);
        assert_eq!(
            said("nodes[1].steps[0].minutes: invalid type: string \"five\", expected i64 at line 5 column 18"),
            "`minutes` must be a whole number, found \"five\""
        );
        assert_eq!(
            said("nodes: invalid type: map, expected a sequence"),
            "`nodes` must be a list, found a mapping (key: value lines)"
        );
        assert_eq!(
            said("nodes[2]: invalid type: integer `5`, expected struct RawNode"),
            "entry 3 of `nodes` must be a node (a mapping with id, kind, category, ...), found 5"
        );
        assert_eq!(
            said("codes[0].code: invalid type: integer `5`, expected a string"),
            "`code` must be text, found 5 (put it in quotes, e.g. \"05\")"
        );
        assert_eq!(
            said("invalid type: sequence, expected struct RawFile"),
            "the file must be a mapping of top-level keys (start, sources, evidence, nodes, codes), found a list"
        );
        assert_eq!(
            said("nodes[0]: unknown field `titel`, expected one of `id`, `title`"),
            "unknown field `titel`, did you mean `title`?"
        );
        assert_eq!(
            said("nodes[0]: unknown field `colour`, expected one of `id`, `title`"),
            "unknown field `colour`; the fields here are `id`, `title`"
        );
        assert_eq!(
            said("unknown variant `qestion`, expected one of `question`, `diagnosis`"),
            "unknown value `qestion`, did you mean `question`?"
        );
        assert_eq!(
            said("nodes[0]: missing field `id`"),
            "`id` is missing from entry 1 of `nodes`"
        );
        assert_eq!(
            said("nodes[0].answers: invalid length 3, expected 2 elements in sequence"),
            "`answers` has 3 entries; expected 2 elements in sequence"
        );
        assert_eq!(
            said("steps[0].step: invalid value: integer `-1`, expected u8"),
            "`step` cannot be -1; it must be a whole number"
        );
        assert_eq!(
            said("sources: duplicate entry with key \"a000\""),
            "`sources` has the key a000 twice; keep one"
        );
        assert_eq!(
            said("did not find expected key at line 3 column 1"),
            "YAML syntax error: did not find expected key"
        );
    }

    #[test]
    fn a_message_repeats_only_a_short_safe_excerpt_of_a_value() {
        let huge = "x".repeat(100_000);
        let said = plain_serde_message(&format!(
            "minutes: invalid type: string \"{huge}\", expected i64"
        ));
        assert!(said.chars().count() < 120, "{said}");
        let said =
            plain_serde_message("unknown field `\n\u{1b}[2Jfake`, expected one of `id`, `title`");
        assert!(
            !said.chars().any(crate::terminal_text::needs_escape),
            "{said:?}"
        );
    }

    #[test]
    fn a_shape_error_keeps_the_tree_and_a_syntax_error_does_not() {
        let shape =
            parse_keeping_tree::<std::collections::BTreeMap<String, u8>>("a: five\n", false)
                .unwrap_err();
        assert_eq!((shape.error.line, shape.error.column), (1, 4));
        assert!(shape.tree.is_some());
        let syntax = parse_keeping_tree::<serde_yaml::Value>("a: \"open\n", false).unwrap_err();
        assert!(syntax.tree.is_none());
        assert!(syntax.error.message.starts_with("YAML syntax error"));
    }

    #[test]
    fn locates_a_key_apart_from_its_value() {
        let loc = Locator::new("nodes:\n  - id: a\n    colour: red\n");
        let path = [
            Seg::Key("nodes".into()),
            Seg::Index(0),
            Seg::Key("colour".into()),
        ];
        assert_eq!(loc.locate(&path), (3, 13));
        assert_eq!(loc.locate_key(&path), (3, 5));
    }
}
