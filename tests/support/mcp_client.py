"""Drives `tempo mcp` over stdio with the official MCP Python SDK (`mcp` on PyPI).

Usage: mcp_client.py TEMPO_PROGRAM < calls.json

The calls are a JSON array, run in order in one session: {"list_tools": true},
{"tool": NAME, "arguments": {...}}, {"list_resources": true} or {"resource": URI}. Prints a
JSON array with one result per call. The server gets this process's environment (the test's
database, clock and zone).
"""

import asyncio
import json
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def text_of(blocks):
    return "".join(getattr(b, "text", "") for b in blocks)


async def run(program, calls):
    params = StdioServerParameters(command=program, args=["mcp"], env=dict(os.environ))
    results = []
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            for call in calls:
                if "list_tools" in call:
                    listed = await session.list_tools()
                    results.append({"tools": [t.name for t in listed.tools]})
                elif "tool" in call:
                    done = await session.call_tool(call["tool"], call.get("arguments", {}))
                    results.append({"is_error": bool(done.is_error), "text": text_of(done.content)})
                elif "list_resources" in call:
                    listed = await session.list_resources()
                    results.append({"resources": [str(r.uri) for r in listed.resources]})
                else:
                    read_back = await session.read_resource(call["resource"])
                    results.append({"text": "".join(c.text for c in read_back.contents)})
    return results


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(sys.argv[1], json.load(sys.stdin)))))
