"""Indicators that state no number but what is to be met, in any jurisdiction's words."""

from __future__ import annotations

import pytest

from loaders import parse_bytes
from loaders.extract.indicators import compound_targets, counted_targets, split_indicator_list, text_only_target
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


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("家庭可支配收入10—50万元群体、20—60万元群体比例分别达65%和25%",
         [("家庭可支配收入10—50万元群体比例", "达", 65.0, "%"), ("家庭可支配收入20—60万元群体比例", "达", 25.0, "%")]),
        ("城乡居民收入、农村居民收入分别增长8%和9%",
         [("城乡居民收入", "增长", 8.0, "%"), ("农村居民收入", "增长", 9.0, "%")]),
        ("A、B分别达1%", []),  # two subjects, one value: not a compound
        ("人均生产总值15万元", []),
    ],
)
def test_a_compound_target_is_one_target_per_subject(text, targets):
    found = compound_targets(text)
    assert [(t.name, t.comparator, t.value, t.unit) for t in found] == targets
    assert all(t.text == text for t in found)


def test_the_body_list_splits_a_compound_in_place():
    names = [t.name for t in split_indicator_list("劳动报酬占GDP比重达45%,家庭可支配收入10—50万元群体、"
                                                  "20—60万元群体比例分别达65%和25%,城镇登记失业率低于3.5%")]
    assert names == ["劳动报酬占GDP比重", "家庭可支配收入10—50万元群体比例", "家庭可支配收入20—60万元群体比例",
                     "城镇登记失业率"]


def test_a_target_opening_with_what_is_to_be_met_is_named_after_it():
    """liandu rows 12, 13: 完成省、市下达的 | 能源指标计划目标 (the 、 of 省、市 inside the issuers)."""
    assert text_only_target("完成省、市下达的能源指标计划目标").name == "能源指标计划目标"
    assert text_only_target("完成省下达的减排任务").name == "减排任务"


def test_parallel_words_before_one_head_share_it_and_the_last_qualifier():
    """qiaocheng row 6: 城镇、农村 | 常住居民人均可支配收入 分别增长 5.2%、8% | 左右."""
    got = [(t.name, t.comparator, t.value, t.unit, t.qualifier)
           for t in compound_targets("城镇、农村常住居民人均可支配收入分别增长5.2%、8%左右")]
    assert got == [("城镇常住居民人均可支配收入", "增长", 5.2, "%", "左右"), ("农村常住居民人均可支配收入", "增长", 8.0, "%", "左右")]


def test_a_count_an_action_is_to_reach_in_prose():
    """huaian item 2: 每年培育星级上云企业50家 (the action 培育 is no part of the name; 每年 its period);
    an amount of money set up (设立2.43亿元…资金) or a threshold (15万元以下的…) is no target."""
    text = ("开展企业上云培训对接和咨询诊断活动,对符合条件的企业上云和工业互联网等“智改数转”项目予以奖补,"
            "每年培育星级上云企业50家。")
    assert [(t.text, t.name, t.comparator, t.value, t.unit, t.qualifier, text[t.start:t.end]) for t in counted_targets(text)] == [
        ("每年培育星级上云企业50家", "星级上云企业", None, 50.0, "家", "每年", "每年培育星级上云企业50家")]
    assert counted_targets("设立2.43亿元推动工业强市发展专项引导资金,出台管理办法") == []
    assert counted_targets("认真落实月销售额15万元以下的小规模纳税人免征增值税政策") == []
