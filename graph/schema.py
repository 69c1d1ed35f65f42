"""Constraints and indexes, created idempotently: a uniqueness constraint for
every node key, lookup indexes, and one full-text index with the ``cjk``
analyzer over names, titles, texts and department aliases."""

from __future__ import annotations

from . import cypher
from .driver import Connection

#: Names and states of the indexes (a constraint's backing index has the constraint's name).
SHOW_INDEXES = "SHOW INDEXES YIELD name, state RETURN name, state"


def statements() -> dict[str, str]:
    """Each schema statement by the name of what it creates."""
    out = {cypher.constraint_name(label, prop): cypher.constraint(label, prop) for label, prop in cypher.KEYS.items()}
    out |= {cypher.index_name(label, prop): cypher.index(label, prop) for label, prop in cypher.INDEXES}
    out[cypher.FULLTEXT_INDEX] = cypher.fulltext_index()
    return out


def ensure_schema(conn: Connection, wait_seconds: int = 120) -> list[str]:
    """Create what is missing (schema statements cannot share a transaction), then wait
    until every index is online; the names created. One read when all is in place, as it is
    on every load after the first."""
    present = {row["name"]: row["state"] for row in conn.read(SHOW_INDEXES)}
    wanted = statements()
    missing = [name for name in wanted if name not in present]
    for name in missing:
        conn.write(wanted[name])
    if missing or any(present[name] != "ONLINE" for name in wanted if name in present):
        conn.write(cypher.AWAIT_INDEXES, {"seconds": wait_seconds})
    return missing
