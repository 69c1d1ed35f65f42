"""Plans of the genre laid out as a table: 序号 · 重点任务 · 牵头单位 · 责任单位 · 责任领导 · 完成时限.

The columns are found by their header words, whatever their order: the number (序号), the task
(重点任务 / 工作任务 / 目标任务 / 事项 …), the lead (牵头单位 / 主要责任单位 …), the supporting units
(责任单位 / 配合单位 / 协同配合单位 …), the leaders (责任领导 / 责任人 …), the deadline (完成时限 /
时间节点 …) and a category spanning rows (分类). Three forms of the same table are read:

- a real table (:class:`~loaders.blocks.Table`, from HTML, DOCX or PDF): cell by cell; a row of one
  cell spanning the table is a section heading;
- a table flattened one cell per paragraph (scraped text): the header is a run of paragraphs that
  are each a column name; a row opens at its bare 序号 (or, where the 序号 cells are absent, after
  the last column of the row before) and its cells follow in the header's order, each taken by its
  shape (a unit list for a unit column); an extra blank line is an empty cell; a category cell
  comes before the first row of its group;
- a table flattened one row per line: the header is one line of column names separated by spaces,
  each row a line opening with its number, a cell of several paragraphs broken over lines.

Each row is an :class:`~loaders.model.Item` whose ``cells`` are keyed by the table's own column
names. The lead comes from the lead column even when another column lists it too (the supporting
units are the others, in the order written); a table with no lead column has the first unit listed
lead. Leaders (a leader column, or ``(牵头领导:A、B)`` closing a section heading, for every row of
the section) are never units. Units are split and collectives kept whole by :mod:`loaders.genre`,
whose header, place, deadline and indicator readers are used here too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property, lru_cache

from . import divisions as dv
from .blocks import Block, Para, RawDocument, Table
from .errors import IncompleteDocument, NotAWorkPlan
from .genre import (
    LOOKED_FOR,
    _header,
    _indicators,
    _is_title,
    _jurisdiction,
    _milestones,
    _unit_kind,
    numbering,
    split_units,
)
from .model import (
    HEADER_SECTION,
    Department,
    Document,
    Item,
    ItemKind,
    Jurisdiction,
    LeaderRef,
    Milestone,
    Role,
    Source,
    UnitRef,
)
from .report import QualityReport

LAYOUT = "table"


class Column(str, Enum):
    """What a column of the table holds."""

    NUMBER = "number"
    CATEGORY = "category"
    TASK = "task"
    LEAD = "lead"
    SUPPORT = "support"
    LEADER = "leader"
    DEADLINE = "deadline"
    OTHER = "other"  # kept as a cell, read for nothing else (备注, 完成情况)


#: header words of each kind of column, in the order they are tried (a 牵头责任单位 is a lead
#: column before it is a 责任单位 one; a 责任领导 a leader column)
_WORDS: tuple[tuple[Column, tuple[str, ...]], ...] = (
    (Column.NUMBER, ("序号", "编号")),
    (Column.CATEGORY, ("分类", "类别", "板块")),
    (Column.LEADER, ("牵头负责领导", "牵头责任领导", "责任领导", "牵头领导", "分管领导", "联系领导", "责任人")),
    (Column.LEAD, ("牵头责任单位", "主要责任单位", "牵头单位", "牵头部门", "责任主体")),
    (Column.SUPPORT, ("协同配合单位", "协同责任单位", "协同单位", "配合单位", "参与单位", "责任单位", "责任部门")),
    (Column.DEADLINE, ("完成时限", "时间节点", "进度安排", "完成时间", "时限要求", "时限")),
    (Column.TASK, ("重点工作任务", "重点任务", "工作任务", "工作内容", "目标任务", "目标与任务", "主要任务",
                   "重点工作", "具体措施", "工作措施", "事项", "任务")),
    (Column.OTHER, ("备注", "完成情况", "进展情况")),
)
_UNIT_COLUMNS = (Column.LEAD, Column.SUPPORT)
_SPACES = re.compile(r"\s+")
_BARE_NUMBER = re.compile(r"^\d{1,4}[.、．]?$")
_ROW_OPENING = re.compile(r"^(\d{1,4})\s+\S")
_SECTION_LEADERS = re.compile(
    r"[(\uff08](?P<label>牵头负责领导|牵头责任领导|责任领导|牵头领导|分管领导)[:\uff1a](?P<names>[^()\uff08\uff09]+)[)\uff09]$"
)
_NAME_END = re.compile(r"[。;；\n]")  # an item's name is its text up to the first of these
_DEADLINE_WORDS = re.compile(r"月|年|季度|前|底|长期|持续|全年|常态")
_NAME_SEPARATORS = re.compile(r"[、,，;；\s]+")
# a deadline cell's month where the genre's deadline words are not written (6月底, 2023年12月)
_CELL_MONTH = re.compile(r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?:份|底|末|中旬|上旬|下旬)?")


def column_kind(name: str) -> Column | None:
    """The kind of column a header cell names (spaces ignored: 目  标  任  务), else None."""
    s = _SPACES.sub("", name) if len(name) > 12 or not name.isalnum() else name
    if not s or len(s) > 12:
        return None
    return _column_kind(s)


@lru_cache(maxsize=4096)
def _column_kind(s: str) -> Column | None:
    """:func:`column_kind` of a name without spaces, of at most 12 characters (once per name: a
    document asks it of every short paragraph, and of its column names on every page)."""
    for kind, words in _WORDS:
        if s in words:
            return kind
    for kind, words in _WORDS:
        if any(w in s for w in words if len(w) >= 2):
            return kind
    return None


def _is_header(names: list[str]) -> bool:
    if len(names) < 3:
        return False
    kinds = []
    for n in names:
        kind = column_kind(n)
        if kind is None:
            return False
        kinds.append(kind)
    return Column.TASK in kinds and any(k in _UNIT_COLUMNS for k in kinds)


@dataclass(frozen=True)
class Columns:
    names: tuple[str, ...]  # as written, spaces removed: 目标任务
    kinds: tuple[Column, ...]

    @classmethod
    def of(cls, written: list[str]) -> Columns:
        names = tuple(re.sub(r"\s+", "", n) for n in written)
        return cls(names, tuple(column_kind(n) or Column.OTHER for n in names))

    def has(self, kind: Column) -> bool:
        return kind in self.kinds

    def of_kind(self, kind: Column) -> tuple[int, ...]:
        """The indexes of the columns of ``kind``, in order (asked of every row, worked out once)."""
        return self._indexes.get(kind, ())

    @cached_property
    def _indexes(self) -> dict[Column, tuple[int, ...]]:
        out: dict[Column, list[int]] = {}
        for i, kind in enumerate(self.kinds):
            out.setdefault(kind, []).append(i)
        return {kind: tuple(indexes) for kind, indexes in out.items()}


@dataclass(frozen=True)
class Found:
    """Where a table's header is: ``form`` is ``table`` (a real one), ``cells`` (one cell a
    paragraph) or ``rows`` (one row a line); ``index`` the header's block (real) or paragraph."""

    form: str
    columns: Columns
    index: int


def find_table(raw: RawDocument) -> Found | None:
    """The first table of the document whose header names a task column and a unit column."""
    paras = _paras(raw.blocks)
    for i, block in enumerate(raw.blocks):
        if isinstance(block, Table):
            for row in block.rows:
                names = [c.text.strip() for c in row.cells]
                if _is_header(names):
                    return Found("table", Columns.of(names), i)
    for i, p in enumerate(paras):
        if column_kind(p.text) is not None:
            run = [q.text for q in paras[i : i + 12]]
            k = next((j for j, t in enumerate(run) if column_kind(t) is None), len(run))
            if _is_header(run[:k]):
                return Found("cells", Columns.of(run[:k]), i)
        tokens = p.text.split()
        if len(tokens) >= 3 and _is_header(tokens):
            return Found("rows", Columns.of(tokens), i)
    return None


def _paras(blocks: tuple[Block, ...] | list[Block]) -> list[Para]:
    return [b for b in blocks if isinstance(b, Para) and b.text.strip()]


# ------------------------------------------------------------------ rows


class _Cell:
    """A cell's paragraphs; ``text`` is read once the row is built (a plain attribute once read:
    functools' cached_property takes a lock on every first read, a cost per cell)."""

    __slots__ = ("paras", "written", "_text")

    def __init__(self, paras: list[Para], written: str | None = None) -> None:
        self.paras = paras
        self.written = written  # the cell's text where it is part of its paragraphs (one row a line)
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.written if self.written is not None else _joined(self.paras)
        return self._text


def _joined(paras: list[Para]) -> str:
    """The paragraphs' texts, a line each."""
    return paras[0].text.strip() if len(paras) == 1 else "\n".join([p.text.strip() for p in paras])


@dataclass
class _Row:
    section: list[str]
    section_leaders: list[tuple[str, str, Para]]  # (label, name, the heading's paragraph)
    cells: dict[int, _Cell] = field(default_factory=dict)  # column index -> cell
    paras: list[Para] = field(default_factory=list)  # the row's own paragraphs, in order
    category_para: Para | None = None

    def cell(self, columns: Columns, kind: Column) -> list[tuple[str, _Cell]]:
        """The row's cells of columns of ``kind``, in the columns' order."""
        return [(columns.names[i], self.cells[i]) for i in columns.of_kind(kind) if i in self.cells]


@lru_cache(maxsize=4096)
def _split(text: str) -> tuple[str, ...]:
    """:func:`loaders.genre.split_units`, once per distinct cell (a table names the same units often)."""
    return tuple(split_units(text))


@lru_cache(maxsize=4096)
def _kind(name: str) -> str:
    """:func:`loaders.genre._unit_kind`, once per distinct name."""
    return _unit_kind(name)


@lru_cache(maxsize=4096)
def _unit_shaped(text: str) -> bool:
    """A list of units: every piece a unit's name or a collective (区发改局, 各乡镇(街道), 魏武国控集团)."""
    t = text.strip()
    if not t or "。" in t.rstrip("。") or len(t) > 400:
        return False
    pieces = _split(t)
    return bool(pieces) and all(len(p) <= 30 and _kind(p) != "other" for p in pieces)


def _fits(kind: Column, text: str) -> bool:
    if kind in _UNIT_COLUMNS:
        return _unit_shaped(text)
    if kind is Column.LEADER:
        return len(text) <= 40 and not text.endswith("。") and not _unit_shaped(text)
    if kind is Column.DEADLINE:
        return len(text) <= 40 and _DEADLINE_WORDS.search(text) is not None
    if kind is Column.NUMBER:
        return _BARE_NUMBER.match(text) is not None
    return True


class _Sections:
    """The headings above the rows: spanning section rows and category cells."""

    def __init__(self) -> None:
        self.path: list[str] = []
        self.leaders: list[tuple[str, str, Para]] = []
        self.category: str | None = None

    def heading(self, p: Para) -> None:
        text = p.text.strip()
        self.leaders = []
        if m := _SECTION_LEADERS.search(text):
            self.leaders = [(m.group("label"), n, p) for n in _NAME_SEPARATORS.split(m.group("names")) if n]
            text = text[: m.start()].rstrip()
        self.path = [text]

    def current(self) -> list[str]:
        return self.path + ([self.category] if self.category else [])

    def row(self) -> _Row:
        return _Row(section=self.current(), section_leaders=list(self.leaders))


#: what a section heading's number (一、 (一)) opens with: any other paragraph is none, asked
#: without trying each numbering style
_SECTION_OPENERS = frozenset("一二三四五六七八九十(\uff08")


def _is_section(text: str) -> bool:
    if text[:1] not in _SECTION_OPENERS:
        return False
    n = numbering(text)
    return n is not None and n[0] in ("一、", "(一)")


def _rows_of_cells(paras: list[Para], columns: Columns) -> tuple[list[_Row], set[int]]:
    """Rows of a table flattened one cell per paragraph; also the paragraphs read as headings."""
    header_gaps = [p.blank_before for p in paras[1 : len(columns.names)]]
    gap = min(header_gaps) if header_gaps else 1
    # what each paragraph is, asked once: its text, a heading's number (一、 (一)), a bare 序号
    texts = [p.text.strip() for p in paras]
    section = [_is_section(t) for t in texts]
    bare = [_BARE_NUMBER.match(t) is not None for t in texts]
    # a 序号 column whose cells the flattening lost (wuhu): rows open after the last column instead
    numbered = columns.has(Column.NUMBER) and any(bare[len(columns.names) : 2 * len(columns.names) + 2])
    task = columns.kinds.index(Column.TASK)
    after = [i for i in range(task + 1, len(columns.kinds))]
    cat = columns.kinds.index(Column.CATEGORY) if columns.has(Column.CATEGORY) else None
    num = columns.kinds.index(Column.NUMBER) if numbered else None
    sections = _Sections()
    rows: list[_Row] = []
    headings: set[int] = set()
    heading_of: dict[str, int] = {}  # a heading's text -> the last paragraph that wrote it
    i = len(columns.names)

    def opens_row(j: int) -> bool:
        return section[j] or (numbered and bare[j])

    def heads_group(j: int) -> bool:  # a category cell or a heading row: right before a 序号
        return numbered and j + 1 < len(paras) and bare[j + 1]

    while i < len(paras):
        p = paras[i]
        t = texts[i]
        if section[i]:
            sections.heading(p)
            headings.add(i)
            heading_of[t] = i
            i += 1
            continue
        if numbered and not bare[i] and i + 1 < len(paras) and bare[i + 1]:
            if cat is not None:
                sections.category = t
            else:
                sections.heading(p)
            headings.add(i)
            heading_of[t] = i
            i += 1
            continue
        row = sections.row()
        if cat is not None and sections.category is not None:
            row.category_para = paras[heading_of[sections.category]]
        if num is not None and bare[i]:
            row.cells[num] = _Cell([p])
            row.paras.append(p)
            i += 1
            if i >= len(paras) or opens_row(i):
                rows.append(row)
                continue
        row.cells[task] = _Cell([paras[i]])
        row.paras.append(paras[i])
        i += 1
        col = 0  # columns after the task filled so far
        current = task
        while i < len(paras) and not opens_row(i):
            q = paras[i]
            empty = max(0, q.blank_before - gap)  # an extra blank line is an empty cell
            if empty and col < len(after):
                for skipped in after[col : col + empty]:
                    row.cells.setdefault(skipped, _Cell([]))
                col = min(len(after), col + empty)
                current = after[col - 1]
            nxt = after[col] if col < len(after) else None
            if nxt is not None and (_fits(columns.kinds[nxt], texts[i]) or not _fits(columns.kinds[current], texts[i])):
                current = nxt
                col += 1
                row.cells[current] = _Cell([q])
            elif nxt is not None or (numbered and not heads_group(i)):
                row.cells[current].paras.append(q)  # a cell of several paragraphs
            else:
                break  # the row is full: the next row opens (no 序号 to show it)
            row.paras.append(q)
            i += 1
            if not numbered and col == len(after):
                break
        rows.append(row)
    return rows, headings


def _rows_of_lines(paras: list[Para], columns: Columns) -> tuple[list[_Row], set[int]]:
    """Rows of a table flattened one row per line, cells separated by spaces."""
    sections = _Sections()
    rows: list[_Row] = []
    headings: set[int] = set()
    pieces: list[tuple[str, Para, bool]] = []  # (text, paragraph, opens a line)
    row: _Row | None = None
    n = len(columns.names)
    task = columns.kinds.index(Column.TASK)

    def close() -> None:
        if row is None:
            return
        cells = [(t, [p]) for t, p, _ in pieces]  # (text, its paragraphs)
        # a row with more pieces than columns: the first line breaks are breaks inside a cell
        breaks = [k for k, (_, _, opens) in enumerate(pieces) if opens and k > 0]
        for k in reversed(breaks[: max(0, len(pieces) - n)]):
            (t0, p0), (t1, p1) = cells[k - 1], cells[k]
            cells[k - 1] = (f"{t0}\n{t1}", p0 + p1)
            cells[k] = ("", [])
        cells = [c for c in cells if c[1]]
        while len(cells) > n:  # spaces inside the task's text
            (t0, p0), (t1, p1) = cells[task], cells[task + 1]
            cells[task : task + 2] = [(f"{t0} {t1}", p0 + [p for p in p1 if p not in p0])]
        for k, (text, ps) in enumerate(cells):
            row.cells[k] = _Cell(ps, text)
        rows.append(row)

    for i, p in enumerate(paras[1:], start=1):
        t = p.text.strip()
        if _is_section(t):
            close()
            row, pieces = None, []
            sections.heading(p)
            headings.add(i)
            continue
        if _ROW_OPENING.match(t) or (row is None and columns.kinds[0] is not Column.NUMBER):
            close()
            row, pieces = sections.row(), []
        if row is None:
            continue  # not understood: before the first row
        row.paras.append(p)
        pieces.extend((tok, p, k == 0) for k, tok in enumerate(t.split()))
    close()
    return rows, headings


def _rows_of_table(blocks: tuple[Block, ...], found: Found) -> list[_Row]:
    columns = found.columns
    sections = _Sections()
    rows: list[_Row] = []
    for index, block in enumerate(blocks[found.index :]):
        if not isinstance(block, Table):
            continue
        # a later table continues this one (a page break) only with rows of its width or its header
        if index and not any(_is_header([c.text.strip() for c in r.cells]) or len(r.cells) == len(columns.names)
                             for r in block.rows[:2]):
            break
        for trow in block.rows:
            texts = [c.text.strip() for c in trow.cells]
            if _is_header(texts) and Columns.of(texts).names == columns.names:
                continue  # the header, or a header repeated on each page
            filled = [c for c in trow.cells if not c.empty]
            if not filled:
                continue
            texts_filled = {c.text.strip() for c in filled}
            if len(texts_filled) == 1 and (len(trow.cells) == 1 or _is_section(filled[0].text.strip())):
                cell = filled[0]  # a row spanning the table: a section heading
                lines = [p for p in cell.paras if p.text.strip()]
                sections.heading(lines[0] if len(lines) == 1 else
                                 Para("".join(p.text.strip() for p in lines), lines[0].line_start, lines[-1].line_end))
                continue
            row = sections.row()
            for k, cell in enumerate(trow.cells[: len(columns.names)]):
                paras = [p for p in cell.paras if p.text.strip()]
                row.cells[k] = _Cell(paras)
                if columns.kinds[k] is not Column.CATEGORY:
                    row.paras.extend(paras)
            if columns.has(Column.CATEGORY):
                c = row.cells.get(columns.kinds.index(Column.CATEGORY))
                if c is not None and c.paras:
                    row.section = row.section + [c.text]
            if row.paras:
                rows.append(row)
    return rows


# ------------------------------------------------------------------ the document


def _title(paras: list[Para], before: int) -> Para | None:
    """The table's own title: the title line just above its header (metadata lines skipped)."""
    for p in reversed(paras[max(0, before - 4) : before]):
        t = p.text.strip()
        if re.search(r"[:\uff1a]", t) or t == "附件":
            continue
        if _is_title(t):
            return p
    return None


@lru_cache(maxsize=4096)
def _units(text: str) -> tuple[str, ...]:
    """The units a unit cell lists, a line after another (once per distinct cell)."""
    return tuple(u for line in text.split("\n") for u in _split(line))


def _cell_milestones(key: str, text: str, src: Source, notice_year: int | None) -> tuple[Milestone, ...]:
    """A deadline cell: the genre's deadline words (6月底前, 年底前), else its months as written
    (2023年6月底 → 6) or, for a period without a month (长期坚持, 持续推进), its label alone."""
    found = _milestones(key, text, src, notice_year)
    if found:
        return found
    out: list[Milestone] = []
    for m in _CELL_MONTH.finditer(text):
        month = int(m.group("month"))
        if 1 <= month <= 12:
            out.append(Milestone(key=f"{key}/milestone/{len(out) + 1}", label=m.group(0), start_month=None,
                                 end_month=month, text=text, order=len(out) + 1, source=src))
    if not out and text.strip():
        label = text.strip().rstrip("。")
        start, end = (1, 12) if label in ("全年", "全年推进") else (None, None)
        out.append(Milestone(key=f"{key}/milestone/1", label=label, start_month=start, end_month=end, text=text,
                             order=1, source=src))
    return tuple(out)


def parse_table(raw: RawDocument, found: Found, *, allow_partial: bool = False, jurisdiction: str | None = None,
                refusal: str = "") -> tuple[Document, QualityReport]:
    """Read a plan laid out as the table ``found`` (see :func:`find_table`)."""
    columns = found.columns
    paras = _paras(raw.blocks)
    if found.form == "table":
        header_paras = _paras(raw.blocks[: found.index])
        rows = _rows_of_table(raw.blocks, found)
        headings: set[int] = set()
    else:
        header_paras = paras[: found.index]
        rows, local = (_rows_of_cells if found.form == "cells" else _rows_of_lines)(paras[found.index :], columns)
        headings = {found.index + j for j in local}
    if not rows:
        raise NotAWorkPlan(f"{refusal}{LOOKED_FOR}")
    h = _header(header_paras)
    notice_year = int(h.issue_date[:4]) if h.issue_date else None
    where = _jurisdiction(header_paras or paras, h, jurisdiction)
    if where is None:
        raise NotAWorkPlan(
            f"{raw.name}: the plan names no place (no issuer or title such as 许昌市人民政府); "
            "load it with --jurisdiction NAME (e.g. --jurisdiction 下陆区)"
        )
    title_para = _title(header_paras, len(header_paras)) or h.title_para
    title = (title_para.text.strip() if title_para is not None and title_para is not h.title_para else h.title) \
        or raw.name
    year = h.year
    if m := re.search(r"(\d{4})年", title):
        year = int(m.group(1))
    doc_id = f"{where.name}{f'-{year}' if year else ''}-{hashlib.sha1(title.encode()).hexdigest()[:8]}"
    kind_text = next((w for w in ("重点工作", "重点任务", "目标任务", "政策措施", "工作任务") if w in title), None)

    report = QualityReport(raw.name)
    lead_col = columns.has(Column.LEAD)
    departments: dict[str, Department] = {}
    unit_refs: dict[tuple[str, Role, int], UnitRef] = {}
    out: list[Item] = []
    deadlines = 0
    problems: list[str] = []
    # nothing but the table after its last row: a file cut there may end inside that row's last unit
    last_table = max(k for k, b in enumerate(raw.blocks) if isinstance(b, Table)) if found.form == "table" else 0
    table_ends_file = found.form == "table" and not _paras(raw.blocks[last_table + 1 :])

    units_list_lead = _units_column_lists_lead(rows, columns) if lead_col else False

    def row_number(row: _Row) -> str | None:
        cells = row.cell(columns, Column.NUMBER)
        return cells[0][1].text if cells and cells[0][1].text else None

    for order, row in enumerate(rows, start=1):
        key = f"{doc_id}/item/{order}"
        first, last = row.paras[0], row.paras[-1]
        text = _joined(row.paras)
        section = "/".join(row.section)
        src = Source(document=doc_id, section=section, line_start=first.line_start,
                     line_end=last.line_end, text=text, row=order)
        cells: dict[str, str] = {}
        cell_sources: dict[str, Source] = {}
        # the row's cells of each kind of column, in the columns' order (the cells walked once)
        of_kind: dict[Column, list[tuple[str, _Cell]]] = {}
        for k in sorted(row.cells):
            cell = row.cells[k]
            name = columns.names[k]
            cells[name] = cell_text = cell.text
            of_kind.setdefault(columns.kinds[k], []).append((name, cell))
            if cell.paras:
                cell_sources[name] = Source(
                    document=doc_id, section=section, line_start=cell.paras[0].line_start,
                    line_end=cell.paras[-1].line_end, text=cell_text, row=order, cell=name)
        if columns.has(Column.CATEGORY) and row.category_para is not None:
            cells = {(columns.names[columns.kinds.index(Column.CATEGORY)]): row.category_para.text.strip(), **cells}
        # a row the file cuts before its last column has no known lead when that column is the lead's
        cut = max(row.cells) < len(columns.names) - 1
        lead: list[str] = []
        support: list[str] = []
        for _, cell in of_kind.get(Column.LEAD, ()):
            lead.extend(_units(cell.text))
        for _, cell in of_kind.get(Column.SUPPORT, ()):
            support.extend(u for u in _units(cell.text) if u not in lead and u not in support)
        ends_file = order == len(rows) and (table_ends_file if found.form == "table" else row.paras[-1] is paras[-1])
        if ends_file and (lead or support) and _kind((support or lead)[-1]) == "other":
            # the file ends inside the row's last unit (谯城经开): a name cut short is no unit
            fragment = (support or lead).pop()
            problems.append(f"the last row ({row_number(row) or order}, line {first.line_start}) ends inside "
                            f"a unit's name ({fragment}): the file looks cut")
        lead_missing = lead_col and Column.LEAD not in of_kind
        if lead_missing and support:
            # the lead's own column is past the end of the row: which unit leads is not known
            report.warn("row-cut", f"row {order} (line {first.line_start}): the {columns.names[columns.kinds.index(Column.LEAD)]} "
                        f"cell is missing; its units ({'、'.join(support)}) are kept in the row's cells only",
                        first.line_start)
            support = []
        elif lead_col and not lead and support:
            support = _without_lead(report, columns, order, first, support, units_list_lead)
        elif not lead and support:
            lead, support = support[:1], support[1:]  # no lead written: the first listed leads
        units = _unit_refs(lead, support, where, departments, unit_refs)
        leaders = list(row.section_leaders)
        for label, cell in of_kind.get(Column.LEADER, ()):
            leaders.extend((label, n, cell.paras[0]) for n in _NAME_SEPARATORS.split(cell.text) if n)
        leader_refs = tuple(LeaderRef(name=name, label=label, order=i, source=Source(
            document=doc_id, section=section, line_start=p.line_start, line_end=p.line_end,
            text=p.text.strip(), row=order)) for i, (label, name, p) in enumerate(leaders))
        milestones: tuple[Milestone, ...] = ()
        for name, cell in of_kind.get(Column.DEADLINE, ()):
            milestones += _cell_milestones(key, cell.text, cell_sources.get(name, src), notice_year)
        task_cells = of_kind.get(Column.TASK, ())
        task_text = task_cells[0][1].text if task_cells else ""
        if not milestones and task_text:
            milestones = _milestones(key, task_text.split("\n")[0], src, notice_year)
        deadlines += len(milestones)
        body = task_text.lstrip("★☆*").strip()
        indicators = _indicators(key, row.section, body.split("\n")[0], src) if body else ()
        numbers = of_kind.get(Column.NUMBER)
        number_text = numbers[0][1].text or None if numbers else None
        if not units:
            report.warn("item-without-units", f"row {number_text or order} names no responsible unit",
                        first.line_start)
        if cut and order == len(rows):
            problems.append(f"the last row ({number_text or order}, line {first.line_start}) ends before its "
                            "last column: the file looks cut")
        out.append(Item(
            key=key, kind=ItemKind.TASK, number=order, name=_NAME_END.split(body, maxsplit=1)[0][:60], text=text,
            area=None, units=units, cells=cells, policies=(), indicators=indicators, milestones=milestones,
            places=(), source=src, cell_sources=cell_sources, number_text=number_text,
            section_path=tuple(row.section), kind_text=kind_text, leaders=leader_refs,
        ))
    if all(not it.units for it in out):
        problems.insert(0, f"{len(out)} row(s) but no responsible unit anywhere")
    if problems and not allow_partial:
        raise IncompleteDocument(f"{raw.name}: incomplete: {'; '.join(problems)}; load it with --allow-partial "
                                 "to keep what it holds")
    for msg in problems:
        report.warn("incomplete", msg)
    used = {id(p) for it in rows for p in it.paras} | {id(paras[j]) for j in headings}
    used |= {id(r.category_para) for r in rows if r.category_para is not None}
    # the header: the notice up to its signature, and the page's labelled fields (索引号:, 发布时间:)
    # and the 附件 label above the table
    start = (h.signature + 1) if h.signature is not None else 0
    # and a page title above the plan's (莲都: its progress report's title, then the plan's own)
    header_ids = {id(p) for k, p in enumerate(header_paras)
                  if k < start or re.search(r"[:\uff1a]", p.text) or p.text.strip() == "附件"
                  or (_is_title(p.text.strip()) and title_para is not None and p.line_start < title_para.line_start)}
    not_understood = [p.line_start for k, p in enumerate(paras)
                      if id(p) not in used and id(p) not in header_ids and p is not title_para
                      and p is not h.title_para and not (found.form != "table" and k == found.index)
                      and not (found.form == "cells" and found.index <= k < found.index + len(columns.names))]
    unclassified = sorted({u.written for it in out for u in it.units if u.kind == "other"})
    report.stats.update({
        "document": doc_id, "title": title, "jurisdiction": where.name, **dv.report_stats(where), "layout": LAYOUT,
        "columns": list(columns.names), "items": len(out),
        "items_without_units": sum(1 for it in out if not it.units), "units_not_classified": unclassified,
        "deadlines": deadlines, "paragraphs_not_understood": not_understood,
    })
    document = Document(
        id=doc_id, title=title, jurisdiction=where, year=year, index_no=h.index_no, publisher=h.publisher,
        publish_date=h.publish_date, notice=h.notice, issuer=h.issuer, issue_date=h.issue_date,
        source_name=raw.name, source_format=raw.format, content_hash=raw.content_hash, areas=(),
        area_headers=(), indicators=(), measures=(), tasks=tuple(out), reforms=(),
        departments=tuple(departments.values()), places=(),
        source=Source(doc_id, HEADER_SECTION, title_para.line_start, title_para.line_end, title_para.text)
        if title_para else None,
        doc_number=h.doc_number, layout=LAYOUT,
    )
    return document, report


def _units_column_lists_lead(rows: list[_Row], columns: Columns) -> bool:
    """Whether the table's unit column lists every responsible unit, the lead among them (莲都's
    责任单位 names its 牵头单位 too), rather than the supporting units alone (配合单位): so in most
    rows that write both."""
    both = listing = 0
    for row in rows:
        leads = [u for _, c in row.cell(columns, Column.LEAD) for u in _units(c.text)]
        others = [u for _, c in row.cell(columns, Column.SUPPORT) for u in _units(c.text)]
        if leads and others:
            both += 1
            listing += all(u in others for u in leads)
    return both > 0 and 2 * listing > both


def _without_lead(report: QualityReport, columns: Columns, order: int, first: Para, support: list[str],
                  units_list_lead: bool) -> list[str]:
    """A row whose lead cell is empty writes no lead (its first listed unit does not lead): units of
    a column that lists the lead among the others have no role to give, and are kept in the row's
    cells only; units of a supporting column support."""
    name = columns.names[columns.kinds.index(Column.LEAD)]
    if units_list_lead:
        report.warn("no-lead", f"row {order} (line {first.line_start}): the {name} cell is empty; its units "
                    f"({'、'.join(support)}) are kept in the row's cells only", first.line_start)
        return []
    report.warn("no-lead", f"row {order} (line {first.line_start}): the {name} cell is empty; its units "
                f"({'、'.join(support)}) support, none leads", first.line_start)
    return support


def _unit_refs(lead: list[str], support: list[str], where: Jurisdiction, departments: dict[str, Department],
               made: dict[tuple[str, Role, int], UnitRef]) -> tuple[UnitRef, ...]:
    """The row's units, lead first; ``made`` keeps the refs of the document's earlier rows (a table
    names the same units in the same places row after row, and a ref is immutable)."""
    refs: list[UnitRef] = []
    seen: set[str] = set()
    for role, names in ((Role.LEAD, lead), (Role.SUPPORT, support)):
        for name in names:
            if name in seen:
                continue
            seen.add(name)
            ref = made.get((name, role, len(refs)))
            if ref is None:
                ref = made[(name, role, len(refs))] = UnitRef(written=name, canonical=name, kind=_kind(name),
                                                              role=role, order=len(refs))
                dkey = f"{where.name}/{name}"
                if dkey not in departments:
                    departments[dkey] = Department(key=dkey, name=name, full_name=None, kind=ref.kind,
                                                   jurisdiction=where.name, aliases=(), place=None)
            refs.append(ref)
    return tuple(refs)
