"""Ten thousand plans: build the graph once with the bulk import, serve it, PROFILE its questions.

    .venv/bin/python -m benchmarks.scale build --plans 10000 --state /work/tenk-data   # parse, import, schema
    .venv/bin/python -m benchmarks.scale serve --state /work/tenk-data                 # prints NEO4J_URI=…
    .venv/bin/python -m benchmarks.scale profile --uri bolt://127.0.0.1:PORT           # PROFILE each question
    .venv/bin/python -m benchmarks.scale stop --state /work/tenk-data
    .venv/bin/python -m benchmarks.scale memory --plans 1000 --state /tmp/mem --before ../base   # peak RSS

``build`` writes ``loaders.synth.synthesize(N, seed=2026)`` as files under the state directory
(``plans-N/``, kept) and loads them the way ``policykg load --bulk`` does (``pipeline.parse_each``
into ``graph.bulk.bulk_load``: each document folded into CSV as it is parsed) into a managed
server whose store is kept in the state directory (heap and page cache: ``--heap`` /
``--pagecache``, default 4g and 8g, sized for a 24 GB machine; the server reads the same
``POLICYKG_NEO4J_HEAP`` / ``POLICYKG_NEO4J_PAGECACHE`` when started as ``policykg serve``). It
reports parse + CSV, import, restart + index build, the store's size on disk and the peak
resident memory of the loading process and of its largest child (a parse worker, or the
import tool's JVM, whichever peaked higher).

``memory`` measures the peak resident memory of the bulk load's Python side (parse, fold,
CSV; not the import, which is its own JVM) of N plans in the tree given by ``--before`` (the
code before streaming: ``parse_all``, then ``fold``, then ``write_csv``) and in this one, each in
its own process.

``serve`` starts a server on a kept store (no auth, free ports unless ``--bolt``) and prints the
``NEO4J_URI`` to give ``benchmarks.api --loaded``; ``stop`` stops it.

``profile`` runs every question of ``benchmarks.api`` (as policykg compiles it, taken from the
golden ``.cypher`` files and the named queries) and every ``queries/*.cypher`` file under
``PROFILE`` against the graph at ``--uri``, and lists per statement the database hits, the rows
and any operator that scans a label or all nodes (``NodeByLabelScan``, ``AllNodesScan``) or
filters a whole label.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: Operators that read a whole label (or every node) rather than starting from an index.
SCANS = ("AllNodesScan", "NodeByLabelScan", "UndirectedRelationshipTypeScan", "DirectedRelationshipTypeScan",
         "NodeIndexScan")


def _server(state: Path, heap: str, pagecache: str, bolt: int | None = None):
    from graph.config import default_cache_dir
    from graph.server import ManagedServer, free_port

    return ManagedServer(state, bolt_port=bolt or free_port(), http_port=free_port(), auth=False,
                         cache_dir=default_cache_dir(), heap=heap, pagecache=pagecache,
                         transaction_timeout=3600.0, transaction_memory="2g", start_timeout=1800.0)


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build(plans: int, state: Path, heap: str, pagecache: str, seed: int = 2026) -> dict[str, Any]:
    from benchmarks.load import write_corpus
    from graph.bulk import bulk_load
    from graph.config import Settings
    from policykg import pipeline

    state.mkdir(parents=True, exist_ok=True)
    corpus = state / f"plans-{plans}"
    started = time.perf_counter()
    mb = write_corpus(plans, seed, corpus) if not corpus.exists() else _du(corpus) / 1e6
    write_s = time.perf_counter() - started
    store = state / "store"
    server = _server(store, heap, pagecache)
    settings = Settings(state_dir=store, bolt_port=server.bolt_port, http_port=server.http_port, auth=False,
                        heap=heap, pagecache=pagecache, query_timeout=3600.0, transaction_memory="2g",
                        start_timeout=1800.0)
    csv_dir = state / "csv"
    csv_dir.mkdir(exist_ok=True)
    files = pipeline.expand([corpus])
    began = time.perf_counter()
    result = bulk_load(settings, (p.rows for p in pipeline.parse_each(files) if p.rows is not None), csv_dir)
    total = time.perf_counter() - began
    csv_bytes = _du(csv_dir)
    server.stop()
    for f in csv_dir.iterdir():
        f.unlink()
    row = {"plans": plans, "megabytes": round(mb, 1), "corpus_write_s": round(write_s, 1),
           "parse_and_csv_s": round(result.csv_seconds, 1), "import_s": round(result.import_seconds, 1),
           "restart_and_schema_s": round(result.schema_seconds, 1), "total_s": round(total, 1),
           "nodes": result.nodes, "relationships": result.relationships,
           "per_s": round((result.nodes + result.relationships) / total),
           "csv_gb": round(csv_bytes / 1e9, 2), "store_gb": round(_du(store / "data") / 1e9, 2),
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
           "peak_rss_children_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
           "heap": heap, "pagecache": pagecache, "load_average": os.getloadavg(), "store": str(store)}
    (state / "build.json").write_text(json.dumps(row, indent=2) + "\n", encoding="utf-8")
    return row


# Runs in a child process whose PYTHONPATH is the tree measured: argv corpus directory, CSV directory.
MEMORY_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from policykg import pipeline
from graph import bulk
files = pipeline.expand([sys.argv[1]])
started = time.perf_counter()
if hasattr(pipeline, "parse_each"):  # streaming: each document folded as it is parsed
    _, nodes, rels = bulk.write_csv((p.rows for p in pipeline.parse_each(files)), Path(sys.argv[2]))
else:  # before: every document parsed, then folded, then written
    graph = bulk.fold([p.rows for p in pipeline.parse_all(files)])
    bulk.write_csv(graph, Path(sys.argv[2]))
    nodes, rels = bulk.counts(graph)
print(json.dumps({"code": bulk.__file__, "nodes": nodes, "relationships": rels,
                  "wall_s": round(time.perf_counter() - started, 1), "cpu_s": round(time.process_time(), 1),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}))
"""


def memory(plans: int, state: Path, trees: list[Path]) -> list[dict[str, Any]]:
    """Peak resident memory of the bulk load's Python side (parse, fold, CSV; no import) of
    ``plans`` synthetic plans, in each tree (e.g. a worktree of the commit before, then this one)."""
    import tempfile

    from benchmarks.load import write_corpus

    corpus = state / f"plans-{plans}"
    if not corpus.exists():
        write_corpus(plans, 2026, corpus)
    rows = []
    for tree in trees:
        with tempfile.TemporaryDirectory(prefix="policykg-csv-", dir=state) as csv_dir:
            proc = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(corpus), csv_dir], cwd=tree,
                                  env=dict(os.environ, PYTHONPATH=str(tree)), capture_output=True, text=True,
                                  check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"{tree}: {proc.stderr[-2000:]}")
        rows.append({"tree": str(tree)} | json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


def serve(state: Path, heap: str, pagecache: str, bolt: int | None) -> str:
    info = _server(state / "store", heap, pagecache, bolt).start()
    return info.uri


def stop(state: Path) -> None:
    _server(state / "store", "512m", "256m").stop()


def statements(uri: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, statement, parameters) of every question profiled: what policykg's /graphql sends
    to Neo4j for each question of ``benchmarks.api`` (captured from the app, in process), the
    hand-written Cypher of each, and every ``queries/*.cypher`` file with its declared defaults."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.config import ApiSettings
    from benchmarks.api import questions
    from graph.config import Settings
    from graph.driver import connect
    from graph.named_queries import load_queries
    from graph.read import departments_named

    out: list[tuple[str, str, dict[str, Any]]] = []
    with connect(Settings(neo4j_uri=uri, auth=False)) as conn:
        asked = questions(conn)
        examples = _examples(conn, asked[-1].params["jurisdiction"])
    with TestClient(create_app(ApiSettings(neo4j_uri=uri, query_timeout=600.0))) as client:
        connection = client.app.state.graph  # type: ignore[attr-defined]
        real = connection.read
        sent: list[tuple[str, dict[str, Any]]] = []

        async def read(query: str, parameters: dict[str, Any] | None = None, **kwargs: Any) -> Any:
            sent.append((query, dict(parameters or {})))
            return await real(query, parameters, **kwargs)

        connection.read = read
        for q in asked:
            short = q.name.split(":")[0]
            out.append((f"{short} (a) Cypher", q.cypher, q.params))
            sent.clear()
            response = client.post("/graphql", json=q.policykg).json()
            if "errors" in response:
                raise RuntimeError(f"{q.name}: {response['errors']}")
            out += [(f"{short} (b) policykg {n + 1}/{len(sent)}", text, params) for n, (text, params) in enumerate(sent)]
    with connect(Settings(neo4j_uri=uri, auth=False)) as conn:
        for query in load_queries().values():
            given = {p.name: examples[p.name] for p in query.parameters if p.name in examples}
            variants = [given] + ([{k: v for k, v in given.items() if k != "jurisdiction"}]
                                  if "jurisdiction" in given else [])  # and over every jurisdiction
            for values in variants:
                bound = query.bind(values)
                for p in query.parameters:  # a Department parameter receives the keys its name names
                    if p.type == "Department" and bound.get(p.name) is not None:
                        named = departments_named([bound[p.name]]).run(conn)
                        bound[p.name] = [d["key"] for d in named[bound[p.name]]]
                out.append((f"queries/{query.name}.cypher {json.dumps(values, ensure_ascii=False)}", query.cypher,
                            bound))
    return out


def _examples(conn: Any, jurisdiction: str) -> dict[str, Any]:
    """Parameters of the named queries, taken from the jurisdiction the API benchmark asks about."""
    document = conn.read("MATCH (d:Document {jurisdiction: $j}) RETURN d.id AS id ORDER BY id LIMIT 1",
                         {"j": jurisdiction}).single_value()
    place = conn.read("MATCH (:Item {document: $d})-[:MENTIONS]->(p:Place) RETURN p.name AS name ORDER BY name LIMIT 1",
                      {"d": document}).single_value()
    area = conn.read("MATCH (:Document {id: $d})-[:LISTS]->(a:Area) RETURN a.name AS name ORDER BY name LIMIT 1",
                     {"d": document}).single_value()
    return {"jurisdiction": jurisdiction, "department": "区发改局", "document": document, "place": place,
            "area": area, "month": 6, "quarter": 2, "text": "养老", "title": "共同富裕", "level": "区"}


def _operators(plan: Any) -> list[dict[str, Any]]:
    out = [{"operator": plan.get("operatorType", "").split("@")[0], "rows": plan.get("rows"),
            "db_hits": plan.get("dbHits"), "details": plan.get("args", {}).get("Details", "")}]
    for child in plan.get("children", []):
        out += _operators(child)
    return out


def profile(uri: str, only: list[str] | None = None) -> list[dict[str, Any]]:
    from neo4j import GraphDatabase

    rows = []
    with GraphDatabase.driver(uri, auth=None) as driver:
        for name, text, params in statements(uri):
            if only and not any(o in name for o in only):
                continue
            with driver.session() as session:
                session.run("PROFILE " + text, params).consume()  # planned and warmed
                started = time.perf_counter()
                summary = session.run("PROFILE " + text, params).consume()
                ms = 1000 * (time.perf_counter() - started)
            ops = _operators(summary.profile) if summary.profile else []
            scans = [o for o in ops if o["operator"] in SCANS and (o["db_hits"] or o["rows"])]  # run, not only planned
            row = {"name": name, "ms": round(ms, 1), "db_hits": sum(o["db_hits"] or 0 for o in ops),
                   "scans": [f"{o['operator']} {o['details']} ({o['rows']} rows)" for o in scans]}
            print(json.dumps(row, ensure_ascii=False), file=sys.stderr, flush=True)
            rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("build", "serve", "stop", "profile", "memory"):
        p = sub.add_parser(name)
        p.add_argument("--state", type=Path, default=Path("/work/tenk-data"))
        p.add_argument("--heap", default=os.environ.get("POLICYKG_NEO4J_HEAP", "4g"))
        p.add_argument("--pagecache", default=os.environ.get("POLICYKG_NEO4J_PAGECACHE", "8g"))
        p.add_argument("--plans", type=int, default=10_000)
        p.add_argument("--bolt", type=int)
        p.add_argument("--uri")
        p.add_argument("--only", nargs="*")
        p.add_argument("--before", type=Path, help="memory: also a tree of the code before (e.g. a worktree)")
    args = parser.parse_args(argv)
    if args.command == "build":
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=False).stdout.strip()
        print(json.dumps({"commit": commit} | build(args.plans, args.state, args.heap, args.pagecache), indent=2))
    elif args.command == "serve":
        print(f"NEO4J_URI={serve(args.state, args.heap, args.pagecache, args.bolt)}")
    elif args.command == "memory":
        trees = ([args.before.resolve()] if args.before else []) + [ROOT]
        print(json.dumps(memory(args.plans, args.state, trees), indent=2))
    elif args.command == "stop":
        stop(args.state)
    else:
        print(json.dumps(profile(args.uri, args.only), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
