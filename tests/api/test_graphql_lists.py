"""List fields: where (AND/OR/NOT, relationship existence, text), orderBy (properties and
counts), cursor pagination, totalCount."""

from __future__ import annotations

import pytest

from tests.api.conftest import post

pytestmark = pytest.mark.neo4j


def test_relationship_existence_and_not(gql) -> None:
    # 附件三's last category, 共同富裕基本单元(4项) (line 1832): 未来社区标准(区住建局), 未来乡村标准(区农业农村局),
    # 未来社区可持续运营机制(区住建局), 城乡风貌整治提升(区住建局)
    query = """query ($where: DepartmentWhere) {
      departments(where: $where) { nodes { name leads(kinds: [REFORM], where: {areaName: "共同富裕基本单元"}) {
        nodes { ref } } } }
    }"""
    leads = {"leads": {"kind": "REFORM", "areaName": "共同富裕基本单元"}}
    found = gql(query, {"where": leads})["departments"]["nodes"]
    assert [(d["name"], [n["ref"] for n in d["leads"]["nodes"]]) for d in found] == [
        ("区住建局", ["38", "40", "41"]), ("区农业农村局", ["39"])]
    without = gql(query, {"where": {**leads, "NOT": {"name": "区住建局"}}})["departments"]["nodes"]
    assert [d["name"] for d in without] == ["区农业农村局"]


def test_and_or_and_text(gql) -> None:
    data = gql("""{
      byLead: items(where: {kind: TASK, OR: [{lead: "区民政局"}, {lead: "区医保局"}], hasMilestones: true}) {
        totalCount nodes { ref lead } }
      named: items(where: {nameContains: "养老"}) { nodes { kind ref name } }
      both: items(where: {AND: [{nameContains: "养老"}, {kindIn: [MEASURE]}]}) { totalCount }
      cited: items(kinds: [TASK], where: {cites: {docNumber: "甬政办发〔2020〕17号"}}) { nodes { ref } }
    }""")
    # 区民政局 leads tasks 17 (“人人慈善标杆区”建设), 38 and 40; 区医保局 leads no task
    assert data["byLead"] == {"totalCount": 3, "nodes": [
        {"ref": "17", "lead": "区民政局"}, {"ref": "38", "lead": "区民政局"}, {"ref": "40", "lead": "区民政局"}]}
    assert data["named"]["nodes"] == [
        {"kind": "MEASURE", "ref": "2.4", "name": "建立多层次、多支柱养老保险体系"},
        {"kind": "MEASURE", "ref": "4.4", "name": "完善养老服务网络"},
        {"kind": "REFORM", "ref": "30", "name": "普惠型养老机构改造提升"},
    ]
    assert data["both"] == {"totalCount": 2}
    # 《宁波市人民政府办公厅关于高质量推进未来社区试点建设工作的实施意见》(甬政办发〔2020〕17号)
    assert data["cited"]["nodes"] == []  # cited by reforms only
    reforms = gql('{ items(where: {cites: {docNumber: "甬政办发〔2020〕17号"}}) { nodes { kind ref } } }')
    assert {n["kind"] for n in reforms["items"]["nodes"]} == {"REFORM"}


def test_order_by_relationship_count(gql) -> None:
    # leads: 区发改局 29 (see test_graphql_questions); 区农业农村局 9 (seven annex rows, measures 3.5
    # and 3.6), 区卫健局 9 (seven rows written 区卫生健康局, measures 4.2 and 4.3), 区市场监管局 9
    # (six rows, measures 1.7, 1.12, 7.8); ties by key
    departments = gql("""{
      departments(orderBy: [{by: LEAD_COUNT, direction: DESC}], first: 4) { nodes { name leadCount } }
    }""")["departments"]["nodes"]
    assert [(d["name"], d["leadCount"]) for d in departments] == [
        ("区发改局", 29), ("区农业农村局", 9), ("区卫健局", 9), ("区市场监管局", 9)]
    widest = gql("""{ items(kinds: [MEASURE], orderBy: [{by: UNIT_COUNT, direction: DESC}], first: 1) {
      nodes { ref units } } }""")["items"]["nodes"][0]
    assert widest["ref"] == "2.3" and len(widest["units"]) == 9  # line 46


def test_cursor_pagination_over_all_tasks(gql) -> None:
    query = """query ($after: String) {
      items(kinds: [TASK], orderBy: [{by: NUMBER}], first: 30, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ref } }
      }
    }"""
    numbers, after, pages = [], None, []
    while True:
        page = gql(query, {"after": after})["items"]
        pages.append(page)
        numbers += [int(e["node"]["ref"]) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert numbers == list(range(1, 74))
    assert [len(p["edges"]) for p in pages] == [30, 30, 13]
    assert {p["totalCount"] for p in pages} == {73}
    assert [p["pageInfo"]["hasPreviousPage"] for p in pages] == [False, True, True]
    assert pages[1]["pageInfo"]["startCursor"] == pages[1]["edges"][0]["cursor"]


def test_nested_pagination(gql) -> None:
    query = """query ($after: String) { department(name: "区发改局") {
      leads(kinds: [TASK], first: 10, after: $after) { pageInfo { hasNextPage endCursor } nodes { ref } } } }"""
    first = gql(query)["department"]["leads"]
    second = gql(query, {"after": first["pageInfo"]["endCursor"]})["department"]["leads"]
    assert [n["ref"] for n in first["nodes"] + second["nodes"]] == [
        "6", "10", "22", "23", "24", "30", "33", "34", "42", "48", "55", "58", "59", "60"]
    assert (first["pageInfo"]["hasNextPage"], second["pageInfo"]["hasNextPage"]) == (True, False)


def test_bad_cursor(api, sample_graph) -> None:
    error = post(api, '{ items(after: "nonsense") { nodes { ref } } }')["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "is not a cursor of this API" in error["message"]


def test_lists_under_places_documents_and_areas(gql) -> None:
    data = gql("""{
      documents { totalCount nodes { title year itemCount
        tasks: items(kinds: [TASK], first: 1) { totalCount }
        reforms: items(kinds: [REFORM], first: 1) { totalCount }
        measures: items(kinds: [MEASURE], first: 1) { totalCount }
        indicators(first: 1) { totalCount } } }
      areas(where: {kind: "reform_category"}, orderBy: [{by: ITEM_COUNT, direction: DESC}], first: 2) {
        nodes { name itemCount } }
    }""")
    (document,) = data["documents"]["nodes"]
    assert (document["year"], document["itemCount"]) == (2022, 174)
    assert (document["tasks"]["totalCount"], document["reforms"]["totalCount"], document["measures"]["totalCount"]) \
        == (73, 41, 60)
    assert document["indicators"]["totalCount"] == 181  # 45 in the body (a compound target is two), 136 in items
    # 扩中提低改革(11项) and 公共服务优质共享(10项) head 附件三's categories
    assert data["areas"]["nodes"] == [{"name": "扩中提低改革", "itemCount": 11}, {"name": "公共服务优质共享", "itemCount": 10}]
