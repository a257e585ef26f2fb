//! The summary of a case, shown when it ends and on `c` from any point:
//! the sections of `present::case_sections` (the text `c` copies), and
//! under them what the last copy did.

use crate::case::Case;
use crate::i18n::Strings;
use crate::present::{case_sections, CaseSummary};
use crate::tui::action::{Action, Effect};
use crate::tui::case_state::{ClipboardWay, CopyOutcome, Summary};
use crate::tui::doc::{Content, Doc, Layout};
use crate::tui::screen::{KeyContext, LayoutOnDemand, Screen};
use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::text::Span;

pub const KEYS: &str = "tui.keys.summary";
pub const KEYS_READ_ONLY: &str = "tui.keys.summary_read_only";

impl Screen for Summary {
    fn content(&self, app: &App, _total: usize, text_width: usize, theme: Theme) -> Content {
        let mut body = Doc::new(text_width, theme);
        let mut bottom = Doc::new(text_width, theme);
        let s = &app.strings;
        let case = match &self.read_only {
            Some(case) => Some(case.as_ref()),
            None => app.cases.as_ref().and_then(|d| d.case()),
        };
        if let Some(case) = case {
            if self.read_only.is_some() {
                body.text(
                    &s.fmt(
                        "tui.summary_read_only",
                        &[("holder", case.holder.as_deref().unwrap_or_default())],
                    ),
                    theme.warning(),
                );
                body.blank();
            }
            sections(app, case, self.read_only.is_some(), &mut body);
            if let Some(copied) = self.copied {
                let path = app
                    .cases
                    .as_ref()
                    .map(|d| d.summary_path(&case.code).display().to_string())
                    .unwrap_or_default();
                bottom.text(&copy_message(s, copied, &path), theme.ok());
            }
        }
        let header = match case {
            Some(c) => s.fmt("tui.screen.summary", &[("code", &c.code.grouped())]),
            None => s.fmt("tui.screen.summary", &[("code", "")]),
        };
        Content {
            header,
            keys: if self.read_only.is_some() {
                KEYS_READ_ONLY
            } else {
                KEYS
            },
            path: Vec::new(),
            pinned: Doc::new(text_width, theme),
            body,
            bottom,
        }
    }

    fn key_context(&self) -> KeyContext {
        KeyContext::Summary
    }

    fn scroll(&self) -> usize {
        self.scroll
    }

    fn update(&self, app: &mut App, action: Action, layout: LayoutOnDemand) -> Effect {
        app.update_summary(self, action, layout)
    }

    fn settle(&self, app: &mut App, layout: &Layout) {
        let max = layout.max_scroll();
        if let crate::tui::state::Mode::Summary(s) = &mut app.mode {
            s.scroll = s.scroll.min(max);
        }
    }
}

/// The case's sections, headings bold, lines indented under them.
fn sections(app: &App, case: &Case, read_only: bool, doc: &mut Doc) {
    let t = doc.theme;
    let summary = if read_only {
        let walk = crate::case::resume(app.rules, &case.trail());
        CaseSummary::new(&walk.session, &app.strings)
    } else {
        CaseSummary::new(&app.session, &app.strings)
    };
    for (i, section) in case_sections(case, &summary, &app.strings)
        .iter()
        .enumerate()
    {
        if i > 0 {
            doc.blank();
        }
        let indent = if section.heading.is_empty() {
            ""
        } else {
            doc.text(&section.heading, t.title());
            "  "
        };
        for (j, line) in section.lines.iter().enumerate() {
            // The code is what the caller will be asked for: bold.
            let style = if i == 0 && j == 0 {
                t.bold()
            } else {
                t.plain()
            };
            doc.para(vec![Span::raw(indent.to_string())], &[(line, style)], None);
        }
    }
}

/// What `c` did, in words: where the text went, and the file.
pub fn copy_message(s: &Strings, copied: CopyOutcome, path: &str) -> String {
    let clipboard = match copied.clipboard {
        ClipboardWay::Osc52 => s.get("tui.copied_osc52"),
        ClipboardWay::Osc52Tmux => s.get("tui.copied_tmux"),
        ClipboardWay::Unavailable => s.get("tui.copy_unavailable"),
    };
    let file = if copied.saved {
        s.fmt("tui.copy_saved", &[("path", path)])
    } else {
        s.fmt("tui.copy_not_saved", &[("path", path)])
    };
    format!("{clipboard} {file}")
}
