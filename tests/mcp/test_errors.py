"""Tool errors follow the one table (api/errors.py): unmasked kinds reach the model with their
message, masked ones (a refused statement, a surprise) without their text. In-process, with
the SDK's client on the server :func:`api.mcp.build_server` makes; the tool raising is
``describe``, made to fail before it reaches the graph."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client

from api.chat.tools import Feed
from api.mcp import build_server
from graph.errors import QueryFailed, ReadError, ServerUnavailable
from tests.mcp.conftest import run_async


def _describe_failing_with(error: Exception, monkeypatch: pytest.MonkeyPatch) -> Any:
    async def fail(self: Feed, name_or_id: str, *page: Any) -> Any:
        raise error

    monkeypatch.setattr(Feed, "describe", fail)
    server = build_server(Feed(graph=lambda: None))

    async def main() -> Any:
        async with Client(server) as client:
            return await client.call_tool("describe", {"name_or_id": "区发改局"})

    return run_async(main)


@pytest.mark.parametrize("error", [
    ReadError("no node is called '区宇宙局'"),
    ServerUnavailable("Neo4j does not answer at bolt://127.0.0.1:1; start it"),
])
def test_unmasked_errors_keep_their_message(error: Exception, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _describe_failing_with(error, monkeypatch)
    assert result.is_error
    assert result.content[0].text.endswith(str(error))


@pytest.mark.parametrize("error", [
    QueryFailed("query failed: Neo.ClientError.Statement.SyntaxError: MATCH (secret)", "MATCH (secret)"),
    KeyError("internal detail"),
])
def test_masked_errors_lose_their_text(error: Exception, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _describe_failing_with(error, monkeypatch)
    assert result.is_error
    assert result.content[0].text == "Error executing tool describe"
