"""Shaped answers (``api/schema/shaped.py``) are graphql-core's answers, byte for byte.

Every golden question (``tests/graph/golden/*.graphql``), the benchmark's four questions and
the examples below are posted to two apps over the sample: the app as served (shaped answers
on) and one with ``shaped=False`` (every operation through graphql-core's execution). The
response bodies must be the same bytes. Each example also says whether it is shaped or
falls through, so that a change which quietly stops shaping (or starts shaping what it
should leave alone) fails too. The other API tests run on the served app, so their exact
values pin the shaped path as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import api.schema.shaped as shaped
from api import ApiSettings, create_app
from benchmarks.api import questions
from graph.config import Settings
from graph.driver import Database

pytestmark = pytest.mark.neo4j

GOLDEN = sorted((Path(__file__).resolve().parents[1] / "graph" / "golden").glob("*.graphql"))
DEPARTMENT = "Department:宁波市奉化区/区发改局"
TASK = "Task:宁波市奉化区-2022-ec22819a/task/1"

#: (query, variables, shaped): what each example checks is in its query.
EXAMPLES: list[tuple[str, dict[str, Any] | None, bool]] = [
    # aliases, repeated keys merged, __typename at every level, field order as asked
    ('{ __typename a: department(name: "区发改局") { __typename name key b: key leads(first: 2) { __typename '
     "totalCount pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node "
     "{ __typename key ... on Task { number } } } } } }", None, True),
    # the same field under two aliases with different arguments
    ('{ department(name: "区发改局") { first: leads(first: 1) { nodes { key } } '
     "later: leads(first: 2, after: \"b2Zmc2V0OjA=\") { pageInfo { hasPreviousPage startCursor } nodes { key } } } }",
     None, True),
    # fragments on the interface and on concrete types, named and inline
    ("fragment N on Node { id labels displayName } "
     f'{{ node(id: "{TASK}") {{ ...N ... on Item {{ kind number name }} ... on Reform {{ key }} }} }}', None, True),
    # enums as GraphQL spells them (role, kind), relationship properties, provenance
    ('{ department(name: "区发改局") { responsibilities(first: 3) { nodes { role order written '
     "provenance { document row lineStart } item { key kind } } } } }", None, True),
    # counts, related lists and single nodes, nulls
    ('{ department(name: "区发改局") { leadCount supportCount jurisdictionNode { name } governs { name } } '
     'missing: department(name: "没有这个单位") { name } }', None, True),
    # search with an excerpt, the hit's type and how it matched
    ('{ search(text: "养老", first: 3) { totalCount note nodes { score matchedBy type excerpt(length: 20) '
     "node { id __typename } } } }", None, True),
    ('query($t: [NodeType!]) { search(text: "重点工作第25项", types: $t) { nodes { matchedBy node { key } } } }',
     {"t": ["TASK"]}, True),
    # the neighbourhood with its relationships and their properties
    ("query($id: ID!) { neighbourhood(id: $id, depth: 1, limit: 5) { truncated reach nodes { id } "
     "edges { id type start end properties provenance { document } } } }", {"id": DEPARTMENT}, True),
    # named queries: the list and a run, every field
    ("{ namedQueries { name description cypher parameters { name type description required default } } }",
     None, True),
    ('{ runNamedQuery(name: "department_workload", parameters: {limit: 3}) { name parameters columns rows '
     "truncated rowCount } }", None, True),
    # lists of every root kind
    ("{ items(kinds: [REFORM], first: 2, orderBy: [{by: NUMBER, direction: DESC}]) { totalCount nodes { key } } "
     "documents { nodes { id title year } } policies(first: 2) { nodes { title citationCount } } }", None, True),
    (f'{{ nodes(ids: ["{TASK}", "Task:nothing"]) {{ id }} }}', None, True),
    # a lone root field's refusal is answered as graphql-core words it
    ('{ neighbourhood(id: "Department:宁波市奉化区/区发改局", depth: 9) { reach } }', None, True),
    ('{ department(name: "区发改局") { leads(first: 1000) { totalCount } } }', None, True),
    ('{ runNamedQuery(name: "department_workload", parameters: {limit: "x"}) { rows } }', None, True),
    # what falls through: directives, fields that need info, an error among several root
    # fields, introspection
    ('query($no: Boolean!) { department(name: "区发改局") { name key @skip(if: $no) } }', {"no": True}, False),
    ('{ department(name: "区发改局") { coResponsible(first: 2) { sharedCount department { name } } } }',
     None, False),
    ('{ statistics { itemsByArea { name count } } }', None, False),
    ('{ a: neighbourhood(id: "Department:宁波市奉化区/区发改局", depth: 9) { reach } '
     'b: department(name: "区发改局") { name } }', None, False),
    ('{ search(text: "养老") { nodes { excerpt(length: 5) } } }', None, False),
    ("{ __schema { queryType { name } } }", None, False),
]


@pytest.fixture(scope="module")
def both(neo4j_settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    reach = neo4j_settings.model_dump(exclude={"retry_time"})
    with TestClient(create_app(ApiSettings(**reach))) as on, \
            TestClient(create_app(ApiSettings(**reach), shaped=False)) as off:
        yield on, off


def _bodies(on: TestClient, off: TestClient, body: dict[str, Any], monkeypatch: pytest.MonkeyPatch
            ) -> tuple[bytes, bytes, bool]:
    """Both apps' response bodies for ``body`` and whether the served app shaped its answer."""
    seen: list[bool] = []
    real = shaped.shape

    async def spy(context: Any) -> Any:
        answer = await real(context)
        seen.append(answer is not None)
        return answer

    monkeypatch.setattr(shaped, "shape", spy)
    first = on.post("/graphql", json=body)
    monkeypatch.setattr(shaped, "shape", real)
    second = off.post("/graphql", json=body)
    assert first.status_code == second.status_code
    return first.content, second.content, any(seen)


def _masked(body: bytes) -> bytes:
    """The body with masked errors' random ids left out (the only part two runs may differ in)."""
    import re

    return re.sub(rb'"?error [0-9a-f]{12}|"errorId":"[0-9a-f]{12}"', b"<id>", body)


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_golden_questions_are_answered_the_same(both, sample_graph: Database, path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    on, off = both
    served, plain, _ = _bodies(on, off, {"query": path.read_text(encoding="utf-8")}, monkeypatch)
    assert served == plain
    assert b'"errors"' not in served


def test_benchmark_questions_are_shaped_and_the_same(both, sample_graph: Database,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    on, off = both
    for question in questions(sample_graph):
        served, plain, was_shaped = _bodies(on, off, question.policykg, monkeypatch)
        assert served == plain, question.name
        assert was_shaped, question.name


@pytest.mark.parametrize(("query", "variables", "expect_shaped"), EXAMPLES, ids=[str(i) for i in range(len(EXAMPLES))])
def test_examples_are_answered_the_same(both, sample_graph: Database, query: str, variables: dict[str, Any] | None,
                                        expect_shaped: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    on, off = both
    served, plain, was_shaped = _bodies(on, off, {"query": query, "variables": variables or {}}, monkeypatch)
    assert _masked(served) == _masked(plain)
    assert was_shaped is expect_shaped


def test_each_request_reads_the_graph(both, sample_graph: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a cache: the same question asked twice reads twice, and sees a change in between."""
    on, _ = both
    from graph.driver import AsyncDatabase

    reads: list[str] = []
    real = AsyncDatabase.read

    async def counting(self: AsyncDatabase, query: str, *args: Any, **kwargs: Any) -> Any:
        reads.append(query)
        return await real(self, query, *args, **kwargs)

    monkeypatch.setattr(AsyncDatabase, "read", counting)
    query = '{ department(name: "区发改局") { fullName } }'
    before = on.post("/graphql", json={"query": query}).json()
    sample_graph.write("MATCH (d:Department {name: '区发改局'}) SET d.full_name = 'changed'")
    try:
        after = on.post("/graphql", json={"query": query}).json()
    finally:
        sample_graph.write("MATCH (d:Department {name: '区发改局'}) SET d.full_name = $name",
                           {"name": before["data"]["department"]["fullName"]})
    assert len(reads) == 2
    assert after == {"data": {"department": {"fullName": "changed"}}}
    assert before["data"]["department"]["fullName"] == "宁波市奉化区发展和改革局"


def test_limits_still_refuse(neo4j_settings: Settings, sample_graph: Database) -> None:
    """The cost check runs before the shaping and its refusal stands; validation limits and
    production's closed introspection come before execution."""
    reach = neo4j_settings.model_dump(exclude={"retry_time"})
    settings = ApiSettings(**reach, env="production", graphql_max_cost=50, graphql_max_depth=4, graphql_max_aliases=1)
    with TestClient(create_app(settings)) as client:
        def error(query: str) -> dict[str, Any]:
            payload = client.post("/graphql", json={"query": query}).json()
            assert payload.get("errors"), payload
            return payload["errors"][0]

        assert error('{ department(name: "区发改局") { leads(first: 100) { nodes { key } } } }'
                     )["extensions"]["code"] == "COST_LIMIT"
        assert "depth" in error('{ department(name: "区发改局") { leads(first: 1) { nodes { ... on Task '
                                "{ responsible { department { name } } } } } } }")["message"]
        assert "aliases" in error('{ a: department(name: "区发改局") { name } b: department(name: "区发改局") '
                                  "{ name } }")["message"]
        assert "introspection" in error("{ __schema { queryType { name } } }")["message"].lower()
        ok = client.post("/graphql", json={"query": '{ department(name: "区发改局") { name } }'}).json()
        assert ok == {"data": {"department": {"name": "区发改局"}}}


def test_a_failed_read_is_not_run_twice(both, sample_graph: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read the server fails (here a transaction timeout, raised where the driver would) is
    reported as the unshaped app reports it, after one read, not a second through graphql-core."""
    on, off = both
    from neo4j.exceptions import ClientError

    from graph.driver import AsyncDatabase

    reads: list[str] = []

    async def timed_out(self: AsyncDatabase, query: str, *args: Any, **kwargs: Any) -> Any:
        reads.append(query)
        error = ClientError("The transaction has been terminated.")
        error.code = "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"  # type: ignore[misc]
        raise error

    monkeypatch.setattr(AsyncDatabase, "read", timed_out)
    body = {"query": '{ department(name: "区发改局") { name leads(first: 2) { nodes { key } } } }'}
    served = on.post("/graphql", json=body)
    assert len(reads) == 1
    plain = off.post("/graphql", json=body)
    assert len(reads) == 2
    assert served.status_code == plain.status_code
    assert _masked(served.content) == _masked(plain.content)
    assert served.json()["errors"], served.json()
