"""Special characters in every text argument of /context, search and every MCP tool: an answer
or an error that says what is wrong, never a 5xx, a masked failure or an empty error."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp import Client

from tests.hostile_inputs import INTERNALS, LUCENE
from tests.mcp.conftest import with_client

pytestmark = pytest.mark.neo4j

#: Lucene's syntax, and what else a user or a model may paste: brackets of the plans left open,
#: control and zero-width characters, emoji, right-to-left marks, quotes of every width, a
#: numbering form with an absurd number, injection attempts, lone surrogates' escapes.
SPECIAL = [
    *LUCENE,
    "单位GDP能耗 AND 碳排放的目标?", "《", "》", "《浙江省电子商务条例", "〔2021〕", "“”", "‘", "「」", "(区发改局",
    "\x00", "\x01\x02", "\t\n\r", "\u200b", "\u202e区发改局", "\ufeff", "😀养老🚀", "\U0001f1e8\U0001f1f3",
    "任务999999999999999999999", "改革0", "举措1.", "1.6.7", "附件二第项", "重点工作第-1项", "第二十五项重点工作",
    "'; DROP TABLE x; --", "MATCH (n) DETACH DELETE n", "$param", "{{x}}", "%s%s%s", "../../etc/passwd",
    "<script>alert(1)</script>", "　", "ＡＮＤ", "养" * 200,
]

#: Each MCP tool with the arguments that take text, the others at valid values.
TEXT_ARGUMENTS: list[tuple[str, str, dict[str, Any]]] = [
    ("context", "question", {}),
    ("search", "text", {}),
    ("describe", "name_or_id", {}),
    ("responsibilities", "department", {}),
    ("responsibilities", "jurisdiction", {"department": "区发改局"}),
    ("policy_citations", "title", {}),
    ("schedule", "department", {"month": 6}),
    ("connections", "a", {"b": "江口街道"}),
    ("connections", "b", {"a": "区科技局"}),
    ("named_query", "name", {}),
    ("describe", "cursor", {"name_or_id": "区发改局"}),
]


def test_context_takes_any_text(chat: TestClient) -> None:
    for text in SPECIAL:
        for response in (chat.get("/context", params={"q": text}),
                         chat.get("/context", params={"q": text, "format": "text"})):
            assert response.status_code in (200, 400), (text, response.status_code, response.text)
            if response.status_code == 400:
                assert response.json()["error"].strip(), text
            for word in INTERNALS:
                assert word.lower() not in response.text.lower(), (text, response.text)


def test_search_in_graphql_takes_any_text(chat: TestClient) -> None:
    for text in SPECIAL:
        response = chat.post("/graphql", json={"query": "query ($t: String!) { search(text: $t) { nodes { score } } }",
                                               "variables": {"t": text}})
        assert response.status_code < 500, (text, response.text)
        for error in response.json().get("errors") or []:
            assert error["message"].strip() and "Unexpected error" not in error["message"], (text, error)


def test_every_mcp_tool_takes_any_text(mcp_url: str) -> None:
    calls = [(tool, {**others, key: text}) for tool, key, others in TEXT_ARGUMENTS for text in SPECIAL]

    async def work(client: Client) -> list[Any]:
        return [await client.call_tool(name, arguments) for name, arguments in calls]

    results = with_client(mcp_url, work)

    answered = 0
    for (tool, arguments), result in zip(calls, results, strict=True):
        text = " ".join(getattr(c, "text", "") for c in result.content)
        assert text.strip(), (tool, arguments)  # an answer, or an error that says something
        if result.is_error:  # the masked answer of a failure says nothing: it must not happen
            assert text.strip() != f"Error executing tool {tool}", (tool, arguments)
            assert "Unexpected error" not in text, (tool, arguments, text)
        else:
            answered += 1
        for word in INTERNALS:
            assert word.lower() not in text.lower(), (tool, arguments, text)
    assert answered > 0
