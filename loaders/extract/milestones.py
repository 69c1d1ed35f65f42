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

from ..punctuation import COLON, COMMA, SEMICOLON

_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_LABEL = re.compile(
    rf"(?:(?<=^)|(?<=[。{SEMICOLON}\s]))"
    r"(?P<label>"
    r"(?P<r1>\d{1,2})\s*月?\s*[-—–~至]+\s*(?P<r2>\d{1,2})\s*月份?"
    r"|(?P<m>\d{1,2})\s*月(?P<mq>上旬|中旬|下旬|初|中|底|末)?(?P<before>前|底前|以前|之前)?"
    r"|(?P<year>全年|年底前|年底|年内|上半年|下半年|每季度|每月)"
    r"|(?P<q>[一二三四1-4])季度(?P<qbefore>前)?"
    r")"
    rf"\s*(?:[{COLON}{SEMICOLON}]|(?=\s))"
    # a whole-year word opening a clause needs no separator: 。全年常态化开展…
    rf"|(?:(?<=^)|(?<=[。{SEMICOLON}]))(?P<label2>(?P<year2>全年|年内))(?![{COLON}{SEMICOLON}\s])"
)
#: A labelled part of a cell (``工业项目:``): a few words and a colon opening a sentence.
_PART = re.compile(rf"(?:(?<=^)|(?<=[。{SEMICOLON}]))\s*[\u4e00-\u9fa5]{{2,8}}[{COLON}]")
#: A quarter opening a clause inside a labelled part: 二季度完成征集, 二季度前完成…
_PART_QUARTER = re.compile(rf"(?<=[{COLON}{COMMA}])(?P<label>(?P<q>[一二三四])季度(?P<qbefore>前)?)")


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
