//! Delivering a reminder: a desktop notification (freedesktop, over the session bus) when a
//! notification server answers, otherwise the terminal bell (and, in the TUI, a toast). The
//! fallback is logged once, not on every alert.

use std::path::PathBuf;

use crate::model::reminder::{Reminder, Urgency};

/// How a reminder reached the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Path {
    Desktop,
    Bell,
}

impl Path {
    pub fn as_str(self) -> &'static str {
        match self {
            Path::Desktop => "desktop",
            Path::Bell => "bell",
        }
    }
}

/// Something that can show a notification.
pub trait Notifier: Send {
    fn show(&mut self, reminder: &Reminder) -> Result<(), String>;
}

/// Desktop notifications through `notify-rust` (the `org.freedesktop.Notifications` service).
pub struct Desktop {
    icon: String,
}

impl Desktop {
    pub fn new() -> Desktop {
        Desktop { icon: icon() }
    }
}

impl Default for Desktop {
    fn default() -> Self {
        Desktop::new()
    }
}

impl Notifier for Desktop {
    fn show(&mut self, r: &Reminder) -> Result<(), String> {
        let urgency = match r.urgency {
            Urgency::Low => notify_rust::Urgency::Low,
            Urgency::Normal => notify_rust::Urgency::Normal,
            Urgency::Critical => notify_rust::Urgency::Critical,
        };
        notify_rust::Notification::new()
            .appname("Tempo")
            .summary(&r.summary)
            .body(&r.body)
            .icon(&self.icon)
            .urgency(urgency)
            .show()
            .map(|_| ())
            .map_err(|e| {
                let text = e.to_string();
                if text.contains("ServiceUnknown") {
                    "no notification server on the session bus".to_string()
                } else if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
                    format!("no session bus: DBUS_SESSION_BUS_ADDRESS is not set ({text})")
                } else {
                    text
                }
            })
    }
}

/// The icon shipped in `assets/`, written once to the data directory so the notification
/// server can read it by path; a standard icon name if that fails.
fn icon() -> String {
    const SVG: &[u8] = include_bytes!("../../assets/tempo.svg");
    let path: Option<PathBuf> =
        directories::ProjectDirs::from("", "", "tempo").map(|d| d.data_dir().join("tempo.svg"));
    if let Some(p) = path {
        let fresh = std::fs::read(&p).is_ok_and(|b| b == SVG);
        let ok = fresh
            || p.parent()
                .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
                && std::fs::write(&p, SVG).is_ok();
        if ok {
            return p.display().to_string();
        }
    }
    "appointment-soon".to_string()
}

/// Tries the desktop first, falls back to the bell; remembers that it fell back so the log
/// says so once.
pub struct Delivery {
    desktop: Option<Box<dyn Notifier>>,
    fell_back: bool,
}

/// What a delivery did, for the caller to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub path: Path,
    /// Set the first time the desktop failed: why.
    pub fallback_reason: Option<String>,
}

impl Delivery {
    /// `desktop: false` (config `notify.desktop`) keeps to the bell.
    pub fn new(desktop: bool) -> Delivery {
        Delivery::with(desktop.then(|| Box::new(Desktop::new()) as Box<dyn Notifier>))
    }

    pub fn with(desktop: Option<Box<dyn Notifier>>) -> Delivery {
        Delivery {
            desktop,
            fell_back: false,
        }
    }

    pub fn deliver(&mut self, r: &Reminder) -> Delivered {
        let Some(d) = self.desktop.as_mut() else {
            return Delivered {
                path: Path::Bell,
                fallback_reason: None,
            };
        };
        match d.show(r) {
            Ok(()) => {
                self.fell_back = false;
                Delivered {
                    path: Path::Desktop,
                    fallback_reason: None,
                }
            }
            Err(e) => {
                let first = !self.fell_back;
                self.fell_back = true;
                Delivered {
                    path: Path::Bell,
                    fallback_reason: first.then_some(e),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone as _, Utc};

    struct Failing(usize);

    impl Notifier for Failing {
        fn show(&mut self, _: &Reminder) -> Result<(), String> {
            self.0 += 1;
            Err("org.freedesktop.DBus.Error.ServiceUnknown".into())
        }
    }

    #[test]
    fn the_fallback_is_reported_once() {
        let r = Reminder {
            key: "k".into(),
            kind: crate::model::reminder::Kind::Event,
            at: Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 0).unwrap(),
            summary: "s".into(),
            body: String::new(),
            urgency: Urgency::Normal,
        };
        let mut d = Delivery::with(Some(Box::new(Failing(0))));
        let first = d.deliver(&r);
        assert_eq!(first.path, Path::Bell);
        assert!(
            first
                .fallback_reason
                .is_some_and(|e| e.contains("ServiceUnknown"))
        );
        assert_eq!(d.deliver(&r).fallback_reason, None);
        assert_eq!(Delivery::new(false).deliver(&r).path, Path::Bell);
    }
}
