"""Fixtures shared by the whole suite: a clean environment and one real Neo4j per run.

- every test runs without the ``NEO4J_*`` / ``POLICYKG_*`` variables of the developer's shell;
- ``neo4j_server`` is the run's Neo4j: a managed one (auth off, free loopback ports,
  throw-away state dir), or the server named by ``POLICYKG_TEST_NEO4J_URI`` (with
  ``POLICYKG_TEST_NEO4J_USER`` / ``_PASSWORD`` / ``_DATABASE``); started on first use;
- ``auth_server`` is a second managed server with auth on, as ``make run`` runs it;
- ``neo4j_settings`` are :class:`graph.config.Settings` pointing at it;
- ``graph`` is a :class:`graph.driver.Database` to it, ``empty_graph`` the same after
  deleting every node (constraints and indexes stay).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from graph.config import Settings
from graph.cypher import DELETE_ALL
from graph.driver import Database, connect
from graph.server import ManagedServer, neo4j_version
from tests.helpers import JAR_CACHE, TEST_PREFIX, managed_server, strip_env

WIPE = DELETE_ALL


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    strip_env(monkeypatch)


@dataclass(frozen=True)
class TestNeo4j:
    """The run's Neo4j: settings to reach it, and the managed server if we started one."""

    __test__ = False

    settings: Settings
    managed: ManagedServer | None
    uri: str


def _external_settings() -> Settings | None:
    uri = os.environ.get(f"{TEST_PREFIX}NEO4J_URI")
    if not uri:
        return None
    with pytest.MonkeyPatch.context() as mp:
        strip_env(mp)
        return Settings(
            neo4j_uri=uri,
            neo4j_user=os.environ.get(f"{TEST_PREFIX}NEO4J_USER", "neo4j"),
            neo4j_password=os.environ.get(f"{TEST_PREFIX}NEO4J_PASSWORD"),
            neo4j_database=os.environ.get(f"{TEST_PREFIX}NEO4J_DATABASE", "neo4j"),
        )


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[TestNeo4j]:
    external = _external_settings()
    if external is not None:
        yield TestNeo4j(external, None, str(external.neo4j_uri))
        return
    state_dir = tmp_path_factory.mktemp("neo4j-state")
    server = managed_server(state_dir, auth=False)
    started = time.monotonic()
    info = server.start()
    pytestconfig.stash[_STARTED] = f"managed Neo4j started in {time.monotonic() - started:.1f} s at {info.uri}"
    with pytest.MonkeyPatch.context() as mp:
        strip_env(mp)
        settings = Settings(
            state_dir=state_dir,
            cache_dir=JAR_CACHE,
            bolt_port=server.bolt_port,
            http_port=server.http_port,
            auth=False,
        )
    try:
        yield TestNeo4j(settings, server, info.uri)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_settings(neo4j_server: TestNeo4j) -> Settings:
    """Settings that reach the run's Neo4j; derive others with ``model_copy(update=...)``."""
    return neo4j_server.settings


@pytest.fixture(scope="session")
def graph(neo4j_settings: Settings) -> Iterator[Database]:
    """A connection to the run's Neo4j, shared by the whole session."""
    with connect(neo4j_settings) as connection:
        yield connection


@pytest.fixture(scope="session")
def auth_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagedServer]:
    """A second managed server with auth on, as `make run` starts it; shared, started on first use."""
    server = managed_server(tmp_path_factory.mktemp("neo4j-auth-state"), auth=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def empty_graph(graph: Database) -> Database:
    """The run's Neo4j with every node deleted; constraints and indexes are kept."""
    graph.write_auto_commit(WIPE)
    return graph


_STARTED = pytest.StashKey[str]()


def pytest_report_header(config: pytest.Config) -> str:
    external = _external_settings()
    if external is not None:
        with connect(external) as connection:
            report = connection.health()
        found = f"Neo4j {report.version} {report.edition}" if report.ok else report.error
        return f"neo4j: {found} at {report.uri} ({TEST_PREFIX}NEO4J_URI)"
    return f"neo4j: managed Neo4j {neo4j_version()} Community, started on first use (jars in {JAR_CACHE})"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    started = config.stash.get(_STARTED, None)
    if started:
        terminalreporter.write_line(f"neo4j: {started}")


@pytest.fixture
def cli(empty_graph: Database, neo4j_server: TestNeo4j, monkeypatch: pytest.MonkeyPatch):
    """Run the ``policykg`` command in-process with NEO4J_URI pointing at the test server."""
    from typer.testing import CliRunner

    from graph.config import get_settings
    from policykg.cli import app

    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    if neo4j_server.settings.neo4j_password:
        monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.settings.neo4j_password)
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, list(args))

    yield run
    get_settings.cache_clear()
