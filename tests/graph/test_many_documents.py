"""Many plans (districts × years) in one graph: nothing merged across districts,
provincial policies shared, each document its own."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from graph.config import Settings
from graph.driver import connect
from graph.writer import counts, list_documents
from loaders import parse_bytes
from loaders.synth import UNIT_ALIASES, synthesize
from policykg.pipeline import Parsed, write_all
from tests.conftest import WIPE
from tests.helpers import managed_server

N = 100


@pytest.fixture(scope="module")
def corpus():
    return synthesize(N, seed=5)


@pytest.fixture(scope="module")
def parsed(corpus):
    out = []
    for synth in corpus:
        doc, report = parse_bytes(synth.text.encode("utf-8"), synth.filename)
        out.append(Parsed.of(Path(synth.filename), doc, report))
    return out


@pytest.fixture(scope="module")
def many(neo4j_server, parsed, tmp_path_factory):
    """A graph holding the 100 plans. On a managed run it is a server of its own, thrown
    away afterwards (cheaper than deleting 100 000 nodes); on an external server, the
    run's database, wiped before and after."""
    if neo4j_server.managed is None:
        with connect(neo4j_server.settings) as conn:
            _wipe(conn)
            write_all(conn, parsed)
            yield conn
            _wipe(conn)
        return
    server = managed_server(tmp_path_factory.mktemp("neo4j-many"), auth=False)
    info = server.start()
    try:
        with connect(Settings(neo4j_uri=info.uri)) as conn:
            write_all(conn, parsed)
            yield conn
    finally:
        server.stop()


def _wipe(conn) -> None:
    conn.write_auto_commit(WIPE)


def test_every_document_whole(many, corpus, parsed):
    assert len(list_documents(many)) == N
    tasks = many.read("MATCH (d:Document)-[:CONTAINS]->(t:Task) RETURN d.id AS id, count(t) AS n")
    expected = {p.document.id: len(s.truth.tasks.rows) for p, s in zip(parsed, corpus, strict=True)}
    assert {r["id"]: r["n"] for r in tasks} == expected


def test_departments_never_cross_districts(many, corpus):
    expected: dict[str, set[str]] = defaultdict(set)
    for synth in corpus:
        for table in (synth.truth.tasks, synth.truth.reforms):
            for row in table.rows:
                expected[synth.truth.jurisdiction] |= {UNIT_ALIASES.get(u, u) for u in row.units}
    rows = many.read("MATCH (d:Department) RETURN d.jurisdiction AS j, collect(d.name) AS names")
    got = {r["j"]: set(r["names"]) for r in rows}
    for jurisdiction, names in expected.items():
        assert names <= got[jurisdiction]
    crossing = many.read(
        """
        MATCH (dep:Department)-[:RESPONSIBLE_FOR]->(i:Item)
        WHERE i.jurisdiction <> dep.jurisdiction
        RETURN count(*) AS n
        """
    ).single_value()
    assert crossing == 0
    # a district loaded for several years keeps one node per unit
    per_key = many.read("MATCH (d:Department) RETURN d.key AS k, count(*) AS n ORDER BY n DESC LIMIT 1").first()
    assert per_key["n"] == 1


def test_district_years_share_departments(many, corpus):
    years: dict[str, set[int]] = defaultdict(set)
    for synth in corpus:
        years[synth.truth.jurisdiction].add(synth.truth.year)
    jurisdiction = next(j for j, ys in years.items() if len(ys) >= 2)
    row = many.read(
        """
        MATCH (dep:Department {jurisdiction: $j})-[:RESPONSIBLE_FOR]->(i:Item)
        WITH dep, collect(DISTINCT i.year) AS years
        RETURN max(size(years)) AS most
        """,
        {"j": jurisdiction},
    ).first()
    assert row["most"] >= 2


def test_provincial_policy_is_shared(many, corpus):
    cited_by: dict[str, set[str]] = defaultdict(set)
    for synth in corpus:
        for table in (synth.truth.tasks, synth.truth.reforms):
            for row in table.rows:
                for titles in row.policies.values():
                    for title in titles:
                        if title.startswith("浙江省"):
                            cited_by[title].add(synth.truth.jurisdiction)
    title, districts = max(cited_by.items(), key=lambda kv: len(kv[1]))
    assert len(districts) >= 3
    row = many.read(
        """
        MATCH (p:Policy) WHERE p.title = $title
        OPTIONAL MATCH (p)<-[:CITES]-(i:Item)
        RETURN count(DISTINCT p) AS nodes, p.level AS level, collect(DISTINCT i.jurisdiction) AS js
        """,
        {"title": title},
    ).first()
    assert row["nodes"] == 1 and row["level"] == "省"
    assert set(row["js"]) == districts


def test_district_policies_stay_apart(many):
    leaked = many.read(
        """
        MATCH (p:Policy {level: '区'})<-[:CITES]-(i:Item)
        WITH p, collect(DISTINCT i.jurisdiction) AS js
        WHERE size(js) > 1
        RETURN count(p) AS n
        """
    ).single_value()
    assert leaked == 0


def test_totals(many, parsed):
    nodes, rels = counts(many)
    assert nodes > 100 * 200 and rels > nodes
