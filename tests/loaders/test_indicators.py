"""Indicators that state no number but what is to be met, in any jurisdiction's words."""

from __future__ import annotations

import pytest

from loaders import parse_bytes
from loaders.extract.indicators import split_indicator_list, text_only_target
from loaders.synth import synthesize


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("单位GDP能耗完成市下达指标", "单位GDP能耗"),
        ("单位GDP碳排放完成市下达目标", "单位GDP碳排放"),
        ("力争全区单位 GDP能耗完成宁波市下达的年度目标", "力争全区单位 GDP能耗"),
        ("单位GDP能耗完成嘉兴市下达的年度目标", "单位GDP能耗"),
        ("化学需氧量排放量完成省下达的减排任务", "化学需氧量排放量"),
        ("耕地保有量完成上级下达的年度指标", "耕地保有量"),
        ("群众满意度稳步提升", "群众满意度"),
        ("完成市下达指标", "完成市下达指标"),  # nothing before the phrase: the text is the name
    ],
)
def test_a_target_to_meet_keeps_its_name(text, name):
    target = text_only_target(text)
    assert (target.name, target.value, target.text) == (name, None, text)


def test_another_districts_plan():
    """A synthetic district of 嘉兴市: its body states 完成嘉兴市下达的年度目标, read as 宁波's is."""
    plan = synthesize(1, 5)[0]
    assert plan.truth.city == "嘉兴市"
    text = plan.text.replace("指标目标:", "指标目标:单位GDP能耗完成嘉兴市下达的年度目标,", 1)
    doc, _ = parse_bytes(text.encode("utf-8"), plan.filename)
    first = doc.indicators[0]
    assert (first.text, first.name, first.value, first.comparator) == (
        "单位GDP能耗完成嘉兴市下达的年度目标", "单位GDP能耗", None, None)
    assert [t.name for t in split_indicator_list("能耗完成嘉兴市下达的年度目标,新增企业达107家")] == ["能耗", "新增企业"]
