//! Bilingual texts: every check of a `{zh, en}` text, and building the
//! [`Text`] of the model from it. All text building is kept here.

use super::{join, p, Validator};
use crate::rules::model::{Keywords, Lang, Text};
use crate::rules::raw::{RawKeywords, RawText};
use crate::rules::yaml::YamlPath;
use crate::terminal_text::{fit_for_terminal, needs_escape};

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
    })
}

/// Characters whose width differs between terminals (1 column in some, 2 in
/// CJK ones); they break alignment, so the rules avoid them.
const AMBIGUOUS_WIDTH: [char; 7] = ['…', '·', '“', '”', '‘', '’', '—'];

/// Mainland quotation marks are ambiguous too, but Chinese readers expect
/// them, and rules text only ever sits in wrapped body text, never in borders.
const ZH_QUOTES: [char; 2] = ['“', '”'];

fn control_warning(what: &str, c: char) -> String {
    format!(
        "{what} contains the control character U+{:04X}, which could drive the terminal; it is left out",
        c as u32
    )
}

impl Validator<'_> {
    /// A node's search keywords per language, made fit for the terminal
    /// like every text; none when not given.
    pub(super) fn keywords(
        &mut self,
        file: usize,
        base: &YamlPath,
        raw: Option<&RawKeywords>,
        what: &str,
    ) -> Keywords {
        let Some(raw) = raw else {
            return Keywords::default();
        };
        let mut clean = |lang: &str, words: &[String]| -> Vec<String> {
            words
                .iter()
                .enumerate()
                .map(|(i, word)| {
                    let (fit, removed) = fit_for_terminal(word);
                    if let Some(c) = removed {
                        self.warn(
                            file,
                            join(base, p!["keywords", lang, i]),
                            control_warning(&format!("keyword {} of {what}", i + 1), c),
                        );
                    }
                    fit
                })
                .collect()
        };
        Keywords {
            zh: clean("zh", &raw.zh),
            en: clean("en", &raw.en),
        }
    }

    /// Checks a bilingual text; returns it when complete.
    pub(super) fn text(
        &mut self,
        file: usize,
        path: &YamlPath,
        t: &RawText,
        what: &str,
    ) -> Option<Text> {
        let mut ok = true;
        let mut fit = |lang: &str, value: Option<String>| {
            value.map(|v| {
                // Most texts are fit already: those are moved, not copied.
                if !v.chars().any(needs_escape) {
                    return v;
                }
                let (fit, removed) = fit_for_terminal(&v);
                if let Some(c) = removed {
                    self.warn(
                        file,
                        join(path, p![lang]),
                        control_warning(&format!("{what} (\"{lang}\")"), c),
                    );
                }
                fit
            })
        };
        // Each raw text is checked once; its strings move into the model.
        let written = t.take();
        let (zh, en, zh_hant) = (
            fit("zh", written.zh),
            fit("en", written.en),
            fit("zh-Hant", written.zh_hant),
        );
        let written = [
            ("zh", &zh, true),
            ("en", &en, true),
            ("zh-Hant", &zh_hant, false),
        ];
        for (lang, value, required) in written {
            match value {
                None if !required => {}
                None => {
                    self.err(file, path.clone(), format!("{what} has no \"{lang}\" text"));
                    ok = false;
                }
                Some(s) if s.trim().is_empty() => {
                    self.err(
                        file,
                        join(path, p![lang]),
                        format!("{what} has empty \"{lang}\" text"),
                    );
                    ok = false;
                }
                Some(s) => {
                    if let Some(c) = s.chars().find(|c| {
                        AMBIGUOUS_WIDTH.contains(c) && !(lang == "zh" && ZH_QUOTES.contains(c))
                    }) {
                        self.warn(
                            file,
                            join(path, p![lang]),
                            format!("{what} uses '{c}', whose width differs between terminals; use a plain ASCII or full-width character"),
                        );
                    }
                }
            }
        }
        if !ok {
            return None;
        }
        let zh = zh.unwrap_or_default();
        let en = en.unwrap_or_default();
        if !has_cjk(&zh) {
            self.warn(
                file,
                join(path, p!["zh"]),
                format!("{what}: the \"zh\" text has no Chinese characters; is it translated?"),
            );
        } else if has_cjk(&en) {
            self.warn(
                file,
                join(path, p!["en"]),
                format!("{what}: the \"en\" text contains Chinese characters"),
            );
        }
        let mut text = Text::new(zh, en);
        if let Some(hant) = zh_hant {
            if !has_cjk(&hant) {
                self.warn(
                    file,
                    join(path, p!["zh-Hant"]),
                    format!(
                        "{what}: the \"zh-Hant\" text has no Chinese characters; is it translated?"
                    ),
                );
            }
            text = text.with(Lang::ZhHant, hant);
        }
        Some(text)
    }

    pub(super) fn req_text(
        &mut self,
        file: usize,
        base: &YamlPath,
        field: &str,
        t: Option<&RawText>,
        what: &str,
    ) -> Option<Text> {
        if let Some(t) = t {
            self.text(file, &join(base, p![field]), t, what)
        } else {
            self.err(file, base.clone(), format!("{what} is missing"));
            None
        }
    }

    pub(super) fn opt_text(
        &mut self,
        file: usize,
        base: &YamlPath,
        field: &str,
        t: Option<&RawText>,
        what: &str,
    ) -> Option<Option<Text>> {
        match t {
            Some(t) => self.text(file, &join(base, p![field]), t, what).map(Some),
            None => Some(None),
        }
    }

    pub(super) fn texts(
        &mut self,
        file: usize,
        base: &YamlPath,
        field: &str,
        ts: &[RawText],
        what: &str,
    ) -> Vec<Text> {
        ts.iter()
            .enumerate()
            .filter_map(|(i, t)| {
                self.text(
                    file,
                    &join(base, p![field, i]),
                    t,
                    &format!("{what} {}", i + 1),
                )
            })
            .collect()
    }
}
