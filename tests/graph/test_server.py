"""The managed Neo4j: start, reuse, status, stop, auth, and each fault with its message."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.config import Settings
from graph.driver import Database, connect
from graph.errors import (
    AuthFailed,
    GraphError,
    PortInUse,
    PrerequisiteMissing,
    ServerExitedDuringStart,
    StaleState,
    StartTimeout,
)
from graph.server import ManagedServer, bolt_answers, neo4j_version, read_record
from tests.conftest import TestNeo4j
from tests.helpers import JAR_CACHE, free_port, managed_server

pytestmark = pytest.mark.neo4j


@pytest.fixture
def session_server(neo4j_server: TestNeo4j) -> ManagedServer:
    if neo4j_server.managed is None:
        pytest.skip("the run uses an external Neo4j (POLICYKG_TEST_NEO4J_URI)")
    return neo4j_server.managed


def _java_processes_of(state_dir: Path) -> list[int]:
    """Pids of live processes started with ``--home-dir=<state_dir>``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if f"--home-dir={state_dir.resolve()}".encode() in args and state != "Z":
            found.append(int(entry.name))
    return found


def _policykg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policykg", *args],
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


# --- the session's server --------------------------------------------------------------


def test_status_reports_the_running_server(session_server: ManagedServer) -> None:
    status = session_server.status()

    assert status.running and status.answering
    assert status.info is not None
    assert status.info.bolt_port == session_server.bolt_port
    assert status.info.version == neo4j_version()
    assert status.info.uri == f"bolt://127.0.0.1:{session_server.bolt_port}"
    assert _java_processes_of(session_server.state_dir) == [status.info.pid]


def test_second_start_reuses_the_running_server(session_server: ManagedServer) -> None:
    first = session_server.status().info
    assert first is not None

    again = ManagedServer(
        session_server.state_dir,
        session_server.bolt_port,
        session_server.http_port,
        auth=False,
        cache_dir=JAR_CACHE,
    ).start()

    assert again.pid == first.pid
    assert _java_processes_of(session_server.state_dir) == [first.pid]


def test_log_tail_shows_neo4j_started(session_server: ManagedServer) -> None:
    tail = session_server.log_tail(200)
    assert f"Neo4j {neo4j_version()}" in tail
    assert "Started." in tail
    assert len(session_server.log_tail(3).splitlines()) == 3


def test_cli_status_and_logs(session_server: ManagedServer) -> None:
    env = {"POLICYKG_STATE_DIR": str(session_server.state_dir)}

    status = _policykg("neo4j", "status", "--json", env=env)
    logs = _policykg("neo4j", "logs", "--lines", "4", env=env)

    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["pid"] == session_server.status().info.pid  # type: ignore[union-attr]
    assert logs.returncode == 0, logs.stderr
    assert len(logs.stdout.splitlines()) == 4


def test_cli_status_of_a_stopped_server_exits_1(tmp_path: Path) -> None:
    result = _policykg("neo4j", "status", env={"POLICYKG_STATE_DIR": str(tmp_path)})

    assert result.returncode == 1
    assert "not running" in result.stdout


# --- a full life: stale record, start, stop --------------------------------------------


def test_stale_record_is_cleaned_then_start_and_stop(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = managed_server(tmp_path / "state", auth=False)
    server.state_dir.mkdir(parents=True)
    dead = subprocess.Popen(["true"])
    dead.wait()
    server.record_file.write_text(
        json.dumps(
            {
                "pid": dead.pid,
                "bolt_port": server.bolt_port,
                "http_port": server.http_port,
                "auth": False,
                "version": neo4j_version(),
                "state_dir": str(server.state_dir),
                "started_at": "2022-06-30T00:00:00+00:00",
            }
        )
    )

    caplog.set_level("INFO", logger="graph.server")
    info = server.start()
    try:
        assert info.pid != dead.pid
        assert f"Removing stale {server.record_file}" in caplog.text
        assert read_record(server.state_dir) == info
        assert bolt_answers(server.bolt_port)
        assert server.status().running
    finally:
        stopped = server.stop()

    assert stopped == info
    assert not server.record_file.exists()
    assert _java_processes_of(server.state_dir) == []
    assert not bolt_answers(server.bolt_port)
    assert not server.status().running
    assert server.stop() is None

    # The database now exists without a password file: auth cannot be switched on silently.
    with pytest.raises(StaleState, match="neo4j-password is missing"):
        ManagedServer(server.state_dir, free_port(), free_port(), auth=True, cache_dir=JAR_CACHE).start()


# --- faults ----------------------------------------------------------------------------


def test_java_missing_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    server = managed_server(tmp_path / "state", auth=False)

    with pytest.raises(PrerequisiteMissing) as error:
        server.start()

    assert error.value.program == "java"
    assert "apt-get install openjdk-17-jre-headless" in str(error.value)
    assert "set NEO4J_URI" in str(error.value)
    assert not server.record_file.exists()


def test_old_java_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    java = tmp_path / "jdk11" / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text('#!/bin/sh\necho \'openjdk version "11.0.2" 2019-01-15\' >&2\n')
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk11"))

    with pytest.raises(PrerequisiteMissing, match="is Java 11; Neo4j .* needs Java 17"):
        managed_server(tmp_path / "state", auth=False).start()


def test_mvn_missing_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_java = shutil.which("java")
    assert real_java, "these tests need java"
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "java").symlink_to(Path(real_java).resolve())
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    empty_cache = tmp_path / "cache"  # nothing fetched yet, so Maven is needed
    server = ManagedServer(tmp_path / "state", free_port(), free_port(), auth=False, cache_dir=empty_cache)

    with pytest.raises(PrerequisiteMissing) as error:
        server.start()

    assert error.value.program == "mvn"
    assert "apt-get install maven" in str(error.value)
    assert not list(empty_cache.glob("neo4j-*/lib"))


@pytest.mark.parametrize("taken", ["bolt", "http"])
def test_port_in_use_names_port_and_variable(tmp_path: Path, taken: str) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        server = managed_server(tmp_path / "state", auth=False)
        setattr(server, f"{taken}_port", port)

        with pytest.raises(PortInUse) as error:
            server.start()

    assert error.value.port == port
    assert f"127.0.0.1:{port}" in str(error.value)
    assert f"POLICYKG_{taken.upper()}_PORT" in str(error.value)
    assert _java_processes_of(server.state_dir) == []


def test_exit_during_start_shows_the_log_tail(tmp_path: Path) -> None:
    server = managed_server(tmp_path / "state", auth=False, extra_conf={"dbms.no_such_setting": "1"})

    with pytest.raises(ServerExitedDuringStart) as error:
        server.start()

    assert "Neo4j exited with code 1" in str(error.value)
    assert "No declared setting with name: dbms.no_such_setting" in error.value.log_tail
    assert error.value.log_tail in str(error.value)
    assert not server.record_file.exists()
    assert not server.status().running


def test_start_timeout_stops_the_half_started_server(tmp_path: Path) -> None:
    server = managed_server(tmp_path / "state", auth=False, start_timeout=0.5)

    with pytest.raises(StartTimeout, match="POLICYKG_NEO4J_START_TIMEOUT"):
        server.start()

    assert not server.record_file.exists()
    assert _java_processes_of(server.state_dir) == []


def test_cli_error_is_one_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    env = {"PATH": str(tmp_path / "bin"), "JAVA_HOME": "", "POLICYKG_STATE_DIR": str(tmp_path / "state")}

    result = _policykg("neo4j", "start", env=env)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "policykg: java: not found on PATH; install it (Debian: apt-get install "
        "openjdk-17-jre-headless) or set NEO4J_URI to use an existing server"
    ]


# --- auth on, as `make run` runs it ----------------------------------------------------


def test_auth_on_generates_a_private_password(auth_server: ManagedServer) -> None:
    info = auth_server.status().info
    assert info is not None and info.auth

    password_file = auth_server.password_file
    assert password_file.is_file()
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert len(password_file.read_text().strip()) >= 24

    # The app finds the password in the state dir by itself.
    managed = Settings(state_dir=auth_server.state_dir, cache_dir=JAR_CACHE)
    with connect(managed) as graph:
        assert graph.read("RETURN 1 AS x").single_value() == 1

    # Without it the server refuses.
    anonymous = Settings(neo4j_uri=info.uri)
    with connect(anonymous) as graph, pytest.raises(AuthFailed):
        graph.verify()


def test_the_state_dir_and_auth_store_are_private(auth_server: ManagedServer) -> None:
    assert stat.S_IMODE(auth_server.state_dir.stat().st_mode) == 0o700
    auth_files = [p for p in (auth_server.state_dir / "data" / "dbms").glob("auth*") if p.is_file()]
    assert auth_files
    for path in auth_files:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_a_wrong_password_is_auth_failed_every_time(auth_server: ManagedServer) -> None:
    """Neo4j answers repeated wrong logins with a rate-limit error that is not an AuthError;
    both are AuthFailed, naming the fix."""
    info = auth_server.status().info
    assert info is not None
    wrong = Settings(neo4j_uri=info.uri, neo4j_user="neo4j", neo4j_password="wrong", retry_time=0)
    failures = []
    with connect(wrong) as graph:
        for _ in range(6):
            with pytest.raises(GraphError) as caught:
                graph.read("RETURN 1 AS x")
            failures.append(caught.value)
    assert all(isinstance(f, AuthFailed) for f in failures), [f"{type(f).__name__}: {f}" for f in failures]
    assert any("too many" in str(f).lower() for f in failures), [str(f) for f in failures]
    assert all("NEO4J_PASSWORD" in str(f) for f in failures)
    # The server locks the user out for a few seconds: wait it out for the other tests.
    managed = Settings(state_dir=auth_server.state_dir, cache_dir=JAR_CACHE, retry_time=0)
    deadline = time.monotonic() + 60
    with connect(managed) as graph:
        while True:
            try:
                graph.read("RETURN 1 AS x")
                break
            except AuthFailed:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


# --- the server's own limits on a transaction --------------------------------------------

BUSY = "UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 100 RETURN count(x) AS n"
RUNNING = ("SHOW TRANSACTIONS YIELD currentQuery, status "
           "WHERE currentQuery CONTAINS 'range(1, 200000000)' AND NOT currentQuery CONTAINS 'SHOW' RETURN status")


def test_the_conf_sets_the_server_side_transaction_limits(tmp_path: Path) -> None:
    server = managed_server(tmp_path, auth=False, transaction_timeout=12, transaction_memory="64m")
    server._write_conf()
    conf = (server.conf_dir / "neo4j.conf").read_text()
    assert "db.transaction.timeout=12s" in conf
    assert "db.memory.transaction.max=64m" in conf
    settings = Settings(state_dir=tmp_path, query_timeout=45, transaction_memory="100m")
    made = ManagedServer.from_settings(settings)
    assert (made.transaction_timeout, made.transaction_memory) == (45, "100m")


def test_a_query_past_the_server_timeout_stops_consuming(tmp_path: Path) -> None:
    """Without the driver's timeout (a driver of any client), the server ends the query
    itself, and it is gone from SHOW TRANSACTIONS shortly after."""
    server = managed_server(tmp_path, auth=False, transaction_timeout=2)
    info = server.start()
    try:
        import neo4j

        with neo4j.GraphDatabase.driver(info.uri, auth=None) as driver:
            started = time.monotonic()
            with pytest.raises(neo4j.exceptions.Neo4jError) as caught:
                with driver.session() as session:
                    session.run(BUSY).consume()
            assert "TransactionTimedOut" in (caught.value.code or ""), caught.value
            assert time.monotonic() - started < 60
            deadline = time.monotonic() + 10
            running = neo4j.Query(RUNNING, timeout=60)  # the server's 2 s would end this one on a loaded machine
            with driver.session() as session:
                while (left := session.run(running).value()) and time.monotonic() < deadline:
                    time.sleep(0.2)
            assert left == []
    finally:
        server.stop()


def test_the_server_sends_no_keep_alive_during_requests(session_server: ManagedServer, graph: Database) -> None:
    # Keep-alive messages during a request come with a hint that makes the Python driver time
    # every socket read of an answer (graph/server.py BOLT_READS); the managed server turns them off.
    conf = (session_server.conf_dir / "neo4j.conf").read_text()
    assert "server.bolt.connection_keep_alive_for_requests=OFF" in conf
    found = graph.read("SHOW SETTINGS YIELD name, value WHERE name = $name RETURN value",
                       {"name": "server.bolt.connection_keep_alive_for_requests"})
    assert [r["value"] for r in found] == ["OFF"]
