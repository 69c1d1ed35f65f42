"""Search hits, neighbourhoods and paths: node-of-any-type results."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from api.errors import RequestError
from api.schema.plan import SameNode
from api.schema.types.common import Connection, Node, NodeType, Provenance, RelationshipType, wrap
from graph.read import Relationship as RelationshipData
from graph.read import excerpt, node_type

__all__ = ["Path", "Relationship", "SearchConnection", "SearchHit", "SearchMatch", "Subgraph"]

MIN_EXCERPT, MAX_EXCERPT = 10, 1000


@strawberry.enum(description="How a search hit was found. 匹配方式.")
class SearchMatch(Enum):
    NUMBER = strawberry.enum_value("number", description="The search text names the item by the plan's numbering "
                                   "(重点工作第25项, 改革14, 1.6); such hits come first. 按编号.")
    TEXT = strawberry.enum_value("text", description="Full text. 全文.")


@strawberry.type(description="A full-text hit: the node, its score and the text that matched. 全文检索结果.")
class SearchHit:
    _node: strawberry.Private[dict[str, Any]]
    _query: strawberry.Private[str]
    score: float = strawberry.field(description="Relevance (Lucene score); higher is better; a hit by number is "
                                    "scored as the best hit by text. 相关度.")
    text: str | None = strawberry.field(
        description="The matching text: the source text as written, else the indexed name or title. 匹配原文.")
    matched_by: SearchMatch = strawberry.field(
        default=SearchMatch.TEXT, description="Whether the text names this item by its number, or matched its "
        "text. 匹配方式.")

    @strawberry.field(description="At most `length` characters (10 to 1000) of the matching text around the first "
                      "place the search words occur, with … where cut. 匹配片段.")
    def excerpt(self, length: int = 80) -> str | None:
        if not MIN_EXCERPT <= length <= MAX_EXCERPT:
            raise RequestError(f"excerpt length must be {MIN_EXCERPT} to {MAX_EXCERPT}, not {length}")
        return excerpt(self.text, self._query, length)

    @strawberry.field(description="The node's type. 节点类型.")
    def type(self) -> NodeType | None:
        label = node_type(self._node.get("__labels", ()))
        return NodeType(label.value) if label else None

    @strawberry.field(description="The node. 节点.", metadata={"plan": SameNode()})
    def node(self) -> Node:
        return wrap(self._node)


@strawberry.type(name="SearchHitConnection",
                 description="A page of search hits, with cursors. The page reads only the best hits; totalCount is "
                 "only counted when selected and reads every hit, so it costs more the more nodes the text matches "
                 "(select it only when the number is wanted). 检索结果分页.")
class SearchConnection(Connection[SearchHit]):
    note: str | None = strawberry.field(
        default=None, description="What the search text may mean besides: a bare number (25) is no item "
        "reference, both annexes number their rows so. 提示.")


@strawberry.type(description="A relationship between two nodes. 关系.")
class Relationship:
    id: strawberry.ID = strawberry.field(
        description="Its id, <TYPE>:<digest of its ends and properties>: the same after its document is reloaded; "
        "~2, ~3 follow the copies of a fact written more than once. 关系编号(重新载入后不变).")
    type: RelationshipType = strawberry.field(description="Its type. 关系类型.")
    start: strawberry.ID = strawberry.field(description="Global id of the start node. 起点.")
    end: strawberry.ID = strawberry.field(description="Global id of the end node. 终点.")
    properties: JSON = strawberry.field(description="Its properties (role, order, cell, provenance...). 属性.")

    @strawberry.field(description="Where it was read, when it carries provenance. 出处.")
    def provenance(self) -> Provenance | None:
        return Provenance.from_props(self.properties)

    @classmethod
    def from_model(cls, edge: RelationshipData) -> Relationship:
        return cls(id=strawberry.ID(edge.id), type=RelationshipType(edge.type), start=strawberry.ID(edge.start),
                   end=strawberry.ID(edge.end), properties={k: v for k, v in edge.properties.items()})


@strawberry.type(description="Nodes around a node and the relationships among them. 邻域子图.")
class Subgraph:
    nodes: list[Node] = strawberry.field(description="The start node first, then nearest first. 节点.")
    edges: list[Relationship] = strawberry.field(description="Relationships among those nodes. 关系.")
    truncated: bool = strawberry.field(description="More nodes were in reach than `limit` let through. 是否截断.")
    reach: int = strawberry.field(
        description="How many nodes are in reach besides the start, before `limit`: `nodes` holds the nearest of "
        "them. 范围内节点总数(不含起点).")


@strawberry.type(description="A path between two nodes. 路径.")
class Path:
    nodes: list[Node] = strawberry.field(description="Its nodes, from start to end. 节点.")
    edges: list[Relationship] = strawberry.field(description="Its relationships, in order. 关系.")

    @strawberry.field(description="Number of relationships. 长度.")
    def length(self) -> int:
        return len(self.edges)

