"""API benchmark: four questions answered by (a) hand-written Cypher through the driver,
(b) policykg's /graphql under uvicorn and (c) the Neo4j GraphQL Library on Node, on the
same throw-away Neo4j holding the same data.

    .venv/bin/python -m benchmarks.api                                  # the sample
    .venv/bin/python -m benchmarks.api --dataset synthetic --documents 1000
    .venv/bin/python -m benchmarks.api --requests 300 --warmup 30 --json out.json
    .venv/bin/python -m benchmarks.api --compare ../base       # also (b0): policykg of another checkout

Before timing, each question is asked once of every server and the answers are compared
(sets of node keys, or of rows): a difference stops the run. Each cell is ``--warmup``
untimed requests, then ``--requests`` timed ones spread over 1 or 8 concurrent clients
(each cell also stops after ``--seconds``). (a) runs in this process on threads sharing one
driver; (b) and (c) are asked over loopback HTTP by an asyncio httpx client. The Node
project in benchmarks/neo4j_graphql/ is installed with ``npm ci`` when node_modules is
missing.

``--compare DIR`` also serves policykg from another checkout (DIR, e.g. a worktree of an
earlier commit, run with this virtualenv) as (b0), asked in every cell right before (b), so
that before and after are measured in the same minute of the same run. ``--loaded`` takes the
graph at NEO4J_URI as it is (already holding the dataset) instead of wiping and loading it.

Every cell also reports the CPU time each process spent per request while it was timed: the
server answering ((b), (b0), (c); none for (a), whose driver runs here), this process (the
load generator, and (a)'s driver), and Neo4j when it runs on this machine (the process
listening on the bolt port). Throughput on 2 cores is bounded by their sum, so these columns
say which share a change can still move: the client's and Neo4j's are common to (b) and (c).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from api.schema.limits import Limits
from benchmarks.load import ROOT, corpus, fresh_graph
from graph.config import Settings
from graph.driver import Database, connect
from graph.schema import ensure_schema
from graph.server import free_port, neo4j_version
from graph.writer import write_document
from loaders import parse_bytes

NODE_DIR = ROOT / "benchmarks" / "neo4j_graphql"
WORKLOAD = (ROOT / "queries" / "department_workload.cypher").read_text(encoding="utf-8")
SEARCH_TEXT = "养老"
SEARCH_LIMIT = 100
PAGE = 100
SERVERS = ("a", "b0", "b", "c")
SERVER_NAMES = {"a": "(a) Cypher via driver", "b0": "(b0) policykg before", "b": "(b) policykg /graphql",
                "c": "(c) @neo4j/graphql"}
NEIGHBOUR_TYPES = ["RESPONSIBLE_FOR", "CITES", "TARGETS", "HAS_MILESTONE", "MENTIONS"]
NEIGHBOUR_LIMIT = Limits().max_neighbourhood_nodes  # policykg's largest neighbourhood answer
KEY = "coalesce(n.key, n.id, n.name)"


# --- the questions -----------------------------------------------------------------------


@dataclass
class Question:
    name: str
    cypher: str  # (a)
    params: dict[str, Any]
    answer_a: Callable[[list[dict[str, Any]]], Any]
    policykg: dict[str, Any]  # (b) {"query", "variables"}
    answer_b: Callable[[dict[str, Any]], Any]
    library: dict[str, Any]  # (c)
    answer_c: Callable[[dict[str, Any]], Any]


def _union_key(node: dict[str, Any]) -> str:
    return node.get("key") or node.get("id") or node["name"]


UNION_KEYS = " ".join(
    f"... on {t} {{ {k} }}"
    for t, k in [("Task", "key"), ("Reform", "key"), ("Measure", "key"), ("Department", "key"), ("Policy", "key"),
                 ("Indicator", "key"), ("Milestone", "key"), ("Place", "key"), ("Area", "key"), ("Document", "id"),
                 ("Jurisdiction", "name")]
)


def questions(conn: Database) -> list[Question]:
    """The four questions, anchored on 区发改局 of the jurisdiction where it has the most
    items that still fit one page, and on the first task it leads."""
    jurisdiction = conn.read(
        "MATCH (d:Department {name: '区发改局'})-[r:RESPONSIBLE_FOR]->() WITH d, r.role AS role, count(*) AS n "
        "WITH d, max(n) AS most WHERE most <= $page RETURN d.jurisdiction AS j ORDER BY most DESC, j LIMIT 1",
        {"page": PAGE},
    ).single_value()
    # The first task it leads whose neighbourhood fits in one answer (policykg's limit of
    # 500 nodes): on many documents a task citing a provincial policy reaches thousands.
    task = conn.read(
        "MATCH (:Department {name: '区发改局', jurisdiction: $j})-[:RESPONSIBLE_FOR {role: 'lead'}]->(t:Task) "
        f"WITH t ORDER BY t.document, t.number "
        f"WHERE COUNT {{ MATCH (t)-[:{'|'.join(NEIGHBOUR_TYPES)}*1..2]-(n) WHERE n <> t RETURN DISTINCT n }} "
        f"<= {NEIGHBOUR_LIMIT} "
        "RETURN t.key AS key LIMIT 1",
        {"j": jurisdiction},
    ).single_value()
    dept = {"name": "区发改局", "j": jurisdiction}

    def roles(rows: list[dict[str, Any]]) -> set[tuple[str, str, int, str]]:
        return {(r["role"], r["key"], r["number"], r["name"]) for r in rows}

    department = Question(
        "department: 区发改局 leads and supports",
        "MATCH (d:Department {name: $name, jurisdiction: $j})-[r:RESPONSIBLE_FOR]->(i:Item) "
        "RETURN r.role AS role, i.key AS key, i.number AS number, i.name AS name",
        dept,
        roles,
        {"query": "query($name: String!, $j: String) { department(name: $name, jurisdiction: $j) { key "
                  f"leads(first: {PAGE}) {{ totalCount nodes {{ key number name }} }} "
                  f"supports(first: {PAGE}) {{ totalCount nodes {{ key number name }} }} }} }}",
         "variables": dept},
        lambda d: {(role, n["key"], n["number"], n["name"])
                   for role, part in (("lead", "leads"), ("support", "supports"))
                   for n in d["department"][part]["nodes"]},
        {"query": "query($name: String!, $j: String) { departments(where: {name: {eq: $name}, "
                  "jurisdiction: {eq: $j}}) { key responsibleForConnection { edges { properties { role } "
                  "node { key number name } } } } }",
         "variables": dept},
        lambda d: {(e["properties"]["role"], e["node"]["key"], e["node"]["number"], e["node"]["name"])
                   for dep in d["departments"] for e in dep["responsibleForConnection"]["edges"]},
    )
    search = Question(
        f"search: {SEARCH_TEXT} (top {SEARCH_LIMIT})",
        "CALL db.index.fulltext.queryNodes('search', $text) YIELD node AS n, score "
        f"WITH n, score ORDER BY score DESC, {KEY} LIMIT $limit RETURN {KEY} AS key, score",
        {"text": SEARCH_TEXT, "limit": SEARCH_LIMIT},
        lambda rows: {r["key"] for r in rows},
        {"query": "query($text: String!, $limit: Int) { search(text: $text, first: $limit) "
                  "{ nodes { score node { key } } } }",
         "variables": {"text": SEARCH_TEXT, "limit": SEARCH_LIMIT}},
        lambda d: {h["node"]["key"] for h in d["search"]["nodes"]},
        {"query": f"query($text: String!, $limit: Int!) {{ fullTextSearch(text: $text, limit: $limit) "
                  f"{{ {UNION_KEYS} }} }}",
         "variables": {"text": SEARCH_TEXT, "limit": SEARCH_LIMIT}},
        lambda d: {_union_key(n) for n in d["fullTextSearch"]},
    )
    neighbourhood = Question(
        "neighbourhood: depth 2 around a task",
        f"MATCH (s:Task {{key: $key}})-[:{'|'.join(NEIGHBOUR_TYPES)}*1..2]-(n) WHERE n <> s "
        f"RETURN DISTINCT {KEY} AS key",
        {"key": task},
        lambda rows: {r["key"] for r in rows},
        {"query": "query($id: ID!, $types: [RelationshipType!]) { neighbourhood(id: $id, depth: 2, "
                  f"relationshipTypes: $types, limit: {NEIGHBOUR_LIMIT}) {{ truncated nodes {{ key }} }} }}",
         "variables": {"id": f"Task:{task}", "types": NEIGHBOUR_TYPES}},
        # The start node comes first.
        lambda d: {n["key"] for n in d["neighbourhood"]["nodes"] if n["key"] != task} | (
            {"TRUNCATED"} if d["neighbourhood"]["truncated"] else set()),
        {"query": f"query($key: String!) {{ tasks(where: {{key: {{eq: $key}}}}) {{ neighbourhood {{ {UNION_KEYS} }} }} }}",
         "variables": {"key": task}},
        lambda d: {_union_key(n) for t in d["tasks"] for n in t["neighbourhood"]},
    )

    def rows(rs: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [(r["department"], r["leads"], r["supports"], r["lead_tasks"], r["lead_reforms"], r["lead_measures"])
                for r in rs]

    named = Question(
        "named query: department_workload",
        WORKLOAD,
        {"jurisdiction": jurisdiction, "limit": 20},
        rows,
        {"query": "query($p: JSON) { runNamedQuery(name: \"department_workload\", parameters: $p) { rows } }",
         "variables": {"p": {"jurisdiction": jurisdiction, "limit": 20}}},
        lambda d: rows(d["runNamedQuery"]["rows"]),
        {"query": "query($j: String, $limit: Int!) { departmentWorkload(jurisdiction: $j, limit: $limit) "
                  "{ department leads supports lead_tasks lead_reforms lead_measures } }",
         "variables": {"j": jurisdiction, "limit": 20}},
        lambda d: rows(d["departmentWorkload"]),
    )
    return [department, search, neighbourhood, named]


# --- the servers -------------------------------------------------------------------------



def wait_http(url: str, proc: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
        try:
            httpx.post(url, json={"query": "{ __typename }"}, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def start_policykg(uri: str, workers: int = 1, root: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """policykg's API from the checkout ``root`` (its modules first on the path) under uvicorn."""
    port = free_port()
    env = os.environ | {"NEO4J_URI": uri, "POLICYKG_ENV": "production", "PYTHONPATH": str(root)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log", "--workers", str(workers)],
        cwd=root, env=env, stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/graphql"
    wait_http(url, proc)
    return proc, url


def start_library(uri: str) -> tuple[subprocess.Popen, str]:
    if not (NODE_DIR / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, check=True)
    port = free_port()
    env = os.environ | {"NEO4J_URI": uri, "PORT": str(port), "NODE_ENV": "production"}
    proc = subprocess.Popen(["node", "server.mjs"], cwd=NODE_DIR, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/graphql"
    wait_http(url, proc)
    return proc, url


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


# --- timing ------------------------------------------------------------------------------


#: Whether to wait while benchmarks.load runs (``--no-wait`` clears it).
WAIT_FOR_LOAD = True


def wait_for_load_benchmark() -> None:
    """Wait (polling every 30 s) while another benchmark, benchmarks.load, runs."""
    while WAIT_FOR_LOAD and subprocess.run(["pgrep", "-f", "benchmarks[.]load"], capture_output=True).returncode == 0:
        print("benchmarks.load is running; waiting 30 s", file=sys.stderr)
        time.sleep(30)


def quiet_machine(limit: float = 2.0, patience: float = 180) -> float:
    """Wait for the load benchmark to end and the 1-minute load average to fall under
    ``limit`` (at most ``patience`` seconds); the load average then."""
    wait_for_load_benchmark()
    deadline = time.monotonic() + patience
    while os.getloadavg()[0] >= limit and time.monotonic() < deadline:
        time.sleep(10)
    return os.getloadavg()[0]


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int | None) -> float | None:
    """CPU seconds (user and system, every thread) ``pid`` has used; None when it is not here."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def listening_pid(uri: str) -> int | None:
    """The local process listening on ``uri``'s port (Neo4j, when it runs on this machine)."""
    try:
        port = int(uri.rsplit(":", 1)[1].split("/")[0])
    except (IndexError, ValueError):
        return None
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                cols = line.split()
                if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                    inodes.add(f"socket:[{cols[9]}]")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if any(os.readlink(fd) in inodes for fd in (proc / "fd").iterdir()):
                return int(proc.name)
    return None


class CpuProbe:
    """CPU ms per request of the server, this process and Neo4j between ``start`` and ``stop``."""

    def __init__(self, server: int | None, neo4j: int | None):
        self.pids = {"server": server, "neo4j": neo4j}
        self.before: dict[str, float | None] = {}

    def _now(self) -> dict[str, float | None]:
        return {"server": process_cpu(self.pids["server"]), "client": own_cpu(),
                "neo4j": process_cpu(self.pids["neo4j"])}

    def start(self) -> None:
        self.before = self._now()

    def stop(self, requests: int) -> dict[str, float]:
        after = self._now()
        cpu = {k: round(1000 * (a - b) / max(1, requests), 2)
               for k, b in self.before.items() if b is not None and (a := after[k]) is not None}
        cpu["all"] = round(sum(cpu.values()), 2)
        return cpu


def summary(latencies: list[float], wall: float) -> dict[str, Any]:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * len(ordered))) - 1)]
    return {"requests": len(ordered), "rps": round(len(ordered) / wall, 1),
            "p50_ms": round(1000 * statistics.median(ordered), 2), "p99_ms": round(1000 * p99, 2)}


def time_driver(conn: Database, q: Question, clients: int, warmup: int, requests: int, seconds: float,
                probe: CpuProbe | None = None) -> dict:
    for _ in range(warmup):
        conn.read(q.cypher, q.params)
    probe = probe or CpuProbe(None, None)
    probe.start()
    latencies: list[float] = []
    lock = threading.Lock()
    left = [requests]
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        while True:
            with lock:
                if left[0] <= 0 or time.perf_counter() > deadline:
                    return
                left[0] -= 1
            t0 = time.perf_counter()
            conn.read(q.cypher, q.params)
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for f in [pool.submit(worker) for _ in range(clients)]:
            f.result()
    wall = time.perf_counter() - started
    return {**summary(latencies, wall), "cpu_ms": probe.stop(len(latencies))}


async def _time_http(url: str, body: dict, clients: int, warmup: int, requests: int, seconds: float,
                     probe: CpuProbe) -> dict:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        async def ask() -> None:
            r = await client.post(url, json=body)
            if r.status_code != 200 or "errors" in r.json():
                raise RuntimeError(f"{url}: {r.status_code} {r.text[:300]}")

        for _ in range(warmup):
            await ask()
        latencies: list[float] = []
        left = [requests]
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            while left[0] > 0 and time.perf_counter() < deadline:
                left[0] -= 1
                t0 = time.perf_counter()
                await ask()
                latencies.append(time.perf_counter() - t0)

        probe.start()
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall = time.perf_counter() - started
        return {**summary(latencies, wall), "cpu_ms": probe.stop(len(latencies))}


def time_http(url: str, body: dict, clients: int, warmup: int, requests: int, seconds: float,
              probe: CpuProbe | None = None) -> dict:
    return asyncio.run(_time_http(url, body, clients, warmup, requests, seconds, probe or CpuProbe(None, None)))


def gql(url: str, body: dict) -> dict:
    r = httpx.post(url, json=body, timeout=60)
    payload = r.json()
    if r.status_code != 200 or "errors" in payload:
        raise RuntimeError(f"{url}: {r.status_code} {json.dumps(payload, ensure_ascii=False)[:1000]}")
    return payload["data"]


def check(conn: Database, q: Question, urls: dict[str, str]) -> int:
    """The answers to ``q`` agree (and (b0)'s JSON is (b)'s); the number of items in it."""
    a = q.answer_a(list(conn.read(q.cypher, q.params)))
    answers = {"b": q.answer_b(gql(urls["b"], q.policykg)), "c": q.answer_c(gql(urls["c"], q.library))}
    if "b0" in urls:
        before, after = gql(urls["b0"], q.policykg), gql(urls["b"], q.policykg)
        if before != after:
            raise SystemExit(f"{q.name}: (b) answers other JSON than (b0)")
        answers["b0"] = q.answer_b(before)
    for name, other in answers.items():
        if other != a:
            diff = (set(a) ^ set(other)) if isinstance(a, set) else (a, other)
            raise SystemExit(f"{q.name}: ({name}) differs from (a): {sorted(map(str, diff))[:10]}")
    if not a:
        raise SystemExit(f"{q.name}: empty answer")
    return len(a)


# --- the run -----------------------------------------------------------------------------


def load(conn: Database, dataset: str, documents: int) -> dict[str, Any]:
    files = corpus("sample" if dataset == "sample" else documents)
    ensure_schema(conn)
    started = time.perf_counter()
    for name, data in files:
        write_document(conn, parse_bytes(data, name)[0])  # each returns once search finds it
    counts = conn.read("MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS rels").first()
    return {"documents": len(files), "load_s": round(time.perf_counter() - started, 1), **(counts or {})}


@contextmanager
def loaded_graph() -> Iterator[Database]:
    """The graph at NEO4J_URI as it is."""
    with connect(Settings()) as conn:
        yield conn


def counts(conn: Database) -> dict[str, Any]:
    found = conn.read("MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS rels").first()
    documents = conn.read("MATCH (d:Document) RETURN count(d) AS n").single_value()
    return {"documents": documents, "load_s": None, **(found or {})}


def run(dataset: str, documents: int, clients: list[int], warmup: int, requests: int, seconds: float,
        check_only: bool = False, workers: int = 1, compare: Path | None = None, loaded: bool = False,
        patience: float = 180) -> dict:
    wait_for_load_benchmark()
    with (loaded_graph() if loaded else fresh_graph()) as conn:
        data = counts(conn) if loaded else load(conn, dataset, documents)
        print(f"loaded {data}", file=sys.stderr)
        uri = conn.target.uri
        neo = listening_pid(uri)
        procs = []
        try:
            pb, ub = start_policykg(uri, workers)
            procs.append(pb)
            urls = {"b": ub}
            if compare is not None:
                pb0, urls["b0"] = start_policykg(uri, workers, compare)
                procs.append(pb0)
            pc, uc = start_library(uri)
            procs.append(pc)
            urls["c"] = uc
            results = []
            asked = [(q, check(conn, q, urls)) for q in questions(conn)]
            for q, size in asked:
                print(f"{q.name}: the three answers agree ({size} items)", file=sys.stderr)
            load_before = quiet_machine(patience=patience) if not check_only else None
            print(f"load average before timing: {load_before}", file=sys.stderr)
            for q, size in asked if not check_only else []:
                for n in clients:
                    wait_for_load_benchmark()  # the benchmark's own load keeps the load average up
                    cell: dict[str, Any] = {"question": q.name, "answer_items": size, "clients": n}
                    cell["a"] = time_driver(conn, q, n, warmup, requests, seconds, CpuProbe(None, neo))
                    if "b0" in urls:
                        cell["b0"] = time_http(urls["b0"], q.policykg, n, warmup, requests, seconds,
                                               CpuProbe(pb0.pid, neo))
                    cell["b"] = time_http(ub, q.policykg, n, warmup, requests, seconds, CpuProbe(pb.pid, neo))
                    cell["c"] = time_http(uc, q.library, n, warmup, requests, seconds, CpuProbe(pc.pid, neo))
                    for x, y in RATIOS + (BEFORE if "b0" in urls else ()):
                        cell[f"{x}/{y}_p50"] = round(cell[x]["p50_ms"] / cell[y]["p50_ms"], 2)
                        cell[f"{x}/{y}_rps"] = round(cell[x]["rps"] / cell[y]["rps"], 2)
                    print(json.dumps(cell, ensure_ascii=False), file=sys.stderr)
                    results.append(cell)
        finally:
            for p in procs:
                stop(p)
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    library = json.loads((NODE_DIR / "node_modules" / "@neo4j" / "graphql" / "package.json").read_text())["version"]
    return {
        "dataset": dataset if dataset == "sample" else f"{documents} synthetic (seed 2026)",
        "data": data,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "neo4j": neo4j_version(),
                    "node": node, "neo4j_graphql": library, "platform": platform.platform()},
        "warmup": warmup, "requests": requests, "seconds_cap": seconds, "load_average_before": load_before,
        "policykg_workers": workers, "results": results,
        "compare": str(compare) if compare is not None else None,
        "commits": {"b": _commit(ROOT), **({"b0": _commit(compare)} if compare is not None else {})},
    }


def _commit(root: Path) -> str:
    found = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return found.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


#: The ratios every cell reports, and those a run with (b0) adds.
RATIOS = (("b", "a"), ("c", "a"), ("b", "c"))
BEFORE = (("b0", "c"), ("b", "b0"))


def markdown(report: dict) -> str:
    servers = [s for s in SERVERS if any(s in r for r in report["results"])]
    before = "b0" in servers
    commits = report.get("commits") or {}
    lines = [f"Dataset: {report['dataset']}: {report['data']['documents']} documents, "
             f"{report['data']['nodes']} nodes, {report['data']['rels']} relationships. "
             f"{report['requests']} timed requests per cell after {report['warmup']} untimed."
             + (f" policykg ran {report['policykg_workers']} processes." if report["policykg_workers"] > 1 else "")
             + (f" (b) is commit {commits.get('b')}" if commits.get("b") else "")
             + (f", (b0) commit {commits.get('b0')}." if before else "."), "",
             "| question | clients | server | req/s | p50 ms | p99 ms | CPU ms/request: server | client | Neo4j "
             "| all |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in report["results"]:
        for s in servers:
            m = r[s]
            cpu = m.get("cpu_ms", {})
            shares = " | ".join(str(cpu.get(k, "")) for k in ("server", "client", "neo4j", "all"))
            lines.append(f"| {r['question']} ({r['answer_items']} items) | {r['clients']} | {SERVER_NAMES[s]} | "
                         f"{m['rps']} | {m['p50_ms']} | {m['p99_ms']} | {shares} |")
    pairs = RATIOS + (BEFORE if before else ())
    names = [f"{x}/{y} {what}" for what in ("p50", "req/s") for x, y in pairs]
    if before:
        names += ["b/c p99", "b0/c p99"]
    lines += ["", "| question | clients | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for r in report["results"]:
        values = [r[f"{x}/{y}_{what}"] for what in ("p50", "rps") for x, y in pairs]
        if before:
            values += [round(r[s]["p99_ms"] / r["c"]["p99_ms"], 2) for s in ("b", "b0")]
        lines.append(f"| {r['question']} | {r['clients']} | " + " | ".join(map(str, values)) + " |")
    for n in sorted({r["clients"] for r in report["results"]}):
        rows = [r for r in report["results"] if r["clients"] == n]
        med = [round(statistics.median(r[f"{x}/{y}_p50"] for r in rows), 2) for x, y in pairs]
        lines.append(f"| median of the questions | {n} | " + " | ".join(map(str, med))
                     + " |" + " |" * (len(names) - len(med)))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    import logging
    import signal

    logging.getLogger("neo4j").setLevel(logging.ERROR)
    # A terminated run still stops its Neo4j and both API servers (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", choices=["sample", "synthetic"], default="sample")
    parser.add_argument("--documents", type=int, default=1000, help="synthetic documents (default 1000)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=60, help="time cap per server and cell")
    parser.add_argument("--json", type=Path, help="also write the report here")
    parser.add_argument("--check-only", action="store_true", help="compare the answers, time nothing")
    parser.add_argument("--workers", type=int, default=1, help="policykg server processes (default 1, as measured)")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="also serve policykg from this checkout, as (b0), before (b) in every cell")
    parser.add_argument("--loaded", action="store_true",
                        help="use the graph at NEO4J_URI as it is, already holding the dataset (no wipe, no load)")
    parser.add_argument("--patience", type=float, default=180,
                        help="longest wait, in seconds, for the load average to fall under 2 before timing")
    parser.add_argument("--no-wait", action="store_true",
                        help="time even while benchmarks.load runs (its figures and these then share the cores)")
    args = parser.parse_args(argv)
    global WAIT_FOR_LOAD
    WAIT_FOR_LOAD = not args.no_wait
    if args.loaded and not os.environ.get("NEO4J_URI"):
        parser.error("--loaded needs NEO4J_URI, the server holding the dataset")
    report = run(args.dataset, args.documents, args.clients, args.warmup, args.requests, args.seconds,
                 args.check_only, args.workers, args.compare.resolve() if args.compare else None, args.loaded,
                 args.patience)
    if args.check_only:
        return
    print(markdown(report))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
