"""Constraints and indexes, created idempotently: a uniqueness constraint for
every node key, lookup indexes, and one full-text index with the ``cjk``
analyzer over names, titles, texts and department aliases."""

from __future__ import annotations

from . import cypher
from .driver import Connection


def statements() -> list[str]:
    out = [cypher.constraint(label, prop) for label, prop in cypher.KEYS.items()]
    out += [cypher.index(label, prop) for label, prop in cypher.INDEXES]
    out.append(cypher.fulltext_index())
    return out


def ensure_schema(conn: Connection, wait_seconds: int = 120) -> None:
    """Create what is missing (schema statements cannot share a transaction), then
    wait until every index is online."""
    for statement in statements():
        conn.write(statement)
    conn.write(cypher.AWAIT_INDEXES, {"seconds": wait_seconds})
