//! A card number is never shown whole, whatever its layout: generated
//! Luhn-valid numbers in every layout go through the masking and through the
//! binary, and the full number must not come back out.

use posdoc::privacy::{decimal_digit, mask_card_numbers};
use proptest::prelude::*;
use std::process::{Command, Stdio};

/// A Luhn-valid number of `len` digits that starts with `body`'s digits.
fn luhn_number(body: &[u8], len: usize) -> String {
    let mut digits: Vec<u32> = body
        .iter()
        .take(len - 1)
        .map(|&d| u32::from(d % 10))
        .collect();
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            // Counting from the check digit, which is not in `digits` yet.
            if i % 2 == 0 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits
        .iter()
        .map(|d| char::from_digit(*d, 10).expect("a digit"))
        .collect()
}

/// The separators people put between digit groups, alone and mixed.
const SEPARATORS: [&str; 10] = [
    " ", "  ", "-", ".", " - ", "\u{3000}", "\u{00A0}", "\u{FF0D}", "\t", "\u{2014}",
];

/// Writes `number` in groups with separators, its digits ASCII or full-width.
fn lay_out(number: &str, groups: &[usize], separators: &[usize], full_width: &[bool]) -> String {
    let mut out = String::new();
    let mut in_group = 0;
    let mut group = 0;
    for (i, c) in number.chars().enumerate() {
        if in_group == groups[group % groups.len()] {
            out.push_str(SEPARATORS[separators[group % separators.len()] % SEPARATORS.len()]);
            group += 1;
            in_group = 0;
        }
        let d = c.to_digit(10).expect("a digit");
        out.push(if full_width[i % full_width.len()] {
            char::from_u32(0xFF10 + d).expect("full-width digit")
        } else {
            c
        });
        in_group += 1;
    }
    out
}

/// Digits in ASCII with separators dropped, `*` and everything else kept: the
/// form in which a full number would be recognised by a reader or a program.
fn normalised(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '\u{FF0D}' | '\u{2014}'))
        .map(|c| {
            decimal_digit(c)
                .and_then(|d| char::from_digit(d, 10))
                .unwrap_or(c)
        })
        .collect()
}

fn layout() -> impl Strategy<Value = (Vec<usize>, Vec<usize>, Vec<bool>)> {
    (
        prop::collection::vec(1usize..=8, 1..5),
        prop::collection::vec(0usize..SEPARATORS.len(), 1..4),
        prop::collection::vec(any::<bool>(), 1..4),
    )
}

fn card() -> impl Strategy<Value = String> {
    (prop::collection::vec(0u8..10, 18), 12usize..=19)
        .prop_map(|(body, len)| luhn_number(&body, len))
}

/// Text around a number: words in both languages, no digits.
const CONTEXT: [&str; 6] = ["", "card ", "卡号", "paid with ", "：", "x"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn a_card_number_in_any_layout_is_never_shown_whole(
        number in card(),
        (groups, separators, full_width) in layout(),
        before in 0usize..CONTEXT.len(),
        after in 0usize..CONTEXT.len(),
        expiry in prop::option::of((1u8..=12, 24u8..=40)),
    ) {
        let mut text = format!("{}{}", CONTEXT[before], lay_out(&number, &groups, &separators, &full_width));
        if let Some((month, year)) = expiry {
            // Card and expiry run together, as a card reader or a paste gives them.
            text.push_str(&format!("{month:02}{year:02}"));
        }
        text.push_str(CONTEXT[after]);
        let masked = mask_card_numbers(&text);
        prop_assert!(!normalised(&masked).contains(&number), "{text:?} -> {masked:?}");
        // Masking is character for character, so columns on screen stay put.
        prop_assert_eq!(masked.chars().count(), text.chars().count());
        // The last four digits stay, for the reader to recognise the card.
        prop_assert!(normalised(&masked).contains(&number[number.len() - 4..]) || expiry.is_some(),
            "{text:?} -> {masked:?}");
    }

    #[test]
    fn two_card_numbers_in_one_text_are_both_masked(
        first in card(),
        second in card(),
        (groups, separators, full_width) in layout(),
        joiner in prop::sample::select(vec![" ", " and ", "，", "; ", "\n"]),
    ) {
        let text = format!(
            "{}{joiner}{}",
            lay_out(&first, &groups, &separators, &full_width),
            lay_out(&second, &groups, &separators, &full_width)
        );
        let masked = normalised(&mask_card_numbers(&text));
        prop_assert!(!masked.contains(&first), "{text:?} -> {masked:?}");
        prop_assert!(!masked.contains(&second), "{text:?} -> {masked:?}");
    }

    #[test]
    fn masking_never_panics_on_any_text(text in "\\PC{0,200}") {
        let masked = mask_card_numbers(&text);
        prop_assert_eq!(masked.chars().count(), text.chars().count());
    }
}

fn posdoc(args: &[&str], stdin: &str) -> (String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_posdoc"))
        // Cases go to a folder of the tests, never the user's data folder.
        .env(
            "POSDOC_DATA_DIR",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("posdoc-data"),
        )
        .env(
            "POSDOC_CONFIG",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config.toml"),
        )
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("posdoc runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin is written");
    let out = child.wait_with_output().expect("posdoc finishes");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Layouts of one test card number that the binary is given.
const LAYOUTS: [&str; 6] = [
    "4111111111111111",
    "4111 1111 1111 1111",
    "4111  1111.1111-1111",
    "41111111111111111227",
    "４１１１１１１１１１１１１１１１",
    "4111111111111111 5555555555554444",
];

#[test]
fn walk_never_echoes_a_card_number_typed_at_the_prompt() {
    for layout in LAYOUTS {
        for lang in ["en", "zh"] {
            let (out, err) = posdoc(&["walk", "--lang", lang], &format!("{layout}\n"));
            let all = normalised(&format!("{out}{err}"));
            assert!(!all.contains("4111111111111111"), "{layout}: {out}{err}");
            assert!(!all.contains("5555555555554444"), "{layout}: {out}{err}");
        }
    }
}

// Fails until src/cli/walk.rs masks the refusal reason (the engine's "there is
// no answer N" repeats the typed number): see the hardening report.
#[test]
fn walk_never_echoes_a_card_number_given_as_an_answer() {
    for layout in LAYOUTS {
        for lang in ["en", "zh"] {
            let (out, err) = posdoc(&["walk", "--lang", lang, "--answers", layout], "");
            let all = normalised(&format!("{out}{err}"));
            assert!(!all.contains("4111111111111111"), "{layout}: {out}{err}");
        }
    }
}

#[test]
fn walk_never_echoes_a_card_number_given_as_a_code() {
    for layout in LAYOUTS {
        let (out, err) = posdoc(&["walk", "--lang", "en", "--code", layout], "");
        let all = normalised(&format!("{out}{err}"));
        assert!(!all.contains("4111111111111111"), "{layout}: {out}{err}");
    }
}

#[test]
fn search_never_echoes_a_card_number() {
    for layout in LAYOUTS {
        let (out, err) = posdoc(&["search", "--lang", "en", layout], "");
        let all = normalised(&format!("{out}{err}"));
        assert!(!all.contains("4111111111111111"), "{layout}: {out}{err}");
    }
}

/// Every cell of a frame of the full-screen interface, row by row, in the
/// form `normalised` gives: a number split over cells or wrapped within a
/// row is still found.
fn screen_text(app: &posdoc::tui::App<'_>) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("terminal");
    terminal
        .draw(|f| posdoc::tui::render(app, f))
        .expect("frame");
    let buffer = terminal.backend().buffer();
    let cells: String = buffer
        .content
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect();
    normalised(&format!("{cells}\n{}", posdoc::tui::buffer_text(buffer)))
}

/// Loaded once for every generated case.
fn bundled_rules() -> &'static posdoc::rules::RuleSet {
    static RULES: std::sync::OnceLock<posdoc::rules::RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        posdoc::rules::load_bundled()
            .rules
            .expect("bundled rules load")
    })
}

fn tui_app(rules: &posdoc::rules::RuleSet) -> posdoc::tui::App<'_> {
    posdoc::tui::App::new(
        rules,
        posdoc::rules::Lang::En,
        posdoc::tui::Options {
            mouse: true,
            color: false,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Typed key by key or pasted into the search box, then Enter (which
    /// tries it as a response code): no frame shows the whole number.
    #[test]
    fn the_screen_never_shows_a_card_number_typed_or_pasted_into_search(
        number in card(),
        (groups, separators, full_width) in layout(),
        context in 0usize..CONTEXT.len(),
        pasted in any::<bool>(),
    ) {
        use posdoc::tui::Action;
        let rules = bundled_rules();
        let typed = format!("{}{}", CONTEXT[context], lay_out(&number, &groups, &separators, &full_width));
        let mut app = tui_app(rules);
        app.update(Action::OpenSearch);
        if pasted {
            app.paste(&typed);
        } else {
            for c in typed.chars() {
                app.update_queued(Action::Type(c));
            }
            app.catch_up();
        }
        let screen = screen_text(&app);
        prop_assert!(!screen.contains(&number), "{typed:?}:\n{screen}");
        // The query is on screen, masked: its last four digits are shown.
        prop_assert!(screen.contains(&number[number.len() - 4..]), "{typed:?}:\n{screen}");
        app.update(Action::Confirm);
        let screen = screen_text(&app);
        prop_assert!(!screen.contains(&number), "{typed:?} then Enter:\n{screen}");
    }
}

/// `posdoc --code <number>` refuses an unknown code before the screen opens;
/// the refusal must not repeat the number.
#[test]
fn the_interface_never_echoes_a_card_number_given_as_a_code() {
    for layout in LAYOUTS {
        for lang in ["en", "zh"] {
            let (out, err) = posdoc(&["--lang", lang, "--code", layout], "");
            let all = normalised(&format!("{out}{err}"));
            assert!(!all.contains("4111111111111111"), "{layout}: {out}{err}");
            assert!(!err.is_empty(), "{layout}: refused without a word");
        }
    }
}
