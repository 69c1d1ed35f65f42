"""docker-compose.yml is valid and wired as the README says (checked without a Docker engine)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> list[str] | None:
    """`docker compose` (v2 plugin) or `docker-compose` (v1), whichever is installed."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


@pytest.fixture(scope="module")
def config() -> dict:
    compose = _compose()
    if compose is None:
        pytest.skip("no docker compose client installed")
    result = subprocess.run(
        [*compose, "--env-file", str(ROOT / ".env.example"), "-f", str(ROOT / "docker-compose.yml"), "config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_neo4j_service(config: dict) -> None:
    neo4j = config["services"]["neo4j"]
    example_password = next(
        line.split("=", 1)[1] for line in (ROOT / ".env.example").read_text().splitlines()
        if line.startswith("NEO4J_PASSWORD=")
    )

    assert neo4j["image"] == "neo4j:5.26-community"
    assert neo4j["environment"]["NEO4J_AUTH"] == f"neo4j/{example_password}"
    assert "healthcheck" in neo4j
    volume = neo4j["volumes"][0]
    source = volume["source"] if isinstance(volume, dict) else volume.split(":")[0]
    assert source in config["volumes"]


def test_api_waits_for_a_healthy_neo4j(config: dict) -> None:
    api = config["services"]["api"]

    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert "build" in api
    assert (ROOT / "Dockerfile").is_file()
