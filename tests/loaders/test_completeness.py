"""A structurally incomplete plan is refused (or read with allow_partial): a cut-off copy, a row
deleted or repeated, a table short of what the body and headers state. Text after the plan's end
is part of no cell. The sample itself passes every check with its report unchanged."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import pytest

from graph.writer import shape_of
from loaders import LoadError, aliases, parse_bytes, tables
from loaders import parse as parse_module
from loaders.errors import IncompleteDocument, TruncatedTable
from loaders.extract import indicators, milestones, places, policies
from policykg.pipeline import diff

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "fenghua-2022-workpoints.txt"
LINES = SAMPLE.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def full():
    return parse_bytes(SAMPLE.read_bytes(), SAMPLE.name)


def text(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


def test_the_sample_passes_every_check(full):
    doc, report = full
    assert (len(doc.tasks), len(doc.reforms), len(doc.measures)) == (73, 41, 60)
    assert [f.code for f in report.warnings] == ["unclosed-title"] + ["header-count-mismatch"] * 3
    assert not [f for f in report.findings if f.code in ("incomplete", "text-after-plan")]


def test_the_first_38_lines_are_refused():
    """Title, notice and the first body area's header: no items at all."""
    with pytest.raises(IncompleteDocument) as caught:
        parse_bytes(text(LINES[:38]), "head.txt")
    assert str(caught.value) == (
        "head.txt: structurally incomplete: no items: neither 工作举措 measures nor annex rows were found; "
        "the file ends inside 二、重点任务 (no 保障措施, 附件 list or annex follows); "
        "the plan states 73项重点工作 (line 30) but the file has no annex table with them; and 1 more; "
        "check that the file is complete (re-download or re-export it), or load what it holds with --allow-partial"
    )
    doc, report = parse_bytes(text(LINES[:38]), "head.txt", allow_partial=True)
    assert (len(doc.tasks), len(doc.reforms), len(doc.measures)) == (0, 0, 0)
    assert [f.message for f in report.warnings if f.code == "incomplete"][-1] == (
        "the plan states 41项重大改革 (line 32) but the file has no annex table with them (loaded with --allow-partial)")


def test_a_deleted_row_is_refused():
    # sed '168,181d': 附件二 row 5 (小微企业三年成长计划) gone; row 6 follows row 4
    assert LINES[167:169] == ["5", ""]
    cut = LINES[:167] + LINES[181:]
    with pytest.raises(IncompleteDocument) as caught:
        parse_bytes(text(cut), "cut.txt")
    assert str(caught.value).startswith(
        "cut.txt: structurally incomplete: 附件二 2022年共同富裕“1+7+N”重点工作清单: row 6 at line 168 comes where "
        "row 5 was due (rows missing or out of sequence); the plan states 73项重点工作 (line 30) but 附件二 has 72 rows;")
    doc, report = parse_bytes(text(cut), "cut.txt", allow_partial=True)
    assert [t.number for t in doc.tasks] == [1, 2, 3, 4] + list(range(6, 74))
    assert doc.tasks[4].name == "大湾区建设"  # the row after the gap is a row of its own, not cells of row 4
    assert [(f.code, f.line) for f in report.warnings] == [
        ("incomplete", 168), ("unclosed-title", 523), ("header-count-mismatch", 110), ("header-count-mismatch", 291),
        ("header-count-mismatch", 607), ("header-count-mismatch", 1080), ("incomplete", 30)]


def test_a_repeated_row_is_refused_and_kept_once():
    cut = LINES[:181] + LINES[167:181] + LINES[181:]
    with pytest.raises(IncompleteDocument, match=r"^dup\.txt: structurally incomplete: 附件二 .*: row 5 at line 182 "
                       r"repeats the row 5 of line 168; check"):
        parse_bytes(text(cut), "dup.txt")
    doc, _ = parse_bytes(text(cut), "dup.txt", allow_partial=True)
    full, _ = parse_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    assert [t.number for t in doc.tasks] == list(range(1, 74))
    assert doc.tasks[4].cells == full.tasks[4].cells  # not merged into row 5's 进度安排


def test_a_table_short_of_its_last_header_is_refused():
    # 附件三 cut after row 39: 共同富裕基本单元(4项) has rows 38 and 39 only
    end = len(LINES) - LINES[::-1].index("40")  # 附件三's row 40
    with pytest.raises(IncompleteDocument) as caught:
        parse_bytes(text(LINES[: end - 2]), "cut.txt")
    message = str(caught.value)
    assert "the plan states 41项重大改革 (line 32) but 附件三 has 39 rows" in message
    assert "附件三: the last header 「共同富裕基本单元(4项)」 states 4 rows but 2 follow and the file ends" in message


FOOTER = [
    "", "宁波市奉化区推进高质量发展建设共同富裕特色区领导小组办公室", "", "2022年6月30日", "",
    "抄送:区委办、区人大办、区政府办、区政协办。", "", "联系人:王明  联系电话:0574-88888888", "",
    "【打印本页】【关闭窗口】", "", "- 3 -", "", "主办单位:宁波市奉化区人民政府办公室",
]  # six paragraphs and a page number


def test_text_after_the_plan_is_part_of_no_cell(full):
    doc, report = parse_bytes(text(LINES + FOOTER), SAMPLE.name)
    assert doc.content() == full[0].content()
    assert [(f.code, f.line, f.message) for f in report.findings if f.code == "text-after-plan"] == [(
        "text-after-plan", 1902,
        "附件三: 6 paragraph(s) after the plan's end (lines 1902–1914, 「宁波市奉化区推进高质量发展建设共同富裕特」…) "
        "are part of no cell",
    )]


def test_page_numbers_inside_a_table_are_dropped(full):
    # a page break between two rows of 附件二
    at = LINES.index("6")
    doc, _ = parse_bytes(text(LINES[:at] + ["- 2 -", "", "第2页 共9页", ""] + LINES[at:]), SAMPLE.name)
    assert doc.content() == full[0].content()


def test_a_row_out_of_order_is_refused():
    five, six = LINES.index("5"), LINES.index("6")
    seven = LINES.index("7")
    swapped = LINES[:five] + LINES[six:seven] + LINES[five:six] + LINES[seven:]
    with pytest.raises(IncompleteDocument, match=r"row 6 at line 168 comes where row 5 was due"):
        parse_bytes(text(swapped), "swapped.txt")


def test_body_areas_out_of_sequence_are_refused():
    at = next(i for i, line in enumerate(LINES) if line.startswith("(三)推动"))
    changed = LINES[:at] + [LINES[at].replace("(三)", "(四)", 1)] + LINES[at + 1 :]
    with pytest.raises(IncompleteDocument, match=r"二、重点任务: area \(四\) comes where \(三\) was due"):
        parse_bytes(text(changed), "areas.txt")


# Every cut of the sample at the end of a line (the write path is in tests/test_cli_load.py). A cut
# is refused, or loses nothing a replacement would notice: only the last row's 进度安排 is short (cut
# after one of its period paragraphs), and then the item shows as changed in the replacement's diff.
#
# Each of the 1899 cuts is parsed whole, once. What the cuts share is the work of pure functions of
# their input (a row's paragraphs split into cells, the citations, targets, periods and places in a
# paragraph, a unit name's form and kind): each is computed once for every distinct input over all
# the cuts, the rows a cut shares with the previous one are not split again. The results are frozen
# values; a list comes back as a tuple, which the parser only iterates.
SHARED = [
    (tables, "split_cells", lambda items: tuple(items)),
    (policies, "find_citations", None),
    (indicators, "numeric_targets", None),
    (indicators, "split_indicator_list", None),
    (milestones, "split_schedule", None),
    (places, "enumerated_places", None),
    (places, "mentions", lambda text, known: (text, tuple(known.items()))),
    (aliases, "normalize_name", None),
    (aliases, "unit_kind", None),
    (aliases, "looks_like_unit", None),
    (parse_module, "looks_like_unit", None),
    # the alias table of a jurisdiction is built from the module's tables alone and only read after
    (parse_module, "AliasTable", None),
    (aliases.AliasTable, "resolve", None),
]


def _shared(function: Callable[..., Any], key: Callable[..., Hashable] | None) -> Callable[..., Any]:
    results: dict[Hashable, Any] = {}

    def once(*args: Any) -> Any:
        k = key(*args) if key else args
        if k not in results:
            result = function(*args)
            results[k] = tuple(result) if isinstance(result, list) else result
        return results[k]

    return once


@pytest.fixture
def shared_work(monkeypatch: pytest.MonkeyPatch) -> None:
    for module, name, key in SHARED:
        monkeypatch.setattr(module, name, _shared(getattr(module, name), key))


def test_every_cut_is_refused_or_loses_nothing(full, shared_work):
    doc, report = parse_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    assert doc.content() == full[0].content() and report.findings == full[1].findings  # sharing changes nothing
    whole = shape_of(full[0])
    last_schedule = LINES.index(next(x for x in reversed(LINES) if x.startswith("1-3月"))) + 1
    outcomes: dict[str, list[int]] = {"refused": [], "changed": []}
    cuts = range(1, len(LINES))
    for n in cuts:
        try:
            doc, _ = parse_bytes(text(LINES[:n]), "cut.txt")
        except (IncompleteDocument, TruncatedTable, LoadError):
            outcomes["refused"].append(n)
            continue
        d = diff(whole, shape_of(doc), doc.id)
        assert not d.loses, (n, d.summary())
        assert d.changed == [f"{doc.id}/reform/41"] and n >= last_schedule, (n, d.summary())
        outcomes["changed"].append(n)
    assert outcomes["changed"] == [1896, 1897, 1898, 1899]
    assert len(outcomes["refused"]) == len(cuts) - 4 == 1895
