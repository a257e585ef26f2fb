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
    if let Some(Overlay::Search(st)) = app.overlay() {
        if !layout.too_small {
            let pos = screens::search::cursor(app, st, area);
            frame.set_cursor_position(pos);
        }
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
    // Status: a message on the left and, whenever the body goes on below,
    // the note that it does on the right; the message gives way to it.
    let w = area.width as usize;
    let more = (scroll < max).then(|| app.strings.get("tui.more_below"));
    let more_w = more.map_or(0, |m| width(m) + 1);
    let msg = app.status.as_ref().map(|st| {
        let code = st.code.as_deref().unwrap_or_default();
        let text = app
            .rules
            .code(code)
            .map_or("", |rc| rc.terminal_text.get(app.lang()));
        let msg = app.strings.fmt(
            st.key,
            &[("n", &st.n.to_string()), ("code", code), ("text", text)],
        );
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
        _ => {}
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
