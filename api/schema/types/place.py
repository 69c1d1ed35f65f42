"""Places (towns, streets, villages...) and the items that mention them or that they lead."""

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
    register,
    rel_provenance,
    related_field,
    wrap,
)
from api.schema.types.filters import ItemOrder, ItemWhere
from graph.registry import Hops, Label

if TYPE_CHECKING:
    from api.schema.types.department import Department
    from api.schema.types.item import Item

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

    mention_count = count_field("How many items mention it. 被提及次数.", "place.mention_count")
    items = page_field("Items that mention it or that its own unit leads, each once. 提及它或由它牵头的事项.",
                       Hops.PLACE_ITEMS, ItemType, ItemWhere, ItemOrder, kinds=True)
    mentioned_by = page_field("Items that mention it, with where. 提及它的事项及出处.", Hops.PLACE_MENTIONED_BY, Mention,
                              ItemWhere, ItemOrder, kinds=True, convert=lambda d: build(Mention, d))
    led_items = page_field("Items its own unit (the town's or street's government) leads. 由其牵头的事项.",
                           Hops.PLACE_LED_ITEMS, ItemType, ItemWhere, ItemOrder, kinds=True)
    governed_by = related_field("The units that govern it. 管辖单位.", Hops.PLACE_GOVERNED_BY,
                                Annotated["Department", strawberry.lazy("api.schema.types.department")])
