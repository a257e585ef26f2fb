//! The user's settings: a small TOML file in the platform's config folder
//! (`~/.config/posdoc/config.toml` on Linux; `POSDOC_CONFIG` names another
//! file), and what the command line and the environment say on top of it.
//! A flag beats an environment variable, which beats the file, which beats
//! the default. See docs/config.md.

use crate::casestore::{StoreLocation, SQLITE_FILE};
use crate::rules::Lang;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// Names another config file instead of the platform's.
pub const CONFIG_ENV: &str = "POSDOC_CONFIG";
/// The folder for posdoc's data (the case database, training attempts).
pub const DATA_DIR_ENV: &str = "POSDOC_DATA_DIR";
/// A PostgreSQL URL: cases are kept on that server.
pub const DATABASE_URL_ENV: &str = "POSDOC_DATABASE_URL";

/// The keys a config file may have; any other is refused, so a misspelt
/// key is said rather than silently ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// zh, zh-Hant or en.
    pub lang: Option<String>,
    /// The name written into every case as who worked it.
    pub operator: Option<String>,
    /// Start the TUI in agent mode (read-aloud lines, a call timer).
    pub agent: Option<bool>,
    /// A `postgres://` URL: keep cases on that server.
    pub database_url: Option<String>,
    /// The folder for the case database.
    pub data_dir: Option<PathBuf>,
}

/// A config file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// From 1; None when the file could not be read at all.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(
                f,
                "config file {}, line {line}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "config file {}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Where the config file is: `POSDOC_CONFIG`, else the platform's config
/// folder; None when the platform has none (no home folder).
pub fn config_path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(p) = env(CONFIG_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// The platform's folder for posdoc's data (XDG on Linux:
/// `~/.local/share/posdoc`).
pub fn default_data_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.data_dir().to_path_buf())
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "posdoc")
}

/// Reads the config file at `path`; a file that does not exist is an empty
/// config.
pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
        Err(e) => {
            return Err(ConfigError {
                path: path.to_path_buf(),
                line: None,
                message: format!("cannot be read: {e}"),
            })
        }
    };
    parse(path, &text)
}

/// Reads a config file's text (`path` only names it in errors).
pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    let error = |line: Option<usize>, message: String| ConfigError {
        path: path.to_path_buf(),
        line,
        message,
    };
    let file: ConfigFile = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        error(line, e.message().trim().to_string())
    })?;
    if let Some(lang) = &file.lang {
        if Lang::parse(lang).is_none() {
            return Err(error(
                line_of_key(text, "lang"),
                format!("lang = {lang:?} is not a language: use zh, zh-Hant or en"),
            ));
        }
    }
    if let Some(url) = &file.database_url {
        if !is_postgres_url(url) {
            return Err(error(
                line_of_key(text, "database_url"),
                "database_url must start with postgres:// or postgresql://".to_string(),
            ));
        }
    }
    Ok(file)
}

fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// What the command line says, before the environment and the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    pub lang: Option<Lang>,
    pub operator: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub no_save: bool,
}

/// Where a setting came from, for `posdoc config show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env,
    File,
    Default,
}

impl Source {
    pub fn key(self) -> &'static str {
        match self {
            Source::Flag => "flag",
            Source::Env => "env",
            Source::File => "config",
            Source::Default => "default",
        }
    }
}

/// The settings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The language, or None for the locale's.
    pub lang: Option<Lang>,
    pub operator: String,
    pub operator_from: Source,
    pub agent: bool,
    /// Where cases are kept.
    pub store: StoreLocation,
    pub store_from: Source,
    /// The config file read (it may not exist).
    pub config_path: Option<PathBuf>,
}

impl Settings {
    /// Settings that read no file and keep nothing: for the commands that
    /// need none (the manual, completions) when the config file is broken.
    pub fn fallback() -> Settings {
        Settings {
            lang: None,
            operator: "operator".to_string(),
            operator_from: Source::Default,
            agent: false,
            store: StoreLocation::Memory,
            store_from: Source::Default,
            config_path: None,
        }
    }
}

/// The settings in force as `posdoc config show` prints them, one
/// `key = value  (from where)` a line, passwords replaced by `***`.
pub fn describe(settings: &Settings) -> String {
    let echo = crate::privacy::for_echo;
    let mut lines = Vec::new();
    let file = settings
        .config_path
        .as_ref()
        .map_or_else(|| "(none)".to_string(), |p| echo(&p.display().to_string()));
    let exists = settings.config_path.as_ref().is_some_and(|p| p.exists());
    lines.push(format!(
        "config_file = {file}{}",
        if exists {
            ""
        } else {
            "  (not there: defaults)"
        }
    ));
    lines.push(format!(
        "lang = {}",
        settings.lang.map_or("(from the locale)", Lang::code)
    ));
    lines.push(format!(
        "operator = {}  (from {})",
        echo(&settings.operator),
        settings.operator_from.key()
    ));
    lines.push(format!("agent = {}", settings.agent));
    let from = settings.store_from.key();
    match &settings.store {
        StoreLocation::Memory => lines.push(format!("store = none: --no-save  (from {from})")),
        StoreLocation::Sqlite(path) => {
            let dir = path.parent().unwrap_or(path);
            lines.push(format!(
                "data_dir = {}  (from {from})",
                echo(&dir.display().to_string())
            ));
            lines.push(format!(
                "store = SQLite {}",
                echo(&path.display().to_string())
            ));
        }
        StoreLocation::Postgres(url) => {
            lines.push(format!(
                "database_url = {}  (from {from})",
                echo(&redact_url(url))
            ));
            lines.push("store = PostgreSQL".to_string());
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// Why the settings cannot be worked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    Config(ConfigError),
    /// `POSDOC_DATABASE_URL` or `--database-url` is not a PostgreSQL URL.
    NotPostgres {
        from: Source,
    },
    /// No data folder: no home folder, and none given.
    NoDataDir,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsError::Config(e) => e.fmt(f),
            SettingsError::NotPostgres { from } => {
                let name = match from {
                    Source::Env => DATABASE_URL_ENV,
                    _ => "--database-url",
                };
                write!(f, "{name} must start with postgres:// or postgresql://")
            }
            SettingsError::NoDataDir => write!(
                f,
                "there is no home folder to keep cases in: give one with --data-dir or {DATA_DIR_ENV}, or use --no-save"
            ),
        }
    }
}

impl std::error::Error for SettingsError {}

/// Works out the settings: `flags` over the environment (`env`) over the
/// config file over the defaults. `env` is a parameter so tests need not
/// change the process's environment.
pub fn resolve(
    flags: &Flags,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Settings, SettingsError> {
    let config_path = config_path(env);
    let file = match &config_path {
        Some(p) => load(p).map_err(SettingsError::Config)?,
        None => ConfigFile::default(),
    };
    resolve_with(flags, env, &file, config_path, default_data_dir())
}

/// [`resolve`] with the file already read and the default data folder
/// given.
pub fn resolve_with(
    flags: &Flags,
    env: &dyn Fn(&str) -> Option<String>,
    file: &ConfigFile,
    config_path: Option<PathBuf>,
    default_data_dir: Option<PathBuf>,
) -> Result<Settings, SettingsError> {
    let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let lang = flags
        .lang
        .or_else(|| file.lang.as_deref().and_then(Lang::parse));
    let (operator, operator_from) = if let Some(op) = flags.operator.as_deref().map(str::trim) {
        (op.to_string(), Source::Flag)
    } else if let Some(op) = &file.operator {
        (op.trim().to_string(), Source::File)
    } else {
        let user = env("USER").or_else(|| env("USERNAME"));
        (
            user.unwrap_or_else(|| "operator".to_string()),
            Source::Default,
        )
    };
    let operator = clean_operator(&operator);
    let database_url = [
        (flags.database_url.clone(), Source::Flag),
        (env(DATABASE_URL_ENV), Source::Env),
        (file.database_url.clone(), Source::File),
    ]
    .into_iter()
    .find_map(|(v, from)| v.map(|v| (v, from)));
    let (store, store_from) = if flags.no_save {
        (StoreLocation::Memory, Source::Flag)
    } else if let Some((url, from)) = database_url {
        if !is_postgres_url(&url) {
            return Err(SettingsError::NotPostgres { from });
        }
        (StoreLocation::Postgres(url), from)
    } else {
        let (dir, from) = [
            (flags.data_dir.clone(), Source::Flag),
            (env(DATA_DIR_ENV).map(PathBuf::from), Source::Env),
            (file.data_dir.clone(), Source::File),
            (default_data_dir, Source::Default),
        ]
        .into_iter()
        .find_map(|(v, from)| v.map(|v| (v, from)))
        .ok_or(SettingsError::NoDataDir)?;
        (StoreLocation::Sqlite(dir.join(SQLITE_FILE)), from)
    };
    Ok(Settings {
        lang,
        operator,
        operator_from,
        agent: file.agent.unwrap_or(false),
        store,
        store_from,
        config_path,
    })
}

/// An operator's name as it is written into cases: one line, no control
/// characters, at most 64 characters; "operator" if nothing is left.
fn clean_operator(raw: &str) -> String {
    let name: String = crate::case::intake::clean(raw).chars().take(64).collect();
    if name.is_empty() {
        "operator".to_string()
    } else {
        name
    }
}

/// A database URL fit to show: any password replaced by `***`
/// (`postgres://ana:***@host/db`, `?password=***`).
pub fn redact_url(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest = &out[scheme_end + 3..];
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@') {
            if let Some(colon) = rest[..at].find(':') {
                let start = scheme_end + 3 + colon + 1;
                let end = scheme_end + 3 + at;
                out.replace_range(start..end, "***");
            }
        }
    }
    // password=... in the query string or in a key=value list.
    let lower = out.to_ascii_lowercase();
    if let Some(i) = lower.find("password=") {
        let start = i + "password=".len();
        let end = out[start..]
            .find(['&', ' ', '#'])
            .map_or(out.len(), |n| start + n);
        out.replace_range(start..end, "***");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn unknown_keys_name_the_file_the_line_and_the_key() {
        let text = "lang = \"en\"\n\ncolour = \"blue\"\n";
        let e = parse(Path::new("/x/config.toml"), text).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let said = e.to_string();
        assert!(said.contains("/x/config.toml"), "{said}");
        assert!(said.contains("colour"), "{said}");
    }

    #[test]
    fn broken_toml_and_wrong_types_are_errors_with_a_line() {
        for (text, line) in [
            ("lang = \"en\"\nagent = yes\n", 2),
            ("agent = \"true\"\n", 1),
            ("[[[\n", 1),
            ("lang = \"fr\"\n", 1),
            ("\ndatabase_url = \"mysql://x\"\n", 2),
        ] {
            let e = parse(Path::new("c.toml"), text).unwrap_err();
            assert_eq!(e.line, Some(line), "{text:?}: {e}");
        }
    }

    #[test]
    fn a_missing_file_is_an_empty_config() {
        let dir = std::env::temp_dir().join("posdoc-no-such-config-dir");
        assert_eq!(
            load(&dir.join("config.toml")).unwrap(),
            ConfigFile::default()
        );
    }

    #[test]
    fn flags_beat_env_beat_file_beat_default() {
        let file = ConfigFile {
            lang: Some("zh-Hant".into()),
            operator: Some("file-op".into()),
            agent: Some(true),
            database_url: None,
            data_dir: Some("/from/file".into()),
        };
        let env = |k: &str| match k {
            DATA_DIR_ENV => Some("/from/env".to_string()),
            "USER" => Some("env-user".to_string()),
            _ => None,
        };
        let s = resolve_with(&Flags::default(), &env, &file, None, Some("/def".into())).unwrap();
        assert_eq!(s.lang, Some(Lang::ZhHant));
        assert_eq!(s.operator, "file-op");
        assert!(s.agent);
        assert_eq!(
            s.store,
            StoreLocation::Sqlite(PathBuf::from("/from/env/cases.db"))
        );
        assert_eq!(s.store_from, Source::Env);
        let flags = Flags {
            lang: Some(Lang::En),
            operator: Some("flag-op".into()),
            data_dir: Some("/from/flag".into()),
            ..Flags::default()
        };
        let s = resolve_with(&flags, &env, &file, None, Some("/def".into())).unwrap();
        assert_eq!(s.lang, Some(Lang::En));
        assert_eq!(s.operator, "flag-op");
        assert_eq!(
            s.store,
            StoreLocation::Sqlite(PathBuf::from("/from/flag/cases.db"))
        );
        let s = resolve_with(
            &Flags::default(),
            &no_env,
            &ConfigFile::default(),
            None,
            Some("/def".into()),
        )
        .unwrap();
        assert_eq!(s.operator, "operator");
        assert_eq!(
            s.store,
            StoreLocation::Sqlite(PathBuf::from("/def/cases.db"))
        );
        assert_eq!(s.store_from, Source::Default);
        let e = resolve_with(
            &Flags::default(),
            &no_env,
            &ConfigFile::default(),
            None,
            None,
        );
        assert_eq!(e.unwrap_err(), SettingsError::NoDataDir);
    }

    #[test]
    fn no_save_beats_a_database_and_a_url_beats_the_data_dir() {
        let env = |k: &str| (k == DATABASE_URL_ENV).then(|| "postgres://h/db".to_string());
        let file = ConfigFile::default();
        let s = resolve_with(&Flags::default(), &env, &file, None, Some("/d".into())).unwrap();
        assert_eq!(s.store, StoreLocation::Postgres("postgres://h/db".into()));
        let flags = Flags {
            no_save: true,
            ..Flags::default()
        };
        let s = resolve_with(&flags, &env, &file, None, Some("/d".into())).unwrap();
        assert_eq!(s.store, StoreLocation::Memory);
        let flags = Flags {
            database_url: Some("sqlite:x".into()),
            ..Flags::default()
        };
        let e = resolve_with(&flags, &env, &file, None, Some("/d".into())).unwrap_err();
        assert!(e.to_string().contains("--database-url"), "{e}");
    }

    #[test]
    fn operator_names_are_one_clean_line() {
        let flags = Flags {
            operator: Some("ana\u{1b}[31m\nlee".into()),
            ..Flags::default()
        };
        let s = resolve_with(
            &flags,
            &no_env,
            &ConfigFile::default(),
            None,
            Some("/d".into()),
        )
        .unwrap();
        assert!(!s.operator.contains('\u{1b}') && !s.operator.contains('\n'));
    }

    #[test]
    fn passwords_never_show() {
        assert_eq!(
            redact_url("postgres://ana:s3cr%40t@db.example:5432/posdoc"),
            "postgres://ana:***@db.example:5432/posdoc"
        );
        assert_eq!(
            redact_url("postgres://ana@host/db"),
            "postgres://ana@host/db"
        );
        assert_eq!(
            redact_url("postgresql://host/db?user=a&password=pw&sslmode=require"),
            "postgresql://host/db?user=a&password=***&sslmode=require"
        );
        assert_eq!(redact_url("postgres:///db"), "postgres:///db");
    }
}
