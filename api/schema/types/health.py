"""The ``Health`` GraphQL type."""

from __future__ import annotations

import strawberry

from graph.driver import Health as HealthModel

__all__ = ["Health"]


@strawberry.type(description="Whether Neo4j answers, and which server it is.")
class Health:
    ok: bool = strawberry.field(description="Neo4j answered the version query.")
    reachable: bool = strawberry.field(description="Something answered at the URI.")
    uri: str = strawberry.field(description="The Bolt URI, without credentials.")
    database: str = strawberry.field(description="The database policykg uses.")
    version: str | None = strawberry.field(description="Neo4j version, e.g. 5.26.30.")
    edition: str | None = strawberry.field(description="community or enterprise.")
    error: str | None = strawberry.field(description="Why it is not ok, and what to do.")

    @classmethod
    def from_model(cls, health: HealthModel) -> Health:
        return cls(
            ok=health.ok,
            reachable=health.reachable,
            uri=health.uri,
            database=health.database,
            version=health.version,
            edition=health.edition,
            error=health.error,
        )
