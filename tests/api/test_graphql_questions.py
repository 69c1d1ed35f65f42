"""The questions the API answers, through /graphql on the sample plan, with exact answers.

Expected values were read off data/fenghua-2022-workpoints.txt (line numbers in comments):
the unit lists in brackets after each measure (lines 40-76), task names in 附件二 and reform
names in 附件三 (the first unit leads, the rest support), 《》 titles in the cells, the 进度安排
cells, and the body's 指标目标.
"""

from __future__ import annotations

import pytest

from graph.writer import unload_document, write_document
from tests.api.conftest import post

pytestmark = pytest.mark.neo4j

DOC = "宁波市奉化区-2022-ec22819a"

# 区发改局 by role and kind. Measures are numbered <area>.<n>: 1.6 is the sixth measure of the
# first area (服务业双倍增, line 40); it supports 2.3 (line 46, sixth of nine units) and 5.5
# (line 64, after 区文广旅体局) and task 25 (大通道建设(区交通局)(区发改局), line 501).
NDRC_LEADS = {
    "TASK": ["6", "10", "22", "23", "24", "30", "33", "34", "42", "48", "55", "58", "59", "60"],
    "REFORM": ["12", "15", "18", "22", "23"],  # lines 1436, 1478, 1537, 1607, 1622
    "MEASURE": ["1.6", "3.1", "3.2", "3.7", "4.1", "6.1", "6.2", "6.3", "6.4", "7.4"],
}
NDRC_SUPPORTS = {"TASK": ["25"], "REFORM": [], "MEASURE": ["2.3", "5.5"]}

RESPONSIBILITIES = """
query ($name: String!) {
  department(name: $name) {
    id name fullName kind jurisdiction leadCount supportCount
    leads(first: 100) { totalCount nodes { __typename ref kind } }
    supports(first: 100) { totalCount nodes { __typename ref kind } }
  }
}
"""


def _by_kind(nodes: list[dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"TASK": [], "REFORM": [], "MEASURE": []}
    for node in nodes:
        out[node["kind"]].append(node["ref"])
    return out


@pytest.mark.parametrize("name", ["区发改局", "发改局", "区发展和改革局", "宁波市奉化区发展和改革局"])
def test_department_responsibilities_by_any_alias(gql, name: str) -> None:
    department = gql(RESPONSIBILITIES, {"name": name})["department"]

    assert department["id"] == "Department:宁波市奉化区/区发改局"
    assert (department["name"], department["fullName"], department["kind"], department["jurisdiction"]) == (
        "区发改局", "宁波市奉化区发展和改革局", "department", "宁波市奉化区")
    leads, supports = department["leads"], department["supports"]
    assert _by_kind(leads["nodes"]) == NDRC_LEADS
    assert _by_kind(supports["nodes"]) == NDRC_SUPPORTS
    assert leads["totalCount"] == department["leadCount"] == 29
    assert supports["totalCount"] == department["supportCount"] == 3
    assert {n["__typename"] for n in leads["nodes"]} == {"Task", "Reform", "Measure"}


def test_responsibilities_of_one_kind_with_role_and_provenance(gql) -> None:
    data = gql("""{
      department(name: "区发改局") {
        tasks: leads(kinds: [TASK], first: 3) { totalCount nodes { ref name } }
        responsibilities(role: SUPPORT, kinds: [TASK]) {
          nodes { role order written item { ref name lead } provenance { section row cell lineStart sourceText } }
        }
      }
    }""")["department"]

    assert data["tasks"] == {"totalCount": 14, "nodes": [
        {"ref": "6", "name": "大湾区建设"}, {"ref": "10", "name": "服务业双倍增计划"},
        {"ref": "22", "name": "山海协作升级版"}]}
    assert data["responsibilities"]["nodes"] == [{
        "role": "SUPPORT", "order": 1, "written": "区发改局",
        "item": {"ref": "25", "name": "大通道建设", "lead": "区交通局"},
        "provenance": {"section": "附件二 2022年共同富裕“1+7+N”重点工作清单", "row": 25, "cell": "name",
                       "lineStart": 501, "sourceText": "大通道建设(区交通局)(区发改局)"},
    }]


def test_unknown_department_is_null(gql) -> None:
    assert gql('{ department(name: "区不存在局") { name } }') == {"department": None}


def test_who_works_with_whom(gql) -> None:
    # 区发改局 shares measures 5.5, 6.4, 7.4 with 区文广旅体局 (lines 64, 70, 74); two items each with
    # the next four; one item each with eleven more (measure 2.3's eight units, 3.7, 6.2, 6.3, task 25).
    partners = gql("""{
      department(name: "区发改局") { coResponsible(first: 100) { sharedCount department { name } items { ref } } }
    }""")["department"]["coResponsible"]

    assert [(p["department"]["name"], p["sharedCount"], [i["ref"] for i in p["items"]]) for p in partners[:5]] == [
        ("区文广旅体局", 3, ["5.5", "6.4", "7.4"]),
        ("区市场监管局", 2, ["2.3", "7.4"]),
        ("区生态环境分局", 2, ["6.1", "6.3"]),
        ("区经信局", 2, ["2.3", "6.4"]),
        ("区资规分局", 2, ["3.7", "6.2"]),
    ]
    assert sorted(p["department"]["name"] for p in partners[5:]) == sorted([
        "区科技局", "区人力社保局", "区教育局", "区农业农村局", "区财政局", "区总工会",
        "溪口镇", "大堰镇", "滨海旅游区管理中心", "区综合执法局", "区交通局",
    ])
    assert {p["sharedCount"] for p in partners[5:]} == {1}


def test_items_citing_a_policy_however_written(gql) -> None:
    # Task 1 cites 《奉化区数字经济发展2022年工作要点》 in its work (line 118), policy (120) and
    # schedule (124) cells; 《...五年行动计划(2018—2022年)》 (line 120) with an em dash.
    query = """query ($title: String!) {
      itemsCitingPolicy(title: $title) {
        totalCount
        nodes { ref kind citations(where: {titleContains: $title}) { cell title provenance { lineStart } policy { level } } }
      }
    }"""
    found = gql(query, {"title": "奉化区数字经济发展2022年工作要点"})["itemsCitingPolicy"]
    assert found["totalCount"] == 1
    (task,) = found["nodes"]
    assert (task["ref"], task["kind"]) == ("1", "TASK")
    assert [(c["cell"], c["provenance"]["lineStart"]) for c in task["citations"]] == [
        ("work", 118), ("policy", 120), ("schedule", 124)]
    assert {c["policy"]["level"] for c in task["citations"]} == {"区"}

    dashed = gql(query, {"title": "《奉化区数字经济发展五年行动计划(2018-2022年)》"})["itemsCitingPolicy"]
    assert [(n["ref"], [c["title"] for c in n["citations"]]) for n in dashed["nodes"]] == [
        ("1", ["奉化区数字经济发展五年行动计划(2018—2022年)"])]

    part = gql(query, {"title": "反不正当竞争条例"})["itemsCitingPolicy"]  # task 8's policy cell
    assert [(n["ref"], [c["cell"] for c in n["citations"]]) for n in part["nodes"]] == [("8", ["policy"])]


def test_most_cited_policies(gql) -> None:
    # 《“十四五”溪口旅游产业规划》: task 54 (lines 964, 966, 970) and reform 21 (1595, 1597, and three
    # times on 1603: one citation of that cell, mentions 3)
    policies = gql("""{
      policies(orderBy: [{by: CITATION_COUNT, direction: DESC}], first: 1) {
        nodes { title citationCount itemCount citedBy(first: 10) { totalCount nodes { cell mentions item { ref kind } } } }
      }
    }""")["policies"]["nodes"]

    assert [(p["title"], p["citationCount"], p["itemCount"]) for p in policies] == [("“十四五”溪口旅游产业规划", 6, 2)]
    cited = policies[0]["citedBy"]
    assert cited["totalCount"] == 6
    assert [(c["item"]["kind"], c["item"]["ref"], c["cell"], c["mentions"]) for c in cited["nodes"]] == [
        ("TASK", "54", "work", 1), ("TASK", "54", "policy", 1), ("TASK", "54", "schedule", 1),
        ("REFORM", "21", "target", 1), ("REFORM", "21", "work", 1), ("REFORM", "21", "schedule", 3),
    ]


def test_policies_by_level(gql) -> None:
    # National: 全国..., 中共中央办公厅、国务院办公厅《...》 (line 1234), 中国《竹林经营碳汇项目方法学》
    # (1613), 《长三角健康一体化行动三年实施方案》 (1682 and 1684).
    data = gql("""{
      policies(where: {level: "国家"}) { totalCount nodes { title citationCount } }
      statistics { policiesByLevel { level policies citations } }
    }""")
    assert data["policies"] == {"totalCount": 4, "nodes": [
        {"title": "全国公共法律服务体系建设规划(2021-2025)", "citationCount": 1},
        {"title": "关于完善矛盾纠纷多元化解机制的意见", "citationCount": 1},
        {"title": "竹林经营碳汇项目方法学", "citationCount": 1},
        {"title": "长三角健康一体化行动三年实施方案", "citationCount": 2},
    ]}
    levels = data["statistics"]["policiesByLevel"]
    assert levels == [
        {"level": "国家", "policies": 4, "citations": 5},
        {"level": "省", "policies": 43, "citations": 51},
        {"level": "市", "policies": 39, "citations": 53},
        {"level": "区", "policies": 62, "citations": 91},
        {"level": None, "policies": 62, "citations": 82},
    ]
    assert sum(row["policies"] for row in levels) == 210


def test_indicators_by_area_with_values_and_units(gql) -> None:
    # Line 74: 社会治理先行示范's 指标目标.
    data = gql("""{
      indicators(where: {areaName: "社会治理先行示范", hasOwner: false}) {
        totalCount nodes { name comparator value unit parsed provenance { lineStart } }
      }
    }""")["indicators"]
    assert data["totalCount"] == 5
    assert [(n["name"], n["comparator"], n["value"], n["unit"], n["parsed"]) for n in data["nodes"]] == [
        ("全面从严治党成效度", "不低于", 98.7, "%", True),
        ("亿元生产总值生产安全事故死亡率", "控制在", 0.009, None, True),
        ("万人成讼率", "低于", 86.7, "件/万人", True),
        ("律师万人比", "达", 2.0, "人/万人", True),
        ("群众获得感幸福感安全感满意度", None, None, None, False),
    ]
    assert {n["provenance"]["lineStart"] for n in data["nodes"]} == {74}


def test_indicator_counts_by_area(gql) -> None:
    rows = gql("{ statistics { indicatorsByArea { name count } } }")["statistics"]["indicatorsByArea"]
    body_and_items = {r["name"]: r["count"] for r in rows}
    # body indicators per area (lines 38-74: 11, 5, 5, 8, 7, 4, 5; line 44's compound target is two)
    # plus those in items' targets
    assert set(body_and_items) >= {"经济高质量发展先行示范", "社会治理先行示范"}
    bodies = gql("""{ areas(where: {kind: "pilot_area"}) { nodes { name
        indicators(where: {hasOwner: false}, first: 50) { totalCount } } } }""")["areas"]["nodes"]
    assert [(a["name"], a["indicators"]["totalCount"]) for a in bodies] == [
        ("经济高质量发展先行示范", 11), ("收入分配制度改革先行示范", 5), ("城乡区域协调发展先行示范", 5),
        ("公共服务优质共享先行示范", 8), ("社会主义先进文化发展先行示范", 7), ("生态文明建设先行示范", 4),
        ("社会治理先行示范", 5),
    ]


def test_items_targeting_an_indicator(gql) -> None:
    # measure 4.4 (line 58), task 38's target (line 696), reform 4's target (line 1319)
    items = gql("""{
      itemsTargeting(indicator: "养老") { totalCount nodes { kind ref name indicators { text value unit } } }
    }""")["itemsTargeting"]
    assert items["totalCount"] == 3
    assert [(n["kind"], n["ref"]) for n in items["nodes"]] == [("MEASURE", "4.4"), ("TASK", "38"), ("REFORM", "4")]
    targets = {n["ref"]: [(i["text"], i["value"], i["unit"]) for i in n["indicators"]] for n in items["nodes"]}
    assert targets["38"] == [("每万名老年人拥有持证养老护理员数量达到29人", 29.0, "人")]
    assert targets["4"] == [("全区基本养老保险参保人数达到42万人以上", 42.0, "万人")]
    assert ("新增5A级居家养老服务中心1家", 1.0, "家") in targets["4.4"]


SCHEDULE = """query ($month: Int, $quarter: Int, $due: Boolean!) {
  schedule(month: $month, quarter: $quarter, dueOnly: $due, department: "区民政局", first: 50) {
    totalCount nodes { label startMonth endMonth isDeadline item { kind ref } }
  }
}"""


def test_schedule_of_a_month_for_one_department(gql) -> None:
    # Items 区民政局 leads: task 17 (5月底前, 9月底前, 12月底前; line 373), task 38 (2-4, 5-8, 9-10,
    # 11-12月; 704), task 40 (1-3, 4-5, 6, 6-9, 10-12月; 732), reform 8 (4-6, 7-11月; 1380),
    # reform 30 (2-4, 5-8, 9-10月; 1728). June is inside five spans and no deadline.
    june = gql(SCHEDULE, {"month": 6, "due": False})["schedule"]
    assert june["totalCount"] == 5
    assert [(n["item"]["kind"], n["item"]["ref"], n["label"]) for n in june["nodes"]] == [
        ("REFORM", "8", "4-6月"), ("TASK", "40", "6月"), ("TASK", "38", "5-8月"), ("REFORM", "30", "5-8月"),
        ("TASK", "40", "6-9月"),
    ]
    due = gql(SCHEDULE, {"month": 6, "due": True})["schedule"]
    assert [(n["item"]["ref"], n["label"]) for n in due["nodes"]] == [("8", "4-6月"), ("40", "6月")]


def test_schedule_of_a_quarter_counts_deadlines_in_their_month(gql) -> None:
    due = gql(SCHEDULE, {"quarter": 2, "due": True})["schedule"]
    assert sorted((n["item"]["kind"], n["item"]["ref"], n["label"], n["isDeadline"]) for n in due["nodes"]) == sorted([
        ("TASK", "17", "5月底前", True), ("TASK", "38", "2-4月", False), ("TASK", "40", "4-5月", False),
        ("TASK", "40", "6月", False), ("REFORM", "8", "4-6月", False), ("REFORM", "30", "2-4月", False),
    ])
    # the deadline 5月底前 has no start month and ends in May
    deadline = next(n for n in due["nodes"] if n["isDeadline"])
    assert (deadline["startMonth"], deadline["endMonth"]) == (None, 5)


def test_places_items_that_mention_or_are_led_by_a_town(gql) -> None:
    # 溪口镇: measures 3.7 (line 52) and 5.7 (64) list it as a unit; task 23's schedule (483);
    # reforms 17 (溪口镇小城市培育(溪口镇), 1509) and 21 ((溪口镇), 1593) are led by it; reform 37 (1822).
    place = gql("""{
      places(where: {name: "溪口镇"}) { nodes { id kind mentionCount governedBy { name }
        items { totalCount nodes { kind ref } }
        ledItems { nodes { ref name } }
        mentionedBy(kinds: [REFORM]) { nodes { item { ref } provenance { lineStart } } }
      } }
    }""")["places"]["nodes"][0]
    assert (place["id"], place["kind"], place["mentionCount"]) == ("Place:宁波市奉化区/溪口镇", "town", 6)
    assert place["governedBy"] == [{"name": "溪口镇"}]
    assert [(n["kind"], n["ref"]) for n in place["items"]["nodes"]] == [
        ("MEASURE", "3.7"), ("MEASURE", "5.7"), ("TASK", "23"), ("REFORM", "17"), ("REFORM", "21"), ("REFORM", "37")]
    assert place["ledItems"]["nodes"] == [
        {"ref": "17", "name": "溪口镇小城市培育"}, {"ref": "21", "name": "“景区+村庄”共富模式"}]
    assert [m["item"]["ref"] for m in place["mentionedBy"]["nodes"]] == ["17", "21", "37"]


def test_full_text_search(gql, sample_graph) -> None:
    # The tasks and reforms whose text holds 养老: tasks 14, 34, 38 and reforms 4, 21, 30.
    hits = gql("""{
      search(text: "养老", types: [TASK, REFORM], first: 50) {
        totalCount nodes { score type text node { id ... on Item { ref } } }
      }
    }""")["search"]
    assert hits["totalCount"] == 6
    assert sorted((h["type"], h["node"]["ref"]) for h in hits["nodes"]) == [
        ("REFORM", "21"), ("REFORM", "30"), ("REFORM", "4"), ("TASK", "14"), ("TASK", "34"), ("TASK", "38")]
    scores = [h["score"] for h in hits["nodes"]]
    assert scores == sorted(scores, reverse=True)
    assert all("养老" in h["text"] for h in hits["nodes"])
    # the same set by plain substring matching
    contains = sample_graph.read(
        "MATCH (i:Item) WHERE (i:Task OR i:Reform) AND i.text CONTAINS '养老' RETURN count(i) AS n").single_value()
    assert contains == 6

    threshold = scores[2]
    strong = gql("query ($s: Float!) { search(text: \"养老\", types: [TASK, REFORM], minScore: $s) "
                 "{ nodes { score } } }", {"s": threshold})["search"]["nodes"]
    assert len(strong) >= 3 and all(h["score"] >= threshold for h in strong)


def test_search_excerpts_show_the_words_in_their_place(gql) -> None:
    hits = gql("""{
      search(text: "养老", types: [TASK, REFORM], first: 50) { nodes { text excerpt(length: 24) } }
    }""")["search"]["nodes"]
    assert len(hits) == 6
    for hit in hits:
        text, cut = hit["text"], hit["excerpt"]
        inner = cut.strip("…")
        assert "养老" in inner and len(inner) == 24 and inner in text
        assert cut.startswith("…") == (not text.startswith(inner))
        assert cut.endswith("…") == (not text.endswith(inner))
    # words past the start of a text: reform 30 opens with its name, 普惠型养老机构改造提升(区民政局),
    # then its 改革内容 (line 1722) 推进养老机构标准化规范化建设专项整治提升, ...
    reform = gql('{ search(text: "标准化规范化", types: [REFORM], first: 1) '
                 '{ nodes { excerpt(length: 20) node { ... on Reform { ref } } } } }')["search"]["nodes"][0]
    assert reform == {"excerpt": "…\n推进养老机构标准化规范化建设专项整治提…", "node": {"ref": "30"}}


def test_search_excerpt_length_is_bounded(api, sample_graph) -> None:
    message = post(api, '{ search(text: "养老") { nodes { excerpt(length: 5) } } }')["errors"][0]["message"]
    assert message == "excerpt length must be 10 to 1000, not 5"


def test_search_finds_departments_by_alias(gql) -> None:
    hits = gql('{ search(text: "发展和改革局", types: [DEPARTMENT]) { nodes { node { ... on Department { name } } } } }')
    assert hits["search"]["nodes"][0]["node"]["name"] == "区发改局"


def test_neighbourhood(gql) -> None:
    # Task 25: led by 区交通局, supported by 区发改局 (line 501); cites three policies (507-513).
    data = gql("""{
      neighbourhood(id: "Task:宁波市奉化区-2022-ec22819a/task/25", relationshipTypes: [RESPONSIBLE_FOR, CITES]) {
        truncated
        nodes { id ... on Department { name } ... on Policy { title } }
        edges { type start end properties provenance { cell lineStart } }
      }
    }""")["neighbourhood"]
    assert data["truncated"] is False
    assert data["nodes"][0]["id"] == f"Task:{DOC}/task/25"
    assert [n.get("name") for n in data["nodes"][1:3]] == ["区交通局", "区发改局"]
    assert [n.get("title") for n in data["nodes"][3:]] == [
        "2022年交通强区挂图作战暨有效投资攻坚专项行动实施方案", "奉化区县乡网调整规划(2021-2035年)",
        "宁波市奉化区“十四五”综合交通规划"]
    responsible = [e for e in data["edges"] if e["type"] == "RESPONSIBLE_FOR"]
    assert [(e["start"], e["properties"]["role"]) for e in responsible] == [
        ("Department:宁波市奉化区/区交通局", "lead"), ("Department:宁波市奉化区/区发改局", "support")]
    cites = [e for e in data["edges"] if e["type"] == "CITES"]
    assert len(cites) == 7  # policy, evaluation and schedule cells, each occurrence
    assert all(e["provenance"]["lineStart"] in (507, 509, 511, 513) for e in cites)


def test_relationship_ids_are_unique_and_survive_a_reload(gql, sample_graph, sample_document) -> None:
    # task 10's schedule cell (line 275) names 《大力推进服务业优先发展行动实施方案》 three times:
    # one citation of that cell, with mentions 3
    query = f"""{{ neighbourhood(id: "Task:{DOC}/task/10", relationshipTypes: [RESPONSIBLE_FOR, CITES]) {{
      edges {{ id type start end properties }} }} }}"""
    before = gql(query)["neighbourhood"]["edges"]
    ids = [e["id"] for e in before]
    assert len(ids) == len(set(ids)) and all(i.startswith(e["type"] + ":") for i, e in zip(ids, before, strict=True))
    thrice = [e["id"] for e in before if e["type"] == "CITES" and e["properties"]["line_start"] == 275
              and e["properties"]["title"] == "大力推进服务业优先发展行动实施方案"]
    assert len(thrice) == 1 and "~" not in thrice[0]
    assert [e["properties"]["mentions"] for e in before if e["id"] == thrice[0]] == [3]

    unload_document(sample_graph, DOC)
    write_document(sample_graph, sample_document)
    after = gql(query)["neighbourhood"]["edges"]
    assert [(e["id"], e["start"], e["end"]) for e in after] == [(e["id"], e["start"], e["end"]) for e in before]


def test_neighbourhood_lists_each_node_once(gql) -> None:
    # task 25 cites 《2022年交通强区挂图作战…实施方案》 from three cells (lines 507, 511, 513): at
    # depth 2 the task is reached again from that policy through another CITES; it is the
    # start, not a neighbour
    data = gql("""{
      neighbourhood(id: "Task:宁波市奉化区-2022-ec22819a/task/25", depth: 2, relationshipTypes: [CITES]) {
        nodes { id }
      }
    }""")["neighbourhood"]
    ids = [n["id"] for n in data["nodes"]]
    assert ids.count(f"Task:{DOC}/task/25") == 1 and ids[0] == f"Task:{DOC}/task/25"
    assert len(ids) == len(set(ids))


def test_neighbourhood_limits_and_filters(gql) -> None:
    data = gql("""{
      neighbourhood(id: "Department:宁波市奉化区/区发改局", depth: 2, nodeTypes: [TASK], limit: 5) {
        truncated reach nodes { id } edges { type }
      }
    }""")["neighbourhood"]
    assert data["truncated"] is True and data["reach"] == 15  # 15 tasks are one hop away
    assert len(data["nodes"]) == 6
    assert all(n["id"].startswith("Task:") for n in data["nodes"][1:])
    assert {e["type"] for e in data["edges"]} == {"RESPONSIBLE_FOR"}


def test_shortest_paths(gql) -> None:
    # 区发改局 and 大堰镇: both in 宁波市奉化区; measure 3.7 lists both (line 52); reform 22 mentions
    # 大堰镇 (line 1609).
    paths = gql("""{
      paths(from: "Department:宁波市奉化区/区发改局", to: "Place:宁波市奉化区/大堰镇", maxLength: 3) {
        length nodes { id } edges { type }
      }
    }""")["paths"]
    assert [(p["length"], [n["id"] for n in p["nodes"]][1], [e["type"] for e in p["edges"]]) for p in paths] == [
        (2, "Jurisdiction:宁波市奉化区", ["PART_OF", "IN"]),
        (2, f"Measure:{DOC}/measure/3.7", ["RESPONSIBLE_FOR", "MENTIONS"]),
        (2, f"Reform:{DOC}/reform/22", ["RESPONSIBLE_FOR", "MENTIONS"]),
    ]
    through_items = gql("""{
      paths(from: "Department:宁波市奉化区/区发改局", to: "Place:宁波市奉化区/大堰镇",
            relationshipTypes: [RESPONSIBLE_FOR, GOVERNS]) { length nodes { id } }
    }""")["paths"]
    # via an item both are responsible for: measure 3.7 lists 大堰镇 as a unit, which governs the place
    assert [[n["id"] for n in p["nodes"]] for p in through_items] == [[
        "Department:宁波市奉化区/区发改局", f"Measure:{DOC}/measure/3.7", "Department:宁波市奉化区/大堰镇",
        "Place:宁波市奉化区/大堰镇"]]


def test_node_lookup_and_provenance(gql) -> None:
    data = gql("""{
      node(id: "Task:宁波市奉化区-2022-ec22819a/task/1") {
        id labels displayName
        ... on Task { ref name lead units cells { evaluation } document { title }
          area { name } provenance { section row lineStart lineEnd }
          milestones { label startMonth endMonth }
          indicators { name comparator value unit qualifier } }
      }
      missing: node(id: "Task:nope") { id }
    }""")
    task = data["node"]
    assert (task["id"], task["labels"], task["ref"], task["name"]) == (
        f"Task:{DOC}/task/1", ["Item", "Task"], "1", "数字经济五年倍增行动")
    assert (task["lead"], task["units"], task["cells"]["evaluation"]) == ("区经信局", ["区经信局"], "工业经济发展竞赛考核办法。")
    assert task["document"]["title"] == "宁波市奉化区2022年推进高质量发展建设共同富裕特色区工作要点"
    assert task["area"]["name"] == "经济高质量发展先行示范"
    assert task["provenance"] == {"section": "附件二 2022年共同富裕“1+7+N”重点工作清单", "row": 1,
                                  "lineStart": 112, "lineEnd": 124}
    assert [(m["label"], m["startMonth"], m["endMonth"]) for m in task["milestones"]] == [
        ("2—4月", 2, 4), ("5—8月", 5, 8), ("9—10月", 9, 10), ("11—12月", 11, 12)]
    assert [(i["name"], i["comparator"], i["value"], i["unit"], i["qualifier"]) for i in task["indicators"]] == [
        ("数字经济核心产业增加值占GDP比重", "达到", 4.8, "%", None),
        ("数字经济核心产业增加值规模", "增长", 15.0, "%", "以上"),
    ]
    assert data["missing"] is None


def test_counts_by_area_and_department(gql) -> None:
    stats = gql("""{ statistics {
      itemsByArea(kinds: [MEASURE]) { name count }
      itemsByDepartment(role: LEAD, first: 2) { name count leads supports }
      milestonesByMonth { month active due }
    } }""")["statistics"]
    pilot = [(r["name"], r["count"]) for r in stats["itemsByArea"]]
    assert pilot == [("经济高质量发展先行示范", 12), ("收入分配制度改革先行示范", 9), ("城乡区域协调发展先行示范", 10),
                     ("公共服务优质共享先行示范", 9), ("社会主义先进文化发展先行示范", 7), ("生态文明建设先行示范", 5),
                     ("社会治理先行示范", 8)]
    assert stats["itemsByDepartment"][0] == {"name": "区发改局", "count": 29, "leads": 29, "supports": 0}
    assert len(stats["milestonesByMonth"]) == 12
    # 424 milestones, each with an end month: reform 14's schedule (line 1474) is five quarters
    # of two labelled parts, reform 34's ends in 全年常态化开展… (line 1788)
    assert sum(m["due"] for m in stats["milestonesByMonth"]) == 424


def test_every_relationship_exposes_provenance(gql) -> None:
    item = gql("""{
      node(id: "Measure:宁波市奉化区-2022-ec22819a/measure/3.7") { ... on Measure {
        responsible { role department { name } provenance { lineStart sourceText } }
        mentions { place { name } provenance { lineStart } }
        citations { provenance { lineStart } }
      } }
      documents { nodes { provenance { section lineStart lineEnd sourceText }
                          areas { statedCount rowCount area { name } provenance { lineStart } } } }
    }""")
    assert item["documents"]["nodes"][0]["provenance"] == {
        "section": "文件头", "lineStart": 6, "lineEnd": 6,
        "sourceText": "关于印发《宁波市奉化区2022年推进高质量发展建设共同富裕特色区工作要点》的通知"}
    measure = item["node"]
    assert [(r["role"], r["department"]["name"]) for r in measure["responsible"]] == [
        ("LEAD", "区发改局"), ("SUPPORT", "区资规分局"), ("SUPPORT", "溪口镇"), ("SUPPORT", "大堰镇")]
    assert {r["provenance"]["lineStart"] for r in measure["responsible"]} == {52}
    assert sorted(m["place"]["name"] for m in measure["mentions"]) == ["大堰镇", "溪口镇"]
    areas = item["documents"]["nodes"][0]["areas"]
    listed = {a["area"]["name"]: (a["statedCount"], a["rowCount"], a["provenance"]["lineStart"]) for a in areas}
    assert listed["经济高质量发展先行示范"] == (12, 12, 110)
    assert listed["收入分配制度改革先行示范"][:2] == (8, 9)  # the header says 8, nine rows follow
