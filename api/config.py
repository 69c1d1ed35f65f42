"""Settings of the web API: the graph settings plus ``POLICYKG_ENV`` and the GraphQL limits
(``POLICYKG_GRAPHQL_*``, see ``api/schema/limits.py``)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from api.schema.limits import Limits
from graph.config import Settings

__all__ = ["ApiSettings", "get_api_settings"]


class ApiSettings(Settings):
    """Where Neo4j is (see :class:`graph.config.Settings`) and how the API behaves."""

    env: str = Field("development", validation_alias="POLICYKG_ENV")
    # A request should fail fast while Neo4j is down (and recover by itself when it is back),
    # not wait out the 15 s retry window that suits the command line.
    retry_time: float = Field(2.0, ge=0, validation_alias="POLICYKG_NEO4J_RETRY_TIME")

    # What one GraphQL request may ask (api/schema/limits.py).
    graphql_max_depth: int = Field(10, ge=1, validation_alias="POLICYKG_GRAPHQL_MAX_DEPTH")
    graphql_max_aliases: int = Field(30, ge=0, validation_alias="POLICYKG_GRAPHQL_MAX_ALIASES")
    graphql_max_tokens: int = Field(3000, ge=10, validation_alias="POLICYKG_GRAPHQL_MAX_TOKENS")
    graphql_max_batch: int = Field(10, ge=1, validation_alias="POLICYKG_GRAPHQL_MAX_BATCH")
    graphql_max_cost: int = Field(20000, ge=1, validation_alias="POLICYKG_GRAPHQL_MAX_COST")
    graphql_page_size: int = Field(20, ge=1, validation_alias="POLICYKG_GRAPHQL_PAGE_SIZE")
    graphql_max_page_size: int = Field(100, ge=1, validation_alias="POLICYKG_GRAPHQL_MAX_PAGE_SIZE")
    graphql_max_neighbourhood_depth: int = Field(3, ge=1, validation_alias="POLICYKG_GRAPHQL_MAX_NEIGHBOURHOOD_DEPTH")
    graphql_max_neighbourhood_nodes: int = Field(500, ge=1, validation_alias="POLICYKG_GRAPHQL_MAX_NEIGHBOURHOOD_NODES")
    graphql_max_path_length: int = Field(6, ge=1, validation_alias="POLICYKG_GRAPHQL_MAX_PATH_LENGTH")
    graphql_max_rows: int = Field(1000, ge=1, validation_alias="POLICYKG_GRAPHQL_MAX_ROWS")

    # The chatbot feed: /mcp (api/mcp.py) and /context.
    mcp_token: str | None = Field(None, validation_alias="POLICYKG_MCP_TOKEN", repr=False)
    mcp_allow_remote: bool = Field(False, validation_alias="POLICYKG_MCP_ALLOW_REMOTE")
    mcp_tool_timeout: float = Field(30.0, gt=0, validation_alias="POLICYKG_MCP_TOOL_TIMEOUT")

    @property
    def development(self) -> bool:
        """Anything but ``production`` turns on GraphiQL."""
        return self.env.strip().lower() != "production"

    @property
    def limits(self) -> Limits:
        """The GraphQL limits these settings set."""
        return Limits(
            max_depth=self.graphql_max_depth,
            max_aliases=self.graphql_max_aliases,
            max_tokens=self.graphql_max_tokens,
            max_batch=self.graphql_max_batch,
            max_cost=self.graphql_max_cost,
            default_page_size=min(self.graphql_page_size, self.graphql_max_page_size),
            max_page_size=self.graphql_max_page_size,
            max_neighbourhood_depth=self.graphql_max_neighbourhood_depth,
            max_neighbourhood_nodes=self.graphql_max_neighbourhood_nodes,
            max_path_length=self.graphql_max_path_length,
            max_named_query_rows=self.graphql_max_rows,
        )


@lru_cache(maxsize=1)
def get_api_settings() -> ApiSettings:
    """The process-wide API settings, read from the environment on first use."""
    return ApiSettings()
