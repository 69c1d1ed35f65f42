"""py2neo 2021.2.4 (Bolt 4.x) reads the graph through `graph.run` Cypher."""

from __future__ import annotations

import pytest

from graph.driver import Database
from tests.conftest import TestNeo4j

pytestmark = pytest.mark.neo4j

py2neo = pytest.importorskip("py2neo")


def test_py2neo_reads_over_bolt(empty_graph: Database, neo4j_server: TestNeo4j) -> None:
    empty_graph.write("CREATE (:Department {name: $name})", {"name": "区发改局"})
    settings = neo4j_server.settings
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None

    analyst = py2neo.Graph(neo4j_server.uri, auth=auth, name=settings.neo4j_database)

    assert analyst.run("RETURN 1 AS x").data() == [{"x": 1}]
    assert analyst.run("MATCH (d:Department) RETURN d.name AS name").data() == [{"name": "区发改局"}]
    assert analyst.service.kernel_version.major == 5
