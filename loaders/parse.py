"""Blocks -> :class:`loaders.model.Document`: the work plan read out of paragraphs and tables.

The parser never asks which format the blocks came from. An annex is a
:class:`~loaders.blocks.Table` when the format had real cells (HTML, DOCX); when
the table was flattened into paragraphs (the scraped txt form) it is rebuilt by
:mod:`loaders.tables` first. Small passes in :mod:`loaders.extract` then read
units, policies, indicators, milestones and places out of the text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from . import tables
from .aliases import AliasTable, looks_like_unit, normalize_name
from .blocks import Para, RawDocument, Table, TableRow
from .divisions import AmbiguousJurisdiction, report_stats, resolve_jurisdiction
from .errors import IncompleteDocument, MalformedRow, NotAWorkPlan, TruncatedTable
from .extract import indicators as ind
from .extract import milestones as ms
from .extract import places as pl
from .extract import policies as pol
from .extract.units import split_measures, split_name_and_units
from .model import (
    HEADER_SECTION,
    ROW_CELLS,
    Area,
    AreaHeader,
    AreaKind,
    Cell,
    Department,
    Document,
    Indicator,
    Item,
    ItemKind,
    Milestone,
    PlaceRef,
    PolicyRef,
    Role,
    Source,
    UnitRef,
)
from .punctuation import BRACKETS, CLOSE, COLON, COMMA, OPEN, SEMICOLON
from .report import QualityReport

_TITLE_JURISDICTION = re.compile(
    r"^(?P<city>[\u4e00-\u9fa5]{2,4}?市)?(?P<district>[\u4e00-\u9fa5]{1,4}?[区县市])(?P<year>\d{4})年"
)
_NOTICE = re.compile(r"^关于印发《(?P<title>.+)》的通知$")
_DATE_CN = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
#: the page's 索引号 table: (meta field, its label, its value after the label)
_PAGE_FIELDS = (
    ("index_no", "索引号", re.compile(r"索引号\s*(\S+)")),
    ("publisher", "发布机构", re.compile(r"发布机构\s*(\S+)")),
    ("publish_date", "发文日期", re.compile(r"发文日期\s*(\d{4}-\d{2}-\d{2})")),
)
_BODY_AREA = re.compile(rf"^[{OPEN}](?P<num>[一二三四五六七八九十]+)[{CLOSE}](?:推动)?(?P<name>.+?)[。.]?$")
_INDICATOR_LIST = re.compile(rf"^指标目标[{COLON}]")
_MEASURE_LIST = re.compile(rf"^工作举措[{COLON}]")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_ANNEX = re.compile(r"^附件(?P<num>[一二三四五六七八九十\d]+)$")
# the body's list of annexes: 附件:1.…系统架构图  2.…重点工作清单  3.…重大改革清单
_ANNEX_LIST = re.compile(rf"^附件[{COLON}]\s*(?P<rest>.*)$")
_ANNEX_ENTRY = re.compile(r"^(?P<num>\d{1,2})\s*[.、．]\s*(?P<title>\S.*)$")
# an annex that is a table (清单, 表, 一览表) must be in the text; a figure (架构图) need not be
_TABLE_TITLE = re.compile(r"(?:清单|表)$")
# what the body promises: 73项重点工作 (the rows of 附件二), 41项重大改革 (附件三), in the
# genre's own words for the two tables (the 重点工作 column, the 重大改革 list)
_PROMISES = {"task": re.compile(r"(\d+)项重点工作"), "reform": re.compile(r"(\d+)项重大改革")}
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def chinese_number(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 3 -> 3 (up to 99); None for anything else."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text) or text.count("十") > 1:
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


@dataclass(frozen=True)
class ParseResult:
    document: Document
    report: QualityReport


def parse(raw: RawDocument, *, allow_partial: bool = False, jurisdiction: str | None = None) -> ParseResult:
    """Blocks -> model. A structurally incomplete plan (see :meth:`_Parser._completeness`) raises
    :class:`IncompleteDocument`, or with ``allow_partial`` is kept with each problem as a warning.

    A plan the sample's template does not fit is read as numbered items (:mod:`loaders.genre`);
    when neither reads it, the refusal says what both looked for. ``jurisdiction`` names the
    place of a plan that names none."""
    try:
        return _Parser(raw, allow_partial=allow_partial).run()
    except NotAWorkPlan as exc:
        if isinstance(exc, AmbiguousJurisdiction) or not any(isinstance(b, Para) for b in raw.blocks):
            raise
        refusal = f"{exc}; "
    from .genre import parse_genre

    document, report = parse_genre(raw, allow_partial=allow_partial, jurisdiction=jurisdiction, refusal=refusal)
    return ParseResult(document, report)


@dataclass
class _AnnexTable:
    """What the completeness checks need to know of one annex table."""

    label: str  # 附件二
    number: int | None  # 2
    title: str
    kind: ItemKind
    line: int
    items: list[Item]
    headers: list[tuple[Area, int | None, Para, list[Item]]]
    ends_file: bool  # nothing but the plan's tail follows it


def _is_annex(block: Para | Table) -> bool:
    return isinstance(block, Para) and _ANNEX.match(block.text) is not None


class _Parser:
    def __init__(self, raw: RawDocument, *, allow_partial: bool = False) -> None:
        self.raw = raw
        self.allow_partial = allow_partial
        # structural problems: (message, line); the plan is refused unless allow_partial
        self.problems: list[tuple[str, int | None]] = []
        self.annex_tables: list[_AnnexTable] = []
        self.body_ends_file = False
        self.blocks = list(raw.blocks)
        self.report = QualityReport(raw.name)
        self.doc_id = ""
        self.departments: dict[str, dict[str, Any]] = {}
        self.known_places: dict[str, pl.PlaceName] = {}
        self.all_places: dict[str, PlaceRef] = {}
        self.areas: dict[str, Area] = {}

    # -- entry -------------------------------------------------------------

    def run(self) -> ParseResult:
        paras = [b for b in self.blocks if isinstance(b, Para)]
        if not paras:
            raise NotAWorkPlan(f"{self.raw.name}: no text paragraphs found; {_EXPECTED}")
        meta = self._header(paras)
        title = meta["title"]
        m = _TITLE_JURISDICTION.match(title or "")
        if not title or not m:
            raise NotAWorkPlan(
                f"{self.raw.name}: no plan title naming a district and year "
                f"(like 《宁波市奉化区2022年…工作要点》) was found; {_EXPECTED}"
            )
        city, district, year = m.group("city"), m.group("district"), int(m.group("year"))
        context = "\n".join(p.text for p in paras[:40])
        try:
            self.jurisdiction = resolve_jurisdiction((city or "") + district, context=context, parent=city)
        except AmbiguousJurisdiction as exc:
            raise AmbiguousJurisdiction(f"{self.raw.name}: {exc}") from None
        self.aliases = AliasTable(self.jurisdiction.name, district, district[-1])
        self.is_unit = lambda name: self.aliases.resolve(name).known or looks_like_unit(name)
        self.jurisdiction_names = (self.jurisdiction.name, district, district[:-1])
        self.doc_id = f"{self.jurisdiction.name}-{year}-{hashlib.sha1(title.encode()).hexdigest()[:8]}"

        body_areas, indicators, measures = self._body(paras)
        tasks, reforms, headers = self._annexes()
        if not body_areas and not tasks and not reforms:
            raise NotAWorkPlan(
                f"{self.raw.name}: found the title but neither 二、重点任务 areas nor annex tables; {_EXPECTED}"
            )
        self._completeness(paras, measures)
        departments = self._departments()
        document = Document(
            id=self.doc_id,
            title=title,
            jurisdiction=self.jurisdiction,
            year=year,
            index_no=meta.get("index_no"),
            publisher=meta.get("publisher"),
            publish_date=meta.get("publish_date"),
            notice=meta.get("notice"),
            issuer=meta.get("issuer"),
            issue_date=meta.get("issue_date"),
            source=self._title_source(meta["title_paras"]),
            source_name=self.raw.name,
            source_format=self.raw.format,
            content_hash=self.raw.content_hash,
            areas=tuple(sorted(self.areas.values(), key=lambda a: (a.kind.value, a.order))),
            area_headers=tuple(headers),
            indicators=tuple(indicators),
            measures=tuple(measures),
            tasks=tuple(tasks),
            reforms=tuple(reforms),
            departments=departments,
            places=tuple(self.all_places.values()),
            layout=LAYOUT,
        )
        self._stats(document)
        return ParseResult(document, self.report)

    # -- header --------------------------------------------------------------

    def _title_source(self, paras: list[Para]) -> Source:
        """Where the title is written (the notice, or the title's line or two)."""
        return Source(document=self.doc_id, section=HEADER_SECTION, line_start=paras[0].line_start,
                      line_end=paras[-1].line_end, text="\n".join(p.text for p in paras))

    def _header(self, paras: list[Para]) -> dict[str, Any]:
        meta: dict[str, Any] = {"title": None}
        for p in paras[:40]:
            for field, label, pattern in _PAGE_FIELDS:
                if label in p.text and (m := pattern.search(p.text)):  # the label first: most lines have none
                    meta[field] = m.group(1)
            if m := _NOTICE.match(p.text):
                meta["notice"] = p.text
                meta["title"] = m.group("title")
                meta["title_paras"] = [p]
        if meta["title"] is None:
            # no notice: the title is the first paragraph that names a district and year
            for i, p in enumerate(paras[:20]):
                if _TITLE_JURISDICTION.match(p.text):
                    title = p.text
                    meta["title_paras"] = [p]
                    nxt = paras[i + 1].text if i + 1 < len(paras) else ""
                    if not title.endswith(("要点", "计划", "方案")) and nxt.endswith(("要点", "计划", "方案")):
                        title += nxt
                        meta["title_paras"].append(paras[i + 1])
                    meta["title"] = title
                    break
        # issuer and issue date: the date line after the notice, and the lines just before it
        for i, p in enumerate(paras[:60]):
            if m := _DATE_CN.match(p.text):
                meta["issue_date"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
                issuer: list[str] = []
                j = i - 1
                while j >= 0 and not paras[j].text.endswith(("。", *COLON)) and len(issuer) < 2:
                    issuer.insert(0, paras[j].text)
                    j -= 1
                if issuer:
                    meta["issuer"] = "".join(issuer)
                break
        return meta

    # -- body ----------------------------------------------------------------

    def _body(self, paras: list[Para]) -> tuple[list[Area], list[Indicator], list[Item]]:
        start = next((i for i, p in enumerate(paras) if re.match(r"^[一二三四五六七八九十]+、重点任务", p.text)), None)
        if start is None:
            self.report.warn("no-body", "no section 二、重点任务: body areas, indicators and measures are absent")
            return [], [], []
        areas: list[Area] = []
        indicators: list[Indicator] = []
        measures: list[Item] = []
        current: Area | None = None
        section = ""
        for p in paras[start + 1 :]:
            if _SECTION.match(p.text) or _ANNEX.match(p.text) or _ANNEX_LIST.match(p.text):
                break
            if m := _BODY_AREA.match(p.text):
                order = len(areas) + 1
                if chinese_number(m.group("num")) != order:
                    self._problem(f"二、重点任务: area ({m.group('num')}) comes where ({_cn(order)}) was due", p.line_start)
                current = self._area(m.group("name"), AreaKind.PILOT_AREA, order)
                areas.append(current)
                section = f"二、重点任务/{p.text.rstrip('。')}"
                continue
            if current is None:
                continue
            if m := _INDICATOR_LIST.match(p.text):
                body = p.text[m.end():]
                for i, target in enumerate(ind.split_indicator_list(body), start=1):
                    src = self._src(section, p, p, target.text, cell="indicators")
                    indicators.append(self._indicator(f"{self.doc_id}/indicator/{current.order}.{i}", target,
                                                      current.key, src))
                    if not target.parsed:
                        self.report.info("indicator-text-only", f"kept as text: {target.text}", p.line_start)
            elif m := _MEASURE_LIST.match(p.text):
                body = p.text[m.end():]
                for i, sentence in enumerate(split_measures(body, self.is_unit), start=1):
                    key = f"{self.doc_id}/measure/{current.order}.{i}"
                    src = self._src(section, p, p, sentence.text, row=i, cell="measure")
                    if not sentence.units:
                        self.report.warn("measure-without-units",
                                         f"measure {current.order}.{i} names no responsible unit: "
                                         f"{sentence.text[:40]}", p.line_start)
                    measures.append(self._measure(key, i, sentence.text, sentence.units, current.key, src))
        else:
            # no later section, annex or 附件 list: the file stops inside 二、重点任务
            self.body_ends_file = True
        return areas, indicators, measures

    def _area(self, name: str, kind: AreaKind, order: int) -> Area:
        name = normalize_name(name).rstrip("。")
        key = f"{kind.value}:{name}"
        if key not in self.areas:
            self.areas[key] = Area(key=key, name=name, kind=kind, order=order)
        return self.areas[key]

    # -- annexes -------------------------------------------------------------

    def _annexes(self) -> tuple[list[Item], list[Item], list[AreaHeader]]:
        tasks: list[Item] = []
        reforms: list[Item] = []
        headers: list[AreaHeader] = []
        blocks = self.blocks
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if isinstance(b, Para) and _ANNEX.match(b.text):
                annex = b.text
                j = i + 1
                after_annex = blocks[j] if j < len(blocks) else None
                title_para = after_annex if isinstance(after_annex, Para) else None
                if title_para is None:
                    i += 1
                    continue
                j += 1
                # the table: a real one, or the paragraphs up to the next annex
                first = blocks[j] if j < len(blocks) else None
                if isinstance(first, Table):
                    table = first
                    k = j + 1
                else:
                    k = j
                    while k < len(blocks) and not _is_annex(blocks[k]):
                        k += 1
                    flat = [x for x in blocks[j:k] if isinstance(x, Para) and not tables.is_page_furniture(x.text)]
                    stop = blocks[k] if k < len(blocks) else None
                    trailing = stop.blank_before if isinstance(stop, Para) else 1
                    end = tables.plan_end(flat)
                    if end is not None:
                        # the signature, 联系电话, 抄送…: after the plan, part of no cell
                        tail, flat = flat[end:], flat[:end]
                        trailing = tail[0].blank_before
                        self.report.info(
                            "text-after-plan",
                            f"{annex}: {len(tail)} paragraph(s) after the plan's end (lines {tail[0].line_start}–"
                            f"{tail[-1].line_end}, 「{tail[0].text[:20]}」…) are part of no cell",
                            tail[0].line_start,
                        )
                    dropped: list[str] = []
                    try:
                        # with --allow-partial a last row cut off at the end of the file is left out
                        table, notes = tables.rebuild_table(
                            flat, trailing, dropped if self.allow_partial and k >= len(blocks) else None)
                    except ValueError as exc:
                        raise TruncatedTable(
                            f"{self.raw.name}: {annex} table is cut off: {exc}; "
                            "check that the file is complete (re-download or re-export it)"
                        ) from exc
                    for message in dropped:
                        self._problem(f"{annex} table is cut off: {message}; the row is left out", None,
                                      code="row-cut-off")
                    for note in notes:
                        self.report.warn("ambiguous-cells", f"{annex}: {note}")
                    if k >= len(blocks) and end is None:
                        self._check_last_row(table, annex)
                kind = ItemKind.REFORM if "改革" in title_para.text else ItemKind.TASK
                items, hdrs = self._table(table, kind, f"{annex} {title_para.text}")
                (reforms if kind is ItemKind.REFORM else tasks).extend(items)
                headers.extend(hdrs)
                self.annex_tables.append(_AnnexTable(
                    label=annex, number=chinese_number(_ANNEX.match(annex).group("num")),  # type: ignore[union-attr]
                    title=title_para.text, kind=kind, line=b.line_start, items=items, headers=self._last_headers,
                    ends_file=k >= len(blocks),
                ))
                i = k
                continue
            i += 1
        return tasks, reforms, headers

    # -- completeness ----------------------------------------------------------

    def _problem(self, message: str, line: int | None, code: str = "incomplete") -> None:
        self.problems.append((message, line))
        if self.allow_partial:
            self.report.warn(code, message + " (loaded with --allow-partial)", line)

    def _completeness(self, paras: list[Para], measures: list[Item]) -> None:
        """Refuse a plan that is structurally incomplete, as a cut-off copy is: the checks ask
        what the document itself states (numbering, the counts in its headers and body, the
        annexes it lists, where it ends), never what a particular plan holds.

        - it has items at all (measures or annex rows);
        - 二、重点任务 is followed by something (a section, the 附件 list, an annex);
        - every annex the 附件 list names as a table (…清单, …表) is there, with rows;
        - a table has at least the rows the body promises (``73项重点工作``);
        - the last header of a table has the rows it states (``社会治理先行示范(10项)``), unless the
          body's promise for the table is met (then the header miscounts, which is reported);
        - rows run 1, 2, 3… (checked in :meth:`_table`), and the file does not end inside a row
          (:meth:`_check_last_row`).
        """
        name = self.raw.name
        rows = sum(len(t.items) for t in self.annex_tables)
        if not measures and not rows:
            self._problem("no items: neither 工作举措 measures nor annex rows were found", None)
        if self.body_ends_file:
            self._problem("the file ends inside 二、重点任务 (no 保障措施, 附件 list or annex follows)",
                          paras[-1].line_start)
        first_annex = min((t.line for t in self.annex_tables), default=None)
        body = [p for p in paras if first_annex is None or p.line_start < first_annex]
        # the 附件 list: its entries are the 附件: paragraph's rest and the numbered paragraphs after it
        listed: list[tuple[int, str, int]] = []
        for i, p in enumerate(body):
            if m := _ANNEX_LIST.match(p.text):
                entries = [(m.group("rest"), p.line_start)] + [(q.text, q.line_start) for q in body[i + 1 :]]
                for text, line in entries:
                    e = _ANNEX_ENTRY.match(text)
                    if not e:
                        break
                    listed.append((int(e.group("num")), e.group("title"), line))
                break
        present = {t.number for t in self.annex_tables}
        for number, title, line in listed:
            if _TABLE_TITLE.search(title) and number not in present:
                self._problem(f"附件{_cn(number)} 「{title}」, listed at line {line}, is not in the file", line)
        for t in self.annex_tables:
            if not t.items:
                self._problem(f"{t.label} {t.title} (line {t.line}) has no rows", t.line)
        # the body's promises, e.g. 73项重点工作
        promised: dict[str, tuple[int, int]] = {}
        for p in body:
            for kind, pattern in _PROMISES.items():
                if kind not in promised and (m := pattern.search(p.text)):
                    promised[kind] = (int(m.group(1)), p.line_start)
        for kind, (count, line) in promised.items():
            found = [t for t in self.annex_tables if t.kind.value == kind]
            have = sum(len(t.items) for t in found)
            if found and have < count:
                where = " and ".join(t.label for t in found)
                self._problem(f"the plan states {count}项{'重点工作' if kind == 'task' else '重大改革'} (line {line}) "
                              f"but {where} has {have} rows", line)
            elif not found:
                self._problem(f"the plan states {count}项{'重点工作' if kind == 'task' else '重大改革'} (line {line}) "
                              "but the file has no annex table with them", line)
        for t in self.annex_tables:
            if not t.headers:
                continue
            area, stated, para, rows_ = t.headers[-1]
            kept = promised.get(t.kind.value)
            if stated is not None and len(rows_) < stated and not (kept and len(t.items) >= kept[0]):
                self._problem(f"{t.label}: the last header 「{para.text}」 states {stated} rows but {len(rows_)} "
                              f"follow{' and the file ends' if t.ends_file else ''}", para.line_start)
        if self.problems and not self.allow_partial:
            shown = "; ".join(m for m, _ in self.problems[:3])
            more = f"; and {len(self.problems) - 3} more" if len(self.problems) > 3 else ""
            raise IncompleteDocument(
                f"{name}: structurally incomplete: {shown}{more}; check that the file is complete "
                "(re-download or re-export it), or load what it holds with --allow-partial"
            )

    def _check_last_row(self, table: Table, annex: str) -> None:
        """A file that ends inside its last row still splits into five cells when enough
        paragraphs remain; a 进度安排 that does not start with a period is the tell."""
        last = table.rows[-1] if table.rows else None
        if last is None or len(last.cells) != 2 + len(ROW_CELLS):
            return
        schedule = last.cells[-1]
        if schedule.empty or not tables.starts_with_period(schedule.paras[0].text):
            self._problem(
                f"{annex}: the file ends in row {last.cells[0].text}, whose 进度安排 does not start with a period "
                "(like 1-3月:); the file may be cut off",
                last.cells[0].paras[0].line_start, code="last-row-may-be-cut",
            )

    def _table(self, table: Table, kind: ItemKind, section: str) -> tuple[list[Item], list[AreaHeader]]:
        items: list[Item] = []
        headers: list[tuple[Area, int | None, Para, list[Item]]] = []
        area_kind = AreaKind.REFORM_CATEGORY if kind is ItemKind.REFORM else AreaKind.PILOT_AREA
        current: tuple[Area, int | None, Para, list[Item]] | None = None
        for row in table.rows:
            texts = [c.text for c in row.cells]
            if len(row.cells) == len(tables.HEADER_LABELS) and all(tables.is_header_label(t) for t in texts):
                continue
            if len(row.cells) == 1 or (len(row.cells) > 1 and all(c.empty for c in row.cells[1:])):
                para = row.cells[0].paras[0]
                parsed = tables.area_header(para.text)
                name, count = parsed if parsed else (para.text, None)
                order = len(headers) + 1
                area = self._area(name, area_kind, order) if area_kind is AreaKind.REFORM_CATEGORY else (
                    self.areas.get(f"{area_kind.value}:{normalize_name(name)}") or self._area(name, area_kind, order)
                )
                current = (area, count, para, [])
                headers.append(current)
                continue
            if len(row.cells) != 2 + len(ROW_CELLS):
                first = row.cells[0].paras[0] if row.cells and row.cells[0].paras else None
                raise TruncatedTable(
                    f"{self.raw.name}: {section}: a row has {len(row.cells)} cells, expected 7 "
                    f"(序号, 重点工作(责任单位) and five more)"
                    + (f" at line {first.line_start}" if first else "")
                    + "; check that the table is complete"
                )
            item = self._row(row, kind, section, current[0] if current else None)
            due = items[-1].number + 1 if items else 1
            if item.number != due:
                seen = next((i for i in items if i.number == item.number), None)
                if seen is not None:
                    self._problem(f"{section}: row {item.number} at line {item.source.line_start} repeats the row "
                                  f"{item.number} of line {seen.source.line_start}", item.source.line_start)
                    continue  # with --allow-partial the first one is kept
                self._problem(f"{section}: row {item.number} at line {item.source.line_start} comes where row {due} "
                              "was due (rows missing or out of sequence)", item.source.line_start)
            items.append(item)
            if current:
                current[3].append(item)
        self._last_headers = headers
        out_headers = []
        for area, count, para, rows in headers:
            src = self._src(section, para, para, para.text)
            out_headers.append(AreaHeader(area=area.key, section=section, stated_count=count,
                                          row_count=len(rows), source=src))
            if count is not None and count != len(rows):
                self.report.warn(
                    "header-count-mismatch",
                    f"{section}: header 「{para.text}」 states {count} but {len(rows)} rows follow "
                    f"(rows {rows[0].number}–{rows[-1].number})" if rows else f"{para.text}: no rows",
                    para.line_start,
                )
        return items, out_headers

    def _row(self, row: TableRow, kind: ItemKind, section: str, area: Area | None) -> Item:
        number_cell, name_cell, *cells = row.cells
        where = next((p.line_start for c in row.cells for p in c.paras), None)
        if name_cell.empty or not re.search(r"\d", number_cell.text):
            raise MalformedRow(
                f"{self.raw.name}: {section}: the row at line {where} has "
                + ("no 重点工作(责任单位) name" if name_cell.empty else "no 序号 number")
                + "; every row needs its number and its name (units); fix the table and load again"
            )
        number = int(re.sub(r"\D", "", number_cell.text))
        name_para = name_cell.paras[0]
        name, units = split_name_and_units(name_cell.text, self.is_unit)
        if not units:
            self.report.warn("row-without-units", f"{section} row {number}: no responsible unit in 「{name_cell.text}」",
                             name_para.line_start)
        key = f"{self.doc_id}/{kind.value}/{number}"
        paras = [p for c in row.cells for p in c.paras]
        first, last = paras[0], paras[-1]
        texts = {cell.value: c.text for cell, c in zip(ROW_CELLS, cells, strict=True)}
        row_src = self._src(section, first, last, "\n".join([name_cell.text] + [t for t in texts.values() if t]),
                            row=number, cell=None)
        cell_sources: dict[str, Source] = {
            Cell.NAME.value: self._src(section, name_para, name_cell.paras[-1], name_cell.text, row=number,
                                       cell=Cell.NAME.value)
        }
        for cell, c in zip(ROW_CELLS, cells, strict=True):
            if c.empty:
                self.report.info("empty-cell", f"{section} row {number}: {cell.value} is empty", name_para.line_start)
                continue
            cell_sources[cell.value] = self._src(section, c.paras[0], c.paras[-1], c.text, row=number, cell=cell.value)
        unit_refs = self._units(units)
        policies: list[PolicyRef] = []
        for cell, c in zip(ROW_CELLS, cells, strict=True):
            for para in c.paras:
                for cit in pol.find_citations(para.text, self.jurisdiction_names, self.jurisdiction.parent):
                    policies.append(self._policy(cit, section, para, number, cell.value))
        policy_cell = cells[ROW_CELLS.index(Cell.POLICY)]
        if not policy_cell.empty and not any(p.cell == Cell.POLICY.value for p in policies):
            self.report.info("policy-cell-without-title",
                             f"{section} row {number}: 政策体系 cites no 《》 title: {policy_cell.text[:40]}",
                             policy_cell.paras[0].line_start)
        target_cell = cells[0]
        indicators: list[Indicator] = []
        for para in target_cell.paras:
            for t in ind.numeric_targets(para.text):
                src = self._src(section, para, para, t.text, row=number, cell=Cell.TARGET.value)
                indicators.append(self._indicator(f"{key}/indicator/{len(indicators) + 1}", t,
                                                  area.key if area else None, src))
        milestones: list[Milestone] = []
        for para in cells[-1].paras:
            for period in ms.split_schedule(para.text):
                if not period.label:
                    self.report.info("schedule-without-period",
                                     f"{section} row {number}: schedule text without a period label: "
                                     f"{period.text[:30]}", para.line_start)
                # the period as written, its separator (: ; or a space) included
                src = self._src(section, para, para, para.text[period.start:period.end].strip(),
                                row=number, cell=Cell.SCHEDULE.value)
                milestones.append(Milestone(
                    key=f"{key}/milestone/{len(milestones) + 1}", label=period.label,
                    start_month=period.start_month, end_month=period.end_month, text=period.text,
                    order=len(milestones) + 1, source=src,
                ))
        places = self._places(paras, section, number)
        return Item(
            key=key, kind=kind, number=number, name=name, text=row_src.text,
            area=area.key if area else None, units=unit_refs, cells=texts,
            policies=tuple(policies), indicators=tuple(indicators), milestones=tuple(milestones),
            places=tuple(places), source=row_src, cell_sources=cell_sources,
        )

    def _measure(self, key: str, number: int, text: str, units: tuple[str, ...], area: str, src: Source) -> Item:
        unit_refs = self._units(units)
        core = re.sub(rf"(?:[{OPEN}][^{BRACKETS}]*[{CLOSE}])+\s*[。{SEMICOLON}]?$", "", text)
        indicators = [
            self._indicator(f"{key}/indicator/{i}", t, area, src)
            for i, t in enumerate(ind.numeric_targets(core), start=1)
        ]
        para = Para(text, src.line_start, src.line_end)
        policies = [self._policy(c, src.section, para, number, "measure")
                    for c in pol.find_citations(text, self.jurisdiction_names, self.jurisdiction.parent)]
        name = re.split(rf"[{COMMA}。{SEMICOLON}]", core, maxsplit=1)[0]
        places = self._places([para], src.section, number)
        return Item(
            key=key, kind=ItemKind.MEASURE, number=number, name=name, text=text, area=area, units=unit_refs,
            cells={}, policies=tuple(policies), indicators=tuple(indicators), milestones=(), places=tuple(places),
            source=src, cell_sources={},
        )

    # -- passes ----------------------------------------------------------------

    def _units(self, written: tuple[str, ...]) -> tuple[UnitRef, ...]:
        refs: list[UnitRef] = []
        seen: set[str] = set()
        for name in written:
            resolved = self.aliases.resolve(name)
            if resolved.canonical in seen:
                continue
            seen.add(resolved.canonical)
            if not resolved.known and resolved.kind not in ("town", "street"):
                self.report.info("unit-not-in-alias-table", f"unit 「{name}」 kept as written")
            entry = self.departments.setdefault(
                resolved.canonical, {"kind": resolved.kind, "full": resolved.full_name, "written": set()}
            )
            entry["written"].add(name)
            place = pl.place_of_unit(resolved.canonical, resolved.kind)
            if place:
                self.known_places.setdefault(place.name, place)
            refs.append(UnitRef(
                written=name, canonical=resolved.canonical, kind=resolved.kind,
                role=Role.LEAD if not refs else Role.SUPPORT, order=len(refs),
            ))
        return tuple(refs)

    def _policy(self, cit: pol.Citation, section: str, para: Para, row: int | None, cell: str) -> PolicyRef:
        if cit.recovered:
            self.report.warn("unclosed-title", f"《 without 》: title read as 「{cit.title}」", para.line_start)
        scoped = cit.level in (None, "区")
        key = f"{self.jurisdiction.name}|{cit.normalized}" if scoped else cit.normalized
        src = self._src(section, para, para, para.text, row=row, cell=cell)
        return PolicyRef(title=cit.title, key=key, normalized=cit.normalized, level=cit.level, kind=cit.kind,
                         issuer=cit.issuer, doc_number=cit.doc_number, cell=cell, source=src)

    def _indicator(self, key: str, t: ind.ParsedTarget, area: str | None, src: Source) -> Indicator:
        return Indicator(key=key, text=t.text, name=t.name, comparator=t.comparator, value=t.value, unit=t.unit,
                         qualifier=t.qualifier, area=area, source=src)

    def _places(self, paras: list[Para], section: str, row: int | None) -> list[PlaceRef]:
        for p in paras:
            for place in pl.enumerated_places(p.text):
                self.known_places.setdefault(place.name, place)
        out: list[PlaceRef] = []
        for p in paras:
            for place in pl.mentions(p.text, self.known_places):
                ref = PlaceRef(place.name, place.kind, self._src(section, p, p, p.text, row=row))
                if all(r.name != ref.name for r in out):
                    out.append(ref)
                self.all_places.setdefault(place.name, ref)
        return out

    def _departments(self) -> tuple[Department, ...]:
        out = []
        for canonical, entry in sorted(self.departments.items()):
            place = pl.place_of_unit(canonical, entry["kind"])
            if place:
                self.all_places.setdefault(
                    place.name, PlaceRef(place.name, place.kind, Source(self.doc_id, "责任单位", 0, 0, canonical))
                )
            out.append(Department(
                key=f"{self.jurisdiction.name}/{canonical}", name=canonical, full_name=entry["full"],
                kind=entry["kind"], jurisdiction=self.jurisdiction.name,
                aliases=self.aliases.aliases(canonical, entry["written"]), place=place.name if place else None,
            ))
        return tuple(out)

    def _src(self, section: str, first: Para, last: Para, text: str, row: int | None = None,
             cell: str | None = None) -> Source:
        return Source(document=self.doc_id, section=section, line_start=first.line_start, line_end=last.line_end,
                      text=text, row=row, cell=cell)

    def _stats(self, doc: Document) -> None:
        r = self.report
        indicators = list(doc.indicators) + [i for item in doc.items for i in item.indicators]
        policies = {p.key for item in doc.items for p in item.policies}
        r.stats.update({
            "document": doc.id,
            "title": doc.title,
            "jurisdiction": doc.jurisdiction.name,
            **report_stats(doc.jurisdiction),
            "tasks": len(doc.tasks),
            "reforms": len(doc.reforms),
            "measures": len(doc.measures),
            "body indicators": len(doc.indicators),
            "rows per header": {
                f"{h.section.split()[0]} {h.source.text}": f"{h.row_count} rows"
                + ("" if h.stated_count in (None, h.row_count) else f" (header states {h.stated_count})")
                for h in doc.area_headers
            },
            "empty cells": sum(1 for item in doc.tasks + doc.reforms for t in item.cells.values() if not t),
            "units": sorted(d.name for d in doc.departments),
            "policies": len(policies),
            "policy citations": sum(len(item.policies) for item in doc.items),
            "indicators parsed": sum(1 for i in indicators if i.parsed),
            "indicators kept as text": sum(1 for i in indicators if not i.parsed),
            "milestones": sum(len(item.milestones) for item in doc.items),
            "places": sorted(p.name for p in doc.places),
        })


def _cn(number: int) -> str:
    """1 -> 一, 12 -> 十二 (for messages)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, units = divmod(number, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[units] if units else "")


#: the sample's template: 二、重点任务 areas with 指标目标/工作举措, and the 附件二/附件三 tables
LAYOUT = "template"

_EXPECTED = (
    "expected a work plan: a title such as 《宁波市奉化区2022年推进高质量发展建设共同富裕特色区工作要点》, "
    "a section 二、重点任务 with areas (一)…, and/or annex tables 附件二/附件三 with rows "
    "序号 | 重点工作(责任单位) | 目标体系 | 工作体系 | 政策体系 | 评价体系 | 进度安排"
)
