"""Errors raised by graph/: each message says what failed, where, and what to do next.

Two branches: :class:`GraphError` when the graph could not do its part (the server, the
connection, a statement), :class:`InputError` when the caller asked something that cannot be
answered as asked (the caller's to fix; the API answers it as a bad request)::

    GraphError
    ├── PrerequisiteMissing       java or mvn absent or too old
    ├── JarsUnavailable           Maven could not fetch the Neo4j jars
    ├── PortInUse                 a port the managed server needs is taken
    ├── ServerExitedDuringStart   java exited before Bolt answered (carries the log tail)
    ├── StartTimeout              Bolt did not answer in time (carries the log tail)
    ├── StaleState                the state dir contradicts itself
    ├── ServerUnavailable         nothing answers at the Neo4j URI
    ├── AuthFailed                the server refused the credentials
    ├── BulkRefused               load --bulk aimed at a remote server or a graph holding nodes
    ├── BulkImportFailed          neo4j-admin database import failed (carries its output's end)
    └── QueryFailed               a Cypher statement failed (carries query and parameters)
        └── QueryTimedOut         it ran past its transaction timeout

    InputError
    ├── ReadError                 a read cannot answer as asked: bad id, ambiguous name...
    │   ├── UnknownDepartment     a name no department has, with the nearest names
    │   ├── ContextError          (api.chat.grounding) a question or budget refused
    │   └── ToolInputError        (api.chat.tools) a tool argument refused
    ├── NamedQueryError           unknown named query, wrong parameters, a query file refused
    └── RequestError              (api.errors) a GraphQL argument refused: page too large, bad cursor

How each class is answered over HTTP, GraphQL and MCP (code, status, masked) is one table,
``api.errors.ERRORS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "AuthFailed",
    "BulkImportFailed",
    "BulkRefused",
    "GraphError",
    "InputError",
    "JarsUnavailable",
    "NamedQueryError",
    "PortInUse",
    "PrerequisiteMissing",
    "QueryFailed",
    "QueryTimedOut",
    "ReadError",
    "ServerExitedDuringStart",
    "ServerUnavailable",
    "StaleState",
    "StartTimeout",
    "UnknownDepartment",
]


class GraphError(Exception):
    """Base class of every error raised by graph/."""


class PrerequisiteMissing(GraphError):
    """A program the managed server needs (java, mvn) is absent or too old."""

    def __init__(self, program: str, debian_package: str, problem: str = "not found on PATH"):
        self.program = program
        self.debian_package = debian_package
        super().__init__(
            f"{program}: {problem}; install it (Debian: apt-get install {debian_package}) "
            f"or set NEO4J_URI to use an existing server"
        )


class JarsUnavailable(GraphError):
    """Maven could not resolve the Neo4j jars."""


class PortInUse(GraphError):
    """A port the managed server would listen on is already taken."""

    def __init__(self, port: int, connector: str, variable: str):
        self.port = port
        self.connector = connector
        super().__init__(
            f"127.0.0.1:{port} ({connector}) is already in use; stop what listens there "
            f"(`ss -ltnp 'sport = :{port}'` shows it) or set {variable} to a free port"
        )


class _WithLog(GraphError):
    def __init__(self, message: str, log_tail: str):
        self.log_tail = log_tail
        text = message
        if log_tail.strip():
            text += "\n--- last lines of the Neo4j log ---\n" + log_tail.rstrip()
        super().__init__(text)


class ServerExitedDuringStart(_WithLog):
    """The Neo4j process exited before its Bolt port answered."""


class StartTimeout(_WithLog):
    """The Neo4j process did not answer on Bolt within the start timeout."""


class StaleState(GraphError):
    """Files in the state dir contradict each other."""


class ServerUnavailable(GraphError):
    """Nothing answers at the Neo4j URI."""


class AuthFailed(GraphError):
    """The server refused the user name or password."""


class QueryFailed(GraphError):
    """A Cypher statement failed; keeps the statement and its parameters."""

    def __init__(
        self,
        message: str,
        query: str,
        parameters: Mapping[str, Any] | None = None,
        code: str | None = None,
    ):
        self.query = query
        self.parameters = dict(parameters or {})
        self.code = code
        super().__init__(message)


class QueryTimedOut(QueryFailed):
    """A statement ran past its transaction timeout and the server stopped it."""


class BulkImportFailed(GraphError):
    """``neo4j-admin database import`` failed; the message carries the end of its output."""


class BulkRefused(GraphError):
    """The target of a bulk import is not the managed server's empty store: load without --bulk."""


class InputError(Exception):
    """Base class of the errors of a request that cannot be answered as asked; the message
    says what to send instead."""


class ReadError(InputError):
    """A read was asked something it cannot answer as asked (bad id, ambiguous name...)."""


class UnknownDepartment(ReadError):
    """No department has this name or alias; ``suggestions`` are the nearest names there are."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()):
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"did you mean {', '.join(suggestions)}?" if suggestions else "no department has a name like it"
        super().__init__(f"no department is called {name!r}; {hint}")


class NamedQueryError(InputError):
    """A named query is unknown, badly written, not read-only, or given wrong parameters."""
