"""Documents (plans) and jurisdictions."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from api.schema.plan import Relation, SameNode, Value, data_key
from api.schema.types.common import (
    build,
    Connection,
    ItemKind,
    Node,
    Provenance,
    connection,
    prop,
    register,
    rel_prop,
    rel_provenance,
    related,
)
from api.schema.types.filters import (
    DepartmentOrder,
    DepartmentWhere,
    IndicatorOrder,
    IndicatorWhere,
    ItemOrder,
    ItemWhere,
)
from graph.cypher import Label

__all__ = ["AreaListing", "Document", "Jurisdiction"]

ItemType = Annotated["Item", strawberry.lazy("api.schema.types.item")]
IndicatorType = Annotated["Indicator", strawberry.lazy("api.schema.types.indicator")]
AreaType = Annotated["Area", strawberry.lazy("api.schema.types.area")]
DepartmentType = Annotated["Department", strawberry.lazy("api.schema.types.department")]
PlaceType = Annotated["Place", strawberry.lazy("api.schema.types.place")]


@strawberry.type(description="An area as a document lists it, e.g. 收入分配制度改革先行示范(8项). 文件中的领域标题.")
class AreaListing:
    _d: strawberry.Private[dict[str, Any]]

    stated_count: int | None = rel_prop("stated_count", "The count its header states.", "标题所列项数.")
    row_count: int | None = rel_prop("row_count", "The rows actually under it.", "实际行数.")
    provenance: Provenance | None = rel_provenance()

    @strawberry.field(description="The area. 领域.", metadata={"plan": SameNode()})
    def area(self) -> AreaType:
        from api.schema.types.area import Area

        return build(Area, self._d)


@register(Label.DOCUMENT)
@strawberry.type(description="A work plan (工作要点, 实施方案). 文件.")
class Document(Node):
    title: str | None = prop("title", "Title.", "标题.")
    jurisdiction: str | None = prop("jurisdiction", "Jurisdiction it is about.", "行政区.")
    year: int | None = prop("year", "Plan year.", "年度.")
    index_no: str | None = prop("index_no", "Index number (索引号).", "索引号.")
    publisher: str | None = prop("publisher", "Publishing body (发布机构).", "发布机构.")
    publish_date: str | None = prop("publish_date", "Publication date.", "发文日期.")
    issuer: str | None = prop("issuer", "Issuing body, as signed.", "印发单位.")
    issue_date: str | None = prop("issue_date", "Date signed.", "成文日期.")
    notice: str | None = prop("notice", "The notice that issued it.", "印发通知.")
    source_name: str | None = prop("source_name", "File it was loaded from.", "来源文件名.")
    source_format: str | None = prop("source_format", "txt, html or docx.", "来源格式.")

    @strawberry.field(description="How many items it contains. 事项数.", metadata={"plan": Value("document.item_count")})
    def item_count(self, info: strawberry.Info) -> int:
        return self._d.get(data_key(info, "x_")) or 0

    @strawberry.field(description="Its tasks, reforms and measures. 文件中的事项.",
                      metadata={"plan": Relation("document.items", "connection")})
    def items(
        self,
        info: strawberry.Info,
        kinds: list[ItemKind] | None = None,
        where: ItemWhere | None = None,
        order_by: list[ItemOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ItemType]:
        return connection(self, info, info.context.limits.window(first, after))

    @strawberry.field(description="Its indicators, body and items alike. 文件中的指标.",
                      metadata={"plan": Relation("document.indicators", "connection")})
    def indicators(
        self,
        info: strawberry.Info,
        where: IndicatorWhere | None = None,
        order_by: list[IndicatorOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[IndicatorType]:
        return connection(self, info, info.context.limits.window(first, after))

    @strawberry.field(description="The area headers it lists, with stated and actual counts. 领域标题.",
                      metadata={"plan": Relation("document.areas")})
    def areas(self, info: strawberry.Info) -> list[AreaListing]:
        return related(self, info, lambda d: build(AreaListing, d))

    @strawberry.field(description="The jurisdiction it is about. 所属行政区.",
                      metadata={"plan": Relation("document.jurisdiction", "one")})
    def jurisdiction_node(self, info: strawberry.Info) -> Jurisdiction | None:
        return related(self, info)


@register(Label.JURISDICTION)
@strawberry.type(description="A district, county or city whose plans are loaded. 行政区.")
class Jurisdiction(Node):
    name: str | None = prop("name", "Full name, e.g. 宁波市奉化区.", "全称.")
    short_name: str | None = prop("short_name", "Short name, e.g. 奉化区.", "简称.")
    level: str | None = prop("level", "区, 县 or 市.", "层级.")
    parent: str | None = prop("parent", "Parent, e.g. 宁波市.", "上级.")

    @strawberry.field(description="Its plans. 文件.", metadata={"plan": Relation("jurisdiction.documents")})
    def documents(self, info: strawberry.Info) -> list[Document]:
        return related(self, info)

    @strawberry.field(description="Its responsible units. 责任单位.",
                      metadata={"plan": Relation("jurisdiction.departments", "connection")})
    def departments(
        self,
        info: strawberry.Info,
        where: DepartmentWhere | None = None,
        order_by: list[DepartmentOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[DepartmentType]:
        return connection(self, info, info.context.limits.window(first, after))

    @strawberry.field(description="Its places. 地点.", metadata={"plan": Relation("jurisdiction.places")})
    def places(self, info: strawberry.Info) -> list[PlaceType]:
        return related(self, info)
