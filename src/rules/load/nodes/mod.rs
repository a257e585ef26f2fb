//! Nodes: what every kind shares (category, kind, warnings, charge outcome,
//! terminal messages, keywords) and which fields belong to which kind. The
//! fields of one kind are checked in that kind's module.

mod diagnosis;
mod escalation;
mod question;
mod resolved;

use super::{join, p, Declared, Validator};
use crate::rules::hint::did_you_mean;
use crate::rules::model::{Category, Node, NodeKind, Origin, Warning, WarningKind};
use crate::rules::raw::RawNode;
use crate::rules::yaml::YamlPath;

/// The fields of a node that only some kinds may have, each with whether
/// `raw` has it: `[("text", true), ("title", false), ...]`.
///
/// The names come from a pattern that destructures [`RawNode`] without `..`,
/// so a field added to `RawNode` and not listed here (under `shared` or
/// `kind`) fails to compile, and `stringify!` makes each name the field's own (a hand-written name could
/// drift from the field it stands for). This is simpler than a macro that
/// declares `RawNode` itself, which would hide the serde attributes, and it
/// catches the mistake at compile time rather than in a test. The YAML key
/// is the field name: `RawNode` renames none.
macro_rules! kind_fields {
    ($raw:expr; shared: $($shared:ident),*; kind: $($field:ident),* $(,)?) => {{
        let RawNode { $($shared: _,)* $($field,)* } = $raw;
        [$((stringify!($field), $field.is_some())),*]
    }};
}

fn present_kind_fields(raw: &RawNode) -> [(&'static str, bool); 15] {
    kind_fields!(raw;
        shared: id, kind, category, messages, keywords, charge_outcome, warnings;
        kind: text, title, detail, why, say_customer, say_caller, call_script, answers, steps, prevention, escalation,
            likelihood, sources, contact, have_ready,
    )
}

/// Fields that belong to other kinds are mistakes, not extras.
fn allowed_fields(kind: NodeKind) -> &'static [&'static str] {
    match kind {
        NodeKind::Question => &["text", "why", "say_customer", "say_caller", "answers"],
        NodeKind::Diagnosis => &[
            "title",
            "detail",
            "steps",
            "prevention",
            "escalation",
            "likelihood",
            "sources",
        ],
        NodeKind::Escalation => &[
            "text",
            "say_customer",
            "say_caller",
            "call_script",
            "contact",
            "have_ready",
        ],
        NodeKind::Resolved => &["title", "text", "prevention"],
    }
}

/// Where the node being checked is: its file, its path and its id.
#[derive(Clone, Copy)]
struct NodeAt<'a> {
    file: usize,
    base: &'a YamlPath,
    id: &'a str,
}

impl NodeAt<'_> {
    /// `the title of "card.expired"`.
    fn what(&self, field: &str) -> String {
        format!("the {field} of \"{}\"", self.id)
    }
}

impl Validator<'_> {
    pub(super) fn node(
        &mut self,
        file: usize,
        base: &YamlPath,
        id: &str,
        raw: &RawNode,
        declared: &Declared<'_>,
    ) -> Option<Node> {
        let at = NodeAt { file, base, id };
        let category = self.one_of(
            file,
            base,
            "category",
            raw.category.as_deref(),
            &Category::ALL,
            Category::key,
            || format!("node \"{id}\" has no category"),
            |c, all| format!("unknown category \"{c}\" in node \"{id}\"; it must be one of: {all}"),
        );
        let kind = self.node_kind(at, raw)?;
        let mut ok = self.kind_fields_belong(at, raw, kind);
        let warnings = self.warnings(at, raw);
        ok &= warnings.is_some();
        let (charge_outcome_unknown, money_safety_ok) = self.charge_outcome(at, raw);
        ok &= money_safety_ok;
        let messages = self.texts(
            file,
            base,
            "messages",
            &raw.messages,
            &format!("terminal message of \"{id}\""),
        );
        let keywords = self.keywords(file, base, raw.keywords.as_ref(), &format!("\"{id}\""));

        let body = match kind {
            NodeKind::Question => self.question(at, raw, declared),
            NodeKind::Diagnosis => self.diagnosis(at, raw, declared),
            NodeKind::Escalation => self.escalation(at, raw, declared),
            NodeKind::Resolved => self.resolved(at, raw),
        }?;
        if !ok {
            return None;
        }
        Some(Node {
            id: id.to_string(),
            category: category?,
            charge_outcome_unknown,
            warnings: warnings?,
            messages,
            keywords,
            body,
            origin: Origin {
                file: self.files[file].name.clone(),
            },
        })
    }

    fn node_kind(&mut self, at: NodeAt<'_>, raw: &RawNode) -> Option<NodeKind> {
        let id = at.id;
        match raw.kind.as_deref() {
            None => {
                self.err(
                    at.file,
                    at.base.clone(),
                    format!(
                        "node \"{id}\" has no kind (question, diagnosis, escalation or resolved)"
                    ),
                );
                None
            }
            Some("question") => Some(NodeKind::Question),
            Some("diagnosis") => Some(NodeKind::Diagnosis),
            Some("escalation") => Some(NodeKind::Escalation),
            Some("resolved") => Some(NodeKind::Resolved),
            Some(k) => {
                self.err(
                    at.file,
                    join(at.base, p!["kind"]),
                    format!(
                        "unknown kind \"{k}\" in node \"{id}\"; it must be question, diagnosis, escalation or resolved{}",
                        did_you_mean(k, ["question", "diagnosis", "escalation", "resolved"])
                    ),
                );
                None
            }
        }
    }

    /// Reports every field that belongs to another kind; true when none does.
    fn kind_fields_belong(&mut self, at: NodeAt<'_>, raw: &RawNode, kind: NodeKind) -> bool {
        let allowed = allowed_fields(kind);
        let mut ok = true;
        for (field, is) in present_kind_fields(raw) {
            if is && !allowed.contains(&field) {
                self.err(
                    at.file,
                    join(at.base, p![field]),
                    format!(
                        "`{field}` does not belong in a {} node (\"{}\")",
                        kind.key(),
                        at.id
                    ),
                );
                ok = false;
            }
        }
        ok
    }

    /// Every warning, or None when any of them is incomplete.
    fn warnings(&mut self, at: NodeAt<'_>, raw: &RawNode) -> Option<Vec<Warning>> {
        let (file, id) = (at.file, at.id);
        let mut ok = true;
        let mut warnings = Vec::new();
        for (wi, w) in raw.warnings.iter().enumerate() {
            let wp = join(at.base, p!["warnings", wi]);
            let wk = self.one_of(
                file,
                &wp,
                "kind",
                w.kind.as_deref(),
                &WarningKind::ALL,
                WarningKind::key,
                || format!("warning {} of \"{id}\" has no kind", wi + 1),
                |k, all| format!("unknown warning kind \"{k}\"; it must be one of: {all}"),
            );
            let text = self.req_text(
                file,
                &wp,
                "text",
                w.text.as_ref(),
                &format!("warning {} of \"{id}\"", wi + 1),
            );
            match (wk, text) {
                (Some(kind), Some(text)) => warnings.push(Warning { kind, text }),
                _ => ok = false,
            }
        }
        ok.then_some(warnings)
    }

    /// Whether the charge outcome is unknown, and whether the money_safety
    /// warning is where such a node needs it (first). A node whose outcome
    /// is unknown must warn against charging again before anything else.
    fn charge_outcome(&mut self, at: NodeAt<'_>, raw: &RawNode) -> (bool, bool) {
        let (file, base, id) = (at.file, at.base, at.id);
        let mut ok = true;
        let charge_outcome_unknown = match raw.charge_outcome.as_deref() {
            None => false,
            Some("unknown") => true,
            Some("known") => false,
            Some(v) => {
                self.err(
                    file,
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
                file,
                base.clone(),
                format!("node \"{id}\" has charge_outcome: unknown, so its first warning must be a money_safety warning (do not charge the card again until the transaction record is checked)"),
            );
            ok = false;
        }
        for (wi, w) in raw.warnings.iter().enumerate().skip(1) {
            if w.kind.as_deref() == Some("money_safety") {
                self.err(
                    file,
                    join(base, p!["warnings", wi]),
                    format!("the money_safety warning of \"{id}\" must come first, before every other warning"),
                );
                ok = false;
            }
        }
        // An escalation's money-safety warning is required by the paths that
        // lead to it (see `escalations_after_unknown_outcome`), not by its own
        // outcome, which may be known on other paths.
        let escalation = raw.kind.as_deref() == Some("escalation");
        if first_is_money && !charge_outcome_unknown && !escalation {
            self.warn(
                file,
                base.clone(),
                format!("node \"{id}\" carries a money_safety warning but not charge_outcome: unknown; add it so the warning is required"),
            );
        }
        (charge_outcome_unknown, ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_field_names() -> Vec<&'static str> {
        present_kind_fields(&RawNode::default())
            .iter()
            .map(|(name, _)| *name)
            .collect()
    }

    #[test]
    fn allowed_fields_are_kind_fields() {
        let names = kind_field_names();
        for kind in [
            NodeKind::Question,
            NodeKind::Diagnosis,
            NodeKind::Escalation,
            NodeKind::Resolved,
        ] {
            for field in allowed_fields(kind) {
                assert!(
                    names.contains(field),
                    "{field} is allowed in {} nodes but is no field of RawNode",
                    kind.key()
                );
            }
        }
    }

    #[test]
    fn every_kind_field_belongs_to_some_kind() {
        for name in kind_field_names() {
            let somewhere = [
                NodeKind::Question,
                NodeKind::Diagnosis,
                NodeKind::Escalation,
                NodeKind::Resolved,
            ]
            .into_iter()
            .any(|kind| allowed_fields(kind).contains(&name));
            assert!(somewhere, "RawNode.{name} is allowed in no kind of node");
        }
    }

    #[test]
    fn presence_follows_the_raw_node() {
        let raw = RawNode {
            say_caller: Some(Box::default()),
            have_ready: Some(Vec::new()),
            ..RawNode::default()
        };
        let present: Vec<&str> = present_kind_fields(&raw)
            .iter()
            .filter(|(_, is)| *is)
            .map(|(name, _)| *name)
            .collect();
        assert_eq!(present, ["say_caller", "have_ready"]);
    }
}
