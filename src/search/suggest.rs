//! Closest matches for a response code that is not in the rules.

use super::text;
use super::{Hit, Index, MatchKind};
use crate::rules::{Lang, RuleSet};

/// Suggestions for a response code that is not in the rules: codes that
/// look like it (a digit mistyped, swapped, O for 0), then whatever the
/// typed text finds as a search.
pub fn suggest_for_unknown_code(index: &Index, rules: &RuleSet, typed: &str) -> Vec<Hit> {
    let clean = text::sanitize(typed);
    let t: Vec<char> = clean
        .trim()
        .chars()
        .take(8)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let look = |c: char| match c {
        'O' | 'Q' | 'D' => '0',
        'I' | 'L' => '1',
        'Z' => '2',
        'S' => '5',
        'B' => '8',
        'G' => '6',
        _ => c,
    };
    let mut scored: Vec<(u32, &crate::rules::ResponseCode)> = Vec::new();
    for rc in &rules.codes {
        let cc: Vec<char> = rc.code.chars().collect();
        let mut s = 0u32;
        if t.len() == 2 && cc.len() == 2 {
            let mapped: Vec<char> = t.iter().map(|&c| look(c)).collect();
            if mapped == cc && t != cc {
                s = 900;
            } else if t[0] == cc[1] && t[1] == cc[0] {
                s = 700;
            } else if t[0] == cc[0] || look(t[0]) == cc[0] {
                s = 520;
            } else if t[1] == cc[1] || look(t[1]) == cc[1] {
                s = 500;
            }
        } else if t.len() == 1 && cc.contains(&t[0]) {
            s = 400;
        } else if t.len() > 2 && cc.len() == 2 {
            // "510", "5l": a code inside a longer token.
            let joined: String = t.iter().collect();
            if joined.contains(&rc.code) {
                s = 600;
            }
        }
        if s > 0 {
            scored.push((s, rc));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.code.cmp(&b.1.code)));
    let mut out: Vec<Hit> = scored
        .into_iter()
        .take(5)
        .map(|(s, rc)| Hit {
            node: rc.node,
            score: s,
            kind: MatchKind::Code,
            code: Some(rc.code.clone()),
        })
        .collect();
    for h in index.search(&clean, Lang::Zh, 5) {
        if out.len() >= 8 {
            break;
        }
        if !out.iter().any(|o| o.node == h.node) {
            out.push(h);
        }
    }
    out
}
