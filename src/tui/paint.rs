//! Drawing helpers shared by the screens and the frame.

use super::theme::Theme;
use super::wrap::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Widget};

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
