//! Lays one frame out from the state alone: the screen of the current mode,
//! the regions it gets, and the overlay on top. Pure; the result is the
//! document both drawing and `update` read.

use super::doc::{Layout, PathRow, Regions};
use super::screens;
use super::state::App;
use super::theme::Theme;
use super::wrap::{self, width};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

const MARGIN: u16 = 1;
/// Below this height the top folds: no separator line, and the path keeps
/// only its newest row, so a diagnosis still shows its cause and steps.
pub const COMPACT_BELOW_HEIGHT: u16 = 20;
/// The key-line entries that are never dropped to fit: help and quit.
const KEPT_KEYS: [&str; 2] = ["? ", "q "];

fn inner_width(w: u16) -> usize {
    w.saturating_sub(2 * MARGIN).max(1) as usize
}

/// The whole terminal, as last reported.
pub fn full(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1)
}

/// Lays the frame out for `area`.
pub fn compose(app: &App, area: Rect) -> Layout {
    let theme = Theme::new(app.opts.color);
    let content = screens::content(app, area.width as usize, inner_width(area.width), theme);
    let compact = area.height < COMPACT_BELOW_HEIGHT;
    let mut path = content.path;
    if compact {
        fold_path(&mut path);
    }
    let pinned = content.pinned.rows;
    let body = content.body.rows;
    let bottom = content.bottom.rows;
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
    let sep = take(u16::from(!compact));
    let rest = end.saturating_sub(header.height + path_r.height + sep.height + area.y + 2);
    let pinned_h = (pinned.len() as u16).min(rest / 2);
    let pinned_r = take(pinned_h);
    let bottom_h = (bottom.len() as u16).min((rest - pinned_h) / 2);
    let body_r = take(rest - pinned_h - bottom_h);
    let bottom_r = take(bottom_h);
    let status = take(1);
    let keys = take(1);
    let inset = |r: Rect| Rect {
        x: r.x + MARGIN.min(r.width),
        width: r.width.saturating_sub(2 * MARGIN),
        ..r
    };
    let keys_key = app.overlay().map_or(content.keys, screens::overlay_keys);
    Layout {
        area,
        too_small: area.width < super::state::MIN_WIDTH || area.height < super::state::MIN_HEIGHT,
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
        header: header_line(app, &content.header, area.width as usize, theme),
        keys: keys_line(app, keys_key, area.width as usize, theme),
        path,
        pinned,
        body,
        bottom,
        overlay: app.overlay().map(|o| screens::overlay_layout(app, o, area)),
    }
}

fn header_line(app: &App, screen: &str, w: usize, theme: Theme) -> Line<'static> {
    let s = &app.strings;
    let left = format!(" {} | {}", s.get("tui.title"), screen);
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

fn keys_line(app: &App, key: &str, w: usize, theme: Theme) -> Line<'static> {
    let text = wrap::truncate(&format!(" {}", fit_keys(app.strings.get(key), w)), w);
    let pad = w.saturating_sub(width(&text));
    Line::from(vec![
        Span::styled(text, theme.header()),
        Span::styled(" ".repeat(pad), theme.header()),
    ])
}

/// A key line ("a x | b y | ? help | q quit") that fits `w` columns with
/// its leading space: entries are dropped from the end, help and quit last
/// of all, so a small window still says how to get help and how to leave.
pub fn fit_keys(line: &str, w: usize) -> String {
    const SEP: &str = " | ";
    let mut entries: Vec<&str> = line.split(SEP).collect();
    // One column goes to the leading space.
    let fits = |e: &[&str]| width(&e.join(SEP)) < w;
    while !fits(&entries) {
        let droppable = entries
            .iter()
            .rposition(|e| !KEPT_KEYS.iter().any(|k| e.starts_with(k)));
        match droppable {
            Some(i) if entries.len() > 1 => {
                entries.remove(i);
            }
            _ => break,
        }
    }
    entries.join(SEP)
}

/// Keeps only the newest row of the path. Its indent (as wide as the
/// label, so the click columns stay) gets the label back, cut to fit.
fn fold_path(path: &mut Vec<PathRow>) {
    if path.len() < 2 {
        return;
    }
    let label = path[0].line.spans.first().cloned();
    let mut newest = path.pop().expect("two rows");
    path.clear();
    if let (Some(label), Some(indent)) = (label, newest.line.spans.first_mut()) {
        let room = width(&indent.content);
        let mut cut = String::new();
        for c in label.content.trim_end().chars() {
            if width(&cut) + width(c.encode_utf8(&mut [0; 4])) > room {
                break;
            }
            cut.push(c);
        }
        *indent = Span::styled(wrap::pad(&cut, room), label.style);
    }
    path.push(newest);
}
