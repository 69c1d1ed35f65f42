"""The bulk first load and the batched transactional one make the graph the per-document writer makes.

A small corpus (the sample, four synthetic plans of the template layout and one of the
numbered-items layout) is written document by document, then several documents to a
transaction, then through ``neo4j-admin database import`` into a managed server of its own;
the three graphs are listed node by node and relationship by relationship (the listing of
``test_digest.py``: labels, every property, relationship ids from type, ends and properties)
and must be the same. The bulk import is fed as ``policykg load --bulk`` feeds it: a generator,
each document's rows folded into the CSV files as they come.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.bulk import REMOTE, BulkRefused, bulk_load
from graph.config import Settings, default_cache_dir
from graph.cypher import DELETE_ALL
from graph.driver import Database, connect
from graph.errors import GraphError
from graph.server import ManagedServer, free_port
from graph.writer import counts, rows_for, write_document, write_documents
from loaders import load_file, parse_bytes
from loaders.errors import LoadError
from loaders.synth import synthesize, synthesize_numbered
from policykg.pipeline import parse_all, parse_each

from .test_digest import listing

pytestmark = pytest.mark.neo4j

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "fenghua-2022-workpoints.txt"


@pytest.fixture(scope="module")
def corpus():
    docs = [load_file(SAMPLE)[0]]
    docs += [parse_bytes(d.text.encode("utf-8"), d.filename)[0] for d in synthesize(4, seed=11)]
    docs += [parse_bytes(d.text.encode("utf-8"), d.filename, allow_partial=True)[0]
             for d in synthesize_numbered(1, seed=11)]
    return docs


@pytest.fixture(scope="module")
def one_by_one(graph: Database, corpus) -> list[str]:
    _wipe(graph)
    for doc in corpus:
        write_document(graph, doc)
    listed = listing(graph)
    _wipe(graph)
    return listed


def _wipe(conn: Database) -> None:
    conn.write_auto_commit(DELETE_ALL)


def test_documents_sharing_a_transaction_make_the_same_graph(empty_graph: Database, corpus, one_by_one) -> None:
    results = write_documents(empty_graph, corpus, batch_rows=10**9)
    # one document, then two, then the three left (four would fit)
    assert [r.batch for r in results] == [1, 2, 2, 3, 3, 3]
    assert [r.document for r in results] == [d.id for d in corpus]
    assert listing(empty_graph) == one_by_one
    again = write_documents(empty_graph, corpus, batch_rows=10**9)
    assert all(r.skipped for r in again)


def test_a_failing_transaction_is_retried_document_by_document(empty_graph: Database, corpus) -> None:
    rows = [rows_for(d) for d in corpus[:4]]
    # the third document's task holds a value Neo4j cannot store: a list of maps
    rows[2][next(k for k in rows[2] if k.value == "Task")][0]["props"]["units"] = [{"a": 1}]
    heard: list[tuple[int, str, int]] = []
    with pytest.raises(GraphError):
        write_documents(empty_graph, corpus[:4], rows=rows, batch_rows=10**9,
                        committed=lambda i, r: heard.append((i, r.document, r.batch)))
    # the first alone; the second and third shared a transaction that failed: the second went
    # in alone after it, the third failed alone and the fourth was not written
    assert heard == [(0, corpus[0].id, 1), (1, corpus[1].id, 1)]
    loaded = {r["id"] for r in empty_graph.read("MATCH (d:Document) RETURN d.id AS id")}
    assert loaded == {corpus[0].id, corpus[1].id}


def test_bulk_import_makes_the_same_graph(tmp_path: Path, corpus, one_by_one) -> None:
    settings = Settings(state_dir=tmp_path / "state", bolt_port=free_port(), http_port=free_port(), auth=False,
                        cache_dir=default_cache_dir(), heap="512m", pagecache="128m")
    server = ManagedServer.from_settings(settings)
    work = tmp_path / "csv"
    work.mkdir()
    try:
        result = bulk_load(settings, (rows_for(d) for d in corpus), work)
        with connect(settings) as conn:
            imported = listing(conn)
            assert imported == one_by_one, sorted(set(imported) ^ set(one_by_one))[:10]
            assert counts(conn) == (result.nodes, result.relationships)
            # the schema is in place: the full-text index finds a task
            hit = conn.read("CALL db.index.fulltext.queryNodes('search', '直播基地') YIELD node RETURN count(*) AS n")
            assert hit.first()["n"] > 0
        with pytest.raises(BulkRefused, match="already holds"):
            bulk_load(settings, [rows_for(corpus[0])], work)
    finally:
        if settings.state_dir.exists():
            server.stop()


def test_a_file_that_fails_to_parse_mid_stream_means_nothing_imported(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    for d in synthesize(2, seed=5):
        (plans / d.filename).write_text(d.text, encoding="utf-8")
    (plans / "zz-not-a-plan.txt").write_text("这不是工作要点。", encoding="utf-8")
    settings = Settings(state_dir=tmp_path / "state", bolt_port=free_port(), http_port=free_port(), auth=False,
                        cache_dir=default_cache_dir(), heap="512m", pagecache="128m")
    work = tmp_path / "csv"
    work.mkdir()
    folded: list[str] = []

    def rows():
        for p in parse_each(sorted(plans.iterdir()), workers=1):
            folded.append(p.path.name)
            yield p.rows

    with pytest.raises(LoadError, match=r"1 of 3 file\(s\) could not be loaded; nothing was written"):
        bulk_load(settings, rows(), work)
    # both good plans were folded before the bad one was reached; nothing was imported
    assert len(folded) == 2
    assert not (settings.state_dir / "data" / "databases" / settings.neo4j_database).exists()


def test_two_documents_owning_one_node_are_refused(tmp_path: Path, corpus) -> None:
    settings = Settings(state_dir=tmp_path / "state", bolt_port=free_port(), http_port=free_port(), auth=False,
                        cache_dir=default_cache_dir(), heap="512m", pagecache="128m")
    rows = rows_for(corpus[1])
    with pytest.raises(ValueError, match="is written by two documents"):
        bulk_load(settings, iter([rows, rows]), tmp_path)
    assert not (settings.state_dir / "data" / "databases" / settings.neo4j_database).exists()


def test_bulk_import_refuses_a_remote_server(tmp_path: Path) -> None:
    with pytest.raises(BulkRefused, match=REMOTE):
        bulk_load(Settings(neo4j_uri="bolt://example.org:7687"), [], tmp_path)


def test_load_bulk_refuses_neo4j_uri(cli) -> None:
    result = cli("load", "--bulk", str(SAMPLE))
    assert result.exit_code == 1
    assert REMOTE in result.output


def test_parse_workers_give_what_one_process_gives(tmp_path: Path) -> None:
    for d in synthesize(9, seed=3):
        (tmp_path / d.filename).write_text(d.text, encoding="utf-8")
    files = sorted(tmp_path.iterdir())
    pooled = parse_all(files, workers=2, documents=True)
    alone = parse_all(files, workers=1, documents=True)
    streamed = list(parse_each(files, workers=2))
    assert [p.path for p in pooled] == [p.path for p in streamed] == files
    assert [p.rows for p in streamed] == [p.rows for p in alone]
    assert [p.document.to_dict() for p in pooled] == [p.document.to_dict() for p in alone]
    assert [p.rows for p in pooled] == [p.rows for p in alone] == [rows_for(p.document) for p in alone]


@pytest.fixture
def managed_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``policykg`` in-process with its own managed server's state in ``tmp_path/state`` (no NEO4J_URI)."""
    from typer.testing import CliRunner

    from graph.config import get_settings
    from policykg.cli import app

    monkeypatch.delenv("NEO4J_URI", raising=False)
    for name, value in {"POLICYKG_STATE_DIR": str(tmp_path / "state"), "POLICYKG_BOLT_PORT": str(free_port()),
                        "POLICYKG_HTTP_PORT": str(free_port()), "POLICYKG_NEO4J_AUTH": "false",
                        "POLICYKG_NEO4J_HEAP": "512m", "POLICYKG_NEO4J_PAGECACHE": "128m"}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, list(args))
    settings = get_settings()
    if settings.state_dir.exists():
        ManagedServer.from_settings(settings).stop()
    get_settings.cache_clear()


def test_load_bulk_streams_the_files_into_the_managed_database(tmp_path: Path, managed_cli) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    docs = synthesize(3, seed=8)
    for d in docs:
        (plans / d.filename).write_text(d.text, encoding="utf-8")
    (plans / "zz-not-a-plan.txt").write_text("这不是工作要点。", encoding="utf-8")
    refused = managed_cli("load", "--bulk", str(plans))
    assert refused.exit_code == 1
    assert "1 of 4 file(s) could not be loaded; nothing was written" in refused.output
    assert not (tmp_path / "state" / "data" / "databases" / "neo4j").exists()
    (plans / "zz-not-a-plan.txt").unlink()
    result = managed_cli("load", "--bulk", str(plans))
    assert result.exit_code == 0, result.output
    expected = [parse_bytes(d.text.encode("utf-8"), d.filename)[0] for d in sorted(docs, key=lambda d: d.filename)]
    for doc in expected:
        assert f"loaded {doc.id} (bulk import): {len(doc.tasks)} tasks" in result.output
    assert "bulk import of 3 document(s)" in result.output
    from graph.config import get_settings

    with connect(get_settings()) as conn:
        loaded = {r["id"] for r in conn.read("MATCH (d:Document) RETURN d.id AS id")}
    assert loaded == {d.id for d in expected}
