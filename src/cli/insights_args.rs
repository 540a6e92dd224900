//! clap definitions of `tempo insights …`.

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct InsightsArgs {
    #[command(subcommand)]
    pub action: Option<InsightsCommand>,
    /// Look back N days, today included (default: `insights.days`, 28)
    #[arg(long, value_name = "N")]
    pub days: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum InsightsCommand {
    /// The weekly review: planned, done, tracked, and where the time went by project
    Week,
}
