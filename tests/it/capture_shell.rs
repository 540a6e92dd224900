//! The shell hook in real shells: `tempo capture hook bash|zsh|fish` evaluated in an
//! interactive shell (its clock pinned by faketime), a few commands typed, then
//! `tempo capture pull shell`. Also the spool's torn lines, rotation, privacy, and the daemon.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{ClockFile, Env};

/// The shells' clock: half an hour before the suite's "now", so what they record is in the past.
const SHELL_CLOCK: &str = "@2026-11-22 09:00:00";
const SHELL_EPOCH_MS: i64 = 1_795_338_000_000;

/// One stored signal, as the tests look at it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub(crate) ts: i64,
    pub(crate) app: String,
    pub(crate) kind: String,
    pub(crate) source_type: String,
    pub(crate) title: String,
    pub(crate) cwd: Option<String>,
    pub(crate) repository: Option<String>,
    pub(crate) duration_ms: Option<i64>,
}

/// The stored signals, oldest first.
pub(crate) fn signals(env: &Env) -> Vec<Row> {
    rows(env, "ts, id")
}

/// The stored signals in the order they were stored. (Under faketime every `date` fish runs
/// starts at the same instant, so fish's times cannot order its commands.)
fn signals_as_stored(env: &Env) -> Vec<Row> {
    rows(env, "id")
}

fn rows(env: &Env, order: &str) -> Vec<Row> {
    let conn = rusqlite::Connection::open(&env.db).expect("open");
    let mut stmt = conn
        .prepare(&format!(
            "SELECT ts, app, kind, source_type, title, cwd, repository, duration_ms \
             FROM capture_signals ORDER BY {order}"
        ))
        .expect("prepare");
    stmt.query_map([], |r| {
        Ok(Row {
            ts: r.get(0)?,
            app: r.get(1)?,
            kind: r.get(2)?,
            source_type: r.get(3)?,
            title: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            cwd: r.get(5)?,
            repository: r.get(6)?,
            duration_ms: r.get(7)?,
        })
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

fn titles(env: &Env) -> Vec<String> {
    signals(env).into_iter().map(|r| r.title).collect()
}

fn spool(env: &Env) -> PathBuf {
    env.dir.path().join("capture-spool")
}

/// A directory holding the `tempo` binary under that name, for the hook line `eval "$(tempo …)"`.
fn path_with_tempo() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_tempo"));
    let dir = bin.parent().expect("bin dir");
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A work tree `proj` with a `src` directory, for the repository lookup.
fn make_repo(env: &Env) -> PathBuf {
    let repo = env.dir.path().join("proj");
    std::fs::create_dir_all(repo.join("src")).expect("mkdir");
    let ok = Command::new("git")
        .args(["init", "-q"])
        .arg(&repo)
        .env("HOME", env.dir.path())
        .status()
        .expect("git runs");
    assert!(ok.success());
    repo
}

/// Runs `program args` with `input` typed into it, the clock at `SHELL_CLOCK`, in `env`.
fn type_into(env: &Env, program: &[&str], input: &str, extra: &[(&str, &str)]) -> String {
    let mut cmd = Command::new("faketime");
    cmd.arg("-f").arg(SHELL_CLOCK).args(program);
    cmd.env_clear()
        .env("HOME", env.dir.path())
        .env("PATH", path_with_tempo())
        .env("TEMPO_DB", &env.db)
        .env("TZ", "UTC")
        .env("TERM", "dumb")
        .current_dir(env.dir.path());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("faketime and the shell are installed (scripts/test installs them)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("type");
    let out = child.wait_with_output().expect("the shell ends");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The session every shell gets: into the repository, a command, a failing one, one hidden by
/// a leading space, one with backslashes, a command spanning lines. (No tab: at a terminal it
/// completes rather than types; the parser's unit tests cover it.)
fn session(hook: &str, repo: &Path, multiline: &str) -> String {
    format!(
        "{hook}\ncd '{}/src'\necho built\nfalse\n echo secret\nprintf '%s\\n' 'a\\tb'\n{multiline}\ncd /\nexit\n",
        repo.display()
    )
}

fn check_session(env: &Env, shell: &str, repo: &Path, multiline: &str) {
    let out = env.run(&["capture", "pull", "shell"]);
    assert!(out.contains("command"), "{out}");
    let rows = signals_as_stored(env);
    let got: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
    let src = repo.join("src").display().to_string();
    let expected = [
        format!("cd '{}/src'", repo.display()),
        "echo built".to_string(),
        "false".to_string(),
        r"printf '%s\n' 'a\tb'".to_string(),
        multiline.to_string(),
        "cd /".to_string(),
    ];
    let want: Vec<&str> = expected.iter().map(String::as_str).collect();
    assert_eq!(&got[..want.len()], &want[..], "{rows:#?}");
    assert!(!got.iter().any(|t| t.contains("secret")), "{rows:#?}");
    for r in &rows {
        assert_eq!((r.app.as_str(), r.kind.as_str()), (shell, "command"));
        assert_eq!(r.source_type, "shell");
        // Recorded by the shell under faketime, within a minute of its clock's start (fish's
        // start time is its `date` less the duration, and each `date` starts at the stamp).
        assert!(
            (SHELL_EPOCH_MS - 60_000..SHELL_EPOCH_MS + 60_000).contains(&r.ts),
            "{r:?}"
        );
    }
    // A command runs in the directory its prompt was shown in: the first `cd` starts outside
    // the repository, the rest inside it (found by walking up from src/ to proj/.git).
    assert_eq!(rows[0].cwd.as_deref(), env.dir.path().to_str());
    assert_eq!(rows[0].repository, None);
    for r in &rows[1..want.len()] {
        assert_eq!(r.cwd.as_deref(), Some(src.as_str()), "{r:?}");
        assert_eq!(r.repository.as_deref(), Some("proj"), "{r:?}");
    }
    // Drained: a second pull reads nothing new.
    let again = env.json(&["capture", "pull", "shell"]);
    assert_eq!(again["commands"], 0, "{again}");
    assert_eq!(signals(env).len(), rows.len());
}

#[test]
fn bash_records_commands_with_cwd_and_repository_but_not_space_led_ones() {
    // ignorespace keeps the hidden command out of bash's history; without it the hook still
    // drops a line starting with a space.
    for histcontrol in ["ignorespace", ""] {
        let env = Env::new();
        let repo = make_repo(&env);
        let multi = "for i in 1 2; do\necho $i\ndone";
        let input = session(r#"eval "$(tempo capture hook bash)""#, &repo, multi);
        let out = type_into(
            &env,
            &["bash", "--norc", "--noprofile", "-i"],
            &input,
            &[("HISTCONTROL", histcontrol)],
        );
        assert!(out.contains("built"), "{out}");
        // bash keeps a multi-line command in its history as one line joined with `;`.
        check_session(&env, "bash", &repo, "for i in 1 2; do echo $i; done");
    }
}

#[test]
fn zsh_records_commands_with_cwd_and_repository_but_not_space_led_ones() {
    let env = Env::new();
    let repo = make_repo(&env);
    let multi = "for i in 1 2; do\necho $i\ndone";
    let input = session(r#"eval "$(tempo capture hook zsh)""#, &repo, multi);
    let out = type_into(&env, &["zsh", "-f", "-i"], &input, &[]);
    assert!(out.contains("built"), "{out}");
    // zsh hands the hook the command as typed, newlines and all.
    check_session(&env, "zsh", &repo, multi);
}

#[test]
fn fish_records_commands_with_cwd_and_repository_but_not_space_led_ones() {
    let env = Env::new();
    let repo = make_repo(&env);
    let multi = "for i in 1 2\necho $i\nend";
    let input = session("tempo capture hook fish | source", &repo, multi);
    // fish emits its preexec/postexec events only when reading from a terminal: `script`
    // gives it one.
    let out = type_into(
        &env,
        &["script", "-qec", "fish --no-config", "/dev/null"],
        &input,
        &[],
    );
    assert!(out.contains("built"), "{out}");
    check_session(&env, "fish", &repo, multi);
}

const LINE_A: &str = "1\t1795338000000\t1795338002000\t0\tbash\t/tmp\tmake\n";
const LINE_B: &str = "1\t1795338010000\t1795338010500\t0\tbash\t/tmp\tmake test\n";

fn append(path: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("the spool exists");
    f.write_all(text.as_bytes()).expect("append");
}

#[test]
fn a_torn_last_line_waits_for_the_rest_and_nothing_is_read_twice() {
    let env = Env::new();
    let script = env.run(&["capture", "hook", "bash"]);
    let spool = spool(&env);
    assert!(script.contains(&format!("__tempo_spool='{}'", spool.display())));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&spool)
            .expect("created")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let (head, tail) = LINE_B.split_at(20);
    append(&spool, &format!("{LINE_A}{head}"));
    let first = env.json(&["capture", "pull", "shell"]);
    assert_eq!(first["commands"], 1, "{first}");
    assert_eq!(titles(&env), ["make"]);
    append(&spool, tail);
    let second = env.json(&["capture", "pull", "shell"]);
    assert_eq!(second["commands"], 1, "{second}");
    assert_eq!(titles(&env), ["make", "make test"]);
    let row = &signals(&env)[1];
    assert_eq!(row.duration_ms, Some(500));
    assert_eq!(row.cwd.as_deref(), Some("/tmp"));
    // Everything read: the spool was rotated; a line written now lands in the new file, one
    // written through a descriptor opened before the rotation in the old one. Both are read.
    let mut late = std::fs::OpenOptions::new()
        .append(true)
        .open(&spool)
        .expect("open");
    let third = env.json(&["capture", "pull", "shell"]);
    assert_eq!(third["commands"], 0, "{third}");
    late.write_all(b"1\t1795338020000\t1795338020000\t0\tbash\t/tmp\tlate\n")
        .expect("late write");
    append(
        &spool,
        "1\t1795338030000\t1795338030000\t0\tbash\t/tmp\tnew file\n",
    );
    let fourth = env.json(&["capture", "pull", "shell"]);
    assert_eq!(fourth["commands"], 2, "{fourth}");
    assert_eq!(titles(&env), ["make", "make test", "late", "new file"]);
    let fifth = env.json(&["capture", "pull", "shell"]);
    assert_eq!(fifth["commands"], 0, "{fifth}");
    assert_eq!(signals(&env).len(), 4);
}

#[test]
fn review_and_ingest_drain_the_spool_first() {
    let env = Env::new();
    env.run(&["capture", "hook", "zsh"]);
    append(&spool(&env), LINE_A);
    env.run(&["review"]);
    assert_eq!(titles(&env), ["make"]);
    append(&spool(&env), LINE_B);
    let ingest = env.dir.path().join("empty.json");
    std::fs::write(&ingest, r#"{"activity_signals": []}"#).expect("write");
    env.run(&["capture", "ingest", ingest.to_str().expect("utf-8")]);
    assert_eq!(titles(&env), ["make", "make test"]);
}

#[test]
fn an_unknown_shell_is_refused() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["capture", "hook", "tcsh"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tcsh") && err.contains("bash"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn the_daemon_drains_the_spool_when_it_starts_and_every_minute() {
    let env = Env::new();
    env.run(&["capture", "hook", "bash"]);
    append(&spool(&env), LINE_A);
    let clock = ClockFile::new(&env);
    let log_file = env.dir.path().join("tempo.log");
    let daemon = Command::new(env!("CARGO_BIN_EXE_tempo"))
        .arg("daemon")
        .env_clear()
        .env("HOME", env.dir.path())
        .env("TEMPO_DB", &env.db)
        .env("TEMPO_LOG", &log_file)
        .env("TEMPO_NOW", clock.env_value())
        .env("TZ", "Europe/Berlin")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("daemon starts");
    let wait_for = |n: usize| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while signals_if_any(&env) < n && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        signals_if_any(&env)
    };
    let at_start = wait_for(1);
    append(&spool(&env), LINE_B);
    clock.advance(61);
    let after_a_minute = wait_for(2);
    Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status()
        .expect("kill");
    let out = daemon.wait_with_output().expect("daemon ends");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!((at_start, after_a_minute), (1, 2));
    assert_eq!(titles(&env), ["make", "make test"]);
}

/// The number of signals, 0 while the daemon has not made the table yet.
fn signals_if_any(env: &Env) -> usize {
    let Ok(conn) = rusqlite::Connection::open(&env.db) else {
        return 0;
    };
    conn.query_row("SELECT count(*) FROM capture_signals", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_or(0, |n| usize::try_from(n).unwrap_or(0))
}
