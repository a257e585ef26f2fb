use clap::FromArgMatches;
use posdoc::cli::{self, CasesAction, Cli, Command, ConfigAction};
use posdoc::config;
use posdoc::frontend::{exit, typed};
use posdoc::i18n::Strings;
use posdoc::rules::{self, Lang, Loaded, RuleSet, RulesDirError};
use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    // The help is in the language of `--lang` (or the locale), so the
    // command line is built for it before it is parsed.
    let help_lang = cli::help::lang_before_parsing(std::env::args_os());
    let matches = match cli::help::command(help_lang).try_get_matches() {
        Ok(matches) => matches,
        Err(e) => match cli::help::refusal(&e, help_lang) {
            Some(said) => {
                let _ = write!(io::stderr(), "{said}");
                return ExitCode::from(exit::USAGE as u8);
            }
            // Help, the version, or clap's own English message.
            None => e.exit(),
        },
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            // A closed pipe (`posdoc export | head`) is not an error worth a message.
            // The pipe error may come wrapped, e.g. in serde_json's error.
            let closed_pipe = e.chain().any(|cause| {
                cause
                    .downcast_ref::<io::Error>()
                    .map(io::Error::kind)
                    .or_else(|| {
                        cause
                            .downcast_ref::<serde_json::Error>()
                            .and_then(serde_json::Error::io_error_kind)
                    })
                    == Some(io::ErrorKind::BrokenPipe)
            });
            if closed_pipe {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr(), "posdoc: {e:#}");
            ExitCode::from(exit::PROBLEMS as u8)
        }
    }
}

/// Runs one command; returns its exit code. Every message goes to `out` or
/// `err` here, and the rules are loaded once, for the commands that need them.
fn run(cli: Cli) -> anyhow::Result<i32> {
    // Flag > environment > config file > default (docs/config.md).
    let flags = config::Flags {
        lang: cli.lang.map(Into::into),
        operator: cli.operator.clone(),
        data_dir: cli.data_dir.clone(),
        database_url: cli.database_url.clone(),
        no_save: cli.no_save,
    };
    let env = |name: &str| std::env::var(name).ok();
    let settings = config::resolve(&flags, &env);
    let lang: Lang = settings
        .as_ref()
        .ok()
        .and_then(|st| st.lang)
        .or(flags.lang)
        .unwrap_or_else(posdoc::i18n::lang_from_env);
    let strings = Strings::new(lang);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut err = io::stderr();
    for problem in posdoc::i18n::bundled_problems() {
        writeln!(err, "posdoc: {problem}")?;
    }
    if let Some(Command::Config { action }) = &cli.command {
        return run_config(action, &settings, &env, &mut out, &mut err);
    }
    let settings = match settings {
        Ok(settings) => settings,
        // The manual and the completions need no settings.
        Err(_)
            if matches!(
                cli.command,
                Some(Command::Completions { .. } | Command::Man { .. })
            ) =>
        {
            config::Settings::fallback()
        }
        Err(e) => {
            writeln!(err, "posdoc: {}", posdoc::privacy::for_echo(&e.to_string()))?;
            return Ok(exit::USAGE);
        }
    };

    // Commands that need no rules, and a search that cannot run (no query,
    // `--limit 0`), which is a usage error whether or not the rules load.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            cli::install::completions(*shell, &mut out)?;
            return Ok(exit::OK);
        }
        Some(Command::Man { command }) => {
            cli::install::man_page(command.as_deref(), &mut out)?;
            return Ok(exit::OK);
        }
        Some(Command::Search { query, limit, .. }) => {
            if let Err(key) = cli::search::usable_query(query, *limit) {
                return cli::search::usage_error(lang, key, &mut err);
            }
        }
        Some(Command::Train(cli::TrainArgs {
            action: Some(action),
            ..
        })) => {
            return cli::train::report_command(action, lang, &mut out, &mut err);
        }
        _ => {}
    }

    if let (Some(Command::Check { json }), None) = (&cli.command, &cli.rules) {
        // The build checked the bundled rules and practice cases with this
        // same loader; its report is read back without decoding either set.
        return cli::check::run_bundled(*json, &mut out);
    }
    let loaded = match rules::load(cli.rules.as_deref()) {
        Ok(loaded) => loaded,
        // No such directory, or no rules files in it.
        Err(e) => {
            writeln!(err, "posdoc: {}", rules_dir_problem(&e, &strings))?;
            return Ok(exit::USAGE);
        }
    };
    if let Some(Command::Check { json }) = cli.command {
        // Practice cases are checked against the rules, so only once the
        // rules themselves load.
        let training = loaded
            .rules
            .as_ref()
            .map(|r| posdoc::training::load(cli.rules.as_deref(), r));
        let code = cli::check::run_with_training(&loaded, training.as_ref(), json, &mut out);
        // The process ends with this report: freeing a large rule set string
        // by string is work for memory the exit returns anyway (as
        // compilers skip freeing before they exit).
        std::mem::forget((loaded, training));
        return code;
    }
    let Some(rules) = usable(loaded, &strings, &mut err)? else {
        return Ok(exit::PROBLEMS);
    };

    match cli.command {
        Some(Command::Walk {
            answers,
            json,
            code,
        }) => {
            let stdin = io::stdin();
            let mut input = stdin.lock();
            let journal = walk_journal(&settings, lang, &strings, &mut err)?;
            let opts = cli::walk::WalkOptions {
                lang,
                answers,
                json,
                code: code.or(cli.code).as_deref().map(typed::text),
                journal,
            };
            cli::walk::run(&rules, opts, &mut input, &mut out, &mut err)
        }
        Some(Command::Search { query, limit, json }) => {
            let index = search_index(&rules, cli.rules.is_none(), &strings, &mut err)?;
            let opts = cli::search::SearchOptions {
                query,
                lang,
                limit,
                json,
            };
            cli::search::run(&rules, &index, &opts, &mut out, &mut err)
        }
        Some(Command::Train(args)) if cli::train::opens_tui(&args) => train_in_tui(
            rules,
            cli.rules.as_deref(),
            &args,
            lang,
            !cli.no_mouse,
            &mut err,
        ),
        Some(Command::Train(args)) => {
            let stdin = io::stdin();
            let mut input = stdin.lock();
            let dir = cli.rules.as_deref();
            cli::train::command(&rules, dir, args, lang, &mut input, &mut out, &mut err)
        }
        Some(Command::Export { format, category }) => {
            let category = category.map(|c| c.0);
            if category.is_some() && matches!(format, cli::ExportFormat::Json) {
                writeln!(err, "posdoc: {}", strings.get("cli.export.category_json"))?;
                return Ok(exit::USAGE);
            }
            match format {
                cli::ExportFormat::Json => cli::export::json(&rules, &mut out)?,
                cli::ExportFormat::Dot => {
                    cli::export::dot(&rules, &strings, category, &mut out)?;
                }
                cli::ExportFormat::Mermaid => {
                    cli::export::mermaid(&rules, &strings, category, &mut out)?;
                }
            }
            Ok(exit::OK)
        }
        Some(Command::Handbook {
            format,
            category,
            output,
        }) => {
            cli::handbook::run(
                &rules,
                &strings,
                format,
                category.map(|c| c.0),
                output.as_deref(),
                &mut out,
            )?;
            Ok(exit::OK)
        }
        None => {
            // The screen is drawn through the terminal, not through this lock.
            drop(out);
            let Some(opts) = tui_options(&cli, &settings, lang, None, &strings, &mut err)? else {
                return Ok(exit::PROBLEMS);
            };
            posdoc::tui::run(rules, opts, &mut err)
        }
        Some(Command::Resume { ref code }) => {
            drop(out);
            let Ok(code) = posdoc::case::CaseCode::parse(code) else {
                let shown = posdoc::privacy::for_echo(code);
                writeln!(
                    err,
                    "posdoc: {}",
                    strings.fmt("store.not_found", &[("code", &shown)])
                )?;
                return Ok(exit::PROBLEMS);
            };
            let Some(opts) = tui_options(&cli, &settings, lang, Some(code), &strings, &mut err)?
            else {
                return Ok(exit::PROBLEMS);
            };
            posdoc::tui::run(rules, opts, &mut err)
        }
        Some(Command::Cases {
            action,
            open,
            since,
            search,
            json,
        }) => run_cases(
            &settings, &rules, action, open, since, search, json, &strings, &mut out, &mut err,
        ),
        Some(
            Command::Check { .. }
            | Command::Completions { .. }
            | Command::Man { .. }
            | Command::Config { .. },
        ) => {
            unreachable!("handled before the rules are needed")
        }
    }
}

/// The full-screen interface's options, with the case store the settings
/// name opened. None after saying on `err` why the store cannot be opened
/// (the screen has not been touched yet, so the message is seen).
fn tui_options(
    cli: &Cli,
    settings: &config::Settings,
    lang: Lang,
    resume: Option<posdoc::case::CaseCode>,
    strings: &Strings,
    err: &mut dyn Write,
) -> io::Result<Option<posdoc::tui::RunOptions>> {
    let (store, kept) = match posdoc::casestore::open(&settings.store) {
        Ok(opened) => opened,
        Err(e) => {
            let args = e.args();
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let said = posdoc::privacy::for_echo(&strings.fmt(e.key(), &args));
            writeln!(err, "posdoc: {said}")?;
            writeln!(err, "posdoc: {}", strings.get("tui.store_not_opened"))?;
            return Ok(None);
        }
    };
    // A summary copied with `c` is also saved beside the case database.
    let summary_dir = match &settings.store {
        posdoc::casestore::StoreLocation::Sqlite(db) => {
            db.parent().map(std::path::Path::to_path_buf)
        }
        _ => None,
    };
    Ok(Some(posdoc::tui::RunOptions {
        lang,
        mouse: !cli.no_mouse,
        say_always: cli.say_always,
        code: cli.code.as_deref().map(typed::text),
        store,
        kept,
        operator: settings.operator.clone(),
        agent: cli.agent || settings.agent,
        resume,
        summary_dir,
        bundled_rules: cli.rules.is_none(),
    }))
}

/// `posdoc train` on a terminal without `--answers`: the practice cases in
/// the full-screen interface (`tui::run_training`).
fn train_in_tui(
    rules: RuleSet,
    rules_dir: Option<&std::path::Path>,
    args: &cli::TrainArgs,
    lang: Lang,
    mouse: bool,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let s = Strings::new(lang);
    // The interface keeps both for the rest of the program (see tui::run).
    let rules: &'static RuleSet = Box::leak(Box::new(rules));
    let loaded = posdoc::training::load(rules_dir, rules);
    let Some(set) = loaded.set else {
        for p in &loaded.problems {
            writeln!(err, "{p}")?;
        }
        writeln!(err, "posdoc: {}", s.get("cli.rules_have_errors"))?;
        return Ok(exit::PROBLEMS);
    };
    let filter = match cli::train::case_filter(args, &s) {
        Ok(filter) => filter,
        Err(msg) => {
            writeln!(err, "posdoc: {msg}")?;
            return Ok(exit::USAGE);
        }
    };
    let opts = posdoc::tui::TrainingOptions {
        lang,
        mouse,
        case: args.case.as_deref().map(|c| c.trim().to_string()),
        trainee: args.trainee.clone(),
        filter,
        bundled_rules: rules_dir.is_none(),
    };
    let set: &'static posdoc::training::PracticeSet = Box::leak(Box::new(set));
    posdoc::tui::run_training(rules, set, &opts, err)
}

/// The rule set, or None after listing its problems on `err`.
fn usable(loaded: Loaded, strings: &Strings, err: &mut dyn Write) -> io::Result<Option<RuleSet>> {
    if loaded.rules.is_none() {
        for p in &loaded.problems {
            writeln!(err, "{p}")?;
        }
        writeln!(err, "posdoc: {}", strings.get("cli.rules_have_errors"))?;
    }
    Ok(loaded.rules)
}

/// Why `--rules` gave no rules, in the user's language.
fn rules_dir_problem(e: &anyhow::Error, strings: &Strings) -> String {
    match e.downcast_ref::<RulesDirError>() {
        Some(RulesDirError::Unreadable { dir, reason }) => strings.fmt(
            "cli.rules_dir_unreadable",
            &[
                ("dir", &dir.display().to_string()),
                ("reason", &reason.to_string()),
            ],
        ),
        Some(RulesDirError::Empty { dir }) => strings.fmt(
            "cli.rules_dir_empty",
            &[("dir", &dir.display().to_string())],
        ),
        None => format!("{e:#}"),
    }
}

/// The case a walk is written into: None with `--no-save`, or when the
/// store cannot be opened (said on `err`: the walk itself still runs).
fn walk_journal(
    settings: &config::Settings,
    lang: Lang,
    strings: &Strings,
    err: &mut dyn Write,
) -> io::Result<Option<posdoc::case::CaseJournal>> {
    use posdoc::case::{CaseJournal, NewCase, Role};
    if settings.store == posdoc::casestore::StoreLocation::Memory {
        return Ok(None);
    }
    let opened = posdoc::casestore::open(&settings.store).and_then(|(mut store, kept)| {
        let case = store.create(&NewCase {
            started_at: posdoc::casestore::now(),
            operator: settings.operator.clone(),
            role: Role::Counter,
            lang,
        })?;
        Ok(CaseJournal::new(
            store,
            case,
            None,
            &settings.operator,
            kept,
        ))
    });
    match opened {
        Ok(journal) => Ok(Some(journal)),
        Err(e) => {
            let args = e.args();
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let said = posdoc::privacy::for_echo(&strings.fmt(e.key(), &args));
            writeln!(err, "posdoc: {said}")?;
            writeln!(err, "posdoc: {}", strings.get("walk.case_not_kept"))?;
            Ok(None)
        }
    }
}

/// `posdoc cases …`: opens the store and runs the list, `show` or `export`.
#[allow(clippy::too_many_arguments)]
fn run_cases(
    settings: &config::Settings,
    rules: &RuleSet,
    action: Option<CasesAction>,
    open_only: bool,
    since: Option<String>,
    search: Option<String>,
    json: bool,
    strings: &Strings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let tz = jiff::tz::TimeZone::system();
    let read_since = |text: Option<String>,
                      err: &mut dyn Write|
     -> io::Result<Result<Option<posdoc::case::Timestamp>, i32>> {
        let Some(text) = text else {
            return Ok(Ok(None));
        };
        if let Some(t) = cli::cases::parse_since(&text, &tz) {
            return Ok(Ok(Some(t)));
        }
        let shown = posdoc::privacy::for_echo(&text);
        writeln!(
            err,
            "posdoc: {}",
            strings.fmt("cases.bad_since", &[("since", &shown)])
        )?;
        Ok(Err(exit::USAGE))
    };
    let (mut store, _kept) = match posdoc::casestore::open(&settings.store) {
        Ok(opened) => opened,
        Err(e) => return cli::cases::store_failed(&e, strings, err),
    };
    match action {
        None => {
            let since = match read_since(since, err)? {
                Ok(t) => t,
                Err(code) => return Ok(code),
            };
            let opts = cli::cases::ListOptions {
                open_only,
                since,
                search,
                json,
            };
            cli::cases::list(store.as_mut(), rules, &opts, strings, out, err)
        }
        Some(CasesAction::Show { code }) => {
            cli::cases::show(store.as_mut(), rules, &code, strings, out, err)
        }
        Some(CasesAction::Export {
            format,
            since,
            output,
        }) => {
            let since = match read_since(since, err)? {
                Ok(t) => t,
                Err(code) => return Ok(code),
            };
            let opts = cli::cases::ExportOptions { format, since };
            match output {
                None => cli::cases::export(store.as_mut(), rules, &opts, strings, out, err),
                Some(path) => {
                    let file = std::fs::File::create(&path)
                        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
                    let mut file = io::BufWriter::new(file);
                    let code =
                        cli::cases::export(store.as_mut(), rules, &opts, strings, &mut file, err)?;
                    file.flush()?;
                    Ok(code)
                }
            }
        }
    }
}

/// `posdoc config path` and `posdoc config show`.
fn run_config(
    action: &ConfigAction,
    settings: &Result<config::Settings, config::SettingsError>,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    match action {
        ConfigAction::Path => {
            let Some(path) = config::config_path(env) else {
                writeln!(
                    err,
                    "posdoc: there is no home folder for a config file: name one with {}",
                    config::CONFIG_ENV
                )?;
                return Ok(exit::USAGE);
            };
            writeln!(
                out,
                "{}",
                posdoc::privacy::for_echo(&path.display().to_string())
            )?;
            Ok(exit::OK)
        }
        ConfigAction::Show => match settings {
            Ok(settings) => {
                write!(out, "{}", config::describe(settings))?;
                Ok(exit::OK)
            }
            Err(e) => {
                writeln!(err, "posdoc: {}", posdoc::privacy::for_echo(&e.to_string()))?;
                Ok(exit::USAGE)
            }
        },
    }
}

/// The search index of `rules`: for the bundled rules the one built with
/// posdoc, unless it is refused (said on `err`); otherwise built now.
fn search_index(
    rules: &RuleSet,
    bundled: bool,
    strings: &Strings,
    err: &mut dyn Write,
) -> io::Result<posdoc::search::Index> {
    if bundled {
        match posdoc::search::Index::bundled() {
            Ok(index) => return Ok(index),
            Err(e) => writeln!(
                err,
                "posdoc: {}: {e}",
                strings.get("search.prebuilt_refused")
            )?,
        }
    }
    Ok(posdoc::search::Index::build(
        rules,
        &posdoc::i18n::category_labels(),
    ))
}
