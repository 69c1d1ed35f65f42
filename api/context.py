"""The per-request GraphQL context: the graph connection owned by the app's lifespan, the
limits of the app's settings, and the named queries found at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fastapi import Request
from strawberry.fastapi import BaseContext

from api.schema.limits import Limits
from graph.driver import AsyncDatabase
from graph.named_queries import NamedQuery

__all__ = ["Context", "get_context"]


@dataclass
class Context(BaseContext):
    graph: AsyncDatabase
    limits: Limits = field(default_factory=Limits)
    named_queries: Mapping[str, NamedQuery] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()


async def get_context(request: Request) -> Context:
    state = request.app.state
    return Context(
        graph=state.graph,
        limits=state.settings.limits,
        named_queries=getattr(state, "named_queries", {}),
    )
