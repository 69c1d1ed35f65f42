"""Tests of the synthetic work-plan generator (loaders.synth)."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from loaders.synth import (
    CELL_NAMES,
    TABLE_HEADERS,
    UNIT_ALIASES,
    AnnexTable,
    SynthDocument,
    synthesize,
    write_corpus,
)

EMPTY = None  # an extra blank line, i.e. an empty table cell
_TITLE = re.compile(r"《([^《》]+)》")
_AREA_HEADER = re.compile(r"^[^\d()]{2,30}\((\d+)项\)$")
_RANGE = re.compile(r"^(\d{1,2})([-—])(\d{1,2})月$")


@pytest.fixture(scope="module")
def docs20() -> list[SynthDocument]:
    return synthesize(20, 2024)


@pytest.fixture(scope="module")
def docs1000() -> list[SynthDocument]:
    return synthesize(1000, 99)


def tokens(lines: list[str]) -> list[str | None]:
    """Paragraphs, with one EMPTY per blank line beyond the single separator."""
    out: list[str | None] = []
    blank = 0
    for line in lines:
        if line == "":
            blank += 1
            continue
        if out:
            assert blank >= 1, f"paragraphs not separated: {line[:30]}"
            out.extend([EMPTY] * (blank - 1))
        out.append(line)
        blank = 0
    return out


def walk_table(toks: list[str | None], i: int, table: AnnexTable) -> int:
    assert toks[i] == table.label
    assert toks[i + 1] == table.title
    i += 2
    for header in TABLE_HEADERS:
        assert toks[i] == header
        i += 1
    for section in table.sections:
        assert toks[i] == section.header == f"{section.name}({section.stated_count}项)"
        i += 1
        for row in section.rows:
            assert toks[i] == str(row.number)
            assert toks[i + 1] == f"{row.name}({'、'.join(row.units)})"
            i += 2
            slots = 0
            for cell in CELL_NAMES:
                paras = row.cells[cell]
                if paras:
                    assert toks[i : i + len(paras)] == paras, (row.number, cell)
                    i += len(paras)
                else:
                    assert toks[i] is EMPTY, (row.number, cell, toks[i])
                    i += 1
                slots += 1
            assert slots == len(CELL_NAMES) == 5
    return i


def all_rows(doc: SynthDocument):
    return doc.truth.tasks.rows + doc.truth.reforms.rows


# ---------------------------------------------------------------- determinism


def test_same_seed_gives_identical_documents() -> None:
    a, b = synthesize(6, 11), synthesize(6, 11)
    assert [d.text for d in a] == [d.text for d in b]
    assert [d.filename for d in a] == [d.filename for d in b]
    assert [d.truth for d in a] == [d.truth for d in b]


def test_different_seeds_and_documents_differ(docs20: list[SynthDocument]) -> None:
    other = synthesize(6, 12)
    assert [d.text for d in docs20[:6]] != [d.text for d in other]
    assert len({d.text for d in docs20}) == len(docs20)
    assert len({d.filename for d in docs20}) == len(docs20)


def test_prefix_is_stable() -> None:
    assert [d.text for d in synthesize(3, 5)] == [d.text for d in synthesize(9, 5)[:3]]


# ---------------------------------------------------------------- format


def test_header_and_notice(docs20: list[SynthDocument]) -> None:
    for doc in docs20:
        t = doc.truth
        lines = doc.text.split("\n")
        assert lines[0] == "进入老年版"
        assert lines[1] == f"索引号 {t.index_number} 组配分类 共同富裕示范区建设 主题分类 政务公开"
        assert re.fullmatch(r"\w{18}/\d{4}-\d{6}", t.index_number)
        assert lines[2] == "公开方式 主动公开 公开范围 面向全社会"
        assert lines[3] == f"发布机构 {t.publisher} 发文日期 {t.publish_date.isoformat()}"
        assert lines[4] == ""
        assert lines[5] == f"关于印发《{t.title}》的通知"
        assert "\n\n字体:【大】 【小】\n\n" in doc.text
        assert f"\n\n{t.issue_date.year}年{t.issue_date.month}月{t.issue_date.day}日\n\n" in doc.text
        assert t.issue_date <= t.publish_date and t.issue_date.year == t.year
        assert t.title.startswith(f"{t.jurisdiction}{t.year}年") and t.jurisdiction == t.city + t.short_name
        assert doc.filename == f"d{t.district_id:04d}-{t.year}-workpoints.txt"
        assert not doc.text.endswith("\n")
        for label in ("一、主要目标", "二、重点任务", "三、保障措施"):
            assert f"\n\n{label}\n\n" in doc.text
        assert f"\n\n   2.{t.tasks.title}\n\n   3.{t.reforms.title}\n\n附件二\n\n" in doc.text


def test_body_areas_match_truth(docs20: list[SynthDocument]) -> None:
    comparators, units, text_only = set(), set(), 0
    for doc in docs20:
        assert len(doc.truth.areas) == 7
        for area in doc.truth.areas:
            assert area.heading == f"({area.ordinal})推动{area.name}。"
            indicators = "指标目标:" + ",".join(i.raw for i in area.indicators) + "。"
            measures = "工作举措:" + "".join(f"{m.text}({'、'.join(m.units)})。" for m in area.measures)
            assert f"\n\n{area.heading}\n\n{indicators}\n\n{measures}\n\n" in doc.text
            for ind in area.indicators:
                assert ind.raw.startswith(ind.name)
                if ind.value is None:
                    text_only += 1
                    assert ind.raw[len(ind.name) :].startswith("完成市下达")
                else:
                    assert ind.raw.endswith(ind.unit + (ind.qualifier or ""))
                    comparators.add(ind.comparator)
                    units.add(ind.unit)
            for m in area.measures:
                assert 1 <= len(m.units) <= 5 and not m.text.endswith("。")
    assert {"达", "不低于", "低于", "控制在", "增长", "降至", ""} <= comparators
    assert {"万元", "%", "个", "家", "人", "平方米/万元", "万人"} <= units
    assert text_only > 0


def test_table_blank_line_structure(docs20: list[SynthDocument]) -> None:
    for doc in docs20:
        lines = doc.text.split("\n")
        start = lines.index("附件二")
        body = tokens(lines[5:start])
        assert EMPTY not in body
        toks = tokens(lines[start:])
        i = walk_table(toks, 0, doc.truth.tasks)
        i = walk_table(toks, i, doc.truth.reforms)
        assert i == len(toks)


def test_rows_are_well_formed(docs20: list[SynthDocument]) -> None:
    for doc in docs20:
        for table, low, high in ((doc.truth.tasks, 20, 80), (doc.truth.reforms, 10, 45)):
            rows = table.rows
            assert low <= len(rows) <= high
            assert [r.number for r in rows] == list(range(1, len(rows) + 1))
            assert all(3 <= len(s.rows) <= 15 for s in table.sections)
            for row in rows:
                assert 1 <= len(row.units) <= 5 and row.lead_unit == row.units[0]
                canonical = [UNIT_ALIASES.get(u, u) for u in row.units]
                assert len(set(canonical)) == len(canonical)
                assert row.cells["目标体系"] and row.cells["进度安排"]
                for paras in row.cells.values():
                    for p in paras:
                        assert p and p == p.strip() and not p.isdigit() and not _AREA_HEADER.match(p)


def test_policies_recorded_per_cell(docs20: list[SynthDocument]) -> None:
    for doc in docs20:
        for row in all_rows(doc):
            for cell in CELL_NAMES:
                assert _TITLE.findall("".join(row.cells[cell])) == row.policies[cell]


def test_milestones_match_schedule(docs20: list[SynthDocument]) -> None:
    for doc in docs20:
        for row in all_rows(doc):
            ms = row.milestones
            assert 2 <= len(ms) <= 5
            assert "".join(row.cells["进度安排"]) == "".join(f"{m.label}:{m.text}" for m in ms)
            for m in ms:
                assert m.end_month is not None and 1 <= m.end_month <= 12
                assert m.start_month is None or 1 <= m.start_month <= m.end_month
                if (r := _RANGE.match(m.label)) is not None:
                    assert (int(r.group(1)), int(r.group(3))) == (m.start_month, m.end_month)
                elif m.label.endswith("前"):
                    assert m.start_month is None
                elif m.label == "全年":
                    assert (m.start_month, m.end_month) == (1, 12)


# ---------------------------------------------------------------- variation


def test_variation_within_twenty_documents(docs20: list[SynthDocument]) -> None:
    mismatch = multi = empty = 0
    dashes, multi_cells, empty_cells, labels = set(), set(), set(), set()
    for doc in docs20:
        for table in (doc.truth.tasks, doc.truth.reforms):
            mismatch += sum(s.stated_count != len(s.rows) for s in table.sections)
        for row in all_rows(doc):
            for cell, paras in row.cells.items():
                if len(paras) > 1:
                    multi += 1
                    multi_cells.add(cell)
                if not paras:
                    empty += 1
                    empty_cells.add(cell)
            for m in row.milestones:
                if r := _RANGE.match(m.label):
                    dashes.add(r.group(2))
                labels.add(re.sub(r"\d+", "N", m.label))
    assert mismatch > 0
    assert dashes == {"-", "—"}
    assert multi > 0 and {"工作体系", "政策体系", "进度安排"} <= multi_cells
    assert empty > 0 and empty_cells <= {"工作体系", "政策体系", "评价体系"}
    assert {"N-N月", "N—N月", "N月底前", "N月", "全年", "年底"} <= labels


def test_aliases_towns_and_policy_kinds(docs20: list[SynthDocument]) -> None:
    assert any("区卫健局" in d.text and "区卫生健康局" in d.text for d in docs20)
    assert any(u in d.truth.towns for d in docs20 for r in all_rows(d) for u in r.units)
    titles = [t for d in docs20 for r in all_rows(d) for ts in r.policies.values() for t in ts]
    for kind in ("条例", "办法", "意见", "方案", "计划", "规划", "要点", "细则"):
        assert any(kind in t for t in titles), kind
    assert re.search(r"》\(\w+〔20\d\d〕\d+号\)", docs20[0].text + docs20[1].text + docs20[2].text)


def test_thousand_documents(docs1000: list[SynthDocument]) -> None:
    assert len(docs1000) == 1000
    assert len({d.filename for d in docs1000}) == 1000


def test_districts_appear_in_several_years(docs1000: list[SynthDocument]) -> None:
    years: dict[str, list[int]] = defaultdict(list)
    for doc in docs1000[:50]:
        years[doc.truth.jurisdiction].append(doc.truth.year)
    assert any(len(v) >= 2 for v in years.values())
    assert all(len(v) == len(set(v)) for v in years.values())


def test_distinct_districts_have_distinct_names(docs1000: list[SynthDocument]) -> None:
    by_id: dict[int, set[str]] = defaultdict(set)
    by_name: dict[str, set[int]] = defaultdict(set)
    by_short: dict[str, set[int]] = defaultdict(set)
    for doc in docs1000:
        t = doc.truth
        by_id[t.district_id].add(t.jurisdiction)
        by_name[t.jurisdiction].add(t.district_id)
        by_short[t.short_name].add(t.district_id)
    assert all(len(v) == 1 for v in by_id.values())
    assert all(len(v) == 1 for v in by_name.values())
    assert all(len(v) == 1 for v in by_short.values())


def test_provincial_policies_repeat_across_districts(docs1000: list[SynthDocument]) -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for doc in docs1000[:40]:
        for row in all_rows(doc):
            for titles in row.policies.values():
                for title in titles:
                    seen[title].add(doc.truth.jurisdiction)
    shared = {t for t, places in seen.items() if len(places) >= 2}
    assert "浙江省电子商务条例" in shared or "浙江省科技型中小企业认定管理办法" in shared
    assert all(t.startswith(("浙江省",) + tuple(c for c in {d.truth.city for d in docs1000})) for t in shared)
    local = {t for t, places in seen.items() if len(places) == 1 and any(p[3:] in t or p[3:-1] in t for p in places)}
    assert local


def test_write_corpus(tmp_path) -> None:  # noqa: ANN001 - pytest fixture
    paths = write_corpus(tmp_path / "corpus", 4, 3)
    docs = synthesize(4, 3)
    assert [p.name for p in paths] == [d.filename for d in docs]
    for path, doc in zip(paths, docs, strict=True):
        assert re.fullmatch(r"d\d{4}-20\d\d-workpoints\.txt", path.name)
        assert path.read_bytes().decode("utf-8") == doc.text
