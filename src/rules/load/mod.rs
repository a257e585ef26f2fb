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
mod texts;

use super::model::{Node, NodeIdx, ResponseCode, RuleSet};
use super::raw::RawFile;
use super::yaml::{self, Locator, Seg, YamlPath};
use declarations::Declared;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

pub use files::{read_dir, RulesDirError};

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
    if let Some(refused) = over_set_token_budget(files) {
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
    };
    let parsed = v.parse_all();
    let rules = v.build(&parsed);
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
fn over_set_token_budget(files: &[InputFile]) -> Option<Problem> {
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    if bytes.saturating_mul(2) <= yaml::MAX_SET_TOKENS {
        return None;
    }
    let mut total = 0usize;
    for f in files {
        // A file that is not UTF-8 is reported by the parser.
        let Ok(text) = yaml::decode(&f.bytes) else {
            continue;
        };
        total += yaml::count_tokens(text, yaml::MAX_SET_TOKENS - total.min(yaml::MAX_SET_TOKENS));
        if total > yaml::MAX_SET_TOKENS {
            return Some(Problem {
                file: f.name.clone(),
                line: 1,
                column: 1,
                severity: Severity::Error,
                message: format!(
                    "the rule set holds more than {} YAML items (keys, values, list entries, \
                     brackets) in all, reached in this file; split the set or remove files",
                    yaml::MAX_SET_TOKENS
                ),
            });
        }
    }
    None
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
    Path(YamlPath),
    Pos(usize, usize),
}

struct Validator<'a> {
    files: &'a [InputFile],
    pending: Vec<Pending>,
    /// Positions of every path, per file, built on first need and shared by
    /// "first defined at" and the final resolve: building one scans the
    /// whole file, so once per duplicate would be quadratic.
    locators: HashMap<usize, Locator>,
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
        // that they still run when some node had other errors.
        if let Some(s) = start_id.and_then(|s| declared.index_of(s)) {
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
        let mut out = Vec::with_capacity(self.pending.len());
        for p in self.pending.drain(..) {
            let (line, column) = match &p.at {
                At::Pos(l, c) => (*l, *c),
                At::Path(path) => {
                    let loc = locators.entry(p.file).or_insert_with(|| {
                        Locator::new(std::str::from_utf8(&self.files[p.file].bytes).unwrap_or(""))
                    });
                    loc.locate(path)
                }
            };
            out.push(Problem {
                file: self.files[p.file].name.clone(),
                line,
                column,
                severity: p.severity,
                message: p.message,
            });
        }
        sort_problems(&mut out);
        out.dedup();
        out
    }
}
