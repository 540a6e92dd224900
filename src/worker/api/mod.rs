//! The local HTTP API under `/api/v1`: route tables that call the same `ops` as the command
//! line, served by [`crate::worker::endpoint`] (token, host guard, limits, error shape) and
//! described by `openapi.json` beside this file.

mod events;
mod focus;
mod input;
mod plan;
mod report;
mod tasks;
mod time;

use crate::worker::endpoint::{Reply, Route, Router, State};

/// The OpenAPI 3 document, served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Every route: the API's and the capture endpoint's.
pub fn routes() -> Router<State> {
    let mut all = vec![Route {
        method: crate::worker::endpoint::Method::Get,
        pattern: "/api/v1/openapi.json",
        handler: |_, _| {
            let doc = serde_json::from_str(OPENAPI).unwrap_or_default();
            Ok(Reply::ok(doc))
        },
    }];
    all.extend(tasks::routes());
    all.extend(focus::routes());
    all.extend(events::routes());
    all.extend(report::routes());
    all.extend(plan::routes());
    // Before the capture table: its `PATCH /time-entries/{id}` (a suggestion's decision) is
    // shadowed by the time table's, which takes entry ids and hands suggestion UUIDs back.
    all.extend(time::routes());
    all.extend(crate::worker::endpoint::capture_route_table());
    Router::new(all)
}
