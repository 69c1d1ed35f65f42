"""Several plans loaded: the sample (宁波市奉化区 2022) and two synthetic plans of one other
district (温州市檀溪区 2024 and 2025, ``synthesize(3, seed=11)``), which share departments with
each other and provincial policies and areas with the sample. Search and the panel name a
node's document and jurisdiction; the filters restrict the view to chosen documents or
jurisdictions, a shared node staying only where a drawn node of those documents links it.

What the view must keep is worked out here from the graph (Cypher below) and the nodes drawn
before the filter; what the page keeps is read off Cytoscape.
"""

from __future__ import annotations

import json
from collections import deque
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from graph.driver import Database
from graph.read import labelled_id
from graph.schema import ensure_schema
from loaders.synth import synthesize
from policykg.pipeline import parse_all, write_all
from tests.explorer.conftest import READY, SAMPLE, WIPE
from tests.explorer.test_explorer import drawn, suggested, wait_ready

pytestmark = pytest.mark.neo4j
expect.set_options(timeout=20_000)

SHARED_DEPARTMENT = "Department:温州市檀溪区/区人力社保局"  # the sample has a 区人力社保局 of its own
SHARED_POLICY = "浙江省深化千万工程建设新时代美丽乡村行动计划(2021-2025年)"  # cited by both districts
NODES = """
MATCH (n) RETURN labels(n) AS labels, coalesce(n.key, n.id, n.name) AS key,
       CASE WHEN n:Document THEN n.id ELSE n.document END AS document, n.name AS name
"""
LINKS = "MATCH (a)-[]->(b) RETURN labels(a) AS al, coalesce(a.key, a.id, a.name) AS ak, " \
        "labels(b) AS bl, coalesce(b.key, b.id, b.name) AS bk"
DOCUMENTS = "MATCH (d:Document) RETURN d.id AS id, d.jurisdiction AS jurisdiction, d.year AS year ORDER BY d.id"


@pytest.fixture(scope="module")
def explorer_graph(graph: Database, tmp_path_factory: pytest.TempPathFactory) -> Database:
    """The run's Neo4j holding the sample and the two 檀溪区 plans."""
    folder = tmp_path_factory.mktemp("plans")
    plans = [s for s in synthesize(3, seed=11) if s.truth.jurisdiction == "温州市檀溪区"]
    assert [s.filename for s in plans] == ["d0000-2024-workpoints.txt", "d0000-2025-workpoints.txt"]
    for plan in plans:
        (folder / plan.filename).write_text(plan.text, encoding="utf-8")
    graph.write_auto_commit(WIPE)
    ensure_schema(graph)
    write_all(graph, parse_all([SAMPLE, *(folder / p.filename for p in plans)]))
    return graph


class Graph:
    """The whole graph as the oracle needs it: each node's document and name, and its links."""

    def __init__(self, db: Database) -> None:
        self.document: dict[str, str | None] = {}
        self.name: dict[str, str | None] = {}
        for r in db.read(NODES):
            node = labelled_id(r["labels"], r["key"])
            self.document[node] = r["document"]
            self.name[node] = r["name"]
        self.links: set[frozenset[str]] = {
            frozenset((labelled_id(r["al"], r["ak"]), labelled_id(r["bl"], r["bk"]))) for r in db.read(LINKS)}
        self.documents = {r["id"]: (r["jurisdiction"], r["year"]) for r in db.read(DOCUMENTS)}

    def kept(self, shown: set[str], focus: str, documents: set[str]) -> set[str]:
        """What a view of ``shown`` keeps when restricted to ``documents``: their own nodes, the
        jurisdictions they are about, shared nodes linked to a shown node of theirs; then what
        the focus still reaches."""
        places = {self.documents[d][0] for d in documents}
        own = {n for n in shown if self.document[n] in documents}
        linked = {n for n in shown if self.document[n] is None and (
            self.name[n] in places if n.startswith("Jurisdiction:")
            else any(frozenset((n, o)) in self.links for o in own))}
        kept = own | linked | {focus}
        reached, todo = {focus}, deque([focus])
        while todo:
            a = todo.popleft()
            for b in kept - reached:
                if frozenset((a, b)) in self.links:
                    reached.add(b)
                    todo.append(b)
        return reached


@pytest.fixture(scope="module")
def whole(explorer_graph: Database) -> Graph:
    return Graph(explorer_graph)


def open_view(page: Page, focus: str) -> None:
    page.goto(f"/explore?focus={focus}")
    page.wait_for_function(READY + " && window.explorer.cy.nodes().length > 1")


def expand(page: Page, node: str) -> None:
    page.evaluate("id => window.explorer.select(id)", node)
    expect(page.locator("#panel #btn-expand")).to_be_enabled()
    page.click("#panel #btn-expand")
    page.wait_for_function(READY + f" && window.explorer.state.expansions.includes({json.dumps(node)})")


def test_search_and_panel_name_the_document_and_jurisdiction(page: Page, whole: Graph) -> None:
    page.goto("/explore")
    wait_ready(page)
    found = suggested(page, "区人力社保局")
    assert {"Department:宁波市奉化区/区人力社保局", SHARED_DEPARTMENT} <= set(found)
    for department, place in (("Department:宁波市奉化区/区人力社保局", "宁波市奉化区"), (SHARED_DEPARTMENT, "温州市檀溪区")):
        expect(page.locator(f'#suggestions li[data-id="{department}"] .origin')).to_have_text(place)
    item = next(n for n in found if n.startswith(("Task:", "Reform:", "Measure:")))
    document = whole.document[item]
    jurisdiction, year = whole.documents[document]
    expect(page.locator(f'#suggestions li[data-id="{item}"] .origin')).to_contain_text(f"{jurisdiction}{year}年")

    page.locator(f'#suggestions li[data-id="{SHARED_DEPARTMENT}"]').click()
    page.wait_for_function(READY + " && window.explorer.cy.nodes().length > 1")
    expect(page.locator("#panel h2")).to_have_text("区人力社保局")
    expect(page.locator("#panel .origin .jurisdiction")).to_have_text("温州市檀溪区")
    # the document list names each plan with its place; the jurisdictions are listed too
    expect(page.locator("#documents li")).to_have_count(3)
    expect(page.locator("#places input")).to_have_count(2)
    assert sorted(page.locator("#places input").evaluate_all("els => els.map(e => e.value)")) == [
        "宁波市奉化区", "温州市檀溪区"]


def test_a_document_filter_keeps_only_what_its_items_link(page: Page, whole: Graph) -> None:
    open_view(page, SHARED_DEPARTMENT)
    before = drawn(page)
    by_year = {year: d for d, (place, year) in whole.documents.items() if place == "温州市檀溪区"}
    older, newer = by_year[2024], by_year[2025]
    assert {whole.document[n] for n in before} == {older, newer, None}
    # a 2025 item whose other units lead or support no 2024 item drawn: they come with it
    items = sorted(n for n in before if whole.document[n] == newer)
    item = next(i for i in items if any(
        not any(frozenset((d, o)) in whole.links for o in before if whole.document[o] == older)
        for d in (n for n in whole.document if n.startswith("Department:") and frozenset((i, n)) in whole.links
                  and n != SHARED_DEPARTMENT)))
    expand(page, item)
    shown = drawn(page)
    only_newer = {n for n in shown - before if n.startswith("Department:")
                  and not any(frozenset((n, o)) in whole.links for o in shown if whole.document[o] == older)}
    assert only_newer  # the test's point: shared units linked only through the 2025 plan
    assert "Jurisdiction:温州市檀溪区" in shown  # the hub through which they stayed in sight

    page.locator(f'#documents input[value="{older}"]').check()

    kept = drawn(page)
    assert kept == whole.kept(shown, SHARED_DEPARTMENT, {older})
    assert not kept & only_newer and item not in kept
    assert {whole.document[n] for n in kept} == {older, None}
    assert parse_qs(urlparse(page.url).query)["doc"] == [older]
    expect(page.locator("#stats")).to_contain_text(f"另有 {len(shown) - len(kept)} 个被隐藏或筛除")

    # both plans: everything again; Back restores the one-plan view
    page.locator(f'#documents input[value="{newer}"]').check()
    assert drawn(page) == whole.kept(shown, SHARED_DEPARTMENT, {older, newer}) == shown
    page.go_back()
    page.wait_for_function(READY + f" && window.explorer.cy.nodes().not('.off').length === {len(kept)}")
    assert drawn(page) == kept


def test_a_jurisdiction_filter_keeps_its_plans(page: Page, whole: Graph) -> None:
    policy = f"Policy:{SHARED_POLICY}"
    open_view(page, policy)
    before = drawn(page)
    sample = next(d for d, (place, _) in whole.documents.items() if place == "宁波市奉化区")
    theirs = {d for d, (place, _) in whole.documents.items() if place == "温州市檀溪区"}
    assert {whole.document[n] for n in before} == {sample, *theirs, None}
    item = sorted(n for n in before if whole.document[n] == sample)[0]
    expand(page, item)
    shown = drawn(page)
    assert any(n.startswith("Department:宁波市奉化区/") for n in shown)

    page.locator('#places input[value="温州市檀溪区"]').check()

    kept = drawn(page)
    assert kept == whole.kept(shown, policy, theirs)
    assert not any(n.startswith("Department:宁波市奉化区/") for n in kept) and item not in kept
    assert {whole.document[n] for n in kept} == {*theirs, None}
    assert parse_qs(urlparse(page.url).query)["jur"] == ["温州市檀溪区"]
    expect(page.locator("#documents-section")).to_be_visible()

    # a jurisdiction and one of its documents: that document alone
    older = min(theirs, key=lambda d: whole.documents[d][1])
    page.locator(f'#documents input[value="{older}"]').check()
    assert drawn(page) == whole.kept(shown, policy, {older})
    page.click("#reset")
    wait_ready(page)
    expect(page.locator("#places input:checked")).to_have_count(0)
