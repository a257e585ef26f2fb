//! `posdoc train` in the full-screen interface: snapshots of every
//! training screen (chooser, practice, score, feedback, quizzes) in
//! Chinese and English, and what keys do to the state: diagnoses stay
//! unnamed until the trainee commits, a trap shows red and caps the score,
//! going back past the commitment is refused, the attempt is stored.

mod common;

use common::rules;
use posdoc::rules::{Lang, RuleSet};
use posdoc::training::{AttemptLog, CaseFilter, MemoryLog, PracticeSet};
use posdoc::tui::layout;
use posdoc::tui::screens::training::TrainingStart;
use posdoc::tui::state::{Mode, Quiz};
use posdoc::tui::{buffer_text, render, Action, App, Effect, Options};
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::Terminal;
use std::time::Duration;

const SEED: u64 = 20_261_129;
const STARTED: u64 = 1_796_000_000;
const TIMEOUT_CASE: &str = "network.timeout_already_paid";
const SIGNAL_CASE: &str = "network.weak_signal_basement";

fn practice_set(rules: &RuleSet) -> PracticeSet {
    let loaded = posdoc::training::load_bundled(rules);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    loaded.set.expect("bundled practice cases load")
}

fn opts(color: bool) -> Options {
    Options { mouse: true, color }
}

fn app<'r>(
    rules: &'r RuleSet,
    set: &'r PracticeSet,
    lang: Lang,
    trainee: Option<&str>,
    case: Option<&str>,
    color: bool,
) -> App<'r> {
    let start = TrainingStart {
        set,
        trainee: trainee.map(str::to_string),
        case: case.map(|id| set.cases.iter().position(|c| c.id == id).unwrap()),
        filter: CaseFilter::default(),
        started_unix: STARTED,
        seed: SEED,
    };
    App::for_training(
        rules,
        lang,
        opts(color),
        &start,
        posdoc::tui::state::SearchIndex::preparing(),
    )
}

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    buffer_text(t.backend().buffer())
}

/// Moves the attempt's clock `secs` seconds past the start.
fn after(app: &mut App, secs: u64) {
    let origin = app.training.as_ref().unwrap().origin;
    app.update(Action::Tick(origin + Duration::from_secs(secs)));
}

/// The timeout case, walked into its trap: the record shows "reversed",
/// so the trainee redoes the sale (step 4) without confirming it.
fn into_the_trap(a: &mut App) {
    a.update(Action::Choose(0)); // a message on the terminal
    a.update(Action::Choose(1)); // "transaction timed out"
    a.update(Action::Choose(2)); // the record shows it reversed
    a.update(Action::NotFixed); // step 4, redo the sale: the trap
    after(a, 75);
    a.update(Action::StopPractice);
}

/// The weak-signal case on the best path, asking the customer once.
fn best_path(a: &mut App) {
    a.update(Action::AskCustomer);
    a.update(Action::Choose(0));
    a.update(Action::Choose(0));
    a.update(Action::Choose(1)); // SIM card, weak signal: commits
}

/// The weak-signal case with a wrong turn taken back.
fn with_wrong_turn(a: &mut App) {
    a.update(Action::Choose(2)); // a declined card: not what the customer sees
    a.update(Action::GoBack);
    a.update(Action::Choose(0));
    a.update(Action::Choose(0));
    a.update(Action::Choose(1)); // SIM card, weak signal: commits
    after(a, 40);
    a.update(Action::StopPractice);
}

type Setup = fn(&mut App);

struct Scenario {
    name: &'static str,
    trainee: Option<&'static str>,
    case: Option<&'static str>,
    setup: Setup,
    sizes: &'static [(u16, u16)],
}

const SMALL: &[(u16, u16)] = &[(80, 24)];
const BOTH: &[(u16, u16)] = &[(80, 24), (120, 40)];

fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "chooser_name",
            trainee: None,
            case: None,
            setup: |a| {
                for c in "Li Na".chars() {
                    a.update(Action::Type(c));
                }
            },
            sizes: SMALL,
        },
        Scenario {
            name: "chooser",
            trainee: Some("Li Na"),
            case: None,
            setup: |a| {
                a.update(Action::SelectNext);
            },
            sizes: BOTH,
        },
        Scenario {
            name: "chooser_filtered",
            trainee: Some("Li Na"),
            case: None,
            setup: |a| {
                a.update(Action::CycleDifficulty); // easy only
            },
            sizes: SMALL,
        },
        Scenario {
            name: "practice_story",
            trainee: Some("Li Na"),
            case: Some(TIMEOUT_CASE),
            setup: |_| {},
            sizes: BOTH,
        },
        Scenario {
            name: "practice_revealed",
            trainee: Some("Li Na"),
            case: Some(TIMEOUT_CASE),
            setup: |a| {
                a.update(Action::Choose(0));
                a.update(Action::AskCustomer);
            },
            sizes: SMALL,
        },
        Scenario {
            name: "practice_check_revealed",
            trainee: Some("Li Na"),
            case: Some(TIMEOUT_CASE),
            setup: |a| {
                a.update(Action::Choose(0));
                a.update(Action::Choose(1)); // commits to the timeout
                a.update(Action::AskCustomer);
            },
            sizes: BOTH,
        },
        Scenario {
            name: "practice_back_past_commitment",
            trainee: Some("Li Na"),
            case: Some(SIGNAL_CASE),
            setup: |a| {
                best_path(a);
                a.update(Action::GoBack);
            },
            sizes: SMALL,
        },
        Scenario {
            name: "help",
            trainee: Some("Li Na"),
            case: Some(SIGNAL_CASE),
            setup: |a| {
                a.update(Action::OpenHelp);
            },
            sizes: BOTH,
        },
        Scenario {
            name: "score",
            trainee: Some("Li Na"),
            case: Some(SIGNAL_CASE),
            setup: |a| {
                best_path(a);
                after(a, 30);
                a.update(Action::StopPractice);
            },
            sizes: BOTH,
        },
        Scenario {
            name: "score_trap",
            trainee: Some("Li Na"),
            case: Some(TIMEOUT_CASE),
            setup: into_the_trap,
            sizes: BOTH,
        },
        Scenario {
            name: "feedback_trap",
            trainee: Some("Li Na"),
            case: Some(TIMEOUT_CASE),
            setup: |a| {
                into_the_trap(a);
                a.update(Action::ToggleFeedback);
            },
            sizes: BOTH,
        },
        Scenario {
            name: "feedback_wrong_turn",
            trainee: Some("Li Na"),
            case: Some(SIGNAL_CASE),
            setup: |a| {
                with_wrong_turn(a);
                a.update(Action::ToggleFeedback);
            },
            sizes: BOTH,
        },
        Scenario {
            name: "quiz_order",
            trainee: Some("Li Na"),
            case: Some(TIMEOUT_CASE),
            setup: |a| {
                into_the_trap(a);
                a.update(Action::StepOrderQuiz);
                a.update(Action::Choose(1));
            },
            sizes: SMALL,
        },
        Scenario {
            name: "quiz_order_result",
            trainee: Some("Li Na"),
            case: Some(TIMEOUT_CASE),
            setup: |a| {
                into_the_trap(a);
                a.update(Action::StepOrderQuiz);
                let n = match &a.mode {
                    Mode::Quiz(r) => match &r.quiz {
                        Quiz::StepOrder(r) => r.quiz.shown.len(),
                        Quiz::Escalation(_) => 0,
                    },
                    _ => 0,
                };
                for i in 0..n {
                    a.update(Action::Choose(i));
                }
                a.update(Action::Confirm);
            },
            sizes: BOTH,
        },
        Scenario {
            name: "quiz_escalation",
            trainee: Some("Li Na"),
            case: Some(SIGNAL_CASE),
            setup: |a| {
                with_wrong_turn(a);
                a.update(Action::EscalationQuiz);
                a.update(Action::SelectNext);
                a.update(Action::ToggleFocus);
                a.update(Action::ToggleItem);
                a.update(Action::SelectNext);
            },
            sizes: SMALL,
        },
        Scenario {
            name: "quiz_escalation_result",
            trainee: Some("Li Na"),
            case: Some(SIGNAL_CASE),
            setup: |a| {
                with_wrong_turn(a);
                a.update(Action::EscalationQuiz);
                a.update(Action::SelectNext);
                a.update(Action::ToggleFocus);
                a.update(Action::ToggleItem);
                a.update(Action::SelectNext);
                a.update(Action::SelectNext);
                a.update(Action::ToggleItem);
                a.update(Action::Confirm);
            },
            sizes: BOTH,
        },
    ]
}

#[test]
fn every_training_screen_in_both_languages() {
    let r = rules();
    let set = practice_set(&r);
    for sc in scenarios() {
        for lang in [Lang::En, Lang::Zh] {
            for &(w, h) in sc.sizes {
                let mut a = app(&r, &set, lang, sc.trainee, sc.case, false);
                a.update(Action::Resize(w, h));
                (sc.setup)(&mut a);
                let text = draw(&a, w, h);
                insta::assert_snapshot!(format!("{}_{}_{w}x{h}", sc.name, lang.code()), text);
            }
        }
    }
}

/// Every diagnosis title of the tree, in `lang`, without spaces (a title
/// may wrap across lines on screen). A title the tree's own questions
/// already word (an answer such as "the merchant or terminal is not
/// registered" is what the customer sees) is left out: showing the
/// question is not naming its diagnosis.
fn diagnosis_titles(rules: &RuleSet, lang: Lang) -> Vec<(String, String)> {
    let squeeze = |t: &str| -> String { t.split_whitespace().collect() };
    let question_words: Vec<String> = rules
        .nodes
        .iter()
        .filter_map(|n| n.as_question())
        .flat_map(|q| {
            let mut texts = vec![q.text.get(lang).to_string()];
            texts.extend(q.why.iter().map(|w| w.get(lang).to_string()));
            texts.extend(q.say_customer.iter().map(|w| w.get(lang).to_string()));
            texts.extend(q.say_caller.iter().map(|w| w.get(lang).to_string()));
            texts.extend(q.answers.iter().map(|a| a.text.get(lang).to_string()));
            texts
        })
        .map(|t| squeeze(&t))
        .collect();
    let all: Vec<(String, String)> = rules
        .nodes
        .iter()
        .filter_map(|n| {
            n.as_diagnosis()
                .map(|d| (n.id.clone(), squeeze(d.title.get(lang))))
        })
        .collect();
    let checked: Vec<(String, String)> = all
        .iter()
        .filter(|(_, t)| !question_words.iter().any(|w| w.contains(t.as_str())))
        .cloned()
        .collect();
    // Nearly every title is checked; only a handful are worded by a question.
    assert!(
        checked.len() * 10 >= all.len() * 9,
        "{} of {}",
        checked.len(),
        all.len()
    );
    checked
}

fn squeezed(frame: &str) -> String {
    frame.split_whitespace().collect()
}

#[test]
fn no_diagnosis_is_named_before_the_trainee_commits() {
    let r = rules();
    let set = practice_set(&r);
    for lang in [Lang::En, Lang::Zh] {
        let titles = diagnosis_titles(&r, lang);
        for case in &set.cases {
            let mut a = app(&r, &set, lang, Some("T"), Some(&case.id), false);
            let mut frames = Vec::new();
            let look = |a: &App, frames: &mut Vec<String>| {
                for (w, h) in [(80, 24), (120, 40)] {
                    frames.push(draw(a, w, h));
                }
            };
            look(&a, &mut frames);
            for step in &case.best_path {
                let committed = a
                    .training
                    .as_ref()
                    .and_then(|tr| tr.session.as_ref())
                    .and_then(posdoc::training::TrainingSession::committed);
                assert!(committed.is_none(), "{}: committed too early", case.id);
                a.update(Action::AskCustomer);
                look(&a, &mut frames);
                // Every other answer's selection too: no preview of where it leads.
                a.update(Action::SelectNext);
                look(&a, &mut frames);
                a.update(Action::Choose(step.answer));
                let committed = a
                    .training
                    .as_ref()
                    .and_then(|tr| tr.session.as_ref())
                    .and_then(posdoc::training::TrainingSession::committed);
                if committed.is_none() {
                    look(&a, &mut frames);
                }
            }
            assert!(
                a.training
                    .as_ref()
                    .and_then(|tr| tr.session.as_ref())
                    .and_then(posdoc::training::TrainingSession::committed)
                    .is_some(),
                "{}: the best path commits",
                case.id
            );
            for frame in &frames {
                let flat = squeezed(frame);
                for (id, title) in &titles {
                    assert!(
                        !flat.contains(title.as_str()),
                        "{}: diagnosis {id} named before the commitment:\n{frame}",
                        case.id
                    );
                }
            }
        }
    }
}

#[test]
fn a_taken_trap_is_red_and_caps_the_score() {
    let r = rules();
    let set = practice_set(&r);
    let mut a = app(&r, &set, Lang::En, Some("T"), Some(TIMEOUT_CASE), true);
    a.update(Action::Resize(100, 40));
    a.update(Action::Choose(0));
    a.update(Action::Choose(1));
    a.update(Action::Choose(2));
    a.update(Action::NotFixed);
    let effect = a.update(Action::StopPractice);
    assert_eq!(effect, Effect::SaveAttempt);
    assert!(matches!(a.mode, Mode::TrainScore(_)));
    let score = a
        .training
        .as_ref()
        .and_then(|tr| tr.session.as_ref())
        .and_then(|t| t.score())
        .unwrap()
        .clone();
    assert!(score.capped_by_trap);
    assert!(score.total <= posdoc::training::TRAP_CAP);

    let l = layout::compose(&a, Rect::new(0, 0, 100, 40));
    let case = set.find(TIMEOUT_CASE).unwrap();
    let why = case.traps[0].why.get(Lang::En);
    let red_row = |needle: &str| {
        l.body.iter().any(|row| {
            let text: String = row.line.spans.iter().map(|s| s.content.as_ref()).collect();
            text.contains(needle)
                && row
                    .line
                    .spans
                    .iter()
                    .any(|s| s.content.contains(needle) && s.style.fg == Some(Color::Red))
        })
    };
    assert!(red_row("capped at 40"), "the cap is said in red");
    // The why may wrap; its first words are on a red row.
    let first_words: String = why.split(' ').take(3).collect::<Vec<_>>().join(" ");
    assert!(red_row(&first_words), "the trap's why is red");
    assert!(red_row("TRAP TAKEN"), "the money-safety part is red");
}

#[test]
fn going_back_past_the_commitment_is_refused() {
    let r = rules();
    let set = practice_set(&r);
    let mut a = app(&r, &set, Lang::En, Some("T"), Some(SIGNAL_CASE), false);
    best_path(&mut a);
    let t = a.training.as_ref().unwrap().session.as_ref().unwrap();
    let committed = t.committed().expect("committed");
    a.update(Action::GoBack);
    assert_eq!(
        a.status.as_ref().map(|s| s.key),
        Some("tui.train.msg_back_past_commitment")
    );
    let t = a.training.as_ref().unwrap().session.as_ref().unwrap();
    assert_eq!(t.walk().current().node, committed);
    assert!(draw(&a, 80, 24).contains("no going back past it"));
}

#[test]
fn a_finished_attempt_is_stored_under_the_trainee() {
    let r = rules();
    let set = practice_set(&r);
    let mut a = app(&r, &set, Lang::Zh, None, Some(SIGNAL_CASE), false);
    // No trainee given: the name is asked first, then the case opens.
    assert!(matches!(&a.mode, Mode::TrainChooser(c) if c.naming));
    a.update(Action::Confirm);
    assert_eq!(
        a.status.as_ref().map(|s| s.key),
        Some("tui.train.msg_name_needed")
    );
    for c in "王芳".chars() {
        a.update(Action::Type(c));
    }
    a.update(Action::Confirm);
    assert!(matches!(a.mode, Mode::Practice(_)));
    best_path(&mut a);
    after(&mut a, 20);
    assert_eq!(a.update(Action::StopPractice), Effect::SaveAttempt);
    let mut log = MemoryLog::default();
    a.save_attempt(Ok(&mut log));
    assert_eq!(
        a.status.as_ref().map(|s| s.key),
        Some("tui.train.msg_saved")
    );
    let all = log.all().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].trainee, "王芳");
    assert_eq!(all[0].case_id, SIGNAL_CASE);
    assert_eq!(all[0].seconds, 20);
    assert_eq!(all[0].started_at, STARTED);
    assert!(all[0].right);
    // Stored once: nothing waits any more.
    a.save_attempt(Ok(&mut log));
    assert_eq!(log.all().unwrap().len(), 1);
}

#[test]
fn fixing_the_fault_ends_the_case_with_the_score() {
    let r = rules();
    let set = practice_set(&r);
    let mut a = app(&r, &set, Lang::En, Some("T"), Some(SIGNAL_CASE), false);
    best_path(&mut a);
    // Remedy steps: the first one fixes it; the walk is over.
    assert!(matches!(a.mode, Mode::Practice(_)));
    assert_eq!(a.update(Action::Fixed), Effect::SaveAttempt);
    assert!(matches!(a.mode, Mode::TrainScore(_)));
    let t = a.training.as_ref().unwrap().session.as_ref().unwrap();
    assert!(t.is_finished() && t.score().unwrap().inputs.right);
    // Quitting now asks nothing: the attempt is over.
    assert_eq!(a.update(Action::Quit), Effect::Quit);
}

#[test]
fn quitting_mid_case_asks_first() {
    let r = rules();
    let set = practice_set(&r);
    let mut a = app(&r, &set, Lang::En, Some("T"), Some(SIGNAL_CASE), false);
    a.update(Action::Choose(0));
    assert_eq!(a.update(Action::Quit), Effect::None);
    assert!(draw(&a, 80, 24).contains("Quit posdoc?"));
    assert_eq!(a.update(Action::Confirm), Effect::Quit);
}

#[test]
fn next_case_goes_along_the_set_and_the_chooser_runs_a_filtered_set() {
    let r = rules();
    let set = practice_set(&r);
    let mut a = app(&r, &set, Lang::En, Some("T"), None, false);
    a.update(Action::CycleDifficulty); // easy
    a.update(Action::Confirm); // the whole (easy) set
    let easy: Vec<&str> = set
        .cases
        .iter()
        .filter(|c| c.difficulty == posdoc::training::Difficulty::Easy)
        .map(|c| c.id.as_str())
        .collect();
    let current = |a: &App| {
        a.training
            .as_ref()
            .and_then(posdoc::tui::state::Training::case)
            .map(|c| c.id.clone())
    };
    assert_eq!(current(&a).as_deref(), easy.first().copied());
    for expected in easy.iter().skip(1) {
        a.update(Action::StopPractice);
        a.update(Action::NextCase);
        assert_eq!(current(&a).as_deref(), Some(*expected));
    }
    a.update(Action::StopPractice);
    a.update(Action::NextCase);
    assert!(matches!(a.mode, Mode::TrainChooser(_)));
    assert_eq!(
        a.status.as_ref().map(|s| s.key),
        Some("tui.train.msg_set_done")
    );
}

#[test]
fn the_step_order_quiz_checks_the_typed_order_and_backspace_undoes() {
    let r = rules();
    let set = practice_set(&r);
    let mut a = app(&r, &set, Lang::En, Some("T"), None, false);
    a.update(Action::StepOrderQuiz);
    let shown = match &a.mode {
        Mode::Quiz(round) => match &round.quiz {
            Quiz::StepOrder(r) => r.quiz.shown.clone(),
            Quiz::Escalation(_) => panic!("a step-order quiz"),
        },
        other => panic!("a quiz, not {other:?}"),
    };
    // Seeded: the same seed gives the same quiz.
    let mut b = app(&r, &set, Lang::En, Some("T"), None, false);
    b.update(Action::StepOrderQuiz);
    assert_eq!(a.mode, b.mode);
    // A wrong first pick, taken back.
    let wrong = (0..shown.len()).find(|&p| shown[p] != 0).unwrap();
    a.update(Action::Choose(wrong));
    a.update(Action::Erase);
    a.update(Action::Confirm);
    assert_eq!(
        a.status.as_ref().map(|s| s.key),
        Some("tui.train.msg_place_all")
    );
    for step in 0..shown.len() {
        let pos = shown.iter().position(|&s| s == step).unwrap();
        a.update(Action::Choose(pos));
    }
    a.update(Action::Confirm);
    let Mode::Quiz(round) = &a.mode else {
        panic!("still the quiz")
    };
    let Quiz::StepOrder(r) = &round.quiz else {
        panic!("step order")
    };
    let result = r.result.as_ref().expect("checked");
    assert_eq!((result.in_place, result.points), (shown.len(), 100));
    // Esc goes back to the chooser it came from.
    a.update(Action::Cancel);
    assert!(matches!(a.mode, Mode::TrainChooser(_)));
}

#[test]
fn the_escalation_quiz_scores_the_contact_and_the_items() {
    let r = rules();
    let set = practice_set(&r);
    let mut a = app(&r, &set, Lang::En, Some("T"), None, false);
    a.update(Action::EscalationQuiz);
    let (quiz, esc) = match &a.mode {
        Mode::Quiz(round) => match &round.quiz {
            Quiz::Escalation(e) => (
                e.quiz.clone(),
                r.node(e.quiz.escalation).as_escalation().unwrap().clone(),
            ),
            Quiz::StepOrder(_) => panic!("an escalation quiz"),
        },
        other => panic!("a quiz, not {other:?}"),
    };
    let right = quiz
        .contacts
        .iter()
        .position(|&c| c == esc.contact)
        .unwrap();
    for _ in 0..right {
        a.update(Action::SelectNext);
    }
    a.update(Action::ToggleFocus);
    for (i, key) in quiz.evidence.iter().enumerate() {
        if esc.have_ready.contains(key) {
            while !matches!(&a.mode, Mode::Quiz(q) if matches!(&q.quiz, Quiz::Escalation(e) if e.cursor == i))
            {
                a.update(Action::SelectNext);
            }
            a.update(Action::ToggleItem);
        }
    }
    a.update(Action::Confirm);
    let Mode::Quiz(round) = &a.mode else {
        panic!("still the quiz")
    };
    let Quiz::Escalation(e) = &round.quiz else {
        panic!("escalation")
    };
    let result = e.result.as_ref().expect("checked");
    assert!(result.contact_right);
    assert!(result.missed.is_empty() && result.extra.is_empty());
    assert_eq!(result.points, 100);
}
