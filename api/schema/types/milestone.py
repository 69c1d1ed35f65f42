"""Milestones (进度安排): one period of an item's schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.schema.plan import Prop
from api.schema.types.common import Node, Provenance, prop, provenance, register, related_field
from graph.registry import Hops, Label

if TYPE_CHECKING:
    from api.schema.types.item import Item

__all__ = ["Milestone"]


def _deadline(root: Any) -> bool:
    return root._d.get("start_month") is None and root._d.get("end_month") is not None


@register(Label.MILESTONE)
@strawberry.type(description="One period of an item's schedule, e.g. 2—4月: ... 进度节点.")
class Milestone(Node):
    label: str | None = prop("label", "The period as written: 2—4月, 6月底前, 三季度.", "时段原文.")
    start_month: int | None = prop("start_month", "First month; null for a deadline.", "起始月.")
    end_month: int | None = prop("end_month", "Last month (the deadline's month).", "截止月.")
    text: str | None = prop("text", "The work planned for the period.", "工作内容.")
    order: int | None = prop("order", "Position in the item's schedule.", "顺序.")
    is_deadline: bool = strawberry.field(
        resolver=_deadline, description="A deadline (6月底前) rather than a span. 是否为截止期限.",
        metadata={"plan": Prop("start_month", "end_month")})
    provenance: Provenance | None = provenance()

    item = related_field("The item it schedules. 所属事项.", Hops.MILESTONE_ITEM,
                         Annotated["Item", strawberry.lazy("api.schema.types.item")], one=True)
