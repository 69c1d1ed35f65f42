"""An analyst on py2neo 2021.2.4 runs the shipped query files' Cypher, as written, against the
sample graph and reads the same rows as the official driver's ``graph.named_queries.run``."""

from __future__ import annotations

from typing import Any

import pytest

from graph import named_queries as nq
from graph.driver import Database
from graph.read import departments_named
from tests.conftest import TestNeo4j
from tests.queries.test_named_queries import QUERIES, SAMPLE_PARAMETERS

pytestmark = pytest.mark.neo4j

#: Every item of the sample has a 进度安排, so this one query answers no rows there.
EMPTY_ON_SAMPLE = {"items_without_schedule"}

py2neo = pytest.importorskip("py2neo")


@pytest.fixture(scope="module")
def analyst(neo4j_server: TestNeo4j) -> Any:
    settings = neo4j_server.settings
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    return py2neo.Graph(neo4j_server.uri, auth=auth, name=settings.neo4j_database)


def _parameters(graph: Database, query: nq.NamedQuery, given: dict[str, Any]) -> dict[str, Any]:
    """What an analyst passes: the defaults filled in, a department as the keys its name has."""
    bound = query.bind(given)
    for p in query.parameters:
        if p.type == "Department" and bound[p.name] is not None:
            named = departments_named([bound[p.name]]).run(graph)
            bound[p.name] = [d["key"] for d in named[bound[p.name]]]
    return bound


@pytest.mark.parametrize("name", sorted(SAMPLE_PARAMETERS))
def test_each_query_file_reads_the_same_rows_through_py2neo(
        analyst: Any, sample_graph: Database, name: str) -> None:
    query = QUERIES[name]
    expected = nq.run(sample_graph, QUERIES, name, SAMPLE_PARAMETERS[name])
    parameters = _parameters(sample_graph, query, SAMPLE_PARAMETERS[name])
    rows = analyst.run(query.path.read_text(encoding="utf-8"), parameters).data()
    assert bool(expected.rows) == (name not in EMPTY_ON_SAMPLE), name
    assert rows == expected.rows


def test_department_workload_through_py2neo(analyst: Any, sample_graph: Database) -> None:
    text = QUERIES["department_workload"].path.read_text(encoding="utf-8")
    rows = analyst.run(text, {"jurisdiction": None, "limit": 1}).data()
    assert rows[0]["department"] == "区发改局"
    assert rows[0]["leads"] == 29
