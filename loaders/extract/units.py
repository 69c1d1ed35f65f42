"""Responsible units written in parentheses: ``数字经济五年倍增行动(区经信局)``.

The first listed unit leads, the others support: ``(区发改局、区财政局)`` ->
区发改局 lead, 区财政局 support. Several groups count as one list
(``大通道建设(区交通局)(区发改局)``), and doubled brackets are tolerated
(``((区生态环境分局))``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..aliases import looks_like_unit
from ..punctuation import BRACKETS, CLOSE, COMMA, OPEN, SEMICOLON

IsUnit = Callable[[str], bool]

_SEPARATORS = re.compile(rf"[、{COMMA}{SEMICOLON}/]")


@dataclass(frozen=True)
class UnitGroup:
    start: int  # offset of the first bracket
    end: int  # offset just after the last bracket
    names: tuple[str, ...]


def split_units(inner: str) -> list[str]:
    parts = [p.strip().strip(BRACKETS).strip() for p in _SEPARATORS.split(inner)]
    return [p for p in parts if p]


def _groups_before(text: str, end: int, is_unit: IsUnit = looks_like_unit) -> UnitGroup | None:
    """The run of bracket groups that ends at ``end`` (exclusive), if they name units."""
    names: list[str] = []
    pos = end
    start = None
    while pos > 0 and text[pos - 1] in CLOSE:
        close = pos - 1
        # walk back to the matching opening bracket, allowing one level of nesting
        depth = 0
        i = close
        while i >= 0:
            if text[i] in CLOSE:
                depth += 1
            elif text[i] in OPEN:
                depth -= 1
                if depth == 0:
                    break
            i -= 1
        if i < 0:
            break
        inner = text[i + 1 : close]
        parts = split_units(inner)
        if not parts or not all(is_unit(p) for p in parts):
            break
        names[:0] = parts
        start = i
        pos = i
    if start is None:
        return None
    return UnitGroup(start=start, end=end, names=tuple(names))


def split_name_and_units(cell: str, is_unit: IsUnit = looks_like_unit) -> tuple[str, tuple[str, ...]]:
    """``3号青创大走廊(区科技局、岳林街道)`` -> (``3号青创大走廊``, (区科技局, 岳林街道))."""
    text = cell.strip().rstrip("。")
    group = _groups_before(text, len(text), is_unit)
    if group is None:
        return text, ()
    return text[: group.start].strip(), group.names


@dataclass(frozen=True)
class Sentence:
    """A body measure: the sentences up to and including a units group."""

    text: str
    start: int
    end: int
    units: tuple[str, ...]


_GROUP_END = re.compile(rf"[{CLOSE}](?=\s*[。{SEMICOLON}]|\s*$)")


def split_measures(text: str, is_unit: IsUnit = looks_like_unit) -> list[Sentence]:
    """Cut 工作举措 prose after each trailing units group.

    Sentences before a units group belong to the same measure:
    ``强化…服务。组建…联盟。推广…(区委人才办、区人力社保局)。`` is one measure.
    Text after the last units group, if any, is a measure without units.
    """
    out: list[Sentence] = []
    cursor = 0
    for match in _GROUP_END.finditer(text):
        group = _groups_before(text, match.end(), is_unit)
        if group is None or group.start < cursor:
            continue
        end = match.end()
        tail = re.match(rf"\s*[。{SEMICOLON}]", text[end:])
        if tail:
            end += tail.end()
        chunk = text[cursor:end].strip()
        if chunk:
            offset = cursor + (len(text[cursor:end]) - len(text[cursor:end].lstrip()))
            out.append(Sentence(chunk, offset, end, group.names))
        cursor = end
    rest = text[cursor:].strip()
    if rest:
        out.append(Sentence(rest, cursor + (len(text[cursor:]) - len(text[cursor:].lstrip())), len(text), ()))
    return out
