//! One small module per screen. A main screen (one per `Mode`) gives its
//! header, its key line and its rows in one place; an overlay gives its
//! box and its key line. None of them changes anything.
//!
//! A new main screen is a module here that implements
//! [`Screen`](super::screen::Screen) for the state of its new `Mode`
//! variant, plus that variant's arm in `Mode::screen`. A new overlay is a
//! module and an `Overlay` variant, with its arms below, in `update` and in
//! `keys`.

pub mod case_boxes;
pub mod case_panel;
pub mod confirm;
pub mod explore;
pub mod help;
pub mod search;
pub mod summary;
pub mod too_small;
pub mod training;
pub mod walk;

use super::doc::{Content, OverlayLayout};
use super::state::{App, Overlay};
use super::theme::Theme;
use ratatui::layout::Rect;

/// The main screen of the current mode, `total` columns wide, its text
/// `text_width` wide.
pub fn content(app: &App, total: usize, text_width: usize, theme: Theme) -> Content {
    app.mode.screen().content(app, total, text_width, theme)
}

/// The key line of an overlay.
pub fn overlay_keys(overlay: &Overlay) -> &'static str {
    match overlay {
        Overlay::Help { .. } => help::KEYS,
        Overlay::Search(_) => search::KEYS,
        Overlay::Confirm(_) => confirm::KEYS,
        Overlay::CallerForm(_) => case_boxes::FORM_KEYS,
        Overlay::Note(_) => case_boxes::NOTE_KEYS,
        Overlay::HeldBy(_) => case_boxes::HELD_BY_KEYS,
        Overlay::OpenCases { .. } => case_boxes::LIST_KEYS,
    }
}

/// An overlay laid out over `area`.
pub fn overlay_layout(app: &App, overlay: &Overlay, area: Rect) -> OverlayLayout {
    match overlay {
        Overlay::Help { .. } => help::layout(app, area),
        Overlay::Search(st) => search::layout(st, area),
        Overlay::Confirm(_) => OverlayLayout::Confirm,
        Overlay::CallerForm(_)
        | Overlay::Note(_)
        | Overlay::HeldBy(_)
        | Overlay::OpenCases { .. } => OverlayLayout::CaseBox,
    }
}
