"""The single mapping from our errors to HTTP statuses and GraphQL error masking.

Every JSON error has one shape: ``{"ok": false, "error": "...", "status": 503}``.
Our own errors carry messages written for the user and pass through; anything else
is a surprise: logged, and masked in GraphQL.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from graphql import GraphQLError

from graph.errors import AuthFailed, GraphError, QueryTimedOut, ServerUnavailable

__all__ = ["error_body", "http_status", "install", "should_mask_error"]

log = logging.getLogger(__name__)

_STATUS: tuple[tuple[type[GraphError], int], ...] = (
    (ServerUnavailable, 503),
    (AuthFailed, 503),
    (QueryTimedOut, 504),
)


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
    return not isinstance(error.original_error, GraphError) and error.original_error is not None
