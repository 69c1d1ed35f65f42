"""In-process time per request of the API benchmark's department and neighbourhood questions
(the policykg queries of ``benchmarks/api.py``): ``POST /graphql`` through starlette's
TestClient on ``create_app()``, against the Neo4j the environment names (``NEO4J_URI``, or the
managed server) holding the sample (``policykg neo4j start``, ``policykg load data/*.txt``).

    .venv/bin/python -m benchmarks.inprocess                   # Neo4j answers every request
    .venv/bin/python -m benchmarks.inprocess --replay          # each statement read once, then replayed
    .venv/bin/python -m benchmarks.inprocess --rounds 5 --requests 300

Prints, per question, the median wall time and the median CPU time of this process per
request; CPU time leaves out what other processes take on a busy machine, Neo4j included.
``--replay`` answers every statement after its first with the first's records, which leaves
policykg's own share (HTTP, GraphQL, planning, building objects); every replayed answer is
checked to be the first one, byte for byte. To compare two versions of the code, run them in
turn several times: the machine's load drifts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from fastapi.testclient import TestClient

from api import create_app
from benchmarks.api import questions
from graph.driver import AsyncDatabase, connect

QUESTIONS = ("department", "neighbourhood")


def _replaying() -> None:
    """Make every AsyncDatabase read answer a statement seen before with its first records."""
    recorded: dict[tuple[str, str], Any] = {}
    read = AsyncDatabase.read

    async def replay(self: AsyncDatabase, query: str, parameters: Any = None, *, timeout: float | None = None
                     ) -> Any:
        key = (query, json.dumps(parameters, sort_keys=True, default=str, ensure_ascii=False))
        if key not in recorded:
            recorded[key] = await read(self, query, parameters, timeout=timeout)
        return recorded[key]

    AsyncDatabase.read = replay  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="rounds over the questions")
    parser.add_argument("--requests", type=int, default=150, help="timed requests per question and round")
    parser.add_argument("--warmup", type=int, default=30, help="untimed requests per question first")
    parser.add_argument("--replay", action="store_true", help="replay each statement's first answer")
    args = parser.parse_args()
    if args.replay:
        _replaying()
    with connect() as conn:
        asked = [q for q in questions(conn) if q.name.startswith(QUESTIONS)]
    samples: dict[str, list[tuple[float, float]]] = {q.name: [] for q in asked}
    with TestClient(create_app()) as client:
        first = {}
        for q in asked:
            response = client.post("/graphql", json=q.policykg)
            if response.status_code != 200 or "errors" in response.json():
                raise SystemExit(f"{q.name}: {response.text[:300]}")
            first[q.name] = response.content
            for _ in range(args.warmup):
                client.post("/graphql", json=q.policykg)
        for _ in range(args.rounds):
            for q in asked:
                for _ in range(args.requests):
                    wall, cpu = time.perf_counter(), time.process_time()
                    response = client.post("/graphql", json=q.policykg)
                    samples[q.name].append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
                if args.replay and response.content != first[q.name]:
                    raise SystemExit(f"{q.name}: a replayed answer differs from the first")
    for name, timings in samples.items():
        wall_ms = statistics.median(w for w, _ in timings)
        cpu_ms = statistics.median(c for _, c in timings)
        print(f"{name}: wall median {wall_ms:.2f} ms, CPU median {cpu_ms:.2f} ms "
              f"({len(timings)} requests, {len(first[name])} bytes)")


if __name__ == "__main__":
    main()
