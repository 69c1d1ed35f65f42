"""The ``nodeTypes`` and ``relationshipTypes`` root fields: the graph's types as the registry
(``graph/registry.py``) lists them, each named by its ``NodeType`` / ``RelationshipType``
value, with its Chinese and English names. What a client names, colours and filters by
(the explorer's legend) comes from here, also where introspection is off (production).
``Query`` inherits the fields from :class:`VocabularyQuery`."""

from __future__ import annotations

import strawberry

from api.schema.types.common import NodeType, RelationshipType
from graph.registry import NODES, RELATIONSHIPS, Label

__all__ = ["NodeTypeInfo", "RelationshipTypeInfo", "VocabularyQuery"]


@strawberry.type(description="A node type of the graph, with its names. 节点类型说明.")
class NodeTypeInfo:
    type: NodeType = strawberry.field(description="The type, as `search(types:)` and `neighbourhood(nodeTypes:)` "
                                      "take it. 类型.")
    label: str = strawberry.field(description="Its label in Neo4j, also its GraphQL type's name (`__typename`): "
                                  "Department. 标签.")
    zh: str = strawberry.field(description="Its Chinese name: 部门. 中文名.")
    en: str = strawberry.field(description="Its English name. 英文名.")
    description: str = strawberry.field(description="What a node of it is, in one line. 说明.")
    groups: list[str] = strawberry.field(description="The labels it shares with other types (Item for tasks, "
                                         "reforms and measures). 共同标签.")


@strawberry.type(description="A relationship type of the graph, with its names and ends. 关系类型说明.")
class RelationshipTypeInfo:
    type: RelationshipType = strawberry.field(description="The type, as `paths(relationshipTypes:)` takes it. 类型.")
    zh: str = strawberry.field(description="Its Chinese name: 负责. 中文名.")
    en: str = strawberry.field(description="Its English name. 英文名.")
    description: str = strawberry.field(description="What it links, in one line. 说明.")
    start: list[str] = strawberry.field(description="The labels it starts at (Item: any task, reform or measure). "
                                        "起点标签.")
    end: list[str] = strawberry.field(description="The labels it ends at. 终点标签.")


@strawberry.type(description="The graph's types. 图的类型.")
class VocabularyQuery:
    @strawberry.field(description="The node types, in the registry's order. 节点类型.")
    def node_types(self) -> list[NodeTypeInfo]:
        return [NodeTypeInfo(type=NodeType[Label(spec.label).name], label=spec.label, zh=spec.zh, en=spec.en,
                             description=spec.description, groups=list(spec.groups)) for spec in NODES]

    @strawberry.field(description="The relationship types, in the registry's order. 关系类型.")
    def relationship_types(self) -> list[RelationshipTypeInfo]:
        return [RelationshipTypeInfo(type=RelationshipType[spec.type], zh=spec.zh, en=spec.en,
                                     description=spec.description, start=list(spec.start), end=list(spec.end))
                for spec in RELATIONSHIPS]
