"""How /mcp is reached: the bearer token, loopback only by default; the same tools over
stdio (`policykg mcp`), and as OpenAI function definitions (`policykg tools`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import httpx2
import pytest
from fastapi.testclient import TestClient
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from api import ApiSettings, create_app
from graph.config import Settings
from graph.driver import Database
from tests.mcp.conftest import Served, run_async, serve
from tests.mcp.test_tools import TOOLS

pytestmark = pytest.mark.neo4j

TOKEN = "s3cret-token-for-tests"
POLICYKG = Path(sys.executable).with_name("policykg")


@pytest.fixture(scope="module")
def guarded(neo4j_settings: Settings) -> Iterator[Served]:
    yield from serve(neo4j_settings, mcp_token=TOKEN)


def _initialize(url: str, headers: dict[str, str]) -> httpx.Response:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    return httpx.post(url, json=body, headers={"Accept": "application/json, text/event-stream", **headers})


def test_without_the_token_mcp_answers_401(guarded: Served) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = _initialize(guarded.url, headers)

        assert response.status_code == 401
        assert response.json() == {"ok": False, "status": 401,
                                   "error": "/mcp needs the header Authorization: Bearer <POLICYKG_MCP_TOKEN>"}
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_with_the_token_the_client_lists_the_tools(guarded: Served, sample_graph: Database) -> None:
    async def main() -> list[str]:
        http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
        async with http, Client(streamable_http_client(guarded.url, http_client=http)) as client:
            tools = [t.name for t in (await client.list_tools()).tools]
            result = await client.call_tool("responsibilities", {"department": "区司法局", "role": "lead"})
            assert not result.is_error
            return tools

    assert sorted(run_async(main)) == sorted(TOOLS)


def test_the_token_does_not_guard_the_rest_of_the_api(guarded: Served) -> None:
    assert httpx.get(guarded.base + "/health").status_code == 200


def test_mcp_refuses_clients_that_are_not_loopback(neo4j_settings: Settings) -> None:
    app = create_app(ApiSettings(**neo4j_settings.model_dump()))
    remote = TestClient(app, client=("203.0.113.9", 40000))

    response = remote.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})

    assert response.status_code == 403
    assert "answers only loopback clients" in response.json()["error"]


def test_policykg_mcp_serves_the_tools_over_stdio(neo4j_server, sample_graph: Database) -> None:
    env = {"PATH": os.environ["PATH"], "NEO4J_URI": neo4j_server.uri, "HOME": os.environ.get("HOME", "/tmp")}
    settings = neo4j_server.settings
    if settings.neo4j_password:
        env["NEO4J_PASSWORD"] = settings.neo4j_password
    params = StdioServerParameters(command=str(POLICYKG), args=["mcp"], env=env)

    async def main():
        async with Client(params) as client:
            tools = [t.name for t in (await client.list_tools()).tools]
            result = await client.call_tool("context", {"question": "溪口镇负责哪些改革?", "budget": 500})
            return tools, result

    tools, result = run_async(main)

    assert sorted(tools) == sorted(TOOLS)
    assert not result.is_error
    assert "溪口镇小城市培育" in result.content[0].text


def test_policykg_tools_prints_openai_functions() -> None:
    done = subprocess.run([str(POLICYKG), "tools", "--format", "openai"], capture_output=True, text=True, timeout=60)

    assert done.returncode == 0, done.stderr
    functions = json.loads(done.stdout)
    assert [f["type"] for f in functions] == ["function"] * len(TOOLS)
    assert sorted(f["function"]["name"] for f in functions) == sorted(TOOLS)
    search = next(f["function"] for f in functions if f["function"]["name"] == "search")
    assert search["parameters"]["required"] == ["text"]
    assert search["parameters"]["properties"]["limit"]["maximum"] == 50


def test_policykg_tools_refuses_an_unknown_format() -> None:
    done = subprocess.run([str(POLICYKG), "tools", "--format", "yaml"], capture_output=True, text=True, timeout=60)

    assert done.returncode == 2
    assert "unknown format 'yaml'; the formats are: openai" in done.stderr
