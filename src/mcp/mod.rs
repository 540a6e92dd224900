//! `tempo mcp`: a Model Context Protocol server on standard input and output, so assistants can
//! list and add tasks, read the agenda, run the focus timer and log time.
//!
//! Each tool call runs this same binary's command line with `--json` in a child process
//! (`runner`): the tool's input is checked by the CLI's own parsers and `ops`, a refusal carries
//! the CLI's message and changes nothing, and a result is the CLI's JSON. It also keeps standard
//! output, which the CLI prints to, free for the protocol. The async runtime the SDK needs lives
//! only here, on one thread, started by this subcommand.

mod runner;
mod server;
mod tools;

use std::ffi::OsString;

use rmcp::ServiceExt;

use runner::Runner;

/// Why the server could not start or stopped with a failure.
#[derive(Debug, thiserror::Error)]
pub enum McpError {
    #[error("cannot find the tempo program to run the tools: {0}")]
    Program(#[source] std::io::Error),
    #[error("cannot start the MCP server's runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("the MCP session failed: {0}")]
    Session(String),
}

/// Serves MCP on stdio until the client closes the connection. `globals` are the flags every
/// tool's command line gets (`--db=…`, `--config=…`), so the tools see the database the server
/// was started with.
pub fn serve(globals: Vec<OsString>) -> Result<(), McpError> {
    let program = std::env::current_exe().map_err(McpError::Program)?;
    let runner = Runner::new(program, globals);
    // One thread is plenty: the work happens in the child processes, and requests come one
    // line at a time from one client. Timers too: the SDK's shutdown waits with a timeout.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(McpError::Runtime)?;
    runtime.block_on(async move {
        let service = server::TempoServer::new(runner)
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| McpError::Session(e.to_string()))?;
        service
            .waiting()
            .await
            .map_err(|e| McpError::Session(e.to_string()))?;
        Ok(())
    })
}
