"""Settings for reaching Neo4j, read once from the environment.

``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` name an
existing server. When ``NEO4J_URI`` is unset, policykg runs its own Neo4j
(``graph/server.py``), tuned by the ``POLICYKG_*`` variables below.

Code reads settings through :func:`get_settings` (cached) or is handed a
:class:`Settings`; tests build their own instance, or call
``get_settings.cache_clear()`` after changing the environment.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_cache_dir", "get_settings", "project_root"]


def project_root() -> Path:
    """The checkout this package runs from, or the working directory for an installed copy."""
    here = Path(__file__).resolve().parent.parent
    return here if (here / "pyproject.toml").is_file() else Path.cwd()


def default_cache_dir() -> Path:
    """Where the Neo4j jars are kept unless ``POLICYKG_CACHE_DIR`` says otherwise."""
    return Path.home() / ".cache" / "policykg"


class Settings(BaseSettings):
    """Where Neo4j is and how policykg runs it."""

    model_config = SettingsConfigDict(
        frozen=True,
        extra="ignore",
        case_sensitive=False,
    )

    def __init__(self, **values: object) -> None:
        # Accept field names as well as variable names (Settings(state_dir=...)), without
        # pydantic's populate_by_name, which would also read STATE_DIR, AUTH... from the env.
        names = {
            name: field.validation_alias
            for name, field in type(self).model_fields.items()
            if isinstance(field.validation_alias, str)
        }
        renamed: dict[str, Any] = {names.get(key, key): value for key, value in values.items()}
        super().__init__(**renamed)

    # An existing server: when `neo4j_uri` is set nothing is started.
    neo4j_uri: str | None = Field(None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER")
    neo4j_password: str | None = Field(
        None, validation_alias="NEO4J_PASSWORD", repr=False
    )
    neo4j_database: str = Field("neo4j", validation_alias="NEO4J_DATABASE")

    # The managed server.
    state_dir: Path = Field(
        default_factory=lambda: project_root() / ".state",
        validation_alias="POLICYKG_STATE_DIR",
    )
    cache_dir: Path = Field(
        default_factory=default_cache_dir,
        validation_alias="POLICYKG_CACHE_DIR",
    )
    bolt_port: int = Field(7687, validation_alias="POLICYKG_BOLT_PORT")
    http_port: int = Field(7474, validation_alias="POLICYKG_HTTP_PORT")
    auth: bool = Field(True, validation_alias="POLICYKG_NEO4J_AUTH")
    heap: str = Field("512m", validation_alias="POLICYKG_NEO4J_HEAP")
    pagecache: str = Field("256m", validation_alias="POLICYKG_NEO4J_PAGECACHE")
    start_timeout: float = Field(
        120.0, validation_alias="POLICYKG_NEO4J_START_TIMEOUT"
    )

    # Every query.
    query_timeout: float = Field(
        30.0, validation_alias="POLICYKG_QUERY_TIMEOUT"
    )
    # What one transaction may hold in the managed server (db.memory.transaction.max).
    transaction_memory: str = Field(
        "256m", validation_alias="POLICYKG_NEO4J_TRANSACTION_MEMORY"
    )
    connect_timeout: float = Field(
        5.0, validation_alias="POLICYKG_CONNECT_TIMEOUT"
    )
    # How long transient failures (a cluster electing a leader, a restarting server) are
    # retried before a query fails; the API answers sooner (see api/config.py).
    retry_time: float = Field(
        15.0, ge=0, validation_alias="POLICYKG_NEO4J_RETRY_TIME"
    )

    @property
    def managed(self) -> bool:
        """True when policykg runs the server itself (no ``NEO4J_URI``)."""
        return not self.neo4j_uri


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
