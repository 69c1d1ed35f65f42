"""Places a plan names, kept precise rather than greedy.

Three sources, in order of trust:
1. responsible units that are towns or streets (溪口镇, 岳林街道) and platforms whose
   name carries a place (宁南新城管理中心 -> 宁南新城);
2. enumerations of villages and communities: ``加快滕头、金钟、南溪…等一批未来社区(乡村)``,
   ``青云、南溪、金钟未来社区``, ``培育东山、岩头、栖霞坑、亭下湖等一批精品民宿集聚村``;
3. later mentions of a name found by 1 or 2, matched exactly.
Words like 整镇, 特色镇, 各镇(街道) are not places and are never matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..punctuation import COLON, COMMA, SEMICOLON

_NAME = r"[\u4e00-\u9fa5]{2,3}"
_ENUM = re.compile(
    rf"(?:^|(?<=[{COMMA}。{SEMICOLON}{COLON}、\s])|(?<=加快|培育|推进|完成|开展|建设|打造|实施|推动))"
    rf"(?P<names>{_NAME}(?:、{_NAME})+)(?:等(?:一批)?)?"
    r"(?P<cat>未来社区|未来乡村|精品民宿集聚村|民宿集聚村)"
)
_PLACE_SUFFIX = ("新城", "开发区", "旅游区", "度假区", "园区", "新区")


@dataclass(frozen=True)
class PlaceName:
    name: str
    kind: str  # town / street / village / community / park


def place_of_unit(canonical: str, kind: str) -> PlaceName | None:
    """The place a responsible unit governs, if its name says so."""
    if kind == "town":
        return PlaceName(canonical, "town")
    if kind == "street":
        return PlaceName(canonical, "street")
    if kind == "platform":
        stem = re.sub(r"(管理中心|管委会)$", "", canonical)
        if stem.endswith(_PLACE_SUFFIX):
            return PlaceName(stem, "park")
    return None


def enumerated_places(text: str) -> list[PlaceName]:
    out: list[PlaceName] = []
    for m in _ENUM.finditer(text):
        names = m.group("names").split("、")
        kind = "community" if "社区" in m.group("cat") else "village"
        for name in names:
            if 2 <= len(name) <= 3:
                out.append(PlaceName(name, kind))
    return out


def mentions(text: str, known: dict[str, PlaceName]) -> list[PlaceName]:
    """Known place names that occur in text (longest names first, no overlaps)."""
    found: list[PlaceName] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(known, key=len, reverse=True):
        at = text.find(name)
        while at >= 0:  # each occurrence, left to right, not overlapping the one before
            span = (at, at + len(name))
            at = text.find(name, span[1])
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            if known[name] not in found:
                found.append(known[name])
    return found
