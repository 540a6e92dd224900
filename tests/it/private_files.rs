//! The database, its -wal and -shm files, the log and the data directory are readable by
//! their owner only, even under umask 022; a database left world-readable by an older
//! version is made private when opened, and the person is told once.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::common::Env;

/// `tempo ARGS` on `db` under umask 022, as most shells have it.
fn tempo(env: &Env, db: &Path, args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_tempo"))
        .args(args)
        .env_clear()
        .env("HOME", env.dir.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TEMPO_DB", db)
        .env("TEMPO_NOW", crate::common::NOW)
        .env("TZ", "Europe/Berlin")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "tempo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("exists").permissions().mode() & 0o777
}

#[test]
fn a_new_database_its_directory_and_wal_files_are_private_under_umask_022() {
    let env = Env::new();
    let data = env.dir.path().join("data");
    let db = data.join("tempo").join("tempo.sqlite");
    tempo(&env, &db, &["add", "First"]);
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("tempo")), 0o700);
    assert_eq!(mode(&db), 0o600);
    // A reader held open keeps the -wal and -shm files of the next write in place.
    let reader = rusqlite::Connection::open(&db).expect("open");
    let _: i64 = reader
        .query_row("SELECT count(*) FROM tasks", [], |r| r.get(0))
        .expect("read");
    tempo(&env, &db, &["add", "Second"]);
    for suffix in ["-wal", "-shm"] {
        let p = data.join("tempo").join(format!("tempo.sqlite{suffix}"));
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
}

#[test]
fn a_world_readable_database_is_made_private_and_said_once() {
    let env = Env::new();
    tempo(&env, &env.db, &["add", "First"]);
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = tempo(&env, &env.db, &["list"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("readable by other users"), "{said}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("First"));
    assert_eq!(mode(&env.db), 0o600);
    let out = tempo(&env, &env.db, &["list"]);
    assert!(
        out.stderr.is_empty(),
        "said once: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
