//! A real Xandikos CalDAV server on 127.0.0.1 with its own temp folder, installed by
//! scripts/test into a virtualenv (`$HOME/.cache/tempo-test/xandikos`, or the one named by
//! `TEMPO_TEST_XANDIKOS`). It runs without authentication: its Basic auth needs TLS, and on
//! loopback the password adds nothing to what the scenarios check. Tempo still sends its
//! Authorization header, which Xandikos ignores.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use tempo::sync::dav::Client;

use super::radicale::{PASSWORD, USER};
use super::server::{self, Server, free_port};

/// Xandikos's default principal: `--autocreate` makes it and its calendar home, empty.
const PRINCIPAL: &str = "/user/";

pub(crate) struct Xandikos {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) port: u16,
    child: Option<Child>,
}

/// The `xandikos` program of the virtualenv scripts/test installs.
fn program() -> PathBuf {
    let venv = std::env::var_os("TEMPO_TEST_XANDIKOS").map_or_else(
        || {
            let home = std::env::var_os("HOME").expect("HOME is set");
            PathBuf::from(home).join(".cache/tempo-test/xandikos")
        },
        PathBuf::from,
    );
    let program = venv.join("bin/xandikos");
    assert!(
        program.is_file(),
        "Xandikos is not installed at {}: run scripts/test, which installs it \
         (python3 -m venv {venv} && {venv}/bin/pip install xandikos==0.4.10)",
        program.display(),
        venv = venv.display()
    );
    program
}

impl Xandikos {
    pub(crate) fn start() -> Xandikos {
        let mut x = Xandikos {
            dir: tempfile::tempdir().expect("temp dir"),
            port: free_port(),
            child: None,
        };
        x.run();
        x
    }

    fn run(&mut self) {
        let dir = self.dir.path();
        let child = Command::new(program())
            .arg("serve")
            .arg("--directory")
            .arg(dir.join("data"))
            .arg("--state-dir")
            .arg(dir.join("state"))
            .args(["--current-user-principal", PRINCIPAL, "--autocreate"])
            .args(["--listen-address", "127.0.0.1", "--port"])
            .arg(self.port.to_string())
            .arg("--no-detect-systemd")
            // The server keeps the real clock, as Radicale does (see there).
            .env_remove("LD_PRELOAD")
            .env_remove("FAKETIME")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xandikos runs (scripts/test installs it)");
        let (client, url) = (Server::client(self), Server::url(self));
        let child = self.child.insert(child);
        server::wait_until_answering("xandikos", child, self.port, &client, &url);
    }
}

impl Xandikos {
    /// Leaves calendar `name` as a server killed mid-write does: its Git lock still held.
    pub(crate) fn leave_stale_lock(&self, name: &str) {
        let git = self
            .dir
            .path()
            .join("data")
            .join(&self.calendar(name)[1..])
            .join(".git");
        assert!(git.is_dir(), "{} is a Git repository", git.display());
        std::fs::write(git.join("index.lock"), "").expect("write the lock");
    }
}

impl Server for Xandikos {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    fn client(&self) -> Client {
        Client::new(&Server::url(self), USER, PASSWORD).expect("client")
    }

    fn home(&self) -> String {
        format!("{PRINCIPAL}calendars/")
    }

    /// Xandikos's tokens are Git commit ids.
    fn bogus_token(&self) -> String {
        "0123456789abcdef0123456789abcdef01234567".to_string()
    }

    fn sync_from(&self, calendar: &str, token: &str) -> (u16, String) {
        server::sync_collection(
            &format!("{}{}", Server::url(self), &self.calendar(calendar)[1..]),
            token,
            &tempo::sync::dav::basic_auth(USER, PASSWORD),
            None,
        )
    }

    /// Precondition Failed, not the 403 RFC 6578 asks for.
    fn forgotten_token_status(&self) -> u16 {
        412
    }

    fn mkcalendar(&self, name: &str, display: &str) {
        server::mkcalendar(
            &format!("{}{}", Server::url(self), &self.calendar(name)[1..]),
            display,
            &tempo::sync::dav::basic_auth(USER, PASSWORD),
            None,
        );
    }

    /// Each calendar is a Git repository; a write holds its `.git/index.lock`, which a
    /// killed server leaves behind, and every later write into that calendar answers
    /// 423 Locked until it is removed.
    fn clear_stale_locks(&self) -> bool {
        let mut found = false;
        let mut dirs = vec![self.dir.path().join("data")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().ends_with(".lock"))
                {
                    // index.lock, or a ref's lock (refs/heads/master.lock) when the kill
                    // lands while a commit moves the branch.
                    std::fs::remove_file(&path).expect("remove a stale lock");
                    found = true;
                }
            }
        }
        found
    }

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    fn restart(&mut self) {
        Server::stop(self);
        self.run();
    }
}

impl Drop for Xandikos {
    fn drop(&mut self) {
        Server::stop(self);
    }
}
