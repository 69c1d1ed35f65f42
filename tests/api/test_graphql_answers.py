"""Answers without silent zeros, on the sample: the plan's own numbering as an id, every name
of a department resolved alike (an unknown one is an error with suggestions), one citation per
cell, and the filters analysts reach for."""

from __future__ import annotations

from tests.api.conftest import post

DOC = "宁波市奉化区-2022-ec22819a"
LEADS, SUPPORTS, JUNE = 9, 0, 8  # 区卫健局 (区卫生健康局)
CITED_IN_SCHEDULE, QUARTERS = 28, 2  # 2: the existing quarter label and reform 14's 三季度
UNCITED = [18, 36, 44]  # the tasks citing no policy


# --- the plan's own numbering ------------------------------------------------------------


def test_node_accepts_the_plans_own_numbering(gql) -> None:
    data = gql("""{
      a: node(id: "任务25") { id ... on Item { ref name } }
      b: node(id: "重点工作第25项") { id }
      c: node(id: "附件二第25项") { id }
      d: node(id: "改革14") { id ... on Item { ref name } }
      e: node(id: "附件三第14项") { id }
      f: node(id: "举措1.6") { id ... on Item { ref name } }
      g: node(id: "1.6") { id }
      none: node(id: "任务999") { id }
      many: nodes(ids: ["工作举措 1.6", "Task:nope", "附件二第一项"]) { id }
    }""")
    assert data["a"] == {"id": f"Task:{DOC}/task/25", "ref": "25", "name": "大通道建设"}
    assert data["b"] == data["c"] == {"id": f"Task:{DOC}/task/25"}
    assert data["d"] == {"id": f"Reform:{DOC}/reform/14", "ref": "14", "name": "关键核心技术揭榜挂帅"}
    assert data["e"] == {"id": f"Reform:{DOC}/reform/14"}
    assert data["f"] == {"id": f"Measure:{DOC}/measure/1.6", "ref": "1.6", "name": "推进服务业双倍增工程"}
    assert data["g"] == {"id": f"Measure:{DOC}/measure/1.6"}
    assert data["none"] is None
    assert data["many"] == [{"id": f"Measure:{DOC}/measure/1.6"}, None, {"id": f"Task:{DOC}/task/1"}]


def test_a_text_that_is_neither_an_id_nor_a_reference_says_both_shapes(api, sample_graph) -> None:
    (error,) = post(api, '{ node(id: "大通道") { id } }')["errors"]
    assert error["message"].startswith("'大通道' is not a node id; ids look like Task:<key>")
    assert error["message"].endswith("or an item as the plan numbers it: 任务25, 附件三第14项, 举措1.6")
    assert error["extensions"]["code"] == "BAD_REQUEST"


# --- every name of a department, resolved alike -----------------------------------------


def test_an_alias_filters_like_the_canonical_name(gql) -> None:
    data = gql("""{
      byAlias: items(where: {unit: "区卫生健康局"}, first: 100) { totalCount nodes { ref } }
      byName: items(where: {unit: "区卫健局"}, first: 100) { totalCount nodes { ref } }
      ledByAlias: items(where: {lead: "区卫生健康局"}, first: 100) { totalCount }
      ledByName: items(where: {lead: "区卫健局"}, first: 100) { totalCount }
      departments(where: {name: "区卫生健康局"}) { nodes { name } }
      alias: departments(where: {alias: "卫健局"}) { nodes { name } }
      several: departments(where: {nameIn: ["区卫生健康局", "发改局"]}) { nodes { name } }
      related: items(where: {responsible: {name: "区卫生健康局"}}) { totalCount }
      department(name: "区卫生健康局") { name leadCount supportCount }
    }""")
    assert data["byAlias"] == data["byName"]
    dept = data["department"]
    assert dept["name"] == "区卫健局"
    assert data["byAlias"]["totalCount"] == data["related"]["totalCount"] == dept["leadCount"] + dept["supportCount"]
    assert data["ledByAlias"] == data["ledByName"] == {"totalCount": dept["leadCount"]}
    assert (dept["leadCount"], dept["supportCount"]) == (LEADS, SUPPORTS)
    assert data["departments"]["nodes"] == data["alias"]["nodes"] == [{"name": "区卫健局"}]
    assert data["several"]["nodes"] == [{"name": "区卫健局"}, {"name": "区发改局"}]


def test_schedule_by_an_alias(gql) -> None:
    by_alias = gql('{ schedule(month: 6, department: "区卫生健康局") { totalCount nodes { label } } }')
    by_name = gql('{ schedule(month: 6, department: "区卫健局") { totalCount nodes { label } } }')
    assert by_alias == by_name and by_alias["schedule"]["totalCount"] == JUNE


def test_a_name_no_department_has_is_an_error_with_suggestions(api, sample_graph) -> None:
    for query in ('{ schedule(month: 6, department: "区宇宙局") { totalCount } }',
                  '{ items(where: {unit: "区宇宙局"}) { totalCount } }',
                  '{ departments(where: {OR: [{name: "区发改局"}, {name: "区宇宙局"}]}) { totalCount } }'):
        (error,) = post(api, query)["errors"]
        assert error["message"] == "no department is called '区宇宙局'; did you mean 区交通局, 区人力社保局, 区住建局?", query
        assert error["extensions"] == {"code": "UNKNOWN_DEPARTMENT", "status": 400}
    (error,) = post(api, '{ items(where: {lead: "卫生健康"}) { totalCount } }')["errors"]
    assert error["message"] == "no department is called '卫生健康'; did you mean 区卫健局?"


def test_named_queries_resolve_department_names_alike(gql, api) -> None:
    run = """query($p: JSON) { runNamedQuery(name: "department_responsibilities", parameters: $p) { rows } }"""
    by_alias = gql(run, {"p": {"department": "区卫生健康局"}})["runNamedQuery"]["rows"]
    by_name = gql(run, {"p": {"department": "区卫健局"}})["runNamedQuery"]["rows"]
    assert by_alias == by_name and len(by_alias) == LEADS + SUPPORTS
    (error,) = post(api, run, {"p": {"department": "区宇宙局"}})["errors"]
    assert error["message"].startswith("no department is called '区宇宙局'; did you mean ")
    for name, parameters in (("co_responsible_departments", {"department": "区宇宙局"}),
                             ("due_in_month", {"department": "区宇宙局", "month": 6})):
        (error,) = post(api, 'query($n: String!, $p: JSON) { runNamedQuery(name: $n, parameters: $p) { rows } }',
                        {"n": name, "p": parameters})["errors"]
        assert error["extensions"]["code"] == "UNKNOWN_DEPARTMENT"
    due = gql('query($p: JSON) { runNamedQuery(name: "due_in_month", parameters: $p) { rows } }',
              {"p": {"department": "区卫生健康局", "month": 6}})["runNamedQuery"]["rows"]
    assert {r["lead"] for r in due} == {"区卫健局"}


# --- one citation per cell ---------------------------------------------------------------


def test_a_cell_naming_a_policy_three_times_cites_it_once(gql) -> None:
    # task 10's 进度安排 names 《大力推进服务业优先发展行动实施方案》 three times, on line 275
    data = gql("""{
      node(id: "任务10") { ... on Item { citations(where: {titleContains: "大力推进服务业优先发展行动实施方案"}) {
        cell mentions provenance { lineStart lineEnd } } } }
      policies(where: {title: "大力推进服务业优先发展行动实施方案"}) { nodes { citationCount itemCount } }
    }""")
    assert [(c["cell"], c["mentions"], c["provenance"]["lineStart"], c["provenance"]["lineEnd"])
            for c in data["node"]["citations"]] == [("work", 1, 255, 255), ("policy", 1, 269, 269),
                                                    ("schedule", 3, 275, 275)]
    assert data["policies"]["nodes"] == [{"citationCount": 3, "itemCount": 1}]


def test_most_cited_ranks_by_citing_items_then_citations(gql) -> None:
    data = gql("""{
      policies(orderBy: [{by: MOST_CITED, direction: DESC}], first: 5) { nodes { title itemCount citationCount } }
      xikou: policies(where: {titleContains: "十四五”溪口旅游产业规划"}) { nodes {
        title itemCount citationCount citedBy { nodes { cell mentions item { ref } } } } }
    }""")
    ranked = [(p["title"], p["itemCount"], p["citationCount"]) for p in data["policies"]["nodes"]]
    # four policies are cited by three items each (the first: lines 896, 910, 1812), then the most
    # cited of those two items cite
    assert [r[1] for r in ranked] == [3, 3, 3, 3, 2]
    assert ranked[0] == ("宁波市人民政府办公厅关于高质量推进未来社区试点建设工作的实施意见", 3, 3)
    assert ranked[4] == ("“十四五”溪口旅游产业规划", 2, 6)
    (xikou,) = data["xikou"]["nodes"]
    assert (xikou["title"], xikou["itemCount"], xikou["citationCount"]) == ("“十四五”溪口旅游产业规划", 2, 6)
    assert [(c["item"]["ref"], c["cell"], c["mentions"]) for c in xikou["citedBy"]["nodes"]] == [
        ("54", "work", 1), ("54", "policy", 1), ("54", "schedule", 1),
        ("21", "target", 1), ("21", "work", 1), ("21", "schedule", 3)]


# --- the filters analysts reach for --------------------------------------------------------


def _refs(page: dict) -> list[str]:
    return [f"{n['kind'][0]}{n['ref']}" for n in page["nodes"]]


def test_items_by_number_of_units(gql) -> None:
    data = gql("""{
      twelve: items(where: {unitCount: 12}) { nodes { kind ref } }
      many: items(where: {unitCountGte: 5}) { nodes { kind ref } }
      one: items(where: {unitCount: 1}) { totalCount }
      two: items(where: {unitCountLte: 2, unitCountGte: 2}) { totalCount }
    }""")
    assert _refs(data["twelve"]) == ["T21"]
    assert _refs(data["many"]) == ["M2.3", "T2", "T21"]
    assert (data["one"]["totalCount"], data["two"]["totalCount"]) == (149, 12)


def test_items_by_empty_cell(gql) -> None:
    data = gql("""{
      empty: items(where: {emptyCells: true}, first: 50) { totalCount nodes { kind ref } }
      noPolicy: items(where: {emptyCell: POLICY}) { nodes { kind ref } }
      evaluated: items(where: {hasCell: EVALUATION}) { totalCount }
      full: items(where: {emptyCells: false, kindIn: [TASK, REFORM]}) { totalCount }
    }""")
    assert _refs(data["empty"]) == ["T6", "T20", "T21", "T34", "T44", "T45", "R3", "R6", "R16", "R22"]
    assert _refs(data["noPolicy"]) == ["T44"]
    assert data["evaluated"]["totalCount"] == 73 + 41 - 9
    assert data["full"]["totalCount"] == 73 + 41 - 10


def test_citations_filtered_by_cell(gql) -> None:
    data = gql("""{
      items(where: {citedIn: SCHEDULE}) { totalCount }
      policies(where: {citedIn: NAME}) { totalCount }
      node(id: "任务54") { ... on Item { citations(where: {citedIn: SCHEDULE}) { cell policy { title } } } }
      xikou: policies(where: {titleContains: "十四五”溪口旅游产业规划"}) { nodes {
        citedBy(where: {citedIn: SCHEDULE}) { totalCount nodes { cell item { ref } } } } }
    }""")
    assert data["node"]["citations"] == [{"cell": "schedule", "policy": {"title": "“十四五”溪口旅游产业规划"}}]
    assert data["xikou"]["nodes"][0]["citedBy"] == {
        "totalCount": 2, "nodes": [{"cell": "schedule", "item": {"ref": "54"}}, {"cell": "schedule", "item": {"ref": "21"}}]}
    assert (data["items"]["totalCount"], data["policies"]["totalCount"]) == (CITED_IN_SCHEDULE, 0)


def test_milestones_by_label_text_and_indicators_by_value(gql) -> None:
    data = gql("""{
      quarters: schedule(quarter: 3, where: {labelContains: "季度"}) { totalCount nodes { label item { ref } } }
      text: indicators(where: {hasValue: false}) { totalCount nodes { text } }
      unparsed: indicators(where: {parsed: false}) { totalCount }
      numbers: indicators(where: {hasValue: true}) { totalCount }
      all: indicators { totalCount }
    }""")
    assert data["quarters"]["totalCount"] == QUARTERS
    assert all("季度" in m["label"] for m in data["quarters"]["nodes"])
    assert data["text"]["nodes"][0]["text"] == "单位GDP能耗完成市下达指标"
    assert data["text"]["totalCount"] + data["numbers"]["totalCount"] == data["all"]["totalCount"]
    assert data["text"]["totalCount"] == data["unparsed"]["totalCount"] > 0


def test_ties_are_broken_in_document_order(gql) -> None:
    data = gql("""{
      items(kinds: [TASK], orderBy: [{by: CITATION_COUNT}], first: 100) { nodes { ref cites: citations { cell } } }
      byKind: items(orderBy: [{by: KIND}], first: 100) { nodes { kind ref } }
    }""")
    refs = [int(n["ref"]) for n in data["items"]["nodes"] if not n["cites"]]
    assert refs == UNCITED
    measures = [n["ref"] for n in data["byKind"]["nodes"] if n["kind"] == "MEASURE"]
    assert measures[:3] == ["1.1", "1.2", "1.3"]
