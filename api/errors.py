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
  (:class:`GraphQLErrors`); strawberry's ``MaskErrors`` replaces the message of masked ones,
  keeping code and status (:class:`MaskSurprises` in production, :class:`MaskWithErrorId` in
  development).
- MCP (``api/mcp.py``): an unmasked error is a tool error with its message; a masked one is
  answered without its text (in production left to the SDK, which logs it; in development a
  tool error with the error id).

No answer carries the text of a masked error (it may hold a statement, an address or a
traceback), in development either: it goes to the server's log, at ERROR with its traceback and
an error id (``error 3f9c2a1b07d4``). Production answers :data:`MASKED_MESSAGE`; development
answers :func:`development_message`, which names the id to look for in the log, and gives it as
``error_id`` (HTTP) or ``extensions.errorId`` (GraphQL).
"""

from __future__ import annotations

import logging
import re
import secrets
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
    "MaskWithErrorId",
    "classify",
    "development_message",
    "error_body",
    "error_id",
    "graphql_code",
    "http_status",
    "install",
    "log_masked",
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


_ERROR_ID = "_policykg_error_id"


def error_id(exc: BaseException) -> str:
    """The id under which ``exc`` is logged: made once per exception and kept on it, so that
    the log line and the answer of every surface name the same one."""
    ident = getattr(exc, _ERROR_ID, None)
    if ident is None:
        ident = secrets.token_hex(6)
        setattr(exc, _ERROR_ID, ident)
    return str(ident)


def development_message(ident: str) -> str:
    """What development answers for a masked error: what happened and where to read more."""
    return (f"Unexpected error on the server (error {ident}); what went wrong is in the server's log, "
            f"at ERROR under that id")


def _log(where: str, exc: BaseException, kind: ErrorKind) -> None:
    if kind.masked:
        log.error("%s: error %s: %s", where, error_id(exc), exc, exc_info=exc)
    elif kind.status >= 500:
        log.warning("%s: %s", where, exc)


def log_masked(where: str, exc: BaseException) -> str | None:
    """Logs ``exc`` when the table masks it (at ERROR, with its id) and returns that id; None
    for the kinds whose message is answered as it is."""
    kind = classify(exc)
    if not kind.masked:
        return None
    _log(where, exc, kind)
    return error_id(exc)


def install(app: FastAPI, *, development: bool = False) -> None:
    """Answer our errors raised by ``app``'s routes, and any other exception, in the common
    shape with the table's status; a masked one answers :data:`MASKED_MESSAGE`, or in
    ``development`` :func:`development_message` and its ``error_id``."""

    async def answer(request: Request, exc: Exception) -> JSONResponse:
        kind = classify(exc)
        _log(f"{request.method} {request.url.path}", exc, kind)
        if not kind.masked:
            return JSONResponse(error_body(str(exc), kind.status), status_code=kind.status)
        if not development:
            return JSONResponse(error_body(MASKED_MESSAGE, kind.status), status_code=kind.status)
        ident = error_id(exc)
        return JSONResponse(error_body(development_message(ident), kind.status, error_id=ident),
                            status_code=kind.status)

    app.add_exception_handler(GraphError, answer)
    app.add_exception_handler(InputError, answer)
    # Anything else: starlette answers with this handler, then raises the exception again to
    # the server (which logs it once more, as "Exception in ASGI application").
    app.add_exception_handler(Exception, answer)


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


class MaskWithErrorId(MaskErrors):
    """Development's masking: a masked error's message says that it was logged and under which
    id (:func:`development_message`), and ``extensions.errorId`` gives the id; code and status
    are kept. Listed before :class:`GraphQLErrors`, like :class:`MaskSurprises`."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask_error)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        assert error.original_error is not None  # should_mask_error holds
        ident = error_id(error.original_error)
        return GraphQLError(development_message(ident), nodes=error.nodes, source=error.source,
                            positions=error.positions, path=error.path,
                            extensions={**(error.extensions or {}), "errorId": ident})
