//! clap definitions of `tempo api …` and `tempo serve`.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum ApiCommand {
    /// Print the API's bearer token (made if there is none yet); --rotate replaces it
    Token {
        /// Make a new token; the old one stops working at once, on a running server too
        #[arg(long)]
        rotate: bool,
    },
}

#[derive(Debug, Default, Args)]
pub struct ServeArgs {
    /// Listen on this port instead of `api.port` (0: any free port)
    #[arg(long)]
    pub port: Option<u16>,
}
