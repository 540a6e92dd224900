//! The app in a real tmux server of its own (scripts/test installs tmux): keys in, screen out.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::Env;

/// A tmux server of our own (its own socket), killed on drop.
pub(crate) struct Tmux {
    pub(crate) socket: String,
}

impl Tmux {
    pub(crate) fn start(env: &Env, width: u16, height: u16) -> Tmux {
        Tmux::start_with(env, &[], width, height, "")
    }

    /// Starts `tempo` on `env`'s database with `extra` environment, optionally inside a
    /// `wrapper` shell command prefix (empty: run it directly).
    pub(crate) fn start_with(
        env: &Env,
        extra: &[(&str, String)],
        width: u16,
        height: u16,
        tag: &str,
    ) -> Tmux {
        let name = env
            .dir
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("x")
            .to_string();
        let tmux = Tmux {
            socket: format!("tempo-test-{}-{name}{tag}", std::process::id()),
        };
        // The app runs on the suite's pinned clock, like every `env.cmd()`, unless the test
        // hands it a clock of its own.
        let mut extra: String = extra.iter().map(|(k, v)| format!(" {k}={v}")).collect();
        if !extra.contains(" TEMPO_NOW=") {
            extra.push_str(&format!(" TEMPO_NOW={}", crate::common::NOW));
        }
        let command = format!(
            "env HOME={home} TEMPO_DB={db} TZ=Europe/Berlin TERM=xterm-256color{extra} {bin}",
            home = env.dir.path().display(),
            db = env.db.display(),
            bin = env!("CARGO_BIN_EXE_tempo"),
        );
        let (w, h) = (width.to_string(), height.to_string());
        tmux.run(&["new-session", "-d", "-s", "t", "-x", &w, "-y", &h, &command]);
        tmux
    }

    pub(crate) fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux must be installed (scripts/test installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub(crate) fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "t"])
    }

    pub(crate) fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    pub(crate) fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "t", "-l", text]);
    }

    /// Waits up to 10 s for the screen to satisfy `pred`; panics with the screen otherwise.
    pub(crate) fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_up_to(10, what, pred)
    }

    pub(crate) fn wait_up_to(
        &self,
        seconds: u64,
        what: &str,
        pred: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub(crate) fn alive(&self) -> bool {
        Command::new("tmux")
            .args(["-L", &self.socket, "has-session", "-t", "t"])
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}
