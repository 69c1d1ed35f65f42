"""The ``Health`` GraphQL type."""

from __future__ import annotations

import strawberry

from graph.driver import Health as HealthModel

__all__ = ["Health"]


@strawberry.type(description="Whether Neo4j answers, and which server it is. 服务状态.")
class Health:
    ok: bool = strawberry.field(description="Neo4j answered the version query. 是否正常.")
    reachable: bool = strawberry.field(description="Something answered at the URI. 是否可达.")
    uri: str = strawberry.field(description="The Bolt URI, without credentials. 地址.")
    database: str = strawberry.field(description="The database policykg uses. 数据库.")
    version: str | None = strawberry.field(description="Neo4j version, e.g. 5.26.30. 版本.")
    edition: str | None = strawberry.field(description="community or enterprise. 版本类型.")
    error: str | None = strawberry.field(description="Why it is not ok, and what to do. 错误及处理办法.")

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
