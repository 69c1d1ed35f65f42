"""The sample, real plans of other layouts (tests/data/genre) and synthetic plans of every layout
in one graph: GraphQL answers across layouts, exact values read by hand or from the generator's
truth, and a department name shared by several jurisdictions stays one department in each."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph.driver import Database
from graph.schema import ensure_schema
from graph.writer import write_document
from loaders import load_file, parse_bytes
from loaders.synth import UNIT_ALIASES, NumberedItem, synthesize, synthesize_numbered
from tests.api.conftest import post

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


def test_an_item_keeps_its_number_section_and_word_as_written(api, mixed) -> None:
    query = """{ items(where: {jurisdiction: "鞍山市立山区", numberText: "2."}) {
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
    assert sorted(n["jurisdiction"] for n in data["numbered"]["nodes"]) == ["昆明市官渡区", "滁州市", "许昌市", "鞍山市立山区"]
    assert data["xuchang"]["nodes"] == [{"jurisdiction": "许昌市", "layout": "numbered-items"}]


def test_a_jurisdiction_resolved_to_its_division_is_served_with_it(api, empty_graph: Database) -> None:
    # what the divisions data set gives the header reader (许昌市 -> 河南省许昌市): written when present
    document, _ = load_file(GENRE / "xuchang-2020-excerpt.txt", allow_partial=True)
    resolved = replace(document.jurisdiction, full_name="河南省许昌市", code="411000", province="河南省")
    ensure_schema(empty_graph)
    write_document(empty_graph, replace(document, jurisdiction=resolved))
    query = '{ jurisdictions(where: {province: "河南省"}) { nodes { name fullName code province level } } }'
    assert post(api, query)["data"]["jurisdictions"]["nodes"] == [
        {"name": "许昌市", "fullName": "河南省许昌市", "code": "411000", "province": "河南省", "level": "prefecture"}]
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


# --- the sample, real plans and synthetic plans of every layout in one graph -----------------

NUMBERED = synthesize_numbered(6, seed=3)  # 西汀区 three years, 和泉区, 江滨区, 檀湾区; all four styles
TEMPLATE = synthesize(1, seed=5)  # 嘉兴市泓林区
SYNTH_PLACES = sorted({d.truth.jurisdiction for d in NUMBERED})


@pytest.fixture
def every_layout(mixed: Database) -> Database:
    for synth in (*TEMPLATE, *NUMBERED):
        document, _ = parse_bytes(synth.text.encode("utf-8"), synth.filename)
        write_document(mixed, document)
    return mixed


def _template_leads(unit: str) -> int:
    truth = TEMPLATE[0].truth
    firsts = [r.units[0] for t in (truth.tasks, truth.reforms) for r in t.rows]
    firsts += [m.units[0] for a in truth.areas for m in a.measures]
    return sum(1 for u in firsts if UNIT_ALIASES.get(u, u) == unit)


def _numbered_items(place: str) -> list[NumberedItem]:
    return [i for d in sorted(NUMBERED, key=lambda d: d.truth.year) if d.truth.jurisdiction == place
            for i in d.truth.items]


def test_a_department_of_every_layout_stays_in_its_jurisdiction(api, every_layout) -> None:
    unit = "区发改局"
    expected = {"宁波市奉化区": 29, "鞍山市立山区": 3, "昆明市官渡区": 1, TEMPLATE[0].truth.jurisdiction: _template_leads(unit)}
    expected |= {p: sum(unit in i.lead for i in _numbered_items(p)) for p in SYNTH_PLACES
                 if any(unit in i.lead + i.support for i in _numbered_items(p))}
    (error,) = post(api, f'{{ department(name: "{unit}") {{ name }} }}')["errors"]
    named = error["message"].split("(", 1)[1].split(")", 1)[0].split(", ")
    assert error["message"].startswith(f"{unit} names departments in {len(expected)} jurisdictions")
    assert sorted(named) == sorted(expected)
    query = """query ($j: String) { department(name: "区发改局", jurisdiction: $j) {
        key jurisdiction leadCount leads { nodes { ... on Item { numberText name document { layout year } } } } } }"""
    for place, leads in expected.items():
        found = post(api, query, {"j": place})["data"]["department"]
        assert (found["key"], found["jurisdiction"], found["leadCount"]) == (f"{place}/{unit}", place, leads), place
    # one unit of four synthetic districts: four departments, each with its own plans' items
    unit = "区农业农村局"
    either = "[" + ", ".join(f'{{jurisdiction: "{p}"}}' for p in SYNTH_PLACES) + "]"
    found = post(api, f'{{ departments(where: {{name: "{unit}", OR: {either}}}) {{ nodes {{ key leadCount '
                      'supportCount } } }')["data"]["departments"]["nodes"]
    assert sorted((n["key"], n["leadCount"], n["supportCount"]) for n in found) == sorted(
        (f"{p}/{unit}", sum(unit in i.lead for i in _numbered_items(p)), sum(unit in i.support for i in _numbered_items(p)))
        for p in SYNTH_PLACES)
    # 西汀区's plans of three years, in the order of their documents, each item as its plan numbers it
    got = post(api, query.replace("区发改局", unit), {"j": "西汀区"})["data"]["department"]["leads"]["nodes"]
    meant = [(d.truth.year, i) for d in sorted(NUMBERED, key=lambda d: d.truth.year) if d.truth.jurisdiction == "西汀区"
             for i in d.truth.items if unit in i.lead]
    assert len({year for year, _ in meant}) == 3
    assert [(n["document"]["year"], n["numberText"], n["name"], n["document"]["layout"]) for n in got] == [
        (year, i.number_text, i.name, "numbered-items") for year, i in meant]


def test_items_schedule_and_search_across_layouts(api, every_layout) -> None:
    either = "[" + ", ".join(f'{{jurisdiction: "{p}"}}' for p in SYNTH_PLACES) + "]"
    counted = post(api, f"""{{ numbered: items(where: {{OR: {either}, layout: "numbered-items"}}) {{ totalCount }}
        template: items(where: {{jurisdiction: "{TEMPLATE[0].truth.jurisdiction}", layout: "template"}}) {{ totalCount }}
        }}""")["data"]
    assert counted["numbered"]["totalCount"] == sum(len(d.truth.items) for d in NUMBERED)
    truth = TEMPLATE[0].truth
    assert counted["template"]["totalCount"] == len(truth.tasks.rows) + len(truth.reforms.rows) + sum(
        len(a.measures) for a in truth.areas)
    # one plan's items, their section paths and units as written
    plan = NUMBERED[3].truth
    query = """query ($j: String) { items(where: {jurisdiction: $j}, first: 100) { nodes {
        numberText sectionPath kindText name lead units responsible { role department { key } } } } }"""
    nodes = post(api, query, {"j": plan.jurisdiction})["data"]["items"]["nodes"]
    assert [(n["numberText"], tuple(n["sectionPath"]), n["kindText"], n["name"], n["lead"], n["units"]) for n in nodes] == [
        (i.number_text, i.section_path, plan.kind_text, i.name, i.lead[0], i.lead + i.support) for i in plan.items]
    assert all(r["department"]["key"].startswith(plan.jurisdiction + "/") for n in nodes for r in n["responsible"])
    # deadlines written in the text, by the month they fall due
    for month in (12, 6):
        due = post(api, f"{{ schedule(month: {month}, dueOnly: true, where: {{item: {{OR: {either}}}}}, first: 100) "
                        "{ totalCount nodes { label item { name numberText jurisdiction } } } }")["data"]["schedule"]
        assert due["totalCount"] == len(due["nodes"])
        got = sorted((n["item"]["jurisdiction"], n["item"]["numberText"], n["item"]["name"], n["label"])
                     for n in due["nodes"])
        meant = sorted((d.truth.jurisdiction, i.number_text, i.name, label) for d in NUMBERED for i in d.truth.items
                       for label, end in i.deadlines if end == month)
        assert got == meant and meant, month
    # search finds an item of a numbered plan by its name, in its jurisdiction only
    item = plan.items[0]
    places = {(d.truth.jurisdiction, i.number_text) for d in NUMBERED for i in d.truth.items if i.name == item.name}
    hits = post(api, f'{{ search(text: "{item.name}", types: [TASK], first: 50) {{ nodes {{ node {{ '
                     '... on Item { name numberText jurisdiction } } } } }')["data"]["search"]["nodes"]
    named = {(h["node"]["jurisdiction"], h["node"]["numberText"]) for h in hits if h["node"]["name"] == item.name}
    assert named == places and (plan.jurisdiction, item.number_text) in named
