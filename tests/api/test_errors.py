"""The one table from our errors to HTTP statuses, GraphQL codes and masking (api/errors.py)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from graphql import GraphQLError

from api import ApiSettings, create_app
from api.chat.grounding import ContextError
from api.chat.tools import ToolInputError
from api.errors import ERRORS, MASKED_MESSAGE, RequestError, classify, graphql_code, http_status, should_mask_error
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


def test_http_masks_a_refused_statement_in_production(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="api.errors"):
        with TestClient(_app(tmp_path, "production")) as client:
            hidden = client.get("/broken")
    with TestClient(_app(tmp_path, "development")) as client:
        shown = client.get("/broken")

    assert hidden.status_code == 500
    assert hidden.json() == {"ok": False, "error": MASKED_MESSAGE, "status": 500}
    assert "MATCH (secret)" in caplog.text  # logged, with its statement
    assert shown.status_code == 500 and "MATCH (secret)" in shown.json()["error"]
