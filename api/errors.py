"""The single mapping from our errors to HTTP statuses and GraphQL error masking.

Every JSON error has one shape: ``{"ok": false, "error": "...", "status": 503}``.
Our own errors carry messages written for the user and pass through; anything else
is a surprise: logged, and masked in GraphQL.

GraphQL errors keep GraphQL's shape and gain ``extensions.code`` and ``extensions.status``
(:func:`graphql_code`): ``NEO4J_UNAVAILABLE`` (503) while Neo4j does not answer,
``QUERY_TIMEOUT`` (504), ``BAD_REQUEST`` (400) for arguments a read cannot answer,
``INTERNAL`` (500) for surprises, whose message production mode replaces.
"""

from __future__ import annotations

import logging
from typing import Any

from collections.abc import Iterator

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from graph.errors import AuthFailed, GraphError, QueryFailed, QueryTimedOut, ServerUnavailable
from graph.named_queries import NamedQueryError
from graph.read import ReadError

__all__ = ["GraphQLErrors", "RequestError", "error_body", "graphql_code", "http_status", "install", "should_mask_error"]

log = logging.getLogger(__name__)

_STATUS: tuple[tuple[type[GraphError], int], ...] = (
    (ServerUnavailable, 503),
    (AuthFailed, 503),
    (QueryTimedOut, 504),
)


class RequestError(Exception):
    """A GraphQL request asks something the API refuses as asked (page too large, bad cursor...)."""


def http_status(exc: GraphError) -> int:
    """The HTTP status for one of our errors (500 for the rest)."""
    for kind, status in _STATUS:
        if isinstance(exc, kind):
            return status
    return 500


def error_body(message: str, status: int, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "error": message, "status": status} | extra


async def _graph_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, GraphError)
    status = http_status(exc)
    log.warning("%s %s: %s", request.method, request.url.path, exc)
    return JSONResponse(error_body(str(exc), status), status_code=status)


def install(app: FastAPI) -> None:
    """Register the HTTP handlers of our errors on ``app``."""
    app.add_exception_handler(GraphError, _graph_error)


def should_mask_error(error: GraphQLError) -> bool:
    """GraphQL errors from our own exceptions keep their message; surprises are masked."""
    original = error.original_error
    if original is None:
        return False
    if isinstance(original, (ReadError, NamedQueryError, RequestError, ServerUnavailable, AuthFailed, QueryTimedOut)):
        return False
    # A statement the server refused is our bug, not the caller's: its text stays in the log.
    return isinstance(original, QueryFailed) or not isinstance(original, GraphError)


_BAD_REQUEST = (ReadError, NamedQueryError, RequestError)

MASKED_MESSAGE = "Unexpected error; it has been logged."


def graphql_code(error: GraphQLError) -> tuple[str, int] | None:
    """``(code, status)`` for an error raised by a resolver; None for GraphQL's own (syntax, validation)."""
    original = error.original_error
    if original is None:
        return None
    if isinstance(original, _BAD_REQUEST):
        return "BAD_REQUEST", 400
    if isinstance(original, ServerUnavailable):
        return "NEO4J_UNAVAILABLE", 503
    if isinstance(original, AuthFailed):
        return "NEO4J_AUTH_FAILED", 503
    if isinstance(original, QueryTimedOut):
        return "QUERY_TIMEOUT", 504
    return "INTERNAL", 500


class GraphQLErrors(SchemaExtension):
    """Adds ``code`` and ``status`` to resolver errors, logs surprises, and masks them when ``mask``."""

    def __init__(self, *, mask: bool):
        self.mask = mask

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if not result or not result.errors:
            return
        shaped = []
        for error in result.errors:
            code = graphql_code(error)
            if code is None:
                shaped.append(error)
                continue
            if code[0] == "INTERNAL":
                log.error("GraphQL %s: %s", ".".join(map(str, error.path or ())), error.original_error,
                          exc_info=error.original_error)
            message = MASKED_MESSAGE if self.mask and should_mask_error(error) else error.message
            shaped.append(GraphQLError(message, nodes=error.nodes, path=error.path, original_error=None,
                                       extensions={**(error.extensions or {}), "code": code[0], "status": code[1]}))
        result.errors = shaped
