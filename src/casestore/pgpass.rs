//! PostgreSQL's password file (`~/.pgpass`, or the file `PGPASSFILE`
//! names; `%APPDATA%\postgresql\pgpass.conf` on Windows), read as libpq
//! reads it, so a database URL in posdoc's config file never needs to hold
//! a password. The driver posdoc uses does not read it itself.
//!
//! Each line is `host:port:database:user:password`; `*` in any of the first
//! four fields matches anything, `\:` and `\\` stand for `:` and `\`, and
//! the first matching line wins. On Unix a file that its group or others
//! may read is ignored, as libpq does, and the reason is kept for the
//! message shown if the server then asks for a password.

use std::path::{Path, PathBuf};

/// What a password is looked up for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted<'a> {
    /// The host name, or the socket directory for a Unix socket.
    pub host: &'a str,
    /// Whether `host` is a Unix socket directory.
    pub socket: bool,
    pub port: u16,
    pub database: &'a str,
    pub user: &'a str,
}

/// The outcome of a look-up: a password, or why there is none worth telling
/// the user (None when there simply is no file or no matching line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Password(String),
    Nothing,
    Ignored(String),
}

/// The password file in use: `PGPASSFILE`, or the platform's default.
pub fn default_file() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("PGPASSFILE") {
        return Some(PathBuf::from(file));
    }
    if cfg!(windows) {
        std::env::var_os("APPDATA").map(|d| Path::new(&d).join("postgresql").join("pgpass.conf"))
    } else {
        std::env::var_os("HOME").map(|h| Path::new(&h).join(".pgpass"))
    }
}

/// Looks `wanted` up in `file`.
pub fn look_up(file: &Path, wanted: &Wanted<'_>) -> Found {
    let Ok(meta) = std::fs::metadata(file) else {
        return Found::Nothing;
    };
    if !meta.is_file() {
        return Found::Nothing;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return Found::Ignored(format!(
                "the password file {} was ignored because its group or others may read it (chmod 600 {})",
                file.display(),
                file.display()
            ));
        }
    }
    // A password file is small; a huge one is not read whole.
    if meta.len() > 1024 * 1024 {
        return Found::Ignored(format!(
            "the password file {} was ignored: it is larger than 1 MB",
            file.display()
        ));
    }
    match std::fs::read_to_string(file) {
        Ok(text) => password_in(&text, wanted).map_or(Found::Nothing, Found::Password),
        Err(e) => Found::Ignored(format!(
            "the password file {} could not be read ({e})",
            file.display()
        )),
    }
}

/// The password of the first line of `text` that matches `wanted`.
pub fn password_in(text: &str, wanted: &Wanted<'_>) -> Option<String> {
    let port = wanted.port.to_string();
    // libpq calls the default socket directory's host "localhost".
    let default_socket = wanted.socket
        && ["/var/run/postgresql", "/run/postgresql", "/tmp"]
            .contains(&wanted.host.trim_end_matches('/'));
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(fields)
        .find(|f| {
            let host_matches =
                f[0] == "*" || f[0] == wanted.host || (default_socket && f[0] == "localhost");
            host_matches
                && (f[1] == "*" || f[1] == port)
                && (f[2] == "*" || f[2] == wanted.database)
                && (f[3] == "*" || f[3] == wanted.user)
        })
        .map(|mut f| f.swap_remove(4))
}

/// A line's five fields, unescaped; None for a line with fewer. A `*` field
/// stays `*` only when it was not escaped, which is what matching needs.
fn fields(line: &str) -> Option<Vec<String>> {
    let mut out = Vec::with_capacity(5);
    let mut field = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            // The password is the rest of the line, still unescaped.
            ':' if out.len() < 4 => out.push(std::mem::take(&mut field)),
            '\\' => {
                if let Some(next) = chars.next() {
                    field.push(next);
                }
            }
            c => field.push(c),
        }
    }
    out.push(field);
    (out.len() == 5).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted<'a>(host: &'a str, socket: bool, database: &'a str, user: &'a str) -> Wanted<'a> {
        Wanted {
            host,
            socket,
            port: 5432,
            database,
            user,
        }
    }

    #[test]
    fn the_first_matching_line_wins_and_stars_match_anything() {
        let text = "# a comment\n\
                    db.example:5432:cases:ana:first\n\
                    *:*:cases:ana:second\n\
                    *:*:*:*:fallback\n";
        let w = wanted("db.example", false, "cases", "ana");
        assert_eq!(password_in(text, &w).as_deref(), Some("first"));
        let w = wanted("other.example", false, "cases", "ana");
        assert_eq!(password_in(text, &w).as_deref(), Some("second"));
        let w = wanted("other.example", false, "cases", "bo");
        assert_eq!(password_in(text, &w).as_deref(), Some("fallback"));
        let only = "db.example:5433:cases:ana:x\n";
        assert_eq!(
            password_in(only, &wanted("db.example", false, "cases", "ana")),
            None
        );
    }

    #[test]
    fn escapes_and_colons_in_the_password_are_read_as_libpq_reads_them() {
        let text = "db\\:1:5432:cases:ana:pa\\:ss:wo\\\\rd\n";
        assert_eq!(
            password_in(text, &wanted("db:1", false, "cases", "ana")).as_deref(),
            Some("pa:ss:wo\\rd")
        );
        // Too few fields: not a line at all.
        assert_eq!(
            password_in("db:5432:cases\n", &wanted("db", false, "cases", "ana")),
            None
        );
    }

    #[test]
    fn localhost_stands_for_the_default_socket_only() {
        let text = "localhost:5432:cases:ana:local\n/srv/pg:5432:cases:ana:own\n";
        assert_eq!(
            password_in(text, &wanted("/var/run/postgresql", true, "cases", "ana")).as_deref(),
            Some("local")
        );
        assert_eq!(
            password_in(text, &wanted("/srv/pg", true, "cases", "ana")).as_deref(),
            Some("own")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_may_read_is_ignored_with_the_reason() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("posdoc-pgpass-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("pgpass");
        std::fs::write(&file, "*:*:*:*:secret\n").unwrap();
        let w = wanted("db", false, "cases", "ana");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        match look_up(&file, &w) {
            Found::Ignored(why) => assert!(why.contains("chmod 600"), "{why}"),
            other => panic!("{other:?}"),
        }
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(look_up(&file, &w), Found::Password("secret".into()));
        assert_eq!(look_up(&dir.join("absent"), &w), Found::Nothing);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
