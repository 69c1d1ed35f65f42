"""The typed document model: the only hand-off from ``loaders`` to ``graph``.

Everything here is a frozen dataclass built from text; nothing does I/O. Every
fact carries a :class:`Source` (document, section, row, cell, line range and the
verbatim text) so that any node or relationship written from it can answer
"where does this come from".

    Document
    ├── header metadata (索引号, 发布机构, 发文日期, notice, issuer, issue date)
    ├── areas: Area (the 先行示范 areas and the reform categories)
    ├── indicators: Indicator (body 指标目标, per area)
    ├── measures: Measure (body 工作举措, per area, with units)
    ├── tasks: Item(kind=task)   (附件二 rows)
    └── reforms: Item(kind=reform) (附件三 rows)
        each Item: units, leaders, cells, policies cited, indicators targeted, milestones, places
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Cell(str, Enum):
    """The five cells of an annex row, plus the row's name cell."""

    NAME = "name"
    TARGET = "target"  # 目标体系
    WORK = "work"  # 工作体系
    POLICY = "policy"  # 政策体系
    EVALUATION = "evaluation"  # 评价体系
    SCHEDULE = "schedule"  # 进度安排


#: The annex table's columns after 序号 and 重点工作(责任单位), in order.
ROW_CELLS: tuple[Cell, ...] = (Cell.TARGET, Cell.WORK, Cell.POLICY, Cell.EVALUATION, Cell.SCHEDULE)

CELL_LABELS: dict[Cell, str] = {
    Cell.NAME: "重点工作(责任单位)",
    Cell.TARGET: "目标体系",
    Cell.WORK: "工作体系",
    Cell.POLICY: "政策体系",
    Cell.EVALUATION: "评价体系",
    Cell.SCHEDULE: "进度安排",
}


class ItemKind(str, Enum):
    TASK = "task"  # 重点工作 (附件二)
    REFORM = "reform"  # 重大改革 (附件三)
    MEASURE = "measure"  # 工作举措 (body)


class AreaKind(str, Enum):
    PILOT_AREA = "pilot_area"  # 先行示范领域, shared by the body and 附件二
    REFORM_CATEGORY = "reform_category"  # 附件三's categories


class Role(str, Enum):
    LEAD = "lead"
    SUPPORT = "support"


#: The section name of what a plan's header says (its title, notice, issuer).
HEADER_SECTION = "文件头"


@dataclass(frozen=True)
class Source:
    """Where a fact was read: lines are 1-based and inclusive in the source file
    (for DOCX, paragraph numbers)."""

    document: str
    section: str
    line_start: int
    line_end: int
    text: str
    row: int | None = None
    cell: str | None = None


@dataclass(frozen=True)
class Jurisdiction:
    """A plan's place, resolved through China's administrative divisions (:mod:`loaders.divisions`).

    ``name`` is its key: a county with its parent before it (宁波市奉化区), a prefecture or a province
    alone (许昌市, 四川省), whichever of 奉化区 / 宁波市奉化区 / 浙江省宁波市奉化区 the plan writes. A place
    the division data lacks keeps its name as written, with no ``code`` and no ``full_name``."""

    name: str  # 宁波市奉化区
    short_name: str  # 奉化区
    level: str  # province / prefecture / county (the division's; from the last character when not in the data)
    parent: str | None  # 宁波市 (a prefecture's parent is its province)
    full_name: str | None = None  # 浙江省宁波市奉化区
    code: str | None = None  # 330213, the 6-digit division code
    province: str | None = None  # 浙江省

    @property
    def key(self) -> str:
        return self.name


@dataclass(frozen=True)
class UnitRef:
    """A responsible unit as written in one row, resolved to its canonical name."""

    written: str  # 区卫生健康局
    canonical: str  # 区卫健局
    # department / town / street / party / court / mass_org / platform / task_force / collective / other;
    # collective = several units named as one (各街道, 区级相关部门, 各县(市、区)政府): kept as written
    kind: str
    role: Role
    order: int  # 0 = lead


@dataclass(frozen=True)
class LeaderRef:
    """An official named as overseeing an item, as written: ``牵头负责领导:王明`` -> name 王明,
    label 牵头负责领导. Never a unit: a person (or, where only a post is written, the post)."""

    name: str  # 王明, or 分管副市长 when the plan names the post only
    label: str  # the words that introduce it: 牵头负责领导 / 责任领导 / 牵头领导
    order: int  # 0 = the first named
    source: Source


@dataclass(frozen=True)
class PolicyRef:
    title: str  # as written between 《》
    key: str  # normalised title (scoped by jurisdiction for district-level titles)
    normalized: str
    level: str | None  # 国家 / 省 / 市 / 区
    kind: str | None  # 条例 / 办法 / 意见 / 方案 / 计划 …
    issuer: str | None  # text just before 《, e.g. 浙江省民政厅
    doc_number: str | None  # 文号, e.g. 甬政办发〔2020〕17号
    cell: str
    source: Source


@dataclass(frozen=True)
class Indicator:
    key: str
    text: str  # raw, e.g. 城镇登记失业率低于3.5%
    name: str  # 城镇登记失业率
    comparator: str | None  # 低于
    value: float | None  # 3.5
    unit: str | None  # %
    qualifier: str | None  # 以上 / 以内 …
    area: str | None
    source: Source

    @property
    def parsed(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str  # 2—4月 as written
    start_month: int | None
    end_month: int | None
    text: str  # the clause after the label
    order: int
    source: Source
    year: int | None = None  # where written (2022年10月底前) or implied (明年7月份: the notice's year + 1)

    @property
    def name(self) -> str:
        """A short name quoting the document: the label, the characters the document writes
        between it and the clause (``3-4月 参与…``, ``2—4月:印发…``, none in ``全年常态化开展…``), and
        the clause's first 40 characters; a clause that holds its label (``6月底前完成…``, a
        deadline in a numbered item) is quoted from its start."""
        if not self.label:
            return self.text[:40]
        if self.text.startswith(self.label):
            return self.text[:len(self.label) + 40]
        written = self.source.text
        if self.text and written.startswith(self.label):
            between = written[len(self.label):].partition(self.text[:10])
            if between[1] and len(between[0]) <= 3 and not between[0].strip(" \t:：;；,，、") :
                return self.label + between[0] + self.text[:40]
        return self.label + ":" + self.text[:40]


@dataclass(frozen=True)
class PlaceRef:
    name: str
    kind: str  # town / street / village / community / park / region
    source: Source


@dataclass(frozen=True)
class Area:
    key: str
    name: str  # 经济高质量发展先行示范
    kind: AreaKind
    order: int


@dataclass(frozen=True)
class AreaHeader:
    """An area header as one document states it, e.g. 收入分配制度改革先行示范(8项)."""

    area: str  # Area.key
    section: str
    stated_count: int | None
    row_count: int
    source: Source


@dataclass(frozen=True)
class Item:
    """A task, reform or measure."""

    key: str
    kind: ItemKind
    number: int  # row number (tasks, reforms) or order within the area (measures)
    name: str
    text: str  # the whole row or sentence, verbatim
    area: str | None  # Area.key
    units: tuple[UnitRef, ...]
    cells: dict[str, str]  # cell -> text (paragraphs joined by "\n"); "" for an empty cell
    policies: tuple[PolicyRef, ...]
    indicators: tuple[Indicator, ...]
    milestones: tuple[Milestone, ...]
    places: tuple[PlaceRef, ...]
    source: Source
    cell_sources: dict[str, Source] = field(default_factory=dict)
    #: the number as the plan writes it (25, (三), 1.6, ①); ``number`` is its value in order
    number_text: str | None = None
    #: the headings above the item, outermost first, as written (一、… › (二)…)
    section_path: tuple[str, ...] = ()
    #: the plan's own word for this kind of item (重点工作, 重点任务, 政策措施…); ``kind`` is its class
    kind_text: str | None = None
    leaders: tuple[LeaderRef, ...] = ()


@dataclass(frozen=True)
class Department:
    key: str  # jurisdiction/canonical
    name: str  # canonical short name, 区发改局
    full_name: str | None  # 宁波市奉化区发展和改革局
    kind: str
    jurisdiction: str
    aliases: tuple[str, ...]
    place: str | None  # the Place a town/street unit governs


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    jurisdiction: Jurisdiction
    year: int | None
    index_no: str | None
    publisher: str | None
    publish_date: str | None
    notice: str | None
    issuer: str | None
    issue_date: str | None
    source_name: str  # file name
    source_format: str  # txt / html / docx
    content_hash: str
    areas: tuple[Area, ...]
    area_headers: tuple[AreaHeader, ...]
    indicators: tuple[Indicator, ...]
    measures: tuple[Item, ...]
    tasks: tuple[Item, ...]
    reforms: tuple[Item, ...]
    departments: tuple[Department, ...]
    places: tuple[PlaceRef, ...]
    #: where its title is written: the notice that issued it (关于印发《…》的通知), else the title line(s)
    source: Source | None = None
    doc_number: str | None = None  # 文号 of the notice or the plan, e.g. 许政〔2020〕20号
    layout: str | None = None  # which layout of the genre was read (see loaders/layouts)

    @property
    def items(self) -> tuple[Item, ...]:
        return self.measures + self.tasks + self.reforms

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (enums as values)."""
        plain: dict[str, Any] = _plain(dataclasses.asdict(self))
        return plain

    def content(self) -> dict[str, Any]:
        """The model without positions or file identity: two readings of the same
        plan from different formats compare equal here."""
        stripped: dict[str, Any] = _strip_positions(self.to_dict())
        return stripped


_POSITION_KEYS = {"line_start", "line_end", "source_name", "source_format", "content_hash"}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _strip_positions(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_positions(v) for k, v in value.items() if k not in _POSITION_KEYS}
    if isinstance(value, list):
        return [_strip_positions(v) for v in value]
    return value
