"""The README's "Chatbot feed" section says what the code does: its /context example is what
/context answers, its client config and loop example are valid, its tool table is complete."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.mcp.test_tools import TOOLS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
_START = README.index("## Chatbot feed (MCP and /context)")
SECTION = README[_START:README.index("\n## ", _START)]


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", SECTION, flags=re.DOTALL)


@pytest.mark.neo4j
def test_the_context_example_is_what_context_answers(chat: TestClient) -> None:
    (example,) = [b for b in re.findall(r"```\n(.*?)```", SECTION, flags=re.DOTALL) if "GET /context" in b]
    request, _, shown = example.strip().partition("\n\n")
    query = re.match(r"GET /context\?q=(.*)&budget=(\d+)&format=text$", request.strip())
    response = chat.get("/context", params={"q": query.group(1), "budget": query.group(2), "format": "text"})

    assert response.status_code == 200
    lines = [line.strip() for line in shown.splitlines() if line.strip() != "..."]
    assert response.text.splitlines()[:len(lines)] == lines


def test_the_desktop_config_runs_policykg_mcp() -> None:
    (config,) = [json.loads(b) for b in _blocks("json") if "mcpServers" in b]

    server = config["mcpServers"]["policykg"]
    assert server["command"].endswith("/.venv/bin/policykg") and server["args"] == ["mcp"]


def test_the_loop_example_is_python_that_uses_the_tools_command() -> None:
    (loop,) = _blocks("python")

    ast.parse(loop)
    assert '"tools", "--format", "openai"' in loop and "mcp.call_tool(" in loop


def test_every_tool_is_in_the_table() -> None:
    rows = [line for line in SECTION.splitlines() if line.strip().startswith("| `")]
    listed = {name for row in rows for name in re.findall(r"`(\w+)\(", row.strip().split(" | ")[0])}
    assert listed == set(TOOLS)
