"""Traditional script: matched through OpenCC's t2s, kept as written (the 咸阳 excerpt, tests/data/genre)."""

from __future__ import annotations

from pathlib import Path

from loaders.read import load_file
from loaders.script import is_traditional, simplified

ROOT = Path(__file__).resolve().parents[2]
GENRE = ROOT / "tests" / "data" / "genre"
XIANYANG = GENRE / "xianyang-2022-excerpt-traditional.txt"


def test_t2s_converts_character_for_character() -> None:
    text = XIANYANG.read_text(encoding="utf-8")
    converted = simplified(text)
    assert len(converted) == len(text)
    assert sum(a != b for a, b in zip(text, converted, strict=True)) == 171  # as tests/data/genre/DIVISIONS.md
    assert "按职责分工负责" in converted and "市行政审批制度改革工作领导小组办公室" in converted
    assert "最佳化营商环境" in converted  # Taiwan wording stays: t2s converts characters, not words


def test_simplified_text_is_left_as_it_is() -> None:
    for path in [ROOT / "data" / "fenghua-2022-workpoints.txt", *GENRE.glob("*.txt")]:
        if path != XIANYANG:
            assert not is_traditional(path.read_text(encoding="utf-8")), path.name
    assert is_traditional(XIANYANG.read_text(encoding="utf-8"))


def test_a_traditional_plan_is_matched_simplified_and_kept_as_written() -> None:
    document, _ = load_file(XIANYANG, allow_partial=True, jurisdiction="鹹陽市")  # the page title's over-conversion
    assert (document.jurisdiction.name, document.jurisdiction.code) == ("咸阳市", "610400")
    (item,) = document.tasks
    assert [(u.written, u.canonical, u.role.value, u.kind) for u in item.units] == [
        ("市政府辦公室", "市政府办公室", "lead", "department"),
        ("市行政審批制度改革工作領導小組辦公室", "市行政审批制度改革工作领导小组办公室", "lead", "department"),
        ("市級各有關部門", "市级各有关部门", "support", "collective"),
        ("各縣市區政府", "各县市区政府", "support", "collective"),
    ]
    assert item.section_path == ("一、堅持系統集成,推動審批全鏈條最佳化",)
    assert item.source.text.startswith("1.全面實施行政許可事項清單管理。")
    assert [(m.label, m.text) for m in item.milestones] == [("2022年10月底前", "2022年10月底前編制並公布市、縣兩級行政許可事項清單")]
    departments = {d.key: (d.name, d.aliases, d.kind) for d in document.departments}
    assert departments == {
        "咸阳市/市政府办公室": ("市政府办公室", ("市政府辦公室",), "department"),
        "咸阳市/市行政审批制度改革工作领导小组办公室": ("市行政审批制度改革工作领导小组办公室",
                                                     ("市行政審批制度改革工作領導小組辦公室",), "department"),
        "咸阳市/市级各有关部门": ("市级各有关部门", (), "collective"),
        "咸阳市/各县市区政府": ("各县市区政府", (), "collective"),
    }


def test_the_same_plan_in_either_script_names_the_same_departments(tmp_path: Path) -> None:
    rendered = tmp_path / "xianyang-simplified.txt"
    rendered.write_text(simplified(XIANYANG.read_text(encoding="utf-8")), encoding="utf-8")
    traditional, _ = load_file(XIANYANG, allow_partial=True, jurisdiction="咸阳市")
    simple, _ = load_file(rendered, allow_partial=True, jurisdiction="咸阳市")
    assert [(u.canonical, u.role) for u in traditional.tasks[0].units] == [
        (u.written, u.role) for u in simple.tasks[0].units]
    assert {d.key for d in traditional.departments} == {d.key for d in simple.departments}


def test_traditional_label_lines_are_read(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("立山區人民政府2023年重點工作任務分解\n\n一、抓好項目\n\n1.推進甲項目,6月底前開工。\n\n"
                    "牽頭負責領導:王明\n\n牽頭單位:區發改局\n\n協同責任單位:區財政局、各街道\n", encoding="utf-8")
    document, report = load_file(plan)
    (item,) = document.tasks
    assert [(u.written, u.role.value, u.kind) for u in item.units] == [
        ("區發改局", "lead", "department"), ("區財政局", "support", "department"), ("各街道", "support", "collective")]
    assert [(leader.name, leader.label) for leader in item.leaders] == [("王明", "牽頭負責領導")]
    assert [(m.label, m.end_month) for m in item.milestones] == [("6月底前", 6)]
    assert (document.jurisdiction.name, document.title) == ("鞍山市立山区", "立山區人民政府2023年重點工作任務分解")
    assert report.warnings == []
