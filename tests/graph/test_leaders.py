"""Leaders (牵头负责领导) and collective units written through the writer into the real Neo4j,
and read back over GraphQL. No sample item names a leader: the model is the sample's, with
leaders and a collective unit set on a few items here."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.schema import ensure_schema
from graph.writer import write_document
from loaders import load_file
from loaders.model import Department, Document, LeaderRef, Role, Source, UnitRef
from tests.api.conftest import api_client, post

pytestmark = pytest.mark.neo4j

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "fenghua-2022-workpoints.txt"
JUR = "宁波市奉化区"


def _leader(doc: Document, name: str, label: str, order: int, line: int) -> LeaderRef:
    return LeaderRef(name, label, order, Source(doc.id, "附件二", line, line, f"{label}:{name}"))


def with_leaders(doc: Document) -> Document:
    """Tasks 1 and 2 overseen by 王明 (task 1 also by 李华, named second); task 3 also
    assigned to 各街道 (a collective unit the loader listed, with aliases the writer must
    drop) and task 4 to 各镇(街道) (one it did not list)."""
    t1, t2, t3, t4 = doc.tasks[:4]
    t1 = dataclasses.replace(t1, leaders=(_leader(doc, "王明", "牵头负责领导", 0, 900),
                                          _leader(doc, "李华", "责任领导", 1, 901)))
    t2 = dataclasses.replace(t2, leaders=(_leader(doc, "王明", "责任领导", 0, 902),))
    t3 = dataclasses.replace(t3, units=t3.units + (
        UnitRef("各街道", "各街道", "collective", Role.SUPPORT, len(t3.units)),))
    t4 = dataclasses.replace(t4, units=t4.units + (
        UnitRef("各镇(街道)", "各镇(街道)", "collective", Role.SUPPORT, len(t4.units)),))
    streets = Department(f"{JUR}/各街道", "各街道", None, "collective", JUR, ("街道", "各街道办事处"), None)
    return dataclasses.replace(doc, tasks=(t1, t2, t3, t4, *doc.tasks[4:]),
                               departments=(*doc.departments, streets))


@pytest.fixture(scope="module")
def document() -> Document:
    return with_leaders(load_file(SAMPLE)[0])


@pytest.fixture
def client(empty_graph, neo4j_settings, document) -> Iterator[TestClient]:
    ensure_schema(empty_graph)
    write_document(empty_graph, document)
    with api_client(neo4j_settings) as c:
        yield c


def test_leaders_are_nodes_overseeing_items(client, empty_graph, document):
    rows = list(empty_graph.read(
        "MATCH (l:Leader)-[r:OVERSEES]->(i:Item) "
        "RETURN l.key AS key, l.name AS name, l.label AS label, l.jurisdiction AS jurisdiction, "
        "i.number AS number, r.order AS order, r.label AS as_written, r.line_start AS line "
        "ORDER BY key, number"))
    assert rows == [
        {"key": f"{JUR}/李华", "name": "李华", "label": "责任领导", "jurisdiction": JUR, "number": 1, "order": 1,
         "as_written": "责任领导", "line": 901},
        {"key": f"{JUR}/王明", "name": "王明", "label": "牵头负责领导", "jurisdiction": JUR, "number": 1, "order": 0,
         "as_written": "牵头负责领导", "line": 900},
        {"key": f"{JUR}/王明", "name": "王明", "label": "牵头负责领导", "jurisdiction": JUR, "number": 2, "order": 0,
         "as_written": "责任领导", "line": 902},
    ]
    # a leader is never a unit
    assert empty_graph.read("MATCH (d:Department) WHERE d.name IN ['王明', '李华'] RETURN count(d) AS n"
                            ).single_value() == 0

    data = post(client, """{
      leader: node(id: "Leader:宁波市奉化区/王明") {
        ... on Leader { name label jurisdiction items { totalCount nodes { number } } }
      }
      items(kinds: [TASK], where: {numberIn: [1, 2, 3]}) { nodes { number leaders { name items { nodes { number } } } } }
      search(text: "李华", types: [LEADER]) { nodes { node { __typename id displayName } } }
    }""")
    assert "errors" not in data, data
    data = data["data"]
    assert data["leader"] == {"name": "王明", "label": "牵头负责领导", "jurisdiction": JUR,
                              "items": {"totalCount": 2, "nodes": [{"number": 1}, {"number": 2}]}}
    assert data["items"]["nodes"] == [
        {"number": 1, "leaders": [{"name": "王明", "items": {"nodes": [{"number": 1}, {"number": 2}]}},
                                  {"name": "李华", "items": {"nodes": [{"number": 1}]}}]},
        {"number": 2, "leaders": [{"name": "王明", "items": {"nodes": [{"number": 1}, {"number": 2}]}}]},
        {"number": 3, "leaders": []},
    ]
    assert data["search"]["nodes"] == [
        {"node": {"__typename": "Leader", "id": "Leader:宁波市奉化区/李华", "displayName": "李华"}}]


def test_collective_units_are_departments_without_aliases(client, empty_graph):
    rows = list(empty_graph.read(
        "MATCH (d:Department {kind: 'collective'})-[r:RESPONSIBLE_FOR]->(i:Task) "
        "RETURN d.key AS key, d.name AS name, d.aliases AS aliases, d.alias_text AS alias_text, "
        "i.number AS number, r.role AS role, r.written AS written ORDER BY number"))
    assert rows == [
        {"key": f"{JUR}/各街道", "name": "各街道", "aliases": [], "alias_text": "", "number": 3, "role": "support",
         "written": "各街道"},
        {"key": f"{JUR}/各镇(街道)", "name": "各镇(街道)", "aliases": [], "alias_text": "", "number": 4,
         "role": "support", "written": "各镇(街道)"},
    ]
    data = post(client, '{ a: department(name: "街道") { name } b: department(name: "各街道") { name kind aliases } }')
    assert data == {"data": {"a": None, "b": {"name": "各街道", "kind": "collective", "aliases": []}}}
