//! "Did you mean …?": the closest valid name to a misspelt one, for the
//! messages of `check` (field names, node ids, values from a fixed set).

/// How alike two names must be, from 0 to 1 (normalised Damerau-Levenshtein:
/// one typo in five letters is 0.8), before one is offered for the other.
/// Below this the guess is more likely wrong than helpful.
const MIN_SIMILARITY: f64 = 0.7;

/// The candidate most like `typed`, when one is alike enough; ties go to
/// the first. Case is ignored, since `Title` means `title`.
pub(crate) fn closest<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let folded = typed.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        if c == typed {
            continue;
        }
        let score = strsim::normalized_damerau_levenshtein(&folded, &c.to_lowercase());
        if score >= MIN_SIMILARITY && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `"; did you mean `title`?"` to append to a message, or nothing.
pub(crate) fn did_you_mean<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(typed, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_the_name_and_a_stranger_finds_nothing() {
        let fields = ["id", "kind", "title", "text", "steps"];
        assert_eq!(closest("titel", fields), Some("title"));
        assert_eq!(closest("Title", fields), Some("title"));
        assert_eq!(closest("colour", fields), None);
        let ids = ["card.funds", "card.check", "network.carrier"];
        assert_eq!(closest("card.fund", ids), Some("card.funds"));
        assert_eq!(closest("printer", ids), None);
        assert_eq!(did_you_mean("stpes", fields), "; did you mean `steps`?");
        assert_eq!(did_you_mean("zzz", fields), "");
    }
}
