"""Areas: the 先行示范领域 shared by the body and 附件二, and 附件三's reform categories."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.schema.plan import Relation, Value, data_key
from api.schema.types.common import Connection, ItemKind, Node, connection, prop, register
from api.schema.types.filters import IndicatorOrder, IndicatorWhere, ItemOrder, ItemWhere
from graph.cypher import Label

__all__ = ["Area"]

ItemType = Annotated["Item", strawberry.lazy("api.schema.types.item")]
IndicatorType = Annotated["Indicator", strawberry.lazy("api.schema.types.indicator")]


@register(Label.AREA)
@strawberry.type(description="An area of a plan: a 先行示范领域 or a reform category. 领域.")
class Area(Node):
    name: str | None = prop("name", "Name, e.g. 社会治理先行示范.", "名称.")
    kind: str | None = prop("kind", "pilot_area (先行示范领域) or reform_category (改革类别).", "类型.")
    order: int | None = prop("order", "Position among areas of its kind.", "顺序.")

    @strawberry.field(description="How many items are in it. 事项数.", metadata={"plan": Value("area.item_count")})
    def item_count(self, info: strawberry.Info) -> int:
        return self._d.get(data_key(info, "x_")) or 0

    @strawberry.field(description="How many indicators are in it. 指标数.", metadata={"plan": Value("area.indicator_count")})
    def indicator_count(self, info: strawberry.Info) -> int:
        return self._d.get(data_key(info, "x_")) or 0

    @strawberry.field(description="Its items. 领域内的事项.", metadata={"plan": Relation("area.items", "connection")})
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

    @strawberry.field(description="Its indicators, with parsed values. 领域内的指标.",
                      metadata={"plan": Relation("area.indicators", "connection")})
    def indicators(
        self,
        info: strawberry.Info,
        where: IndicatorWhere | None = None,
        order_by: list[IndicatorOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[IndicatorType]:
        return connection(self, info, info.context.limits.window(first, after))
