"""GraphQL search takes the plan's own numbering, on the sample: an item the text names
(任务25, 重点工作第25项, 附件二第25项, 第二十五项重点工作, 改革14, 附件三第14项, 举措1.6, 1.6) is the first hit,
matchedBy NUMBER, the rest by text; a bare number names no item and the answer says so."""

from __future__ import annotations

import pytest

DOC = "宁波市奉化区-2022-ec22819a"
TASK_25 = f"Task:{DOC}/task/25"
REFORM_14 = f"Reform:{DOC}/reform/14"
MEASURE_1_6 = f"Measure:{DOC}/measure/1.6"
TEXT_HITS = 242  # hits of "任务25 大通道建设" by text besides task 25

SEARCH = """query($text: String!, $types: [NodeType!], $first: Int, $after: String) {
  search(text: $text, types: $types, first: $first, after: $after) {
    totalCount note pageInfo { hasNextPage endCursor }
    nodes { matchedBy score node { id } }
  }
}"""


@pytest.mark.parametrize(("text", "node_id"), [
    ("任务25", TASK_25),
    ("重点工作第25项", TASK_25),
    ("附件二第25项", TASK_25),
    ("第二十五项重点工作", TASK_25),
    ("重点工作第25项的牵头单位", TASK_25),
    ("改革14", REFORM_14),
    ("附件三第14项", REFORM_14),
    ("举措1.6", MEASURE_1_6),
    ("1.6", MEASURE_1_6),
])
def test_an_item_named_by_its_number_comes_first(gql, text: str, node_id: str) -> None:
    found = gql(SEARCH, {"text": text, "first": 3})["search"]

    first, *rest = found["nodes"]
    assert (first["node"]["id"], first["matchedBy"]) == (node_id, "NUMBER")
    assert [hit["matchedBy"] for hit in rest] == ["TEXT"] * len(rest)
    assert node_id not in [hit["node"]["id"] for hit in rest]
    assert first["score"] == max(hit["score"] for hit in found["nodes"])  # scored as the best hit by text
    assert found["note"] is None


def test_the_numbered_item_is_counted_once_and_pages_go_on_by_text(gql) -> None:
    whole = gql(SEARCH, {"text": "任务25 大通道建设", "first": 100})["search"]
    first = gql(SEARCH, {"text": "任务25 大通道建设", "first": 2})["search"]
    second = gql(SEARCH, {"text": "任务25 大通道建设", "first": 98, "after": first["pageInfo"]["endCursor"]})["search"]

    every = [hit["node"]["id"] for hit in whole["nodes"]]
    assert every[0] == TASK_25 and every.count(TASK_25) == 1  # its name matches too: listed once, by number
    assert [hit["node"]["id"] for hit in first["nodes"] + second["nodes"]] == every
    assert whole["totalCount"] == first["totalCount"] == second["totalCount"] == 1 + TEXT_HITS


def test_types_restrict_the_numbered_items_too(gql) -> None:
    found = gql(SEARCH, {"text": "任务25", "types": ["REFORM"], "first": 5})["search"]

    assert "NUMBER" not in [hit["matchedBy"] for hit in found["nodes"]]
    assert all(hit["node"]["id"].startswith("Reform:") for hit in found["nodes"])


def test_a_number_no_item_has_is_searched_as_text(gql) -> None:
    found = gql(SEARCH, {"text": "任务999", "first": 5})["search"]

    assert "NUMBER" not in [hit["matchedBy"] for hit in found["nodes"]]


@pytest.mark.parametrize(("text", "number"), [("25", "25"), ("第25项", "25"), ("第二十五项", "25")])
def test_a_bare_number_names_no_item_and_says_so(gql, text: str, number: str) -> None:
    found = gql(SEARCH, {"text": text, "first": 5})["search"]

    assert "NUMBER" not in [hit["matchedBy"] for hit in found["nodes"]]
    assert found["note"] == (f"'{text}' alone names no item: both annexes number their rows so; write 任务{number} "
                             f"(重点工作第{number}项) or 改革{number} (重大改革第{number}项)")
