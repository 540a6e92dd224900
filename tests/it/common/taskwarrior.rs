//! Drives the real Taskwarrior (`task`, installed by scripts/test) under faketime.

use std::path::Path;
use std::process::Command;

/// Runs `task` against a private data dir, its clock pinned to the suite's `NOW` (Taskwarrior
/// creates recurring instances up to the real today, so an unpinned run counts differently
/// every week); fails loudly when Taskwarrior or faketime is missing.
pub(crate) fn task(dir: &Path, args: &[&str]) -> String {
    configure(dir, "");
    run(dir, args)
}

/// Writes the private taskrc (once) with `extra` lines, such as UDA definitions.
pub(crate) fn configure(dir: &Path, extra: &str) {
    let rc = dir.join("taskrc");
    if !rc.exists() {
        let data = dir.join("data");
        std::fs::write(
            &rc,
            format!(
                "data.location={}\nconfirmation=off\nrecurrence.confirmation=no\nverbose=nothing\n{extra}",
                data.display()
            ),
        )
        .expect("write taskrc");
    }
}

fn run(dir: &Path, args: &[&str]) -> String {
    let rc = dir.join("taskrc");
    let out = Command::new("faketime")
        .args(["-f", &super::faketime_stamp()])
        .arg("task")
        .args(args)
        .env("TASKRC", &rc)
        .env("TZ", "UTC")
        .output()
        .expect("faketime and Taskwarrior's `task` must be installed (scripts/test installs them)");
    assert!(
        out.status.success(),
        "task {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}
