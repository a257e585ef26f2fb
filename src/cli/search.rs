//! `posdoc search QUERY`: from what the terminal says (a code, its message)
//! or a few words (Chinese, English, pinyin) to the node that handles it.
//!
//! Exit codes: 0 with results; 1 when nothing was found (suggestions go to
//! standard error; `--json` still prints `[]`); 2 for an empty or blank
//! query or `--limit 0`.

use crate::frontend::exit;
use crate::i18n::Strings;
use crate::privacy::for_echo;
use crate::rules::{Category, Lang, NodeBody, RuleSet};
use crate::search::{Hit, Index, PathStep};
use serde_json::{json, Value};
use std::io::Write;

pub struct SearchOptions {
    pub query: Vec<String>,
    pub lang: Lang,
    pub limit: usize,
    pub json: bool,
}

/// The query words joined by spaces, or None when there is nothing to
/// search for (no words, or only blanks and control characters).
pub fn query_text(words: &[String]) -> Option<String> {
    let q = words.join(" ");
    let has_content = q.chars().any(|c| !c.is_whitespace() && !c.is_control());
    has_content.then_some(q)
}

/// The most results `--limit` can ask for; more is shown as this many.
pub const MAX_LIMIT: usize = 100;

/// The query to search for, or what makes the command unusable whether or
/// not the rules load: no query, or `--limit 0`, which could only ever print
/// nothing. The error is the i18n key of the message.
pub fn usable_query(words: &[String], limit: usize) -> Result<String, &'static str> {
    match query_text(words) {
        None => Err("search.empty"),
        Some(_) if limit == 0 => Err("search.limit_zero"),
        Some(query) => Ok(query),
    }
}

/// Prints a usage error found by [`usable_query`]; returns the exit code.
pub fn usage_error(lang: Lang, key: &str, err: &mut dyn Write) -> anyhow::Result<i32> {
    let s = Strings::new(lang);
    writeln!(err, "posdoc: {}", s.get(key))?;
    Ok(exit::USAGE)
}

/// One step of a path as "question › answer".
fn path_steps(
    rules: &RuleSet,
    path: &[PathStep],
    lang: Lang,
) -> Vec<(String, String, Option<String>)> {
    path.iter()
        .map(|p| {
            let n = rules.node(p.node);
            let answer = match (&n.body, p.answer) {
                (NodeBody::Question(q), Some(a)) => {
                    q.answers.get(a).map(|a| a.text.get(lang).to_string())
                }
                _ => None,
            };
            (n.id.clone(), n.title().get(lang).to_string(), answer)
        })
        .collect()
}

pub fn run(
    rules: &RuleSet,
    index: &Index,
    opts: &SearchOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let query = match usable_query(&opts.query, opts.limit) {
        Ok(query) => query,
        Err(key) => return usage_error(opts.lang, key, err),
    };
    let s = Strings::new(opts.lang);
    let lang = opts.lang;
    let limit = opts.limit.min(MAX_LIMIT);
    let hits = index.search(&query, lang, limit);
    let shown = for_echo(
        &crate::search::text::clean(&query)
            .into_iter()
            .collect::<String>(),
    );
    if query.chars().count() > crate::search::text::MAX_QUERY_CHARS {
        writeln!(
            err,
            "posdoc: {}",
            s.fmt(
                "search.truncated",
                &[("n", &crate::search::text::MAX_QUERY_CHARS.to_string())]
            )
        )?;
    }
    if opts.json {
        let arr: Vec<Value> = hits
            .iter()
            .map(|h| hit_json(rules, index, h, lang, &s))
            .collect();
        writeln!(out, "{}", Value::Array(arr))?;
    } else if !hits.is_empty() {
        writeln!(out, "{}", s.fmt("search.results", &[("query", &shown)]))?;
        for (i, h) in hits.iter().enumerate() {
            write_hit(rules, index, h, i + 1, &s, out)?;
        }
    }
    if hits.is_empty() {
        nothing_found(rules, &shown, &s, err)?;
        return Ok(exit::PROBLEMS);
    }
    Ok(exit::OK)
}

fn write_hit(
    rules: &RuleSet,
    index: &Index,
    h: &Hit,
    n: usize,
    s: &Strings,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let lang = s.lang;
    let node = rules.node(h.node);
    writeln!(
        out,
        "{n}. [{}] {}",
        s.category(node.category),
        node.title().get(lang)
    )?;
    let mut meta = format!(
        "   {}  ({}, {})",
        node.id,
        s.get(&format!("search.kind.{}", node.kind().key())),
        s.get(&format!("search.match.{}", h.kind.key()))
    );
    if let Some(code) = &h.code {
        if let Some(rc) = rules.code(code) {
            meta.push_str(&format!(
                "\n   {}: {}",
                s.fmt("label.code", &[("code", &rc.code)]),
                rc.terminal_text.get(lang)
            ));
        }
    }
    writeln!(out, "{meta}")?;
    let path = path_steps(rules, &index.path(h.node), lang);
    if !path.is_empty() {
        let parts: Vec<String> = path
            .iter()
            .map(|(_, title, answer)| match answer {
                Some(a) => a.clone(),
                None => title.clone(),
            })
            .collect();
        writeln!(out, "   {}: {}", s.get("search.path"), parts.join(" > "))?;
    }
    Ok(())
}

fn hit_json(rules: &RuleSet, index: &Index, h: &Hit, lang: Lang, s: &Strings) -> Value {
    let node = rules.node(h.node);
    let path: Vec<Value> = path_steps(rules, &index.path(h.node), lang)
        .into_iter()
        .map(|(id, title, answer)| json!({"id": id, "title": title, "answer": answer}))
        .collect();
    json!({
        "id": node.id,
        "kind": node.kind().key(),
        "category": node.category.key(),
        "category_label": s.category(node.category),
        "title": node.title().get(lang),
        "score": h.score,
        "match": h.kind.key(),
        "code": h.code,
        "path": path,
    })
}

/// What to say when nothing matched: how to search, and where to start.
fn nothing_found(
    rules: &RuleSet,
    shown: &str,
    s: &Strings,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    writeln!(
        err,
        "posdoc: {}",
        s.fmt("search.nothing", &[("query", shown)])
    )?;
    writeln!(err, "{}", s.get("search.try"))?;
    writeln!(err, "{}", s.get("search.categories"))?;
    for c in Category::ALL {
        if rules.nodes.iter().any(|n| n.category == c) {
            writeln!(err, "  - {}", s.category(c))?;
        }
    }
    Ok(())
}
