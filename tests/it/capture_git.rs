//! `tempo capture pull git` on real repositories made with the `git` binary: commits by two
//! people at fixed dates, only the configured identity's become signals, read incrementally.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::capture_shell::signals;
use crate::common::Env;

const ANN: &str = "ann@example.org";
const BOB: &str = "bob@example.org";

/// `git` in `dir`, isolated from the machine's configuration.
fn git(env: &Env, dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("HOME", env.dir.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository `name` whose own `user.email` is Ann's (or none).
fn repo(env: &Env, name: &str, owner: Option<&str>) -> PathBuf {
    let dir = env.dir.path().join(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    git(env, &dir, &["init", "-q", "-b", "main"]);
    if let Some(email) = owner {
        git(env, &dir, &["config", "user.email", email]);
        git(env, &dir, &["config", "user.name", "Owner"]);
    }
    dir
}

/// A commit by `email` at `when` (author and committer time).
fn commit(env: &Env, dir: &Path, email: &str, when: &str, subject: &str) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["commit", "-q", "--allow-empty", "-m", subject])
        .env("HOME", env.dir.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", email)
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_NAME", email)
        .env("GIT_COMMITTER_EMAIL", email)
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn history(env: &Env, dir: &Path) {
    commit(env, dir, ANN, "2026-11-20T10:00:00Z", "Ann: parser");
    commit(env, dir, BOB, "2026-11-20T11:00:00Z", "Bob: docs");
    commit(env, dir, ANN, "2026-11-21T09:15:00Z", "Ann: tests");
}

fn ts(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .expect("instant")
        .timestamp_millis()
}

fn config(env: &Env, text: &str) -> PathBuf {
    let path = env.dir.path().join("config.toml");
    std::fs::write(&path, text).expect("write config");
    path
}

#[test]
fn only_the_identitys_commits_become_signals_and_pulls_are_incremental() {
    let env = Env::new();
    let dir = repo(&env, "proj", Some(ANN));
    history(&env, &dir);
    let path = dir.to_str().expect("utf-8");
    let first = env.json(&["capture", "pull", "git", path]);
    assert_eq!(first["repos"][0]["author"], ANN, "{first}");
    assert_eq!(first["repos"][0]["read"], 3);
    assert_eq!(first["repos"][0]["commits"], 2);
    assert_eq!(first["ingest"]["stored"], 2);
    let rows = signals(&env);
    let canonical = std::fs::canonicalize(&dir).expect("canonical");
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert_eq!(rows[0].title, "Ann: parser");
    assert_eq!(rows[0].ts, ts("2026-11-20T10:00:00Z"));
    assert_eq!(rows[1].title, "Ann: tests");
    assert_eq!(rows[1].ts, ts("2026-11-21T09:15:00Z"));
    for r in &rows {
        assert_eq!((r.app.as_str(), r.kind.as_str()), ("git", "commit"));
        assert_eq!(r.source_type, "git");
        assert_eq!(r.repository.as_deref(), Some("proj"));
        assert_eq!(r.cwd.as_deref(), canonical.to_str());
    }

    // Nothing new: the pull starts at the newest commit read (git's --since includes it, and
    // the store already has it).
    let again = env.json(&["capture", "pull", "git", path]);
    assert_eq!(again["repos"][0]["read"], 1, "{again}");
    assert_eq!(again["ingest"]["stored"], 0, "{again}");
    commit(&env, &dir, BOB, "2026-11-21T10:00:00Z", "Bob: review");
    commit(&env, &dir, ANN, "2026-11-21T11:30:00Z", "Ann: fix");
    let third = env.json(&["capture", "pull", "git", path]);
    assert_eq!(third["repos"][0]["read"], 3, "{third}");
    assert_eq!(third["ingest"]["stored"], 1, "{third}");
    assert_eq!(signals(&env).len(), 3);
    assert_eq!(signals(&env)[2].title, "Ann: fix");
    // The text form says the same.
    let text = env.run(&["capture", "pull", "git", path]);
    assert!(
        text.contains("Git proj (") && text.contains("1 commit by ann@example.org (1 read)"),
        "{text}"
    );
}

#[test]
fn the_configured_author_and_repositories_and_since() {
    let env = Env::new();
    let dir = repo(&env, "proj", Some(ANN));
    history(&env, &dir);
    let cfg = config(
        &env,
        &format!(
            "[capture]\ngit_author = \"{BOB}\"\ngit_repos = [\"{}\"]\n",
            dir.display()
        ),
    );
    let out = env
        .cmd()
        .env("TEMPO_CONFIG", &cfg)
        .args(["--json", "capture", "pull", "git"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = signals(&env);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0].title, "Bob: docs");

    // --since reads from a time instead of the last pull.
    let other = Env::new();
    let dir = repo(&other, "lib", Some(ANN));
    history(&other, &dir);
    let out = other.json(&[
        "capture",
        "pull",
        "git",
        "--since",
        "2026-11-21",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(out["repos"][0]["read"], 1, "{out}");
    let rows = signals(&other);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].title, "Ann: tests");
    assert_eq!(rows[0].repository.as_deref(), Some("lib"));
}

fn refused(env: &Env, args: &[&str]) -> String {
    let before = env.snapshot();
    let out = env.cmd().args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    assert_eq!(env.snapshot(), before, "nothing changed for {args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_directory_that_is_not_a_repository_is_refused_by_name_and_nothing_is_read() {
    let env = Env::new();
    let good = repo(&env, "proj", Some(ANN));
    history(&env, &good);
    env.run(&["capture", "status"]);
    let plain = env.dir.path().join("plain");
    std::fs::create_dir_all(&plain).expect("mkdir");
    let good = good.to_str().expect("utf-8");
    let plain = plain.to_str().expect("utf-8");
    let err = refused(&env, &["capture", "pull", "git", good, plain]);
    assert!(
        err.contains(&format!("not a git repository: {plain}")),
        "{err}"
    );
    let missing = env.dir.path().join("missing");
    let missing = missing.to_str().expect("utf-8");
    let err = refused(&env, &["capture", "pull", "git", missing]);
    assert!(
        err.contains(&format!("not a git repository: {missing}")),
        "{err}"
    );
    // A repository without user.email and no git_author: whose commits is unknown.
    let anon = repo(&env, "anon", None);
    commit(&env, &anon, BOB, "2026-11-20T10:00:00Z", "x");
    let err = refused(
        &env,
        &["capture", "pull", "git", anon.to_str().expect("utf-8")],
    );
    assert!(err.contains("git_author"), "{err}");
    // No repository named and none configured.
    let err = refused(&env, &["capture", "pull", "git"]);
    assert!(err.contains("git_repos"), "{err}");
    let err = refused(
        &env,
        &["capture", "pull", "git", "--since", "someday", good],
    );
    assert!(err.contains("someday"), "{err}");
}
