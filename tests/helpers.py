"""Helpers for tests that start their own Neo4j or need a clean environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.config import default_cache_dir
from graph.server import ManagedServer, free_port

TEST_PREFIX = "POLICYKG_TEST_"
STRIPPED_PREFIXES = ("NEO4J_", "POLICYKG_")

# The cache of Neo4j jars is the developer's own: fetching 140 MB per run would be absurd.
JAR_CACHE = Path(os.environ.get("POLICYKG_CACHE_DIR") or default_cache_dir())


def strip_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove the variables that would point policykg elsewhere."""
    for name in list(os.environ):
        if name.startswith(STRIPPED_PREFIXES) and not name.startswith(TEST_PREFIX):
            monkeypatch.delenv(name)




def managed_server(state_dir: Path, *, auth: bool, **options: object) -> ManagedServer:
    """A throw-away managed server on free ports, sharing the developer's jar cache."""
    return ManagedServer(
        state_dir,
        bolt_port=free_port(),
        http_port=free_port(),
        auth=auth,
        cache_dir=JAR_CACHE,
        heap="512m",
        pagecache="64m",
        stop_timeout=30,
        **options,  # type: ignore[arg-type]
    )


SAMPLE = Path(__file__).resolve().parents[1] / "data" / "fenghua-2022-workpoints.txt"


def sample_years(directory: Path, years: tuple[int, ...] = (2022, 2023, 2024)) -> list[Path]:
    """The sample written once per year (plan-YEAR.txt, its 2022年 changed): plans of one
    district, a document each."""
    paths = []
    for year in years:
        path = directory / f"plan-{year}.txt"
        path.write_bytes(SAMPLE.read_bytes().replace("2022年".encode(), f"{year}年".encode()))
        paths.append(path)
    return paths
