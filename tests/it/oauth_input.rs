//! OAuth account commands given bad input: a clear error, exit 2, the database untouched.

use crate::common::Env;

fn refused(env: &Env, args: &[&str], says: &str) {
    let before = env.snapshot();
    let out = env.cmd().args(args).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(says), "{args:?}: {stderr}");
    assert_eq!(env.snapshot(), before, "{args:?} changed the database");
}

#[test]
fn oauth_accounts_refuse_bad_input_before_anything_is_sent() {
    let env = Env::new();
    env.run(&["add", "Something so the database exists"]);
    let add = ["sync", "add-account", "cloud", "https://dav.example/"];
    let with = |extra: &[&'static str]| -> Vec<&str> { add.iter().chain(extra).copied().collect() };
    refused(&env, &with(&["--oauth", "--client-id", "t"]), "--issuer");
    refused(
        &env,
        &with(&["--oauth", "--issuer", "https://a.example"]),
        "--client-id",
    );
    refused(
        &env,
        &with(&[
            "--oauth",
            "--issuer",
            "http://auth.example",
            "--client-id",
            "t",
        ]),
        "--issuer must be an https:// URL",
    );
    refused(
        &env,
        &with(&[
            "--oauth",
            "--issuer",
            "https://u:pw@auth.example",
            "--client-id",
            "t",
        ]),
        "",
    );
    refused(
        &env,
        &with(&[
            "--oauth",
            "--issuer",
            "https://a.example",
            "--client-id",
            "t",
            "--user",
            "ann",
        ]),
        "cannot be used with",
    );
    refused(&env, &with(&["--issuer", "https://a.example"]), "--oauth");
    refused(
        &env,
        &["sync", "login", "nobody"],
        "no account called “nobody”",
    );
}

#[test]
fn login_refuses_a_password_account() {
    let env = Env::new();
    let dav = crate::common::fake_dav::FakeDav::start(crate::common::fake_dav::Script {
        principal: "/ann/".into(),
        home: "/ann/".into(),
        calendars: vec![("/ann/work/".into(), "Work".into())],
        sync_token: "t1".into(),
        ..Default::default()
    });
    let out = env
        .cmd()
        .env("PW", "x")
        .args([
            "sync",
            "add-account",
            "basic",
            &dav.url(),
            "--user",
            "ann",
            "--password-env",
            "PW",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = env.snapshot();
    let out = env
        .cmd()
        .args(["sync", "login", "basic"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("signs in with a password, not OAuth"));
    assert_eq!(env.snapshot(), before);
}
