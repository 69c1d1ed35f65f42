"""The named queries in queries/: their headers, their parameters, read-only execution, and
their answers on the sample, directly and through GraphQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import named_queries as nq
from graph.named_queries import NamedQueryError, load_queries, parse_query

QUERIES = load_queries()

#: Parameters to run each shipped query with on the sample.
SAMPLE_PARAMETERS = {
    "department_responsibilities": {"department": "发改局", "role": "support"},
    "co_responsible_departments": {"department": "区发改局", "limit": 3},
    "items_citing_policy": {"title": "十四五”溪口旅游产业规划"},
    "most_cited_policies": {"limit": 2},
    "indicators_by_area": {"area": "社会治理先行示范"},
    "items_targeting_indicator": {"text": "养老"},
    "due_in_month": {"month": 6, "department": "区民政局"},
    "due_in_quarter": {"quarter": 2},
    "place_items": {"place": "溪口镇"},
    "department_workload": {"limit": 4},
    "unparsed_indicators": {},
    "area_overview": {},
    "items_without_schedule": {},
    "policies_by_level": {},
}


def test_at_least_ten_each_described_with_typed_parameters() -> None:
    assert len(QUERIES) >= 10
    assert set(QUERIES) == set(SAMPLE_PARAMETERS)
    for query in QUERIES.values():
        assert query.path.name == f"{query.name}.cypher"
        assert len(query.description) > 20
        for p in query.parameters:
            assert p.type in ("String", "Int", "Float", "Boolean", "Department") and p.description, (query.name, p)


def test_header_format() -> None:
    text = """// name: example
// description: What it answers,
//   over two lines. 说明。
// param month: Int  1 to 12
// param who: String = null  a name
// param kinds: [String] = ["task"]  kinds
MATCH (m:Milestone) WHERE m.end_month = $month AND ($who IS NULL OR m.text CONTAINS $who)
  AND size($kinds) > 0
RETURN m.key AS key
"""
    query = parse_query(text, Path("example.cypher"))
    assert query.description == "What it answers, over two lines. 说明。"
    assert [(p.name, p.type, p.required, p.default) for p in query.parameters] == [
        ("month", "Int", True, None), ("who", "String", False, None), ("kinds", "[String]", False, ["task"])]
    assert query.cypher.startswith("MATCH (m:Milestone)")


@pytest.mark.parametrize(("text", "message"), [
    ("// name: other\n// description: x\nRETURN 1", "name the file other.cypher"),
    ("// name: example\nRETURN 1", "needs `// description"),
    ("// name: example\n// description: x\nRETURN $y", "declares [] but the query uses ['y']"),
    ("// name: example\n// description: x\n// param y: Date\nRETURN $y", "unknown type Date"),
    ("// name: example\n// description: x\n// colour: red\nRETURN 1", "unknown header line"),
])
def test_header_mistakes(text: str, message: str) -> None:
    with pytest.raises(NamedQueryError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_query(text, Path("example.cypher"))


@pytest.mark.parametrize(("parameters", "message"), [
    ({}, "parameter month (Int) is required"),
    ({"month": "六"}, "parameter month takes a Int"),
    ({"month": True}, "parameter month takes a Int"),
    ({"month": 6, "year": 2022}, "unknown parameter(s) year; it takes department, month"),
])
def test_parameters_are_checked_before_running(parameters: dict, message: str) -> None:
    with pytest.raises(NamedQueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        QUERIES["due_in_month"].bind(parameters)


def test_unknown_query(graph) -> None:
    with pytest.raises(NamedQueryError, match="no named query 'nope'; the queries are: area_overview"):
        nq.run(graph, QUERIES, "nope")


def test_a_writing_query_is_refused(tmp_path: Path, empty_graph) -> None:
    (tmp_path / "sneaky.cypher").write_text(
        "// name: sneaky\n// description: writes, which named queries may not\nCREATE (:Department {name: 'x'})\n",
        encoding="utf-8")
    queries = load_queries(tmp_path)
    with pytest.raises(NamedQueryError, match="sneaky: refused, it is not read-only"):
        nq.run(empty_graph, queries, "sneaky")
    assert empty_graph.read("MATCH (n) RETURN count(n) AS n").single_value() == 0


@pytest.mark.parametrize("name", sorted(SAMPLE_PARAMETERS))
def test_every_query_runs_read_only_on_the_sample(name: str, sample_graph) -> None:
    result = nq.run(sample_graph, QUERIES, name, SAMPLE_PARAMETERS[name])
    assert result.columns and not result.truncated
    assert result.rows or name == "items_without_schedule"  # every task and reform has a month


def test_answers_on_the_sample(sample_graph) -> None:
    def rows(name: str) -> list[dict]:
        return nq.run(sample_graph, QUERIES, name, SAMPLE_PARAMETERS[name]).rows

    # 区发改局 supports measure 2.3 (line 46), measure 5.5 (64) and task 25 (its row starts at 499; its
    # units are on 501)
    assert [(r["kind"], r["number"], r["line"]) for r in rows("department_responsibilities")] == [
        ("measure", 3, 46), ("measure", 5, 64), ("task", 25, 501)]
    assert [(r["partner"], r["shared"]) for r in rows("co_responsible_departments")] == [
        ("区文广旅体局", 3), ("区市场监管局", 2), ("区生态环境分局", 2)]
    # by citing items first: four policies are cited by three items each, e.g. lines 896, 910, 1812
    assert [(r["policy"], r["items"], r["citations"]) for r in rows("most_cited_policies")] == [
        ("关于高质量建设公共文化服务现代化先行省实施意见", 3, 3),
        ("宁波市人民政府办公厅关于高质量推进未来社区试点建设工作的实施意见", 3, 3)]
    assert [(r["kind"], r["number"], r["how"]) for r in rows("place_items")] == [
        ("measure", 7, ["mentions"]), ("measure", 7, ["mentions"]), ("task", 23, ["mentions"]),
        ("reform", 17, ["mentions", "leads"]), ("reform", 21, ["mentions", "leads"]), ("reform", 37, ["mentions"])]
    assert [(r["indicator"], r["value"], r["unit"]) for r in rows("indicators_by_area")][:3] == [
        ("全面从严治党成效度", 98.7, "%"), ("亿元生产总值生产安全事故死亡率", 0.009, None), ("万人成讼率", 86.7, "件/万人")]
    assert [(r["kind"], r["number"]) for r in rows("items_targeting_indicator")] == [
        ("measure", 4), ("task", 38), ("reform", 4)]
    assert [(r["number"], r["period"], r["due"]) for r in rows("due_in_month")] == [
        (38, "5-8月", False), (40, "6月", True), (40, "6-9月", False), (8, "4-6月", True), (30, "5-8月", False)]
    levels = {r["level"]: (r["policies"], r["citations"]) for r in rows("policies_by_level")}
    assert levels["国家"] == (4, 5)


def test_through_graphql(gql) -> None:
    data = gql("""{
      namedQueries { name description parameters { name type required default description } }
      runNamedQuery(name: "department_responsibilities", parameters: {department: "区发改局", role: "support"}) {
        name parameters columns rowCount truncated rows }
    }""")
    listed = {q["name"]: q for q in data["namedQueries"]}
    assert set(listed) == set(QUERIES)
    assert listed["due_in_month"]["parameters"] == [
        {"name": "month", "type": "Int", "required": True, "default": None, "description": "1 to 12"},
        {"name": "department", "type": "Department", "required": False, "default": None,
         "description": "any name of the lead department; null for all"},
    ]
    result = data["runNamedQuery"]
    assert result["columns"] == ["department", "role", "kind", "number", "name", "document", "line", "line_end"]
    assert (result["rowCount"], result["truncated"]) == (3, False)
    assert result["parameters"] == {"department": "区发改局", "role": "support", "jurisdiction": None}
    assert result["rows"][2]["name"] == "大通道建设"


def test_bad_parameters_through_graphql(api, sample_graph) -> None:
    from tests.api.conftest import post

    error = post(api, '{ runNamedQuery(name: "due_in_month", parameters: {month: "June"}) { rowCount } }')["errors"][0]
    assert error["message"] == "due_in_month: parameter month takes a Int, not 'June'"
    assert error["extensions"] == {"code": "BAD_REQUEST", "status": 400}
