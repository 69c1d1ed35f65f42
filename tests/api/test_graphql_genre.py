"""The sample and real plans of other layouts (tests/data/genre) in one graph: GraphQL answers
across layouts, and a department name shared by three jurisdictions stays three departments."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.driver import Database
from graph.schema import ensure_schema
from graph.writer import write_document
from loaders import load_file
from tests.api.conftest import REFRESH, post

pytestmark = pytest.mark.neo4j

GENRE = Path(__file__).resolve().parents[1] / "data" / "genre"
#: the excerpts (their last item cut: --allow-partial) and the place given where the text names none
PLANS = {"lishan-2023-tasks": None, "guandu-2016-measures": "官渡区", "chuzhou-2020-tasks": None,
         "xuchang-2020-excerpt": None}


@pytest.fixture
def mixed(empty_graph: Database, sample_document) -> Database:
    ensure_schema(empty_graph)
    write_document(empty_graph, sample_document)
    for name, place in PLANS.items():
        document, _ = load_file(GENRE / f"{name}.txt", allow_partial=True, jurisdiction=place)
        write_document(empty_graph, document)
    empty_graph.write(REFRESH)
    return empty_graph


def test_departments_of_three_jurisdictions_are_not_merged(api, mixed) -> None:
    (error,) = post(api, '{ department(name: "区发改局") { name } }')["errors"]
    assert error["message"].startswith("区发改局 names departments in 3 jurisdictions (宁波市奉化区, 昆明市官渡区, 鞍山市立山区)")
    query = "query ($j: String) { department(name: \"区发改局\", jurisdiction: $j) { key leadCount } }"
    assert post(api, query, {"j": "鞍山市立山区"})["data"]["department"] == {"key": "鞍山市立山区/区发改局",
                                                                              "leadCount": 3}
    assert post(api, query, {"j": "昆明市官渡区"})["data"]["department"] == {"key": "昆明市官渡区/区发改局",
                                                                              "leadCount": 1}
    assert post(api, query, {"j": "宁波市奉化区"})["data"]["department"] == {"key": "宁波市奉化区/区发改局",
                                                                              "leadCount": 29}


def test_items_of_a_plan_of_another_layout(api, mixed) -> None:
    data = post(api, '{ items(where: {jurisdiction: "滁州市"}) { totalCount nodes { name } } }')["data"]
    assert data["items"]["totalCount"] == 4
    assert [n["name"] for n in data["items"]["nodes"]] == [
        "地区生产总值增长8%以上", "财政收入增长8%左右", "固定资产投资增长10%以上", "社会消费品零售总额增长10.5%以上"]


def test_schedule_and_search_reach_a_deadline_written_in_the_text(api, mixed) -> None:
    due = post(api, '{ schedule(month: 5, dueOnly: true, first: 100) { nodes { label item { name } } } }')
    found = [(n["label"], n["item"]["name"]) for n in due["data"]["schedule"]["nodes"]
             if n["item"]["name"].startswith("精简")]
    assert found == [("5月底前", "精简项目审批手续")]
    hits = post(api, '{ search(text: "中介超市", types: [TASK]) { nodes { node { ... on Item { name ref } } } } }')
    assert [n["node"]["name"] for n in hits["data"]["search"]["nodes"]] == ["精简项目审批手续"]
