"""Milestones of a 进度安排 cell: ``2—4月:印发…。5—8月:开展…`` -> labelled clauses.

A label starts the cell or follows 。;; or a space, and ends with : : ; or a
space: ``1-3月:`` ``10月—12月:`` ``6月底前:`` ``全年:`` ``年底:`` ``每季度:``
``3-4月 参与…``. Months mentioned inside a clause (``争取应梦里7月试运营``) are
not labels. Each label gets start and end months where it states them:
``6月底前`` -> (None, 6); ``全年`` -> (1, 12); ``二季度`` -> (4, 6).

Two more forms are periods: a clause that opens with a word of the whole year and no
separator (``…。全年常态化开展文明实践活动。``), and the quarters that open the clauses of a
labelled part (``工业项目:二季度完成征集,三季度申报,四季度完成评审立项发布。``: three periods;
the part's label ``工业项目:`` is no period and no clause of its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..punctuation import COLON, COMMA, SEMICOLON

_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# The words of a period, in one place for every pattern that reads them: the labels of a schedule
# cell below, the start of a 进度安排 cell (:data:`PERIOD_START`, for loaders.tables), the quarters
# of a labelled part. Each pattern adds its own forms (月份, 以前, 1-4季度 are labels only).
_RANGE_DASH = "[-—–~至]+"  # 2—4月, 1-3月, 3~5月, 6至8月
_MONTH_PART = "上旬|中旬|下旬|初|中|底|末"  # 6月上旬, 6月底
_YEAR_PERIOD = "全年|年底|年内|上半年|下半年|每季度|每月"  # a period of the year named by a word
_QUARTER = "一二三四"  # 二季度

_LABEL = re.compile(
    rf"(?:(?<=^)|(?<=[。{SEMICOLON}\s]))"
    r"(?P<label>"
    rf"(?P<r1>\d{{1,2}})\s*月?\s*{_RANGE_DASH}\s*(?P<r2>\d{{1,2}})\s*月份?"
    rf"|(?P<m>\d{{1,2}})\s*月(?P<mq>{_MONTH_PART})?(?P<before>前|底前|以前|之前)?"
    rf"|(?P<year>年底前|{_YEAR_PERIOD})"
    rf"|(?P<q>[{_QUARTER}1-4])季度(?P<qbefore>前)?"
    r")"
    rf"\s*(?:[{COLON}{SEMICOLON}]|(?=\s))"
    # a whole-year word opening a clause needs no separator: 。全年常态化开展…
    rf"|(?:(?<=^)|(?<=[。{SEMICOLON}]))(?P<label2>(?P<year2>全年|年内))(?![{COLON}{SEMICOLON}\s])"
)
#: What opens a 进度安排 cell's first paragraph (``2—4月:``, ``6月底前:``, ``全年:``, ``二季度 ``): a
#: period and its separator, read by :func:`loaders.tables.starts_with_period`.
PERIOD_START = re.compile(
    rf"^(?:\d{{1,2}}\s*月?\s*{_RANGE_DASH}\s*\d{{1,2}}\s*月|\d{{1,2}}\s*月(?:{_MONTH_PART})?(?:前|底前)?"
    rf"|{_YEAR_PERIOD}|[{_QUARTER}]季度)\s*(?:[{COLON}{SEMICOLON}]|\s)"
)
#: A labelled part of a cell (``工业项目:``): a few words and a colon opening a sentence.
_PART = re.compile(rf"(?:(?<=^)|(?<=[。{SEMICOLON}]))\s*[\u4e00-\u9fa5]{{2,8}}[{COLON}]")
#: A quarter opening a clause inside a labelled part: 二季度完成征集, 二季度前完成…
_PART_QUARTER = re.compile(rf"(?<=[{COLON}{COMMA}])(?P<label>(?P<q>[{_QUARTER}])季度(?P<qbefore>前)?)")


@dataclass(frozen=True)
class Period:
    label: str
    start_month: int | None
    end_month: int | None
    text: str
    start: int  # offset of the label in the cell text
    end: int  # offset after the clause


def _months(m: re.Match[str]) -> tuple[int | None, int | None]:
    g = m.groupdict()
    if g.get("r1"):
        a, b = int(g.get("r1") or 0), int(g.get("r2") or 0)
        return (a, b) if 1 <= a <= 12 and 1 <= b <= 12 and a <= b else (None, None)
    if g.get("m"):
        month = int(g.get("m") or 0)
        if not 1 <= month <= 12:
            return None, None
        if g.get("before"):
            return None, month
        return month, month
    if g.get("q"):
        q = _CN_QUARTER[g.get("q") or "1"]
        return (None if g.get("qbefore") else 3 * q - 2), 3 * q
    word = g.get("year") or g.get("year2") or ""
    return {
        "全年": (1, 12), "年内": (1, 12), "每季度": (1, 12), "每月": (1, 12),
        "年底": (12, 12), "年底前": (None, 12), "上半年": (1, 6), "下半年": (7, 12),
    }[word]


def split_schedule(text: str) -> list[Period]:
    """Labelled clauses of a schedule cell. Text before the first label, or a cell
    without labels, becomes one clause with no label and no months."""
    matches = list(_LABEL.finditer(text))
    parts = [] if matches else list(_PART.finditer(text))
    if parts:  # quarters inside labelled parts (only where no period label is written)
        matches = [q for q in _PART_QUARTER.finditer(text) if _in_part(q.start(), parts, text)]
    out: list[Period] = []
    head_end = matches[0].start() if matches else len(text)
    head = text[:head_end].strip()
    if head and not (parts and matches and _PART.fullmatch(head)):
        out.append(Period("", None, None, head, 0, head_end))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        if parts:  # the clause ends before the next labelled part and its separator
            end = _part_clause_end(text, m.end(), end, parts)
        clause = text[m.end() : end].strip()
        start_month, end_month = _months(m)
        label = m.groupdict().get("label") or m.group("label2")
        out.append(Period(label.strip(), start_month, end_month, clause, m.start(), end))
    return out


def _in_part(offset: int, parts: list[re.Match[str]], text: str) -> bool:
    """Whether ``offset`` is in a labelled part's sentence (between its colon and its 。)."""
    for part in parts:
        stop = text.find("。", part.end())
        if part.end() <= offset and (stop < 0 or offset < stop):
            return True
    return False


def _part_clause_end(text: str, start: int, end: int, parts: list[re.Match[str]]) -> int:
    for part in parts:
        if start < part.start() < end:
            end = part.start()
    while end > start and text[end - 1] in COMMA + SEMICOLON + " \t":
        end -= 1
    return end


# -- deadlines written in an item's text --------------------------------------------------------
#
# ``5月底前``, ``2022年10月底前``, ``6月30日前``, ``年底前``, ``每季度末``, ``明年7月份``, ``明年年底``:
# a month (or the year's end) with 前, or with the year written before it; ``长期坚持`` and
# ``持续推进`` only as a clause of their own (a 完成时限 cell), never the verb of a sentence
# (持续推进“一网通办”). A date that says "as of" or "since" (截至6月底, 2021年10月以来) is none.

_DEADLINE = re.compile(
    r"(?P<label>"
    r"(?:(?P<year>\d{4})年|(?P<rel>明年|今年))?"
    r"(?:(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日)?(?P<part>份|底|末|上旬|中旬|下旬|初)?"
    r"|(?P<yearend>年底|年末|底)|(?P<quarterly>每季度末))"
    r"(?P<before>之前|以前|前)?"
    r")"
)
# asked right before a date (within _AS_OF_REACH characters of it: the longest word and a newline)
# and right after it, never of all the text before or after (which made a long text's dates cost
# as its length squared)
_AS_OF = re.compile(r"(?:截至|截止到|截止|自|从)$")
_AS_OF_REACH = 4
_SINCE = re.compile(r"(?:以来|起|开始|至今)")
_ONGOING = re.compile(r"^(?:(?:完成时限|时间节点|完成时间|时限)[:\uff1a]\s*)?(?P<label>长期坚持|持续推进)$")
_CLAUSE_END = "，,；;。\n"
_CLAUSES = re.compile(rf"[{_CLAUSE_END}]")
_LEAD_WORDS = re.compile(r"(?:确保|力争|争取|并且|并|实现|要)+")


@dataclass(frozen=True)
class Deadline:
    label: str  # as written: 2022年10月底前, 明年7月份, 长期坚持
    start_month: int | None
    end_month: int | None
    year: int | None  # as written, or implied (明年 -> the notice's year + 1)
    text: str  # the clause that states it
    start: int  # offset of the label


def _clause(seen: str, written: str, start: int, end: int, labels: list[tuple[int, int]]) -> str:
    """The clause around ``seen[start:end]``: between ,;。 (and 、 where it separates two deadlines),
    without its lead-in (确保, 并实现); as ``written``."""
    left = max(seen.rfind(c, 0, start) for c in _CLAUSE_END) + 1
    right = min((i for i in (seen.find(c, end) for c in _CLAUSE_END) if i >= 0), default=len(seen))
    for s, e in labels:  # another deadline in the same clause: 、 separates them
        if left <= s < start and (cut := seen.rfind("、", e, start)) >= 0:
            left = cut + 1
        if end <= s < right and (cut := seen.find("、", end, s)) >= 0:
            right = cut
    while left < start and seen[left].isspace():
        left += 1
    if (lead := _LEAD_WORDS.match(seen, left)) and lead.end() <= start:
        left = lead.end()
    return written[left:right].strip()


def deadlines(text: str, *, notice_year: int | None = None, seen: str | None = None) -> list[Deadline]:
    """Every deadline the text states, in order. ``notice_year`` (the year of the notice's date)
    gives 明年 and 今年 their years; without it they have none. ``seen`` is the text as matched
    (simplified, of the same length); labels and clauses are taken from ``text`` as written."""
    return list(_deadlines(text, notice_year, text if seen is None else seen))


@lru_cache(maxsize=4096)
def _deadlines(text: str, notice_year: int | None, seen: str) -> tuple[Deadline, ...]:
    """:func:`deadlines`, once per distinct text (a table's 完成时限 cells repeat: 年底前, 长期坚持)."""
    found: list[tuple[re.Match[str], int | None, int | None, int | None]] = []
    for m in _DEADLINE.finditer(seen):
        written_year = m.group("year") or m.group("rel")
        if m.group("yearend") == "底" and not m.group("year"):
            continue  # 底 alone is 年底 only after a year: 2022年底
        if m.group("month"):
            month = int(m.group("month"))
            if not 1 <= month <= 12 or (m.group("day") and not 1 <= int(m.group("day")) <= 31):
                continue
            if not (m.group("before") or (written_year and m.group("part"))):
                continue  # 7月, 2022年10月18日 alone are dates, not deadlines
            start_month, end_month = None, month
        elif m.group("quarterly"):
            start_month, end_month = 1, 12  # as the sample's 每季度
        else:
            start_month, end_month = None, 12
        if _AS_OF.search(seen, max(0, m.start() - _AS_OF_REACH), m.start()) or _SINCE.match(seen, m.end()):
            continue
        if m.group("year"):
            year: int | None = int(m.group("year"))
        elif m.group("rel") and notice_year is not None:
            year = notice_year + (1 if m.group("rel") == "明年" else 0)
        else:
            year = None
        found.append((m, start_month, end_month, year))
    spans = [(m.start(), m.end()) for m, *_ in found]
    out = [Deadline(text[m.start():m.end()], start_month, end_month, year,
                    _clause(seen, text, m.start(), m.end(), spans), m.start())
           for m, start_month, end_month, year in found]
    offset = 0
    for piece in _CLAUSES.split(seen):
        if m2 := _ONGOING.match(piece.strip()):
            at = offset + piece.index(m2.group("label"))
            label = text[at : at + len(m2.group("label"))]
            out.append(Deadline(label, None, None, None, label, at))
        offset += len(piece) + 1
    return tuple(sorted(out, key=lambda d: d.start))
