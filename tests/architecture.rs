//! The layers of `src/`, checked on the source: no arrow from a lower layer
//! to a front end, none between the two front ends, none from `search` to
//! `i18n`, none from the TUI's update side to its drawing code, and no
//! import cycle between the top-level modules or between the files of
//! `src/tui`. `docs/architecture.md` draws the layers this test holds.
//!
//! An arrow is any `crate::`, `super::` or `self::` path in the code (in a
//! `use`, grouped or not, or written inline), and a `use` of a child
//! module. Comments, string literals and `#[cfg(test)]` items do not count:
//! tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module path from the crate root: `["tui", "update"]`.
type ModPath = Vec<String>;

/// Arrows nobody may draw: from any module under `from` to any under `to`.
const FORBIDDEN: &[(&[&str], &[&str], &str)] = &[
    (
        &["tui"],
        &["cli"],
        "the front ends share code only through `frontend`",
    ),
    (
        &["cli"],
        &["tui"],
        "the front ends share code only through `frontend`",
    ),
    (&["search"], &["i18n"], "search takes its labels as data"),
    (&["engine"], &["tui"], "a lower layer knows no front end"),
    (&["engine"], &["cli"], "a lower layer knows no front end"),
    (&["rules"], &["tui"], "a lower layer knows no front end"),
    (&["rules"], &["cli"], "a lower layer knows no front end"),
    (&["present"], &["tui"], "the view model knows no front end"),
    (&["present"], &["cli"], "the view model knows no front end"),
    (
        &["handbook"],
        &["tui"],
        "the handbook's models know no front end",
    ),
    (
        &["handbook"],
        &["cli"],
        "the handbook's models know no front end",
    ),
    (&["search"], &["tui"], "a lower layer knows no front end"),
    (&["search"], &["cli"], "a lower layer knows no front end"),
    (&["i18n"], &["tui"], "a lower layer knows no front end"),
    (&["i18n"], &["cli"], "a lower layer knows no front end"),
    (&["privacy"], &["tui"], "a lower layer knows no front end"),
    (&["privacy"], &["cli"], "a lower layer knows no front end"),
    (
        &["frontend"],
        &["tui"],
        "shared front-end code knows neither front end",
    ),
    (
        &["frontend"],
        &["cli"],
        "shared front-end code knows neither front end",
    ),
];

/// The TUI's update side: it reads the layout document and the `Screen`
/// trait, never the code that lays out or draws.
const UPDATE_SIDE: &[&str] = &["update", "state", "action", "keys"];
const DRAWING: &[&str] = &[
    "render", "layout", "screens", "paint", "theme", "wrap", "term",
];

/// One source file: its module and its text.
struct Source {
    module: ModPath,
    text: String,
}

/// What the sources show.
#[derive(Debug, Default)]
struct Report {
    /// Every arrow between two different modules, by file module.
    edges: BTreeSet<(ModPath, ModPath)>,
    /// Forbidden arrows, as readable lines.
    violations: Vec<String>,
    /// Import cycles, each as the modules around it.
    cycles: Vec<Vec<String>>,
}

fn module_of(rel: &str) -> ModPath {
    let rel = rel.trim_end_matches(".rs");
    let mut parts: ModPath = rel.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Every `.rs` file under `src/`, by path relative to it (with `/`).
fn read_src() -> Vec<(String, String)> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("src/ is readable")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(base).expect("under src/");
                let rel = rel.to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(&path).expect("a source file is UTF-8");
                out.push((rel, text));
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = vec![];
    walk(&src, &src, &mut out);
    out
}

/// The code without comments, string and char literals (each left as
/// `""`), so that neither a doc comment nor a brace in a format string
/// counts.
fn strip_comments_and_strings(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        match c[i] {
            '/' if next == Some('/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                out.push(' ');
            }
            'r' if (next == Some('"') || next == Some('#'))
                && !c[..i]
                    .last()
                    .is_some_and(|p| p.is_alphanumeric() || *p == '_') =>
            {
                // A raw string: r"..", r#".."#.
                let mut j = i + 1;
                let mut hashes = 0;
                while c.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if c.get(j) != Some(&'"') {
                    out.push(c[i]);
                    i += 1;
                    continue;
                }
                j += 1;
                loop {
                    if j >= c.len() {
                        break;
                    }
                    if c[j] == '"' && (0..hashes).all(|h| c.get(j + 1 + h) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j;
            }
            '"' => {
                i += 1;
                while i < c.len() && c[i] != '"' {
                    i += if c[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            '\'' => {
                // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
                let end = if next == Some('\\') {
                    (i + 2..c.len()).find(|&j| c[j] == '\'')
                } else if c.get(i + 2) == Some(&'\'') {
                    Some(i + 2)
                } else {
                    None
                };
                if let Some(e) = end {
                    out.push_str("' '");
                    i = e + 1;
                } else {
                    out.push('\'');
                    i += 1;
                }
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// The code without `#[cfg(test)]` items; the names of test-only child
/// modules declared as `#[cfg(test)] mod name;` are returned too.
fn strip_test_items(code: &str) -> (String, Vec<String>) {
    const MARK: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(code.len());
    let mut test_mods = vec![];
    let mut rest = code;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let item = &rest[at + MARK.len()..];
        let brace = item.find('{');
        let semi = item.find(';');
        let end = match (brace, semi) {
            (Some(b), Some(s)) if s < b => s + 1,
            (None, Some(s)) => s + 1,
            (Some(b), _) => {
                let mut depth = 0;
                let mut end = item.len();
                for (k, ch) in item[b..].char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, None) => item.len(),
        };
        let decl = item[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(name) = decl
            .strip_suffix(';')
            .and_then(|d| d.rsplit_once("mod "))
            .map(|(_, n)| n.trim())
        {
            test_mods.push(name.to_string());
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    (out, test_mods)
}

/// `a::{b, c::{d, self}}` as `a::b`, `a::c::d`, `a::c`.
fn expand_use_tree(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let prefix = tree[..open].trim_end_matches("::");
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = vec![];
    let (mut depth, mut start) = (0, 0);
    for (k, ch) in inner.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|item| !item.is_empty())
        .flat_map(expand_use_tree)
        .map(|item| match item.as_str() {
            "self" => prefix.to_string(),
            _ if prefix.is_empty() => item,
            _ => format!("{prefix}::{item}"),
        })
        .collect()
}

fn is_ident_char(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// Every path the code names: the trees of its `use` items and every
/// inline path that starts at `crate`, `super` or `self`.
fn paths_in(code: &str) -> Vec<String> {
    let mut paths = vec![];
    let chars: Vec<(usize, char)> = code.char_indices().collect();
    // `use` items, up to their `;`.
    for (k, &(at, _)) in chars.iter().enumerate() {
        let starts_word = k == 0 || !is_ident_char(chars[k - 1].1);
        if starts_word && code[at..].starts_with("use ") {
            if let Some(len) = code[at..].find(';') {
                let tree = &code[at + 4..at + len];
                let tree: String = tree
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split(" as ")
                    .enumerate()
                    // `x as y`: keep x, drop the alias word.
                    .map(|(n, part)| {
                        if n == 0 {
                            part.to_string()
                        } else {
                            part.trim_start_matches(is_ident_char).to_string()
                        }
                    })
                    .collect::<String>()
                    .replace(' ', "");
                paths.extend(expand_use_tree(tree.trim_start_matches("::")));
            }
        }
    }
    // Inline paths: crate::a::b, super::super::c, self::d.
    let mut k = 0;
    while k < chars.len() {
        let (at, ch) = chars[k];
        let starts_word = k == 0 || !is_ident_char(chars[k - 1].1);
        if starts_word && is_ident_char(ch) {
            let end = code[at..]
                .find(|c: char| !is_ident_char(c))
                .map_or(code.len(), |e| at + e);
            let word = &code[at..end];
            if matches!(word, "crate" | "super" | "self") {
                let mut path_end = end;
                while code[path_end..].starts_with("::") {
                    let seg_start = path_end + 2;
                    let seg_end = code[seg_start..]
                        .find(|c: char| !is_ident_char(c))
                        .map_or(code.len(), |e| seg_start + e);
                    if seg_end == seg_start {
                        break;
                    }
                    path_end = seg_end;
                }
                if path_end > end {
                    paths.push(code[at..path_end].to_string());
                }
            }
            k += code[at..end].chars().count();
        } else {
            k += 1;
        }
    }
    paths
}

/// The absolute module path `path` names from `module`, or `None` when it
/// names something outside the crate (`std`, a dependency).
fn resolve(path: &str, module: &[String], children: &[String], bin: bool) -> Option<ModPath> {
    let mut segs = path.split("::").filter(|s| !s.is_empty());
    let first = segs.next()?;
    let mut abs: ModPath = match first {
        "crate" => vec![],
        // The binary names the library by its name.
        "posdoc" if bin => vec![],
        "self" => module.to_vec(),
        "super" => module[..module.len().saturating_sub(1)].to_vec(),
        child if children.iter().any(|c| c == child) => {
            let mut m = module.to_vec();
            m.push(child.to_string());
            m
        }
        _ => return None,
    };
    for seg in segs {
        if seg == "super" {
            abs.pop();
        } else if seg != "*" {
            abs.push(seg.to_string());
        }
    }
    Some(abs)
}

/// The longest prefix of `path` that is a module of the crate.
fn known_module(path: &[String], modules: &BTreeSet<ModPath>) -> ModPath {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| modules.contains(p))
        .unwrap_or_default()
}

fn starts_with(module: &[String], prefix: &[&str]) -> bool {
    module.len() >= prefix.len() && module.iter().zip(prefix).all(|(m, p)| m == p)
}

/// The cycles of a directed graph, one per strongly tied group found.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
        found: &mut Vec<Vec<String>>,
    ) {
        marks.insert(node.to_string(), Mark::Open);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match marks.get(next).copied().unwrap_or(Mark::New) {
                Mark::New => visit(next, graph, marks, stack, found),
                Mark::Open => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    found.push(cycle);
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        marks.insert(node.to_string(), Mark::Done);
    }
    let mut marks = BTreeMap::new();
    let mut found = vec![];
    for node in graph.keys() {
        if marks.get(node).copied().unwrap_or(Mark::New) == Mark::New {
            visit(node, graph, &mut marks, &mut vec![], &mut found);
        }
    }
    found
}

/// Reads the sources (paths relative to `src/`) and checks them.
fn analyse(files: &[(String, String)]) -> Report {
    let mut sources = vec![];
    let mut test_only: BTreeSet<ModPath> = BTreeSet::new();
    for (rel, text) in files {
        let module = module_of(rel);
        let (code, test_mods) = strip_test_items(&strip_comments_and_strings(text));
        for name in test_mods {
            let mut m = module.clone();
            m.push(name);
            test_only.insert(m);
        }
        sources.push((rel.clone(), Source { module, text: code }));
    }
    sources.retain(|(_, s)| {
        !test_only
            .iter()
            .any(|t| starts_with(&s.module, &to_strs(t)))
    });
    let modules: BTreeSet<ModPath> = sources.iter().map(|(_, s)| s.module.clone()).collect();

    let mut report = Report::default();
    for (rel, src) in &sources {
        let bin = rel == "main.rs";
        let children: Vec<String> = modules
            .iter()
            .filter(|m| m.len() == src.module.len() + 1 && m.starts_with(&src.module))
            .map(|m| m[m.len() - 1].clone())
            .collect();
        for path in paths_in(&src.text) {
            let Some(abs) = resolve(&path, &src.module, &children, bin) else {
                continue;
            };
            let target = known_module(&abs, &modules);
            if target == src.module || target.is_empty() {
                continue;
            }
            for (from, to, why) in FORBIDDEN {
                if starts_with(&src.module, from) && starts_with(&target, to) {
                    report.violations.push(format!(
                        "src/{rel}: `{path}` goes from {} to {}: {why}",
                        from.join("::"),
                        to.join("::")
                    ));
                }
            }
            let tui_file = |m: &ModPath| (m.len() >= 2 && m[0] == "tui").then(|| m[1].clone());
            if let (Some(from), Some(to)) = (tui_file(&src.module), tui_file(&target)) {
                if UPDATE_SIDE.contains(&from.as_str()) && DRAWING.contains(&to.as_str()) {
                    report.violations.push(format!(
                        "src/{rel}: `{path}` goes from the update side (tui::{from}) to \
                         drawing code (tui::{to})"
                    ));
                }
            }
            report.edges.insert((src.module.clone(), target));
        }
    }

    // A `use` item is also read as an inline path.
    report.violations.sort();
    report.violations.dedup();

    // Cycles between top-level modules, and between the files of src/tui
    // (a directory such as `screens` counts as one).
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut tui: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in &report.edges {
        if let (Some(a), Some(b)) = (from.first(), to.first()) {
            if a != b {
                top.entry(a.clone()).or_default().insert(b.clone());
            }
        }
        let in_tui = |m: &ModPath| m.len() >= 2 && m[0] == "tui";
        if in_tui(from) && in_tui(to) && from[1] != to[1] {
            tui.entry(from[1].clone())
                .or_default()
                .insert(to[1].clone());
        }
    }
    report.cycles.extend(cycles(&top));
    report.cycles.extend(
        cycles(&tui)
            .into_iter()
            .map(|c| c.into_iter().map(|n| format!("tui::{n}")).collect()),
    );
    report
}

fn to_strs(m: &ModPath) -> Vec<&str> {
    m.iter().map(String::as_str).collect()
}

fn edge(report: &Report, from: &[&str], to: &[&str]) -> bool {
    report
        .edges
        .iter()
        .any(|(f, t)| to_strs(f) == from && to_strs(t) == to)
}

#[test]
fn the_layers_hold() {
    let report = analyse(&read_src());
    // The reader sees the arrows that are there.
    assert!(edge(&report, &["tui", "update"], &["tui", "state"]));
    assert!(edge(&report, &["cli", "render"], &["present"]));
    assert!(edge(&report, &["present", "point"], &["engine"]));
    assert!(
        report.violations.is_empty(),
        "forbidden arrows:\n{}",
        report.violations.join("\n")
    );
}

#[test]
fn there_is_no_import_cycle() {
    let report = analyse(&read_src());
    assert!(
        report.cycles.is_empty(),
        "import cycles:\n{}",
        report
            .cycles
            .iter()
            .map(|c| c.join(" -> "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

/// A small crate with a front end on each side and nothing wrong.
const CLEAN: &[(&str, &str)] = &[
    ("lib.rs", "pub mod cli;\npub mod tui;\npub mod frontend;\n"),
    ("frontend.rs", "pub fn exit() {}\n"),
    ("cli/mod.rs", "use crate::frontend::exit;\n"),
    ("tui/mod.rs", "pub mod state;\npub mod update;\n"),
    ("tui/state.rs", "pub struct App;\n"),
    ("tui/update.rs", "use super::state::App;\n"),
];

fn with(extra: (&str, &str)) -> Vec<(String, String)> {
    let mut list = CLEAN.to_vec();
    list.retain(|(p, _)| *p != extra.0);
    list.push(extra);
    files(&list)
}

#[test]
fn a_clean_tree_passes() {
    let report = analyse(&files(CLEAN));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    assert!(report.cycles.is_empty(), "{:?}", report.cycles);
    assert!(edge(&report, &["tui", "update"], &["tui", "state"]));
    assert!(edge(&report, &["cli"], &["frontend"]));
}

#[test]
fn the_tui_importing_the_cli_fails() {
    for code in [
        "use crate::cli;\n",
        "use crate::cli::exit;\n",
        "use crate::{cli::exit, frontend};\n",
        "use crate::{\n    frontend,\n    cli::{self, exit as leave},\n};\n",
        "fn f() { crate::cli::run(); }\n",
        "use super::super::cli::exit;\n",
    ] {
        let report = analyse(&with(("tui/update.rs", code)));
        assert!(
            report
                .violations
                .iter()
                .any(|v| v.contains("from tui to cli")),
            "not caught: {code:?} -> {:?}",
            report.violations
        );
    }
}

#[test]
fn comments_strings_and_tests_are_not_arrows() {
    let code = "//! Unlike [`crate::cli`], …\n\
                // use crate::cli;\n\
                /* use crate::cli; */\n\
                const S: &str = \"use crate::cli;\";\n\
                const R: &str = r#\"crate::cli\"#;\n\
                const C: char = '{';\n\
                #[cfg(test)]\nmod tests { use crate::cli; fn f() { let _ = \"}\"; } }\n\
                use super::state::App;\n";
    let report = analyse(&with(("tui/update.rs", code)));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    assert!(edge(&report, &["tui", "update"], &["tui", "state"]));
}

#[test]
fn the_update_side_importing_drawing_code_fails() {
    let mut list = with(("tui/update.rs", "use super::render::draw;\n"));
    list.push(("tui/render.rs".into(), "pub fn draw() {}\n".into()));
    let report = analyse(&list);
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.contains("(tui::update) to drawing code (tui::render)")),
        "{:?}",
        report.violations
    );
}

#[test]
fn an_import_cycle_is_found() {
    // Between two files of the TUI.
    let report = analyse(&with(("tui/state.rs", "use super::update::apply;\n")));
    assert_eq!(
        report.cycles,
        vec![vec!["tui::state", "tui::update", "tui::state"]]
    );
    // Between two top-level modules.
    let report = analyse(&with(("frontend.rs", "use crate::cli::render;\n")));
    assert_eq!(report.cycles, vec![vec!["cli", "frontend", "cli"]]);
}
