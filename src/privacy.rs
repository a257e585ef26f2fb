//! Card numbers never leave posdoc whole: anything in user text that looks
//! like one is masked, keeping only the last four digits.

/// Masks every run of 13 to 19 digits (spaces or dashes allowed between
/// them) as a card number: all digits but the last four become `*`.
pub fn mask_card_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // Extend over digits and single separators between digits.
        let mut j = i;
        let mut digits = 0;
        let mut end = i;
        while j < chars.len() {
            if chars[j].is_ascii_digit() {
                digits += 1;
                j += 1;
                end = j;
            } else if (chars[j] == ' ' || chars[j] == '-')
                && j + 1 < chars.len()
                && chars[j + 1].is_ascii_digit()
                && digits > 0
            {
                j += 1;
            } else {
                break;
            }
        }
        if (13..=19).contains(&digits) {
            let mut seen = 0;
            for &c in &chars[i..end] {
                if c.is_ascii_digit() {
                    seen += 1;
                    out.push(if digits - seen < 4 { c } else { '*' });
                } else {
                    out.push(c);
                }
            }
        } else {
            out.extend(&chars[i..end]);
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::mask_card_numbers as m;

    #[test]
    fn masks_card_numbers_in_any_layout() {
        assert_eq!(m("6222021234567890123"), "***************0123");
        assert_eq!(
            m("card 6222 0212 3456 7890 ok"),
            "card **** **** **** 7890 ok"
        );
        assert_eq!(m("4111-1111-1111-1111"), "****-****-****-1111");
        assert_eq!(
            m("卡号6222021234567890，谢谢"),
            "卡号************7890，谢谢"
        );
    }

    #[test]
    fn leaves_short_numbers_alone() {
        assert_eq!(
            m("amount 128.50 at 14:05, code 51"),
            "amount 128.50 at 14:05, code 51"
        );
        assert_eq!(m("terminal 12345678"), "terminal 12345678");
        // A 12-digit reference number is evidence, not a card number.
        assert_eq!(m("ref 123456789012"), "ref 123456789012");
        assert_eq!(m("phone 138 0013 8000"), "phone 138 0013 8000");
    }
}
