//! What can still be read of a file that is well-formed YAML but has the
//! wrong shape somewhere (an unknown field, a word where a number belongs).
//!
//! The strict parse stops at the first such fault and reports it. Without
//! the rest of the file, every reference into it would then be reported as
//! dangling: one unknown field, ten errors. So the file's YAML tree is read
//! again part by part: whatever reads is checked as usual, a node whose
//! body does not read is still registered by its id (and kind, when those
//! read), and every name that could not be read is remembered, so that a
//! reference to it is not called dangling. Each further fault is reported
//! once, located by its own path.

use super::MAX_PROBLEMS_PER_FILE;
use crate::rules::raw::{RawCode, RawFile, RawNode, RawSource, RawText};
use crate::rules::yaml::{self, Seg, YamlPath};
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};
use std::collections::HashSet;

/// The names a file may define that could not be read from it.
#[derive(Debug, Default, Clone)]
pub(super) struct Unread {
    /// A node whose id did not read, or the whole `nodes` list.
    pub(super) node_ids: bool,
    /// `start:` is there but did not read, or the whole file did not.
    pub(super) start: bool,
    /// The whole `sources` mapping did not read.
    pub(super) all_sources: bool,
    /// Sources whose entry did not read.
    pub(super) sources: HashSet<String>,
    pub(super) all_evidence: bool,
    pub(super) evidence: HashSet<String>,
}

impl Unread {
    /// Nothing of the file could be read (a syntax error, a refused file).
    pub(super) fn everything() -> Unread {
        Unread {
            node_ids: true,
            start: true,
            all_sources: true,
            all_evidence: true,
            ..Unread::default()
        }
    }

    pub(super) fn merge(&mut self, other: &Unread) {
        self.node_ids |= other.node_ids;
        self.start |= other.start;
        self.all_sources |= other.all_sources;
        self.all_evidence |= other.all_evidence;
        self.sources.extend(other.sources.iter().cloned());
        self.evidence.extend(other.evidence.iter().cloned());
    }

    /// Whether anything at all is missing, so the checks of the whole graph
    /// would judge a graph with holes in it.
    pub(super) fn any(&self) -> bool {
        self.node_ids
            || self.start
            || self.all_sources
            || self.all_evidence
            || !self.sources.is_empty()
            || !self.evidence.is_empty()
    }
}

/// A fault after the first, with the path of the offending key or value.
pub(super) struct Fault {
    pub(super) path: YamlPath,
    /// Whether `path` names a key (an unknown field) rather than a value.
    pub(super) at_key: bool,
    pub(super) message: String,
}

/// What was read of a file whose strict parse failed.
pub(super) struct Salvaged {
    /// The parts that read; a node that did not stands in with only its id
    /// and kind, at its own index, so paths stay right.
    pub(super) raw: RawFile,
    /// Indices in `raw.nodes` of the stand-ins.
    pub(super) broken_nodes: HashSet<usize>,
    pub(super) unread: Unread,
    /// Every fault but the first, which the strict parse reported.
    pub(super) more: Vec<Fault>,
}

/// Reads `tree` part by part, in document order, as the strict parse did.
pub(super) fn salvage(tree: Value) -> Salvaged {
    let mut s = Salvager {
        faults: 0,
        more: Vec::new(),
        unread: Unread::default(),
    };
    let mut raw = RawFile::default();
    let mut broken_nodes = HashSet::new();
    let Value::Mapping(top) = tree else {
        // The file is a list or a scalar: the strict parse said so, and
        // nothing in it can be read as rules.
        return Salvaged {
            raw,
            broken_nodes,
            unread: Unread::everything(),
            more: Vec::new(),
        };
    };
    for (key, value) in top {
        let name = key.as_str().map(str::to_string);
        match (name.as_deref(), value) {
            (Some("nodes"), Value::Sequence(items)) => {
                for (i, item) in items.into_iter().enumerate() {
                    let base = vec![Seg::Key("nodes".into()), Seg::Index(i)];
                    if let Some(node) = s.read::<RawNode>(&base, &item) {
                        raw.nodes.push(node);
                        continue;
                    }
                    let text =
                        |field: &str| item.get(field).and_then(Value::as_str).map(String::from);
                    let stand_in = RawNode {
                        id: text("id"),
                        kind: text("kind"),
                        ..RawNode::default()
                    };
                    s.unread.node_ids |= stand_in.id.is_none();
                    broken_nodes.insert(raw.nodes.len());
                    raw.nodes.push(stand_in);
                }
            }
            (Some("codes"), Value::Sequence(items)) => {
                for (i, item) in items.into_iter().enumerate() {
                    let base = vec![Seg::Key("codes".into()), Seg::Index(i)];
                    if let Some(code) = s.read::<RawCode>(&base, &item) {
                        raw.codes.push(code);
                    }
                }
            }
            (Some(section @ ("sources" | "evidence")), Value::Mapping(entries)) => {
                for (entry_key, entry) in entries {
                    let Some(entry_name) = entry_key.as_str().map(str::to_string) else {
                        // A key that is not text: let serde word it.
                        s.read_top(&Value::Mapping(Mapping::from_iter([(entry_key, entry)])));
                        continue;
                    };
                    let base = vec![Seg::Key(section.into()), Seg::Key(entry_name.clone())];
                    if section == "sources" {
                        match s.read::<RawSource>(&base, &entry) {
                            Some(src) => {
                                raw.sources.insert(entry_name, src);
                            }
                            None => {
                                s.unread.sources.insert(entry_name);
                            }
                        }
                    } else {
                        match s.read::<RawText>(&base, &entry) {
                            Some(text) => {
                                raw.evidence.insert(entry_name, text);
                            }
                            None => {
                                s.unread.evidence.insert(entry_name);
                            }
                        }
                    }
                }
            }
            (_, value) => {
                // `start`, an unknown top-level key, or a section of the
                // wrong kind: read it as a file with that key alone.
                let section = name.clone().unwrap_or_default();
                match s.read_top(&Value::Mapping(Mapping::from_iter([(key, value)]))) {
                    Some(part) => {
                        if part.start.is_some() {
                            raw.start = part.start;
                        }
                    }
                    None => match section.as_str() {
                        "start" => s.unread.start = true,
                        "nodes" => s.unread.node_ids = true,
                        "sources" => s.unread.all_sources = true,
                        "evidence" => s.unread.all_evidence = true,
                        _ => {}
                    },
                }
            }
        }
    }
    Salvaged {
        raw,
        broken_nodes,
        unread: s.unread,
        more: s.more,
    }
}

struct Salvager {
    /// Faults met so far; the first was reported by the strict parse.
    faults: usize,
    more: Vec<Fault>,
    unread: Unread,
}

impl Salvager {
    /// Reads one part at `base`; a fault is recorded with its full path.
    fn read<T: DeserializeOwned>(&mut self, base: &YamlPath, value: &Value) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let mut path = base.clone();
                path.extend(e.path().iter().map_while(|seg| match seg {
                    serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                    serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                    serde_path_to_error::Segment::Enum { variant } => {
                        Some(Seg::Key(variant.clone()))
                    }
                    serde_path_to_error::Segment::Unknown => None,
                }));
                self.fault(path, e.inner());
                None
            }
        }
    }

    /// Reads a one-key mapping as a whole file (a top-level key that is not
    /// a list or mapping of parts).
    fn read_top(&mut self, single: &Value) -> Option<RawFile> {
        self.read::<RawFile>(&Vec::new(), single)
    }

    fn fault(&mut self, mut path: YamlPath, error: &serde_yaml::Error) {
        self.faults += 1;
        if self.faults == 1 {
            return;
        }
        if self.faults > MAX_PROBLEMS_PER_FILE + 1 {
            // Past the report's limit for a file it is only counted, and
            // all of these come after the ones already kept: no message.
            self.more.push(Fault {
                path,
                at_key: false,
                message: String::new(),
            });
            return;
        }
        let raw = error.to_string();
        let shown_path = yaml::render_path(&path);
        // An unknown field is best shown at its key, like the strict parse.
        let unknown = raw
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name.to_string());
        let at_key = unknown.is_some();
        if let Some(name) = unknown {
            if path.last() != Some(&Seg::Key(name.clone())) {
                path.push(Seg::Key(name));
            }
        }
        self.more.push(Fault {
            path,
            at_key,
            message: yaml::shape_message(&shown_path, &raw),
        });
    }
}
