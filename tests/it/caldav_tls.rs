//! Servers with a private certificate authority: refused by default, trusted with
//! `--ca-file` (per account and per subscription, kept as a path) or through
//! `SSL_CERT_FILE`, as every OpenSSL program does. The CA and the server's certificate are
//! made at test time with `openssl` (scripts/test installs it). Also: the password over
//! plain http to another host only with `--allow-http`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::common::Env;
use crate::common::radicale::{self, Radicale, add_account_args};

/// A private CA and a certificate for 127.0.0.1 signed by it.
struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    fn new() -> Pki {
        let dir = tempfile::tempdir().expect("dir");
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(dir.path())
                .output()
                .expect("openssl must be installed: scripts/test installs it");
            assert!(out.status.success(), "openssl {args:?}: {out:?}");
        };
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "3650",
            "-subj",
            "/CN=Tempo Test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        openssl(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ]);
        std::fs::write(
            dir.path().join("ext.cnf"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .expect("ext");
        openssl(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "3650",
            "-extfile",
            "ext.cnf",
            "-out",
            "server.pem",
        ]);
        Pki { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Python's file server over https on 127.0.0.1, serving `root`.
struct HttpsFiles {
    child: Child,
    port: u16,
}

const SERVE: &str = r#"
import http.server, ssl, sys, os
root, cert, key = sys.argv[1:4]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
class Quiet(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=root, **k)
    def log_message(self, *a):
        pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
print(srv.server_address[1], flush=True)
srv.serve_forever()
"#;

impl HttpsFiles {
    fn start(root: &Path, pki: &Pki) -> HttpsFiles {
        let mut child = Command::new("python3")
            .args(["-c", SERVE])
            .arg(root)
            .arg(pki.path("server.pem"))
            .arg(pki.path("server.key"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("port");
        let port = line.trim().parse().expect("a port");
        HttpsFiles { child, port }
    }
}

impl Drop for HttpsFiles {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

const FEED: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//feed//EN\r\nBEGIN:VEVENT\r\nUID:f-1\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Feed item\r\nDTSTART:20261124T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn a_subscription_to_a_private_ca_needs_its_ca_file_or_ssl_cert_file() {
    let pki = Pki::new();
    let root = tempfile::tempdir().expect("dir");
    std::fs::write(root.path().join("feed.ics"), FEED).expect("feed");
    let server = HttpsFiles::start(root.path(), &pki);
    let url = format!("https://127.0.0.1:{}/feed.ics", server.port);
    let ca = pki.path("ca.pem").display().to_string();

    let env = Env::new();
    let before = env.snapshot();
    // Refused: the failed first refresh names the certificate problem (exit 1).
    let out = env
        .cmd()
        .args(["sync", "add-subscription", "Plain", &url])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).to_lowercase().contains("issuer"),
        "{}",
        text(&out)
    );

    // A CA file that is not one: exit 2, nothing stored.
    let bogus = root.path().join("feed.ics").display().to_string();
    let after_plain = env.snapshot();
    let out = env
        .cmd()
        .args(["sync", "add-subscription", "Bad", &url, "--ca-file", &bogus])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("holds no PEM certificate"),
        "{}",
        text(&out)
    );
    assert_eq!(env.snapshot(), after_plain);
    assert_ne!(before, after_plain);

    // With --ca-file: fetched now and at each refresh, the path kept (not the certificate).
    let out = env
        .cmd()
        .args([
            "sync",
            "add-subscription",
            "Private",
            &url,
            "--ca-file",
            &ca,
        ])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    let out = env
        .cmd()
        .args(["sync", "--calendar", "Private"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    let kept: String = rusqlite::Connection::open(&env.db)
        .expect("db")
        .query_row(
            "SELECT ca_file FROM subscriptions WHERE ca_file IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("a path");
    assert_eq!(Path::new(&kept), std::fs::canonicalize(&ca).expect("ca"));

    // Through SSL_CERT_FILE, with no --ca-file.
    let out = env
        .cmd()
        .env("SSL_CERT_FILE", &ca)
        .args(["sync", "--calendar", "Plain"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn an_account_on_a_private_ca_is_added_with_its_ca_file_and_syncs() {
    let pki = Pki::new();
    let server = Radicale::start_tls(
        pki.path("ca.pem"),
        pki.path("server.pem"),
        pki.path("server.key"),
    );
    server.mkcalendar("work", "Work");
    server.put(
        "work",
        "a.ics",
        &radicale::event("ev-a", "Over TLS", "20261124T090000Z", ""),
    );
    let env = Env::new();
    env.run(&["add", "Existing task"]);
    let tempo = |extra: &[&str], ssl_cert_file: Option<&Path>| {
        let mut cmd = env.cmd();
        cmd.env("DAV_PW", radicale::PASSWORD);
        if let Some(f) = ssl_cert_file {
            cmd.env("SSL_CERT_FILE", f);
        }
        let url = server.url();
        let mut args: Vec<&str> = add_account_args(&url).to_vec();
        args.extend_from_slice(extra);
        cmd.args(&args).output().expect("runs")
    };
    let before = env.snapshot();
    let out = tempo(&[], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("TLS failure talking to 127.0.0.1"),
        "{}",
        text(&out)
    );
    assert_eq!(env.snapshot(), before);

    let ca = pki.path("ca.pem").display().to_string();
    let out = tempo(&["--ca-file", &ca], None);
    assert!(out.status.success(), "{}", text(&out));
    let out = env
        .cmd()
        .env("DAV_PW", radicale::PASSWORD)
        .args(["--json", "sync", "--account", "home"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v[0]["result"]["added"], 1, "{v}");

    // SSL_CERT_FILE alone is enough too (another database).
    let other = Env::new();
    let mut cmd = other.cmd();
    cmd.env("DAV_PW", radicale::PASSWORD)
        .env("SSL_CERT_FILE", pki.path("ca.pem"));
    let out = cmd
        .args(add_account_args(&server.url()))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn basic_auth_over_plain_http_to_another_host_needs_allow_http() {
    let env = Env::new();
    env.run(&["add", "Existing task"]);
    let before = env.snapshot();
    let url = "http://dav.example.invalid/";
    let out = env
        .cmd()
        .env("DAV_PW", "pw")
        .args(add_account_args(url))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--allow-http"), "{}", text(&out));
    assert_eq!(env.snapshot(), before);

    // Allowed: warned about (once), then tried (and here, not found).
    let mut args = add_account_args(url).to_vec();
    args.push("--allow-http");
    let out = env
        .cmd()
        .env("DAV_PW", "pw")
        .args(&args)
        .output()
        .expect("runs");
    let said = text(&out);
    assert_eq!(said.matches("unencrypted").count(), 1, "{said}");
    assert_ne!(out.status.code(), Some(2), "{said}");
    assert_eq!(env.snapshot(), before);
}
