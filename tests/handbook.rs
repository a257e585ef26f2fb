//! `posdoc handbook` on the command line: both formats, both languages, one
//! category, a file written whole, and the time it takes on the bundled
//! rules.

mod common;

use common::posdoc;
use std::time::{Duration, Instant};

fn stdout_of(args: &[&str]) -> String {
    let out = posdoc().args(args).output().expect("run posdoc");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn html_is_one_document_with_contents_chapters_and_the_codes() {
    let html = stdout_of(&["--lang", "en", "handbook", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains("@page { size: A4"));
    assert!(html.contains("<nav>"));
    assert!(html.contains("id=\"c-network\""));
    assert!(html.contains("<h2>Appendix: response codes</h2>"));
    // A money-safety cause is marked in the contents and has its banner.
    assert!(html.contains("\u{26a0} The sale timed out"));
    assert!(html.contains("DO NOT CHARGE AGAIN"));
}

#[test]
fn markdown_in_chinese_has_the_chapters_and_a_code_table() {
    let md = stdout_of(&["--lang", "zh", "handbook", "--format", "md"]);
    assert!(md.starts_with("# posdoc 手册"));
    assert!(md.contains("\n## 网络\n"));
    assert!(md.contains("\n## 附录：应答码\n"));
    assert!(md.contains("| 应答码 | 类别 |"));
    assert!(md.contains("| **51** |"));
    let money = posdoc::i18n::Strings::new(posdoc::rules::Lang::Zh)
        .warning(posdoc::rules::WarningKind::MoneySafety)
        .to_string();
    assert!(md.contains(&format!("> **\u{26a0} {money}**: ")), "{money}");
}

#[test]
fn traditional_chinese_is_derived() {
    let md = stdout_of(&["--lang", "zh-Hant", "handbook", "--format", "md"]);
    assert!(md.starts_with("# posdoc 手冊"), "{}", &md[..60]);
    assert!(md.contains("\n## 網絡\n") || md.contains("\n## 網路\n"));
}

#[test]
fn one_category_is_one_chapter_with_its_own_codes() {
    let md = stdout_of(&[
        "--lang",
        "en",
        "handbook",
        "--format",
        "md",
        "--category",
        "renewal",
    ]);
    assert!(md.contains("\n## Service renewal\n"));
    assert!(!md.contains("\n## Network\n"));
    assert!(!md.contains("## The first question"));
    let appendix = &md[md.rfind("## Appendix").expect("the appendix")..];
    for row in appendix.lines().skip(4) {
        assert!(row.starts_with("| **"), "{row}");
        assert!(
            row.contains("(#n-renewal-") || !row.contains("](#"),
            "links only to the chapter shown: {row}"
        );
    }
}

#[test]
fn an_unknown_category_is_a_usage_error_listing_the_right_ones() {
    let out = posdoc()
        .args(["--lang", "en", "handbook", "--category", "netwrk"])
        .output()
        .expect("run posdoc");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("network"), "{err}");
}

#[test]
fn output_goes_to_the_file_whole() {
    let dir = std::env::temp_dir().join(format!("posdoc-handbook-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let file = dir.join("book.html");
    let out = posdoc()
        .args(["--lang", "zh", "handbook", "-o"])
        .arg(&file)
        .output()
        .expect("run posdoc");
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "nothing on stdout with -o");
    let html = std::fs::read_to_string(&file).expect("the file was written");
    assert!(html.contains("<html lang=\"zh-Hans\">"));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("list the directory")
        .map(|e| e.expect("an entry").file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
    let _ = std::fs::remove_dir_all(&dir);

    let out = posdoc()
        .args(["handbook", "-o", "/nonexistent-dir/book.html"])
        .output()
        .expect("run posdoc");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent-dir"));
}

/// The HTML of the bundled rules is built well within 100 ms (measured in
/// the library, so process start and rule loading do not count; a debug
/// build is several times slower than a release one, hence the margin).
#[test]
fn the_bundled_handbook_is_quick() {
    let rules = common::rules();
    let strings = posdoc::i18n::Strings::new(posdoc::rules::Lang::Zh);
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let book = posdoc::handbook::Handbook::build(&rules, &strings, None);
        let html = posdoc::handbook::html::render(&book);
        best = best.min(t.elapsed());
        assert!(html.len() > 100_000);
    }
    let limit = if cfg!(debug_assertions) { 1000 } else { 100 };
    assert!(
        best < Duration::from_millis(limit),
        "handbook HTML took {best:?}"
    );
}
