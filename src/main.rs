use std::process::ExitCode;

use clap::Parser;
use tempo::cli::{Cli, exit_code_for, is_broken_pipe, normalize_args, quiet_on_broken_pipe, run};

fn main() -> ExitCode {
    tempo::tui::mark_process_start();
    quiet_on_broken_pipe();
    let cli = Cli::parse_from(normalize_args(std::env::args_os()));
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(exit_code_for(&err))
        }
    }
}
