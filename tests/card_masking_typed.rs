//! A card number typed key by key into a case box (a note, a caller field)
//! is shown and stored as masking the whole number at once shows it: the
//! box never holds the number, yet the issuer's digits a complete number
//! keeps come back, and only the last four of a mistyped one stay.

use posdoc::case::intake;
use posdoc::privacy::{mask_card_numbers, TypedRun};
use proptest::prelude::*;

/// The separators people type between digit groups.
const SEPARATORS: [&str; 5] = [" ", "-", "  ", " - ", "\u{3000}"];

/// Text around a number: words, no digits.
const CONTEXT: [&str; 4] = ["", "card ", "卡号", "paid with "];

/// `body`'s first `len - 1` digits and a Luhn check digit.
fn luhn_number(body: &[u8], len: usize) -> String {
    let mut digits: Vec<u32> = body.iter().take(len - 1).map(|&d| u32::from(d)).collect();
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match (i % 2, d * 2) {
            (0, twice) if twice > 9 => twice - 9,
            (0, twice) => twice,
            _ => d,
        })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits
        .iter()
        .map(|&d| char::from_digit(d, 10).expect("a digit"))
        .collect()
}

/// `number` in groups of `group` digits joined by one kind of separator.
fn lay_out(number: &str, group: usize, separator: &str) -> String {
    let mut out = String::new();
    for (i, c) in number.chars().enumerate() {
        if i > 0 && i % group == 0 {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// A card-like number: Luhn-valid, or the same digits with the last one
/// mistyped (then usually not valid).
fn card_like() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(0u8..10, 18),
        12usize..=19,
        any::<bool>(),
    )
        .prop_map(|(body, len, mistyped)| {
            let mut number = luhn_number(&body, len);
            if mistyped {
                let last = number.pop().and_then(|c| c.to_digit(10)).unwrap_or(0);
                number.push(char::from_digit((last + 1) % 10, 10).expect("a digit"));
            }
            number
        })
}

/// The number's digits as the text shows them: digits, or `*` for a
/// hidden one, separators and other text left out.
fn shown_digits(text: &str, number_starts_at: usize) -> String {
    text.chars()
        .skip(number_starts_at)
        .filter(|&c| c == '*' || c.is_ascii_digit())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn typed_key_by_key_equals_masked_whole(
        number in card_like(),
        group in 3usize..=6,
        separator in 0usize..SEPARATORS.len(),
        before in 0usize..CONTEXT.len(),
        after in 0usize..CONTEXT.len(),
    ) {
        let laid_out = lay_out(&number, group, SEPARATORS[separator]);
        let text = format!("{}{laid_out} {}", CONTEXT[before], CONTEXT[after]);
        let mut typing = TypedRun::default();
        let mut shown = String::new();
        let mut typed = String::new();
        for c in text.chars() {
            typed.push(c);
            typing.push(&mut shown, c);
            // At every key, not only at the end.
            prop_assert_eq!(&shown, &mask_card_numbers(&typed), "typed {:?}", typed);
        }
        let whole = mask_card_numbers(&text);
        prop_assert_eq!(&shown, &whole);
        // As a note and as a caller field it is kept as the whole would be.
        prop_assert_eq!(intake::note(&shown), intake::note(&text));
        prop_assert_eq!(intake::field(&shown), intake::field(&text));

        // No five digits in a row of the number are shown, but for the
        // issuer's six a valid number keeps; the last four always show. (A
        // twelve-digit number that is not valid is a reference number, left
        // whole by the masking rule.)
        let digits = shown_digits(&shown, CONTEXT[before].chars().count());
        prop_assert_eq!(digits.len(), number.len());
        prop_assert_eq!(&digits[number.len() - 4..], &number[number.len() - 4..]);
        if !digits.contains('*') {
            prop_assert_eq!(number.len(), 12, "{:?}", shown);
            return Ok(());
        }
        let issuer = digits.len() - digits.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        prop_assert!(issuer <= 6, "{:?}", shown);
        for run in digits[issuer..number.len() - 4].split('*') {
            prop_assert!(run.len() < 5, "{} shown in {:?}", run, shown);
        }
    }
}

/// The case from the report: a test card number typed into a note.
#[test]
fn the_test_card_typed_shows_its_issuer_and_last_four() {
    let mut typing = TypedRun::default();
    let mut shown = String::new();
    for c in "4111 1111 1111 1111".chars() {
        typing.push(&mut shown, c);
    }
    assert_eq!(shown, "4111 11** **** 1111");
}
