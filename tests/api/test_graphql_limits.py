"""Each limit refuses what exceeds it, with a message naming the setting; production mode hides
introspection, suggestions and internal errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api import ApiSettings
from api.errors import development_message
from api.schema import schema
from api.schema.limits import Limits, query_cost
from graph.config import Settings
from tests.api.conftest import api_client, post

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def strict(neo4j_settings: Settings) -> Iterator[TestClient]:
    with api_client(
        neo4j_settings, graphql_max_depth=5, graphql_max_aliases=2, graphql_max_tokens=200, graphql_max_batch=2,
        graphql_max_cost=300, graphql_page_size=5, graphql_max_page_size=10, graphql_max_neighbourhood_depth=2,
        graphql_max_path_length=3, graphql_max_rows=3,
    ) as client:
        yield client


def _error(payload: dict) -> dict:
    assert payload.get("errors"), payload
    return payload["errors"][0]


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_GRAPHQL_MAX_DEPTH", "7")
    monkeypatch.setenv("POLICYKG_GRAPHQL_MAX_COST", "1234")
    monkeypatch.setenv("POLICYKG_GRAPHQL_MAX_PAGE_SIZE", "50")
    limits = ApiSettings().limits
    assert (limits.max_depth, limits.max_cost, limits.max_page_size) == (7, 1234, 50)
    assert ApiSettings(graphql_page_size=80, graphql_max_page_size=50).limits.default_page_size == 50
    assert Limits() == ApiSettings().model_copy(update={
        "graphql_max_depth": 10, "graphql_max_cost": 20000, "graphql_max_page_size": 100}).limits


def test_depth(strict: TestClient) -> None:
    deep = "{ department(name: \"区发改局\") { leads { nodes { area { items { nodes { name } } } } } } }"
    error = _error(post(strict, deep))
    assert "exceeds maximum operation depth of 5" in error["message"]


def test_aliases(strict: TestClient) -> None:
    error = _error(post(strict, "{ a: health { ok } b: health { ok } c: health { ok } }"))
    assert error["message"] == "3 aliases found. Allowed: 2"


def test_tokens(strict: TestClient) -> None:
    query = "{ health { " + "ok " * 200 + "} }"
    error = _error(post(strict, query))
    assert "more than 200 tokens" in error["message"]


def test_batch_of_operations(strict: TestClient) -> None:
    one = {"query": "{ health { ok } }"}
    assert [r["data"] for r in strict.post("/graphql", json=[one, one]).json()] == [{"health": {"ok": True}}] * 2
    refused = strict.post("/graphql", json=[one, one, one])
    assert refused.status_code == 400 and "Too many operations" in refused.text


def test_batch_of_ids(strict: TestClient, sample_graph) -> None:
    ids = '["Task:a", "Task:b", "Task:c"]'
    error = _error(post(strict, "{ nodes(ids: " + ids + ") { id } }"))
    assert error["extensions"] == {"code": "BAD_REQUEST", "status": 400}
    assert "3 ids but at most 2" in error["message"]


def test_cost(strict: TestClient, sample_graph) -> None:
    cheap = "{ departments(first: 10) { nodes { leads(first: 10) { nodes { name } } } } }"  # 10 + 100
    assert "errors" not in post(strict, cheap)
    costly = "{ departments(first: 10) { nodes { leads(first: 10) { nodes { citations { title } } } } } }"
    error = _error(post(strict, costly))  # 10 + 100 + 100 x 10
    assert error["extensions"]["code"] == "COST_LIMIT"
    assert error["extensions"]["cost"] == 1110
    assert "exceeds the limit of 300" in error["message"]
    # variables count as they are given
    with_variables = post(strict, "query ($n: Int) { departments(first: $n) { nodes { leads(first: $n) "
                                  "{ nodes { name } } } } }", {"n": 20})
    assert _error(with_variables)["extensions"]["cost"] == 20 + 400


def test_cost_estimate() -> None:
    limits = Limits()
    from graphql import parse

    document = parse("""
      query { department(name: "x") { leads(first: 50) { nodes { ...f } } } }
      fragment f on Item { responsible { department { name } } }
    """)
    # department 1; leads 50; responsible 50 x 10; their department 500 x 1
    assert query_cost(schema._schema, document, {}, None, limits) == 1 + 50 + 500 + 500
    around = parse('{ neighbourhood(id: "x", limit: 300) { nodes { id } edges { type } } }')
    assert query_cost(schema._schema, around, {}, None, limits) == 1 + 300 + 300


def test_page_size(strict: TestClient, sample_graph) -> None:
    error = _error(post(strict, "{ items(first: 11) { nodes { name } } }"))
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["message"] == "first is 11 but a page holds at most 10 (POLICYKG_GRAPHQL_MAX_PAGE_SIZE)"
    default = post(strict, "{ items { nodes { name } pageInfo { hasNextPage } } }")["data"]["items"]
    assert len(default["nodes"]) == 5 and default["pageInfo"]["hasNextPage"] is True


def test_neighbourhood_and_path_bounds(strict: TestClient, sample_graph) -> None:
    deep = _error(post(strict, '{ neighbourhood(id: "Area:pilot_area:社会治理先行示范", depth: 3) { truncated } }'))
    assert "depth must be 1 to 2" in deep["message"]
    long = _error(post(strict, '{ paths(from: "Area:a", to: "Area:b", maxLength: 4) { length } }'))
    assert "maxLength must be 1 to 3" in long["message"]


def test_named_query_rows(strict: TestClient, sample_graph) -> None:
    result = post(strict, '{ runNamedQuery(name: "area_overview") { rowCount truncated } }')["data"]
    assert result["runNamedQuery"] == {"rowCount": 3, "truncated": True}


# --- production and development modes -------------------------------------------------


@pytest.fixture(scope="module")
def production(neo4j_settings: Settings) -> Iterator[TestClient]:
    with api_client(neo4j_settings, env="production") as client:
        yield client


def test_production_has_no_introspection(production: TestClient, api: TestClient) -> None:
    query = "{ __schema { queryType { name } } }"
    assert "Query" == post(api, query)["data"]["__schema"]["queryType"]["name"]
    error = _error(post(production, query))
    assert "introspection has been disabled" in error["message"]


def test_production_has_no_field_suggestions(production: TestClient, api: TestClient) -> None:
    query = "{ departmen(name: \"x\") { name } }"
    assert "Did you mean 'department'" in _error(post(api, query))["message"]
    message = _error(post(production, query))["message"]
    assert message == "Cannot query field 'departmen' on type 'Query'."


def test_production_has_no_graphiql(production: TestClient, api: TestClient) -> None:
    page = {"Accept": "text/html"}
    assert production.get("/graphql", headers=page).status_code == 404
    assert "graphiql" in api.get("/graphql", headers=page).text.lower()


def test_internal_errors_are_masked_in_production(production: TestClient, api: TestClient,
                                                  monkeypatch: pytest.MonkeyPatch, sample_graph) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("internal detail: /srv/secret")

    monkeypatch.setattr("api.schema.types.stats.counts", broken)
    query = "{ statistics { policiesByLevel { level } } }"
    hidden = _error(post(production, query))
    assert hidden["message"] == "Unexpected error; it has been logged."
    assert hidden["extensions"] == {"code": "INTERNAL", "status": 500}
    # development masks it too, naming the id it is logged under instead
    shown = _error(post(api, query))
    assert "internal detail" not in shown["message"]
    ident = shown["extensions"]["errorId"]
    assert shown["message"] == development_message(ident)
    assert shown["extensions"] == {"code": "INTERNAL", "status": 500, "errorId": ident}


def test_our_errors_keep_their_message_in_production(production: TestClient, sample_graph) -> None:
    error = _error(post(production, '{ node(id: "nonsense") { id } }'))
    assert error["message"].startswith("'nonsense' is not a node id; ids look like Task:<key>")
    assert error["extensions"] == {"code": "BAD_REQUEST", "status": 400}


def test_no_mutations(api: TestClient) -> None:
    error = _error(post(api, 'mutation { deleteEverything }'))
    assert "not supported" in error["message"] or "Schema is not configured" in error["message"]
