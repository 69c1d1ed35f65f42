"""The one table from our errors to what HTTP, GraphQL, MCP and ``/context`` answer.

:data:`ERRORS` gives each exception class (the tree is drawn in ``graph/errors.py``) its
code, HTTP status and whether its message is masked; the first class an error is an
instance of wins, and anything not in it is a surprise (:data:`SURPRISE`):

| class | code | status | masked |
| --- | --- | --- | --- |
| ``UnknownDepartment`` (a name no department has; the message lists the nearest) | ``UNKNOWN_DEPARTMENT`` | 400 | no |
| ``InputError`` (bad id, page too large, unknown named query, empty question...) | ``BAD_REQUEST`` | 400 | no |
| ``ServerUnavailable`` | ``NEO4J_UNAVAILABLE`` | 503 | no |
| ``AuthFailed`` | ``NEO4J_AUTH_FAILED`` | 503 | no |
| ``QueryTimedOut`` | ``QUERY_TIMEOUT`` | 504 | no |
| ``QueryFailed`` (a statement the server refused: our bug) | ``INTERNAL`` | 500 | yes |
| any other ``GraphError`` | ``INTERNAL`` | 500 | no |
| anything else | ``INTERNAL`` | 500 | yes |

- HTTP (:func:`install`): ``{"ok": false, "error": "...", "status": 503}`` with that status;
  ``/context`` raises into the same handlers.
- GraphQL: errors keep GraphQL's shape and gain ``extensions.code`` and ``extensions.status``
  (:class:`GraphQLErrors`); in production strawberry's ``MaskErrors`` replaces the message of
  masked ones (:class:`MaskSurprises`), keeping code and status.
- MCP (``api/mcp.py``): an unmasked error is a tool error with its message; a masked one is
  left to the SDK, which logs it and answers without its text.

Masked errors (their text may hold a statement or internals) are logged with their traceback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension

from graph.errors import (
    AuthFailed,
    GraphError,
    InputError,
    QueryFailed,
    QueryTimedOut,
    ServerUnavailable,
    UnknownDepartment,
)

__all__ = [
    "ERRORS",
    "MASKED_MESSAGE",
    "SURPRISE",
    "ErrorKind",
    "GraphQLErrors",
    "MaskSurprises",
    "NoSuggestions",
    "RequestError",
    "classify",
    "error_body",
    "graphql_code",
    "http_status",
    "install",
    "should_mask_error",
]

log = logging.getLogger(__name__)

MASKED_MESSAGE = "Unexpected error; it has been logged."


class RequestError(InputError):
    """A GraphQL request or ``/context`` asks something the API refuses as asked (page too large, bad cursor...)."""


@dataclass(frozen=True)
class ErrorKind:
    """How every surface answers one kind of error."""

    code: str
    status: int
    masked: bool


ERRORS: tuple[tuple[type[BaseException], ErrorKind], ...] = (
    # a department name that resolves to nothing: the caller's to fix, with the nearest names
    (UnknownDepartment, ErrorKind("UNKNOWN_DEPARTMENT", 400, masked=False)),
    (InputError, ErrorKind("BAD_REQUEST", 400, masked=False)),
    (ServerUnavailable, ErrorKind("NEO4J_UNAVAILABLE", 503, masked=False)),
    (AuthFailed, ErrorKind("NEO4J_AUTH_FAILED", 503, masked=False)),
    (QueryTimedOut, ErrorKind("QUERY_TIMEOUT", 504, masked=False)),
    # A statement the server refused is our bug, not the caller's: its text stays in the log.
    (QueryFailed, ErrorKind("INTERNAL", 500, masked=True)),
    (GraphError, ErrorKind("INTERNAL", 500, masked=False)),
)

#: Anything not in :data:`ERRORS`.
SURPRISE = ErrorKind("INTERNAL", 500, masked=True)


def classify(exc: BaseException) -> ErrorKind:
    """The entry of :data:`ERRORS` for ``exc``; :data:`SURPRISE` when none applies."""
    for kind, answer in ERRORS:
        if isinstance(exc, kind):
            return answer
    return SURPRISE


def http_status(exc: BaseException) -> int:
    """The HTTP status for ``exc`` (500 for surprises)."""
    return classify(exc).status


def error_body(message: str, status: int, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "error": message, "status": status} | extra


def _log(where: str, exc: BaseException, kind: ErrorKind) -> None:
    if kind.masked:
        log.error("%s: %s", where, exc, exc_info=exc)
    elif kind.status >= 500:
        log.warning("%s: %s", where, exc)


def install(app: FastAPI, *, mask: bool = True) -> None:
    """Answer our errors raised by ``app``'s routes in the common shape, with the table's
    status; ``mask`` replaces the message of masked ones."""

    async def answer(request: Request, exc: Exception) -> JSONResponse:
        kind = classify(exc)
        _log(f"{request.method} {request.url.path}", exc, kind)
        message = MASKED_MESSAGE if mask and kind.masked else str(exc)
        return JSONResponse(error_body(message, kind.status), status_code=kind.status)

    app.add_exception_handler(GraphError, answer)
    app.add_exception_handler(InputError, answer)


# --- GraphQL -------------------------------------------------------------------------------


def graphql_code(error: GraphQLError) -> tuple[str, int] | None:
    """``(code, status)`` for an error raised by a resolver; None for GraphQL's own (syntax, validation)."""
    if error.original_error is None:
        return None
    kind = classify(error.original_error)
    return kind.code, kind.status


def should_mask_error(error: GraphQLError) -> bool:
    """GraphQL errors from the table's unmasked kinds keep their message; the rest is masked."""
    original = error.original_error
    return original is not None and classify(original).masked


class GraphQLErrors(SchemaExtension):
    """Adds the table's ``code`` and ``status`` to every resolver error and logs the masked kinds."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            original = error.original_error
            if original is None:
                continue
            kind = classify(original)
            if kind.code == "INTERNAL":
                _log("GraphQL " + ".".join(map(str, error.path or ())), original, kind)
            error.extensions = {**(error.extensions or {}), "code": kind.code, "status": kind.status}


_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class NoSuggestions(SchemaExtension):
    """Drops graphql-core's "Did you mean ...?" from every error message (fields, arguments,
    enum values, input fields, types): in production the schema is not to be guessed from
    its errors."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            if "Did you mean" in error.message:
                error.message = _SUGGESTION.sub("", error.message)


class MaskSurprises(MaskErrors):
    """strawberry's ``MaskErrors`` deciding by the table; a masked error keeps its code and
    status. Listed before :class:`GraphQLErrors`, so that it runs after it."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask_error, error_message=MASKED_MESSAGE)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = error.extensions
        return masked
