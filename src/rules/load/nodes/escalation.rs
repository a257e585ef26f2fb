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
        let say_customer = self.opt_text(
            fi,
            base,
            "say_customer",
            &raw.say_customer,
            &at.what("line for the customer"),
        );
        let say_caller = self.opt_text(
            fi,
            base,
            "say_caller",
            &raw.say_caller,
            &at.what("line for the caller"),
        );
        let call_script = self.opt_text(
            fi,
            base,
            "call_script",
            &raw.call_script,
            &at.what("call script"),
        );
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
            say_customer: say_customer?,
            say_caller: say_caller?,
            call_script: call_script?,
            have_ready: have_ready?,
        }))
    }
}
