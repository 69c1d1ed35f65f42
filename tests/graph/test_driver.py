"""Connections: READ/WRITE transactions, timeouts, errors, health, wrong credentials, an
external NEO4J_URI, and the synchronous connection generated from the asynchronous one."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import neo4j
import pytest

from graph import unasync
from graph.config import Settings
from graph.driver import Database, connect, connect_async
from graph.errors import AuthFailed, GraphError, QueryFailed, QueryTimedOut, ServerUnavailable
from graph.server import ManagedServer, ensure_running, neo4j_version
from tests.conftest import TestNeo4j
from tests.helpers import free_port, managed_server

pytestmark = pytest.mark.neo4j

SLOW_QUERY = "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n"


def test_write_then_read(empty_graph: Database) -> None:
    written = empty_graph.write(
        "CREATE (d:Department {name: $name}) RETURN d.name AS name", {"name": "区发改局"}
    )
    found = empty_graph.read("MATCH (d:Department) RETURN d.name AS name")

    assert written.counters == {"labels_added": 1, "nodes_created": 1, "properties_set": 1}
    assert list(found) == [{"name": "区发改局"}]
    assert found.keys == ["name"]
    assert found.first() == {"name": "区发改局"}


def test_records_read_as_the_driver_exports_them(empty_graph: Database) -> None:
    """Rows come back as ``Record.data()`` would give them: nodes as properties,
    relationships as (start, type, end), paths as [node, type, node], nested maps and
    lists of them, temporal and spatial values unchanged."""
    empty_graph.write(
        "CREATE (:Department {name: '区发改局', aliases: ['发改局']})-[:RESPONSIBLE_FOR {role: 'lead'}]->"
        "(:Task {key: 't1', number: 1, due: date('2022-04-30'), at: point({x: 1.5, y: 2.5})})"
    )
    query = (
        "MATCH p = (d:Department)-[r:RESPONSIBLE_FOR]->(t:Task) "
        "RETURN d, r, p, t.due AS due, t.at AS at, {dept: d, rels: [r], deep: [[t], {n: null}]} AS nested, "
        "[1, 2.5, 'x', true, null] AS plain, {a: {b: [{c: 'd'}]}} AS maps"
    )
    found = empty_graph.read(query).first()
    with empty_graph.driver.session(database=empty_graph.database) as session:
        expected = session.run(query).single().data()

    assert found == expected
    assert found["r"] == ({"name": "区发改局", "aliases": ["发改局"]}, "RESPONSIBLE_FOR",
                          {"key": "t1", "number": 1, "due": found["due"], "at": found["at"]})
    assert found["p"][1] == "RESPONSIBLE_FOR" and len(found["p"]) == 3
    assert isinstance(found["due"], neo4j.time.Date) and found["at"].x == 1.5


def test_read_runs_in_a_read_transaction(empty_graph: Database) -> None:
    with pytest.raises(QueryFailed) as error:
        empty_graph.read("CREATE (:Department {name: 'x'})")

    assert error.value.code == "Neo.ClientError.Statement.AccessMode"
    assert empty_graph.read("MATCH (n) RETURN count(n) AS n").single_value() == 0


def test_failed_query_keeps_its_text_and_parameters(graph: Database) -> None:
    with pytest.raises(QueryFailed) as error:
        graph.read("RETURN $x +", {"x": 1})

    assert error.value.query == "RETURN $x +"
    assert error.value.parameters == {"x": 1}
    assert error.value.code == "Neo.ClientError.Statement.SyntaxError"


def test_execute_write_is_one_transaction(empty_graph: Database) -> None:
    def work(tx: neo4j.ManagedTransaction, name: str) -> None:
        tx.run("CREATE (:Department {name: $name})", name=name).consume()
        tx.run("RETURN 1 / 0").consume()  # fails after the write: nothing may stay

    with pytest.raises(QueryFailed, match="ArithmeticError"):
        empty_graph.execute_write(work, "区财政局")

    assert empty_graph.read("MATCH (n) RETURN count(n) AS n").single_value() == 0


def test_every_query_has_a_timeout(neo4j_settings: Settings) -> None:
    with connect(neo4j_settings.model_copy(update={"query_timeout": 0.5})) as graph:
        started = time.monotonic()
        with pytest.raises(QueryTimedOut, match="POLICYKG_QUERY_TIMEOUT") as error:
            graph.read(SLOW_QUERY)
        with pytest.raises(QueryTimedOut):
            graph.read(SLOW_QUERY, timeout=0.2)  # a per-call timeout overrides the setting

    assert time.monotonic() - started < 10
    assert error.value.query == SLOW_QUERY


IN_TRANSACTIONS = "UNWIND range(1, 25) AS x CALL (x) { CREATE (:Department {name: 'd' + x}) } IN TRANSACTIONS OF 10 ROWS"


def test_in_transactions_runs_auto_commit(empty_graph: Database) -> None:
    with pytest.raises(QueryFailed) as managed:
        empty_graph.write(IN_TRANSACTIONS)  # a managed transaction cannot commit transactions of its own
    written = empty_graph.write_auto_commit(IN_TRANSACTIONS)

    assert managed.value.code == "Neo.DatabaseError.Transaction.TransactionStartFailed"
    assert written.counters["nodes_created"] == 25
    assert empty_graph.read("MATCH (d:Department) RETURN count(d) AS n").single_value() == 25


def test_auto_commit_errors_are_translated(empty_graph: Database) -> None:
    with pytest.raises(QueryFailed, match="SyntaxError") as syntax:
        empty_graph.write_auto_commit("MATCH (n) CALL (n) { DETACH DELETE } IN TRANSACTIONS", {"x": 1})
    with pytest.raises(QueryFailed, match="ArithmeticError") as refused:
        empty_graph.write_auto_commit(
            "UNWIND [1, 0] AS x CALL (x) { CREATE (:Department {name: toString(1 / x)}) } IN TRANSACTIONS OF 1 ROW")

    assert (syntax.value.query, syntax.value.parameters, syntax.value.code) == (
        "MATCH (n) CALL (n) { DETACH DELETE } IN TRANSACTIONS", {"x": 1}, "Neo.ClientError.Statement.SyntaxError")
    assert refused.value.code == "Neo.ClientError.Statement.ArithmeticError"
    # the inner transaction before the failing one stays committed: auto-commit is not all or nothing
    assert empty_graph.read("MATCH (d:Department) RETURN d.name AS name").records == [{"name": "1"}]


def test_auto_commit_has_the_timeout(neo4j_settings: Settings) -> None:
    slow = f"CALL () {{ {SLOW_QUERY} }} IN TRANSACTIONS RETURN n"
    with connect(neo4j_settings.model_copy(update={"query_timeout": 0.5})) as graph:
        with pytest.raises(QueryTimedOut, match="POLICYKG_QUERY_TIMEOUT") as error:
            graph.write_auto_commit(slow)
        with pytest.raises(QueryTimedOut):
            graph.write_auto_commit(slow, timeout=0.2)  # a per-call timeout overrides the setting

    assert error.value.query == slow


def test_health_reports_version_and_edition(graph: Database, neo4j_server: TestNeo4j) -> None:
    report = graph.health()

    assert report.ok and report.reachable
    assert report.edition == "community"
    assert report.uri == neo4j_server.uri
    if neo4j_server.managed:
        assert report.version == neo4j_version()


def test_unreachable_server(tmp_path: Path) -> None:
    nowhere = Settings(neo4j_uri=f"bolt://127.0.0.1:{free_port()}")
    with connect(nowhere) as graph:
        report = graph.health()
        with pytest.raises(ServerUnavailable, match="check that the server runs and NEO4J_URI"):
            graph.verify()

    assert not report.reachable and not report.ok
    assert "does not answer" in (report.error or "")


def test_credentials_in_the_uri_are_refused_without_echoing_them() -> None:
    with pytest.raises(GraphError) as error:
        connect(Settings(neo4j_uri="bolt://neo4j:secret@127.0.0.1:7687"))

    assert "cannot connect to bolt://127.0.0.1:7687" in str(error.value)
    assert "secret" not in str(error.value)


def test_managed_server_not_started(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path, bolt_port=free_port(), auth=False)
    with connect(settings) as graph:
        report = graph.health()

    assert not report.reachable
    assert "policykg neo4j start" in (report.error or "")


# --- credentials -----------------------------------------------------------------------


def test_wrong_password_is_auth_failed_with_the_fix(auth_server: ManagedServer) -> None:
    uri = f"bolt://127.0.0.1:{auth_server.bolt_port}"
    with connect(Settings(neo4j_uri=uri, neo4j_password="not-the-password")) as graph:
        with pytest.raises(AuthFailed) as error:
            graph.read("RETURN 1")
        report = graph.health()

    assert f"Neo4j at {uri} refused user 'neo4j'" in str(error.value)
    assert "set NEO4J_USER and NEO4J_PASSWORD" in str(error.value)
    assert report.reachable and not report.ok
    assert "refused" in (report.error or "")


def test_wrong_managed_password_points_at_the_password_file(
    auth_server: ManagedServer, tmp_path: Path
) -> None:
    # A copy of the state dir whose password file does not belong to the database.
    state = tmp_path / "state"
    state.mkdir()
    (state / "server.json").write_text(auth_server.record_file.read_text())
    (state / "neo4j-password").write_text("stale-password\n")

    with connect(Settings(state_dir=state)) as graph, pytest.raises(AuthFailed) as error:
        graph.verify()

    assert f"the password in {state}/neo4j-password does not match" in str(error.value)


# --- an external server ----------------------------------------------------------------


def test_external_uri_starts_nothing(
    neo4j_server: TestNeo4j, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    env = {"NEO4J_URI": neo4j_server.uri, "POLICYKG_STATE_DIR": str(state)}
    if neo4j_server.settings.neo4j_password is not None:
        env |= {
            "NEO4J_USER": neo4j_server.settings.neo4j_user,
            "NEO4J_PASSWORD": neo4j_server.settings.neo4j_password,
        }
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    settings = Settings()
    assert not settings.managed
    assert ensure_running(settings) is None
    with connect(settings) as graph:
        assert graph.health().ok

    cli = [sys.executable, "-m", "policykg"]
    start = subprocess.run([*cli, "neo4j", "start"], env=os.environ, capture_output=True, text=True, check=False)
    health = subprocess.run([*cli, "health"], env=os.environ, capture_output=True, text=True, check=False)

    assert start.returncode == 0, start.stderr
    assert "policykg manages no server" in start.stdout
    assert health.returncode == 0, health.stderr
    assert json.loads(health.stdout)["ok"] is True
    assert not state.exists()


# --- one implementation for asyncio and the rest -------------------------------------------


def test_synchronous_connection_is_generated_from_the_asynchronous_one() -> None:
    text = unasync.DRIVER.read_text(encoding="utf-8")

    assert unasync.generated(text) == text, "graph/driver.py's synchronous section is stale; run python -m graph.unasync"
    assert unasync.main(["--check"]) == 0


def test_unasync_removes_asyncio_and_keeps_the_logic() -> None:
    code = (
        "async def read(self, work: Callable[..., Awaitable[T]]) -> AsyncDatabase:\n"
        "    async with self._session(mode) as session:\n"
        "        rows = [r async for r in await session.run(q)]\n"
        "    return neo4j.AsyncGraphDatabase.driver(uri)  # connect_async, __aenter__\n"
    )

    assert unasync.unasync(code) == (
        "def read(self, work: Callable[..., T]) -> Database:\n"
        "    with self._session(mode) as session:\n"
        "        rows = [r for r in session.run(q)]\n"
        "    return neo4j.GraphDatabase.driver(uri)  # connect, __enter__\n"
    )


def test_asynchronous_connection_reads_writes_and_translates_errors(neo4j_settings: Settings, empty_graph) -> None:
    async def scenario() -> tuple:
        async with connect_async(neo4j_settings) as graph:
            written = await graph.write("CREATE (d:Department {name: $name}) RETURN d.name AS name", {"name": "区民政局"})
            found = await graph.read("MATCH (d:Department) RETURN d.name AS name")
            with pytest.raises(QueryFailed) as refused:
                await graph.read("CREATE (:Department {name: 'x'})")
            with pytest.raises(QueryFailed) as failed:
                await graph.read("RETURN $x +", {"x": 1})
            return written, found, refused.value, failed.value, await graph.health()

    # a loop of its own thread: the browser tests' sync Playwright may hold one in the main thread
    with ThreadPoolExecutor(1) as pool:
        written, found, refused, failed, report = pool.submit(asyncio.run, scenario()).result()

    assert written.counters == {"labels_added": 1, "nodes_created": 1, "properties_set": 1}
    assert list(found) == [{"name": "区民政局"}]
    assert refused.code == "Neo.ClientError.Statement.AccessMode"
    assert (failed.query, failed.parameters, failed.code) == (
        "RETURN $x +", {"x": 1}, "Neo.ClientError.Statement.SyntaxError")
    assert report.ok and report.edition == "community"


# --- a read failing for a passing reason is tried again ------------------------------------

#: What a transaction of :func:`small_memory_uri`'s server may hold (db.memory.transaction.max).
SMALL_MEMORY = "4m"
#: A read collecting ``d.number`` integers: a million need more than 4 MiB, a thousand do not.
COLLECT = "MATCH (d:Department {name: 'size'}) UNWIND range(1, d.number) AS x WITH collect(x) AS xs RETURN size(xs) AS n"


@pytest.fixture(scope="module")
def small_memory_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A managed server of its own whose transactions may hold only ``SMALL_MEMORY``."""
    server = managed_server(tmp_path_factory.mktemp("neo4j-small-memory"), auth=False,
                            transaction_memory=SMALL_MEMORY)
    info = server.start()
    try:
        yield info.uri
    finally:
        server.stop()


def test_a_read_failing_with_a_transient_error_is_tried_again(
    small_memory_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's own transient error: a read over the transaction memory limit fails with
    Neo.TransientError.General.MemoryPoolOutOfMemoryError, which the server says may be retried.
    Neither the server nor the driver is mocked: the only hook, on ``Database._session`` (which
    every attempt of ``read`` opens), changes the graph with a real write before the second
    attempt, so that the read fits the second time; without the retry it fails.

    Other errors a single Community server gives a read are no such test: a read takes no
    locks (no deadlock, no lock timeout); a transaction ended by ``TERMINATE TRANSACTIONS``
    fails with Neo.ClientError.Transaction.Terminated, not retryable; a pooled connection
    closed by ``dbms.killConnections`` is replaced by the driver before the read uses it."""
    with connect(Settings(neo4j_uri=small_memory_uri)) as graph, \
            neo4j.GraphDatabase.driver(small_memory_uri, auth=None) as other:
        graph.write("CREATE (:Department {name: 'size', number: 1000000})")
        with pytest.raises(QueryFailed, match="db.memory.transaction.max") as over:
            graph.read(COLLECT)  # over the limit at both attempts

        opened: list[str] = []
        session = Database._session

        def counted(self: Database, mode: str) -> neo4j.Session:
            opened.append(mode)
            if len(opened) == 2:  # the retry: the read fits now
                other.execute_query("MATCH (d:Department {name: 'size'}) SET d.number = 1000")
            return session(self, mode)

        monkeypatch.setattr(Database, "_session", counted)
        answered = graph.read(COLLECT)

    assert over.value.code == "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
    assert isinstance(over.value.__cause__, neo4j.exceptions.TransientError)
    assert over.value.__cause__.is_retryable()
    assert answered.records == [{"n": 1000}]
    assert opened == [neo4j.READ_ACCESS, neo4j.READ_ACCESS]
