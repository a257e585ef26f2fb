//! Lays one frame out from the state alone: the screen of the current mode,
//! the regions it gets, and the overlay on top. Pure; the result is the
//! document both drawing and `update` read.

use super::doc::{Layout, PathRow, Regions};
use super::screens;
use super::screens::case_panel;
use super::state::{App, Mode};
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
    let compact = area.height < COMPACT_BELOW_HEIGHT;
    // The case panel goes with the walk: beside it on a wide window, as a
    // band under its body on a narrow one (none when short: the question
    // comes first).
    let panel = app.cases.is_some() && matches!(app.mode, Mode::Walk(_));
    let side = panel && area.width >= case_panel::SIDE_FROM_WIDTH;
    let side_w = if side {
        case_panel::side_width(area.width)
    } else {
        0
    };
    let band_h = if panel && !side && !compact {
        case_panel::BOTTOM_ROWS
    } else {
        0
    };
    let main_w = area.width - side_w;
    let content = screens::content(app, main_w as usize, inner_width(main_w), theme);
    let mut path = content.path;
    if compact {
        fold_path(&mut path);
    }
    let pinned = content.pinned.rows;
    let body = content.body.rows;
    let bottom = content.bottom.rows;
    let mut y = area.y;
    let end = area.bottom();
    let mut take = |h: u16, w: u16| {
        let h = h.min(end.saturating_sub(y));
        let r = Rect::new(area.x, y, w, h);
        y += h;
        r
    };
    let header = take(1, area.width);
    let path_r = take(path.len() as u16, main_w);
    let sep = take(u16::from(!compact), main_w);
    let rest = end.saturating_sub(header.height + path_r.height + sep.height + area.y + 2);
    let band_h = band_h.min(rest / 3);
    let rest = rest - band_h;
    let pinned_h = (pinned.len() as u16).min(rest / 2);
    let pinned_r = take(pinned_h, main_w);
    let bottom_h = (bottom.len() as u16).min((rest - pinned_h) / 2);
    let body_r = take(rest - pinned_h - bottom_h, main_w);
    let bottom_r = take(bottom_h, main_w);
    let band_r = take(band_h, main_w);
    let status = take(1, area.width);
    let keys = take(1, area.width);
    let panel_r = if side {
        Rect::new(
            area.x + main_w,
            header.bottom(),
            side_w,
            status.y.saturating_sub(header.bottom()),
        )
    } else {
        band_r
    };
    let inset = |r: Rect| Rect {
        x: r.x + MARGIN.min(r.width),
        width: r.width.saturating_sub(2 * MARGIN),
        ..r
    };
    let keys_key = app.overlay().map_or(content.keys, screens::overlay_keys);
    let panel_rows = if side {
        // A bar and a blank column on its left, one on its right.
        case_panel::side(app, side_w.saturating_sub(3) as usize, theme).rows
    } else if band_h > 0 {
        case_panel::bottom(app, inset(band_r).width as usize, theme).rows
    } else {
        Vec::new()
    };
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
            panel: if side { panel_r } else { inset(panel_r) },
        },
        header: header_line(app, &content.header, area.width as usize, theme),
        keys: keys_line(app, keys_key, area.width as usize, theme),
        path,
        pinned,
        body,
        bottom,
        panel: panel_rows,
        panel_side: side,
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
