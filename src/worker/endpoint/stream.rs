//! `GET /api/v1/stream`: Server-Sent Events. One publisher thread with its own connection
//! polls [`Live`] once a second while anyone listens (and not at all otherwise); each client
//! gets a thread of its own that blocks on its channel and writes what it is sent, so an idle
//! client costs a parked thread and no CPU. A client that has gone is noticed on the next
//! write and dropped. At most `cap` clients at once; the next one gets 429.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use super::reply::ApiError;
use crate::worker::live::{Live, Message};

pub(super) const STREAM_PATH: &str = "/api/v1/stream";

/// How many messages a slow client may fall behind before it is dropped.
const BACKLOG: usize = 256;

enum Wake {
    Attached,
    Stop,
}

type Clients = Arc<Mutex<Vec<SyncSender<Arc<str>>>>>;

pub(super) struct Hub {
    clients: Clients,
    cap: usize,
    wake: Sender<Wake>,
    publisher: Option<JoinHandle<()>>,
}

impl Hub {
    pub(super) fn start(live: Live, cap: usize) -> std::io::Result<Hub> {
        let clients: Clients = Arc::default();
        let (wake, woken) = mpsc::channel();
        let theirs = clients.clone();
        let publisher = std::thread::Builder::new()
            .name("tempo-stream".into())
            .spawn(move || publish(live, &theirs, &woken))?;
        Ok(Hub {
            clients,
            cap,
            wake,
            publisher: Some(publisher),
        })
    }

    /// Takes over `request`'s connection for the stream, or refuses when full.
    pub(super) fn attach(
        &self,
        request: tiny_http::Request,
        cors: Option<(&'static str, String)>,
    ) -> Result<(), Box<(tiny_http::Request, ApiError)>> {
        let (tx, rx) = mpsc::sync_channel::<Arc<str>>(BACKLOG);
        {
            let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
            // An SSE comment, which clients ignore: a client that went away while nothing
            // moved fails on it and frees its place for the next attach.
            clients.retain(|c| c.try_send(Arc::from(":\n\n")).is_ok());
            if clients.len() >= self.cap {
                let mut e = ApiError::rate_limited(1);
                e.message = format!(
                    "{} stream clients are connected already, the most at once",
                    self.cap
                );
                return Err(Box::new((request, e)));
            }
            clients.push(tx);
        }
        let spawned = std::thread::Builder::new()
            .name("tempo-stream-client".into())
            .spawn(move || serve_client(request, &rx, cors));
        if let Err(e) = spawned {
            tracing::error!("stream: cannot start a client thread: {e}");
        }
        let _ = self.wake.send(Wake::Attached);
        Ok(())
    }

    pub(super) fn stop(mut self) {
        let _ = self.wake.send(Wake::Stop);
        if let Some(t) = self.publisher.take() {
            let _ = t.join();
        }
    }
}

fn serve_client(
    request: tiny_http::Request,
    rx: &Receiver<Arc<str>>,
    cors: Option<(&'static str, String)>,
) {
    let mut w = request.into_writer();
    let cors = cors.map_or(String::new(), |(k, v)| format!("{k}: {v}\r\n"));
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
         Connection: close\r\n{cors}\r\n"
    );
    if w.write_all(head.as_bytes())
        .and_then(|()| w.flush())
        .is_err()
    {
        return;
    }
    // Ends when the publisher drops this client's sender (the server stops, or the client
    // fell too far behind) or when a write fails (the client went away).
    while let Ok(text) = rx.recv() {
        if w.write_all(text.as_bytes())
            .and_then(|()| w.flush())
            .is_err()
        {
            return;
        }
    }
}

fn publish(mut live: Live, clients: &Clients, woken: &Receiver<Wake>) {
    let mut listening = false;
    loop {
        match woken.recv_timeout(Duration::from_secs(1)) {
            Ok(Wake::Stop) | Err(RecvTimeoutError::Disconnected) => break,
            // A new client needs the whole state: it is sent again, to everyone.
            Ok(Wake::Attached) => live.reset(),
            Err(RecvTimeoutError::Timeout) => {}
        }
        let any = !clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_empty();
        if !any {
            listening = false;
            continue;
        }
        if !listening {
            live.reset();
            listening = true;
        }
        let messages = match live.poll() {
            Ok(m) => m,
            Err(e) => {
                tracing::error!("stream: {e}");
                continue;
            }
        };
        send(clients, &messages);
    }
    clients
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clear();
}

/// Sends to every client; a client that is gone or too far behind is dropped.
fn send(clients: &Clients, messages: &[Message]) {
    if messages.is_empty() {
        return;
    }
    let text: Arc<str> = Arc::from(messages.iter().map(Message::to_sse).collect::<String>());
    clients
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .retain(|c| c.try_send(text.clone()).is_ok());
}
