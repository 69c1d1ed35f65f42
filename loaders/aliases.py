"""Department names: one canonical name per real unit, with its aliases.

Plans name the same unit several ways: 区卫健局 in the body, 区卫生健康局 in the
annex, 民政局 without the level prefix, 区“精特亮”专班 with quotes. This module
resolves a written name to its canonical short name through explicit tables,
never by substring matching: 区发改局 and 区发改局办公室 stay two units.

The generic table covers the usual 区/县 departments (the level character is a
parameter, so a 县 plan gets 县发改局); ``LOCAL_ALIASES`` adds aliases of units
peculiar to one jurisdiction, found in its documents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .punctuation import BRACKETS, COMMA

# canonical short name (without level prefix) -> (full name without prefix, other aliases)
_DEPARTMENTS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "发改局": ("发展和改革局", ("发展改革局", "发改委")),
    "经信局": ("经济和信息化局", ("经济信息化局",)),
    "科技局": ("科学技术局", ()),
    "财政局": ("财政局", ()),
    "人力社保局": ("人力资源和社会保障局", ("人社局",)),
    "民政局": ("民政局", ()),
    "卫健局": ("卫生健康局", ("卫生和健康局", "卫健委", "卫生健康委员会")),
    "教育局": ("教育局", ()),
    "住建局": ("住房和城乡建设局", ("住房城乡建设局",)),
    "农业农村局": ("农业农村局", ("农业局", "农林局")),
    "市场监管局": ("市场监督管理局", ("市场监管分局",)),
    "商务局": ("商务局", ()),
    "文广旅体局": ("文化和广电旅游体育局", ("文广旅游局", "文旅局")),
    "司法局": ("司法局", ()),
    "统计局": ("统计局", ()),
    "交通局": ("交通运输局", ()),
    "医保局": ("医疗保障局", ()),
    "税务局": ("税务局", ()),
    "应急管理局": ("应急管理局", ("应急局",)),
    "综合执法局": ("综合行政执法局", ("执法局",)),
    "生态环境分局": (None, ("生态环境局",)),
    "资规分局": (None, ("自然资源和规划分局", "自然资源规划分局")),
    "征收办": ("房屋征收办公室", ()),
    "大数据中心": ("大数据发展管理中心", ()),
    "民宗局": ("民族宗教事务局", ()),
    "残联": ("残疾人联合会", ()),
    "妇联": ("妇女联合会", ()),
    "总工会": ("总工会", ()),
    "科协": ("科学技术协会", ()),
    "工商联": ("工商业联合会", ()),
    "文联": ("文学艺术界联合会", ()),
    "侨联": ("归国华侨联合会", ()),
    "慈善总会": ("慈善总会", ()),
    "关工委": ("关心下一代工作委员会", ()),
    "贸促会": ("国际贸易促进委员会", ()),
    "计生协会": ("计划生育协会", ()),
    "法院": ("人民法院", ()),
    "融媒体中心": ("融媒体中心", ()),
    "矛调中心": ("社会矛盾纠纷调处化解中心", ()),
    "委办": ("委办公室", ()),
    "委组织部": ("委组织部", ()),
    "委宣传部": ("委宣传部", ()),
    "委统战部": ("委统战部", ()),
    "委政法委": ("委政法委员会", ()),
    "委人才办": ("委人才工作领导小组办公室", ()),
    "委社建委": ("委社会建设委员会", ()),
    "精特亮专班": (None, ()),
}

#: Units that exist in one jurisdiction only: canonical -> aliases seen in its plans.
LOCAL_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "宁波市奉化区": {
        "名山建设管委会": ("名山管委会",),
        "经济开发区": ("开发区",),
    },
}

_MASS_ORGS = ("残联", "妇联", "总工会", "科协", "工商联", "文联", "侨联", "慈善总会", "关工委", "贸促会", "计生协会")

#: Suffixes that make a parenthesised name look like a responsible unit.
UNIT_SUFFIXES = (
    "局", "分局", "委", "办", "部", "中心", "镇", "街道", "乡", "会", "院", "专班", "管委会", "联", "协",
    "开发区", "政府", "所", "站", "队", "公司", "集团", "新城",
)

_QUOTES = re.compile(r"[“”\"'‘’「」『』\s]")


def normalize_name(name: str) -> str:
    """Width, quotes and spaces: 区“精特亮”专班 -> 区精特亮专班."""
    text = unicodedata.normalize("NFKC", name)
    return _QUOTES.sub("", text).strip(BRACKETS + "、" + COMMA + "。")


@dataclass(frozen=True)
class Resolved:
    canonical: str
    full_name: str | None
    kind: str
    known: bool  # found in a table, not only shaped like a unit


class AliasTable:
    """Resolves written unit names for one jurisdiction."""

    def __init__(self, jurisdiction: str, short_name: str, level: str = "区") -> None:
        self.jurisdiction = jurisdiction
        self.short_name = short_name
        self.level = level
        self._index: dict[str, tuple[str, str | None]] = {}
        self._aliases: dict[str, set[str]] = {}
        for short, (full, others) in _DEPARTMENTS.items():
            canonical = self._prefixed(short)
            full_name = self._full(short, full)
            forms = {short, *others}
            if full:
                forms.add(full)
            for form in forms:
                self._add(canonical, full_name, self._prefixed(form))
                if not short.startswith("委"):
                    self._add(canonical, full_name, form)
            if full_name:
                self._add(canonical, full_name, full_name)
                self._add(canonical, full_name, short_name + (full or ""))
        self._add(f"团{level}委", f"共青团{jurisdiction}委员会", f"团{level}委")
        for canonical, aliases in LOCAL_ALIASES.get(jurisdiction, {}).items():
            for form in (canonical, *aliases):
                self._add(canonical, None, form)

    def _prefixed(self, form: str) -> str:
        return form if form.startswith(self.level) else self.level + form

    def _full(self, short: str, full: str | None) -> str | None:
        if full is None:
            return None
        if short.startswith("委"):
            return f"中共{self.jurisdiction}{full}"
        return f"{self.jurisdiction}{full}"

    def _add(self, canonical: str, full_name: str | None, form: str) -> None:
        key = normalize_name(form)
        self._index.setdefault(key, (canonical, full_name))
        self._aliases.setdefault(canonical, {canonical}).add(key)

    def resolve(self, written: str) -> Resolved:
        key = normalize_name(written)
        hit = self._index.get(key)
        if hit:
            canonical, full_name = hit
            return Resolved(canonical, full_name, unit_kind(canonical), True)
        return Resolved(key, None, unit_kind(key), False)

    def aliases(self, canonical: str, written: set[str] | None = None) -> tuple[str, ...]:
        """Every known name of a unit: table forms, full names and what plans wrote."""
        names = set(self._aliases.get(canonical, {canonical}))
        names |= {normalize_name(w) for w in (written or set())}
        full = self.resolve(canonical).full_name
        if full:
            names.add(full)
            if full.startswith(self.jurisdiction):
                names.add(self.short_name + full[len(self.jurisdiction):])
        return tuple(sorted(names))


def unit_kind(name: str) -> str:
    """Classify a unit by the shape of its name."""
    if name.endswith("街道"):
        return "street"
    if name.endswith("镇") or name.endswith("乡"):
        return "town"
    if name.endswith("专班"):
        return "task_force"
    if name.startswith("团") and name.endswith("委") or any(name.endswith(m) for m in _MASS_ORGS):
        return "mass_org"
    if re.match(r"^[区县市]委", name):
        return "party"
    if name.endswith("法院") or name.endswith("检察院"):
        return "court"
    if name.endswith(("管委会", "开发区", "管理中心", "新城")):
        return "platform"
    if name.endswith(("局", "分局", "办", "中心", "委员会", "所")):
        return "department"
    return "other"


def looks_like_unit(name: str) -> bool:
    """A name shaped like a responsible unit: 区发改局, 溪口镇; not 村, 助理, 乡村."""
    norm = normalize_name(name)
    if len(norm) < 2 or len(norm) > 24:
        return False
    return any(norm.endswith(s) and len(norm) > len(s) for s in UNIT_SUFFIXES)
