"""The headers of the genre's real plans (tests/data/genre) read to the values read from them by hand.

The header reader runs on every document of tests/data/genre, the table layouts among them (their
items are another reader's; their header is this one's): the notice, the plan's title (on one line,
broken over two, or absent), its 文号, the issuer and date of its signature, the page's 索引号 table,
the year and the place, each compared with ``header`` of its expected yaml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from loaders.blocks import Para
from loaders.genre import find_jurisdiction, read_header, signature_date
from loaders.read import load_file, read_raw

GENRE = Path(__file__).resolve().parents[1] / "data" / "genre"
DOCUMENTS = sorted(p.stem for p in GENRE.glob("*.txt"))

#: values the yaml takes from outside the kept text (another copy of the page, the page's address or
#: title): nothing in the text gives them, so the reader finds none (checked below: they are not there)
NOT_IN_TEXT = {
    "wuhan-2022-targets": {"notice_title", "doc_number"},  # from the copy at 0798ci.com
    "xianyang-2022-excerpt-traditional": {"title", "year"},  # the wiki page's title
    "guandu-2016-measures": {"year"},  # the page's address (2016-12-06)
    "huaian-2022-measures": {"year"},  # the yaml: "The plan's year and issuer are not in the kept text"
}

#: plans whose kept text names their place nowhere: loaded with --jurisdiction
FROM_THE_USER = {"xialu-2023-tasks",
                 "xianyang-2022-excerpt-traditional"}


def _expected(name: str) -> dict:
    return yaml.safe_load((GENRE / "expected" / f"{name}.yaml").read_text(encoding="utf-8"))["header"]


def _paras(name: str) -> list[Para]:
    path = GENRE / f"{name}.txt"
    raw = read_raw(path.read_bytes(), path.name)
    return [b for b in raw.blocks if isinstance(b, Para) and b.text.strip()]


def _want(name: str, key: str, value: object) -> object:
    return None if key in NOT_IN_TEXT.get(name, set()) else value


@pytest.mark.parametrize("name", DOCUMENTS)
def test_header_read_as_by_hand(name: str) -> None:
    want = _expected(name)
    h = read_header(_paras(name))
    assert h.notice == _want(name, "notice_title", want.get("notice_title"))
    assert h.title == _want(name, "title", want["title"])
    assert h.doc_number == _want(name, "doc_number", want.get("doc_number"))
    assert h.issuer == want["issuer"]["name"]
    assert h.year == _want(name, "year", want["year"])


@pytest.mark.parametrize("name", DOCUMENTS)
def test_dates_read_as_by_hand(name: str) -> None:
    """The signature's date is the issue date; the page's own (发文日期, 发布日期, 发布时间) the
    publication date."""
    date = _expected(name)["date"]
    h = read_header(_paras(name))
    if date["value"] is None:
        assert h.issue_date is None
        assert h.publish_date == date.get("republished")  # xining: a consultancy's page, its own date
    elif signature_date(date["as_written"]):
        assert h.issue_date == date["value"]
    else:
        assert h.publish_date == date["value"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_index_tables_read_as_by_hand(name: str) -> None:
    want = dict(_expected(name).get("index_table") or {})
    lines = (want.pop("line_start", None), want.pop("line_end", None))
    paras = _paras(name)
    h = read_header(paras)
    assert h.index_table == want
    got = [paras[i].line_start for i in h.index_paras]
    assert ((got[0], got[-1]) if got else (None, None)) == lines
    assert h.index_no == want.get("索引号")


#: where the yaml says the plan's own title is written (a notice 关于印发《…》 is its provenance instead)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_title_is_kept_where_it_is_written(name: str) -> None:
    want = _expected(name)
    lines = want.get("title_lines") or ([want["title_line"]] if want.get("title_line") else None)
    h = read_header(_paras(name))
    if lines is None or (h.notice and "印发" in h.notice):
        return
    assert [p.line_start for p in h.title_paras] == lines


def test_a_title_broken_over_two_lines_is_read_whole() -> None:
    h = read_header(_paras("wuhan-2022-targets"))
    assert [p.text for p in h.title_paras] == ["2022年市《政府工作报告》目标任务", "责任分解方案"]
    document, _ = load_file(GENRE / "wuhan-2022-targets.txt", allow_partial=True)
    assert document.title == "2022年市《政府工作报告》目标任务责任分解方案"
    assert (document.source.line_start, document.source.line_end) == (15, 17)


def test_a_plan_without_a_title_is_named_after_its_file() -> None:
    for name, where in (("xuchang-2020-excerpt", None), ("guandu-2016-measures", "官渡区"),
                        ("xianyang-2022-excerpt-traditional", "咸阳市")):
        document, _ = load_file(GENRE / f"{name}.txt", allow_partial=True, jurisdiction=where)
        assert (document.title, document.source) == (f"{name}.txt", None)


def test_values_from_outside_the_text_are_not_in_it() -> None:
    for name, keys in NOT_IN_TEXT.items():
        text = re.sub(r"\s", "", (GENRE / f"{name}.txt").read_text(encoding="utf-8"))
        want = _expected(name)
        for key in keys - {"year"}:  # a year is in the text only as a cited 文号's or a deadline's
            assert want[key] and re.sub(r"\s", "", want[key]) not in text, (name, key)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_place_is_read_from_the_header(name: str) -> None:
    want = _expected(name)["jurisdiction"]
    paras = _paras(name)
    where = find_jurisdiction(paras, read_header(paras), None)
    if name in FROM_THE_USER:
        assert where is None
        return
    assert where is not None
    assert (where.short_name, where.full_name, where.level, where.code) == (
        want.get("division", want["as_written"]), want["full_name"], want["level"], want["code"])


def test_a_place_only_in_a_sentence_or_without_its_suffix_is_read_through_the_division_data() -> None:
    """guandu's preamble suits the plan 结合官渡区实际; huaian's 结合淮安实际 names 淮安市 or its 淮安区,
    and its units (市工信局, 市财政局) speak of a 市 only; xining's title names 西宁市 inside it."""
    for name, full, code in (("guandu-2016-measures", "云南省昆明市官渡区", "530111"),
                             ("huaian-2022-measures", "江苏省淮安市", "320800"),
                             ("xining-2017-opinions", "青海省西宁市", "630100")):
        document, report = load_file(GENRE / f"{name}.txt", allow_partial=True)
        assert (document.jurisdiction.full_name, document.jurisdiction.code) == (full, code)
        assert report.stats["jurisdiction code"] == code


def test_a_stem_two_levels_share_without_a_level_spoken_of_is_refused(tmp_path: Path) -> None:
    from loaders.errors import LoadError

    plan = tmp_path / "plan.txt"
    plan.write_text("为稳定经济增长,结合淮安实际,制定如下措施。\n一、稳增长\n1.抓好项目建设。(发改部门牵头,财政部门配合)\n",
                    encoding="utf-8")
    with pytest.raises(LoadError, match=r"^plan\.txt: 淮安 names 2 divisions \(江苏省淮安市 320800, 江苏省淮安市淮安区 320803\); "
                       r"load it with --jurisdiction"):
        load_file(plan)
    document, _ = load_file(plan, jurisdiction="淮安区")
    assert document.jurisdiction.full_name == "江苏省淮安市淮安区"


def test_the_masthead_glued_into_a_sentence_gives_the_issuer_not_its_number() -> None:
    """xuchang line 3: 许昌市人民政府文件许政〔2020〕21号 is a page break of the printed original."""
    h = read_header(_paras("xuchang-2020-excerpt"))
    assert (h.issuer, h.doc_number) == ("许昌市人民政府", "许政〔2020〕20号")


def test_an_issuer_naming_no_place_is_passed_over() -> None:
    """xialu-2020's notice is signed 区人民政府办公室; its 发布机构 names the district."""
    assert read_header(_paras("xialu-2020-tasks")).issuer == "下陆区政府办公室"
    assert read_header(_paras("xialu-2023-tasks")).issuer is None  # nothing names it


@pytest.mark.parametrize(("written", "date"), [
    ("2023年1月3日", "2023-01-03"), ("  2022年12月27日 ", "2022-12-27"), ("二〇二三年三月二十八日", "2023-03-28"),
    ("二○二二年十二月二十七日", "2022-12-27"), ("2023年13月1日", None), ("于2023年1月3日印发", None),
])
def test_signature_dates(written: str, date: str | None) -> None:
    assert signature_date(written) == date


def test_the_dry_run_reports_the_place_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from graph.config import get_settings
    from policykg.cli import app

    monkeypatch.setenv("POLICYKG_STATE_DIR", "/nonexistent-policykg-state")  # no graph answers
    monkeypatch.delenv("NEO4J_URI", raising=False)
    get_settings.cache_clear()
    sample = Path(__file__).resolve().parents[2] / "data" / "fenghua-2022-workpoints.txt"
    result = CliRunner().invoke(app, ["load", "--dry-run", "--allow-partial", str(GENRE / "lishan-2023-tasks.txt"),
                                      str(GENRE / "caidian-2023-targets.txt"), str(sample)])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    for lines in (["  jurisdiction: 鞍山市立山区", "  jurisdiction full name: 辽宁省鞍山市立山区", "  jurisdiction code: 210304"],
                  ["  jurisdiction: 武汉市蔡甸区", "  jurisdiction full name: 湖北省武汉市蔡甸区", "  jurisdiction code: 420114"],
                  ["  jurisdiction: 宁波市奉化区", "  jurisdiction full name: 浙江省宁波市奉化区", "  jurisdiction code: 330213"]):
        assert "\n".join(lines) in result.output


def test_an_index_table_flattened_with_bars_between_its_cells() -> None:
    """liupanshui: ``索 引 号: | 000014349/2023-91150 | 信息分类: | |``, two fields a line, an empty
    value an empty cell or none (发布机构: | 生成日期: | 2022-12-02 08:54:33 |); its 名称 is the notice,
    written nowhere else; a plan of 2022—2024年 is of 2022."""
    h = read_header(_paras("liupanshui-2022-actionplan"))
    assert (h.index_no, h.index_table["信息分类"], h.index_table["发布机构"], h.publish_date) == (
        "000014349/2023-91150", None, None, "2022-12-02")
    assert h.doc_number == "六盘水府办发〔2022〕10号"
    assert h.notice == "市人民政府办公室关于印发六盘水市新型基础设施建设三年行动方案(2022—2024年)的通知"
    assert (h.title, h.year, h.issuer) == ("六盘水市新型基础设施建设三年行动方案(2022—2024年)", 2022, None)
