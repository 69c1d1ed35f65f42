"""Tasks (重点工作), reforms (重大改革) and measures (工作举措): the ``Item`` interface and
what hangs off an item (responsible units, citations, place mentions)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.schema.plan import Prop, SameNode
from api.schema.types.common import (
    ItemKind,
    Node,
    Provenance,
    Role,
    build,
    prop,
    provenance,
    register,
    rel_prop,
    rel_provenance,
    rel_role,
    related_field,
)
from api.schema.types.filters import MilestoneWhere, PolicyWhere
from graph.registry import Hops, Label

if TYPE_CHECKING:
    from api.schema.types.area import Area
    from api.schema.types.department import Department
    from api.schema.types.document import Document
    from api.schema.types.indicator import Indicator
    from api.schema.types.leader import Leader
    from api.schema.types.milestone import Milestone
    from api.schema.types.place import Place
    from api.schema.types.policy import Policy

__all__ = ["Cells", "Citation", "Item", "Measure", "PlaceMention", "Reform", "ResponsibleUnit", "Task"]

DepartmentType = Annotated["Department", strawberry.lazy("api.schema.types.department")]

CELLS = ("cell_target", "cell_work", "cell_policy", "cell_evaluation", "cell_schedule")


@strawberry.type(description="The five cells of an annex row, verbatim (empty for measures). 附件表格的五个单元格.")
class Cells:
    target: str | None = strawberry.field(description="目标体系 (targets).")
    work: str | None = strawberry.field(description="工作体系 (work).")
    policy: str | None = strawberry.field(description="政策体系 (policies).")
    evaluation: str | None = strawberry.field(description="评价体系 (evaluation).")
    schedule: str | None = strawberry.field(description="进度安排 (schedule).")


@strawberry.type(description="A unit responsible for an item, with its role. 责任单位及其角色(牵头/配合).")
class ResponsibleUnit:
    _d: strawberry.Private[dict[str, Any]]

    role: Role | None = rel_role("lead (first listed) or support. 牵头或配合.")
    order: int | None = rel_prop("order", "Position in the list, 0 = lead.", "排列顺序, 0为牵头.")
    written: str | None = rel_prop("written", "The name as written in the row.", "原文写法.")
    provenance: Provenance | None = rel_provenance()

    @strawberry.field(description="The department. 单位.", metadata={"plan": SameNode()})
    def department(self) -> Annotated[Department, strawberry.lazy("api.schema.types.department")]:
        from api.schema.types.department import Department

        return build(Department, self._d)


@strawberry.type(description="A policy cited by an item, with the cell citing it. 事项引用的政策文件.")
class Citation:
    _d: strawberry.Private[dict[str, Any]]

    cell: str | None = rel_prop("cell", "The cell that cites it (policy, work, schedule...).", "引用所在单元格.")
    title: str | None = rel_prop("title", "The title as written there.", "引用时的标题写法.")
    mentions: int | None = rel_prop("mentions", "How many times that cell names it (a citation is one per cell).",
                                    "该单元格中提及次数.")
    provenance: Provenance | None = rel_provenance()

    @strawberry.field(description="The policy. 政策文件.", metadata={"plan": SameNode()})
    def policy(self) -> Annotated[Policy, strawberry.lazy("api.schema.types.policy")]:
        from api.schema.types.policy import Policy

        return build(Policy, self._d)


@strawberry.type(description="A place an item mentions. 事项提及的地点.")
class PlaceMention:
    _d: strawberry.Private[dict[str, Any]]

    provenance: Provenance | None = rel_provenance()

    @strawberry.field(description="The place. 地点.", metadata={"plan": SameNode()})
    def place(self) -> Annotated[Place, strawberry.lazy("api.schema.types.place")]:
        from api.schema.types.place import Place

        return build(Place, self._d)


def _kind(root: Any) -> ItemKind | None:
    kind = root._d.get("kind")
    return ItemKind(kind) if kind else None


def _ref(root: Any) -> str:
    # the number as written where the plan's layout keeps it (3., (二), ①); else from the key:
    # <document>/task/25 -> 25; <document>/measure/1.6 -> 1.6 (area 1, measure 6)
    written = root._d.get("number_text")
    return str(written) if written else str(root._d["__key"]).rsplit("/", 1)[-1]


def _cells(root: Any) -> Cells:
    d = root._d
    return Cells(target=d.get("cell_target"), work=d.get("cell_work"), policy=d.get("cell_policy"),
                 evaluation=d.get("cell_evaluation"), schedule=d.get("cell_schedule"))


@strawberry.interface(description="A task, reform or measure of a plan. 事项: 重点工作、重大改革或工作举措.")
class Item(Node):
    kind: ItemKind | None = strawberry.field(
        resolver=_kind, description="task, reform or measure. 事项类型.", metadata={"plan": Prop("kind")})
    ref: str = strawberry.field(
        resolver=_ref, description="Its number as the plan shows it: 25 for a task, 1.6 for the sixth measure of "
        "area 1, (二) or 3. as a numbered-items plan writes it. 编号.", metadata={"plan": Prop("number_text")})
    number: int | None = prop("number", "Row number, or number within its area for measures.", "序号.")
    number_text: str | None = prop("number_text", "The number as written (3., (二), ①), where the layout keeps it.",
                                   "编号原文.")
    section_path: list[str] | None = prop(
        "section_path", "The headings above it, outermost first, as written (一、… › (二)…).", "所在章节.")
    kind_text: str | None = prop(
        "kind_text", "The plan's own word for this kind of item (重点任务, 政策措施...); kind is its class.", "事项类型原文.")
    name: str | None = prop("name", "Name (the row's first cell, or the measure's first clause).", "名称.")
    text: str | None = prop("text", "The whole row or sentence, verbatim.", "全文.")
    area_key: str | None = prop("area", "Key of its area.", "所属领域主键.")
    jurisdiction: str | None = prop("jurisdiction", "Jurisdiction of its plan.", "行政区.")
    year: int | None = prop("year", "Year of its plan.", "年度.")
    lead: str | None = prop("lead", "Canonical name of the lead unit.", "牵头单位.")
    units: list[str] | None = prop("units", "Canonical names of every responsible unit, lead first.", "责任单位.")
    cells: Cells = strawberry.field(
        resolver=_cells, description="The annex row's cells. 表格单元格.", metadata={"plan": Prop(*CELLS)})
    provenance: Provenance | None = provenance()

    document = related_field("The plan it belongs to. 所属文件.", Hops.ITEM_DOCUMENT,
                             Annotated["Document", strawberry.lazy("api.schema.types.document")], one=True)
    area = related_field("Its area (先行示范领域 or 改革类别). 所属领域.", Hops.ITEM_AREA,
                         Annotated["Area", strawberry.lazy("api.schema.types.area")], one=True)
    responsible = related_field("Every responsible unit, lead first. 全部责任单位.", Hops.ITEM_RESPONSIBLE, ResponsibleUnit,
                                convert=lambda d: build(ResponsibleUnit, d))
    lead_department = related_field("The lead department. 牵头单位.", Hops.ITEM_LEAD_DEPARTMENT, DepartmentType, one=True)
    support_departments = related_field("The supporting departments, in order. 配合单位.", Hops.ITEM_SUPPORTED_BY,
                                        DepartmentType)
    citations = related_field("Policies it cites, each citation once per cell. 引用的政策文件.", Hops.ITEM_CITATIONS,
                              Citation, where_type=PolicyWhere, convert=lambda d: build(Citation, d))
    indicators = related_field("Indicators in its targets. 目标体系中的指标.", Hops.ITEM_INDICATORS,
                               Annotated["Indicator", strawberry.lazy("api.schema.types.indicator")])
    milestones = related_field("Its schedule, month by month. 进度安排.", Hops.ITEM_MILESTONES,
                               Annotated["Milestone", strawberry.lazy("api.schema.types.milestone")],
                               where_type=MilestoneWhere)
    mentions = related_field("Towns, streets and other places it mentions. 提及的地点.", Hops.ITEM_MENTIONS, PlaceMention,
                             convert=lambda d: build(PlaceMention, d))
    leaders = related_field("The officials who oversee it, in the order named. 牵头负责领导.", Hops.ITEM_LEADERS,
                            Annotated["Leader", strawberry.lazy("api.schema.types.leader")])


@register(Label.TASK)
@strawberry.type(description="A key task (附件二 重点工作清单). 重点工作.")
class Task(Item):
    pass


@register(Label.REFORM)
@strawberry.type(description="A major reform (附件三 重大改革清单). 重大改革.")
class Reform(Item):
    pass


@register(Label.MEASURE)
@strawberry.type(description="A work measure in the plan's body (工作举措). 工作举措.")
class Measure(Item):
    pass
