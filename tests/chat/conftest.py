"""The sample plan in the run's Neo4j (``sample_graph``, shared with tests/api) and an API
client over it; the question sets with the facts each answer needs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from graph.config import Settings
from graph.driver import Database
from tests.api.conftest import api_client, sample_document, sample_graph  # noqa: F401  (fixtures)
from tests.mcp.conftest import mcp_url, served  # noqa: F401  (fixtures)

HERE = Path(__file__).resolve().parent


def load_questions(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def client(neo4j_settings: Settings) -> Iterator[TestClient]:
    with api_client(neo4j_settings) as client:
        yield client


@pytest.fixture
def chat(client: TestClient, sample_graph: Database) -> TestClient:  # noqa: F811
    """The API over the sample plan."""
    return client
