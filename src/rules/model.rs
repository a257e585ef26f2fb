//! The validated, in-memory knowledge base. Built only by the loader in
//! `rules::load`; every reference in it has been checked, so front ends can
//! index without fear.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// Language of everything posdoc shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "cn" | "zh-cn" | "zh_cn" | "chinese" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// A bilingual piece of text. Both halves are guaranteed non-empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
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
    Staff,
    Cardholder,
    Provider,
    Bank,
}

impl Actor {
    pub const ALL: [Actor; 4] = [
        Actor::Staff,
        Actor::Cardholder,
        Actor::Provider,
        Actor::Bank,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Actor::Staff => "staff",
            Actor::Cardholder => "cardholder",
            Actor::Provider => "provider",
            Actor::Bank => "bank",
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
    pub say: Option<Text>,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RemedyStep {
    pub text: Text,
    pub who: Actor,
    pub minutes: u32,
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
    pub say: Option<Text>,
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
