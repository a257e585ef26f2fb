//! The command line: option parsing and the line-mode front ends.

pub mod cases;
pub mod check;
pub mod export;
pub mod handbook;
pub mod help;
pub mod install;
pub mod render;
pub mod search;
pub mod train;
pub mod walk;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

// Every summary, argument help and example is a UI text (`cli.*` in
// assets/i18n), applied in the chosen language by `help::command`; the
// comments here are for the reader of the code only.
#[derive(Debug, Parser)]
#[command(name = "posdoc", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    // --rules DIR: the rules directory instead of the bundled rules.
    #[arg(long, value_name = "DIR", global = true)]
    pub rules: Option<PathBuf>,

    // --lang: the UI and rules language; the locale's when left out.
    #[arg(long, value_enum, ignore_case = true, global = true)]
    pub lang: Option<LangArg>,

    // --code: open at the node of a response code.
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,

    // --no-mouse: leave the mouse to the terminal.
    #[arg(long)]
    pub no_mouse: bool,

    // --say-always: the lines to read aloud shown from the start.
    #[arg(long)]
    pub say_always: bool,

    // --agent: agent mode (read-aloud lines always, case code and call timer).
    #[arg(long)]
    pub agent: bool,

    // --data-dir DIR: where the case database is kept.
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    // --database-url URL: keep cases on a PostgreSQL server.
    #[arg(long, value_name = "URL", global = true)]
    pub database_url: Option<String>,

    // --no-save: keep no case (kiosks, demos).
    #[arg(long, global = true)]
    pub no_save: bool,

    // --operator NAME: who works the cases.
    #[arg(long, value_name = "NAME", global = true)]
    pub operator: Option<String>,
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
    // Validate the rules; every problem as file:line:column.
    Check {
        #[arg(long)]
        json: bool,
    },
    // The decision tree in plain lines, choices from stdin or --answers.
    Walk {
        #[arg(long, value_delimiter = ',', value_name = "CHOICES")]
        answers: Option<Vec<String>>,
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
    },
    // From a response code, a terminal message or a few words to a node.
    Search {
        #[arg(value_name = "QUERY", num_args = 0..)]
        query: Vec<String>,
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    // The whole loaded tree, normalised.
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
        // --category: only this category's nodes (diagrams only).
        #[arg(long, value_enum, value_name = "CATEGORY")]
        category: Option<CategoryArg>,
    },
    // The printable handbook: Markdown or one HTML file.
    Handbook {
        #[arg(long, value_enum, default_value = "html")]
        format: handbook::HandbookFormat,
        #[arg(long, value_enum, value_name = "CATEGORY")]
        category: Option<CategoryArg>,
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    // A shell's completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    // Open the full screen on a case where it stopped, by its code.
    Resume {
        #[arg(value_name = "CODE")]
        code: String,
    },
    // A manual page in roff.
    Man {
        #[arg(value_name = "COMMAND", value_parser = install::man_page_name)]
        command: Option<String>,
    },
    // Practice cases: run one, list them, or the trainer's report.
    Train(TrainArgs),
    // The cases kept: a list, one case, or all of them exported.
    Cases {
        #[command(subcommand)]
        action: Option<CasesAction>,
        #[arg(long)]
        open: bool,
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    // The config file: where it is, and the settings in force.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
}

#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    #[command(subcommand)]
    pub action: Option<TrainAction>,
    #[arg(long, value_name = "ID")]
    pub case: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub trainee: Option<String>,
    #[arg(long, value_delimiter = ',', value_name = "CHOICES")]
    pub answers: Option<Vec<String>>,
    #[arg(long)]
    pub json: bool,
    #[arg(long)]
    pub list: bool,
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    #[arg(long, value_name = "LEVEL")]
    pub difficulty: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TrainAction {
    // The trainer's report over the stored attempts.
    Report {
        #[arg(long, value_name = "NAME")]
        trainee: Option<String>,
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        #[arg(long, value_enum, default_value = "md")]
        format: train::ReportFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum CasesAction {
    // One case in full.
    Show {
        #[arg(value_name = "CODE")]
        code: String,
    },
    // Every case (or those since a date) as Markdown, JSON or CSV.
    Export {
        #[arg(long, value_enum, default_value = "csv")]
        format: CasesFormat,
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CasesFormat {
    Md,
    Json,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    // Where the config file is (or would be).
    Path,
    // The settings in force, and where each came from.
    Show,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Json,
    // Graphviz.
    Dot,
    Mermaid,
}

/// A category as typed on the command line: its key (`network`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryArg(pub crate::rules::Category);

impl ValueEnum for CategoryArg {
    fn value_variants<'a>() -> &'a [Self] {
        use crate::rules::Category;
        static ALL: [CategoryArg; Category::ALL.len()] = {
            let mut all = [CategoryArg(Category::Card); Category::ALL.len()];
            let mut i = 0;
            while i < all.len() {
                all[i] = CategoryArg(Category::ALL[i]);
                i += 1;
            }
            all
        };
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.key()))
    }
}
