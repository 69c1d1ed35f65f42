"""A synthetic district's plan loaded beside the sample: the places and years a question
names are read from the graph, so each district's questions rank the same way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import graph.read as reads
from api.chat.grounding import intents
from api.chat.lexicon import Lexicon
from graph.config import Settings
from graph.driver import Database
from graph.schema import ensure_schema
from graph.writer import write_document
from loaders import parse_bytes
from loaders.model import Document
from loaders.synth import SynthDocument, synthesize
from tests.api.conftest import api_client, sample_document  # noqa: F401  (fixture)

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def other() -> SynthDocument:
    """A district under another city, in another year than the sample's (宁波市, 2022)."""
    return next(d for d in synthesize(20, 7) if d.truth.city != "宁波市" and d.truth.year != 2022)


@pytest.fixture(scope="module")
def other_document(other: SynthDocument) -> Document:
    document, _ = parse_bytes(other.text.encode("utf-8"), other.filename)
    return document


@pytest.fixture
def both(empty_graph: Database, sample_document: Document, other_document: Document) -> Database:  # noqa: F811
    ensure_schema(empty_graph)
    write_document(empty_graph, sample_document)
    write_document(empty_graph, other_document)
    return empty_graph


@pytest.fixture
def chat(both: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with api_client(neo4j_settings) as client:
        yield client


def _lexicon(graph: Database) -> Lexicon:
    version, entries = reads.lexicon().run(graph)
    return Lexicon.build(version, entries, reads.lexicon_places().run(graph))


def test_places_and_years_come_from_the_graph(both: Database, other: SynthDocument) -> None:
    t = other.truth
    lexicon = _lexicon(both)

    assert lexicon.places == {
        "宁波市奉化区", "奉化区", "奉化", "宁波市", "宁波", "2022", "2022年",
        t.jurisdiction, t.short_name, t.short_name[:-1], t.city, t.city[:-1], str(t.year), f"{t.year}年",
    }
    assert lexicon.levels == {"宁波市": "市", t.city: "市"}
    for city in ("宁波市", t.city):
        assert intents(f"{city}层面出台了哪些政策", lexicon).levels == {"市"}
    assert intents(f"{t.city}层面出台了哪些政策").levels == frozenset()  # without the graph's names


def _city_policies(document: Document) -> list[str]:
    return sorted({p.title for item in document.items for p in item.policies if p.level == "市"})


def test_each_districts_city_asks_for_the_city_level_policies(chat: TestClient, sample_document: Document,  # noqa: F811
                                                               other_document: Document, other: SynthDocument) -> None:
    titles = _city_policies(sample_document) + _city_policies(other_document)
    found = {}
    for city in ("宁波市", other.truth.city):
        response = chat.get("/context", params={"q": f"{city}层面出台了哪些政策"})
        assert response.status_code == 200, response.text
        found[city] = [title for title in titles if title in response.json()["text"]]
    assert found["宁波市"], found
    assert found[other.truth.city] == found["宁波市"]
