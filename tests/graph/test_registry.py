"""Every consumer of the node and relationship types agrees with ``graph/registry.py``:
the real Neo4j's constraints and indexes, the full-text index, the GraphQL enums and node
types, the MCP search tool, the chat feed's type list and readings, the explorer's types."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import ApiSettings, create_app
from api.chat import grounding as chat_context
from api.chat.tools import SCHEMA, SEARCH_TYPES
from api.mcp import openai_tools
from api.schema import schema
from graph import cypher
from graph.config import Settings
from graph.driver import Database
from graph.registry import GROUPS, HOPS, NODES, RELATIONSHIPS, Direction, Hops, Label, RelType, UnionHop, rel_spec
from graph.schema import ensure_schema

_LABELS = {n.label for n in NODES}


@pytest.fixture(scope="module")
def schema_graph(graph: Database) -> Database:
    ensure_schema(graph)
    return graph


# --- the registry itself -----------------------------------------------------------------


def test_enums_are_the_registry() -> None:
    assert [label.value for label in Label] == [n.label for n in NODES] + [g.label for g in GROUPS]
    assert [t.value for t in RelType] == [r.type for r in RELATIONSHIPS]
    assert Label.TASK.value == "Task" and Label.ITEM.value == "Item" and RelType.HAS_MILESTONE.value == "HAS_MILESTONE"
    assert [label.value for label in cypher.NODE_TYPES] == [n.label for n in NODES]


def test_every_owned_type_is_found_by_an_index_on_its_document() -> None:
    """The document delete matches each owned type by the property holding the document id,
    through an index (the group's, for items)."""
    for n in NODES:
        if n.owned:
            labels = [n.label, *n.groups]
            indexed = {(label, prop) for label, prop in cypher.INDEXES}
            assert any((Label(label), n.lifecycle.by) in indexed for label in labels), n.label
    assert cypher.DELETE_DOCUMENT_NODES == (
        "CALL () { MATCH (n:`Item` {`document`: $id}) DETACH DELETE n }\n"
        "CALL () { MATCH (n:`Indicator` {`document`: $id}) DETACH DELETE n }\n"
        "CALL () { MATCH (n:`Milestone` {`document`: $id}) DETACH DELETE n }\n"
    )


def test_orphans_of_every_shared_type_are_deleted_keepers_first() -> None:
    shared = [n.label for n in NODES if n.shared]
    order = [line.split("(x:`")[1].split("`")[0] for line in cypher.DELETE_ORPHANS.splitlines() if "(x:`" in line]
    assert sorted(order) == sorted(shared)
    # a place governed only by a department that goes is removed in the same pass
    assert order.index("Department") < order.index("Place")
    assert "MATCH (x:`Place`) WHERE NOT ((x)<-[:`MENTIONS`|`GOVERNS`]-())" in cypher.DELETE_ORPHANS
    assert "MATCH (x:`Department`) WHERE NOT ((x)-[:`RESPONSIBLE_FOR`]->())" in cypher.DELETE_ORPHANS


def _types_of(ends: tuple[str, ...]) -> set[str]:
    return {m.label for end in ends for m in NODES if m.label == end or end in m.groups}


def test_every_hop_follows_its_relationships_the_registry_way() -> None:
    """Each step runs along a relationship from a type it may start at to one it may end at."""
    def check(hop, source: Label) -> None:
        at = _types_of((source.value,))
        for step in hop.steps:
            spec = rel_spec(step.rel)
            near, far = (spec.start, spec.end) if step.direction is Direction.OUT else (spec.end, spec.start)
            assert at & _types_of(near), (hop.name, step)
            assert _types_of((step.target.value,)) <= _types_of(far), (hop.name, step)
            at = _types_of((step.target.value,))

    for hop in HOPS:
        for branch in hop.branches if isinstance(hop, UnionHop) else (hop,):
            check(branch, hop.source)
    assert len(HOPS) == 35 and len({h.name for h in HOPS}) == 35  # two for leaders


def test_hops_render_to_match_patterns() -> None:
    assert cypher.hop_match(Hops.DEPARTMENT_LEADS, "a", "r", "b") == (
        "MATCH (a)-[r:RESPONSIBLE_FOR {role: 'lead'}]->(b:`Item`)")
    assert cypher.hop_order(Hops.DEPARTMENT_LEADS, "r", "b") == "b.document, b.line_start, b.key"
    assert cypher.hop_match(Hops.ITEM_AREA, "a", "r", "b") == "MATCH (a)-[:IN_AREA]->(b:`Area`)"
    assert cypher.hop_order(Hops.ITEM_INDICATORS, "r", "b") == "b.line_start, size(b.key), b.key"
    assert cypher.hop_order(Hops.DOCUMENT_AREAS, "r", "b") == "b.kind DESC, b.order"
    assert cypher.hop_match(Hops.PLACE_LED_ITEMS, "a", "r", "b") == (
        "MATCH (a)<-[:GOVERNS]-(:`Department`)-[:RESPONSIBLE_FOR {role: 'lead'}]->(b:`Item`)")
    assert cypher.hop_match(Hops.PLACE_ITEMS, "a", "r", "b") == (
        "CALL (a) { MATCH (a)<-[:MENTIONS]-(x:`Item`) RETURN x "
        "UNION MATCH (a)<-[:GOVERNS]-(:`Department`)-[:RESPONSIBLE_FOR {role: 'lead'}]->(x:`Item`) RETURN x } "
        "WITH a, x AS b")


def test_lexicon_names_every_type_the_registry_says() -> None:
    named = [line.split("'")[1] for line in cypher.LEXICON.splitlines() if "AS label" in line]
    assert named == [n.label for n in NODES if n.lexicon]
    assert "MATCH (n:`Indicator`) WHERE n.`name` IS NOT NULL" in cypher.LEXICON
    assert "[n.`name`, n.`full_name`] + coalesce(n.`aliases`, []) AS terms" in cypher.LEXICON


# --- Neo4j -------------------------------------------------------------------------------


def test_constraints_in_neo4j_are_the_registry_keys(schema_graph: Database) -> None:
    found = {(row["labels"][0], row["props"][0]) for row in schema_graph.read(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes AS labels, properties AS props WHERE type = 'UNIQUENESS' "
        "RETURN labels, props")}
    assert found == {(n.label, n.key) for n in NODES} | {(g.label, g.key) for g in GROUPS}
    assert ("Document", "id") in found and ("Item", "key") in found


def test_lookup_indexes_in_neo4j_are_the_registry_indexes(schema_graph: Database) -> None:
    found = {(row["labels"][0], row["props"][0]) for row in schema_graph.read(
        "SHOW INDEXES YIELD type, labelsOrTypes AS labels, properties AS props, owningConstraint "
        "WHERE type = 'RANGE' AND owningConstraint IS NULL RETURN labels, props")}
    assert found == {(n.label, p) for n in NODES for p in n.indexed} | {(g.label, p) for g in GROUPS for p in g.indexed}
    assert ("Department", "name") in found and ("Item", "document") in found


def test_full_text_index_covers_every_searchable_type(schema_graph: Database) -> None:
    row = schema_graph.read(
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes AS labels, properties AS props, options "
        "WHERE name = $name RETURN labels, props, options", {"name": cypher.FULLTEXT_INDEX}).first()
    assert set(row["labels"]) == {n.label for n in NODES if n.searchable}
    assert set(row["props"]) == {p for n in NODES for p in n.searchable}
    assert row["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"
    assert "Jurisdiction" not in row["labels"] and {"Task", "Department", "Milestone"} <= set(row["labels"])


# --- GraphQL -----------------------------------------------------------------------------


def _introspect(query: str) -> dict:
    result = schema.execute_sync(query)
    assert result.errors is None, result.errors
    return result.data


def test_graphql_enums_are_the_registry() -> None:
    data = _introspect("""{
      n: __type(name: "NodeType") { enumValues { name description } }
      r: __type(name: "RelationshipType") { enumValues { name description } }
    }""")
    assert [(v["name"], v["description"]) for v in data["n"]["enumValues"]] == [
        (Label(n.label).name, n.description) for n in NODES]
    assert [v["name"] for v in data["r"]["enumValues"]] == [RelType(r.type).name for r in RELATIONSHIPS]
    assert data["r"]["enumValues"][3]["description"] == "Department -> Task/Reform/Measure (responsible for, 负责)"


def test_every_node_type_has_a_graphql_type_implementing_node_and_back() -> None:
    data = _introspect('{ __type(name: "Node") { possibleTypes { name } } }')
    assert {t["name"] for t in data["__type"]["possibleTypes"]} == _LABELS


# --- the chat feed, MCP and the explorer -------------------------------------------------


def test_mcp_search_types_are_the_searchable_registry_types() -> None:
    with ThreadPoolExecutor(1) as pool:  # the browser tests may hold a running loop in this thread
        listed_tools = pool.submit(asyncio.run, openai_tools()).result()
    tools = {t["function"]["name"]: t["function"] for t in listed_tools}
    types = tools["search"]["parameters"]["properties"]["types"]
    listed = next(option for option in types["anyOf"] if option.get("type") == "array")["items"]["enum"]
    assert listed == list(SEARCH_TYPES) == [n.label for n in NODES if n.searchable]


def test_chat_type_list_is_the_registry() -> None:
    assert [(t.name, t.description) for t in SCHEMA.node_types] == [(n.label, n.description) for n in NODES]
    assert [(t.name, t.properties) for t in SCHEMA.relationship_types] == [
        (r.type, dict(r.properties)) for r in RELATIONSHIPS]
    assert SCHEMA.node_types[0].properties["cell_target"] == "目标体系"


def test_chat_reads_every_type_the_registry_gives_a_reading() -> None:
    for n in NODES:
        if n.chat:
            assert n.chat in chat_context.FAMILIES, n.label
            assert callable(getattr(chat_context._Expander, n.chat)), n.label
    assert set(chat_context.SELECTS) == {Label(n.label) for n in NODES if n.chat}
    assert chat_context.SELECTS[Label.REFORM] is chat_context.SELECTS[Label.TASK]


def test_explorer_types_are_the_registry(neo4j_settings: Settings) -> None:
    """The types the explorer names, colours and filters by: GraphQL nodeTypes and
    relationshipTypes, also in production, where introspection is off."""
    query = """{ nodeTypes { type label zh en description groups } relationshipTypes { type zh en start end } }"""
    with TestClient(create_app(ApiSettings(**neo4j_settings.model_dump(), env="production"))) as client:
        answer = client.post("/graphql", json={"query": query})
    assert answer.status_code == 200
    body = answer.json()["data"]
    assert [(t["label"], t["zh"], t["en"]) for t in body["nodeTypes"]] == [(n.label, n.zh, n.en) for n in NODES]
    assert [t["type"] for t in body["nodeTypes"]] == [Label(n.label).name for n in NODES]
    assert [(t["type"], t["start"], t["end"]) for t in body["relationshipTypes"]] == [
        (r.type, list(r.start), list(r.end)) for r in RELATIONSHIPS]
    assert body["nodeTypes"][6] == {"type": "DEPARTMENT", "label": "Department", "zh": "部门", "en": "Department",
                                    "description": "a responsible unit (区发改局), with its aliases", "groups": []}


# --- the cost of a new type --------------------------------------------------------------


def test_a_new_node_type_needs_only_its_registry_entry_and_graphql_type(
        empty_graph: Database, neo4j_settings: Settings) -> None:
    """A made-up type (tests/graph/extra_type.py: a NodeSpec, MENTIONS reaching it, and a
    GraphQL type, nothing else) is constrained, indexed, searchable, named by the lexicon,
    removed when orphaned, in the GraphQL enums and Node types, the MCP search enum, the
    chat type list and the explorer's types."""
    script = Path(__file__).with_name("extra_type.py")
    try:
        done = subprocess.run([sys.executable, str(script)], input=neo4j_settings.model_dump_json(),
                              capture_output=True, text=True, timeout=300, cwd=Path(__file__).parents[2])
        assert done.returncode == 0, done.stderr[-3000:]
        out = json.loads(done.stdout)
    finally:  # the server is shared: back to the registry's own schema
        empty_graph.write("MATCH (n:Programme) DETACH DELETE n")
        for name in ("programme_key_unique", "programme_name"):
            kind = "CONSTRAINT" if name.endswith("_unique") else "INDEX"
            empty_graph.write(f"DROP {kind} {name} IF EXISTS")
        ensure_schema(empty_graph)
    assert out["schema_statements"] == ["programme_key_unique", "programme_name"]
    assert set(out["created"]) == {"programme_key_unique", "programme_name", cypher.FULLTEXT_INDEX}
    assert out["fulltext_labels"][-1] == "Programme"
    assert out["search_types"][-1] == out["chat_types"][-1] == out["explorer_types"][-1] == "Programme"
    assert out["lexicon"] and out["orphans"]
    data = out["graphql"]
    assert "errors" not in data, data
    data = data["data"]
    assert data["search"]["nodes"] == [{"node": {"__typename": "Programme", "id": "Programme:programme/1",
                                                 "displayName": "共富工坊专项行动"}}]
    assert data["nodeType"]["enumValues"][-1] == {"name": "PROGRAMME"}
    assert "Programme" in {t["name"] for t in data["node"]["possibleTypes"]}
    assert data["found"] == {"name": "共富工坊专项行动"}
    # and this process's registry, without it, put the full-text index back as it was
    row = empty_graph.read("SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes WHERE name = $n RETURN labelsOrTypes",
                           {"n": cypher.FULLTEXT_INDEX}).first()
    assert set(row["labelsOrTypes"]) == {n.label for n in NODES if n.searchable}


def test_the_type_checkers_enums_are_the_registrys():
    """graph/registry.py spells Label and RelType out for the type checker (which cannot run
    the lists they are made from): the same members, values and order as at run time."""
    import ast

    from graph import registry

    tree = ast.parse(Path(registry.__file__).read_text(encoding="utf-8"))
    spelled: dict[str, list[tuple[str, str]]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for cls in node.body:
                if isinstance(cls, ast.ClassDef):
                    spelled[cls.name] = [(a.targets[0].id, a.value.value) for a in cls.body
                                         if isinstance(a, ast.Assign)]
    assert spelled["Label"] == [(m.name, m.value) for m in registry.Label]
    assert spelled["RelType"] == [(m.name, m.value) for m in registry.RelType]
