"""In-process time per request of the API benchmark's questions (the policykg queries of
``benchmarks/api.py``, and ``large``: a neighbourhood of 245 nodes, the size of the answers on
1000 plans): ``POST /graphql`` through starlette's
TestClient on ``create_app()``, against the Neo4j the environment names (``NEO4J_URI``, or the
managed server) holding the sample (``policykg neo4j start``, ``policykg load data/*.txt``).

    .venv/bin/python -m benchmarks.inprocess                   # Neo4j answers every request
    .venv/bin/python -m benchmarks.inprocess --replay          # each statement read once, then replayed
    .venv/bin/python -m benchmarks.inprocess --rounds 5 --requests 300
    .venv/bin/python -m benchmarks.inprocess --replay --unshaped   # beside graphql-core answering every request

Prints, per question, the median wall time and the median CPU time of this process per
request; CPU time leaves out what other processes take on a busy machine, Neo4j included.
``--replay`` answers every statement after its first with the first's records, which leaves
policykg's own share (HTTP, GraphQL, planning, building objects); every replayed answer is
checked to be the first one, byte for byte. ``--unshaped`` also serves an app without shaped
answers (``create_app(shaped=False)``: graphql-core executes every operation) and asks each
request of both in turn, after checking both answer every question with the same bytes: the
one comparison here that noise cannot tilt. To compare two versions of the code, run them in
turn several times: the machine's load drifts.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import statistics
import time
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from api import create_app
from benchmarks.api import questions
from graph.driver import AsyncDatabase, connect

QUESTIONS = ("department", "search", "neighbourhood", "named", "large")


@dataclass(frozen=True)
class Asked:
    name: str
    policykg: dict[str, Any]


#: An answer of the size 1000 plans give the benchmark's questions, on the sample: every node
#: within two relationships of 区发改局 (245 nodes, 52 kB), with item fields through a fragment.
LARGE = Asked("large: depth 2 around 区发改局", {"query": (
    '{ neighbourhood(id: "Department:宁波市奉化区/区发改局", depth: 2, limit: 500) { truncated reach '
    "nodes { id key displayName labels ... on Item { number name kind } } } }")})


def _replaying() -> None:
    """Make every AsyncDatabase read answer a statement seen before with its first records."""
    recorded: dict[tuple[str, str], Any] = {}
    read = AsyncDatabase.read

    async def replay(self: AsyncDatabase, query: str, parameters: Any = None, **options: Any) -> Any:
        key = (query, json.dumps(parameters, sort_keys=True, default=str, ensure_ascii=False), repr(options))
        if key not in recorded:
            recorded[key] = await read(self, query, parameters, **options)
        return recorded[key]

    AsyncDatabase.read = replay  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="rounds over the questions")
    parser.add_argument("--requests", type=int, default=150, help="timed requests per question and round")
    parser.add_argument("--warmup", type=int, default=30, help="untimed requests per question first")
    parser.add_argument("--replay", action="store_true", help="replay each statement's first answer")
    parser.add_argument("--only", nargs="+", choices=QUESTIONS, default=list(QUESTIONS), metavar="QUESTION",
                        help=f"the questions to ask ({', '.join(QUESTIONS)}; all by default)")
    parser.add_argument("--unshaped", action="store_true",
                        help="also ask an app without shaped answers (graphql-core executes every operation), "
                        "each request in turn with the served app's")
    args = parser.parse_args()
    logging.getLogger("httpx2").setLevel(logging.WARNING)  # a line per request otherwise
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if args.replay:
        _replaying()
    with connect() as conn:
        asked: list[Any] = [q for q in [*questions(conn), LARGE] if q.name.startswith(tuple(args.only))]
    apps = {"served": create_app()}
    if args.unshaped:
        apps["unshaped"] = create_app(shaped=False)
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {(q.name, a): [] for q in asked for a in apps}
    with contextlib.ExitStack() as stack:
        clients = {name: stack.enter_context(TestClient(app)) for name, app in apps.items()}
        first: dict[str, bytes] = {}
        for q in asked:
            for name, client in clients.items():
                response = client.post("/graphql", json=q.policykg)
                if response.status_code != 200 or "errors" in response.json():
                    raise SystemExit(f"{q.name} ({name}): {response.text[:300]}")
                if first.setdefault(q.name, response.content) != response.content:
                    raise SystemExit(f"{q.name}: the {name} app answers otherwise")
                for _ in range(args.warmup):
                    client.post("/graphql", json=q.policykg)
        for _ in range(args.rounds):
            for q in asked:
                for _ in range(args.requests):
                    for name, client in clients.items():
                        wall, cpu = time.perf_counter(), time.process_time()
                        response = client.post("/graphql", json=q.policykg)
                        samples[q.name, name].append(((time.perf_counter() - wall) * 1000,
                                                      (time.process_time() - cpu) * 1000))
                if args.replay and response.content != first[q.name]:
                    raise SystemExit(f"{q.name}: a replayed answer differs from the first")
    for q in asked:
        cpu_of = {}
        for name in apps:
            timings = samples[q.name, name]
            wall_ms = statistics.median(w for w, _ in timings)
            cpu_of[name] = statistics.median(c for _, c in timings)
            label = "" if len(apps) == 1 else f" [{name}]"
            print(f"{q.name}{label}: wall median {wall_ms:.2f} ms, CPU median {cpu_of[name]:.2f} ms "
                  f"({len(timings)} requests, {len(first[q.name])} bytes)")
        if len(apps) > 1:
            print(f"{q.name}: CPU served/unshaped {cpu_of['served'] / cpu_of['unshaped']:.2f}")


if __name__ == "__main__":
    main()
