//! The validated, in-memory knowledge base. Built only by the loader in
//! `rules::load`; every reference in it has been checked, so front ends can
//! index without fear.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::OnceLock;

/// Turns a text of one language into another (see [`Lang::derived_from`]).
pub type Conversion = fn(&str) -> String;

/// Language of everything posdoc shows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub enum Lang {
    #[serde(rename = "zh")]
    Zh,
    #[serde(rename = "en")]
    En,
    /// Traditional Chinese, derived from [`Lang::Zh`] unless written.
    #[serde(rename = "zh-Hant")]
    ZhHant,
}

impl Lang {
    /// Every language, in the order `l` cycles through them: from Chinese to
    /// English as it always was, then traditional Chinese.
    pub const ALL: [Lang; 3] = [Lang::Zh, Lang::En, Lang::ZhHant];

    /// The BCP 47 tag, as in `--lang` and the file names of `assets/i18n/`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::ZhHant => "zh-Hant",
        }
    }

    /// Reads a language as people and locales write it, in any case.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "zh" | "cn" | "zh-cn" | "zh-hans" | "chinese" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            "zh-hant" | "zh-tw" | "zh-hk" | "zh-mo" => Some(Lang::ZhHant),
            _ => None,
        }
    }

    /// Position in [`Lang::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The language after this one in [`Lang::ALL`], round to the first.
    #[must_use]
    pub fn next(self) -> Lang {
        Lang::ALL[(self.index() + 1) % Lang::ALL.len()]
    }

    /// Where a text that is missing in this language is looked for next:
    /// traditional → simplified Chinese → English.
    pub fn fallback(self) -> Option<Lang> {
        match self {
            Lang::ZhHant => Some(Lang::Zh),
            Lang::Zh => Some(Lang::En),
            Lang::En => None,
        }
    }

    /// For a language whose texts can be derived from another one's: that
    /// language and the conversion.
    pub fn derived_from(self) -> Option<(Lang, Conversion)> {
        match self {
            Lang::ZhHant => Some((Lang::Zh, super::script::to_traditional)),
            Lang::Zh | Lang::En => None,
        }
    }
}

/// A piece of text in every language. The loader guarantees a non-empty
/// `zh` and `en`; other languages are either written in the rules file too
/// or derived on first use (traditional from simplified Chinese), so a run
/// in Chinese or English never pays for a conversion.
#[derive(Debug, Clone, Default)]
pub struct Text {
    written: [Option<Box<str>>; Lang::ALL.len()],
    /// Texts derived on first use, in a box made on the first: most texts
    /// are never shown in a derived language, and a large rule set holds
    /// about ten texts a node (64 bytes each instead of 168).
    derived: OnceLock<Box<[OnceLock<String>; Lang::ALL.len()]>>,
}

impl Text {
    /// A text written in Chinese and English.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text::default()
            .with(Lang::Zh, zh.into())
            .with(Lang::En, en.into())
    }

    /// The same text with `lang` written as `s` (a hand-made translation
    /// that takes the place of a derived one).
    #[must_use]
    pub fn with(mut self, lang: Lang, s: impl Into<String>) -> Text {
        self.written[lang.index()] = Some(s.into().into_boxed_str());
        // Derived texts follow the written ones.
        self.derived = OnceLock::new();
        self
    }

    /// The text as written in `lang`, without derivation or fallback.
    pub fn written(&self, lang: Lang) -> Option<&str> {
        self.written[lang.index()].as_deref()
    }

    /// The text in `lang`: as written, else derived, else along
    /// [`Lang::fallback`].
    pub fn get(&self, lang: Lang) -> &str {
        let mut at = Some(lang);
        while let Some(l) = at {
            if let Some(s) = self.written(l) {
                return s;
            }
            if let Some((from, derive)) = l.derived_from() {
                if let Some(source) = self.written(from) {
                    return self.derived.get_or_init(Box::default)[l.index()]
                        .get_or_init(|| derive(source));
                }
            }
            at = l.fallback();
        }
        ""
    }
}

impl PartialEq for Text {
    /// Derived texts follow from the written ones, so only those count.
    fn eq(&self, other: &Text) -> bool {
        self.written == other.written
    }
}

impl Eq for Text {}

impl Serialize for Text {
    /// The written languages only, keyed by code: `{"zh": …, "en": …}`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let written: Vec<(Lang, &str)> = Lang::ALL
            .into_iter()
            .filter_map(|l| self.written(l).map(|s| (l, s)))
            .collect();
        let mut map = serializer.serialize_map(Some(written.len()))?;
        for (lang, s) in written {
            map.serialize_entry(lang.code(), s)?;
        }
        map.end()
    }
}

/// The fixed list of fault categories. Other parts (search, analytics,
/// training) rely on exactly this set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Card,
    Device,
    Network,
    Maintenance,
    Renewal,
    UnsignedPowerOff,
    Operation,
    Account,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Card,
        Category::Device,
        Category::Network,
        Category::Maintenance,
        Category::Renewal,
        Category::UnsignedPowerOff,
        Category::Operation,
        Category::Account,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Category::Card => "card",
            Category::Device => "device",
            Category::Network => "network",
            Category::Maintenance => "maintenance",
            Category::Renewal => "renewal",
            Category::UnsignedPowerOff => "unsigned_power_off",
            Category::Operation => "operation",
            Category::Account => "account",
        }
    }
    pub fn from_key(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.key() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Who carries out a remedy step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The shop's own staff at the till.
    Staff,
    /// The customer whose card it is.
    Cardholder,
    /// The terminal service provider / acquirer (POS机服务商（收单机构）):
    /// the party the shop has its contract and its terminal from.
    Acquirer,
    /// The card's issuing bank (发卡行).
    Issuer,
    /// The mobile carrier, for a SIM card the shop bought itself.
    Carrier,
}

impl Actor {
    pub const ALL: [Actor; 5] = [
        Actor::Staff,
        Actor::Cardholder,
        Actor::Acquirer,
        Actor::Issuer,
        Actor::Carrier,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Actor::Staff => "staff",
            Actor::Cardholder => "cardholder",
            Actor::Acquirer => "acquirer",
            Actor::Issuer => "issuer",
            Actor::Carrier => "carrier",
        }
    }
    pub fn from_key(s: &str) -> Option<Actor> {
        Actor::ALL.into_iter().find(|a| a.key() == s)
    }
}

/// Whom an escalation sends the merchant to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Contact {
    /// The acquirer / terminal service provider.
    Acquirer,
    /// The card's issuing bank.
    Issuer,
    /// The terminal's after-sales service.
    AfterSales,
    /// The mobile carrier of the terminal's SIM.
    Carrier,
}

impl Contact {
    pub const ALL: [Contact; 4] = [
        Contact::Acquirer,
        Contact::Issuer,
        Contact::AfterSales,
        Contact::Carrier,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Contact::Acquirer => "acquirer",
            Contact::Issuer => "issuer",
            Contact::AfterSales => "after_sales",
            Contact::Carrier => "carrier",
        }
    }
    pub fn from_key(s: &str) -> Option<Contact> {
        Contact::ALL.into_iter().find(|c| c.key() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Likelihood {
    Low,
    Medium,
    High,
}

impl Likelihood {
    pub const ALL: [Likelihood; 3] = [Likelihood::High, Likelihood::Medium, Likelihood::Low];
    pub fn key(self) -> &'static str {
        match self {
            Likelihood::Low => "low",
            Likelihood::Medium => "medium",
            Likelihood::High => "high",
        }
    }
    pub fn from_key(s: &str) -> Option<Likelihood> {
        Likelihood::ALL.into_iter().find(|c| c.key() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// Do not charge again until the transaction record is checked.
    MoneySafety,
    CardSecurity,
    DataProtection,
    Caution,
}

impl WarningKind {
    pub const ALL: [WarningKind; 4] = [
        WarningKind::MoneySafety,
        WarningKind::CardSecurity,
        WarningKind::DataProtection,
        WarningKind::Caution,
    ];
    pub fn key(self) -> &'static str {
        match self {
            WarningKind::MoneySafety => "money_safety",
            WarningKind::CardSecurity => "card_security",
            WarningKind::DataProtection => "data_protection",
            WarningKind::Caution => "caution",
        }
    }
    pub fn from_key(s: &str) -> Option<WarningKind> {
        WarningKind::ALL.into_iter().find(|c| c.key() == s)
    }
}

/// Index of a node in [`RuleSet::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct NodeIdx(pub u32);

impl NodeIdx {
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    pub kind: WarningKind,
    pub text: Text,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Keywords {
    pub zh: Vec<String>,
    pub en: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub text: Text,
    #[serde(skip)]
    pub next: NodeIdx,
    #[serde(rename = "next")]
    pub next_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub text: Text,
    pub why: Option<Text>,
    /// What staff say to the customer at the counter.
    pub say_customer: Option<Text>,
    /// What a support agent reads to the shop staff on the phone.
    pub say_caller: Option<Text>,
    pub answers: Vec<Answer>,
}

/// What a remedy step asks for once it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Do something, then say whether it fixed the problem.
    Action,
    /// Look something up, then say which of the step's findings it showed.
    Check,
    /// Wait the step's minutes, then go on with the next step.
    Wait,
}

impl StepKind {
    pub const ALL: [StepKind; 3] = [StepKind::Action, StepKind::Check, StepKind::Wait];
    pub fn key(self) -> &'static str {
        match self {
            StepKind::Action => "action",
            StepKind::Check => "check",
            StepKind::Wait => "wait",
        }
    }
    pub fn from_key(s: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// Where a finding of a check step leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingNext {
    /// A later step of the same diagnosis, by its number (from 1).
    Step(usize),
    /// Another node: a diagnosis, an escalation, a resolution.
    Node {
        #[serde(skip)]
        idx: NodeIdx,
        #[serde(rename = "node")]
        id: String,
    },
}

/// One answer a check step can find, and where it leads.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub text: Text,
    pub next: FindingNext,
}

#[derive(Debug, Clone, Serialize)]
pub struct RemedyStep {
    pub text: Text,
    pub who: Actor,
    pub minutes: u32,
    pub kind: StepKind,
    /// For a check: what it can show, in order. Empty for other kinds.
    pub found: Vec<Finding>,
    /// The step in the second person, for a support agent to read to the
    /// shop on the phone.
    pub caller: Option<Text>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    pub title: Text,
    pub detail: Option<Text>,
    pub likelihood: Likelihood,
    pub sources: Vec<String>,
    pub steps: Vec<RemedyStep>,
    pub prevention: Vec<Text>,
    #[serde(skip)]
    pub escalation: NodeIdx,
    #[serde(rename = "escalation")]
    pub escalation_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Escalation {
    pub contact: Contact,
    pub text: Text,
    /// What staff say to the customer at the counter.
    pub say_customer: Option<Text>,
    /// What a support agent reads to the shop staff on the phone.
    pub say_caller: Option<Text>,
    /// What the shop says when it calls the contact; the steps already
    /// tried on the way here are added by the front end, not written here.
    pub call_script: Option<Text>,
    /// Evidence keys, each defined in [`RuleSet::evidence`].
    pub have_ready: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Resolved {
    pub title: Text,
    pub text: Text,
    pub prevention: Vec<Text>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NodeBody {
    Question(Question),
    Diagnosis(Diagnosis),
    Escalation(Escalation),
    Resolved(Resolved),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Question,
    Diagnosis,
    Escalation,
    Resolved,
}

impl NodeKind {
    pub fn key(self) -> &'static str {
        match self {
            NodeKind::Question => "question",
            NodeKind::Diagnosis => "diagnosis",
            NodeKind::Escalation => "escalation",
            NodeKind::Resolved => "resolved",
        }
    }
}

/// Where a node was defined, for messages and tooling.
#[derive(Debug, Clone, Serialize)]
pub struct Origin {
    pub file: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub id: String,
    pub category: Category,
    /// The charge may or may not have gone through: show the money-safety
    /// warning before anything else.
    pub charge_outcome_unknown: bool,
    pub warnings: Vec<Warning>,
    pub messages: Vec<Text>,
    pub keywords: Keywords,
    #[serde(flatten)]
    pub body: NodeBody,
    #[serde(skip)]
    pub origin: Origin,
}

impl Node {
    pub fn kind(&self) -> NodeKind {
        match self.body {
            NodeBody::Question(_) => NodeKind::Question,
            NodeBody::Diagnosis(_) => NodeKind::Diagnosis,
            NodeBody::Escalation(_) => NodeKind::Escalation,
            NodeBody::Resolved(_) => NodeKind::Resolved,
        }
    }

    /// One line that names the node: the question, the cause, whom to
    /// contact, or the resolution.
    pub fn title(&self) -> &Text {
        match &self.body {
            NodeBody::Question(q) => &q.text,
            NodeBody::Diagnosis(d) => &d.title,
            NodeBody::Escalation(e) => &e.text,
            NodeBody::Resolved(r) => &r.title,
        }
    }

    pub fn as_question(&self) -> Option<&Question> {
        match &self.body {
            NodeBody::Question(q) => Some(q),
            _ => None,
        }
    }
    pub fn as_diagnosis(&self) -> Option<&Diagnosis> {
        match &self.body {
            NodeBody::Diagnosis(d) => Some(d),
            _ => None,
        }
    }
    pub fn as_escalation(&self) -> Option<&Escalation> {
        match &self.body {
            NodeBody::Escalation(e) => Some(e),
            _ => None,
        }
    }

    /// The money-safety warning, when the node carries one.
    pub fn money_safety(&self) -> Option<&Warning> {
        self.warnings
            .iter()
            .find(|w| w.kind == WarningKind::MoneySafety)
    }
}

/// A terminal response code (field 39) and the node that handles it.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseCode {
    pub code: String,
    #[serde(skip)]
    pub node: NodeIdx,
    #[serde(rename = "node")]
    pub node_id: String,
    pub class: Option<String>,
    pub charge_outcome_unknown: bool,
    pub terminal_text: Text,
    pub meaning: Text,
    pub who_acts: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub file: String,
    pub title: Text,
}

/// A complete, validated knowledge base.
#[derive(Debug, Clone, Serialize)]
pub struct RuleSet {
    #[serde(skip)]
    pub start: NodeIdx,
    #[serde(rename = "start")]
    pub start_id: String,
    pub sources: BTreeMap<String, Source>,
    pub evidence: BTreeMap<String, Text>,
    pub nodes: Vec<Node>,
    pub codes: Vec<ResponseCode>,
    #[serde(skip)]
    pub(crate) by_id: HashMap<String, NodeIdx>,
    #[serde(skip)]
    pub(crate) by_code: HashMap<String, usize>,
}

impl RuleSet {
    pub fn node(&self, idx: NodeIdx) -> &Node {
        &self.nodes[idx.get()]
    }

    pub fn start_node(&self) -> &Node {
        self.node(self.start)
    }

    pub fn find(&self, id: &str) -> Option<NodeIdx> {
        self.by_id.get(id).copied()
    }

    /// Looks a response code up the way people type it: `a0`, ` 51 `, `5`.
    pub fn code(&self, typed: &str) -> Option<&ResponseCode> {
        let norm = normalize_code(typed)?;
        self.by_code.get(&norm).map(|&i| &self.codes[i])
    }

    /// The codes that lead to a node.
    pub fn codes_for(&self, idx: NodeIdx) -> impl Iterator<Item = &ResponseCode> {
        self.codes.iter().filter(move |c| c.node == idx)
    }

    pub fn evidence_label(&self, key: &str) -> Option<&Text> {
        self.evidence.get(key)
    }
}

/// Normalises a typed response code: trims, upper-cases, and pads a single
/// digit to two ("5" → "05"). Returns None for anything that cannot be a code.
pub fn normalize_code(typed: &str) -> Option<String> {
    let t = typed.trim().to_ascii_uppercase();
    let valid = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if t.len() == 1 && t.as_bytes()[0].is_ascii_digit() {
        return Some(format!("0{t}"));
    }
    valid(&t).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_index_and_cycle_in_the_order_of_all() {
        for (i, l) in Lang::ALL.into_iter().enumerate() {
            assert_eq!(l.index(), i);
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
        assert_eq!(Lang::Zh.next(), Lang::En);
        assert_eq!(Lang::En.next(), Lang::ZhHant);
        assert_eq!(Lang::ZhHant.next(), Lang::Zh);
    }

    #[test]
    fn traditional_chinese_is_read_as_people_write_it() {
        for s in [
            "zh-Hant", "zh-hant", "ZH_TW", "zh-tw", "zh_HK", "zh-hk", "zh-MO",
        ] {
            assert_eq!(Lang::parse(s), Some(Lang::ZhHant), "{s}");
        }
        assert_eq!(Lang::parse("zh_CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn a_text_derives_traditional_chinese_unless_written() {
        let t = Text::new("检查网络", "Check the network");
        assert_eq!(t.get(Lang::Zh), "检查网络");
        assert_eq!(t.get(Lang::En), "Check the network");
        assert_eq!(t.get(Lang::ZhHant), "檢查網絡");
        assert_eq!(t.written(Lang::ZhHant), None);
        let shop = t.clone().with(Lang::ZhHant, "檢查網路");
        assert_eq!(shop.get(Lang::ZhHant), "檢查網路");
        assert_ne!(shop, t);
    }

    #[test]
    fn a_missing_language_falls_back_along_the_chain() {
        let en_only = Text::default().with(Lang::En, "Card declined");
        for l in Lang::ALL {
            assert_eq!(en_only.get(l), "Card declined");
        }
        assert_eq!(Text::default().get(Lang::Zh), "");
    }

    #[test]
    fn only_written_languages_are_serialised() {
        let t = Text::new("结算", "Settlement");
        let _ = t.get(Lang::ZhHant);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"zh":"结算","en":"Settlement"}"#
        );
        let t = t.with(Lang::ZhHant, "結帳");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"zh":"结算","en":"Settlement","zh-Hant":"結帳"}"#
        );
    }
}
