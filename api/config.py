"""Settings of the web API: the graph settings plus ``POLICYKG_ENV`` and the GraphQL limits
(``POLICYKG_GRAPHQL_*``, see ``api/schema/limits.py``)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from pydantic import Field

from api.schema.limits import Limits
from graph.config import Settings

__all__ = ["ApiSettings", "ExposureRefused", "get_api_settings", "is_loopback"]


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
    graphql_max_filter_depth: int = Field(3, ge=0, validation_alias="POLICYKG_GRAPHQL_MAX_FILTER_DEPTH")
    graphql_max_filter_terms: int = Field(50, ge=1, validation_alias="POLICYKG_GRAPHQL_MAX_FILTER_TERMS")
    graphql_max_body_bytes: int = Field(1_000_000, ge=1000, validation_alias="POLICYKG_GRAPHQL_MAX_BODY_BYTES")
    graphql_max_variables_depth: int = Field(32, ge=2, validation_alias="POLICYKG_GRAPHQL_MAX_VARIABLES_DEPTH")
    graphql_parser_cache: int = Field(128, ge=1, validation_alias="POLICYKG_GRAPHQL_PARSER_CACHE")

    # Who may ask: with a token, /graphql, /context and /mcp need ``Authorization: Bearer <token>``.
    api_token: str | None = Field(None, validation_alias="POLICYKG_API_TOKEN", repr=False)

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
            max_filter_depth=self.graphql_max_filter_depth,
            max_filter_terms=self.graphql_max_filter_terms,
            max_body_bytes=self.graphql_max_body_bytes,
            max_variables_depth=self.graphql_max_variables_depth,
            parser_cache_size=self.graphql_parser_cache,
        )

    def exposure_problem(self, host: str | None = None) -> str | None:
        """Why serving these settings (on ``host``, when given) would open the API to anyone,
        in one line; None when it would not."""
        if self.mcp_allow_remote and not (self.mcp_token or self.api_token):
            return ("POLICYKG_MCP_ALLOW_REMOTE=true needs POLICYKG_MCP_TOKEN (or POLICYKG_API_TOKEN): "
                    "/mcp would answer any host without one")
        if host is not None and not is_loopback(host) and not self.api_token:
            return (f"serving on {host}, a non-loopback address, needs POLICYKG_API_TOKEN: /graphql, /context "
                    "and /mcp would answer anyone without one; set it, or serve on 127.0.0.1")
        return None


class ExposureRefused(Exception):
    """The settings would serve the API to anyone (see :meth:`ApiSettings.exposure_problem`)."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is a loopback address."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@lru_cache(maxsize=1)
def get_api_settings() -> ApiSettings:
    """The process-wide API settings, read from the environment on first use."""
    return ApiSettings()
