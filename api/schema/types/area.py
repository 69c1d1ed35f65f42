"""Areas: the 先行示范领域 shared by the body and 附件二, and 附件三's reform categories."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from api.schema.types.common import Node, count_field, page_field, prop, register
from api.schema.types.filters import IndicatorOrder, IndicatorWhere, ItemOrder, ItemWhere
from graph.registry import Hops, Label

if TYPE_CHECKING:
    from api.schema.types.indicator import Indicator
    from api.schema.types.item import Item

__all__ = ["Area"]

ItemType = Annotated["Item", strawberry.lazy("api.schema.types.item")]
IndicatorType = Annotated["Indicator", strawberry.lazy("api.schema.types.indicator")]


@register(Label.AREA)
@strawberry.type(description="An area of a plan: a 先行示范领域 or a reform category. 领域.")
class Area(Node):
    name: str | None = prop("name", "Name, e.g. 社会治理先行示范.", "名称.")
    kind: str | None = prop("kind", "pilot_area (先行示范领域) or reform_category (改革类别).", "类型.")
    order: int | None = prop("order", "Position among areas of its kind.", "顺序.")

    item_count = count_field("How many items are in it. 事项数.", "area.item_count")
    indicator_count = count_field("How many indicators are in it. 指标数.", "area.indicator_count")
    items = page_field("Its items. 领域内的事项.", Hops.AREA_ITEMS, ItemType, ItemWhere, ItemOrder, kinds=True)
    indicators = page_field("Its indicators, with parsed values. 领域内的指标.", Hops.AREA_INDICATORS, IndicatorType,
                            IndicatorWhere, IndicatorOrder)
