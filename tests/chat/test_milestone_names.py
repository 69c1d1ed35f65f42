"""A milestone's name quotes the document, on the sample: the characters between its label and
its clause as written (``3-4月 参与…``, ``7-12月: 完成…``, ``全年常态化开展…``), in the graph, in
GraphQL's displayName (the explorer's label when a milestone has none) and MCP search; MCP
describe names it by its label and quotes the source text."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.driver import Database
from tests.chat.test_feed import _ok

pytestmark = pytest.mark.neo4j

DOC = "宁波市奉化区-2022-ec22819a"
WRITTEN = {  # key -> name
    f"{DOC}/reform/9/milestone/1": "3-4月 参与全区个体工商户经营状况调查。",
    f"{DOC}/reform/20/milestone/3": "7-12月: 完成2022年各村、经纪人、从业人员汇总。完成年度任务数。",
    f"{DOC}/reform/34/milestone/4": "全年常态化开展文明实践活动。",
}


def _gql(chat: TestClient, query: str) -> dict[str, Any]:
    payload = chat.post("/graphql", json={"query": query}).json()
    assert "errors" not in payload, payload["errors"]
    return payload["data"]


def test_the_graph_names_milestones_as_the_document_writes_them(sample_graph: Database, chat: TestClient,
                                                                 mcp_url: str) -> None:
    rows = sample_graph.read("MATCH (m:Milestone) WHERE m.key IN $keys RETURN m.key AS key, m.name AS name, "
                             "m.source_text AS source", {"keys": list(WRITTEN)})
    ids = ", ".join(f'"Milestone:{key}"' for key in WRITTEN)
    shown = _gql(chat, f"{{ nodes(ids: [{ids}]) {{ id displayName }} }}")["nodes"]

    assert {r["key"]: r["name"] for r in rows} == WRITTEN
    assert all(r["source"].startswith(r["name"].rstrip("。")) for r in rows)
    assert [n["displayName"] for n in shown] == list(WRITTEN.values())
    for key, name in WRITTEN.items():
        _, described = _ok(mcp_url, "describe", {"name_or_id": f"Milestone:{key}", "limit": 1})
        # describe names a milestone by its label and quotes the source text
        assert name.startswith(described["node"]["name"]) and described["citation"]["source_text"].startswith(name)
    _, found = _ok(mcp_url, "search", {"text": "个体工商户经营状况调查", "types": ["Milestone"], "limit": 1})
    assert (found["hits"][0]["node"]["name"], found["hits"][0]["citation"]["source_text"]) == (
        "3-4月 参与全区个体工商户经营状况调查。", "3-4月 参与全区个体工商户经营状况调查。")
