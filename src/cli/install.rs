//! What an installation needs beyond the binary: shell completions and
//! manual pages, both generated from the one command-line definition, so
//! they cannot drift from `--help`.

use crate::i18n::Strings;
use crate::rules::Lang;
use clap_complete::Shell;
use std::io::Write;

/// Writes the completion script for `shell`.
pub fn completions(shell: Shell, out: &mut dyn Write) -> anyhow::Result<()> {
    // clap_complete panics when its writer fails (as a closed pipe does); a
    // buffer cannot fail, and the real write returns its error instead.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut installed_command(), "posdoc", &mut script);
    out.write_all(&script)?;
    Ok(())
}

/// The command line as installed files describe it: in English, the
/// language of manual pages and completion descriptions wherever posdoc is
/// installed.
fn installed_command() -> clap::Command {
    // Without a heading of its own, a manual page's section of commands
    // has the usual name, SUBCOMMANDS.
    super::help::command(Lang::En).subcommand_help_heading(None)
}

/// The command line as the manual pages show it: built, so each command
/// knows its full name (`posdoc-walk`) and the global options, and with
/// the `help` command hidden, since it needs no page.
fn documented_command() -> clap::Command {
    installed_command().mut_subcommand("help", |help| help.hide(true))
}

/// The commands that have a page of their own, in `--help` order.
pub fn man_page_names() -> Vec<String> {
    documented_command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect()
}

/// Checks a `posdoc man COMMAND` argument while the command line is parsed,
/// so a wrong name is a usage error like any other.
pub fn man_page_name(name: &str) -> Result<String, String> {
    let names = man_page_names();
    if names.iter().any(|n| n == name) {
        Ok(name.to_string())
    } else {
        // Said while the command line is parsed, so in its language.
        let lang = super::help::lang_before_parsing(std::env::args_os());
        Err(Strings::new(lang).fmt(
            "cli.man.no_such_page",
            &[("name", name), ("pages", &names.join(", "))],
        ))
    }
}

/// Writes the roff source of posdoc(1), or of posdoc-COMMAND(1) for one of
/// [`man_page_names`].
pub fn man_page(command: Option<&str>, out: &mut dyn Write) -> anyhow::Result<()> {
    let main = documented_command();
    let cmd = match command {
        None => main,
        Some(name) => match main.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => anyhow::bail!("there is no command \"{name}\""),
        },
    };
    let title = cmd.get_display_name().unwrap_or(cmd.get_name()).to_string();
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut roff)?;
    let roff = String::from_utf8(roff)?;
    // clap_mangen leaves an undated page's date unquoted, so man reads the
    // source as the date and the manual as the source; this heading keeps
    // each in its place.
    let heading = format!(
        ".TH {title} 1 \"\" \"posdoc {}\" \"posdoc manual\"",
        env!("CARGO_PKG_VERSION")
    );
    let page: String = roff
        .lines()
        .map(|line| {
            if line.starts_with(".TH ") {
                &heading
            } else {
                line
            }
        })
        .flat_map(|line| [line, "\n"])
        .collect();
    out.write_all(page.as_bytes())?;
    Ok(())
}
