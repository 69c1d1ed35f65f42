"""Plain fields read directly (api/schema/execution.py): which fields take the short way, and
answers equal to strawberry's usual execution, errors and nulls included."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.context import Context
from api.schema import build_schema
from api.schema.execution import PlainFieldsFirst, plain_field
from graph.config import Settings
from graph.driver import connect_async
from graph.named_queries import load_queries

pytestmark = pytest.mark.neo4j

TASK = "Task:宁波市奉化区-2022-ec22819a/task/25"


def _field(schema: Any, type_name: str, field: str) -> Any:
    return schema._schema.get_type(type_name).fields[field]


def test_plain_fields_are_the_resolverless_scalars_and_enums() -> None:
    schema = build_schema()
    for type_name, field in [("Task", "name"), ("Task", "number"), ("Task", "key"), ("Task", "id"),
                             ("Department", "fullName"), ("SearchHit", "score"), ("PageInfo", "hasNextPage")]:
        assert plain_field(_field(schema, type_name, field)) is not None, (type_name, field)
    for type_name, field in [("Task", "provenance"), ("Task", "labels"), ("Task", "kind"), ("Department", "leads"),
                             ("Department", "leadCount"), ("SearchHit", "excerpt"), ("Query", "health")]:
        assert plain_field(_field(schema, type_name, field)) is None, (type_name, field)
    assert schema.execution_context_class is PlainFieldsFirst


QUERIES = [
    """{ department(name: "发改局") { id key name fullName kind jurisdiction leadCount
         leads(first: 40) { totalCount pageInfo { hasNextPage endCursor } nodes { __typename id key number name kind
           ... on Task { lead units } provenance { lineStart cell } } }
         supports(kinds: [REFORM]) { nodes { key name lead } } } }""",
    f"""{{ neighbourhood(id: "{TASK}", depth: 2) {{ truncated nodes {{ id displayName labels
         ... on Policy {{ title level }} ... on Department {{ aka: name }} }} edges {{ id type start end }} }} }}""",
    """{ search(text: "养老", first: 30) { totalCount nodes { score type node { id ... on Item { ref name } } } } }""",
    """{ policies(first: 25, orderBy: [{by: CITATION_COUNT, direction: DESC}]) { nodes { title level kind issuer
         citationCount } } indicators(first: 25) { nodes { name value unit comparator text } } }""",
    # a null root field beside a list; an error in one field beside plain fields
    """{ node(id: "Task:nothing/here") { id } items(first: 3) { nodes { name } } }""",
    """{ search(text: "养老", first: 3) { nodes { score excerpt(length: 5) node { id } } } }""",
]


def _run(schema: Any, neo4j_settings: Settings, query: str) -> dict[str, Any]:
    async def go() -> dict[str, Any]:
        graph = connect_async(neo4j_settings)
        try:
            result = await schema.execute(query, context_value=Context(graph=graph, named_queries=load_queries()))
        finally:
            await graph.close()
        return {"data": result.data, "errors": [e.formatted for e in result.errors or []]}

    return asyncio.run(go())


@pytest.mark.parametrize("query", QUERIES)
def test_answers_equal_the_usual_execution(query: str, neo4j_settings: Settings, sample_graph) -> None:
    fast = build_schema()
    usual = build_schema()
    usual.execution_context_class = StrawberryGraphQLCoreExecutionContext
    a, b = _run(fast, neo4j_settings, query), _run(usual, neo4j_settings, query)
    assert json.dumps(a, ensure_ascii=False, sort_keys=True) == json.dumps(b, ensure_ascii=False, sort_keys=True)
    assert a["data"] is not None
    assert bool(a["errors"]) == ("length: 5" in query)
