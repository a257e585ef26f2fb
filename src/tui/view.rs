//! Drawing. `render` reads the app and never changes it. The same
//! composition (rows, regions) serves drawing, scrolling and mouse hits, so
//! what is clicked is exactly what was drawn.

use super::app::{App, Confirm, Focus, Overlay, Screen, MIN_HEIGHT, MIN_WIDTH};
use super::screens;
use super::theme::Theme;
use super::wrap::{self, width};
use crate::engine::Move;
use crate::rules::NodeBody;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use ratatui::Frame;

/// Plain ASCII borders: box-drawing characters have an ambiguous width in
/// East Asian terminals and would break the alignment of Chinese text.
pub const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

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
}

pub struct PathRow {
    pub line: Line<'static>,
    /// (first column, past-the-end column, trail depth)
    pub hits: Vec<(u16, u16, usize)>,
}

pub struct Composition {
    pub regions: Regions,
    pub path: Vec<PathRow>,
    pub pinned: Vec<Row>,
    pub body: Vec<Row>,
    pub bottom: Vec<Row>,
}

const MARGIN: u16 = 1;

fn inner_width(w: u16) -> usize {
    w.saturating_sub(2 * MARGIN).max(1) as usize
}

/// Lays the screen out for `area`.
pub fn compose(app: &App, area: Rect) -> Composition {
    let theme = Theme::new(app.opts.color);
    let w = inner_width(area.width);
    let mut pinned = Doc::new(w, theme);
    screens::common::pinned(app, &mut pinned);
    if !pinned.rows.is_empty() {
        pinned.blank();
    }
    let mut body = Doc::new(w, theme);
    match app.screen() {
        Screen::Start => screens::question::body(app, &mut body, true),
        Screen::Question => screens::question::body(app, &mut body, false),
        Screen::Diagnosis => screens::diagnosis::body(app, &mut body),
        Screen::Escalation => screens::escalation::body(app, &mut body),
        Screen::Resolved => screens::resolved::body(app, &mut body),
    }
    let mut bottom = Doc::new(w, theme);
    if app.screen() == Screen::Diagnosis {
        screens::diagnosis::prompt(app, &mut bottom);
    }
    let path = path_rows(app, area.width as usize, theme);
    let mut y = area.y;
    let end = area.bottom();
    let mut take = |h: u16| {
        let h = h.min(end.saturating_sub(y));
        let r = Rect::new(area.x, y, area.width, h);
        y += h;
        r
    };
    let header = take(1);
    let path_r = take(path.len() as u16);
    let sep = take(1);
    let rest = end.saturating_sub(header.height + path_r.height + sep.height + area.y + 2);
    let pinned_h = (pinned.rows.len() as u16).min(rest / 2);
    let pinned_r = take(pinned_h);
    let bottom_h = (bottom.rows.len() as u16).min((rest - pinned_h) / 2);
    let body_r = take(rest - pinned_h - bottom_h);
    let bottom_r = take(bottom_h);
    let status = take(1);
    let keys = take(1);
    let inset = |r: Rect| Rect {
        x: r.x + MARGIN.min(r.width),
        width: r.width.saturating_sub(2 * MARGIN),
        ..r
    };
    Composition {
        regions: Regions {
            header,
            path: path_r,
            sep,
            pinned: inset(pinned_r),
            body: inset(body_r),
            bottom: inset(bottom_r),
            status,
            keys,
        },
        path,
        pinned: pinned.rows,
        body: body.rows,
        bottom: bottom.rows,
    }
}

fn full(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1)
}

pub fn body_height(app: &App) -> usize {
    compose(app, full(app)).regions.body.height as usize
}

pub fn body_max_scroll(app: &App) -> usize {
    let c = compose(app, full(app));
    c.body.len().saturating_sub(c.regions.body.height as usize)
}

/// What scrolling needs to know, from one composition: the body height,
/// the largest scroll, and the body rows that must stay in view.
pub struct ScrollInfo {
    pub height: usize,
    pub max_scroll: usize,
    /// First and last rows of the selected answer or the current remedy
    /// step, and the anchor row.
    pub keep: Option<(usize, usize, Option<usize>)>,
}

pub fn scroll_info(app: &App) -> ScrollInfo {
    let c = compose(app, full(app));
    let height = c.regions.body.height as usize;
    ScrollInfo {
        height,
        max_scroll: c.body.len().saturating_sub(height),
        keep: selected_rows(app, &c),
    }
}

fn selected_rows(app: &App, c: &Composition) -> Option<(usize, usize, Option<usize>)> {
    let want = match app.screen() {
        Screen::Start | Screen::Question => Target::Answer(app.selected),
        Screen::Diagnosis => Target::Step(app.session.current().step),
        _ => return None,
    };
    let first = c.body.iter().position(|r| r.target == Some(want))?;
    let last = c.body.iter().rposition(|r| r.target == Some(want))?;
    let anchor = c.body.iter().position(|r| r.anchor);
    Some((first, last, anchor))
}

/// What is under the mouse at (x, y).
pub fn hit_test(app: &App, x: u16, y: u16) -> Option<Target> {
    let area = full(app);
    if app.too_small() {
        return None;
    }
    match &app.overlay {
        Overlay::Search(st) => {
            let (_, list) = screens::search::regions(area);
            if y < list.y || y >= list.bottom() || x < list.x || x >= list.right() {
                return None;
            }
            let first = screens::search::first_shown(st.selected, list.height as usize);
            let i = first + (y - list.y) as usize;
            return (i < st.hits.len()).then_some(Target::Hit(i));
        }
        Overlay::None => {}
        _ => return None,
    }
    let c = compose(app, area);
    let r = c.regions;
    if y >= r.path.y && y < r.path.bottom() {
        let row = &c.path[(y - r.path.y) as usize];
        return row
            .hits
            .iter()
            .find(|(a, b, _)| x >= *a && x < *b)
            .map(|&(_, _, d)| Target::Crumb(d));
    }
    if y >= r.body.y && y < r.body.bottom() {
        let scroll = app
            .scroll
            .min(c.body.len().saturating_sub(r.body.height as usize));
        return c
            .body
            .get(scroll + (y - r.body.y) as usize)
            .and_then(|row| row.target);
    }
    if y >= r.bottom.y && y < r.bottom.bottom() {
        return c.bottom[(y - r.bottom.y) as usize].target;
    }
    None
}

/// A short label for point `i` of the trail: the answer chosen, or what
/// happened at a remedy step.
pub fn crumb_text(app: &App, i: usize) -> String {
    let s = &app.strings;
    let lang = app.lang();
    let trail = app.session.trail();
    let p = &trail[i];
    let node = app.rules.node(p.node);
    match p.via {
        Move::Start if p.node == app.rules.start => s.get("tui.crumb.start").to_string(),
        Move::Start => node.title().get(lang).to_string(),
        Move::Answer { answer } => {
            let prev = app.rules.node(trail[i - 1].node);
            match &prev.body {
                NodeBody::Question(q) => q.answers[answer].text.get(lang).to_string(),
                _ => node.title().get(lang).to_string(),
            }
        }
        Move::NotFixed { step } => s.fmt("tui.crumb.not_fixed", &[("n", &(step + 1).to_string())]),
        Move::Fixed { step } => s.fmt("tui.crumb.fixed", &[("n", &(step + 1).to_string())]),
        Move::Found { step, finding } => {
            let found = app
                .rules
                .node(trail[i - 1].node)
                .as_diagnosis()
                .and_then(|d| d.steps.get(step)?.found.get(finding));
            let text = found.map_or("", |f| f.text.get(lang));
            s.fmt(
                "tui.crumb.found",
                &[("n", &(step + 1).to_string()), ("found", text)],
            )
        }
        Move::Waited { step } => s.fmt("tui.crumb.waited", &[("n", &(step + 1).to_string())]),
        Move::Jump => s.fmt("tui.crumb.jump", &[("title", node.title().get(lang))]),
    }
}

/// The breadcrumbs, at most two rows; older crumbs give way to "...".
fn path_rows(app: &App, total: usize, theme: Theme) -> Vec<PathRow> {
    let n = app.session.trail().len();
    let label = format!(
        " {}{}",
        app.strings.get("tui.path"),
        app.strings.get("tui.colon")
    );
    let max_crumb = (total / 3).clamp(12, 28);
    let crumbs: Vec<String> = (0..n)
        .map(|i| wrap::truncate(&crumb_text(app, i), max_crumb))
        .collect();
    let sep = " > ";
    let mut skip = 0;
    loop {
        let mut rows: Vec<PathRow> = vec![];
        let mut spans: Vec<Span<'static>> = vec![Span::styled(label.clone(), theme.label())];
        let mut hits = vec![];
        let mut x = width(&label);
        if skip > 0 {
            spans.push(Span::styled("...".to_string(), theme.dim()));
            x += 3;
        }
        for (i, c) in crumbs.iter().enumerate().skip(skip) {
            let first = i == skip;
            let cw = width(c);
            let lead = if first && skip == 0 { 0 } else { width(sep) };
            if x + lead + cw > total && x > width(&label) {
                rows.push(PathRow {
                    line: Line::from(std::mem::take(&mut spans)),
                    hits: std::mem::take(&mut hits),
                });
                spans.push(Span::raw(" ".repeat(width(&label).saturating_sub(2))));
                spans.push(Span::styled("> ", theme.dim()));
                x = width(&label);
            } else if lead > 0 {
                spans.push(Span::styled(sep, theme.dim()));
                x += lead;
            }
            let mut style = if i + 1 == n {
                theme.bold()
            } else {
                theme.plain()
            };
            if app.focus == Focus::Path && i == app.path_sel {
                style = theme.selected();
            }
            spans.push(Span::styled(c.clone(), style));
            hits.push((x as u16, (x + cw) as u16, i));
            x += cw;
        }
        rows.push(PathRow {
            line: Line::from(spans),
            hits,
        });
        if rows.len() <= 2 || skip + 1 >= n {
            rows.truncate(2);
            return rows;
        }
        skip += 1;
    }
}

fn header_line(app: &App, w: usize, theme: Theme) -> Line<'static> {
    let s = &app.strings;
    let screen = match app.screen() {
        Screen::Start => s.get("tui.screen.start").to_string(),
        Screen::Question => s.fmt(
            "tui.screen.question",
            &[("n", &app.session.trail().len().to_string())],
        ),
        Screen::Diagnosis => s.get("tui.screen.diagnosis").to_string(),
        Screen::Escalation => s.get("tui.screen.escalation").to_string(),
        Screen::Resolved => s.get("tui.screen.resolved").to_string(),
    };
    let mut left = format!(" {} | {}", s.get("tui.title"), screen);
    if app.screen() != Screen::Start {
        let cat = s.category(app.session.node().category);
        left.push_str(" | ");
        left.push_str(&s.fmt("tui.category", &[("value", cat)]));
    }
    let right = format!("{} ", s.get("tui.lang_switch"));
    let room = w.saturating_sub(width(&right) + 1);
    let left = wrap::truncate(&left, room);
    let mid = w.saturating_sub(width(&left) + width(&right));
    Line::from(vec![
        Span::styled(left, theme.header().patch(theme.bold())),
        Span::styled(" ".repeat(mid), theme.header()),
        Span::styled(right, theme.header()),
    ])
}

fn keys_line(app: &App, w: usize, theme: Theme) -> Line<'static> {
    let key = match &app.overlay {
        Overlay::Help { .. } => "tui.keys.help",
        Overlay::Search(_) => "tui.keys.search",
        Overlay::Confirm(_) => "tui.keys.confirm",
        Overlay::None if app.focus == Focus::Path => "tui.keys.path",
        Overlay::None => match app.screen() {
            Screen::Start => "tui.keys.start",
            Screen::Question => "tui.keys.question",
            Screen::Diagnosis => "tui.keys.diagnosis",
            Screen::Escalation | Screen::Resolved => "tui.keys.finished",
        },
    };
    let text = wrap::truncate(&format!(" {}", app.strings.get(key)), w);
    let pad = w.saturating_sub(width(&text));
    Line::from(vec![
        Span::styled(text, theme.header()),
        Span::styled(" ".repeat(pad), theme.header()),
    ])
}

fn lines(rows: &[Row]) -> Vec<Line<'static>> {
    rows.iter().map(|r| r.line.clone()).collect()
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    render_area(app, area, frame.buffer_mut());
    if let Overlay::Search(st) = &app.overlay {
        if !too_small(area) {
            let pos = screens::search::cursor(app, st, area);
            frame.set_cursor_position(pos);
        }
    }
}

fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Draws into a buffer (the benchmark and tests use this directly too).
pub fn render_area(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    Clear.render(area, buf);
    if too_small(area) {
        screens::too_small::render(app, area, buf);
        return;
    }
    let c = compose(app, area);
    let r = c.regions;
    Paragraph::new(header_line(app, area.width as usize, theme)).render(r.header, buf);
    Paragraph::new(c.path.iter().map(|p| p.line.clone()).collect::<Vec<_>>()).render(r.path, buf);
    Paragraph::new(Line::styled("-".repeat(area.width as usize), theme.dim())).render(r.sep, buf);
    Paragraph::new(lines(&c.pinned)).render(r.pinned, buf);
    let max = c.body.len().saturating_sub(r.body.height as usize);
    let scroll = app.scroll.min(max);
    let end = (scroll + r.body.height as usize).min(c.body.len());
    Paragraph::new(lines(&c.body[scroll..end])).render(r.body, buf);
    Paragraph::new(lines(&c.bottom)).render(r.bottom, buf);
    // Status: a message, or a note that there is more below.
    let status = match &app.status {
        Some(st) => {
            let code = st.code.as_deref().unwrap_or_default();
            let text = app
                .rules
                .code(code)
                .map_or("", |rc| rc.terminal_text.get(app.lang()));
            let msg = app.strings.fmt(
                st.key,
                &[("n", &st.n.to_string()), ("code", code), ("text", text)],
            );
            Line::styled(
                format!(
                    " {}",
                    wrap::truncate(&msg, (area.width as usize).saturating_sub(1))
                ),
                theme.bold(),
            )
        }
        None if scroll < max => {
            let t = app.strings.get("tui.more_below");
            let pad = (area.width as usize).saturating_sub(width(t) + 1);
            Line::from(vec![
                Span::raw(" ".repeat(pad)),
                Span::styled(t.to_string(), theme.dim()),
            ])
        }
        None => Line::default(),
    };
    Paragraph::new(status).render(r.status, buf);
    Paragraph::new(keys_line(app, area.width as usize, theme)).render(r.keys, buf);
    match &app.overlay {
        Overlay::Help { scroll } => screens::help::render(app, *scroll, area, buf),
        Overlay::Search(st) => screens::search::render(app, st, area, buf),
        Overlay::Confirm(kind) => render_confirm(app, *kind, area, buf),
        Overlay::None => {}
    }
}

/// A bordered box with a title, cleared underneath; returns the inside.
pub fn popup(area: Rect, title: &str, buf: &mut Buffer, theme: Theme) -> Rect {
    // A wide character just left of the box would be cut in half by its
    // border: blank it instead.
    if area.x > buf.area.x {
        for y in area.top()..area.bottom().min(buf.area.bottom()) {
            let cell = &mut buf[(area.x - 1, y)];
            if width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(ASCII_BORDER)
        .title(Line::styled(format!(" {title} "), theme.bold()));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

fn render_confirm(app: &App, kind: Confirm, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    let key = match kind {
        Confirm::Quit => "tui.confirm_quit",
        Confirm::Restart => "tui.confirm_restart",
    };
    let w = area.width.saturating_sub(8).min(64);
    let mut doc = Doc::new(w.saturating_sub(4) as usize, theme);
    doc.text(app.strings.get(key), theme.bold());
    let h = (doc.rows.len() as u16 + 4).min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height.saturating_sub(h)) / 2,
        w,
        h,
    );
    let inner = popup(r, app.strings.get("tui.title"), buf, theme);
    let inner = Rect::new(
        inner.x + 1,
        inner.y + 1,
        inner.width.saturating_sub(2),
        inner.height.saturating_sub(1),
    );
    Paragraph::new(lines(&doc.rows)).render(inner, buf);
}

/// The screen as plain text, one line per row, trailing spaces trimmed;
/// for snapshot tests and the benchmark. Wide characters are written once.
pub fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The largest scroll of the help text.
pub fn help_max_scroll(app: &App) -> usize {
    screens::help::max_scroll(app, full(app))
}
