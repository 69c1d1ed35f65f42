"""Milestones of a 进度安排 cell: ``2—4月:印发…。5—8月:开展…`` -> labelled clauses.

A label starts the cell or follows 。;; or a space, and ends with : : ; or a
space: ``1-3月:`` ``10月—12月:`` ``6月底前:`` ``全年:`` ``年底:`` ``每季度:``
``3-4月 参与…``. Months mentioned inside a clause (``争取应梦里7月试运营``) are
not labels. Each label gets start and end months where it states them:
``6月底前`` -> (None, 6); ``全年`` -> (1, 12); ``二季度`` -> (4, 6).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..punctuation import COLON, SEMICOLON

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
)


@dataclass(frozen=True)
class Period:
    label: str
    start_month: int | None
    end_month: int | None
    text: str
    start: int  # offset of the label in the cell text
    end: int  # offset after the clause


def _months(m: re.Match[str]) -> tuple[int | None, int | None]:
    if m.group("r1"):
        a, b = int(m.group("r1")), int(m.group("r2"))
        return (a, b) if 1 <= a <= 12 and 1 <= b <= 12 and a <= b else (None, None)
    if m.group("m"):
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            return None, None
        if m.group("before"):
            return None, month
        return month, month
    if m.group("q"):
        q = _CN_QUARTER[m.group("q")]
        return (None if m.group("qbefore") else 3 * q - 2), 3 * q
    word = m.group("year")
    return {
        "全年": (1, 12), "年内": (1, 12), "每季度": (1, 12), "每月": (1, 12),
        "年底": (12, 12), "年底前": (None, 12), "上半年": (1, 6), "下半年": (7, 12),
    }[word]


def split_schedule(text: str) -> list[Period]:
    """Labelled clauses of a schedule cell. Text before the first label, or a cell
    without labels, becomes one clause with no label and no months."""
    matches = list(_LABEL.finditer(text))
    out: list[Period] = []
    head_end = matches[0].start() if matches else len(text)
    head = text[:head_end].strip()
    if head:
        out.append(Period("", None, None, head, 0, head_end))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        clause = text[m.end() : end].strip()
        start_month, end_month = _months(m)
        out.append(Period(m.group("label").strip(), start_month, end_month, clause, m.start(), end))
    return out
