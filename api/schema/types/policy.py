"""Policies (政策文件) cited by items, and the citations."""

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
    rel_prop,
    rel_provenance,
    wrap,
)
from api.schema.types.filters import ItemOrder, ItemWhere
from graph.registry import Hops, Label

if TYPE_CHECKING:
    from api.schema.types.item import Item

__all__ = ["Policy", "PolicyCitation"]

ItemType = Annotated["Item", strawberry.lazy("api.schema.types.item")]


@strawberry.type(description="An item citing a policy, with the cell citing it. 引用政策文件的事项.")
class PolicyCitation:
    _d: strawberry.Private[dict[str, Any]]

    cell: str | None = rel_prop("cell", "The cell that cites it (policy, work, schedule...).", "引用所在单元格.")
    title: str | None = rel_prop("title", "The title as written there.", "引用时的标题写法.")
    mentions: int | None = rel_prop("mentions", "How many times that cell names it (a citation is one per cell).",
                                    "该单元格中提及次数.")
    provenance: Provenance | None = rel_provenance()

    @strawberry.field(description="The citing item. 引用事项.", metadata={"plan": SameNode()})
    def item(self) -> ItemType:
        return wrap(self._d)


@register(Label.POLICY)
@strawberry.type(description="A policy document cited by items (《...》), one node however its title was written. "
                 "政策文件.")
class Policy(Node):
    title: str | None = prop("title", "Title as first written.", "标题.")
    titles: list[str] | None = prop("titles", "Every way its title was written.", "全部写法.")
    normalized: str | None = prop("normalized", "Normalised title, what titles are matched on.", "规范化标题.")
    level: str | None = prop("level", "国家, 省, 市 or 区, when it could be told.", "层级.")
    kind: str | None = prop("kind", "条例, 办法, 意见, 方案, 计划...", "文种.")
    issuer: str | None = prop("issuer", "Issuer, when written before the title.", "发文机关.")
    doc_number: str | None = prop("doc_number", "Document number, e.g. 甬政办发〔2020〕17号.", "文号.")
    jurisdiction: str | None = prop("jurisdiction", "For district-level titles, the district.", "所属行政区.")

    citation_count = count_field("How many citations it has: one per citing cell of an item (a cell naming it "
                                 "three times cites it once). 被引次数(按单元格).", "policy.citation_count")
    item_count = count_field("How many items cite it. 引用事项数.", "policy.item_count")
    cited_by = page_field("The items citing it, one entry per citing cell. 引用它的事项.", Hops.POLICY_CITED_BY,
                          PolicyCitation, ItemWhere, ItemOrder, kinds=True, convert=lambda d: build(PolicyCitation, d))
