//! A reader that closes the pipe early (`tempo export json | head -c 10`) is the reader's choice,
//! not a failure: Tempo stops writing and exits quietly with status 0, as Unix tools do. Rust
//! ignores SIGPIPE, so the closed pipe shows up as a write error (from our own writers, or
//! wrapped by serde_json) or, for `println!` and writers inside libraries, as a panic.

use std::io::ErrorKind;

/// True when `err` comes from writing to a pipe nobody reads any more.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(ErrorKind::BrokenPipe))
    })
}

/// Makes a panic caused by writing to a closed pipe end the process quietly; every other panic
/// is reported as before.
pub fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if is_write_to_closed_pipe(payload) {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// The messages std and clap_complete panic with when stdout's reader is gone (the latter
/// `Debug`-formats the error, the former `Display`s it).
fn is_write_to_closed_pipe(message: &str) -> bool {
    let broken = std::io::Error::from(ErrorKind::BrokenPipe).to_string();
    (message.starts_with("failed printing to stdout")
        || message.starts_with("failed to write completion file"))
        && (message.contains(&broken) || message.contains("Broken pipe"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_a_closed_pipe_and_nothing_else() {
        let io = std::io::Error::from(ErrorKind::BrokenPipe);
        assert!(is_broken_pipe(&anyhow::Error::from(io)));
        struct Closed;
        impl std::io::Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let json = serde_json::to_writer(Closed, &[1, 2]).expect_err("the write fails");
        assert!(is_broken_pipe(
            &anyhow::Error::from(json).context("writing the export")
        ));
        let other = std::io::Error::from(ErrorKind::PermissionDenied);
        assert!(!is_broken_pipe(&anyhow::Error::from(other)));
        assert!(is_write_to_closed_pipe(
            "failed printing to stdout: Broken pipe (os error 32)"
        ));
        assert!(!is_write_to_closed_pipe("index out of bounds"));
    }
}
