//! `tempo mcp` driven over stdio by the official MCP Python SDK (`mcp` on PyPI, in the
//! virtualenv scripts/test installs, `$HOME/.cache/tempo-test/mcp` or `TEMPO_TEST_MCP`), with
//! the pinned clock: the tools it lists, a task added and listed, a focus session started and
//! stopped, and bad input refused with the CLI's message and nothing changed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::common::{Env, NOW};

/// The version scripts/test installs.
const VERSION: &str = "2.3.0";

fn python() -> PathBuf {
    let venv = std::env::var_os("TEMPO_TEST_MCP").map_or_else(
        || {
            let home = std::env::var_os("HOME").expect("HOME is set");
            PathBuf::from(home).join(".cache/tempo-test/mcp")
        },
        PathBuf::from,
    );
    let python = venv.join("bin/python");
    let sdk = Command::new(&python)
        .args([
            "-c",
            "import importlib.metadata as m; print(m.version('mcp'))",
        ])
        .output();
    let found = sdk
        .as_ref()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    assert_eq!(
        found.as_deref(),
        Some(VERSION),
        "the MCP Python SDK {VERSION} is not installed in {}: run scripts/test, which installs it \
         (python3 -m venv {venv} && {venv}/bin/pip install mcp=={VERSION})",
        venv.display(),
        venv = venv.display()
    );
    python
}

/// Runs `calls` in one MCP session with `tempo mcp` on `env`'s database; one result per call.
fn session(env: &Env, calls: Value) -> Vec<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/mcp_client.py");
    let mut child = Command::new(python())
        .arg(script)
        .arg(assert_cmd::cargo::cargo_bin("tempo"))
        .env_clear()
        .env("HOME", env.dir.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TEMPO_DB", &env.db)
        .env("TEMPO_NOW", NOW)
        .env("TZ", "Europe/Berlin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the MCP client runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(calls.to_string().as_bytes())
        .expect("calls written");
    let out = child.wait_with_output().expect("the MCP client ends");
    assert!(
        out.status.success(),
        "the MCP session failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("results as JSON")
}

fn ok_json(result: &Value) -> Value {
    assert_eq!(result["is_error"], false, "the tool failed: {result}");
    serde_json::from_str(result["text"].as_str().expect("text")).expect("the tool returns JSON")
}

#[test]
fn an_assistant_lists_tools_adds_and_lists_a_task_and_runs_a_focus_session() {
    let env = Env::new();
    let results = session(
        &env,
        json!([
            {"list_tools": true},
            {"tool": "add_task", "arguments": {"text": "Write \"the report\" project:work due:tomorrow"}},
            {"tool": "list_tasks", "arguments": {"filter": "project:work"}},
            {"tool": "start_focus", "arguments": {"task": "1", "minutes": 25}},
            {"tool": "focus_status"},
            {"tool": "stop_focus", "arguments": {"note": "drafted"}},
            {"tool": "focus_status"},
            {"list_resources": true},
            {"resource": "tempo://tasks"},
        ]),
    );
    let tools = &results[0]["tools"];
    for name in [
        "list_tasks",
        "add_task",
        "complete_task",
        "agenda",
        "add_event",
        "start_focus",
        "stop_focus",
        "focus_status",
        "log_time",
        "report",
        "review_pending",
    ] {
        assert!(
            tools.as_array().expect("names").contains(&json!(name)),
            "{name} missing from {tools}"
        );
    }

    let added = ok_json(&results[1]);
    assert_eq!(added["title"], "Write the report");
    assert_eq!(added["project"], "work");
    // The tools return the CLI's JSON, as `tempo --json …` prints it.
    assert_eq!(added, env.json(&["show", "1"]));
    let listed = ok_json(&results[2]);
    assert_eq!(listed, env.json(&["list", "project:work"]));
    assert_eq!(listed.as_array().expect("a list").len(), 1);

    let started = ok_json(&results[3]);
    assert_eq!(started["active"]["planned_minutes"], 25, "{started}");
    assert_eq!(started["task"]["title"], "Write the report");
    let running = ok_json(&results[4]);
    assert_eq!(running["active"]["status"], "running", "{running}");
    let stopped = ok_json(&results[5]);
    assert!(stopped["active"].is_null(), "{stopped}");
    let after = ok_json(&results[6]);
    assert_eq!(after, env.json(&["focus", "status"]));
    assert!(after["active"].is_null(), "{after}");
    let sessions = env.json(&["focus", "log"]);
    assert_eq!(
        sessions.as_array().expect("sessions").len(),
        1,
        "{sessions}"
    );

    assert_eq!(
        results[7]["resources"],
        json!(["tempo://agenda/today", "tempo://tasks"])
    );
    let resource: Value = serde_json::from_str(results[8]["text"].as_str().expect("text"))
        .expect("the resource is JSON");
    assert_eq!(resource, env.json(&["list"]));
}

#[test]
fn bad_input_is_a_tool_error_with_the_cli_message_and_changes_nothing() {
    let env = Env::new();
    env.run(&["add", "Existing task"]);
    let cli = env
        .cmd()
        .args(["cal", "agenda", "--from", "someday-maybe"])
        .output()
        .expect("runs");
    assert_eq!(cli.status.code(), Some(2));
    let cli_message = String::from_utf8_lossy(&cli.stderr).trim().to_string();
    let before = env.snapshot();
    let results = session(
        &env,
        json!([
            {"tool": "agenda", "arguments": {"from": "someday-maybe"}},
            {"tool": "add_task", "arguments": {"text": "Pay rent due:someday-maybe"}},
            {"tool": "start_focus", "arguments": {"minutes": 500}},
            {"tool": "complete_task", "arguments": {"task": "99"}},
            {"tool": "add_task", "arguments": {"text": "Unknown argument", "priority": "H"}},
        ]),
    );
    assert_eq!(
        env.snapshot(),
        before,
        "a refused call changed the database"
    );
    for r in &results {
        assert_eq!(r["is_error"], true, "{r}");
    }
    assert_eq!(results[0]["text"], cli_message.as_str());
    assert!(
        results[1]["text"]
            .as_str()
            .is_some_and(|t| t.contains("someday-maybe")),
        "{}",
        results[1]
    );
    assert!(
        results[2]["text"]
            .as_str()
            .is_some_and(|t| t.contains("180")),
        "{}",
        results[2]
    );
    assert!(
        results[4]["text"]
            .as_str()
            .is_some_and(|t| t.contains("priority")),
        "{}",
        results[4]
    );
}

/// A client that hangs up ends the server cleanly: exit 0, nothing on standard error (the
/// SDK's shutdown needs the runtime's timers, which a bare runtime lacks).
#[test]
fn the_server_ends_cleanly_when_its_client_hangs_up() {
    let env = Env::new();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("tempo"))
        .arg("mcp")
        .env_clear()
        .env("HOME", env.dir.path())
        .env("TEMPO_DB", &env.db)
        .env("TEMPO_NOW", NOW)
        .env("TZ", "Europe/Berlin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tempo mcp starts");
    let hello = json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "test", "version": "1"},
        },
    });
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "{hello}").expect("initialize sent");
    writeln!(
        stdin,
        "{}",
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"})
    )
    .expect("initialized sent");
    drop(stdin);
    let out = child.wait_with_output().expect("tempo mcp ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}: {stderr}", out.status);
    assert!(stderr.is_empty(), "{stderr}");
    let reply: Value =
        serde_json::from_slice(out.stdout.split(|b| *b == b'\n').next().expect("a reply"))
            .expect("the reply is JSON");
    assert_eq!(reply["result"]["serverInfo"]["name"], "tempo", "{reply}");
}

/// `plan_day` proposes what `tempo plan --json` proposes, writes nothing until `apply`, then
/// writes the blocks `tempo plan --apply` would; a range the CLI refuses is a tool error.
#[test]
fn an_assistant_plans_a_day_and_applies_it() {
    let env = Env::new();
    env.run(&["cal", "add", "Meeting tomorrow 10:00 60m"]);
    env.run(&["add", "Write report est:90m due:tomorrow pri:H"]);
    env.run(&["add", "Read paper est:45m"]);
    let cli_plan = env.json(&["plan", "tomorrow"]);
    let refused = env
        .cmd()
        .args(["plan", "someday-maybe"])
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    let cli_message = String::from_utf8_lossy(&refused.stderr).trim().to_string();
    let before = env.snapshot();
    let results = session(
        &env,
        json!([
            {"list_tools": true},
            {"tool": "plan_day", "arguments": {"range": "tomorrow"}},
            {"tool": "plan_day", "arguments": {"range": "someday-maybe", "apply": true}},
            {"tool": "plan_day", "arguments": {"range": "tomorrow", "when": "now"}},
        ]),
    );
    assert!(
        results[0]["tools"]
            .as_array()
            .expect("names")
            .contains(&json!("plan_day")),
        "{}",
        results[0]
    );
    let proposed = ok_json(&results[1]);
    assert_eq!(proposed, cli_plan);
    assert!(proposed["applied"].is_null(), "{proposed}");
    assert!(
        !proposed["blocks"].as_array().expect("blocks").is_empty(),
        "{proposed}"
    );
    assert_eq!(results[2]["is_error"], true, "{}", results[2]);
    assert_eq!(results[2]["text"], cli_message.as_str());
    assert_eq!(results[3]["is_error"], true, "{}", results[3]);
    assert_eq!(
        env.snapshot(),
        before,
        "proposing or refusing wrote something"
    );

    let results = session(
        &env,
        json!([{"tool": "plan_day", "arguments": {"range": "tomorrow", "apply": true}}]),
    );
    let applied = ok_json(&results[0]);
    assert_eq!(applied["blocks"], proposed["blocks"]);
    let written = applied["applied"]["written"].as_array().expect("written");
    assert_eq!(
        written.len(),
        proposed["blocks"].as_array().map_or(0, Vec::len)
    );
    let agenda = env.json(&["cal", "agenda", "--from", "tomorrow", "--days", "1"]);
    let blocks = agenda
        .as_array()
        .expect("agenda")
        .iter()
        .filter(|i| i["calendar"] == "blocks")
        .count();
    assert_eq!(blocks, written.len(), "{agenda}");
}
