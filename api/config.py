"""Settings of the web API: the graph settings plus ``POLICYKG_ENV``."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from graph.config import Settings

__all__ = ["ApiSettings", "get_api_settings"]


class ApiSettings(Settings):
    """Where Neo4j is (see :class:`graph.config.Settings`) and how the API behaves."""

    env: str = Field("development", validation_alias="POLICYKG_ENV")

    @property
    def development(self) -> bool:
        """Anything but ``production`` turns on GraphiQL."""
        return self.env.strip().lower() != "production"


@lru_cache(maxsize=1)
def get_api_settings() -> ApiSettings:
    """The process-wide API settings, read from the environment on first use."""
    return ApiSettings()
