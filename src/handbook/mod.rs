//! The printable handbook: the whole tree for reading, as a document in one
//! language: a chapter per category with its questions and its causes (each
//! with the routes leading there, its remedy steps, warnings, hand-over and
//! read-aloud lines) and an appendix of every response code.
//!
//! [`Handbook::build`] makes the document from the rules through the view
//! model (`present`: the same [`DiagnosisView`], [`EscalationView`],
//! [`WarningView`] the walk shows), with every word already in the chosen
//! language; [`markdown`] and [`html`] only arrange it. [`diagram`] is the
//! tree as a graph to draw, [`outline`] as a foldable outline to explore.
//!
//! Layering: beside `present`; uses `present`, `engine`, `rules`, `i18n`.

pub mod diagram;
pub mod html;
pub mod markdown;
pub mod outline;
mod routes;

pub use routes::{edges, Edge, Hop, Routes};

use crate::engine::Session;
use crate::i18n::Strings;
use crate::present::{
    DiagnosisView, EscalationView, PointBody, PointView, QuestionView, ResponseCodeView, StepView,
    WarningView,
};
use crate::rules::{Category, FindingNext, Lang, NodeIdx, NodeKind, RuleSet, WarningKind};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;

/// Routes shown per cause: the shortest few; the rest are counted.
pub const MAX_ROUTES: usize = 4;

/// The whole handbook in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Handbook {
    pub lang: Lang,
    pub words: Words,
    /// The first question, when the whole tree is shown (not one category).
    pub start: Option<QuestionEntry>,
    pub chapters: Vec<Chapter>,
    /// Every response code of the chapters shown, in the rules' order.
    pub codes: Vec<CodeEntry>,
}

/// The handbook's own words (headings, labels), in its language.
#[derive(Debug, Clone, Serialize)]
pub struct Words {
    pub title: String,
    pub subtitle: String,
    pub contents: String,
    pub start: String,
    pub questions: String,
    pub causes: String,
    pub routes: String,
    pub more_routes: String,
    pub codes_here: String,
    pub why: String,
    pub answers: String,
    pub steps: String,
    pub found: String,
    pub to_step: String,
    pub escalation: String,
    pub contact: String,
    pub have_ready: String,
    pub say_customer: String,
    pub say_caller: String,
    pub caller: String,
    pub call_script: String,
    pub prevention: String,
    pub likelihood: String,
    pub appendix_codes: String,
    pub col_code: String,
    pub col_class: String,
    pub col_terminal_text: String,
    pub col_meaning: String,
    pub col_who_acts: String,
    pub col_leads_to: String,
}

impl Words {
    fn new(s: &Strings) -> Words {
        let t = |k: &str| s.get(k).to_string();
        Words {
            title: t("handbook.title"),
            subtitle: t("handbook.subtitle"),
            contents: t("handbook.contents"),
            start: t("handbook.start"),
            questions: t("handbook.questions"),
            causes: t("handbook.causes"),
            routes: t("handbook.routes"),
            more_routes: t("handbook.more_routes"),
            codes_here: t("handbook.codes_here"),
            why: t("label.why"),
            answers: t("handbook.answers"),
            steps: t("label.steps"),
            found: t("label.found_question"),
            to_step: t("handbook.to_step"),
            escalation: t("label.escalation"),
            contact: t("label.contact"),
            have_ready: t("label.have_ready"),
            say_customer: t("label.say_customer"),
            say_caller: t("label.say_caller"),
            caller: t("handbook.caller"),
            call_script: t("label.call_script"),
            prevention: t("label.prevention"),
            likelihood: t("handbook.likelihood"),
            appendix_codes: t("handbook.appendix_codes"),
            col_code: t("handbook.col.code"),
            col_class: t("handbook.col.class"),
            col_terminal_text: t("label.terminal_text"),
            col_meaning: t("label.meaning"),
            col_who_acts: t("label.who_acts"),
            col_leads_to: t("handbook.col.leads_to"),
        }
    }
}

/// One category.
#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    pub category: Category,
    /// Anchor of the chapter heading, unique in the document.
    pub anchor: String,
    /// The category's name.
    pub title: String,
    pub questions: Vec<QuestionEntry>,
    pub diagnoses: Vec<DiagnosisEntry>,
}

/// Where something leads: a node, named in the document's language, with
/// its anchor when the node is in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub node_id: String,
    pub kind: NodeKind,
    pub title: String,
    pub anchor: Option<String>,
    /// The node carries a money-safety warning.
    pub money_safety: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionEntry {
    pub node_id: String,
    pub anchor: String,
    pub question: QuestionView,
    pub warnings: Vec<WarningView>,
    pub charge_outcome_unknown: bool,
    /// Where each answer leads, in the order of `question.answers`.
    pub leads: Vec<Target>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiagnosisEntry {
    pub node_id: String,
    pub anchor: String,
    pub diagnosis: DiagnosisView,
    pub warnings: Vec<WarningView>,
    pub charge_outcome_unknown: bool,
    /// Response codes that lead straight here.
    pub codes: Vec<String>,
    /// The shortest routes from the first question, at most [`MAX_ROUTES`].
    pub routes: Vec<Vec<RouteStep>>,
    /// Ways in beyond those shown.
    pub more_routes: usize,
    pub steps: Vec<StepEntry>,
    pub escalation: EscalationEntry,
}

/// One hop of a route, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RouteStep {
    /// A question and the answer given.
    Answer { question: String, answer: String },
    /// A check step of a cause and what it showed.
    Finding {
        diagnosis: String,
        step: usize,
        finding: String,
    },
}

/// A remedy step as the walk shows it, and where each finding leads.
#[derive(Debug, Clone, Serialize)]
pub struct StepEntry {
    pub step: StepView,
    /// "about 3 min".
    pub minutes_label: String,
    /// For a check: one per finding of `step.found`.
    pub leads: Vec<FindingLead>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FindingLead {
    /// A later step of the same cause, from 1.
    Step {
        n: usize,
    },
    Node(Target),
}

#[derive(Debug, Clone, Serialize)]
pub struct EscalationEntry {
    pub node_id: String,
    pub escalation: EscalationView,
    pub warnings: Vec<WarningView>,
}

/// A response code and where it leads.
#[derive(Debug, Clone, Serialize)]
pub struct CodeEntry {
    pub code: ResponseCodeView,
    pub leads_to: Target,
}

/// The anchor of a node in the document: ids are `[a-z0-9_.]`, so this is
/// a valid HTML id and a markdown link target.
pub fn node_anchor(id: &str) -> String {
    format!("n-{}", id.replace('.', "-"))
}

impl Handbook {
    /// The handbook of `rules` in the language of `strings`; only the
    /// chapter of `only` when given.
    pub fn build(rules: &RuleSet, strings: &Strings, only: Option<Category>) -> Handbook {
        let routes = Routes::new(rules);
        let shown = |c: Category| only.is_none_or(|o| o == c);
        let ctx = Ctx {
            rules,
            strings,
            routes: &routes,
            shown: &shown,
            escalations: RefCell::new(HashMap::new()),
        };
        let start = only.is_none().then(|| ctx.question(rules.start)).flatten();
        let chapters = Category::ALL
            .into_iter()
            .filter(|&c| shown(c))
            .map(|category| {
                let in_chapter = || {
                    rules
                        .nodes
                        .iter()
                        .enumerate()
                        .filter(move |(i, n)| {
                            n.category == category && NodeIdx(*i as u32) != rules.start
                        })
                        .map(|(i, _)| NodeIdx(i as u32))
                };
                Chapter {
                    category,
                    anchor: format!("c-{}", category.key()),
                    title: strings.category(category).to_string(),
                    questions: in_chapter().filter_map(|i| ctx.question(i)).collect(),
                    diagnoses: in_chapter().filter_map(|i| ctx.diagnosis(i)).collect(),
                }
            })
            .collect();
        let codes = rules
            .codes
            .iter()
            .filter(|c| shown(rules.node(c.node).category))
            .map(|c| CodeEntry {
                code: ResponseCodeView::new(c, strings),
                leads_to: ctx.target(c.node),
            })
            .collect();
        Handbook {
            lang: strings.lang,
            words: Words::new(strings),
            start,
            chapters,
            codes,
        }
    }

    /// How many causes the handbook describes.
    pub fn diagnosis_count(&self) -> usize {
        self.chapters.iter().map(|c| c.diagnoses.len()).sum()
    }
}

struct Ctx<'a> {
    rules: &'a RuleSet,
    strings: &'a Strings,
    routes: &'a Routes,
    shown: &'a dyn Fn(Category) -> bool,
    /// Each hand-over as built the first time: many causes share one.
    escalations: RefCell<HashMap<NodeIdx, EscalationEntry>>,
}

impl Ctx<'_> {
    fn point(&self, idx: NodeIdx) -> PointView {
        PointView::new(&Session::at(self.rules, idx), self.strings)
    }

    fn target(&self, idx: NodeIdx) -> Target {
        let node = self.rules.node(idx);
        // Only questions and causes have entries of their own; an
        // escalation or a resolution is told where it is reached.
        let has_entry = matches!(node.kind(), NodeKind::Question | NodeKind::Diagnosis)
            && (self.shown)(node.category);
        Target {
            node_id: node.id.clone(),
            kind: node.kind(),
            title: node.title().get(self.strings.lang).to_string(),
            anchor: has_entry.then(|| node_anchor(&node.id)),
            money_safety: node.money_safety().is_some(),
        }
    }

    fn question(&self, idx: NodeIdx) -> Option<QuestionEntry> {
        let q = self.rules.node(idx).as_question()?;
        let view = self.point(idx);
        let PointBody::Question(question) = view.body else {
            return None;
        };
        Some(QuestionEntry {
            anchor: node_anchor(&view.node_id),
            node_id: view.node_id,
            question,
            warnings: view.warnings,
            charge_outcome_unknown: view.charge_outcome_unknown,
            leads: q.answers.iter().map(|a| self.target(a.next)).collect(),
        })
    }

    fn diagnosis(&self, idx: NodeIdx) -> Option<DiagnosisEntry> {
        let d = self.rules.node(idx).as_diagnosis()?;
        let view = self.point(idx);
        let PointBody::Diagnosis(diagnosis) = view.body else {
            return None;
        };
        let routes: Vec<Vec<RouteStep>> = self
            .routes
            .ways_into(idx, MAX_ROUTES)
            .iter()
            .map(|route| route.iter().filter_map(|h| self.route_step(*h)).collect())
            .collect();
        let more_routes = self.routes.incoming_count(idx).saturating_sub(routes.len());
        let steps = diagnosis
            .steps
            .iter()
            .zip(&d.steps)
            .map(|(step, rule)| StepEntry {
                minutes_label: self
                    .strings
                    .fmt("label.minutes", &[("n", &step.minutes.to_string())]),
                leads: rule
                    .found
                    .iter()
                    .map(|f| match &f.next {
                        FindingNext::Step(n) => FindingLead::Step { n: *n },
                        FindingNext::Node { idx, .. } => FindingLead::Node(self.target(*idx)),
                    })
                    .collect(),
                step: step.clone(),
            })
            .collect();
        let escalation = self.escalation(d.escalation)?;
        Some(DiagnosisEntry {
            anchor: node_anchor(&view.node_id),
            node_id: view.node_id,
            warnings: view.warnings,
            charge_outcome_unknown: view.charge_outcome_unknown,
            codes: view.codes,
            routes,
            more_routes,
            steps,
            escalation,
            diagnosis,
        })
    }

    fn escalation(&self, idx: NodeIdx) -> Option<EscalationEntry> {
        if let Some(known) = self.escalations.borrow().get(&idx) {
            return Some(known.clone());
        }
        let view = self.point(idx);
        let PointBody::Escalation(escalation) = view.body else {
            return None;
        };
        let entry = EscalationEntry {
            node_id: view.node_id,
            escalation,
            warnings: view.warnings,
        };
        self.escalations.borrow_mut().insert(idx, entry.clone());
        Some(entry)
    }

    fn route_step(&self, hop: Hop) -> Option<RouteStep> {
        let lang = self.strings.lang;
        let node = self.rules.node(hop.from);
        match hop.edge {
            Edge::Answer { answer } => {
                let q = node.as_question()?;
                Some(RouteStep::Answer {
                    question: q.text.get(lang).to_string(),
                    answer: q.answers.get(answer)?.text.get(lang).to_string(),
                })
            }
            Edge::Finding { step, finding } => {
                let d = node.as_diagnosis()?;
                let st = d.steps.get(step)?;
                Some(RouteStep::Finding {
                    diagnosis: d.title.get(lang).to_string(),
                    step: step + 1,
                    finding: st.found.get(finding)?.text.get(lang).to_string(),
                })
            }
            Edge::Escalation => None,
        }
    }
}

/// True for a warning that is about charging a card twice.
pub fn is_money_safety(w: &WarningView) -> bool {
    w.kind == WarningKind::MoneySafety
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load_bundled;

    fn bundled() -> RuleSet {
        load_bundled().rules.expect("bundled rules load")
    }

    #[test]
    fn every_cause_is_in_its_chapter_with_routes_steps_and_a_hand_over() {
        let rules = bundled();
        let book = Handbook::build(&rules, &Strings::new(Lang::En), None);
        assert_eq!(book.chapters.len(), Category::ALL.len());
        let causes = rules
            .nodes
            .iter()
            .filter(|n| n.kind() == NodeKind::Diagnosis)
            .count();
        assert_eq!(book.diagnosis_count(), causes);
        for chapter in &book.chapters {
            for d in &chapter.diagnoses {
                assert_eq!(
                    rules.node(rules.find(&d.node_id).unwrap()).category,
                    chapter.category
                );
                assert!(!d.routes.is_empty(), "{} has a route", d.node_id);
                assert!(!d.steps.is_empty());
                assert!(!d.escalation.escalation.contact_label.is_empty());
            }
        }
        assert_eq!(book.codes.len(), rules.codes.len());
        assert!(book.start.is_some());
    }

    #[test]
    fn one_category_keeps_its_own_codes_and_links_only_to_what_it_shows() {
        let rules = bundled();
        let book = Handbook::build(&rules, &Strings::new(Lang::Zh), Some(Category::Network));
        assert_eq!(book.chapters.len(), 1);
        assert_eq!(book.chapters[0].title, "网络");
        assert!(book.start.is_none());
        assert!(book
            .codes
            .iter()
            .all(|c| c.leads_to.node_id.starts_with("network.")));
        for q in &book.chapters[0].questions {
            for t in &q.leads {
                let shown = t.node_id.starts_with("network.")
                    && matches!(t.kind, NodeKind::Question | NodeKind::Diagnosis);
                assert_eq!(t.anchor.is_some(), shown, "{}", t.node_id);
            }
        }
    }

    #[test]
    fn money_safety_causes_carry_the_warning_first() {
        let rules = bundled();
        let book = Handbook::build(&rules, &Strings::new(Lang::En), None);
        let unknown: Vec<&DiagnosisEntry> = book
            .chapters
            .iter()
            .flat_map(|c| &c.diagnoses)
            .filter(|d| d.charge_outcome_unknown)
            .collect();
        assert!(!unknown.is_empty());
        for d in unknown {
            assert!(is_money_safety(&d.warnings[0]), "{}", d.node_id);
            assert_eq!(d.warnings[0].label, "DO NOT CHARGE AGAIN");
        }
    }
}
