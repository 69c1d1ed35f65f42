"""The sample plan loaded in the run's Neo4j, and a client of the API over it.

``sample_graph`` makes sure the graph holds the sample and nothing else: other tests empty
the graph or load other plans, so every use checks (one cheap query) and reloads when
needed, then waits for the full-text index to catch up. ``api`` is a TestClient of
``create_app`` on the run's Neo4j; ``gql`` posts a query and returns its ``data`` after
checking that no error came back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import ApiSettings, create_app
from graph.config import Settings
from graph.cypher import DELETE_ALL
from graph.driver import Database
from graph.schema import ensure_schema
from graph.writer import counts, write_document
from loaders import load_file
from loaders.model import Document

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "fenghua-2022-workpoints.txt"
WIPE = DELETE_ALL
DOCUMENT_IDS = "MATCH (d:Document) RETURN collect(d.id) AS ids"

_state: dict[str, Any] = {}


@pytest.fixture(scope="session")
def sample_document() -> Document:
    document, _ = load_file(SAMPLE)
    return document


def _holds_only_sample(graph: Database, document: Document) -> bool:
    if graph.read(DOCUMENT_IDS).single_value() != [document.id]:
        return False
    return counts(graph) == _state.get("counts")


@pytest.fixture
def sample_graph(graph: Database, sample_document: Document) -> Database:
    """The run's Neo4j holding exactly the sample plan (reloaded when another test changed it)."""
    if not _state.get("schema"):
        ensure_schema(graph)
        _state["schema"] = True
    if "counts" in _state and _holds_only_sample(graph, sample_document):
        return graph
    graph.write_auto_commit(WIPE)
    write_document(graph, sample_document)  # returns once the full-text index holds it
    _state["counts"] = counts(graph)
    return graph


def api_client(settings: Settings, **overrides: Any) -> TestClient:
    """A client of the app reaching ``settings``' Neo4j, with the API's own defaults for the
    rest (its 2 s retry window, not the command line's 15 s)."""
    reach = settings.model_dump(exclude={"retry_time"})
    return TestClient(create_app(ApiSettings(**(reach | overrides))))


@pytest.fixture(scope="module")
def api(neo4j_settings: Settings) -> Iterator[TestClient]:
    with api_client(neo4j_settings) as client:
        yield client


def post(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def gql(api: TestClient, sample_graph: Database) -> Callable[..., dict[str, Any]]:
    """Run a query on the sample through /graphql; its data, after checking there are no errors."""

    def run(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        payload = post(api, query, variables)
        assert "errors" not in payload, payload["errors"]
        return payload["data"]

    return run
