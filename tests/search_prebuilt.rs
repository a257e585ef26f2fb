//! The search index of the bundled rules is built with posdoc (`build.rs`)
//! and read at start: it must answer exactly as `Index::build` does on the
//! same rules, for every kind of query people type.

mod common;

use common::rules;
use posdoc::rules::{Lang, NodeIdx, RuleSet};
use posdoc::search::{Index, MatchKind};

/// What a search answered, in a form two indexes can be compared by.
fn answers(index: &Index, q: &str, lang: Lang) -> Vec<(NodeIdx, u32, MatchKind, Option<String>)> {
    index
        .search(q, lang, 50)
        .into_iter()
        .map(|h| (h.node, h.score, h.kind, h.code))
        .collect()
}

/// Queries in Chinese (and pinyin), then queries in English.
fn corpus(rules: &RuleSet) -> (Vec<String>, Vec<String>) {
    let mut zh: Vec<String> = Vec::new();
    let mut en: Vec<String> = Vec::new();
    for rc in &rules.codes {
        zh.push(rc.code.clone());
        en.push(rc.code.to_ascii_lowercase());
        en.push(format!("code {}", rc.code));
    }
    for node in &rules.nodes {
        zh.push(node.title().get(Lang::Zh).to_string());
        en.push(node.title().get(Lang::En).to_string());
        for m in &node.messages {
            zh.push(m.get(Lang::Zh).to_string());
        }
        // Typos: the longer English words with a letter dropped, and with
        // two letters swapped.
        for word in node.title().get(Lang::En).split_whitespace() {
            let w: Vec<char> = word.chars().collect();
            if w.len() >= 5 && word.is_ascii() {
                let mid = w.len() / 2;
                let dropped: String = w
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| i != mid)
                    .map(|(_, c)| c)
                    .collect();
                let mut swapped = w.clone();
                swapped.swap(mid - 1, mid);
                en.push(dropped);
                en.push(swapped.into_iter().collect());
            }
        }
    }
    // The development set: screens, cashiers, callers, paraphrases,
    // pinyin, traditional characters, typos.
    let devset = include_str!("data/search_devset.tsv");
    for line in devset.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let query = line.split('\t').next().unwrap_or_default().to_string();
        if query.is_ascii() {
            en.push(query.clone());
        }
        zh.push(query);
    }
    // The queries of the other search tests and of the benchmark.
    for q in [
        "51",
        " 5 ",
        "a0",
        "A0 校验错，请重新签到",
        "余额不足",
        "打印机没纸",
        "yebz",
        "wangluo",
        "duanwang",
        "dayinji",
        "qiandao",
        "yuebz",
        "receipt won't print",
        "netwrok",
        "insufficent funds",
        "power failure during payment",
        "my plan ran out",
        "钱没进来",
        "終端顯示未簽到",
        "結算",
        "staff skip signing",
        "Terminal",
        "网络",
        "",
        "  \t ",
        "!!!???",
        "💳💥🔥",
        "510",
        "5l",
        "应答码51",
    ] {
        zh.push(q.to_string());
        en.push(q.to_string());
    }
    for list in [&mut zh, &mut en] {
        list.sort();
        list.dedup();
    }
    (zh, en)
}

#[test]
fn the_prebuilt_index_answers_as_a_fresh_build() {
    let rules = rules();
    let built = Index::build(&rules, &posdoc::i18n::category_labels());
    let prebuilt = Index::bundled().expect("the prebuilt index belongs to the bundled rules");
    assert_eq!(prebuilt.len(), built.len());
    assert_eq!(prebuilt.start(), built.start());
    let (zh, en) = corpus(&rules);
    assert!(
        zh.len() + en.len() > 1000,
        "{} queries",
        zh.len() + en.len()
    );
    let mut hits = 0;
    for (queries, lang) in [(&zh, Lang::Zh), (&en, Lang::En)] {
        for q in queries {
            let want = answers(&built, q, lang);
            hits += want.len();
            assert_eq!(answers(&prebuilt, q, lang), want, "{q:?} in {lang:?}");
        }
    }
    assert!(hits > 5000, "only {hits} hits compared");
    for i in 0..rules.nodes.len() {
        assert_eq!(
            prebuilt.path(NodeIdx(i as u32)),
            built.path(NodeIdx(i as u32))
        );
    }
    for rc in &rules.codes {
        assert_eq!(prebuilt.code_node(&rc.code), built.code_node(&rc.code));
    }
}

#[test]
fn the_prebuilt_index_is_what_the_build_writes() {
    let rules = rules();
    let built = Index::build(&rules, &posdoc::i18n::category_labels());
    let fingerprint = posdoc::search::prebuilt::fingerprint(posdoc::rules::bundled_bytes());
    // Byte for byte: also the category names the build script read from
    // the UI texts are those `i18n::category_labels` gives.
    assert!(
        posdoc::search::prebuilt::encode(&built, fingerprint) == Index::bundled_bytes(),
        "the embedded index differs from one built now"
    );
}
