"""``where`` filters and ``orderBy`` inputs of the list fields.

Every filter combines its fields with AND, and takes ``AND``/``OR``/``NOT`` for the rest;
relationship filters (``cites``, ``responsible``...) hold when at least one related node
matches, ``has...`` ones test that any exists. The graph layer's catalogue
(``graph.cypher.FILTERS``/``SORTS``) gives each field its Cypher.
"""

from __future__ import annotations

import enum
from typing import Any

import strawberry

from api.schema.types.common import ItemKind, SortDirection

__all__ = [
    "Cell", "AreaOrder", "AreaSort", "AreaWhere", "DepartmentOrder", "DepartmentSort", "DepartmentWhere",
    "DocumentOrder", "DocumentSort", "DocumentWhere", "IndicatorOrder", "IndicatorSort", "IndicatorWhere",
    "ItemOrder", "ItemSort", "ItemWhere", "JurisdictionWhere", "MilestoneOrder", "MilestoneSort", "MilestoneWhere",
    "PlaceOrder", "PlaceSort", "PlaceWhere", "PolicyOrder", "PolicySort", "PolicyWhere",
]


def _f(english: str, chinese: str, name: str | None = None) -> Any:  # strawberry.field with a default is typed Any, as dataclasses.field
    return strawberry.field(default=None, description=f"{english} {chinese}", name=name)


def _and() -> Any:  # strawberry.field with a default is typed Any, as dataclasses.field
    return strawberry.field(default=None, name="AND", description="All of these hold. 同时满足.")


def _or() -> Any:  # strawberry.field with a default is typed Any, as dataclasses.field
    return strawberry.field(default=None, name="OR", description="At least one of these holds. 满足其一.")


def _not() -> Any:  # strawberry.field with a default is typed Any, as dataclasses.field
    return strawberry.field(default=None, name="NOT", description="This does not hold. 不满足.")


@strawberry.enum(description="The cells a row is read into (and a measure's sentence), as a citation names them. "
                 "单元格.")
class Cell(enum.Enum):
    NAME = strawberry.enum_value("name", description="名称 (the row's name).")
    TARGET = strawberry.enum_value("target", description="目标体系 (targets).")
    WORK = strawberry.enum_value("work", description="工作体系 (work).")
    POLICY = strawberry.enum_value("policy", description="政策体系 (policies).")
    EVALUATION = strawberry.enum_value("evaluation", description="评价体系 (evaluation).")
    SCHEDULE = strawberry.enum_value("schedule", description="进度安排 (schedule).")
    MEASURE = strawberry.enum_value("measure", description="工作举措 (a measure's sentence in the body).")


@strawberry.input(description="Which items (tasks, reforms, measures) to keep. 事项筛选条件.")
class ItemWhere:
    and_: list[ItemWhere] | None = _and()
    or_: list[ItemWhere] | None = _or()
    not_: ItemWhere | None = _not()
    key: str | None = _f("Exactly this key.", "主键.")
    key_in: list[str] | None = _f("One of these keys.", "主键之一.")
    kind: ItemKind | None = _f("Of this kind.", "事项类型.")
    kind_in: list[ItemKind] | None = _f("Of one of these kinds.", "事项类型之一.")
    number: int | None = _f("Row number (tasks, reforms) or number within its area (measures).", "序号.")
    number_in: list[int] | None = _f("One of these numbers.", "序号之一.")
    name: str | None = _f("Exactly this name.", "名称.")
    name_contains: str | None = _f("Name contains this text.", "名称包含.")
    text_contains: str | None = _f("Full text (every cell) contains this text.", "全文包含.")
    area: str | None = _f("Area key, e.g. pilot_area:社会治理先行示范.", "领域主键.")
    area_name: str | None = _f("Area name, e.g. 社会治理先行示范.", "领域名称.")
    document: str | None = _f("Document id.", "文件编号.")
    jurisdiction: str | None = _f("Jurisdiction, e.g. 宁波市奉化区.", "行政区.")
    year: int | None = _f("Plan year.", "年度.")
    lead: str | None = _f("Any name of the lead unit, e.g. 区发改局 or 发改局 (an unknown name is an error).",
                          "牵头单位(任一名称).")
    unit: str | None = _f("Any name of a responsible unit (an unknown name is an error).", "责任单位之一(任一名称).")
    unit_count: int | None = _f("Exactly this many responsible units.", "责任单位数.")
    unit_count_gte: int | None = _f("At least this many responsible units.", "责任单位数不少于.")
    unit_count_lte: int | None = _f("At most this many responsible units.", "责任单位数不多于.")
    has_cell: Cell | None = _f("This cell of its row has text.", "该单元格有内容.")
    empty_cell: Cell | None = _f("This cell of its row is empty (measures have no cells).", "该单元格为空.")
    empty_cells: bool | None = _f("Some cell of its row is empty (or none, when false).", "是否有空单元格.")
    cited_in: Cell | None = _f("Cites a policy in this cell; under a policy's citedBy, that citation is in it.",
                               "在该单元格引用政策.")
    responsible: DepartmentWhere | None = _f("Some responsible department matches.", "某责任单位满足.")
    led_by: DepartmentWhere | None = _f("The lead department matches.", "牵头单位满足.")
    supported_by: DepartmentWhere | None = _f("Some supporting department matches.", "某配合单位满足.")
    cites: PolicyWhere | None = _f("Some cited policy matches.", "所引政策满足.")
    has_citations: bool | None = _f("Cites any policy (or none, when false).", "是否引用政策.")
    targets: IndicatorWhere | None = _f("Some targeted indicator matches.", "所含指标满足.")
    has_indicators: bool | None = _f("Has any indicator.", "是否有指标.")
    milestones: MilestoneWhere | None = _f("Some milestone matches.", "某进度节点满足.")
    has_milestones: bool | None = _f("Has any milestone.", "是否有进度安排.")
    mentions: PlaceWhere | None = _f("Mentions a matching place.", "提及的地点满足.")
    has_mentions: bool | None = _f("Mentions any place.", "是否提及地点.")
    kind_text: str | None = _f("The plan's own word for the item, e.g. 重点任务.", "事项类型原文.")
    kind_text_in: list[str] | None = _f("One of these words.", "事项类型原文之一.")
    number_text: str | None = _f("The number as written, e.g. (二) or 3.", "编号原文.")
    heading: str | None = _f("One of the headings above it, exactly as written.", "所在章节标题.")
    layout: str | None = _f("Its plan was read as this layout: template, numbered-items or table.", "所在文件版式.")


@strawberry.input(description="Which departments (responsible units) to keep. 责任单位筛选条件.")
class DepartmentWhere:
    and_: list[DepartmentWhere] | None = _and()
    or_: list[DepartmentWhere] | None = _or()
    not_: DepartmentWhere | None = _not()
    key: str | None = _f("Exactly this key, e.g. 宁波市奉化区/区发改局.", "主键.")
    name: str | None = _f("Its name or any alias, e.g. 区发改局 or 发改局 (an unknown name is an error).",
                          "名称或别名.")
    name_in: list[str] | None = _f("One of these names or aliases.", "名称或别名之一.")
    name_contains: str | None = _f("Canonical name contains this text.", "名称包含.")
    alias: str | None = _f("Any of its names: 区发改局, 发改局, 宁波市奉化区发展和改革局.", "任一别名.")
    kind: str | None = _f("department, town, street, party, mass_org, court, platform or task_force.", "单位类型.")
    kind_in: list[str] | None = _f("One of these kinds.", "单位类型之一.")
    jurisdiction: str | None = _f("Jurisdiction, e.g. 宁波市奉化区.", "行政区.")
    responsible_for: ItemWhere | None = _f("Responsible (lead or support) for a matching item.", "负责的事项满足.")
    leads: ItemWhere | None = _f("Leads a matching item.", "牵头的事项满足.")
    supports: ItemWhere | None = _f("Supports a matching item.", "配合的事项满足.")
    has_leads: bool | None = _f("Leads any item.", "是否牵头事项.")


@strawberry.input(description="Which cited policies to keep. 政策文件筛选条件.")
class PolicyWhere:
    and_: list[PolicyWhere] | None = _and()
    or_: list[PolicyWhere] | None = _or()
    not_: PolicyWhere | None = _not()
    key: str | None = _f("Exactly this key.", "主键.")
    title: str | None = _f(
        "Exactly this title, however written: 《》, brackets, dashes and widths do not matter "
        "(matched on the normalised title, through its index).", "标题(规范化后完全一致).")
    title_contains: str | None = _f(
        "The normalised title contains this text, normalised the same way.", "标题包含(规范化后).")
    level: str | None = _f("国家, 省, 市 or 区.", "层级.")
    level_in: list[str] | None = _f("One of these levels.", "层级之一.")
    kind: str | None = _f("条例, 办法, 意见, 方案, 计划, 规划...", "文种.")
    kind_in: list[str] | None = _f("One of these kinds.", "文种之一.")
    issuer_contains: str | None = _f("Issuer contains this text.", "发文机关包含.")
    doc_number: str | None = _f("Document number, e.g. 甬政办发〔2020〕17号.", "文号.")
    has_doc_number: bool | None = _f("Has a document number.", "是否有文号.")
    jurisdiction: str | None = _f("The jurisdiction a district-level policy belongs to.", "所属行政区.")
    cited_by: ItemWhere | None = _f("Cited by a matching item.", "引用它的事项满足.")
    min_citations: int | None = _f("At least this many citations (citing cells).", "被引次数不少于.")
    min_items: int | None = _f("Cited by at least this many items.", "引用事项数不少于.")
    cited_in: Cell | None = _f("Cited in this cell; under an item's citations, that citation is in it.",
                               "在该单元格被引用.")


@strawberry.input(description="Which indicators to keep. 指标筛选条件.")
class IndicatorWhere:
    and_: list[IndicatorWhere] | None = _and()
    or_: list[IndicatorWhere] | None = _or()
    not_: IndicatorWhere | None = _not()
    key: str | None = _f("Exactly this key.", "主键.")
    name: str | None = _f("Exactly this name (the text before the comparator).", "指标名称.")
    name_contains: str | None = _f("Name contains this text.", "名称包含.")
    text_contains: str | None = _f("The indicator as written contains this text.", "原文包含.")
    area: str | None = _f("Area key.", "领域主键.")
    area_name: str | None = _f("Area name, e.g. 公共服务优质共享先行示范.", "领域名称.")
    unit: str | None = _f("Unit, e.g. %, 万元, 人.", "单位.")
    unit_in: list[str] | None = _f("One of these units.", "单位之一.")
    comparator: str | None = _f("Comparator as written: 达到, 不低于, 低于, 增长...", "比较词.")
    parsed: bool | None = _f("A numeric value was read.", "是否解析出数值.")
    has_value: bool | None = _f("Has a numeric value (false: its text only, e.g. 完成市下达指标).", "是否有数值.")
    value_gt: float | None = _f("Value greater than.", "数值大于.")
    value_gte: float | None = _f("Value at least.", "数值不小于.")
    value_lt: float | None = _f("Value less than.", "数值小于.")
    value_lte: float | None = _f("Value at most.", "数值不大于.")
    document: str | None = _f("Document id.", "文件编号.")
    owner: str | None = _f("Key of the item whose target it is.", "所属事项主键.")
    targeted_by: ItemWhere | None = _f("Targeted by a matching item.", "所属事项满足.")
    has_owner: bool | None = _f("Belongs to an item (false: a body 指标目标).", "是否属于某事项.")


@strawberry.input(description="Which milestones to keep. 进度节点筛选条件.")
class MilestoneWhere:
    and_: list[MilestoneWhere] | None = _and()
    or_: list[MilestoneWhere] | None = _or()
    not_: MilestoneWhere | None = _not()
    key: str | None = _f("Exactly this key.", "主键.")
    label: str | None = _f("Period as written, e.g. 2—4月.", "时段原文.")
    label_contains: str | None = _f("Period as written contains this text, e.g. 季度 or 底前.", "时段包含.")
    start_month: int | None = _f("First month.", "起始月.")
    end_month: int | None = _f("Last month.", "截止月.")
    covers_month: int | None = _f(
        "Its span includes this month (a deadline such as 6月底前 only its last month).", "覆盖某月.")
    covers_quarter: int | None = _f("Its span overlaps this quarter (1-4).", "覆盖某季度.")
    due_month: int | None = _f("Ends in this month.", "在某月截止.")
    due_quarter: int | None = _f("Ends in this quarter (1-4).", "在某季度截止.")
    deadline: bool | None = _f("Is a deadline (no start month, e.g. 6月底前).", "是否为截止期限.")
    text_contains: str | None = _f("Its work contains this text.", "内容包含.")
    document: str | None = _f("Document id.", "文件编号.")
    item: ItemWhere | None = _f("Its item matches.", "所属事项满足.")


@strawberry.input(description="Which places (towns, streets, villages...) to keep. 地点筛选条件.")
class PlaceWhere:
    and_: list[PlaceWhere] | None = _and()
    or_: list[PlaceWhere] | None = _or()
    not_: PlaceWhere | None = _not()
    key: str | None = _f("Exactly this key, e.g. 宁波市奉化区/溪口镇.", "主键.")
    name: str | None = _f("Name, e.g. 溪口镇.", "名称.")
    name_contains: str | None = _f("Name contains this text.", "名称包含.")
    kind: str | None = _f("town, street, village, community or park.", "类型.")
    kind_in: list[str] | None = _f("One of these kinds.", "类型之一.")
    jurisdiction: str | None = _f("Jurisdiction.", "行政区.")
    mentioned_by: ItemWhere | None = _f("Mentioned by a matching item.", "提及它的事项满足.")


@strawberry.input(description="Which documents to keep. 文件筛选条件.")
class DocumentWhere:
    id: str | None = _f("Exactly this id.", "文件编号.")
    title_contains: str | None = _f("Title contains this text.", "标题包含.")
    jurisdiction: str | None = _f("Jurisdiction.", "行政区.")
    year: int | None = _f("Plan year.", "年度.")
    layout: str | None = _f("Read as this layout: template, numbered-items or table.", "版式.")
    doc_number: str | None = _f("Document number, e.g. 许政〔2020〕20号.", "文号.")


@strawberry.input(description="Which areas to keep. 领域筛选条件.")
class AreaWhere:
    key: str | None = _f("Exactly this key.", "主键.")
    name: str | None = _f("Exactly this name.", "名称.")
    name_contains: str | None = _f("Name contains this text.", "名称包含.")
    kind: str | None = _f("pilot_area (先行示范领域) or reform_category (改革类别).", "类型.")


@strawberry.input(description="Which jurisdictions to keep. 行政区筛选条件.")
class JurisdictionWhere:
    name: str | None = _f("Full name, e.g. 宁波市奉化区.", "名称.")
    level: str | None = _f("province, prefecture or county.", "层级.")
    parent: str | None = _f("Parent jurisdiction, e.g. 宁波市.", "上级.")
    province: str | None = _f("Province, e.g. 浙江省.", "所属省份.")
    code: str | None = _f("Administrative division code.", "行政区划代码.")


# --- orderBy ---------------------------------------------------------------------------


@strawberry.enum(description="Item sort keys. 事项排序字段.")
class ItemSort(enum.Enum):
    DOCUMENT_ORDER = strawberry.enum_value("document_order", description="As in the document. 文中顺序.")
    NUMBER = "number"
    NAME = "name"
    KIND = "kind"
    AREA = "area"
    CITATION_COUNT = strawberry.enum_value("citation_count", description="Number of policy citations. 引用数.")
    UNIT_COUNT = strawberry.enum_value("unit_count", description="Number of responsible units. 责任单位数.")
    MILESTONE_COUNT = "milestone_count"
    INDICATOR_COUNT = "indicator_count"


@strawberry.enum(description="Department sort keys. 责任单位排序字段.")
class DepartmentSort(enum.Enum):
    NAME = "name"
    KIND = "kind"
    JURISDICTION = "jurisdiction"
    LEAD_COUNT = strawberry.enum_value("lead_count", description="Number of items it leads. 牵头数.")
    SUPPORT_COUNT = strawberry.enum_value("support_count", description="Number of items it supports. 配合数.")
    ITEM_COUNT = strawberry.enum_value("item_count", description="Number of items it is responsible for. 负责事项数.")


@strawberry.enum(description="Policy sort keys. 政策排序字段.")
class PolicySort(enum.Enum):
    TITLE = "title"
    LEVEL = "level"
    KIND = "kind"
    CITATION_COUNT = strawberry.enum_value("citation_count", description="Number of citations. 被引次数.")
    ITEM_COUNT = strawberry.enum_value("item_count", description="Number of items citing it. 引用事项数.")
    MOST_CITED = strawberry.enum_value("most_cited", description="Items citing it, then citations: most cited "
                                       "first with DESC. 被引最多(先按引用事项数).")


@strawberry.enum(description="Indicator sort keys. 指标排序字段.")
class IndicatorSort(enum.Enum):
    DOCUMENT_ORDER = "document_order"
    NAME = "name"
    VALUE = "value"
    AREA = "area"


@strawberry.enum(description="Milestone sort keys. 进度节点排序字段.")
class MilestoneSort(enum.Enum):
    END_MONTH = "end_month"
    START_MONTH = "start_month"
    DOCUMENT_ORDER = "document_order"


@strawberry.enum(description="Place sort keys. 地点排序字段.")
class PlaceSort(enum.Enum):
    NAME = "name"
    KIND = "kind"
    MENTION_COUNT = "mention_count"


@strawberry.enum(description="Document sort keys. 文件排序字段.")
class DocumentSort(enum.Enum):
    TITLE = "title"
    YEAR = "year"
    JURISDICTION = "jurisdiction"


@strawberry.enum(description="Area sort keys. 领域排序字段.")
class AreaSort(enum.Enum):
    ORDER = "order"
    NAME = "name"
    ITEM_COUNT = "item_count"


def _by() -> Any:  # strawberry.field with no default is typed Any, as dataclasses.field
    return strawberry.field(description="Sort key. 排序字段.")


def _direction() -> Any:
    return strawberry.field(default=SortDirection.ASC, description="ASC or DESC. 方向.")


def _order_description(what: str) -> str:
    return f"One sort key for {what}; later keys break ties. 排序."


def _order(sort: type[enum.Enum], what: str) -> Any:
    """The ``orderBy`` input over the sort keys ``sort``: a key and a direction, named after
    the enum (``ItemSort`` -> ``ItemOrder``). Built, not written out: every list's order input
    has this one shape."""
    name = sort.__name__.removesuffix("Sort") + "Order"
    namespace = {"__module__": __name__, "__qualname__": name,
                 "__annotations__": {"by": sort, "direction": SortDirection},
                 "by": _by(), "direction": _direction()}
    return strawberry.input(type(name, (), namespace), description=_order_description(what))


ItemOrder = _order(ItemSort, "items")
DepartmentOrder = _order(DepartmentSort, "departments")
PolicyOrder = _order(PolicySort, "policies")
IndicatorOrder = _order(IndicatorSort, "indicators")
MilestoneOrder = _order(MilestoneSort, "milestones")
PlaceOrder = _order(PlaceSort, "places")
DocumentOrder = _order(DocumentSort, "documents")
AreaOrder = _order(AreaSort, "areas")
