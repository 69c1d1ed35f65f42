"""The `policykg` command's own wiring (commands are tested with what they call)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import TestNeo4j
from tests.helpers import free_port


def _policykg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policykg", *args],
        env=os.environ | (env or {}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_help_lists_the_commands() -> None:
    result = _policykg("--help")

    assert result.returncode == 0
    for command in ("neo4j", "health", "serve"):
        assert command in result.stdout


@pytest.mark.neo4j
def test_serve_with_several_processes(neo4j_server: TestNeo4j, tmp_path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "policykg", "serve", "--port", str(port), "--workers", "2"],
                                env=os.environ | {"NEO4J_URI": neo4j_server.uri}, stdout=subprocess.DEVNULL,
                                stderr=err)
    try:
        started: set[str] = set()
        status = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and (len(started) < 2 or status != 200):
            time.sleep(0.5)
            started = set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code
            except httpx.TransportError:
                status = None
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    text = log.read_text()
    assert "Serving on" in text and "2 processes" in text
    assert len(started) == 2 and status == 200, text[-2000:]


@pytest.mark.neo4j
def test_serve_stops_when_its_load_fails(neo4j_server: TestNeo4j, tmp_path) -> None:
    missing = tmp_path / "missing.txt"

    result = _policykg("serve", "--port", "1", "--load", str(missing), env={"NEO4J_URI": neo4j_server.uri})

    assert result.returncode == 1
    assert str(missing) in result.stderr
    assert "Serving on" not in result.stderr
