//! The capture endpoint on the command line: `tempo daemon` starts it when the config asks,
//! and `tempo capture token` prints its token for scripts.

use std::process::ExitCode;

use super::context::{Context, UsageError};
use crate::worker::endpoint::{self, Endpoint, Settings, State};

/// Starts the endpoint when `[capture] endpoint = true`, and says where it listens (never the
/// token, only the file it is in).
pub(super) fn start(ctx: &Context, tz: chrono_tz::Tz) -> anyhow::Result<Option<Endpoint>> {
    let c = &ctx.config.capture;
    if !c.endpoint {
        return Ok(None);
    }
    // The config was checked when it was read; this only turns the text into an address.
    let host = crate::config::endpoint::loopback_host(&c.endpoint_host).map_err(UsageError)?;
    let settings = Settings {
        host,
        port: c.endpoint_port,
        max_body_bytes: c.endpoint_max_body_bytes,
        requests_per_minute: c.endpoint_requests_per_minute,
    };
    let state = State::open(&ctx.db_path, ctx.clock.clone(), c.clone(), tz)?;
    let ep = Endpoint::start(&settings, &ctx.db_path, state, endpoint::capture_routes())?;
    crate::log::line(&format!("capture endpoint on http://{}", ep.addr()));
    eprintln!(
        "tempo daemon: capture endpoint on http://{} (bearer token in {})",
        ep.addr(),
        ep.token_file().display()
    );
    Ok(Some(ep))
}

/// `tempo capture token`: the endpoint's token (made now if the daemon never ran), alone on
/// a line for `$(tempo capture token)`.
pub(super) fn token(ctx: &Context) -> anyhow::Result<ExitCode> {
    let path = endpoint::token_path(&ctx.db_path);
    let token = endpoint::load_or_create_token(&path).map_err(|e| {
        anyhow::anyhow!(
            "cannot read or create the token file {}: {e}",
            path.display()
        )
    })?;
    println!("{}", token.reveal());
    Ok(ExitCode::SUCCESS)
}
