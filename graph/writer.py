"""Model -> rows -> transactions of whole documents.

A document loads whole or not at all: its old version (same id) is removed and
the new one written inside the same WRITE transaction, so a failure leaves the
graph exactly as it was. Several documents share a transaction (each statement runs
once over all their rows), and a failed one is retried document by document, so the
unit a failure can leave out is still one document. Loading the same content again changes nothing: the
model's hash is stored on the Document node and compared first. Shared nodes
(Department, Policy, Place, Area, Jurisdiction, Leader) are MERGEd on their keys and
outlive any one document; those no document uses any more are removed.

How each type is written is the registry's (``NodeWrite`` / ``RelWrite`` in
``graph/registry.py``): this module only flattens the model into rows per type, and runs
the statement ``graph.cypher.write_statement`` builds for each, in ``cypher.WRITES`` order.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import neo4j

from loaders.model import Document, Indicator, Item, ItemKind, PolicyRef, Source

from . import cypher
from .driver import Database
from .errors import GraphError
from .registry import Label, RelType

log = logging.getLogger(__name__)

_ITEM_LABELS = {ItemKind.TASK: Label.TASK, ItemKind.REFORM: Label.REFORM, ItemKind.MEASURE: Label.MEASURE}


@dataclass(frozen=True)
class WriteResult:
    document: str
    skipped: bool  # same content already loaded
    replaced: bool  # an older version was removed first
    nodes_created: int
    relationships_created: int
    seconds: float
    #: documents committed in the same transaction as this one; when more than one, the
    #: counts and seconds are the transaction's, for all of them together
    batch: int = 1


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _fields(value: object) -> dict[str, Any]:
    """A model dataclass as the encoder's dict of its fields; the encoder walks the values
    (enums are ``str`` enums, written as their values; tuples as lists)."""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        raise TypeError(f"{type(value).__name__} is not part of the model")
    return {name: getattr(value, name) for name in _field_names(type(value))}


_HASH_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_fields)


def model_hash(doc: Document) -> str:
    """sha256 of the model as sorted JSON: the text of ``json.dumps(doc.to_dict(),
    ensure_ascii=False, sort_keys=True)``, made by walking the dataclasses' fields
    instead of copying them first (``dataclasses.asdict``, then enums to values), a quarter
    of the cost; the same hash as before, so a loaded graph sees no change."""
    return hashlib.sha256(_HASH_ENCODER.encode(doc).encode()).hexdigest()


def _provenance(src: Source) -> dict[str, Any]:
    return {
        "document": src.document,
        "section": src.section,
        "row": src.row,
        "cell": src.cell,
        "line_start": src.line_start,
        "line_end": src.line_end,
        "source_text": src.text,
    }


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


#: Rows of one document: per node type and per relationship type written alone, the rows
#: of the statement :func:`graph.cypher.write_statement` makes for it.
Rows = dict[Label | RelType, list[dict[str, Any]]]

#: A unit named as several (各街道): its name is kept as written and never gathers aliases.
COLLECTIVE = "collective"


def _department_row(key: str, name: str, full_name: str | None, kind: str, jurisdiction: str,
                    aliases: tuple[str, ...]) -> dict[str, Any]:
    return {"jurisdiction": jurisdiction, "props": {
        "key": key, "name": name, "full_name": full_name, "kind": kind, "jurisdiction": jurisdiction,
        "aliases": [] if kind == COLLECTIVE else list(aliases),
    }}


def rows_for(doc: Document) -> Rows:
    """Flatten the model into rows, one list per node type and relationship type.

    A node row is ``{"props": {...}}`` plus, for each of the type's links, the key of the
    node it links to under the link's field; a relationship row is ``{"start", "end",
    "props"}``."""
    jur = doc.jurisdiction
    rows: Rows = {k: [] for k in cypher.WRITTEN}
    policies: dict[str, dict[str, Any]] = {}
    places: dict[str, dict[str, Any]] = {}
    leaders: dict[str, dict[str, Any]] = {}

    def place_key(name: str) -> str:
        return f"{jur.name}/{name}"

    for p in doc.places:
        places[place_key(p.name)] = {"jurisdiction": jur.name, "props": {
            "key": place_key(p.name), "name": p.name, "kind": p.kind, "jurisdiction": jur.name}}

    def add_item(item: Item) -> None:
        props = _clean({
            "key": item.key, "kind": item.kind.value, "number": item.number, "name": item.name, "text": item.text,
            "area": item.area, "jurisdiction": jur.name, "year": doc.year,
            "lead": item.units[0].canonical if item.units else None,
            "units": [u.canonical for u in item.units],
            # as the plan writes them (numbered-items layout): 3., [一、…, (二)…], 重点任务
            "number_text": item.number_text, "section_path": list(item.section_path) or None,
            "kind_text": item.kind_text,
            **{f"cell_{k}": v for k, v in item.cells.items()},
            # each cell's own lines, e.g. cell_schedule_lines = [203, 203]
            **{f"cell_{k}_lines": [src.line_start, src.line_end] for k, src in item.cell_sources.items()},
            **_provenance(item.source),
        })
        rows[_ITEM_LABELS[item.kind]].append({"props": props, "document": props["document"], "area": item.area})
        for unit in item.units:
            rows[RelType.RESPONSIBLE_FOR].append({
                "start": f"{jur.name}/{unit.canonical}", "end": item.key,
                "props": _clean({"role": unit.role.value, "order": unit.order, "written": unit.written,
                                 **_provenance(item.cell_sources.get("name", item.source))}),
            })
        for leader in item.leaders:
            key = f"{jur.name}/{leader.name}"
            leaders.setdefault(key, {"props": {
                "key": key, "name": leader.name, "label": leader.label, "jurisdiction": jur.name}})
            rows[RelType.OVERSEES].append({"start": key, "end": item.key, "props": _clean({
                "order": leader.order, "label": leader.label, **_provenance(leader.source)})})
        cites: dict[tuple[str, str], list[PolicyRef]] = {}
        for ref in item.policies:
            entry = policies.setdefault(ref.key, {"props": {
                "key": ref.key, "title": ref.title, "normalized": ref.normalized, "level": ref.level,
                "kind": ref.kind, "issuer": ref.issuer, "doc_number": ref.doc_number,
                "jurisdiction": jur.name if ref.key.startswith(jur.name + "|") else None, "titles": [],
            }})
            if ref.title not in entry["props"]["titles"]:
                entry["props"]["titles"].append(ref.title)
            cites.setdefault((ref.key, ref.cell), []).append(ref)
        # one citation per (item, policy, cell): a cell naming a policy three times cites it
        # once, with ``mentions`` 3, the first mention's title and the lines of them all
        for (policy_key, cell), refs in cites.items():
            first = refs[0]
            props = {"title": first.title, **_provenance(first.source), "cell": cell, "mentions": len(refs)}
            props["line_start"] = min(r.source.line_start for r in refs)
            props["line_end"] = max(r.source.line_end for r in refs)
            texts = list(dict.fromkeys(r.source.text for r in refs))
            props["source_text"] = "\n".join(texts)
            rows[RelType.CITES].append({"start": item.key, "end": policy_key, "props": _clean(props)})
        for indicator in item.indicators:
            rows[Label.INDICATOR].append(_indicator_row(indicator, item.key))
        for m in item.milestones:
            rows[Label.MILESTONE].append({"item": item.key, "props": _clean({
                "key": m.key, "label": m.label, "start_month": m.start_month, "end_month": m.end_month,
                "text": m.text, "order": m.order, "name": m.name,
                "item": item.key, **_provenance(m.source),
            })})
        for place in item.places:
            rows[RelType.MENTIONS].append({"start": item.key, "end": place_key(place.name),
                                           "props": _clean(_provenance(place.source))})

    for item in doc.items:
        add_item(item)
    for indicator in doc.indicators:
        rows[Label.INDICATOR].append(_indicator_row(indicator, None))

    departments = {d.key: _department_row(d.key, d.name, d.full_name, d.kind, d.jurisdiction, d.aliases)
                   for d in doc.departments}
    # a collective unit the loader did not list is still a node its items link to
    for item in doc.items:
        for unit in item.units:
            key = f"{jur.name}/{unit.canonical}"
            if unit.kind == COLLECTIVE and key not in departments:
                departments[key] = _department_row(key, unit.canonical, None, COLLECTIVE, jur.name, ())
    rows[Label.DEPARTMENT] = list(departments.values())
    rows[RelType.GOVERNS] = [{"start": d.key, "end": place_key(d.place), "props": {}}
                             for d in doc.departments if d.place]
    document = _clean({
        "id": doc.id, "title": doc.title, "name": doc.title, "jurisdiction": jur.name, "year": doc.year,
        "index_no": doc.index_no, "publisher": doc.publisher, "publish_date": doc.publish_date,
        "notice": doc.notice, "issuer": doc.issuer, "issue_date": doc.issue_date, "doc_number": doc.doc_number,
        "layout": doc.layout,
        "source_name": doc.source_name, "source_format": doc.source_format, "content_hash": doc.content_hash,
        "model_hash": model_hash(doc), **(_provenance(doc.source) if doc.source else {}),
    })
    rows[Label.JURISDICTION] = [{"props": {
        "name": jur.name, "short_name": jur.short_name, "level": jur.level, "parent": jur.parent,
        "full_name": jur.full_name, "code": jur.code, "province": jur.province}}]
    rows[Label.DOCUMENT] = [{"props": document, "jurisdiction": jur.name}]
    rows[Label.AREA] = [{"props": {"key": a.key, "name": a.name, "kind": a.kind.value, "order": a.order}}
                        for a in doc.areas]
    rows[RelType.LISTS] = [{"start": doc.id, "end": h.area, "props": _clean({
        "stated_count": h.stated_count, "row_count": h.row_count, **_provenance(h.source)})}
        for h in doc.area_headers]
    rows[Label.PLACE] = list(places.values())
    rows[Label.POLICY] = list(policies.values())
    rows[Label.LEADER] = list(leaders.values())
    return rows


def _indicator_row(ind: Indicator, owner: str | None) -> dict[str, Any]:
    props = _clean({
        "key": ind.key, "text": ind.text, "name": ind.name, "comparator": ind.comparator, "value": ind.value,
        "unit": ind.unit, "qualifier": ind.qualifier, "area": ind.area, "parsed": ind.value is not None,
        "owner": owner, **_provenance(ind.source),
    })
    return {"item": owner, "area": ind.area, "document": props["document"], "props": props}


def _batches(rows: list[dict[str, Any]], size: int = 2000) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _document_props(rows: Rows) -> dict[str, Any]:
    props: dict[str, Any] = rows[Label.DOCUMENT][0]["props"]
    return props


def rows_size(rows: Rows) -> int:
    """How many rows a document writes: what fills a transaction (``BATCH_ROWS``)."""
    return sum(len(v) for v in rows.values())


def _write(tx: neo4j.ManagedTransaction, batch: list[Rows], replaced: list[str]) -> tuple[int, int]:
    """Write the rows of one or more documents in ``tx``: each statement once over the rows of
    them all (in document order, so shared nodes end as if written one document after the
    other), the older versions of ``replaced`` removed first and orphans last."""
    nodes = rels = 0
    for doc_id in replaced:
        tx.run(cypher.DELETE_DOCUMENT_NODES, id=doc_id).consume()
        tx.run(cypher.DELETE_DOCUMENT, id=doc_id).consume()
    for kind, statement in cypher.WRITES.items():
        kind_rows = [row for rows in batch for row in rows.get(kind, ())]
        for chunk in _batches(kind_rows):
            counters = tx.run(statement, rows=chunk).consume().counters
            nodes += counters.nodes_created
            rels += counters.relationships_created
    if replaced:
        tx.run(cypher.DELETE_ORPHANS).consume()
    return nodes, rels


def loaded_hashes(conn: Database, ids: list[str]) -> dict[str, str | None]:
    """The model hash of each of ``ids`` that is loaded, in one read per thousand ids."""
    out: dict[str, str | None] = {}
    for i in range(0, len(ids), 1000):
        for row in conn.read(cypher.DOCUMENT_HASHES, {"ids": ids[i : i + 1000]}):
            out[row["id"]] = row["model_hash"]
    return out


#: A transaction gathers documents until their rows reach this many (a synthetic plan has
#: about 1 200 rows, the sample 2 000), or ``BATCH_DOCUMENTS`` of them.
BATCH_ROWS = 12_000
BATCH_DOCUMENTS = 50

Committed = Callable[[int, WriteResult], None]


class LazyRows(Protocol):
    """A document's rows kept elsewhere (``policykg load``'s spool), read when its transaction
    is gathered: what decides whether and where it is written is known without them."""

    @property
    def document_id(self) -> str: ...

    @property
    def model_hash(self) -> str: ...

    def load(self) -> Rows: ...


@dataclass(frozen=True)
class _InMemory:
    rows: Rows

    @property
    def document_id(self) -> str:
        doc_id: str = _document_props(self.rows)["id"]
        return doc_id

    @property
    def model_hash(self) -> str:
        model: str = _document_props(self.rows)["model_hash"]
        return model

    def load(self) -> Rows:
        return self.rows


@dataclass(frozen=True)
class _Made:
    """A model whose rows are made when its transaction is gathered."""

    document: Document

    @property
    def document_id(self) -> str:
        return self.document.id

    @functools.cached_property
    def model_hash(self) -> str:
        return model_hash(self.document)

    def load(self) -> Rows:
        return rows_for(self.document)


def write_documents(conn: Database, docs: Sequence[Document], *,
                    rows: Sequence[Rows] | Iterable[LazyRows] | None = None,
                    force: bool = False, batch_rows: int = BATCH_ROWS,
                    committed: Committed | None = None) -> list[WriteResult]:
    """Write documents, several to a transaction, each whole or not at all.

    ``rows`` are ``rows_for`` of each document when already made (by the parse workers of
    ``policykg load``), or :class:`LazyRows` read as their transaction is gathered, so that
    no more than one transaction's rows are in memory; given as an iterator (``policykg load
    --stream``: each document as it is parsed), they are taken as they come, each one's loaded
    hash read as it arrives. Documents whose content is loaded already are skipped. Consecutive
    documents share a transaction until their rows reach ``batch_rows`` (the first transaction
    one document, each next up to twice as many as the one before, at most
    ``BATCH_DOCUMENTS``): it commits them all or none. When such a transaction fails, each of its documents is written again in a
    transaction of its own, so the good ones load and the first that fails alone raises its
    :class:`~graph.errors.GraphError` (the ones before it are committed, those after it not
    written). ``committed(index, result)`` hears of each document, in order, once it is in.
    """
    source: Iterable[LazyRows] = (
        [_Made(d) for d in docs] if rows is None
        else [_InMemory(r) if isinstance(r, dict) else r for r in rows] if isinstance(rows, Sequence)
        else rows)
    # every document known up front: their loaded hashes in one read; else each one's as it comes
    known = isinstance(source, list)
    hashes = loaded_hashes(conn, [r.document_id for r in source]) if known else {}
    all_rows: list[LazyRows] = []
    results: list[WriteResult] = []

    def report(index: int, result: WriteResult) -> None:
        results.append(result)
        if committed:
            committed(index, result)

    pending: list[int] = []  # documents of the transaction being gathered, skipped ones included
    held: dict[int, Rows] = {}  # the rows of those to write, read as they are gathered

    def flush() -> None:
        todo = [i for i in pending if i in held]
        if len(todo) > 1:
            started = time.perf_counter()
            try:
                nodes, rels = _commit(conn, [held[i] for i in todo], hashes)
            except GraphError as exc:
                log.warning("a transaction of %d documents failed (%s); writing them one by one", len(todo), exc)
            else:
                seconds = time.perf_counter() - started
                log.info("%d documents: %d nodes, %d relationships in %.2fs", len(todo), nodes, rels, seconds)
                for i in pending:
                    doc_id = all_rows[i].document_id
                    report(i, _skipped(doc_id) if i not in held else
                           WriteResult(doc_id, False, doc_id in hashes, nodes, rels, seconds, len(todo)))
                pending.clear()
                held.clear()
                return
        for i in pending:
            doc_id = all_rows[i].document_id
            if i not in held:
                report(i, _skipped(doc_id))
                continue
            started = time.perf_counter()
            nodes, rels = _commit(conn, [held.pop(i)], hashes)
            seconds = time.perf_counter() - started
            log.info("%s: %d nodes, %d relationships in %.2fs", doc_id, nodes, rels, seconds)
            report(i, WriteResult(doc_id, False, doc_id in hashes, nodes, rels, seconds))
        pending.clear()
        held.clear()

    # the first transaction holds one document, each next one twice as many, up to the budget:
    # the first outcome comes as soon as one document is in, and a server that fails early
    # (it stops, it refuses the statements) costs one document's work
    gathered, most = 0, 1
    for i, r in enumerate(source):
        all_rows.append(r)
        if not known:
            hashes.update(loaded_hashes(conn, [r.document_id]))
        pending.append(i)
        if not _unchanged(r, hashes, force):
            held[i] = r.load()
            if _document_props(held[i])["id"] != r.document_id:
                raise ValueError(f"the rows of document {i} are of {_document_props(held[i])['id']}, "
                                 f"not of {r.document_id}: give each document's own rows, in order")
            gathered += rows_size(held[i])
        if gathered >= batch_rows or len(pending) >= most:
            flush()
            gathered, most = 0, min(2 * most, BATCH_DOCUMENTS)
    flush()
    if any(not r.skipped for r in results):
        # the full-text index is refreshed in the background (eventually consistent, a fifth
        # less of Neo4j's work per written plan): once this returns, search finds what was written
        conn.read(cypher.AWAIT_SEARCH_INDEX)
    return results


def _unchanged(rows: LazyRows, hashes: dict[str, str | None], force: bool) -> bool:
    return not force and rows.document_id in hashes and hashes[rows.document_id] == rows.model_hash


def _skipped(doc_id: str) -> WriteResult:
    log.info("%s: unchanged, nothing written", doc_id)
    return WriteResult(doc_id, True, False, 0, 0, 0.0)


def _commit(conn: Database, batch: list[Rows], hashes: dict[str, str | None]) -> tuple[int, int]:
    replaced = [doc_id for r in batch if (doc_id := _document_props(r)["id"]) in hashes]
    return conn.execute_write(_write, batch, replaced, timeout=max(conn.timeout, 600.0))


def write_document(conn: Database, doc: Document, *, force: bool = False) -> WriteResult:
    """Write one document in one transaction, replacing an older version of it."""
    started = time.perf_counter()
    result = write_documents(conn, [doc], force=force)[0]
    return replace(result, seconds=time.perf_counter() - started)


def unload_document(conn: Database, ref: str) -> list[str]:
    """Remove one document (by id, title or file name) and what only it used."""
    found = conn.read(cypher.FIND_DOCUMENTS, {"ref": ref})
    ids = [r["id"] for r in found]

    def work(tx: neo4j.ManagedTransaction) -> None:
        for doc_id in ids:
            tx.run(cypher.DELETE_DOCUMENT_NODES, id=doc_id).consume()
            tx.run(cypher.DELETE_DOCUMENT, id=doc_id).consume()
        tx.run(cypher.DELETE_ORPHANS).consume()

    if ids:
        conn.execute_write(work)
    return ids


def counts(conn: Database) -> tuple[int, int]:
    row = conn.read(cypher.COUNTS).first() or {"nodes": 0, "relationships": 0}
    return row["nodes"], row["relationships"]


def list_documents(conn: Database) -> list[dict[str, Any]]:
    return list(conn.read(cypher.LIST_DOCUMENTS))


# --- a document's structure, for the replacement diff of `policykg load` -------------------
# The same shape is made from a parsed model (what a load would write) and from the loaded
# version (read back), so that the two compare item by item.

#: Item properties that are not content: where the text sits in its file moves when a line
#: is added above it, without the item changing.
_LOCATION = frozenset({"line_start", "line_end", "source_text", "document", "row", "cell", "jurisdiction", "year"})


@dataclass(frozen=True)
class ItemShape:
    key: str
    kind: str
    number: int | None
    name: str
    section: str | None
    fingerprint: str  # sha256 of the content properties


@dataclass(frozen=True)
class DocumentShape:
    """Item keys with a hash each, the areas and the tables (annex sections, 二、重点任务) of one version."""

    items: dict[str, ItemShape]
    areas: frozenset[str]
    tables: frozenset[str]
    source_name: str | None = None


def _item_shape(props: dict[str, Any]) -> ItemShape:
    content = {k: v for k, v in props.items()
               if k not in _LOCATION and not (k.startswith("cell_") and k.endswith("_lines"))}
    fingerprint = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return ItemShape(props["key"], props.get("kind", ""), props.get("number"), props.get("name", ""),
                     props.get("section"), fingerprint)


def _table_of(item: ItemShape) -> str | None:
    if item.kind == ItemKind.MEASURE.value:
        return (item.section or "").split("/")[0] or None
    return item.section


def _shape(items: list[dict[str, Any]], listed: list[str], source_name: str | None) -> DocumentShape:
    shapes = {p["key"]: _item_shape(p) for p in items}
    areas = {p["area"] for p in items if p.get("area")} | set(listed)
    tables = {t for s in shapes.values() if (t := _table_of(s))}
    return DocumentShape(shapes, frozenset(areas), frozenset(tables), source_name)


def shape_of(doc: Document) -> DocumentShape:
    """The structure a load of ``doc`` would write (the same properties as :func:`rows_for`)."""
    return shape_of_rows(rows_for(doc))


def shape_of_rows(rows: Rows) -> DocumentShape:
    """:func:`shape_of` the document whose rows (``rows_for``) these are."""
    items = [row["props"] for label in _ITEM_LABELS.values() for row in rows[label]]
    return _shape(items, [h["end"] for h in rows[RelType.LISTS]], _document_props(rows).get("source_name"))


def loaded_shape(conn: Database, doc_id: str) -> DocumentShape | None:
    """The structure of the loaded version of ``doc_id``, or None when none is loaded."""
    row = conn.read(cypher.DOCUMENT_STRUCTURE, {"id": doc_id}).first()
    if row is None:
        return None
    return _shape(list(row["items"]), list(row["listed"]), row["source_name"])
