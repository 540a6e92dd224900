//! `tempo daemon` and `tempo notify …`.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::args::NotifyCommand;
use super::context::Context;
use super::output::{Columns, Role, Table, print_json};
use crate::config::{local_zone, log_path};
use crate::log;
use crate::model::reminder::{Kind, Reminder, Urgency, Verdict};
use crate::notify::{Delivery, Path};
use crate::ops::reminders::Settings;
use crate::worker::activitywatch::{PullEvent, Puller};
use crate::worker::{Report, Worker};

type Out = anyhow::Result<ExitCode>;

/// Runs the scheduler and delivery threads in the foreground until SIGTERM, SIGINT or SIGHUP.
pub(super) fn daemon(ctx: &Context) -> Out {
    let log_file = log_path(&ctx.db_path);
    if let Err(e) = log::init(&log_file, ctx.config.general.log_level) {
        eprintln!("warning: cannot write the log {}: {e}", log_file.display());
    }
    let stop = stop_on_signals()?;
    let tz = local_zone();
    let settings = Settings::from_config(&ctx.config.notify, &ctx.config.calendar);
    let holder = format!("daemon {}", std::process::id());
    log::line(&format!("{holder} started on {}", ctx.db_path.display()));
    eprintln!(
        "tempo daemon: reminders from {} (log: {}); SIGTERM or Ctrl-C stops it",
        ctx.db_path.display(),
        log_file.display()
    );
    let endpoint = super::endpoint::start(ctx, tz)?;
    let report = Arc::new(move |r: Report| print_report(&r, tz));
    let worker = Worker::spawn(
        ctx.db_path.clone(),
        std::time::Duration::ZERO,
        settings,
        tz,
        holder.clone(),
        ctx.clock.clone(),
        Delivery::new(ctx.config.notify.desktop),
        report,
        Arc::new(|e: crate::worker::SyncEvent| match e {
            crate::worker::SyncEvent::Result(Ok(t)) => println!("{t}"),
            crate::worker::SyncEvent::Result(Err(e)) => eprintln!("error: {e}"),
            crate::worker::SyncEvent::Status(_) => {}
        }),
    )?;
    let puller = aw_puller(ctx)?;
    let spool_drain = super::capture_hook::spawn_daemon_drain(
        ctx.db_path.clone(),
        ctx.config.capture.clone(),
        ctx.clock.clone(),
        stop.clone(),
    )?;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    if let Some(p) = puller {
        p.stop();
    }
    worker.stop();
    if let Some(ep) = endpoint {
        ep.stop();
    }
    let _ = spool_drain.join();
    log::line(&format!("{holder} stopped"));
    eprintln!("tempo daemon: stopped");
    Ok(ExitCode::SUCCESS)
}

/// The ActivityWatch puller, when `capture.activitywatch_pull_minutes` is set.
fn aw_puller(ctx: &Context) -> std::io::Result<Option<Puller>> {
    let cfg = &ctx.config.capture;
    if cfg.activitywatch_pull_minutes > 0 {
        eprintln!(
            "tempo daemon: pulling ActivityWatch ({}) every {} min",
            crate::sync::dav::href::redact(&cfg.activitywatch_url),
            cfg.activitywatch_pull_minutes
        );
    }
    let report = Arc::new(|e: PullEvent| {
        match e {
            PullEvent::Pulled(p) if p.signals > 0 || p.suggested > 0 => println!(
                "ActivityWatch: {} new events, {} signals, {} new suggestions",
                p.events, p.signals, p.suggested
            ),
            PullEvent::Pulled(_) => {}
            PullEvent::Failed(why) => eprintln!("error: {why}"),
        }
        let _ = std::io::stdout().flush();
    });
    Puller::spawn(ctx.db_path.clone(), cfg.clone(), ctx.clock.clone(), report)
}

/// A flag raised by SIGTERM, SIGINT or SIGHUP.
pub(super) fn stop_on_signals() -> std::io::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register(sig, stop.clone())?;
    }
    Ok(stop)
}

/// One line per reminder handled, and the bell when that is how it was delivered.
fn print_report(r: &Report, tz: chrono_tz::Tz) {
    let when = r.reminder.at.with_timezone(&tz).format("%H:%M");
    let how = match (&r.delivered, r.verdict) {
        (Some(d), _) => d.path.as_str(),
        (None, Verdict::Missed) => "missed",
        (None, _) => "held (quiet hours)",
    };
    println!(
        "{when} {how}: {} — {}",
        r.reminder.summary,
        r.reminder.body.replace('\n', " · ")
    );
    if r.delivered.as_ref().is_some_and(|d| d.path == Path::Bell) {
        let mut err = std::io::stderr();
        let _ = err.write_all(b"\x07").and_then(|()| err.flush());
    }
    let _ = std::io::stdout().flush();
}

pub(super) fn run(ctx: &mut Context, cmd: NotifyCommand) -> Out {
    match cmd {
        NotifyCommand::Test => test(ctx),
        NotifyCommand::Log { limit } => history(ctx, limit),
    }
}

/// `tempo notify test`: one notification now, by the path reminders would take.
fn test(ctx: &Context) -> Out {
    let _ = log::init(&log_path(&ctx.db_path), ctx.config.general.log_level);
    let r = Reminder {
        key: "test".into(),
        kind: Kind::Event,
        at: ctx.now_utc(),
        summary: "Tempo test notification".into(),
        body: "If you can read this, reminders will reach you here.".into(),
        urgency: Urgency::Normal,
    };
    let d = Delivery::new(ctx.config.notify.desktop).deliver(&r);
    log::line(&format!(
        "test notification delivered by {}",
        d.path.as_str()
    ));
    if ctx.json {
        print_json(&serde_json::json!({
            "delivered_by": d.path,
            "desktop_error": d.fallback_reason,
        }))?;
    } else {
        match (d.path, &d.fallback_reason) {
            (Path::Desktop, _) => println!("Sent as a desktop notification."),
            (Path::Bell, Some(why)) => {
                eprint!("\x07");
                println!(
                    "No desktop notification server answered ({why}); rang the terminal bell instead."
                );
            }
            (Path::Bell, None) => {
                eprint!("\x07");
                println!("Rang the terminal bell (notify.desktop is off).");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `tempo notify log [--limit N]`: the reminders handled, newest first.
fn history(ctx: &Context, limit: usize) -> Out {
    let rows = ctx.store.reminder_history(limit)?;
    if ctx.json {
        print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        println!("No reminders yet. They fire while the TUI or `tempo daemon` runs.");
        return Ok(ExitCode::SUCCESS);
    }
    let tz = local_zone();
    let rows = rows
        .iter()
        .map(|h| {
            let at = chrono::DateTime::from_timestamp(h.due, 0)
                .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            let what = match h.how() {
                crate::model::reminder::Outcome::Quiet => "quiet hours".to_string(),
                how => how.word().to_string(),
            };
            (
                Role::Plain,
                vec![at, what, h.summary.clone(), h.holder.clone()],
            )
        })
        .collect();
    Table {
        columns: Columns::new(vec!["Due", "How", "Reminder", "By"], 2, vec![]),
        rows,
    }
    .print(ctx.width, ctx.color)?;
    Ok(ExitCode::SUCCESS)
}
