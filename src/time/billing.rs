//! Rates: a client has an optional hourly rate, currency and rounding rule; a project belongs
//! to a client (inheriting its rate) and may set its own rate. Money is kept in cents.

use std::collections::HashMap;

use serde::Serialize;

use super::TimeError;
use super::entry::Attrs;
use super::rounding::Rounding;

/// The currency used when a client names none.
pub const DEFAULT_CURRENCY: &str = "EUR";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientInfo {
    pub id: i64,
    pub name: String,
    /// Cents per hour.
    pub rate: Option<i64>,
    pub currency: Option<String>,
    pub rounding: Rounding,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectInfo {
    pub id: i64,
    pub project: String,
    pub client: Option<String>,
    pub rate: Option<i64>,
    pub currency: Option<String>,
}

/// The rate that applies to an entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Rate {
    pub cents_per_hour: i64,
    pub currency: String,
}

/// Clients and project settings, looked up by name.
#[derive(Debug, Clone, Default)]
pub struct Billing {
    clients: HashMap<String, ClientInfo>,
    projects: HashMap<String, ProjectInfo>,
}

impl Billing {
    pub fn new(clients: Vec<ClientInfo>, projects: Vec<ProjectInfo>) -> Billing {
        Billing {
            clients: clients
                .into_iter()
                .map(|c| (c.name.to_lowercase(), c))
                .collect(),
            projects: projects
                .into_iter()
                .map(|p| (p.project.clone(), p))
                .collect(),
        }
    }

    fn project(&self, a: &Attrs) -> Option<&ProjectInfo> {
        let name = a.project.as_deref()?;
        // A sub-project (`acme.web`) inherits from its parent (`acme`) when it has no row.
        let mut key = name;
        loop {
            if let Some(p) = self.projects.get(key) {
                return Some(p);
            }
            key = key.rsplit_once('.')?.0;
        }
    }

    /// The entry's client: its own, else its project's.
    pub fn client_name(&self, a: &Attrs) -> Option<String> {
        a.client
            .clone()
            .or_else(|| self.project(a).and_then(|p| p.client.clone()))
    }

    pub fn client(&self, a: &Attrs) -> Option<&ClientInfo> {
        self.clients.get(&self.client_name(a)?.to_lowercase())
    }

    /// The project's own rate wins over the client's.
    pub fn rate(&self, a: &Attrs) -> Option<Rate> {
        let client = self.client(a);
        let project = self.project(a);
        let cents = project
            .and_then(|p| p.rate)
            .or(client.and_then(|c| c.rate))?;
        let currency = project
            .and_then(|p| p.currency.clone())
            .or_else(|| client.and_then(|c| c.currency.clone()))
            .unwrap_or_else(|| DEFAULT_CURRENCY.to_string());
        Some(Rate {
            cents_per_hour: cents,
            currency,
        })
    }

    pub fn rounding(&self, a: &Attrs) -> Rounding {
        self.client(a).map_or(Rounding::NONE, |c| c.rounding)
    }
}

/// `seconds` at `cents_per_hour`, rounded to the nearest cent.
pub fn amount(seconds: i64, cents_per_hour: i64) -> i64 {
    let num = i128::from(seconds) * i128::from(cents_per_hour);
    ((num + 1800) / 3600) as i64
}

/// `85`, `85.5`, `85.50` → cents.
pub fn parse_rate(text: &str) -> Result<i64, TimeError> {
    let bad = || {
        TimeError::Invalid(format!(
            "cannot read `{text}` as an hourly rate (e.g. 85 or 92.50)"
        ))
    };
    let (whole, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .filter(|c| *c <= 100_000_000)
        .ok_or_else(bad)
}

/// Cents as `1234.50`.
pub fn format_cents(cents: i64) -> String {
    format!(
        "{}{}.{:02}",
        if cents < 0 { "-" } else { "" },
        cents.abs() / 100,
        cents.abs() % 100
    )
}

/// `3 letters`, upper-cased.
pub fn parse_currency(text: &str) -> Result<String, TimeError> {
    let t = text.trim();
    if t.len() == 3 && t.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(t.to_ascii_uppercase())
    } else {
        Err(TimeError::Invalid(format!(
            "`{text}` is not a currency code (three letters, such as EUR or USD)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(name: &str, rate: Option<i64>) -> ClientInfo {
        ClientInfo {
            id: 1,
            name: name.into(),
            rate,
            currency: Some("USD".into()),
            rounding: Rounding::NONE,
        }
    }

    #[test]
    fn a_project_inherits_its_clients_rate_and_may_override_it() {
        let billing = Billing::new(
            vec![client("Acme", Some(8000))],
            vec![
                ProjectInfo {
                    id: 1,
                    project: "web".into(),
                    client: Some("acme".into()),
                    rate: None,
                    currency: None,
                },
                ProjectInfo {
                    id: 2,
                    project: "audit".into(),
                    client: Some("Acme".into()),
                    rate: Some(12000),
                    currency: None,
                },
            ],
        );
        let attrs = |p: &str| Attrs {
            project: Some(p.into()),
            ..Attrs::default()
        };
        assert_eq!(
            billing.rate(&attrs("web")).map(|r| r.cents_per_hour),
            Some(8000)
        );
        assert_eq!(
            billing.rate(&attrs("web.front")).map(|r| r.cents_per_hour),
            Some(8000)
        );
        assert_eq!(
            billing.rate(&attrs("audit")),
            Some(Rate {
                cents_per_hour: 12000,
                currency: "USD".into()
            })
        );
        assert_eq!(billing.rate(&attrs("home")), None);
        assert_eq!(
            billing.client_name(&attrs("audit")).as_deref(),
            Some("Acme")
        );
    }

    #[test]
    fn amounts_and_rates_in_cents() {
        assert_eq!(amount(5400, 8000), 12000);
        assert_eq!(amount(60, 100), 2); // 1.67 cents rounds to 2
        assert_eq!(parse_rate("92.5"), Ok(9250));
        assert_eq!(parse_rate("85"), Ok(8500));
        assert!(parse_rate("8,5").is_err());
        assert!(parse_rate("-3").is_err());
        assert_eq!(format_cents(123450), "1234.50");
        assert_eq!(parse_currency("usd"), Ok("USD".into()));
        assert!(parse_currency("dollars").is_err());
    }
}
