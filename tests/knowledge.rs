//! The bundled knowledge base says what the references know, safely.

mod common;

use common::rules;
use posdoc::i18n::Strings;
use posdoc::rules::{Actor, Category, Lang, NodeBody, NodeKind, RuleSet, StepKind, WarningKind};
use std::collections::BTreeSet;

fn all_texts(r: &RuleSet) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let v = serde_json::to_value(r).unwrap();
    let mut out = Vec::new();
    walk(&v, &mut out);
    out
}

#[test]
fn every_code_of_the_reference_table_is_handled() {
    let r = rules();
    let table = include_str!("data/response_codes.tsv");
    let mut missing = Vec::new();
    for line in table.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let code = line.split('\t').next().unwrap();
        match r.code(code) {
            None => missing.push(code.to_string()),
            Some(c) => {
                let node = r.node(c.node);
                assert!(
                    matches!(node.kind(), NodeKind::Question | NodeKind::Diagnosis),
                    "{code} → {}",
                    node.id
                );
                for t in [&c.terminal_text, &c.meaning, &c.who_acts] {
                    assert!(
                        !t.get(Lang::Zh).trim().is_empty() && !t.get(Lang::En).trim().is_empty(),
                        "{code}"
                    );
                }
            }
        }
    }
    assert!(missing.is_empty(), "codes without a node: {missing:?}");
}

#[test]
fn uncertain_charges_carry_the_money_safety_warning_first() {
    let r = rules();
    for code in ["68", "98", "94"] {
        let c = r.code(code).unwrap();
        assert!(c.charge_outcome_unknown, "{code}");
        let node = r.node(c.node);
        assert_eq!(node.warnings[0].kind, WarningKind::MoneySafety, "{code}");
    }
    // The start menu's "power went off / no slip / debit SMS" answer.
    let start = r.start_node().as_question().unwrap();
    let power = start
        .answers
        .iter()
        .find(|a| a.text.get(Lang::En).contains("Power went off"))
        .unwrap();
    let node = r.node(power.next);
    assert!(node.charge_outcome_unknown);
    assert_eq!(node.warnings[0].kind, WarningKind::MoneySafety);
    assert!(node.warnings[0].text.get(Lang::Zh).contains("不要再刷"));
    // Reversals, debit SMS without slip: by their ids.
    for n in &r.nodes {
        let t = format!("{} {}", n.title().get(Lang::En), n.id).to_lowercase();
        if t.contains("reversal")
            || t.contains("debit sms")
            || t.contains("power lost")
            || t.contains("timed out")
        {
            if n.kind() == NodeKind::Escalation {
                continue;
            }
            assert!(
                n.charge_outcome_unknown,
                "{} should carry charge_outcome: unknown",
                n.id
            );
        }
    }
}

#[test]
fn all_categories_are_covered_and_reachable_from_the_start_menu() {
    let r = rules();
    let start = r.start_node().as_question().unwrap();
    let from_menu: BTreeSet<Category> = start
        .answers
        .iter()
        .map(|a| r.node(a.next).category)
        .collect();
    for c in Category::ALL {
        assert!(from_menu.contains(&c), "start menu has no way into {c}");
        let diagnoses = r
            .nodes
            .iter()
            .filter(|n| n.category == c && n.kind() == NodeKind::Diagnosis)
            .count();
        assert!(diagnoses >= 3, "{c} has only {diagnoses} diagnoses");
    }
}

#[test]
fn every_escalation_says_what_to_have_ready() {
    let r = rules();
    for n in &r.nodes {
        if let NodeBody::Escalation(e) = &n.body {
            for key in ["txn_time", "terminal_id", "already_tried"] {
                assert!(
                    e.have_ready.iter().any(|k| k == key),
                    "{} lacks {key}",
                    n.id
                );
            }
        }
        if let NodeBody::Diagnosis(d) = &n.body {
            assert!(d.sources.iter().all(|s| r.sources.contains_key(s)));
            assert!(!d.steps.is_empty());
        }
    }
}

#[test]
fn no_advertising_and_no_secrets() {
    let r = rules();
    let banned = [
        "拉卡拉",
        "盛付通",
        "瑞银信",
        "银联商务",
        "通联",
        "嘉联",
        "锐腾",
        "http",
        "www.",
        ".com/",
        ".cn/",
        "分润",
        "代理商",
        "排行榜",
        "费率",
        "免费申请",
        "一清机",
        "Lakala",
        "commission",
    ];
    for t in all_texts(&r) {
        for b in banned {
            assert!(!t.contains(b), "advertising-like text {b:?} in: {t}");
        }
        // Claims the references mark UNCERTAIN are not stated as fact.
        for claim in ["115%", "15天", "15 days", "5年", "68元"] {
            assert!(!t.contains(claim), "uncertain claim {claim:?} in: {t}");
        }
    }
    // What to have ready never includes a full card number or a PIN.
    for (key, label) in &r.evidence {
        assert!(
            !key.contains("pin") && !key.contains("card_number"),
            "{key}"
        );
        let en = label.get(Lang::En).to_lowercase();
        if en.contains("card") && (en.contains("number") || en.contains("digits")) {
            assert!(
                label.get(Lang::En).to_lowercase().contains("last four"),
                "{key}: {}",
                label.get(Lang::En)
            );
        }
    }
}

#[test]
fn ui_texts_have_the_same_keys_in_every_language() {
    let zh: BTreeSet<String> = Strings::new(Lang::Zh).keys().cloned().collect();
    let en: BTreeSet<String> = Strings::new(Lang::En).keys().cloned().collect();
    assert!(en.len() > 50);
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(
        only_en.is_empty() && only_zh.is_empty(),
        "only en: {only_en:?}; only zh: {only_zh:?}"
    );
    // Traditional Chinese is derived from zh.yaml; its own file holds only
    // overrides, each of a key that exists.
    let hant: BTreeSet<String> = Strings::new(Lang::ZhHant).keys().cloned().collect();
    assert_eq!(hant, zh);
    let overrides = posdoc::i18n::overrides(Lang::ZhHant);
    assert!(!overrides.is_empty(), "zh-Hant.yaml is bundled");
    let unknown: Vec<_> = overrides.keys().filter(|k| !zh.contains(*k)).collect();
    assert!(
        unknown.is_empty(),
        "zh-Hant.yaml overrides unknown keys: {unknown:?}"
    );
    for s in Lang::ALL.map(Strings::new) {
        for c in Category::ALL {
            assert_ne!(s.category(c), "?");
        }
    }
}

#[test]
fn traditional_ui_texts_are_derived_with_overrides() {
    let hant = Strings::new(Lang::ZhHant);
    // Converted from zh.yaml ...
    assert_eq!(hant.get("label.steps"), "處理步驟");
    assert_eq!(hant.get("contact.issuer"), "發卡銀行");
    // ... unless zh-Hant.yaml says it as a Taiwan or Hong Kong shop would.
    assert_eq!(hant.get("tui.search_title"), "搜尋");
    for (key, text) in posdoc::i18n::overrides(Lang::ZhHant) {
        assert_eq!(hant.get(key), text, "{key}");
    }
}

#[test]
fn who_acts_names_the_acquirer_the_issuer_and_the_carrier_apart() {
    let r = rules();
    for n in &r.nodes {
        let Some(d) = n.as_diagnosis() else { continue };
        for (i, st) in d.steps.iter().enumerate() {
            let en = st.text.get(Lang::En);
            let at = format!("{} step {}: {en}", n.id, i + 1);
            // "Contact the acquirer" is the provider's business, never the
            // card's bank's.
            if en.contains("contact the acquirer") && !en.contains("issuer") {
                assert_ne!(st.who, Actor::Issuer, "{at}");
            }
            if st.who == Actor::Issuer {
                assert!(en.contains("issuer") || en.contains("bank"), "{at}");
            }
            // A SIM that came with the terminal is the provider's: the
            // provider comes before the carrier.
            if en.contains("SIM") && en.contains("carrier") {
                let provider = en.find("terminal service provider");
                let carrier = en.find("carrier");
                assert!(provider.is_some() && provider < carrier, "{at}");
            }
        }
    }
}

#[test]
fn only_actions_ask_whether_they_fixed_it() {
    let r = rules();
    let mut kinds = std::collections::BTreeMap::new();
    for d in r.nodes.iter().filter_map(|n| n.as_diagnosis()) {
        for (i, st) in d.steps.iter().enumerate() {
            *kinds.entry(st.kind.key()).or_insert(0) += 1;
            let en = st.text.get(Lang::En);
            // A step that only looks the sale's outcome up reports what it
            // found; "yes, fixed" after it would close an open case.
            if en.starts_with("Check the transaction enquiry again")
                || en.starts_with("Look the sale up in the transaction enquiry")
            {
                assert_eq!(st.kind, StepKind::Check, "{en}");
            }
            if st.kind == StepKind::Wait {
                assert!(st.minutes > 0 && i + 1 < d.steps.len(), "{en}");
            }
        }
    }
    assert!(kinds["check"] >= 40 && kinds["wait"] >= 3, "{kinds:?}");
}
