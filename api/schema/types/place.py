"""Places (towns, streets, villages...) and the items that mention them or that they lead."""

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
    rel_provenance,
    related,
    wrap,
)
from api.schema.types.filters import ItemOrder, ItemWhere
from graph.cypher import Label

__all__ = ["Mention", "Place"]

ItemType = Annotated["Item", strawberry.lazy("api.schema.types.item")]


@strawberry.type(description="An item mentioning a place. 提及地点的事项.")
class Mention:
    _d: strawberry.Private[dict[str, Any]]

    provenance: Provenance | None = rel_provenance()

    @strawberry.field(description="The item. 事项.", metadata={"plan": SameNode()})
    def item(self) -> ItemType:
        return wrap(self._d)


@register(Label.PLACE)
@strawberry.type(description="A town, street, village, community or park named in a plan. 地点(镇、街道、村、社区、园区).")
class Place(Node):
    name: str | None = prop("name", "Name, e.g. 溪口镇.", "名称.")
    kind: str | None = prop("kind", "town, street, village, community or park.", "类型.")
    jurisdiction: str | None = prop("jurisdiction", "Jurisdiction.", "所属行政区.")

    @strawberry.field(description="How many items mention it. 被提及次数.", metadata={"plan": Value("place.mention_count")})
    def mention_count(self, info: strawberry.Info) -> int:
        return self._d.get(data_key(info, "x_")) or 0

    @strawberry.field(description="Items that mention it or that its own unit leads, each once. 提及它或由它牵头的事项.",
                      metadata={"plan": Relation("place.items", "connection")})
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

    @strawberry.field(description="Items that mention it, with where. 提及它的事项及出处.",
                      metadata={"plan": Relation("place.mentioned_by", "connection")})
    def mentioned_by(
        self,
        info: strawberry.Info,
        kinds: list[ItemKind] | None = None,
        where: ItemWhere | None = None,
        order_by: list[ItemOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Mention]:
        return connection(self, info, info.context.limits.window(first, after), lambda d: build(Mention, d))

    @strawberry.field(description="Items its own unit (the town's or street's government) leads. 由其牵头的事项.",
                      metadata={"plan": Relation("place.led_items", "connection")})
    def led_items(
        self,
        info: strawberry.Info,
        kinds: list[ItemKind] | None = None,
        where: ItemWhere | None = None,
        order_by: list[ItemOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ItemType]:
        return connection(self, info, info.context.limits.window(first, after))

    @strawberry.field(description="The units that govern it. 管辖单位.", metadata={"plan": Relation("place.governed_by")})
    def governed_by(
        self, info: strawberry.Info
    ) -> list[Annotated["Department", strawberry.lazy("api.schema.types.department")]]:
        return related(self, info)
