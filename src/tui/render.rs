//! Drawing. `render` lays the frame out and paints the layout document; it
//! reads the state and never changes it.

use super::doc::{lines, Layout, OverlayLayout};
use super::layout;
use super::screens;
use super::state::{App, Overlay};
use super::theme::Theme;
use super::wrap::{self, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};
use ratatui::Frame;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let layout = layout::compose(app, area);
    render_layout(app, &layout, frame.buffer_mut());
    if layout.too_small {
        return;
    }
    let cursor = match app.overlay() {
        Some(Overlay::Search(st)) => Some(screens::search::cursor(app, st, area)),
        Some(Overlay::CallerForm(st)) => Some(screens::case_boxes::form_cursor(app, st, area)),
        Some(Overlay::Note(st)) => Some(screens::case_boxes::note_cursor(app, st, area)),
        _ => None,
    };
    if let Some(pos) = cursor {
        frame.set_cursor_position(pos);
    }
}

/// Draws into a buffer (the benchmark and tests use this directly too).
pub fn render_area(app: &App, area: Rect, buf: &mut Buffer) {
    render_layout(app, &layout::compose(app, area), buf);
}

/// Paints a frame laid out by `layout::compose`.
pub fn render_layout(app: &App, layout: &Layout, buf: &mut Buffer) {
    let theme = Theme::new(app.opts.color);
    let area = layout.area;
    Clear.render(area, buf);
    if layout.too_small {
        screens::too_small::render(app, area, buf);
        // A question asked here must be seen, or a key would answer it blind.
        if let Some(Overlay::Confirm(kind)) = app.overlay() {
            screens::confirm::render(app, *kind, area, buf);
        }
        return;
    }
    let r = layout.regions;
    Paragraph::new(layout.header.clone()).render(r.header, buf);
    Paragraph::new(
        layout
            .path
            .iter()
            .map(|p| p.line.clone())
            .collect::<Vec<_>>(),
    )
    .render(r.path, buf);
    Paragraph::new(Line::styled("-".repeat(area.width as usize), theme.dim())).render(r.sep, buf);
    Paragraph::new(lines(&layout.pinned)).render(r.pinned, buf);
    let max = layout.max_scroll();
    let scroll = app.body_scroll().min(max);
    let end = (scroll + r.body.height as usize).min(layout.body.len());
    Paragraph::new(lines(&layout.body[scroll..end])).render(r.body, buf);
    Paragraph::new(lines(&layout.bottom)).render(r.bottom, buf);
    render_panel(layout, buf, theme);
    // Status: a message on the left and, whenever the body goes on below,
    // the note that it does on the right; the message gives way to it.
    let w = area.width as usize;
    let more = (scroll < max).then(|| app.strings.get("tui.more_below"));
    // The case's part (what waits to be saved, the code and the call
    // timer) stays at the right end; "more below" goes before it.
    let case = screens::case_panel::status(app);
    let more: Option<String> = match (more, case) {
        (Some(m), Some(c)) => Some(format!("{m} {c}")),
        (m, c) => m.map(str::to_string).or(c),
    };
    let more = more.as_deref();
    let more_w = more.map_or(0, |m| width(m) + 1);
    let msg = app.status.as_ref().map(|st| {
        let code = st.code.as_deref().unwrap_or_default();
        let text = app
            .rules
            .code(code)
            .map_or("", |rc| rc.terminal_text.get(app.lang()));
        let n = st.n.to_string();
        let mut args: Vec<(&str, &str)> = vec![("n", &n), ("code", code), ("text", text)];
        // A value given by name wins over the defaults above.
        for (k, v) in &st.args {
            args.retain(|(name, _)| name != k);
            args.push((k, v));
        }
        let msg = app.strings.fmt(st.key, &args);
        let gap = usize::from(more.is_some());
        format!(
            " {}",
            wrap::truncate(&msg, w.saturating_sub(1 + more_w + gap))
        )
    });
    let mut spans = vec![];
    if let Some(msg) = msg {
        spans.push(Span::styled(msg, theme.bold()));
    }
    if let Some(more) = more {
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        let pad = w.saturating_sub(used + width(more) + 1);
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(more.to_string(), theme.dim()));
    }
    let status = Line::from(spans);
    Paragraph::new(status).render(r.status, buf);
    Paragraph::new(layout.keys.clone()).render(r.keys, buf);
    match (app.overlay(), &layout.overlay) {
        (Some(Overlay::Help { scroll }), Some(OverlayLayout::Help(text))) => {
            screens::help::render(app, *scroll, text, area, buf);
        }
        (Some(Overlay::Search(st)), _) => screens::search::render(app, st, area, buf),
        (Some(Overlay::Confirm(kind)), _) => screens::confirm::render(app, *kind, area, buf),
        (Some(Overlay::CallerForm(st)), _) => screens::case_boxes::render_form(app, st, area, buf),
        (Some(Overlay::Note(st)), _) => screens::case_boxes::render_note(app, st, area, buf),
        (Some(Overlay::HeldBy(st)), _) => screens::case_boxes::render_held_by(app, st, area, buf),
        (Some(Overlay::OpenCases { selected }), _) => {
            screens::case_boxes::render_list(app, *selected, area, buf);
        }
        _ => {}
    }
}

/// The case panel: beside the walk behind a bar, or as a band under it.
fn render_panel(layout: &Layout, buf: &mut Buffer, theme: Theme) {
    let r = layout.regions.panel;
    if r.width == 0 || r.height == 0 {
        return;
    }
    if layout.panel_side {
        for y in r.top()..r.bottom() {
            buf[(r.x, y)].set_symbol("|").set_style(theme.dim());
        }
        let text = Rect::new(r.x + 2, r.y, r.width.saturating_sub(3), r.height);
        Paragraph::new(lines(&layout.panel)).render(text, buf);
    } else {
        Paragraph::new(lines(&layout.panel)).render(r, buf);
    }
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
