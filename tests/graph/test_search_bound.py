"""Search asks Lucene for its best hits only, and the page is still the one every hit gives:
compared with all hits read by plain Cypher and sorted here (score, best first, then key),
where many hits tie in score across the end of the page, where the type filter or
``min_score`` leaves few of Lucene's best, and with items named by number put first."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from graph import read as reads
from graph.cypher import AWAIT_SEARCH_INDEX, FULLTEXT_INDEX
from graph.driver import Database
from graph.registry import Label
from graph.select import Select
from loaders import parse_bytes
from loaders.synth import synthesize
from policykg.pipeline import Parsed, write_all
from tests.conftest import WIPE

pytestmark = pytest.mark.neo4j

#: Departments of one name in districts of their own: hits of 民政 that tie in score. They are
#: written in descending key order, so Lucene's own order among them (the order they were
#: indexed in) is the reverse of the page's, and a page cut from Lucene's first few is wrong.
TIED = 150
ALL_HITS = ("CALL db.index.fulltext.queryNodes($index, $query) YIELD node AS v, score "
            "RETURN coalesce(v.key, v.id, v.name) AS key, labels(v) AS labels, score")


@pytest.fixture(scope="module")
def plans(graph: Database) -> Database:
    with graph.driver.session(database=graph.database) as session:
        session.run(WIPE).consume()
    parsed = []
    for synth in synthesize(4, seed=3):
        document, report = parse_bytes(synth.text.encode("utf-8"), synth.filename)
        parsed.append(Parsed.of(Path(synth.filename), document, report))
    write_all(graph, parsed)
    graph.write("MATCH (d:Department {name: '区民政局'}) WITH d LIMIT 1 UNWIND $places AS j "
                "CREATE (n:Department) SET n = d {.*, key: j + '/区民政局', jurisdiction: j}",
                {"places": [f"测试{i:03d}区" for i in reversed(range(TIED))]})
    graph.read(AWAIT_SEARCH_INDEX)  # the copies are in the full-text index (refreshed in the background)
    return graph


def every_hit(conn: Database, text: str, labels: Sequence[Label] = (), min_score: float = 0.0,
              exclude: Sequence[str] = ()) -> list[tuple[str, float]]:
    """(key, score) of every hit, as the page orders them, read without any bound."""
    rows = conn.read(ALL_HITS, {"index": FULLTEXT_INDEX, "query": reads.lucene_text(text)})
    hits = [(r["key"], r["score"]) for r in rows
            if (not labels or any(label.value in r["labels"] for label in labels))
            and r["score"] >= min_score and r["key"] not in exclude]
    return sorted(hits, key=lambda h: (-h[1], h[0]))


def searched(conn: Database, text: str, **options: Any) -> tuple[list[tuple[str, float]], bool, int | None]:
    hits, has_next, total = reads.search(text, Select(), text_wanted=False, **options).run(conn)
    return [(h.node["__key"], h.score) for h in hits], has_next, total


def statements(caplog: pytest.LogCaptureFixture) -> int:
    return sum(r.getMessage().startswith("statement:") for r in caplog.records if r.name == "graph.read")


def test_lucene_bound_cuts_ties_in_its_own_order(plans: Database) -> None:
    """The premise: Lucene's best few of the tied hits are not the first few by key."""
    first = every_hit(plans, "民政")
    assert sum(score == first[0][1] for _, score in first) >= TIED
    bound = reads._first_bound(11)
    rows = plans.read("CALL db.index.fulltext.queryNodes($index, $query, {limit: $n}) YIELD node AS v, score "
                      "RETURN coalesce(v.key, v.id, v.name) AS key, score",
                      {"index": FULLTEXT_INDEX, "query": "民政", "n": bound})
    assert [(r["key"], r["score"]) for r in rows] != first[:bound]
    assert len(rows) == bound


@pytest.mark.parametrize(("offset", "limit"), [(0, 1), (0, 10), (7, 3), (140, 10), (150, 10), (300, 20)])
def test_a_page_across_tied_scores_is_the_unbounded_page(plans: Database, caplog: pytest.LogCaptureFixture,
                                                         offset: int, limit: int) -> None:
    expected = every_hit(plans, "民政")
    caplog.set_level(logging.DEBUG, logger="graph.read")

    page, has_next, total = searched(plans, "民政", offset=offset, limit=limit, total=True)

    assert page == expected[offset:offset + limit]
    assert has_next == (len(expected) > offset + limit)
    assert total == len(expected)
    if reads._first_bound(offset + limit + 1) < len(expected):  # else Lucene returned every hit at once
        assert statements(caplog) > 1  # the first bound fell among the tied hits and was widened


@pytest.mark.parametrize("labels", [[Label.TASK], [Label.REFORM, Label.MEASURE], [Label.MEASURE], [Label.DEPARTMENT]])
@pytest.mark.parametrize(("offset", "limit"), [(0, 5), (3, 20)])
def test_a_type_filter_leaving_few_of_the_best_hits_is_the_unbounded_page(
        plans: Database, labels: list[Label], offset: int, limit: int) -> None:
    expected = every_hit(plans, "民政", labels)
    assert expected, "the filter leaves some hits"

    page, has_next, total = searched(plans, "民政", labels=labels, offset=offset, limit=limit, total=True)

    assert page == expected[offset:offset + limit]
    assert has_next == (len(expected) > offset + limit)
    assert total == len(expected)


@pytest.mark.parametrize("text", ["民政", "养老", "推进"])
@pytest.mark.parametrize("rank", [3, 40, 120, 400])
def test_min_score_is_the_unbounded_page(plans: Database, text: str, rank: int) -> None:
    """``min_score`` at the score of the hit at ``rank``: most of the page's hits, or few."""
    hits = every_hit(plans, text)
    min_score = hits[min(rank, len(hits) - 1)][1]
    expected = every_hit(plans, text, min_score=min_score)

    for offset, limit in [(0, 10), (5, 50)]:
        page, has_next, total = searched(plans, text, min_score=min_score, offset=offset, limit=limit, total=True)

        assert page == expected[offset:offset + limit]
        assert has_next == (len(expected) > offset + limit)
        assert total == len(expected)


@pytest.mark.parametrize("text", ["养老", "推进", "教育"])
@pytest.mark.parametrize(("offset", "limit"), [(0, 3), (0, 100), (25, 25)])
def test_a_page_of_plan_text_is_the_unbounded_page(plans: Database, text: str, offset: int, limit: int) -> None:
    expected = every_hit(plans, text)

    page, has_next, _ = searched(plans, text, offset=offset, limit=limit)

    assert page == expected[offset:offset + limit]
    assert has_next == (len(expected) > offset + limit)


@pytest.mark.parametrize(("offset", "limit"), [(0, 2), (2, 10), (100, 10)])
def test_items_named_by_number_come_first_then_the_unbounded_page(plans: Database, offset: int, limit: int) -> None:
    text = "民政 任务3"
    numbered = sorted(r["key"] for r in plans.read("MATCH (v:Task) WHERE v.key ENDS WITH '/task/3' RETURN v.key AS key"))
    assert len(numbered) > 1
    rest = every_hit(plans, text, exclude=numbered)
    expected = [(key, rest[0][1]) for key in numbered] + rest

    page, has_next, total = searched(plans, text, offset=offset, limit=limit, total=True)

    assert page == expected[offset:offset + limit]
    assert has_next == (len(expected) > offset + limit)
    assert total == len(expected)


def test_a_word_no_node_has_is_an_empty_page(plans: Database) -> None:
    assert searched(plans, "量子纠缠", total=True) == ([], False, 0)


@pytest.mark.parametrize("labels", [[], [Label.TASK]])
def test_past_the_largest_bound_every_hit_is_read(plans: Database, caplog: pytest.LogCaptureFixture,
                                                  monkeypatch: pytest.MonkeyPatch, labels: list[Label]) -> None:
    monkeypatch.setattr(reads, "SEARCH_BOUND_MAX", 30)
    expected = every_hit(plans, "民政", labels)
    caplog.set_level(logging.DEBUG, logger="graph.read")

    page, has_next, total = searched(plans, "民政", labels=labels, offset=2, limit=5, total=True)

    assert page == expected[2:7]
    assert has_next and total == len(expected)
    last = [r.getMessage() for r in caplog.records if r.getMessage().startswith("statement:")][-1]
    assert "{limit:" not in last
