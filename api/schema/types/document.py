"""Documents (plans) and jurisdictions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.schema.plan import SameNode
from api.schema.types.common import (
    Node,
    Provenance,
    build,
    count_field,
    page_field,
    prop,
    provenance,
    register,
    rel_prop,
    rel_provenance,
    related_field,
)
from api.schema.types.filters import (
    DepartmentOrder,
    DepartmentWhere,
    IndicatorOrder,
    IndicatorWhere,
    ItemOrder,
    ItemWhere,
)
from graph.registry import Hops, Label

if TYPE_CHECKING:
    from api.schema.types.area import Area
    from api.schema.types.department import Department
    from api.schema.types.indicator import Indicator
    from api.schema.types.item import Item
    from api.schema.types.place import Place

__all__ = ["AreaListing", "Document", "Jurisdiction"]

ItemType = Annotated["Item", strawberry.lazy("api.schema.types.item")]
IndicatorType = Annotated["Indicator", strawberry.lazy("api.schema.types.indicator")]
AreaType = Annotated["Area", strawberry.lazy("api.schema.types.area")]
DepartmentType = Annotated["Department", strawberry.lazy("api.schema.types.department")]
PlaceType = Annotated["Place", strawberry.lazy("api.schema.types.place")]
JurisdictionType = Annotated["Jurisdiction", strawberry.lazy("api.schema.types.document")]


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
    doc_number: str | None = prop("doc_number", "Document number of the notice or the plan, e.g. 许政〔2020〕20号.", "文号.")
    layout: str | None = prop("layout", "The layout it was read as: template, numbered-items or table.", "版式.")
    source_name: str | None = prop("source_name", "File it was loaded from.", "来源文件名.")
    source_format: str | None = prop("source_format", "txt, html, docx or pdf.", "来源格式.")
    provenance: Provenance | None = provenance()

    item_count = count_field("How many items it contains. 事项数.", "document.item_count")
    items = page_field("Its tasks, reforms and measures. 文件中的事项.", Hops.DOCUMENT_ITEMS, ItemType, ItemWhere, ItemOrder,
                       kinds=True)
    indicators = page_field("Its indicators, body and items alike. 文件中的指标.", Hops.DOCUMENT_INDICATORS, IndicatorType,
                            IndicatorWhere, IndicatorOrder)
    areas = related_field("The area headers it lists, with stated and actual counts. 领域标题.", Hops.DOCUMENT_AREAS,
                          AreaListing, convert=lambda d: build(AreaListing, d))
    jurisdiction_node = related_field("The jurisdiction it is about. 所属行政区.", Hops.DOCUMENT_JURISDICTION,
                                      JurisdictionType, one=True)


@register(Label.JURISDICTION)
@strawberry.type(description="A district, county or city whose plans are loaded. 行政区.")
class Jurisdiction(Node):
    name: str | None = prop("name", "Its key: the place with its parent, e.g. 宁波市奉化区 (fullName adds the province).", "名称.")
    short_name: str | None = prop("short_name", "Short name, e.g. 奉化区.", "简称.")
    level: str | None = prop("level", "province, prefecture or county (the division's; told from the name's last character for a place the division data lacks).", "层级.")
    parent: str | None = prop("parent", "Parent, e.g. 宁波市.", "上级.")
    full_name: str | None = prop("full_name", "Full administrative name, e.g. 浙江省宁波市奉化区, where it was resolved.",
                                 "行政区划全称.")
    code: str | None = prop("code", "Administrative division code, where it was resolved.", "行政区划代码.")
    province: str | None = prop("province", "Province, e.g. 浙江省, where it was resolved.", "所属省份.")

    documents = related_field("Its plans. 文件.", Hops.JURISDICTION_DOCUMENTS, Document)
    departments = page_field("Its responsible units. 责任单位.", Hops.JURISDICTION_DEPARTMENTS, DepartmentType,
                             DepartmentWhere, DepartmentOrder)
    places = related_field("Its places. 地点.", Hops.JURISDICTION_PLACES, PlaceType)
