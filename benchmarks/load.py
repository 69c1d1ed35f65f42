"""Load benchmark: `policykg load`'s pipeline before and after, the bulk import, and parse time per kB.

    .venv/bin/python -m benchmarks.load --before /work/wt/base-loadscale      # 1 10 100 1000, then 1000 more
    .venv/bin/python -m benchmarks.load --sizes 1 10 --before TREE --json out.json
    .venv/bin/python -m benchmarks.load --sizes 1000 --stream 0 1               # and `load --stream` (workers)
    .venv/bin/python -m benchmarks.load --bulk 1000 10000                      # bulk import against transactional
    .venv/bin/python -m benchmarks.load --parse 1 10 100                       # parse ms per kB of the sample ×N
    .venv/bin/python -m benchmarks.load --sizes --cpu 150 --rounds 2 --before TREE   # Neo4j's CPU per plan written

Transactional: for each size, the synthetic plans (``loaders.synth.synthesize(N, seed=2026)``)
are written as files and loaded by ``policykg.pipeline`` (``expand``, ``parse_all``,
``write_all``: what ``policykg load DIR`` runs) into a throw-away managed Neo4j started for
that run (heap 4g, page cache 3g: ``LOAD_MEMORY``), "before" with the code of the ``--before`` tree (a
worktree of the commit compared against), "after" with this tree's, one after the other for
each size, each in its own process. ``--second N`` then loads N other plans into the graph holding the
first ones (the N that follow them in the same seed's sequence: no district-year of theirs is
loaded yet), to see the cost per document as the graph grows. Figures:
parse seconds, write seconds (schema, diffs and transactions), nodes+relationships created per
second of the whole load (parse + write) and of the write alone.

Neo4j's CPU (``--cpu N``): 40 + N synthetic plans parsed (and ``rows_for``) up front in a child process
of each tree, 40 written to a throw-away managed Neo4j to warm it, then N written by
``graph.writer.write_documents`` while the server's CPU time is read from ``/proc/PID/task/*/stat``
(every thread, grouped by name: the JIT compilers, the garbage collector, the Bolt worker that runs the
transaction, the full-text index's updater, …): Neo4j CPU ms per plan, which other work on the machine
disturbs far less than the clock; ``--rounds`` alternates before and after that many times.

Streamed (``--stream W…``): ``policykg load --stream``'s pipeline (``pipeline.parsing`` into
``pipeline.load_each``: each document written as soon as it is parsed, while the workers parse
the next) of the same files into a fresh server of its own, once per parse worker count W (0:
one per core); its parse and write overlap, so only the whole load's time is given.

Bulk: ``policykg load --bulk``'s path (``pipeline.parse_each`` into ``graph.bulk.bulk_load``: each
document folded into CSV as it is parsed) of N plans into an empty managed database, parse
included, with the loader's peak resident memory, against (``--bulk-compare``) the after tree's
transactional load of the same plans.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# Runs in a child process whose PYTHONPATH is the tree measured: argv uri, directory.
CHILD = r"""
import json, logging, sys, time
logging.getLogger("neo4j").setLevel(logging.ERROR)
import policykg.pipeline as pipeline
from graph.config import Settings
from graph.driver import connect
from graph.writer import counts
files = pipeline.expand([sys.argv[2]])
started = time.perf_counter()
parsed = pipeline.parse_all(files)
parse_s = time.perf_counter() - started
with connect(Settings(neo4j_uri=sys.argv[1])) as conn:
    n0, r0 = counts(conn)
    began = time.perf_counter()
    pipeline.write_all(conn, parsed)
    write_s = time.perf_counter() - began
    n1, r1 = counts(conn)
print(json.dumps({"code": pipeline.__file__, "parse_s": parse_s, "write_s": write_s,
                  "nodes": n1 - n0, "relationships": r1 - r0}))
"""

# `policykg load --stream`'s pipeline (``parsing`` into ``load_each``: each document written as it is
# parsed), in a child process of this tree: argv uri, directory, parse workers (0: the default).
STREAM_CHILD = r"""
import json, logging, sys, time
logging.getLogger("neo4j").setLevel(logging.ERROR)
import policykg.pipeline as pipeline
from graph.config import Settings
from graph.driver import connect
from graph.writer import counts
files = pipeline.expand([sys.argv[2]])
settings = Settings(neo4j_uri=sys.argv[1])
with connect(settings) as conn:
    n0, r0 = counts(conn)
started = time.perf_counter()
with pipeline.Spool() as spool:
    with pipeline.parsing(files, spool=spool, workers=int(sys.argv[3]) or None) as outcomes, connect(settings) as conn:
        done = pipeline.load_each(conn, outcomes, files)
total_s = time.perf_counter() - started
assert not done.left_out, done.left_out
with connect(settings) as conn:
    n1, r1 = counts(conn)
print(json.dumps({"code": pipeline.__file__, "total_s": total_s, "nodes": n1 - n0, "relationships": r1 - r0}))
"""

# Runs in a child process whose PYTHONPATH is the tree measured: argv uri, server pid, warm, measured.
CPU_CHILD = r"""
import json, logging, os, re, shutil, sys, tempfile, time
from pathlib import Path
logging.getLogger("neo4j").setLevel(logging.ERROR)
import policykg.pipeline as pipeline
from graph.config import Settings
from graph.driver import connect
from graph.schema import ensure_schema
from graph.writer import rows_for, write_documents
from loaders.synth import synthesize
uri, pid, warm, measured = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
corpus = Path(tempfile.mkdtemp(prefix="policykg-cpu-"))
for doc in synthesize(warm + measured, seed=2026):
    (corpus / doc.filename).write_bytes(doc.text.encode("utf-8"))
parsed = pipeline.parse_all(pipeline.expand([corpus]))
rows = [p.rows if p.rows is not None else rows_for(p.document) for p in parsed]
docs = [None] * len(rows)  # write_documents reads only the rows when they are given
shutil.rmtree(corpus)
# CPU ticks of each live thread by id (with its name), and of the process as a whole
# (which counts the threads that have ended too: a Lucene merge thread each merge)
def threads():
    out = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            raw = (task / "stat").read_text()
        except OSError:
            continue
        fields = raw.rsplit(")", 1)[1].split()
        name = re.sub(r"[0-9]+", "#", raw[raw.index("(") + 1 : raw.rindex(")")])
        out[task.name] = (name, int(fields[11]) + int(fields[12]))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    out["(all)"] = ("(all)", int(fields[11]) + int(fields[12]))
    return out
with connect(Settings(neo4j_uri=uri)) as conn:
    ensure_schema(conn)
    write_documents(conn, docs[:warm], rows=rows[:warm])
    before, began = threads(), time.perf_counter()
    write_documents(conn, docs[warm:], rows=rows[warm:])
    wall = time.perf_counter() - began
    after = threads()
tick = 1000 / os.sysconf("SC_CLK_TCK")
spent = {}
for tid, (name, ticks) in after.items():  # a thread that ended meanwhile is in "(all)" only
    spent[name] = spent.get(name, 0) + (ticks - before.get(tid, (name, 0))[1]) * tick
print(json.dumps({"wall_s": wall, "threads_ms": spent}))
"""

#: Neo4j's threads by what they do (their names with the digits as ``#``, cut at 15 characters).
THREAD_GROUPS = (("JIT compiler", "C# CompilerThre"), ("garbage collector", "GC Thread##", "G# "),
                 ("Bolt worker (the transaction)", "neo#j.BoltWorke"), ("full-text updates", "neo#j.IndexUpda"),
                 ("Bolt network", "neo#j.BoltNetwo"), ("Lucene merges", "Lucene Merge Th"),
                 ("index sampling", "neo#j.IndexSamp"))


def write_corpus(size: int, seed: int, directory: Path, after: int = 0) -> float:
    """Write ``size`` synthetic plans as files; with ``after``, the ``size`` that follow the first
    ``after`` of the same seed (``synthesize(after + size)[after:]``: the generator's sequence is a
    prefix of any longer one, and its plans never repeat a district-year), so that they are
    other plans than the first ``after``, not new versions of them."""
    from loaders.synth import synthesize

    directory.mkdir(parents=True, exist_ok=True)
    total = 0
    for doc in synthesize(after + size, seed=seed)[after:]:
        data = doc.text.encode("utf-8")
        (directory / doc.filename).write_bytes(data)
        total += len(data)
    return total / 1e6


def corpus(size: int | str) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the sample (``"sample"``) or of ``size`` synthetic plans (seed 2026):
    the datasets of the API and chat benchmarks."""
    from loaders.synth import synthesize

    if size == "sample":
        sample = ROOT / "data" / "fenghua-2022-workpoints.txt"
        return [(sample.name, sample.read_bytes())]
    return [(d.filename, d.text.encode("utf-8")) for d in synthesize(int(size), seed=2026)]


@contextmanager
def fresh_graph() -> Iterator[Any]:
    """An empty graph: the one at NEO4J_URI wiped, else a throw-away managed Neo4j (heap and page
    cache from POLICYKG_NEO4J_HEAP / POLICYKG_NEO4J_PAGECACHE, else 1g and 512m)."""
    from graph.config import Settings
    from graph.cypher import DELETE_ALL
    from graph.driver import connect

    uri = os.environ.get("NEO4J_URI")
    if uri:
        with connect(Settings()) as conn:
            conn.write_auto_commit(DELETE_ALL, timeout=3600)  # the whole graph: an hour, as the bulk load allows
            yield conn
        return
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as state:
        server = _server(Path(state), *SERVE_MEMORY)
        info = server.start()
        try:
            with connect(Settings(neo4j_uri=info.uri)) as conn:
                yield conn
        finally:
            server.stop()


#: Heap and page cache of the servers the loads write to (both trees compared write to the same
#: sizes): with a 1 GB heap the garbage collector took about 40 ms of Neo4j's CPU per synthetic
#: plan written, with 4 GB 3-20 ms (benchmarks/README.md, "Inside Neo4j's write"); the store of
#: 1000 plans outgrows a 512 MB page cache. ``POLICYKG_NEO4J_HEAP`` / ``POLICYKG_NEO4J_PAGECACHE``
#: override them.
LOAD_MEMORY = ("4g", "3g")
#: Those of :func:`fresh_graph`, the graph the API and chat benchmarks load once and then read.
SERVE_MEMORY = ("1g", "512m")


def _server(state: Path, heap: str = LOAD_MEMORY[0], pagecache: str = LOAD_MEMORY[1]):
    from graph.config import default_cache_dir
    from graph.server import ManagedServer, free_port

    return ManagedServer(state, bolt_port=free_port(), http_port=free_port(), auth=False,
                         cache_dir=default_cache_dir(), heap=os.environ.get("POLICYKG_NEO4J_HEAP", heap),
                         pagecache=os.environ.get("POLICYKG_NEO4J_PAGECACHE", pagecache),
                         transaction_timeout=3600.0, transaction_memory="1g")


def run_child(tree: Path, script: str, *args: object, what: str = "load") -> dict:
    """Run ``script`` in a child process with ``tree``'s modules first on the path (and no
    NEO4J_URI of ours); the JSON object its last line prints."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    env.pop("NEO4J_URI", None)
    proc = subprocess.run([sys.executable, "-c", script, *map(str, args)], cwd=tree, env=env,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"the {what} in {tree} failed:\n{proc.stderr[-3000:]}")
    out: dict = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def child_load(tree: Path, uri: str, directory: Path) -> dict:
    return run_child(tree, CHILD, uri, directory)


def _row(variant: str, size: int, graph_held: int, mb: float, r: dict) -> dict:
    """A load's figures; a streamed one (``total_s`` only: it parses while it writes) has no
    parse and write columns of its own, and its ms/plan is of the whole load."""
    entities = r["nodes"] + r["relationships"]
    streamed = "total_s" in r
    total = r["total_s"] if streamed else r["parse_s"] + r["write_s"]
    write = total if streamed else r["write_s"]
    return {"variant": variant, "documents": size, "graph_held": graph_held, "megabytes": round(mb, 2),
            "parse_s": None if streamed else round(r["parse_s"], 2),
            "write_s": None if streamed else round(r["write_s"], 2), "total_s": round(total, 2),
            "nodes": r["nodes"], "relationships": r["relationships"],
            "per_s": round(entities / total), "write_per_s": None if streamed else round(entities / write),
            "ms_per_doc": round(1000 * write / size, 1), "load_average": round(os.getloadavg()[0], 1)}


def _load(variant: str, tree: Path, uri: str, directory: Path) -> dict:
    if variant.startswith("stream"):
        workers = variant.partition("/")[2].removesuffix("w") or "0"
        return run_child(tree, STREAM_CHILD, uri, directory, workers)
    return child_load(tree, uri, directory)


def transactional(sizes: list[int], before: Path | None, second: int | None, work: Path,
                  stream: list[int] | None = None) -> list[dict]:
    """Each size loaded by each variant into a fresh server: ``before`` (that tree's batch load),
    ``after`` (this tree's), and with ``stream`` this tree's ``load --stream`` with each of those
    worker counts (0: the default), named ``stream`` / ``stream/1w``."""
    rows = []
    variants = ([("before", before)] if before else []) + [("after", ROOT)]
    variants += [("stream" + (f"/{w}w" if w else ""), ROOT) for w in stream or ()]
    for size in sizes:
        corpus = work / f"plans-{size}"
        mb = write_corpus(size, 2026, corpus)
        more = None
        if second and size == max(sizes):
            more = work / f"plans-{second}-more"
            more_mb = write_corpus(second, 2026, more, after=size)
        for name, tree in variants:
            with tempfile.TemporaryDirectory(prefix="policykg-bench-", dir=work) as state:
                server = _server(Path(state))
                info = server.start()
                try:
                    row = _row(name, size, 0, mb, _load(name, tree, info.uri, corpus))
                    print(json.dumps(row), file=sys.stderr, flush=True)
                    rows.append(row)
                    if more is not None:
                        row = _row(name, second or 0, size, more_mb, _load(name, tree, info.uri, more))
                        print(json.dumps(row), file=sys.stderr, flush=True)
                        rows.append(row)
                finally:
                    server.stop()
    return rows


def neo4j_cpu(measured: int, before: Path | None, rounds: int, warm: int = 40) -> list[dict]:
    """Neo4j's CPU per plan while ``measured`` plans are written after ``warm``, for each tree,
    before and after alternated ``rounds`` times, each on a fresh server."""
    rows = []
    variants = ([("before", before)] if before else []) + [("after", ROOT)]
    for round_ in range(rounds):
        for name, tree in variants:
            with tempfile.TemporaryDirectory(prefix="policykg-bench-") as state:
                server = _server(Path(state))
                info = server.start()
                try:
                    out = run_child(tree, CPU_CHILD, info.uri, info.pid, warm, measured, what="CPU run")
                finally:
                    server.stop()
            per_plan = {k: v / measured for k, v in out["threads_ms"].items()}
            total = per_plan.pop("(all)")
            row: dict[str, Any] = {"variant": name, "round": round_ + 1, "plans": measured,
                                   "heap": server.heap, "pagecache": server.pagecache,
                                   "neo4j_cpu_ms": round(total, 1),
                                   "wall_ms": round(1000 * out["wall_s"] / measured, 1)}
            grouped = 0.0
            for group, *prefixes in THREAD_GROUPS:
                ms = sum((v for k, v in per_plan.items() if k.startswith(tuple(prefixes))), 0.0)
                row[group] = round(ms, 1)
                grouped += ms
            row["other threads"] = round(total - grouped, 1)  # those that ended among them
            row["load_average"] = round(os.getloadavg()[0], 1)
            print(json.dumps(row), file=sys.stderr, flush=True)
            rows.append(row)
    return rows


def bulk(sizes: list[int], work: Path, compare: bool) -> list[dict]:
    """``policykg load --bulk`` of each size: the files parsed in worker processes and each
    document folded into the import's CSV files as it comes (``pipeline.parse_each`` into
    ``graph.bulk.bulk_load``), then the import, the restart and the schema. Peak memory: the
    largest resident set this process (parse + CSV) and one parse worker have had so far."""
    import resource

    from graph.bulk import bulk_load
    from graph.config import Settings
    from policykg import pipeline

    rows = []
    for size in sizes:
        corpus = work / f"plans-{size}"
        mb = write_corpus(size, 2026, corpus)
        with tempfile.TemporaryDirectory(prefix="policykg-bulk-", dir=work) as state:
            server = _server(Path(state))
            settings = Settings(state_dir=Path(state), bolt_port=server.bolt_port, http_port=server.http_port,
                                auth=False, heap=server.heap, pagecache=server.pagecache, query_timeout=3600.0,
                                transaction_memory="1g")
            started = time.perf_counter()
            csv_dir = Path(state) / "csv"
            csv_dir.mkdir()
            parsed = pipeline.parse_each(pipeline.expand([corpus]))
            result = bulk_load(settings, (p.rows for p in parsed if p.rows is not None), csv_dir)
            total = time.perf_counter() - started
            server.stop()
        entities = result.nodes + result.relationships
        row = {"variant": "bulk", "documents": size, "graph_held": 0, "megabytes": round(mb, 2),
               "csv_s": round(result.csv_seconds, 2), "import_s": round(result.import_seconds, 2),
               "schema_s": round(result.schema_seconds, 2), "total_s": round(total, 2),
               "nodes": result.nodes, "relationships": result.relationships, "per_s": round(entities / total),
               "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
               "worker_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}
        print(json.dumps(row), file=sys.stderr, flush=True)
        rows.append(row)
        if compare:
            rows += transactional([size], None, None, work)
    return rows


def parse_per_kb(times: list[int], repeat: int = 3) -> list[dict]:
    from benchmarks.parse import scaled_sample
    from loaders import parse_bytes

    rows = []
    for n in times:
        data = scaled_sample(n)
        runs = []
        for _ in range(repeat):
            started = time.process_time()
            parse_bytes(data, f"sample-x{n}.txt")
            runs.append(time.process_time() - started)
        best = min(runs)
        rows.append({"times": n, "kb": round(len(data) / 1024, 1), "cpu_s": round(best, 3),
                     "ms_per_kb": round(1000 * best / (len(data) / 1024), 3)})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    base = rows[0]["ms_per_kb"] if rows else 1
    for r in rows:
        r["ratio"] = round(r["ms_per_kb"] / base, 2)
    return rows


def markdown(report: dict) -> str:
    out = []
    tx = [r for r in report.get("rows", []) if r["variant"] != "bulk"]
    if tx:
        out += ["| code | plans | graph held | MB | parse s | write s | total s | nodes | rels | nodes+rels/s "
                "(total) | nodes+rels/s (write) | write ms/plan | load average after |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        def cell(value: object) -> str:
            return "—" if value is None else str(value)  # a streamed load parses while it writes

        out += [f"| {r['variant']} | {r['documents']} | {r['graph_held']} | {r['megabytes']} | {cell(r['parse_s'])} | "
                f"{cell(r['write_s'])} | {r['total_s']} | {r['nodes']} | {r['relationships']} | {r['per_s']} | "
                f"{cell(r['write_per_s'])} | {r['ms_per_doc']} | {r.get('load_average', '')} |" for r in tx]
    bk = [r for r in report.get("rows", []) if r["variant"] == "bulk"]
    if bk:
        out += ["", "| bulk plans | MB | parse + CSV s | import s | restart + schema s | total s | nodes | rels | "
                "nodes+rels/s | peak RSS MB (loader / a parse worker) |", "|---|---|---|---|---|---|---|---|---|---|"]
        out += [f"| {r['documents']} | {r['megabytes']} | {r['csv_s']} | {r['import_s']} | {r['schema_s']} | "
                f"{r['total_s']} | {r['nodes']} | {r['relationships']} | {r['per_s']} | "
                f"{r['peak_rss_mb']} / {r['worker_rss_mb']} |" for r in bk]
    cpu = report.get("cpu", [])
    if cpu:
        groups = [g for g, *_ in THREAD_GROUPS] + ["other threads"]
        out += ["", "| code | round | heap / page cache | Neo4j CPU ms/plan | " + " | ".join(groups)
                + " | wall ms/plan | load average after |", "|---|---|---|---|" + "---|" * len(groups) + "---|---|"]
        out += [f"| {r['variant']} | {r['round']} | {r['heap']} / {r['pagecache']} | {r['neo4j_cpu_ms']} | "
                + " | ".join(str(r[g]) for g in groups) + f" | {r['wall_ms']} | {r['load_average']} |" for r in cpu]
    if report.get("parse"):
        out += ["", "| sample × | kB | CPU s | ms/kB | ratio |", "|---|---|---|---|---|"]
        out += [f"| {r['times']} | {r['kb']} | {r['cpu_s']} | {r['ms_per_kb']} | {r['ratio']} |"
                for r in report["parse"]]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="*", type=int, default=[1, 10, 100, 1000],
                        help="transactional loads of this many plans (none: skip)")
    parser.add_argument("--before", type=Path, help="a tree of the code to compare against (e.g. a worktree)")
    parser.add_argument("--second", type=int, default=1000,
                        help="then load this many other plans into the graph of the largest size (0: skip)")
    parser.add_argument("--stream", nargs="*", type=int, default=None,
                        help="also `load --stream` of each size, with these parse worker counts (none given: "
                        "the default; 0 is the default too)")
    parser.add_argument("--bulk", nargs="*", type=int, default=[], help="bulk imports of this many plans")
    parser.add_argument("--bulk-compare", action="store_true", help="and the transactional load of each")
    parser.add_argument("--parse", nargs="*", type=int, default=[], help="parse ms per kB at the sample ×N")
    parser.add_argument("--cpu", type=int, default=0,
                        help="Neo4j's CPU per plan while writing this many plans after --warm (0: skip)")
    parser.add_argument("--rounds", type=int, default=2, help="--cpu: before and after alternated this many times")
    parser.add_argument("--warm", type=int, default=40, help="--cpu: plans written first, to warm the server")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="policykg-loadbench-") as tmp:
        work = Path(tmp)
        stream = None if args.stream is None else (args.stream or [0])
        rows = transactional(args.sizes, args.before, args.second or None, work, stream) if args.sizes else []
        rows += bulk(args.bulk, work, args.bulk_compare)
    cpu = neo4j_cpu(args.cpu, args.before, args.rounds, args.warm) if args.cpu else []
    report = {"started": started, "commit": commit, "cpus": os.cpu_count(), "python": platform.python_version(),
              "load_average": os.getloadavg(), "rows": rows, "cpu": cpu,
              "parse": parse_per_kb(args.parse) if args.parse else []}
    print(markdown(report))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
