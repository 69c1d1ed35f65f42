"""Departments (responsible units, 责任单位) and what they are responsible for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.schema.plan import CoResponsibleOf, SameNode, data_key
from api.schema.types.common import (
    Node,
    Provenance,
    Role,
    build,
    count_field,
    page_field,
    prop,
    register,
    rel_prop,
    rel_provenance,
    rel_role,
    related_field,
    wrap,
    wrap_many,
)
from api.schema.types.filters import ItemOrder, ItemWhere
from graph.registry import Hops, Label

if TYPE_CHECKING:
    from api.schema.types.document import Jurisdiction
    from api.schema.types.item import Item
    from api.schema.types.place import Place

__all__ = ["CoResponsible", "Department", "Responsibility"]

ItemType = Annotated["Item", strawberry.lazy("api.schema.types.item")]


@strawberry.type(description="An item a department is responsible for, with its role. 部门负责的事项及角色.")
class Responsibility:
    _d: strawberry.Private[dict[str, Any]]

    role: Role | None = rel_role("lead or support. 牵头或配合.")
    order: int | None = rel_prop("order", "Position in the item's list of units, 0 = lead.", "排列顺序.")
    written: str | None = rel_prop("written", "The department's name as written in the row.", "原文写法.")
    provenance: Provenance | None = rel_provenance()

    @strawberry.field(description="The item. 事项.", metadata={"plan": SameNode()})
    def item(self) -> ItemType:
        return wrap(self._d)


@strawberry.type(description="A department that shares items with another, and those items. 共同承担事项的单位.")
class CoResponsible:
    department: Department = strawberry.field(description="The other department. 合作单位.")
    shared_count: int = strawberry.field(description="How many items they share. 共同事项数.")
    items: list[ItemType] = strawberry.field(description="The shared items, in document order. 共同事项.")


@register(Label.DEPARTMENT)
@strawberry.type(description="A responsible unit: a bureau, party office, town, street or platform. 责任单位.")
class Department(Node):
    name: str | None = prop("name", "Canonical short name, e.g. 区发改局.", "规范简称.")
    full_name: str | None = prop("full_name", "Full name, e.g. 宁波市奉化区发展和改革局.", "全称.")
    kind: str | None = prop(
        "kind", "department, town, street, party, mass_org, court, platform or task_force.", "单位类型.")
    jurisdiction: str | None = prop("jurisdiction", "Jurisdiction, e.g. 宁波市奉化区.", "所属行政区.")
    aliases: list[str] | None = prop("aliases", "Every name it goes by.", "全部别名.")

    lead_count = count_field("How many items it leads. 牵头事项数.", "department.lead_count")
    support_count = count_field("How many items it supports. 配合事项数.", "department.support_count")
    leads = page_field("Items it leads (it is listed first). 牵头的事项.", Hops.DEPARTMENT_LEADS, ItemType, ItemWhere,
                       ItemOrder, kinds=True)
    supports = page_field("Items it supports (listed after the lead). 配合的事项.", Hops.DEPARTMENT_SUPPORTS, ItemType,
                          ItemWhere, ItemOrder, kinds=True)
    responsibilities = page_field(
        "Every item it is responsible for, with its role and where that is written. 全部负责事项及角色、出处.",
        Hops.DEPARTMENT_RESPONSIBILITIES, Responsibility, ItemWhere, ItemOrder, kinds=True,
        role_hops={"lead": Hops.DEPARTMENT_LEADS, "support": Hops.DEPARTMENT_SUPPORTS},
        convert=lambda d: build(Responsibility, d))

    @strawberry.field(description="Departments it shares items with, most shared first. 与之共同承担事项的单位.",
                      metadata={"plan": CoResponsibleOf()})
    def co_responsible(self, info: strawberry.Info, first: int | None = None) -> list[CoResponsible]:
        return [
            CoResponsible(department=wrap(e["department"]), shared_count=e["count"], items=wrap_many(e["items"]))
            for e in self._d.get(data_key(info)) or []
        ]

    governs = related_field("Places it governs (a town's or street's own unit). 管辖的地点.", Hops.DEPARTMENT_GOVERNS,
                            Annotated["Place", strawberry.lazy("api.schema.types.place")])
    jurisdiction_node = related_field(
        "Its jurisdiction. 所属行政区.", Hops.DEPARTMENT_JURISDICTION,
        Annotated["Jurisdiction", strawberry.lazy("api.schema.types.document")], one=True)
