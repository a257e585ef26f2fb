//! Styles. Everything stays readable without colour: the meaning is carried
//! by bold, reverse video and text markers; colour only adds to it. With
//! `NO_COLOR` set (and not empty) no colour is used at all.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

/// True when the `NO_COLOR` convention asks for no colour.
pub fn no_color_from_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    fn fg(self, s: Style, c: Color) -> Style {
        if self.color {
            s.fg(c)
        } else {
            s
        }
    }

    pub fn plain(&self) -> Style {
        Style::default()
    }
    pub fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    pub fn title(&self) -> Style {
        self.fg(self.bold(), Color::Cyan)
    }
    pub fn dim(&self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }
    pub fn label(&self) -> Style {
        self.fg(self.bold(), Color::Blue)
    }
    pub fn say(&self) -> Style {
        self.fg(
            Style::default().add_modifier(Modifier::ITALIC),
            Color::Green,
        )
    }
    pub fn header(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    /// The money-safety banner: bold and reverse, red when colour is on.
    pub fn danger_banner(&self) -> Style {
        if self.color {
            Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }
    pub fn danger(&self) -> Style {
        self.fg(self.bold(), Color::Red)
    }
    pub fn warning(&self) -> Style {
        self.fg(self.bold(), Color::Yellow)
    }
    pub fn ok(&self) -> Style {
        self.fg(self.bold(), Color::Green)
    }
    pub fn key(&self) -> Style {
        self.fg(self.bold(), Color::Cyan)
    }
}
