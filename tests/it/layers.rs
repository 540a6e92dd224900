//! The module layering the issue asks for, checked on the sources: config is plain data the
//! others read, and the full-screen app neither reaches into the command line nor the other
//! way round through the app's state and drawing. A cycle between these layers fails here.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::common::Env;

/// (module, modules it must not name).
const FORBIDDEN: &[(&str, &[&str])] = &[
    ("config", &["app", "ui", "tui", "store", "ops", "cli"]),
    ("tui", &["cli"]),
    ("app", &["ui", "tui", "cli", "store"]),
    ("ui", &["tui", "cli", "store", "ops"]),
    (
        "model",
        &["app", "ui", "tui", "cli", "store", "ops", "config"],
    ),
];

fn sources_of(module: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let file = src.join(format!("{module}.rs"));
    if file.exists() {
        out.push(file);
    }
    let mut dirs = vec![src.join(module)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

/// Every top-level module a source names through `crate::` (also inside `crate::{…}`).
fn named_modules(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let group = match rest.strip_prefix('{') {
            Some(inner) => inner.split('}').next().unwrap_or(""),
            None => rest
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or(""),
        };
        for part in group.split(',') {
            let name: String = part
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.push(name);
            }
        }
    }
    names
}

#[test]
fn config_is_plain_data_and_the_layers_have_no_cycles() {
    let mut found = Vec::new();
    for (module, forbidden) in FORBIDDEN {
        let files = sources_of(module);
        assert!(!files.is_empty(), "no sources for {module}");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read a source");
            for name in named_modules(&text) {
                if forbidden.contains(&name.as_str()) {
                    found.push(format!("{} names crate::{name}", file.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "layering broken:\n{}", found.join("\n"));
}

#[test]
fn the_layer_check_sees_grouped_and_plain_paths() {
    let names = named_modules("use crate::{app::State, ui};\nlet k = crate::store::X;");
    assert_eq!(names, ["app", "ui", "store"]);
}

#[test]
fn a_bad_key_or_theme_is_refused_by_config_check_and_every_command() {
    let env = Env::new();
    env.run(&["add", "kept"]);
    let cfg = env.dir.path().join("config.toml");
    for (text, says) in [
        ("[keys]\nqiut = [\"q\"]\n", "unknown action `qiut`"),
        ("[keys]\nquit = [\"ctrl-\"]\n", "[keys] quit"),
        ("[keys]\nhelp = [\"q\"]\n", "`q` is bound to both"),
        ("[theme.colors]\noverdue = \"reddish\"\n", "reddish"),
        (
            "[theme.colors]\nurgent = \"red\"\n",
            "unknown role `urgent`",
        ),
    ] {
        std::fs::write(&cfg, text).expect("write");
        let before = env.snapshot();
        for args in [vec!["config", "check"], vec!["list"], vec!["add", "more"]] {
            let mut all = vec!["--config", cfg.to_str().expect("utf-8")];
            all.extend(args);
            env.cmd().args(&all).assert().code(2).stderr(
                predicate::str::contains(says).and(predicate::str::contains("config.toml")),
            );
        }
        assert_eq!(env.snapshot(), before, "{text}");
    }
}
