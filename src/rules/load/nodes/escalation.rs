//! An escalation: whom to contact and what to have ready.

use super::{NodeAt, Validator};
use crate::rules::load::Declared;
use crate::rules::model::{Contact, Escalation, NodeBody};
use crate::rules::raw::RawNode;

impl Validator<'_> {
    pub(super) fn escalation(
        &mut self,
        at: NodeAt<'_>,
        raw: &RawNode,
        declared: &Declared<'_>,
    ) -> Option<NodeBody> {
        let (fi, base, id) = (at.file, at.base, at.id);
        let text = self.req_text(fi, base, "text", &raw.text, &at.what("escalation text"));
        let say = self.opt_text(fi, base, "say", &raw.say, &at.what("read-aloud line"));
        let contact = self.one_of(
            fi,
            base,
            "contact",
            raw.contact.as_deref(),
            &Contact::ALL,
            Contact::key,
            || format!("escalation \"{id}\" does not say whom to contact (`contact`)"),
            |c, all| format!("unknown contact \"{c}\" in \"{id}\"; it must be one of: {all}"),
        );
        let have_ready = self.required_list(
            fi,
            base,
            "have_ready",
            raw.have_ready.as_deref(),
            || format!("escalation \"{id}\" does not list what to have ready (`have_ready`)"),
            |v, path, _, key| {
                if declared.evidence.contains_key(key) {
                    return Some(key.clone());
                }
                let known = declared
                    .evidence
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                v.err(
                    fi,
                    path,
                    format!("unknown evidence \"{key}\" in \"{id}\"; define it under `evidence:` (known: {known})"),
                );
                None
            },
        );
        Some(NodeBody::Escalation(Escalation {
            contact: contact?,
            text: text?,
            say: say?,
            have_ready: have_ready?,
        }))
    }
}
