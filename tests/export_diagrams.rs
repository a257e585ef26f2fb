//! `posdoc export --format dot|mermaid`: the DOT is rendered by the real
//! Graphviz (`dot -Tsvg`; skipped with a notice when it is missing, unless
//! CI_REQUIRE_REAL_PARTS=1), the Mermaid is held to a syntax check written
//! here (ids, declared endpoints, quoted and escaped labels), and one small
//! category of each is a snapshot.

mod common;

use common::{posdoc, real_part};
use posdoc::handbook::diagram::Diagram;
use posdoc::i18n::Strings;
use posdoc::rules::{Category, Lang};
use std::collections::HashSet;
use std::io::Write;
use std::process::{Command, Stdio};

fn export(args: &[&str]) -> String {
    let out = posdoc().args(args).output().expect("run posdoc");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Renders `dot_source` to SVG with Graphviz; None when it is missing.
fn graphviz_svg(dot_source: &str) -> Option<String> {
    let dot = real_part("dot")?;
    let mut child = Command::new(dot)
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dot");
    let mut stdin = child.stdin.take().expect("dot's stdin");
    let source = dot_source.to_string();
    // Written from a thread: dot starts writing before it has read it all.
    let writer = std::thread::spawn(move || stdin.write_all(source.as_bytes()));
    let out = child.wait_with_output().expect("dot ran");
    writer
        .join()
        .expect("the writer")
        .expect("dot read the source");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot failed: {stderr}");
    assert!(
        !stderr.to_ascii_lowercase().contains("error") && !stderr.contains("syntax"),
        "dot complained: {stderr}"
    );
    Some(String::from_utf8(out.stdout).expect("SVG is UTF-8"))
}

#[test]
fn graphviz_renders_the_whole_tree_and_one_category_in_both_languages() {
    let rules = common::rules();
    for lang in [Lang::En, Lang::Zh] {
        for category in [None, Some(Category::Network)] {
            let mut args = vec!["--lang", lang.code(), "export", "--format", "dot"];
            if let Some(c) = category {
                args.extend(["--category", c.key()]);
            }
            let source = export(&args);
            let Some(svg) = graphviz_svg(&source) else {
                return;
            };
            let diagram = Diagram::build(&rules, &Strings::new(lang), category);
            assert_eq!(
                svg.matches("class=\"node\"").count(),
                diagram.nodes.len(),
                "{lang:?} {category:?}: every node drawn"
            );
            assert_eq!(
                svg.matches("class=\"edge\"").count(),
                diagram.edges.len(),
                "{lang:?} {category:?}: every edge drawn"
            );
            // A money-safety node has its red border and its mark.
            assert!(svg.contains("stroke=\"#b00020\""));
            assert!(svg.contains('\u{26a0}'));
            let title = rules
                .node(rules.find("network.timeout").expect("the node"))
                .title()
                .get(lang);
            let first_words: String = title.chars().take(8).collect();
            assert!(svg.contains(&first_words), "{lang:?}: {first_words}");
        }
    }
}

/// What is wrong with a Mermaid flowchart as posdoc writes it, checked
/// line by line: the header, node declarations `id(shape"label"shape)`,
/// edges `id --> |"label"| id` between declared ids, class lines naming
/// declared ids; every label quoted with no raw quote, backtick, `<`, `>`
/// or `#` that is not one of Mermaid's entity codes (or `<br>`).
fn mermaid_problems(text: &str) -> Vec<String> {
    check_mermaid(text).0
}

/// The problems, and how many nodes are declared.
fn check_mermaid(text: &str) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut lines = text.lines();
    if lines.next() != Some("flowchart LR") {
        problems.push("the first line is not `flowchart LR`".to_string());
    }
    let valid_id = |id: &str| {
        id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let label_ok = |label: &str| -> Result<(), String> {
        let inner = label
            .strip_prefix('"')
            .and_then(|l| l.strip_suffix('"'))
            .ok_or_else(|| format!("label not quoted: {label}"))?;
        let plain = inner.replace("<br>", "\n");
        let mut rest = plain.as_str();
        while let Some(at) = rest.find('#') {
            let after = &rest[at + 1..];
            let end = after.find(';').ok_or(format!("a raw # in {label}"))?;
            let name = &after[..end];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(format!("a raw # in {label}"));
            }
            rest = &after[end + 1..];
        }
        if let Some(c) = plain.chars().find(|c| matches!(c, '"' | '`' | '<' | '>')) {
            return Err(format!("a raw {c} in {label}"));
        }
        Ok(())
    };
    let mut declared = HashSet::new();
    let mut edges = Vec::new();
    let mut classes = Vec::new();
    let shapes = [("([", "])"), ("{{", "}}"), ("(", ")"), ("[", "]")];
    for line in lines {
        let Some(body) = line.strip_prefix("  ") else {
            problems.push(format!("not indented: {line}"));
            continue;
        };
        if body.starts_with("classDef ") {
            continue;
        }
        if let Some(rest) = body.strip_prefix("class ") {
            let (ids, _class) = rest.split_once(' ').unwrap_or((rest, ""));
            classes.extend(ids.split(',').map(str::to_string));
            continue;
        }
        if let Some((from, rest)) = body.split_once(' ').filter(|(f, _)| valid_id(f)) {
            if let Some((arrow, rest)) = rest.split_once('|') {
                let Some((label, to)) = rest.rsplit_once("| ") else {
                    problems.push(format!("edge without a target: {line}"));
                    continue;
                };
                if !matches!(arrow, "-->" | "-.->") {
                    problems.push(format!("unknown arrow {arrow}: {line}"));
                }
                if let Err(e) = label_ok(label) {
                    problems.push(e);
                }
                edges.push((from.to_string(), to.to_string()));
                continue;
            }
        }
        let id_end = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        let (id, shaped) = body.split_at(id_end);
        let label = shapes
            .iter()
            .find_map(|(open, close)| shaped.strip_prefix(open)?.strip_suffix(close));
        match label {
            Some(label) if valid_id(id) => {
                if let Err(e) = label_ok(label) {
                    problems.push(e);
                }
                if !declared.insert(id.to_string()) {
                    problems.push(format!("{id} declared twice"));
                }
            }
            _ => problems.push(format!("not a node, edge or class line: {line}")),
        }
    }
    for (from, to) in &edges {
        for end in [from, to] {
            if !declared.contains(end) {
                problems.push(format!("edge {from} -> {to}: {end} is not declared"));
            }
        }
    }
    for id in &classes {
        if !declared.contains(id) {
            problems.push(format!("class names {id}, which is not declared"));
        }
    }
    (problems, declared.len())
}

#[test]
fn the_syntax_check_catches_what_it_is_for() {
    let good = "flowchart LR\n  n1(\"a #quot;b#quot;<br>c\")\n  n2[\"d\"]\n  n1 -->|\"x\"| n2\n  class n1,n2 money\n";
    assert_eq!(mermaid_problems(good), Vec::<String>::new());
    for bad in [
        "flowchart LR\n  n1(\"a \"b\"\")\n",
        "flowchart LR\n  n1(\"a # b\")\n",
        "flowchart LR\n  n1(\"<b>\")\n",
        "flowchart LR\n  n1(unquoted)\n",
        "flowchart LR\n  1n(\"id\")\n",
        "flowchart LR\n  n1(\"a\")\n  n1 -->|\"x\"| n9\n",
        "flowchart LR\n  n1(\"a\")\n  n1[\"a\"]\n",
        "flowchart LR\n  class n7 money\n",
        "graph XY\n",
    ] {
        assert!(!mermaid_problems(bad).is_empty(), "{bad}");
    }
}

#[test]
fn mermaid_is_well_formed_for_the_whole_tree_and_every_category() {
    let rules = common::rules();
    for lang in Lang::ALL {
        let text = export(&["--lang", lang.code(), "export", "--format", "mermaid"]);
        let (problems, declared) = check_mermaid(&text);
        assert_eq!(problems, Vec::<String>::new(), "{lang:?}");
        assert_eq!(declared, rules.nodes.len(), "{lang:?}");
    }
    for category in Category::ALL {
        let text = export(&[
            "--lang",
            "zh",
            "export",
            "--format",
            "mermaid",
            "--category",
            category.key(),
        ]);
        assert_eq!(mermaid_problems(&text), Vec::<String>::new(), "{category}");
    }
}

#[test]
fn json_refuses_a_category() {
    let out = posdoc()
        .args([
            "--lang",
            "en",
            "export",
            "--format",
            "json",
            "--category",
            "card",
        ])
        .output()
        .expect("run posdoc");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--category"));
}

#[test]
fn renewal_as_mermaid_in_english() {
    insta::assert_snapshot!(export(&[
        "--lang",
        "en",
        "export",
        "--format",
        "mermaid",
        "--category",
        "renewal"
    ]));
}

#[test]
fn renewal_as_dot_in_chinese() {
    insta::assert_snapshot!(export(&[
        "--lang",
        "zh",
        "export",
        "--format",
        "dot",
        "--category",
        "renewal"
    ]));
}
