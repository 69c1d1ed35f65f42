"""Answers without silent zeros, on the sample: the plan's own numbering as an id, every name
of a department resolved alike (an unknown one is an error with suggestions), one citation per
cell, and the filters analysts reach for."""

from __future__ import annotations

from tests.api.conftest import post

DOC = "宁波市奉化区-2022-ec22819a"


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
