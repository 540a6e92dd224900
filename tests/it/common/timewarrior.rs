//! Drives the real Timewarrior (`timew`, installed by scripts/test) on a private database,
//! under faketime pinned to the suite's `NOW` and in the suite's zone (Berlin), so its day
//! boundaries are Tempo's.

use std::path::Path;
use std::process::Command;

/// Runs `timew ARGS` with `TIMEWARRIORDB` in `dir` (created with an empty config, so timew
/// asks no questions); fails loudly when Timewarrior or faketime is missing.
pub(crate) fn timew(dir: &Path, args: &[&str]) -> String {
    let db = dir.join("timew");
    if !db.exists() {
        std::fs::create_dir_all(&db).expect("timew dir");
        std::fs::write(db.join("timewarrior.cfg"), "").expect("timew config");
    }
    let out = Command::new("faketime")
        .args(["-f", &super::faketime_stamp()])
        .arg("timew")
        .args(args)
        .env("TIMEWARRIORDB", &db)
        .env("TZ", "Europe/Berlin")
        .output()
        .expect(
            "faketime and Timewarrior's `timew` must be installed (scripts/test installs them)",
        );
    assert!(
        out.status.success(),
        "timew {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The grand total `timew summary` prints last, in seconds.
pub(crate) fn summary_total(summary: &str) -> i64 {
    let last = summary
        .split_whitespace()
        .rev()
        .find(|w| w.matches(':').count() == 2)
        .unwrap_or("0:00:00");
    let parts: Vec<i64> = last.split(':').map(|p| p.parse().unwrap_or(0)).collect();
    parts[0] * 3600 + parts[1] * 60 + parts[2]
}
