"""The chatbot feed over MCP: fixed read-only tools, served two ways.

- streamable HTTP at ``/mcp`` inside the FastAPI app (:func:`mount`): stateless JSON
  responses, answered only to loopback clients unless ``POLICYKG_MCP_ALLOW_REMOTE`` is on,
  and only with ``Authorization: Bearer <POLICYKG_MCP_TOKEN>`` (or ``<POLICYKG_API_TOKEN>``)
  when a token is set; remote clients without a token are never served;
- stdio for desktop clients (:func:`serve_stdio`, the ``policykg mcp`` command).

The tools are those of :class:`api.chat.tools.Feed`: ``search``, ``describe``,
``responsibilities``, ``policy_citations``, ``schedule``, ``connections``, ``named_query``,
``list_named_queries``, ``schema`` and ``context``. None takes Cypher. Each call runs under
``POLICYKG_MCP_TOOL_TIMEOUT`` seconds. Errors follow ``api.errors.ERRORS``: an unmasked
one becomes a tool error (``is_error``) whose text says what to send instead; a masked one
(a refused statement, a surprise) is logged and answered without its text, by the SDK (in
development, with the id it is logged under).

:func:`openai_tools` gives the same tools as OpenAI function definitions.
"""

# No `from __future__ import annotations`: the SDK reads the tools' annotations, which use
# the limits of the feed they are built for.
import hmac
import ipaddress
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal, TypeVar

import anyio
from fastapi import FastAPI
from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp
from mcp.server.transport_security import TransportSecuritySettings
from mcp_types import CallToolResult, InputRequiredResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field, ValidationError
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from api.chat.grounding import DEFAULT_BUDGET, MAX_BUDGET, MAX_QUESTION, MIN_BUDGET, ContextFacts
from api.chat.tools import (
    SEARCH_TYPES,
    Description,
    Feed,
    NamedQueries,
    NamedQueryRows,
    Paths,
    PolicyCitations,
    Responsibilities,
    Schedule,
    SchemaInfo,
    SearchResult,
)
from api.errors import classify, development_message, error_body, log_masked
from api.guard import TooLarge, read_body, replay
from graph.driver import AsyncDatabase, connect_async
from graph.named_queries import load_queries

__all__ = ["PATH", "build_server", "mount", "openai_tools", "serve_stdio"]

log = logging.getLogger(__name__)

PATH = "/mcp"
MAX_BODY = 64 * 1024  # bytes of one JSON-RPC request: arguments are short

INSTRUCTIONS = (
    "Read-only tools over a knowledge graph of Chinese government work plans (工作要点): tasks (重点工作), "
    "reforms (重大改革), measures (工作举措), the departments that lead (牵头) or support (配合) them, the "
    "policies they cite, their targets, schedules and places. For a question in Chinese, call `context` first: "
    "it returns the relevant facts with citations. Use the other tools to look further. Quote the citation "
    "(section, row, lines, source text) of every fact you use."
)

T = TypeVar("T")
#: The search tool's node types, from the registry (those the full-text index covers).
SearchType = Literal[SEARCH_TYPES]  # type: ignore[valid-type]
_READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                             open_world_hint=False)


def _bounds(low: int, high: int) -> dict[str, Any]:
    # In the schema for clients; checked by the tool itself, which says what to send instead.
    return {"minimum": low, "maximum": high}


def _length(high: int) -> dict[str, Any]:
    return {"maxLength": high}


#: How a model should write names: as the plans do.
NAMES_IN_CHINESE = ("Pass names in Chinese exactly as the plans write them (区发改局, 《浙江省电子商务条例》), "
                    "not translated or romanised.")


def _compact(value: Any) -> str:
    """JSON without indentation or escaped Chinese: what a model reads of an answer."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _answer(model: BaseModel) -> CallToolResult:
    """A tool's answer: its structured content, and the same as compact JSON for the model."""
    data = model.model_dump(mode="json")
    return CallToolResult(content=[TextContent(type="text", text=_compact(data))], structured_content=data)


def _one_line(error: ValidationError) -> str:
    """The first problem of a pydantic validation error, on one line, naming the argument."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "arguments"
    given = repr(first.get("input"))
    given = given if len(given) <= 40 else given[:39] + "…"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"argument {where}: {first['msg']}, not {given}{more}"


class _Tools(MCPServer):
    """An MCP server that refuses unknown arguments and says in one line which argument has the
    wrong type, before the tool runs."""

    async def call_tool(self, name: str, arguments: dict[str, Any],
                        context: Any = None) -> CallToolResult | InputRequiredResult:
        tool = self._tool_manager.get_tool(name)
        if tool is not None:
            known = list(tool.parameters.get("properties") or {})
            unknown = sorted(set(arguments) - set(known))
            if unknown:
                takes = ", ".join(known) if known else "no arguments"
                raise ToolError(f"unknown argument(s) {', '.join(unknown)}; {name} takes {takes}")
            try:
                tool.fn_metadata.validate_arguments(arguments)
            except ValidationError as exc:
                raise ToolError(_one_line(exc)) from None
        return await super().call_tool(name, arguments, context)


def build_server(feed: Feed, *, timeout: float = 30.0, lifespan: Any = None, development: bool = False) -> MCPServer:
    """An MCP server with the feed's tools; each call may take ``timeout`` seconds. A masked
    error is answered without its text: in ``development`` with the id it is logged under."""
    server = _Tools("policykg", instructions=INSTRUCTIONS, version=_version(), lifespan=lifespan,
                    log_level="WARNING")
    limits = feed.limits
    short = _length(limits.max_text)
    page_limit = Field(description=f"entries per page (default {limits.page_size})",
                       json_schema_extra=_bounds(1, limits.max_page))
    cursor_field = Field(description="next_cursor of the previous page; the first page when omitted",
                         json_schema_extra=_length(limits.max_cursor))
    Limit = Annotated[int | None, page_limit]
    Cursor = Annotated[str | None, cursor_field]

    async def call(work: Awaitable[T]) -> T:
        try:
            with anyio.fail_after(timeout):
                return await work
        except TimeoutError:
            raise ToolError(f"the call took longer than {timeout:g} s and was stopped; ask for less "
                            "(a smaller limit, fewer hops) or raise POLICYKG_MCP_TOOL_TIMEOUT") from None
        except Exception as exc:
            if not classify(exc).masked:
                raise ToolError(str(exc)) from exc
            if not development:
                raise  # the SDK logs it and answers without its text
            ident = log_masked("MCP tool", exc)
            raise ToolError(development_message(str(ident))) from exc

    def tool(name: str, description: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return server.tool(name=name, description=description, annotations=_READ_ONLY)

    @tool("context", "The facts needed to answer a question about the plans, ranked, with citations, within a "
                     "size budget. The text the model reads is the numbered sentences, each with its citation "
                     "(section, row, cell, lines), at most `budget` characters; the structured content has the "
                     "same facts with their full citations. " + NAMES_IN_CHINESE + " 回答问题所需的事实及出处。")
    async def context(
        question: Annotated[str, Field(description="the question, in Chinese: 区发改局牵头哪些重点工作?",
                                       json_schema_extra=_length(MAX_QUESTION))],
        budget: Annotated[int, Field(description="characters of the numbered sentences",
                                     json_schema_extra=_bounds(MIN_BUDGET, MAX_BUDGET))] = DEFAULT_BUDGET,
    ) -> Annotated[CallToolResult, ContextFacts]:
        result = await call(feed.context(question, budget))
        return CallToolResult(content=[TextContent(type="text", text=result.text or result.not_found())],
                              structured_content=result.facts_only().model_dump(mode="json"))

    @tool("search", "Full-text search over every node type (tasks, reforms, measures, departments, policies, "
                    "indicators, milestones, places, areas, documents), best first, each hit with its citation; "
                    "matched_by says `not found` (with suggestions) when no hit holds most of the words. "
                    + NAMES_IN_CHINESE + " 全文检索。")
    async def search(
        text: Annotated[str, Field(description="words to look for: 养老, 未来社区", json_schema_extra=short)],
        types: Annotated[list[SearchType] | None,
                         Field(description="only these node types; all when omitted")] = None,
        limit: Annotated[int, Field(description="hits per page",
                                    json_schema_extra=_bounds(1, limits.max_search))] = 10,
        cursor: Cursor = None,
    ) -> Annotated[CallToolResult, SearchResult]:
        return _answer(await call(feed.search(text, list(types) if types else None, limit, cursor)))

    @tool("describe", "One node with its properties and a page of its direct relationships, each with its "
                      "citation. Takes an id (Task:<key>), a name, a policy title, any alias of a department "
                      "(发改局, 区发展和改革局), or an item by the plan's numbering (重点工作第25项, 改革14, 举措1.6). "
                      "A weak full-text match is not found: the error lists the nearest nodes. "
                      + NAMES_IN_CHINESE + " 查看一个实体及其关系。")
    async def describe(
        name_or_id: Annotated[str, Field(description="区发改局, 大社保体系, 《浙江省电子商务条例》, 重点工作第25项, Task:<key>",
                                         json_schema_extra=short)],
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> Annotated[CallToolResult, Description]:
        return _answer(await call(feed.describe(name_or_id, limit, cursor)))

    @tool("responsibilities", "What a department leads (牵头) or supports (配合): its tasks, reforms and measures, "
                              "a page at a time, with the other units and the text that names them. Any alias of "
                              "the department works. " + NAMES_IN_CHINESE + " 责任单位的工作。")
    async def responsibilities(
        department: Annotated[str, Field(description="any name of the department: 区发改局, 发改局, 区卫生健康局",
                                         json_schema_extra=short)],
        role: Annotated[Literal["lead", "support"] | None,
                        Field(description="lead or support; both when omitted")] = None,
        jurisdiction: Annotated[str | None, Field(description="the district, when several plans name a "
                                                              "department alike: 宁波市奉化区",
                                                  json_schema_extra=short)] = None,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> Annotated[CallToolResult, Responsibilities]:
        return _answer(await call(feed.responsibilities(department, role, jurisdiction, limit, cursor)))

    @tool("policy_citations", "The items that cite a policy, a page at a time. The title is matched however it "
                              "is written (《》, brackets, dashes, part of the title), then by full text; the answer "
                              "says how it matched and gives each title. " + NAMES_IN_CHINESE + " 引用某政策的事项。")
    async def policy_citations(
        title: Annotated[str, Field(description="the policy's title or part of it: 浙江省电子商务条例",
                                    json_schema_extra=short)],
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> Annotated[CallToolResult, PolicyCitations]:
        return _answer(await call(feed.policy_citations(title, limit, cursor)))

    @tool("schedule", "What is due when: milestones whose period covers a month (2—4月 covers 3; 6月底前 is due in "
                      "6), a page at a time, optionally only of the items a department leads or supports. "
                      + NAMES_IN_CHINESE + " 某月的进度安排。")
    async def schedule(
        month: Annotated[int, Field(description="1 to 12", json_schema_extra=_bounds(1, 12))],
        department: Annotated[str | None, Field(description="any name of a department: 区民政局",
                                                json_schema_extra=short)] = None,
        role: Annotated[Literal["lead", "support"] | None,
                        Field(description="with department: lead or support; either when omitted")] = None,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> Annotated[CallToolResult, Schedule]:
        return _answer(await call(feed.schedule(month, department, role, limit, cursor)))

    @tool("connections", "How two nodes are linked: every shortest path of at most max_hops relationships (up to "
                         f"{limits.max_paths}), each step with its citation where the text states it. Names, aliases, "
                         "numbering and ids work. " + NAMES_IN_CHINESE + " 两个实体之间的联系。")
    async def connections(
        a: Annotated[str, Field(description="a name, alias, title or id: 区科技局", json_schema_extra=short)],
        b: Annotated[str, Field(description="a name, alias, title or id: 江口街道", json_schema_extra=short)],
        max_hops: Annotated[int, Field(description="longest path considered",
                                       json_schema_extra=_bounds(1, limits.max_hops))] = 4,
    ) -> Annotated[CallToolResult, Paths]:
        return _answer(await call(feed.connections(a, b, max_hops)))

    @tool("list_named_queries", "The read-only named queries of queries/, with their parameters. 命名查询列表。")
    async def list_named_queries() -> Annotated[CallToolResult, NamedQueries]:
        return _answer(feed.list_named_queries())

    @tool("named_query", "Run one named query from list_named_queries, read-only, with its parameters; its rows "
                         "a page at a time. " + NAMES_IN_CHINESE + " 运行命名查询。")
    async def named_query(
        name: Annotated[str, Field(description="the query's name: department_responsibilities",
                                   json_schema_extra=short)],
        params: Annotated[dict[str, Any] | None,
                          Field(description='its parameters: {"department": "区发改局"}')] = None,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> Annotated[CallToolResult, NamedQueryRows]:
        return _answer(await call(feed.named_query(name, params, limit, cursor)))

    @tool("schema", "The graph's node types, relationship types and properties, in plain words. 图的结构说明。")
    async def schema() -> Annotated[CallToolResult, SchemaInfo]:
        return _answer(feed.schema())

    for registered in server._tool_manager.list_tools():
        registered.parameters["additionalProperties"] = False
    return server


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("policykg")
    except PackageNotFoundError:
        return "0"


# --- HTTP, inside the app ----------------------------------------------------------------

_LOOPBACK_HOSTS = ["127.0.0.1:*", "localhost:*", "[::1]:*", "127.0.0.1", "localhost", "[::1]"]
_LOOPBACK_ORIGINS = ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"]


def _loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class _Guard:
    """Answers ``/mcp`` only to loopback clients (unless remote ones are allowed) and, when a
    token is set, only to requests that carry it as a bearer token."""

    def __init__(self, app: ASGIApp, tokens: dict[str, str | None], allow_remote: bool):
        self.app = app
        self.tokens = tuple(token.encode() for token in tokens.values() if token)
        self.token_names = " or ".join(name for name, token in tokens.items() if token)
        self.allow_remote = allow_remote

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = self._refusal(scope)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
            if scope.get("method") == "POST":
                try:
                    body = await read_body(scope, receive, MAX_BODY)
                except TooLarge:
                    await _too_large()(scope, receive, send)
                    return
                receive = replay(body, receive)
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope) -> JSONResponse | None:
        client = scope.get("client")
        if not self.allow_remote and not _loopback(client[0] if client else None):
            return JSONResponse(error_body(
                "/mcp answers only loopback clients; set POLICYKG_MCP_ALLOW_REMOTE=true (and POLICYKG_MCP_TOKEN) "
                "to serve it to other hosts", 403), 403)
        if not self.tokens:
            return None
        headers = dict(scope.get("headers") or [])
        scheme, _, given = headers.get(b"authorization", b"").partition(b" ")
        # Every token is compared, so that the time taken says nothing about which one is near.
        matches = [hmac.compare_digest(given.strip(), token) for token in self.tokens]
        if scheme.lower() != b"bearer" or not any(matches):
            return JSONResponse(error_body(
                f"/mcp needs the header Authorization: Bearer <{self.token_names}>", 401),
                                401, headers={"WWW-Authenticate": 'Bearer realm="policykg"'})
        return None


def _too_large() -> JSONResponse:
    return JSONResponse(error_body(f"the request body is larger than {MAX_BODY} bytes ({MAX_BODY // 1024} kB), "
                                   "the most /mcp reads; send shorter arguments", 413), 413)


def mount(app: FastAPI, feed: Feed, *, token: str | None = None, allow_remote: bool = False,
          timeout: float = 30.0, api_token: str | None = None, development: bool = False) -> MCPServer:
    """Serve the feed's tools at ``/mcp`` in ``app``; the app's lifespan must run
    ``server.session_manager.run()`` (see ``api/app.py``). With ``token`` or ``api_token``
    set, a request needs one of them as its bearer token. Remote clients without a token
    are refused here too (``api.config.ApiSettings.exposure_problem`` refuses to start so)."""
    if allow_remote and not (token or api_token):
        raise ValueError("/mcp open to remote hosts needs a token (POLICYKG_MCP_TOKEN or POLICYKG_API_TOKEN)")
    server = build_server(feed, timeout=timeout, development=development)
    security = TransportSecuritySettings(
        enable_dns_rebinding_protection=not allow_remote,
        allowed_hosts=_LOOPBACK_HOSTS,
        allowed_origins=_LOOPBACK_ORIGINS,
    )
    # Builds the session manager; its Starlette app is not used, the route below is.
    server.streamable_http_app(streamable_http_path=PATH, stateless_http=True, json_response=True,
                               transport_security=security, max_request_body_size=MAX_BODY)
    tokens = {"POLICYKG_MCP_TOKEN": token, "POLICYKG_API_TOKEN": api_token}
    endpoint = _Guard(StreamableHTTPASGIApp(server.session_manager), tokens, allow_remote)
    app.router.routes.append(Route(PATH, endpoint=endpoint, name="mcp"))
    return server


# --- stdio, for desktop clients ------------------------------------------------------------


async def serve_stdio(settings: Any) -> None:
    """Serve the tools over stdin/stdout until the client closes them (``policykg mcp``)."""
    holder: dict[str, AsyncDatabase] = {}

    @asynccontextmanager
    async def lifespan(_server: MCPServer) -> AsyncIterator[dict[str, Any]]:
        async with connect_async(settings) as conn:
            holder["graph"] = conn
            yield {}

    feed = Feed(graph=lambda: holder["graph"], queries=load_queries())
    server = build_server(feed, timeout=getattr(settings, "mcp_tool_timeout", 30.0), lifespan=lifespan)
    await server.run_stdio_async()


# --- the same tools for OpenAI-style function calling ---------------------------------------


async def openai_tools() -> list[dict[str, Any]]:
    """The tools as OpenAI function definitions (``{"type": "function", "function": {...}}``)."""
    server = build_server(Feed(graph=_no_graph))
    found = []
    for t in await server.list_tools():
        parameters = dict(t.input_schema)
        parameters.pop("title", None)
        found.append({"type": "function", "function": {
            "name": t.name, "description": t.description or "", "parameters": parameters}})
    return found


def _no_graph() -> AsyncDatabase:
    raise RuntimeError("listing tools needs no graph")
