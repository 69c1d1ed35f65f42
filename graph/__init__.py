"""The graph layer: settings, the managed Neo4j, connections and their errors."""

from .config import Settings, get_settings
from .driver import (
    AsyncDatabase,
    Database,
    Health,
    Results,
    connect,
    connect_async,
)
from .errors import (
    AuthFailed,
    GraphError,
    InputError,
    JarsUnavailable,
    PortInUse,
    PrerequisiteMissing,
    QueryFailed,
    QueryTimedOut,
    ServerExitedDuringStart,
    ServerUnavailable,
    StaleState,
    StartTimeout,
)
from .server import ManagedServer, ServerInfo, ensure_running

__all__ = [
    "AsyncDatabase",
    "AuthFailed",
    "Database",
    "GraphError",
    "Health",
    "InputError",
    "JarsUnavailable",
    "ManagedServer",
    "PortInUse",
    "PrerequisiteMissing",
    "QueryFailed",
    "QueryTimedOut",
    "Results",
    "ServerExitedDuringStart",
    "ServerInfo",
    "ServerUnavailable",
    "Settings",
    "StaleState",
    "StartTimeout",
    "connect",
    "connect_async",
    "ensure_running",
    "get_settings",
]
