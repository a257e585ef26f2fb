use clap::Parser;
use posdoc::cli::{self, exit, Cli, Command};
use posdoc::rules::{self, Lang};
use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            // A closed pipe (`posdoc export | head`) is not an error worth a message.
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr(), "posdoc: {e:#}");
            ExitCode::from(exit::PROBLEMS as u8)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    let lang: Lang = cli
        .lang
        .map(Into::into)
        .unwrap_or_else(posdoc::i18n::lang_from_env);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Some(Command::Check { json }) => cli::check::run(cli.rules.as_deref(), json, &mut out),
        Some(Command::Walk {
            answers,
            json,
            code,
        }) => {
            let Some(rules) = load(cli.rules.as_deref())? else {
                return Ok(exit::PROBLEMS);
            };
            let stdin = io::stdin();
            let mut input = stdin.lock();
            let opts = cli::walk::WalkOptions {
                lang,
                answers,
                json,
                code: code.or(cli.code),
            };
            cli::walk::run(&rules, opts, &mut input, &mut out, &mut io::stderr())
        }
        Some(Command::Search { query, limit, json }) => {
            if cli::search::query_text(&query).is_none() {
                return cli::search::empty_query(lang, &mut io::stderr());
            }
            let Some(rules) = load(cli.rules.as_deref())? else {
                return Ok(exit::PROBLEMS);
            };
            let index = posdoc::search::Index::build(&rules, &posdoc::i18n::category_labels());
            let opts = cli::search::SearchOptions {
                query,
                lang,
                limit,
                json,
            };
            cli::search::run(&rules, &index, opts, &mut out, &mut io::stderr())
        }
        Some(Command::Export { format }) => {
            let Some(rules) = load(cli.rules.as_deref())? else {
                return Ok(exit::PROBLEMS);
            };
            match format {
                cli::ExportFormat::Json => cli::export::json(&rules, &mut out)?,
            }
            Ok(exit::OK)
        }
        None => {
            let Some(rules) = load(cli.rules.as_deref())? else {
                return Ok(exit::PROBLEMS);
            };
            drop(out);
            let opts = posdoc::tui::RunOptions {
                lang,
                mouse: !cli.no_mouse,
                code: cli.code,
            };
            posdoc::tui::run(&rules, opts)
        }
    }
}

/// Loads the rules; on errors prints them and returns None. A missing
/// directory is a usage error.
fn load(dir: Option<&std::path::Path>) -> anyhow::Result<Option<rules::RuleSet>> {
    let loaded = match rules::load(dir) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("posdoc: {e}");
            std::process::exit(exit::USAGE);
        }
    };
    if loaded.rules.is_none() {
        for p in &loaded.problems {
            eprintln!("{p}");
        }
        eprintln!("posdoc: the rules have errors; fix them (see `posdoc check`) and try again");
        return Ok(None);
    }
    Ok(loaded.rules)
}
