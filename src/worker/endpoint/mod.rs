//! The local HTTP server: the capture endpoint (`tempo daemon` with `[capture] endpoint =
//! true`) and the whole API (`tempo serve`, or the daemon with `[api] enabled = true`, routes
//! in `crate::worker::api`). A blocking `tiny_http` server on its own thread, loopback only,
//! every request checked in this order before a handler runs:
//!
//! 0. the `Host` header must name a loopback host (400 without one, 403 for another name), so
//!    a web page cannot reach the API through a rebound DNS name;
//! 1. the bearer token (401), before anything about the routes is told;
//! 2. the rate limit (429), counting only requests with the token: 244 random bits are not
//!    guessed, and callers without it must not use up the owner's minute;
//! 3. a declared body over the limit (413) without reading it;
//! 4. the route (404) and the method (405);
//! 5. the body, read no further than the limit (413).
//!
//! Requests are handled one at a time on the one thread, which owns its own connection to the
//! database; SQLite's locking keeps it in step with the CLI and the app. A refusal whose body
//! was never read is answered from a short-lived thread of its own (see `answer`), so a
//! caller without the token cannot stall the endpoint by declaring a body and not sending it.
//! The live stream (`/api/v1/stream`) is the exception to one-at-a-time: after the same checks,
//! its connection is handed to a thread of its own ([`stream`]).

mod auth;
mod capture;
mod guard;
mod limits;
mod reply;
mod routes;
mod stream;

use std::io::Cursor;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

pub use auth::{
    TOKEN_FILE, Token, load_or_create as load_or_create_token, rotate as rotate_token, token_path,
};
pub(crate) use capture::decide as decide_suggestion;
pub use limits::RateLimiter;
pub use reply::{ApiError, Reply};
pub use routes::{Call, Found, Handler, Method, Route, Router};

use crate::clock::Clock;
use crate::config::{CaptureConfig, Config};
use crate::store::Store;

/// Where and how much: the endpoint's part of the config, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub host: IpAddr,
    /// 0: any free port (the daemon prints the one it got).
    pub port: u16,
    pub max_body_bytes: usize,
    pub requests_per_minute: u32,
    /// Browser origins that get `Access-Control-Allow-Origin` (none: no CORS).
    pub cors_origins: Vec<String>,
    /// Serve `/api/v1/stream` to at most this many clients at once (0: no stream).
    pub stream_clients: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum EndpointError {
    #[error("the endpoint cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot read or create the endpoint's token file {path}: {source}")]
    Token {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the endpoint cannot open the database: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error("cannot start the endpoint's thread: {0}")]
    Thread(std::io::Error),
}

impl crate::error::Kinded for EndpointError {
    fn kind(&self) -> crate::error::ErrorKind {
        match self {
            EndpointError::Store(e) => e.kind(),
            _ => crate::error::ErrorKind::System,
        }
    }
}

/// The state handlers get: the database, the clock, the capture settings and the zone
/// (approving checks the entry against others by local day), and the rest of the config
/// (the API's routes read the urgency coefficients and the focus cycle from it).
pub struct State {
    pub store: Store,
    pub clock: Clock,
    pub capture: CaptureConfig,
    pub tz: chrono_tz::Tz,
    pub config: Config,
}

impl State {
    /// With a connection of its own to the database at `db`.
    pub fn open(
        db: &Path,
        clock: Clock,
        capture: CaptureConfig,
        tz: chrono_tz::Tz,
    ) -> Result<State, EndpointError> {
        Ok(State {
            store: Store::open(db)?,
            clock,
            capture,
            tz,
            config: Config::default(),
        })
    }

    /// The same, with the whole config for the API's routes.
    pub fn with_config(mut self, config: Config) -> State {
        self.config = config;
        self
    }
}

/// The capture routes: ingest and review.
pub fn capture_routes() -> Router<State> {
    Router::new(capture::routes())
}

/// The capture routes as rows, for a larger table.
pub fn capture_route_table() -> Vec<Route<State>> {
    capture::routes()
}

/// A running endpoint; `stop` ends it.
pub struct Endpoint {
    server: Arc<tiny_http::Server>,
    addr: SocketAddr,
    token_file: PathBuf,
    thread: Option<JoinHandle<()>>,
    hub: Option<Arc<stream::Hub>>,
}

impl Endpoint {
    /// Listens on `settings`' address, with the token from beside the database at `db` (made on
    /// first start), serving `routes` with `state` on a thread of its own.
    pub fn start(
        settings: &Settings,
        db: &Path,
        state: State,
        routes: Router<State>,
    ) -> Result<Endpoint, EndpointError> {
        let token_file = token_path(db);
        let token = auth::load_or_create(&token_file).map_err(|source| EndpointError::Token {
            path: token_file.clone(),
            source,
        })?;
        let addr = SocketAddr::new(settings.host, settings.port);
        let bind = |source| EndpointError::Bind { addr, source };
        let listener = listen(addr).map_err(bind)?;
        let addr = listener.local_addr().map_err(bind)?;
        let server = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| bind(std::io::Error::other(e.to_string())))?;
        let server = Arc::new(server);
        let gate = Gate {
            token: auth::TokenWatch::new(token_file.clone(), token),
            limiter: RateLimiter::per_minute(settings.requests_per_minute),
            max_body: settings.max_body_bytes,
            cors: settings.cors_origins.clone(),
        };
        let hub = if settings.stream_clients > 0 {
            let live = crate::worker::live::Live::new(
                Store::open(db)?,
                state.clock.clone(),
                state.config.focus.cycle(),
                state.config.focus.long_break_every,
            );
            let hub =
                stream::Hub::start(live, settings.stream_clients).map_err(EndpointError::Thread)?;
            Some(Arc::new(hub))
        } else {
            None
        };
        let serving = server.clone();
        let streams = hub.clone();
        let thread = std::thread::Builder::new()
            .name("tempo-endpoint".into())
            .spawn(move || serve(&serving, gate, state, &routes, streams.as_deref()))
            .map_err(EndpointError::Thread)?;
        Ok(Endpoint {
            server,
            addr,
            token_file,
            thread: Some(thread),
            hub,
        })
    }

    /// The address it listens on (the port the system chose when the config said 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The file holding the token (its path may be shown; its content is not).
    pub fn token_file(&self) -> &Path {
        &self.token_file
    }

    /// Stops taking requests and waits for the one in hand.
    pub fn stop(mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(hub) = self.hub.take().and_then(|h| Arc::try_unwrap(h).ok()) {
            hub.stop();
        }
    }
}

/// The checks before a handler: the token, the rate, the size.
struct Gate {
    token: auth::TokenWatch,
    limiter: RateLimiter,
    max_body: usize,
    cors: Vec<String>,
}

/// The largest declared body that is still read to its end (and thrown away) after a 413.
/// tiny_http 0.12 discards an unread body when the request is dropped by allocating the whole
/// remainder at once, so a declared `Content-Length` of a petabyte would abort the process;
/// above this size the request is abandoned unanswered instead (its connection stays open
/// until the daemon exits: a leak, but one that needs a lying client).
const MOST_DRAINED: usize = 64 << 20;

const ALLOWED_METHODS: &str = "GET, POST, PATCH, DELETE";

fn serve(
    server: &tiny_http::Server,
    mut gate: Gate,
    mut state: State,
    routes: &Router<State>,
    hub: Option<&stream::Hub>,
) {
    // `recv` fails only when `stop` unblocks it.
    while let Ok(mut request) = server.recv() {
        if request.body_length().is_some_and(|n| n > MOST_DRAINED) {
            tracing::warn!(
                "endpoint: a request declared a body of {} bytes; abandoned unanswered",
                request.body_length().unwrap_or_default()
            );
            std::mem::forget(request);
            continue;
        }
        let cors = guard::cors_header(&gate.cors, header(&request, "Origin"));
        if *request.method() == tiny_http::Method::Options {
            // A browser's preflight carries no token; it learns only what CORS allows.
            let reply = match (&cors, guard::check_host(header(&request, "Host"))) {
                (Some((k, v)), Ok(())) => Reply::status(204, serde_json::Value::Null)
                    .with_header(k, v.clone())
                    .with_header("Access-Control-Allow-Methods", ALLOWED_METHODS.into())
                    .with_header(
                        "Access-Control-Allow-Headers",
                        "Authorization, Content-Type".into(),
                    ),
                (_, Err(e)) => e.into_reply(),
                (None, Ok(())) => {
                    ApiError::forbidden("this origin is not in `api.cors_origins`").into_reply()
                }
            };
            answer(request, reply);
            continue;
        }
        if let Some(hub) = hub.filter(|_| is_stream(&request)) {
            let refused = match admit(&mut gate, &state, &request) {
                Ok(()) => hub.attach(request, cors).err().map(|b| *b),
                Err(e) => Some((request, e)),
            };
            if let Some((request, e)) = refused {
                answer(request, e.into_reply());
            }
            continue;
        }
        let reply = handle(&mut gate, &mut state, routes, &mut request).unwrap_or_else(|e| {
            if e.status >= 500 {
                tracing::error!(
                    "endpoint: {} {}: {}",
                    request.method(),
                    path_of(request.url()),
                    e
                );
            }
            e.into_reply()
        });
        tracing::debug!(
            "endpoint: {} {} -> {}",
            request.method(),
            path_of(request.url()),
            reply.status
        );
        let reply = match cors {
            Some((k, v)) => reply.with_header(k, v),
            None => reply,
        };
        answer(request, reply);
    }
}

/// Sends `reply`. A refusal may leave a declared body unread, and tiny_http reads it to its end
/// when the request is dropped: a caller that never sends it would hold the serving thread. So
/// such an answer goes out from a thread of its own, which ends when that caller's connection
/// does.
fn answer(request: tiny_http::Request, reply: Reply) {
    let unread = reply.status >= 400 && request.body_length().is_some_and(|n| n > 0);
    if !unread {
        let _ = request.respond(response(reply));
        return;
    }
    let answer = response(reply);
    let sent = std::thread::Builder::new()
        .name("tempo-endpoint-refusal".into())
        .spawn(move || {
            let _ = request.respond(answer);
        });
    if let Err(e) = sent {
        tracing::error!("endpoint: cannot start a thread to answer: {e}");
    }
}

fn header<'r>(request: &'r tiny_http::Request, name: &'static str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

fn is_stream(request: &tiny_http::Request) -> bool {
    *request.method() == tiny_http::Method::Get && path_of(request.url()) == stream::STREAM_PATH
}

/// The checks every request passes before anything else: host, token, rate, declared size.
fn admit(gate: &mut Gate, state: &State, request: &tiny_http::Request) -> Result<(), ApiError> {
    guard::check_host(header(request, "Host"))?;
    if !gate.token.authorizes(header(request, "Authorization")) {
        return Err(ApiError::unauthorized());
    }
    gate.limiter
        .admit(state.clock.now())
        .map_err(ApiError::rate_limited)?;
    if request.body_length().is_some_and(|n| n > gate.max_body) {
        return Err(ApiError::too_large(gate.max_body));
    }
    Ok(())
}

fn handle(
    gate: &mut Gate,
    state: &mut State,
    routes: &Router<State>,
    request: &mut tiny_http::Request,
) -> Result<Reply, ApiError> {
    admit(gate, state, request)?;
    let method = Method::parse(request.method().as_str());
    let url = request.url().to_string();
    let (handler, params) = match routes.find(method, path_of(&url)) {
        Found::Route(h, params) => (h, params),
        Found::NotFound => {
            return Err(ApiError::not_found(format!(
                "no such resource: {}",
                path_of(&url)
            )));
        }
        Found::WrongMethod(allowed) => {
            return Err(ApiError::method_not_allowed(
                request.method().as_str(),
                &allowed,
            ));
        }
    };
    let body = limits::read_capped(request.as_reader(), gate.max_body).map_err(|e| match e {
        limits::BodyError::TooLarge { limit } => ApiError::too_large(limit),
        limits::BodyError::Io(e) => ApiError::bad_input(format!("cannot read the body: {e}")),
    })?;
    let call = Call {
        params,
        query: url
            .split_once('?')
            .map(|(_, q)| q.to_string())
            .unwrap_or_default(),
        body,
    };
    handler(state, &call)
}

fn path_of(url: &str) -> &str {
    url.split_once('?').map_or(url, |(p, _)| p)
}

fn response(reply: Reply) -> tiny_http::Response<Cursor<Vec<u8>>> {
    let mut body = serde_json::to_vec_pretty(&reply.body).unwrap_or_default();
    body.push(b'\n');
    let mut r = tiny_http::Response::from_data(body).with_status_code(reply.status);
    let headers =
        std::iter::once(("Content-Type", "application/json".to_string())).chain(reply.headers);
    for (name, value) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            r.add_header(h);
        }
    }
    r
}

#[cfg(test)]
mod tests;

/// A loopback listener whose accepted connections send at once (TCP_NODELAY, inherited from
/// the listener): tiny_http writes a response's head and body separately, and with Nagle's
/// algorithm the body waited for the client's delayed ACK of the head, 40 ms on every
/// kept-alive request.
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    // As std's `TcpListener::bind` does: a restarted server can take its port back at once.
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&addr.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}
