"""The checked-in api/schema.graphql matches the code; names are ASCII, descriptions bilingual;
the API exposes no mutation."""

from __future__ import annotations

import re

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from api.schema import SCHEMA_FILE, schema, sdl
from api.schema.__main__ import main

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{2}")


def test_schema_file_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), "run `python -m api.schema` to rewrite it"
    assert main(["--check"]) == 0


def _our_types():
    for name, type_ in schema._schema.type_map.items():
        if not name.startswith("__") and isinstance(
            type_, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType, GraphQLEnumType)
        ):
            yield name, type_


def test_names_are_ascii_and_descriptions_bilingual() -> None:
    missing = []
    for name, type_ in _our_types():
        assert name.isascii(), name
        if not (type_.description and CJK.search(type_.description) and LATIN.search(type_.description)):
            missing.append(name)
        for field_name, field in getattr(type_, "fields", {}).items():
            assert field_name.isascii(), f"{name}.{field_name}"
            text = field.description or ""
            if not (CJK.search(text) and LATIN.search(text + field_name)):
                missing.append(f"{name}.{field_name}")
    assert missing == []


def test_read_only() -> None:
    assert schema._schema.mutation_type is None
    assert schema._schema.subscription_type is None


def test_root_fields() -> None:
    assert set(schema._schema.query_type.fields) >= set([
        "health", "node", "nodes", "department", "documents", "jurisdictions", "areas", "departments", "items",
        "itemsCitingPolicy", "itemsTargeting", "policies", "indicators", "schedule", "places", "search",
        "neighbourhood", "paths", "statistics", "namedQueries", "runNamedQuery",
    ])
