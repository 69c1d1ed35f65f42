"""The one mapping from our errors to HTTP statuses and GraphQL masking."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from graphql import GraphQLError

from api import ApiSettings, create_app
from api.errors import http_status, should_mask_error
from graph.errors import AuthFailed, GraphError, QueryFailed, QueryTimedOut, ServerUnavailable


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ServerUnavailable("down"), 503),
        (AuthFailed("refused"), 503),
        (QueryTimedOut("slow", "RETURN 1"), 504),
        (QueryFailed("bad", "RETURN"), 500),
        (GraphError("other"), 500),
    ],
)
def test_http_status(error: GraphError, status: int) -> None:
    assert http_status(error) == status


def test_a_route_raising_our_error_answers_in_the_common_shape(tmp_path: Path) -> None:
    app = create_app(ApiSettings(state_dir=tmp_path))

    async def slow() -> None:
        raise QueryTimedOut("query ran past its transaction timeout", "MATCH (n) RETURN n")

    app.add_api_route("/slow", slow)
    with TestClient(app) as client:
        response = client.get("/slow")

    assert response.status_code == 504
    assert response.json() == {
        "ok": False,
        "error": "query ran past its transaction timeout",
        "status": 504,
    }


def test_graphql_masks_surprises_but_not_our_errors() -> None:
    ours = GraphQLError("x", original_error=ServerUnavailable("Neo4j does not answer"))
    surprise = GraphQLError("x", original_error=KeyError("internal detail"))
    plain = GraphQLError("Cannot query field 'nope'")

    assert should_mask_error(ours) is False
    assert should_mask_error(surprise) is True
    assert should_mask_error(plain) is False
