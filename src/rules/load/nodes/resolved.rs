//! A resolved node: the fault is fixed, with advice to keep it so.

use super::{NodeAt, Validator};
use crate::rules::model::{NodeBody, Resolved};
use crate::rules::raw::RawNode;

impl Validator<'_> {
    pub(super) fn resolved(&mut self, at: NodeAt<'_>, raw: &RawNode) -> Option<NodeBody> {
        let (file, base) = (at.file, at.base);
        let title = self.req_text(file, base, "title", raw.title.as_deref(), &at.what("title"));
        let text = self.req_text(file, base, "text", raw.text.as_deref(), &at.what("text"));
        let prevention = self.texts(
            file,
            base,
            "prevention",
            raw.prevention.as_deref().unwrap_or(&[]),
            &at.what("prevention advice"),
        );
        Some(NodeBody::Resolved(Resolved {
            title: title?,
            text: text?,
            prevention,
        }))
    }
}
