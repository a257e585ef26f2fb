//! The case code: six characters a caller can read over the phone without
//! being misheard. The alphabet leaves out 0/O, 1/I/L, which look or sound
//! alike, so any code typed back is either right or clearly not a code.

use crate::rules::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Digits and capitals, without 0, O, 1, I and L.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in a code.
pub const LEN: usize = 6;

/// A case code such as `K7M3X9`, shown as `K7M-3X9`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseCode(String);

/// Why a typed text is not a case code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// Not six characters once spaces and dashes are dropped.
    Length { found: usize },
    /// A character outside the alphabet (`O`, `0`, `I`, `1`, `L`, …).
    Character { found: char },
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Length { found } => {
                write!(f, "a case code has {LEN} characters, found {found}")
            }
            CodeError::Character { found } => write!(
                f,
                "{found:?} is not in a case code (codes use 2-9 and A-Z without I, L and O)"
            ),
        }
    }
}

impl std::error::Error for CodeError {}

impl CaseCode {
    /// The code for a random number: the store draws the number (and draws
    /// again on a clash); this part stays pure.
    pub fn from_random(mut n: u64) -> CaseCode {
        let mut s = String::with_capacity(LEN);
        for _ in 0..LEN {
            s.push(ALPHABET[(n % ALPHABET.len() as u64) as usize] as char);
            n /= ALPHABET.len() as u64;
        }
        CaseCode(s)
    }

    /// A code as a person typed or read it: any case, full-width forms,
    /// spaces and dashes between groups (`k7m 3x9`, `Ｋ７Ｍ－３Ｘ９`).
    pub fn parse(typed: &str) -> Result<CaseCode, CodeError> {
        let folded = crate::frontend::typed::text(typed).to_uppercase();
        let chars: Vec<char> = folded
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_' | '.'))
            .collect();
        if let Some(&bad) = chars
            .iter()
            .find(|c| !c.is_ascii() || !ALPHABET.contains(&(**c as u8)))
        {
            return Err(CodeError::Character { found: bad });
        }
        if chars.len() != LEN {
            return Err(CodeError::Length { found: chars.len() });
        }
        Ok(CaseCode(chars.into_iter().collect()))
    }

    /// A code as a store wrote it: exactly six characters of the alphabet,
    /// nothing to fold. Cheaper than [`CaseCode::parse`] (no Unicode
    /// normalisation), which matters when a list reads 10,000 of them.
    pub fn from_stored(stored: &str) -> Result<CaseCode, CodeError> {
        if let Some(bad) = stored.bytes().find(|b| !ALPHABET.contains(b)) {
            return Err(CodeError::Character {
                found: char::from(bad),
            });
        }
        if stored.len() != LEN {
            return Err(CodeError::Length {
                found: stored.chars().count(),
            });
        }
        Ok(CaseCode(stored.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code in two groups of three, as it is shown and read aloud.
    pub fn grouped(&self) -> String {
        format!("{}-{}", &self.0[..3], &self.0[3..])
    }

    /// The code spelt out to read over the phone: letters with a word that
    /// starts with them (the ICAO alphabet, which Chinese speakers also use
    /// for letters on the phone), digits as words.
    pub fn spoken(&self, lang: Lang) -> String {
        let groups = [&self.0[..3], &self.0[3..]];
        let say_group = |g: &str| -> String {
            g.chars()
                .map(|c| spoken_char(c, lang))
                .collect::<Vec<_>>()
                .join(if lang == Lang::En { ", " } else { "，" })
        };
        match lang {
            Lang::En => format!("{} / {}", say_group(groups[0]), say_group(groups[1])),
            Lang::Zh | Lang::ZhHant => {
                format!("{}；{}", say_group(groups[0]), say_group(groups[1]))
            }
        }
    }
}

fn spoken_char(c: char, lang: Lang) -> String {
    const ICAO: [&str; 26] = [
        "Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
        "Juliett", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo",
        "Sierra", "Tango", "Uniform", "Victor", "Whiskey", "X-ray", "Yankee", "Zulu",
    ];
    const EN_DIGITS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    // 幺 and 两 are how digits are read on the phone in Chinese, but 1 and
    // 0 never occur in a code, and 两 would be misheard: the plain words.
    const ZH_DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if let Some(d) = c.to_digit(10) {
        return match lang {
            Lang::En => EN_DIGITS[d as usize].to_string(),
            Lang::Zh | Lang::ZhHant => ZH_DIGITS[d as usize].to_string(),
        };
    }
    let word = ICAO[(c as u8 - b'A') as usize];
    match lang {
        Lang::En => format!("{c} as in {word}"),
        Lang::Zh => format!("{c}（{word}）"),
        Lang::ZhHant => format!("{c}（{word}）"),
    }
}

impl fmt::Display for CaseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

impl TryFrom<String> for CaseCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<CaseCode, CodeError> {
        CaseCode::parse(&s)
    }
}

impl From<CaseCode> for String {
    fn from(c: CaseCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alphabet_has_no_look_alikes() {
        for bad in b"0O1IL" {
            assert!(!ALPHABET.contains(bad), "{}", *bad as char);
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), ALPHABET.len());
    }

    #[test]
    fn codes_read_back_as_typed_any_way() {
        let code = CaseCode::from_random(0x1234_5678_9abc);
        assert_eq!(code.as_str().len(), LEN);
        for typed in [
            code.as_str().to_string(),
            code.grouped(),
            code.as_str().to_lowercase(),
            format!(" {} {} ", &code.as_str()[..3], &code.as_str()[3..]),
        ] {
            assert_eq!(CaseCode::parse(&typed).unwrap(), code, "{typed}");
        }
        // Full width, as a Chinese input method types it.
        let wide: String = code
            .as_str()
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
            .collect();
        assert_eq!(CaseCode::parse(&wide).unwrap(), code);
    }

    #[test]
    fn look_alikes_and_wrong_lengths_are_refused() {
        assert_eq!(
            CaseCode::parse("K7M-3X0"),
            Err(CodeError::Character { found: '0' })
        );
        assert_eq!(
            CaseCode::parse("k7m3xo"),
            Err(CodeError::Character { found: 'O' })
        );
        assert_eq!(
            CaseCode::parse("K7M3X"),
            Err(CodeError::Length { found: 5 })
        );
        assert!(CaseCode::parse("").is_err());
    }

    #[test]
    fn spoken_forms_name_every_character() {
        let code = CaseCode::parse("K7M3X9").unwrap();
        assert_eq!(
            code.spoken(Lang::En),
            "K as in Kilo, seven, M as in Mike / three, X as in X-ray, nine"
        );
        assert_eq!(
            code.spoken(Lang::Zh),
            "K（Kilo），七，M（Mike）；三，X（X-ray），九"
        );
    }

    #[test]
    fn stored_codes_are_checked_not_folded() {
        let code = CaseCode::from_random(77);
        assert_eq!(CaseCode::from_stored(code.as_str()).unwrap(), code);
        assert!(CaseCode::from_stored("k7m3x9").is_err());
        assert!(CaseCode::from_stored("K7M-3X9").is_err());
        assert!(CaseCode::from_stored("K7M3X").is_err());
        assert!(CaseCode::from_stored("K7M3X９").is_err());
    }

    #[test]
    fn different_numbers_give_different_codes() {
        let a = CaseCode::from_random(1);
        let b = CaseCode::from_random(2);
        assert_ne!(a, b);
    }
}
