"""The genre's table plans (tests/data/genre: liandu, qiaocheng, wuhu, yunyang) read to the values
read from them by hand, and tables of forms the real excerpts lack.

Each document is loaded as ``policykg load --allow-partial`` would (every excerpt's last row is cut)
and compared with its expected yaml: every row's number as written, section path, lines, cells by the
table's own column names, lead and supporting units in order, collectives, leaders, deadlines and
indicators.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from loaders.errors import IncompleteDocument
from loaders.model import Role
from loaders.read import load_file, parse_bytes

GENRE = Path(__file__).resolve().parents[1] / "data" / "genre"
TABLES = ["liandu-2023-table", "qiaocheng-2025-table", "wuhu-2020-table", "yunyang-2023-table"]

def _expected(name: str) -> dict:
    return yaml.safe_load((GENRE / "expected" / f"{name}.yaml").read_text(encoding="utf-8"))


def _indicator(i: dict) -> tuple:
    return (i["text"], i["name"], i["comparator"], None if i["value"] is None else float(i["value"]), i["unit"],
            i["qualifier"])


def _read(name: str, item) -> dict:
    indicators = [(i.text, i.name, i.comparator, i.value, i.unit, i.qualifier) for i in item.indicators]
    return {
        "path": list(item.section_path),
        "number": item.number_text,
        "line": item.source.line_start,
        "end_line": item.source.line_end,
        "cells": item.cells,
        "lead": [u.written for u in item.units if u.role is Role.LEAD],
        "support": [u.written for u in item.units if u.role is Role.SUPPORT],
        "collective": [u.written for u in item.units if u.kind == "collective"],
        "leaders": [leader.name for leader in item.leaders],
        "deadlines": [(m.label, m.end_month) for m in item.milestones],
        "indicators": indicators,
    }


def _want(name: str, doc: dict, item: dict) -> dict:
    # a section heading's leaders (牵头领导:…) oversee every row of the section, beside the row's own
    section_leaders = [n for s in doc.get("section_leaders", []) if [s["section"]] == item["path"][:1]
                       for n in s["leaders"]]
    indicators = [_indicator(i) for i in item["indicators"]]
    return {
        "path": item["path"], "number": item["number"], "line": item["line"], "end_line": item["end_line"],
        "cells": item["cells"], "lead": item["lead"], "support": item["support"],
        "collective": item["collective"], "leaders": section_leaders + item["leaders"],
        "deadlines": [(d["label"], d["end_month"]) for d in item["deadlines"]], "indicators": indicators,
    }


@pytest.mark.parametrize("name", TABLES)
def test_table_rows_read_as_by_hand(name: str) -> None:
    document, report = load_file(GENRE / f"{name}.txt", allow_partial=True)
    expected = _expected(name)
    assert document.layout == "table"
    assert [_read(name, item) for item in document.tasks] == [_want(name, expected, item)
                                                              for item in expected["items"]]
    assert list(report.stats["columns"]) == [c.replace(" ", "") for c in expected["layout"]["table_columns"]]
    assert report.stats["items"] == len(expected["items"])
    assert report.stats["paragraphs_not_understood"] == []
    where = expected["header"]["jurisdiction"]  # the dry run names the place in full, as for numbered items
    assert (report.stats["jurisdiction full name"], report.stats["jurisdiction code"]) == (where["full_name"], where["code"])
    # the cut last row is the one problem of each excerpt
    assert [f.code for f in report.warnings if f.code == "incomplete"] == ["incomplete"]


@pytest.mark.parametrize("name", TABLES)
def test_table_headers_read_as_by_hand(name: str) -> None:
    document, _ = load_file(GENRE / f"{name}.txt", allow_partial=True)
    header = _expected(name)["header"]
    assert document.title == header["title"]
    assert document.source is not None and document.source.line_start == header["title_line"]
    assert document.notice == header["notice_title"]
    assert document.doc_number == header["doc_number"]
    assert document.year == header["year"]
    where = header["jurisdiction"]
    assert document.jurisdiction.short_name == where["as_written"]
    assert (document.jurisdiction.full_name, document.jurisdiction.level, document.jurisdiction.code) == (
        where["full_name"], where["level"], where["code"])
    assert header["date"]["value"] in (document.issue_date, document.publish_date)
    # liandu's issuer is its page's 来源; yunyang's 索引号 table has each label and value on lines of their own
    assert document.issuer == header["issuer"]["name"]
    assert document.index_no == (header.get("index_table") or {}).get("索引号")


def test_the_lead_column_leads_even_when_the_units_column_lists_it_later() -> None:
    document, _ = load_file(GENRE / "liandu-2023-table.txt", allow_partial=True)
    first = document.tasks[0]
    assert first.cells["责任单位"].split("、").index("区发改局") == 4
    assert [(u.written, u.role.value, u.order) for u in first.units][:2] == [("区发改局", "lead", 0),
                                                                            ("区农业农村局", "support", 1)]


def test_a_row_cut_before_its_lead_column_keeps_its_units_in_its_cells_only() -> None:
    document, report = load_file(GENRE / "liandu-2023-table.txt", allow_partial=True)
    last = document.tasks[-1]
    assert last.units == ()
    assert last.cells["责任单位"] == "区行政服务中心、区深改服务中心"
    assert any(f.code == "row-cut" and f.line == 124 for f in report.warnings)


def test_a_cut_table_needs_allow_partial() -> None:
    with pytest.raises(IncompleteDocument, match=r"liandu-2023-table\.txt: incomplete: the last row \(14, line 124\)"
                       r".*--allow-partial"):
        load_file(GENRE / "liandu-2023-table.txt")


def test_section_leaders_are_leaders_never_units() -> None:
    document, _ = load_file(GENRE / "yunyang-2023-table.txt", allow_partial=True)
    (row,) = document.tasks
    assert [(leader.name, leader.label, leader.order, leader.source.line_start) for leader in row.leaders] == [
        ("成坤", "牵头领导", 0, 45), ("柯相国", "牵头领导", 1, 45), ("王俊", "牵头领导", 2, 45)]
    assert [u.written for u in row.units] == ["区发改局"]
    assert row.section_path == ("一、主要经济社会发展指标、发改、财政、行政审批、生态环境、营商环境、交通、金融、安全生产等工作目标",)


def test_departments_are_scoped_by_the_tables_place() -> None:
    document, _ = load_file(GENRE / "qiaocheng-2025-table.txt", allow_partial=True)
    keys = {d.key: d.kind for d in document.departments}
    assert keys["亳州市谯城区/区发改委"] == "department"
    assert keys["亳州市谯城区/各乡镇人民政府、街道办事处"] == "collective"


# ------------------------------------------------------------------ forms the real excerpts lack


_LEADER_TABLE = """滁州市人民政府2024年重点工作任务分解表

序号

重点任务

牵头单位

配合单位

责任领导

完成时限

1

推进甲项目建设。

市发改委

市财政局、各县(市、区)政府

王明、李华

2024年6月底

2

推进乙项目建设。

市住建局



长期坚持

3

完善丙制度。

市司法局

市财政局

张强

年底前
"""


def test_a_leader_column_and_a_deadline_column(tmp_path: Path) -> None:
    """责任领导 names people, never units; 完成时限 cells become milestones; an extra blank line is an
    empty cell (row 2 has no 配合单位 and no 责任领导: three blank lines for one)."""
    plan = tmp_path / "plan.txt"
    plan.write_text(_LEADER_TABLE, encoding="utf-8")
    document, report = load_file(plan)
    got = [(i.number_text, [(u.written, u.role.value, u.kind) for u in i.units],
            [(leader.name, leader.label) for leader in i.leaders],
            [(m.label, m.start_month, m.end_month) for m in i.milestones], i.cells) for i in document.tasks]
    assert got == [
        ("1", [("市发改委", "lead", "department"), ("市财政局", "support", "department"),
               ("各县(市、区)政府", "support", "collective")],
         [("王明", "责任领导"), ("李华", "责任领导")], [("2024年6月底", None, 6)],
         {"序号": "1", "重点任务": "推进甲项目建设。", "牵头单位": "市发改委", "配合单位": "市财政局、各县(市、区)政府",
          "责任领导": "王明、李华", "完成时限": "2024年6月底"}),
        ("2", [("市住建局", "lead", "department")], [], [("长期坚持", None, None)],
         {"序号": "2", "重点任务": "推进乙项目建设。", "牵头单位": "市住建局", "配合单位": "", "责任领导": "",
          "完成时限": "长期坚持"}),
        ("3", [("市司法局", "lead", "department"), ("市财政局", "support", "department")], [("张强", "责任领导")],
         [("年底前", None, 12)],
         {"序号": "3", "重点任务": "完善丙制度。", "牵头单位": "市司法局", "配合单位": "市财政局", "责任领导": "张强",
          "完成时限": "年底前"}),
    ]
    assert report.stats["deadlines"] == 3
    assert report.warnings == []


def test_a_real_table_without_a_lead_column_has_the_first_listed_lead(tmp_path: Path) -> None:
    page = ("<html><body><p>立山区人民政府2023年重点工作任务分解表</p><table>"
            "<tr><th>序号</th><th>工作任务</th><th>责任单位</th><th>时间节点</th></tr>"
            "<tr><td colspan='4'>一、稳增长</td></tr>"
            "<tr><td>1</td><td>抓好项目建设。</td><td>区发改局、区住建局、各街道</td><td>9月底前</td></tr>"
            "<tr><td colspan='4'>二、惠民生</td></tr>"
            "<tr><td>2</td><td><p>办好民生实事。</p><p>完善养老服务。</p></td><td>区民政局</td><td>全年</td></tr>"
            "</table></body></html>")
    document, report = parse_bytes(page.encode("utf-8"), "plan.html")
    got = [(i.number_text, i.section_path, [(u.written, u.role.value) for u in i.units],
            [(m.label, m.start_month, m.end_month) for m in i.milestones], i.cells["工作任务"]) for i in document.tasks]
    assert got == [
        ("1", ("一、稳增长",), [("区发改局", "lead"), ("区住建局", "support"), ("各街道", "support")],
         [("9月底前", None, 9)], "抓好项目建设。"),
        ("2", ("二、惠民生",), [("区民政局", "lead")], [("全年", 1, 12)], "办好民生实事。\n完善养老服务。"),
    ]
    assert document.layout == "table" and document.jurisdiction.name == "鞍山市立山区"
    assert report.warnings == []


# ------------------------------------------------------------------ renderings of the real text


def _content(document) -> dict:
    """What a reading of a plan holds, whatever its format: no lines, no file; a cell the text's
    flattening lost (wuhu's empty 序号 cells) is an empty cell of the rendered table."""
    return {
        "title": document.title, "jurisdiction": document.jurisdiction.name, "year": document.year,
        "notice": document.notice, "doc_number": document.doc_number, "layout": document.layout,
        "items": [{
            "number": i.number_text, "path": i.section_path, "name": i.name,
            "cells": {k: v for k, v in i.cells.items() if v},
            "units": [(u.written, u.role.value, u.kind, u.order) for u in i.units],
            "leaders": [(leader.name, leader.label, leader.order) for leader in i.leaders],
            "milestones": [(m.label, m.start_month, m.end_month) for m in i.milestones],
            "indicators": [(x.text, x.name, x.comparator, x.value, x.unit, x.qualifier) for x in i.indicators],
        } for i in document.tasks],
        "departments": sorted((d.key, d.kind) for d in document.departments),
    }


def _rendering(name: str):
    from tests.loaders.render import genre_table

    return genre_table((GENRE / f"{name}.txt").read_text(encoding="utf-8"), _expected(name))


#: HTML with a real <table>: 分类 spanning its rows (liandu), section rows spanning the table and
#: cells of two paragraphs (qiaocheng, yunyang), the notice above the table (wuhu, yunyang)
@pytest.mark.parametrize("name", TABLES)
def test_an_html_rendering_of_the_real_text_reads_to_the_same_items(name: str) -> None:
    from tests.loaders.render import genre_table_html

    page = genre_table_html(_rendering(name))
    assert page.count("<table") == 1
    text, _ = load_file(GENRE / f"{name}.txt", allow_partial=True)
    html, report = parse_bytes(page.encode("utf-8"), f"{name}.html", allow_partial=True)
    assert html.source_format == "html"
    assert _content(html) == _content(text)
    assert report.stats["paragraphs_not_understood"] == []


#: DOCX with a real table (a Word table has every cell of every row: liandu's row 14, cut before
#: its 牵头单位, is a row whose 牵头单位 cell is empty: no lead written, as in the text)
@pytest.mark.parametrize("name", TABLES)
def test_a_docx_rendering_of_the_real_text_reads_to_the_same_items(name: str) -> None:
    import docx

    from tests.loaders.render import genre_table_docx

    data = genre_table_docx(_rendering(name))
    import io

    assert len(docx.Document(io.BytesIO(data)).tables) == 1
    text, _ = load_file(GENRE / f"{name}.txt", allow_partial=True)
    word, _ = parse_bytes(data, f"{name}.docx", allow_partial=True)
    assert word.source_format == "docx"
    assert _content(word) == _content(text)


#: PDF with a text layer and a ruled table: liandu's narrow cells wrap 3.5%。 and (R&D) whole onto
#: the next line, short of the cell's edge; and a PDF table, like a Word one, has every cell of its
#: cut last row (an empty 牵头单位)
@pytest.mark.parametrize("name", TABLES)
def test_a_pdf_rendering_of_the_real_text_reads_to_the_same_items(name: str) -> None:
    from tests.loaders.render import genre_table_pdf

    data = genre_table_pdf(_rendering(name))
    assert data.startswith(b"%PDF-")
    text, _ = load_file(GENRE / f"{name}.txt", allow_partial=True)
    pdf, report = parse_bytes(data, f"{name}.pdf", allow_partial=True)
    assert pdf.source_format == "pdf"
    assert _content(pdf) == _content(text)
    assert report.stats["paragraphs_not_understood"] == []


def test_a_pdf_cells_wrapped_words_join_without_spaces() -> None:
    """A word a narrow cell cannot hold moves whole to the next line (农业增加值增长 | 3.5%。,
    研究与试验发展 | (R&D)经费…), short of the cell's edge: still one paragraph, joined as written."""
    from tests.loaders.render import genre_table_pdf

    pdf, _ = parse_bytes(genre_table_pdf(_rendering("liandu-2023-table")), "liandu.pdf", allow_partial=True)
    rows = {i.number_text: i for i in pdf.tasks}
    assert rows["4"].cells["事项"] == "农业增加值增长3.5%。"
    assert rows["9"].cells["事项"] == "研究与试验发展(R&D)经费投入强度达到2.6%。"
    assert rows["1"].cells["责任单位"] == ("区农业农村局、区经商局、区市场监管局、区建设局、区发改局、区交通局、莲都邮政管理局、"
                                         "区商金中心、区人力社保局")
    assert [(x.name, x.value, x.unit) for x in rows["9"].indicators] == [("研究与试验发展(R&D)经费投入强度", 2.6, "%")]
    assert (pdf.title, pdf.year) == ("2023年莲都区政府工作报告重点工作责任分解", 2023)


def test_an_empty_lead_cell_of_a_real_table_writes_no_lead() -> None:
    """liandu as DOCX: row 14's 牵头单位 cell is there and empty. Its 责任单位 column lists every
    unit, the lead among them (row 1: 区发改局 fifth), so without a lead no unit has a role: its
    units are kept in its cells only, never the first listed made lead."""
    from tests.loaders.render import genre_table_docx

    word, report = parse_bytes(genre_table_docx(_rendering("liandu-2023-table")), "liandu.docx", allow_partial=True)
    last = word.tasks[-1]
    assert (last.number_text, last.units, last.cells["牵头单位"]) == ("14", (), "")
    assert last.cells["责任单位"] == "区行政服务中心、区深改服务中心"
    assert [f.code for f in report.warnings] == ["no-lead", "item-without-units"]
    assert "区行政服务中心" not in {d.name for d in word.departments}


def test_an_empty_lead_cell_beside_a_supporting_column_leaves_its_units_supporting() -> None:
    """配合单位 lists the supporting units only (the lead is never among them): a row with no lead
    written has its supporting units and no lead."""
    page = ("<html><body><p>立山区人民政府2023年重点工作任务分解表</p><table>"
            "<tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th></tr>"
            "<tr><td>1</td><td>抓好项目建设。</td><td>区发改局</td><td>区住建局</td></tr>"
            "<tr><td>2</td><td>办好民生实事。</td><td></td><td>区民政局、各街道</td></tr>"
            "</table></body></html>")
    document, report = parse_bytes(page.encode("utf-8"), "plan.html")
    assert [[(u.written, u.role.value) for u in i.units] for i in document.tasks] == [
        [("区发改局", "lead"), ("区住建局", "support")], [("区民政局", "support"), ("各街道", "support")]]
    assert [(f.code, f.line) for f in report.warnings] == [("no-lead", 1)]  # the page is one line of HTML


# ------------------------------------------------------------------ in the graph


@pytest.mark.neo4j
def test_table_plans_are_written_with_their_cells_units_and_leaders(empty_graph) -> None:
    """The rows' cells (named by the table's own columns), the lead column's unit, collectives and
    a section's leaders reach the graph as they were read."""
    from graph.schema import ensure_schema
    from graph.writer import write_document

    ensure_schema(empty_graph)
    for name in TABLES:
        document, _ = load_file(GENRE / f"{name}.txt", allow_partial=True)
        write_document(empty_graph, document)
    first = empty_graph.read(
        "MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Item {number: 1})<-[:CONTAINS]-(:Document {title: $title}) "
        "RETURN i.cell_事项 AS task, i.cell_牵头单位 AS lead_cell, d.key AS unit, r.role AS role ORDER BY r.order",
        {"title": "2023年莲都区政府工作报告重点工作责任分解"})
    assert [(row["unit"], row["role"]) for row in first][:2] == [
        ("丽水市莲都区/区发改局", "lead"), ("丽水市莲都区/区农业农村局", "support")]
    assert {(row["task"], row["lead_cell"]) for row in first} == {("地区生产总值增长6.5%以上。", "区发改局")}
    leaders = empty_graph.read(
        "MATCH (l:Leader)-[o:OVERSEES]->(i:Item) WHERE l.jurisdiction = '十堰市郧阳区' "
        "RETURN l.name AS name, o.label AS label ORDER BY o.order")
    assert [(row["name"], row["label"]) for row in leaders] == [("成坤", "牵头领导"), ("柯相国", "牵头领导"), ("王俊", "牵头领导")]
    collective = empty_graph.read("MATCH (d:Department {key: '亳州市谯城区/各乡镇人民政府、街道办事处'}) RETURN d.kind AS kind, "
                                  "d.aliases AS aliases")
    assert [(row["kind"], row["aliases"]) for row in collective] == [("collective", [])]


# ------------------------------------------------------------------ synthetic table plans


def test_synthetic_table_plans_read_to_what_was_put_in() -> None:
    from loaders.synth import synthesize_table_plans

    plans = synthesize_table_plans(30, seed=5)
    assert len({p.columns for p in plans}) == 3  # every header the generator writes
    for plan in plans:
        document, report = parse_bytes(plan.text.encode("utf-8"), plan.filename)
        assert document.layout == "table", plan.filename
        assert (document.jurisdiction.name, document.year, document.title, document.doc_number) == (
            plan.jurisdiction, plan.year, plan.title, plan.doc_number)
        assert report.stats["columns"] == list(plan.columns)
        got = [(i.section_path, i.number_text, i.cells, [u.written for u in i.units if u.role is Role.LEAD],
                [u.written for u in i.units if u.role is Role.SUPPORT], [leader.name for leader in i.leaders],
                [(m.label, m.end_month) for m in i.milestones]) for i in document.tasks]
        want = [((r.section,), r.number, r.cells, r.lead, r.support, r.leaders, [r.deadline] if r.deadline else [])
                for r in plan.rows]
        assert got == want, plan.filename
        assert report.warnings == [] and report.stats["paragraphs_not_understood"] == []


def test_synthetic_table_plans_are_the_same_for_the_same_seed() -> None:
    from loaders.synth import synthesize_table_plans

    assert [p.text for p in synthesize_table_plans(5, seed=2)] == [p.text for p in synthesize_table_plans(5, seed=2)]
    assert [p.text for p in synthesize_table_plans(5, seed=2)] != [p.text for p in synthesize_table_plans(5, seed=3)]


@pytest.mark.neo4j
def test_synth_table_then_load(cli, empty_graph, tmp_path: Path) -> None:
    result = cli("synth", "--layout", "table", "--documents", "3", "--seed", "4", "--out", str(tmp_path / "plans"))
    assert result.exit_code == 0 and "wrote 3 plan(s)" in result.output
    loaded = cli("load", str(tmp_path / "plans"))
    assert loaded.exit_code == 0, loaded.output
    assert loaded.output.count(": loaded ") == 3
    from loaders.synth import synthesize_table_plans

    rows = sum(len(p.rows) for p in synthesize_table_plans(3, seed=4))
    assert empty_graph.read("MATCH (:Document)-[:CONTAINS]->(i:Item) RETURN count(i) AS n").single_value() == rows
    assert empty_graph.read("MATCH (:Leader)-[o:OVERSEES]->(:Item) RETURN count(o) AS n").single_value() == sum(
        len(r.leaders) for p in synthesize_table_plans(3, seed=4) for r in p.rows)


def test_a_later_table_of_another_shape_is_no_part_of_the_task_table() -> None:
    page = ("<html><body><p>立山区人民政府2023年重点工作任务分解表</p><table>"
            "<tr><th>序号</th><th>工作任务</th><th>牵头单位</th></tr>"
            "<tr><td>1</td><td>抓好项目建设。</td><td>区发改局</td></tr></table>"
            "<p>联系方式</p><table><tr><td>联系人</td><td>电话</td></tr><tr><td>王明</td><td>1234567</td></tr></table>"
            "</body></html>")
    document, _ = parse_bytes(page.encode("utf-8"), "plan.html")
    assert [(i.number_text, i.cells["工作任务"]) for i in document.tasks] == [("1", "抓好项目建设。")]
