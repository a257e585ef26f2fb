//! The layout document: rows of wrapped text with what each row stands for,
//! and where each part of the frame goes. It is computed once per frame
//! (`layout`) and read by both drawing and `update`, so what is clicked or
//! kept in view is exactly what is drawn. It knows nothing of any screen.

use super::theme::Theme;
use super::wrap::{self, width};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Something on screen that a click (or a selection) acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Answer(usize),
    Fixed(bool),
    Crumb(usize),
    Hit(usize),
    /// A remedy step (not clickable; kept in view while it is the current one).
    Step(usize),
}

/// One screen row of wrapped text.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: Line<'static>,
    pub target: Option<Target>,
    pub anchor: bool,
}

/// Rows being built for a width.
pub struct Doc {
    pub width: usize,
    pub theme: Theme,
    pub rows: Vec<Row>,
    anchor_next: bool,
}

impl Doc {
    pub fn new(width: usize, theme: Theme) -> Doc {
        Doc {
            width: width.max(1),
            theme,
            rows: Vec::new(),
            anchor_next: false,
        }
    }

    fn push(&mut self, spans: Vec<Span<'static>>, target: Option<Target>) {
        let anchor = std::mem::take(&mut self.anchor_next);
        self.rows.push(Row {
            line: Line::from(spans),
            target,
            anchor,
        });
    }

    /// The rows' text, for drawing.
    pub fn lines(&self) -> Vec<Line<'static>> {
        lines(&self.rows)
    }

    /// The next row pushed starts the part that should stay in view with the selection.
    pub fn anchor(&mut self) {
        self.anchor_next = true;
    }

    pub fn blank(&mut self) {
        if self.rows.last().is_some_and(|r| r.line.width() > 0) {
            self.push(vec![], None);
        }
    }

    /// Wrapped text; later lines indented under the text after `prefix`.
    pub fn para(
        &mut self,
        prefix: Vec<Span<'static>>,
        parts: &[(&str, Style)],
        target: Option<Target>,
    ) {
        let indent: usize = prefix.iter().map(|s| width(&s.content)).sum();
        for l in wrap::wrap(prefix, indent, parts, self.width) {
            self.push(l, target);
        }
    }

    pub fn text(&mut self, text: &str, style: Style) {
        self.para(vec![], &[(text, style)], None);
    }

    /// A numbered choice. The selected one gets a "> " marker and reverse
    /// video across the whole width, so it reads without colour.
    pub fn choice(&mut self, n: usize, text: &str, selected: bool, target: Target) {
        let marker = if selected { "> " } else { "  " };
        let prefix = vec![Span::raw(format!("{marker}{n}. "))];
        let indent: usize = prefix.iter().map(|s| width(&s.content)).sum();
        let base = if selected {
            self.theme.selected()
        } else {
            self.theme.plain()
        };
        for mut l in wrap::wrap(prefix, indent, &[(text, base)], self.width) {
            if selected {
                let w: usize = l.iter().map(|s| width(&s.content)).sum();
                l.push(Span::raw(" ".repeat(self.width.saturating_sub(w))));
                for s in &mut l {
                    s.style = s.style.patch(self.theme.selected());
                }
            }
            self.push(l, Some(target));
        }
    }

    /// A full-width centred line, e.g. the money-safety banner.
    pub fn banner(&mut self, text: &str, style: Style) {
        for l in wrap::wrap(vec![], 0, &[(text, style)], self.width) {
            let w: usize = l.iter().map(|s| width(&s.content)).sum();
            let left = self.width.saturating_sub(w) / 2;
            let right = self.width.saturating_sub(w + left);
            let mut spans = vec![Span::styled(" ".repeat(left), style)];
            spans.extend(l);
            spans.push(Span::styled(" ".repeat(right), style));
            self.push(spans, None);
        }
    }
}

/// The text of `rows`, for drawing.
pub fn lines(rows: &[Row]) -> Vec<Line<'static>> {
    rows.iter().map(|r| r.line.clone()).collect()
}

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Regions {
    pub header: Rect,
    pub path: Rect,
    pub sep: Rect,
    pub pinned: Rect,
    pub body: Rect,
    pub bottom: Rect,
    pub status: Rect,
    pub keys: Rect,
    /// The case beside the walk (side) or under its body (bottom band);
    /// empty when no case is kept.
    pub panel: Rect,
}

pub struct PathRow {
    pub line: Line<'static>,
    /// (first column, past-the-end column, trail depth)
    pub hits: Vec<(u16, u16, usize)>,
}

/// What a main screen puts in the frame; `layout` places it.
pub struct Content {
    /// Where we are, after the program's name in the header.
    pub header: String,
    /// The i18n key of the key line.
    pub keys: &'static str,
    /// The breadcrumbs (none for a screen that is not a walk).
    pub path: Vec<PathRow>,
    /// Rows that stay at the top whatever the scroll.
    pub pinned: Doc,
    pub body: Doc,
    /// Rows kept in view under the body.
    pub bottom: Doc,
}

/// One frame, laid out: everything drawing needs besides the styles, and
/// everything `update` needs to scroll and to resolve a click.
pub struct Layout {
    pub area: Rect,
    /// Below the smallest usable size only a message is drawn.
    pub too_small: bool,
    pub regions: Regions,
    pub header: Line<'static>,
    pub keys: Line<'static>,
    pub path: Vec<PathRow>,
    pub pinned: Vec<Row>,
    pub body: Vec<Row>,
    pub bottom: Vec<Row>,
    /// The case panel's rows, and whether it stands beside the walk.
    pub panel: Vec<Row>,
    pub panel_side: bool,
    /// The overlay on top, laid out.
    pub overlay: Option<OverlayLayout>,
}

/// Scrolling text in a box.
pub struct TextBox {
    /// Where the text goes, inside the box.
    pub inner: Rect,
    pub rows: Vec<Row>,
    pub max_scroll: usize,
}

pub enum OverlayLayout {
    Help(TextBox),
    Search {
        /// The result list.
        list: Rect,
        /// The first hit shown, and how many hits there are.
        first: usize,
        hits: usize,
    },
    Confirm,
    /// A box that edits or opens a case (no click targets).
    CaseBox,
}

/// The first item shown of a list `height` rows high, so the selected one stays in it.
pub fn window_start(selected: usize, height: usize) -> usize {
    (selected + 1).saturating_sub(height.max(1))
}

impl Layout {
    pub fn body_height(&self) -> usize {
        self.regions.body.height as usize
    }

    /// The largest scroll of the body.
    pub fn max_scroll(&self) -> usize {
        self.body.len().saturating_sub(self.body_height())
    }

    /// The first and last body rows standing for `target`.
    pub fn rows_of(&self, target: Target) -> Option<(usize, usize)> {
        let first = self.body.iter().position(|r| r.target == Some(target))?;
        let last = self.body.iter().rposition(|r| r.target == Some(target))?;
        Some((first, last))
    }

    /// The first body row of the part that should stay in view with the selection.
    pub fn anchor(&self) -> Option<usize> {
        self.body.iter().position(|r| r.anchor)
    }

    /// The largest scroll of the help text, while help is open.
    pub fn help_max_scroll(&self) -> usize {
        match &self.overlay {
            Some(OverlayLayout::Help(text)) => text.max_scroll,
            _ => 0,
        }
    }

    /// One page of the help text: its visible height less one row of
    /// overlap, while help is open.
    pub fn help_page(&self) -> usize {
        match &self.overlay {
            Some(OverlayLayout::Help(text)) => {
                (text.inner.height as usize).saturating_sub(1).max(1)
            }
            _ => 1,
        }
    }

    /// What is under the mouse at (x, y), with the body scrolled by `scroll`.
    pub fn target_at(&self, x: u16, y: u16, scroll: usize) -> Option<Target> {
        if self.too_small {
            return None;
        }
        match &self.overlay {
            Some(OverlayLayout::Search { list, first, hits }) => {
                if y < list.y || y >= list.bottom() || x < list.x || x >= list.right() {
                    return None;
                }
                let i = first + (y - list.y) as usize;
                return (i < *hits).then_some(Target::Hit(i));
            }
            Some(_) => return None,
            None => {}
        }
        let r = self.regions;
        if y >= r.path.y && y < r.path.bottom() {
            let row = self.path.get((y - r.path.y) as usize)?;
            return row
                .hits
                .iter()
                .find(|(a, b, _)| x >= *a && x < *b)
                .map(|&(_, _, d)| Target::Crumb(d));
        }
        if y >= r.body.y && y < r.body.bottom() {
            let scroll = scroll.min(self.max_scroll());
            return self
                .body
                .get(scroll + (y - r.body.y) as usize)
                .and_then(|row| row.target);
        }
        if y >= r.bottom.y && y < r.bottom.bottom() {
            return self.bottom.get((y - r.bottom.y) as usize)?.target;
        }
        None
    }
}
