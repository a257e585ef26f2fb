//! Traditional Chinese, derived from the simplified texts: search in it, and
//! a rules file's own `zh-Hant` text where the conversion is not what a shop
//! in Hong Kong or Taiwan would say.

use posdoc::rules::{load_files, InputFile, Lang, Severity};
use std::process::{Command, Output};

fn search(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_posdoc"))
        // Cases go to a folder of the tests, never the user's data folder.
        .env(
            "POSDOC_DATA_DIR",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("posdoc-data"),
        )
        .env(
            "POSDOC_CONFIG",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config.toml"),
        )
        .arg("search")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn search_shows_traditional_text_and_takes_a_traditional_query() {
    let simplified = search(&["--lang", "zh", "--json", "结算"]);
    let traditional = search(&["--lang", "zh-Hant", "--json", "結算"]);
    assert_eq!(simplified.status.code(), Some(0));
    assert_eq!(traditional.status.code(), Some(0));
    let ids = |out: &Output| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!ids(&simplified).is_empty());
    assert_eq!(
        ids(&traditional),
        ids(&simplified),
        "結算 finds what 结算 finds"
    );

    let text = search(&["--lang", "zh-Hant", "結算"]);
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(shown.contains("「結算」的搜尋結果"), "{shown}");
    assert!(shown.contains("結算"), "{shown}");
    assert!(
        !shown.contains("结算"),
        "results in traditional text: {shown}"
    );
}

#[test]
fn taiwan_and_hong_kong_forms_find_the_same_nodes() {
    let ids = |lang: &str, q: &str| search(&["--lang", lang, "--json", q]).stdout;
    assert_ne!(ids("zh-Hant", "打印機沒紙"), b"[]\n");
    assert_eq!(ids("zh-Hant", "打印機沒紙"), ids("zh-Hant", "打印机没纸"));
    assert_eq!(ids("zh-Hant", "餘額不足"), ids("zh-Hant", "余额不足"));
    assert_eq!(ids("zh-Hant", "為什麼斷網"), ids("zh-Hant", "爲什麼斷網"));
}

const RULES: &str = r"
start: start
sources:
  manual: {file: manual.md, title: {zh: 终端手册, en: Terminal manual}}
evidence:
  terminal_id: {zh: 终端号, en: Terminal ID}
nodes:
  - id: start
    kind: question
    category: network
    text: {zh: 网络怎么样？, en: How is the network?, zh-Hant: 網路怎麼樣？}
    answers:
      - text: {zh: 断网, en: Offline}
        next: network.offline
  - id: network.offline
    kind: diagnosis
    category: network
    title: {zh: 网络断开, en: The network is down}
    likelihood: high
    sources: [manual]
    steps:
      - text: {zh: 重启路由器, en: Restart the router}
        who: staff
        minutes: 2
        kind: action
        caller: {zh: 请您重启路由器, en: Please restart the router}
    escalation: contact
  - id: contact
    kind: escalation
    category: network
    contact: carrier
    text: {zh: 联系运营商, en: Call the carrier}
    have_ready: [terminal_id]
";

fn load(text: &str) -> posdoc::rules::Loaded {
    load_files(&[InputFile {
        name: "rules/net.yaml".into(),
        bytes: text.as_bytes().to_vec(),
    }])
}

#[test]
fn a_rules_file_may_write_its_own_traditional_text() {
    let loaded = load(RULES);
    let errors: Vec<_> = loaded
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let rules = loaded.rules.unwrap();
    let start = rules.start_node();
    // Written: shown as written, and exported.
    assert_eq!(start.title().get(Lang::ZhHant), "網路怎麼樣？");
    assert_eq!(start.title().written(Lang::ZhHant), Some("網路怎麼樣？"));
    // Not written: derived from the simplified text.
    let answer = &start.as_question().unwrap().answers[0].text;
    assert_eq!(answer.get(Lang::ZhHant), "斷網");
    assert_eq!(answer.written(Lang::ZhHant), None);
}

#[test]
fn an_empty_traditional_text_is_an_error() {
    let loaded = load(&RULES.replace("zh-Hant: 網路怎麼樣？", "zh-Hant: ' '"));
    let errors: Vec<_> = loaded
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(std::string::ToString::to_string)
        .collect();
    assert!(
        errors.iter().any(|e| e.contains("empty \"zh-Hant\" text")),
        "{errors:?}"
    );
}
