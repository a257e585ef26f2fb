//! Everything a person types into a case comes in through here: notes,
//! the caller's details, search text. Card numbers are masked and control
//! characters dropped before the text exists anywhere else, so no store,
//! export or screen can hold the full number. There is no field for a PIN
//! or a CVV, and a note that looks like one is refused.

use crate::privacy::mask_card_numbers;
use serde::{Deserialize, Serialize};

/// Longest note kept, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
/// Longest caller field kept (merchant ID, terminal ID, amount, time).
pub const MAX_FIELD_CHARS: usize = 64;

/// Why a typed text was not taken into a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Empty once trimmed.
    Empty,
    /// Longer than the field allows.
    TooLong { max: usize },
    /// Looks like a PIN or a card security code: never written down.
    LooksLikeSecret,
    /// The last-four field takes exactly four digits.
    NotFourDigits,
}

impl Refusal {
    /// The UI text (`assets/i18n/`) that explains the refusal.
    pub fn key(self) -> &'static str {
        match self {
            Refusal::Empty => "case.refused_empty",
            Refusal::TooLong { .. } => "case.refused_too_long",
            Refusal::LooksLikeSecret => "case.refused_secret",
            Refusal::NotFourDigits => "case.refused_last_four",
        }
    }

    pub fn args(self) -> Vec<(&'static str, String)> {
        match self {
            Refusal::TooLong { max } => vec![("max", max.to_string())],
            _ => Vec::new(),
        }
    }
}

/// Text as it may enter a case: width folded (full-width digits would hide
/// a card number from nobody), card numbers masked, control characters and
/// bidi overrides dropped, runs of white space made one space.
pub fn clean(raw: &str) -> String {
    let folded = crate::frontend::typed::text(raw);
    let masked = mask_card_numbers(&folded);
    let mut out = String::with_capacity(masked.len());
    let mut space = false;
    for c in masked.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if crate::terminal_text::needs_escape(c) {
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// A note as it is kept, or why it is refused.
pub fn note(raw: &str) -> Result<String, Refusal> {
    if looks_like_secret(raw) {
        return Err(Refusal::LooksLikeSecret);
    }
    let text = clean(raw);
    if text.is_empty() {
        return Err(Refusal::Empty);
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(Refusal::TooLong {
            max: MAX_NOTE_CHARS,
        });
    }
    Ok(text)
}

/// A free-text caller field (merchant ID, terminal ID, amount, time of the
/// sale) as it is kept; empty means "not given".
pub fn field(raw: &str) -> Result<String, Refusal> {
    if looks_like_secret(raw) {
        return Err(Refusal::LooksLikeSecret);
    }
    let text = clean(raw);
    if text.chars().count() > MAX_FIELD_CHARS {
        return Err(Refusal::TooLong {
            max: MAX_FIELD_CHARS,
        });
    }
    Ok(text)
}

/// The last four digits of the card: exactly four digits (full-width
/// accepted), or empty for "not given".
pub fn last_four(raw: &str) -> Result<String, Refusal> {
    let folded = crate::frontend::typed::text(raw);
    if folded.is_empty() {
        return Ok(String::new());
    }
    if folded.len() == 4 && folded.bytes().all(|b| b.is_ascii_digit()) {
        Ok(folded)
    } else {
        Err(Refusal::NotFourDigits)
    }
}

/// Words that name a secret, followed closely by 3 to 12 digits: "PIN 1234",
/// "pin:0000", "CVV 123", "密码是123456", "安全码 321". A lone number
/// is not refused (amounts, terminal IDs and times are numbers too).
pub fn looks_like_secret(raw: &str) -> bool {
    const WORDS: [&str; 13] = [
        "pin",
        "cvv",
        "cvc",
        "cvn",
        "cav",
        "passcode",
        "password",
        "密码",
        "密碼",
        "安全码",
        "安全碼",
        "验证码",
        "驗證碼",
    ];
    let text = crate::frontend::typed::text(raw).to_lowercase();
    for word in WORDS {
        let mut from = 0;
        while let Some(at) = text[from..].find(word) {
            let start = from + at;
            let end = start + word.len();
            from = end;
            // "pin" inside "spinning" or "pinpad" is not the word PIN.
            let ascii_word = word.is_ascii();
            if ascii_word {
                let before = text[..start].chars().next_back();
                if before.is_some_and(char::is_alphanumeric) {
                    continue;
                }
                let after = text[end..].chars().next();
                if after.is_some_and(|c| c.is_ascii_alphabetic()) {
                    continue;
                }
            }
            if digits_follow(&text[end..]) {
                return true;
            }
        }
    }
    false
}

/// Whether 3–12 digits follow within a few characters of filler
/// (`: `, ` is `, `是`, `为`, `=`), before anything else.
fn digits_follow(rest: &str) -> bool {
    let mut filler = 0;
    let mut digits = 0;
    for c in rest.chars() {
        if c.is_ascii_digit() || c == '*' && digits > 0 {
            digits += 1;
            continue;
        }
        // "12 34": a PIN read out in pairs is still a PIN.
        if digits > 0 && c == ' ' {
            continue;
        }
        if digits > 0 {
            break;
        }
        if c.is_whitespace() || matches!(c, ':' | '=' | '：' | '是' | '为' | '為' | '#' | '-') {
            filler += 1;
        } else if c.is_ascii_alphabetic() {
            // "pin is 1234", "pin was 1234": short words in between.
            filler += 1;
        } else {
            return false;
        }
        if filler > 8 {
            return false;
        }
    }
    (3..=12).contains(&digits)
}

/// What the caller gives, each field already cleaned: masked, bounded.
/// Empty strings are fields not given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerDetails {
    pub merchant_id: String,
    pub terminal_id: String,
    pub amount: String,
    /// When the failed sale happened, as the caller says it.
    pub sale_time: String,
    /// Last four digits of the card, or empty.
    pub last_four: String,
}

/// One caller field, by name, for forms and commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallerField {
    MerchantId,
    TerminalId,
    Amount,
    SaleTime,
    LastFour,
}

impl CallerField {
    pub const ALL: [CallerField; 5] = [
        CallerField::MerchantId,
        CallerField::TerminalId,
        CallerField::Amount,
        CallerField::SaleTime,
        CallerField::LastFour,
    ];

    /// The UI text that names the field.
    pub fn key(self) -> &'static str {
        match self {
            CallerField::MerchantId => "case.field_merchant_id",
            CallerField::TerminalId => "case.field_terminal_id",
            CallerField::Amount => "case.field_amount",
            CallerField::SaleTime => "case.field_sale_time",
            CallerField::LastFour => "case.field_last_four",
        }
    }
}

impl CallerDetails {
    pub fn get(&self, field: CallerField) -> &str {
        match field {
            CallerField::MerchantId => &self.merchant_id,
            CallerField::TerminalId => &self.terminal_id,
            CallerField::Amount => &self.amount,
            CallerField::SaleTime => &self.sale_time,
            CallerField::LastFour => &self.last_four,
        }
    }

    /// Set one field from what was typed, through the field's own check.
    pub fn set(&mut self, field: CallerField, raw: &str) -> Result<(), Refusal> {
        let value = match field {
            CallerField::LastFour => last_four(raw)?,
            _ => self::field(raw)?,
        };
        match field {
            CallerField::MerchantId => self.merchant_id = value,
            CallerField::TerminalId => self.terminal_id = value,
            CallerField::Amount => self.amount = value,
            CallerField::SaleTime => self.sale_time = value,
            CallerField::LastFour => self.last_four = value,
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        CallerField::ALL.iter().all(|&f| self.get(f).is_empty())
    }

    /// The same details cleaned again: what a store does with details that
    /// came from outside (an import, an older version) before keeping them.
    #[must_use]
    pub fn cleaned(&self) -> CallerDetails {
        let keep = |s: &str| field(s).unwrap_or_else(|_| String::new());
        CallerDetails {
            merchant_id: keep(&self.merchant_id),
            terminal_id: keep(&self.terminal_id),
            amount: keep(&self.amount),
            sale_time: keep(&self.sale_time),
            last_four: last_four(&self.last_four).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_masked_and_cleaned() {
        let kept = note("card 4111 1111 1111 1111 declined\u{1b}[2J").unwrap();
        let digits: String = kept.chars().filter(char::is_ascii_digit).collect();
        assert!(!digits.contains("4111111111111111"), "{kept}");
        assert!(
            kept.starts_with("card 4111 11") && kept.contains("declined"),
            "{kept}"
        );
        assert!(!kept.contains('\u{1b}'), "{kept}");
        let kept = note("卡号４１１１１１１１１１１１１１１１被拒").unwrap();
        assert!(!kept.contains("4111111111111111"), "{kept}");
        assert!(kept.contains("1111"));
        assert_eq!(note("  a \n\t b  ").unwrap(), "a b");
    }

    #[test]
    fn secrets_are_refused() {
        for secret in [
            "PIN 1234",
            "pin:0000",
            "customer said the pin is 9876",
            "CVV 123",
            "cvc=456",
            "密码是123456",
            "密碼 654321",
            "安全码 321",
            "PIN: 12 34",
        ] {
            assert_eq!(note(secret), Err(Refusal::LooksLikeSecret), "{secret}");
        }
    }

    #[test]
    fn ordinary_notes_with_numbers_pass() {
        for ok in [
            "terminal 12345678 restarted",
            "amount 128.50, sale at 14:05",
            "PIN pad cable loose",
            "spinning 1234",
            "customer forgot the PIN",
            "密码键盘没反应",
            "last four 4321",
        ] {
            assert!(note(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn last_four_takes_four_digits_only() {
        assert_eq!(last_four("1234").unwrap(), "1234");
        assert_eq!(last_four("１２３４").unwrap(), "1234");
        assert_eq!(last_four("").unwrap(), "");
        for bad in ["123", "12345", "12a4", "4111111111111111"] {
            assert_eq!(last_four(bad), Err(Refusal::NotFourDigits), "{bad}");
        }
    }

    #[test]
    fn caller_fields_are_bounded_and_masked() {
        let mut d = CallerDetails::default();
        d.set(CallerField::TerminalId, "T-8812 4111111111111111")
            .unwrap();
        assert!(!d.terminal_id.contains("4111111111111111"));
        assert_eq!(
            d.set(CallerField::Amount, &"9".repeat(100)),
            Err(Refusal::TooLong {
                max: MAX_FIELD_CHARS
            })
        );
        assert_eq!(
            d.set(CallerField::LastFour, "12"),
            Err(Refusal::NotFourDigits)
        );
        assert!(!d.is_empty());
    }
}
