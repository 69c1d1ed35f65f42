"""Indicators (指标): a target as written, with its parsed comparator, value and unit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from api.schema.types.common import Node, Provenance, prop, provenance, register, related_field
from graph.registry import Hops, Label

if TYPE_CHECKING:
    from api.schema.types.area import Area
    from api.schema.types.document import Document
    from api.schema.types.item import Item

__all__ = ["Indicator"]


@register(Label.INDICATOR)
@strawberry.type(description="An indicator: a body 指标目标 or a target in an item's 目标体系. 指标.")
class Indicator(Node):
    text: str | None = prop("text", "As written, e.g. 城镇登记失业率低于3.5%.", "原文.")
    name: str | None = prop("name", "What is measured, e.g. 城镇登记失业率.", "指标名称.")
    comparator: str | None = prop("comparator", "Comparator as written: 达到, 低于, 增长...", "比较词.")
    value: float | None = prop("value", "The number, when one was read.", "数值.")
    unit: str | None = prop("unit", "Its unit: %, 万元, 人...", "单位.")
    qualifier: str | None = prop("qualifier", "以上, 以内, 以下 or 左右.", "限定词.")
    parsed: bool | None = prop("parsed", "A number was read from the text.", "是否解析出数值.")
    area_key: str | None = prop("area", "Key of its area.", "所属领域主键.")
    owner_key: str | None = prop("owner", "Key of the item whose target it is; null for body indicators.", "所属事项主键.")
    provenance: Provenance | None = provenance()

    area = related_field("Its area. 所属领域.", Hops.INDICATOR_AREA,
                         Annotated["Area", strawberry.lazy("api.schema.types.area")], one=True)
    targeted_by = related_field("The item whose target it is (none for body indicators). 所属事项.", Hops.INDICATOR_OWNER,
                                Annotated["Item", strawberry.lazy("api.schema.types.item")], one=True)
    document = related_field("The plan it is in. 所属文件.", Hops.INDICATOR_DOCUMENT,
                             Annotated["Document", strawberry.lazy("api.schema.types.document")], one=True)
