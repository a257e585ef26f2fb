//! Loading and validating a rule set. All problems are collected, located
//! and reported together; a [`RuleSet`] is built only when there are no
//! errors.
//!
//! The validator is split by concern: `files` reads and parses the input,
//! `declarations` is the first pass (start, sources, evidence, node ids, so
//! references can be checked in any order), `nodes` checks each node with one
//! module per kind, `codes` the response codes, `graph` the paths through the
//! tree, `texts` every bilingual text (and all building of texts), and
//! `fields` the shapes that recur in all of them (a value from a fixed set,
//! a required list).

mod codes;
mod declarations;
mod fields;
mod files;
mod graph;
mod nodes;
mod salvage;
mod source_line;
mod texts;

use super::model::{Node, NodeIdx, ResponseCode, RuleSet};
use super::raw::RawFile;
use super::yaml::{self, Locator, Seg, YamlPath};
use declarations::Declared;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

pub use files::{read_dir, RulesDirError};
pub use source_line::SourceLine;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing wrong with the rules, located in its file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    /// The line the problem points into, for a report that shows it; not
    /// part of the JSON report, which stays one object per problem.
    #[serde(skip)]
    pub source: Option<SourceLine>,
}

impl fmt::Display for Problem {
    /// One line, always: a key or value in a rules file can hold control
    /// characters or a newline that would forge a second `file:line:col`
    /// line, so both file name and message are escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::terminal_text::one_line(&self.file);
        let message = crate::terminal_text::one_line(&self.message);
        match self.severity {
            Severity::Error => write!(f, "{file}:{}:{}: {message}", self.line, self.column),
            Severity::Warning => write!(
                f,
                "{file}:{}:{}: warning: {message}",
                self.line, self.column
            ),
        }
    }
}

/// The result of loading: the rules when there were no errors, and every
/// problem found (warnings may accompany a usable rule set).
#[derive(Debug)]
pub struct Loaded {
    pub rules: Option<RuleSet>,
    pub problems: Vec<Problem>,
    /// How many rules files were found, read or not.
    pub files: usize,
}

impl Loaded {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }
    /// The rule set, or an error listing every problem.
    pub fn into_result(self) -> anyhow::Result<RuleSet> {
        if let Some(r) = self.rules {
            Ok(r)
        } else {
            let mut msg = String::from("the rules have errors:\n");
            for p in &self.problems {
                msg.push_str(&format!("  {p}\n"));
            }
            msg.push_str("run `posdoc check` for the full report");
            Err(anyhow::anyhow!(msg))
        }
    }
}

/// One input file: its display name and raw contents.
pub struct InputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Loads rules from a directory.
pub fn load_dir(dir: &Path) -> anyhow::Result<Loaded> {
    let (files, mut early) = read_dir(dir)?;
    let mut loaded = load_files(&files);
    loaded.files += early.len();
    if !early.is_empty() {
        early.append(&mut loaded.problems);
        loaded.problems = early;
        sort_problems(&mut loaded.problems);
        loaded.rules = None;
    }
    Ok(loaded)
}

/// Validates a set of files and builds the rule set.
pub fn load_files(files: &[InputFile]) -> Loaded {
    let scanned = files::scan_all(files);
    if let Some(refused) = over_set_token_budget(files, &scanned) {
        return Loaded {
            files: files.len(),
            rules: None,
            problems: vec![refused],
        };
    }
    let mut v = Validator {
        files,
        pending: Vec::new(),
        locators: HashMap::new(),
        unread: salvage::Unread::default(),
        broken_nodes: HashSet::new(),
    };
    let parsed = v.parse_all(&scanned);
    drop(scanned);
    let rules = v.build(&parsed);
    drop(parsed);
    let problems = v.resolve();
    let has_errors = problems.iter().any(|p| p.severity == Severity::Error);
    Loaded {
        files: files.len(),
        rules: if has_errors { None } else { rules },
        problems,
    }
}

/// Load time and memory follow the number of YAML items, and parsed files
/// are kept until the set is built, so the whole set has a budget too
/// ([`yaml::MAX_SET_TOKENS`]), checked before anything is parsed. Each item
/// takes at least half a byte of text, so a small set is never counted.
fn over_set_token_budget(files: &[InputFile], scanned: &[files::Scanned<'_>]) -> Option<Problem> {
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    if bytes.saturating_mul(2) <= yaml::MAX_SET_TOKENS {
        return None;
    }
    let f = &files[files::file_over_set_tokens(scanned)?];
    Some(Problem {
        file: f.name.clone(),
        line: 1,
        column: 1,
        severity: Severity::Error,
        source: None,
        message: format!(
            "the rule set holds more than {} YAML items (keys, values, list entries, \
             brackets) in all, reached in this file; split the set or remove files",
            yaml::MAX_SET_TOKENS
        ),
    })
}

/// Most nodes in a rule set. Parsed files are kept until the set is built,
/// and a node costs about a kilobyte however little of it is written (`{},`
/// is three bytes), so the set's byte and token limits alone let a hostile
/// set take gigabytes. A support centre's edition of 100,000 nodes fits
/// twice over.
pub const MAX_SET_NODES: usize = 200_000;

/// Most problems reported for one file. Past them the rest of the file is
/// mostly echoes of one mistake (a generated file gone wrong: thousands of
/// nodes with the same fault), and a report of hundreds of thousands of
/// lines costs more time and memory than the load itself.
pub const MAX_PROBLEMS_PER_FILE: usize = 100;

/// The longest run of characters without a space a message repeats whole:
/// a value, id or key quoted from the file. Longer ones are cut, so a
/// message never repeats more than a short excerpt of a 16 MB value.
const MAX_WORD_CHARS: usize = 80;

/// `message` with every run of more than [`MAX_WORD_CHARS`] characters
/// without a space cut to its start and end.
fn bounded_message(message: String) -> String {
    if message.len() <= MAX_WORD_CHARS
        || !message
            .split(' ')
            .any(|word| word.chars().count() > MAX_WORD_CHARS)
    {
        return message;
    }
    message
        .split(' ')
        .map(|word| {
            let count = word.chars().count();
            if count <= MAX_WORD_CHARS {
                return word.to_string();
            }
            let head: String = word.chars().take(MAX_WORD_CHARS - 20).collect();
            let tail: String = word.chars().skip(count - 3).collect();
            format!(
                "{head}…({} characters)…{tail}",
                count - (MAX_WORD_CHARS - 20) - 3
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// At most [`MAX_PROBLEMS_PER_FILE`] problems per file (the first ones, in
/// file order), and where some were left out, one more line saying how many.
fn cap_per_file(problems: Vec<Problem>) -> Vec<Problem> {
    let mut out = Vec::with_capacity(problems.len().min(4 * MAX_PROBLEMS_PER_FILE));
    let mut problems = problems.into_iter().peekable();
    while let Some(first) = problems.next() {
        let file = first.file.clone();
        out.push(first);
        let mut kept = 1;
        let mut left_out: Option<(Problem, usize, usize)> = None;
        while let Some(p) = problems.next_if(|p| p.file == file) {
            if kept < MAX_PROBLEMS_PER_FILE {
                out.push(p);
                kept += 1;
                continue;
            }
            let is_error = usize::from(p.severity == Severity::Error);
            match &mut left_out {
                Some((_, errors, total)) => {
                    *errors += is_error;
                    *total += 1;
                }
                None => left_out = Some((p, is_error, 1)),
            }
        }
        if let Some((at, errors, total)) = left_out {
            let warnings = total - errors;
            out.push(Problem {
                severity: if errors > 0 {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                message: format!(
                    "...and {total} more problem{} in this file ({errors} error{}, {warnings} warning{}), \
                     not listed; fix the ones above first",
                    plural(total),
                    plural(errors),
                    plural(warnings)
                ),
                ..at
            });
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn sort_problems(problems: &mut [Problem]) {
    problems.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.column, a.severity).cmp(&(
            b.file.as_str(),
            b.line,
            b.column,
            b.severity,
        ))
    });
}

/// A problem whose position is still a YAML path.
struct Pending {
    file: usize,
    at: At,
    severity: Severity,
    message: String,
}

enum At {
    /// A value (or, when it has none, its key).
    Path(YamlPath),
    /// A key itself, such as an unknown field.
    Key(YamlPath),
    Pos(usize, usize),
}

struct Validator<'a> {
    files: &'a [InputFile],
    pending: Vec<Pending>,
    /// Positions of every path, per file, built on first need and shared by
    /// "first defined at" and the final resolve: building one scans the
    /// whole file, so once per duplicate would be quadratic.
    locators: HashMap<usize, Locator>,
    /// Names the files may define that could not be read (see `salvage`).
    unread: salvage::Unread,
    /// Nodes, as (file, index), whose body did not read: registered by id,
    /// not checked.
    broken_nodes: HashSet<(usize, usize)>,
}

/// Builds paths tersely: `p!["nodes", 3, "answers"]`.
macro_rules! p {
    ($($seg:expr),* $(,)?) => {{
        let v: $crate::rules::yaml::YamlPath =
            vec![$($crate::rules::load::IntoSeg::into_seg($seg)),*];
        v
    }};
}
use p;

trait IntoSeg {
    fn into_seg(self) -> Seg;
}
impl IntoSeg for &str {
    fn into_seg(self) -> Seg {
        Seg::Key(self.to_string())
    }
}
impl IntoSeg for usize {
    fn into_seg(self) -> Seg {
        Seg::Index(self)
    }
}
impl IntoSeg for &String {
    fn into_seg(self) -> Seg {
        Seg::Key(self.clone())
    }
}

fn join(base: &YamlPath, tail: YamlPath) -> YamlPath {
    let mut p = base.clone();
    p.extend(tail);
    p
}

/// Where a node was defined: file and index in that file's `nodes`.
#[derive(Clone, Copy)]
struct NodeRef {
    file: usize,
    index: usize,
}

impl Validator<'_> {
    fn err(&mut self, file: usize, path: YamlPath, message: impl Into<String>) {
        self.pending.push(Pending {
            file,
            at: At::Path(path),
            severity: Severity::Error,
            message: message.into(),
        });
    }
    fn warn(&mut self, file: usize, path: YamlPath, message: impl Into<String>) {
        self.pending.push(Pending {
            file,
            at: At::Path(path),
            severity: Severity::Warning,
            message: message.into(),
        });
    }

    fn build(&mut self, parsed: &[Option<RawFile>]) -> Option<RuleSet> {
        // Pass 1: ids, start, sources, evidence, so that references can be
        // checked in any order.
        let declared = self.declare(parsed);
        let start_id = self.check_start(&declared);

        // Pass 2: each node in full.
        let mut nodes: Vec<Option<Node>> = Vec::with_capacity(declared.order.len());
        for &(id, at) in &declared.order {
            if declared.is_broken(at) {
                // Its fault is reported; checking the rest would only echo it.
                nodes.push(None);
                continue;
            }
            let raw = declared.raw_node(at);
            let node = self.node(at.file, &p!["nodes", at.index], id, raw, &declared);
            nodes.push(node);
        }

        self.escalations_after_unknown_outcome(&declared, &nodes);

        // Codes.
        let mut codes = Vec::new();
        let mut code_where: HashMap<String, (usize, usize)> = HashMap::new();
        for (file, raw) in parsed.iter().enumerate() {
            let Some(raw) = raw else { continue };
            for (ci, c) in raw.codes.iter().enumerate() {
                if let Some(rc) = self.code(file, ci, c, &declared, &nodes, &mut code_where) {
                    codes.push(rc);
                }
            }
        }

        // Graph checks need complete edges; they use the raw references so
        // that they still run when some node had other errors. A node or
        // file that did not read leaves holes in the graph, so they wait.
        let graph_whole = !self.unread.any() && self.broken_nodes.is_empty();
        if let Some(s) = start_id
            .and_then(|s| declared.index_of(s))
            .filter(|_| graph_whole)
        {
            self.graph(s.get(), &declared);
        }

        if self.pending.iter().any(|p| p.severity == Severity::Error) {
            return None;
        }
        let nodes: Vec<Node> = nodes.into_iter().collect::<Option<_>>()?;
        let start_id = start_id?;
        let start = declared.index_of(start_id)?;
        let by_id = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), NodeIdx(i as u32)))
            .collect();
        let by_code = codes
            .iter()
            .enumerate()
            .map(|(i, c): (usize, &ResponseCode)| (c.code.clone(), i))
            .collect();
        Some(RuleSet {
            start,
            start_id: start_id.to_string(),
            sources: declared.sources,
            evidence: declared.evidence,
            nodes,
            codes,
            by_id,
            by_code,
        })
    }

    /// Position of a path in a file (used for "first defined at").
    fn position_of(&mut self, file: usize, path: &YamlPath) -> (usize, usize) {
        let files = self.files;
        self.locators
            .entry(file)
            .or_insert_with(|| Locator::new(std::str::from_utf8(&files[file].bytes).unwrap_or("")))
            .locate(path)
    }

    /// Turns pending problems into located ones; each file with problems is
    /// scanned for positions once.
    fn resolve(&mut self) -> Vec<Problem> {
        let mut locators = std::mem::take(&mut self.locators);
        let mut lines: HashMap<String, source_line::Lines<'_>> = HashMap::new();
        let mut out = Vec::with_capacity(self.pending.len());
        for p in self.pending.drain(..) {
            let (line, column) = match &p.at {
                At::Pos(l, c) => (*l, *c),
                At::Path(path) | At::Key(path) => {
                    let loc = locators.entry(p.file).or_insert_with(|| {
                        Locator::new(std::str::from_utf8(&self.files[p.file].bytes).unwrap_or(""))
                    });
                    if matches!(p.at, At::Key(_)) {
                        loc.locate_key(path)
                    } else {
                        loc.locate(path)
                    }
                }
            };
            out.push(Problem {
                file: self.files[p.file].name.clone(),
                line,
                column,
                severity: p.severity,
                message: bounded_message(p.message),
                source: None,
            });
        }
        sort_problems(&mut out);
        out.dedup();
        let mut out = cap_per_file(out);
        // Only for the problems reported: a line is found and decoded per
        // problem.
        let by_name: HashMap<&str, &InputFile> =
            self.files.iter().map(|f| (f.name.as_str(), f)).collect();
        for p in &mut out {
            let Some(file) = by_name.get(p.file.as_str()) else {
                continue;
            };
            p.source = lines
                .entry(p.file.clone())
                .or_insert_with(|| source_line::Lines::new(&file.bytes))
                .around(p.line, p.column);
        }
        out
    }
}
