"""How long hostile requests take and whether ``/health`` keeps answering meanwhile.

The app (``api.app:create_app``, production mode) runs under uvicorn in this process on a
free loopback port, pointed at a Neo4j that does not answer: every hostile request is
refused before it reaches the graph, and ``/health`` answers 503 at once, so what is timed is
the API's own work. One thread sends each hostile request ``--rounds`` times while the main
thread asks ``/health`` every 20 ms; the report gives each request's median time, its
answer, and the median and worst ``/health`` latency while they ran. Also timed: the cost
walk of the fan-out document alone (``api.schema.limits.query_cost``).

    .venv/bin/python -m benchmarks.hostile [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
from typing import Any

import httpx
import uvicorn
from graphql import parse

from api import ApiSettings, create_app
from api.schema import schema
from api.schema.limits import Limits, graphql_schema, query_cost
from graph.server import free_port


def fan_out(levels: int) -> str:
    """A short document whose fragments spread each other twice: 2**levels paths."""
    fragments = ["fragment F0 on Department { name leads(first: 1) { nodes { name } } }"]
    for i in range(1, levels + 1):
        fragments.append(f"fragment F{i} on Department {{ ...F{i - 1} leads(first: 1) {{ nodes {{ name }} }} "
                         f"supports(first: 1) {{ nodes {{ name }} }} ...F{i - 1} }}")
    return f"{{ departments(first: 1) {{ nodes {{ ...F{levels} }} }} }}\n" + "\n".join(fragments)


def hostile() -> dict[str, bytes]:
    deep: Any = "x"
    for _ in range(900):
        deep = {"a": deep}
    wide = {"OR": [{"nameContains": f"词{i}"} for i in range(1000)]}
    nested: Any = {"name": "x"}
    for i in range(4):
        nested = {"responsible": nested} if i % 2 == 0 else {"leads": nested}
    items = "query($w: ItemWhere) { items(where: $w) { totalCount } }"
    return {
        f"fan-out 2^20 paths ({len(fan_out(20))} bytes)": json.dumps({"query": fan_out(20)}).encode(),
        "OR of 1000 nameContains": json.dumps({"query": items, "variables": {"w": wide}}).encode(),
        "relationship filter 4 deep": json.dumps({"query": items, "variables": {"w": nested}}).encode(),
        "variables 900 deep": json.dumps({"query": items, "variables": {"w": deep}}).encode(),
        "10 MB body": b'{"query": "' + b" " * 10_000_000 + b'{ __typename }"}',
        "non-UTF-8 body": b"\xff\xfe\x00",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    document, walks = parse(fan_out(20)), []
    for _ in range(6):  # the first walk also imports and warms up; the median of the others is given
        started = time.perf_counter()
        cost = query_cost(graphql_schema(schema), document, None, None, Limits())
        walks.append((time.perf_counter() - started) * 1000)
    print(f"cost walk of the fan-out document: first {walks[0]:.1f} ms, then median "
          f"{statistics.median(walks[1:]):.2f} ms (cost {cost})")

    app = create_app(ApiSettings(neo4j_uri=f"bolt://127.0.0.1:{free_port()}", env="production",
                                 retry_time=0, connect_timeout=0.2))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    bodies = hostile()
    times: dict[str, list[float]] = {name: [] for name in bodies}
    answers: dict[str, set[int]] = {name: set() for name in bodies}

    def attack() -> None:
        with httpx.Client(timeout=120) as client:
            for _ in range(args.rounds):
                for name, body in bodies.items():
                    began = time.perf_counter()
                    response = client.post(base + "/graphql", content=body,
                                           headers={"Content-Type": "application/json"})
                    times[name].append(time.perf_counter() - began)
                    answers[name].add(response.status_code)

    attacker = threading.Thread(target=attack)
    waits: list[float] = []
    with httpx.Client(timeout=30) as client:
        attacker.start()
        while attacker.is_alive():
            began = time.perf_counter()
            client.get(base + "/health")
            waits.append(time.perf_counter() - began)
            time.sleep(0.02)
    attacker.join()
    server.should_exit = True
    thread.join(timeout=30)

    print(f"load average {os.getloadavg()[0]:.1f}; {args.rounds} rounds")
    print("| request | answer | median ms |")
    print("| --- | --- | --- |")
    for name in bodies:
        print(f"| {name} | {', '.join(map(str, sorted(answers[name])))} | {statistics.median(times[name]) * 1000:.0f} |")
    print(f"/health while they ran: {len(waits)} requests, median {statistics.median(waits) * 1000:.1f} ms, "
          f"worst {max(waits) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
