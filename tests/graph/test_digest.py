"""The whole graph the writer makes, node by node and relationship by relationship.

The sample plan, two synthetic plans and a changed version of the sample (replacing the
first) are written into the real Neo4j; every node (labels, every property) and every
relationship (type, the keys of its ends, every property) is listed, one line each, sorted,
and compared with ``golden/graph-digest.txt``. A change to how the model becomes a graph
(``graph/writer.py``, the write statements of ``graph/cypher.py``) shows up as a diff of
that file. Rewrite it after a deliberate change with

    POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_digest.py

and read the diff before committing it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from graph.read import relationship_id
from graph.schema import ensure_schema
from graph.writer import write_document
from loaders import load_file, parse_bytes
from loaders.synth import synthesize

pytestmark = pytest.mark.neo4j

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "fenghua-2022-workpoints.txt"
GOLDEN = Path(__file__).resolve().parent / "golden" / "graph-digest.txt"
UPDATE = os.environ.get("POLICYKG_UPDATE_GOLDEN") == "1"

NODES = """
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS props
"""
RELATIONSHIPS = """
MATCH (a)-[r]->(b)
RETURN type(r) AS type, labels(a) AS start_labels, coalesce(a.key, a.id, a.name) AS start,
       labels(b) AS end_labels, coalesce(b.key, b.id, b.name) AS end, properties(r) AS props
"""


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _end(labels: list[str], key: str) -> str:
    return f"{':'.join(sorted(labels))}/{key}"


def listing(conn) -> list[str]:
    """One line per node, then one per relationship, each sorted."""
    nodes = sorted(f"node {':'.join(sorted(r['labels']))} {_json(r['props'])}" for r in conn.read(NODES))
    rels = []
    for r in conn.read(RELATIONSHIPS):
        start, end = _end(r["start_labels"], r["start"]), _end(r["end_labels"], r["end"])
        rid = relationship_id(r["type"], start, end, r["props"])
        rels.append(f"rel {rid} {r['type']} {start} -> {end} {_json(r['props'])}")
    return nodes + sorted(rels)


def changed_sample() -> bytes:
    """The sample with one measure changed (its count and a supporting unit added): a new version."""
    text = SAMPLE.read_text(encoding="utf-8")
    old = "打造2个区级电商直播基地(区商务局)"
    assert text.count(old) == 1
    return text.replace(old, "打造3个区级电商直播基地(区商务局、区经信局)").encode("utf-8")


@pytest.fixture(scope="module")
def documents():
    sample = load_file(SAMPLE)[0]
    synthetic = [parse_bytes(s.text.encode("utf-8"), s.filename)[0] for s in synthesize(2, seed=11)]
    changed = parse_bytes(changed_sample(), SAMPLE.name)[0]
    assert changed.id == sample.id and changed.to_dict() != sample.to_dict()
    return [sample, *synthetic, changed]


def test_graph_digest(empty_graph, documents):
    ensure_schema(empty_graph)
    results = [write_document(empty_graph, doc) for doc in documents]
    assert [r.replaced for r in results] == [False, False, False, True]
    lines = listing(empty_graph)
    text = "\n".join(lines) + "\n"
    digest = hashlib.sha256(text.encode()).hexdigest()
    body = f"# sha256 of the lines below: {digest}\n{text}"
    if UPDATE:
        GOLDEN.write_text(body, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert body == expected, "the graph differs from golden/graph-digest.txt (see the module's docstring)"
