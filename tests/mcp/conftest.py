"""The app served by uvicorn on a free loopback port (as `policykg serve` runs it), over the
run's Neo4j holding the sample plan, and a way to talk to its ``/mcp`` with the SDK's client."""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
import pytest
import uvicorn
from mcp import Client

from api import ApiSettings, create_app
from graph.config import Settings
from graph.driver import Database
from tests.api.conftest import sample_document, sample_graph  # noqa: F401  (fixtures)
from tests.helpers import free_port

T = TypeVar("T")


@dataclass(frozen=True)
class Served:
    url: str  # the MCP endpoint
    base: str  # the app


def serve(settings: Settings, **overrides: Any) -> Iterator[Served]:
    """Run the app in a thread until the generator is closed."""
    app = create_app(ApiSettings(**(settings.model_dump() | overrides)))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield Served(f"http://127.0.0.1:{port}/mcp", f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def served(neo4j_settings: Settings) -> Iterator[Served]:
    yield from serve(neo4j_settings)


@pytest.fixture
def mcp_url(served: Served, sample_graph: Database) -> str:  # noqa: F811
    """The /mcp endpoint of the app over the sample plan."""
    return served.url


def run_async(main: Callable[[], Awaitable[T]]) -> T:
    """Run ``main`` in an event loop of its own thread: the browser tests' sync Playwright may
    hold a running loop in the main thread for the whole session."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(anyio.run, main).result()


def with_client(url: str, work: Callable[[Client], Awaitable[T]]) -> T:
    """Open an MCP client session on ``url``, run ``work`` in it, close it."""

    async def main() -> T:
        async with Client(url) as client:
            return await work(client)

    return run_async(main)
