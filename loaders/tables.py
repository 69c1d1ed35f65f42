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
kept (by dynamic programming over the split points, see :func:`split_cells`); a
narrow margin over the runner-up is reported as ambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .blocks import Para, Table, TableCell, TableRow
from .extract.milestones import PERIOD_START
from .model import ROW_CELLS, Cell
from .punctuation import BRACKETS, CLOSE, COLON, DOT, OPEN, SEMICOLON

HEADER_LABELS = ("序号", "重点工作(责任单位)", "目标体系", "工作体系", "政策体系", "评价体系", "进度安排")

_ROW_NUMBER = re.compile(r"^\d{1,4}$")
_AREA_HEADER = re.compile(rf"^(?P<name>[^\d{BRACKETS}]{{2,30}}?)[{OPEN}](?P<count>\d+)项[{CLOSE}]$")
_LIST_NUMBER = re.compile(rf"(?:^|(?<=[。{SEMICOLON}\s]))(\d{{1,2}})\s*[{DOT}、](?!\d)")
_POLICY_WORDS = re.compile(r"《|出台|制定|落实|贯彻|印发|意见|方案|办法|条例|规划|计划|政策|通知|细则|标准|要点")
_EVALUATION_WORDS = re.compile(r"评价|考核|考评|评估|督查|检查|指标|评定|通报|监测|验收|评选")

EMPTY = None  # marker of an empty cell in a row's item list

# What follows a plan's last row in a scraped page: the issuing office and date (落款), 抄送,
# contacts, and the page's own furniture. None of it is part of a cell.
_END_MARKER = re.compile(
    rf"^(?:抄送|抄报|联系人|联系电话|联系方式|电话|传真|地址|邮编|邮政编码|电子邮箱|邮箱|主办单位|主办|承办单位|"
    rf"版权所有|技术支持|网站标识码|网站地图|来源|浏览次数|访问量|发布时间|扫一扫|分享到|上一篇|下一篇|相关链接|"
    rf"相关文件|相关解读|政策解读)(?:[{COLON}\s]|$)"
    r"|^(?:[【\[]\s*(?:打印|关闭|打印本页|关闭窗口|收藏|返回顶部)|[\w\u4e00-\u9fa5]{0,4}ICP备)"
)
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_SIGNATURE = re.compile(rf"^[{OPEN}]?[\u4e00-\u9fa5()（）]{{4,60}}(?:办公室|委员会|人民政府|领导小组|指挥部|局|委)[{CLOSE}]?$")
_PAGE_FURNITURE = re.compile(r"^(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,,/]?\s*共\s*\d{1,4}\s*页)?"
                             r"|\d{1,4}\s*/\s*\d{1,4})$")


def is_header_label(text: str) -> bool:
    """序号, 重点工作(责任单位)… in any bracket width, even split over lines."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text)) in HEADER_LABELS


def area_header(text: str) -> tuple[str, int] | None:
    m = _AREA_HEADER.match(text)
    return (m.group("name"), int(m.group("count"))) if m else None


def list_numbers(text: str) -> list[int]:
    return [int(n) for n in _LIST_NUMBER.findall(text)]


def starts_with_period(text: str) -> bool:
    """``2—4月:``, ``6月底前:``, ``全年:``: what opens a 进度安排 cell (the period words are
    :mod:`loaders.extract.milestones`')."""
    return bool(PERIOD_START.match(text))


def looks_like_row_name(text: str) -> bool:
    """``数字经济五年倍增行动(区经信局)``: a short name ending in its bracketed units."""
    return (len(text) <= 120 and text[-1:] in CLOSE and any(c in text for c in OPEN)
            and not starts_with_period(text) and _first_number(text) is None)


def is_page_furniture(text: str) -> bool:
    """A page number left in the text: ``- 3 -``, ``第3页 共12页``, ``3/12``."""
    return bool(_PAGE_FURNITURE.match(text))


def plan_end(paras: list[Para]) -> int | None:
    """Where the plan ends in an annex's paragraphs: the first end marker (抄送:, 联系电话:, 【打印】…)
    or 落款 (a date line ``2022年6月30日``, with the one or two office lines before it); None when
    the paragraphs run to the end."""
    for i, p in enumerate(paras):
        if _END_MARKER.match(p.text):
            return i
        if _DATE_LINE.match(p.text):
            start = i
            while start > 0 and i - start < 2 and _SIGNATURE.match(paras[start - 1].text) \
                    and not _ROW_NUMBER.match(paras[start - 1].text):
                start -= 1
            return start
    return None


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


def split_cells(items: list[Para | None]) -> Split | None:
    """Split a row's items (paragraphs and EMPTY markers) into the five cells.

    The best split over every possible one, found by dynamic programming over the
    split points: a split's score is a sum of one term per cell (which depends only on
    the cell's kind and its paragraphs) and one term per boundary (which depends only
    on the two paragraphs either side of it), so the best way to fill the first k
    cells up to item e does not depend on how the rest is filled. The two best splits
    are kept for every (k, e), enough for the best score and the runner-up's. Ties go
    to the split whose first differing boundary comes earlier. Time grows as n² in the
    row's items (the exhaustive search over combinations grew as n⁴).
    """
    n = len(items)
    cells_n = len(ROW_CELLS)
    if n < cells_n:
        return None
    features = [_Features.of(x) for x in items]
    cont = [False] + [
        items[j - 1] is not EMPTY and items[j] is not EMPTY and _continues(items[j - 1], items[j])  # type: ignore[arg-type]
        for j in range(1, n)
    ]
    # best[k][e]: up to two (score, cut ends) for filling cells 0..k-1 with items[:e]
    best: list[list[list[tuple[float, tuple[int, ...]]]]] = [[[] for _ in range(n + 1)] for _ in range(cells_n + 1)]
    best[0][0] = [(0.0, ())]
    for k, kind in enumerate(ROW_CELLS):
        last = k == cells_n - 1
        for s in range(n):
            prefixes = best[k][s]
            if not prefixes:
                continue
            # the boundary before this cell: a numbered list running across it is unlikely
            boundary = -3.0 if k > 0 and cont[s] else 0.0
            for e, cell_score in _segment_scores(kind, items, features, cont, s, n if last else n - (cells_n - 1 - k)):
                if last and e != n:
                    continue
                target = best[k + 1][e]
                for score, ends in prefixes:
                    _keep_two(target, (score + boundary + cell_score, ends + (e,)))
    final = best[cells_n][n]
    if not final:
        return None
    score, ends = final[0]
    cells: list[tuple[Para, ...]] = []
    start = 0
    for end in ends:
        cells.append(tuple(p for p in items[start:end] if p is not EMPTY))
        start = end
    margin = score - final[1][0] if len(final) > 1 else None
    return Split(cells=tuple(cells), score=score, margin=margin)


def _keep_two(kept: list[tuple[float, tuple[int, ...]]], candidate: tuple[float, tuple[int, ...]]) -> None:
    """Keep the two best candidates, best first: higher score, then earlier boundaries."""
    rank = (-candidate[0], candidate[1])
    if len(kept) < 2 or rank < (-kept[1][0], kept[1][1]):
        if kept and rank < (-kept[0][0], kept[0][1]):
            kept.insert(0, candidate)
        else:
            kept.insert(1 if kept else 0, candidate)
        del kept[2:]


@dataclass(frozen=True)
class _Features:
    """What the scores ask of one paragraph, computed once per row."""

    empty: bool
    period: bool = False
    policy: bool = False
    evaluation: bool = False
    restarts: bool = False  # starts at 1.

    @classmethod
    def of(cls, item: Para | None) -> _Features:
        if item is EMPTY:
            return cls(empty=True)
        text = item.text
        return cls(empty=False, period=starts_with_period(text), policy=bool(_POLICY_WORDS.search(text)),
                   evaluation=bool(_EVALUATION_WORDS.search(text)), restarts=_first_number(text) == 1)


def _segment_scores(kind: Cell, items: list[Para | None], features: list[_Features], cont: list[bool], s: int,
                    stop: int) -> Iterator[tuple[int, float]]:
    """(end, score) of the cell ``kind`` holding items[s:end], for every end up to ``stop``, the
    score extended one paragraph at a time. An empty marker is a cell of its own (score 0).

    - 进度安排: +3 when its first paragraph opens with a period label (-3 when not), +0.5 for each
      later one that does; any other cell: -4 when its first paragraph does, -2 for each later one;
    - 政策体系 +1 when a paragraph has policy words, 评价体系 +1 when one has evaluation words;
    - 目标体系 -1 for each paragraph after the first;
    - between two paragraphs of the cell: +3 when a numbered list continues (``2.`` then ``3.``),
      else -4 when the second restarts at ``1.``, else -1 (not in 进度安排).
    """
    if features[s].empty:
        yield s + 1, 0.0
        return
    first = features[s]
    score = 0.0
    if kind is Cell.SCHEDULE:
        score += 3.0 if first.period else -3.0
    elif first.period:
        score -= 4.0
    any_policy = first.policy
    any_evaluation = first.evaluation
    for e in range(s + 1, stop + 1):
        if e > s + 1:
            j = e - 1
            f = features[j]
            if f.empty:
                return
            if kind is Cell.SCHEDULE:
                score += 0.5 if f.period else 0.0
            elif f.period:
                score -= 2.0
            if kind is Cell.TARGET:
                score -= 1.0
            if cont[j]:
                score += 3.0
            elif f.restarts:
                score -= 4.0
            elif kind is not Cell.SCHEDULE:
                score -= 1.0
            any_policy = any_policy or f.policy
            any_evaluation = any_evaluation or f.evaluation
        total = score
        if kind is Cell.POLICY and any_policy:
            total += 1.0
        if kind is Cell.EVALUATION and any_evaluation:
            total += 1.0
        yield e, total


@dataclass(frozen=True)
class FlatRow:
    """A row read from paragraphs before its cells are split."""

    number: Para
    name: Para
    items: list[Para | None]


def rebuild_table(paras: list[Para], trailing_blank: int = 1,
                  dropped: list[str] | None = None) -> tuple[Table, list[str]]:
    """Turn the paragraphs of one flattened annex table into a :class:`Table`.

    Returns the table and notes on anything ambiguous. Raises ``ValueError`` with
    a message naming the row when a row cannot hold five cells (cut off); when
    ``dropped`` is given, a last row that cannot is left out and its message added there.
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

    def finish(row: FlatRow, trailing_blank: int, last: bool = False) -> None:
        items = list(row.items) + [EMPTY] * max(0, trailing_blank - 1)
        split = split_cells(items)
        if split is None:
            message = (
                f"row {row.number.text} (line {row.number.line_start}) has "
                f"{sum(1 for x in items if x is not EMPTY)} paragraph(s) and "
                f"{sum(1 for x in items if x is EMPTY)} empty cell(s): fewer than the five cells "
                "目标体系/工作体系/政策体系/评价体系/进度安排"
            )
            if last and dropped is not None:
                dropped.append(message)
                return
            raise ValueError(message)
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
            and nxt is not None
            and not _ROW_NUMBER.match(nxt.text)
            # the number due, or another one before what reads as a row's name: a row missing,
            # repeated or out of order is a row of its own (the parser reports the sequence)
            and (expected is None or int(para.text) == expected or looks_like_row_name(nxt.text))
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
        finish(current, trailing_blank, last=True)
    return Table(tuple(rows)), notes
