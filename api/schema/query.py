"""The GraphQL root ``Query``: every root field is one read (one statement) over
``graph/read.py``, compiled from the whole selection below it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

import graph.read as reads
from api.context import Context
from api.errors import RequestError
from api.schema.plan import asks_for, plan_connection, plan_field, to_filter, to_order
from api.schema.question import ContextQuery
from api.schema.types import (
    Department,
    Health,
    NamedQuery,
    NamedQueryResult,
    Node,
    Path,
    Relationship,
    SearchConnection,
    SearchHit,
    SearchMatch,
    Statistics,
    Subgraph,
)
from api.schema.types.common import (
    Connection,
    ItemKind,
    NodeType,
    RelationshipType,
    Role,
    make_connection,
    node_types,
    type_labels,
    wrap,
    wrap_many,
)
from api.schema.types.filters import (
    AreaOrder,
    AreaWhere,
    DepartmentOrder,
    DepartmentWhere,
    DocumentOrder,
    DocumentWhere,
    IndicatorOrder,
    IndicatorWhere,
    ItemOrder,
    ItemWhere,
    JurisdictionWhere,
    MilestoneOrder,
    MilestoneWhere,
    PlaceOrder,
    PlaceWhere,
    PolicyOrder,
    PolicyWhere,
)
from api.schema.vocabulary import VocabularyQuery
from graph import named_queries
from graph.read import ReadError
from graph.registry import Hop, Hops, Label, RelType, UnionHop

if TYPE_CHECKING:
    from api.schema.types.area import Area
    from api.schema.types.document import Document, Jurisdiction
    from api.schema.types.indicator import Indicator
    from api.schema.types.item import Item
    from api.schema.types.milestone import Milestone
    from api.schema.types.place import Place
    from api.schema.types.policy import Policy

__all__ = ["Query"]

Info = strawberry.Info[Context, None]

ItemType = Annotated["Item", strawberry.lazy("api.schema.types.item")]
DocumentType = Annotated["Document", strawberry.lazy("api.schema.types.document")]
JurisdictionType = Annotated["Jurisdiction", strawberry.lazy("api.schema.types.document")]
AreaType = Annotated["Area", strawberry.lazy("api.schema.types.area")]
PolicyType = Annotated["Policy", strawberry.lazy("api.schema.types.policy")]
IndicatorType = Annotated["Indicator", strawberry.lazy("api.schema.types.indicator")]
MilestoneType = Annotated["Milestone", strawberry.lazy("api.schema.types.milestone")]
PlaceType = Annotated["Place", strawberry.lazy("api.schema.types.place")]


def _kinds(kinds: list[ItemKind] | None) -> dict[str, Any]:
    return {"kind_in": [k.value for k in kinds]} if kinds else {}


def _both(*filters: dict[str, Any] | None) -> dict[str, Any] | None:
    parts = [f for f in filters if f]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"and": parts}


async def _page(info: Info, label: Label, where: Any, order_by: Any, first: int | None, after: str | None,
                *, extra: dict[str, Any] | None = None, natural: str | None = None,
                anchor: tuple[Label, dict[str, Any], Hop | UnionHop] | None = None) -> Connection[Any]:
    """A root list: one page of ``label`` nodes with everything selected below them."""
    limits = info.context.limits
    window = limits.window(first, after)
    total, wants_page, select = plan_connection(info, type_labels(), limits)
    found = await reads.page(
        label, select, where=_both(to_filter(where), extra), order=to_order(order_by), offset=window.offset,
        limit=window.limit if wants_page else 0, total=total, natural=natural, anchor=anchor,
    ).run_async(info.context.graph)
    return make_connection(wrap_many(found.nodes), window, found.has_next, found.total)


def _period(month: int | None, quarter: int | None, due_only: bool) -> dict[str, Any]:
    """The milestone filter for one month or one quarter (exactly one of them given)."""
    if (month is None) == (quarter is None):
        raise RequestError("give either month (1-12) or quarter (1-4)")
    if month is not None:
        if not 1 <= month <= 12:
            raise RequestError(f"month must be 1 to 12, not {month}")
        return {"due_month" if due_only else "covers_month": month}
    if quarter is not None and not 1 <= quarter <= 4:
        raise RequestError(f"quarter must be 1 to 4, not {quarter}")
    return {"due_quarter" if due_only else "covers_quarter": quarter}


@strawberry.type(description="Questions about the plans in the graph. 查询入口.")
class Query(ContextQuery, VocabularyQuery):
    @strawberry.field(description="Whether Neo4j answers, with its version and edition. 服务状态.")
    async def health(self, info: Info) -> Health:
        return Health.from_model(await info.context.graph.health())

    # --- lookup ----------------------------------------------------------------------------

    @strawberry.field(description="The node with this global id (<Type>:<key>) or the item the plan numbers so "
                      "(任务25, 重点工作第25项, 附件三第14项, 改革14, 举措1.6, 1.6), or null. 按编号取节点.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        select = plan_field(info, type_labels(), info.context.limits)
        (found,) = await reads.nodes([str(id)], select).run_async(info.context.graph)
        return wrap(found)

    @strawberry.field(description="The nodes with these ids or item numbers (as node), in order (null where none "
                      "has the id); at most "
                      "POLICYKG_GRAPHQL_MAX_BATCH ids. 批量按编号取节点.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > info.context.limits.max_batch:
            raise RequestError(f"{len(ids)} ids but at most {info.context.limits.max_batch} per request "
                            "(POLICYKG_GRAPHQL_MAX_BATCH)")
        if not ids:
            return []
        select = plan_field(info, type_labels(), info.context.limits)
        found = await reads.nodes([str(i) for i in ids], select).run_async(info.context.graph)
        return [wrap(d) for d in found]

    @strawberry.field(description="The department with this name or any alias (区发改局, 发改局, its full name); "
                      "null when none. Give the jurisdiction when several have one. 按名称或别名取责任单位.")
    async def department(self, info: Info, name: str, jurisdiction: str | None = None) -> Department | None:
        select = plan_field(info, type_labels(), info.context.limits)
        found = await reads.department(name, select, jurisdiction).run_async(info.context.graph)
        if len(found) > 1:
            places = ", ".join(d.get("__key", "").split("/")[0] for d in found)
            raise ReadError(f"{name} names departments in {len(found)} jurisdictions ({places}); "
                            "pass jurisdiction to pick one, or use departments(where: {alias: ...})")
        return wrap(found[0]) if found else None

    # --- lists -------------------------------------------------------------------------------

    @strawberry.field(description="Loaded plans. 文件.")
    async def documents(self, info: Info, where: DocumentWhere | None = None,
                        order_by: list[DocumentOrder] | None = None, first: int | None = None,
                        after: str | None = None) -> Connection[DocumentType]:
        return await _page(info, Label.DOCUMENT, where, order_by, first, after, natural="{v}.jurisdiction, {v}.year")

    @strawberry.field(description="Jurisdictions with loaded plans. 行政区.")
    async def jurisdictions(self, info: Info, where: JurisdictionWhere | None = None, first: int | None = None,
                            after: str | None = None) -> Connection[JurisdictionType]:
        return await _page(info, Label.JURISDICTION, where, None, first, after)

    @strawberry.field(description="Areas: 先行示范领域 and reform categories. 领域.")
    async def areas(self, info: Info, where: AreaWhere | None = None, order_by: list[AreaOrder] | None = None,
                    first: int | None = None, after: str | None = None) -> Connection[AreaType]:
        return await _page(info, Label.AREA, where, order_by, first, after, natural="{v}.kind DESC, {v}.order")

    @strawberry.field(description="Departments (responsible units); sort by LEAD_COUNT to see who leads most. 责任单位.")
    async def departments(self, info: Info, where: DepartmentWhere | None = None,
                          order_by: list[DepartmentOrder] | None = None, first: int | None = None,
                          after: str | None = None) -> Connection[Department]:
        return await _page(info, Label.DEPARTMENT, where, order_by, first, after, natural="{v}.jurisdiction, {v}.name")

    @strawberry.field(description="Tasks, reforms and measures, in document order unless sorted. 事项.")
    async def items(self, info: Info, kinds: list[ItemKind] | None = None, where: ItemWhere | None = None,
                    order_by: list[ItemOrder] | None = None, first: int | None = None,
                    after: str | None = None) -> Connection[ItemType]:
        return await _page(info, Label.ITEM, where, order_by, first, after, extra=_kinds(kinds),
                           natural="{v}.document, {v}.line_start")

    @strawberry.field(description="Items that cite a policy, by its title however written (《》, brackets, dashes "
                      "and widths do not matter); a part of the title matches unless `exact`, which looks the "
                      "title up in its index. 引用某政策的事项.")
    async def items_citing_policy(self, info: Info, title: str, exact: bool = False,
                                  kinds: list[ItemKind] | None = None, where: ItemWhere | None = None,
                                  order_by: list[ItemOrder] | None = None, first: int | None = None,
                                  after: str | None = None) -> Connection[ItemType]:
        policy = {"title": title} if exact else {"title_contains": title}
        return await _page(info, Label.ITEM, where, order_by, first, after, extra=_kinds(kinds),
                           natural="{v}.document, {v}.line_start", anchor=(Label.POLICY, policy, Hops.POLICY_CITED_BY))

    @strawberry.field(description="Items whose targets include an indicator containing this text. "
                      "目标中包含某指标的事项.")
    async def items_targeting(self, info: Info, indicator: str, kinds: list[ItemKind] | None = None,
                              where: ItemWhere | None = None, order_by: list[ItemOrder] | None = None,
                              first: int | None = None, after: str | None = None) -> Connection[ItemType]:
        return await _page(info, Label.ITEM, where, order_by, first, after, extra=_kinds(kinds),
                           natural="{v}.document, {v}.line_start",
                           anchor=(Label.INDICATOR, {"text_contains": indicator}, Hops.INDICATOR_OWNER))

    @strawberry.field(description="Cited policies; sort by CITATION_COUNT for the most cited, filter by level. 政策文件.")
    async def policies(self, info: Info, where: PolicyWhere | None = None, order_by: list[PolicyOrder] | None = None,
                       first: int | None = None, after: str | None = None) -> Connection[PolicyType]:
        return await _page(info, Label.POLICY, where, order_by, first, after, natural="{v}.title")

    @strawberry.field(description="Indicators with their parsed value and unit; filter by areaName. 指标.")
    async def indicators(self, info: Info, where: IndicatorWhere | None = None,
                         order_by: list[IndicatorOrder] | None = None, first: int | None = None,
                         after: str | None = None) -> Connection[IndicatorType]:
        return await _page(info, Label.INDICATOR, where, order_by, first, after,
                           natural="{v}.document, {v}.line_start, size({v}.key)")

    @strawberry.field(description="The schedule of a month or quarter: milestones whose span covers it and deadlines "
                      "in it (dueOnly: only those ending in it), optionally of one department's items. "
                      "某月或某季度的进度安排.")
    async def schedule(self, info: Info, month: int | None = None, quarter: int | None = None,
                       due_only: bool = False, department: str | None = None, role: Role | None = Role.LEAD,
                       where: MilestoneWhere | None = None, order_by: list[MilestoneOrder] | None = None,
                       first: int | None = None, after: str | None = None) -> Connection[MilestoneType]:
        extra = _period(month, quarter, due_only)
        if department:
            unit = {"alias": department}
            by = {None: "responsible", Role.LEAD: "led_by", Role.SUPPORT: "supported_by"}[role]
            extra["item"] = {by: unit}
        return await _page(info, Label.MILESTONE, where, order_by, first, after, extra=extra,
                           natural="{v}.end_month, coalesce({v}.start_month, {v}.end_month), {v}.document, "
                           "{v}.line_start, {v}.order")

    @strawberry.field(description="Towns, streets, villages and other places. 地点.")
    async def places(self, info: Info, where: PlaceWhere | None = None, order_by: list[PlaceOrder] | None = None,
                     first: int | None = None, after: str | None = None) -> Connection[PlaceType]:
        return await _page(info, Label.PLACE, where, order_by, first, after, natural="{v}.jurisdiction, {v}.name")

    # --- search and graph ----------------------------------------------------------------

    @strawberry.field(description="Full-text search (Chinese-aware) over names, titles, texts and aliases of every "
                      "node type, best first; the items the text names by the plan's numbering (重点工作第25项, "
                      "改革14, 1.6) come first, matchedBy NUMBER. 全文检索.")
    async def search(self, info: Info, text: str, types: list[NodeType] | None = None, min_score: float = 0.0,
                     first: int | None = None, after: str | None = None) -> SearchConnection:
        limits = info.context.limits
        window = limits.window(first, after)
        total, wants_page, select = plan_connection(info, type_labels(), limits)
        hits, has_next, count = await reads.search(
            text, select, labels=node_types(types), min_score=min_score, offset=window.offset,
            limit=window.limit if wants_page else 0, total=total,
            text_wanted=asks_for(info, type_labels(), limits, "SearchHit", "text", "excerpt"),
        ).run_async(info.context.graph)
        items = [SearchHit(_node=h.node, _query=text, score=h.score, text=h.text,
                           matched_by=SearchMatch.NUMBER if h.by_number else SearchMatch.TEXT) for h in hits]
        return SearchConnection(_items=items, _window=window, _has_next=has_next, _total=count,
                                note=reads.ambiguous_number(text))

    @strawberry.field(description="The nodes within `depth` relationships of a node (nearest first, at most `limit`), "
                      "and the relationships among them; restrict by node and relationship types. 邻域.")
    async def neighbourhood(self, info: Info, id: strawberry.ID, depth: int = 1,
                            relationship_types: list[RelationshipType] | None = None,
                            node_types_: Annotated[list[NodeType] | None, strawberry.argument(name="nodeTypes")] = None,
                            limit: int = 100) -> Subgraph | None:
        limits = info.context.limits
        if not 1 <= depth <= limits.max_neighbourhood_depth:
            raise RequestError(f"depth must be 1 to {limits.max_neighbourhood_depth} "
                            f"(POLICYKG_GRAPHQL_MAX_NEIGHBOURHOOD_DEPTH), not {depth}")
        if not 1 <= limit <= limits.max_neighbourhood_nodes:
            raise RequestError(f"limit must be 1 to {limits.max_neighbourhood_nodes} "
                            f"(POLICYKG_GRAPHQL_MAX_NEIGHBOURHOOD_NODES), not {limit}")
        select = plan_field(info, type_labels(), limits, path=("nodes",))
        found = await reads.neighbourhood(
            str(id), select, depth=depth, rel_types=[RelType(t.value) for t in relationship_types or ()],
            labels=node_types(node_types_), limit=limit, edges=asks_for(info, type_labels(), limits, "Subgraph", "edges"),
        ).run_async(info.context.graph)
        if found is None:
            return None
        return Subgraph(nodes=wrap_many(found.nodes), edges=[Relationship.from_model(e) for e in found.edges],
                        truncated=found.truncated, reach=found.reach)

    @strawberry.field(description="The shortest paths between two nodes (all of the shortest length, up to `first`), "
                      "at most `maxLength` relationships long. 两节点间的最短路径.")
    async def paths(self, info: Info, from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
                    to: strawberry.ID, max_length: int = 4,
                    relationship_types: list[RelationshipType] | None = None,
                    first: int = 10) -> list[Path]:
        limits = info.context.limits
        if not 1 <= max_length <= limits.max_path_length:
            raise RequestError(f"maxLength must be 1 to {limits.max_path_length} "
                            f"(POLICYKG_GRAPHQL_MAX_PATH_LENGTH), not {max_length}")
        if not 1 <= first <= limits.max_paths:
            raise RequestError(f"first must be 1 to {limits.max_paths}, not {first}")
        select = plan_field(info, type_labels(), limits, path=("nodes",))
        found = await reads.paths(
            str(from_), str(to), select, max_length=max_length,
            rel_types=[RelType(t.value) for t in relationship_types or ()], limit=first,
        ).run_async(info.context.graph)
        return [Path(nodes=wrap_many(p.nodes), edges=[Relationship.from_model(e) for e in p.edges]) for p in found]

    @strawberry.field(description="Every relationship whose both ends are among these nodes (at most "
                      "POLICYKG_GRAPHQL_MAX_NEIGHBOURHOOD_NODES ids; ids of no node are ignored), as `neighbourhood` "
                      "gives them: what a view drawing these nodes shows. 节点之间的全部关系.")
    async def relationships_among(self, info: Info, ids: list[strawberry.ID],
                                  relationship_types: list[RelationshipType] | None = None) -> list[Relationship]:
        limits = info.context.limits
        if len(ids) > limits.max_neighbourhood_nodes:
            raise RequestError(f"{len(ids)} ids but at most {limits.max_neighbourhood_nodes} "
                            "(POLICYKG_GRAPHQL_MAX_NEIGHBOURHOOD_NODES)")
        found = await reads.relationships_among(
            [str(i) for i in ids], [RelType(t.value) for t in relationship_types or ()],
        ).run_async(info.context.graph)
        return [Relationship.from_model(e) for e in found]

    # --- counts and named queries --------------------------------------------------------

    @strawberry.field(description="Counts: items by area and department, policies by level, indicators by area, "
                      "milestones by month; for one document or jurisdiction, or all. 统计.")
    def statistics(self, document: str | None = None, jurisdiction: str | None = None) -> Statistics:
        return Statistics(document=document, jurisdiction=jurisdiction)

    @strawberry.field(description="The named queries in queries/, with their parameters. 命名查询列表.")
    def named_queries(self, info: Info) -> list[NamedQuery]:
        return [NamedQuery.from_model(q) for q in info.context.named_queries.values()]

    @strawberry.field(description="Run a named query, read-only, with parameters as a JSON object. 运行命名查询.")
    async def run_named_query(self, info: Info, name: str, parameters: JSON | None = None) -> NamedQueryResult:
        if parameters is not None and not isinstance(parameters, dict):
            raise RequestError("parameters must be a JSON object, e.g. {\"department\": \"区发改局\"}")
        result = await named_queries.run_async(
            info.context.graph, info.context.named_queries, name, parameters,
            max_rows=info.context.limits.max_named_query_rows,
        )
        return NamedQueryResult.from_model(result)
