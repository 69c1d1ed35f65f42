"""The one table from our errors to HTTP statuses, GraphQL codes and masking (api/errors.py)."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from graphql import GraphQLError

from api import ApiSettings, create_app
from api.chat.grounding import ContextError
from api.chat.tools import ToolInputError
from api.errors import (
    ERRORS,
    MASKED_MESSAGE,
    RequestError,
    classify,
    development_message,
    graphql_code,
    http_status,
    should_mask_error,
)
from graph.config import Settings
from graph.errors import (
    AuthFailed,
    GraphError,
    InputError,
    NamedQueryError,
    QueryFailed,
    QueryTimedOut,
    ReadError,
    ServerUnavailable,
    StaleState,
)
from tests.api.conftest import api_client

CASES = [
    # error, code, status, masked
    (ReadError("bad id"), "BAD_REQUEST", 400, False),
    (NamedQueryError("no named query 'x'"), "BAD_REQUEST", 400, False),
    (RequestError("first is 500"), "BAD_REQUEST", 400, False),
    (ContextError("the question is empty"), "BAD_REQUEST", 400, False),
    (ToolInputError("unknown type"), "BAD_REQUEST", 400, False),
    (ServerUnavailable("down"), "NEO4J_UNAVAILABLE", 503, False),
    (AuthFailed("refused"), "NEO4J_AUTH_FAILED", 503, False),
    (QueryTimedOut("slow", "RETURN 1"), "QUERY_TIMEOUT", 504, False),
    (QueryFailed("bad", "RETURN"), "INTERNAL", 500, True),
    (StaleState("server.json names another pid"), "INTERNAL", 500, False),
    (GraphError("other"), "INTERNAL", 500, False),
    (KeyError("internal detail"), "INTERNAL", 500, True),
]


@pytest.mark.parametrize(("error", "code", "status", "masked"), CASES)
def test_one_table_for_every_surface(error: Exception, code: str, status: int, masked: bool) -> None:
    kind = classify(error)
    assert (kind.code, kind.status, kind.masked) == (code, status, masked)
    assert http_status(error) == status
    wrapped = GraphQLError("x", original_error=error)
    assert graphql_code(wrapped) == (code, status)
    assert should_mask_error(wrapped) is masked


def test_input_errors_are_their_own_branch() -> None:
    for kind in (ReadError, NamedQueryError, RequestError, ContextError, ToolInputError):
        assert issubclass(kind, InputError) and not issubclass(kind, GraphError), kind
    assert not issubclass(InputError, GraphError) and not issubclass(GraphError, InputError)


def test_a_narrower_class_comes_before_a_wider_one() -> None:
    classes = [kind for kind, _ in ERRORS]
    for i, kind in enumerate(classes):
        assert not any(issubclass(kind, earlier) for earlier in classes[:i]), kind


def test_graphql_own_errors_have_no_code() -> None:
    plain = GraphQLError("Cannot query field 'nope'")
    assert graphql_code(plain) is None
    assert should_mask_error(plain) is False


def _app(tmp_path: Path, env: str) -> object:
    app = create_app(ApiSettings(state_dir=tmp_path, env=env))

    async def slow() -> None:
        raise QueryTimedOut("query ran past its transaction timeout", "MATCH (n) RETURN n")

    async def refused() -> None:
        raise ReadError("'nonsense' is not a node id")

    async def broken() -> None:
        raise QueryFailed("query failed: Neo.ClientError.Statement.SyntaxError: MATCH (secret)", "MATCH (secret)")

    app.add_api_route("/slow", slow)
    app.add_api_route("/refused", refused)
    app.add_api_route("/broken", broken)
    return app


def test_a_route_raising_our_error_answers_in_the_common_shape(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path, "development")) as client:
        slow, refused = client.get("/slow"), client.get("/refused")

    assert slow.status_code == 504
    assert slow.json() == {"ok": False, "error": "query ran past its transaction timeout", "status": 504}
    assert refused.status_code == 400
    assert refused.json() == {"ok": False, "error": "'nonsense' is not a node id", "status": 400}


SECRET = "query failed: Neo.ClientError.Statement.SyntaxError: MATCH (secret) at bolt://127.0.0.1:7687"


def _logged_with_id(caplog: pytest.LogCaptureFixture, ident: str) -> None:
    """The internals are in the log, at ERROR, on the record that names the error id."""
    records = [r for r in caplog.records if ident in r.getMessage()]
    assert records and all(r.levelno == logging.ERROR for r in records), caplog.text
    assert "MATCH (secret)" in records[0].getMessage() and records[0].exc_info


def _assert_development_answer(message: str, ident: str) -> None:
    assert message == development_message(ident)
    assert re.fullmatch(r"[0-9a-f]{12}", ident)
    assert "secret" not in message and "bolt://" not in message


def test_http_masks_a_refused_statement_in_production(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="api.errors"):
        with TestClient(_app(tmp_path, "production")) as client:
            hidden = client.get("/broken")

    assert hidden.status_code == 500
    assert hidden.json() == {"ok": False, "error": MASKED_MESSAGE, "status": 500}
    assert "MATCH (secret)" in caplog.text  # logged, with its statement


def test_http_in_development_answers_an_error_id_not_the_internals(tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="api.errors"):
        with TestClient(_app(tmp_path, "development")) as client:
            shown = client.get("/broken")
    body = shown.json()
    assert shown.status_code == 500 and set(body) == {"ok", "error", "status", "error_id"}
    assert (body["ok"], body["status"]) == (False, 500)
    _assert_development_answer(body["error"], body["error_id"])
    _logged_with_id(caplog, body["error_id"])


@pytest.mark.parametrize("env", ["development", "production"])
def test_a_surprise_in_a_route_is_answered_in_the_common_shape(tmp_path: Path, env: str) -> None:
    app = create_app(ApiSettings(state_dir=tmp_path, env=env))

    async def surprise() -> None:
        raise KeyError(SECRET)

    app.add_api_route("/surprise", surprise)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/surprise")
    assert response.status_code == 500
    assert "secret" not in response.text
    if env == "production":
        assert response.json() == {"ok": False, "error": MASKED_MESSAGE, "status": 500}
    else:
        _assert_development_answer(response.json()["error"], response.json()["error_id"])


# --- each surface, on the real app and graph: GraphQL, /context, MCP ------------------------


@pytest.fixture
def refusing_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every statement the API runs is refused by the server as our bug (QueryFailed), with
    internals in its text; the app, its driver and Neo4j are the real ones."""
    from graph.driver import AsyncDatabase

    async def refused(self: AsyncDatabase, *args: object, **kwargs: object) -> None:
        raise QueryFailed(SECRET, "MATCH (secret)")

    monkeypatch.setattr(AsyncDatabase, "_execute", refused)  # transactions
    monkeypatch.setattr(AsyncDatabase, "read", refused)  # reads, in auto-commit transactions


@pytest.mark.neo4j
@pytest.mark.parametrize("env", ["development", "production"])
def test_graphql_and_context_never_show_internals(neo4j_settings: Settings, refusing_graph: None, env: str,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR), api_client(neo4j_settings, env=env) as client:
        graphql = client.post("/graphql", json={"query": '{ search(text: "养老") { totalCount } }'}).json()
        context = client.get("/context", params={"q": "区发改局牵头哪些重点工作"})
    error = graphql["errors"][0]
    assert "secret" not in json.dumps(graphql) and "secret" not in context.text
    assert context.status_code == 500
    if env == "production":
        assert error["message"] == MASKED_MESSAGE
        assert error["extensions"] == {"code": "INTERNAL", "status": 500}
        assert context.json() == {"ok": False, "error": MASKED_MESSAGE, "status": 500}
        return
    ident = error["extensions"]["errorId"]
    assert error["extensions"] == {"code": "INTERNAL", "status": 500, "errorId": ident}
    _assert_development_answer(error["message"], ident)
    _logged_with_id(caplog, ident)
    body = context.json()
    _assert_development_answer(body["error"], body["error_id"])
    _logged_with_id(caplog, body["error_id"])
    assert body["error_id"] != ident  # one id per error


@pytest.mark.parametrize("development", [True, False])
def test_mcp_never_shows_internals(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
                                   development: bool) -> None:
    from mcp import Client

    from api.chat.tools import Feed
    from api.mcp import build_server
    from tests.mcp.conftest import run_async

    async def fail(self: Feed, name_or_id: str, *page: object) -> None:  # page: limit, cursor
        raise QueryFailed(SECRET, "MATCH (secret)")

    monkeypatch.setattr(Feed, "describe", fail)
    server = build_server(Feed(graph=lambda: None), development=development)

    async def main() -> object:
        async with Client(server) as client:
            return await client.call_tool("describe", {"name_or_id": "区发改局"})

    with caplog.at_level(logging.ERROR):
        result = run_async(main)
    text = result.content[0].text  # type: ignore[attr-defined]
    assert result.is_error and "secret" not in text  # type: ignore[attr-defined]
    if not development:
        assert text == "Error executing tool describe"
        return
    ident = re.search(r"error ([0-9a-f]{12})", text).group(1)  # type: ignore[union-attr]
    assert text == f"Error executing tool describe: {development_message(ident)}"
    _logged_with_id(caplog, ident)
