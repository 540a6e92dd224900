//! Where flags may stand on the command line. Titles, filters and modifications are free words
//! that may start with `-` (`-someday` removes a tag), so clap hands every word after the first
//! free word to the command: `tempo add Call Ann --json` would make a task titled "Call Ann
//! --json". Before clap sees the line, every flag the command knows (its own and the global
//! ones; `-x` only when it is one of the command's letters, like `delete -y`) is moved in front
//! of the free words. `--` ends flags: what follows is a free word even if it reads as a flag.

use std::ffi::OsString;

use clap::CommandFactory;

use super::args::Cli;

/// Flags spelled differently for one command: `cal calendars add NAME --color red` means the
/// calendar's colour there, not the global `--color WHEN`.
const RESPELLINGS: &[(&[&str], &str, &str)] =
    &[(&["cal", "calendars", "add"], "--color", "--colour")];

/// The command line with the command's long flags moved before its free words.
pub fn normalize(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let args: Vec<OsString> = args.into_iter().collect();
    // Nothing to move without a flag; spares `focus status` in a shell prompt the extra build.
    if !args
        .iter()
        .skip(1)
        .any(|a| a.to_str().is_some_and(|s| s.starts_with('-')))
    {
        return args;
    }
    let mut root = Cli::command();
    root.build();
    let leaf = Leaf::find(&root, &args);
    let mut out: Vec<OsString> = args[..leaf.free_from.min(args.len())].to_vec();
    // Flags already before the free words only need their spelling fixed.
    for w in out.iter_mut().skip(leaf.start) {
        *w = respell(&leaf.path, w);
    }
    let rest = Rest::split(&leaf, &args);
    out.extend(rest.moved);
    if let Some(e) = rest.escape {
        // `--` before all the free words, so clap takes every word after it as a free word
        // (written after a free word, clap would keep `--` itself as one).
        out.push(OsString::from("--"));
        out.extend(rest.free);
        out.extend(args[e + 1..].iter().cloned());
    } else {
        out.extend(rest.free);
    }
    out
}

/// The (sub)command the line names, and where its words start.
struct Leaf<'a> {
    cmd: &'a clap::Command,
    /// The subcommand names, `["cal", "calendars", "add"]`.
    path: Vec<&'a str>,
    /// The index of the first word after the last subcommand name.
    start: usize,
    /// The index of the first free word (or `--`).
    free_from: usize,
}

impl<'a> Leaf<'a> {
    /// Walks past the subcommand names (and any flags between them) to the first free word.
    fn find(root: &'a clap::Command, args: &[OsString]) -> Leaf<'a> {
        let mut leaf = Leaf {
            cmd: root,
            path: Vec::new(),
            start: 1,
            free_from: 1,
        };
        while let Some(word) = args.get(leaf.free_from).and_then(|a| a.to_str()) {
            if word == "--" {
                break;
            }
            if word.starts_with('-') && word.len() > 1 {
                leaf.free_from += 1 + usize::from(takes_separate_value(leaf.cmd, word));
                continue;
            }
            match leaf.cmd.find_subcommand(word) {
                Some(sub) => {
                    leaf.cmd = sub;
                    leaf.path.push(sub.get_name());
                    leaf.free_from += 1;
                    leaf.start = leaf.free_from;
                }
                None => break,
            }
        }
        leaf
    }
}

/// `word` as the command at `path` spells it (see `RESPELLINGS`).
fn respell(path: &[&str], word: &OsString) -> OsString {
    let Some(text) = word.to_str() else {
        return word.clone();
    };
    let (name, value) = split_long(text);
    match RESPELLINGS
        .iter()
        .find(|(p, from, _)| *p == path && *from == name)
    {
        Some((_, _, to)) => match value {
            Some(v) => format!("{to}={v}").into(),
            None => (*to).into(),
        },
        None => word.clone(),
    }
}

/// The words from the first free word on, sorted: the command's flags (with their values) to
/// move in front, and the free words.
struct Rest {
    moved: Vec<OsString>,
    free: Vec<OsString>,
    /// Where a `--` stopped the sorting.
    escape: Option<usize>,
}

impl Rest {
    fn split(leaf: &Leaf<'_>, args: &[OsString]) -> Rest {
        let mut rest = Rest {
            moved: Vec::new(),
            free: Vec::new(),
            escape: None,
        };
        let mut j = leaf.free_from;
        while j < args.len() {
            let word = &args[j];
            if word == "--" {
                rest.escape = Some(j);
                break;
            }
            let word = respell(&leaf.path, word);
            match word.to_str().filter(|w| is_flag_of(leaf.cmd, w)) {
                Some(w) => {
                    let separate = takes_separate_value(leaf.cmd, w);
                    rest.moved.push(word.clone());
                    if separate && j + 1 < args.len() {
                        rest.moved.push(args[j + 1].clone());
                        j += 1;
                    }
                }
                None => rest.free.push(word),
            }
            j += 1;
        }
        rest
    }
}

/// True for `--name`, `--name=value` or `-x` when `cmd` has that flag. A `-x` that is not one
/// of its flags stays a free word (`-someday` removes a tag).
fn is_flag_of(cmd: &clap::Command, word: &str) -> bool {
    if word.starts_with("--") {
        return word.len() > 2 && long_arg(cmd, split_long(word).0).is_some();
    }
    let mut chars = word.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some('-'), Some(c), None) => cmd.get_arguments().any(|a| a.get_short() == Some(c)),
        _ => false,
    }
}

/// `--name=value` → (`--name`, Some(`value`)).
fn split_long(word: &str) -> (&str, Option<&str>) {
    match word.split_once('=') {
        Some((name, value)) if name.starts_with("--") => (name, Some(value)),
        _ => (word, None),
    }
}

fn long_arg<'a>(cmd: &'a clap::Command, name: &str) -> Option<&'a clap::Arg> {
    let name = name.strip_prefix("--")?;
    cmd.get_arguments().find(|a| {
        a.get_long() == Some(name) || a.get_all_aliases().is_some_and(|al| al.contains(&name))
    })
}

/// True when `word` is a flag of `cmd` whose value is the next word (`--db PATH`, `-m 25`).
fn takes_separate_value(cmd: &clap::Command, word: &str) -> bool {
    let arg = if word.starts_with("--") {
        let (name, inline) = split_long(word);
        if inline.is_some() {
            return false;
        }
        long_arg(cmd, name)
    } else {
        let mut chars = word.chars().skip(1);
        match (chars.next(), chars.next()) {
            (Some(c), None) => cmd.get_arguments().find(|a| a.get_short() == Some(c)),
            _ => None,
        }
    };
    arg.is_some_and(|a| a.get_action().takes_values())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(line: &str) -> String {
        let args = std::iter::once("tempo")
            .chain(line.split(' '))
            .map(OsString::from);
        normalize(args)
            .iter()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn global_flags_after_free_words_move_before_them() {
        assert_eq!(
            norm("add tz test due:tomorrow --json"),
            "add --json tz test due:tomorrow"
        );
        assert_eq!(norm("list +phone --json"), "list --json +phone");
        assert_eq!(norm("annotate 2 note --json"), "annotate --json 2 note");
        assert_eq!(
            norm("cal add Foo tomorrow 11:00 --json"),
            "cal add --json Foo tomorrow 11:00"
        );
        assert_eq!(
            norm("add x --db /tmp/a.sqlite y --color=never"),
            "add --db /tmp/a.sqlite --color=never x y"
        );
    }

    #[test]
    fn the_commands_own_flags_move_with_their_values() {
        assert_eq!(
            norm("list +next --sort -due --limit 3"),
            "list --sort -due --limit 3 +next"
        );
        assert_eq!(norm("modify +next pri:L --yes"), "modify --yes +next pri:L");
        assert_eq!(
            norm("--db x focus start -m 25 12 --flow"),
            "--db x focus start -m 25 --flow 12"
        );
    }

    #[test]
    fn unknown_flags_and_tag_removals_stay_free_words() {
        assert_eq!(norm("add a --nope -someday"), "add a --nope -someday");
        assert_eq!(norm("modify 3 -y"), "modify 3 -y");
        assert_eq!(norm("delete 1 2 -y"), "delete -y 1 2");
    }

    #[test]
    fn double_dash_ends_flags() {
        assert_eq!(norm("add Read -- --json"), "add -- Read --json");
        assert_eq!(norm("add a --json -- b --yes"), "add --json -- a b --yes");
        assert_eq!(norm("add -- --json"), "add -- --json");
    }

    #[test]
    fn calendar_colour_takes_either_spelling() {
        assert_eq!(
            norm("cal calendars add x --color red"),
            "cal calendars add --colour red x"
        );
        assert_eq!(
            norm("cal calendars add --color=red x"),
            "cal calendars add --colour=red x"
        );
        assert_eq!(
            norm("--color never cal calendars add x"),
            "--color never cal calendars add x"
        );
        assert_eq!(norm("cal agenda --color never"), "cal agenda --color never");
    }
}
