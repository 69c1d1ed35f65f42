"""The documentation says what the code does.

GraphQL API (README "GraphQL API", queries/README.md, api/schema.graphql): every example query
gives exactly the output shown, on the sample; the root fields and limits listed exist with
the stated defaults; queries/README.md lists every named query.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from api import ApiSettings
from api.schema import schema
from graph.named_queries import load_queries
from tests.api.conftest import api, post, sample_document, sample_graph  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start: end if end != -1 else None]


GRAPHQL_SECTION = _section(README, "GraphQL API")
EXAMPLES = re.findall(r"```graphql\n(.*?)```\s*```json\n(.*?)```", GRAPHQL_SECTION, re.S)


def test_graphql_section_has_five_examples() -> None:
    assert len(EXAMPLES) == 5


@pytest.mark.neo4j
@pytest.mark.parametrize("number", range(len(EXAMPLES)), ids=[f"example {i + 1}" for i in range(len(EXAMPLES))])
def test_graphql_examples_give_the_output_shown(number: int, api, sample_graph) -> None:  # noqa: F811
    query, output = EXAMPLES[number]
    assert post(api, query) == json.loads(output)


def test_root_fields_listed_exist() -> None:
    table = GRAPHQL_SECTION[GRAPHQL_SECTION.index("| root field |"): GRAPHQL_SECTION.index("Conventions:")]
    listed = {name for cell in re.findall(r"^\| (.*?) \|", table, re.M) for name in re.findall(r"`(\w+)", cell)}
    listed.discard("root")
    fields = set(schema._schema.query_type.fields)
    assert listed - fields == set()
    mine = fields - {"context"}  # the chatbot feed's field is documented with it
    assert mine - listed == set()


def test_limits_listed_with_their_defaults() -> None:
    table = _section(README, "GraphQL API").split("### Limits", 1)[1].split("###", 1)[0]
    rows = re.findall(r"^\| `(POLICYKG_GRAPHQL_\w+)`(?: / `(\w+)`)? \| `(\d+)`(?: / `(\d+)`)? \|", table, re.M)
    aliases = {f.validation_alias: f.default for f in ApiSettings.model_fields.values()
               if isinstance(f.validation_alias, str)}
    assert rows
    for first, second, default, second_default in rows:
        assert aliases[first] == int(default), first
        if second:
            name = second if second.startswith("POLICYKG_") else first.rsplit("_", 1)[0] + second
            assert aliases[name] == int(second_default), name


def test_queries_readme_lists_every_named_query() -> None:
    text = (ROOT / "queries" / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(\w+)` \|", text, re.M))
    assert listed == set(load_queries())
