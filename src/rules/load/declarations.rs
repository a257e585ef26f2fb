//! The first pass: the start node, sources, evidence and node ids of every
//! file, so that the second pass can check references in any order.

use super::fields::valid_id;
use super::salvage::Unread;
use super::{join, p, NodeRef, Validator};
use crate::rules::hint::did_you_mean;
use crate::rules::model::{NodeIdx, Source, Text};
use crate::rules::raw::{RawFile, RawNode};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the first pass found. Ids borrow from the parsed files.
pub(super) struct Declared<'p> {
    pub(super) parsed: &'p [Option<RawFile>],
    /// The start id and the file that sets it (the first one, if several do).
    pub(super) start: Option<(&'p str, usize)>,
    /// Every node id once, in definition order; a node's place here is its
    /// [`NodeIdx`].
    pub(super) order: Vec<(&'p str, NodeRef)>,
    ids: HashMap<&'p str, (NodeRef, NodeIdx)>,
    pub(super) sources: BTreeMap<String, Source>,
    pub(super) evidence: BTreeMap<String, Text>,
    /// What the files may define but could not be read (see `salvage`).
    unread: Unread,
    broken_nodes: HashSet<(usize, usize)>,
}

impl<'p> Declared<'p> {
    pub(super) fn index_of(&self, id: &str) -> Option<NodeIdx> {
        self.ids.get(id).map(|&(_, idx)| idx)
    }

    /// Every declared node id, in the order of the files.
    pub(super) fn ids(&self) -> impl Iterator<Item = &'p str> + '_ {
        self.order.iter().map(|&(id, _)| id)
    }

    /// The kind a node declares, as written (it may be missing or unknown).
    pub(super) fn kind_of(&self, id: &str) -> Option<&'p str> {
        let &(at, _) = self.ids.get(id)?;
        self.raw_node(at).kind.as_deref()
    }

    /// Whether the node's body did not read, so only its id (and kind) is
    /// known.
    pub(super) fn is_broken(&self, at: NodeRef) -> bool {
        self.broken_nodes.contains(&(at.file, at.index))
    }

    /// Whether a reference to a node that is not declared may still be
    /// right: some node's id could not be read.
    pub(super) fn node_may_be_unread(&self) -> bool {
        self.unread.node_ids
    }

    /// Whether `id` is a node whose kind could not be read, so nothing can
    /// be said about what it is.
    pub(super) fn kind_unread(&self, id: &str) -> bool {
        self.ids
            .get(id)
            .is_some_and(|&(at, _)| self.is_broken(at) && self.raw_node(at).kind.is_none())
    }

    pub(super) fn source_may_be_unread(&self, key: &str) -> bool {
        self.unread.all_sources || self.unread.sources.contains(key)
    }

    pub(super) fn evidence_may_be_unread(&self, key: &str) -> bool {
        self.unread.all_evidence || self.unread.evidence.contains(key)
    }

    pub(super) fn raw_node(&self, at: NodeRef) -> &'p RawNode {
        &self.parsed[at.file]
            .as_ref()
            .expect("declared nodes come from parsed files")
            .nodes[at.index]
    }
}

impl Validator<'_> {
    pub(super) fn declare<'p>(&mut self, parsed: &'p [Option<RawFile>]) -> Declared<'p> {
        let mut declared = Declared {
            parsed,
            start: None,
            order: Vec::new(),
            ids: HashMap::new(),
            sources: BTreeMap::new(),
            evidence: BTreeMap::new(),
            unread: self.unread.clone(),
            broken_nodes: self.broken_nodes.clone(),
        };
        let mut evidence_where: HashMap<&str, usize> = HashMap::new();
        let mut source_where: HashMap<&str, usize> = HashMap::new();

        for (file, raw) in parsed.iter().enumerate() {
            let Some(raw) = raw else { continue };
            if let Some(s) = &raw.start {
                match declared.start {
                    Some((_, first)) => {
                        let first_name = self.files[first].name.clone();
                        self.err(
                            file,
                            p!["start"],
                            format!("the start node is set twice (also in {first_name}); set it in one file only"),
                        );
                    }
                    None => declared.start = Some((s, file)),
                }
            }
            for (key, src) in &raw.sources {
                let base = p!["sources", key];
                if let Some(&other) = source_where.get(key.as_str()) {
                    let name = self.files[other].name.clone();
                    self.err(
                        file,
                        base,
                        format!("source \"{key}\" is defined twice (also in {name})"),
                    );
                    continue;
                }
                source_where.insert(key, file);
                let article = match &src.file {
                    Some(f) if !f.trim().is_empty() => f.clone(),
                    _ => {
                        self.err(file, base.clone(), format!("source \"{key}\" has no file"));
                        String::new()
                    }
                };
                let title = self.req_text(
                    file,
                    &base,
                    "title",
                    src.title.as_ref(),
                    &format!("the title of source \"{key}\""),
                );
                if let Some(title) = title {
                    declared.sources.insert(
                        key.clone(),
                        Source {
                            file: article,
                            title,
                        },
                    );
                }
            }
            for (key, t) in &raw.evidence {
                if let Some(&other) = evidence_where.get(key.as_str()) {
                    let name = self.files[other].name.clone();
                    self.err(
                        file,
                        p!["evidence", key],
                        format!("evidence \"{key}\" is defined twice (also in {name})"),
                    );
                    continue;
                }
                evidence_where.insert(key, file);
                if let Some(t) = self.text(
                    file,
                    &p!["evidence", key],
                    t,
                    &format!("evidence \"{key}\""),
                ) {
                    declared.evidence.insert(key.clone(), t);
                }
            }
            for (ni, node) in raw.nodes.iter().enumerate() {
                let base = p!["nodes", ni];
                let Some(id) = &node.id else {
                    // A node whose body did not read may have an id that
                    // is not text; its fault is reported already.
                    if !self.broken_nodes.contains(&(file, ni)) {
                        self.err(file, base, format!("node {} has no id", ni + 1));
                    }
                    continue;
                };
                if !valid_id(id) {
                    self.err(
                        file,
                        join(&base, p!["id"]),
                        format!("id \"{id}\" is not valid: use lower-case letters, digits, '_' and '.', like \"network.weak_signal\""),
                    );
                }
                let here = NodeRef { file, index: ni };
                if let Some(&(first, _)) = declared.ids.get(id.as_str()) {
                    let (l, c) = self.position_of(first.file, &p!["nodes", first.index, "id"]);
                    let name = self.files[first.file].name.clone();
                    self.err(
                        file,
                        join(&base, p!["id"]),
                        format!("duplicate id \"{id}\" (first defined at {name}:{l}:{c})"),
                    );
                    continue;
                }
                let idx = NodeIdx(declared.order.len() as u32);
                declared.ids.insert(id, (here, idx));
                declared.order.push((id, here));
            }
        }
        declared
    }

    /// Some file must set `start:`, to a node that exists. Returns the start
    /// id as written.
    pub(super) fn check_start<'p>(&mut self, declared: &Declared<'p>) -> Option<&'p str> {
        let Some((start, file)) = declared.start else {
            if declared.unread.start {
                // It may be set in what could not be read.
                return None;
            }
            if let Some(file) = declared
                .parsed
                .iter()
                .position(std::option::Option::is_some)
            {
                self.err(
                    file,
                    vec![],
                    "no file sets `start:`, the id of the first question",
                );
            }
            return None;
        };
        if declared.index_of(start).is_none() && !declared.node_may_be_unread() {
            self.err(
                file,
                p!["start"],
                format!(
                    "the start node \"{start}\" does not exist{}",
                    did_you_mean(start, declared.ids())
                ),
            );
        }
        Some(start)
    }
}
