//! Reading the rules directory and parsing each input file.

use super::{At, InputFile, Pending, Problem, Severity, Validator};
use crate::rules::raw::RawFile;
use crate::rules::yaml;
use std::path::{Path, PathBuf};
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

impl Validator<'_> {
    pub(super) fn parse_all(&mut self) -> Vec<Option<RawFile>> {
        let parse_one = |f: &InputFile| -> Result<RawFile, yaml::Located> {
            yaml::decode(&f.bytes).and_then(|text| {
                if text.trim().is_empty() {
                    Ok(RawFile::default())
                } else {
                    yaml::parse::<RawFile>(text)
                }
            })
        };
        // Files parse independently and YAML parsing is most of the load
        // time, so spread them over the cores (in file order per thread, so
        // results stay deterministic).
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(self.files.len())
            .max(1);
        let total: usize = self.files.iter().map(|f| f.bytes.len()).sum();
        let results: Vec<Result<RawFile, yaml::Located>> = if threads > 1 && total > 64 * 1024 {
            // Deal files out by size so each thread gets a similar share.
            let mut order: Vec<usize> = (0..self.files.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(self.files[i].bytes.len()));
            let mut shares: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new()); threads];
            for i in order {
                let share = shares.iter_mut().min_by_key(|s| s.0).expect("threads > 0");
                share.0 += self.files[i].bytes.len();
                share.1.push(i);
            }
            let files = self.files;
            let mut slots: Vec<Option<Result<RawFile, yaml::Located>>> =
                (0..files.len()).map(|_| None).collect();
            std::thread::scope(|scope| {
                let handles: Vec<_> = shares
                    .into_iter()
                    .map(|(_, idx)| {
                        scope.spawn(move || {
                            idx.into_iter()
                                .map(|i| (i, parse_one(&files[i])))
                                .collect::<Vec<_>>()
                        })
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
                .map(|r| r.expect("every file parsed"))
                .collect()
        } else {
            self.files.iter().map(parse_one).collect()
        };
        let mut out = Vec::with_capacity(self.files.len());
        for (i, parsed) in results.into_iter().enumerate() {
            match parsed {
                Ok(raw) => out.push(Some(raw)),
                Err(loc) => {
                    self.pending.push(Pending {
                        file: i,
                        at: At::Pos(loc.line, loc.column),
                        severity: Severity::Error,
                        message: loc.message,
                    });
                    out.push(None);
                }
            }
        }
        out
    }
}
