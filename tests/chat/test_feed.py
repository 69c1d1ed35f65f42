"""What the MCP tools send a model, on the sample: each fact once (the text content is the
structured content as compact JSON; `context`'s is its numbered sentences, within the budget),
list answers in pages that say how many follow, input schemas that state their limits, unknown
arguments refused, wrong types and oversized bodies answered in one line that names the fix."""

from __future__ import annotations

import json
from typing import Any

import httpx
import jsonschema
import pytest
from mcp import Client

from tests.mcp.conftest import with_client

pytestmark = pytest.mark.neo4j


def _call(url: str, name: str, arguments: dict[str, Any]) -> tuple[Any, Any]:
    async def work(client: Client) -> tuple[Any, Any]:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        return tools.get(name), await client.call_tool(name, arguments)

    return with_client(url, work)


def _ok(url: str, name: str, arguments: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    tool, result = _call(url, name, arguments)
    assert not result.is_error, result.content
    jsonschema.validate(result.structured_content, tool.output_schema)
    (content,) = result.content
    return content.text, result.structured_content


def _error(url: str, name: str, arguments: dict[str, Any]) -> str:
    _, result = _call(url, name, arguments)
    assert result.is_error, result.structured_content
    (content,) = result.content
    return content.text


def _tools(url: str) -> dict[str, Any]:
    async def work(client: Client) -> dict[str, Any]:
        return {t.name: t for t in (await client.list_tools()).tools}

    return with_client(url, work)


@pytest.mark.parametrize(("name", "arguments"), [
    ("schedule", {"month": 3}),
    ("describe", {"name_or_id": "区发改局"}),
    ("responsibilities", {"department": "区发改局"}),
    ("search", {"text": "养老"}),
    ("schema", {}),
])
def test_the_text_content_is_the_structured_content_as_compact_json(mcp_url: str, name: str,
                                                                     arguments: dict[str, Any]) -> None:
    text, structured = _ok(mcp_url, name, arguments)

    assert json.loads(text) == structured
    assert text == json.dumps(structured, ensure_ascii=False, separators=(",", ":"))
    assert "\n" not in text and "\\u" not in text


def test_context_sends_its_numbered_sentences_once_within_the_budget(mcp_url: str) -> None:
    text, structured = _ok(mcp_url, "context", {"question": "大社保体系的进度安排是什么?", "budget": 400})

    assert len(text) == structured["used"] <= 400
    assert text.startswith("[1] 重点工作第14项「大社保体系」进度安排 4月底前:完成国统数据清理,业务测试,人员培训。"
                           "〔附件二第14项, 进度安排, 原文第333行〕\n[2] ")
    assert "text" not in structured and [f["n"] for f in structured["facts"]] == list(range(1, text.count("\n") + 2))


def test_schedule_pages_say_how_many_follow(mcp_url: str) -> None:
    _, first = _ok(mcp_url, "schedule", {"month": 3})
    _, second = _ok(mcp_url, "schedule", {"month": 3, "limit": 50, "cursor": first["next_cursor"]})
    _, last = _ok(mcp_url, "schedule", {"month": 3, "limit": 50, "cursor": second["next_cursor"]})

    assert (first["total"], first["more"], first["next_cursor"], len(first["milestones"])) == (98, 88, "10", 10)
    assert (second["more"], second["next_cursor"], len(second["milestones"])) == (38, "60", 50)
    assert (last["more"], last["next_cursor"], len(last["milestones"])) == (0, None, 38)
    ids = [m["id"] for page in (first, second, last) for m in page["milestones"]]
    assert len(ids) == len(set(ids)) == 98
    assert first["milestones"][0]["id"].endswith("/task/2/milestone/1")


def test_describe_and_responsibilities_page_their_lists(mcp_url: str) -> None:
    _, described = _ok(mcp_url, "describe", {"name_or_id": "区发改局", "limit": 5})
    _, rest = _ok(mcp_url, "describe", {"name_or_id": "区发改局", "limit": 100, "cursor": "5"})
    _, led = _ok(mcp_url, "responsibilities", {"department": "区发改局", "role": "lead", "limit": 3})

    assert (described["total"], described["more"], described["next_cursor"]) == (33, 28, "5")
    assert len(described["relationships"]) == 5 and len(rest["relationships"]) == 28 and rest["more"] == 0
    assert "first" not in described["properties"]
    assert (led["total"], led["lead_count"], led["more"], len(led["items"])) == (29, 29, 26, 3)


def test_policy_citations_and_named_queries_page(mcp_url: str) -> None:
    _, cited = _ok(mcp_url, "policy_citations", {"title": "电子商务条例", "limit": 1})
    _, rows = _ok(mcp_url, "named_query", {"name": "department_responsibilities",
                                           "params": {"department": "区发改局"}, "limit": 30})

    assert (cited["total"], cited["more"], cited["next_cursor"]) == (3, 2, "1")
    assert [len(p["citations"]) for p in cited["policies"]] == [1, 0]
    assert sum(p["citation_count"] for p in cited["policies"]) == 3
    assert (rows["total"], rows["more"], rows["next_cursor"], len(rows["rows"])) == (32, 2, "30", 30)


def test_input_schemas_state_their_limits_and_refuse_other_arguments(mcp_url: str) -> None:
    tools = _tools(mcp_url)

    for tool in tools.values():
        assert tool.input_schema["additionalProperties"] is False, tool.name
    search = tools["search"].input_schema["properties"]
    assert search["text"]["maxLength"] == 200
    assert (search["limit"]["minimum"], search["limit"]["maximum"]) == (1, 50)
    assert search["cursor"]["maxLength"] == 20
    assert tools["context"].input_schema["properties"]["question"]["maxLength"] == 500
    budget = tools["context"].input_schema["properties"]["budget"]
    assert (budget["minimum"], budget["maximum"], budget["default"]) == (200, 20000, 2000)
    role = tools["responsibilities"].input_schema["properties"]["role"]
    assert role["anyOf"][0]["enum"] == ["lead", "support"]
    assert tools["describe"].input_schema["properties"]["limit"]["maximum"] == 100
    for name in ("context", "search", "describe", "responsibilities", "policy_citations", "schedule",
                 "connections", "named_query"):
        assert "Chinese exactly as the plans write them (区发改局, 《浙江省电子商务条例》)" in tools[name].description


@pytest.mark.parametrize(("name", "arguments", "message"), [
    ("search", {"text": "养老", "colour": "red"}, "unknown argument(s) colour; search takes text, types, limit, cursor"),
    ("schema", {"verbose": True}, "unknown argument(s) verbose; schema takes no arguments"),
    ("schedule", {"month": "three"},
     "argument month: Input should be a valid integer, unable to parse string as an integer, not 'three'"),
    ("search", {"text": ["养老"]}, "argument text: Input should be a valid string, not ['养老']"),
    ("describe", {"name_or_id": "区发改局", "cursor": "next"},
     "cursor must be a next_cursor of an earlier answer (digits), not 'next'"),
    ("describe", {"name_or_id": "区发改局", "limit": 1000}, "limit must be 1 to 100, not 1000"),
])
def test_wrong_arguments_get_one_line(mcp_url: str, name: str, arguments: dict[str, Any], message: str) -> None:
    text = _error(mcp_url, name, arguments)

    assert text.endswith(message)
    assert "\n" not in text


def test_an_oversized_body_says_the_limit(mcp_url: str) -> None:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "search", "arguments": {"text": "养" * 70000}}}
    response = httpx.post(mcp_url, json=body, headers={"Accept": "application/json, text/event-stream"})

    assert response.status_code == 413
    assert response.json()["error"] == ("the request body is larger than 65536 bytes (64 kB), the most /mcp reads; "
                                         "send shorter arguments")


def test_a_weak_match_is_not_found_with_suggestions(mcp_url: str) -> None:
    message = _error(mcp_url, "describe", {"name_or_id": "宇宙飞船计划xyz"})
    _, searched = _ok(mcp_url, "search", {"text": "宇宙飞船计划xyz", "limit": 3})
    _, found = _ok(mcp_url, "search", {"text": "慈善信托", "limit": 3})

    assert "not found: nothing in the graph is called '宇宙飞船计划xyz'" in message
    assert "the nearest are 健全“春苗”扶持计划 (Measure:宁波市奉化区-2022-ec22819a/measure/1.4)" in message
    assert (searched["matched_by"], searched["hits"]) == ("not found", [])
    assert searched["suggestions"][0]["name"] == "健全“春苗”扶持计划"
    assert found["matched_by"] == "text" and found["suggestions"] == []
    assert found["hits"][0]["node"]["name"] == "慈善信托" and found["hits"][0]["quality"] == 1.0


def test_a_weak_question_is_not_found_with_suggestions(mcp_url: str) -> None:
    text, answer = _ok(mcp_url, "context", {"question": "宇宙飞船计划xyz是什么?"})

    assert (answer["facts"], answer["entities"], answer["used"]) == ([], [], 0)
    assert text.startswith("not found: the question names nothing in the plans, and no text holds most of its "
                           "words; the nearest are 健全“春苗”扶持计划 (Measure:宁波市奉化区-2022-ec22819a/measure/1.4)")
    assert answer["suggestions"][0] == {"id": "Measure:宁波市奉化区-2022-ec22819a/measure/1.4", "type": "Measure",
                                        "name": "健全“春苗”扶持计划", "matched": answer["suggestions"][0]["matched"],
                                        "how": "suggestion"}


@pytest.mark.parametrize(("written", "node_id", "name"), [
    ("重点工作第25项", "Task:宁波市奉化区-2022-ec22819a/task/25", "大通道建设"),
    ("任务25", "Task:宁波市奉化区-2022-ec22819a/task/25", "大通道建设"),
    ("附件二第25项", "Task:宁波市奉化区-2022-ec22819a/task/25", "大通道建设"),
    ("改革14", "Reform:宁波市奉化区-2022-ec22819a/reform/14", "关键核心技术揭榜挂帅"),
    ("附件三第14项", "Reform:宁波市奉化区-2022-ec22819a/reform/14", "关键核心技术揭榜挂帅"),
    ("举措1.6", "Measure:宁波市奉化区-2022-ec22819a/measure/1.6", "推进服务业双倍增工程"),
    ("1.6", "Measure:宁波市奉化区-2022-ec22819a/measure/1.6", "推进服务业双倍增工程"),
])
def test_describe_takes_the_plans_numbering(mcp_url: str, written: str, node_id: str, name: str) -> None:
    _, answer = _ok(mcp_url, "describe", {"name_or_id": written, "limit": 1})

    assert (answer["node"]["id"], answer["node"]["name"], answer["matched_by"]) == (node_id, name, "number")


def test_describe_of_a_number_no_item_has(mcp_url: str) -> None:
    assert _error(mcp_url, "describe", {"name_or_id": "任务99"}).endswith(
        "not found: no item of the loaded plans is numbered '任务99'; list items with search")


@pytest.mark.parametrize(("question", "first"), [
    ("重点工作第25项是什么?", "[1] 重点工作第25项「大通道建设」由区交通局牵头,区发改局配合。〔附件二第25项, 原文第501行〕"),
    ("附件三第14项的进度安排?", "[1] 重大改革第14项「关键核心技术揭榜挂帅」进度安排"),
    ("工作举措1.6由谁牵头?", "[1] 工作举措1.6「推进服务业双倍增工程」由区发改局牵头。"),
])
def test_context_takes_the_plans_numbering(mcp_url: str, question: str, first: str) -> None:
    text, answer = _ok(mcp_url, "context", {"question": question, "budget": 400})

    assert text.startswith(first)
    assert answer["entities"][0]["how"] == "number"
