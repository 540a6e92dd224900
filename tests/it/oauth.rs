//! OAuth 2.0 accounts against real parts on 127.0.0.1 (tests/it/common/oauth.rs): device
//! sign-in and a first sync, an access token dying mid-sync, a revoked sign-in pausing one
//! account while a Basic one syncs on, a 429's Retry-After, and no token anywhere it should
//! not be.

use crate::common::oauth::OAuthServers;
use crate::common::radicale::{self, Radicale, event};
use crate::common::{Env, NOW};

fn add_args(s: &OAuthServers) -> Vec<String> {
    [
        "sync",
        "add-account",
        "cloud",
        &s.front,
        "--oauth",
        "--issuer",
        &s.issuer,
        "--client-id",
        "tempo",
        "--scope",
        "openid",
        "--scope",
        "offline_access",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect()
}

/// An env whose log takes everything (debug), to look for tokens in it.
fn env_signed_in(s: &OAuthServers) -> Env {
    let env = Env::new();
    let args = add_args(s);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = s.sign_in(&env, &args);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        out.status.success(),
        "add-account failed: {stdout}\n{stderr}"
    );
    env
}

fn sync(env: &Env, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env("TEMPO_LOG_LEVEL", "debug")
        .env("DAV_PW", radicale::PASSWORD)
        .args(args)
        .output()
        .expect("tempo runs")
}

fn account<'a>(list: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    list.as_array()
        .expect("list")
        .iter()
        .find(|a| a["account"]["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {list}"))
}

#[test]
fn device_sign_in_then_a_first_sync_and_no_token_is_kept_anywhere_readable() {
    let s = OAuthServers::start(60);
    s.mkcalendar("work");
    s.put(
        "work",
        "a.ics",
        &event("a", "Standup", "20261123T090000Z", ""),
    );
    let env = env_signed_in(&s);
    let list = env.json(&["sync", "list-accounts"]);
    let cloud = account(&list, "cloud");
    assert_eq!(cloud["auth"]["kind"], "oauth");
    assert_eq!(cloud["auth"]["signed_in"], true);
    assert_eq!(cloud["auth"]["token_store"], "file");

    let out = sync(&env, &["sync", "--account", "cloud"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("cloud: 1 added"), "{stdout}");
    env.run(&["cal", "add", "Written here 2026-11-25 10:00 cal:work"]);
    let out = sync(&env, &["sync", "--account", "cloud"]);
    assert!(out.status.success());
    assert!(s.contents("work").contains("Written here"));

    // Every token the server saw, and the refresh token kept: in neither the database nor
    // the log (at debug level), nor anything printed.
    let mut tokens: Vec<String> = serde_json::from_str(&s.hook("__seen")).expect("json");
    assert!(!tokens.is_empty());
    tokens.push(OAuthServers::refresh_token(&env, "cloud"));
    let db = std::fs::read(&env.db).expect("database");
    let log = std::fs::read_to_string(env.dir.path().join("tempo.log")).expect("log");
    assert!(log.contains("sync"), "the log has the syncs: {log}");
    let printed = format!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    for t in &tokens {
        assert!(
            !db.windows(t.len()).any(|w| w == t.as_bytes()),
            "a token in the database"
        );
        assert!(!log.contains(t.as_str()), "a token in the log");
        assert!(!printed.contains(t.as_str()), "a token printed");
    }

    // Removing the account forgets its sign-in too.
    env.run(&["sync", "remove-account", "cloud", "--force"]);
    assert_eq!(env.snapshot_of_table("account_oauth"), "");
    let mut file = env.db.clone().into_os_string();
    file.push(".oauth/cloud");
    assert!(
        !std::path::Path::new(&file).exists(),
        "the token file is gone"
    );
}

#[test]
fn an_access_token_expiring_mid_sync_is_renewed_and_nothing_is_lost() {
    // Access tokens live 2 s; the third request of the sync is held 2.5 s on its way, so its
    // token has expired when the front asks the provider about it.
    let s = OAuthServers::start(2);
    s.mkcalendar("work");
    for i in 0..3 {
        let uid = format!("e{i}");
        s.put(
            "work",
            &format!("{uid}.ics"),
            &event(&uid, &format!("Meeting {i}"), "20261123T090000Z", ""),
        );
    }
    let env = env_signed_in(&s);
    env.run(&["cal", "add", "Offline plan 2026-11-25 10:00 cal:work"]);
    let before: Vec<String> = serde_json::from_str(&s.hook("__seen")).expect("json");
    s.hook("__stall?after=2&ms=2500");
    let out = sync(&env, &["sync", "--account", "cloud"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("cloud: 3 added"), "{stdout}");
    assert!(stdout.contains("1 uploaded"), "{stdout}");
    assert!(s.contents("work").contains("Offline plan"));
    let after: Vec<String> = serde_json::from_str(&s.hook("__seen")).expect("json");
    assert!(
        after.len() >= before.len() + 2,
        "renewed after the 401: {after:?}"
    );
    let log = std::fs::read_to_string(env.dir.path().join("tempo.log")).expect("log");
    assert!(
        log.contains("→ 401"),
        "the expired token was refused: {log}"
    );
    let list = env.json(&["sync", "list-accounts"]);
    assert_eq!(account(&list, "cloud")["account"]["last_error"], "");
}

#[test]
fn a_revoked_sign_in_pauses_that_account_and_a_basic_one_still_syncs() {
    let s = OAuthServers::start(60);
    s.mkcalendar("work");
    let basic = Radicale::start();
    basic.mkcalendar("family", "Family");
    basic.put(
        "family",
        "f.ics",
        &event("f", "Dinner", "20261123T180000Z", ""),
    );
    let env = env_signed_in(&s);
    let out = env
        .cmd()
        .env("DAV_PW", radicale::PASSWORD)
        .args(radicale::add_account_args(&basic.url()))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    s.revoke(&OAuthServers::refresh_token(&env, "cloud"));
    let out = sync(&env, &["sync"]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stdout.contains("1 added"),
        "the Basic account synced: {stdout}"
    );
    assert!(
        stderr.contains("sign in again: tempo sync login cloud"),
        "{stderr}"
    );

    let text = env.run(&["sync", "list-accounts"]);
    assert!(
        text.contains("sign in again: tempo sync login cloud"),
        "{text}"
    );
    let log = env.run(&["sync", "log"]);
    assert!(
        log.contains("sign in again: tempo sync login cloud"),
        "{log}"
    );
    let list = env.json(&["sync", "list-accounts"]);
    let cloud = account(&list, "cloud");
    assert_eq!(cloud["auth"]["signed_in"], false);
    assert_eq!(cloud["paused"], true);
    assert_eq!(account(&list, "cloud")["account"]["failures"], 1);

    // Asked again, it does not go back to the server: the same message, no new failure loop.
    let seen: Vec<String> = serde_json::from_str(&s.hook("__seen")).expect("json");
    let again = sync(&env, &["sync", "--account", "cloud"]);
    assert_eq!(again.status.code(), Some(2));
    let seen_after: Vec<String> = serde_json::from_str(&s.hook("__seen")).expect("json");
    assert_eq!(seen, seen_after, "nothing sent with a dead sign-in");

    // Signing in again lifts the pause.
    let out = s.sign_in(&env, &["sync", "login", "cloud"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = env.json(&["sync", "list-accounts"]);
    let cloud = account(&list, "cloud");
    assert_eq!(
        (&cloud["auth"]["signed_in"], &cloud["paused"]),
        (&true.into(), &false.into())
    );
    let out = sync(&env, &["sync", "--account", "cloud"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_429_with_retry_after_is_waited_out() {
    let s = OAuthServers::start(60);
    s.mkcalendar("work");
    let env = env_signed_in(&s);
    s.hook("__fail?status=429&retry_after=600&n=1");
    let out = sync(&env, &["sync", "--account", "cloud"]);
    assert_eq!(out.status.code(), Some(1), "transient");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("retry after 600 s"), "{stderr}");
    let list = env.json(&["sync", "list-accounts"]);
    let now = chrono::DateTime::parse_from_rfc3339(NOW)
        .expect("NOW")
        .timestamp();
    let cloud = &account(&list, "cloud")["account"];
    assert_eq!(cloud["retry_at"], now + 600, "{cloud}");
    assert!(
        cloud["last_error"]
            .as_str()
            .unwrap_or_default()
            .contains("the server asked to wait"),
        "{cloud}"
    );
}

#[test]
fn a_browser_sign_in_comes_back_to_the_loopback_redirect_with_pkce() {
    let s = OAuthServers::start(60);
    s.mkcalendar("work");
    s.put(
        "work",
        "a.ics",
        &event("a", "Standup", "20261123T090000Z", ""),
    );
    let env = Env::new();
    let mut args = add_args(&s);
    args.push("--browser".into());
    if let Some(id) = args.iter_mut().find(|a| *a == "tempo") {
        *id = "tempo-native".into();
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = s.sign_in(&env, &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("code_challenge_method=S256"), "{stderr}");
    let out = sync(&env, &["sync", "--account", "cloud"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("cloud: 1 added"));
}
