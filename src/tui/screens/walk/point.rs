//! What a walk screen shows: the neutral view of the point
//! ([`PointView`], with the case so far) and how to show it. The stage
//! modules format this and never look at the session or the rules.

use crate::i18n::Strings;
use crate::present::{PointView, ResponseCodeView};
use crate::tui::state::{App, Stage, Walk};
use std::time::Duration;

/// The current point as the walk screens see it.
pub struct Point<'a> {
    /// Every fact shown, in the interface's language.
    pub view: PointView,
    /// The response code the walk just jumped by, with what it means.
    pub code: Option<ResponseCodeView>,
    pub strings: &'a Strings,
    pub show_say: bool,
    pub walk: Walk,
    pub stage: Stage,
    /// What is left of a wait step's countdown, while one is shown.
    pub wait_left: Option<Duration>,
    /// On the start screen: the operator's open cases, one line each.
    pub open_cases: Vec<String>,
}

/// The operator's open cases, as the start screen lists them.
fn open_cases(app: &App) -> Vec<String> {
    if app.stage() != Stage::Start {
        return Vec::new();
    }
    app.cases.as_ref().map_or_else(Vec::new, |d| {
        d.others_open()
            .take(crate::tui::case_state::OPEN_CASES_SHOWN)
            .enumerate()
            .map(|(i, h)| {
                format!(
                    "{}. {}",
                    i + 1,
                    crate::tui::screens::case_boxes::open_case_line(app, h)
                )
            })
            .collect()
    })
}

impl<'a> Point<'a> {
    pub fn of(app: &'a App, walk: Walk) -> Point<'a> {
        Point {
            view: PointView::new(&app.session, &app.strings),
            code: walk
                .code
                .and_then(|i| app.rules.codes.get(i))
                .map(|rc| ResponseCodeView::new(rc, &app.strings)),
            strings: &app.strings,
            show_say: app.show_say,
            walk,
            stage: app.stage(),
            wait_left: app.wait_left(),
            open_cases: open_cases(app),
        }
    }
}
