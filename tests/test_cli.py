"""The `policykg` command's own wiring (commands are tested with what they call)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import TestNeo4j


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
def test_serve_stops_when_its_load_fails(neo4j_server: TestNeo4j, tmp_path) -> None:
    missing = tmp_path / "missing.txt"

    result = _policykg("serve", "--port", "1", "--load", str(missing), env={"NEO4J_URI": neo4j_server.uri})

    assert result.returncode == 1
    assert str(missing) in result.stderr
    assert "Serving on" not in result.stderr
