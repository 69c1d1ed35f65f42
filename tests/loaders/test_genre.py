"""The genre's numbered-item plans (tests/data/genre) read to the values read from them by hand.

Each document of tests/data/genre laid out as numbered items is loaded as ``policykg load`` would
(--allow-partial: every excerpt's last item is cut; --jurisdiction where the kept text names no
place of its own) and compared with its expected yaml: every item's number as written, section
path, lines, lead and supporting units in order, collectives, leaders and deadlines.
The table layouts (liandu, qiaocheng, wuhu, yunyang) are checked in test_genre_tables.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from loaders import LoadError
from loaders.errors import IncompleteDocument
from loaders.model import Role
from loaders.read import load_file

GENRE = Path(__file__).resolve().parents[1] / "data" / "genre"

#: document -> the place given with --jurisdiction (None: the reader finds it in the header, or in
#: the text: 结合官渡区实际, 结合淮安实际, the title 加快西宁市流通业发展实施意见)
NUMBERED = {
    "caidian-2023-targets": None,
    "chuzhou-2020-tasks": None,
    "chuzhou-2024-tasks": None,
    "guandu-2016-measures": None,
    "huaian-2022-measures": None,
    "lishan-2023-tasks": None,
    "liupanshui-2022-actionplan": None,
    "sichuan-2022-circulation": None,
    "wuhan-2022-targets": None,
    "xialu-2020-tasks": None,
    "xialu-2023-tasks": "下陆区",
    "xianyang-2022-excerpt-traditional": "咸阳市",
    "xining-2017-opinions": None,
    "xuchang-2020-excerpt": None,
}


def _expected(name: str) -> dict:
    return yaml.safe_load((GENRE / "expected" / f"{name}.yaml").read_text(encoding="utf-8"))


def _read(item) -> dict:
    return {
        "path": list(item.section_path),
        "number": item.number_text,
        "line": item.source.line_start,
        "end_line": item.source.line_end,
        "lead": [u.written for u in item.units if u.role is Role.LEAD],
        "support": [u.written for u in item.units if u.role is Role.SUPPORT],
        "collective": [u.written for u in item.units if u.kind == "collective"],
        "leaders": [leader.name for leader in item.leaders],
        "deadlines": [(m.label, m.start_month, m.end_month, m.year, m.text) for m in item.milestones],
        "indicators": [_indicator(i.text, i.name, i.comparator, i.value, i.unit, i.qualifier) for i in item.indicators],
    }


def _indicator(text, name, comparator, value, unit, qualifier) -> tuple:
    return (text, name, comparator, None if value is None else float(value), unit, qualifier)


def _want(name: str, item: dict) -> dict:
    return {
        "path": item["path"], "number": item["number"], "line": item["line"], "end_line": item["end_line"],
        "lead": item["lead"], "support": item["support"], "collective": item["collective"],
        "leaders": item["leaders"], "deadlines": [(d["label"], d["start_month"], d["end_month"], d["year"], d["text"])
                                                      for d in item["deadlines"]],
        "indicators": [_indicator(i["text"], i["name"], i["comparator"], i["value"], i["unit"], i["qualifier"])
                       for i in item["indicators"]],
    }


@pytest.mark.parametrize("name", sorted(NUMBERED))
def test_numbered_items_read_as_by_hand(name: str) -> None:
    document, report = load_file(GENRE / f"{name}.txt", allow_partial=True, jurisdiction=NUMBERED[name])
    expected = _expected(name)
    assert document.layout == "numbered-items"
    assert [_read(item) for item in document.tasks] == [_want(name, item) for item in expected["items"]]
    assert report.stats["items"] == len(expected["items"])
    # a 文号 the yaml takes from another copy of the page is not in the text
    written = re.sub(r"\s|\[|\]", "", (GENRE / f"{name}.txt").read_text(encoding="utf-8"))
    want_number = expected["header"].get("doc_number") or None
    if want_number and want_number.replace("〔", "").replace("〕", "") not in written.replace("〔", "").replace("〕", ""):
        want_number = None
    assert document.doc_number == want_number
    jurisdiction = expected["header"]["jurisdiction"]
    where = document.jurisdiction
    assert where.short_name == (NUMBERED[name] or jurisdiction.get("division", jurisdiction["as_written"]))
    assert (where.full_name, where.level, where.code) == (
        jurisdiction["full_name"], jurisdiction["level"], jurisdiction["code"])


@pytest.mark.parametrize("name", sorted(NUMBERED))
def test_only_prose_is_reported_not_understood(name: str) -> None:
    """The dry run's paragraphs not understood are the plan's prose (its preamble, an unnumbered
    goals paragraph), never an item's or a header's line: the page's own lines, the 文号, whom the
    notice is sent to, (此件公开发布), the title written again after the signature, the unsigned
    notice's text."""
    _, report = load_file(GENRE / f"{name}.txt", allow_partial=True, jurisdiction=NUMBERED[name])
    assert report.stats["paragraphs_not_understood"] == [p["line"] for p in _expected(name)["prose_lines"]]


def test_header_lines_of_every_kind_are_the_headers() -> None:
    from loaders.blocks import Para
    from loaders.genre import header_lines, read_header
    from loaders.read import read_raw

    def lines(name: str) -> list[int]:
        raw = read_raw((GENRE / f"{name}.txt").read_bytes(), f"{name}.txt")
        paras = [b for b in raw.blocks if isinstance(b, Para) and b.text.strip()]
        h = read_header(paras)
        first = next(k for k, p in enumerate(paras) if p.text.strip().startswith("一、")
                     and k > (h.signature if h.signature is not None else -1))
        return sorted(paras[k].line_start for k in header_lines(paras, h, first))

    assert lines("xuchang-2020-excerpt") == [1, 2, 3]  # 许政 [2020] 20号, the addressees, the unsigned notice
    assert lines("chuzhou-2020-tasks") == [3, 4, 6, 8]  # 发布时间:, 【字体:打印, the addressees, the notice
    assert lines("lishan-2023-tasks")[-3:] == [15, 17, 19]  # (此件公开发布), the title broken over two lines
    assert 25 in lines("caidian-2023-targets")  # the title again after the signature


def test_first_words_open_each_item() -> None:
    for name in NUMBERED:
        document, _ = load_file(GENRE / f"{name}.txt", allow_partial=True, jurisdiction=NUMBERED[name])
        for item, want in zip(document.tasks, _expected(name)["items"], strict=True):
            assert item.text.split("\n")[0][len(item.number_text or ""):].lstrip().startswith(want["first_words"])


def test_a_cut_excerpt_needs_allow_partial() -> None:
    with pytest.raises(IncompleteDocument, match=r"lishan-2023-tasks\.txt: incomplete: the last item \(7\., line 61\)"
                       r".*--allow-partial"):
        load_file(GENRE / "lishan-2023-tasks.txt")


def test_an_excerpt_whose_items_all_close_loads_without_allow_partial() -> None:
    document, report = load_file(GENRE / "xuchang-2020-excerpt.txt")
    assert [i.number_text for i in document.tasks] == ["1.", "2."]
    assert report.warnings == []


def test_a_plan_naming_no_place_asks_for_jurisdiction() -> None:
    with pytest.raises(LoadError, match=r"xialu-2023-tasks\.txt: the plan names no place.*--jurisdiction NAME"):
        load_file(GENRE / "xialu-2023-tasks.txt", allow_partial=True)


def test_notice_paragraphs_before_the_signature_are_not_items() -> None:
    document, _ = load_file(GENRE / "caidian-2023-targets.txt", allow_partial=True)
    assert 14 not in [i.source.line_start for i in document.tasks]
    assert document.tasks[0].source.line_start == 29


def test_departments_are_scoped_by_jurisdiction() -> None:
    a, _ = load_file(GENRE / "lishan-2023-tasks.txt", allow_partial=True)
    b, _ = load_file(GENRE / "guandu-2016-measures.txt", allow_partial=True)
    assert "鞍山市立山区/区发改局" in {d.key for d in a.departments}
    assert "昆明市官渡区/区发改局" in {d.key for d in b.departments}


def test_numbered_text_without_units_anywhere_needs_allow_partial(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("立山区人民政府2023年工作安排\n\n一、总体要求\n\n1.抓好经济运行。\n\n2.抓好项目建设。\n", encoding="utf-8")
    with pytest.raises(IncompleteDocument, match="no responsible unit anywhere"):
        load_file(plan)
    document, report = load_file(plan, allow_partial=True)
    assert [i.number_text for i in document.tasks] == ["1.", "2."]
    assert report.stats["items_without_units"] == 2


#: the plans whose title is written whole on one line, loaded end to end (every header, the split
#: and absent titles among them, is read by test_genre_header.py)
WHOLE_TITLE = ["caidian-2023-targets", "chuzhou-2020-tasks", "chuzhou-2024-tasks", "huaian-2022-measures",
               "lishan-2023-tasks", "sichuan-2022-circulation", "xialu-2020-tasks", "xialu-2023-tasks",
               "xining-2017-opinions"]


@pytest.mark.parametrize("name", WHOLE_TITLE)
def test_header_read_as_by_hand(name: str) -> None:
    document, _ = load_file(GENRE / f"{name}.txt", allow_partial=True, jurisdiction=NUMBERED[name])
    header = _expected(name)["header"]
    assert document.title == header["title"]
    if header.get("notice_title"):
        assert document.notice == header["notice_title"]
    date = header.get("date")
    if isinstance(date, dict) and date.get("line"):  # the signature's date, or the page's 发布时间
        assert date["value"] in (document.issue_date, document.publish_date)
    issuer = header.get("issuer")
    if isinstance(issuer, dict) and issuer.get("line"):
        assert issuer["name"] in (document.issuer, document.publisher)  # the signature's, or 发布机构


def _plan(tmp_path: Path, body: str) -> Path:
    plan = tmp_path / "plan.txt"
    plan.write_text("立山区人民政府2023年工作安排\n\n" + body, encoding="utf-8")
    return plan


def test_forms_the_real_excerpts_lack(tmp_path: Path) -> None:
    """(牵头单位:A;配合单位:B), ① numbering, full-width punctuation and 〔责任单位:A〕 at depth three."""
    plan = _plan(tmp_path, "一、抓好项目\n\n（一）重点项目\n\n①推进甲项目。（牵头单位：区发改局；配合单位：区财政局、各街道）\n\n"
                           "②推进乙项目，6月底前开工。〔责任单位:区住建局、区自然资源局按职责分工负责〕\n")
    document, report = load_file(plan)
    got = [(i.number_text, i.section_path, [(u.written, u.role.value, u.kind) for u in i.units],
            [(m.label, m.end_month) for m in i.milestones]) for i in document.tasks]
    assert got == [
        ("①", ("一、抓好项目", "（一）重点项目"),
         [("区发改局", "lead", "department"), ("区财政局", "support", "department"), ("各街道", "support", "collective")],
         []),
        ("②", ("一、抓好项目", "（一）重点项目"),
         [("区住建局", "lead", "department"), ("区自然资源局", "support", "department")], [("6月底前", 6)]),
    ]
    assert report.warnings == []


def test_leaders_are_never_units(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "一、抓好项目\n\n1.推进甲项目。\n\n责任领导:王明、李华\n\n牵头单位:区发改局\n\n配合单位:区财政局\n")
    (item,) = load_file(plan)[0].tasks
    assert [(leader.name, leader.label, leader.order) for leader in item.leaders] == [("王明", "责任领导", 0),
                                                                                     ("李华", "责任领导", 1)]
    assert [u.written for u in item.units] == ["区发改局", "区财政局"]


def test_a_text_neither_layout_reads_is_refused_saying_what_was_looked_for(tmp_path: Path) -> None:
    plan = tmp_path / "notes.txt"
    plan.write_text("会议纪要\n\n讨论了食堂菜单。\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"notes\.txt: no plan title.*nor numbered items \(一、 / \(一\)"):
        load_file(plan)


def test_deadline_words_anywhere_in_an_item(tmp_path: Path) -> None:
    """The deadline words of issue 11 the real excerpts lack, in any paragraph of the item, with the year
    written or implied by the notice's date (明年: the year after it)."""
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "立山区人民政府\n\n2022年12月20日\n\n立山区政府2023年重点工作任务分解\n\n一、抓好项目\n\n"
        "1.推进甲项目。持续推进“一网通办”,截至6月底已完成一半。\n\n5月底前完成立项,6月30日前开工;年底前竣工。\n\n"
        "牵头单位:区发改局\n\n"
        "2.推进乙项目,2022年10月18日召开推进会,2023年10月底前建成、明年7月份投用,每季度末报送进展。"
        "(区住建局牵头,区财政局配合)\n\n"
        "3.巩固治理成效。完成时限:长期坚持\n\n责任单位:区应急局\n\n"
        "4.推进丙项目。持续推进\n\n责任单位:区商务局\n", encoding="utf-8")
    document, _ = load_file(plan)
    got = [[(m.label, m.start_month, m.end_month, m.year, m.text) for m in item.milestones] for item in document.tasks]
    assert got == [
        [("5月底前", None, 5, None, "5月底前完成立项"), ("6月30日前", None, 6, None, "6月30日前开工"),
         ("年底前", None, 12, None, "年底前竣工")],
        [("2023年10月底前", None, 10, 2023, "2023年10月底前建成"), ("明年7月份", None, 7, 2023, "明年7月份投用"),
         ("每季度末", 1, 12, None, "每季度末报送进展")],
        [("长期坚持", None, None, None, "长期坚持")],
        [("持续推进", None, None, None, "持续推进")],
    ]


def test_indicators_written_as_items_parse_like_the_samples(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "一、主要预期目标\n\n1.地区生产总值增长6%左右。\n\n牵头单位:区发改局\n\n"
                           "2.城镇登记失业率控制在4%以内。\n\n牵头单位:区人社局\n\n"
                           "3.主要经济指标增速不低于全省平均水平。\n\n牵头单位:区统计局\n")
    document, _ = load_file(plan)
    got = [[(i.text, i.name, i.comparator, i.value, i.unit, i.qualifier) for i in item.indicators]
           for item in document.tasks]
    assert got == [[("地区生产总值增长6%左右", "地区生产总值", "增长", 6.0, "%", "左右")],
                   [("城镇登记失业率控制在4%以内", "城镇登记失业率", "控制在", 4.0, "%", "以内")],
                   [("主要经济指标增速不低于全省平均水平", "主要经济指标增速", "不低于", None, None, None)]]
