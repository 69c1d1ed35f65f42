"""/health and /graphql against the real Neo4j, including Neo4j going down and coming back."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api import ApiSettings, create_app
from graph.config import Settings
from graph.server import neo4j_version
from tests.helpers import free_port, managed_server

pytestmark = pytest.mark.neo4j


def _client(settings: Settings, **overrides: object) -> TestClient:
    return TestClient(create_app(ApiSettings(**(settings.model_dump() | overrides))))


@pytest.fixture
def client(neo4j_settings: Settings) -> Iterator[TestClient]:
    with _client(neo4j_settings) as client:
        yield client


def test_health_reports_neo4j(client: TestClient, neo4j_settings: Settings) -> None:
    response = client.get("/health")

    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["neo4j"]["reachable"] is True
    assert body["neo4j"]["edition"] == "community"
    assert body["neo4j"]["database"] == neo4j_settings.neo4j_database
    if neo4j_settings.managed:
        assert body["neo4j"]["version"] == neo4j_version()
        assert body["neo4j"]["uri"] == f"bolt://127.0.0.1:{neo4j_settings.bolt_port}"


def test_startup_objects_are_kept_out_of_garbage_collection(neo4j_settings: Settings) -> None:
    gc.unfreeze()
    try:
        with _client(neo4j_settings) as client:
            assert client.get("/health").status_code == 200
            # the modules, schema and app made at start-up, moved out of the collector's reach
            assert gc.get_freeze_count() > 50_000
    finally:
        gc.unfreeze()


def test_graphql_health(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": "{ health { ok reachable version edition error } }"})

    assert response.status_code == 200
    payload = response.json()
    assert "errors" not in payload
    health = payload["data"]["health"]
    assert health["ok"] is True and health["edition"] == "community" and health["error"] is None


def test_graphiql_only_outside_production(neo4j_settings: Settings) -> None:
    page = {"Accept": "text/html"}
    with _client(neo4j_settings, env="development") as dev:
        shown = dev.get("/graphql", headers=page)
    with _client(neo4j_settings, env="production") as prod:
        hidden = prod.get("/graphql", headers=page)
        still_answers = prod.post("/graphql", json={"query": "{ health { ok } }"})

    assert shown.status_code == 200 and "graphiql" in shown.text.lower()
    assert hidden.status_code == 404
    assert still_answers.json() == {"data": {"health": {"ok": True}}}


def test_graphql_rejects_unknown_fields(client: TestClient) -> None:
    payload = client.post("/graphql", json={"query": "{ nope }"}).json()

    assert payload["data"] is None
    assert "Cannot query field 'nope'" in payload["errors"][0]["message"]


# --- Neo4j down, then back -------------------------------------------------------------


def _get_health(base: str) -> httpx.Response:
    return httpx.get(f"{base}/health", timeout=30)


def _wait_for(base: str, status: int, proc: subprocess.Popen[str], timeout: float = 60) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        assert proc.poll() is None, "the API process exited"
        try:
            response = _get_health(base)
            if response.status_code == status:
                return response
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"/health never answered {status}"
        time.sleep(0.3)


def test_health_503_while_neo4j_is_down_then_recovers(tmp_path: Path) -> None:
    server = managed_server(tmp_path / "state", auth=False)
    info = server.start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api = subprocess.Popen(
        [sys.executable, "-m", "policykg", "serve", "--port", str(port)],
        env=os.environ | {"NEO4J_URI": info.uri},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        up = _wait_for(base, 200, api)
        assert up.json()["neo4j"]["version"] == neo4j_version()

        server.stop()
        down = _get_health(base)
        assert down.status_code == 503
        body = down.json()
        assert body["ok"] is False and body["status"] == 503
        assert body["neo4j"]["reachable"] is False
        assert f"Neo4j does not answer at {info.uri}" in body["error"]
        assert api.poll() is None

        server.start()  # same state dir and ports
        back = _wait_for(base, 200, api)
        assert back.json()["ok"] is True
    finally:
        api.terminate()
        api.wait(timeout=30)
        server.stop()
