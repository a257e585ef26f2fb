//! Where practice attempts are kept for the trainer's report. Everything
//! goes through [`AttemptLog`], so the store can move (to the case store,
//! once it lands) by changing [`default_log`] alone. Today it is a JSON-lines
//! file, `training-attempts.jsonl`, in posdoc's data directory:
//! `$POSDOC_DATA_DIR` when set, else the platform's (for example
//! `~/.local/share/posdoc` on Linux).

use super::score::ScoreParts;
use super::session::TrainingSession;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// The environment variable that moves posdoc's data directory (shared
/// with the case store).
pub const DATA_DIR_ENV: &str = "POSDOC_DATA_DIR";
/// The attempts file's name in the data directory.
pub const ATTEMPTS_FILE: &str = "training-attempts.jsonl";
/// The longest trainee name kept, in characters.
pub const MAX_TRAINEE_CHARS: usize = 64;
/// The largest attempts file read, and the longest line in it: a report
/// never holds more than this in memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// One finished practice attempt, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub trainee: String,
    pub case_id: String,
    /// The case's category key (`network`, …).
    pub category: String,
    /// `easy`, `medium` or `hard`.
    pub difficulty: String,
    /// When the attempt started, in seconds since the Unix epoch (UTC).
    pub started_at: u64,
    pub seconds: u64,
    /// Out of 100, after the trap cap.
    pub score: u32,
    pub parts: ScoreParts,
    pub right: bool,
    /// The diagnosis committed to, by id.
    pub committed: Option<String>,
    pub keys: usize,
    pub par: usize,
    pub backtracks: usize,
    /// The traps taken, by label (`network.timeout step 4`).
    pub traps: Vec<String>,
    /// Nodes whose warnings had to be seen and were not, by id.
    pub must_see_missed: Vec<String>,
}

impl Attempt {
    /// The attempt a finished session makes; None while it runs.
    pub fn from_session(
        session: &TrainingSession<'_>,
        trainee: &str,
        started_at: u64,
    ) -> Option<Attempt> {
        let score = session.score()?;
        let rules = session.rules();
        let case = session.case();
        let id = |n: crate::rules::NodeIdx| rules.node(n).id.clone();
        Some(Attempt {
            trainee: clean_trainee(trainee),
            case_id: case.id.clone(),
            category: case.category.key().to_string(),
            difficulty: case.difficulty.key().to_string(),
            started_at,
            seconds: score.inputs.seconds,
            score: score.total,
            parts: score.parts,
            right: score.inputs.right,
            committed: score.inputs.committed.map(id),
            keys: score.inputs.keys,
            par: score.inputs.par,
            backtracks: score.inputs.backtracks,
            traps: score
                .inputs
                .traps_taken
                .iter()
                .filter_map(|&i| case.traps.get(i).map(super::model::Trap::label))
                .collect(),
            must_see_missed: score
                .inputs
                .must_see_missed
                .iter()
                .map(|&n| id(n))
                .collect(),
        })
    }

    pub fn keys_over_par(&self) -> usize {
        self.keys.saturating_sub(self.par)
    }
}

/// A trainee's name as kept: one line, no card number (a name field is
/// where someone pastes anything), at most [`MAX_TRAINEE_CHARS`].
pub fn clean_trainee(name: &str) -> String {
    let masked = crate::privacy::mask_card_numbers(name.trim());
    let one: String = masked
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_TRAINEE_CHARS)
        .collect();
    one.trim().to_string()
}

/// Where attempts are recorded and read back.
pub trait AttemptLog {
    fn record(&mut self, attempt: &Attempt) -> anyhow::Result<()>;
    /// Every attempt recorded, oldest first. Lines that cannot be read
    /// (cut short by a crash, edited by hand) are skipped.
    fn all(&self) -> anyhow::Result<Vec<Attempt>>;
}

/// posdoc's data directory: `$POSDOC_DATA_DIR`, else the platform's.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "posdoc").map(|d| d.data_dir().to_path_buf())
}

/// The log every front end uses. The one place to change when attempts
/// move to the case store.
pub fn default_log() -> anyhow::Result<JsonLinesLog> {
    let dir = data_dir().ok_or_else(|| {
        anyhow::anyhow!("no data directory: set {DATA_DIR_ENV} to a directory for posdoc's data")
    })?;
    Ok(JsonLinesLog::new(dir.join(ATTEMPTS_FILE)))
}

/// Attempts as JSON lines in one file, appended to.
#[derive(Debug, Clone)]
pub struct JsonLinesLog {
    path: PathBuf,
}

impl JsonLinesLog {
    pub fn new(path: impl Into<PathBuf>) -> JsonLinesLog {
        JsonLinesLog { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl AttemptLog for JsonLinesLog {
    fn record(&mut self, attempt: &Attempt) -> anyhow::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut line = serde_json::to_string(attempt)?;
        line.push('\n');
        // One write of a whole line, appended: concurrent trainees on one
        // machine do not interleave within a line.
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        f.write_all(line.as_bytes())?;
        Ok(())
    }

    fn all(&self) -> anyhow::Result<Vec<Attempt>> {
        let file = match std::fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        let size = file.metadata()?.len();
        if size > MAX_FILE_BYTES {
            anyhow::bail!(
                "{} is {size} bytes, more than the {MAX_FILE_BYTES} a report reads; move old \
                 attempts elsewhere",
                self.path.display()
            );
        }
        let mut reader = std::io::BufReader::new(std::io::Read::take(file, MAX_FILE_BYTES));
        let mut out = Vec::new();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let n = std::io::Read::take(&mut reader, MAX_LINE_BYTES as u64 + 1)
                .read_until(b'\n', &mut buf)?;
            if n == 0 {
                break;
            }
            if buf.len() > MAX_LINE_BYTES && buf.last() != Some(&b'\n') {
                // Skip the rest of an overlong line.
                let mut rest = Vec::new();
                reader.read_until(b'\n', &mut rest)?;
                continue;
            }
            if let Ok(a) = serde_json::from_slice::<Attempt>(&buf) {
                out.push(a);
            }
        }
        Ok(out)
    }
}

/// Attempts in memory: for tests, and a front end that has no store.
#[derive(Debug, Clone, Default)]
pub struct MemoryLog {
    pub attempts: Vec<Attempt>,
}

impl AttemptLog for MemoryLog {
    fn record(&mut self, attempt: &Attempt) -> anyhow::Result<()> {
        self.attempts.push(attempt.clone());
        Ok(())
    }

    fn all(&self) -> anyhow::Result<Vec<Attempt>> {
        Ok(self.attempts.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::score::ScorePart;

    fn attempt(trainee: &str) -> Attempt {
        let part = |points, max| ScorePart { points, max };
        Attempt {
            trainee: trainee.into(),
            case_id: "network.weak_signal_basement".into(),
            category: "network".into(),
            difficulty: "easy".into(),
            started_at: 1_764_400_000,
            seconds: 42,
            score: 100,
            parts: ScoreParts {
                diagnosis: part(40, 40),
                path: part(20, 20),
                backtracks: part(10, 10),
                money_safety: part(20, 20),
                time: part(10, 10),
            },
            right: true,
            committed: Some("network.weak_signal".into()),
            keys: 3,
            par: 3,
            backtracks: 0,
            traps: Vec::new(),
            must_see_missed: Vec::new(),
        }
    }

    #[test]
    fn a_json_lines_log_appends_and_reads_back_skipping_broken_lines() {
        let dir = std::env::temp_dir().join(format!("posdoc-attempts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut log = JsonLinesLog::new(dir.join("sub").join(ATTEMPTS_FILE));
        assert!(log.all().unwrap().is_empty());
        log.record(&attempt("Li")).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(log.path())
            .unwrap()
            .write_all(b"{\"trainee\": cut short\n")
            .unwrap();
        log.record(&attempt("Wang")).unwrap();
        let all = log.all().unwrap();
        assert_eq!(
            all.iter().map(|a| a.trainee.as_str()).collect::<Vec<_>>(),
            ["Li", "Wang"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_trainee_name_keeps_no_card_number_and_one_line() {
        let name = clean_trainee(" Li\nMing 6222021234567890123 ");
        assert!(!name.contains("6222021234567890123"), "{name}");
        assert!(!name.contains('\n'));
        assert!(name.starts_with("Li Ming"));
    }
}
