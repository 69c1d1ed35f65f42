"""The GraphQL root ``Query``."""

from __future__ import annotations

import strawberry

from api.context import Context
from api.schema.types import Health

__all__ = ["Query"]


@strawberry.type
class Query:
    @strawberry.field(description="Whether Neo4j answers, with its version and edition.")
    async def health(self, info: strawberry.Info[Context, None]) -> Health:
        return Health.from_model(await info.context.graph.health())
