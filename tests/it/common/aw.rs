//! A real ActivityWatch server (`aw-server`, testing mode, in-memory storage) on 127.0.0.1
//! with its own HOME, installed by scripts/test into a virtualenv
//! (`$HOME/.cache/tempo-test/aw-server`, or the one named by `TEMPO_TEST_AW`). Tests create
//! buckets and post events through its REST API, as the watchers do.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::server::free_port;

/// The version scripts/test installs.
pub(crate) const VERSION: &str = "0.12.0";

pub(crate) struct AwServer {
    _home: tempfile::TempDir,
    pub(crate) port: u16,
    child: Option<Child>,
    agent: ureq::Agent,
}

/// The `aw-server` program of the virtualenv scripts/test installs.
fn program() -> PathBuf {
    let venv = std::env::var_os("TEMPO_TEST_AW").map_or_else(
        || {
            let home = std::env::var_os("HOME").expect("HOME is set");
            PathBuf::from(home).join(".cache/tempo-test/aw-server")
        },
        PathBuf::from,
    );
    let program = venv.join("bin/aw-server");
    assert!(
        program.is_file(),
        "aw-server is not installed at {}: run scripts/test, which installs it \
         (python3 -m venv {venv} && {venv}/bin/pip install aw-server=={VERSION})",
        program.display(),
        venv = venv.display()
    );
    program
}

impl AwServer {
    pub(crate) fn start() -> AwServer {
        let home = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let mut child = Command::new(program())
            .args(["--testing", "--storage", "memory", "--host", "127.0.0.1"])
            .arg("--port")
            .arg(port.to_string())
            // Its config, logs and device id go under HOME: a temp one per server.
            .env("HOME", home.path())
            // It keeps the real clock, whatever a date-bomb check does to the tests.
            .env_remove("LD_PRELOAD")
            .env_remove("FAKETIME")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aw-server runs (scripts/test installs it)");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let deadline = Instant::now() + Duration::from_secs(20);
        let info = format!("http://127.0.0.1:{port}/api/0/info");
        while agent.get(&info).call().is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("aw-server exited at start: {status}");
            }
            assert!(Instant::now() < deadline, "aw-server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        AwServer {
            _home: home,
            port,
            child: Some(child),
            agent,
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A bucket as a watcher makes it (`type`: currentwindow, afkstatus, web.tab.current,
    /// app.editor.activity, …).
    pub(crate) fn create_bucket(&self, id: &str, kind: &str, client: &str) {
        let body = json!({"client": client, "type": kind, "hostname": "test-host"});
        self.post(&format!("/api/0/buckets/{id}"), &body)
            .unwrap_or_else(|e| panic!("creating bucket {id}: {e}"));
    }

    /// Events `[{"timestamp", "duration" (s), "data"}]` into a bucket.
    pub(crate) fn post_events(&self, id: &str, events: Value) {
        self.post(&format!("/api/0/buckets/{id}/events"), &events)
            .unwrap_or_else(|e| panic!("posting events to {id}: {e}"));
    }

    fn post(&self, path: &str, body: &Value) -> Result<(), ureq::Error> {
        self.agent
            .post(format!("{}{path}", self.url()))
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .map(drop)
    }

    pub(crate) fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for AwServer {
    fn drop(&mut self) {
        self.stop();
    }
}
