use super::*;
use crate::engine::Session;
use crate::i18n::Strings;
use crate::rules::{
    load_files, Actor, Category, Contact, InputFile, Lang, RuleSet, StepKind, WarningKind,
};

/// The rule set of the walk goldens: every node kind and optional field.
fn rules() -> RuleSet {
    let yaml = include_str!("../../tests/data/walk_fixture/rules.yaml");
    let loaded = load_files(&[InputFile {
        name: "rules.yaml".into(),
        bytes: yaml.as_bytes().to_vec(),
    }]);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.rules.expect("fixture rules load")
}

fn en() -> Strings {
    Strings::new(Lang::En)
}

fn diagnosis(view: &PointView) -> &DiagnosisView {
    match &view.body {
        PointBody::Diagnosis(d) => d,
        other => panic!("not a diagnosis: {other:?}"),
    }
}

fn states(view: &PointView) -> Vec<StepState> {
    diagnosis(view).steps.iter().map(|st| st.state).collect()
}

#[test]
fn the_start_question_with_its_numbered_answers() {
    let r = rules();
    let view = PointView::new(&Session::new(&r), &en());
    assert!(view.at_start);
    assert_eq!(view.node_id, "start");
    assert_eq!(view.title, "What happened?");
    assert_eq!((view.depth, view.via), (0, Via::Start));
    assert!(!view.has_progress && !view.finished());
    let PointBody::Question(q) = &view.body else {
        panic!("{:?}", view.body)
    };
    assert_eq!(q.why.as_deref(), Some("We start from what you can see."));
    assert!(q.say_caller.as_deref().unwrap().starts_with("Hello"));
    assert_eq!(q.say_customer, None);
    let numbered: Vec<(usize, &str)> = q
        .answers
        .iter()
        .map(|a| (a.n, a.next_id.as_str()))
        .collect();
    assert_eq!(
        numbered,
        [
            (1, "card.check"),
            (2, "network.power_lost"),
            (3, "device.fine"),
            (4, "network.carrier")
        ]
    );
    assert_eq!(view.case.path.len(), 1);
    assert_eq!(view.case.path[0].label, "Start");
    assert_eq!(view.case.path[0].left_by, None);
    assert_eq!(
        view.case.outcome,
        CaseOutcome::InProgress {
            at_id: "start".into()
        }
    );
}

#[test]
fn a_diagnosis_marks_each_step_and_keeps_its_warnings_in_order() {
    let r = rules();
    let mut session = Session::new(&r);
    session.answer(1).unwrap();
    session.found(0).unwrap();
    let view = PointView::new(&session, &en());
    assert!(!view.at_start && view.has_progress && !view.finished());
    assert_eq!(view.category, Category::UnsignedPowerOff);
    assert!(view.charge_outcome_unknown);
    assert_eq!(view.codes, ["98"]);
    let kinds: Vec<(WarningKind, &str)> = view
        .warnings
        .iter()
        .map(|w| (w.kind, w.label.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (WarningKind::MoneySafety, "DO NOT CHARGE AGAIN"),
            (WarningKind::CardSecurity, "CARD SECURITY"),
            (WarningKind::DataProtection, "PROTECT CUSTOMER DATA"),
        ]
    );
    assert_eq!(
        view.money_safety().map(|w| w.text.as_str()),
        Some("Do not charge the card again yet.")
    );
    let d = diagnosis(&view);
    assert_eq!(d.current_step, 2);
    assert_eq!(
        d.current()
            .map(|st| (st.n, st.who, st.kind, st.kind_label.as_str(), st.minutes)),
        Some((2, Actor::Staff, StepKind::Wait, "Wait", 5))
    );
    assert!(!d.at_last_step() && !d.fixed);
    assert_eq!(
        states(&view),
        [
            StepState::NotFixed,
            StepState::Current,
            StepState::Pending,
            StepState::Pending
        ]
    );
    let check = &d.steps[0];
    assert_eq!(
        (check.kind, check.kind_label.as_str()),
        (StepKind::Check, "Check")
    );
    let found: Vec<(usize, &str, Option<usize>, Option<&str>)> = check
        .found
        .iter()
        .map(|f| (f.n, f.text.as_str(), f.next_step, f.next_id.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (1, "The sale is not in the record", Some(2), None),
            (2, "Shown as successful", None, Some("device.fine")),
        ]
    );
    assert_eq!(
        check.caller.as_deref(),
        Some("Please look the sale up in the transaction record.")
    );
    assert_eq!(
        view.case.steps_tried,
        [TriedStep {
            diagnosis_id: "network.power_lost".into(),
            step: 1,
            text: "Check the transaction record.".into(),
            fixed: false,
            result: StepReport::Found {
                n: 1,
                text: "The sale is not in the record".into()
            },
        }]
    );
    let crumbs: Vec<(&str, Option<usize>, Option<&Departure>)> = view
        .case
        .path
        .iter()
        .map(|c| (c.label.as_str(), c.step, c.left_by.as_ref()))
        .collect();
    assert_eq!(
        crumbs,
        [
            (
                "Start",
                None,
                Some(&Departure::Answer {
                    n: 2,
                    text: "Power went off".into()
                })
            ),
            (
                "Power went off",
                Some(1),
                Some(&Departure::Found {
                    step: 1,
                    n: 1,
                    text: "The sale is not in the record".into()
                })
            ),
            ("Step 1: The sale is not in the record", Some(2), None),
        ]
    );
}

#[test]
fn a_fixed_step_resolves_the_case() {
    let r = rules();
    let mut session = Session::new(&r);
    session.answer(1).unwrap();
    session.found(0).unwrap();
    session.wait_over().unwrap();
    session.step_result(true).unwrap();
    let view = PointView::new(&session, &en());
    assert!(view.finished());
    assert!(diagnosis(&view).fixed);
    assert_eq!(
        states(&view),
        [
            StepState::NotFixed,
            StepState::NotFixed,
            StepState::Fixed,
            StepState::Pending
        ]
    );
    assert_eq!(
        view.case.outcome,
        CaseOutcome::Resolved {
            node_id: "network.power_lost".into(),
            title: "Power lost during the sale".into(),
            fixed_by_step: Some(3),
        }
    );
    let labels: Vec<&str> = view.case.path.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels[3..], ["Step 2: waited", "Step 3: fixed"]);
    let last = view.case.path.last().unwrap();
    assert!(last.fixed);
    let reports: Vec<&StepReport> = view.case.steps_tried.iter().map(|t| &t.result).collect();
    assert!(matches!(
        reports[..],
        [
            StepReport::Found { n: 1, .. },
            StepReport::Waited,
            StepReport::Fixed
        ]
    ));
    assert_eq!(view.case.steps_tried.last().map(|t| t.fixed), Some(true));
    // `via` counts from 1 like every other number a person reads.
    assert_eq!(view.via, Via::Fixed { step: 3 });
    let vias: Vec<Via> = view.case.path.iter().map(|c| c.via).collect();
    assert_eq!(
        vias,
        [
            Via::Start,
            Via::Answer { answer: 2 },
            Via::Found {
                step: 1,
                finding: 1
            },
            Via::Waited { step: 2 },
            Via::Fixed { step: 3 }
        ]
    );
}

#[test]
fn the_last_step_not_fixed_hands_over_with_what_to_have_ready() {
    let r = rules();
    let mut session = Session::new(&r);
    session.answer(1).unwrap();
    session.found(0).unwrap();
    session.wait_over().unwrap();
    session.step_result(false).unwrap();
    assert!(diagnosis(&PointView::new(&session, &en())).at_last_step());
    session.step_result(false).unwrap();
    for (lang, contact, ready) in [
        (
            Lang::En,
            "The card's issuing bank",
            ["Transaction time", "Terminal ID"],
        ),
        (Lang::Zh, "发卡银行", ["交易时间", "终端号"]),
    ] {
        let view = PointView::new(&session, &Strings::new(lang));
        let PointBody::Escalation(e) = &view.body else {
            panic!("{:?}", view.body)
        };
        assert_eq!(e.contact, Contact::Issuer);
        assert_eq!(e.contact_label, contact);
        assert!(e.say_customer.is_some() && e.say_caller.is_some() && e.call_script.is_some());
        let labels: Vec<&str> = e.have_ready.iter().map(|h| h.label.as_str()).collect();
        assert_eq!(labels, ready);
        let CaseOutcome::Escalated {
            diagnosis_id,
            contact_label,
            have_ready,
            ..
        } = &view.case.outcome
        else {
            panic!("{:?}", view.case.outcome)
        };
        assert_eq!(diagnosis_id.as_deref(), Some("network.power_lost"));
        assert_eq!(contact_label, contact);
        assert_eq!(have_ready, &e.have_ready);
        assert_eq!(view.case.steps_tried.len(), 4);
        assert_eq!(
            view.case.diagnosis.as_ref().map(|d| d.id.as_str()),
            Some("network.power_lost")
        );
    }
}

#[test]
fn the_call_script_ends_with_what_was_tried_and_found_on_the_way() {
    let r = rules();
    let mut session = Session::new(&r);
    session.answer(1).unwrap();
    session.found(0).unwrap();
    session.wait_over().unwrap();
    session.step_result(false).unwrap();
    session.step_result(false).unwrap();
    let tried = |lang| {
        let view = PointView::new(&session, &Strings::new(lang));
        match view.body {
            PointBody::Escalation(e) => e.already_tried,
            other => panic!("{other:?}"),
        }
    };
    // The wait is no attempt to tell the contact about.
    assert_eq!(
        tried(Lang::En),
        [
            "Check the transaction record. Result: The sale is not in the record",
            "Ask the service provider to check.",
            "Ask the issuing bank.",
        ]
    );
    assert_eq!(
        tried(Lang::Zh),
        [
            "查询交易记录。结果：记录里没有这笔",
            "请服务商查账。",
            "请发卡行查询。"
        ]
    );
    // Jumped straight to the escalation: nothing was tried, nothing is claimed.
    let straight = Session::at(&r, r.find("card.issuer").unwrap());
    let PointBody::Escalation(e) = PointView::new(&straight, &en()).body else {
        panic!()
    };
    assert!(e.already_tried.is_empty());
}

#[test]
fn a_finding_that_leads_to_another_node_ends_there() {
    let r = rules();
    let mut session = Session::new(&r);
    session.answer(1).unwrap();
    session.found(1).unwrap();
    let view = PointView::new(&session, &en());
    assert_eq!(view.node_id, "device.fine");
    assert!(matches!(
        view.case.outcome,
        CaseOutcome::Resolved {
            fixed_by_step: None,
            ..
        }
    ));
    assert_eq!(view.case.path[1].label, "Power went off");
    assert_eq!(view.case.path[2].label, "Step 1: Shown as successful");
    assert_eq!(view.case.steps_tried.len(), 1);
    assert!(!view.case.steps_tried[0].fixed);
}

#[test]
fn an_escalation_straight_from_a_question_has_no_diagnosis() {
    let r = rules();
    let mut session = Session::new(&r);
    session.answer(3).unwrap();
    let case = CaseSummary::new(&session, &en());
    assert!(case.finished());
    assert_eq!(case.diagnosis, None);
    assert!(case.steps_tried.is_empty());
    assert!(matches!(
        case.outcome,
        CaseOutcome::Escalated {
            diagnosis_id: None,
            contact: Contact::Carrier,
            ..
        }
    ));
}

#[test]
fn a_jump_is_named_in_the_path() {
    let r = rules();
    let mut session = Session::new(&r);
    session.jump(r.find("device.fine").unwrap());
    let view = PointView::new(&session, &en());
    assert!(view.finished());
    assert_eq!(view.case.path[0].left_by, Some(Departure::Jump));
    assert_eq!(view.case.path[1].label, "Went to: It works");
    let PointBody::Resolved(res) = &view.body else {
        panic!("{:?}", view.body)
    };
    assert_eq!(res.prevention, ["Note what the terminal said this time."]);
}

#[test]
fn a_walk_that_starts_at_a_node_names_it_in_the_path() {
    let r = rules();
    let session = Session::at(&r, r.find("card.funds").unwrap());
    let view = PointView::new(&session, &Strings::new(Lang::Zh));
    assert!(!view.at_start);
    assert_eq!(view.category_label, "银行卡");
    assert_eq!(view.case.path[0].label, "余额不足");
    assert_eq!(diagnosis(&view).likelihood_label, "偶尔");
}

#[test]
fn a_response_code_in_one_language() {
    let r = rules();
    let code = ResponseCodeView::new(r.code("98").unwrap(), &Strings::new(Lang::Zh));
    assert_eq!(code.node_id, "network.power_lost");
    assert!(code.charge_outcome_unknown);
    assert_eq!(
        (code.terminal_text.as_str(), code.who_acts.as_str()),
        ("交易超时", "商户先查记录")
    );
}

#[test]
fn views_serialise_with_keys_and_labels() {
    let r = rules();
    let mut session = Session::new(&r);
    session.answer(1).unwrap();
    let v = serde_json::to_value(PointView::new(&session, &en())).unwrap();
    assert_eq!(v["body"]["kind"], "diagnosis");
    assert_eq!(v["body"]["steps"][0]["state"], "current");
    assert_eq!(v["body"]["steps"][0]["who"], "staff");
    assert_eq!(v["body"]["steps"][0]["kind"], "check");
    assert_eq!(v["body"]["steps"][0]["found"][1]["next_id"], "device.fine");
    assert_eq!(v["body"]["steps"][1]["kind"], "wait");
    assert_eq!(v["warnings"][0]["kind"], "money_safety");
    assert_eq!(v["case"]["outcome"]["status"], "in_progress");
    assert_eq!(v["case"]["path"][0]["left_by"]["type"], "answer");
}
