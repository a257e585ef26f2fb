//! A throwaway PostgreSQL cluster for tests and benches: initdb into a temp
//! directory, listening only on a unix socket there, trust login for the
//! test users (plus one role that must give a password), started with
//! pg_ctl and stopped at the end. The test binary starts it itself, so a
//! local run and CI do the same thing; CI only installs the packages.
//!
//! Without the PostgreSQL binaries the tests print a notice and pass,
//! unless `CI_REQUIRE_REAL_PARTS=1`, where they fail.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The role that logs in with a password (scram-sha-256), and its password.
pub const PASSWORD_ROLE: &str = "pw_agent";
pub const PASSWORD: &str = "correct-horse-7";
/// The superuser the fixture creates databases with.
const ADMIN: &str = "posdoc_admin";
const PORT: u16 = 5432;
/// The TLS cluster's certificate authority and the server's certificate,
/// made with the `openssl` command.
const TLS_DIR: &str = "tls";

pub struct PgCluster {
    root: PathBuf,
    bin: PathBuf,
    /// Run the server's tools as `postgres` (they refuse to run as root).
    as_postgres: bool,
    /// Stops the cluster if this process dies without dropping it.
    watchdog: Option<Child>,
    /// The port of the socket, and of 127.0.0.1 for a TLS cluster.
    port: u16,
    tls: bool,
}

/// Where initdb and pg_ctl are: on PATH, or in Debian's versioned directory.
fn binaries() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() {
                return Some(dir);
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Whether PostgreSQL tests can run here; prints why not, or fails when
/// CI requires them.
pub fn available() -> bool {
    // Told straight to stderr, past the test harness's capture, once per
    // binary: a skip must be seen.
    static TOLD: std::sync::Once = std::sync::Once::new();
    if binaries().is_some() {
        return true;
    }
    assert!(
        std::env::var("CI_REQUIRE_REAL_PARTS").as_deref() != Ok("1"),
        "PostgreSQL is not installed, and CI_REQUIRE_REAL_PARTS=1 requires these tests: apt-get install postgresql"
    );
    TOLD.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: PostgreSQL not installed (initdb/pg_ctl not found); apt-get install postgresql to run these tests"
        );
    });
    false
}

/// `runuser`, which root's PATH may lack (it lives in /usr/sbin).
fn runuser() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    on_path
        .into_iter()
        .chain(["/usr/sbin".into(), "/sbin".into(), "/usr/bin".into()])
        .map(|dir| dir.join("runuser"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| "runuser".into())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl PgCluster {
    /// A cluster of this test binary's own, stopped and removed when
    /// dropped (and by a watchdog if the binary dies first). `durable`:
    /// fsync on, as a real server runs (benches); off for tests.
    pub fn start(durable: bool) -> Option<PgCluster> {
        PgCluster::start_with(durable, false)
    }

    /// A cluster that also listens on 127.0.0.1, where it takes only TLS
    /// connections, with a certificate for 127.0.0.1 and localhost signed
    /// by an authority of its own ([`PgCluster::authority`]).
    pub fn start_tls() -> Option<PgCluster> {
        if !openssl_available() {
            return None;
        }
        PgCluster::start_with(false, true)
    }

    fn start_with(durable: bool, tls: bool) -> Option<PgCluster> {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        if !available() {
            return None;
        }
        let root = std::env::temp_dir().join(format!(
            "posdoc-pg-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("socket")).unwrap();
        let as_postgres = is_root();
        if as_postgres {
            run(
                Command::new("chown").arg("-R").arg("postgres:").arg(&root),
                "chown the cluster directory to postgres",
            );
        }
        let port = if tls { free_port() } else { PORT };
        let mut cluster = PgCluster {
            root,
            bin: binaries().expect("checked above"),
            as_postgres,
            watchdog: None,
            port,
            tls,
        };
        cluster.watchdog = Some(cluster.spawn_watchdog());
        run(
            cluster.tool("initdb").arg("-D").arg(cluster.data()).args([
                "-U",
                ADMIN,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ]),
            "initdb",
        );
        let mut conf = format!(
            "\nlisten_addresses = '{}'\nunix_socket_directories = '{}'\nport = {port}\nfsync = {}\nmax_connections = 100\n",
            if tls { "127.0.0.1" } else { "" },
            cluster.socket_dir().display(),
            if durable { "on" } else { "off" }
        );
        // The password role must give its password; everyone else is trusted.
        let mut hba = format!("local all {PASSWORD_ROLE} scram-sha-256\nlocal all all trust\n");
        if tls {
            cluster.make_certificates();
            let dir = cluster.root.join(TLS_DIR);
            conf.push_str(&format!(
                "ssl = on\nssl_cert_file = '{}'\nssl_key_file = '{}'\n",
                dir.join("server.crt").display(),
                dir.join("server.key").display()
            ));
            // Over the network only with TLS: a plain connection is refused.
            hba.push_str(
                "hostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n",
            );
        }
        append(&cluster.data().join("postgresql.conf"), &conf);
        std::fs::write(cluster.data().join("pg_hba.conf"), hba).unwrap();
        cluster.start_again();
        cluster.sql(
            "postgres",
            &format!(
                "CREATE ROLE agent LOGIN; CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'"
            ),
        );
        Some(cluster)
    }

    /// One cluster for all tests of this binary that don't stop it; the
    /// watchdog stops it when the binary exits.
    pub fn shared() -> Option<&'static PgCluster> {
        static SHARED: OnceLock<Option<PgCluster>> = OnceLock::new();
        SHARED.get_or_init(|| PgCluster::start(false)).as_ref()
    }

    fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    pub fn socket_dir(&self) -> PathBuf {
        self.root.join("socket")
    }

    fn tool(&self, name: &str) -> Command {
        let path = self.bin.join(name);
        if self.as_postgres {
            let mut cmd = Command::new(runuser());
            cmd.args(["-u", "postgres", "--"]).arg(path);
            cmd
        } else {
            Command::new(path)
        }
    }

    /// Stops and removes the cluster once this process is gone, however it
    /// ends (a panic, an abort, a test harness that never drops statics).
    fn spawn_watchdog(&self) -> Child {
        let stop = format!(
            "{}{} -D '{}' -m immediate stop",
            if self.as_postgres {
                format!("{} -u postgres -- ", runuser().display())
            } else {
                String::new()
            },
            self.bin.join("pg_ctl").display(),
            self.data().display()
        );
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; \
             if [ -f '{data}/postmaster.pid' ]; then {stop}; fi; rm -rf '{root}'",
            pid = std::process::id(),
            data = self.data().display(),
            root = self.root.display(),
        );
        Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sh runs")
    }

    /// Stops the server (fast: open connections are cut, as when a server
    /// goes down for maintenance).
    pub fn stop(&self) {
        run(
            self.tool("pg_ctl")
                .arg("-D")
                .arg(self.data())
                .args(["-m", "fast", "-w", "stop"]),
            "pg_ctl stop",
        );
    }

    /// Starts the server (again).
    pub fn start_again(&self) {
        run(
            self.tool("pg_ctl")
                .arg("-D")
                .arg(self.data())
                .arg("-l")
                .arg(self.root.join("server.log"))
                .args(["-w", "start"]),
            "pg_ctl start",
        );
    }

    /// A URL for `user` on database `db`, through the socket.
    pub fn url(&self, user: &str, password: Option<&str>, db: &str) -> String {
        let host: String = self.socket_dir().display().to_string().replace('/', "%2F");
        let port = self.port;
        match password {
            Some(pw) => format!("postgresql://{user}:{pw}@{host}:{port}/{db}"),
            None => format!("postgresql://{user}@{host}:{port}/{db}"),
        }
    }

    /// A URL for `user` on database `db` over 127.0.0.1 (a TLS cluster's
    /// network side), ending in `?` options as given.
    pub fn tcp_url(&self, host: &str, user: &str, db: &str, options: &str) -> String {
        assert!(self.tls, "only a TLS cluster listens on 127.0.0.1");
        format!("postgresql://{user}@{host}:{}/{db}?{options}", self.port)
    }

    /// The certificate of the TLS cluster's own authority (PEM).
    pub fn authority(&self) -> PathBuf {
        self.root.join(TLS_DIR).join("ca.crt")
    }

    /// An authority and a server certificate for 127.0.0.1 and localhost
    /// signed by it; the key readable by the server only.
    fn make_certificates(&self) {
        let dir = self.root.join(TLS_DIR);
        std::fs::create_dir_all(&dir).unwrap();
        let openssl = |args: &[&str], what: &str| {
            run(Command::new("openssl").current_dir(&dir).args(args), what);
        };
        openssl(
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=posdoc test authority",
                "-keyout",
                "ca.key",
                "-out",
                "ca.crt",
            ],
            "openssl: the authority",
        );
        openssl(
            &[
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=localhost",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
            ],
            "openssl: the server's request",
        );
        std::fs::write(
            dir.join("server.ext"),
            "subjectAltName = IP:127.0.0.1, DNS:localhost\nbasicConstraints = CA:FALSE\nkeyUsage = digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\n",
        )
        .unwrap();
        openssl(
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "server.ext",
                "-out",
                "server.crt",
            ],
            "openssl: the server's certificate",
        );
        if self.as_postgres {
            run(
                Command::new("chown").arg("-R").arg("postgres:").arg(&dir),
                "chown the certificates to postgres",
            );
        }
        run(
            Command::new("chmod").arg("600").arg(dir.join("server.key")),
            "the server's key readable by its owner only",
        );
    }

    /// A superuser connection to `db`.
    pub fn admin(&self, db: &str) -> postgres::Client {
        postgres::Client::connect(&self.url(ADMIN, None, db), postgres::NoTls)
            .unwrap_or_else(|e| panic!("admin connection to {db}: {e}"))
    }

    /// Runs `sql` as the superuser on `db`.
    pub fn sql(&self, db: &str, sql: &str) {
        self.admin(db)
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// A new, empty database `name` that every test user may use; returns
    /// the URL of the trusted user `agent` on it.
    pub fn fresh_database(&self, name: &str) -> String {
        // Catalog changes from parallel tests take turns.
        static CATALOG: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _turn = CATALOG
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for sql in [
            format!("DROP DATABASE IF EXISTS {name}"),
            format!("CREATE DATABASE {name} OWNER agent"),
            format!("GRANT ALL ON DATABASE {name} TO {PASSWORD_ROLE}"),
        ] {
            self.sql("postgres", &sql);
        }
        // The case tables are created by whoever connects first; the password
        // role uses them too.
        self.sql(
            name,
            &format!("GRANT ALL ON SCHEMA public TO {PASSWORD_ROLE}; ALTER DEFAULT PRIVILEGES FOR ROLE agent GRANT ALL ON TABLES TO {PASSWORD_ROLE}"),
        );
        self.url("agent", None, name)
    }
}

/// Whether the `openssl` command can make the TLS cluster's certificates;
/// prints why not, or fails when CI requires the test.
fn openssl_available() -> bool {
    let found = Command::new("openssl")
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        return true;
    }
    assert!(
        std::env::var("CI_REQUIRE_REAL_PARTS").as_deref() != Ok("1"),
        "the openssl command is missing, and CI_REQUIRE_REAL_PARTS=1 requires the TLS test: apt-get install openssl"
    );
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        b"SKIPPED: the openssl command is missing (it makes the TLS test's certificates); apt-get install openssl\n",
    );
    false
}

/// A TCP port nobody listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

fn append(path: &Path, text: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if self.data().join("postmaster.pid").exists() {
            let _ = self
                .tool("pg_ctl")
                .arg("-D")
                .arg(self.data())
                .args(["-m", "immediate", "-w", "stop"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.root);
        if let Some(mut watchdog) = self.watchdog.take() {
            let _ = watchdog.kill();
            let _ = watchdog.wait();
        }
    }
}
