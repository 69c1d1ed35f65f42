"""The sample plan, read by hand and checked row by row.

Expected values below were read off data/fenghua-2022-workpoints.txt (line
numbers in comments), not copied from the parser's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import load_file, parse_bytes
from loaders.model import Document, Item

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "fenghua-2022-workpoints.txt"


@pytest.fixture(scope="module")
def parsed():
    return load_file(SAMPLE)


@pytest.fixture(scope="module")
def doc(parsed) -> Document:
    return parsed[0]


def task(doc: Document, n: int) -> Item:
    (item,) = [t for t in doc.tasks if t.number == n]
    return item


def reform(doc: Document, n: int) -> Item:
    (item,) = [t for t in doc.reforms if t.number == n]
    return item


def paragraphs(item: Item, cell: str) -> int:
    text = item.cells[cell]
    return len(text.split("\n")) if text else 0


def units(item: Item) -> list[tuple[str, str]]:
    return [(u.canonical, u.role.value) for u in item.units]


def test_header_metadata(doc):
    assert doc.title == "宁波市奉化区2022年推进高质量发展建设共同富裕特色区工作要点"
    assert doc.index_no == "11330283734263790N/2022-130473"
    assert doc.publisher == "区发改局"
    assert doc.publish_date == "2022-07-06"
    assert doc.issue_date == "2022-06-30"
    assert doc.issuer == "宁波市奉化区推进高质量发展建设共同富裕特色区领导小组办公室(中共宁波市奉化区委社会建设委员会)"
    assert doc.notice == "关于印发《宁波市奉化区2022年推进高质量发展建设共同富裕特色区工作要点》的通知"
    assert (doc.jurisdiction.name, doc.jurisdiction.short_name, doc.jurisdiction.parent) == ("宁波市奉化区", "奉化区", "宁波市")
    assert doc.year == 2022
    # the title is cited where the notice that issued it is written
    assert (doc.source.section, doc.source.line_start, doc.source.line_end, doc.source.text) == (
        "文件头", 6, 6, doc.notice)


def test_title_without_a_notice_is_cited_on_its_lines() -> None:
    text = "\n".join([
        "宁波市奉化区2022年推进高质量发展",
        "建设共同富裕特色区工作要点",
        "",
        "二、重点任务",
        "(一)推动经济高质量发展",
        "1.区发改局牵头做好项目谋划(区发改局)。",
    ])
    # a fragment: no 工作举措: list and no section after 二、重点任务, so only with allow_partial
    doc, _ = parse_bytes(text.encode("utf-8"), "plan.txt", allow_partial=True)
    assert doc.title == "宁波市奉化区2022年推进高质量发展建设共同富裕特色区工作要点"
    assert (doc.source.line_start, doc.source.line_end) == (1, 2)
    assert doc.source.text == "宁波市奉化区2022年推进高质量发展\n建设共同富裕特色区工作要点"


def test_counts(doc):
    assert len(doc.tasks) == 73
    assert [t.number for t in doc.tasks] == list(range(1, 74))
    assert len(doc.reforms) == 41
    assert [r.number for r in doc.reforms] == list(range(1, 42))
    # seven body areas; 12+10+9+9+7+5+8 measures counted by their unit groups
    pilot = [a for a in doc.areas if a.kind.value == "pilot_area"]
    assert [a.name for a in pilot] == [
        "经济高质量发展先行示范", "收入分配制度改革先行示范", "城乡区域协调发展先行示范", "公共服务优质共享先行示范",
        "社会主义先进文化发展先行示范", "生态文明建设先行示范", "社会治理先行示范",
    ]
    per_area = [sum(1 for m in doc.measures if m.area == a.key) for a in pilot]
    assert per_area == [12, 9, 10, 9, 7, 5, 8]
    # 收入分配: the compound 家庭可支配收入…分别达65%和25% is two indicators
    assert [sum(1 for i in doc.indicators if i.area == a.key) for a in pilot] == [11, 5, 5, 8, 7, 4, 5]


def test_areas_shared_by_body_and_annex(doc):
    # the annex's 7 area headers resolve to the body's 7 areas, not to new ones
    assert len([a for a in doc.areas if a.kind.value == "pilot_area"]) == 7
    assert task(doc, 1).area == "pilot_area:经济高质量发展先行示范"
    assert task(doc, 73).area == "pilot_area:社会治理先行示范"
    assert reform(doc, 41).area == "reform_category:共同富裕基本单元"
    rows = {h.source.text: (h.stated_count, h.row_count) for h in doc.area_headers}
    assert rows["收入分配制度改革先行示范(8项)"] == (8, 9)  # rows 13–21
    assert rows["公共服务优质共享先行示范(11项)"] == (11, 13)  # rows 33–45
    assert rows["社会治理先行示范(10项)"] == (10, 11)  # rows 63–73
    assert rows["经济高质量发展先行示范(12项)"] == (12, 12)
    assert rows["扩中提低改革(11项)"] == (11, 11)


def test_report_flags_header_counts(parsed):
    _, report = parsed
    mismatches = [f for f in report.findings if f.code == "header-count-mismatch"]
    assert [f.line for f in mismatches] == [305, 621, 1094]


def test_task_1(doc):  # lines 112-124
    t = task(doc, 1)
    assert t.name == "数字经济五年倍增行动"
    assert units(t) == [("区经信局", "lead")]
    assert t.cells["evaluation"] == "工业经济发展竞赛考核办法。"
    assert [(i.name, i.comparator, i.value, i.unit, i.qualifier) for i in t.indicators] == [
        ("数字经济核心产业增加值占GDP比重", "达到", 4.8, "%", None),
        ("数字经济核心产业增加值规模", "增长", 15.0, "%", "以上"),
    ]
    assert [(m.label, m.start_month, m.end_month) for m in t.milestones] == [
        ("2—4月", 2, 4), ("5—8月", 5, 8), ("9—10月", 9, 10), ("11—12月", 11, 12)
    ]
    assert [(p.title, p.cell) for p in t.policies if p.cell == "policy"] == [
        ("奉化区数字经济发展五年行动计划(2018—2022年)", "policy"),
        ("奉化区数字经济发展2022年工作要点", "policy"),
    ]
    assert (t.source.line_start, t.source.line_end) == (112, 124)


def test_task_2_five_units_and_places(doc):  # line 128
    t = task(doc, 2)
    assert units(t) == [
        ("区科技局", "lead"), ("岳林街道", "support"), ("江口街道", "support"),
        ("经济开发区", "support"), ("宁南新城管理中心", "support"),
    ]
    assert [p.title for p in t.policies] == [
        "3号青创大走廊“五城”发展专项规划", "生命科学城专项规划", "中交智慧城专项规划", "智能制造城专项规划",
        "茗山科技城专项规划", "滨海低碳城专项规划",
    ]
    assert {"岳林街道", "江口街道"} <= {p.name for p in t.places}


def test_task_6_split_work_cell_and_empty_evaluation(doc):  # lines 182-203
    t = task(doc, 6)
    assert paragraphs(t, "work") == 6  # numbered 1.–6., one paragraph each (lines 188-198)
    assert t.cells["work"].startswith("1.")
    assert t.cells["work"].split("\n")[-1].startswith("6.推动湾区渔业数字化改革")
    assert t.cells["evaluation"] == ""  # two blank lines at 201-202
    assert t.cells["schedule"].startswith("2-3月:印发《宁波市奉化区2022年象山港区域保护和利用工作计划》")
    assert t.cell_sources["schedule"].line_start == 203


def test_task_10_every_cell_split(doc):  # lines 247-275
    t = task(doc, 10)
    assert [paragraphs(t, c) for c in ("target", "work", "policy", "evaluation", "schedule")] == [1, 4, 5, 2, 1]
    assert t.cells["target"] == "力争2022年服务业增加值达到30%。"
    assert t.cells["policy"].split("\n")[0] == "1.《关于新时代奉化区服务业高质量发展的意见》。"
    assert t.cells["evaluation"].split("\n")[0] == "1.根据《服务业经济发展竞赛考核办法》进行综合考评。"
    assert [i.name for i in t.indicators] == ["服务业增加值"]


def test_task_17_unit_alias(doc):  # 民政局 written without 区
    t = task(doc, 17)
    assert t.units[0].written == "民政局"
    assert units(t) == [("区民政局", "lead")]
    assert [(m.label, m.start_month, m.end_month) for m in t.milestones] == [
        ("5月底前", None, 5), ("9月底前", None, 9), ("12月底前", None, 12)
    ]


def test_task_20_empty_evaluation(doc):  # lines 407-418
    t = task(doc, 20)
    assert units(t) == [("区总工会", "lead")]  # written 总工会
    assert t.cells["evaluation"] == ""
    assert [m.label for m in t.milestones] == ["4-9月", "9-10月", "全年"]


def test_task_21_twelve_units(doc):  # line 422
    t = task(doc, 21)
    assert [u.canonical for u in t.units] == [
        "区总工会", "团区委", "区妇联", "区科协", "区残联", "区工商联", "区文联", "区侨联", "区慈善总会",
        "区关工委", "区贸促会", "区计生协会",
    ]
    assert [u.role.value for u in t.units] == ["lead"] + ["support"] * 11
    assert [paragraphs(t, c) for c in ("target", "work", "policy", "evaluation", "schedule")] == [1, 7, 2, 0, 5]


def test_task_25_two_bracket_groups(doc):  # 大通道建设(区交通局)(区发改局)
    t = task(doc, 25)
    assert t.name == "大通道建设"
    assert units(t) == [("区交通局", "lead"), ("区发改局", "support")]
    assert paragraphs(t, "policy") == 2


def test_task_32_split_work_policy_schedule(doc):  # lines 599-619
    t = task(doc, 32)
    assert [paragraphs(t, c) for c in ("target", "work", "policy", "evaluation", "schedule")] == [1, 2, 3, 1, 2]
    assert [m.label for m in t.milestones] == ["1-3月", "4-8月", "9-12月"]


def test_task_41_unnumbered_cells(doc):  # lines 736-752
    t = task(doc, 41)
    assert units(t) == [("区卫健局", "lead")]  # written 区卫生健康局; the body writes 区卫健局
    assert t.units[0].written == "区卫生健康局"
    assert t.cells["evaluation"] == "第一医院方桥院区顺利投入使用。"
    assert [(m.label, m.start_month, m.end_month) for m in t.milestones] == [("2月底", 2, 2), ("年底", 12, 12)]
    (agreement, _) = t.policies
    assert (agreement.title, agreement.issuer) == ("全面战略合作协议", "浙江省卫生健康委与宁波市人民政府")


def test_task_44_empty_policy_cell(doc):  # lines 790-801: the empty cell is 政策体系
    t = task(doc, 44)
    assert units(t) == [("团区委", "lead")]
    assert t.cells["policy"] == ""
    assert t.cells["evaluation"].startswith("围绕青少年权益维护")
    assert t.policies == ()


def test_task_54_local_alias(doc):  # 名山管委会 = 名山建设管委会 of the body (line 64)
    t = task(doc, 54)
    assert units(t) == [("名山建设管委会", "lead")]


def test_task_62_double_brackets(doc):
    t = task(doc, 62)
    assert t.name == "全国首个生态环境教育特色镇试点"
    assert units(t) == [("区生态环境分局", "lead")]


def test_task_63_deadlines_over_three_paragraphs(doc):
    t = task(doc, 63)
    assert paragraphs(t, "schedule") == 3
    assert [(m.label, m.end_month) for m in t.milestones] == [
        ("3月底前", 3), ("4月底前", 4), ("6月底前", 6), ("7月底前", 7), ("8月底前", 8)
    ]


def test_reform_1(doc):  # lines 1274-1286
    r = reform(doc, 1)
    assert r.name == "创业创新活力集成改革"
    assert units(r) == [("区市场监管局", "lead")]
    assert [(i.name, i.value, i.unit) for i in r.indicators] == [
        ("市场主体", 7.5, "万户"), ("新增个转企", 162.0, "家"), ("有效发明专利拥有量", 1308.0, "件"),
        ("知识产权质押融资金额", 12.0, "亿元"),
    ]


def test_reform_3_empty_evaluation(doc):
    r = reform(doc, 3)
    assert r.cells["evaluation"] == ""
    assert r.cells["policy"] == "建立健全基本公共服务保障标准体系。"
    assert [(m.label, m.start_month, m.end_month) for m in r.milestones] == [("12月底前", None, 12)]


def test_reform_9_label_without_colon(doc):  # 3-4月 参与…
    r = reform(doc, 9)
    assert [(m.label, m.start_month, m.end_month) for m in r.milestones] == [
        ("3-4月", 3, 4), ("5月", 5, 5), ("6-11月", 6, 11), ("12月", 12, 12)
    ]


def test_reform_13_platform_alias(doc):  # (开发区)
    r = reform(doc, 13)
    assert units(r) == [("经济开发区", "lead")]
    assert task(doc, 2).units[3].canonical == "经济开发区"


def test_reform_14_schedule_quarters_in_labelled_parts(doc):
    # 工业项目:二季度完成征集,三季度申报,四季度完成评审立项发布。农业项目:一季度完成…,二季度前依次完成…
    r = reform(doc, 14)
    assert [(m.label, m.start_month, m.end_month, m.text) for m in r.milestones] == [
        ("二季度", 4, 6, "完成征集"),
        ("三季度", 7, 9, "申报"),
        ("四季度", 10, 12, "完成评审立项发布。"),
        ("一季度", 1, 3, "完成项目征集和专家初评"),
        ("二季度前", None, 6, "依次完成申报、评审、立项、公示、拨款流程。"),
    ]
    assert [m.source.text for m in r.milestones][:2] == ["二季度完成征集", "三季度申报"]
    assert {m.source.line_start for m in r.milestones} == {1474}


def test_a_whole_year_clause_without_colon_is_a_period(doc):
    (year,) = [m for r in doc.reforms for m in r.milestones if m.text == "常态化开展文明实践活动。"]  # reform 34
    assert (year.label, year.start_month, year.end_month, year.source.text) == ("全年", 1, 12, "全年常态化开展文明实践活动。")


def test_milestones_quote_the_separator_as_written(doc):
    (written,) = [m for r in doc.reforms for m in r.milestones if m.text == "参与全区个体工商户经营状况调查。"]
    assert (written.label, written.source.text) == ("3-4月", "3-4月 参与全区个体工商户经营状况调查。")


def test_reform_17_town_leads(doc):
    r = reform(doc, 17)
    assert units(r) == [("溪口镇", "lead")]
    assert [paragraphs(r, c) for c in ("target", "work", "policy", "evaluation", "schedule")] == [1, 4, 1, 1, 5]
    (dep,) = [d for d in doc.departments if d.name == "溪口镇"]
    assert dep.place == "溪口镇" and dep.kind == "town"


def test_reform_18_numbering_across_paragraphs(doc):
    r = reform(doc, 18)
    assert [paragraphs(r, c) for c in ("target", "work", "policy", "evaluation", "schedule")] == [1, 3, 2, 1, 5]
    assert [p.title for p in r.policies][:2] == [
        "浙江省推动落实常住地提供基本公共服务制度 有序推进农业转移人口市民化实施方案",
        "关于优化新市民积分管理服务工作的指导意见",
    ]


def test_reform_41_last_row(doc):
    r = reform(doc, 41)
    assert [paragraphs(r, c) for c in ("target", "work", "policy", "evaluation", "schedule")] == [1, 3, 1, 1, 3]
    assert [m.label for m in r.milestones] == ["1-3月", "4-9月", "10-12月"]


def test_body_indicators(doc):  # lines 38, 44, 74
    by_text = {i.text: i for i in doc.indicators}
    assert (by_text["人均生产总值15万元"].name, by_text["人均生产总值15万元"].value,
            by_text["人均生产总值15万元"].unit) == ("人均生产总值", 15.0, "万元")
    u = by_text["城镇登记失业率低于3.5%"]
    assert (u.name, u.comparator, u.value, u.unit) == ("城镇登记失业率", "低于", 3.5, "%")
    e = by_text["单位GDP能耗完成市下达指标"]
    assert (e.name, e.value, e.unit) == ("单位GDP能耗", None, None)
    s = by_text["单位GDP建设用地使用面积降至18.59平方米/万元"]
    assert (s.comparator, s.value, s.unit) == ("降至", 18.59, "平方米/万元")
    compound = [i for i in doc.indicators if i.text == "家庭可支配收入10—50万元群体、20—60万元群体比例分别达65%和25%"]
    assert [(i.name, i.comparator, i.value, i.unit) for i in compound] == [
        ("家庭可支配收入10—50万元群体比例", "达", 65.0, "%"), ("家庭可支配收入20—60万元群体比例", "达", 25.0, "%")]
    assert by_text["律师万人比达2人/万人"].unit == "人/万人"


def test_body_measures(doc):  # line 40
    first = [m for m in doc.measures if m.area == "pilot_area:经济高质量发展先行示范"]
    assert first[0].text.endswith("加快打造“8100”产业集群(区经信局)。")
    talent = first[10]
    assert talent.text.startswith("强化“人才无忧”服务")
    assert [u.canonical for u in talent.units] == ["区委人才办", "区人力社保局"]
    housing = [m for m in doc.measures if m.area == "pilot_area:城乡区域协调发展先行示范"][-1]
    assert [u.canonical for u in housing.units] == ["区住建局", "区农业农村局"]
    assert {"滕头", "金钟", "南溪", "松岙", "金峨", "上白", "青云"} <= {p.name for p in housing.places}


def test_departments_one_per_unit(doc):
    names = [d.name for d in doc.departments]
    assert len(names) == len(set(names))
    assert "区卫生健康局" not in names and "民政局" not in names and "名山管委会" not in names
    fa = next(d for d in doc.departments if d.name == "区发改局")
    assert {"区发改局", "发改局", "区发展和改革局", "宁波市奉化区发展和改革局"} <= set(fa.aliases)
    assert fa.key == "宁波市奉化区/区发改局"
    health = next(d for d in doc.departments if d.name == "区卫健局")
    assert {"区卫健局", "区卫生健康局"} <= set(health.aliases)


def test_policies(doc):
    cites = [p for item in doc.items for p in item.policies]
    ecommerce = [p for p in cites if p.title == "浙江省电子商务条例"]
    assert ecommerce and all(p.level == "省" and p.kind == "条例" for p in ecommerce)
    assert all(p.key == "浙江省电子商务条例" for p in ecommerce)
    local = next(p for p in cites if p.title == "奉化区数字经济发展2022年工作要点")
    assert local.level == "区" and local.key == "宁波市奉化区|奉化区数字经济发展2022年工作要点"
    numbered = next(p for p in cites if p.title == "宁波市服务业发展专项资金使用管理办法")
    assert numbered.doc_number == "甬服务产业〔2020〕55号" and numbered.level == "市" and numbered.kind == "办法"
    national = next(p for p in cites if p.title == "关于完善矛盾纠纷多元化解机制的意见")
    assert national.level == "国家" and national.issuer == "中共中央办公厅、国务院办公厅"


def test_every_fact_has_a_source(doc):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    for item in doc.tasks + doc.reforms:
        name_src = item.cell_sources["name"]
        assert lines[name_src.line_start - 1] == name_src.text
        for m in item.milestones:
            assert m.source.cell == "schedule" and m.text in lines[m.source.line_start - 1]
        for p in item.policies:
            assert f"《{p.title}" in lines[p.source.line_start - 1]
    for m in doc.measures:
        assert m.text in lines[m.source.line_start - 1]
