"""graph.read.item_ref and find_item_refs: the plan's own numbering read back into items (no
Neo4j needed)."""

from __future__ import annotations

import pytest

from graph.read import ItemRef, find_item_refs, item_ref
from graph.registry import Label

TASK_25 = ItemRef(Label.TASK, "25")
REFORM_14 = ItemRef(Label.REFORM, "14")
MEASURE_1_6 = ItemRef(Label.MEASURE, "1.6")


@pytest.mark.parametrize(("text", "expected"), [
    ("任务25", TASK_25),
    ("重点任务25", TASK_25),
    ("重点工作第25项", TASK_25),
    ("重点工作 25", TASK_25),
    ("重点工作25", TASK_25),
    ("附件二第25项", TASK_25),
    ("附件2第25项", TASK_25),
    ("第25项重点工作", TASK_25),
    ("25号任务", TASK_25),
    ("重点工作第二十五项", TASK_25),
    ("任务２５", TASK_25),  # full-width digits
    (" 任务 25 ", TASK_25),
    ("Task 25", TASK_25),
    ("改革14", REFORM_14),
    ("重大改革第14项", REFORM_14),
    ("附件三第14项", REFORM_14),
    ("重大改革第十四项", REFORM_14),
    ("举措1.6", MEASURE_1_6),
    ("工作举措 1.6", MEASURE_1_6),
    ("工作举措1.6", MEASURE_1_6),
    ("1.6", MEASURE_1_6),
    ("１．６", MEASURE_1_6),
    ("附件二第一百零三项", ItemRef(Label.TASK, "103")),
    ("任务007", ItemRef(Label.TASK, "7")),
])
def test_the_forms_a_person_writes(text: str, expected: ItemRef) -> None:
    assert item_ref(text) == expected


@pytest.mark.parametrize("text", [
    "25",  # either annex
    "举措6",  # a measure is numbered within its area
    "任务1.6",  # a task's number is whole
    "任务0",
    "重点工作第25项是什么",  # a sentence: find_item_refs
    "Task:宁波市奉化区-2022-ec22819a/task/25",  # a global id
    "区发改局",
    "",
    "改革",
])
def test_anything_else_is_no_reference(text: str) -> None:
    assert item_ref(text) is None


def test_key_suffixes_cover_both_layouts() -> None:
    assert TASK_25.key_suffixes == ("/task/25", "/item/25")
    assert TASK_25.matches("d/task/25") and TASK_25.matches("d/item/25") and not TASK_25.matches("d/task/125")
    assert REFORM_14.key_suffixes == ("/reform/14",)
    assert MEASURE_1_6.key_suffixes == ("/measure/1.6",)


def test_references_inside_a_sentence_with_their_place() -> None:
    text = "重点工作第25项是什么?和改革14、举措1.6有关吗"
    assert find_item_refs(text) == [(TASK_25, 0, 8), (REFORM_14, 13, 17), (MEASURE_1_6, 18, 23)]
    assert text[0:8] == "重点工作第25项" and text[13:17] == "改革14" and text[18:23] == "举措1.6"


def test_numbers_that_are_quantities_are_not_references() -> None:
    assert find_item_refs("完成任务3个,投资1.6万元,改革1.5万元") == []
    assert find_item_refs("１．６") == []  # a bare number in a sentence
    assert find_item_refs("附件三第１４项的进度") == [(REFORM_14, 0, 7)]
