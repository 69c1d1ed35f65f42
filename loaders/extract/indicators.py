"""Indicator targets: ``城镇登记失业率低于3.5%`` -> name, comparator, value, unit.

A target that states no number (``单位GDP能耗完成市下达指标``) keeps its text
and its name only. A compound target names its subjects and then their values in
turn (``家庭可支配收入10—50万元群体、20—60万元群体比例分别达65%和25%``): one
target per subject, each with the clause as its text; when the subjects and the
values are not as many, the clause keeps its text only (nothing guessed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..punctuation import COMMA, DOT, SEMICOLON

COMPARATORS = (
    "不低于", "不高于", "不少于", "不超过", "达到", "达", "低于", "高于", "控制在", "保持在", "稳定在",
    "增长", "下降", "降至", "降低", "提高到", "提升至", "提高至", "缩小到", "超过", "少于", "完成",
)
UNITS = (
    "平方米/万元", "万元/人", "件/万人", "人/万人", "万千瓦时", "亿千瓦时", "千瓦时", "万千瓦", "万人次", "人次",
    "万元", "亿元", "元", "%", "‰", "万户", "万人", "万册", "万吨", "平方米", "公里", "千米", "个", "家",
    "人", "件", "年", "户", "套", "所", "吨", "次", "场", "场次", "对", "条", "座", "项", "单", "名", "册",
    "期", "倍", "千瓦", "万亩", "亩", "辆", "间", "天", "小时", "分钟",
)
QUALIFIERS = ("以上", "以内", "以下", "左右")
# Targets that state no number but what is to be met: 完成X下达的…目标/指标/任务, whoever X is
# (市, 宁波市, 省, 上级: 单位GDP能耗完成市下达指标, 能耗完成杭州市下达的年度目标), or 稳步提升.
_TEXT_TARGET = re.compile(r"(?:完成[\u4e00-\u9fa5、]{0,12}?下达的?[\u4e00-\u9fa5]{0,8}?(?:目标|指标|任务)|稳步提升)$")

_GIVEN = re.compile(r"^完成[\u4e00-\u9fa5、]{0,12}?下达的?(?P<what>[\u4e00-\u9fa5]{2,12}?(?:目标|指标|任务))$")

_NUMBER = r"(?P<value>\d+(?:\.\d+)?)"
_PATTERN = re.compile(
    r"^(?P<name>.+?)(?P<cmp>" + "|".join(COMPARATORS) + r")?" + _NUMBER
    + r"(?P<unit>" + "|".join(re.escape(u) for u in UNITS) + r")?"
    + r"(?P<qual>" + "|".join(QUALIFIERS) + r")?$"
)
_SPLIT = re.compile(rf"[{COMMA}{SEMICOLON}。]")
# Lead-ins that say how, not what: 力争2022年服务业增加值达到30% -> 服务业增加值.
_LEAD_IN = re.compile(r"^(?:(?:力争|确保|争取|努力|全年|年内|到|至)?(?:\d{4}年(?:底|末)?)?(?:力争|确保|争取|实现|完成)?)+")


@dataclass(frozen=True)
class ParsedTarget:
    text: str
    name: str
    comparator: str | None
    value: float | None
    unit: str | None
    qualifier: str | None
    start: int
    end: int

    @property
    def parsed(self) -> bool:
        return self.value is not None


def parse_target(text: str) -> ParsedTarget | None:
    """One clause -> a parsed target, or None when it states no number at its end."""
    clause = text.strip().rstrip("。")
    m = _PATTERN.match(clause)
    if not m or re.search(r"[\d.]$", m.group("name")):
        return None
    name = _LEAD_IN.sub("", m.group("name").strip()) or m.group("name").strip()
    if len(name) < 2 or re.search(r"\d[-—–]\d*$", name) or "分别" in name or name.endswith(("和", "与", "、", "及")):
        return None
    cmp_ = m.group("cmp")
    return ParsedTarget(clause, name, cmp_, float(m.group("value")), m.group("unit"), m.group("qual"), 0, len(clause))


_VALUE = _NUMBER.replace("?P<value>", "?:") + r"(?:" + "|".join(re.escape(u) for u in UNITS) + r")?" + (
    r"(?:" + "|".join(QUALIFIERS) + r")?")
_COMPOUND = re.compile(
    r"^(?P<subjects>.+?)分别(?P<cmp>" + "|".join(COMPARATORS) + r")?"
    + r"(?P<values>" + _VALUE + r"(?:[和、及与]" + _VALUE + r")+)$"
)
_ONE_VALUE = re.compile(_NUMBER + r"(?P<unit>" + "|".join(re.escape(u) for u in UNITS) + r")?"
                        + r"(?P<qual>" + "|".join(QUALIFIERS) + r")?")


# a count an action is to reach, in prose outside any target list: 每年培育星级上云企业50家
_COUNTED = re.compile(
    r"^(?P<period>每年|年均|全年|每季度)?(?P<verb>培育|新增|引进|新建|建成|打造|创建|认定|招引|培训|举办|争创)"
    r"(?P<name>[^\d]{2,}?)" + _NUMBER + r"(?P<unit>" + "|".join(re.escape(u) for u in UNITS) + r")"
    + r"(?P<qual>" + "|".join(QUALIFIERS) + r")?$"
)


def counted_targets(text: str) -> list[ParsedTarget]:
    """Targets of prose that lists no targets (a measure's text): a clause that is an action and
    the count it is to reach, ``每年培育星级上云企业50家`` -> 星级上云企业 50 家, qualified by its
    period (每年) where no 以上/左右 is written; the action is no part of the name and no
    comparator. A clause of any other shape (设立2.43亿元…专项引导资金) is none."""
    out = []
    for start, end, clause in clauses(text):
        if m := _COUNTED.match(clause):
            out.append(ParsedTarget(clause, m.group("name"), None, float(m.group("value")), m.group("unit"),
                                    m.group("qual") or m.group("period"), start, end))
    return out


def compound_targets(text: str) -> list[ParsedTarget]:
    """``A、B比例分别达65%和25%`` -> A比例 达 65%, B比例 达 25%; [] when the clause is not one, or
    names a different number of subjects than it gives values. A subject that starts with a
    number takes the words before the first subject's number (家庭可支配收入 20—60万元群体); the
    words after the last subject's own (比例) belong to every subject."""
    clause = text.strip().rstrip("。")
    m = _COMPOUND.match(clause)
    if not m:
        return []
    subjects = [part for part in re.split(r"[、和]", m.group("subjects")) if part]
    values = list(_ONE_VALUE.finditer(m.group("values")))
    if len(subjects) < 2 or len(subjects) != len(values):
        return []
    first, last = subjects[0], subjects[-1]
    shared = next((first[-n:] for n in range(len(first), 0, -1) if first[-n:] in last[:-1]), "")
    tail = last[last.rindex(shared) + len(shared):] if shared else ""
    if not shared and not re.search(r"\d", first) and all(len(s) == len(first) for s in subjects[:-1]) \
            and len(first) <= 4 and len(last) > 2 * len(first):
        # parallel words before one head (城镇、农村常住居民人均可支配收入): the last subject's own word
        # is as long as the others', the rest is every subject's head
        tail = last[len(first):]
    lead = re.split(r"\d", first, maxsplit=1)[0]
    # a qualifier written once, after the last value (分别增长5.2%、8%左右), qualifies every value
    quals = [v.group("qual") for v in values]
    shared_qual = quals[-1] if quals[-1] and not any(quals[:-1]) else None
    out = []
    for i, (subject, value) in enumerate(zip(subjects, values, strict=True)):
        name = subject if i == len(subjects) - 1 else subject + tail
        if i and re.match(r"\d", subject):
            name = lead + name
        out.append(ParsedTarget(clause, _LEAD_IN.sub("", name) or name, m.group("cmp"), float(value.group("value")),
                                value.group("unit"), value.group("qual") or shared_qual, 0, len(clause)))
    return out


def text_only_target(text: str) -> ParsedTarget:
    """A target without a number: keep its text; the name is what precedes a known phrase."""
    clause = text.strip().rstrip("。")
    name = clause
    m = _TEXT_TARGET.search(clause)
    if m and m.start() > 0:
        # the shortest phrase that still reads as one: 单位GDP能耗 | 完成市下达指标
        name = clause[: m.start()]
    elif m and (given := _GIVEN.match(clause)):
        # the target opens the clause: what is to be met is named after it (完成省、市下达的 | 能源指标计划目标)
        name = given.group("what")
    return ParsedTarget(clause, name, None, None, None, None, 0, len(clause))


def clauses(text: str) -> list[tuple[int, int, str]]:
    """Split a list of targets on ,;。 keeping offsets; 、 stays inside a clause."""
    out: list[tuple[int, int, str]] = []
    start = 0
    for m in _SPLIT.finditer(text + "。"):
        chunk = text[start : m.start()]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, start + lead + len(stripped), stripped))
        start = m.end()
    return out


def split_indicator_list(text: str) -> list[ParsedTarget]:
    """Body 指标目标: every clause is an indicator, parsed where it has a number."""
    out = []
    for start, end, clause in clauses(text):
        for parsed in compound_targets(clause) or [parse_target(clause) or text_only_target(clause)]:
            out.append(ParsedTarget(parsed.text, parsed.name, parsed.comparator, parsed.value, parsed.unit,
                                    parsed.qualifier, start, end))
    return out


def numeric_targets(text: str) -> list[ParsedTarget]:
    """Targets inside prose (目标体系 cells, measures): only clauses that end in a
    number with a unit, e.g. ``新增省级科技型中小企业130家``; ``、`` separates
    targets here as well (``增长10%、商品销售总额增长20%``)."""
    out = []
    for start, _end, clause in clauses(text):
        pieces = re.split(r"、", clause) if re.search(r"\d[^、]*、[^、]*\d", clause) else [clause]
        offset = start
        for piece in pieces:
            piece_start = text.find(piece, offset)
            offset = piece_start + len(piece)
            parsed = parse_target(re.sub(rf"^\d+[{DOT}、]", "", piece))
            if parsed and parsed.unit:
                out.append(ParsedTarget(parsed.text, parsed.name, parsed.comparator, parsed.value, parsed.unit,
                                        parsed.qualifier, piece_start, piece_start + len(piece)))
    return out
