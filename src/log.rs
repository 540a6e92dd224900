//! A plain log file: the TUI owns the screen and the daemon may have none, so what happens in
//! the background (deliveries, fallbacks, syncs, errors) is written here, a timestamped,
//! leveled line each. Code logs through `tracing` (`tracing::info!`, spans such as a sync
//! pass); a small subscriber here writes the lines, with the open spans and their fields, to
//! the file. `TEMPO_LOG_LEVEL` (error, warn, info, debug) or the config's `general.log_level`
//! sets how much; info by default.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

use crate::config::LogLevel;

static LOG: OnceLock<Mutex<Option<(PathBuf, std::fs::File)>>> = OnceLock::new();
/// The most verbose level written, as `rank` numbers it.
static MAX: AtomicUsize = AtomicUsize::new(2);

/// Opens (appends to) `path`; later lines go there, those up to `TEMPO_LOG_LEVEL`, else up to
/// `configured`. Failing to open is not fatal: lines are then dropped, and the caller hears
/// why once.
pub fn init(path: &Path, configured: LogLevel) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        crate::private_files::create_dir(dir)?;
    }
    // The log names events and calendars: the owner's only, like the database.
    let file = crate::private_files::open_append(path)?;
    let slot = LOG.get_or_init(|| Mutex::new(None));
    if let Ok(mut s) = slot.lock() {
        *s = Some((path.to_path_buf(), file));
    }
    let level = chosen(std::env::var("TEMPO_LOG_LEVEL").ok().as_deref(), configured);
    MAX.store(rank(&level), Ordering::Relaxed);
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        // Another subscriber already set (a test harness's) keeps its place.
        let _ = tracing::subscriber::set_global_default(FileLog::default());
    });
    Ok(())
}

/// The log file in use, if any.
pub fn path() -> Option<PathBuf> {
    LOG.get().and_then(|m| {
        m.lock()
            .ok()
            .and_then(|s| s.as_ref().map(|(p, _)| p.clone()))
    })
}

/// A line at info level.
pub fn line(text: &str) {
    tracing::info!("{text}");
}

/// A line at `level`.
pub fn at(level: Level, text: &str) {
    match level {
        Level::ERROR => tracing::error!("{text}"),
        Level::WARN => tracing::warn!("{text}"),
        Level::INFO => tracing::info!("{text}"),
        _ => tracing::debug!("{text}"),
    }
}

/// The level from the environment if it names one, else the configured one.
fn chosen(env: Option<&str>, configured: LogLevel) -> Level {
    parse_level(env).unwrap_or(match configured {
        LogLevel::Error => Level::ERROR,
        LogLevel::Warn => Level::WARN,
        LogLevel::Info => Level::INFO,
        LogLevel::Debug => Level::DEBUG,
    })
}

/// A level's name as set in `TEMPO_LOG_LEVEL`; `None` for none or one it does not know.
fn parse_level(name: Option<&str>) -> Option<Level> {
    match name.map(|n| n.trim().to_ascii_lowercase()).as_deref() {
        Some("error") => Some(Level::ERROR),
        Some("warn" | "warning") => Some(Level::WARN),
        Some("info") => Some(Level::INFO),
        Some("debug") => Some(Level::DEBUG),
        Some("trace") => Some(Level::TRACE),
        _ => None,
    }
}

fn rank(level: &Level) -> usize {
    match *level {
        Level::ERROR => 0,
        Level::WARN => 1,
        Level::INFO => 2,
        Level::DEBUG => 3,
        _ => 4,
    }
}

fn write_line(level: &Level, text: &str) {
    let Some(slot) = LOG.get() else { return };
    let Ok(mut s) = slot.lock() else { return };
    if let Some((_, file)) = s.as_mut() {
        let now = crate::clock::wall_local().format("%Y-%m-%d %H:%M:%S%.3f");
        // Whatever a line quotes, a password in a URL is not written.
        let text = crate::sync::dav::href::redact_text(text);
        let _ = writeln!(file, "{now} [{}] {level:<5} {text}", std::process::id());
    }
}

/// A span's name and fields as written, and how many handles to it are open.
struct SpanText {
    text: String,
    refs: usize,
}

#[derive(Default)]
struct FileLog {
    next: AtomicU64,
    spans: Mutex<HashMap<u64, SpanText>>,
}

thread_local! {
    /// The spans entered on this thread, innermost last.
    static STACK: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Fields as ` name=value`, the message apart.
#[derive(Default)]
struct Fields {
    message: String,
    rest: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "message" => self.message = value.to_string(),
            name => {
                let _ = write!(self.rest, " {name}={value}");
            }
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => self.message = format!("{value:?}"),
            name => {
                let _ = write!(self.rest, " {name}={value:?}");
            }
        }
    }
}

impl FileLog {
    /// The open spans of this thread, outermost first: `sync{pass=3 account=work}: `.
    fn context(&self) -> String {
        let Ok(spans) = self.spans.lock() else {
            return String::new();
        };
        STACK.with(|stack| {
            stack
                .borrow()
                .iter()
                .filter_map(|id| spans.get(id))
                .map(|s| format!("{}: ", s.text))
                .collect()
        })
    }
}

impl Subscriber for FileLog {
    // Asked again at each use, since `init` may change the level after a line was first used.
    fn register_callsite(
        &self,
        _metadata: &'static Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        rank(metadata.level()) <= MAX.load(Ordering::Relaxed)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut fields = Fields::default();
        span.record(&mut fields);
        let text = format!("{}{{{}}}", span.metadata().name(), fields.rest.trim_start());
        if let Ok(mut spans) = self.spans.lock() {
            spans.insert(id, SpanText { text, refs: 1 });
        }
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut fields = Fields::default();
        values.record(&mut fields);
        if let Ok(mut spans) = self.spans.lock()
            && let Some(s) = spans.get_mut(&span.into_u64())
            && let Some(open) = s.text.pop()
        {
            s.text.push_str(&fields.rest);
            s.text.push(open);
        }
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let text = format!("{}{}{}", self.context(), fields.message, fields.rest);
        write_line(event.metadata().level(), &text);
    }

    fn enter(&self, span: &Id) {
        STACK.with(|stack| stack.borrow_mut().push(span.into_u64()));
    }

    fn exit(&self, span: &Id) {
        STACK.with(|stack| {
            let mut stack = stack.borrow_mut();
            if let Some(i) = stack.iter().rposition(|s| *s == span.into_u64()) {
                stack.remove(i);
            }
        });
    }

    fn clone_span(&self, span: &Id) -> Id {
        if let Ok(mut spans) = self.spans.lock()
            && let Some(s) = spans.get_mut(&span.into_u64())
        {
            s.refs += 1;
        }
        span.clone()
    }

    fn try_close(&self, span: Id) -> bool {
        let Ok(mut spans) = self.spans.lock() else {
            return false;
        };
        let id = span.into_u64();
        let closed = spans.get_mut(&id).is_some_and(|s| {
            s.refs = s.refs.saturating_sub(1);
            s.refs == 0
        });
        if closed {
            spans.remove(&id);
        }
        closed
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_log_and_its_directory_are_private() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("data/tempo.log");
        super::init(&path, crate::config::LogLevel::Info).expect("init");
        let mode = |p: &std::path::Path| {
            std::fs::metadata(p).expect("exists").permissions().mode() & 0o777
        };
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&tmp.path().join("data")), 0o700);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        super::init(&path, crate::config::LogLevel::Info).expect("init");
        assert_eq!(mode(&path), 0o600, "an existing log is tightened");
    }

    #[test]
    fn the_environment_names_the_level_else_the_config() {
        use tracing::Level;
        assert_eq!(super::parse_level(Some("debug")), Some(Level::DEBUG));
        assert_eq!(super::parse_level(Some(" Warn ")), Some(Level::WARN));
        assert_eq!(super::parse_level(Some("loud")), None);
        assert_eq!(super::parse_level(None), None);
        assert!(super::rank(&Level::DEBUG) > super::rank(&Level::INFO));
        use crate::config::LogLevel;
        assert_eq!(super::chosen(None, LogLevel::Debug), Level::DEBUG);
        assert_eq!(super::chosen(Some("error"), LogLevel::Debug), Level::ERROR);
        assert_eq!(super::chosen(Some(""), LogLevel::Warn), Level::WARN);
        assert_eq!(super::chosen(None, LogLevel::default()), Level::INFO);
    }
}
