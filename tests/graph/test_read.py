"""graph/read.py on the real Neo4j: a graph nothing was loaded into answers search with
what to do."""

from __future__ import annotations

import pytest

import graph.read as reads
from graph import cypher
from graph.driver import Connection
from graph.errors import ReadError
from graph.read import Select
from graph.schema import ensure_schema

pytestmark = pytest.mark.neo4j


def test_search_before_anything_was_loaded_says_to_load(empty_graph: Connection) -> None:
    empty_graph.write(f"DROP INDEX {cypher.FULLTEXT_INDEX} IF EXISTS")
    try:
        with pytest.raises(ReadError, match=r"full-text index 'search' does not exist yet: nothing has been loaded; "
                           r"load a plan with `policykg load <file>` first"):
            reads.search("养老", Select()).run(empty_graph)
    finally:
        assert ensure_schema(empty_graph) == [cypher.FULLTEXT_INDEX]
