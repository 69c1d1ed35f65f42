"""A first load without transactions: the writer's rows -> CSV -> ``neo4j-admin database import full``.

For an empty database only: the rows :func:`graph.writer.rows_for` makes of every document
are folded here into the nodes and relationships the transactional writer would leave
(shared nodes merged on their keys with the registry's ``Merge`` policies, links and
relationships between nodes that exist, ``MERGE``d ones once), written as CSV files and
imported by Neo4j's own import tool into the managed server's store (the server stopped
for it); then the server starts, the schema is created (``graph.schema.ensure_schema``) and
the derived properties are set in Cypher, as the writer's statements set them. The graph is
the transactional path's, property for property (``tests/graph/test_bulk.py``).

The documents stream through: each one's own nodes (``Owned``: items, indicators,
milestones) and its relationships created per row go to the CSV files once the document is
folded, and are dropped; what later documents can still change stays in memory until the
end: the documents and shared nodes (merged across documents), the ``MERGE``d
relationships (one per pair), and the id and type of every node written (a later row's link
or relationship finds its ends there). Ten thousand plans (7 M nodes) fold in a few GB.

Rows of one type are grouped by the types of their properties, one CSV file per group,
so that every value keeps the type it has in Python (an integer stays an integer where
another row's value of the same property is a float); an empty list, which CSV cannot
hold, is set afterwards in Cypher.
"""

from __future__ import annotations

import csv
import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import cypher
from .config import Settings
from .driver import Database, connect
from .errors import BulkImportFailed, BulkRefused
from .registry import GROUPS, NODES, RELATIONSHIPS, Direction, Link, Merge, NodeSpec, RelType
from .server import ManagedServer
from .writer import Rows
from .writer import counts as graph_counts

log = logging.getLogger(__name__)

#: Between the elements of a list in a CSV field; a character no plan's text holds.
ARRAY_DELIMITER = "\x1f"


@dataclass(frozen=True)
class BulkResult:
    nodes: int
    relationships: int
    csv_seconds: float  # folding the rows into CSV (and parsing, when the rows are parsed as they come)
    import_seconds: float  # neo4j-admin database import
    schema_seconds: float = 0.0  # restart, indexes and full-text index built, derived properties set


@cache
def _namespace(label: str) -> str:
    """The key space a label's nodes are found in: a group's (``Item``) when the type's key is the group's."""
    group_keys = {g.label: g.key for g in GROUPS}
    for spec in NODES:
        if spec.label == label:
            for group in spec.groups:
                if group_keys.get(group) == spec.key:
                    return group
            return label
    return label  # a group label


def _node_id(label: str, key: Any) -> str:
    return f"{_namespace(label)}:{key}"


class _Graph:
    """The nodes and relationships the writer's statements would leave, built row by row in their order.

    A document's own nodes and per-row relationships wait in ``owned`` and ``rels`` until
    :meth:`flush` hands them on (to the CSV files, or to nothing but the counts); shared and
    document nodes and ``MERGE``d relationships stay, for later documents merge into them."""

    def __init__(self) -> None:
        self.nodes: dict[str, tuple[NodeSpec, dict[str, Any]]] = {}  # id -> (type, properties): kept to the end
        self.owned: dict[str, tuple[NodeSpec, dict[str, Any]]] = {}  # this document's own nodes
        self.rels: list[tuple[str, str, str, dict[str, Any]]] = []  # (type, start id, end id, properties)
        self.merged_rels: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.written: dict[str, int] = {}  # id of every own node flushed -> its type's index in NODES
        self.flushed_nodes = 0
        self.flushed_rels = 0

    def rel(self, rel: RelType | str, start: str, end: str, props: Mapping[str, Any], merge: bool) -> None:
        kind = rel.value if isinstance(rel, RelType) else rel
        if merge:
            # MERGE, then SET r += props: one relationship per pair, properties updated
            self.merged_rels.setdefault((kind, start, end), {}).update(_present(props))
        else:
            self.rels.append((kind, start, end, _present(props)))

    def _spec(self, node_id: str) -> NodeSpec | None:
        if node_id in self.owned:
            return self.owned[node_id][0]
        if node_id in self.nodes:
            return self.nodes[node_id][0]
        index = self.written.get(node_id)
        return None if index is None else NODES[index]

    def exists(self, label: str, key: Any) -> str | None:
        node_id = _node_id(label, key)
        spec = self._spec(node_id)
        if spec is None:
            return None
        return node_id if label in (spec.label, *spec.groups) else None

    def write_nodes(self, spec: NodeSpec, rows: Iterable[dict[str, Any]]) -> None:
        write = spec.write
        assert write is not None
        for row in rows:
            ends: list[tuple[Link, str | None]] = []
            missing = False
            for link in write.links:
                other = self.exists(link.other, row.get(link.field)) if row.get(link.field) is not None else None
                if other is None and not link.optional:
                    missing = True
                ends.append((link, other))
            if missing:
                continue  # the statement's MATCH finds no end: the row is not written
            props = row["props"]
            node_id = _node_id(spec.label, props[spec.key])
            if spec.owned:
                if node_id in self.written:
                    # the writer would replace the earlier document's node; its rows are gone to the files
                    raise ValueError(f"{node_id} is written by two documents; a bulk import needs each "
                                     "document's own nodes to be its own")
                self.owned[node_id] = (spec, _present(props))
            else:
                created = node_id not in self.nodes
                if created:
                    self.nodes[node_id] = (spec, {spec.key: props[spec.key]})
                node = self.nodes[node_id][1]
                if not write.merge:
                    _assign(node, props)
                for prop, policy in write.merge:
                    if policy is Merge.ON_CREATE:
                        if created:
                            _set(node, prop, props.get(prop))
                for prop, policy in write.merge:
                    if policy is not Merge.ON_CREATE:
                        _set(node, prop, _merged(policy, node.get(prop), props.get(prop)))
            for link, other in ends:
                if other is None:
                    continue
                start, end = (node_id, other) if link.direction is Direction.OUT else (other, node_id)
                self.rel(link.rel, start, end, {}, link.merge)

    def write_rels(self, kind: RelType, rows: Iterable[dict[str, Any]]) -> None:
        spec = next(r for r in RELATIONSHIPS if r.type == kind.value)
        write = spec.write
        assert write is not None
        for row in rows:
            start, end = self.exists(write.start, row["start"]), self.exists(write.end, row["end"])
            if start is None or end is None:
                continue
            self.rel(kind, start, end, row["props"], write.merge)

    def flush(self, out: _Files | None) -> None:
        """Hand this document's own nodes and per-row relationships to ``out`` and forget them."""
        index = {spec.label: n for n, spec in enumerate(NODES)}
        for node_id, (spec, props) in self.owned.items():
            self.written[node_id] = index[spec.label]
            if out is not None:
                out.node(node_id, spec, props)
        for kind, start, end, props in self.rels:
            if out is not None:
                out.relationship(kind, start, end, props)
        self.flushed_nodes += len(self.owned)
        self.flushed_rels += len(self.rels)
        self.owned = {}
        self.rels = []


def _present(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


def _set(node: dict[str, Any], prop: str, value: Any) -> None:
    if value is None:
        node.pop(prop, None)  # n.p = null removes it
    else:
        node[prop] = value


def _assign(node: dict[str, Any], props: Mapping[str, Any]) -> None:
    for prop, value in props.items():
        _set(node, prop, value)


def _merged(policy: Merge, old: Any, new: Any) -> Any:
    if policy is Merge.OVERWRITE:
        return new
    if policy is Merge.GIVEN:
        return new if new is not None else old
    if policy is Merge.KEEP:
        return old if old is not None else new
    if policy is Merge.ACCUMULATE:
        if new is None:
            return None
        kept = list(old or [])
        return kept + [x for x in new if x not in kept]
    raise ValueError(policy)


def fold(all_rows: Iterable[Rows], out: _Files | None = None) -> _Graph:
    """The graph the writer would leave after writing these documents, in order, into an empty
    database: each document's own nodes and relationships go to ``out`` as it is folded, the
    rest (shared and document nodes, ``MERGE``d relationships) stays in the graph returned."""
    graph = _Graph()
    specs = {s.label: s for s in NODES}
    for rows in all_rows:
        for kind in cypher.WRITTEN:
            kind_rows = rows.get(kind, [])
            if isinstance(kind, RelType):
                graph.write_rels(kind, kind_rows)
            else:
                graph.write_nodes(specs[kind.value], kind_rows)
        graph.flush(out)
    return graph


# --- CSV ------------------------------------------------------------------------------------


def _type(value: Any) -> str | None:
    """The import tool's type of a value; None for an empty list (set afterwards)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        if not value:
            return None
        inner = {_type(v) for v in value}
        if len(inner) != 1 or None in inner:
            raise ValueError(f"a list of mixed values cannot be imported: {value!r}")
        return f"{inner.pop()}[]"
    raise ValueError(f"a value of type {type(value).__name__} cannot be imported: {value!r}")


def _field(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ARRAY_DELIMITER.join(_field(v) for v in value)
    text = str(value)
    if ARRAY_DELIMITER in text:
        raise ValueError(f"a text holding U+001F cannot be imported: {text[:40]!r}")
    return text


#: The import tool's type of the plain scalar types (their subclasses go through :func:`_type`).
_SCALARS: dict[type, str] = {str: "string", bool: "boolean", int: "long", float: "double"}


def _typed(props: Mapping[str, Any]) -> tuple[tuple[tuple[str, str], ...], list[str], list[str]]:
    """The signature of ``props`` (each property's import type, by name; an empty list has
    none), their fields in its order and the properties holding an empty list, in one pass
    (the import's hot loop: every property of 7 M nodes)."""
    typed: list[tuple[str, str, str]] = []
    empty: list[str] = []
    for key, value in props.items():
        kind = _SCALARS.get(type(value))
        if kind == "string":
            if ARRAY_DELIMITER in value:
                raise ValueError(f"a text holding U+001F cannot be imported: {value[:40]!r}")
            typed.append((key, kind, value))
        elif kind == "boolean":
            typed.append((key, kind, "true" if value else "false"))
        elif kind is not None:
            typed.append((key, kind, str(value)))
        elif (kind := _type(value)) is not None:
            typed.append((key, kind, _field(value)))
        else:
            empty.append(key)
    typed.sort(key=lambda t: t[0])
    return tuple((k, t) for k, t, _ in typed), [f for _, _, f in typed], empty


class _Files:
    """The CSV files of one import, written row by row: one per node type (or relationship
    type) and property-type signature, opened as the first row of it comes."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.nodes: list[tuple[str, Path]] = []  # (labels joined by ':', file)
        self.relationships: list[tuple[str, Path]] = []
        self.empty_lists: list[tuple[str, str, str, Any]] = []  # (label, key property, property, key)
        self._open: dict[tuple[str, str, tuple[tuple[str, str], ...]], tuple[Any, Any]] = {}
        self._labels = {s.label: ":".join((*s.groups, s.label)) for s in NODES}

    def _writer(self, what: str, name: str, signature: tuple[tuple[str, str], ...]) -> Any:
        found = self._open.get((what, name, signature))
        if found is None:
            n = len(self._open)
            path = self.directory / f"{what}-{n:04d}-{name}.csv"
            handle = path.open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
            typed = [f"{k}:{t}" for k, t in signature]
            writer.writerow([":ID", *typed] if what == "nodes" else [":START_ID", ":END_ID", *typed])
            if what == "nodes":
                self.nodes.append((self._labels[name], path))
            else:
                self.relationships.append((name, path))
            found = self._open[(what, name, signature)] = (handle, writer)
        return found[1]

    def node(self, node_id: str, spec: NodeSpec, props: Mapping[str, Any]) -> None:
        signature, fields, empty = _typed(props)
        for prop in empty:
            self.empty_lists.append((spec.label, spec.key, prop, props[spec.key]))
        self._writer("nodes", spec.label, signature).writerow([node_id, *fields])

    def relationship(self, kind: str, start: str, end: str, props: Mapping[str, Any]) -> None:
        signature, fields, empty = _typed(props)
        if empty:
            raise ValueError(f"{kind}: an empty list on a relationship cannot be imported")
        self._writer("rels", kind, signature).writerow([start, end, *fields])

    def close(self) -> None:
        for handle, _ in self._open.values():
            handle.close()
        self._open = {}


def write_csv(all_rows: Iterable[Rows], directory: Path) -> tuple[_Files, int, int]:
    """Fold the documents into CSV files in ``directory``, each document's own nodes and
    relationships as it comes, the shared ones at the end; the files and the counts of nodes
    and relationships they hold."""
    files = _Files(directory)
    try:
        graph = fold(all_rows, files)
        for node_id, (spec, props) in graph.nodes.items():
            files.node(node_id, spec, props)
        for (kind, start, end), props in graph.merged_rels.items():
            files.relationship(kind, start, end, props)
    finally:
        files.close()
    nodes_n, rels_n = counts(graph)
    return files, nodes_n, rels_n


def import_arguments(files: _Files) -> list[str]:
    """The options and files of ``neo4j-admin database import full`` for these files."""
    return [
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
        "--multiline-fields=true", "--overwrite-destination=true", "--normalize-types=false",
        f"--report-file={files.directory / 'import.report'}",
        *(f"--nodes={labels}={path}" for labels, path in files.nodes),
        *(f"--relationships={kind}={path}" for kind, path in files.relationships),
    ]


# --- after the import --------------------------------------------------------------------------


def _derived_statements() -> list[str]:
    """The writer's derived properties (``NodeWrite.derived``), set on every node of the type,
    10 000 nodes to a transaction: in one, a label of millions of nodes (10 000 plans) outgrows
    the server's transaction memory (``db.memory.transaction.max``)."""
    out = []
    for spec in NODES:
        if spec.write is not None and spec.write.derived:
            sets = ", ".join(f"n.`{p}` = {e.replace('{n}', 'n')}" for p, e in spec.write.derived)
            out.append(f"MATCH (n:`{spec.label}`) CALL (n) {{ SET {sets} }} IN TRANSACTIONS OF 10000 ROWS")
    return out


EMPTY_LIST = "UNWIND $rows AS row MATCH (n:`{label}` {{`{key}`: row.key}}) SET n.`{prop}` = []"


def finish(conn: Database, files: _Files) -> None:
    """Schema, derived properties and empty lists, once the imported store is served."""
    from .schema import ensure_schema

    ensure_schema(conn, wait_seconds=3600)
    by_prop: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for label, key, prop, value in files.empty_lists:
        by_prop.setdefault((label, key, prop), []).append({"key": value})
    for (label, key, prop), rows in by_prop.items():
        for i in range(0, len(rows), 10_000):
            conn.write(EMPTY_LIST.format(label=label, key=key, prop=prop), {"rows": rows[i : i + 10_000]},
                       timeout=3600)
    # derived last: they read the lists set just above
    # (CALL … IN TRANSACTIONS: an auto-commit transaction of its own)
    for statement in _derived_statements():
        conn.write_auto_commit(statement, timeout=3600)
    conn.write(cypher.AWAIT_INDEXES, {"seconds": 3600}, timeout=3600)


REMOTE = "bulk import needs a local server's store; use load without --bulk"


def refuse_remote(settings: Settings) -> None:
    """Refuse, before anything is read or parsed, a target that is not the managed server."""
    if not settings.managed:
        raise BulkRefused(f"NEO4J_URI names {settings.neo4j_uri}: {REMOTE}")


def bulk_load(settings: Settings, all_rows: Iterable[Rows], workdir: Path) -> BulkResult:
    """Build the managed server's database from these documents' rows (it must hold no node),
    then serve it with the schema in place. ``workdir`` holds the CSV files. ``all_rows`` may be
    a generator (documents parsed as they are folded): it is read once, before the server
    stops, so an error it raises leaves the database as it was."""
    refuse_remote(settings)
    server = ManagedServer.from_settings(settings)
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    was_running = server.status().running
    held = 0
    if was_running or (settings.state_dir / "data" / "databases" / settings.neo4j_database).exists():
        server.start()
        with connect(settings) as conn:
            held, _ = graph_counts(conn)
    if held:
        if not was_running:
            server.stop()
        raise BulkRefused(
            f"the graph in {settings.state_dir} already holds {held} nodes; a bulk import builds a new database "
            "and only into an empty one; use load without --bulk (or `policykg unload` what is loaded first)")
    started = time.perf_counter()
    files, nodes_n, rels_n = write_csv(all_rows, workdir)
    csv_seconds = elapsed(started)
    server.stop()
    started = time.perf_counter()
    proc = server.import_store(import_arguments(files), settings.neo4j_database)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-30:])
        raise BulkImportFailed(f"neo4j-admin database import failed (exit {proc.returncode}); nothing was "
                               f"loaded; its output ends:\n{tail}")
    import_seconds = elapsed(started)
    started = time.perf_counter()
    server.start()
    with connect(settings) as conn:
        finish(conn, files)
    return BulkResult(nodes_n, rels_n, csv_seconds, import_seconds, elapsed(started))


def counts(graph: _Graph) -> tuple[int, int]:
    """Nodes and relationships of the folded graph, those flushed included."""
    return (graph.flushed_nodes + len(graph.owned) + len(graph.nodes),
            graph.flushed_rels + len(graph.rels) + len(graph.merged_rels))


def elapsed(started: float) -> float:
    return time.perf_counter() - started


__all__ = ["BulkImportFailed", "BulkRefused", "BulkResult", "bulk_load", "finish", "fold", "import_arguments", "refuse_remote",
           "write_csv"]
