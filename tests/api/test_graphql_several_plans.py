"""Two plans of two districts in one graph: the same department name in both, told apart by
jurisdiction. (Runs last in tests/api: it replaces the sample-only graph.)"""

from __future__ import annotations

import pytest

from graph.driver import Database
from graph.schema import ensure_schema
from graph.writer import write_document
from loaders import parse_bytes
from loaders.synth import synthesize
from tests.api.conftest import post

pytestmark = pytest.mark.neo4j


@pytest.fixture
def two_plans(empty_graph: Database, sample_document) -> tuple[str, str]:
    ensure_schema(empty_graph)
    synthetic = synthesize(1, seed=1)[0]
    other, _ = parse_bytes(synthetic.text.encode("utf-8"), synthetic.filename)
    write_document(empty_graph, sample_document)
    write_document(empty_graph, other)
    return sample_document.jurisdiction.name, other.jurisdiction.name


def test_a_name_in_two_jurisdictions(api, two_plans) -> None:
    fenghua, other = two_plans
    assert other == "杭州市霞浦区"

    ambiguous = post(api, '{ department(name: "区发改局") { name } }')
    (error,) = ambiguous["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["message"] == (
        "区发改局 names departments in 2 jurisdictions (宁波市奉化区, 杭州市霞浦区); pass jurisdiction to pick one, "
        "or use departments(where: {alias: ...})")

    query = "query ($j: String) { department(name: \"发改局\", jurisdiction: $j) { key leadCount } }"
    assert post(api, query, {"j": fenghua})["data"]["department"] == {"key": "宁波市奉化区/区发改局", "leadCount": 29}
    assert post(api, query, {"j": other})["data"]["department"]["key"] == "杭州市霞浦区/区发改局"

    both = post(api, '{ departments(where: {alias: "发改局"}) { nodes { key } } }')["data"]["departments"]["nodes"]
    assert [d["key"] for d in both] == ["宁波市奉化区/区发改局", "杭州市霞浦区/区发改局"]

    counted = post(api, """query ($j: String) { statistics(jurisdiction: $j) { itemsByArea(kinds: [TASK]) { count } }
      items(where: {jurisdiction: $j, kind: TASK}) { totalCount } }""", {"j": fenghua})["data"]
    assert counted["items"]["totalCount"] == sum(a["count"] for a in counted["statistics"]["itemsByArea"]) == 73
