"""The sample and real plans of other layouts (tests/data/genre) in one graph: GraphQL answers
across layouts, and a department name shared by three jurisdictions stays three departments."""

from __future__ import annotations

from dataclasses import replace
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
    assert error["message"].startswith("区发改局 names departments in 3 jurisdictions (宁波市奉化区, 官渡区, 立山区)")
    query = "query ($j: String) { department(name: \"区发改局\", jurisdiction: $j) { key leadCount } }"
    assert post(api, query, {"j": "立山区"})["data"]["department"] == {"key": "立山区/区发改局", "leadCount": 3}
    assert post(api, query, {"j": "官渡区"})["data"]["department"] == {"key": "官渡区/区发改局", "leadCount": 1}
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


def test_an_item_keeps_its_number_section_and_word_as_written(api, mixed) -> None:
    query = """{ items(where: {jurisdiction: "立山区", numberText: "2."}) {
        nodes { ref number numberText sectionPath kindText name document { layout docNumber } } } }"""
    (node,) = post(api, query)["data"]["items"]["nodes"]
    assert node == {"ref": "2.", "number": 2, "numberText": "2.", "sectionPath": ["一、经济社会发展的主要预期目标"],
                    "kindText": "重点工作", "name": "规模上工业增加值增长5%左右",
                    "document": {"layout": "numbered-items", "docNumber": "鞍立政发〔2023〕2号"}}
    # the sample's template keeps none of them: its ref is its row number, as before
    sample = post(api, '{ items(where: {jurisdiction: "宁波市奉化区", kind: TASK, number: 25}) '
                       '{ nodes { ref numberText sectionPath kindText document { layout docNumber } } } }')
    assert sample["data"]["items"]["nodes"] == [{"ref": "25", "numberText": None, "sectionPath": None,
                                                 "kindText": None,
                                                 "document": {"layout": "template", "docNumber": None}}]


def test_items_and_documents_filtered_by_layout_and_the_plans_word(api, mixed) -> None:
    by_layout = post(api, '{ template: items(where: {layout: "template"}) { totalCount } '
                          'numbered: items(where: {layout: "numbered-items"}) { totalCount } '
                          'all: items { totalCount } }')["data"]
    assert by_layout["template"]["totalCount"] + by_layout["numbered"]["totalCount"] == by_layout["all"]["totalCount"]
    assert by_layout["template"]["totalCount"] == 174  # the sample: 73 tasks, 41 reforms, 60 measures
    worded = post(api, '{ items(where: {kindText: "重点工作", heading: "一、确保完成全年主要预期目标"}) '
                       '{ totalCount nodes { jurisdiction numberText } } }')["data"]["items"]
    assert worded["totalCount"] == 4
    assert [(n["jurisdiction"], n["numberText"]) for n in worded["nodes"]] == [
        ("滁州市", "1."), ("滁州市", "2."), ("滁州市", "3."), ("滁州市", "4.")]
    docs = post(api, '{ template: documents(where: {layout: "template"}) { nodes { jurisdiction } } '
                     'numbered: documents(where: {layout: "numbered-items"}) { nodes { jurisdiction } } '
                     'xuchang: documents(where: {docNumber: "许政〔2020〕20号"}) { nodes { jurisdiction layout } } }')
    data = docs["data"]
    assert [n["jurisdiction"] for n in data["template"]["nodes"]] == ["宁波市奉化区"]
    assert sorted(n["jurisdiction"] for n in data["numbered"]["nodes"]) == ["官渡区", "滁州市", "立山区", "许昌市"]
    assert data["xuchang"]["nodes"] == [{"jurisdiction": "许昌市", "layout": "numbered-items"}]


def test_a_jurisdiction_resolved_to_its_division_is_served_with_it(api, empty_graph: Database) -> None:
    # what the divisions data set gives the header reader (许昌市 -> 河南省许昌市): written when present
    document, _ = load_file(GENRE / "xuchang-2020-excerpt.txt", allow_partial=True)
    resolved = replace(document.jurisdiction, full_name="河南省许昌市", code="411000", province="河南省")
    ensure_schema(empty_graph)
    write_document(empty_graph, replace(document, jurisdiction=resolved))
    query = '{ jurisdictions(where: {province: "河南省"}) { nodes { name fullName code province level } } }'
    assert post(api, query)["data"]["jurisdictions"]["nodes"] == [
        {"name": "许昌市", "fullName": "河南省许昌市", "code": "411000", "province": "河南省", "level": "市"}]
    # a later version naming none keeps what was resolved
    write_document(empty_graph, document, force=True)
    assert post(api, query)["data"]["jurisdictions"]["nodes"][0]["fullName"] == "河南省许昌市"


def test_chat_facts_name_an_item_by_its_number_as_written(api, mixed) -> None:
    body = api.get("/context", params={"q": "精简项目审批手续由哪个单位牵头?"}).json()
    texts = [f["text"] for f in body["facts"]]
    assert any(t.startswith("重点工作1「精简项目审批手续」由") for t in texts), texts[:5]
    body = api.get("/context", params={"q": "立山区规模上工业增加值增长5%左右由谁牵头?"}).json()
    texts = [f["text"] for f in body["facts"]]
    assert any(t.startswith("重点工作2「规模上工业增加值增长5%左右」由") for t in texts), texts[:5]
