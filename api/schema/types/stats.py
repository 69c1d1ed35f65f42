"""Counts for the obvious questions: items by area and department, policies by level,
indicators by area, milestones by month. Each field runs one aggregation."""

from __future__ import annotations

from typing import Any

import strawberry

from api.schema.types.common import ItemKind, Role
from graph.read import counts, data_id

__all__ = ["AreaCount", "DepartmentCount", "LevelCount", "MonthCount", "Statistics"]


@strawberry.type(description="Items or indicators in one area. 领域计数.")
class AreaCount:
    id: strawberry.ID = strawberry.field(description="The area's global id. 领域编号.")
    key: str = strawberry.field(description="Area key. 主键.")
    name: str = strawberry.field(description="Area name. 名称.")
    kind: str = strawberry.field(description="pilot_area or reform_category. 类型.")
    count: int = strawberry.field(description="How many. 数量.")
    parsed: int | None = strawberry.field(default=None, description="Indicators with a numeric value. 已解析数.")


@strawberry.type(description="Items one department is responsible for. 单位计数.")
class DepartmentCount:
    id: strawberry.ID = strawberry.field(description="The department's global id. 单位编号.")
    name: str = strawberry.field(description="Canonical name. 名称.")
    jurisdiction: str | None = strawberry.field(description="Jurisdiction. 行政区.")
    count: int = strawberry.field(description="Items (lead or support, as filtered). 事项数.")
    leads: int = strawberry.field(description="Items it leads. 牵头数.")
    supports: int = strawberry.field(description="Items it supports. 配合数.")


@strawberry.type(description="Cited policies of one level. 层级计数.")
class LevelCount:
    level: str | None = strawberry.field(description="国家, 省, 市, 区; null when unknown. 层级.")
    policies: int = strawberry.field(description="How many policies. 文件数.")
    citations: int = strawberry.field(description="How many citations of them. 被引次数.")


@strawberry.type(description="The schedule's load in one month. 月度进度计数.")
class MonthCount:
    month: int = strawberry.field(description="1-12. 月份.")
    active: int = strawberry.field(description="Milestones whose span covers the month. 进行中的节点数.")
    due: int = strawberry.field(description="Milestones ending in the month. 到期节点数.")


def _values(kinds: list[ItemKind] | None) -> list[str] | None:
    # str(): strawberry.enum_value types each member's value as its definition; it holds the string itself
    return [str(k.value) for k in kinds] if kinds else None


@strawberry.type(description="Aggregations over the graph, optionally for one document or jurisdiction. 统计.")
class Statistics:
    document: strawberry.Private[str | None]
    jurisdiction: strawberry.Private[str | None]

    @strawberry.field(description="Items per area. 各领域事项数.")
    async def items_by_area(self, info: strawberry.Info, kinds: list[ItemKind] | None = None) -> list[AreaCount]:
        rows = await counts("items_by_area", kinds=_values(kinds), document=self.document,
                            jurisdiction=self.jurisdiction).run_async(info.context.graph)
        return [_area(r) for r in rows]

    @strawberry.field(description="Items per department, most first. 各单位负责事项数.")
    async def items_by_department(
        self, info: strawberry.Info, role: Role | None = None, kinds: list[ItemKind] | None = None,
        first: int | None = None,
    ) -> list[DepartmentCount]:
        limit = info.context.limits.window(first, None).limit
        rows = await counts("items_by_department", kinds=_values(kinds), role=role.value if role else None,
                            document=self.document, jurisdiction=self.jurisdiction,
                            limit=limit).run_async(info.context.graph)
        return [
            DepartmentCount(id=strawberry.ID(data_id(r["node"])),
                            name=r["node"]["name"], jurisdiction=r["node"].get("jurisdiction"), count=r["count"],
                            leads=r["leads"], supports=r["supports"])
            for r in rows
        ]

    @strawberry.field(description="Cited policies per level. 各层级政策文件数.")
    async def policies_by_level(self, info: strawberry.Info) -> list[LevelCount]:
        rows = await counts("policies_by_level", jurisdiction=self.jurisdiction).run_async(info.context.graph)
        return [LevelCount(level=r["level"], policies=r["count"], citations=r["citations"]) for r in rows]

    @strawberry.field(description="Indicators per area, and how many have a numeric value. 各领域指标数.")
    async def indicators_by_area(self, info: strawberry.Info) -> list[AreaCount]:
        rows = await counts("indicators_by_area", document=self.document,
                            jurisdiction=self.jurisdiction).run_async(info.context.graph)
        return [_area(r) for r in rows]

    @strawberry.field(description="Milestones active and due in each month. 各月进度节点数.")
    async def milestones_by_month(self, info: strawberry.Info) -> list[MonthCount]:
        rows = await counts("milestones_by_month", document=self.document).run_async(info.context.graph)
        return [MonthCount(month=r["month"], active=r["active"], due=r["due"]) for r in rows]


def _area(row: dict[str, Any]) -> AreaCount:
    node = row["node"]
    return AreaCount(id=strawberry.ID(data_id(node)), key=node["key"],
                     name=node["name"], kind=node["kind"], count=row["count"], parsed=row.get("parsed"))
