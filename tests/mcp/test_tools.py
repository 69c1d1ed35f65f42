"""Every tool over a real MCP client session (the SDK's ``Client``) against the app served by
uvicorn and the real Neo4j holding the sample: schemas, cited answers, and clear tool errors
for bad arguments."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from mcp import Client

from tests.mcp.conftest import with_client

pytestmark = pytest.mark.neo4j

TOOLS = ["context", "search", "describe", "responsibilities", "policy_citations", "schedule", "connections",
         "list_named_queries", "named_query", "schema"]
DOC = "宁波市奉化区-2022-ec22819a"


def _call(url: str, name: str, arguments: dict[str, Any]) -> Any:
    async def work(client: Client) -> Any:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        result = await client.call_tool(name, arguments)
        return tools.get(name), result

    return with_client(url, work)


def _ok(url: str, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """The structured answer of a call, checked against the tool's output schema."""
    tool, result = _call(url, name, arguments)
    assert not result.is_error, result.content
    jsonschema.validate(result.structured_content, tool.output_schema)
    return result.structured_content


def _error(url: str, name: str, arguments: dict[str, Any]) -> str:
    _, result = _call(url, name, arguments)
    assert result.is_error, result.structured_content
    return result.content[0].text


def _cited(citation: dict[str, Any] | None) -> None:
    assert citation is not None
    assert citation["document"] == DOC
    assert citation["line_start"] >= 1 and citation["line_end"] >= citation["line_start"]
    assert citation["source_text"]


def test_the_tools_are_listed_with_schemas_and_read_only(mcp_url: str) -> None:
    async def work(client: Client):
        return (await client.list_tools()).tools

    tools = with_client(mcp_url, work)

    assert sorted(t.name for t in tools) == sorted(TOOLS)
    for tool in tools:
        assert tool.description and tool.input_schema["type"] == "object"
        assert tool.output_schema and tool.output_schema["type"] == "object"
        assert tool.annotations.read_only_hint is True and tool.annotations.destructive_hint is False
    assert not any("cypher" in t.name.lower() or "cypher" in str(t.input_schema).lower() for t in tools)


def test_context(mcp_url: str) -> None:
    tool, result = _call(mcp_url, "context", {"question": "哪些单位和区科技局一起负责3号青创大走廊?", "budget": 800})
    assert not result.is_error, result.content
    jsonschema.validate(result.structured_content, tool.output_schema)
    answer = result.structured_content
    (content,) = result.content

    # the model reads the numbered sentences, each fact once, within the budget
    assert len(content.text) == answer["used"] <= 800
    assert "text" not in answer
    assert [line.split("] ", 1)[1].split("〔")[0] for line in content.text.split("\n")] == [
        f["text"] for f in answer["facts"]]
    assert {e["name"] for e in answer["entities"]} >= {"区科技局", "3号青创大走廊"}
    for unit in ("岳林街道", "江口街道", "经济开发区", "宁南新城管理中心"):
        assert unit in content.text
    for fact in answer["facts"]:
        _cited(fact["citation"])


def test_search(mcp_url: str) -> None:
    answer = _ok(mcp_url, "search", {"text": "慈善信托", "types": ["Reform", "Milestone"], "limit": 5})

    assert 1 <= len(answer["hits"]) <= 5
    assert answer["hits"][0]["node"]["type"] in ("Reform", "Milestone")
    assert any(h["node"]["name"] == "慈善信托" for h in answer["hits"])
    for hit in answer["hits"]:
        _cited(hit["citation"])


def test_search_hits_on_departments_cite_a_responsibility(mcp_url: str) -> None:
    answer = _ok(mcp_url, "search", {"text": "民政局", "types": ["Department"], "limit": 1})

    hit = answer["hits"][0]
    assert hit["node"] == {"id": "Department:宁波市奉化区/区民政局", "type": "Department", "name": "区民政局"}
    _cited(hit["citation"])
    assert "区民政局" in hit["citation"]["source_text"]


def test_describe_accepts_an_alias(mcp_url: str) -> None:
    answer = _ok(mcp_url, "describe", {"name_or_id": "宁波市奉化区发展和改革局", "limit": 100})

    assert answer["node"]["id"] == "Department:宁波市奉化区/区发改局"
    assert answer["matched_by"] == "alias"
    assert answer["properties"]["full_name"] == "宁波市奉化区发展和改革局"
    responsible = [r for r in answer["relationships"] if r["type"] == "RESPONSIBLE_FOR"]
    assert len(responsible) == 32
    assert {r["properties"]["role"] for r in responsible} == {"lead", "support"}
    for relationship in responsible:
        assert relationship["direction"] == "out"
        _cited(relationship["citation"])


def test_describe_an_item_by_id(mcp_url: str) -> None:
    answer = _ok(mcp_url, "describe", {"name_or_id": f"Task:{DOC}/task/25", "limit": 100})

    assert answer["node"]["name"] == "大通道建设" and answer["matched_by"] == "id"
    _cited(answer["citation"])
    units = {(r["other"]["name"], r["properties"]["role"]) for r in answer["relationships"]
             if r["type"] == "RESPONSIBLE_FOR"}
    assert units == {("区交通局", "lead"), ("区发改局", "support")}
    milestones = [r for r in answer["relationships"] if r["type"] == "HAS_MILESTONE"]
    assert milestones and all(r["citation"]["cell"] == "schedule" for r in milestones)


def test_responsibilities(mcp_url: str) -> None:
    answer = _ok(mcp_url, "responsibilities", {"department": "区卫生健康局", "role": "lead"})

    assert answer["department"]["name"] == "区卫健局"
    assert answer["role"] == "lead"
    names = {r["item"]["name"] for r in answer["items"]}
    assert {"普惠托育扩容提质行动", "高水平县级医院建设", "托育机构星级评价标准"} <= names
    assert len(answer["items"]) == answer["lead_count"]
    for entry in answer["items"]:
        assert entry["role"] == "lead" and entry["item"]["lead"] == ["区卫健局"]
        _cited(entry["citation"])
        assert "区卫" in entry["citation"]["source_text"]


def test_policy_citations_match_titles_loosely(mcp_url: str) -> None:
    exact = _ok(mcp_url, "policy_citations", {"title": "《浙江省电子商务条例》"})
    part = _ok(mcp_url, "policy_citations", {"title": "电子商务条例"})

    assert exact["matched"] == "exact" and part["matched"] == "contains"
    (policy,) = exact["policies"]
    assert policy["title"] == "浙江省电子商务条例" and policy["level"] == "省"
    assert {c["item"]["name"] for c in policy["citations"]} == {"平台经济规范健康发展", "外卖在线"}
    # a part of a title also finds the titles that quote it (关于贯彻落实<浙江省电子商务条例>…的意见)
    assert len(part["policies"]) == 2 and policy in part["policies"]
    for found in part["policies"]:
        for citation in found["citations"]:
            _cited(citation["citation"])
            assert "电子商务条例" in citation["citation"]["source_text"]


def test_schedule_of_a_month_for_a_department(mcp_url: str) -> None:
    answer = _ok(mcp_url, "schedule", {"month": 6, "department": "民政局"})

    assert answer["department"]["name"] == "区民政局"
    assert answer["milestones"]
    for milestone in answer["milestones"]:
        assert (milestone["start_month"] or milestone["end_month"]) <= 6 <= milestone["end_month"]
        assert milestone["due"] == (milestone["end_month"] == 6)
        assert "区民政局" in milestone["item"]["lead"] + milestone["item"]["support"]
        _cited(milestone["citation"])


def test_connections_follow_what_the_plan_says(mcp_url: str) -> None:
    answer = _ok(mcp_url, "connections", {"a": "区科技局", "b": "江口街道", "max_hops": 3})

    assert answer["source"]["name"] == "区科技局" and answer["target"]["name"] == "江口街道"
    assert answer["paths"]
    shortest = answer["paths"][0]
    assert shortest["length"] == 2
    assert [n["name"] for n in shortest["nodes"]][1] in ("3号青创大走廊", "全域国土空间综合整治")
    for step in shortest["steps"]:
        assert step["type"] == "RESPONSIBLE_FOR"
        _cited(step["citation"])


def test_named_queries(mcp_url: str) -> None:
    listed = _ok(mcp_url, "list_named_queries", {})
    rows = _ok(mcp_url, "named_query", {"name": "department_responsibilities", "params": {"department": "区发改局"},
                                        "limit": 100})

    assert "department_responsibilities" in [q["name"] for q in listed["queries"]]
    assert rows["columns"][:2] == ["department", "role"]
    assert len(rows["rows"]) == rows["total"] == 32 and not rows["truncated"]
    assert (rows["more"], rows["next_cursor"]) == (0, None)
    assert all(row["line"] >= 1 for row in rows["rows"])


def test_schema(mcp_url: str) -> None:
    answer = _ok(mcp_url, "schema", {})

    assert {t["name"] for t in answer["node_types"]} >= {"Task", "Reform", "Measure", "Department", "Policy"}
    assert "RESPONSIBLE_FOR" in {t["name"] for t in answer["relationship_types"]}
    assert set(answer["provenance"]) == {"document", "section", "row", "cell", "line_start", "line_end", "source_text"}


@pytest.mark.parametrize(("name", "arguments", "message"), [
    ("responsibilities", {"department": "区宇宙局"}, "no department is called '区宇宙局'"),
    ("schedule", {"month": 6, "department": "区宇宙局"}, "no department is called '区宇宙局'"),
    # the tools' JSON Schemas refuse what their types rule out, naming the argument
    ("responsibilities", {"department": "区发改局", "role": "boss"}, "argument role: Input should be 'lead' or 'support'"),
    ("schedule", {"month": 6, "role": "boss"}, "argument role: Input should be 'lead' or 'support'"),
    ("search", {"text": ""}, "search text is empty"),
    ("search", {"text": "   "}, "search text is empty"),
    ("search", {"text": "养老", "limit": 1000000}, "limit must be 1 to 50, not 1000000"),
    ("search", {"text": "养老", "limit": 0}, "limit must be 1 to 50, not 0"),
    ("search", {"text": "养" * 201}, "at most 200 are accepted"),
    ("search", {"text": "养老", "types": ["Galaxy"]}, "argument types.0: Input should be 'Task', 'Reform'"),
    ("context", {"question": ""}, "the question is empty"),
    ("context", {"question": "养老", "budget": 10**9}, "budget must be 200 to 20000 characters"),
    ("describe", {"name_or_id": "Task:nope"}, "no node has the id 'Task:nope'"),
    ("describe", {"name_or_id": "Galaxy:1"}, "is not a node id"),
    ("describe", {"name_or_id": "zzqqxx"}, "nothing in the graph is called or mentions 'zzqqxx'"),
    ("policy_citations", {"title": "火星移民条例"}, "no cited policy has a title like '火星移民条例'"),
    ("schedule", {"month": 13}, "month must be 1 to 12, not 13"),
    ("connections", {"a": "区科技局", "b": "区科技局"}, "the same node"),
    ("connections", {"a": "区科技局", "b": "江口街道", "max_hops": 99}, "max_hops must be 1 to 6, not 99"),
    ("named_query", {"name": "drop_everything"}, "no named query 'drop_everything'"),
    ("named_query", {"name": "due_in_month", "params": [6]}, "argument params: Input should be a valid dict"),
    ("named_query", {"name": "due_in_month", "params": {"month": "6" * 5000}}, "params are longer than"),
    ("named_query", {"name": "due_in_month", "params": {"month": "June"}}, "parameter month takes a Int"),
    ("named_query", {"name": "due_in_month", "params": {"cypher": "MATCH (n) DETACH DELETE n"}},
     "unknown parameter(s) cypher"),
    ("no_such_tool", {}, "Unknown tool: no_such_tool"),
])
def test_bad_arguments_are_clear_tool_errors(mcp_url: str, name: str, arguments: dict, message: str) -> None:
    assert message in _error(mcp_url, name, arguments)
