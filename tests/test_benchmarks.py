"""Every benchmark module imports: the benchmarks share helpers (``benchmarks.load.corpus``,
``fresh_graph``), and a rewrite of one must not leave another unable to start. Timings are
the benchmarks' own business, never a test's."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from graph.driver import Database
from tests.conftest import TestNeo4j

MODULES = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "benchmarks").glob("*.py")
                 if p.stem != "__init__")


def test_the_benchmarks_are_found() -> None:
    assert {"api", "chat", "hostile", "inprocess", "load", "parse"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_each_benchmark_imports(name: str) -> None:
    module = importlib.import_module(f"benchmarks.{name}")
    assert callable(getattr(module, "main", None)), f"benchmarks/{name}.py has no main()"


def test_the_second_load_is_other_plans(tmp_path: Path) -> None:
    """`benchmarks.load --second N` loads the N plans that follow the first ones in the same
    seed's sequence: the first ones as files are the same, and the others new district-years."""
    from benchmarks.load import write_corpus
    from loaders import parse_bytes
    from loaders.synth import synthesize

    write_corpus(4, 2026, tmp_path / "first")
    write_corpus(3, 2026, tmp_path / "more", after=4)
    first = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "first").iterdir()}
    more = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "more").iterdir()}
    assert first == {d.filename: d.text for d in synthesize(4, seed=2026)}
    assert len(first) == 4 and len(more) == 3 and not set(first) & set(more)
    longer = synthesize(7, seed=2026)
    assert more == {d.filename: d.text for d in longer[4:]}
    # a plan's id is its district and year: seven plans, seven ids, none a new version of another
    ids = {parse_bytes(d.text.encode("utf-8"), d.filename)[0].id for d in longer}
    assert len(ids) == 7


def test_the_api_benchmark_finds_the_local_neo4j_and_its_cpu(neo4j_server: TestNeo4j, graph: Database) -> None:
    from benchmarks.api import CpuProbe, listening_pid, process_cpu
    from graph.server import read_record

    if neo4j_server.managed is None:
        pytest.skip("the run uses an external Neo4j (POLICYKG_TEST_NEO4J_URI)")
    pid = listening_pid(neo4j_server.uri)
    record = read_record(neo4j_server.managed.state_dir)
    assert record is not None and pid == record.pid
    probe = CpuProbe(None, pid)
    probe.start()
    graph.read("UNWIND range(1, 300000) AS x RETURN sum(x) AS s")
    cpu = probe.stop(1)
    assert set(cpu) == {"client", "neo4j", "all"}  # no server process named
    assert cpu["neo4j"] > 0
    assert process_cpu(None) is None
    assert listening_pid("bolt://127.0.0.1:1") is None
