"""Run by ``test_registry.py`` in a process of its own: the registry with one made-up node
type (Programme, shared, kept alive by the items that MENTION it) and its GraphQL type, and
nothing else changed. Reads the Neo4j settings as JSON on stdin, prints what each consumer
made of the new type as JSON.

The registry's source gets the extra entries appended to its lists before it runs, and the
GraphQL type is registered before the schema is built, as a module in
``api/schema/types/`` would be."""

from __future__ import annotations

import importlib.util
import json
import sys

EXTRA_NODE = '''
NODES = NODES + (NodeSpec(
    "Programme", "key", "专项", "Programme", "a made-up node type", Shared((Keep(RelType.MENTIONS, _IN),)),
    indexed=("name",), searchable=("name",), lexicon=Lexicon("name"),
    properties=(("name", "name"),)),)
'''
EXTRA_REL = '''
RELATIONSHIPS = RELATIONSHIPS[:8] + (RelSpec(
    "MENTIONS", (_ITEM,), ("Place", "Programme"), "提及", "mentions", "item -> Place or Programme it names",
    (_PROV,)),) + RELATIONSHIPS[9:]
'''


def _held(name: str) -> tuple:
    """The package ``name`` in ``sys.modules`` without running its ``__init__`` yet (which
    would import the modules about to be replaced)."""
    spec = importlib.util.find_spec(name)
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    return spec, package


def _load_registry() -> None:
    graph_spec, graph_package = _held("graph")
    spec = importlib.util.find_spec("graph.registry")
    source = spec.loader.get_source("graph.registry")
    for anchor, extra in (("\n#: Node labels:", EXTRA_NODE), ("\nif TYPE_CHECKING:\n    # What the type checker", EXTRA_REL)):
        assert source.count(anchor) == 1, anchor
        source = source.replace(anchor, extra + anchor)
    module = importlib.util.module_from_spec(spec)
    sys.modules["graph.registry"] = module
    exec(compile(source, spec.origin, "exec"), module.__dict__)  # noqa: S102
    graph_spec.loader.exec_module(graph_package)


def _load_api_with_programme() -> None:
    """``api`` and ``api.schema`` run (building the schema) after a Programme GraphQL type
    is registered."""
    packages = [_held("api"), _held("api.schema")]

    import strawberry

    from api.schema.types.common import Node, prop, register
    from graph.cypher import Label

    @register(Label.PROGRAMME)
    @strawberry.type(description="A made-up node type. 专项.")
    class Programme(Node):
        name: str | None = prop("name", "Its name.", "名称.")

    for spec, package in reversed(packages):
        spec.loader.exec_module(package)


def main() -> None:
    settings_json = json.load(sys.stdin)
    _load_registry()
    _load_api_with_programme()

    from fastapi.testclient import TestClient

    from api import ApiSettings, create_app
    from api.chat.tools import SCHEMA, SEARCH_TYPES
    from graph import cypher, schema
    from graph.config import Settings
    from graph.driver import connect

    out: dict[str, object] = {
        "schema_statements": sorted(name for name in schema.statements() if name.startswith("programme")),
        "fulltext_labels": [label.value for label in cypher.FULLTEXT_LABELS],
        "search_types": list(SEARCH_TYPES),
        "chat_types": [t.name for t in SCHEMA.node_types],
        "lexicon": "MATCH (n:`Programme`)" in cypher.LEXICON,
        "orphans": "MATCH (x:`Programme`) WHERE NOT ((x)<-[:`MENTIONS`]-())" in cypher.DELETE_ORPHANS,
    }
    settings = Settings(**settings_json)
    with connect(settings) as conn:
        out["created"] = schema.ensure_schema(conn)
        conn.write("CREATE (:Programme {key: 'programme/1', name: '共富工坊专项行动'})")
        conn.write(cypher.AWAIT_INDEXES, {"seconds": 60})
    with TestClient(create_app(ApiSettings(**settings_json))) as client:
        answer = client.post("/graphql", json={"query": """{
          search(text: "共富工坊", types: [PROGRAMME]) { nodes { node { __typename id displayName } } }
          nodeType: __type(name: "NodeType") { enumValues { name } }
          node: __type(name: "Node") { possibleTypes { name } }
          found: node(id: "Programme:programme/1") { ... on Programme { name } }
          nodeTypes { label }
        }"""}).json()
    out["graphql"] = answer
    out["explorer_types"] = [t["label"] for t in answer["data"]["nodeTypes"]]
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
