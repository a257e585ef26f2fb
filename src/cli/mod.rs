//! The command line: option parsing and the line-mode front ends.

pub mod check;
pub mod export;
pub mod install;
pub mod render;
pub mod search;
pub mod walk;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "posdoc",
    version,
    about = "Fix a failed card payment at a POS terminal, one question at a time.",
    long_about = "Fix a failed card payment at a POS terminal, one question at a time.\n\n\
        With no command, opens the full-screen diagnosis on the bundled rules.\n\
        `posdoc walk` does the same in plain lines (pipes, scripts, screen readers)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Load the rules from this directory instead of the bundled ones.
    #[arg(long, value_name = "DIR", global = true)]
    pub rules: Option<PathBuf>,

    /// Language: zh (简体中文), zh-Hant (繁體中文) or en. Default: from the locale.
    #[arg(long, value_enum, ignore_case = true, global = true)]
    pub lang: Option<LangArg>,

    /// Open straight at the node for this response code (e.g. 51, A0).
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,

    /// Do not capture the mouse (lets the terminal select text; with the
    /// mouse captured, Shift+drag selects text in most terminals).
    #[arg(long)]
    pub no_mouse: bool,

    /// Show the lines to read aloud to a caller from the start (`s` hides them).
    #[arg(long)]
    pub say_always: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
    #[value(name = "zh-Hant", aliases = ["zh-tw", "zh-hk", "zh_tw", "zh_hk"])]
    ZhHant,
}

impl From<LangArg> for crate::rules::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Zh => crate::rules::Lang::Zh,
            LangArg::En => crate::rules::Lang::En,
            LangArg::ZhHant => crate::rules::Lang::ZhHant,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the rules and report every problem as file:line:column.
    Check {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Walk the decision tree in plain lines, reading choices from stdin.
    Walk {
        /// Take the choices from this list instead of stdin, e.g. 2,1,3
        /// (at a remedy step: 1 or y = fixed, 2 or n = not fixed; b = back).
        #[arg(long, value_delimiter = ',', value_name = "CHOICES")]
        answers: Option<Vec<String>>,
        /// Print one JSON object per line per step; the last line holds the outcome.
        #[arg(long)]
        json: bool,
        /// Start at the node for this response code (e.g. 51, A0).
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
    },
    /// Find the node for a response code, a terminal message or a few words
    /// (Chinese, English or pinyin): `posdoc search 51`, `posdoc search 余额不足`,
    /// `posdoc search yebz`, `posdoc search receipt won't print`.
    /// Exits 1 when nothing is found, 2 when the query is empty.
    Search {
        /// What the terminal says or what happened; several words are joined.
        #[arg(value_name = "QUERY", num_args = 0..)]
        query: Vec<String>,
        /// Show at most this many results.
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: usize,
        /// Print the results as a JSON array, best first.
        #[arg(long)]
        json: bool,
    },
    /// Write the whole loaded tree, normalised, to standard output.
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
    },
    /// Print the completion script for a shell, e.g.
    /// `posdoc completions bash > ~/.local/share/bash-completion/completions/posdoc`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page in roff: posdoc(1), or posdoc-COMMAND(1) with a
    /// command, e.g. `posdoc man walk`.
    Man {
        /// The command whose page to print; the main page when left out.
        #[arg(value_name = "COMMAND", value_parser = install::man_page_name)]
        command: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Json,
}
