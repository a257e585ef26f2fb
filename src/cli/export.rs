//! `posdoc export`: the whole loaded tree, normalised, for tooling (JSON),
//! or as a diagram (Graphviz DOT, Mermaid) from `handbook::Diagram`.
//!
//! In both diagram languages questions are blue rounded boxes, causes amber
//! boxes, hand-overs pink hexagons and resolutions green stadiums; the
//! first question has a double border; a node where the charge may have
//! gone through has a thick red border and a ⚠ before its label; a node
//! outside the category drawn is dashed. Edges carry the answer or finding
//! that takes them; hand-overs are dashed.

use crate::handbook::diagram::{Diagram, DiagramNode};
use crate::handbook::Edge;
use crate::i18n::Strings;
use crate::rules::{Category, NodeKind, RuleSet};
use std::fmt::Write as _;
use std::io::Write;
use unicode_width::UnicodeWidthChar;

/// Version of the export layout; bump when a field changes meaning.
pub const EXPORT_VERSION: u32 = 1;

/// Labels are wrapped to about this many terminal columns (a CJK
/// character is two) so boxes stay readable.
const LABEL_COLUMNS: usize = 28;

const MONEY_COLOUR: &str = "#b00020";

pub fn json(rules: &RuleSet, out: &mut dyn Write) -> anyhow::Result<()> {
    let doc = serde_json::json!({
        "format": "posdoc-rules",
        "version": EXPORT_VERSION,
        "rules": rules,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}

pub fn dot(
    rules: &RuleSet,
    strings: &Strings,
    category: Option<Category>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let diagram = Diagram::build(rules, strings, category);
    out.write_all(dot_text(&diagram).as_bytes())?;
    Ok(())
}

pub fn mermaid(
    rules: &RuleSet,
    strings: &Strings,
    category: Option<Category>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let diagram = Diagram::build(rules, strings, category);
    out.write_all(mermaid_text(&diagram).as_bytes())?;
    Ok(())
}

/// Breaks `s` into lines of about `LABEL_COLUMNS` columns: at a space
/// when there is one in reach, anywhere between CJK characters.
pub fn wrap_label(s: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0;
    // Where the line could break: byte offset after the last space.
    let mut last_space: Option<usize> = None;
    for c in s.chars() {
        if c == '\n' || c == '\r' {
            lines.push(std::mem::take(&mut line));
            width = 0;
            last_space = None;
            continue;
        }
        let w = c.width().unwrap_or(0);
        // Closing punctuation stays on the line it closes.
        let closes = matches!(
            c,
            '\u{ff0c}'
                | '\u{3002}'
                | '\u{ff1b}'
                | '\u{ff1a}'
                | '\u{3001}'
                | '\u{ff09}'
                | '\u{300d}'
                | '\u{201d}'
                | '\u{ff01}'
                | '\u{ff1f}'
                | ','
                | '.'
                | ')'
        );
        if width + w > LABEL_COLUMNS && !line.is_empty() && !closes {
            match last_space {
                Some(at) if c != ' ' => {
                    let rest = line.split_off(at);
                    lines.push(line.trim_end().to_string());
                    line = rest;
                }
                _ => lines.push(std::mem::take(&mut line).trim_end().to_string()),
            }
            width = line.chars().filter_map(UnicodeWidthChar::width).sum();
            last_space = None;
            if c == ' ' {
                continue;
            }
        }
        line.push(c);
        width += w;
        if c == ' ' {
            last_space = Some(line.len());
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn node_label(n: &DiagramNode) -> Vec<String> {
    let mut text = String::new();
    if n.money_safety {
        // A no-break space: the mark stays with the first word.
        text.push_str("\u{26a0}\u{a0}");
    }
    text.push_str(&n.title);
    let mut lines = wrap_label(&text);
    lines.push(format!("[{}]", n.id));
    lines
}

/// A DOT double-quoted string: quote and backslash escaped (a backslash
/// would otherwise start an escape such as `\N`), lines joined by `\n`.
pub fn dot_quote(lines: &[String]) -> String {
    let mut out = String::from("\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("\\n");
        }
        for c in line.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out.push('"');
    out
}

fn dot_style(n: &DiagramNode) -> String {
    let (shape, fill) = match n.kind {
        NodeKind::Question => ("box", "#e8f0fe"),
        NodeKind::Diagnosis => ("box", "#fff4d6"),
        NodeKind::Escalation => ("hexagon", "#fde2e4"),
        NodeKind::Resolved => ("box", "#e3f6e8"),
    };
    let mut style = vec!["filled"];
    if matches!(n.kind, NodeKind::Question | NodeKind::Resolved) {
        style.push("rounded");
    }
    if n.reference {
        style.push("dashed");
    }
    let mut attrs = format!(
        "shape={shape}, style=\"{}\", fillcolor=\"{fill}\"",
        style.join(",")
    );
    if n.money_safety {
        let _ = write!(attrs, ", color=\"{MONEY_COLOUR}\", penwidth=3");
    }
    if n.start {
        attrs.push_str(", peripheries=2");
    }
    attrs
}

/// The diagram in Graphviz's DOT language.
pub fn dot_text(d: &Diagram) -> String {
    let mut out = String::with_capacity(256 + d.nodes.len() * 160 + d.edges.len() * 80);
    out.push_str(
        "digraph posdoc {\n  charset=\"UTF-8\";\n  rankdir=LR;\n  \
         node [fontname=\"Noto Sans CJK SC,Helvetica,Arial,sans-serif\", fontsize=11];\n  \
         edge [fontname=\"Noto Sans CJK SC,Helvetica,Arial,sans-serif\", fontsize=9];\n",
    );
    for n in &d.nodes {
        let _ = writeln!(
            out,
            "  n{} [label={}, {}];",
            n.idx.0,
            dot_quote(&node_label(n)),
            dot_style(n)
        );
    }
    for e in &d.edges {
        let style = if e.kind == Edge::Escalation {
            ", style=dashed"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  n{} -> n{} [label={}{style}];",
            e.from.0,
            e.to.0,
            dot_quote(&wrap_label(&e.label))
        );
    }
    out.push_str("}\n");
    out
}

/// Text inside a Mermaid `"…"` label: the characters Mermaid reads as
/// syntax or HTML inside quotes become its entity codes (`#quot;`), lines
/// are joined by `<br>`.
pub fn mermaid_quote(lines: &[String]) -> String {
    let mut out = String::from("\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        for c in line.chars() {
            match c {
                '"' => out.push_str("#quot;"),
                '#' => out.push_str("#35;"),
                '&' => out.push_str("#amp;"),
                '<' => out.push_str("#lt;"),
                '>' => out.push_str("#gt;"),
                '`' => out.push_str("#96;"),
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out.push('"');
    out
}

/// Whether a Mermaid class applies to a node.
type NodeTest = fn(&DiagramNode) -> bool;

/// The diagram as a Mermaid flowchart.
pub fn mermaid_text(d: &Diagram) -> String {
    let mut out = String::with_capacity(256 + d.nodes.len() * 140 + d.edges.len() * 80);
    out.push_str("flowchart LR\n");
    for n in &d.nodes {
        let label = mermaid_quote(&node_label(n));
        let (open, close) = match n.kind {
            NodeKind::Question => ("(", ")"),
            NodeKind::Diagnosis => ("[", "]"),
            NodeKind::Escalation => ("{{", "}}"),
            NodeKind::Resolved => ("([", "])"),
        };
        let _ = writeln!(out, "  n{}{open}{label}{close}", n.idx.0);
    }
    for e in &d.edges {
        let arrow = if e.kind == Edge::Escalation {
            "-.->"
        } else {
            "-->"
        };
        let _ = writeln!(
            out,
            "  n{} {arrow}|{}| n{}",
            e.from.0,
            mermaid_quote(&wrap_label(&e.label)),
            e.to.0
        );
    }
    out.push_str(
        "  classDef question fill:#e8f0fe,stroke:#1a73e8\n  \
         classDef diagnosis fill:#fff4d6,stroke:#b07d00\n  \
         classDef escalation fill:#fde2e4,stroke:#a33\n  \
         classDef resolved fill:#e3f6e8,stroke:#2e7d32\n  \
         classDef start stroke-width:4px\n  \
         classDef reference stroke-dasharray:5 5\n",
    );
    let _ = writeln!(
        out,
        "  classDef money stroke:{MONEY_COLOUR},stroke-width:3px"
    );
    let classes: [(&str, NodeTest); 7] = [
        ("question", |n| n.kind == NodeKind::Question),
        ("diagnosis", |n| n.kind == NodeKind::Diagnosis),
        ("escalation", |n| n.kind == NodeKind::Escalation),
        ("resolved", |n| n.kind == NodeKind::Resolved),
        ("start", |n| n.start),
        ("reference", |n| n.reference),
        // Last, so its red border wins over the kind's.
        ("money", |n| n.money_safety),
    ];
    for (class, applies) in classes {
        let ids: Vec<String> = d
            .nodes
            .iter()
            .filter(|n| applies(n))
            .map(|n| format!("n{}", n.idx.0))
            .collect();
        // Long lists in chunks: one line of 100,000 ids is hard on editors.
        for chunk in ids.chunks(200) {
            let _ = writeln!(out, "  class {} {class}", chunk.join(","));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_at_spaces_and_between_cjk_characters() {
        let lines = wrap_label("The wireless signal is too weak to reach the acquirer");
        assert!(lines.len() > 1);
        assert!(lines
            .iter()
            .all(|l| !l.starts_with(' ') && !l.ends_with(' ')));
        assert_eq!(
            lines.join(" "),
            "The wireless signal is too weak to reach the acquirer"
        );
        let zh = wrap_label("终端屏幕上是哪种提示终端屏幕上是哪种提示终端屏幕上是哪种提示");
        assert_eq!(zh.len(), 3);
        assert!(zh.iter().all(|l| l.chars().count() <= 14));
        assert_eq!(wrap_label(""), vec![String::new()]);
        let comma = wrap_label("服务商发了系统维护或故障公告，或续费页面报错");
        assert!(comma[0].ends_with('\u{ff0c}'), "{comma:?}");
    }

    #[test]
    fn dot_strings_escape_quotes_backslashes_and_newlines() {
        let q = dot_quote(&["say \"yes\" \\N".into(), "二行".into()]);
        assert_eq!(q, r#""say \"yes\" \\N\n二行""#);
    }

    #[test]
    fn mermaid_labels_turn_syntax_into_entities() {
        let q = mermaid_quote(&["\"A\" <b> #1 & `x` [ok] {y}".into(), "无网络".into()]);
        assert_eq!(
            q,
            "\"#quot;A#quot; #lt;b#gt; #35;1 #amp; #96;x#96; [ok] {y}<br>无网络\""
        );
    }
}
