"""Every citation every tool gives quotes the document's own characters and names the narrowest
lines that hold them, checked against the sample file itself; a few of them by exact value."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from tests.chat.conftest import load_questions
from tests.mcp.conftest import with_client

pytestmark = pytest.mark.neo4j

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "fenghua-2022-workpoints.txt"
LINES = SAMPLE.read_text(encoding="utf-8").split("\n")

CALLS: list[tuple[str, dict[str, Any]]] = [
    *[("context", {"question": q["question"], "budget": 20000}) for q in load_questions("questions.yaml")],
    *[("describe", {"name_or_id": name, "limit": 100})
      for name in ("区发改局", "任务25", "改革14", "举措1.6", "浙江省电子商务条例", "溪口镇", "民生优享先行示范")],
    *[("schedule", {"month": month, "limit": 100}) for month in range(1, 13)],
    ("responsibilities", {"department": "区发改局", "limit": 100}),
    ("responsibilities", {"department": "区卫生健康局", "limit": 100}),
    ("search", {"text": "养老", "limit": 50}),
    ("search", {"text": "社区", "limit": 50}),
    ("policy_citations", {"title": "条例", "limit": 100}),
    ("connections", {"a": "区科技局", "b": "江口街道"}),
]


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _lines(start: int, end: int) -> str:
    return _bare("".join(LINES[start - 1:end]))


def _citations(value: Any, found: list[tuple[dict[str, Any], dict[str, Any]]], owner: dict[str, Any]) -> None:
    if isinstance(value, dict):
        if isinstance(value.get("citation"), dict):
            found.append((value["citation"], value))
        for inner in value.values():
            _citations(inner, found, value)
    elif isinstance(value, list):
        for inner in value:
            _citations(inner, found, owner)


def _answers(url: str) -> list[tuple[str, dict[str, Any]]]:
    async def work(client: Client) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for name, arguments in CALLS:
            result = await client.call_tool(name, arguments)
            assert not result.is_error, (name, arguments, result.content)
            out.append((f"{name}({arguments})", result.structured_content))
        return out

    return with_client(url, work)


def test_every_citation_quotes_the_file_on_its_narrowest_lines(mcp_url: str) -> None:
    wrong = []
    checked = 0
    for call, answer in _answers(mcp_url):
        found: list[tuple[dict[str, Any], dict[str, Any]]] = []
        _citations(answer, found, answer)
        for cited, owner in found:
            if cited.get("line_start") is None:
                continue
            checked += 1
            start, end, quoted = cited["line_start"], cited["line_end"], _bare(cited["source_text"])
            if not quoted or quoted not in _lines(start, end):
                wrong.append((call, "not in its lines", start, end, cited["source_text"][:40]))
            elif end > start and (quoted in _lines(start + 1, end) or quoted in _lines(start, end - 1)):
                wrong.append((call, "not its narrowest lines", start, end, cited["source_text"][:40]))
            kind, text = owner.get("kind"), owner.get("text") or ""
            if kind == "milestone" and not text.endswith(cited["source_text"].strip()):
                wrong.append((call, "milestone does not quote its text", text[:40]))
            if kind == "cell" and _bare(text.split(":", 1)[1].rstrip("…")) not in quoted:
                wrong.append((call, "cell does not quote its text", text[:40]))

    assert checked > 2000
    assert wrong == []


def test_cell_facts_cite_the_cells_own_lines(chat) -> None:
    body = chat.get("/context", params={"q": "大通道建设的政策体系是什么?", "budget": 3000}).json()

    task = f"Task:{DOC}/task/25"
    cells = {f["citation"]["cell"]: f["citation"] for f in body["facts"] if f["kind"] == "cell" and f["subject"] == task}
    assert (cells["policy"]["line_start"], cells["policy"]["line_end"]) == (507, 509)
    responsibility = next(f for f in body["facts"] if f["kind"] == "responsibility" and f["subject"] == task)
    assert (responsibility["citation"]["line_start"], responsibility["citation"]["line_end"]) == (501, 501)


def test_describe_cites_departments_and_policies(mcp_url: str) -> None:
    async def work(client: Client) -> list[dict[str, Any]]:
        return [(await client.call_tool("describe", {"name_or_id": name, "limit": 1})).structured_content
                for name in ("区发改局", "浙江省电子商务条例", f"Task:{DOC}/task/25")]

    department, policy, task = with_client(mcp_url, work)

    assert department["citation"]["line_start"] == department["citation"]["line_end"] == 40
    assert department["citation"]["source_text"].endswith("促进楼宇经济发展(区发改局)。")
    assert (policy["citation"]["line_start"], policy["citation"]["cell"]) == (225, "work")
    assert "《浙江省电子商务条例》" in policy["citation"]["source_text"]
    assert (task["citation"]["line_start"], task["citation"]["line_end"]) == (501, 513)


DOC = "宁波市奉化区-2022-ec22819a"


def test_milestones_keep_the_documents_separator(mcp_url: str) -> None:
    async def work(client: Client) -> dict[str, Any]:
        return (await client.call_tool("search", {"text": "个体工商户经营状况调查", "types": ["Milestone"],
                                                  "limit": 1})).structured_content

    hit = with_client(mcp_url, work)["hits"][0]

    assert hit["citation"]["source_text"] == "3-4月 参与全区个体工商户经营状况调查。"
    assert hit["citation"]["line_start"] == 1396
