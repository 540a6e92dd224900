//! Filters at the edges of size: nesting too deep for any real use is refused with a clear
//! error (exit 2, nothing changed) instead of overflowing the stack, and long flat chains of
//! `or` and `and` work for every command, not only `list`.

use crate::common::Env;

fn env_with_two_tasks() -> Env {
    let env = Env::new();
    env.run(&["add", "x one"]);
    env.run(&["add", "x two"]);
    env
}

#[test]
fn nesting_deeper_than_the_limit_is_a_usage_error_not_a_crash() {
    let env = env_with_two_tasks();
    let before = env.snapshot();
    let parens = format!("{}x", "(".repeat(10_000));
    let nots = format!("{}x", "not ".repeat(24_000));
    for args in [
        vec!["list", parens.as_str()],
        vec!["modify", parens.as_str(), "+t"],
        vec!["modify", nots.as_str(), "+t"],
    ] {
        let out = env.cmd().args(&args).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {err}", args[0]);
        assert!(err.contains("more than 100 levels deep"), "{err}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn long_flat_filters_work_for_modify_and_list() {
    let env = env_with_two_tasks();
    let ors = vec!["x"; 999].join(" or ");
    let out = env.run(&["modify", &ors, "+big", "--yes"]);
    assert!(out.contains("x one") && out.contains("x two"), "{out}");
    let words = vec!["x"; 20_000].join(" or ");
    let mut args = vec!["list"];
    args.extend(words.split(' '));
    let out = env.run(&args);
    assert!(
        out.contains("x one big") && out.contains("x two big"),
        "{out}"
    );
}
