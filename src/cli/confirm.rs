//! Asking before a change to several tasks: the tasks are listed on standard error and the
//! answer read from the terminal. With no terminal there is nobody to ask, so the operation's
//! own refusal (exit 2, nothing changed) stands and `--yes` is the way through.

use std::io::{BufRead, IsTerminal, Write};

use super::context::Context;
use crate::ops::{self, Unconfirmed};

/// Runs `op` unconfirmed unless `yes`; when it refuses for want of a confirmation and standard
/// input is a terminal, asks and runs it again confirmed. `None`: the answer was no.
pub(super) fn confirmed<T>(
    ctx: &mut Context,
    yes: bool,
    mut op: impl FnMut(&mut Context, bool) -> ops::Result<T>,
) -> anyhow::Result<Option<T>> {
    let err = match op(ctx, yes) {
        Ok(v) => return Ok(Some(v)),
        Err(e) => e,
    };
    let stdin = std::io::stdin();
    match &err {
        ops::Error::Unconfirmed(u) if stdin.is_terminal() => {
            if ask(u, &mut stdin.lock(), &mut std::io::stderr())? {
                Ok(op(ctx, true).map(Some)?)
            } else {
                eprintln!("Nothing changed.");
                Ok(None)
            }
        }
        _ => Err(err.into()),
    }
}

/// Lists the tasks and asks; only `y` or `yes` agrees.
fn ask(u: &Unconfirmed, input: &mut impl BufRead, out: &mut impl Write) -> std::io::Result<bool> {
    for t in &u.tasks {
        writeln!(out, "  {:>4} {}", t.id, t.title)?;
    }
    let mut verb = u.verb.to_string();
    if let Some(first) = verb.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    write!(out, "{verb} these {} tasks? [y/N] ", u.tasks.len())?;
    out.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Touched;

    fn unconfirmed() -> Unconfirmed {
        Unconfirmed {
            verb: "modify",
            tasks: vec![
                Touched {
                    id: 2,
                    title: "Call Ann".into(),
                },
                Touched {
                    id: 5,
                    title: "Call Bob".into(),
                },
            ],
        }
    }

    #[test]
    fn lists_the_tasks_and_takes_only_yes_for_yes() {
        for (answer, agreed) in [
            ("y\n", true),
            ("Yes\n", true),
            ("\n", false),
            ("n\n", false),
        ] {
            let mut out = Vec::new();
            let got = ask(&unconfirmed(), &mut answer.as_bytes(), &mut out).expect("asks");
            assert_eq!(got, agreed, "{answer:?}");
            let text = String::from_utf8(out).expect("utf-8");
            assert_eq!(
                text,
                "     2 Call Ann\n     5 Call Bob\nModify these 2 tasks? [y/N] "
            );
        }
        let mut out = Vec::new();
        assert!(!ask(&unconfirmed(), &mut "".as_bytes(), &mut out).expect("end of input is no"));
    }
}
