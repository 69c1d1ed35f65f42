"""How long hostile requests take and whether ``/health`` keeps answering meanwhile.

The app (``api.app:create_app``, production mode) runs under uvicorn in a process of its own
on a free loopback port, pointed at a Neo4j that does not answer: every hostile request is
refused before it reaches the graph, so what is timed is the API's own work. A second process
sends each hostile request (malformed and oversized ``/graphql`` bodies, fan-out, filters
too deep or too wide, Lucene syntax to ``/context``, malformed JSON-RPC and odd tool arguments
to ``/mcp``) ``--rounds`` times, while this process asks ``/health`` every 20 ms. Three
processes, so that no client's work waits on the server's interpreter lock or the other way
round. The report gives each request's median time and its answers, and the median, 99th
percentile and worst ``/health`` latency while they ran. Also timed: the cost walk of the
fan-out document alone (``api.schema.limits.query_cost``).

``--before DIR`` serves a checkout of other code in turn with this one (``DIR`` first, then
this tree, ``--runs`` times each), with the same requests, so that both are measured under the
same load; the checkout runs with this tree's virtualenv.

    .venv/bin/python -m benchmarks.hostile [--rounds 5] [--before /tmp/old --runs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from tests.hostile_inputs import LUCENE, fan_out

ROOT = Path(__file__).resolve().parent.parent

MCP_HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}


def _rpc(method: str, params: dict[str, Any] | None = None) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or {}}).encode()


def hostile() -> dict[str, tuple[str, str, bytes]]:
    """name -> (method, path with query, body)."""
    deep: Any = "x"
    for _ in range(900):
        deep = {"a": deep}
    wide = {"OR": [{"nameContains": f"词{i}"} for i in range(1000)]}
    nested: Any = {"name": "x"}
    for i in range(4):
        nested = {"responsible": nested} if i % 2 == 0 else {"leads": nested}
    items = "query($w: ItemWhere) { items(where: $w) { totalCount } }"
    requests: dict[str, tuple[str, str, bytes]] = {
        f"/graphql fan-out 2^20 paths ({len(fan_out(20))} bytes)":
            ("POST", "/graphql", json.dumps({"query": fan_out(20)}).encode()),
        "/graphql OR of 1000 nameContains":
            ("POST", "/graphql", json.dumps({"query": items, "variables": {"w": wide}}).encode()),
        "/graphql relationship filter 4 deep":
            ("POST", "/graphql", json.dumps({"query": items, "variables": {"w": nested}}).encode()),
        "/graphql variables 900 deep":
            ("POST", "/graphql", json.dumps({"query": items, "variables": {"w": deep}}).encode()),
        "/graphql 10 MB body": ("POST", "/graphql", b'{"query": "' + b" " * 10_000_000 + b'{ __typename }"}'),
        "/graphql non-UTF-8 body": ("POST", "/graphql", b"\xff\xfe\x00"),
        "/graphql body null, [1,2,3], a string": ("POST", "/graphql", b"[1,2,3]"),
        "/graphql search with Lucene syntax":
            ("POST", "/graphql", json.dumps({"query": "query($t: String!) { search(text: $t) { totalCount } }",
                                             "variables": {"t": " ".join(LUCENE)}}).encode()),
        "/mcp malformed JSON": ("POST", "/mcp", b'{"jsonrpc": "2.0", "id": 1, "method": '),
        "/mcp a JSON-RPC list of nulls": ("POST", "/mcp", b"[null, null]"),
        "/mcp unknown method": ("POST", "/mcp", _rpc("tools/destroy")),
        "/mcp search with Lucene syntax":
            ("POST", "/mcp", _rpc("tools/call", {"name": "search", "arguments": {"text": " ".join(LUCENE)}})),
    }
    for text in LUCENE[:4]:
        requests[f"/context?q={text[:12]}"] = ("GET", f"/context?{httpx.QueryParams({'q': text})}", b"")
    return requests


def attack(base: str, rounds: int) -> dict[str, Any]:
    """Send every hostile request ``rounds`` times; each one's times (s) and statuses."""
    requests = hostile()
    times: dict[str, list[float]] = {name: [] for name in requests}
    answers: dict[str, set[int]] = {name: set() for name in requests}
    with httpx.Client(timeout=900) as client:  # the code before may take minutes on a loaded machine
        for _ in range(rounds):
            for name, (method, path, body) in requests.items():
                headers = MCP_HEADERS if path == "/mcp" else {"Content-Type": "application/json"}
                began = time.perf_counter()
                response = client.request(method, base + path, content=body or None, headers=headers)
                times[name].append(time.perf_counter() - began)
                answers[name].add(response.status_code)
    return {"times": times, "answers": {name: sorted(codes) for name, codes in answers.items()}}


class Server:
    """The app of the checkout ``root`` under uvicorn, in a process of its own."""

    def __init__(self, root: Path, state_dir: str):
        from graph.server import free_port

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = os.environ | {
            "PYTHONPATH": str(root), "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "POLICYKG_ENV": "production",
            "POLICYKG_NEO4J_RETRY_TIME": "0", "POLICYKG_CONNECT_TIMEOUT": "0.2", "POLICYKG_STATE_DIR": state_dir,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning", "--no-access-log"],
            cwd=root, env=env, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(self.base + "/health", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"the app of {root} did not start") from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def run(root: Path, rounds: int) -> dict[str, Any]:
    """Serve ``root``'s app, attack it from another process, poll /health from this one."""
    with tempfile.TemporaryDirectory() as state:
        server = Server(root, state)
        try:
            attacker = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.hostile", "--attack", server.base, "--rounds", str(rounds)],
                cwd=ROOT, stdout=subprocess.PIPE, text=True)
            waits: list[float] = []
            statuses: set[int] = set()
            with httpx.Client(timeout=300) as client:
                while attacker.poll() is None:
                    began = time.perf_counter()
                    statuses.add(client.get(server.base + "/health").status_code)
                    waits.append(time.perf_counter() - began)
                    time.sleep(0.02)
            out, _ = attacker.communicate()
            if attacker.returncode:
                raise RuntimeError("the attacking process failed")
        finally:
            server.stop()
    result = json.loads(out)
    result["health"] = waits
    result["health statuses"] = sorted(statuses)
    return result


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(label: str, result: dict[str, Any]) -> None:
    print(f"\n{label}")
    print("| request | answers | median ms | worst ms |")
    print("| --- | --- | --- | --- |")
    for name, times in result["times"].items():
        answers = ", ".join(map(str, result["answers"][name]))
        print(f"| {name} | {answers} | {statistics.median(times) * 1000:.0f} | {max(times) * 1000:.0f} |")
    waits = result["health"]
    print(f"/health ({'/'.join(map(str, result['health statuses']))}) while they ran: {len(waits)} requests, "
          f"median {statistics.median(waits) * 1000:.1f} ms, p99 {_percentile(waits, 0.99) * 1000:.1f} ms, "
          f"worst {max(waits) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", type=Path, help="a checkout of other code, served in turn with this one")
    parser.add_argument("--runs", type=int, default=1, help="with --before: runs of each")
    parser.add_argument("--attack", help=argparse.SUPPRESS)  # the attacking process: a base URL
    args = parser.parse_args()
    if args.attack:
        print(json.dumps(attack(args.attack, args.rounds)))
        return

    from graphql import parse

    from api.schema import schema
    from api.schema.limits import Limits, graphql_schema, query_cost

    document, walks = parse(fan_out(20)), []
    for _ in range(6):  # the first walk also warms up; the median of the others is given
        started = time.perf_counter()
        cost = query_cost(graphql_schema(schema), document, None, None, Limits())
        walks.append((time.perf_counter() - started) * 1000)
    print(f"cost walk of the fan-out document: first {walks[0]:.1f} ms, then median "
          f"{statistics.median(walks[1:]):.2f} ms (cost {cost})")

    trees = [(f"before ({args.before})", args.before.resolve()), ("this tree", ROOT)] if args.before else \
        [("this tree", ROOT)]
    for run_number in range(1, args.runs + 1):
        for label, root in trees:
            result = run(root, args.rounds)
            report(f"{label}, run {run_number}: load average {os.getloadavg()[0]:.1f}, {args.rounds} rounds", result)


if __name__ == "__main__":
    main()
