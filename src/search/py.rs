//! Pinyin of Chinese text: every reading of each character (heteronyms
//! included, from the `pinyin` crate's table through `pinyin_data`),
//! matched against what people type: full syllables ("yuebuzu"), initials
//! ("yebz") or a mix ("yuebz").

use super::pinyin_data;

/// Longest pinyin query matched, in letters.
pub const MAX_LETTERS: usize = 40;

/// A syllable, by its number in the sorted list of every syllable: tables
/// of numbers need no relocation when the program loads, as tables of
/// `&str` would (20,000 of them, at every start of every command).
pub type Syllable = u16;

/// The spelling of a syllable.
pub fn spelling(s: Syllable) -> &'static str {
    pinyin_data::syllables()
        .get(usize::from(s))
        .copied()
        .unwrap_or_default()
}

/// The toneless readings of a Han character, `ü` spelled both `v` and `u`.
/// Only characters of the common CJK block have any.
pub fn readings(c: char) -> &'static [Syllable] {
    let cp = c as u32;
    if (BLOCK_START..=BLOCK_END).contains(&cp) {
        return pinyin_data::readings_at((cp - BLOCK_START) as usize);
    }
    &[]
}

/// The common CJK block, whose characters have readings.
pub const BLOCK_START: u32 = 0x4E00;
pub const BLOCK_END: u32 = 0x9FFF;

/// Whether `s` is a toneless syllable of some character of the block.
pub fn is_syllable(s: &str) -> bool {
    pinyin_data::syllables().binary_search(&s).is_ok()
}

/// Whether `s` begins some syllable ("z", "zh", "zha", ...).
fn is_syllable_prefix(s: &str) -> bool {
    pinyin_data::syllable_prefixes().binary_search(&s).is_ok()
}

/// A unit of a typed pinyin string: a whole syllable or an initial.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit<'a> {
    pub text: &'a str,
    pub full: bool,
}

fn is_initial(s: &str) -> bool {
    matches!(s, "zh" | "ch" | "sh")
        || (s.len() == 1
            && !matches!(s, "i" | "u" | "v")
            && s.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Ways to read `letters` as pinyin units (at most `cap`, longer
/// syllables first). The last unit may be an unfinished syllable.
pub fn segmentations(letters: &str, cap: usize) -> Vec<Vec<Unit<'_>>> {
    let mut out = Vec::new();
    if letters.is_empty() || letters.len() > MAX_LETTERS {
        return out;
    }
    let mut cur = Vec::new();
    seg_rec(letters, 0, &mut cur, &mut out, cap);
    out
}

fn seg_rec<'a>(
    s: &'a str,
    pos: usize,
    cur: &mut Vec<Unit<'a>>,
    out: &mut Vec<Vec<Unit<'a>>>,
    cap: usize,
) {
    if out.len() >= cap {
        return;
    }
    if pos == s.len() {
        out.push(cur.clone());
        return;
    }
    let rest = &s[pos..];
    let max = rest.len().min(6);
    for len in (1..=max).rev() {
        let piece = &rest[..len];
        let full = is_syllable(piece);
        let last = len == rest.len();
        let ok = full || is_initial(piece) || (last && is_syllable_prefix(piece));
        if ok {
            cur.push(Unit { text: piece, full });
            seg_rec(s, pos + len, cur, out, cap);
            cur.pop();
            if out.len() >= cap {
                return;
            }
        }
    }
}

/// Keys for the inverted index: one per adjacent pair of Han characters,
/// both by full syllables and by first letters.
pub fn pair_keys(a: &[Syllable], b: &[Syllable], out: &mut Vec<u64>) {
    for &ra in a {
        for &rb in b {
            let (ra, rb) = (spelling(ra), spelling(rb));
            out.push(full_pair_key(ra, rb));
            out.push(initial_pair_key(&ra[..1], &rb[..1]));
        }
    }
}

pub fn full_pair_key(a: &str, b: &str) -> u64 {
    super::text::key(b'p', &[a, b])
}

pub fn initial_pair_key(a: &str, b: &str) -> u64 {
    super::text::key(b'i', &[&a[..1], &b[..1]])
}

/// Keys a typed pinyin string can meet in the index.
pub fn query_keys(letters: &str) -> Vec<u64> {
    let mut keys = Vec::new();
    for seg in segmentations(letters, 48) {
        for w in seg.windows(2) {
            if w[0].full && w[1].full {
                keys.push(full_pair_key(w[0].text, w[1].text));
            } else {
                keys.push(initial_pair_key(w[0].text, w[1].text));
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// How well typed pinyin matched a run of characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinyinMatch {
    /// Characters covered by the query.
    pub covered: usize,
    /// Of them, spelled in full (not by initial).
    pub full: usize,
    /// The first character covered.
    pub start: usize,
}

/// How well typed pinyin matches a run of characters, given each
/// character's readings: the best match of the whole query starting at
/// some character (the earliest, among equally good ones).
pub fn best_match(letters: &[u8], chars: &[&[Syllable]]) -> Option<PinyinMatch> {
    if letters.is_empty() || letters.len() > MAX_LETTERS || chars.is_empty() {
        return None;
    }
    let n = chars.len();
    let w = n + 1;
    // memo[(qp * w) + cp]: None = unknown, Some(None) = fails,
    // Some(Some((chars, full))) = best from here.
    let mut memo: Vec<Option<Option<(usize, usize)>>> = vec![None; (letters.len() + 1) * w];
    let mut best: Option<PinyinMatch> = None;
    for start in 0..n {
        if let Some((covered, full)) = rec(letters, chars, 0, start, &mut memo, w) {
            let better = best.is_none_or(|b| {
                (full, std::cmp::Reverse(covered)) > (b.full, std::cmp::Reverse(b.covered))
            });
            if better {
                best = Some(PinyinMatch {
                    covered,
                    full,
                    start,
                });
            }
        }
    }
    best
}

fn rec(
    q: &[u8],
    chars: &[&[Syllable]],
    qp: usize,
    cp: usize,
    memo: &mut [Option<Option<(usize, usize)>>],
    w: usize,
) -> Option<(usize, usize)> {
    if qp == q.len() {
        return Some((0, 0));
    }
    if cp >= chars.len() {
        return None;
    }
    let slot = qp * w + cp;
    if let Some(m) = memo[slot] {
        return m;
    }
    let rest = &q[qp..];
    let mut best: Option<(usize, usize)> = None;
    let mut consider = |cand: Option<(usize, usize)>, add_full: usize| {
        if let Some((c, f)) = cand {
            let cand = (c + 1, f + add_full);
            if best.is_none_or(|b| cand.1 > b.1 || (cand.1 == b.1 && cand.0 < b.0)) {
                best = Some(cand);
            }
        }
    };
    for &r in chars[cp] {
        let rb = spelling(r).as_bytes();
        if rest.starts_with(rb) {
            let sub = rec(q, chars, qp + rb.len(), cp + 1, memo, w);
            consider(sub, 1);
        } else if rb.starts_with(rest) && rest.len() >= 2 {
            // An unfinished last syllable ("wangl" for 网络): counts as full.
            consider(Some((0, 0)), 1);
        }
        for ini in [2usize, 1] {
            if rb.len() > ini && rest.len() >= ini && rb[..ini] == rest[..ini] {
                if ini == 2 && !matches!(&rb[..2], b"zh" | b"ch" | b"sh") {
                    continue;
                }
                let sub = rec(q, chars, qp + ini, cp + 1, memo, w);
                consider(sub, 0);
            }
        }
    }
    memo[slot] = Some(best);
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<&'static [Syllable]> {
        s.chars().map(readings).collect()
    }

    #[test]
    fn matches_full_initials_and_mixed() {
        let m = |letters: &[u8], s: &str| {
            best_match(letters, &chars(s)).map(|m| (m.covered, m.full, m.start))
        };
        assert_eq!(m(b"yuebuzu", "余额不足"), Some((4, 4, 0)));
        // "e" (额) is a whole syllable as well as an initial.
        assert_eq!(m(b"yebz", "余额不足"), Some((4, 1, 0)));
        assert_eq!(m(b"yuebz", "余额不足").map(|m| m.0), Some(4));
        assert_eq!(m(b"wangluo", "网络"), Some((2, 2, 0)));
        assert_eq!(m(b"duandian", "交易中断电"), Some((2, 2, 3)));
        assert_eq!(m(b"chongfu", "重复扣款"), Some((2, 2, 0)));
        assert_eq!(m(b"dayin", "重打印"), Some((2, 2, 1)));
        assert_eq!(m(b"xyz", "余额不足"), None);
    }

    #[test]
    fn segments_and_keys() {
        assert!(!query_keys("yebz").is_empty());
        assert!(segmentations("wangluo", 10).iter().any(|s| s
            .iter()
            .map(|u| u.text)
            .collect::<Vec<_>>()
            == ["wang", "luo"]));
        assert!(is_syllable("zhong"));
        assert!(is_syllable("lv") && is_syllable("lu"));
        assert!(!is_syllable("zho") && is_syllable_prefix("zho"));
    }
}
