//! A real Radicale CalDAV server on 127.0.0.1 with htpasswd (bcrypt) auth and its own temp
//! folder, installed by scripts/test. "Another client" writes to it through raw WebDAV.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use tempo::sync::dav::Client;

use super::server::{self, Server, free_port};

pub(crate) const USER: &str = "ann";
pub(crate) const PASSWORD: &str = "s3cret pass";

pub(crate) struct Radicale {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) port: u16,
    child: Option<Child>,
    /// Served over https: the CA file, the server's certificate and key.
    tls: Option<(PathBuf, PathBuf, PathBuf)>,
}

impl Radicale {
    pub(crate) fn start() -> Radicale {
        Radicale::start_with(None)
    }

    /// Over https with a certificate from `ca` (paths: CA, certificate, key).
    pub(crate) fn start_tls(ca: PathBuf, cert: PathBuf, key: PathBuf) -> Radicale {
        Radicale::start_with(Some((ca, cert, key)))
    }

    fn start_with(tls: Option<(PathBuf, PathBuf, PathBuf)>) -> Radicale {
        let dir = tempfile::tempdir().expect("temp dir");
        let users = dir.path().join("users");
        let status = Command::new("htpasswd")
            .args(["-B", "-c", "-b"])
            .arg(&users)
            .args([USER, PASSWORD])
            .stderr(Stdio::null())
            .status()
            .expect("htpasswd (apache2-utils) must be installed: scripts/test installs it");
        assert!(status.success(), "htpasswd failed");
        let mut r = Radicale {
            dir,
            port: free_port(),
            child: None,
            tls,
        };
        r.write_config();
        r.run();
        r
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    fn write_config(&self) {
        let d = self.dir.path().display();
        std::fs::write(
            self.config(),
            format!(
                "[server]\nhosts = 127.0.0.1:{port}\n{ssl}[auth]\ntype = htpasswd\nhtpasswd_filename = {d}/users\nhtpasswd_encryption = bcrypt\n[rights]\ntype = owner_only\n[storage]\nfilesystem_folder = {d}/collections\n[web]\ntype = none\n[logging]\nlevel = warning\n",
                port = self.port,
                ssl = self.tls.as_ref().map_or(String::new(), |(_, cert, key)| format!(
                    "ssl = True\ncertificate = {}\nkey = {}\n",
                    cert.display(),
                    key.display()
                )),
            ),
        )
        .expect("config");
    }

    fn run(&mut self) {
        let child = Command::new("radicale")
            .arg("--config")
            .arg(self.config())
            // Under the date-bomb check (`faketime '+365d'`) the server keeps the real clock:
            // it judges its sync tokens' age by file times, which faketime does not shift, so
            // a shifted server would take every token for a year old. A real clock a year
            // ahead moves both together, which is what running it unshifted models.
            .env_remove("LD_PRELOAD")
            .env_remove("FAKETIME")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("radicale must be installed: scripts/test installs it");
        self.child = Some(child);
        let (client, url) = (self.client(), self.url());
        if let Some(child) = self.child.as_mut() {
            server::wait_until_answering("radicale", child, self.port, &client, &url);
        }
    }

    pub(crate) fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts it again on the same port and folder.
    pub(crate) fn restart(&mut self) {
        self.stop();
        self.run();
    }

    pub(crate) fn url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://127.0.0.1:{}/", self.port)
    }

    pub(crate) fn client(&self) -> Client {
        let ca = self.tls.as_ref().map(|(ca, _, _)| ca.as_path());
        Client::with_ca_file(&self.url(), USER, PASSWORD, ca).expect("client")
    }

    /// A new calendar `/ann/{name}/` shown as `display`.
    pub(crate) fn mkcalendar(&self, name: &str, display: &str) {
        server::mkcalendar(
            &format!("{}{USER}/{name}/", self.url()),
            display,
            &tempo::sync::dav::basic_auth(USER, PASSWORD),
            self.tls.as_ref().map(|(ca, _, _)| ca.as_path()),
        );
    }

    pub(crate) fn href(&self, calendar: &str, file: &str) -> String {
        format!("/{USER}/{calendar}/{file}")
    }

    /// Writes a member as another client would (no precondition); its ETag.
    pub(crate) fn put(&self, calendar: &str, file: &str, ics: &str) -> String {
        server::put(&self.client(), &self.href(calendar, file), ics)
    }

    /// The members of a calendar: href and text, sorted by href.
    pub(crate) fn members(&self, calendar: &str) -> Vec<(String, String)> {
        server::members(&self.client(), &format!("/{USER}/{calendar}/"))
    }
}

impl Server for Radicale {
    fn url(&self) -> String {
        Radicale::url(self)
    }

    fn client(&self) -> Client {
        Radicale::client(self)
    }

    fn home(&self) -> String {
        format!("/{USER}/")
    }

    fn bogus_token(&self) -> String {
        "http://radicale.org/ns/sync/bogus".to_string()
    }

    fn sync_from(&self, calendar: &str, token: &str) -> (u16, String) {
        server::sync_collection(
            &format!("{}{USER}/{calendar}/", self.url()),
            token,
            &tempo::sync::dav::basic_auth(USER, PASSWORD),
            self.tls.as_ref().map(|(ca, _, _)| ca.as_path()),
        )
    }

    /// Forbidden, as RFC 6578 asks.
    fn forgotten_token_status(&self) -> u16 {
        403
    }

    fn mkcalendar(&self, name: &str, display: &str) {
        Radicale::mkcalendar(self, name, display);
    }

    fn stop(&mut self) {
        Radicale::stop(self);
    }

    fn restart(&mut self) {
        Radicale::restart(self);
    }
}

impl Drop for Radicale {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `tempo sync add-account home URL …` for this server's user, the password in `DAV_PW`.
pub(crate) fn add_account_args(url: &str) -> [&str; 8] {
    [
        "sync",
        "add-account",
        "home",
        url,
        "--user",
        USER,
        "--password-env",
        "DAV_PW",
    ]
}

/// A VEVENT as another client writes it.
pub(crate) fn event(uid: &str, summary: &str, start: &str, extra: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other client//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:{summary}\r\nDTSTART:{start}\r\nDURATION:PT1H\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

/// A VTODO as another client writes it.
pub(crate) fn todo(uid: &str, summary: &str, extra: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other client//EN\r\nBEGIN:VTODO\r\nUID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:{summary}\r\nSTATUS:NEEDS-ACTION\r\n{extra}END:VTODO\r\nEND:VCALENDAR\r\n"
    )
}
