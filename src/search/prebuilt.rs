//! The search index of the bundled rules and the synonym table in binary
//! form, written by the build script (`build.rs` compiles this module with
//! the index builder) and read at start instead of building them again.
//!
//! The index is a few flat arrays ([`Index`]); numbers in arrays are fixed
//! width, little-endian, so reading one back is a copy. It opens with the
//! fingerprint of the rules' binary form it was built from, and is refused
//! when that is not the embedded rules'. Everything read is checked against
//! what the search looks up in it, so a damaged index is refused, never a
//! panic later.

use super::index::{Field, Index, Postings, Span, Src, Vocab};
use super::synonyms::{self, Expander, PhraseSet, Table};
use crate::rules::compiled::{Corrupt, Reader, Wire};
use crate::rules::Lang;
use std::collections::HashMap;
use std::fmt;

/// What the binary index starts with; the number changes with the layout.
const INDEX_MAGIC: &[u8] = b"posdoc-search\x01";
/// What the binary synonym table starts with.
const TABLE_MAGIC: &[u8] = b"posdoc-synonyms\x01";
/// A parent or answer that is not there.
const NONE: u32 = u32::MAX;

/// Why the prebuilt index was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// It ends early or holds what no writer produces.
    Corrupt(Corrupt),
    /// It was built from other rules than those embedded.
    OtherRules,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Corrupt(c) => write!(
                f,
                "the prebuilt search index does not read: {} at byte {}",
                c.what, c.at
            ),
            Refused::OtherRules => f.write_str(
                "the prebuilt search index was built from other rules than those embedded",
            ),
        }
    }
}

impl std::error::Error for Refused {}

pub use crate::rules::compiled::fingerprint;

/// Writes `index`, built from the rules whose binary form has `rules`
/// as its [`fingerprint`].
pub fn encode(index: &Index, rules: u64) -> Vec<u8> {
    let Index {
        field_ends,
        fields,
        texts,
        words,
        priors,
        post,
        vocab,
        vocab_dels,
        codes,
        parents,
        start,
        synonyms,
    } = index;
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(INDEX_MAGIC);
    out.extend_from_slice(&rules.to_le_bytes());
    put_u32s(field_ends, &mut out);
    let packed: Vec<u32> = fields
        .iter()
        .flat_map(|f| {
            let src = Src::ALL.iter().position(|&s| s == f.src).unwrap_or(0) as u32;
            let flags = src | (f.lang.index() as u32) << 8 | u32::from(f.has_han) << 16;
            [f.text.start, f.text.end, f.words.start, f.words.end, flags]
        })
        .collect();
    put_u32s(&packed, &mut out);
    texts.put(&mut out);
    put_u32s(words, &mut out);
    let bits: Vec<u32> = priors.iter().map(|p| p.to_bits()).collect();
    put_u32s(&bits, &mut out);
    put_postings(post, &mut out);
    vocab.texts.put(&mut out);
    put_u32s(&vocab.ends, &mut out);
    put_u32s(&vocab.by_text, &mut out);
    put_u32s(&vocab.prefixable, &mut out);
    put_postings(vocab_dels, &mut out);
    // In code order, so the same rules always give the same bytes.
    let mut codes: Vec<(&String, &u32)> = codes.iter().collect();
    codes.sort_unstable();
    codes.len().put(&mut out);
    for (code, node) in codes {
        code.put(&mut out);
        node.put(&mut out);
    }
    let parents: Vec<u32> = parents
        .iter()
        .flat_map(|p| match p {
            Some((node, answer)) => [*node, answer.map_or(NONE, u32::from)],
            None => [NONE, NONE],
        })
        .collect();
    put_u32s(&parents, &mut out);
    start.put(&mut out);
    synonyms.entries.len().put(&mut out);
    for e in &synonyms.entries {
        e.phrase.put(&mut out);
        e.alts.put(&mut out);
    }
    out
}

/// Reads what [`encode`] wrote, if it was built from the rules whose
/// binary form has `rules` as its [`fingerprint`].
pub fn decode(bytes: &[u8], rules: u64) -> Result<Index, Refused> {
    let mut r = Reader { bytes, at: 0 };
    if r.slice(INDEX_MAGIC.len()).map_err(Refused::Corrupt)? != INDEX_MAGIC {
        return Err(Refused::Corrupt(r.corrupt("not an index of this version")));
    }
    let built_from = take_u64s_raw(&mut r, 1).map_err(Refused::Corrupt)?;
    if built_from != [rules] {
        return Err(Refused::OtherRules);
    }
    take_index(&mut r).map_err(Refused::Corrupt)
}

fn take_index(r: &mut Reader<'_>) -> Result<Index, Corrupt> {
    let field_ends = take_u32s(r)?;
    let packed = take_u32s(r)?;
    let texts = String::take(r)?;
    let words = take_u32s(r)?;
    let priors: Vec<f32> = take_u32s(r)?.into_iter().map(f32::from_bits).collect();
    let n = field_ends.len();
    if priors.len() != n {
        return Err(r.corrupt("priors not one per node"));
    }
    if packed.len() % 5 != 0 {
        return Err(r.corrupt("fields cut short"));
    }
    let mut fields = Vec::with_capacity(packed.len() / 5);
    for f in packed.chunks_exact(5) {
        let text = Span {
            start: f[0],
            end: f[1],
        };
        let words_of = Span {
            start: f[2],
            end: f[3],
        };
        let src = Src::ALL.get((f[4] & 0xff) as usize);
        let lang = Lang::ALL.get((f[4] >> 8 & 0xff) as usize);
        let has_han = f[4] >> 16;
        let (Some(&src), Some(&lang), 0 | 1) = (src, lang, has_han) else {
            return Err(r.corrupt("a field of no known source or language"));
        };
        if !is_text_span(&texts, text) || !is_span(words.len(), words_of) {
            return Err(r.corrupt("a field outside the texts"));
        }
        fields.push(Field {
            text,
            words: words_of,
            src,
            lang,
            has_han: has_han == 1,
        });
    }
    if !are_ends(&field_ends, fields.len()) {
        return Err(r.corrupt("node fields out of order"));
    }
    let post = take_postings(r, n)?;
    let vocab_texts = String::take(r)?;
    let vocab_ends = take_u32s(r)?;
    let words_known = vocab_ends.len();
    if !are_ends(&vocab_ends, vocab_texts.len())
        || !vocab_ends
            .iter()
            .all(|&e| vocab_texts.is_char_boundary(e as usize))
    {
        return Err(r.corrupt("vocabulary out of order"));
    }
    let vocab = Vocab {
        texts: vocab_texts,
        ends: vocab_ends,
        by_text: take_ids(r, words_known)?,
        prefixable: take_ids(r, words_known)?,
    };
    if words.iter().any(|&w| w as usize >= words_known) {
        return Err(r.corrupt("a field word not in the vocabulary"));
    }
    let vocab_dels = take_postings(r, words_known)?;
    let code_count = usize::take(r)?;
    if code_count > r.bytes.len() - r.at {
        return Err(r.corrupt("list longer than the input"));
    }
    let mut codes = HashMap::with_capacity(code_count);
    for _ in 0..code_count {
        let code = String::take(r)?;
        let node = u32::take(r)?;
        if node as usize >= n {
            return Err(r.corrupt("a code of no node"));
        }
        codes.insert(code, node);
    }
    let raw_parents = take_u32s(r)?;
    if raw_parents.len() != 2 * n {
        return Err(r.corrupt("parents not one per node"));
    }
    let mut parents = Vec::with_capacity(n);
    for p in raw_parents.chunks_exact(2) {
        parents.push(match (p[0], p[1]) {
            (NONE, NONE) => None,
            (node, _) if node as usize >= n => return Err(r.corrupt("a parent of no node")),
            (node, NONE) => Some((node, None)),
            (node, answer) => Some((
                node,
                Some(u16::try_from(answer).map_err(|_| r.corrupt("an answer of no question"))?),
            )),
        });
    }
    let start = u32::take(r)?;
    if start as usize >= n.max(1) {
        return Err(r.corrupt("a start of no node"));
    }
    let entry_count = usize::take(r)?;
    if entry_count > r.bytes.len() - r.at {
        return Err(r.corrupt("list longer than the input"));
    }
    let mut entries = Vec::with_capacity(entry_count);
    for _ in 0..entry_count {
        entries.push(synonyms::Entry {
            phrase: String::take(r)?,
            alts: Vec::take(r)?,
        });
    }
    if entries.iter().any(|e| e.alts.is_empty()) {
        return Err(r.corrupt("a synonym without alternatives"));
    }
    if r.at != r.bytes.len() {
        return Err(r.corrupt("bytes after the index"));
    }
    Ok(Index {
        field_ends,
        fields,
        texts,
        words,
        priors,
        post,
        vocab,
        vocab_dels,
        codes,
        parents,
        start,
        synonyms: Expander { entries },
    })
}

/// Writes a synonym table.
pub fn encode_table(table: &Table) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 * 1024);
    out.extend_from_slice(TABLE_MAGIC);
    table.sets.len().put(&mut out);
    for set in &table.sets {
        set.lang.index().put(&mut out);
        set.phrases.put(&mut out);
    }
    out
}

/// Reads what [`encode_table`] wrote.
pub fn decode_table(bytes: &[u8]) -> Result<Table, Corrupt> {
    let mut r = Reader { bytes, at: 0 };
    if r.slice(TABLE_MAGIC.len())? != TABLE_MAGIC {
        return Err(r.corrupt("not a synonym table of this version"));
    }
    let count = usize::take(&mut r)?;
    if count > bytes.len() {
        return Err(r.corrupt("list longer than the input"));
    }
    let mut sets = Vec::with_capacity(count);
    for _ in 0..count {
        let lang = *Lang::ALL
            .get(usize::take(&mut r)?)
            .ok_or_else(|| r.corrupt("unknown language"))?;
        sets.push(PhraseSet {
            lang,
            phrases: Vec::take(&mut r)?,
        });
    }
    if r.at != bytes.len() {
        return Err(r.corrupt("bytes after the table"));
    }
    Ok(Table { sets })
}

fn put_u32s(items: &[u32], out: &mut Vec<u8>) {
    items.len().put(out);
    out.reserve(items.len() * 4);
    for x in items {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

fn take_u32s(r: &mut Reader<'_>) -> Result<Vec<u32>, Corrupt> {
    let len = usize::take(r)?;
    let bytes = r.slice(
        len.checked_mul(4)
            .ok_or_else(|| r.corrupt("list too long"))?,
    )?;
    Ok(bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

fn put_u64s(items: &[u64], out: &mut Vec<u8>) {
    items.len().put(out);
    out.reserve(items.len() * 8);
    for x in items {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

fn take_u64s(r: &mut Reader<'_>) -> Result<Vec<u64>, Corrupt> {
    let len = usize::take(r)?;
    take_u64s_raw(r, len)
}

/// `len` numbers of eight bytes, without a length before them.
fn take_u64s_raw(r: &mut Reader<'_>, len: usize) -> Result<Vec<u64>, Corrupt> {
    let bytes = r.slice(
        len.checked_mul(8)
            .ok_or_else(|| r.corrupt("list too long"))?,
    )?;
    Ok(bytes
        .chunks_exact(8)
        .map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
        .collect())
}

/// Ids, each below `count`.
fn take_ids(r: &mut Reader<'_>, count: usize) -> Result<Vec<u32>, Corrupt> {
    let ids = take_u32s(r)?;
    if ids.iter().any(|&i| i as usize >= count) {
        return Err(r.corrupt("an id out of range"));
    }
    Ok(ids)
}

fn put_postings(p: &Postings, out: &mut Vec<u8>) {
    put_u64s(&p.keys, out);
    put_u32s(&p.ends, out);
    put_u32s(&p.items, out);
}

/// Postings whose items are each below `count`.
fn take_postings(r: &mut Reader<'_>, count: usize) -> Result<Postings, Corrupt> {
    let keys = take_u64s(r)?;
    let ends = take_u32s(r)?;
    let items = take_ids(r, count)?;
    // Binary search needs the keys in order; a list's end needs its start.
    if !keys.windows(2).all(|k| k[0] < k[1])
        || ends.len() != keys.len()
        || !are_ends(&ends, items.len())
    {
        return Err(r.corrupt("postings out of order"));
    }
    Ok(Postings { keys, ends, items })
}

/// Whether `ends` rise and the last is `len`: the ends of consecutive
/// ranges that cover `0..len`.
fn are_ends(ends: &[u32], len: usize) -> bool {
    ends.windows(2).all(|e| e[0] <= e[1]) && ends.last().map_or(len == 0, |&e| e as usize == len)
}

fn is_span(len: usize, s: Span) -> bool {
    s.start <= s.end && s.end as usize <= len
}

fn is_text_span(text: &str, s: Span) -> bool {
    is_span(text.len(), s)
        && text.is_char_boundary(s.start as usize)
        && text.is_char_boundary(s.end as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Lang;

    fn bundled_rules() -> u64 {
        fingerprint(crate::rules::bundled_bytes())
    }

    #[test]
    fn the_synonym_table_reads_back_as_written() {
        let parsed = Table::parse(synonyms::BUNDLED).expect("the bundled table is sound");
        assert_eq!(decode_table(&encode_table(&parsed)), Ok(parsed.clone()));
        assert_eq!(*Table::bundled(), parsed);
    }

    #[test]
    fn an_index_of_other_rules_is_refused() {
        let bytes = Index::bundled_bytes();
        assert!(decode(bytes, bundled_rules()).is_ok());
        let other = fingerprint(b"other rules");
        assert_eq!(decode(bytes, other).err(), Some(Refused::OtherRules));
        let shown = Refused::OtherRules.to_string();
        assert!(shown.contains("other rules"), "{shown}");
    }

    #[test]
    fn fingerprints_tell_rule_sets_apart() {
        let rules = crate::rules::bundled_bytes();
        let mut changed = rules.to_vec();
        let last = changed.len() - 1;
        changed[last] ^= 1;
        assert_ne!(fingerprint(rules), fingerprint(&changed));
        assert_ne!(fingerprint(&rules[..last]), fingerprint(rules));
        assert_ne!(fingerprint(b""), fingerprint(b"\0"));
    }

    #[test]
    fn a_cut_index_is_refused_with_where() {
        let bytes = Index::bundled_bytes();
        for cut in (0..bytes.len()).step_by(bytes.len() / 97) {
            match decode(&bytes[..cut], bundled_rules()) {
                Err(Refused::Corrupt(c)) => assert!(c.at <= cut, "{c:?} past {cut}"),
                other => panic!("cut at {cut}: {:?}", other.map(|_| ())),
            }
        }
        let mut longer = bytes.to_vec();
        longer.push(0);
        assert!(matches!(
            decode(&longer, bundled_rules()),
            Err(Refused::Corrupt(_))
        ));
    }

    #[test]
    fn a_damaged_index_is_refused_or_searched_without_panic() {
        let bytes = Index::bundled_bytes();
        // Past the magic and the fingerprint, whose damage is refused
        // above; every 4099th byte, so every section is hit.
        for at in (INDEX_MAGIC.len() + 8..bytes.len()).step_by(4099) {
            let mut damaged = bytes.to_vec();
            damaged[at] ^= 0xa5;
            if let Ok(index) = decode(&damaged, bundled_rules()) {
                for q in ["51", "余额不足", "yebz", "netwrok", "my plan ran out"] {
                    let _ = index.search(q, Lang::Zh, 10);
                }
                let _ = index.path(crate::rules::NodeIdx(index.len() as u32 - 1));
            }
        }
    }
}
