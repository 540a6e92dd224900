//! Commands about tempo itself: completions, the man page, the configuration.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use super::args::{Cli, ConfigAction};
use crate::config;

type Out = anyhow::Result<ExitCode>;

pub(super) fn completions(shell: clap_complete::Shell) -> Out {
    // clap_complete panics when a write fails; into memory it cannot, and a closed pipe then
    // surfaces as an ordinary error that ends quietly.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "tempo", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn man() -> Out {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    std::io::stdout().lock().write_all(&page)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn config(cli: &Cli, action: &ConfigAction) -> Out {
    match action {
        ConfigAction::Default => print!("{}", config::EXAMPLE),
        ConfigAction::Path => {
            let cfg = super::context::load_config(cli)?;
            let show = |p: Option<std::path::PathBuf>| {
                p.map_or("(no home directory)".into(), |p| p.display().to_string())
            };
            let config_path = cli.config.clone().or_else(config::default_config_path);
            println!("config:   {}", show(config_path));
            println!("database: {}", show(cfg.database_path(cli.db.as_deref())));
        }
        ConfigAction::Check => {
            super::context::load_config(cli)?;
            println!("config OK");
        }
    }
    Ok(ExitCode::SUCCESS)
}
