"""Hostile and careless requests: each is refused fast with a reason, none is a 5xx, none
blocks the event loop, and no error body carries internals (issue 13)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api import ApiSettings, create_app
from api.config import ExposureRefused
from api.guard import nesting_depth
from api.schema import schema
from api.schema.limits import FilterTooLarge, Limits, filter_size, graphql_schema, query_cost
from graph.config import Settings
from graph.driver import Database
from tests.api.conftest import api_client, post
from tests.hostile_inputs import INTERNALS, LUCENE, fan_out
from tests.mcp.conftest import Served, serve

pytestmark = pytest.mark.neo4j


def _no_internals(text: str) -> None:
    for word in INTERNALS:
        assert word.lower() not in text.lower(), text


@pytest.fixture(scope="module")
def production(neo4j_settings: Settings) -> Iterator[TestClient]:
    with api_client(neo4j_settings, env="production") as client:
        yield client


# --- the full-text index never sees user syntax --------------------------------------------


@pytest.mark.parametrize("text", LUCENE)
def test_context_takes_any_text(api: TestClient, sample_graph: Database, text: str) -> None:
    response = api.get("/context", params={"q": text})
    assert response.status_code < 500, response.text
    _no_internals(response.text)
    if response.status_code >= 400:
        assert response.json()["error"].strip()


@pytest.mark.parametrize("text", LUCENE)
def test_graphql_search_takes_any_text(api: TestClient, sample_graph: Database, text: str) -> None:
    payload = post(api, "query($t: String!) { search(text: $t) { totalCount } }", {"t": text})
    for error in payload.get("errors") or ():
        assert error["extensions"]["code"] != "INTERNAL", error
        assert error["message"].strip()
        _no_internals(error["message"])


def test_an_operator_word_is_searched_as_a_word(api: TestClient, sample_graph: Database) -> None:
    plain = post(api, '{ search(text: "养老") { totalCount } }')["data"]["search"]["totalCount"]
    with_operator = post(api, '{ search(text: "养老 AND") { totalCount } }')
    assert "errors" not in with_operator, with_operator
    assert plain > 0
    assert with_operator["data"]["search"]["totalCount"] == plain  # "and" is a stop word of the analyzer


# --- malformed bodies ---------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"null", b'"string"', b"[1,2,3]", b"[null]", b"[]", b"\xff\xfe\x00garbage",
                                  b"{not json", b'{"query": 5}', b'{"query": "{ __typename }", "variables": [1]}',
                                  b'{"query": "{ __typename }", "operationName": 7}'])
def test_malformed_bodies_are_400_with_a_reason(api: TestClient, body: bytes) -> None:
    response = api.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error.strip() and "\n" not in error


def test_variables_nested_900_deep_are_400(api: TestClient) -> None:
    deep: Any = "x"
    for _ in range(900):
        deep = {"a": deep}
    body = {"query": "query($w: ItemWhere) { items(where: $w) { totalCount } }", "variables": {"w": deep}}
    response = api.post("/graphql", content=json.dumps(body), headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert "POLICYKG_GRAPHQL_MAX_VARIABLES_DEPTH" in response.json()["error"]
    deep_get = api.get("/graphql", params={"query": "{ __typename }", "variables": json.dumps({"w": deep})})
    assert deep_get.status_code == 400


def test_nesting_depth() -> None:
    assert (nesting_depth(1), nesting_depth({}), nesting_depth({"a": [1, {"b": 2}]})) == (0, 1, 3)


def test_a_body_over_the_limit_is_413(neo4j_settings: Settings) -> None:
    with api_client(neo4j_settings, graphql_max_body_bytes=10_000) as client:
        big = {"query": "{ __typename }", "variables": {"pad": "x" * 20_000}}
        response = client.post("/graphql", json=big)
        small = client.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 413
    assert "POLICYKG_GRAPHQL_MAX_BODY_BYTES" in response.json()["error"]
    assert small.status_code == 200


def test_the_default_body_limit_refuses_10_mb(api: TestClient) -> None:
    response = api.post("/graphql", content=b'{"query": "' + b" " * 10_000_000 + b'{ __typename }"}',
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_the_parsed_document_cache_is_bounded() -> None:
    assert ApiSettings(graphql_parser_cache=7).limits.parser_cache_size == 7
    assert Limits().parser_cache_size == 128


# --- fan-out and filters ------------------------------------------------------------------


def test_fragment_cost_is_computed_once_per_fragment() -> None:
    from graphql import parse

    document = parse(fan_out(20))
    cost = query_cost(graphql_schema(schema), document, None, None, Limits())
    assert cost == 1 + 2 ** 20 + 2 * (2 ** 20 - 1)  # the same total as walking every path
    small = query_cost(graphql_schema(schema), parse(fan_out(2)), None, None, Limits())
    assert small == 1 + 4 + 2 * 3


DOCUMENTS = [
    "{ a: health { ok } b: health { ok } }",
    "query Q { departments { nodes { leads { nodes { area { name } } } } } }",
    "{ departments { nodes { ...D ...D } } } fragment D on Department { x: name leads { nodes { y: name } } }",
    "{ departments { nodes { ... on Department { a: name ...E } } } } fragment E on Department { b: name }",
    "{ __schema { types { fields { type { ofType { name } } } } } }",
    "query A { health { ok } } query B { departments { nodes { leads { nodes { name } } } } }",
    fan_out(6),
]


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("limit", [0, 1, 2, 3, 5])
def test_depth_and_alias_rules_agree_with_strawberrys(document: str, limit: int) -> None:
    """Same refusals, same messages as the limiters they replace (which walk every path)."""
    from graphql import parse, validate
    from strawberry.extensions.max_aliases import create_validator as strawberry_aliases
    from strawberry.extensions.query_depth_limiter import create_validator as strawberry_depth

    from api.schema.limits import aliases_rule, depth_rule

    core, parsed = graphql_schema(schema), parse(document)
    for ours, theirs in [(depth_rule(limit), strawberry_depth(limit, None)),
                         (aliases_rule(limit), strawberry_aliases(limit))]:
        mine = sorted({e.message for e in validate(core, parsed, [ours])})
        reference = sorted({e.message for e in validate(core, parsed, [theirs], max_errors=10**6)})
        assert mine == reference, (document, limit)


def test_depth_and_alias_rules_walk_each_fragment_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from graphql import parse, validate

    from api.schema import limits

    walked: list[int] = []
    of = limits._FragmentWalk.of

    def counted(self: Any, selection_set: Any) -> int:
        walked.append(1)
        return of(self, selection_set)

    monkeypatch.setattr(limits._FragmentWalk, "of", counted)
    document = parse(fan_out(20))  # 2**20 paths through its 21 fragments
    errors = validate(graphql_schema(schema), document, [limits.depth_rule(10), limits.aliases_rule(30)])
    assert [e.message for e in errors] == []
    selection_sets = document.to_dict().__repr__().count("'kind': 'selection_set'")
    assert len(walked) == 2 * selection_sets  # each selection set once per rule


def test_fan_out_is_refused_by_its_cost(api: TestClient) -> None:
    payload = post(api, fan_out(20))
    assert payload["errors"][0]["extensions"]["code"] == "COST_LIMIT"


def _nested(levels: int) -> dict[str, Any]:
    where: dict[str, Any] = {"name": "区发改局"}
    for i in range(levels):
        where = {"responsible": where} if i % 2 == 0 else {"leads": where}
    return where


def test_filter_size() -> None:
    assert filter_size({"name": "x"}) == filter_size({"OR": [{"name": "x"}]})
    assert filter_size({"responsible": {"leads": {"name": "x"}}}).depth == 2
    assert filter_size({"OR": [{"nameContains": str(i)} for i in range(7)], "NOT": {"kind": "TASK"}}).terms == 8


def test_a_deep_relationship_filter_is_refused(api: TestClient, sample_graph: Database) -> None:
    query = "query($w: ItemWhere) { items(where: $w) { totalCount } }"
    refused = post(api, query, {"w": _nested(4)})
    assert refused["errors"][0]["extensions"]["code"] == "FILTER_LIMIT"
    assert "POLICYKG_GRAPHQL_MAX_FILTER_DEPTH" in refused["errors"][0]["message"]
    answered = post(api, query, {"w": _nested(1)})
    assert "errors" not in answered, answered


def test_a_wide_filter_is_refused(api: TestClient, sample_graph: Database) -> None:
    query = "query($w: ItemWhere) { items(where: $w) { totalCount } }"
    wide = post(api, query, {"w": {"OR": [{"nameContains": f"词{i}"} for i in range(1000)]}})
    assert wide["errors"][0]["extensions"]["code"] == "FILTER_LIMIT"
    assert "POLICYKG_GRAPHQL_MAX_FILTER_TERMS" in wide["errors"][0]["message"]


def test_filter_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_GRAPHQL_MAX_FILTER_DEPTH", "1")
    monkeypatch.setenv("POLICYKG_GRAPHQL_MAX_FILTER_TERMS", "5")
    limits = ApiSettings().limits
    assert (limits.max_filter_depth, limits.max_filter_terms) == (1, 5)
    with pytest.raises(FilterTooLarge):
        from graphql import parse

        query_cost(graphql_schema(schema), parse('{ items(where: {responsible: {leads: {name: "x"}}}) { totalCount } }'),
                   None, None, limits)


# --- production: no suggestions -------------------------------------------------------------


@pytest.mark.parametrize("query", [
    '{ search(txt: "养老") { totalCount } }',  # an argument
    '{ search(text: "养老", types: [POLICI]) { totalCount } }',  # an enum value
    '{ items(where: {nam: "x"}) { totalCount } }',  # an input field
    '{ items { nodes { nam } } }',  # a field
])
def test_production_suggests_nothing(production: TestClient, api: TestClient, query: str) -> None:
    assert "Did you mean" in json.dumps(post(api, query)["errors"], ensure_ascii=False)
    errors = post(production, query)["errors"]
    assert errors and all(e["message"].strip() for e in errors)
    assert "Did you mean" not in json.dumps(errors, ensure_ascii=False)


# --- the event loop keeps answering ---------------------------------------------------------


@pytest.fixture(scope="module")
def served(neo4j_settings: Settings) -> Iterator[Served]:
    yield from serve(neo4j_settings)


def test_health_answers_while_a_hostile_request_runs(served: Served, sample_graph: Database) -> None:
    hostile = [
        {"query": fan_out(20)},
        {"query": "query($w: ItemWhere) { items(where: $w) { totalCount } }",
         "variables": {"w": {"OR": [{"nameContains": f"词{i}"} for i in range(1000)]}}},
    ]
    answers: list[int] = []

    failures: list[BaseException] = []

    def attack() -> None:
        try:
            with httpx.Client(timeout=120) as client:
                for body in hostile * 3:
                    answers.append(client.post(served.base + "/graphql", json=body).status_code)
        except Exception as exc:  # shown by the assertion below, not lost in the thread
            failures.append(exc)

    attacker = threading.Thread(target=attack)
    attacker.start()
    waits = []
    with httpx.Client(timeout=10) as client:
        while attacker.is_alive() or not waits:
            started = time.monotonic()
            assert client.get(served.base + "/health").status_code == 200
            waits.append(time.monotonic() - started)
            time.sleep(0.02)
    attacker.join()
    assert not failures, failures
    assert answers == [200] * len(hostile) * 3
    assert max(waits) < 2.0, waits  # a generous bound: the loop was never blocked


# --- who may ask ----------------------------------------------------------------------------

TOKEN = "api-token-for-tests"


def test_the_api_token_guards_graphql_and_context(neo4j_settings: Settings, sample_graph: Database) -> None:
    with api_client(neo4j_settings, api_token=TOKEN) as client:
        bare = client.post("/graphql", json={"query": "{ __typename }"})
        wrong = client.get("/context", params={"q": "养老"}, headers={"Authorization": "Bearer nope"})
        good = client.post("/graphql", json={"query": "{ __typename }"}, headers={"Authorization": f"Bearer {TOKEN}"})
        context = client.get("/context", params={"q": "养老"}, headers={"Authorization": f"Bearer {TOKEN}"})
        health = client.get("/health")
    assert (bare.status_code, wrong.status_code) == (401, 401)
    assert "POLICYKG_API_TOKEN" in bare.json()["error"]
    assert (good.status_code, context.status_code, health.status_code) == (200, 200, 200)


def test_remote_mcp_without_a_token_refuses_to_start(tmp_path) -> None:
    with pytest.raises(ExposureRefused, match="POLICYKG_MCP_TOKEN"):
        create_app(ApiSettings(state_dir=tmp_path, mcp_allow_remote=True))
    create_app(ApiSettings(state_dir=tmp_path, mcp_allow_remote=True, mcp_token="t"))


def test_a_non_loopback_address_needs_the_api_token(tmp_path) -> None:
    assert ApiSettings(state_dir=tmp_path).exposure_problem("127.0.0.1") is None
    assert ApiSettings(state_dir=tmp_path).exposure_problem("localhost") is None
    assert "POLICYKG_API_TOKEN" in ApiSettings(state_dir=tmp_path).exposure_problem("0.0.0.0")
    assert ApiSettings(state_dir=tmp_path, api_token="t").exposure_problem("0.0.0.0") is None


def test_serve_on_a_public_address_without_a_token_refuses_to_start(monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path) -> None:
    from typer.testing import CliRunner

    from api.config import get_api_settings
    from policykg.cli import app

    monkeypatch.setenv("POLICYKG_STATE_DIR", str(tmp_path))
    get_api_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
        monkeypatch.setenv("POLICYKG_MCP_ALLOW_REMOTE", "true")
        get_api_settings.cache_clear()
        remote = CliRunner().invoke(app, ["serve"])
    finally:
        get_api_settings.cache_clear()
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "POLICYKG_API_TOKEN" in result.output
    assert remote.exit_code == 2 and "POLICYKG_MCP_TOKEN" in remote.output


def test_a_wrong_neo4j_password_is_neo4j_auth_failed(auth_server) -> None:
    """Every request fails as NEO4J_AUTH_FAILED (503, the fix named), also once Neo4j
    answers the repeated attempts with its rate limit."""
    from graph.driver import connect
    from graph.errors import AuthFailed
    from tests.helpers import JAR_CACHE

    info = auth_server.status().info
    wrong = Settings(neo4j_uri=info.uri, neo4j_user="neo4j", neo4j_password="wrong")
    codes, statuses = [], []
    with api_client(wrong) as client:
        for _ in range(4):
            payload = post(client, '{ search(text: "养老") { totalCount } }')
            codes.append(payload["errors"][0]["extensions"]["code"])
            assert "NEO4J_PASSWORD" in payload["errors"][0]["message"]
            context = client.get("/context", params={"q": "养老"})
            statuses.append(context.status_code)
            assert "NEO4J_PASSWORD" in context.json()["error"]
    assert codes == ["NEO4J_AUTH_FAILED"] * 4
    assert statuses == [503] * 4
    # The server locks user neo4j out for a few seconds: wait it out for the other tests.
    deadline = time.monotonic() + 60
    with connect(Settings(state_dir=auth_server.state_dir, cache_dir=JAR_CACHE, retry_time=0)) as graph:
        while True:
            try:
                graph.read("RETURN 1 AS x")
                break
            except AuthFailed:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
