//! Reading the rules directory and parsing each input file.

use super::salvage::{self, Unread};
use super::{At, InputFile, Pending, Problem, Severity, Validator, MAX_SET_NODES};
use crate::rules::raw::RawFile;
use crate::rules::yaml;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::{fmt, io};

/// Why a rules directory gave no rules at all; a front end words it in its
/// language from these parts.
#[derive(Debug)]
pub enum RulesDirError {
    /// The directory cannot be read (missing, not a directory, no access).
    Unreadable { dir: PathBuf, reason: io::Error },
    /// It holds no `*.yaml` / `*.yml` file.
    Empty { dir: PathBuf },
}

impl fmt::Display for RulesDirError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RulesDirError::Unreadable { dir, reason } => {
                write!(f, "cannot read rules directory {}: {reason}", dir.display())
            }
            RulesDirError::Empty { dir } => write!(
                f,
                "no rules files (*.yaml) in {}; point --rules at a directory of rules",
                dir.display()
            ),
        }
    }
}

impl std::error::Error for RulesDirError {}

/// Reads every `*.yaml` / `*.yml` file in `dir`, in name order. Fails (as a
/// usage error, a [`RulesDirError`]) only when the directory itself cannot
/// be read or holds no rules; unreadable or oversized files become problems
/// in the report.
pub fn read_dir(dir: &Path) -> anyhow::Result<(Vec<InputFile>, Vec<Problem>)> {
    let entries = std::fs::read_dir(dir).map_err(|reason| RulesDirError::Unreadable {
        dir: dir.to_path_buf(),
        reason,
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e == "yaml" || e == "yml")
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(RulesDirError::Empty {
            dir: dir.to_path_buf(),
        }
        .into());
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut total = 0u64;
    for path in paths {
        let name = path.display().to_string();
        let problem = |message: String| Problem {
            file: name.clone(),
            line: 1,
            column: 1,
            severity: Severity::Error,
            message,
            source: None,
        };
        // Read at most the limit plus one byte: a file under /proc that
        // claims to be empty, or one still growing, is refused instead of
        // filling memory.
        let bytes = match yaml::read_bounded(&path, yaml::MAX_FILE_BYTES) {
            Ok(bytes) => bytes,
            Err(refusal) => {
                problems.push(problem(refusal.to_string()));
                continue;
            }
        };
        total += bytes.len() as u64;
        if total > yaml::MAX_SET_BYTES {
            problems.push(problem(format!(
                "the rule set is larger than {} bytes in all; not reading further files",
                yaml::MAX_SET_BYTES
            )));
            break;
        }
        files.push(InputFile { name, bytes });
    }
    Ok((files, problems))
}

/// Whether `text` holds no YAML content at all: nothing but blank lines,
/// comments and document markers. Stops at the first line with content.
fn is_blank_yaml(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

/// What parsing one file gave: the rules as written, or why not.
enum Parsed {
    Rules(RawFile),
    /// Nothing but blank lines and comments.
    Blank,
    Failed(yaml::ParseFailure),
    /// Not parsed: the set had passed [`MAX_SET_NODES`] in another thread.
    Skipped,
}

impl Parsed {
    /// How many nodes the file holds, as far as it was read.
    fn nodes(&self) -> usize {
        match self {
            Parsed::Rules(raw) => raw.nodes.len(),
            Parsed::Failed(failure) => failure
                .tree
                .as_ref()
                .and_then(|tree| tree.get("nodes"))
                .and_then(serde_yaml::Value::as_sequence)
                .map_or(0, Vec::len),
            Parsed::Blank | Parsed::Skipped => 0,
        }
    }
}

/// What reading one file's text gave, before it is parsed.
pub(super) enum Scanned<'t> {
    /// Not text a rules file can hold (see [`yaml::decode`]).
    Undecodable(yaml::Located),
    /// Nothing but blank lines and comments.
    Blank(&'t str),
    Text(&'t str, yaml::Bounds),
}

impl Scanned<'_> {
    /// The file's YAML tokens as [`yaml::count_tokens`] counts them, up to
    /// just past `limit`; none for a file that is not text.
    fn tokens(&self, limit: usize) -> Option<usize> {
        match self {
            Scanned::Undecodable(_) => None,
            Scanned::Text(
                _,
                yaml::Bounds {
                    tokens: Some(n), ..
                },
            ) => Some(*n),
            Scanned::Blank(text) | Scanned::Text(text, _) => Some(yaml::count_tokens(text, limit)),
        }
    }
}

/// Decodes every file and scans its bounds, once: the scan gives both what
/// the parser needs checked and the tokens the set is counted in.
pub(super) fn scan_all(files: &[InputFile]) -> Vec<Scanned<'_>> {
    on_threads(files, |i| match yaml::decode(&files[i].bytes) {
        Err(error) => Scanned::Undecodable(error),
        Ok(text) if is_blank_yaml(text) => Scanned::Blank(text),
        Ok(text) => Scanned::Text(text, yaml::scan_file_bounds(text)),
    })
}

/// The first file at which the set's tokens, counted in file order, pass
/// [`yaml::MAX_SET_TOKENS`].
pub(super) fn file_over_set_tokens(scanned: &[Scanned<'_>]) -> Option<usize> {
    let mut total = 0usize;
    for (i, file) in scanned.iter().enumerate() {
        let left = yaml::MAX_SET_TOKENS - total.min(yaml::MAX_SET_TOKENS);
        let Some(tokens) = file.tokens(left) else {
            // A file that is not UTF-8 is reported by the parser.
            continue;
        };
        total = total.saturating_add(tokens);
        if total > yaml::MAX_SET_TOKENS {
            return Some(i);
        }
    }
    None
}

/// Runs `work` on every file, spread over the cores when the set is large
/// enough to gain from it, and gives the results in file order. Files are
/// dealt out by size so each thread gets a similar share, and each thread
/// takes its files in file order, so results are deterministic.
fn on_threads<T: Send>(files: &[InputFile], work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(files.len())
        .max(1);
    let total: usize = files.iter().map(|f| f.bytes.len()).sum();
    if threads == 1 || total <= 64 * 1024 {
        return (0..files.len()).map(work).collect();
    }
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(files[i].bytes.len()));
    let mut shares: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new()); threads];
    for i in order {
        let share = shares.iter_mut().min_by_key(|s| s.0).expect("threads > 0");
        share.0 += files[i].bytes.len();
        share.1.push(i);
    }
    for share in &mut shares {
        share.1.sort_unstable();
    }
    let work = &work;
    let mut slots: Vec<Option<T>> = (0..files.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|(_, idx)| {
                scope.spawn(move || idx.into_iter().map(|i| (i, work(i))).collect::<Vec<_>>())
            })
            .collect();
        for h in handles {
            // A parser panic is a bug; surface it rather than hide it.
            for (i, r) in h.join().expect("rules parser thread panicked") {
                slots[i] = Some(r);
            }
        }
    });
    slots
        .into_iter()
        .map(|r| r.expect("every file done"))
        .collect()
}

/// Parses one file whose text was scanned.
fn parse_scanned(scanned: &Scanned<'_>) -> Parsed {
    match scanned {
        Scanned::Undecodable(error) => Parsed::Failed(yaml::ParseFailure {
            error: error.clone(),
            tree: None,
        }),
        Scanned::Blank(_) => Parsed::Blank,
        Scanned::Text(_, yaml::Bounds { within: Err(e), .. }) => {
            Parsed::Failed(yaml::ParseFailure {
                error: e.clone(),
                tree: None,
            })
        }
        Scanned::Text(text, yaml::Bounds { within: Ok(()), .. }) => {
            match yaml::parse_keeping_tree::<RawFile>(text, true) {
                Ok(raw) => Parsed::Rules(raw),
                Err(failure) => Parsed::Failed(failure),
            }
        }
    }
}

impl Validator<'_> {
    pub(super) fn parse_all(&mut self, scanned: &[Scanned<'_>]) -> Vec<Option<RawFile>> {
        // Files parse independently and YAML parsing is most of the load
        // time, so they are spread over the cores. Parsed nodes are kept
        // until the set is built; once the set is over its node budget,
        // nothing more is parsed.
        let nodes_parsed = AtomicUsize::new(0);
        let results: Vec<Parsed> = on_threads(self.files, |i| {
            if nodes_parsed.load(Ordering::Relaxed) > MAX_SET_NODES {
                return Parsed::Skipped;
            }
            let parsed = parse_scanned(&scanned[i]);
            nodes_parsed.fetch_add(parsed.nodes(), Ordering::Relaxed);
            parsed
        });
        let results = self.within_node_budget(results, |i| parse_scanned(&scanned[i]));
        let mut out = Vec::with_capacity(self.files.len());
        for (i, parsed) in results.into_iter().enumerate() {
            match parsed {
                Parsed::Skipped => {
                    // Reported at the file where the budget ran out.
                    self.unread.merge(&Unread::everything());
                    out.push(None);
                }
                Parsed::Rules(raw) => {
                    if defines_nothing(&raw) {
                        self.warn(
                            i,
                            Vec::new(),
                            "this file defines nothing (no start, sources, evidence, nodes or codes)",
                        );
                    }
                    out.push(Some(raw));
                }
                Parsed::Blank => {
                    self.pending.push(Pending {
                        file: i,
                        at: At::Pos(1, 1),
                        severity: Severity::Warning,
                        message: "this file is empty or holds only comments; it defines no rules"
                            .into(),
                    });
                    out.push(Some(RawFile::default()));
                }
                Parsed::Failed(failure) => {
                    self.pending.push(Pending {
                        file: i,
                        at: At::Pos(failure.error.line, failure.error.column),
                        severity: Severity::Error,
                        message: failure.error.message,
                    });
                    out.push(self.salvage(i, failure.tree));
                }
            }
        }
        out
    }

    /// The files in order up to the one that takes the set past
    /// [`MAX_SET_NODES`], which is reported; the files after it are not
    /// checked. Which files the threads skipped depends on timing, so a
    /// file before that point that was skipped is parsed now: the report
    /// is the same on every run.
    fn within_node_budget(
        &mut self,
        mut results: Vec<Parsed>,
        parse_one: impl Fn(usize) -> Parsed,
    ) -> Vec<Parsed> {
        let mut nodes = 0usize;
        let mut over = None;
        for (i, parsed) in results.iter_mut().enumerate() {
            if over.is_some() {
                *parsed = Parsed::Skipped;
                continue;
            }
            if matches!(parsed, Parsed::Skipped) {
                *parsed = parse_one(i);
            }
            nodes += parsed.nodes();
            if nodes > MAX_SET_NODES {
                over = Some(i);
                *parsed = Parsed::Skipped;
            }
        }
        if let Some(i) = over {
            self.pending.push(Pending {
                file: i,
                at: At::Pos(1, 1),
                severity: Severity::Error,
                message: format!(
                    "the rule set holds more than {MAX_SET_NODES} nodes, reached in this file; \
                     this file and the ones after it are not checked (split the set)"
                ),
            });
        }
        results
    }

    /// Reads what can be read of a file whose strict parse failed, and
    /// notes what could not be, so references into it are not reported as
    /// dangling.
    fn salvage(&mut self, file: usize, tree: Option<serde_yaml::Value>) -> Option<RawFile> {
        let Some(tree) = tree else {
            self.unread.merge(&Unread::everything());
            return None;
        };
        let salvaged = salvage::salvage(tree);
        self.unread.merge(&salvaged.unread);
        self.broken_nodes
            .extend(salvaged.broken_nodes.iter().map(|&index| (file, index)));
        for fault in salvaged.more {
            self.pending.push(Pending {
                file,
                at: if fault.at_key {
                    At::Key(fault.path)
                } else {
                    At::Path(fault.path)
                },
                severity: Severity::Error,
                message: fault.message,
            });
        }
        Some(salvaged.raw)
    }
}

fn defines_nothing(raw: &RawFile) -> bool {
    raw.start.is_none()
        && raw.sources.is_empty()
        && raw.evidence.is_empty()
        && raw.nodes.is_empty()
        && raw.codes.is_empty()
}
