//! The few HTTP exchanges OAuth needs: a JSON document fetched, a form posted for JSON back.
//! Errors name the host and the OAuth error code, never a token or a secret.

use std::time::Duration;

use crate::sync::dav::href::Origin;
use crate::sync::dav::{DavError, tls};

/// An agent for the authorization server: the platform's trust store, errors as answers.
pub(crate) fn agent() -> Result<ureq::Agent, DavError> {
    let config = ureq::Agent::config_builder()
        .tls_config(tls::config(None).map_err(DavError::CaFile)?)
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build();
    Ok(config.into())
}

/// The host of `url`, for messages.
pub(crate) fn host(url: &str) -> String {
    Origin::of(url).map_or_else(
        || "the authorization server".into(),
        |o| o.host().to_string(),
    )
}

pub(crate) fn failed(url: &str, why: impl Into<String>, transient: bool) -> DavError {
    DavError::OAuth {
        host: host(url),
        why: why.into(),
        transient,
    }
}

fn transport(url: &str, e: ureq::Error) -> DavError {
    failed(url, e.to_string(), true)
}

/// GET `url` as JSON; `None` for a 404 (a discovery document that is not there).
pub(crate) fn get_json(
    agent: &ureq::Agent,
    url: &str,
) -> Result<Option<serde_json::Value>, DavError> {
    let mut resp = agent.get(url).call().map_err(|e| transport(url, e))?;
    let status = resp.status().as_u16();
    if status == 404 {
        return Ok(None);
    }
    let text = resp
        .body_mut()
        .read_to_string()
        .map_err(|e| transport(url, e))?;
    if !(200..300).contains(&status) {
        return Err(failed(
            url,
            format!("{url} answered {status}"),
            status >= 500,
        ));
    }
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| failed(url, format!("{url} is not JSON: {e}"), false))
}

/// POSTs a form; the status and the JSON answer (an OAuth error is JSON too).
pub(crate) fn post_form(
    agent: &ureq::Agent,
    url: &str,
    form: &[(&str, &str)],
    basic: Option<&str>,
) -> Result<(u16, serde_json::Value), DavError> {
    let mut req = agent.post(url).header("Accept", "application/json");
    if let Some(b) = basic {
        req = req.header("Authorization", b);
    }
    let mut resp = req
        .send_form(form.iter().copied())
        .map_err(|e| transport(url, e))?;
    let status = resp.status().as_u16();
    let text = resp
        .body_mut()
        .read_to_string()
        .map_err(|e| transport(url, e))?;
    let json = serde_json::from_str(&text).map_err(|_| {
        failed(
            url,
            format!("{} answered {status} without JSON", host(url)),
            status >= 500,
        )
    })?;
    Ok((status, json))
}

/// A string member of a JSON object.
pub(crate) fn text(v: &serde_json::Value, key: &str) -> Option<String> {
    v.get(key).and_then(|s| s.as_str()).map(str::to_string)
}
