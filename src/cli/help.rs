//! The command line's own words in the chosen language: every `about`, argument
//! help, heading and example of `--help` comes from the UI texts
//! (`assets/i18n`, keys `cli.*`), so `posdoc --lang zh --help` is Chinese and
//! the English text lives in one place too.
//!
//! clap reads the language only after parsing, but the help is needed while
//! parsing, so [`lang_before_parsing`] looks for `--lang` in the raw
//! arguments first. clap has no hook to translate what it writes itself: the
//! `[default: …]` and `[possible values: …]` notes stay English, and its
//! error messages are English; [`refusal`] words the common ones again in
//! other languages from the error's parts.

use super::{Cli, LangArg};
use crate::i18n::Strings;
use crate::rules::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, ValueEnum};
use std::ffi::OsString;

/// The language `--lang` asks for, read from the raw arguments before clap
/// parses them; the locale's when there is none or it is not a language.
pub fn lang_before_parsing(args: impl IntoIterator<Item = OsString>) -> Lang {
    let mut args = args.into_iter().skip(1);
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy().into_owned();
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.next().map(|v| v.to_string_lossy().into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(lang) = value.and_then(|v| LangArg::from_str(&v, true).ok()) {
            return lang.into();
        }
    }
    crate::i18n::lang_from_env()
}

/// The commands, in `--help` order (each is moved to the end as it is
/// changed, so this order is the one they end in); the texts of `NAME` are
/// under `cli.NAME.*`.
const COMMANDS: [&str; 11] = [
    "check",
    "walk",
    "search",
    "export",
    "train",
    "handbook",
    "resume",
    "completions",
    "man",
    "cases",
    "config",
];

/// The full command line with its help in `lang`, built.
pub fn command(lang: Lang) -> Command {
    let s = Strings::new(lang);
    let t = |key: &str| s.get(key).to_string();
    let mut cmd = localise(Cli::command(), "cli", &s)
        .long_about(t("cli.long_about"))
        .mut_arg("rules", |a| a.help(t("cli.arg.rules")))
        .mut_arg("lang", |a| a.help(t("cli.arg.lang")))
        .mut_arg("code", |a| a.help(t("cli.arg.code")))
        .mut_arg("no_mouse", |a| a.help(t("cli.arg.no_mouse")))
        .mut_arg("say_always", |a| a.help(t("cli.arg.say_always")))
        .mut_arg("agent", |a| a.help(t("cli.arg.agent")))
        .mut_arg("data_dir", |a| a.help(t("cli.arg.data_dir")))
        .mut_arg("database_url", |a| a.help(t("cli.arg.database_url")))
        .mut_arg("no_save", |a| a.help(t("cli.arg.no_save")))
        .mut_arg("operator", |a| a.help(t("cli.arg.operator")))
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(t("cli.arg.version"))
                .help_heading(t("cli.heading.options")),
        )
        .disable_version_flag(true)
        .subcommand_help_heading(t("cli.heading.commands"));
    for name in COMMANDS {
        cmd = cmd.mut_subcommand(name, |sub| {
            let prefix = format!("cli.{name}");
            let mut sub = localise_with_args(sub, &prefix, &s);
            if name == "search" {
                sub = sub.long_about(t("cli.search.long_about"));
            }
            // `cases show`, `config path`, …: under `cli.NAME.SUB.*`.
            let nested: Vec<String> = sub
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            if !nested.is_empty() {
                // `posdoc cases --help` lists `show` and `export`; `posdoc
                // help cases show` already does what a nested `help` would.
                sub = sub
                    .subcommand_help_heading(t("cli.heading.commands"))
                    .disable_help_subcommand(true);
            }
            for child in nested {
                let child_prefix = format!("{prefix}.{child}");
                sub = sub.mut_subcommand(child, |c| localise_with_args(c, &child_prefix, &s));
            }
            sub
        });
    }
    // clap adds its `help` command while building; only then can it be named.
    cmd.build();
    cmd.mut_subcommand("help", |help| help.about(t("cli.help_command.about")))
}

/// [`localise`], and each of the command's own arguments' help from
/// `PREFIX.ARG_ID`.
fn localise_with_args(cmd: Command, prefix: &str, s: &Strings) -> Command {
    let args: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    let mut cmd = localise(cmd, prefix, s);
    for id in args {
        let help = s.get(&format!("{prefix}.{id}")).to_string();
        cmd = cmd.mut_arg(id, |a| a.help(help));
    }
    cmd
}

/// The texts every command has: summary, examples, headings, the help flag.
fn localise(cmd: Command, prefix: &str, s: &Strings) -> Command {
    let t = |key: &str| s.get(key).to_string();
    let options = t("cli.heading.options");
    let arguments = t("cli.heading.arguments");
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        t("cli.heading.usage")
    );
    cmd.about(t(&format!("{prefix}.about")))
        .after_long_help(t(&format!("{prefix}.examples")))
        .help_template(template)
        .mut_args(move |a| {
            let heading = if a.is_positional() {
                arguments.clone()
            } else {
                options.clone()
            };
            a.help_heading(heading)
        })
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(t("cli.arg.help"))
                .long_help(t("cli.arg.help_long"))
                .help_heading(t("cli.heading.options")),
        )
}

/// What to print, in `lang`, for a command line clap refused: None when
/// clap's own message should be printed (it is English, and English is
/// asked for; or clap's report is help or the version, not an error).
pub fn refusal(e: &clap::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En || !e.use_stderr() {
        return None;
    }
    let s = Strings::new(lang);
    let part = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(v)) => Some(v.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        Some(ContextValue::StyledStr(v)) => Some(v.to_string()),
        _ => None,
    };
    let mut said = match e.kind() {
        ErrorKind::UnknownArgument => s.fmt(
            "cli.error.unknown_argument",
            &[("arg", &part(ContextKind::InvalidArg)?)],
        ),
        ErrorKind::InvalidSubcommand => s.fmt(
            "cli.error.unknown_command",
            &[("command", &part(ContextKind::InvalidSubcommand)?)],
        ),
        ErrorKind::InvalidValue => {
            let mut text = s.fmt(
                "cli.error.invalid_value",
                &[
                    ("value", &part(ContextKind::InvalidValue)?),
                    ("arg", &part(ContextKind::InvalidArg)?),
                ],
            );
            if let Some(ContextValue::Strings(valid)) = e.get(ContextKind::ValidValue) {
                text.push_str(&s.fmt(
                    "cli.error.possible_values",
                    &[("values", &valid.join(", "))],
                ));
            }
            text
        }
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e).map(std::string::ToString::to_string)?;
            s.fmt(
                "cli.error.refused_value",
                &[
                    ("value", &part(ContextKind::InvalidValue)?),
                    ("arg", &part(ContextKind::InvalidArg)?),
                    ("reason", &reason),
                ],
            )
        }
        ErrorKind::MissingRequiredArgument => s.fmt(
            "cli.error.missing",
            &[("arg", &part(ContextKind::InvalidArg)?)],
        ),
        // The rest are rare; clap's own words, introduced in `lang`.
        _ => {
            let english = e.render().to_string();
            let first = english.lines().next().unwrap_or_default();
            let detail = first.strip_prefix("error: ").unwrap_or(first);
            s.fmt("cli.error.other", &[("detail", detail)])
        }
    };
    let suggested =
        part(ContextKind::SuggestedArg).or_else(|| part(ContextKind::SuggestedSubcommand));
    if let Some(suggested) = suggested {
        said.push_str(&s.fmt("cli.error.did_you_mean", &[("suggestion", &suggested)]));
    }
    let mut out = format!("posdoc: {said}\n");
    if let Some(usage) = part(ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.split_once(": ").map_or(usage, |(_, u)| u);
        out.push_str(&format!("\n{} {usage}\n", s.get("cli.heading.usage")));
    }
    out.push_str(&format!("\n{}\n", s.get("cli.error.more")));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn lang_is_found_before_parsing_in_both_spellings() {
        assert_eq!(
            lang_before_parsing(args("posdoc --lang zh --help")),
            Lang::Zh
        );
        assert_eq!(
            lang_before_parsing(args("posdoc walk --lang=zh -h")),
            Lang::Zh
        );
        assert_eq!(
            lang_before_parsing(args("posdoc --lang en search")),
            Lang::En
        );
    }

    fn refused(line: &str, lang: Lang) -> String {
        let e = command(lang).try_get_matches_from(args(line)).unwrap_err();
        refusal(&e, lang).unwrap_or_else(|| panic!("no refusal for {line}: {e}"))
    }

    #[test]
    fn refusals_are_worded_in_the_language_asked_for() {
        let said = refused("posdoc --lang zh walk --bogus", Lang::Zh);
        assert!(said.starts_with("posdoc: 不认识的参数 --bogus"), "{said}");
        assert!(said.contains("用法: posdoc walk"), "{said}");
        let said = refused("posdoc serch", Lang::Zh);
        assert!(said.contains("serch") && said.contains("search"), "{said}");
        let said = refused("posdoc --lang fr", Lang::Zh);
        assert!(said.contains("fr") && said.contains("zh, en"), "{said}");
        // English keeps clap's own message, tips and all.
        let e = command(Lang::En)
            .try_get_matches_from(args("posdoc --bogus"))
            .unwrap_err();
        assert_eq!(refusal(&e, Lang::En), None);
        let help = command(Lang::Zh)
            .try_get_matches_from(args("posdoc --help"))
            .unwrap_err();
        assert_eq!(refusal(&help, Lang::Zh), None);
    }

    #[test]
    fn every_command_and_argument_has_help_in_every_language() {
        for lang in Lang::ALL {
            let cmd = command(lang);
            cmd.clone().debug_assert();
            let commands = std::iter::once(&cmd).chain(cmd.get_subcommands());
            for c in commands {
                let about = c
                    .get_about()
                    .map(std::string::ToString::to_string)
                    .unwrap_or_default();
                assert!(
                    !about.is_empty() && !about.starts_with("cli."),
                    "{lang:?}: {} has no summary",
                    c.get_name()
                );
                for a in c.get_arguments() {
                    let help = a
                        .get_help()
                        .map(std::string::ToString::to_string)
                        .unwrap_or_default();
                    assert!(
                        !help.is_empty() && !help.starts_with("cli."),
                        "{lang:?}: {} {} has no help",
                        c.get_name(),
                        a.get_id()
                    );
                }
            }
        }
    }
}
