//! A question: its text and the answers that lead on.

use super::{NodeAt, Validator};
use crate::rules::hint::did_you_mean;
use crate::rules::load::{join, p, Declared};
use crate::rules::model::{Answer, NodeBody, Question};
use crate::rules::raw::RawNode;

/// Answers beyond this many cannot be picked with one key.
const ONE_KEY_ANSWERS: usize = 9;

impl Validator<'_> {
    pub(super) fn question(
        &mut self,
        at: NodeAt<'_>,
        raw: &RawNode,
        declared: &Declared<'_>,
    ) -> Option<NodeBody> {
        let (file, base, id) = (at.file, at.base, at.id);
        let text = self.req_text(
            file,
            base,
            "text",
            raw.text.as_deref(),
            &at.what("question"),
        );
        let why = self.opt_text(
            file,
            base,
            "why",
            raw.why.as_deref(),
            &at.what("\"why we ask\""),
        );
        let say_customer = self.opt_text(
            file,
            base,
            "say_customer",
            raw.say_customer.as_deref(),
            &at.what("line for the customer"),
        );
        let say_caller = self.opt_text(
            file,
            base,
            "say_caller",
            raw.say_caller.as_deref(),
            &at.what("line for the caller"),
        );
        if let Some(list) = raw.answers.as_deref() {
            if list.len() > ONE_KEY_ANSWERS {
                self.warn(
                    file,
                    join(base, p!["answers", ONE_KEY_ANSWERS]),
                    format!(
                        "question \"{id}\" has {} answers; only 1-9 can be picked with one key",
                        list.len()
                    ),
                );
            }
        }
        let answers = self.required_list(
            file,
            base,
            "answers",
            raw.answers.as_deref(),
            || format!("question \"{id}\" has no answers"),
            |v, ap, ai, a| {
                let text = v.req_text(
                    file,
                    &ap,
                    "text",
                    a.text.as_ref(),
                    &format!("answer {} of \"{id}\"", ai + 1),
                );
                let next = match a.next.as_deref() {
                    None => {
                        v.err(
                            file,
                            ap.clone(),
                            format!("answer {} of \"{id}\" has no `next`", ai + 1),
                        );
                        None
                    }
                    Some(n) => {
                        if let Some(t) = declared.index_of(n) {
                            Some((t, n.to_string()))
                        } else if declared.node_may_be_unread() {
                            None
                        } else {
                            v.err(
                                file,
                                join(&ap, p!["next"]),
                                format!(
                                "answer {} of \"{id}\" points to \"{n}\", which does not exist{}",
                                ai + 1,
                                did_you_mean(n, declared.ids())
                            ),
                            );
                            None
                        }
                    }
                };
                let (text, (next, next_id)) = (text?, next?);
                Some(Answer {
                    text,
                    next,
                    next_id,
                })
            },
        );
        Some(NodeBody::Question(Question {
            text: text?,
            why: why?,
            say_customer: say_customer?,
            say_caller: say_caller?,
            answers: answers?,
        }))
    }
}
