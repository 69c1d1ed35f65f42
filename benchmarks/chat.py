"""Chat feed benchmark: recall of the needed facts in the context, by budget, and latency per tool.

    .venv/bin/python -m benchmarks.chat                       # budgets 500 … 3000, 9 timed calls per tool
    .venv/bin/python -m benchmarks.chat --repeat 15 --json out.json
    .venv/bin/python -m benchmarks.chat --sizes-only          # what each answer sends a model, in characters

The sample plan is loaded into a throw-away managed Neo4j (or the server named by NEO4J_URI,
which is wiped first). Recall: for each question of tests/chat/questions.yaml (and the
held-out tests/chat/heldout.yaml), the share of its needed facts (exact substrings) found in
the context text, overall and per category (the id's prefix: dept-, co-, policy-...).

Latency: the app runs under uvicorn on a loopback port, as ``policykg serve`` runs it; each
tool is called through the MCP SDK's client over streamable HTTP, in one session, once to
warm up (plans compiled, jieba loaded) and then ``--repeat`` times; the median and the
slowest of the timed calls are reported, measured at the client (HTTP, JSON and the reads
included). ``context`` is timed over the 46 questions in turn, ``/context`` likewise over
plain HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import uvicorn
import yaml

from api import ApiSettings, create_app
from api.chat.grounding import build_context
from api.chat.lexicon import LexiconCache
from benchmarks.load import fresh_graph
from graph.config import Settings
from graph.driver import connect_async
from graph.schema import ensure_schema
from graph.server import free_port, neo4j_version
from graph.writer import write_document
from loaders import load_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "fenghua-2022-workpoints.txt"
QUESTIONS = ROOT / "tests" / "chat" / "questions.yaml"
HELD_OUT = ROOT / "tests" / "chat" / "heldout.yaml"
BUDGETS = [500, 1000, 1500, 2000, 3000]

#: One call per tool, with arguments a chatbot would send.
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("search", {"text": "养老服务", "limit": 10}),
    ("describe", {"name_or_id": "区发改局"}),
    ("responsibilities", {"department": "区卫生健康局"}),
    ("policy_citations", {"title": "浙江省电子商务条例"}),
    ("schedule", {"month": 6, "department": "区民政局"}),
    ("connections", {"a": "区科技局", "b": "江口街道", "max_hops": 4}),
    ("list_named_queries", {}),
    ("named_query", {"name": "department_responsibilities", "params": {"department": "区发改局"}}),
    ("schema", {}),
]


def _questions(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


async def recall(settings: Settings, budgets: list[int]) -> dict[str, Any]:
    sets = {"questions": _questions(QUESTIONS), "held_out": _questions(HELD_OUT)}
    lexicons = LexiconCache()
    report: dict[str, Any] = {}
    async with connect_async(settings) as conn:
        for budget in budgets:
            row: dict[str, Any] = {}
            for name, questions in sets.items():
                found = total = 0
                per_question = []
                by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
                for q in questions:
                    result = await build_context(conn, await lexicons.get(conn), q["question"], budget)
                    hits = sum(1 for fact in q["facts"] if fact in result.text)
                    found += hits
                    total += len(q["facts"])
                    per_question.append(hits / len(q["facts"]))
                    category = by_category[q["id"].split("-")[0]]
                    category[0] += hits
                    category[1] += len(q["facts"])
                row[name] = {
                    "questions": len(questions), "facts": total, "found": found, "recall": round(found / total, 4),
                    "mean_per_question": round(statistics.mean(per_question), 4),
                    "by_category": {c: f"{a}/{b}" for c, (a, b) in by_category.items()},
                }
            report[str(budget)] = row
            print(json.dumps({"budget": budget, **{k: v["recall"] for k, v in row.items()}}), file=sys.stderr)
    return report


#: The answers whose size the issue measured: a page of a long list, a department described.
SIZED: list[tuple[str, dict[str, Any]]] = [
    ("schedule", {"month": 3}),
    ("describe", {"name_or_id": "区发改局"}),
    ("responsibilities", {"department": "区发改局"}),
    ("search", {"text": "养老"}),
]


async def sizes(settings: Settings, budget: int = 2000) -> dict[str, Any]:
    """Characters a model reads of each answer (the text content of the MCP result) and of
    its structured content as compact JSON, over the in-process server (no HTTP)."""
    from mcp import Client

    from api.chat.tools import Feed
    from api.mcp import build_server
    from graph.named_queries import load_queries

    def compact(value: Any) -> int:
        return len(json.dumps(value, ensure_ascii=False, separators=(",", ":"))) if value is not None else 0

    report: dict[str, Any] = {}
    async with connect_async(settings) as conn:
        server = build_server(Feed(graph=lambda: conn, queries=load_queries()))
        async with Client(server) as client:
            texts, structured = [], []
            for q in _questions(QUESTIONS):
                result = await client.call_tool("context", {"question": q["question"], "budget": budget})
                texts.append(sum(len(getattr(c, "text", "")) for c in result.content))
                structured.append(compact(result.structured_content))
            report[f"context (budget {budget}), median of {len(texts)}"] = {
                "text": statistics.median(texts), "max_text": max(texts), "structured": statistics.median(structured)}
            for name, arguments in SIZED:
                result = await client.call_tool(name, arguments)
                report[f"{name}({json.dumps(arguments, ensure_ascii=False)})"] = {
                    "text": sum(len(getattr(c, "text", "")) for c in result.content),
                    "structured": compact(result.structured_content)}
    return report


def _serve(settings: Settings) -> tuple[uvicorn.Server, threading.Thread, int]:
    port = free_port()
    app = create_app(ApiSettings(**settings.model_dump()))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    return server, thread, port


def _summary(seconds: list[float]) -> dict[str, float]:
    return {"median_ms": round(1000 * statistics.median(seconds), 1), "max_ms": round(1000 * max(seconds), 1),
            "calls": len(seconds)}


async def latency(port: int, repeat: int) -> dict[str, Any]:
    from mcp import Client

    questions = [q["question"] for q in _questions(QUESTIONS)]
    timings: dict[str, Any] = {}
    async with Client(f"http://127.0.0.1:{port}/mcp") as client:
        for name, arguments in CALLS:
            await client.call_tool(name, arguments)  # warm-up
            seconds = []
            for _ in range(repeat):
                started = time.perf_counter()
                result = await client.call_tool(name, arguments)
                seconds.append(time.perf_counter() - started)
                assert not result.is_error, result.content
            timings[name] = _summary(seconds)
        for question in questions:  # warm-up: each question's statements planned once
            await client.call_tool("context", {"question": question})
        seconds = []
        for question in questions:
            started = time.perf_counter()
            await client.call_tool("context", {"question": question})
            seconds.append(time.perf_counter() - started)
        timings["context"] = _summary(seconds)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
        seconds = []
        for question in questions:
            started = time.perf_counter()
            response = await http.get("/context", params={"q": question})
            seconds.append(time.perf_counter() - started)
            response.raise_for_status()
        timings["GET /context"] = _summary(seconds)
    return timings


def markdown(report: dict[str, Any]) -> str:
    lines = ["| budget (characters) | recall, 46 questions (152 facts) | by category | recall, 12 held-out (14 facts) |",
             "|---|---|---|---|"]
    for budget, row in report["recall"].items():
        q, h = row["questions"], row["held_out"]
        categories = ", ".join(f"{c} {v}" for c, v in q["by_category"].items())
        lines.append(f"| {budget} | {q['found']}/{q['facts']} = {q['recall']:.1%} | {categories} | "
                     f"{h['found']}/{h['facts']} = {h['recall']:.1%} |")
    lines += ["", "| answer | characters the model reads | structured content (compact JSON) |", "|---|---|---|"]
    for name, size in report["sizes"].items():
        lines.append(f"| {name} | {size['text']} | {size['structured']} |")
    lines += ["", "| tool | median ms | slowest ms | timed calls |", "|---|---|---|---|"]
    for name, t in report["latency"].items():
        lines.append(f"| {name} | {t['median_ms']} | {t['max_ms']} | {t['calls']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    import logging

    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budgets", nargs="+", type=int, default=BUDGETS)
    parser.add_argument("--repeat", type=int, default=9, help="timed calls per tool (median reported)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--sizes-only", action="store_true", help="measure the answers' sizes, nothing else")
    args = parser.parse_args(argv)
    with fresh_graph() as conn:
        ensure_schema(conn)
        write_document(conn, load_file(SAMPLE)[0])  # returns once search finds it
        settings = Settings(neo4j_uri=conn.target.uri, neo4j_password=conn.target.password)
        report: dict[str, Any] = {"sizes": asyncio.run(sizes(settings))}
        print(json.dumps(report["sizes"], ensure_ascii=False, indent=1), file=sys.stderr)
        if args.sizes_only:
            return
        report["recall"] = asyncio.run(recall(settings, args.budgets))
        server, thread, port = _serve(settings)
        try:
            report["latency"] = asyncio.run(latency(port, args.repeat))
        finally:
            server.should_exit = True
            thread.join()
    report["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(), "neo4j": neo4j_version(),
                         "external": bool(os.environ.get("NEO4J_URI"))}
    print(markdown(report))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
