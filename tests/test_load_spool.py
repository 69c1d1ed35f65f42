"""`policykg load` keeps what it parsed in a spool (a temporary directory), not in memory: the
parent holds a few facts per document, the spool is gone however the command ends, and the
graph is the one an in-memory load makes (the digest of every node and relationship)."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.config import get_settings
from graph.driver import Database
from graph.registry import Label
from graph.writer import Rows, rows_for, write_documents
from loaders import load_file
from loaders.errors import LoadError
from loaders.model import Document
from loaders.synth import synthesize
from policykg import pipeline
from policykg.cli import app
from tests.graph.test_digest import listing
from tests.helpers import SAMPLE, managed_server, sample_years


@pytest.fixture
def plans(tmp_path: Path) -> list[Path]:
    """Nine synthetic plans (enough for the parse workers) and the sample."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for d in synthesize(9, seed=11):
        (folder / d.filename).write_text(d.text, encoding="utf-8")
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    return sorted(folder.iterdir())


@pytest.fixture
def spools(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The directories of the spools made while the test runs."""
    made: list[Path] = []

    class Recorded(pipeline.Spool):
        def __init__(self, directory: str | Path | None = None) -> None:
            super().__init__(directory)
            made.append(self.path)

    monkeypatch.setattr(pipeline, "Spool", Recorded)
    return made


def _documents() -> int:
    return sum(isinstance(o, Document) for o in gc.get_objects())


@pytest.mark.parametrize("workers", [1, 2])
def test_the_parsed_documents_wait_on_disk_not_in_memory(plans, workers):
    """What parse_all hands back holds no model and no rows: a few hundred bytes and the quality
    report per document, about 20 kB (it held 1.85 MB of each synthetic plan)."""
    load_file(plans[0])  # the loaders' tables (divisions, aliases), made once per process
    gc.collect()
    documents = _documents()
    tracemalloc.start()
    try:
        with pipeline.Spool() as spool:
            parsed = pipeline.parse_all(plans, workers=workers, spool=spool)
            gc.collect()
            held, _ = tracemalloc.get_traced_memory()
            assert _documents() == documents
            assert held < 100_000 * len(plans), f"{held / len(plans):.0f} bytes held per document"
            assert len(list(spool.path.iterdir())) == len(plans)
            assert [p.rows for p in parsed] == [rows_for(load_file(path)[0]) for path in plans]
    finally:
        tracemalloc.stop()
    with pytest.raises(LoadError, match="the spool was closed"):
        parsed[0].rows  # noqa: B018


def test_the_model_is_kept_only_when_asked_for(plans):
    parsed = pipeline.parse_all(plans[:2], documents=True)
    assert [p.document.to_dict() for p in parsed] == [load_file(path)[0].to_dict() for path in plans[:2]]
    rows_only = pipeline.parse_all(plans[:1])
    with pytest.raises(LoadError, match="only its rows were kept"):
        rows_only[0].document  # noqa: B018


def test_a_spool_of_its_own_goes_with_the_results(plans, spools):
    parsed = pipeline.parse_all(plans[:2])
    assert spools and spools[0].exists()
    del parsed
    gc.collect()
    assert not spools[0].exists()


def test_an_interrupted_parse_leaves_no_spool(plans, spools):
    def interrupt(name: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pipeline.parse_all(plans, workers=2, progress=interrupt)
    assert len(spools) == 1 and not spools[0].exists()


def test_a_load_leaves_no_spool(cli, empty_graph, plans, spools):
    result = cli("load", str(plans[0].parent))
    assert result.exit_code == 0, result.output
    assert result.output.count(": loaded ") == len(plans)
    assert len(spools) == 1 and not spools[0].exists()


def test_a_failed_parse_leaves_no_spool(cli, empty_graph, plans, spools):
    plans[1].write_text("这不是一份工作要点。\n", encoding="utf-8")
    result = cli("load", str(plans[0].parent))
    assert result.exit_code == 1
    assert f"1 of {len(plans)} file(s) could not be loaded; nothing was written" in result.output
    assert len(spools) == 1 and not spools[0].exists()


@pytest.mark.neo4j
def test_a_write_cut_short_leaves_no_spool(tmp_path, monkeypatch, spools):
    """Neo4j stops once the first document is in: the load fails naming what was written, and
    the spool, there while it wrote, is gone."""
    import policykg.cli as cli_module

    server = managed_server(tmp_path / "state", auth=False)
    info = server.start()
    try:
        paths = sample_years(tmp_path)
        outcome = cli_module._outcome
        during: list[bool] = []

        def stop_after_first(p, r, d) -> str:
            during.append(all(s.exists() for s in spools))
            server.stop()
            return outcome(p, r, d)

        monkeypatch.setattr(cli_module, "_outcome", stop_after_first)
        monkeypatch.setenv("NEO4J_URI", info.uri)
        monkeypatch.setenv("POLICYKG_CONNECT_TIMEOUT", "3")
        monkeypatch.setenv("POLICYKG_NEO4J_RETRY_TIME", "1")
        get_settings.cache_clear()
        try:
            result = CliRunner().invoke(app, ["load", *map(str, paths)])
        finally:
            get_settings.cache_clear()
        assert result.exit_code == 1
        assert "writing plan-2023.txt failed: " in result.output
        assert "not written: plan-2023.txt, plan-2024.txt" in result.output
        assert during == [True]
        assert len(spools) == 1 and not spools[0].exists()
    finally:
        server.stop()


def _results(results) -> list[tuple]:
    return [(r.document, r.skipped, r.replaced, r.nodes_created, r.relationships_created, r.batch) for r in results]


def test_a_spooled_load_makes_the_graph_an_in_memory_one_makes(empty_graph: Database, plans):
    documents = [load_file(path)[0] for path in plans]
    made = write_documents(empty_graph, documents)
    in_memory = listing(empty_graph)
    empty_graph.write_auto_commit("MATCH (n) DETACH DELETE n")
    with pipeline.Spool() as spool:
        spooled = pipeline.write_all(empty_graph, pipeline.parse_all(plans, workers=2, spool=spool))
    assert listing(empty_graph) == in_memory
    assert _results(spooled) == _results(made)
    assert max(r.batch for r in made) > 1  # documents shared transactions


class _Unread:
    """A loaded document's rows that must not be read: its hash says it is unchanged."""

    def __init__(self, rows: Rows) -> None:
        props = rows[Label.DOCUMENT][0]["props"]
        self.document_id, self.model_hash = props["id"], props["model_hash"]

    def load(self) -> Rows:
        raise AssertionError(f"the rows of {self.document_id} were read")


def test_unchanged_documents_are_skipped_without_reading_their_rows(empty_graph: Database, plans):
    rows = [rows_for(load_file(path)[0]) for path in plans[:3]]
    write_documents(empty_graph, (), rows=rows)
    again = write_documents(empty_graph, (), rows=[_Unread(r) for r in rows])
    assert [r.skipped for r in again] == [True, True, True]
    with pytest.raises(ValueError, match="give each document's own rows, in order"):
        write_documents(empty_graph, (), rows=[_Swapped(rows[1], rows[2])])


class _Swapped:
    def __init__(self, named: Rows, given: Rows) -> None:
        props = named[Label.DOCUMENT][0]["props"]
        self.document_id, self.model_hash, self.given = props["id"], "changed", given

    def load(self) -> Rows:
        return self.given


def test_a_terminated_load_leaves_no_spool(tmp_path: Path) -> None:
    """`kill` (SIGTERM) while the files are parsed: the command exits 143 and its spool is gone."""
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    for d in synthesize(60, seed=5):
        (folder / d.filename).write_text(d.text, encoding="utf-8")
    spool_root = tmp_path / "tmp"
    spool_root.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "POLICYKG_"))}
    # never reaches a server: an unanswering address, a state directory of the test's own
    env |= {"TMPDIR": str(spool_root), "NEO4J_URI": "bolt://127.0.0.1:1",
            "POLICYKG_STATE_DIR": str(tmp_path / "state")}
    proc = subprocess.Popen([sys.executable, "-m", "policykg", "load", str(folder)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            cwd=Path(__file__).resolve().parents[1])
    deadline = time.monotonic() + 60
    while not any(spool_root.glob("policykg-load-*/*.pickle")) and time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
        time.sleep(0.05)
    assert any(spool_root.glob("policykg-load-*")), "no spool appeared"
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 143, out.decode()
    assert list(spool_root.glob("policykg-load-*")) == []


def test_parse_workers_die_of_sigterm_whatever_the_command_handles() -> None:
    """`policykg load` handles SIGTERM in Python to clean up; its parse workers keep the default,
    so that the pool's terminate ends a worker even where a Python handler would never run."""
    import signal

    def handler(signum: int, frame: object) -> None:
        raise AssertionError("not in the test")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        with pipeline._workers(2) as pool:
            seen = pool.map(signal.getsignal, [signal.SIGTERM] * 4)
        assert signal.getsignal(signal.SIGTERM) is handler  # the command's own is back
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == [signal.SIG_DFL] * 4
