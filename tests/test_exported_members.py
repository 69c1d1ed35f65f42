"""Each package's __all__ names exist, and each public module's __all__ does too."""

from __future__ import annotations

import importlib

import pytest

MODULES = [
    "graph",
    "graph.config",
    "graph.driver",
    "graph.errors",
    "graph.server",
    "api",
    "api.app",
    "api.config",
    "api.errors",
    "api.chat",
    "api.chat.grounding",
    "api.chat.tools",
    "api.mcp",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    missing = [member for member in module.__all__ if not hasattr(module, member)]
    assert missing == []
