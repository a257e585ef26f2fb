//! What a walk screen shows, gathered in one place.

use crate::engine::{Move, Session};
use crate::i18n::Strings;
use crate::rules::{Lang, NodeBody, RuleSet};
use crate::tui::state::{App, Stage, Walk};

/// Everything a walk screen shows, taken from one place: the point in the
/// walk and how to show it. The neutral view model of a point will take
/// its place here, and the stage modules will format that instead.
pub struct Point<'a, 'r> {
    pub rules: &'r RuleSet,
    pub session: &'a Session<'r>,
    pub strings: &'a Strings,
    pub lang: Lang,
    pub show_say: bool,
    pub walk: Walk,
    pub stage: Stage,
}

impl<'a, 'r> Point<'a, 'r> {
    pub fn of(app: &'a App<'r>, walk: Walk) -> Point<'a, 'r> {
        Point {
            rules: app.rules,
            session: &app.session,
            strings: &app.strings,
            lang: app.lang(),
            show_say: app.show_say,
            walk,
            stage: app.stage(),
        }
    }
}

/// A short label for point `i` of the trail: the answer chosen, or what
/// happened at a remedy step.
pub fn crumb_text(point: &Point, i: usize) -> String {
    let s = point.strings;
    let lang = point.lang;
    let trail = point.session.trail();
    let p = &trail[i];
    let node = point.rules.node(p.node);
    match p.via {
        Move::Start if p.node == point.rules.start => s.get("tui.crumb.start").to_string(),
        Move::Start => node.title().get(lang).to_string(),
        Move::Answer { answer } => {
            let prev = point.rules.node(trail[i - 1].node);
            match &prev.body {
                NodeBody::Question(q) => q.answers[answer].text.get(lang).to_string(),
                _ => node.title().get(lang).to_string(),
            }
        }
        Move::NotFixed { step } => s.fmt("tui.crumb.not_fixed", &[("n", &(step + 1).to_string())]),
        Move::Fixed { step } => s.fmt("tui.crumb.fixed", &[("n", &(step + 1).to_string())]),
        Move::Jump => s.fmt("tui.crumb.jump", &[("title", node.title().get(lang))]),
    }
}
