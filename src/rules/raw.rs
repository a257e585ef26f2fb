//! The rules files as written, before validation. Everything that a person
//! can get wrong is optional or a plain string here, so the validator can
//! report all problems at once with their locations instead of stopping at
//! the first one serde meets. Unknown fields are still refused by serde.

use serde::{Deserialize, Deserializer};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub sources: BTreeMap<String, RawSource>,
    #[serde(default)]
    pub evidence: BTreeMap<String, RawText>,
    #[serde(default)]
    pub nodes: Vec<RawNode>,
    #[serde(default)]
    pub codes: Vec<RawCode>,
}

/// A bilingual text as written. The validator takes each string out when
/// it builds the model's text (see [`RawText::take`]), so a text is held
/// once, not as a parsed copy and a checked copy (with the boxed texts of
/// [`RawNode`], this took the 100,000-node load's peak heap from 5.55x to
/// 4.82x the size of the files). A `Cell` lets it take
/// them through the shared borrow every other check reads the file with.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawText {
    #[serde(default, deserialize_with = "taken_later")]
    pub zh: Cell<Option<String>>,
    #[serde(default, deserialize_with = "taken_later")]
    pub en: Cell<Option<String>>,
    /// Traditional Chinese, where the one derived from `zh` is not what a
    /// Hong Kong or Taiwan shop would say.
    #[serde(default, rename = "zh-Hant", deserialize_with = "taken_later")]
    pub zh_hant: Cell<Option<String>>,
}

/// The strings of a [`RawText`], taken out of it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WrittenText {
    pub zh: Option<String>,
    pub en: Option<String>,
    pub zh_hant: Option<String>,
}

impl RawText {
    /// Moves the strings out, leaving the text empty: for the one place
    /// that builds the model's text from it.
    pub fn take(&self) -> WrittenText {
        WrittenText {
            zh: self.zh.take(),
            en: self.en.take(),
            zh_hant: self.zh_hant.take(),
        }
    }
}

impl fmt::Debug for RawText {
    /// Shows the strings without taking them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let written = self.take();
        let shown = f
            .debug_struct("RawText")
            .field("zh", &written.zh)
            .field("en", &written.en)
            .field("zh_hant", &written.zh_hant)
            .finish();
        self.zh.set(written.zh);
        self.en.set(written.en);
        self.zh_hant.set(written.zh_hant);
        shown
    }
}

/// Reads an optional string as `Option<String>` would (a YAML null is
/// none), into a cell.
fn taken_later<'de, D: Deserializer<'de>>(d: D) -> Result<Cell<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Cell::new)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub title: Option<RawText>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeywords {
    #[serde(default)]
    pub zh: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

/// A node as written. Its texts are boxed: a node has two or three of the
/// seven, and a text held inline takes 72 bytes written or not (a node is
/// 440 bytes boxed, 888 inline: 45 MB more at 100,000 nodes).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub text: Option<Box<RawText>>,
    #[serde(default)]
    pub title: Option<Box<RawText>>,
    #[serde(default)]
    pub detail: Option<Box<RawText>>,
    #[serde(default)]
    pub why: Option<Box<RawText>>,
    #[serde(default)]
    pub say_customer: Option<Box<RawText>>,
    #[serde(default)]
    pub say_caller: Option<Box<RawText>>,
    #[serde(default)]
    pub call_script: Option<Box<RawText>>,
    #[serde(default)]
    pub messages: Vec<RawText>,
    #[serde(default)]
    pub keywords: Option<RawKeywords>,
    #[serde(default)]
    pub charge_outcome: Option<String>,
    #[serde(default)]
    pub warnings: Vec<RawWarning>,
    #[serde(default)]
    pub answers: Option<Vec<RawAnswer>>,
    #[serde(default)]
    pub steps: Option<Vec<RawStep>>,
    #[serde(default)]
    pub prevention: Option<Vec<RawText>>,
    #[serde(default)]
    pub escalation: Option<String>,
    #[serde(default)]
    pub likelihood: Option<String>,
    #[serde(default)]
    pub sources: Option<Vec<String>>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub have_ready: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnswer {
    #[serde(default)]
    pub text: Option<RawText>,
    #[serde(default)]
    pub next: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    #[serde(default)]
    pub text: Option<RawText>,
    #[serde(default)]
    pub who: Option<String>,
    #[serde(default)]
    pub minutes: Option<i64>,
    /// `action`, `check` or `wait`.
    #[serde(default)]
    pub kind: Option<String>,
    /// A check step's findings.
    #[serde(default)]
    pub found: Option<Vec<RawFinding>>,
    /// The step as a support agent reads it to the shop.
    #[serde(default)]
    pub caller: Option<RawText>,
    /// This step looks up the result of the earlier attempt (transaction
    /// enquiry, reprint, the provider's back office).
    #[serde(default)]
    pub confirms_outcome: bool,
    /// This step charges the card again for the same purchase.
    #[serde(default)]
    pub redoes_sale: bool,
}

/// A finding of a check step: leads to a later step (`step`) or a node (`next`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFinding {
    #[serde(default)]
    pub text: Option<RawText>,
    #[serde(default)]
    pub step: Option<i64>,
    #[serde(default)]
    pub next: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWarning {
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub text: Option<RawText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCode {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub node: Option<String>,
    #[serde(default)]
    pub class: Option<String>,
    #[serde(default)]
    pub charge_outcome: Option<String>,
    #[serde(default)]
    pub terminal_text: Option<RawText>,
    #[serde(default)]
    pub meaning: Option<RawText>,
    #[serde(default)]
    pub who_acts: Option<RawText>,
}
