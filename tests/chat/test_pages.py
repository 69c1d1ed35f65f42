"""The MCP list tools page in the database, on the sample: paging ``describe``,
``responsibilities`` and ``policy_citations`` to the end gives every entry once, in the order
GraphQL gives them, with an exact ``total``; and ``search`` takes the plan's own numbering."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.driver import Database
from tests.chat.test_feed import _error, _ok

pytestmark = pytest.mark.neo4j

DOC = "宁波市奉化区-2022-ec22819a"


def _pages(url: str, tool: str, arguments: dict[str, Any], entries: str, limit: int) -> tuple[list[Any], list[int]]:
    """Every entry of a list tool, page by page to the last, and each page's total."""
    out: list[Any] = []
    totals: list[int] = []
    cursor = None
    while True:
        _, page = _ok(url, tool, {**arguments, "limit": limit} | ({"cursor": cursor} if cursor else {}))
        out += page[entries] if entries != "citations" else [
            (p["id"], c["item"]["id"], c["cell"]) for p in page["policies"] for c in p["citations"]]
        totals.append(page["total"])
        assert page["more"] == page["total"] - len(out)
        cursor = page["next_cursor"]
        if cursor is None:
            return out, totals


def _gql(chat: TestClient, query: str) -> dict[str, Any]:
    payload = chat.post("/graphql", json={"query": query}).json()
    assert "errors" not in payload, payload["errors"]
    return payload["data"]


def test_responsibilities_page_to_the_end_as_graphql_lists_them(mcp_url: str, chat: TestClient) -> None:
    every, totals = _pages(mcp_url, "responsibilities", {"department": "区发改局"}, "items", 7)
    led, _ = _pages(mcp_url, "responsibilities", {"department": "区发改局", "role": "lead"}, "items", 4)
    supported, _ = _pages(mcp_url, "responsibilities", {"department": "区发改局", "role": "support"}, "items", 4)
    data = _gql(chat, """{ department(name: "区发改局") {
      leads(first: 100) { totalCount nodes { id } } supports(first: 100) { totalCount nodes { id } } } }""")

    graphql_leads = [n["id"] for n in data["department"]["leads"]["nodes"]]
    graphql_supports = [n["id"] for n in data["department"]["supports"]["nodes"]]
    assert (data["department"]["leads"]["totalCount"], data["department"]["supports"]["totalCount"]) == (29, 3)
    assert [e["item"]["id"] for e in led] == graphql_leads
    assert [e["item"]["id"] for e in supported] == graphql_supports
    assert set(totals) == {32} and len(every) == 32
    assert sorted((e["item"]["id"], e["role"]) for e in every) == sorted(
        [(i, "lead") for i in graphql_leads] + [(i, "support") for i in graphql_supports])


def test_describe_pages_every_relationship_of_a_document(mcp_url: str, sample_graph: Database,
                                                         chat: TestClient) -> None:
    every, totals = _pages(mcp_url, "describe", {"name_or_id": f"Document:{DOC}"}, "relationships", 100)
    (count,) = sample_graph.read("MATCH (:Document {id: $id})-[r]-() RETURN count(r) AS n", {"id": DOC})
    around = _gql(chat, f"""{{ neighbourhood(id: "Document:{DOC}", limit: 500) {{
      truncated edges {{ type start end }} }} }}""")["neighbourhood"]

    # more than the 200 neighbours the answer once stopped at
    assert set(totals) == {count["n"]} == {len(every)} == {369}
    own = [(e["type"], e["start"], e["end"]) for e in around["edges"] if f"Document:{DOC}" in (e["start"], e["end"])]
    assert not around["truncated"]
    assert [(r["type"], *((f"Document:{DOC}", r["other"]["id"]) if r["direction"] == "out"
                          else (r["other"]["id"], f"Document:{DOC}"))) for r in every] == own


def test_policy_citations_page_over_every_policy_in_turn(mcp_url: str, chat: TestClient) -> None:
    every, totals = _pages(mcp_url, "policy_citations", {"title": "十四五"}, "citations", 3)
    data = _gql(chat, """{ policies(where: {titleContains: "十四五"}, first: 10) {
      totalCount nodes { id citationCount citedBy(first: 40) { nodes { cell item { id } } } } } }""")

    assert data["policies"]["totalCount"] == len(data["policies"]["nodes"])
    graphql = [(p["id"], c["item"]["id"], c["cell"]) for p in data["policies"]["nodes"] for c in p["citedBy"]["nodes"]]
    assert set(totals) == {sum(p["citationCount"] for p in data["policies"]["nodes"])} == {len(graphql)} == {17}
    # the policies in turn, each one's citations in GraphQL's order
    policies = [c[0] for c in every]
    assert len([p for i, p in enumerate(policies) if i == 0 or policies[i - 1] != p]) == len(set(policies)) == 8
    assert sorted(every, key=lambda c: c[0]) == sorted(graphql, key=lambda c: c[0])


# --- search by the plan's own numbering --------------------------------------------------


@pytest.mark.parametrize(("text", "node_id"), [
    ("重点工作第25项", f"Task:{DOC}/task/25"),
    ("附件三第14项", f"Reform:{DOC}/reform/14"),
    ("1.6", f"Measure:{DOC}/measure/1.6"),
    ("任务25的牵头单位", f"Task:{DOC}/task/25"),
])
def test_search_puts_the_numbered_item_first(mcp_url: str, text: str, node_id: str) -> None:
    _, found = _ok(mcp_url, "search", {"text": text, "limit": 3})

    assert (found["matched_by"], found["hits"][0]["node"]["id"], found["hits"][0]["matched_by"]) == (
        "number", node_id, "number")
    assert [h["matched_by"] for h in found["hits"][1:]] == ["text"] * (len(found["hits"]) - 1)
    assert found["note"] is None


def test_search_of_a_bare_number_says_it_names_no_item(mcp_url: str) -> None:
    _, found = _ok(mcp_url, "search", {"text": "25", "limit": 3})

    assert "number" not in [h["matched_by"] for h in found["hits"]]
    assert found["note"] == ("'25' alone names no item: both annexes number their rows so; write 任务25 "
                             "(重点工作第25项) or 改革25 (重大改革第25项)")


def test_describe_of_a_bare_number_says_it_names_no_item(mcp_url: str) -> None:
    assert _error(mcp_url, "describe", {"name_or_id": "第25项"}).endswith(
        "not found: '第25项' alone names no item: both annexes number their rows so; write 任务25 "
        "(重点工作第25项) or 改革25 (重大改革第25项)")
