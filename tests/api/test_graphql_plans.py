"""How the API talks to Neo4j: one statement per root field whatever the nesting, counts only
when asked for, and anchored root fields starting from an index, not a label scan.

The statements are recorded on their way to the real server, then EXPLAINed (and one
PROFILEd) there with the same parameters.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.config import Settings
from graph.driver import Database
from graph.read import departments_named
from tests.api.conftest import api_client, post

pytestmark = pytest.mark.neo4j

SEEKS = {"NodeIndexSeek", "NodeUniqueIndexSeek", "NodeIndexSeekByRange", "NodeUniqueIndexSeekByRange",
         "MultiNodeIndexSeek", "NodeIndexContainsScan"}
SCANS = {"NodeByLabelScan", "AllNodesScan", "NodeIndexScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan"}


@pytest.fixture(scope="module")
def client(neo4j_settings: Settings) -> Iterator[TestClient]:
    with api_client(neo4j_settings) as client:
        yield client


@pytest.fixture
def statements(client: TestClient, monkeypatch: pytest.MonkeyPatch, sample_graph) -> list[tuple[str, dict]]:
    """Every statement the API sends while the test runs."""
    sent: list[tuple[str, dict]] = []
    connection = client.app.state.graph
    real = connection.read

    async def read(query: str, parameters: dict | None = None, **kwargs: Any):
        sent.append((query, dict(parameters or {})))
        return await real(query, parameters, **kwargs)

    monkeypatch.setattr(connection, "read", read)
    return sent


def _operators_of(steps: list[tuple[str, str]]) -> list[str]:
    return [name for name, _ in steps]


def _steps(plan: dict[str, Any]) -> list[tuple[str, str]]:
    """(operator, details) of every step of a plan, depth first."""
    here = (plan["operatorType"].split("@")[0], str(plan.get("args", {}).get("Details", "")))
    return [here] + [step for child in plan.get("children", []) for step in _steps(child)]


def _plan(graph: Database, statement: tuple[str, dict], mode: str = "EXPLAIN") -> list[tuple[str, str]]:
    query, parameters = statement
    with graph.driver.session(database=graph.database, default_access_mode="READ") as session:
        summary = session.run(f"{mode} {query}", parameters).consume()
    return _steps(summary.profile if mode == "PROFILE" else summary.plan)


ANCHORED = {
    "department by alias": '{ department(name: "发改局") { name leads { nodes { name citations { policy { title } } } } } }',
    "node by id": '{ node(id: "Task:宁波市奉化区-2022-ec22819a/task/25") { id ... on Task { responsible { role } } } }',
    "nodes by ids": '{ nodes(ids: ["Department:宁波市奉化区/区民政局", "Place:宁波市奉化区/溪口镇"]) { id } }',
    "neighbourhood": '{ neighbourhood(id: "Place:宁波市奉化区/溪口镇", depth: 2) { nodes { id } edges { type } } }',
    "paths": '{ paths(from: "Department:宁波市奉化区/区发改局", to: "Place:宁波市奉化区/大堰镇") { length } }',
    "schedule of a month": '{ schedule(month: 6) { totalCount nodes { label item { name } } } }',
    "place by name": '{ places(where: {name: "溪口镇"}) { nodes { items { nodes { name } } } } }',
    "policies of a level": '{ policies(where: {level: "国家"}) { nodes { title citedBy { nodes { cell } } } } }',
    "items of a document": '{ items(where: {document: "宁波市奉化区-2022-ec22819a", number: 25, kind: TASK}) '
                           '{ nodes { name } } }',
    "items citing a policy": '{ itemsCitingPolicy(title: "《奉化区数字经济发展2022年工作要点》", exact: true) '
                             '{ nodes { name } } }',
    "departments by name": '{ departments(where: {name: "区民政局"}) { nodes { leadCount } } }',
}


@pytest.mark.parametrize("name", list(ANCHORED))
def test_anchored_root_fields_seek_an_index(name: str, client: TestClient, statements, sample_graph) -> None:
    payload = post(client, ANCHORED[name])
    assert "errors" not in payload, payload
    *resolved, main = statements
    # one statement per root field, after the one resolving the department names it gives
    assert len(resolved) == (1 if name == "departments by name" else 0), "one statement per root field"
    for query, parameters in resolved:
        assert query == departments_named(["区民政局"]).query and parameters["p0"][0]["name"] == "区民政局"
        assert SEEKS & {name for name, _ in _plan(sample_graph, (query, parameters))}
    steps = _plan(sample_graph, main)
    operators = {name for name, _ in steps}
    shown = "\n".join(f"{name} {details[:160]}" for name, details in steps)
    assert SEEKS & operators, shown
    assert not SCANS & operators, shown


def test_part_of_a_title_reads_the_title_index_not_the_label(client: TestClient, statements, sample_graph) -> None:
    post(client, '{ itemsCitingPolicy(title: "数字经济") { nodes { name } } }')
    steps = _plan(sample_graph, statements[0])
    assert ("NodeIndexScan", "RANGE INDEX a1:Policy(normalized) WHERE normalized IS NOT NULL, "
            "cache[a1.normalized]") in steps
    assert "NodeByLabelScan" not in _operators_of(steps)


def test_profile_of_the_department_query(client: TestClient, statements, sample_graph) -> None:
    post(client, ANCHORED["department by alias"])
    operators = _operators_of(_plan(sample_graph, statements[0], "PROFILE"))
    assert "NodeIndexSeek" in operators and "ProcedureCall" in operators  # name index, alias full-text index
    assert "NodeByLabelScan" not in operators


def test_one_statement_however_deep(client: TestClient, statements) -> None:
    payload = post(client, """{
      department(name: "区发改局") {
        leads(first: 50) { totalCount nodes {
          responsible { department { name supports { totalCount } } }
          citations { policy { title citedBy(first: 3) { nodes { item { name } } } } }
          milestones { label } indicators { name } mentions { place { name } } area { name } document { title }
        } }
        coResponsible { department { name } items { name } }
      }
    }""")
    assert "errors" not in payload
    assert len(statements) == 1


def test_one_statement_per_root_field(client: TestClient, statements) -> None:
    post(client, '{ a: department(name: "区发改局") { name } b: department(name: "区民政局") { name } '
                 'items(first: 1) { nodes { name } } }')
    assert len(statements) == 3


def test_total_count_only_when_selected(client: TestClient, statements) -> None:
    post(client, "{ items(first: 2) { nodes { name } } }")
    post(client, "{ items(first: 2) { totalCount nodes { name } } }")
    post(client, '{ department(name: "区发改局") { leads { nodes { name } } } }')
    post(client, '{ department(name: "区发改局") { leads { totalCount } } }')
    without, with_total, nested_without, nested_with = (query for query, _ in statements)
    assert "count(v)" not in without and "count(v) AS total" in with_total
    assert "__total" not in nested_without and "__total" in nested_with
    assert "COLLECT" not in nested_with  # only the count: no page fetched


def test_neighbourhood_relationships_only_when_selected(client: TestClient, statements) -> None:
    task = '"Task:宁波市奉化区-2022-ec22819a/task/25"'
    plain = post(client, f"{{ neighbourhood(id: {task}, depth: 2) {{ nodes {{ id }} }} }}")
    edges = post(client, f"{{ neighbourhood(id: {task}, depth: 2) {{ nodes {{ id }} ...E }} }} "
                         "fragment E on Subgraph { edges { type } }")
    skipped = post(client, f"{{ neighbourhood(id: {task}, depth: 2) {{ nodes {{ id }} "
                           "edges @skip(if: true) { type } } }")
    without, with_edges, with_skipped = (query for query, _ in statements)
    assert "WHERE b IN ns" not in without and "WHERE b IN ns" in with_edges and "WHERE b IN ns" not in with_skipped
    assert plain["data"]["neighbourhood"]["nodes"] == edges["data"]["neighbourhood"]["nodes"]
    assert len(edges["data"]["neighbourhood"]["edges"]) > 10 and "edges" not in skipped["data"]["neighbourhood"]


def test_search_reads_the_matched_text_only_when_selected(client: TestClient, statements) -> None:
    post(client, '{ search(text: "养老") { nodes { score node { id } } } }')
    post(client, '{ search(text: "养老") { edges { node { excerpt } } } }')
    post(client, '{ search(text: "养老") { nodes { ... on SearchHit { text } } } }')
    without, excerpt, text = (query for query, _ in statements)
    assert "source_text" not in without and "source_text" in excerpt and "source_text" in text


def test_values_are_parameters(client: TestClient, statements) -> None:
    post(client, """{ items(where: {nameContains: "x' OR 1=1 //", OR: [{lead: "区发改局"}]}) { nodes { name } } }""")
    (lookup, names), (query, parameters) = statements  # the unit's name is resolved first
    assert "x' OR 1=1" not in query and "区发改局" not in query and "区发改局" not in lookup
    assert "x' OR 1=1 //" in parameters.values() and names["p0"][0]["name"] == "区发改局"
    assert ["宁波市奉化区/区发改局"] in parameters.values()  # the lead filter gets its key
