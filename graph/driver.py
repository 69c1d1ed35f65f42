"""The only place that builds a Neo4j driver; transaction helpers and the health check.

:func:`connect` (and :func:`connect_async` for the API) returns a :class:`Database`
(:class:`AsyncDatabase`) that owns one driver: reads run in READ transactions, writes in
WRITE transactions (``CALL … IN TRANSACTIONS`` in an auto-commit one, ``write_auto_commit``),
every query under a transaction timeout, errors turned into :mod:`graph.errors` by
:func:`_translate`. Where it connects comes from
:class:`~graph.config.Settings`: ``NEO4J_URI`` and friends when set, otherwise the managed
server recorded in the state dir.

The connection logic is written once, for asyncio: the synchronous section at the end of
this file is generated from the asynchronous one by ``python -m graph.unasync`` (``await``,
``async`` and the driver's ``Async`` names removed; ``--check`` only compares, and a test
fails when they differ). Edit the asynchronous section, then run it.

Never domain Cypher: only the version check lives here.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar, overload
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j.exceptions import (
    AuthError,
    ConnectionAcquisitionTimeoutError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.graph import Node, Path, Relationship

from . import server
from .config import Settings, get_settings
from .cypher import FULLTEXT_INDEX
from .errors import AuthFailed, GraphError, InputError, QueryFailed, QueryTimedOut, ReadError, ServerUnavailable

__all__ = [
    "AsyncDatabase",
    "Database",
    "Health",
    "Results",
    "Target",
    "connect",
    "connect_async",
    "log_statement",
    "record_data",
    "resolve_target",
]

T = TypeVar("T")

VERSION_QUERY = (
    "CALL dbms.components() YIELD name, versions, edition "
    "WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition"
)

_UNREACHABLE = (ServiceUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError)


def _passing(exc: Exception) -> bool:
    """Whether a failed read may succeed when tried again: the server was out of reach, or
    said the error is transient and retryable (a deadlock, a leader switch, a busy member)."""
    return isinstance(exc, _UNREACHABLE) or (isinstance(exc, Neo4jError) and exc.is_retryable())


# --- where to connect ------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A resolved server address with its credentials."""

    uri: str
    user: str
    password: str | None = field(repr=False)
    auth: bool
    database: str
    managed: bool
    state_dir: str | None = None

    @property
    def display_uri(self) -> str:
        """The URI without any user or password written into it."""
        parts = urlsplit(self.uri)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))

    @property
    def driver_auth(self) -> tuple[str, str] | None:
        if not self.auth:
            return None
        return (self.user, self.password or "")


def resolve_target(settings: Settings) -> Target:
    """Where ``settings`` point: ``NEO4J_URI``, or the managed server of the state dir."""
    if not settings.managed:
        return Target(
            uri=str(settings.neo4j_uri),
            user=settings.neo4j_user,
            password=settings.neo4j_password,
            auth=settings.neo4j_password is not None,
            database=settings.neo4j_database,
            managed=False,
        )
    # The recorded server wins; before it first starts, the configured ports are the guess,
    # so that an API started early reaches the server once it comes up.
    info = server.read_record(settings.state_dir)
    bolt_port = info.bolt_port if info else settings.bolt_port
    auth = info.auth if info else settings.auth
    return Target(
        uri=f"bolt://127.0.0.1:{bolt_port}",
        user="neo4j",
        password=server.read_password(settings.state_dir) if auth else None,
        auth=auth,
        database=settings.neo4j_database,
        managed=True,
        state_dir=str(settings.state_dir),
    )


# --- results and errors ----------------------------------------------------------------


class Results(Sequence[dict[str, Any]]):
    """The records of one query as plain dicts, with its column names and update counters."""

    def __init__(self, records: list[dict[str, Any]], keys: list[str], counters: dict[str, int],
                 query_type: str | None = None):
        self.records = records
        self.keys = keys
        self.counters = counters
        self.query_type = query_type  # the summary's: r (read), rw, w or s (schema)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        return self.records[index]

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records)

    def __repr__(self) -> str:
        return f"Results({len(self.records)} records, keys={self.keys})"

    def first(self) -> dict[str, Any] | None:
        return self.records[0] if self.records else None

    def single_value(self) -> Any:
        """The only value of the only record (e.g. a count)."""
        if len(self.records) != 1 or len(self.keys) != 1:
            raise ValueError(f"expected one record of one column, got {self!r}")
        return self.records[0][self.keys[0]]


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _exported(value: Any) -> Any:
    """``value`` as ``Record.data()`` gives it, without copying what holds no graph types.

    Compiled reads return nested maps and lists of plain values; the driver's exporter
    rebuilds every one of them with abstract-class checks, which costs more than the
    query on large selections. Lists and maps here are the record's own, so they are
    changed in place where a node, relationship or path sits in them."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        for i, v in enumerate(value):
            if type(v) not in _PLAIN:
                value[i] = _exported(v)
        return value
    if kind is dict:
        for k, v in value.items():
            if type(v) not in _PLAIN:
                value[k] = _exported(v)
        return value
    # The rest as Record.data() exports it: a node as its properties, a relationship as
    # (start, type, end), a path as [node, type, node, ...]; temporal, spatial and other
    # values unchanged.
    if isinstance(value, Node):
        return _exported(dict(value))
    if isinstance(value, Relationship):
        return _exported(dict(value.start_node or {})), type(value).__name__, _exported(dict(value.end_node or {}))
    if isinstance(value, Path):
        walk: list[Any] = [_exported(dict(value.start_node))]
        for rel, node in zip(value.relationships, value.nodes[1:], strict=True):
            walk += [type(rel).__name__, _exported(dict(node))]
        return walk
    if isinstance(value, (tuple, set, frozenset)):
        return kind(_exported(v) for v in value)
    return value


def record_data(record: neo4j.Record) -> dict[str, Any]:
    """The record as a dict of plain values (what ``record.data()`` gives, faster)."""
    return {k: _exported(v) for k, v in zip(record.keys(), record.values(), strict=True)}


def _counters(summary: neo4j.ResultSummary) -> dict[str, int]:
    return {k: v for k, v in vars(summary.counters).items() if not k.startswith("_") and v}


@dataclass(frozen=True)
class Health:
    """Whether Neo4j answers, and which server it is."""

    reachable: bool
    uri: str
    database: str
    version: str | None = None
    edition: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.reachable and self.error is None

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok} | asdict(self)


#: Neo4j's codes of a refused login that the driver does not raise as AuthError.
_AUTH_CODES = frozenset({
    "Neo.ClientError.Security.AuthenticationRateLimit",
    "Neo.ClientError.Security.Unauthorized",
    "Neo.ClientError.Security.CredentialsExpired",
})


def _translate(
    exc: Exception, target: Target, query: str | None = None, parameters: Mapping[str, Any] | None = None
) -> GraphError | InputError:
    """One of our errors for a driver exception, its message naming the fix."""
    where = target.display_uri
    # Too many wrong attempts come back as a plain client error, not an AuthError.
    if isinstance(exc, AuthError) or (isinstance(exc, Neo4jError) and (exc.code or "") in _AUTH_CODES):
        if target.managed:
            password_file = f"{target.state_dir}/{server.PASSWORD}"
            if not target.auth:
                fix = "the recorded server runs without auth but this one asks for it; restart it with `policykg neo4j stop` then `policykg neo4j start`"
            elif target.password is None:
                fix = f"{password_file} is missing; restore it, or stop the server and delete {target.state_dir}/data to start afresh"
            else:
                fix = f"the password in {password_file} does not match; restore the file that belongs to this database"
        else:
            fix = "set NEO4J_USER and NEO4J_PASSWORD to valid credentials for that server"
        return AuthFailed(f"Neo4j at {where} refused user '{target.user}' ({exc.message}); {fix}")
    if isinstance(exc, _UNREACHABLE):
        fix = (
            "start it with `policykg neo4j start` (or `make run`)"
            if target.managed
            else "check that the server runs and NEO4J_URI points at it"
        )
        # The driver's text spans lines ("Couldn't connect to ...:\nFailed to establish ..."); the last says why.
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
        return ServerUnavailable(f"Neo4j does not answer at {where} ({detail}); {fix}")
    if isinstance(exc, Neo4jError):
        code = exc.code or ""
        text = query if query is not None else "<transaction function>"
        if "TransactionTimedOut" in code:
            return QueryTimedOut(
                f"query ran past its transaction timeout on {where} and was stopped "
                f"({exc.message}); narrow it, or raise POLICYKG_QUERY_TIMEOUT",
                text, parameters, code,
            )
        if "no such fulltext schema index" in (exc.message or ""):
            return ReadError(
                f"the full-text index {FULLTEXT_INDEX!r} does not exist yet: nothing has been loaded; "
                "load a plan with `policykg load <file>` first")
        return QueryFailed(f"query failed on {where}: {code}: {exc.message}", text, parameters, code)
    if isinstance(exc, (neo4j.exceptions.ConfigurationError, ValueError)):
        detail = str(exc).replace(target.uri, where)  # the driver quotes the URI, password included
        return GraphError(
            f"cannot connect to {where}: {detail}; NEO4J_URI takes bolt://host:7687 or neo4j://host:7687"
        )
    return GraphError(f"Neo4j at {where}: {exc}")


_GRAPH_ERRORS = (Neo4jError, neo4j.exceptions.DriverError)


#: Longest parameter text a log line shows whole, and most list items it shows.
LOG_TEXT = 200
LOG_ITEMS = 20


def _loggable(value: Any) -> Any:
    """``value`` with long texts and lists cut, saying how long they were."""
    if isinstance(value, str) and len(value) > LOG_TEXT:
        return f"{value[:LOG_TEXT]}… ({len(value)} characters)"
    if isinstance(value, (list, tuple)):
        shown = [_loggable(v) for v in value[:LOG_ITEMS]]
        return shown + [f"… ({len(value)} items)"] if len(value) > LOG_ITEMS else shown
    if isinstance(value, Mapping):
        return {k: _loggable(v) for k, v in value.items()}
    return value


def log_statement(logger: logging.Logger, query: str, parameters: Mapping[str, Any] | None) -> None:
    """One DEBUG record of a statement about to run and its parameters (long values cut);
    nothing is formatted unless ``logger`` shows DEBUG."""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("statement: %s\nparameters: %s", query.strip(), _loggable(dict(parameters or {})))


def _driver_config(settings: Settings) -> dict[str, Any]:
    return {
        "connection_timeout": settings.connect_timeout,
        # Transient failures (a cluster electing a leader) are retried for this long; the
        # driver's 30 s would keep a command silent that long when the server is down.
        "max_transaction_retry_time": settings.retry_time,
        "user_agent": "policykg",
    }


def _unit(work: Callable[..., T], timeout: float) -> Callable[..., T]:
    return neo4j.unit_of_work(timeout=timeout)(work)


def _health_from(target: Target, record: neo4j.Record) -> Health:
    return Health(
        reachable=True,
        uri=target.display_uri,
        database=target.database,
        version=record["version"],
        edition=record["edition"],
    )


def _health_failed(target: Target, exc: Exception) -> Health:
    error = _translate(exc, target)
    return Health(
        reachable=not isinstance(error, ServerUnavailable),
        uri=target.display_uri,
        database=target.database,
        error=str(error),
    )


# --- asynchronous (the API); the source of the synchronous section ------------------------


class AsyncDatabase:
    """A driver bound to one database, with the transaction timeout applied to every query."""

    def __init__(self, driver: neo4j.AsyncDriver, target: Target, timeout: float, health_timeout: float):
        self.driver = driver
        self.target = target
        self.database = target.database
        self.timeout = timeout
        self.health_timeout = health_timeout

    async def __aenter__(self) -> AsyncDatabase:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def _session(self, mode: str) -> neo4j.AsyncSession:
        return self.driver.session(
            database=self.database,
            default_access_mode=mode,
            bookmark_manager=self.driver.execute_query_bookmark_manager,
        )

    async def execute_read(
        self, work: Callable[..., Awaitable[T]], *args: Any, timeout: float | None = None, **kwargs: Any
    ) -> T:
        """Run ``work(tx, *args, **kwargs)`` in a READ transaction (retried if transient)."""
        return await self._execute(neo4j.READ_ACCESS, work, args, kwargs, timeout)

    async def execute_write(
        self, work: Callable[..., Awaitable[T]], *args: Any, timeout: float | None = None, **kwargs: Any
    ) -> T:
        """Run ``work(tx, *args, **kwargs)`` in a WRITE transaction (retried if transient)."""
        return await self._execute(neo4j.WRITE_ACCESS, work, args, kwargs, timeout)

    async def read(
        self, query: str, parameters: Mapping[str, Any] | None = None, *, timeout: float | None = None,
        max_records: int | None = None,
    ) -> Results:
        """Run one query in a READ transaction; a write in it fails.

        An auto-commit transaction: the query and the pull of its records go out together and
        the answer comes back in one round trip, where a managed one (begin, run, commit) takes
        two and the driver's retry loop around them, with nothing for a read to commit. A read
        changes nothing, so one that failed for a passing reason (a pooled connection found dead
        after a restart, a cluster member leaving, a transient error the server says may be
        retried) is tried once more; other errors are not. With ``max_records`` at most that
        many records are read and the rest discarded on the server."""
        statement = neo4j.Query(query, timeout=self.timeout if timeout is None else timeout)
        for attempt in (1, 2):
            try:
                return await self._auto_commit(neo4j.READ_ACCESS, statement, parameters, max_records)
            except _GRAPH_ERRORS as exc:
                if attempt == 2 or not _passing(exc):
                    raise _translate(exc, self.target, query, parameters) from exc
        raise AssertionError("unreachable")

    async def write(
        self, query: str, parameters: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> Results:
        """Run one query in a WRITE transaction."""
        return await self._query(neo4j.WRITE_ACCESS, query, parameters, timeout)

    async def write_auto_commit(
        self, query: str, parameters: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> Results:
        """Run one query in an auto-commit WRITE transaction, for ``CALL {…} IN TRANSACTIONS``:
        it commits transactions of its own, which the server refuses inside a managed one.

        Under the same timeout as every query, its errors turned into :mod:`graph.errors` the
        same way; never retried, since the inner transactions committed before a failure stay
        committed (``DELETE_ALL`` and the bulk load's derived properties finish their work when
        run again)."""
        statement = neo4j.Query(query, timeout=self.timeout if timeout is None else timeout)
        try:
            return await self._auto_commit(neo4j.WRITE_ACCESS, statement, parameters)
        except _GRAPH_ERRORS as exc:
            raise _translate(exc, self.target, query, parameters) from exc

    async def _auto_commit(
        self, mode: str, statement: neo4j.Query, parameters: Mapping[str, Any] | None,
        max_records: int | None = None,
    ) -> Results:
        """Run ``statement`` in an auto-commit transaction of ``mode`` and read its records (at
        most ``max_records``, the rest discarded on the server); errors are the driver's."""
        async with self._session(mode) as session:
            result = await session.run(statement, dict(parameters or {}))
            if max_records is None:
                records = [record_data(record) async for record in result]
            else:
                records = [record_data(record) for record in await result.fetch(max_records)]
            keys = list(result.keys())
            summary = await result.consume()
            return Results(records, keys, _counters(summary), summary.query_type)

    async def _query(
        self, mode: str, query: str, parameters: Mapping[str, Any] | None, timeout: float | None
    ) -> Results:
        async def work(tx: neo4j.AsyncManagedTransaction) -> Results:
            result = await tx.run(query, dict(parameters or {}))
            records = [record_data(record) async for record in result]
            return Results(records, list(result.keys()), _counters(await result.consume()))

        try:
            return await self._execute(mode, work, (), {}, timeout, raw=True)
        except _GRAPH_ERRORS as exc:
            raise _translate(exc, self.target, query, parameters) from exc

    async def _execute(
        self, mode: str, work: Callable[..., Awaitable[T]], args: tuple[Any, ...], kwargs: dict[str, Any],
        timeout: float | None, raw: bool = False,
    ) -> T:
        unit = _unit(work, self.timeout if timeout is None else timeout)
        try:
            async with self._session(mode) as session:
                if mode == neo4j.READ_ACCESS:
                    return await session.execute_read(unit, *args, **kwargs)
                return await session.execute_write(unit, *args, **kwargs)
        except _GRAPH_ERRORS as exc:
            if raw:
                raise
            raise _translate(exc, self.target) from exc

    async def verify(self) -> None:
        """Raise :class:`ServerUnavailable` or :class:`AuthFailed` unless a session can be opened."""
        try:
            await self.driver.verify_connectivity()
        except _GRAPH_ERRORS as exc:
            raise _translate(exc, self.target) from exc

    async def health(self) -> Health:
        """Reachability, version and edition; never raises for an unreachable server."""
        query = neo4j.Query(VERSION_QUERY, timeout=self.health_timeout)
        for attempt in (1, 2):  # a pooled connection may have died with a restarted server
            try:
                async with self._session(neo4j.READ_ACCESS) as session:
                    result = await session.run(query)
                    record = await result.single(strict=True)
                return _health_from(self.target, record)
            except _UNREACHABLE as exc:
                if attempt == 2:
                    return _health_failed(self.target, exc)
            except _GRAPH_ERRORS as exc:
                return _health_failed(self.target, exc)
        raise AssertionError("unreachable")

    async def close(self) -> None:
        await self.driver.close()


def connect_async(settings: Settings | None = None) -> AsyncDatabase:
    """A new connection (the caller closes it) to where ``settings`` point."""
    settings = settings or get_settings()
    target = resolve_target(settings)
    try:
        driver = neo4j.AsyncGraphDatabase.driver(target.uri, auth=target.driver_auth, **_driver_config(settings))
    except _GRAPH_ERRORS + (ValueError,) as exc:
        raise _translate(exc, target) from exc
    return AsyncDatabase(driver, target, settings.query_timeout, settings.connect_timeout)


# --- synchronous: generated from the section above by `python -m graph.unasync`; do not edit ---


class Database:
    """A driver bound to one database, with the transaction timeout applied to every query."""

    def __init__(self, driver: neo4j.Driver, target: Target, timeout: float, health_timeout: float):
        self.driver = driver
        self.target = target
        self.database = target.database
        self.timeout = timeout
        self.health_timeout = health_timeout

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _session(self, mode: str) -> neo4j.Session:
        return self.driver.session(
            database=self.database,
            default_access_mode=mode,
            bookmark_manager=self.driver.execute_query_bookmark_manager,
        )

    def execute_read(
        self, work: Callable[..., T], *args: Any, timeout: float | None = None, **kwargs: Any
    ) -> T:
        """Run ``work(tx, *args, **kwargs)`` in a READ transaction (retried if transient)."""
        return self._execute(neo4j.READ_ACCESS, work, args, kwargs, timeout)

    def execute_write(
        self, work: Callable[..., T], *args: Any, timeout: float | None = None, **kwargs: Any
    ) -> T:
        """Run ``work(tx, *args, **kwargs)`` in a WRITE transaction (retried if transient)."""
        return self._execute(neo4j.WRITE_ACCESS, work, args, kwargs, timeout)

    def read(
        self, query: str, parameters: Mapping[str, Any] | None = None, *, timeout: float | None = None,
        max_records: int | None = None,
    ) -> Results:
        """Run one query in a READ transaction; a write in it fails.

        An auto-commit transaction: the query and the pull of its records go out together and
        the answer comes back in one round trip, where a managed one (begin, run, commit) takes
        two and the driver's retry loop around them, with nothing for a read to commit. A read
        changes nothing, so one that failed for a passing reason (a pooled connection found dead
        after a restart, a cluster member leaving, a transient error the server says may be
        retried) is tried once more; other errors are not. With ``max_records`` at most that
        many records are read and the rest discarded on the server."""
        statement = neo4j.Query(query, timeout=self.timeout if timeout is None else timeout)
        for attempt in (1, 2):
            try:
                return self._auto_commit(neo4j.READ_ACCESS, statement, parameters, max_records)
            except _GRAPH_ERRORS as exc:
                if attempt == 2 or not _passing(exc):
                    raise _translate(exc, self.target, query, parameters) from exc
        raise AssertionError("unreachable")

    def write(
        self, query: str, parameters: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> Results:
        """Run one query in a WRITE transaction."""
        return self._query(neo4j.WRITE_ACCESS, query, parameters, timeout)

    def write_auto_commit(
        self, query: str, parameters: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> Results:
        """Run one query in an auto-commit WRITE transaction, for ``CALL {…} IN TRANSACTIONS``:
        it commits transactions of its own, which the server refuses inside a managed one.

        Under the same timeout as every query, its errors turned into :mod:`graph.errors` the
        same way; never retried, since the inner transactions committed before a failure stay
        committed (``DELETE_ALL`` and the bulk load's derived properties finish their work when
        run again)."""
        statement = neo4j.Query(query, timeout=self.timeout if timeout is None else timeout)
        try:
            return self._auto_commit(neo4j.WRITE_ACCESS, statement, parameters)
        except _GRAPH_ERRORS as exc:
            raise _translate(exc, self.target, query, parameters) from exc

    def _auto_commit(
        self, mode: str, statement: neo4j.Query, parameters: Mapping[str, Any] | None,
        max_records: int | None = None,
    ) -> Results:
        """Run ``statement`` in an auto-commit transaction of ``mode`` and read its records (at
        most ``max_records``, the rest discarded on the server); errors are the driver's."""
        with self._session(mode) as session:
            result = session.run(statement, dict(parameters or {}))
            if max_records is None:
                records = [record_data(record) for record in result]
            else:
                records = [record_data(record) for record in result.fetch(max_records)]
            keys = list(result.keys())
            summary = result.consume()
            return Results(records, keys, _counters(summary), summary.query_type)

    def _query(
        self, mode: str, query: str, parameters: Mapping[str, Any] | None, timeout: float | None
    ) -> Results:
        def work(tx: neo4j.ManagedTransaction) -> Results:
            result = tx.run(query, dict(parameters or {}))
            records = [record_data(record) for record in result]
            return Results(records, list(result.keys()), _counters(result.consume()))

        try:
            return self._execute(mode, work, (), {}, timeout, raw=True)
        except _GRAPH_ERRORS as exc:
            raise _translate(exc, self.target, query, parameters) from exc

    def _execute(
        self, mode: str, work: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any],
        timeout: float | None, raw: bool = False,
    ) -> T:
        unit = _unit(work, self.timeout if timeout is None else timeout)
        try:
            with self._session(mode) as session:
                if mode == neo4j.READ_ACCESS:
                    return session.execute_read(unit, *args, **kwargs)
                return session.execute_write(unit, *args, **kwargs)
        except _GRAPH_ERRORS as exc:
            if raw:
                raise
            raise _translate(exc, self.target) from exc

    def verify(self) -> None:
        """Raise :class:`ServerUnavailable` or :class:`AuthFailed` unless a session can be opened."""
        try:
            self.driver.verify_connectivity()
        except _GRAPH_ERRORS as exc:
            raise _translate(exc, self.target) from exc

    def health(self) -> Health:
        """Reachability, version and edition; never raises for an unreachable server."""
        query = neo4j.Query(VERSION_QUERY, timeout=self.health_timeout)
        for attempt in (1, 2):  # a pooled connection may have died with a restarted server
            try:
                with self._session(neo4j.READ_ACCESS) as session:
                    result = session.run(query)
                    record = result.single(strict=True)
                return _health_from(self.target, record)
            except _UNREACHABLE as exc:
                if attempt == 2:
                    return _health_failed(self.target, exc)
            except _GRAPH_ERRORS as exc:
                return _health_failed(self.target, exc)
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.driver.close()


def connect(settings: Settings | None = None) -> Database:
    """A new connection (the caller closes it) to where ``settings`` point."""
    settings = settings or get_settings()
    target = resolve_target(settings)
    try:
        driver = neo4j.GraphDatabase.driver(target.uri, auth=target.driver_auth, **_driver_config(settings))
    except _GRAPH_ERRORS + (ValueError,) as exc:
        raise _translate(exc, target) from exc
    return Database(driver, target, settings.query_timeout, settings.connect_timeout)


# --- end of the generated section ---
