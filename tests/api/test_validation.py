"""GraphQL validation in a worker thread (``ValidateInThread``, for ``execute``) and inline
(``ValidateInline``, for ``execute_sync``): the same errors, each document validated once,
an unparsable one answered by its parse error. Refused before anything is read: no Neo4j."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from api.schema import build_schema, limits
from api.schema.limits import Limits

DEEP = '{ department(name: "区发改局") { leads(first: 1) { nodes { key } } } }'


def _execute(schema: Any, query: str) -> Any:
    # a loop of its own thread: the browser tests' sync Playwright may hold one in the main thread
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, schema.execute(query)).result()


def _messages(result: Any) -> list[str]:
    assert result.data is None and result.errors, result
    return [e.message for e in result.errors]


@pytest.fixture
def validated(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The documents graphql-core's ``validate`` is called on, as the extensions call it."""
    documents: list[Any] = []
    validate = limits.validate

    def counted(schema: Any, document: Any, rules: Any) -> Any:
        documents.append(document)
        return validate(schema, document, rules)

    monkeypatch.setattr(limits, "validate", counted)
    return documents


def test_in_a_thread_and_inline_the_same_errors_each_document_validated_once(validated: list[Any]) -> None:
    schema = build_schema(Limits(max_depth=2))
    unknown = f"{{ nope{uuid.uuid4().hex} }}"  # a document no other test parsed

    for query in (unknown, DEEP):
        threaded = _messages(_execute(schema, query))
        inline = _messages(schema.execute_sync(query))
        again = _messages(_execute(schema, query))
        assert threaded == inline == again

    assert "Cannot query field" in _messages(schema.execute_sync(unknown))[0]
    assert _messages(schema.execute_sync(DEEP)) == ["'anonymous' exceeds maximum operation depth of 2"]
    # the parser cache hands a repeated query the same document: its errors were kept
    assert len(validated) == 2 and validated[0] is not validated[1]


def test_an_unparsable_document_is_answered_by_its_parse_error(validated: list[Any]) -> None:
    schema = build_schema()
    broken = f"{{ department{uuid.uuid4().hex}("

    threaded = _messages(_execute(schema, broken))
    inline = _messages(schema.execute_sync(broken))

    assert threaded == inline and threaded[0].startswith("Syntax Error")
    assert validated == []
