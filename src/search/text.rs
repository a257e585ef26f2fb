//! Text normalisation shared by indexing and querying: one lower-case,
//! half-width, punctuation-free form ("compact"), English word stems, and
//! Han characters.

/// Longest query we look at, in characters. Longer input is cut: nobody
/// types more at a counter, and it bounds the work per query.
pub const MAX_QUERY_CHARS: usize = 200;

pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Full-width ASCII to half-width, ideographic space to space, lower case.
fn fold(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// A word character: ASCII letters and digits (after folding).
pub fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The compact form: folded; runs of ASCII words kept and separated by one
/// space; Han characters kept; everything else (punctuation, emoji,
/// control characters, other scripts' symbols) dropped as a separator.
/// A space is kept only between two ASCII words, so "校验错，请重新签到" and
/// "校验错 请重新签到" compact to the same string.
pub fn compact(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut last_word = false;
    for c in s.chars().map(fold) {
        if is_word(c) {
            if pending_space && last_word {
                out.push(' ');
            }
            out.push(c);
            pending_space = false;
            last_word = true;
        } else if is_han(c) || (c.is_alphabetic() && !c.is_ascii()) {
            out.push(c);
            pending_space = false;
            last_word = false;
        } else {
            pending_space = true;
        }
    }
    join_compounds(out)
}

/// English phrases that name one thing, written as one word so that their
/// parts don't match on their own: "sign in" (签到, the terminal's log-on to
/// the acquirer) is not "sign" (签名, the cardholder's signature).
const COMPOUNDS: &[(&str, &str)] = &[
    ("sign in", "signin"),
    ("signs in", "signin"),
    ("signed in", "signin"),
    ("signing in", "signin"),
    ("sign on", "signin"),
    ("signed on", "signin"),
];

/// Whether a stem is one of `COMPOUNDS`' joined words: they are matched
/// only whole, never as the longer form of a typed prefix ("sign").
pub fn is_compound(stem: &str) -> bool {
    COMPOUNDS.iter().any(|&(_, joined)| joined == stem)
}

/// Replaces each of [`COMPOUNDS`] standing as whole words in a compact string.
fn join_compounds(mut s: String) -> String {
    if !s.contains("sign") {
        return s;
    }
    for &(words, joined) in COMPOUNDS {
        let mut from = 0;
        while let Some(p) = s[from..].find(words) {
            let pos = from + p;
            let end = pos + words.len();
            let before_ok = !s[..pos].chars().next_back().is_some_and(is_word);
            let after_ok = !s[end..].chars().next().is_some_and(is_word);
            if before_ok && after_ok {
                s.replace_range(pos..end, joined);
                from = pos + joined.len();
            } else {
                from = pos + 1;
            }
        }
    }
    s
}

/// Strips control characters and cuts the query to [`MAX_QUERY_CHARS`]:
/// the query as it is shown back.
pub fn clean(query: &str) -> Vec<char> {
    query
        .chars()
        .filter(|c| !c.is_control() && *c != '\u{FFFD}')
        .take(MAX_QUERY_CHARS)
        .collect()
}

/// [`clean`], and a masked card number (`4111 11** **** 1111`, as the search
/// box holds a number typed into it) left out: its digit groups are no
/// response code. The query as it is searched.
pub fn sanitize(query: &str) -> String {
    without_masked_card_numbers(&clean(query))
}

/// `chars` with every masked card number replaced by a space: a run of
/// digits, `*` and separators holding at least one `*` and as many digits
/// and stars as the shortest card number.
fn without_masked_card_numbers(chars: &[char]) -> String {
    const SHORTEST_CARD: usize = 12;
    let in_run =
        |c: char| c.is_ascii_digit() || c == '*' || matches!(c, ' ' | '-' | '.' | '\u{3000}');
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if !in_run(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let end = chars[i..]
            .iter()
            .position(|&c| !in_run(c))
            .map_or(chars.len(), |n| i + n);
        let run = &chars[i..end];
        let marks = run
            .iter()
            .filter(|&&c| c == '*' || c.is_ascii_digit())
            .count();
        if run.contains(&'*') && marks >= SHORTEST_CARD {
            out.push(' ');
        } else {
            out.extend(run);
        }
        i = end;
    }
    out
}

/// ASCII word runs of a compact string.
pub fn words(compact: &str) -> impl Iterator<Item = &str> {
    compact
        .split(|c: char| !is_word(c))
        .filter(|w| !w.is_empty())
}

/// Runs of Han characters of a compact string.
pub fn han_runs(compact: &str) -> Vec<Vec<char>> {
    let mut runs = Vec::new();
    let mut cur = Vec::new();
    for c in compact.chars() {
        if is_han(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "to", "of", "in", "on", "at",
    "for", "with", "and", "or", "but", "it", "its", "this", "that", "my", "i", "we", "you", "your",
    "he", "she", "they", "t", "s", "don", "won", "doesn", "didn", "isn", "can", "cannot", "not",
    "no", "do", "does", "did", "has", "have", "had", "what", "how", "why", "when", "will", "just",
    "any", "all", "me", "our", "there", "then", "so", "as", "by", "from", "if", "still", "get",
    "got", "after", "before", "during", "again",
];

pub fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// A light English stemmer: enough to meet "printer", "printing" and
/// "prints" at "print". Applied the same way to the index and the query.
pub fn stem(w: &str) -> String {
    let n = w.len();
    if !w.bytes().all(|b| b.is_ascii_lowercase()) || n <= 3 {
        return w.to_string();
    }
    let strip = |suffix: &str, min_rest: usize| -> Option<&str> {
        w.strip_suffix(suffix).filter(|r| r.len() >= min_rest)
    };
    if let Some(r) = strip("ies", 3) {
        return format!("{r}y");
    }
    for (suffix, min) in [
        ("ing", 3),
        ("ers", 3),
        ("er", 3),
        ("ed", 3),
        ("es", 4),
        ("ly", 4),
    ] {
        if let Some(r) = strip(suffix, min) {
            return undouble(r).to_string();
        }
    }
    if !w.ends_with("ss") && !w.ends_with("us") {
        if let Some(r) = strip("s", 3) {
            return r
                .strip_suffix('e')
                .filter(|r| r.len() >= 4)
                .unwrap_or(r)
                .to_string();
        }
    }
    if let Some(r) = strip("e", 4) {
        return r.to_string();
    }
    w.to_string()
}

/// "dropp" (from "dropping", "dropped") → "drop", to meet "drops"; a final
/// double l, s or z is the word's own ("falling", "pressed").
fn undouble(r: &str) -> &str {
    let b = r.as_bytes();
    let n = b.len();
    if n >= 4
        && b[n - 1] == b[n - 2]
        && !matches!(
            b[n - 1],
            b'a' | b'e' | b'i' | b'o' | b'u' | b'l' | b's' | b'z'
        )
    {
        &r[..n - 1]
    } else {
        r
    }
}

/// Byte position of `needle` in `hay` where it starts (and, for ASCII
/// words, ends) on a word boundary.
pub fn find_phrase(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let first_word = needle.chars().next().is_some_and(is_word);
    let last_word = needle.chars().next_back().is_some_and(is_word);
    let mut from = 0;
    while let Some(p) = hay[from..].find(needle) {
        let pos = from + p;
        let before_ok = !first_word || !hay[..pos].chars().next_back().is_some_and(is_word);
        let end = pos + needle.len();
        let after_ok = !last_word || !hay[end..].chars().next().is_some_and(is_word);
        if before_ok && after_ok {
            return Some(pos);
        }
        from = pos + needle.chars().next().map_or(1, char::len_utf8);
        if from >= hay.len() {
            break;
        }
    }
    None
}

/// A 64-bit FNV-1a hash of a tagged key, for the inverted index. A rare
/// collision only adds a candidate, which full scoring then rejects.
pub fn key(tag: u8, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(tag);
    h = h.wrapping_mul(0x0000_0100_0000_01b3);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0xff;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Han bigram key (or unigram when `b` is None). No allocation: it runs
/// for every character of every candidate text.
pub fn han_key(a: char, b: Option<char>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(if b.is_some() { b'h' } else { b'u' });
    for x in [a as u32, b.map_or(0, |c| c as u32)] {
        for byte in x.to_le_bytes() {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

pub fn word_key(stem: &str) -> u64 {
    key(b'w', &[stem])
}

/// The word and every form of it with one character deleted: two words
/// that share one of these are at most about one edit apart.
pub fn deletions(w: &str) -> Vec<String> {
    let chars: Vec<char> = w.chars().collect();
    let mut out = Vec::with_capacity(chars.len() + 1);
    out.push(w.to_string());
    for i in 0..chars.len() {
        let s: String = chars
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, c)| c)
            .collect();
        out.push(s);
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_forms() {
        assert_eq!(compact("A0 校验错，请重新签到"), "a0校验错请重新签到");
        assert_eq!(compact("Receipt won't  print!"), "receipt won t print");
        assert_eq!(compact("ＡＢＣ　１２"), "abc 12");
        assert_eq!(compact("Wi-Fi未连接"), "wi fi未连接");
    }

    #[test]
    fn phrase_boundaries() {
        assert_eq!(find_phrase("card expired today", "card expired"), Some(0));
        assert_eq!(find_phrase("discard expired", "card"), None);
        assert_eq!(find_phrase("余额不足请查询", "余额不足"), Some(0));
        assert_eq!(find_phrase("a", "abc"), None);
    }

    #[test]
    fn stems() {
        assert_eq!(stem("printer"), "print");
        assert_eq!(stem("printing"), "print");
        assert_eq!(stem("prints"), "print");
        assert_eq!(stem("expired"), "expir");
        assert_eq!(stem("expires"), "expir");
        assert_eq!(stem("batteries"), "battery");
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("expire"), "expir");
        assert_eq!(stem("charges"), "charg");
        assert_eq!(stem("dropping"), "drop");
        assert_eq!(stem("dropped"), "drop");
        assert_eq!(stem("drops"), "drop");
        assert_eq!(stem("jammed"), "jam");
        assert_eq!(stem("falling"), "fall");
        assert_eq!(stem("pressed"), "press");
    }

    #[test]
    fn sign_in_is_one_word() {
        assert_eq!(compact("Please sign in again"), "please signin again");
        assert_eq!(compact("not signed-in"), "not signin");
        assert_eq!(compact("staff skip signing"), "staff skip signing");
        assert_eq!(compact("design input"), "design input");
        assert_eq!(compact("sign inside 签到"), "sign inside签到");
    }

    #[test]
    fn a_masked_card_number_is_no_query() {
        assert_eq!(sanitize("4111 11** **** 1111 no signal"), " no signal");
        assert_eq!(sanitize("卡号 4111-11**-****-1111"), "卡号 ");
        // Codes, short stars and plain numbers stay.
        assert_eq!(sanitize("51 A0"), "51 A0");
        assert_eq!(sanitize("5* 12"), "5* 12");
        assert_eq!(sanitize("order 1234 5678"), "order 1234 5678");
    }
}
