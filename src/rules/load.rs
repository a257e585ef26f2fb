//! Loading and validating a rule set. All problems are collected, located
//! and reported together; a [`RuleSet`] is built only when there are no
//! errors.

use super::model::*;
use super::raw::*;
use super::yaml::{self, Locator, Seg, YamlPath};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::path::Path;

/// Total size of a rule set that we are willing to read.
pub const MAX_SET_BYTES: u64 = 512 * 1024 * 1024;

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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.severity {
            Severity::Error => write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            ),
            Severity::Warning => write!(
                f,
                "{}:{}:{}: warning: {}",
                self.file, self.line, self.column, self.message
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
        match self.rules {
            Some(r) => Ok(r),
            None => {
                let mut msg = String::from("the rules have errors:\n");
                for p in &self.problems {
                    msg.push_str(&format!("  {p}\n"));
                }
                msg.push_str("run `posdoc check` for the full report");
                Err(anyhow::anyhow!(msg))
            }
        }
    }
}

/// One input file: its display name and raw contents.
pub struct InputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Reads every `*.yaml` / `*.yml` file in `dir`, in name order. Fails (as a
/// usage error) only when the directory itself cannot be read or holds no
/// rules; unreadable or oversized files become problems in the report.
pub fn read_dir(dir: &Path) -> anyhow::Result<(Vec<InputFile>, Vec<Problem>)> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("cannot read rules directory {}: {e}", dir.display()))?;
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
        anyhow::bail!(
            "no rules files (*.yaml) in {}; point --rules at a directory of rules",
            dir.display()
        );
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
        let size = match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => m.len(),
            Ok(_) => {
                problems.push(problem("not a regular file".into()));
                continue;
            }
            Err(e) => {
                problems.push(problem(format!("cannot read the file: {e}")));
                continue;
            }
        };
        // Refuse before reading, so a huge file costs neither time nor memory.
        if size > yaml::MAX_FILE_BYTES {
            problems.push(problem(format!(
                "file is {size} bytes; rules files are limited to {} bytes (split it into several files)",
                yaml::MAX_FILE_BYTES
            )));
            continue;
        }
        total += size;
        if total > MAX_SET_BYTES {
            problems.push(problem(format!(
                "the rule set is larger than {MAX_SET_BYTES} bytes in all; not reading further files"
            )));
            break;
        }
        match std::fs::read(&path) {
            Ok(bytes) => files.push(InputFile { name, bytes }),
            Err(e) => problems.push(problem(format!("cannot read the file: {e}"))),
        }
    }
    Ok((files, problems))
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
    let mut v = Validator {
        files,
        pending: Vec::new(),
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
}

/// Builds paths tersely: `p!["nodes", 3, "answers"]`.
macro_rules! p {
    ($($seg:expr),* $(,)?) => {{
        let v: YamlPath = vec![$(IntoSeg::into_seg($seg)),*];
        v
    }};
}

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

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.')
        && !id.starts_with('.')
        && !id.ends_with('.')
}

/// "a question node", "an escalation node", or "a node of unknown kind".
fn kind_phrase(kind: Option<&str>) -> String {
    match kind {
        Some(k @ ("question" | "diagnosis" | "resolved")) => format!("a {k} node"),
        Some("escalation") => "an escalation node".into(),
        _ => "a node of unknown kind".into(),
    }
}

fn list<T: Copy>(all: &[T], key: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|&x| key(x)).collect::<Vec<_>>().join(", ")
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
    })
}

/// Characters whose width differs between terminals (1 column in some, 2 in
/// CJK ones); they break alignment, so the rules avoid them.
const AMBIGUOUS_WIDTH: [char; 7] = ['…', '·', '“', '”', '‘', '’', '—'];

impl<'a> Validator<'a> {
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

    fn parse_all(&mut self) -> Vec<Option<RawFile>> {
        fn parse_one(f: &InputFile) -> Result<RawFile, yaml::Located> {
            yaml::decode(&f.bytes).and_then(|text| {
                if text.trim().is_empty() {
                    Ok(RawFile::default())
                } else {
                    yaml::parse::<RawFile>(text)
                }
            })
        }
        // Files parse independently and YAML parsing is most of the load
        // time, so spread them over the cores (in file order per thread, so
        // results stay deterministic).
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
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

    /// Checks a text: `zh` and `en` required, `zh-Hant` optional; returns it
    /// when complete.
    fn text(&mut self, file: usize, path: YamlPath, t: &RawText, what: &str) -> Option<Text> {
        let mut ok = true;
        let written = [
            ("zh", &t.zh, true),
            ("en", &t.en, true),
            ("zh-Hant", &t.zh_hant, false),
        ];
        for (lang, value, required) in written {
            match value {
                None if !required => {}
                None => {
                    self.err(file, path.clone(), format!("{what} has no \"{lang}\" text"));
                    ok = false;
                }
                Some(s) if s.trim().is_empty() => {
                    self.err(
                        file,
                        join(&path, p![lang]),
                        format!("{what} has empty \"{lang}\" text"),
                    );
                    ok = false;
                }
                Some(s) => {
                    if let Some(c) = s.chars().find(|c| AMBIGUOUS_WIDTH.contains(c)) {
                        self.warn(
                            file,
                            join(&path, p![lang]),
                            format!("{what} uses '{c}', whose width differs between terminals; use a plain ASCII or full-width character"),
                        );
                    }
                }
            }
        }
        if !ok {
            return None;
        }
        let zh = t.zh.clone().unwrap_or_default();
        let en = t.en.clone().unwrap_or_default();
        if !has_cjk(&zh) {
            self.warn(
                file,
                join(&path, p!["zh"]),
                format!("{what}: the \"zh\" text has no Chinese characters; is it translated?"),
            );
        } else if has_cjk(&en) {
            self.warn(
                file,
                join(&path, p!["en"]),
                format!("{what}: the \"en\" text contains Chinese characters"),
            );
        }
        let mut text = Text::new(zh, en);
        if let Some(hant) = &t.zh_hant {
            if !has_cjk(hant) {
                self.warn(
                    file,
                    join(&path, p!["zh-Hant"]),
                    format!(
                        "{what}: the \"zh-Hant\" text has no Chinese characters; is it translated?"
                    ),
                );
            }
            text = text.with(Lang::ZhHant, hant.clone());
        }
        Some(text)
    }

    fn req_text(
        &mut self,
        file: usize,
        base: &YamlPath,
        field: &str,
        t: &Option<RawText>,
        what: &str,
    ) -> Option<Text> {
        match t {
            Some(t) => self.text(file, join(base, p![field]), t, what),
            None => {
                self.err(file, base.clone(), format!("{what} is missing"));
                None
            }
        }
    }

    fn opt_text(
        &mut self,
        file: usize,
        base: &YamlPath,
        field: &str,
        t: &Option<RawText>,
        what: &str,
    ) -> Option<Option<Text>> {
        match t {
            Some(t) => self.text(file, join(base, p![field]), t, what).map(Some),
            None => Some(None),
        }
    }

    /// A field that must name one of a fixed set of values: reported at
    /// the node when missing, at the field when unknown.
    #[allow(clippy::too_many_arguments)]
    fn one_of<T: Copy>(
        &mut self,
        file: usize,
        base: &YamlPath,
        field: &str,
        value: Option<&str>,
        all: &[T],
        key: fn(T) -> &'static str,
        missing: impl FnOnce() -> String,
        unknown: impl FnOnce(&str, String) -> String,
    ) -> Option<T> {
        let Some(v) = value else {
            self.err(file, base.clone(), missing());
            return None;
        };
        let found = all.iter().copied().find(|&x| key(x) == v);
        if found.is_none() {
            self.err(file, join(base, p![field]), unknown(v, list(all, key)));
        }
        found
    }

    fn texts(
        &mut self,
        file: usize,
        base: &YamlPath,
        field: &str,
        ts: &[RawText],
        what: &str,
    ) -> Vec<Text> {
        ts.iter()
            .enumerate()
            .filter_map(|(i, t)| {
                self.text(
                    file,
                    join(base, p![field, i]),
                    t,
                    &format!("{what} {}", i + 1),
                )
            })
            .collect()
    }

    fn build(&mut self, parsed: &[Option<RawFile>]) -> Option<RuleSet> {
        // Pass 1: ids, start, sources, evidence, so that references can be
        // checked in any order.
        let mut start: Option<(String, usize)> = None;
        let mut ids: HashMap<String, NodeRef> = HashMap::new();
        let mut order: Vec<(String, NodeRef)> = Vec::new();
        let mut sources = BTreeMap::new();
        let mut evidence = BTreeMap::new();
        let mut evidence_where: HashMap<String, usize> = HashMap::new();
        let mut source_where: HashMap<String, usize> = HashMap::new();

        for (fi, raw) in parsed.iter().enumerate() {
            let Some(raw) = raw else { continue };
            if let Some(s) = &raw.start {
                match &start {
                    Some((_, first)) => {
                        let first_name = self.files[*first].name.clone();
                        self.err(
                            fi,
                            p!["start"],
                            format!("the start node is set twice (also in {first_name}); set it in one file only"),
                        );
                    }
                    None => start = Some((s.clone(), fi)),
                }
            }
            for (key, src) in &raw.sources {
                let base = p!["sources", key];
                if let Some(&other) = source_where.get(key) {
                    let name = self.files[other].name.clone();
                    self.err(
                        fi,
                        base,
                        format!("source \"{key}\" is defined twice (also in {name})"),
                    );
                    continue;
                }
                source_where.insert(key.clone(), fi);
                let file = match &src.file {
                    Some(f) if !f.trim().is_empty() => f.clone(),
                    _ => {
                        self.err(fi, base.clone(), format!("source \"{key}\" has no file"));
                        String::new()
                    }
                };
                let title = self.req_text(
                    fi,
                    &base,
                    "title",
                    &src.title,
                    &format!("the title of source \"{key}\""),
                );
                if let Some(title) = title {
                    sources.insert(key.clone(), Source { file, title });
                }
            }
            for (key, t) in &raw.evidence {
                if let Some(&other) = evidence_where.get(key) {
                    let name = self.files[other].name.clone();
                    self.err(
                        fi,
                        p!["evidence", key],
                        format!("evidence \"{key}\" is defined twice (also in {name})"),
                    );
                    continue;
                }
                evidence_where.insert(key.clone(), fi);
                if let Some(t) =
                    self.text(fi, p!["evidence", key], t, &format!("evidence \"{key}\""))
                {
                    evidence.insert(key.clone(), t);
                }
            }
            for (ni, node) in raw.nodes.iter().enumerate() {
                let base = p!["nodes", ni];
                let Some(id) = &node.id else {
                    self.err(fi, base, format!("node {} has no id", ni + 1));
                    continue;
                };
                if !valid_id(id) {
                    self.err(
                        fi,
                        join(&base, p!["id"]),
                        format!("id \"{id}\" is not valid: use lower-case letters, digits, '_' and '.', like \"network.weak_signal\""),
                    );
                }
                let here = NodeRef {
                    file: fi,
                    index: ni,
                };
                if let Some(first) = ids.get(id).copied() {
                    let (l, c) =
                        self.position_of(first.file, &p!["nodes", first.index, "id"], parsed);
                    let name = self.files[first.file].name.clone();
                    self.err(
                        fi,
                        join(&base, p!["id"]),
                        format!("duplicate id \"{id}\" (first defined at {name}:{l}:{c})"),
                    );
                    continue;
                }
                ids.insert(id.clone(), here);
                order.push((id.clone(), here));
            }
        }

        let start_id = match &start {
            Some((s, _)) => Some(s.clone()),
            None => {
                if let Some(fi) = parsed.iter().position(|p| p.is_some()) {
                    self.err(
                        fi,
                        vec![],
                        "no file sets `start:`, the id of the first question",
                    );
                }
                None
            }
        };
        if let (Some((s, fi)), false) = (
            &start,
            start_id.as_ref().is_some_and(|s| ids.contains_key(s)),
        ) {
            let fi = *fi;
            let s = s.clone();
            self.err(
                fi,
                p!["start"],
                format!("the start node \"{s}\" does not exist"),
            );
        }

        // Pass 2: each node in full.
        let index_of: HashMap<&str, NodeIdx> = order
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.as_str(), NodeIdx(i as u32)))
            .collect();
        let kind_of = |id: &str| -> Option<&str> {
            let r = ids.get(id)?;
            parsed[r.file].as_ref()?.nodes[r.index].kind.as_deref()
        };
        let mut nodes: Vec<Option<Node>> = Vec::with_capacity(order.len());
        for (id, r) in &order {
            let raw = &parsed[r.file].as_ref().expect("parsed").nodes[r.index];
            let node = self.node(
                r.file,
                &p!["nodes", r.index],
                id,
                raw,
                &index_of,
                &kind_of,
                &sources,
                &evidence,
            );
            nodes.push(node);
        }

        // Codes.
        let mut codes = Vec::new();
        let mut code_where: HashMap<String, (usize, usize)> = HashMap::new();
        for (fi, raw) in parsed.iter().enumerate() {
            let Some(raw) = raw else { continue };
            for (ci, c) in raw.codes.iter().enumerate() {
                if let Some(rc) = self.code(
                    fi,
                    ci,
                    c,
                    &index_of,
                    &kind_of,
                    &nodes,
                    &mut code_where,
                    parsed,
                ) {
                    codes.push(rc);
                }
            }
        }

        // Graph checks need complete edges; they use the raw references so
        // that they still run when some node had other errors.
        let edges: Vec<Vec<(usize, YamlPath)>> = order
            .iter()
            .map(|(_, r)| {
                let raw = &parsed[r.file].as_ref().expect("parsed").nodes[r.index];
                let mut out = Vec::new();
                for (ai, a) in raw.answers.iter().flatten().enumerate() {
                    if let Some(t) = a.next.as_deref().and_then(|n| index_of.get(n)) {
                        out.push((t.get(), p!["answers", ai, "next"]));
                    }
                }
                if let Some(t) = raw.escalation.as_deref().and_then(|n| index_of.get(n)) {
                    out.push((t.get(), p!["escalation"]));
                }
                out
            })
            .collect();
        if let Some(s) = start_id.as_deref().and_then(|s| index_of.get(s)) {
            self.graph(s.get(), &order, &edges, parsed);
        }

        if self.pending.iter().any(|p| p.severity == Severity::Error) {
            return None;
        }
        let nodes: Vec<Node> = nodes.into_iter().collect::<Option<_>>()?;
        let start = *index_of.get(start_id.as_deref()?)?;
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
            start_id: start_id?,
            sources,
            evidence,
            nodes,
            codes,
            by_id,
            by_code,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn node<'p>(
        &mut self,
        fi: usize,
        base: &YamlPath,
        id: &str,
        raw: &RawNode,
        index_of: &HashMap<&str, NodeIdx>,
        kind_of: &dyn Fn(&str) -> Option<&'p str>,
        sources: &BTreeMap<String, Source>,
        evidence: &BTreeMap<String, Text>,
    ) -> Option<Node> {
        let mut ok = true;
        let category = self.one_of(
            fi,
            base,
            "category",
            raw.category.as_deref(),
            &Category::ALL,
            Category::key,
            || format!("node \"{id}\" has no category"),
            |c, all| format!("unknown category \"{c}\" in node \"{id}\"; it must be one of: {all}"),
        );
        let kind = match raw.kind.as_deref() {
            None => {
                self.err(
                    fi,
                    base.clone(),
                    format!(
                        "node \"{id}\" has no kind (question, diagnosis, escalation or resolved)"
                    ),
                );
                return None;
            }
            Some("question") => NodeKind::Question,
            Some("diagnosis") => NodeKind::Diagnosis,
            Some("escalation") => NodeKind::Escalation,
            Some("resolved") => NodeKind::Resolved,
            Some(k) => {
                self.err(
                    fi,
                    join(base, p!["kind"]),
                    format!("unknown kind \"{k}\" in node \"{id}\"; it must be question, diagnosis, escalation or resolved"),
                );
                return None;
            }
        };

        // Fields that belong to other kinds are mistakes, not extras.
        let allowed: &[&str] = match kind {
            NodeKind::Question => &["text", "why", "say", "answers"],
            NodeKind::Diagnosis => &[
                "title",
                "detail",
                "steps",
                "prevention",
                "escalation",
                "likelihood",
                "sources",
            ],
            NodeKind::Escalation => &["text", "say", "contact", "have_ready"],
            NodeKind::Resolved => &["title", "text", "prevention"],
        };
        let present = [
            ("text", raw.text.is_some()),
            ("title", raw.title.is_some()),
            ("detail", raw.detail.is_some()),
            ("why", raw.why.is_some()),
            ("say", raw.say.is_some()),
            ("answers", raw.answers.is_some()),
            ("steps", raw.steps.is_some()),
            ("prevention", raw.prevention.is_some()),
            ("escalation", raw.escalation.is_some()),
            ("likelihood", raw.likelihood.is_some()),
            ("sources", raw.sources.is_some()),
            ("contact", raw.contact.is_some()),
            ("have_ready", raw.have_ready.is_some()),
        ];
        for (field, is) in present {
            if is && !allowed.contains(&field) {
                self.err(
                    fi,
                    join(base, p![field]),
                    format!(
                        "`{field}` does not belong in a {} node (\"{id}\")",
                        kind.key()
                    ),
                );
                ok = false;
            }
        }

        let what = |f: &str| format!("the {f} of \"{id}\"");
        let mut warnings = Vec::new();
        for (wi, w) in raw.warnings.iter().enumerate() {
            let wp = join(base, p!["warnings", wi]);
            let wk = self.one_of(
                fi,
                &wp,
                "kind",
                w.kind.as_deref(),
                &WarningKind::ALL,
                WarningKind::key,
                || format!("warning {} of \"{id}\" has no kind", wi + 1),
                |k, all| format!("unknown warning kind \"{k}\"; it must be one of: {all}"),
            );
            let text = self.req_text(
                fi,
                &wp,
                "text",
                &w.text,
                &format!("warning {} of \"{id}\"", wi + 1),
            );
            match (wk, text) {
                (Some(kind), Some(text)) => warnings.push(Warning { kind, text }),
                _ => ok = false,
            }
        }

        let charge_outcome_unknown = match raw.charge_outcome.as_deref() {
            None => false,
            Some("unknown") => true,
            Some("known") => false,
            Some(v) => {
                self.err(
                    fi,
                    join(base, p!["charge_outcome"]),
                    format!("charge_outcome must be \"unknown\" (or left out), not \"{v}\""),
                );
                false
            }
        };
        let first_is_money =
            raw.warnings.first().and_then(|w| w.kind.as_deref()) == Some("money_safety");
        if charge_outcome_unknown && !first_is_money {
            self.err(
                fi,
                base.clone(),
                format!("node \"{id}\" has charge_outcome: unknown, so its first warning must be a money_safety warning (do not charge the card again until the transaction record is checked)"),
            );
            ok = false;
        }
        for (wi, w) in raw.warnings.iter().enumerate().skip(1) {
            if w.kind.as_deref() == Some("money_safety") {
                self.err(
                    fi,
                    join(base, p!["warnings", wi]),
                    format!("the money_safety warning of \"{id}\" must come first, before every other warning"),
                );
                ok = false;
            }
        }
        if first_is_money && !charge_outcome_unknown {
            self.warn(
                fi,
                base.clone(),
                format!("node \"{id}\" carries a money_safety warning but not charge_outcome: unknown; add it so the warning is required"),
            );
        }

        let messages = self.texts(
            fi,
            base,
            "messages",
            &raw.messages,
            &format!("terminal message of \"{id}\""),
        );
        let keywords = raw
            .keywords
            .as_ref()
            .map(|k| Keywords {
                zh: k.zh.clone(),
                en: k.en.clone(),
            })
            .unwrap_or_default();

        let body = match kind {
            NodeKind::Question => {
                let text = self.req_text(fi, base, "text", &raw.text, &what("question"));
                let why = self.opt_text(fi, base, "why", &raw.why, &what("\"why we ask\""));
                let say = self.opt_text(fi, base, "say", &raw.say, &what("read-aloud line"));
                let answers = match &raw.answers {
                    None => {
                        self.err(
                            fi,
                            base.clone(),
                            format!("question \"{id}\" has no answers"),
                        );
                        None
                    }
                    Some(a) if a.is_empty() => {
                        self.err(
                            fi,
                            join(base, p!["answers"]),
                            format!("question \"{id}\" has no answers"),
                        );
                        None
                    }
                    Some(list) => {
                        if list.len() > 9 {
                            self.warn(
                                fi,
                                join(base, p!["answers", 9]),
                                format!("question \"{id}\" has {} answers; only 1-9 can be picked with one key", list.len()),
                            );
                        }
                        let mut out = Vec::new();
                        for (ai, a) in list.iter().enumerate() {
                            let ap = join(base, p!["answers", ai]);
                            let text = self.req_text(
                                fi,
                                &ap,
                                "text",
                                &a.text,
                                &format!("answer {} of \"{id}\"", ai + 1),
                            );
                            let next = match a.next.as_deref() {
                                None => {
                                    self.err(
                                        fi,
                                        ap.clone(),
                                        format!("answer {} of \"{id}\" has no `next`", ai + 1),
                                    );
                                    None
                                }
                                Some(n) => match index_of.get(n) {
                                    Some(&t) => Some((t, n.to_string())),
                                    None => {
                                        self.err(
                                            fi,
                                            join(&ap, p!["next"]),
                                            format!("answer {} of \"{id}\" points to \"{n}\", which does not exist", ai + 1),
                                        );
                                        None
                                    }
                                },
                            };
                            if let (Some(text), Some((next, next_id))) = (text, next) {
                                out.push(Answer {
                                    text,
                                    next,
                                    next_id,
                                });
                            }
                        }
                        (out.len() == list.len()).then_some(out)
                    }
                };
                match (text, why, say, answers) {
                    (Some(text), Some(why), Some(say), Some(answers)) => {
                        NodeBody::Question(Question {
                            text,
                            why,
                            say,
                            answers,
                        })
                    }
                    _ => return None,
                }
            }
            NodeKind::Diagnosis => {
                let title = self.req_text(fi, base, "title", &raw.title, &what("title"));
                let detail = self.opt_text(fi, base, "detail", &raw.detail, &what("detail"));
                let likelihood = self.one_of(
                    fi,
                    base,
                    "likelihood",
                    raw.likelihood.as_deref(),
                    &Likelihood::ALL,
                    Likelihood::key,
                    || format!("diagnosis \"{id}\" has no likelihood (high, medium or low)"),
                    |l, _| format!("unknown likelihood \"{l}\" in \"{id}\"; it must be high, medium or low"),
                );
                let src = match &raw.sources {
                    None => {
                        self.err(
                            fi,
                            base.clone(),
                            format!(
                                "diagnosis \"{id}\" names no sources (the articles it came from)"
                            ),
                        );
                        None
                    }
                    Some(s) if s.is_empty() => {
                        self.err(
                            fi,
                            join(base, p!["sources"]),
                            format!(
                                "diagnosis \"{id}\" names no sources (the articles it came from)"
                            ),
                        );
                        None
                    }
                    Some(s) => {
                        let mut good = true;
                        for (si, key) in s.iter().enumerate() {
                            if !sources.contains_key(key) {
                                let known = sources.keys().cloned().collect::<Vec<_>>().join(", ");
                                self.err(
                                    fi,
                                    join(base, p!["sources", si]),
                                    format!("unknown source \"{key}\" in \"{id}\"; known sources: {known}"),
                                );
                                good = false;
                            }
                        }
                        good.then(|| s.clone())
                    }
                };
                let steps = match &raw.steps {
                    None => {
                        self.err(
                            fi,
                            base.clone(),
                            format!("diagnosis \"{id}\" has no remedy steps"),
                        );
                        None
                    }
                    Some(s) if s.is_empty() => {
                        self.err(
                            fi,
                            join(base, p!["steps"]),
                            format!("diagnosis \"{id}\" has no remedy steps"),
                        );
                        None
                    }
                    Some(s) => {
                        let mut out = Vec::new();
                        for (si, st) in s.iter().enumerate() {
                            let sp = join(base, p!["steps", si]);
                            let label = format!("step {} of \"{id}\"", si + 1);
                            let text = self.req_text(fi, &sp, "text", &st.text, &label);
                            let who = self.one_of(
                                fi,
                                &sp,
                                "who",
                                st.who.as_deref(),
                                &Actor::ALL,
                                Actor::key,
                                || format!("{label} does not say who does it (staff, cardholder, provider or bank)"),
                                |w, all| format!("{label}: unknown actor \"{w}\"; it must be one of: {all}"),
                            );
                            let minutes = match st.minutes {
                                None => {
                                    self.err(
                                        fi,
                                        sp.clone(),
                                        format!("{label} has no estimated time (`minutes`)"),
                                    );
                                    None
                                }
                                Some(m) if !(0..=10080).contains(&m) => {
                                    self.err(fi, join(&sp, p!["minutes"]), format!("{label}: minutes must be between 0 and 10080 (one week), not {m}"));
                                    None
                                }
                                Some(m) => Some(m as u32),
                            };
                            if let (Some(text), Some(who), Some(minutes)) = (text, who, minutes) {
                                out.push(RemedyStep { text, who, minutes });
                            }
                        }
                        (out.len() == s.len()).then_some(out)
                    }
                };
                let prevention = self.texts(
                    fi,
                    base,
                    "prevention",
                    raw.prevention.as_deref().unwrap_or(&[]),
                    &what("prevention advice"),
                );
                let escalation = match raw.escalation.as_deref() {
                    None => {
                        self.err(fi, base.clone(), format!("diagnosis \"{id}\" has no escalation (whom to contact when no step works)"));
                        None
                    }
                    Some(e) => match (index_of.get(e), kind_of(e)) {
                        (Some(&t), Some("escalation")) => Some((t, e.to_string())),
                        (Some(_), other) => {
                            self.err(
                                fi,
                                join(base, p!["escalation"]),
                                format!("the escalation of \"{id}\" points to \"{e}\", which is {}, not an escalation", kind_phrase(other)),
                            );
                            None
                        }
                        (None, _) => {
                            self.err(
                                fi,
                                join(base, p!["escalation"]),
                                format!("the escalation of \"{id}\" points to \"{e}\", which does not exist"),
                            );
                            None
                        }
                    },
                };
                match (title, detail, likelihood, src, steps, escalation) {
                    (
                        Some(title),
                        Some(detail),
                        Some(likelihood),
                        Some(sources),
                        Some(steps),
                        Some((escalation, escalation_id)),
                    ) => NodeBody::Diagnosis(Diagnosis {
                        title,
                        detail,
                        likelihood,
                        sources,
                        steps,
                        prevention,
                        escalation,
                        escalation_id,
                    }),
                    _ => return None,
                }
            }
            NodeKind::Escalation => {
                let text = self.req_text(fi, base, "text", &raw.text, &what("escalation text"));
                let say = self.opt_text(fi, base, "say", &raw.say, &what("read-aloud line"));
                let contact = self.one_of(
                    fi,
                    base,
                    "contact",
                    raw.contact.as_deref(),
                    &Contact::ALL,
                    Contact::key,
                    || format!("escalation \"{id}\" does not say whom to contact (`contact`)"),
                    |c, all| {
                        format!("unknown contact \"{c}\" in \"{id}\"; it must be one of: {all}")
                    },
                );
                let have_ready = match &raw.have_ready {
                    None => {
                        self.err(fi, base.clone(), format!("escalation \"{id}\" does not list what to have ready (`have_ready`)"));
                        None
                    }
                    Some(h) if h.is_empty() => {
                        self.err(fi, join(base, p!["have_ready"]), format!("escalation \"{id}\" does not list what to have ready (`have_ready`)"));
                        None
                    }
                    Some(h) => {
                        let mut good = true;
                        for (hi, key) in h.iter().enumerate() {
                            if !evidence.contains_key(key) {
                                let known = evidence.keys().cloned().collect::<Vec<_>>().join(", ");
                                self.err(
                                    fi,
                                    join(base, p!["have_ready", hi]),
                                    format!("unknown evidence \"{key}\" in \"{id}\"; define it under `evidence:` (known: {known})"),
                                );
                                good = false;
                            }
                        }
                        good.then(|| h.clone())
                    }
                };
                match (text, say, contact, have_ready) {
                    (Some(text), Some(say), Some(contact), Some(have_ready)) => {
                        NodeBody::Escalation(Escalation {
                            contact,
                            text,
                            say,
                            have_ready,
                        })
                    }
                    _ => return None,
                }
            }
            NodeKind::Resolved => {
                let title = self.req_text(fi, base, "title", &raw.title, &what("title"));
                let text = self.req_text(fi, base, "text", &raw.text, &what("text"));
                let prevention = self.texts(
                    fi,
                    base,
                    "prevention",
                    raw.prevention.as_deref().unwrap_or(&[]),
                    &what("prevention advice"),
                );
                match (title, text) {
                    (Some(title), Some(text)) => NodeBody::Resolved(Resolved {
                        title,
                        text,
                        prevention,
                    }),
                    _ => return None,
                }
            }
        };
        if !ok {
            return None;
        }
        Some(Node {
            id: id.to_string(),
            category: category?,
            charge_outcome_unknown,
            warnings,
            messages,
            keywords,
            body,
            origin: Origin {
                file: self.files[fi].name.clone(),
            },
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn code<'p>(
        &mut self,
        fi: usize,
        ci: usize,
        c: &RawCode,
        index_of: &HashMap<&str, NodeIdx>,
        kind_of: &dyn Fn(&str) -> Option<&'p str>,
        nodes: &[Option<Node>],
        code_where: &mut HashMap<String, (usize, usize)>,
        parsed: &[Option<RawFile>],
    ) -> Option<ResponseCode> {
        let base = p!["codes", ci];
        let code = match c.code.as_deref() {
            None => {
                self.err(
                    fi,
                    base.clone(),
                    format!("code entry {} has no `code`", ci + 1),
                );
                return None;
            }
            Some(code) => {
                let valid = code.len() == 2
                    && code
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
                if !valid {
                    self.err(
                        fi,
                        join(&base, p!["code"]),
                        format!("\"{code}\" is not a response code: use two digits or capital letters, quoted, like \"05\" or \"A0\""),
                    );
                    return None;
                }
                code.to_string()
            }
        };
        if let Some(&(ofile, oidx)) = code_where.get(&code) {
            let (l, col) = self.position_of(ofile, &p!["codes", oidx, "code"], parsed);
            let name = self.files[ofile].name.clone();
            self.err(
                fi,
                join(&base, p!["code"]),
                format!("response code \"{code}\" is mapped twice (first at {name}:{l}:{col})"),
            );
            return None;
        }
        code_where.insert(code.clone(), (fi, ci));
        let label = format!("response code \"{code}\"");
        let target = match c.node.as_deref() {
            None => {
                self.err(
                    fi,
                    base.clone(),
                    format!("{label} does not name the node that handles it (`node`)"),
                );
                None
            }
            Some(n) => match (index_of.get(n), kind_of(n)) {
                (Some(&t), Some("question" | "diagnosis")) => Some((t, n.to_string())),
                (Some(_), k) => {
                    self.err(
                        fi,
                        join(&base, p!["node"]),
                        format!("{label} maps to \"{n}\", which is {}; it must map to a question or a diagnosis", kind_phrase(k)),
                    );
                    None
                }
                (None, _) => {
                    self.err(
                        fi,
                        join(&base, p!["node"]),
                        format!("{label} maps to \"{n}\", which does not exist"),
                    );
                    None
                }
            },
        };
        let class = match c.class.as_deref() {
            Some(k) if !matches!(k, "A" | "B" | "C" | "D" | "E") => {
                self.err(
                    fi,
                    join(&base, p!["class"]),
                    format!("{label}: class must be one of A, B, C, D, E, not \"{k}\""),
                );
                None
            }
            other => Some(other.map(str::to_string)),
        };
        let charge_outcome_unknown = match c.charge_outcome.as_deref() {
            None | Some("known") => Some(false),
            Some("unknown") => Some(true),
            Some(v) => {
                self.err(
                    fi,
                    join(&base, p!["charge_outcome"]),
                    format!("charge_outcome must be \"unknown\" (or left out), not \"{v}\""),
                );
                None
            }
        };
        if let (Some(true), Some((t, n))) = (charge_outcome_unknown, &target) {
            if let Some(node) = &nodes[t.get()] {
                if !node.charge_outcome_unknown {
                    self.err(
                        fi,
                        join(&base, p!["node"]),
                        format!("{label} leaves the charge outcome unknown, so \"{n}\" must have charge_outcome: unknown and a money_safety warning first"),
                    );
                }
            }
        }
        let terminal_text = self.req_text(
            fi,
            &base,
            "terminal_text",
            &c.terminal_text,
            &format!("the terminal text of {label}"),
        );
        let meaning = self.req_text(
            fi,
            &base,
            "meaning",
            &c.meaning,
            &format!("the meaning of {label}"),
        );
        let who_acts = self.req_text(
            fi,
            &base,
            "who_acts",
            &c.who_acts,
            &format!("\"who acts\" of {label}"),
        );
        let (node, node_id) = target?;
        Some(ResponseCode {
            code,
            node,
            node_id,
            class: class?,
            charge_outcome_unknown: charge_outcome_unknown?,
            terminal_text: terminal_text?,
            meaning: meaning?,
            who_acts: who_acts?,
        })
    }

    /// Reachability from the start, and questions that can never reach an
    /// end (loops with no way out).
    fn graph(
        &mut self,
        start: usize,
        order: &[(String, NodeRef)],
        edges: &[Vec<(usize, YamlPath)>],
        parsed: &[Option<RawFile>],
    ) {
        let n = order.len();
        let mut reached = vec![false; n];
        let mut queue = VecDeque::from([start]);
        reached[start] = true;
        while let Some(i) = queue.pop_front() {
            for (t, _) in &edges[i] {
                if !reached[*t] {
                    reached[*t] = true;
                    queue.push_back(*t);
                }
            }
        }
        for (i, (id, r)) in order.iter().enumerate() {
            if !reached[i] {
                let start_id = &order[start].0;
                self.err(
                    r.file,
                    p!["nodes", r.index, "id"],
                    format!("node \"{id}\" cannot be reached from the start node \"{start_id}\"; link it from an answer or remove it"),
                );
            }
        }
        // A node can finish if it is an end itself or some answer leads to
        // a node that can finish. Work backwards from the ends.
        let kind = |i: usize| -> Option<&str> {
            let r = order[i].1;
            parsed[r.file].as_ref()?.nodes[r.index].kind.as_deref()
        };
        let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, out) in edges.iter().enumerate() {
            for (t, _) in out {
                reverse[*t].push(i);
            }
        }
        let mut finishes = vec![false; n];
        let mut queue: VecDeque<usize> = VecDeque::new();
        for (i, f) in finishes.iter_mut().enumerate() {
            if matches!(kind(i), Some("diagnosis" | "escalation" | "resolved")) {
                *f = true;
                queue.push_back(i);
            }
        }
        while let Some(i) = queue.pop_front() {
            for &from in &reverse[i] {
                if !finishes[from] && kind(from) == Some("question") {
                    finishes[from] = true;
                    queue.push_back(from);
                }
            }
        }
        for i in 0..n {
            if !reached[i] || finishes[i] || kind(i) != Some("question") {
                continue;
            }
            // Questions with no answers are reported on their own.
            let r = order[i].1;
            let has_answers = parsed[r.file]
                .as_ref()
                .and_then(|f| f.nodes[r.index].answers.as_ref())
                .is_some_and(|a| !a.is_empty());
            let has_dangling = parsed[r.file]
                .as_ref()
                .and_then(|f| f.nodes[r.index].answers.as_ref())
                .is_some_and(|a| {
                    a.iter().any(|a| {
                        a.next
                            .as_deref()
                            .is_some_and(|n| !order.iter().any(|(id, _)| id == n))
                    })
                });
            if !has_answers || has_dangling {
                continue;
            }
            let targets: Vec<&str> = edges[i].iter().map(|(t, _)| order[*t].0.as_str()).collect();
            let id = &order[i].0;
            // On a cycle of its own kind, or merely upstream of a dead end?
            let mut seen = vec![false; n];
            let mut stack: Vec<usize> = edges[i].iter().map(|(t, _)| *t).collect();
            let mut cyclic = false;
            while let Some(j) = stack.pop() {
                if j == i {
                    cyclic = true;
                    break;
                }
                if !seen[j] && !finishes[j] {
                    seen[j] = true;
                    stack.extend(edges[j].iter().map(|(t, _)| *t));
                }
            }
            let message = if cyclic {
                format!(
                    "question \"{id}\" is in a loop with no way out: its answers ({}) only lead back round, never to a diagnosis, escalation or resolved node",
                    targets.join(", ")
                )
            } else {
                format!(
                    "question \"{id}\" leads only to dead ends: none of its answers ({}) ever reaches a diagnosis, escalation or resolved node",
                    targets.join(", ")
                )
            };
            self.err(r.file, p!["nodes", r.index, "id"], message);
        }
    }

    /// Position of a path in a file (used for "first defined at").
    fn position_of(
        &self,
        file: usize,
        path: &YamlPath,
        _parsed: &[Option<RawFile>],
    ) -> (usize, usize) {
        let text = std::str::from_utf8(&self.files[file].bytes).unwrap_or("");
        Locator::new(text).locate(path)
    }

    /// Turns pending problems into located ones; each file with problems is
    /// scanned for positions once.
    fn resolve(&mut self) -> Vec<Problem> {
        let mut locators: HashMap<usize, Locator> = HashMap::new();
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
