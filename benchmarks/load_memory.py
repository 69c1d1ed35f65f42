"""Memory of the transactional load: the loader's peak resident memory, before and after.

    .venv/bin/python -m benchmarks.load_memory --plans 200 1000 --before TREE           # parse_all only
    .venv/bin/python -m benchmarks.load_memory --plans 200 --before TREE --write --rounds 3

For each size, the synthetic plans (``loaders.synth.synthesize(N, seed=2026)``, written as files,
``benchmarks.load.write_corpus``) are parsed the way ``policykg load DIR`` parses them
(``pipeline.parse_all`` with the default workers; into a ``pipeline.Spool`` where the tree has
one) in a child process whose ``PYTHONPATH`` is the tree measured: "before" the ``--before`` tree
(a worktree of the commit compared against), "after" this one, alternating, ``--rounds`` times.
With ``--write`` the child then writes them (``pipeline.write_all``) into one throw-away managed
Neo4j started for the run (``benchmarks.load._server``), wiped before each load. Figures: the
child's peak RSS (``VmHWM`` of itself, ``ru_maxrss`` of its largest parse worker), parse and
write seconds, and the spool's size on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.load import ROOT, _server, run_child, write_corpus

CHILD = r"""
import json, logging, resource, sys, time
logging.getLogger("neo4j").setLevel(logging.ERROR)
import policykg.pipeline as pipeline
files = pipeline.expand([sys.argv[1]])
spool = pipeline.Spool() if hasattr(pipeline, "Spool") else None
started = time.perf_counter()
parsed = pipeline.parse_all(files, **({"spool": spool} if spool else {}))
parse_s = time.perf_counter() - started
disk = sum(f.stat().st_size for f in spool.path.iterdir()) if spool else 0
write_s = None
if sys.argv[2]:
    from graph.config import Settings
    from graph.cypher import DELETE_ALL
    from graph.driver import connect
    with connect(Settings(neo4j_uri=sys.argv[2])) as conn:
        conn.write_auto_commit(DELETE_ALL, timeout=3600)
        began = time.perf_counter()
        pipeline.write_all(conn, parsed)
        write_s = time.perf_counter() - began
if spool:
    spool.close()
# VmHWM, not ru_maxrss: a process started by fork and exec keeps in ru_maxrss the peak of the
# process that forked it (this benchmark, which may hold the synthesized corpus)
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"parse_s": parse_s, "write_s": write_s, "spool_bytes": disk, "rss_mb": hwm / 1024,
                  "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plans", type=int, nargs="+", default=[200])
    ap.add_argument("--before", type=Path, required=True, help="a worktree of the commit compared against")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--write", action="store_true", help="also write into a throw-away managed Neo4j")
    ap.add_argument("--work", type=Path, default=None, help="where the plans are written (default: a temp dir)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        work = args.work or Path(tmp)
        server = _server(work / "neo4j") if args.write else None
        uri = server.start().uri if server else ""
        try:
            for size in args.plans:
                corpus = work / f"plans-{size}"
                if not corpus.exists():
                    write_corpus(size, 2026, corpus)
                runs: dict[str, list[dict]] = {"before": [], "after": []}
                for _ in range(args.rounds):
                    for name, tree in (("before", args.before), ("after", ROOT)):
                        r = run_child(tree, CHILD, corpus, uri) | {"load_average": round(os.getloadavg()[0], 1)}
                        runs[name].append(r)
                        print(json.dumps({"variant": name, "plans": size} | r), file=sys.stderr, flush=True)
                for name, rs in runs.items():
                    summary = {k: round(statistics.median(r[k] for r in rs), 2)
                               for k in ("parse_s", "write_s", "rss_mb", "worker_rss_mb", "spool_bytes")
                               if rs[0][k] is not None}
                    print(json.dumps({"variant": name, "plans": size, "rounds": len(rs), "median": summary}))
        finally:
            if server:
                server.stop()


if __name__ == "__main__":
    main()
