"""GraphQL while Neo4j is unreachable, and afterwards: a clear error, then answers again
without a restart of the API.

Neo4j is cut off by a small TCP relay between the API and the run's server: stopping the
relay drops every connection and refuses new ones, as a stopped server would; starting it
again on the same port is Neo4j coming back.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from graph.config import Settings
from graph.driver import resolve_target
from tests.api.conftest import api_client, post
from tests.helpers import free_port

pytestmark = pytest.mark.neo4j

QUERY = '{ department(name: "区发改局") { name leadCount } }'


class Relay:
    """Forwards 127.0.0.1:<port> to Neo4j's Bolt address until stopped."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self._server: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen()
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        if self._server is not None:
            try:
                self._server.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
            except OSError:
                pass
            self._server.close()
            self._server = None
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


@pytest.fixture
def relay(neo4j_settings: Settings) -> Iterator[Relay]:
    target = urlsplit(resolve_target(neo4j_settings).uri)
    relay = Relay((target.hostname or "127.0.0.1", target.port or 7687))
    relay.start()
    try:
        yield relay
    finally:
        relay.stop()


@pytest.fixture
def client(relay: Relay, neo4j_settings: Settings, sample_graph) -> Iterator[TestClient]:
    with api_client(
        neo4j_settings, neo4j_uri=f"bolt://127.0.0.1:{relay.port}",
        neo4j_password=resolve_target(neo4j_settings).password, connect_timeout=2.0,
    ) as client:
        yield client


def test_graphql_error_while_neo4j_is_down_then_recovery(client: TestClient, relay: Relay) -> None:
    assert post(client, QUERY) == {"data": {"department": {"name": "区发改局", "leadCount": 29}}}

    relay.stop()
    started = time.monotonic()
    down = post(client, QUERY)
    waited = time.monotonic() - started
    assert down["data"] == {"department": None}
    (error,) = down["errors"]
    assert error["extensions"] == {"code": "NEO4J_UNAVAILABLE", "status": 503}
    assert error["message"].startswith(f"Neo4j does not answer at bolt://127.0.0.1:{relay.port}")
    assert client.get("/health").status_code == 503
    # A request fails fast while Neo4j is down (about 3 s here: the refused connection, the
    # 2 s connection timeout, the driver's retries within the API's 2 s window).
    assert waited < 12

    relay.start()
    deadline = time.monotonic() + 30
    while True:
        back = post(client, QUERY)
        if "errors" not in back or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert back == {"data": {"department": {"name": "区发改局", "leadCount": 29}}}
    assert client.get("/health").json()["ok"] is True
