"""The MCP tools take any text (Lucene's syntax included) and answer a result or a tool error
with a reason, never a masked failure; /mcp takes the API token; its malformed bodies are
no 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from mcp import Client

from graph.config import Settings
from graph.driver import Database
from tests.hostile_inputs import INTERNALS, LUCENE
from tests.mcp.conftest import Served, serve, with_client

pytestmark = pytest.mark.neo4j


def _calls(url: str, calls: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    async def work(client: Client) -> list[Any]:
        return [await client.call_tool(name, arguments) for name, arguments in calls]

    return with_client(url, work)


def test_search_and_context_take_any_text(mcp_url: str) -> None:
    calls = [(tool, {key: text}) for text in LUCENE for tool, key in (("search", "text"), ("context", "question"))]
    for (tool, arguments), result in zip(calls, _calls(mcp_url, calls), strict=True):
        text = " ".join(getattr(c, "text", "") for c in result.content)
        if result.is_error:
            assert text.strip(), (tool, arguments)
            assert "Unexpected error" not in text, (tool, arguments, text)
        for word in INTERNALS:
            assert word.lower() not in text.lower(), (tool, arguments, text)


@pytest.mark.parametrize("body", [b"null", b"[1,2,3]", b"\xff\xfe", b"{", b'{"jsonrpc": "2.0"}', b"[]"])
def test_malformed_mcp_bodies_are_no_5xx(mcp_url: str, body: bytes) -> None:
    response = httpx.post(mcp_url, content=body, headers={
        "Content-Type": "application/json", "Accept": "application/json, text/event-stream"})
    assert response.status_code < 500, response.text


TOKEN = "api-token-for-mcp-tests"


@pytest.fixture(scope="module")
def api_guarded(neo4j_settings: Settings) -> Iterator[Served]:
    yield from serve(neo4j_settings, api_token=TOKEN)


def test_mcp_takes_the_api_token(api_guarded: Served, sample_graph: Database) -> None:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    accept = {"Accept": "application/json, text/event-stream"}
    bare = httpx.post(api_guarded.url, json=body, headers=accept)
    good = httpx.post(api_guarded.url, json=body, headers={**accept, "Authorization": f"Bearer {TOKEN}"})
    assert bare.status_code == 401 and "POLICYKG_API_TOKEN" in bare.json()["error"]
    assert good.status_code == 200
