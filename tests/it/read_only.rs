//! A database tempo may read but not write (a read-only file, or a file in a read-only
//! directory, as another user sees it): commands that only read work; one that writes fails
//! with an error and changes nothing. As root, the commands run as `nobody` through
//! `setpriv`, since permissions do not stop root.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::common::Env;

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `tempo ARGS` as a user who may not write the database.
pub(crate) fn tempo_as_reader(env: &Env, args: &[&str]) -> std::process::Output {
    let bin = env!("CARGO_BIN_EXE_tempo");
    let mut c = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        Command::new(bin)
    };
    c.args(args)
        .env_clear()
        .env("HOME", env.dir.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TEMPO_DB", &env.db)
        .env("TEMPO_NOW", crate::common::NOW)
        .env("TZ", "Europe/Berlin")
        .output()
        .expect("runs (setpriv is in util-linux)")
}

pub(crate) fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn reads_work_and_writes_fail(env: &Env) {
    let before = env.snapshot();
    for args in [
        &["list"][..],
        &["show", "1"],
        &["cal", "agenda"],
        &["export", "json"],
    ] {
        let out = tempo_as_reader(env, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if args[0] != "cal" {
            assert!(String::from_utf8_lossy(&out.stdout).contains("Read me"));
        }
    }
    let out = tempo_as_reader(env, &["add", "Written"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("readonly"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_database_in_a_read_only_directory_can_be_read() {
    let env = Env::new();
    env.run(&["add", "Read me"]);
    chmod(&env.db, 0o444);
    chmod(env.dir.path(), 0o555);
    reads_work_and_writes_fail(&env);
    chmod(env.dir.path(), 0o700);
}

#[test]
fn a_read_only_database_file_can_be_read() {
    let env = Env::new();
    env.run(&["add", "Read me"]);
    chmod(&env.db, 0o444);
    // Others may create files here (the -shm index), but not write the database.
    chmod(env.dir.path(), 0o777);
    reads_work_and_writes_fail(&env);
    chmod(env.dir.path(), 0o700);
}
