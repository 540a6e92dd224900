//! Sync recovering from what goes wrong between Tempo and a server: an answer too large to
//! hold, an upload that reached the server while its record here did not, and a calendar
//! deleted and re-created at the same URL.

mod common;

use common::Env;
use common::fake_dav::{FakeDav, Script};

const PASSWORD: &str = "hunter2-secret";

fn tempo(env: &Env, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env("DAV_PW", PASSWORD)
        .args(args)
        .output()
        .expect("runs")
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_multistatus_over_the_limit_is_refused_with_the_limit_named() {
    let dav = FakeDav::start(Script {
        principal: "/ann/".into(),
        home: "/ann/cals/".into(),
        calendars: vec![("/ann/cals/work/".into(), "Work".into())],
        sync_token: "tok-1".into(),
        listing_padding: 65 << 20,
        ..Script::default()
    });
    let env = Env::new();
    env.run(&["add", "Existing task"]);
    let before = env.snapshot();
    let url = format!("{}ann/", dav.url());
    let out = tempo(
        &env,
        &[
            "sync",
            "add-account",
            "home",
            &url,
            "--user",
            "ann",
            "--password-env",
            "DAV_PW",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("larger than 64 MiB"), "{said}");
    assert_eq!(env.snapshot(), before, "nothing added");
}
