"""Leaders (牵头负责领导, 责任领导): the officials a plan names as overseeing its items."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from api.schema.types.common import Node, page_field, prop, register
from api.schema.types.filters import ItemOrder, ItemWhere
from graph.registry import Hops, Label

if TYPE_CHECKING:
    from api.schema.types.item import Item

__all__ = ["Leader"]

ItemType = Annotated["Item", strawberry.lazy("api.schema.types.item")]


@register(Label.LEADER)
@strawberry.type(description="An official who oversees items, as the plan names them. 牵头负责领导/责任领导.")
class Leader(Node):
    name: str | None = prop("name", "Name as written, e.g. 王明 (or the post, where only that is written).", "姓名.")
    label: str | None = prop("label", "The words first naming the leader: 牵头负责领导, 责任领导.", "原文称谓.")
    jurisdiction: str | None = prop("jurisdiction", "Jurisdiction of the plans naming the leader.", "所属行政区.")

    items = page_field("Items the leader oversees. 分管的事项.", Hops.LEADER_ITEMS, ItemType, ItemWhere, ItemOrder,
                       kinds=True)
