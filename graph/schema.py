"""Constraints and indexes, created idempotently: a uniqueness constraint for
every node key, lookup indexes, and one full-text index with the ``cjk``
analyzer over names, titles, texts and department aliases, each as the registry
(``graph/registry.py``) lists them; and the text indexes below, for the named
queries that look for part of a text (``CONTAINS``)."""

from __future__ import annotations

from . import cypher
from .driver import Database
from .registry import Label

#: Text indexes (Neo4j's trigram index, which answers ``CONTAINS`` exactly as a scan would):
#: (label, property). ``queries/items_targeting_indicator.cypher`` finds indicators by part of
#: their text; without it every indicator of every plan is read (1.9 M on 10 000 plans).
TEXT_INDEXES: tuple[tuple[Label, str], ...] = ((Label.INDICATOR, "text"),)


def text_index_name(label: Label, prop: str) -> str:
    return f"{label.value.lower()}_{prop}_text"


def text_index(label: Label, prop: str) -> str:
    return (f"CREATE TEXT INDEX {text_index_name(label, prop)} IF NOT EXISTS FOR (n:`{label.value}`) "
            f"ON (n.`{prop}`)")

#: Names and states of the indexes (a constraint's backing index has the constraint's name).
SHOW_INDEXES = "SHOW INDEXES YIELD name, state RETURN name, state"
#: What the full-text index covers now.
SHOW_FULLTEXT = ("SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties WHERE name = $name "
                 "RETURN labelsOrTypes AS labels, properties")


def statements() -> dict[str, str]:
    """Each schema statement by the name of what it creates."""
    out = {cypher.constraint_name(label, prop): cypher.constraint(label, prop) for label, prop in cypher.KEYS.items()}
    out |= {cypher.index_name(label, prop): cypher.index(label, prop) for label, prop in cypher.INDEXES}
    out |= {text_index_name(label, prop): text_index(label, prop) for label, prop in TEXT_INDEXES}
    out[cypher.FULLTEXT_INDEX] = cypher.fulltext_index()
    return out


def ensure_schema(conn: Database, wait_seconds: int = 120) -> list[str]:
    """Create what is missing (schema statements cannot share a transaction), then wait
    until every index is online; the names created. A full-text index that does not cover
    the registry's searchable types and properties is remade. Two reads when all is in
    place, as it is on every load after the first."""
    present = {row["name"]: row["state"] for row in conn.read(SHOW_INDEXES)}
    wanted = statements()
    if cypher.FULLTEXT_INDEX in present and not _fulltext_current(conn):
        # a node type or property joined the registry: the index must cover it, or its
        # nodes cannot be found (a full-text index cannot be altered, only remade)
        conn.write(cypher.DROP_FULLTEXT_INDEX)
        del present[cypher.FULLTEXT_INDEX]
    missing = [name for name in wanted if name not in present]
    for name in missing:
        conn.write(wanted[name])
    if missing or any(present[name] != "ONLINE" for name in wanted if name in present):
        conn.write(cypher.AWAIT_INDEXES, {"seconds": wait_seconds})
    return missing


def _fulltext_current(conn: Database) -> bool:
    row = conn.read(SHOW_FULLTEXT, {"name": cypher.FULLTEXT_INDEX}).first()
    return row is not None and (
        set(row["labels"]) == {label.value for label in cypher.FULLTEXT_LABELS}
        and set(row["properties"]) == set(cypher.FULLTEXT_PROPERTIES))
