"""The GraphQL schema, with its limits and error masking."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaskErrors, QueryDepthLimiter

from api.errors import should_mask_error
from api.schema.query import Query

__all__ = ["MAX_DEPTH", "schema"]

MAX_DEPTH = 10

schema = strawberry.Schema(
    query=Query,
    extensions=[
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaskErrors(should_mask_error=should_mask_error),
    ],
)
