//! The local HTTP server on the command line: `tempo serve` runs the API in the foreground,
//! `tempo daemon` starts it when `[api] enabled = true` (else the capture endpoint alone when
//! `[capture] endpoint = true`), and `tempo api token` (alias `tempo capture token`) prints or
//! rotates its token for scripts.

use std::process::ExitCode;

use super::api_args::ServeArgs;
use super::context::{Context, UsageError};
use crate::worker::endpoint::{self, Endpoint, Settings, State};

/// Most `/api/v1/stream` clients at once: status bars, an editor or two, with room to spare.
const STREAM_CLIENTS: usize = 32;

/// For the daemon: the whole API when `[api] enabled`, else the capture endpoint when
/// `[capture] endpoint`, else nothing. Says where it listens (never the token, only its file).
pub(super) fn start(ctx: &Context, tz: chrono_tz::Tz) -> anyhow::Result<Option<Endpoint>> {
    if ctx.config.api.enabled {
        return start_api(ctx, tz, None).map(Some);
    }
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
        cors_origins: Vec::new(),
        stream_clients: 0,
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

/// The API (capture's routes included) on `[api]`'s address, or `port` instead of its port.
fn start_api(ctx: &Context, tz: chrono_tz::Tz, port: Option<u16>) -> anyhow::Result<Endpoint> {
    let a = &ctx.config.api;
    let host = a.loopback_host().map_err(UsageError)?;
    let settings = Settings {
        host,
        port: port.unwrap_or(a.port),
        max_body_bytes: a.max_body_bytes,
        requests_per_minute: a.requests_per_minute,
        cors_origins: a.cors_origins.clone(),
        stream_clients: STREAM_CLIENTS,
    };
    let state = State::open(
        &ctx.db_path,
        ctx.clock.clone(),
        ctx.config.capture.clone(),
        tz,
    )?
    .with_config(ctx.config.clone());
    let ep = Endpoint::start(&settings, &ctx.db_path, state, crate::worker::api::routes())?;
    crate::log::line(&format!("API on http://{}/api/v1", ep.addr()));
    eprintln!(
        "tempo: API on http://{}/api/v1 (bearer token in {})",
        ep.addr(),
        ep.token_file().display()
    );
    Ok(ep)
}

/// `tempo serve`: the API in the foreground until SIGTERM, SIGINT or SIGHUP.
pub(super) fn serve(ctx: &Context, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // Registered before the server starts, so a signal in between is not lost; waiting on it
    // blocks (an idle server wakes for nothing).
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    let ep = start_api(ctx, crate::config::local_zone(), args.port)?;
    let _ = signals.forever().next();
    ep.stop();
    eprintln!("tempo: API stopped");
    Ok(ExitCode::SUCCESS)
}

/// `tempo api token [--rotate]` and `tempo capture token`: the token (made now if the server
/// never ran), alone on a line for `$(tempo api token)`.
pub(super) fn token(ctx: &Context, rotate: bool) -> anyhow::Result<ExitCode> {
    let path = endpoint::token_path(&ctx.db_path);
    let made = if rotate {
        endpoint::rotate_token(&path)
    } else {
        endpoint::load_or_create_token(&path)
    };
    let token = made.map_err(|e| {
        anyhow::anyhow!(
            "cannot read or create the token file {}: {e}",
            path.display()
        )
    })?;
    println!("{}", token.reveal());
    Ok(ExitCode::SUCCESS)
}
