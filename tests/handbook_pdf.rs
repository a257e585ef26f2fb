//! The handbook prints: the HTML that `posdoc handbook` writes is printed
//! to PDF by a real headless Chromium, and the PDF is read back with
//! poppler (`pdfinfo`, `pdftotext`): more pages than chapters (each chapter
//! starts a page), and a chapter title and every response code in its text,
//! in Chinese and in English.
//!
//! Skipped with a visible notice when Chromium or poppler is missing,
//! unless CI_REQUIRE_REAL_PARTS=1.

mod common;

use common::{posdoc, real_part};
use posdoc::i18n::Strings;
use posdoc::rules::{Category, Lang};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A directory of its own for one language's run, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("posdoc-handbook-pdf-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a scratch directory");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `cmd` to its end, killing it after `limit`.
fn run_within(cmd: &mut Command, limit: Duration) -> bool {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the program");
    let began = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for the program") {
            return status.success();
        }
        if began.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn print_to_pdf(chromium: &Path, html: &Path, scratch: &Path) -> PathBuf {
    let pdf = scratch.join("handbook.pdf");
    let profile = scratch.join("profile");
    let ok = run_within(
        Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display())),
        Duration::from_secs(180),
    );
    assert!(ok && pdf.is_file(), "chromium printed no PDF");
    pdf
}

fn pages(pdfinfo: &Path, pdf: &Path) -> usize {
    let out = Command::new(pdfinfo)
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    assert!(out.status.success(), "pdfinfo failed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

fn text(pdftotext: &Path, pdf: &Path) -> String {
    let out = Command::new(pdftotext)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

fn prints_in(lang: Lang) {
    let (Some(chromium), Some(pdfinfo), Some(pdftotext)) = (
        real_part("chromium"),
        real_part("pdfinfo"),
        real_part("pdftotext"),
    ) else {
        return;
    };
    let scratch = Scratch::new(lang.code());
    let html = scratch.0.join("handbook.html");
    let out = posdoc()
        .args(["--lang", lang.code(), "handbook", "--format", "html", "-o"])
        .arg(&html)
        .output()
        .expect("run posdoc");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let pdf = print_to_pdf(&chromium, &html, &scratch.0);
    let count = pages(&pdfinfo, &pdf);
    assert!(
        count > Category::ALL.len() + 1,
        "{lang:?}: {count} pages for {} chapters",
        Category::ALL.len()
    );

    let text = text(&pdftotext, &pdf);
    let strings = Strings::new(lang);
    let network = strings.category(Category::Network);
    assert!(text.contains(network), "{lang:?}: no chapter {network}");
    // The appendix is the last section; the contents name it first.
    let appendix = strings.get("handbook.appendix_codes");
    let at = text.rfind(appendix).expect("the appendix is printed");
    let words: Vec<&str> = text[at..].split_whitespace().collect();
    for code in &common::rules().codes {
        assert!(
            words.contains(&code.code.as_str()),
            "{lang:?}: code {} is not in the printed appendix",
            code.code
        );
    }
    // The cause code 51 leads to, as a heading in its chapter. A line may
    // wrap anywhere, so compare without the line breaks.
    let rules = common::rules();
    let cause = rules
        .code("51")
        .map(|c| rules.node(c.node).title().get(lang))
        .expect("code 51");
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    assert!(flat(&text).contains(&flat(cause)), "{lang:?}: {cause}");
}

#[test]
fn the_chinese_handbook_prints_to_a_readable_pdf() {
    prints_in(Lang::Zh);
}

#[test]
fn the_english_handbook_prints_to_a_readable_pdf() {
    prints_in(Lang::En);
}
