"""graph/read.py on the real Neo4j: each statement logged at DEBUG (long values cut), named
queries too, and a graph nothing was loaded into answering search with what to do."""

from __future__ import annotations

import logging

import pytest

import graph.read as reads
from graph import cypher, named_queries
from graph.driver import Database
from graph.errors import ReadError
from graph.read import Select
from graph.schema import ensure_schema

pytestmark = pytest.mark.neo4j

ANCHORED = [f"Task:doc/task/{n}" for n in range(30)]


def _records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "graph.read"]


def test_each_statement_is_logged_at_debug_with_its_parameters(
    empty_graph: Database, caplog: pytest.LogCaptureFixture
) -> None:
    ensure_schema(empty_graph)
    caplog.set_level(logging.DEBUG, logger="graph.read")
    read = reads.department("发改局", Select(props={"name"}), "宁波市奉化区")

    assert read.run(empty_graph) == []
    (record,) = _records(caplog)
    assert record.levelno == logging.DEBUG
    assert record.getMessage() == f"statement: {read.query}\nparameters: {read.parameters}"
    assert read.parameters["p0"] == "发改局" and "'p1': '宁波市奉化区'" in record.getMessage()


def test_long_parameters_are_cut_in_the_log(empty_graph: Database, caplog: pytest.LogCaptureFixture) -> None:
    ensure_schema(empty_graph)
    caplog.set_level(logging.DEBUG, logger="graph.read")
    text = "养老" * 150  # 300 characters

    reads.search(text, Select()).run(empty_graph)
    reads.nodes(ANCHORED, Select()).run(empty_graph)

    searched, looked_up = (r.getMessage() for r in _records(caplog))
    assert f"'{text[:200]}… (300 characters)'" in searched and text not in searched
    shown = ", ".join(repr(f"doc/task/{n}") for n in range(20))
    assert f"[{shown}, '… (30 items)']" in looked_up and "doc/task/20" not in looked_up


def test_nothing_is_logged_above_debug(empty_graph: Database, caplog: pytest.LogCaptureFixture) -> None:
    ensure_schema(empty_graph)
    caplog.set_level(logging.INFO, logger="graph.read")

    reads.department("发改局", Select()).run(empty_graph)

    assert _records(caplog) == []


def test_named_queries_are_logged_at_debug(empty_graph: Database, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="graph.named_queries")
    queries = named_queries.load_queries()

    named_queries.run(empty_graph, queries, "due_in_month", {"month": 6})

    (record,) = [r for r in caplog.records if r.name == "graph.named_queries"]
    assert record.levelno == logging.DEBUG
    assert record.getMessage() == (f"statement: {queries['due_in_month'].cypher}\n"
                                   "parameters: {'month': 6, 'department': None}")


def test_search_before_anything_was_loaded_says_to_load(empty_graph: Database) -> None:
    empty_graph.write(f"DROP INDEX {cypher.FULLTEXT_INDEX} IF EXISTS")
    try:
        with pytest.raises(ReadError, match=r"full-text index 'search' does not exist yet: nothing has been loaded; "
                           r"load a plan with `policykg load <file>` first"):
            reads.search("养老", Select()).run(empty_graph)
    finally:
        assert ensure_schema(empty_graph) == [cypher.FULLTEXT_INDEX]
