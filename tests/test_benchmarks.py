"""Every benchmark module imports: the benchmarks share helpers (``benchmarks.load.corpus``,
``fresh_graph``), and a rewrite of one must not leave another unable to start. Timings are
the benchmarks' own business, never a test's."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

MODULES = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "benchmarks").glob("*.py")
                 if p.stem != "__init__")


def test_the_benchmarks_are_found() -> None:
    assert {"api", "chat", "hostile", "inprocess", "load", "parse"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_each_benchmark_imports(name: str) -> None:
    module = importlib.import_module(f"benchmarks.{name}")
    assert callable(getattr(module, "main", None)), f"benchmarks/{name}.py has no main()"
