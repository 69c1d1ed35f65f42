"""Rebuild annex tables that were flattened into paragraphs.

In the scraped text each table cell became one or more paragraphs and an empty
cell became one extra blank line. Row starts are unambiguous (a paragraph that
is just the next row number, then ``NAME(units)``); the five cells of a row are
not, so they are reconstructed from evidence, never from paragraph counts:

- an extra blank line is an empty cell, and a cell boundary on each side;
- a numbered list continuing (``…2.…`` then ``3.…``) stays in one cell, and a
  paragraph restarting at ``1.`` starts a new one;
- 进度安排 (the last cell) starts with a period label (``2—4月:``, ``6月底前:``,
  ``全年:``), and such labels rarely start any other cell;
- 政策体系 tends to cite 《…》 or name a policy act, 评价体系 to speak of 评价/考核.

Every split of the row's paragraphs into five cells is scored and the best one
kept; a narrow margin over the runner-up is reported as ambiguous.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from .blocks import Para, Table, TableCell, TableRow
from .model import ROW_CELLS, Cell
from .punctuation import BRACKETS, CLOSE, COLON, DOT, OPEN, SEMICOLON

HEADER_LABELS = ("序号", "重点工作(责任单位)", "目标体系", "工作体系", "政策体系", "评价体系", "进度安排")

_ROW_NUMBER = re.compile(r"^\d{1,3}$")
_AREA_HEADER = re.compile(rf"^(?P<name>[^\d{BRACKETS}]{{2,30}}?)[{OPEN}](?P<count>\d+)项[{CLOSE}]$")
_LIST_NUMBER = re.compile(rf"(?:^|(?<=[。{SEMICOLON}\s]))(\d{{1,2}})\s*[{DOT}、](?!\d)")
_PERIOD_START = re.compile(
    r"^(?:\d{1,2}\s*月?\s*[-—–~至]+\s*\d{1,2}\s*月|\d{1,2}\s*月(?:上旬|中旬|下旬|初|中|底|末)?(?:前|底前)?"
    rf"|全年|年底|年内|上半年|下半年|每季度|每月|[一二三四]季度)\s*(?:[{COLON}{SEMICOLON}]|\s)"
)
_POLICY_WORDS = re.compile(r"《|出台|制定|落实|贯彻|印发|意见|方案|办法|条例|规划|计划|政策|通知|细则|标准|要点")
_EVALUATION_WORDS = re.compile(r"评价|考核|考评|评估|督查|检查|指标|评定|通报|监测|验收|评选")

EMPTY = None  # marker of an empty cell in a row's item list


def is_header_label(text: str) -> bool:
    """序号, 重点工作(责任单位)… in any bracket width, even split over lines."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text)) in HEADER_LABELS


def area_header(text: str) -> tuple[str, int] | None:
    m = _AREA_HEADER.match(text)
    return (m.group("name"), int(m.group("count"))) if m else None


def list_numbers(text: str) -> list[int]:
    return [int(n) for n in _LIST_NUMBER.findall(text)]


def starts_with_period(text: str) -> bool:
    return bool(_PERIOD_START.match(text))


@dataclass(frozen=True)
class Split:
    cells: tuple[tuple[Para, ...], ...]  # five cells, () for an empty one
    score: float
    margin: float | None  # score over the runner-up; None when only one split exists


def _first_number(text: str) -> int | None:
    m = re.match(rf"^(\d{{1,2}})\s*[{DOT}、](?!\d)", text)
    return int(m.group(1)) if m else None


def _continues(prev: Para, nxt: Para) -> bool:
    first = _first_number(nxt.text)
    numbers = list_numbers(prev.text)
    return first is not None and first > 1 and bool(numbers) and numbers[-1] == first - 1


def _score_cell(kind: Cell, paras: tuple[Para, ...]) -> float:
    if not paras:
        return 0.0
    score = 0.0
    first = paras[0].text
    if kind is Cell.SCHEDULE:
        score += 3.0 if starts_with_period(first) else -3.0
        score += sum(0.5 for p in paras[1:] if starts_with_period(p.text))
    else:
        if starts_with_period(first):
            score -= 4.0
        score -= sum(2.0 for p in paras[1:] if starts_with_period(p.text))
    if kind is Cell.POLICY and any(_POLICY_WORDS.search(p.text) for p in paras):
        score += 1.0
    if kind is Cell.EVALUATION and any(_EVALUATION_WORDS.search(p.text) for p in paras):
        score += 1.0
    if kind is Cell.TARGET:
        score -= 1.0 * (len(paras) - 1)
    for a, b in zip(paras, paras[1:]):
        if _continues(a, b):
            score += 3.0
        elif _first_number(b.text) == 1:
            score -= 4.0
        elif kind is not Cell.SCHEDULE:
            score -= 1.0
    return score


def _score_boundary(last: Para, nxt: Para) -> float:
    return -3.0 if _continues(last, nxt) else 0.0


def split_cells(items: list[Para | None]) -> Split | None:
    """Split a row's items (paragraphs and EMPTY markers) into the five cells."""
    n = len(items)
    if n < len(ROW_CELLS):
        return None
    # a boundary after position i (between items i and i+1)
    forced = {i for i in range(n - 1) if items[i] is EMPTY or items[i + 1] is EMPTY}
    free = [i for i in range(n - 1) if i not in forced]
    need = len(ROW_CELLS) - 1 - len(forced)
    if need < 0 or need > len(free):
        return None
    scored: list[tuple[float, tuple[tuple[Para, ...], ...]]] = []
    for chosen in itertools.combinations(free, need):
        cuts = sorted(forced | set(chosen))
        groups: list[list[Para | None]] = []
        start = 0
        for cut in cuts:
            groups.append(items[start : cut + 1])
            start = cut + 1
        groups.append(items[start:])
        cells: list[tuple[Para, ...]] = []
        for group in groups:
            if any(g is EMPTY for g in group):
                cells.append(())
            else:
                cells.append(tuple(g for g in group if g is not EMPTY))
        score = sum(_score_cell(kind, cell) for kind, cell in zip(ROW_CELLS, cells))
        for a, b in zip(cells, cells[1:]):
            if a and b:
                score += _score_boundary(a[-1], b[0])
        scored.append((score, tuple(cells)))
    if not scored:
        return None
    scored.sort(key=lambda s: -s[0])
    best = scored[0]
    margin = best[0] - scored[1][0] if len(scored) > 1 else None
    return Split(cells=best[1], score=best[0], margin=margin)


@dataclass(frozen=True)
class FlatRow:
    """A row read from paragraphs before its cells are split."""

    number: Para
    name: Para
    items: list[Para | None]


def rebuild_table(paras: list[Para], trailing_blank: int = 1) -> tuple[Table, list[str]]:
    """Turn the paragraphs of one flattened annex table into a :class:`Table`.

    Returns the table and notes on anything ambiguous. Raises ``ValueError`` with
    a message naming the row when a row cannot hold five cells (cut off).
    """
    notes: list[str] = []
    rows: list[TableRow] = []
    i = 0
    header: list[Para] = []
    while i < len(paras) and is_header_label(paras[i].text):
        header.append(paras[i])
        i += 1
    if header:
        rows.append(TableRow(tuple(TableCell((p,)) for p in header)))
    expected: int | None = None
    current: FlatRow | None = None

    def finish(row: FlatRow, trailing_blank: int) -> None:
        items = list(row.items) + [EMPTY] * max(0, trailing_blank - 1)
        split = split_cells(items)
        if split is None:
            raise ValueError(
                f"row {row.number.text} (line {row.number.line_start}) has "
                f"{sum(1 for x in items if x is not EMPTY)} paragraph(s) and "
                f"{sum(1 for x in items if x is EMPTY)} empty cell(s): fewer than the five cells "
                "目标体系/工作体系/政策体系/评价体系/进度安排"
            )
        if split.margin is not None and split.margin < 1.0:
            notes.append(
                f"row {row.number.text} (line {row.number.line_start}): cell boundaries uncertain "
                f"(margin {split.margin:.1f})"
            )
        cells = [TableCell((row.number,)), TableCell((row.name,))]
        cells += [TableCell(c) for c in split.cells]
        rows.append(TableRow(tuple(cells)))

    while i < len(paras):
        para = paras[i]
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        header_match = area_header(para.text)
        starts_row = (
            _ROW_NUMBER.match(para.text)
            and (expected is None or int(para.text) == expected)
            and nxt is not None
            and not _ROW_NUMBER.match(nxt.text)
        )
        if header_match and (current is None or current.items):
            if current is not None:
                finish(current, para.blank_before)
                current = None
            rows.append(TableRow((TableCell((para,)),)))
            i += 1
            continue
        if starts_row and (current is None or len([x for x in current.items if x is not EMPTY]) >= 1):
            if current is not None:
                finish(current, para.blank_before)
            assert nxt is not None
            current = FlatRow(number=para, name=nxt, items=[])
            expected = int(para.text) + 1
            i += 2
            continue
        if current is None:
            notes.append(f"line {para.line_start}: text before the first row ignored: {para.text[:30]}")
            i += 1
            continue
        current.items.extend([EMPTY] * max(0, para.blank_before - 1))
        current.items.append(para)
        i += 1
    if current is not None:
        finish(current, trailing_blank)
    return Table(tuple(rows)), notes
