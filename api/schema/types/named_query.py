"""Named queries (``queries/*.cypher``) as GraphQL types."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from graph.named_queries import NamedQuery as NamedQueryModel
from graph.named_queries import NamedResult

__all__ = ["NamedQuery", "NamedQueryParameter", "NamedQueryResult"]


@strawberry.type(description="A parameter of a named query. 命名查询的参数.")
class NamedQueryParameter:
    name: str = strawberry.field(description="Its name. 参数名.")
    type: str = strawberry.field(description="String, Int, Float, Boolean or a list: [String]. 类型.")
    description: str = strawberry.field(description="What it is. 说明.")
    required: bool = strawberry.field(description="It must be given. 是否必填.")
    default: JSON | None = strawberry.field(description="Its value when not given. 默认值.")


@strawberry.type(description="A read-only Cypher query kept in queries/, runnable by name. 命名查询.")
class NamedQuery:
    name: str = strawberry.field(description="Its name (the file's stem). 名称.")
    description: str = strawberry.field(description="What it answers. 说明.")
    parameters: list[NamedQueryParameter] = strawberry.field(description="Its parameters. 参数.")
    cypher: str = strawberry.field(description="The Cypher it runs. 查询语句.")

    @classmethod
    def from_model(cls, query: NamedQueryModel) -> NamedQuery:
        return cls(
            name=query.name,
            description=query.description,
            parameters=[NamedQueryParameter(name=p.name, type=p.type, description=p.description, required=p.required,
                                            default=p.default) for p in query.parameters],
            cypher=query.cypher,
        )


@strawberry.type(description="The rows a named query returned. 命名查询结果.")
class NamedQueryResult:
    name: str = strawberry.field(description="The query run. 名称.")
    parameters: JSON = strawberry.field(description="The parameters it ran with, defaults filled in. 实际参数.")
    columns: list[str] = strawberry.field(description="Column names, in order. 列名.")
    rows: list[JSON] = strawberry.field(description="One object per row, keyed by column. 行.")
    truncated: bool = strawberry.field(description="More rows existed than the row limit let through. 是否截断.")

    @strawberry.field(description="How many rows are returned. 行数.")
    def row_count(self) -> int:
        return len(self.rows)

    @classmethod
    def from_model(cls, result: NamedResult) -> NamedQueryResult:
        return cls(name=result.name, parameters=JSON(result.parameters), columns=result.columns,
                   rows=[JSON(row) for row in result.rows], truncated=result.truncated)
