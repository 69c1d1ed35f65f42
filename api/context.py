"""The per-request GraphQL context: the graph connection owned by the app's lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from strawberry.fastapi import BaseContext

from graph.driver import AsyncConnection

__all__ = ["Context", "get_context"]


@dataclass
class Context(BaseContext):
    graph: AsyncConnection

    def __post_init__(self) -> None:
        super().__init__()


async def get_context(request: Request) -> Context:
    return Context(graph=request.app.state.graph)
