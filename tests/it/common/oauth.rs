//! Real OAuth parts on 127.0.0.1: Radicale trusting `X-Remote-User`, and (tests/oauth/
//! servers.mjs, Node) oidc-provider with device flow, rotation, revocation and introspection,
//! plus a front that checks each bearer token by introspection before passing the request to
//! Radicale. `npm ci --prefix tests/oauth` (scripts/test) installs oidc-provider.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use super::Env;
use super::server::free_port;

pub(crate) const USER: &str = "ann";

pub(crate) struct OAuthServers {
    /// Radicale's config and collections and the servers' output; removed on drop.
    _dir: tempfile::TempDir,
    radicale: Option<Child>,
    node: Option<Child>,
    radicale_port: u16,
    pub(crate) issuer: String,
    /// The CalDAV URL the account is added with (the bearer-checking front).
    pub(crate) front: String,
}

fn oauth_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oauth")
}

impl OAuthServers {
    /// Both servers, access tokens living `access_seconds`.
    pub(crate) fn start(access_seconds: u32) -> OAuthServers {
        assert!(
            oauth_dir().join("node_modules/oidc-provider").is_dir(),
            "oidc-provider is missing: npm ci --prefix tests/oauth (scripts/test does it)"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let config = dir.path().join("radicale.cfg");
        std::fs::write(
            &config,
            format!(
                "[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = http_x_remote_user\n[rights]\ntype = owner_only\n[storage]\nfilesystem_folder = {}/collections\n[web]\ntype = none\n[logging]\nlevel = warning\n",
                dir.path().display()
            ),
        )
        .expect("radicale config");
        let radicale = Command::new("radicale")
            .arg("--config")
            .arg(&config)
            .env_remove("LD_PRELOAD")
            .env_remove("FAKETIME")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("radicale must be installed: scripts/test installs it");
        // Its output goes to a file: a closed pipe would kill it at its next line.
        let ready = dir.path().join("servers.out");
        let out = std::fs::File::create(&ready).expect("output file");
        let node = Command::new("node")
            .arg(oauth_dir().join("servers.mjs"))
            .arg(port.to_string())
            .arg(access_seconds.to_string())
            .env_remove("LD_PRELOAD")
            .env_remove("FAKETIME")
            .stdout(out)
            .stderr(Stdio::null())
            .spawn()
            .expect("node must be installed: scripts/test installs it");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let line = loop {
            let text = std::fs::read_to_string(&ready).unwrap_or_default();
            if let Some(l) = text.lines().find(|l| l.starts_with("READY ")) {
                break l.to_string();
            }
            assert!(
                std::time::Instant::now() < deadline,
                "servers.mjs did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        let mut parts = line.split_whitespace().skip(1);
        let (issuer, front) = match (parts.next(), parts.next()) {
            (Some(i), Some(f)) => (i.to_string(), f.to_string()),
            _ => panic!("servers.mjs did not start: {line:?}"),
        };
        let s = OAuthServers {
            _dir: dir,
            radicale: Some(radicale),
            node: Some(node),
            radicale_port: port,
            issuer,
            front,
        };
        s.wait_for_radicale();
        s
    }

    fn wait_for_radicale(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while self
            .direct("PROPFIND", &format!("/{USER}/"), "", &[("Depth", "0")])
            .0
            == 0
        {
            assert!(
                std::time::Instant::now() < deadline,
                "radicale did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// A request straight to Radicale as the user (another client, no token needed).
    fn direct(
        &self,
        method: &str,
        path: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .build()
            .into();
        let mut req = ureq::http::Request::builder()
            .method(ureq::http::Method::from_bytes(method.as_bytes()).expect("method"))
            .uri(format!("http://127.0.0.1:{}{path}", self.radicale_port))
            .header("X-Remote-User", USER);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let Ok(mut resp) = agent.run(req.body(body.to_string()).expect("request")) else {
            return (0, String::new());
        };
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        (resp.status().as_u16(), text)
    }

    pub(crate) fn mkcalendar(&self, name: &str) {
        let body = format!(
            r#"<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>{name}</D:displayname></D:prop></D:set></C:mkcalendar>"#
        );
        let (status, text) = self.direct("MKCALENDAR", &format!("/{USER}/{name}/"), &body, &[]);
        assert_eq!(status, 201, "MKCALENDAR: {text}");
    }

    pub(crate) fn put(&self, calendar: &str, file: &str, ics: &str) {
        let path = format!("/{USER}/{calendar}/{file}");
        let (status, text) = self.direct("PUT", &path, ics, &[("Content-Type", "text/calendar")]);
        assert!((200..300).contains(&status), "PUT {path}: {status} {text}");
    }

    /// The text of a calendar's members, concatenated (enough to look for a summary).
    pub(crate) fn contents(&self, calendar: &str) -> String {
        self.direct("GET", &format!("/{USER}/{calendar}/"), "", &[])
            .1
    }

    /// A test hook of the front (`/__fail?…`, `/__revoke_next`, `/__seen`).
    pub(crate) fn hook(&self, path_and_query: &str) -> String {
        let url = format!("{}{}", self.front, path_and_query.trim_start_matches('/'));
        let mut resp = ureq::post(&url).send_empty().expect("front hook");
        resp.body_mut().read_to_string().expect("hook answer")
    }

    /// Revokes a token at the provider, as the person would from the provider's side.
    pub(crate) fn revoke(&self, token: &str) {
        let url = format!("{}/token/revocation", self.issuer);
        let resp = ureq::post(&url)
            .send_form([("token", token), ("client_id", "tempo")])
            .expect("revocation");
        assert_eq!(resp.status().as_u16(), 200);
    }

    /// `tempo ARGS` signing in: the device code it prints (or the browser address) is approved
    /// through the provider's interaction pages, as a person would in a browser.
    pub(crate) fn sign_in(&self, env: &Env, args: &[&str]) -> Output {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("tempo"))
            .env_clear()
            .env("HOME", env.dir.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TEMPO_DB", &env.db)
            .env("TEMPO_NOW", super::NOW)
            .env("TZ", "Europe/Berlin")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tempo runs");
        let mut err = BufReader::new(child.stderr.take().expect("stderr"));
        let mut shown = String::new();
        let code = loop {
            let mut line = String::new();
            if err.read_line(&mut line).expect("stderr line") == 0 {
                let out = child.wait_with_output().expect("tempo ends");
                panic!(
                    "no code shown: {shown}{}",
                    String::from_utf8_lossy(&out.stdout)
                );
            }
            shown.push_str(&line);
            if let Some(rest) = line.split("enter the code ").nth(1) {
                break rest.trim().trim_end_matches(')').to_string();
            }
            // A browser sign-in: the authorization URL on a line of its own.
            if line.starts_with(&self.issuer) && line.contains("code_challenge=") {
                break line.trim().to_string();
            }
        };
        let approved = Command::new("node")
            .arg(oauth_dir().join("approve.mjs"))
            .args([&self.issuer, &code, USER])
            .output()
            .expect("node approve.mjs");
        assert!(
            approved.status.success(),
            "approval failed: {}",
            String::from_utf8_lossy(&approved.stderr)
        );
        let mut rest = String::new();
        err.read_to_string(&mut rest).expect("stderr");
        let mut out = child.wait_with_output().expect("tempo ends");
        out.stderr = format!("{shown}{rest}").into_bytes();
        out
    }

    /// The refresh token Tempo keeps for `account` (no keyring in the tests: the 0600 file).
    pub(crate) fn refresh_token(env: &Env, account: &str) -> String {
        let mut path = env.db.clone().into_os_string();
        path.push(".oauth");
        std::fs::read_to_string(PathBuf::from(path).join(account)).expect("token file")
    }
}

impl Drop for OAuthServers {
    fn drop(&mut self) {
        for child in [self.node.take(), self.radicale.take()]
            .into_iter()
            .flatten()
        {
            let mut child = child;
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
