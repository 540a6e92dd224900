//! The protocol side: the server's description, its tools and resources, each call handed to
//! the `Runner` off the async thread.

use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListResourcesResult, ListToolsResult, PaginatedRequestParams, ReadResourceRequestParams,
    ReadResourceResponse, ReadResourceResult, Resource, ResourceContents, ServerCapabilities,
    ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};

use super::runner::{Outcome, Runner};
use super::tools::{self, InputError};

/// The resources: a URI, a name, a description and the command line that reads it.
const RESOURCES: &[(&str, &str, &str, &[&str])] = &[
    (
        "tempo://agenda/today",
        "agenda-today",
        "Today's events and due or scheduled tasks (tempo cal agenda --json)",
        &["cal", "agenda", "--from=today", "--days=1"],
    ),
    (
        "tempo://tasks",
        "tasks",
        "Pending and started tasks by urgency (tempo list --json)",
        &["list"],
    ),
];

#[derive(Clone)]
pub(super) struct TempoServer {
    runner: Arc<Runner>,
}

impl TempoServer {
    pub(super) fn new(runner: Runner) -> TempoServer {
        TempoServer {
            runner: Arc::new(runner),
        }
    }

    /// Runs a command line on a blocking thread: the child may take a while (a big agenda),
    /// and the protocol's reader must not stall meanwhile.
    async fn run(&self, line: Vec<String>) -> Result<Outcome, ErrorData> {
        let runner = Arc::clone(&self.runner);
        tokio::task::spawn_blocking(move || runner.run(&line))
            .await
            .map_err(|e| ErrorData::internal_error(e.to_string(), None))?
            .map_err(|e| ErrorData::internal_error(format!("cannot run tempo: {e}"), None))
    }
}

impl ServerHandler for TempoServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(Implementation::new("tempo", env!("CARGO_PKG_VERSION")))
        .with_instructions(
            "Tempo: tasks, a focus timer, a calendar and time tracking. Tools take the same \
             words as the tempo command line (dates like today, fri, 2026-12-01, tomorrow 15:00) \
             and return its JSON.",
        )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools::catalogue()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let line = match tools::command_line(&request.name, request.arguments.unwrap_or_default()) {
            Ok(line) => line,
            Err(e @ InputError::UnknownTool(_)) => {
                return Err(ErrorData::invalid_params(e.to_string(), None));
            }
            Err(e) => return Ok(refused(e.to_string())),
        };
        Ok(match self.run(line).await? {
            Outcome::Done(json) => CallToolResult::success(vec![ContentBlock::text(json)]).into(),
            Outcome::Refused(message) => refused(message),
        })
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let resources = RESOURCES
            .iter()
            .map(|(uri, name, description, _)| {
                Resource::new(*uri, *name)
                    .with_description(*description)
                    .with_mime_type("application/json")
            })
            .collect();
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let Some((uri, _, _, line)) = RESOURCES.iter().find(|r| r.0 == request.uri) else {
            return Err(ErrorData::resource_not_found(
                format!("no resource {}", request.uri),
                None,
            ));
        };
        let line = line.iter().map(|w| (*w).to_string()).collect();
        match self.run(line).await? {
            Outcome::Done(json) => Ok(ReadResourceResult::new(vec![
                ResourceContents::text(json, *uri).with_mime_type("application/json"),
            ])
            .into()),
            Outcome::Refused(message) => Err(ErrorData::internal_error(message, None)),
        }
    }
}

/// A tool error the assistant sees: the CLI's message.
fn refused(message: String) -> CallToolResponse {
    CallToolResult::error(vec![ContentBlock::text(message)]).into()
}
