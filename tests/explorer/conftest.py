"""The explorer end to end: the app on a free port over the sample plan, and Debian's Chromium.

- ``explorer_graph`` empties the run's Neo4j and loads the sample (once per module);
- ``app_url`` serves ``create_app`` with uvicorn in a thread, on a free loopback port;
- ``browser`` is ``/usr/bin/chromium`` driven by Playwright (never a browser of its own); the
  tests are skipped, saying so, only when it is not installed (``make test`` installs it);
- ``page`` is a fresh browser context per test that refuses, and records, any request that
  leaves the machine, and records page errors; both must stay empty.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from api import ApiSettings, create_app
from api.explorer import missing_packages
from graph.config import Settings
from graph.cypher import DELETE_ALL
from graph.driver import Database
from graph.schema import ensure_schema
from policykg.pipeline import parse_all, write_all
from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "fenghua-2022-workpoints.txt"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# As root in a container Chromium needs --no-sandbox; the rest keep it off this machine's
# closed network (no component updates, sync or background fetches).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIPE = DELETE_ALL
READY = "document.body.dataset.state === 'ready'"


def _skip_reason() -> str | None:
    if not CHROMIUM.is_file():
        return (f"{CHROMIUM} is not installed and could not be installed here; "
                "`make test` installs it (apt-get install chromium)")
    missing = missing_packages()
    if missing:
        return f"the explorer's npm packages are missing ({', '.join(missing)}); run make setup"
    return None


@pytest.fixture(scope="module")
def explorer_graph(graph: Database) -> Database:
    """The run's Neo4j holding exactly the sample plan, its full-text index caught up."""
    graph.write_auto_commit(WIPE)
    ensure_schema(graph)
    write_all(graph, parse_all([SAMPLE]))  # returns once the full-text index holds it
    return graph


@pytest.fixture(scope="module")
def app_url(neo4j_settings: Settings, explorer_graph: Database) -> Iterator[str]:
    """The app, served by uvicorn in a thread on a free port, as `make run` serves it."""
    port = free_port()
    app = create_app(ApiSettings(**neo4j_settings.model_dump()))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="explorer-app", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the app did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = _skip_reason()
    if reason and os.environ.get("POLICYKG_REQUIRE_BROWSER"):
        pytest.fail(f"the browser tests cannot run: {reason}")  # CI sets it: no silent skip there
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Watch:
    """What a page did that it must not: requests off the machine, script errors."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(browser: Any, app_url: str, watch: Watch) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True,
                                  base_url=app_url)

    def route(route: Any) -> None:
        if route.request.url.startswith(app_url) or route.request.url.startswith(("blob:", "data:")):
            route.continue_()
        else:
            watch.external.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("console", lambda message: watch.errors.append(message.text) if message.type == "error" else None)
    try:
        yield page
    finally:
        context.close()
    assert watch.external == [], "the page asked for files off this machine"
    assert watch.errors == [], "the page reported errors"
