//! Card numbers never leave posdoc whole: anything in user text that looks
//! like one is masked before it is shown or kept.
//!
//! The rule: digits separated by at most [`MAX_SEPARATOR_RUN`] separator
//! characters (spaces of any width, dots, dashes) form one digit run, whatever
//! script the digits are written in (ASCII, full-width `４１１１`, …). Every
//! Luhn-valid subsequence of 12 to 19 consecutive digits of a run is a card
//! number and keeps only its first six and last four digits, so card and expiry
//! run together, two numbers in one text and odd layouts are all caught. A
//! run of 13 to 19 digits that is not itself Luhn-valid (perhaps a card number
//! with a typo) keeps only its last four digits.
//!
//! Masking is character for character: each hidden digit becomes one `*`, so
//! the text keeps its length and separators.

/// Fewest digits a card number has (ISO/IEC 7812).
const MIN_CARD_DIGITS: usize = 12;
/// Most digits a card number has.
const MAX_CARD_DIGITS: usize = 19;
/// Leading digits kept: the issuer (BIN), which helps a diagnosis.
const KEPT_LEADING: usize = 6;
/// Trailing digits kept: what a receipt shows.
const KEPT_TRAILING: usize = 4;
/// A masked card number always hides at least this many digits, so short
/// numbers show fewer leading digits rather than nearly all of them.
const MIN_HIDDEN: usize = 6;
/// Most separator characters accepted between two digits of one number
/// (`4111 - 1111` has three).
pub const MAX_SEPARATOR_RUN: usize = 3;

/// Masks every card number in `text` (see the module comment for the rule).
pub fn mask_card_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut hidden = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if decimal_digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let run = digit_run(&chars, i);
        hide_card_numbers(&chars, &run, &mut hidden);
        i = run.last().map_or(i, |&p| p) + 1;
    }
    chars
        .iter()
        .zip(&hidden)
        .map(|(&c, &h)| if h { '*' } else { c })
        .collect()
}

/// Text that came from a user or a file, made fit to echo: card numbers
/// masked, then anything that could drive the terminal or break the line
/// escaped. Every echo of user input goes through this one function.
pub fn for_echo(text: &str) -> String {
    crate::terminal_text::one_line(&mask_card_numbers(text)).into_owned()
}

/// What masking as typed remembers of the digit run at the end of a box's
/// text, so that a number typed key by key shows what masking it whole shows
/// ([`mask_card_numbers`]), although the box only ever holds the masked
/// text: the run's digit positions, its first six digits (the issuer, which
/// a valid card number shows again once it is complete) and its Luhn sums.
/// A digit it hides is never kept, so a run longer than a card number, or a
/// hidden digit erased, can only leave more hidden, never less.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedRun(Option<Box<Run>>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    /// Where each digit of the run stands in the text, in chars.
    positions: Vec<usize>,
    /// The run's first [`KEPT_LEADING`] digits as typed.
    leading: Vec<char>,
    /// The Luhn sums (mod 10) of the run's digits, doubling those at even
    /// and at odd places; `None` once a hidden digit was erased.
    sums: Option<[u32; 2]>,
}

impl TypedRun {
    /// Appends `c` to `text` and masks the run it ends as if the whole run
    /// had been masked at once.
    pub fn push(&mut self, text: &mut String, c: char) {
        let Some(value) = decimal_digit(c) else {
            text.push(c);
            if !is_separator(c) {
                self.0 = None;
            }
            return;
        };
        let at = text.chars().count();
        let joins = self.0.as_ref().is_some_and(|run| {
            run.positions
                .last()
                .is_some_and(|&last| at - last - 1 <= MAX_SEPARATOR_RUN)
        });
        let mut run = match self.0.take() {
            Some(run) if joins => run,
            _ => Box::new(Run::trailing(text)),
        };
        text.push(c);
        run.add(at, c, value);
        run.apply(text);
        self.0 = Some(run);
    }

    /// Removes the last character of `text`, and masks what is left of the
    /// run as well as what it remembers allows.
    pub fn pop(&mut self, text: &mut String) {
        let Some(c) = text.pop() else {
            return;
        };
        let Some(run) = self.0.as_mut() else {
            return;
        };
        if run.positions.last() != Some(&text.chars().count()) {
            return;
        }
        let place = run.positions.len() - 1;
        run.positions.pop();
        run.leading.truncate(run.positions.len());
        run.sums = match (run.sums, decimal_digit(c)) {
            (Some(mut sums), Some(value)) => {
                for (k, sum) in sums.iter_mut().enumerate() {
                    *sum = (*sum + 10 - luhn_weight(value, place % 2 == k)) % 10;
                }
                Some(sums)
            }
            // A hidden digit: its value was never kept.
            _ => None,
        };
        run.apply(text);
    }
}

/// A digit's share of a Luhn sum, doubled or not.
fn luhn_weight(digit: u32, doubled: bool) -> u32 {
    match (doubled, digit * 2) {
        (false, _) => digit,
        (true, twice) if twice > 9 => twice - 9,
        (true, twice) => twice,
    }
}

impl Run {
    /// The run that ends `text` (digits that are shown, joined by short
    /// stretches of separators), with room for one more digit after it.
    fn trailing(text: &str) -> Run {
        let chars: Vec<char> = text.chars().collect();
        let mut run = Run {
            positions: Vec::new(),
            leading: Vec::new(),
            sums: Some([0, 0]),
        };
        let mut i = 0;
        let mut last_run = Vec::new();
        while i < chars.len() {
            if decimal_digit(chars[i]).is_none() {
                i += 1;
                continue;
            }
            last_run = digit_run(&chars, i);
            i = last_run.last().map_or(i, |&p| p) + 1;
        }
        let joins_end = last_run
            .last()
            .is_some_and(|&last| chars.len() - last - 1 <= MAX_SEPARATOR_RUN)
            && last_run
                .last()
                .is_some_and(|&last| chars[last + 1..].iter().all(|&c| is_separator(c)));
        if joins_end {
            for p in last_run {
                run.add(p, chars[p], decimal_digit(chars[p]).unwrap_or(0));
            }
        }
        run
    }

    fn add(&mut self, at: usize, c: char, value: u32) {
        let place = self.positions.len();
        self.positions.push(at);
        if self.leading.len() < KEPT_LEADING {
            self.leading.push(c);
        }
        if let Some(sums) = self.sums.as_mut() {
            for (k, sum) in sums.iter_mut().enumerate() {
                *sum = (*sum + luhn_weight(value, place % 2 == k)) % 10;
            }
        }
    }

    /// Which digits of the run masking the whole run hides: `(start, end)`,
    /// the places from `start` up to `end`.
    fn hidden(&self) -> (usize, usize) {
        let n = self.positions.len();
        if n < MIN_CARD_DIGITS {
            return (0, 0);
        }
        let all_but_last = (0, n - KEPT_TRAILING);
        if n > MAX_CARD_DIGITS {
            // Which windows of a longer run are card numbers depends on
            // digits already hidden: hide all but the last four.
            return all_but_last;
        }
        match self.sums {
            // The check digit (place n - 1) is not doubled, the one before is.
            Some(sums) if sums[usize::from((n - 1).is_multiple_of(2))] == 0 => {
                let leading = KEPT_LEADING.min(n - KEPT_TRAILING - MIN_HIDDEN);
                (leading, n - KEPT_TRAILING)
            }
            Some(_) if n == MIN_CARD_DIGITS => (0, 0),
            _ => all_but_last,
        }
    }

    /// Writes the run's mask into `text`: hidden digits as `*`, and the
    /// issuer's digits back where a complete card number shows them.
    fn apply(&self, text: &mut String) {
        let (start, end) = self.hidden();
        let mut chars: Vec<char> = text.chars().collect();
        for (place, &p) in self.positions.iter().enumerate() {
            if (start..end).contains(&place) {
                chars[p] = '*';
            } else if chars[p] == '*' {
                if let Some(&c) = self.leading.get(place) {
                    chars[p] = c;
                }
            }
        }
        *text = chars.into_iter().collect();
    }
}

/// Positions of the digits of the run that starts at `start`: digits joined by
/// short stretches of separators.
fn digit_run(chars: &[char], start: usize) -> Vec<usize> {
    let mut run = vec![start];
    let mut j = start + 1;
    loop {
        let mut k = j;
        while k < chars.len() && k - j < MAX_SEPARATOR_RUN && is_separator(chars[k]) {
            k += 1;
        }
        match chars.get(k) {
            Some(&c) if decimal_digit(c).is_some() => {
                run.push(k);
                j = k + 1;
            }
            _ => return run,
        }
    }
}

/// Marks the hidden digits of every card number in one digit run.
fn hide_card_numbers(chars: &[char], run: &[usize], hidden: &mut [bool]) {
    let digits: Vec<u32> = run
        .iter()
        .map(|&p| decimal_digit(chars[p]).unwrap_or(0))
        .collect();
    // Luhn sums of every window in O(1) each: prefix sums under both ways of
    // choosing which positions are doubled.
    let doubled = |d: u32| if d * 2 > 9 { d * 2 - 9 } else { d * 2 };
    let mut even_doubled = vec![0u32; digits.len() + 1];
    let mut odd_doubled = vec![0u32; digits.len() + 1];
    for (j, &d) in digits.iter().enumerate() {
        let (e, o) = if j % 2 == 0 {
            (doubled(d), d)
        } else {
            (d, doubled(d))
        };
        even_doubled[j + 1] = even_doubled[j] + e;
        odd_doubled[j + 1] = odd_doubled[j] + o;
    }
    let windows = MAX_CARD_DIGITS - MIN_CARD_DIGITS + 1;
    // valid[start * windows + (len - MIN_CARD_DIGITS)]
    let mut valid = vec![false; digits.len() * windows];
    let mut found = false;
    for end in MIN_CARD_DIGITS..=digits.len() {
        // The check digit (end - 1) is not doubled, the one before it is.
        let sums = if (end - 1) % 2 == 0 {
            &odd_doubled
        } else {
            &even_doubled
        };
        for len in MIN_CARD_DIGITS..=MAX_CARD_DIGITS.min(end) {
            let start = end - len;
            if (sums[end] - sums[start]).is_multiple_of(10) {
                valid[start * windows + len - MIN_CARD_DIGITS] = true;
                found = true;
            }
        }
    }
    // A number inside a longer valid one needs no mask of its own: at least
    // one of its twelve or more consecutive digits is in the longer one's
    // hidden middle. Masking it too would hide the issuer for no gain.
    let is_valid = |start: usize, len: usize| valid[start * windows + len - MIN_CARD_DIGITS];
    let contained = |start: usize, len: usize| {
        let end = start + len;
        (end.saturating_sub(MAX_CARD_DIGITS)..=start).any(|outer_start| {
            (MIN_CARD_DIGITS..=MAX_CARD_DIGITS)
                .filter(|&outer_len| outer_start + outer_len >= end)
                .filter(|&outer_len| outer_start + outer_len <= digits.len())
                .filter(|&outer_len| (outer_start, outer_len) != (start, len))
                .any(|outer_len| is_valid(outer_start, outer_len))
        })
    };
    for start in 0..digits.len() {
        for len in MIN_CARD_DIGITS..=MAX_CARD_DIGITS.min(digits.len() - start) {
            if !is_valid(start, len) || contained(start, len) {
                continue;
            }
            let leading = KEPT_LEADING.min(len - KEPT_TRAILING - MIN_HIDDEN);
            for &p in &run[start + leading..start + len - KEPT_TRAILING] {
                hidden[p] = true;
            }
        }
    }
    // A whole run of card length that is not itself a valid number may be a
    // mistyped card number: it keeps only its last four, whatever it contains.
    let whole_run_is_card = digits.len() <= MAX_CARD_DIGITS && found && luhn_valid(&digits);
    if !whole_run_is_card && (MIN_CARD_DIGITS + 1..=MAX_CARD_DIGITS).contains(&digits.len()) {
        for &p in &run[..digits.len() - KEPT_TRAILING] {
            hidden[p] = true;
        }
    }
}

fn luhn_valid(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match (i % 2, d * 2) {
            (0, _) => d,
            (_, twice) if twice > 9 => twice - 9,
            (_, twice) => twice,
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Characters that may stand between the digit groups of one card number.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '-'
            | '.'
            | '\u{00A0}' // no-break space
            | '\u{2007}' // figure space
            | '\u{202F}' // narrow no-break space
            | '\u{3000}' // ideographic space
            | '\u{2010}'
            ..='\u{2015}' // hyphens and dashes
            | '\u{2212}' // minus sign
            | '\u{30FC}' // katakana-hiragana prolonged sound mark, typed as a dash
            | '\u{FF0D}' // full-width hyphen-minus
            | '\u{FF0E}' // full-width full stop
            | '\u{3002}' // ideographic full stop
            | '\u{FF61}' // half-width ideographic full stop
    )
}

/// The value of a decimal digit in any script that has one: what NFKC plus
/// `to_digit` would give, without a normalisation table. Each of these blocks
/// holds the ten digits in order from its zero.
pub fn decimal_digit(c: char) -> Option<u32> {
    const ZEROS: [u32; 41] = [
        0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
        0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946,
        0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0,
        0xAA50, 0xABF0, 0xFF10, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
    ];
    let cp = c as u32;
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&cp))
        .map(|&zero| cp - zero)
}

#[cfg(test)]
mod tests {
    use super::mask_card_numbers as m;

    #[test]
    fn luhn_valid_numbers_keep_first_six_and_last_four() {
        assert_eq!(m("4111111111111111"), "411111******1111");
        assert_eq!(m("4111-1111-1111-1111"), "4111-11**-****-1111");
        assert_eq!(
            m("card 4111 1111 1111 1111 ok"),
            "card 4111 11** **** 1111 ok"
        );
        assert_eq!(
            m("卡号4111111111111111，谢谢"),
            "卡号411111******1111，谢谢"
        );
    }

    #[test]
    fn masks_the_layouts_that_used_to_slip_through() {
        // Card and expiry run together.
        assert_eq!(m("41111111111111111227"), "411111**********1227");
        // Two numbers in one text; joined, numbers across the join count too.
        assert_eq!(
            m("4111111111111111 and 5555555555554444"),
            "411111******1111 and 555555******4444"
        );
        assert_eq!(
            m("4111111111111111 5555555555554444"),
            "411111********** ************4444"
        );
        // Double spaces, dots, mixed separators.
        assert_eq!(m("4111  1111  1111  1111"), "4111  11**  ****  1111");
        assert_eq!(m("4111.1111.1111.1111"), "4111.11**.****.1111");
        assert_eq!(m("4111 - 1111.1111-1111"), "4111 - 11**.****-1111");
        // Full-width digits and an ideographic space.
        assert_eq!(
            m("４１１１　１１１１　１１１１　１１１１"),
            "４１１１　１１**　****　１１１１"
        );
        // A 12-digit card number still hides six digits.
        assert_eq!(m("123456789015"), "12******9015");
    }

    #[test]
    fn a_run_that_is_not_a_card_number_keeps_its_last_four() {
        // 13 to 19 digits without a Luhn-valid number: perhaps a mistyped card.
        assert_eq!(m("6222021234567890123"), "***************0123");
        assert_eq!(
            m("card 6222 0212 3456 7890 ok"),
            "card **** **** **** 7890 ok"
        );
    }

    #[test]
    fn leaves_short_numbers_alone() {
        assert_eq!(
            m("amount 128.50 at 14:05, code 51"),
            "amount 128.50 at 14:05, code 51"
        );
        assert_eq!(m("terminal 12345678"), "terminal 12345678");
        // A 12-digit reference number that is not Luhn-valid is evidence.
        assert_eq!(m("ref 123456789012"), "ref 123456789012");
        assert_eq!(m("phone 138 0013 8000"), "phone 138 0013 8000");
        assert_eq!(m(""), "");
    }

    #[test]
    fn an_echo_is_masked_and_one_line() {
        assert_eq!(
            super::for_echo("4111111111111111\n\u{1b}[2J"),
            "411111******1111\\n\\u{1b}[2J"
        );
    }

    fn typed(text: &str) -> String {
        let mut typing = super::TypedRun::default();
        let mut shown = String::new();
        for c in text.chars() {
            typing.push(&mut shown, c);
        }
        shown
    }

    #[test]
    fn a_number_typed_key_by_key_shows_what_masking_it_whole_shows() {
        for text in [
            "4111 1111 1111 1111",
            "card 4111-1111-1111-1111 declined",
            "6222 0212 3456 7890 ok",
            "123456789015",
            "ref 123456789012",
            "４１１１　１１１１　１１１１　１１１１",
            "4111111111111111 and 5555555555554444",
        ] {
            assert_eq!(typed(text), m(text), "{text}");
        }
    }

    #[test]
    fn past_card_length_typing_keeps_only_the_last_four() {
        // Masked whole, the issuer of the card inside shows; typed, the
        // digits it would need are gone, so they stay hidden.
        assert_eq!(m("41111111111111111227"), "411111**********1227");
        assert_eq!(typed("41111111111111111227"), "****************1227");
    }

    #[test]
    fn erasing_never_shows_a_hidden_digit() {
        let mut typing = super::TypedRun::default();
        let mut shown = String::new();
        for c in "4111 1111 1111 1111".chars() {
            typing.push(&mut shown, c);
        }
        // Fifteen digits left: not a card number, so the issuer is hidden;
        // the digit that is now one of the last four was never kept.
        typing.pop(&mut shown);
        assert_eq!(shown, "**** **** **** 111");
        for _ in 0..8 {
            typing.pop(&mut shown);
        }
        // Eight digits: masking them whole hides none; the issuer's come
        // back, the others were never kept.
        assert_eq!(shown, "4111 11** ");
        // Typing on after a hidden digit was erased: nothing is shown that
        // masking could have hidden.
        for c in "1111 1111".chars() {
            typing.push(&mut shown, c);
        }
        assert_eq!(shown, "**** **** **** 1111");
    }

    #[test]
    fn text_given_before_typing_is_taken_as_it_stands() {
        let mut typing = super::TypedRun::default();
        let mut shown = String::from("ref 12345678901");
        typing.push(&mut shown, '2');
        assert_eq!(shown, m("ref 123456789012"));
        typing.push(&mut shown, '3');
        assert_eq!(shown, m("ref 1234567890123"));
    }

    #[test]
    fn words_break_a_run() {
        // Four separators are too many: these are two short numbers.
        assert_eq!(m("4111 1111    1111 1111"), "4111 1111    1111 1111");
    }
}
