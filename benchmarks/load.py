"""Load benchmark: parse time and write time, apart, for the sample and synthetic corpora.

    .venv/bin/python -m benchmarks.load                 # sample, 1, 10, 100 and 1000 plans
    .venv/bin/python -m benchmarks.load --sizes 1 10    # fewer
    .venv/bin/python -m benchmarks.load --json out.json

Parsing runs in-process on the plans' bytes (no disk I/O in the timing). Writing
goes to a real Neo4j: a throw-away managed server started for the run (one per
corpus size, so every size starts from an empty graph), or the server named by
NEO4J_URI (wiped between sizes). Each document is written in its own transaction,
exactly as `policykg load` does, schema created first. Figures are medians of
``--repeat`` runs for parsing; writing runs once per size (it is the long part).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.config import Settings, default_cache_dir
from graph.cypher import DELETE_ALL
from graph.driver import Database, connect
from graph.schema import ensure_schema
from graph.server import ManagedServer, free_port, neo4j_version
from graph.writer import write_document
from loaders import parse_bytes
from loaders.synth import synthesize

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "fenghua-2022-workpoints.txt"
WIPE = DELETE_ALL


def corpus(size: int | str) -> list[tuple[str, bytes]]:
    if size == "sample":
        return [(SAMPLE.name, SAMPLE.read_bytes())]
    return [(d.filename, d.text.encode("utf-8")) for d in synthesize(int(size), seed=2026)]


def parse_seconds(files: list[tuple[str, bytes]], repeat: int) -> tuple[float, list]:
    runs = []
    docs = []
    for _ in range(repeat):
        started = time.perf_counter()
        docs = [parse_bytes(data, name)[0] for name, data in files]
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), docs


@contextmanager
def fresh_graph() -> Iterator[Database]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        with connect(Settings()) as conn:
            with conn.driver.session(database=conn.database) as session:
                session.run(WIPE).consume()
            yield conn
        return
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as state:
        server = ManagedServer(Path(state), bolt_port=free_port(), http_port=free_port(), auth=False,
                               cache_dir=default_cache_dir(), heap="1g", pagecache="512m")
        info = server.start()
        try:
            with connect(Settings(neo4j_uri=info.uri)) as conn:
                yield conn
        finally:
            server.stop()


def run(sizes: list[str], repeat: int) -> dict:
    results = []
    for size in sizes:
        files = corpus(size)
        parse_s, docs = parse_seconds(files, repeat)
        with fresh_graph() as conn:
            ensure_schema(conn)
            started = time.perf_counter()
            nodes = rels = 0
            per_doc = []
            for doc in docs:
                t0 = time.perf_counter()
                r = write_document(conn, doc)
                per_doc.append((time.perf_counter() - t0, r.nodes_created + r.relationships_created))
                nodes += r.nodes_created
                rels += r.relationships_created
            write_s = time.perf_counter() - started
            warm = per_doc[1:] or per_doc
            conn.read("CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()")
            indexed_s = time.perf_counter() - started
        row = {
            "corpus": size if size == "sample" else f"{size} synthetic",
            "documents": len(files),
            "megabytes": round(sum(len(d) for _, d in files) / 1e6, 2),
            "parse_s": round(parse_s, 3),
            "parse_docs_per_s": round(len(files) / parse_s, 1),
            "write_s": round(write_s, 2),
            "write_plus_fulltext_s": round(indexed_s, 2),
            "nodes": nodes,
            "relationships": rels,
            "entities_per_s": round((nodes + rels) / write_s),
            "first_doc_ms": round(1000 * per_doc[0][0]),
            "warm_median_ms_per_doc": round(1000 * statistics.median(t for t, _ in warm), 1),
            "warm_entities_per_s": round(sum(n for _, n in warm) / sum(t for t, _ in warm)),
        }
        print(json.dumps(row, ensure_ascii=False), file=sys.stderr)
        results.append(row)
    return {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "neo4j": neo4j_version(),
                    "external": bool(os.environ.get("NEO4J_URI"))},
        "repeat": repeat,
        "results": results,
    }


def markdown(report: dict) -> str:
    head = ("| corpus | docs | MB | parse s | parse docs/s | write s | + full-text s | nodes | rels | "
            "nodes+rels/s | first doc ms | warm median ms/doc | warm nodes+rels/s |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    lines = [head]
    for r in report["results"]:
        lines.append(
            f"| {r['corpus']} | {r['documents']} | {r['megabytes']} | {r['parse_s']} | {r['parse_docs_per_s']} | "
            f"{r['write_s']} | {r['write_plus_fulltext_s']} | {r['nodes']} | {r['relationships']} | "
            f"{r['entities_per_s']} | {r['first_doc_ms']} | {r['warm_median_ms_per_doc']} | "
            f"{r['warm_entities_per_s']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    import logging

    logging.getLogger("neo4j").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["sample", "1", "10", "100", "1000"])
    parser.add_argument("--repeat", type=int, default=3, help="parse runs per size (median reported)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    report = run(args.sizes, args.repeat)
    print(markdown(report))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
