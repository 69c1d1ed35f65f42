"""Model -> rows -> one transaction per document.

A document loads whole or not at all: its old version (same id) is removed and
the new one written inside the same WRITE transaction, so a failure leaves the
graph exactly as it was. Loading the same content again changes nothing: the
model's hash is stored on the Document node and compared first. Shared nodes
(Department, Policy, Place, Area, Jurisdiction) are MERGEd on their keys and
outlive any one document; those no document uses any more are removed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import neo4j

from loaders.model import Document, Item, ItemKind, Source

from . import cypher
from .cypher import Label
from .driver import Database

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


def model_hash(doc: Document) -> str:
    return hashlib.sha256(json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True).encode()).hexdigest()


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


def rows_for(doc: Document) -> dict[str, Any]:
    """Flatten the model into parameter rows, one list per statement."""
    jur = doc.jurisdiction
    items: dict[Label, list[dict]] = {Label.TASK: [], Label.REFORM: [], Label.MEASURE: []}
    indicators, milestones, responsibilities, citations, mentions = [], [], [], [], []
    policies: dict[str, dict] = {}
    places: dict[str, dict] = {}

    def place_key(name: str) -> str:
        return f"{jur.name}/{name}"

    for p in doc.places:
        places[place_key(p.name)] = {"key": place_key(p.name), "name": p.name, "kind": p.kind,
                                     "jurisdiction": jur.name}

    def add_item(item: Item) -> None:
        props = {
            "key": item.key, "kind": item.kind.value, "number": item.number, "name": item.name, "text": item.text,
            "area": item.area, "jurisdiction": jur.name, "year": doc.year,
            "lead": item.units[0].canonical if item.units else None,
            "units": [u.canonical for u in item.units],
            **{f"cell_{k}": v for k, v in item.cells.items()},
            # each cell's own lines, e.g. cell_schedule_lines = [203, 203]
            **{f"cell_{k}_lines": [src.line_start, src.line_end] for k, src in item.cell_sources.items()},
            **_provenance(item.source),
        }
        items[_ITEM_LABELS[item.kind]].append({"props": _clean(props), "area": item.area})
        for unit in item.units:
            responsibilities.append({
                "department": f"{jur.name}/{unit.canonical}", "item": item.key,
                "props": _clean({"role": unit.role.value, "order": unit.order, "written": unit.written,
                                 **_provenance(item.cell_sources.get("name", item.source))}),
            })
        for ref in item.policies:
            entry = policies.setdefault(ref.key, {
                "key": ref.key, "title": ref.title, "normalized": ref.normalized, "level": ref.level,
                "kind": ref.kind, "issuer": ref.issuer, "doc_number": ref.doc_number,
                "jurisdiction": jur.name if ref.key.startswith(jur.name + "|") else None, "titles": [],
            })
            if ref.title not in entry["titles"]:
                entry["titles"].append(ref.title)
            citations.append({"item": item.key, "policy": ref.key,
                              "props": _clean({"title": ref.title, **_provenance(ref.source), "cell": ref.cell})})
        for indicator in item.indicators:
            indicators.append(_indicator_row(indicator, item.key))
        for m in item.milestones:
            milestones.append({"owner": item.key, "props": _clean({
                "key": m.key, "label": m.label, "start_month": m.start_month, "end_month": m.end_month,
                "text": m.text, "order": m.order, "name": (m.label + ":" if m.label else "") + m.text[:40],
                "item": item.key, **_provenance(m.source),
            })})
        for place in item.places:
            mentions.append({"item": item.key, "place": place_key(place.name),
                             "props": _clean(_provenance(place.source))})

    for item in doc.items:
        add_item(item)
    for indicator in doc.indicators:
        indicators.append(_indicator_row(indicator, None))

    departments = [{
        "key": d.key, "name": d.name, "full_name": d.full_name, "kind": d.kind, "jurisdiction": d.jurisdiction,
        "aliases": list(d.aliases),
    } for d in doc.departments]
    governs = [{"department": d.key, "place": place_key(d.place)} for d in doc.departments if d.place]
    document = _clean({
        "id": doc.id, "title": doc.title, "name": doc.title, "jurisdiction": jur.name, "year": doc.year,
        "index_no": doc.index_no, "publisher": doc.publisher, "publish_date": doc.publish_date,
        "notice": doc.notice, "issuer": doc.issuer, "issue_date": doc.issue_date,
        "source_name": doc.source_name, "source_format": doc.source_format, "content_hash": doc.content_hash,
        "model_hash": model_hash(doc), **(_provenance(doc.source) if doc.source else {}),
    })
    headers = [{"area": h.area, "props": _clean({"stated_count": h.stated_count, "row_count": h.row_count,
                                                  **_provenance(h.source)})} for h in doc.area_headers]
    return {
        "jurisdiction": {"name": jur.name, "short_name": jur.short_name, "level": jur.level, "parent": jur.parent},
        "document": document,
        "areas": [{"key": a.key, "name": a.name, "kind": a.kind.value, "order": a.order} for a in doc.areas],
        "headers": headers,
        "departments": departments,
        "places": list(places.values()),
        "governs": governs,
        "policies": list(policies.values()),
        "items": items,
        "indicators": indicators,
        "milestones": milestones,
        "responsibilities": responsibilities,
        "citations": citations,
        "mentions": mentions,
    }


def _indicator_row(ind, owner: str | None) -> dict:
    return {"owner": owner, "area": ind.area, "props": _clean({
        "key": ind.key, "text": ind.text, "name": ind.name, "comparator": ind.comparator, "value": ind.value,
        "unit": ind.unit, "qualifier": ind.qualifier, "area": ind.area, "parsed": ind.value is not None,
        "owner": owner, **_provenance(ind.source),
    })}


def _batches(rows: list, size: int = 2000):
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _write(tx: neo4j.ManagedTransaction, rows: dict[str, Any], replace: bool) -> tuple[int, int]:
    nodes = rels = 0

    def run(query: str, **params: Any) -> None:
        nonlocal nodes, rels
        counters = tx.run(query, params).consume().counters
        nodes += counters.nodes_created
        rels += counters.relationships_created

    doc_id = rows["document"]["id"]
    if replace:
        tx.run(cypher.DELETE_DOCUMENT_NODES, id=doc_id).consume()
        tx.run(cypher.DELETE_DOCUMENT, id=doc_id).consume()
    run(cypher.MERGE_JURISDICTION, j=rows["jurisdiction"])
    run(cypher.MERGE_DOCUMENT, d=rows["document"])
    run(cypher.MERGE_AREAS, rows=rows["areas"])
    run(cypher.LINK_AREA_HEADERS, id=doc_id, rows=rows["headers"])
    run(cypher.MERGE_DEPARTMENTS, rows=rows["departments"])
    run(cypher.MERGE_PLACES, rows=rows["places"])
    run(cypher.LINK_GOVERNS, rows=rows["governs"])
    run(cypher.MERGE_POLICIES, rows=rows["policies"])
    for label, item_rows in rows["items"].items():
        for batch in _batches(item_rows):
            run(cypher.create_items(label), rows=batch)
    for key in ("indicators", "milestones", "responsibilities", "citations", "mentions"):
        query = {
            "indicators": cypher.CREATE_INDICATORS, "milestones": cypher.CREATE_MILESTONES,
            "responsibilities": cypher.CREATE_RESPONSIBILITIES, "citations": cypher.CREATE_CITATIONS,
            "mentions": cypher.CREATE_MENTIONS,
        }[key]
        for batch in _batches(rows[key]):
            run(query, rows=batch)
    if replace:
        tx.run(cypher.DELETE_ORPHANS).consume()
    return nodes, rels


def write_document(conn: Database, doc: Document, *, force: bool = False) -> WriteResult:
    """Write one document in one transaction, replacing an older version of it."""
    started = time.perf_counter()
    rows = rows_for(doc)
    existing = conn.read(cypher.DOCUMENT_HASH, {"id": doc.id}).first()
    if existing and existing["model_hash"] == rows["document"]["model_hash"] and not force:
        log.info("%s: unchanged, nothing written", doc.id)
        return WriteResult(doc.id, True, False, 0, 0, time.perf_counter() - started)
    nodes, rels = conn.execute_write(_write, rows, bool(existing), timeout=max(conn.timeout, 600.0))
    seconds = time.perf_counter() - started
    log.info("%s: %d nodes, %d relationships in %.2fs", doc.id, nodes, rels, seconds)
    return WriteResult(doc.id, False, bool(existing), nodes, rels, seconds)


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
    rows = rows_for(doc)
    items = [row["props"] for label_rows in rows["items"].values() for row in label_rows]
    return _shape(items, [h["area"] for h in rows["headers"]], doc.source_name)


def loaded_shape(conn: Database, doc_id: str) -> DocumentShape | None:
    """The structure of the loaded version of ``doc_id``, or None when none is loaded."""
    row = conn.read(cypher.DOCUMENT_STRUCTURE, {"id": doc_id}).first()
    if row is None:
        return None
    return _shape(list(row["items"]), list(row["listed"]), row["source_name"])
