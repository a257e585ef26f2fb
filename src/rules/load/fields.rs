//! Checks of field shapes that recur across nodes and codes: ids, a value
//! from a fixed set, a required list of items.

use super::{join, p, Validator};
use crate::rules::hint::did_you_mean;
use crate::rules::yaml::YamlPath;

pub(super) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.')
        && !id.starts_with('.')
        && !id.ends_with('.')
}

/// "a question node", "an escalation node", or "a node of unknown kind".
pub(super) fn kind_phrase(kind: Option<&str>) -> String {
    match kind {
        Some(k @ ("question" | "diagnosis" | "resolved")) => format!("a {k} node"),
        Some("escalation") => "an escalation node".into(),
        _ => "a node of unknown kind".into(),
    }
}

fn list<T: Copy>(all: &[T], key: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|&x| key(x)).collect::<Vec<_>>().join(", ")
}

impl Validator<'_> {
    /// A field that must name one of a fixed set of values: reported at
    /// the node when missing, at the field when unknown.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn one_of<T: Copy>(
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
            let hint = did_you_mean(v, all.iter().map(|&x| key(x)));
            let message = unknown(v, list(all, key)) + &hint;
            self.err(file, join(base, p![field]), message);
        }
        found
    }

    /// A list that must be given and must not be empty: reported at the node
    /// when missing and at the field when empty, with the same message.
    /// Otherwise `item` checks every entry (with its path and index); the
    /// list comes back only when all of them passed.
    pub(super) fn required_list<R, T>(
        &mut self,
        file: usize,
        base: &YamlPath,
        field: &str,
        items: Option<&[R]>,
        missing: impl FnOnce() -> String,
        mut item: impl FnMut(&mut Self, YamlPath, usize, &R) -> Option<T>,
    ) -> Option<Vec<T>> {
        let items = match items {
            None => {
                self.err(file, base.clone(), missing());
                return None;
            }
            Some([]) => {
                self.err(file, join(base, p![field]), missing());
                return None;
            }
            Some(items) => items,
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, raw) in items.iter().enumerate() {
            if let Some(checked) = item(self, join(base, p![field, i]), i, raw) {
                out.push(checked);
            }
        }
        (out.len() == items.len()).then_some(out)
    }
}
