//! Loading and validating practice cases against a rule set. Every problem
//! is collected and located (`file:line:column`, like the rules' own), and
//! a [`PracticeSet`] is built only when there are no errors.
//!
//! Beyond the shape of each case, the checks prove what a trainer relies
//! on: each right diagnosis is reachable from the start question by
//! following the case's facts (and the par is the fewest answers that do
//! it), each warning that must be seen lies on that way, and each trap sits
//! on a node the tree can reach.

use super::model::{
    Difficulty, Fact, FindingFact, PathStep, PracticeCase, PracticeSet, Trap, TrapAt,
};
use crate::rules::yaml::{self, Locator, Seg, YamlPath};
use crate::rules::{
    Category, FindingNext, InputFile, Lang, NodeBody, NodeIdx, Problem, RuleSet, Severity,
    StepKind, Text,
};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::Path;

/// The subdirectory of a rules directory that holds the practice cases. The
/// rules loader reads only the files directly in the rules directory, so
/// these are never taken for rules.
pub const TRAINING_DIR: &str = "training";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    cases: Vec<RawCase>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    #[serde(default)]
    zh: Option<String>,
    #[serde(default)]
    en: Option<String>,
    #[serde(default, rename = "zh-Hant")]
    zh_hant: Option<String>,
}

/// A number or a word, as `difficulty: 2` or `difficulty: medium`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawScalar {
    Number(i64),
    Word(String),
}

/// One answer (`answer: 2`) or several (`answer: [2, 7]`), 1-based.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawAnswers {
    One(i64),
    Many(Vec<i64>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    #[serde(default)]
    answer: Option<RawAnswers>,
    #[serde(default)]
    says: Option<RawText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFinding {
    #[serde(default)]
    node: Option<String>,
    #[serde(default)]
    step: Option<i64>,
    #[serde(default)]
    finding: Option<i64>,
    #[serde(default)]
    says: Option<RawText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrap {
    #[serde(default)]
    node: Option<String>,
    #[serde(default)]
    answer: Option<i64>,
    #[serde(default)]
    step: Option<i64>,
    #[serde(default)]
    why: Option<RawText>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<RawText>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    difficulty: Option<RawScalar>,
    #[serde(default)]
    story: Option<RawText>,
    #[serde(default)]
    facts: BTreeMap<String, RawFact>,
    #[serde(default)]
    findings: Vec<RawFinding>,
    #[serde(default)]
    right: Vec<String>,
    #[serde(default)]
    must_see: Vec<String>,
    #[serde(default)]
    traps: Vec<RawTrap>,
}

/// The result of loading practice cases: the set when there were no
/// errors, and every problem found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TrainingLoaded {
    pub set: Option<PracticeSet>,
    pub problems: Vec<Problem>,
    /// How many practice files were found, read or not.
    pub files: usize,
}

impl TrainingLoaded {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    /// How many cases loaded (0 when the set has errors).
    pub fn case_count(&self) -> usize {
        self.set.as_ref().map_or(0, PracticeSet::len)
    }

    /// The practice set, or an error listing every problem.
    pub fn into_result(self) -> anyhow::Result<PracticeSet> {
        if let Some(set) = self.set {
            return Ok(set);
        }
        let mut msg = String::from("the practice cases have errors:\n");
        for p in &self.problems {
            msg.push_str(&format!("  {p}\n"));
        }
        msg.push_str("run `posdoc check` for the full report");
        Err(anyhow::anyhow!(msg))
    }
}

/// Loads `DIR/training` for `--rules DIR`: no cases when it does not exist.
/// The build script loads the bundled cases this way too.
pub fn load_dir(rules_dir: &Path, rules: &RuleSet) -> TrainingLoaded {
    let dir = rules_dir.join(TRAINING_DIR);
    if !dir.is_dir() {
        return TrainingLoaded::default();
    }
    // The rules' bounded reader: size limits, special files refused. An
    // empty directory is simply no cases.
    match crate::rules::read_dir(&dir) {
        Ok((files, mut early)) => {
            let mut loaded = load_files(rules, &files);
            loaded.files += early.len();
            if !early.is_empty() {
                early.append(&mut loaded.problems);
                loaded.problems = early;
                loaded.set = None;
            }
            loaded
        }
        Err(e) => match e.downcast_ref::<crate::rules::RulesDirError>() {
            Some(crate::rules::RulesDirError::Empty { .. }) => TrainingLoaded::default(),
            _ => TrainingLoaded {
                set: None,
                problems: vec![Problem {
                    file: dir.display().to_string(),
                    line: 1,
                    column: 1,
                    severity: Severity::Error,
                    message: format!("{e:#}"),
                    source: None,
                }],
                files: 0,
            },
        },
    }
}

/// Validates practice files against `rules` and builds the set.
pub fn load_files(rules: &RuleSet, files: &[InputFile]) -> TrainingLoaded {
    let mut c = Checker {
        rules,
        files,
        pending: Vec::new(),
        reachable: reachable_from_start(rules),
        seen_ids: HashMap::new(),
    };
    let mut cases = Vec::new();
    for (file, input) in files.iter().enumerate() {
        let parsed = yaml::decode(&input.bytes).and_then(|text| {
            if text.trim().is_empty() {
                Ok(RawFile::default())
            } else {
                yaml::parse::<RawFile>(text)
            }
        });
        match parsed {
            Ok(raw) => {
                for (i, case) in raw.cases.iter().enumerate() {
                    if let Some(built) = c.case(file, i, case) {
                        cases.push(built);
                    }
                }
            }
            Err(loc) => c.pending.push(Pending {
                file,
                at: At::Pos(loc.line, loc.column),
                severity: Severity::Error,
                message: loc.message,
            }),
        }
    }
    let problems = c.resolve();
    let ok = !problems.iter().any(|p| p.severity == Severity::Error);
    TrainingLoaded {
        set: ok.then_some(PracticeSet { cases }),
        problems,
        files: files.len(),
    }
}

enum At {
    Path(YamlPath),
    Pos(usize, usize),
}

struct Pending {
    file: usize,
    at: At,
    severity: Severity,
    message: String,
}

struct Checker<'a> {
    rules: &'a RuleSet,
    files: &'a [InputFile],
    pending: Vec<Pending>,
    /// Nodes the tree reaches from its start, by any answer or finding.
    reachable: Vec<bool>,
    /// Case ids so far, with where they were first defined.
    seen_ids: HashMap<String, (usize, usize)>,
}

fn path(base: &YamlPath, tail: &[&str]) -> YamlPath {
    let mut p = base.clone();
    p.extend(tail.iter().map(|k| Seg::Key((*k).to_string())));
    p
}

fn at_index(base: &YamlPath, key: &str, i: usize) -> YamlPath {
    let mut p = path(base, &[key]);
    p.push(Seg::Index(i));
    p
}

/// Every node the tree reaches from its start: through answers, check
/// findings, and a diagnosis's escalation.
fn reachable_from_start(rules: &RuleSet) -> Vec<bool> {
    let mut seen = vec![false; rules.nodes.len()];
    let mut queue = VecDeque::from([rules.start]);
    seen[rules.start.get()] = true;
    while let Some(i) = queue.pop_front() {
        let mut next: Vec<NodeIdx> = Vec::new();
        match &rules.node(i).body {
            NodeBody::Question(q) => next.extend(q.answers.iter().map(|a| a.next)),
            NodeBody::Diagnosis(d) => {
                next.push(d.escalation);
                for st in &d.steps {
                    for f in &st.found {
                        if let FindingNext::Node { idx, .. } = f.next {
                            next.push(idx);
                        }
                    }
                }
            }
            NodeBody::Escalation(_) | NodeBody::Resolved(_) => {}
        }
        for n in next {
            if !seen[n.get()] {
                seen[n.get()] = true;
                queue.push_back(n);
            }
        }
    }
    seen
}

/// Where following a case's facts from the start question leads.
struct FactWalk {
    /// Each node reached, with the shortest way there (answers taken).
    reached: HashMap<NodeIdx, Vec<PathStep>>,
    /// Questions reached that the facts say nothing about.
    unanswered: Vec<NodeIdx>,
}

fn walk_facts(rules: &RuleSet, facts: &BTreeMap<NodeIdx, Fact>) -> FactWalk {
    let mut reached: HashMap<NodeIdx, Vec<PathStep>> = HashMap::new();
    let mut unanswered = Vec::new();
    reached.insert(rules.start, Vec::new());
    let mut queue = VecDeque::from([rules.start]);
    while let Some(i) = queue.pop_front() {
        // A diagnosis ends the walk: reaching one commits the trainee.
        let Some(q) = rules.node(i).as_question() else {
            continue;
        };
        let Some(fact) = facts.get(&i) else {
            unanswered.push(i);
            continue;
        };
        let way = reached[&i].clone();
        for &a in &fact.answers {
            let next = q.answers[a].next;
            if let std::collections::hash_map::Entry::Vacant(e) = reached.entry(next) {
                let mut w = way.clone();
                w.push(PathStep {
                    question: i,
                    answer: a,
                });
                e.insert(w);
                queue.push_back(next);
            }
        }
    }
    FactWalk {
        reached,
        unanswered,
    }
}

/// A text in both languages, made fit for the terminal as the rules' texts
/// are (control characters left out, line breaks as spaces).
fn text_of(raw: &RawText) -> Option<Text> {
    let fit = |s: &Option<String>| {
        s.as_deref()
            .map(|s| crate::terminal_text::fit_for_terminal(s).0)
            .filter(|s| !s.is_empty())
    };
    let zh = fit(&raw.zh)?;
    let en = fit(&raw.en)?;
    let mut t = Text::new(&zh, &en);
    if let Some(h) = fit(&raw.zh_hant) {
        t = t.with(Lang::ZhHant, &h);
    }
    Some(t)
}

/// A 1-based number from the file, as a 0-based index below `count`.
fn index_in(n: i64, count: usize) -> Option<usize> {
    usize::try_from(n)
        .ok()
        .filter(|&n| (1..=count).contains(&n))
        .map(|n| n - 1)
}

impl Checker<'_> {
    fn err(&mut self, file: usize, at: YamlPath, message: impl Into<String>) {
        self.pending.push(Pending {
            file,
            at: At::Path(at),
            severity: Severity::Error,
            message: message.into(),
        });
    }

    fn warn(&mut self, file: usize, at: YamlPath, message: impl Into<String>) {
        self.pending.push(Pending {
            file,
            at: At::Path(at),
            severity: Severity::Warning,
            message: message.into(),
        });
    }

    /// A required text in both languages.
    fn text(
        &mut self,
        file: usize,
        base: &YamlPath,
        field: &str,
        raw: Option<&RawText>,
        who: &str,
    ) -> Option<Text> {
        let Some(raw) = raw else {
            self.err(
                file,
                base.clone(),
                format!("{who} has no `{field}` (write it in zh and en)"),
            );
            return None;
        };
        let t = text_of(raw);
        if t.is_none() {
            self.err(
                file,
                path(base, &[field]),
                format!("{who}: `{field}` needs both a zh and an en text"),
            );
        }
        t
    }

    /// An optional text; when given, it needs both languages.
    fn optional_text(
        &mut self,
        file: usize,
        base: &YamlPath,
        field: &str,
        raw: Option<&RawText>,
        who: &str,
    ) -> Option<Option<Text>> {
        match raw {
            None => Some(None),
            Some(raw) => {
                let t = text_of(raw);
                if t.is_none() {
                    self.err(
                        file,
                        path(base, &[field]),
                        format!("{who}: `{field}` needs both a zh and an en text"),
                    );
                }
                t.map(Some)
            }
        }
    }

    /// A node id the case refers to, known to the rules.
    fn node(&mut self, file: usize, at: YamlPath, id: &str, who: &str) -> Option<NodeIdx> {
        let found = self.rules.find(id);
        if found.is_none() {
            let hint = closest_id(self.rules, id)
                .map_or_else(String::new, |c| format!("; did you mean `{c}`?"));
            self.err(
                file,
                at,
                format!("{who} names \"{id}\", which is not a node of the rules{hint}"),
            );
        }
        found
    }

    fn case(&mut self, file: usize, index: usize, raw: &RawCase) -> Option<PracticeCase> {
        let rules = self.rules;
        let base: YamlPath = vec![Seg::Key("cases".into()), Seg::Index(index)];
        let mut ok = true;

        let id = match raw.id.as_deref().map(str::trim) {
            Some(id) if valid_id(id) => {
                if let Some(&(f, i)) = self.seen_ids.get(id) {
                    let first = format!("{}, case {}", self.files[f].name, i + 1);
                    self.err(
                        file,
                        path(&base, &["id"]),
                        format!("practice case \"{id}\" is defined twice (first in {first})"),
                    );
                    ok = false;
                } else {
                    self.seen_ids.insert(id.to_string(), (file, index));
                }
                id.to_string()
            }
            Some(id) => {
                self.err(
                    file,
                    path(&base, &["id"]),
                    format!(
                        "practice case id \"{id}\" must be lower-case letters, digits, `_` and `.`"
                    ),
                );
                return None;
            }
            None => {
                self.err(
                    file,
                    base.clone(),
                    format!("practice case {} has no `id`", index + 1),
                );
                return None;
            }
        };
        let who = format!("practice case \"{id}\"");

        let title = self.text(file, &base, "title", raw.title.as_ref(), &who);
        let story = self.text(file, &base, "story", raw.story.as_ref(), &who);

        let category = match raw.category.as_deref() {
            None => {
                self.err(file, base.clone(), format!("{who} has no `category`"));
                None
            }
            Some(c) => {
                let found = Category::from_key(c);
                if found.is_none() {
                    let all: Vec<&str> = Category::ALL.iter().map(|c| c.key()).collect();
                    self.err(
                        file,
                        path(&base, &["category"]),
                        format!(
                            "{who}: unknown category \"{c}\"; it must be one of: {}",
                            all.join(", ")
                        ),
                    );
                }
                found
            }
        };

        let difficulty = match &raw.difficulty {
            None => {
                self.err(
                    file,
                    base.clone(),
                    format!("{who} has no `difficulty` (easy, medium, hard or 1-3)"),
                );
                None
            }
            Some(d) => {
                let text = match d {
                    RawScalar::Number(n) => n.to_string(),
                    RawScalar::Word(w) => w.clone(),
                };
                let found = Difficulty::parse(&text);
                if found.is_none() {
                    self.err(
                        file,
                        path(&base, &["difficulty"]),
                        format!(
                            "{who}: difficulty \"{text}\" must be easy, medium, hard, or 1 to 3"
                        ),
                    );
                }
                found
            }
        };

        // Facts: each on a question, naming answers it has.
        let mut facts: BTreeMap<NodeIdx, Fact> = BTreeMap::new();
        for (node_id, fact) in &raw.facts {
            if let Some((n, built)) = self.fact(file, &base, node_id, fact, &who) {
                facts.insert(n, built);
            } else {
                ok = false;
            }
        }

        // Findings: on a check step of a diagnosis.
        let mut findings = Vec::new();
        for (i, f) in raw.findings.iter().enumerate() {
            let at = at_index(&base, "findings", i);
            if let Some(built) = self.finding_fact(file, &at, f, &who) {
                findings.push(built);
            } else {
                ok = false;
            }
        }

        let walk = walk_facts(rules, &facts);

        // Right diagnoses: diagnoses, reached by the facts.
        let mut right = Vec::new();
        if raw.right.is_empty() {
            self.err(
                file,
                base.clone(),
                format!("{who} has no `right` diagnosis"),
            );
            ok = false;
        }
        for (i, r) in raw.right.iter().enumerate() {
            let at = at_index(&base, "right", i);
            if let Some(n) = self.right_diagnosis(file, at, r, &walk, &who) {
                right.push(n);
            } else {
                ok = false;
            }
        }

        // The best path: the shortest way to a right diagnosis.
        let best_path = right
            .iter()
            .filter_map(|r| walk.reached.get(r))
            .min_by_key(|w| w.len())
            .cloned()
            .unwrap_or_default();

        // Warnings that must be seen: on nodes the facts pass through.
        let mut must_see = Vec::new();
        for (i, m) in raw.must_see.iter().enumerate() {
            let at = at_index(&base, "must_see", i);
            if let Some(n) = self.must_see(file, at, m, &walk, &who) {
                must_see.push(n);
            } else {
                ok = false;
            }
        }

        // Traps: on a node the tree reaches; never the case's own fact.
        let mut traps = Vec::new();
        for (i, t) in raw.traps.iter().enumerate() {
            let at = at_index(&base, "traps", i);
            if let Some(trap) = self.trap(file, &at, t, &facts, &who) {
                traps.push(trap);
            } else {
                ok = false;
            }
        }

        // Facts the walk never uses are harmless but likely a mistake.
        for node_id in raw.facts.keys() {
            if let Some(n) = rules.find(node_id) {
                if facts.contains_key(&n) && !walk.reached.contains_key(&n) {
                    self.warn(
                        file,
                        path(&base, &["facts", node_id]),
                        format!(
                            "{who}: the fact for \"{node_id}\" is never used: following the \
                             facts from the start does not reach that question"
                        ),
                    );
                }
            }
        }

        if !ok {
            return None;
        }
        Some(PracticeCase {
            id,
            title: title?,
            category: category?,
            difficulty: difficulty?,
            story: story?,
            facts,
            findings,
            par: best_path.len(),
            right,
            must_see,
            traps,
            best_path,
            file: self.files[file].name.clone(),
        })
    }

    /// One fact: on a question, naming answers it has.
    fn fact(
        &mut self,
        file: usize,
        base: &YamlPath,
        node_id: &str,
        fact: &RawFact,
        who: &str,
    ) -> Option<(NodeIdx, Fact)> {
        let rules = self.rules;
        let at = path(base, &["facts", node_id]);
        let n = self.node(file, at.clone(), node_id, &format!("{who}: a fact"))?;
        let Some(q) = rules.node(n).as_question() else {
            self.err(
                file,
                at,
                format!(
                    "{who}: a fact is given for \"{node_id}\", which is {}, not a \
                     question; facts answer questions (use `findings` for a check step)",
                    kind_phrase(rules.node(n).kind())
                ),
            );
            return None;
        };
        let numbers: Vec<i64> = match &fact.answer {
            None => {
                self.err(
                    file,
                    at,
                    format!("{who}: the fact for \"{node_id}\" has no `answer`"),
                );
                return None;
            }
            Some(RawAnswers::One(n)) => vec![*n],
            Some(RawAnswers::Many(v)) => v.clone(),
        };
        let mut answers = Vec::new();
        let mut out_of_range = false;
        for n in numbers {
            if let Some(a) = index_in(n, q.answers.len()) {
                if !answers.contains(&a) {
                    answers.push(a);
                }
            } else {
                self.err(
                    file,
                    path(&at, &["answer"]),
                    format!(
                        "{who}: \"{node_id}\" has answers 1 to {}, so the fact's answer {n} \
                         does not exist",
                        q.answers.len()
                    ),
                );
                out_of_range = true;
            }
        }
        if out_of_range || answers.is_empty() {
            if !out_of_range {
                self.err(
                    file,
                    path(&at, &["answer"]),
                    format!("{who}: the fact for \"{node_id}\" names no answer"),
                );
            }
            return None;
        }
        let says = self.optional_text(file, &at, "says", fact.says.as_ref(), who)?;
        Some((n, Fact { answers, says }))
    }

    /// One right diagnosis: a diagnosis, reached by the facts.
    fn right_diagnosis(
        &mut self,
        file: usize,
        at: YamlPath,
        r: &str,
        walk: &FactWalk,
        who: &str,
    ) -> Option<NodeIdx> {
        let rules = self.rules;
        let n = self.node(file, at.clone(), r, &format!("{who}: a right diagnosis"))?;
        if rules.node(n).as_diagnosis().is_none() {
            self.err(
                file,
                at,
                format!(
                    "{who}: right diagnosis \"{r}\" is {}, not a diagnosis",
                    kind_phrase(rules.node(n).kind())
                ),
            );
            return None;
        }
        if !walk.reached.contains_key(&n) {
            let why = self.why_unreached(walk);
            self.err(
                file,
                at,
                format!(
                    "{who}: right diagnosis \"{r}\" is not reachable by following the facts \
                     from the start question \"{}\"; {why}",
                    rules.start_id
                ),
            );
            return None;
        }
        Some(n)
    }

    /// One node whose warning must be seen: it carries one, and the facts
    /// pass through it.
    fn must_see(
        &mut self,
        file: usize,
        at: YamlPath,
        m: &str,
        walk: &FactWalk,
        who: &str,
    ) -> Option<NodeIdx> {
        let rules = self.rules;
        let n = self.node(file, at.clone(), m, &format!("{who}: must_see"))?;
        if rules.node(n).warnings.is_empty() && !rules.node(n).charge_outcome_unknown {
            self.err(
                file,
                at,
                format!("{who}: must_see names \"{m}\", which carries no warning"),
            );
            return None;
        }
        if !walk.reached.contains_key(&n) {
            self.err(
                file,
                at,
                format!(
                    "{who}: must_see names \"{m}\", but following the facts never passes \
                     through it, so the trainee could not see its warning"
                ),
            );
            return None;
        }
        Some(n)
    }

    /// Why the facts stop short: the questions they leave unanswered, or
    /// where they lead instead.
    fn why_unreached(&self, walk: &FactWalk) -> String {
        let rules = self.rules;
        if let Some(q) = walk.unanswered.first() {
            return format!(
                "the facts stop at question \"{}\" (add a fact for it)",
                rules.node(*q).id
            );
        }
        let mut ends: Vec<&str> = walk
            .reached
            .keys()
            .filter(|n| rules.node(**n).as_question().is_none())
            .map(|n| rules.node(*n).id.as_str())
            .collect();
        ends.sort_unstable();
        format!("they lead to {} instead", quoted(&ends))
    }

    fn finding_fact(
        &mut self,
        file: usize,
        at: &YamlPath,
        f: &RawFinding,
        who: &str,
    ) -> Option<FindingFact> {
        let rules = self.rules;
        let Some(node_id) = f.node.as_deref() else {
            self.err(file, at.clone(), format!("{who}: a finding has no `node`"));
            return None;
        };
        let n = self.node(
            file,
            path(at, &["node"]),
            node_id,
            &format!("{who}: a finding"),
        )?;
        let Some(d) = rules.node(n).as_diagnosis() else {
            self.err(
                file,
                path(at, &["node"]),
                format!("{who}: a finding is given for \"{node_id}\", which is not a diagnosis"),
            );
            return None;
        };
        let Some(step) = f.step.and_then(|s| index_in(s, d.steps.len())) else {
            self.err(
                file,
                path(at, &["step"]),
                format!(
                    "{who}: a finding needs `step`, one of the steps 1 to {} of \"{node_id}\"",
                    d.steps.len()
                ),
            );
            return None;
        };
        let st = &d.steps[step];
        if st.kind != StepKind::Check {
            self.err(
                file,
                path(at, &["step"]),
                format!(
                    "{who}: step {} of \"{node_id}\" is not a check step, so it has no findings",
                    step + 1
                ),
            );
            return None;
        }
        let Some(finding) = f.finding.and_then(|x| index_in(x, st.found.len())) else {
            self.err(
                file,
                path(at, &["finding"]),
                format!(
                    "{who}: a finding needs `finding`, one of 1 to {} for step {} of \"{node_id}\"",
                    st.found.len(),
                    step + 1
                ),
            );
            return None;
        };
        let says = self.optional_text(file, at, "says", f.says.as_ref(), who)?;
        Some(FindingFact {
            node: n,
            node_id: node_id.to_string(),
            step,
            finding,
            says,
        })
    }

    fn trap(
        &mut self,
        file: usize,
        at: &YamlPath,
        t: &RawTrap,
        facts: &BTreeMap<NodeIdx, Fact>,
        who: &str,
    ) -> Option<Trap> {
        let rules = self.rules;
        let Some(node_id) = t.node.as_deref() else {
            self.err(file, at.clone(), format!("{who}: a trap has no `node`"));
            return None;
        };
        let n = self.node(
            file,
            path(at, &["node"]),
            node_id,
            &format!("{who}: a trap"),
        )?;
        if !self.reachable[n.get()] {
            self.err(
                file,
                path(at, &["node"]),
                format!(
                    "{who}: a trap is set on \"{node_id}\", which is on no path from the start, \
                     so no trainee can take it"
                ),
            );
            return None;
        }
        let why = self.text(file, at, "why", t.why.as_ref(), &format!("{who}: a trap"));
        let trap_at = match (t.answer, t.step, &rules.node(n).body) {
            (Some(a), None, NodeBody::Question(q)) => {
                let Some(answer) = index_in(a, q.answers.len()) else {
                    self.err(
                        file,
                        path(at, &["answer"]),
                        format!(
                            "{who}: \"{node_id}\" has answers 1 to {}, so trap answer {a} does \
                             not exist",
                            q.answers.len()
                        ),
                    );
                    return None;
                };
                if facts.get(&n).is_some_and(|f| f.answers.contains(&answer)) {
                    self.err(
                        file,
                        path(at, &["answer"]),
                        format!(
                            "{who}: answer {a} of \"{node_id}\" is both a fact of the case and \
                             a trap"
                        ),
                    );
                    return None;
                }
                TrapAt::Answer { node: n, answer }
            }
            (None, Some(s), NodeBody::Diagnosis(d)) => {
                let Some(step) = index_in(s, d.steps.len()) else {
                    self.err(
                        file,
                        path(at, &["step"]),
                        format!(
                            "{who}: \"{node_id}\" has steps 1 to {}, so trap step {s} does not \
                             exist",
                            d.steps.len()
                        ),
                    );
                    return None;
                };
                TrapAt::Step { node: n, step }
            }
            (Some(_), None, _) => {
                self.err(
                    file,
                    path(at, &["answer"]),
                    format!(
                        "{who}: a trap on an answer needs a question, and \"{node_id}\" is not one"
                    ),
                );
                return None;
            }
            (None, Some(_), _) => {
                self.err(
                    file,
                    path(at, &["step"]),
                    format!(
                        "{who}: a trap on a step needs a diagnosis, and \"{node_id}\" is not one"
                    ),
                );
                return None;
            }
            _ => {
                self.err(
                    file,
                    at.clone(),
                    format!(
                        "{who}: a trap must name exactly one of `answer` (of a question) or \
                         `step` (of a diagnosis)"
                    ),
                );
                return None;
            }
        };
        Some(Trap {
            at: trap_at,
            node_id: node_id.to_string(),
            why: why?,
        })
    }

    fn resolve(&mut self) -> Vec<Problem> {
        let mut locators: HashMap<usize, Locator> = HashMap::new();
        let mut out = Vec::with_capacity(self.pending.len());
        for p in self.pending.drain(..) {
            let (line, column) = match &p.at {
                At::Pos(l, c) => (*l, *c),
                At::Path(at) => locators
                    .entry(p.file)
                    .or_insert_with(|| {
                        Locator::new(std::str::from_utf8(&self.files[p.file].bytes).unwrap_or(""))
                    })
                    .locate(at),
            };
            out.push(Problem {
                file: self.files[p.file].name.clone(),
                line,
                column,
                severity: p.severity,
                message: p.message,
                source: crate::rules::SourceLine::in_file(&self.files[p.file].bytes, line, column),
            });
        }
        out.sort_by(|a, b| {
            (a.file.as_str(), a.line, a.column, a.severity).cmp(&(
                b.file.as_str(),
                b.line,
                b.column,
                b.severity,
            ))
        });
        out.dedup();
        out
    }
}

/// The node id most like a misspelt one, when one is alike enough (one
/// typo in five letters), as the rules' own messages suggest.
fn closest_id<'a>(rules: &'a RuleSet, typed: &str) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for n in &rules.nodes {
        let score = strsim::normalized_damerau_levenshtein(typed, &n.id);
        if score >= 0.7 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, n.id.as_str()));
        }
    }
    best.map(|(_, id)| id)
}

/// "a question node", "an escalation node".
fn kind_phrase(kind: crate::rules::NodeKind) -> String {
    let k = kind.key();
    if k.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {k} node")
    } else {
        format!("a {k} node")
    }
}

fn quoted(ids: &[&str]) -> String {
    if ids.is_empty() {
        return "nowhere".into();
    }
    ids.iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        crate::rules::load_bundled()
            .rules
            .expect("bundled rules load")
    }

    #[test]
    fn the_bundled_cases_load_without_problems() {
        let rules = rules();
        let loaded = crate::training::load_bundled(&rules);
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        let set = loaded.set.unwrap();
        assert!(!set.is_empty());
        for case in &set.cases {
            assert!(case.par > 0, "{}", case.id);
            assert_eq!(case.best_path.len(), case.par);
            assert_eq!(case.best_path[0].question, rules.start);
        }
    }

    #[test]
    fn par_follows_the_facts_to_the_nearest_right_diagnosis() {
        let rules = rules();
        let set = crate::training::load_bundled(&rules).set.unwrap();
        let case = set.find("network.timeout_already_paid").unwrap();
        assert_eq!(case.par, 2);
        let ids: Vec<&str> = case
            .best_path
            .iter()
            .map(|s| rules.node(s.question).id.as_str())
            .collect();
        assert_eq!(ids, ["start", "network.entry"]);
    }
}
