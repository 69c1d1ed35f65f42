"""The exception trees drawn in the docstrings of graph/errors.py and loaders/errors.py are
the classes' own: every class drawn, under its real base."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

# Classes drawn in graph/errors.py but defined elsewhere.
ELSEWHERE = {
    "ContextError": "api.chat.grounding",
    "ToolInputError": "api.chat.tools",
    "RequestError": "api.errors",
}

_LINE = re.compile(r"^(?P<indent>[ │]*)(?:[├└]── )?(?P<name>[A-Z]\w+)\b")


def drawn(module: object) -> dict[str, str | None]:
    """Class name -> the name it is drawn under (None at the root), from the module's docstring."""
    parents: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []
    lines = [line for line in (module.__doc__ or "").splitlines() if re.match(r"^\s{4}[ │├└A-Z]", line)]
    for line in lines:
        match = _LINE.match(line[4:])
        if match is None:
            continue
        depth = len(match.group("indent")) + (4 if "──" in line else 0)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parents[match.group("name")] = stack[-1][1] if stack else None
        stack.append((depth, match.group("name")))
    return parents


@pytest.mark.parametrize("name", ["graph.errors", "loaders.errors"])
def test_the_drawn_tree_is_the_real_one(name: str) -> None:
    module = importlib.import_module(name)
    tree = drawn(module)
    defined = {n for n, c in vars(module).items()
               if inspect.isclass(c) and issubclass(c, Exception) and c.__module__ == name and not n.startswith("_")}
    assert defined <= set(tree), defined - set(tree)
    for child, parent in tree.items():
        cls = getattr(module, child, None) or getattr(importlib.import_module(ELSEWHERE[child]), child)
        base = cls.__mro__[1]
        while base.__name__.startswith("_"):  # a private helper base (graph.errors._WithLog)
            base = base.__mro__[1]
        assert base.__name__ == (parent or "Exception"), child
