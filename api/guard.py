"""What every request to ``/graphql`` and ``/context`` passes before it reaches them.

:class:`RequestGuard` wraps the app (ASGI) and answers, in the API's error shape:

- 401 to ``/graphql`` and ``/context`` without ``Authorization: Bearer <POLICYKG_API_TOKEN>``
  when that token is set (``/mcp`` checks it in ``api/mcp.py``, with its own token);
- 413 to a ``/graphql`` body over ``POLICYKG_GRAPHQL_MAX_BODY_BYTES`` (read no further);
- 400 with a one-line reason to a JSON ``/graphql`` request that is not UTF-8, not JSON, not
  an object ``{"query": "...", "variables": {...}}`` (or a list of them), or whose variables
  nest deeper than ``POLICYKG_GRAPHQL_MAX_VARIABLES_DEPTH``.

The body it read is passed on unchanged.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_body

__all__ = ["RequestGuard", "TooLarge", "nesting_depth", "read_body", "replay", "request_problem"]

GRAPHQL = "/graphql"
PROTECTED = (GRAPHQL, "/context")


def nesting_depth(value: Any) -> int:
    """How deep JSON ``value`` nests (a scalar 0, ``[]`` and ``{}`` 1), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, Mapping):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in current.values())
        elif isinstance(current, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in current)
    return deepest


def _operation_problem(operation: Any, max_depth: int) -> str | None:
    if not isinstance(operation, Mapping):
        return ('a GraphQL request is a JSON object {"query": "...", "variables": {...}} '
                f"(or a list of them), not {type(operation).__name__ if operation is not None else 'null'}")
    query = operation.get("query")
    if query is not None and not isinstance(query, str):
        return "query must be a string holding the GraphQL document"
    name = operation.get("operationName")
    if name is not None and not isinstance(name, str):
        return "operationName must be a string"
    variables = operation.get("variables")
    if variables is not None and not isinstance(variables, Mapping):
        return "variables must be a JSON object of names to values"
    if variables is not None and nesting_depth(variables) > max_depth:
        return f"variables nest deeper than {max_depth} levels (POLICYKG_GRAPHQL_MAX_VARIABLES_DEPTH)"
    return None


def request_problem(body: bytes, max_depth: int) -> str | None:
    """Why ``body``, a JSON ``/graphql`` request, is refused; None when it may go on."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"the body is not UTF-8 (byte {exc.start})"
    try:
        parsed = json.loads(text)
    except RecursionError:
        return "the body nests too deep to read"
    except ValueError as exc:
        return f"the body is not JSON: {str(exc).splitlines()[0]}"
    if isinstance(parsed, list):
        if not parsed:
            return "an empty list holds no GraphQL request"
        for operation in parsed:
            problem = _operation_problem(operation, max_depth)
            if problem:
                return problem
        return None
    return _operation_problem(parsed, max_depth)


def _query_problem(query_string: bytes, max_depth: int) -> str | None:
    """Why a GET ``/graphql``'s variables are refused."""
    for given in parse_qs(query_string.decode("latin-1")).get("variables", []):
        try:
            variables = json.loads(given)
        except (ValueError, RecursionError):
            return "variables must be JSON"
        if variables is not None and not isinstance(variables, Mapping):
            return "variables must be a JSON object of names to values"
        if variables is not None and nesting_depth(variables) > max_depth:
            return f"variables nest deeper than {max_depth} levels (POLICYKG_GRAPHQL_MAX_VARIABLES_DEPTH)"
    return None


class TooLarge(Exception):
    """The request body passes the limit it is read with."""


class RequestGuard:
    """The checks of the module docstring around ``app``."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_body_bytes: int, max_variables_depth: int):
        self.app = app
        self.token = token.encode() if token else None
        self.max_body_bytes = max_body_bytes
        self.max_variables_depth = max_variables_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "").rstrip("/") or "/"
        if path in PROTECTED and self.token is not None and not self._authorised(scope):
            await _answer(scope, receive, send, f"{path} needs the header Authorization: Bearer <POLICYKG_API_TOKEN>",
                          401, {"WWW-Authenticate": 'Bearer realm="policykg"'})
            return
        if path != GRAPHQL:
            await self.app(scope, receive, send)
            return
        if scope.get("method") == "GET":
            problem = _query_problem(scope.get("query_string", b""), self.max_variables_depth)
            if problem:
                await _answer(scope, receive, send, problem, 400)
                return
            await self.app(scope, receive, send)
            return
        if scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        try:
            body = await read_body(scope, receive, self.max_body_bytes)
        except TooLarge:
            await _answer(scope, receive, send, f"the request body is over {self.max_body_bytes} bytes "
                          "(POLICYKG_GRAPHQL_MAX_BODY_BYTES)", 413)
            return
        if _is_json(scope):
            problem = request_problem(body, self.max_variables_depth)
            if problem:
                await _answer(scope, receive, send, problem, 400)
                return
        await self.app(scope, replay(body, receive), send)

    def _authorised(self, scope: Scope) -> bool:
        assert self.token is not None
        headers = dict(scope.get("headers") or [])
        scheme, _, given = headers.get(b"authorization", b"").partition(b" ")
        return scheme.lower() == b"bearer" and hmac.compare_digest(given.strip(), self.token)

async def read_body(scope: Scope, receive: Receive, limit: int) -> bytes:
    """The whole request body; :class:`TooLarge` as soon as it (or its Content-Length) passes
    ``limit`` bytes, before the rest is read."""
    headers = dict(scope.get("headers") or [])
    declared = headers.get(b"content-length", b"").strip()
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _is_json(scope: Scope) -> bool:
    headers = dict(scope.get("headers") or [])
    content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    return content_type in (b"", b"application/json") or content_type.endswith(b"+json")


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` once, then what the client sends next (a disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _answer(scope: Scope, receive: Receive, send: Send, message: str, status: int,
                  headers: dict[str, str] | None = None) -> None:
    await JSONResponse(error_body(message, status), status, headers=headers)(scope, receive, send)
